/* Fault delivery (see fault.h). */
#include "fault.h"

#include "ipc.h"
#include "log.h"
#include "object.h"
#include "sched.h"
#include "thread.h"

#include <shale/syscall.h>

static const char *kind_name(unsigned kind)
{
	switch (kind) {
	case SH_FAULT_DATA: return "bad memory access";
	case SH_FAULT_INSN: return "bad instruction fetch";
	case SH_FAULT_UNDEF: return "undefined instruction";
	case SH_FAULT_ALIGN: return "misaligned PC or SP";
	}
	return "fault";
}

void fault_deliver(struct thread *t, unsigned kind, uint64_t addr, uint64_t pc, uint64_t esr)
{
	struct proc *p = t->proc;
	struct notice *n = &t->fault;

	if (!p->supervisor) {
		kprintf("bedrock: %s (pid %lu) thread %lu killed: %s at %#lx, pc %#lx\n",
			p->name, (unsigned long)p->pid, (unsigned long)t->tid, kind_name(kind),
			(unsigned long)addr, (unsigned long)pc);
		thread_kill(t, SH_EXIT_FAULT, -1);
		return;
	}
	sched_dequeue(t);
	thread_set_state(t, T_FAULTED);
	n->tag = SH_TAG_FAULT;
	n->badge = p->sup_badge;
	n->body.pid = p->pid;
	n->body.tid = t->tid;
	n->body.kind = kind;
	n->body.code = 0;
	n->body.addr = addr;
	n->body.pc = pc;
	n->body.esr = esr;
	ipc_notice_post(p->supervisor, n, &t->obj);
}
