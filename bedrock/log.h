/* Kernel log: every line goes to the console and to a ring that user
 * space reads back (flint's dmesg). */
#ifndef BEDROCK_LOG_H
#define BEDROCK_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vkprintf(const char *fmt, va_list ap);

/* Writes n bytes of b to the console only (not the ring), whole: under
 * the lock kprintf takes, so no kprintf comes between them. */
void console_write(const char *b, size_t n);

/* Copies log bytes from absolute offset *pos into buf; advances *pos.
 * Bytes that the ring has already overwritten are skipped.  Returns the
 * number of bytes copied. */
size_t klog_read(char *buf, size_t n, uint64_t *pos);

#endif
