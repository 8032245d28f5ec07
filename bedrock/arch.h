/* The interface between portable bedrock and its architecture folder
 * (bedrock/arch/<arch>/, chosen by meson).  Nothing else in portable code
 * knows the CPU. */
#ifndef BEDROCK_ARCH_H
#define BEDROCK_ARCH_H

#include <stdint.h>

struct machine;


/* Writes one byte to the kernel console, waiting while the FIFO is full. */
void arch_console_putc(char c);

/* Moves the console from the early UART to the one the DTB names. */
void arch_console_init(const struct machine *m);

/* Builds the kernel's final page tables (W^X image, RAM physmap, device
 * window) and drops the boot identity map. */
void arch_mmu_init(const struct machine *m, uint64_t kernel_pa);

/* Maps size bytes of MMIO at pa into the kernel device window; returns
 * the virtual address, or NULL when the window is full. */
void *arch_map_device(uint64_t pa, uint64_t size);

/* Physical <-> kernel virtual for RAM (the physmap). */
void *phys_to_virt(uint64_t pa);
uint64_t virt_to_phys(const void *va);

/* Physical range of the kernel image (text to end of BSS). */
void arch_kernel_range(uint64_t *start, uint64_t *end);

/* Interrupt controller and timer: set up from the DTB, tick at hz. */
int arch_irq_init(const struct machine *m);
int arch_timer_init(const struct machine *m, unsigned hz);

/* This CPU's timer: one interrupt ns_from_now (idle), or back to the
 * periodic tick (running threads). */
void arch_timer_oneshot(uint64_t ns_from_now);
void arch_timer_periodic(void);

/* Waits for an interrupt with interrupts briefly enabled, then handles it. */
void arch_idle(void);

/* Powers the machine off (or resets it); returns -SH_ENOTSUP when the
 * firmware interface is missing. */
long arch_power(int reboot);

/* Stops this CPU for good with interrupts masked. */
__attribute__((noreturn)) void arch_halt(void);

/* User register frames, opaque to portable code; the accessors (result,
 * argument i, system call number, pc) and arch_cycles() (cycle counter
 * since kernel entry: guest instructions under -icount) are inline, in
 * the arch folder's include/arch_impl.h. */
struct trapframe;
#include "arch_impl.h"
/* Prepares a frame that enters EL0 at pc with sp and x0 = arg. */
void arch_tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg);
#define ARCH_TF_SIZE 288

/* Frame pointer of the caller, for backtraces. */
static inline uintptr_t arch_frame_address(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

#endif
