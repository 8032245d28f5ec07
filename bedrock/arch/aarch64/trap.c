/* Exception dispatch and the report printed for anything unexpected. */
#include "trap.h"

#include "../../arch.h"
#include "../../irq.h"
#include "../../log.h"
#include "../../kassert.h"
#include "../../panic.h"
#include "../../census.h"
#include "../../fault.h"
#include "../../ipc_fast.h"
#include "../../frame.h"
#include "../../lockstat.h"
#include "../../object.h"
#include "../../sched.h"
#include "../../syscall.h"
#include "../../thread.h"

void arch_fp_trap(struct cpu *c, struct thread *t);
extern char uaccess_start[], uaccess_end[], uaccess_fault[];

static const char *const slot_names[16] = {
	"EL1t sync", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
	"EL1h sync", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
	"EL0 sync", "EL0 IRQ", "EL0 FIQ", "EL0 SError",
	"EL0 (AArch32) sync", "EL0 (AArch32) IRQ", "EL0 (AArch32) FIQ", "EL0 (AArch32) SError",
};

/* Names of ESR_EL1.EC values (ARM ARM D17.2.37). */
static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case 0x00: return "unknown reason";
	case 0x01: return "WFI/WFE trapped";
	case 0x07: return "FP/SIMD access trapped";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC (AArch64)";
	case 0x18: return "MSR/MRS/system instruction trapped";
	case 0x20: return "instruction abort from EL0";
	case 0x21: return "instruction abort at EL1";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from EL0";
	case 0x25: return "data abort at EL1";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "floating-point exception";
	case 0x2f: return "SError interrupt";
	case 0x30: return "breakpoint from EL0";
	case 0x31: return "breakpoint at EL1";
	case 0x32: return "software step from EL0";
	case 0x33: return "software step at EL1";
	case 0x34: return "watchpoint from EL0";
	case 0x35: return "watchpoint at EL1";
	case 0x3c: return "BRK instruction";
	default: return "reserved exception class";
	}
}

/* Data/instruction abort status codes (ESR.ISS.DFSC), the common ones. */
static const char *fsc_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	}
	if (fsc == 0x00 || fsc == 0x01 || fsc == 0x02 || fsc == 0x03)
		return "address size fault";
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	return "other fault";
}

void trap_report(const char *why, const struct trapframe *tf)
{
	unsigned ec = (unsigned)(tf->esr >> 26) & 0x3f;
	int i;

	kprintf("bedrock: unexpected exception: %s\n", why);
	kprintf("  class  %#04x %s (ESR %#010lx)\n", ec, ec_name(ec), (unsigned long)tf->esr);
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25)
		kprintf("  fault  %s, level %u, %s\n", fsc_name(tf->esr & 0x3f),
			(unsigned)(tf->esr & 3), ((tf->esr >> 6) & 1) ? "write" : "read");
	kprintf("  ELR    %016lx  FAR %016lx  SPSR %08lx  SP %016lx\n",
		(unsigned long)tf->elr, (unsigned long)tf->far, (unsigned long)tf->spsr,
		(unsigned long)tf->sp);
	for (i = 0; i < 31; i += 2) {
		if (i == 30)
			kprintf("  x30 %016lx\n", (unsigned long)tf->x[30]);
		else
			kprintf("  x%-2d %016lx  x%-2d %016lx\n", i, (unsigned long)tf->x[i],
				i + 1, (unsigned long)tf->x[i + 1]);
	}
}

/* A user thread faulted: tell its supervisor, or kill it. */
static void user_fault(struct cpu *c, struct thread *t, struct trapframe *tf)
{
	unsigned ec = (unsigned)(tf->esr >> 26) & 0x3f;
	unsigned kind;
	uint64_t addr = tf->far;

	switch (ec) {
	case 0x07:		/* FP/SIMD: not a fault, a lazy switch */
		arch_fp_trap(c, t);
		return;
	case 0x01:		/* WFI/WFE: a user may not stop a CPU; it yields */
		tf->elr += 4;
		sched_yield(c);
		return;
	case 0x24:
		kind = SH_FAULT_DATA;
		break;
	case 0x20:
		kind = SH_FAULT_INSN;
		break;
	case 0x00:
	case 0x0e:
		kind = SH_FAULT_UNDEF;
		addr = tf->elr;
		break;
	case 0x22:
	case 0x26:
		kind = SH_FAULT_ALIGN;
		break;
	default:
		kind = SH_FAULT_OTHER;
		break;
	}
	fault_deliver(t, kind, addr, tf->elr, tf->esr);
}

struct trapframe *trap_entry(struct trapframe *tf, unsigned long slot)
{
	struct cpu *c;
	struct thread *cur;
	struct trapframe *next;

	if (slot == 4 && ((tf->esr >> 26) & 0x3f) == 0x25 &&
	    tf->elr >= (uint64_t)(uintptr_t)uaccess_start &&
	    tf->elr < (uint64_t)(uintptr_t)uaccess_end) {
		/* A user copy met a bad user address: the copy fails. */
		tf->elr = (uint64_t)(uintptr_t)uaccess_fault;
		return tf;
	}
	if (slot < 8 && slot != 5) {
		/* The kernel itself faulted: report without the kernel lock
		 * (this CPU may hold it) and stop. */
		trap_report(slot_names[slot], tf);
		backtrace_from(tf->x[29], tf->elr);
		kprintf("bedrock: halted\n");
		arch_halt();
	}
	spin_lock(&kernel_lock);
	c = cpu_this();
	lockstat_begin(c, lockstat_kind((unsigned)slot, tf->esr, arch_tf_sysno(tf)));
	sched_reap(c);
	cur = c->current;
	switch (slot) {
	case 8:		/* from user space: system call or fault */
		if (cur->state == T_DEAD)
			break;	/* killed from another CPU meanwhile */
		if (cur->state == T_PARKED) {
			/* Its silo was suspended while this trap waited for
			 * the lock: nothing it asked for runs now.  A system
			 * call is taken again on resume (ELR back onto the
			 * svc); a fault recurs by itself. */
			if (((tf->esr >> 26) & 0x3f) == 0x15)
				arch_tf_restart_syscall(tf);
			break;
		}
		kassert_msg(cur->state == T_RUNNABLE, "thread %lu trapped in state %s",
			    (unsigned long)cur->tid, thread_state_name(cur->state));
		if (((tf->esr >> 26) & 0x3f) == 0x15) {
			/* The IPC fast path: one compare each to choose it. */
			uint64_t n = arch_tf_sysno(tf);

			if (n == SYS_ipc_call)
				next = ipc_fast_call(c, cur);
			else if (n == SYS_ipc_reply_recv)
				next = ipc_fast_reply_recv(c, cur);
			else
				next = NULL;
			if (next)
				goto out;
			syscall_dispatch(cur);
		}
		else
			user_fault(c, cur, tf);
		break;
	case 5:		/* IRQ at EL1 (the idle wait) */
	case 9:		/* IRQ from user space */
		irq_handle();
		break;
	case 10:	/* FIQ, SError from user space: the thread's doing */
	case 11:
	case 12 ... 15:	/* AArch32 is not supported */
		if (cur->state != T_DEAD) {
			kprintf("bedrock: thread %lu of %s: unexpected %s, killed\n",
				(unsigned long)cur->tid, cur->proc->name, slot_names[slot]);
			thread_kill(cur, SH_EXIT_FAULT, -1);
		}
		break;
	}
	census_poll();
	next = sched_switch(c, tf);
out:
	lockstat_end(c);
	spin_unlock(&kernel_lock);
	frame_reclaim(c);	/* large frames' pages, freed without the lock */
	return next;
}
