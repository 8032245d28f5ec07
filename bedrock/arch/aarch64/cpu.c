/* CPU-level primitives behind arch.h. */
#include "../../arch.h"
#include "cpu.h"

void arch_idle(void)
{
	/* WFI wakes on a pending interrupt even while it is masked; unmasking
	 * afterwards takes it.  No window where a wake-up is lost. */
	__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

void arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}

#include "trap.h"
#include "../../object.h"

#include <string.h>

void arch_tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg)
{
	memset(tf, 0, sizeof(*tf));
	tf->elr = pc;
	tf->sp = sp;
	tf->x[0] = arg;
	tf->spsr = 0;		/* EL0t, interrupts unmasked */
}

/* The idle thread's frame: EL1h at idle_loop on a clean stack, IRQs masked
 * (arch_idle unmasks them only while waiting). */
/* How long an idle CPU polls for work before halting, when there are
 * other CPUs that may hand it some.  Waking a halted CPU is slow under
 * QEMU's multi-threaded TCG (milliseconds) and costly on real hardware
 * too; a thread woken by IPC from another CPU usually comes within
 * microseconds, so a short poll catches it (Linux's haltpoll does this). */
#define IDLE_POLL_NS 100000

void idle_loop(void)
{
	uint64_t hz = read_sysreg(cntfrq_el0);
	uint64_t poll = hz / 1000000000ULL * IDLE_POLL_NS + hz % 1000000000ULL * IDLE_POLL_NS / 1000000000ULL;

	for (;;) {
		if (ncpus_online > 1) {
			uint64_t end = read_sysreg(cntvct_el0) + poll;

			/* Interrupts open for a moment on each turn: a kick
			 * is taken here and never comes back to this loop. */
			while (read_sysreg(cntvct_el0) < end)
				__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
		}
		arch_idle();
	}
}

void arch_idle_frame(struct thread *idle, uint64_t stack_top)
{
	struct trapframe *tf = (struct trapframe *)(stack_top - sizeof(*tf));

	memset(tf, 0, sizeof(*tf));
	tf->elr = (uint64_t)(uintptr_t)idle_loop;
	tf->spsr = 0x3c5;
	idle->tf = tf;
}

/* Lazy FP/SIMD: a thread's registers stay in the CPU until another thread
 * uses FP there; until then, EL0 FP use traps (CPACR_EL1.FPEN = 01). */
static void fp_access(int on)
{
	write_sysreg(cpacr_el1, on ? (3UL << 20) : (1UL << 20));
	isb();
}

/* The user thread pointer belongs to the thread, like its registers. */
void arch_tls_switch(struct thread *prev, struct thread *next)
{
	if (prev)
		prev->tls = read_sysreg(tpidr_el0);
	if (next)
		write_sysreg(tpidr_el0, next->tls);
}

/* Called once per CPU as its scheduler starts: user FP access off until a
 * thread's first FP instruction (boot code enabled it at EL1 for libfdt). */
void arch_fp_init_cpu(struct cpu *c)
{
	c->fp_on = 0;
	c->fp_owner = NULL;
	fp_access(0);
}

void arch_fp_switch(struct cpu *c, struct thread *next)
{
	int on = c->fp_owner == next;

	if (on != c->fp_on) {
		c->fp_on = on;
		fp_access(on);
	}
}

static void fp_save(struct fpstate *f)
{
	__asm__ volatile(
		"stp q0, q1, [%0, #0]\n\tstp q2, q3, [%0, #32]\n\t"
		"stp q4, q5, [%0, #64]\n\tstp q6, q7, [%0, #96]\n\t"
		"stp q8, q9, [%0, #128]\n\tstp q10, q11, [%0, #160]\n\t"
		"stp q12, q13, [%0, #192]\n\tstp q14, q15, [%0, #224]\n\t"
		"stp q16, q17, [%0, #256]\n\tstp q18, q19, [%0, #288]\n\t"
		"stp q20, q21, [%0, #320]\n\tstp q22, q23, [%0, #352]\n\t"
		"stp q24, q25, [%0, #384]\n\tstp q26, q27, [%0, #416]\n\t"
		"stp q28, q29, [%0, #448]\n\tstp q30, q31, [%0, #480]\n\t"
		:: "r"(f->v) : "memory");
	f->fpcr = read_sysreg(fpcr);
	f->fpsr = read_sysreg(fpsr);
}

static void fp_load(const struct fpstate *f)
{
	__asm__ volatile(
		"ldp q0, q1, [%0, #0]\n\tldp q2, q3, [%0, #32]\n\t"
		"ldp q4, q5, [%0, #64]\n\tldp q6, q7, [%0, #96]\n\t"
		"ldp q8, q9, [%0, #128]\n\tldp q10, q11, [%0, #160]\n\t"
		"ldp q12, q13, [%0, #192]\n\tldp q14, q15, [%0, #224]\n\t"
		"ldp q16, q17, [%0, #256]\n\tldp q18, q19, [%0, #288]\n\t"
		"ldp q20, q21, [%0, #320]\n\tldp q22, q23, [%0, #352]\n\t"
		"ldp q24, q25, [%0, #384]\n\tldp q26, q27, [%0, #416]\n\t"
		"ldp q28, q29, [%0, #448]\n\tldp q30, q31, [%0, #480]\n\t"
		:: "r"(f->v) : "memory");
	write_sysreg(fpcr, f->fpcr);
	write_sysreg(fpsr, f->fpsr);
}

/* EL0 touched FP/SIMD while the registers held another thread's state. */
void arch_fp_trap(struct cpu *c, struct thread *t)
{
	c->fp_on = 1;
	fp_access(1);
	if (c->fp_owner == t)
		return;
	if (c->fp_owner)
		fp_save(&c->fp_owner->fp);
	fp_load(&t->fp);
	c->fp_owner = t;
}
