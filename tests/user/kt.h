/* A small harness for the user-space tests of the kernel.  Each program
 * prints one line per check, "PREFIX: ok NAME" or "PREFIX: FAIL NAME: why",
 * and ends with the sentinel "PREFIX: N passed, M failed" that the Python
 * side (tests/user/test_kernel.py) waits for. */
#ifndef TESTS_USER_KT_H
#define TESTS_USER_KT_H

#include <stdarg.h>
#include <stdint.h>

#include <shale.h>

/* Names the program in every line; call first. */
void kt_begin(const char *prefix);

/* Records one check: ok if cond, else FAIL with the printf-style why. */
int kt_check(const char *name, int cond, const char *why, ...)
	__attribute__((format(printf, 3, 4)));

/* A check that got == want (both numbers). */
int kt_eq(const char *name, long got, long want);
/* A check that a call returned the error -err (err a positive SH_E*). */
int kt_err(const char *name, long got, int err);
/* A check that a call succeeded (got >= 0). */
int kt_ok(const char *name, long got);

/* An informational line, not a check. */
void kt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the sentinel line and returns the exit status (0 if all passed). */
int kt_end(void);

/* Counts so far. */
int kt_failed(void);

/* An address in the kernel half: every pointer argument must refuse it. */
#define KT_KERNEL_ADDR	0xffff000040080000ULL
/* A user address nothing maps in tests (between heap and VA ranges). */
#define KT_UNMAPPED	0x0000004000000000ULL

/* The name of an error code, "SH_EBADH" and so on ("-" for >= 0). */
const char *kt_errname(long r);

/* A sys_stat SH_STAT_SELF snapshot, for leak checks. */
struct sh_stat_self kt_self(void);

/* Current PMCCNTR_EL0 (the kernel lets EL0 read it). */
static inline uint64_t kt_cycles(void)
{
	uint64_t c;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(c));
	return c;
}



/* Creates (and if start, starts) a bare thread at entry(arg) on a fresh
 * 16 KiB stack above an unmapped guard page, without libc's TLS: entry may only make system calls
 * through the sh_sys_* stubs and touch its own memory.  Returns the thread
 * handle or -SH_E*. */
long kt_raw_thread(void (*entry)(long), long arg, uint32_t prio, int start);
/* Lowest address of the last such stack; the page below it is the guard. */
extern uintptr_t kt_last_stack_lo;

#endif
