/* The kernel log.  One lock serialises whole kprintf calls so lines from
 * two CPUs never interleave mid-line. */
#include "log.h"

#include "arch.h"
#include "lib/fmt.h"
#include "spinlock.h"

#define KLOG_SIZE 16384

static struct spinlock log_lock = SPINLOCK_INIT;
static char ring[KLOG_SIZE];
static uint64_t ring_end;	/* total bytes ever logged; guarded by log_lock */

static void log_put(void *ctx, char c)
{
	(void)ctx;
	ring[ring_end % KLOG_SIZE] = c;
	ring_end++;
	arch_console_putc(c);
}

void vkprintf(const char *fmt, va_list ap)
{
	spin_lock(&log_lock);
	fmt_vformat(log_put, 0, fmt, ap);
	spin_unlock(&log_lock);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
}

void console_write(const char *b, size_t n)
{
	spin_lock(&log_lock);
	for (size_t i = 0; i < n; i++)
		arch_console_putc(b[i]);
	spin_unlock(&log_lock);
}

size_t klog_read(char *buf, size_t n, uint64_t *pos)
{
	size_t got = 0;

	spin_lock(&log_lock);
	if (*pos + KLOG_SIZE < ring_end)
		*pos = ring_end - KLOG_SIZE;
	while (got < n && *pos < ring_end)
		buf[got++] = ring[(*pos)++ % KLOG_SIZE];
	spin_unlock(&log_lock);
	return got;
}
