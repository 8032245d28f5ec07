/* panic() and backtraces.  Frame records (fp, lr pairs; the kernel is
 * built with frame pointers) are followed only while they stay aligned,
 * in the kernel half and move up the stack, so a corrupt chain ends the
 * walk instead of faulting again. */
#include "panic.h"

#include "arch.h"
#include "log.h"

#define BACKTRACE_MAX 32
#define KERNEL_HALF 0xffff000000000000UL

void backtrace_from(uintptr_t fp, uintptr_t pc)
{
	int i;

	kprintf("  backtrace:\n");
	if (pc)
		kprintf("    %016lx\n", (unsigned long)pc);
	for (i = 0; i < BACKTRACE_MAX; i++) {
		const uintptr_t *rec = (const uintptr_t *)fp;
		uintptr_t next;

		if (!fp || (fp & 15) || fp < KERNEL_HALF)
			break;
		next = rec[0];
		if (rec[1])
			kprintf("    %016lx\n", (unsigned long)(rec[1] - 4));
		if (next <= fp)
			break;
		fp = next;
	}
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	kprintf("bedrock: PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	backtrace_from(arch_frame_address(), 0);
	arch_halt();
}

/* libfdt is built with the stack protector: it needs these. */
uintptr_t __stack_chk_guard = 0x5a1e5eedc0ffee42UL;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	panic("stack smashing detected");
}
