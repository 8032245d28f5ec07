/* Fatal kernel errors: for corrupted kernel state only, never for anything
 * user space can cause. */
#ifndef BEDROCK_PANIC_H
#define BEDROCK_PANIC_H

#include <stdint.h>

/* Prints "bedrock: PANIC at file:line: message", a backtrace, and stops. */
__attribute__((noreturn, format(printf, 3, 4)))
void panic_at(const char *file, int line, const char *fmt, ...);

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

/* Prints return addresses by walking frame records from fp (pc first). */
void backtrace_from(uintptr_t fp, uintptr_t pc);

#endif
