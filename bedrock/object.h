/* The kernel objects behind handles, and the per-CPU state.
 *
 * A process is its VSpace object (struct proc): an address space, a handle
 * table and the threads running in it.  Threads, endpoints, notifications,
 * frames and IRQs are objects of their own; each embeds a struct kobj.
 *
 * Locking: bedrock runs every system call, fault and interrupt under one
 * kernel lock (kernel_lock, as seL4 does on SMP): calls are short and
 * bounded, and one lock makes every structure below consistent without
 * per-object locks.  Fields below are guarded by it unless marked. */
#ifndef BEDROCK_OBJECT_H
#define BEDROCK_OBJECT_H

#include <stdint.h>

#include <shale/syscall.h>

#include "cap.h"
#include "kobj.h"
#include "quota.h"
#include "runq.h"
#include "spinlock.h"
#include "vm.h"

struct trapframe;
struct thread;
struct endpoint;

extern struct spinlock kernel_lock;

/* A queue of threads waiting on something (endpoint, notification...). */
struct waitq {
	struct thread *head, *tail;
};

/* A kernel-made message waiting on an endpoint (fault or exit notice). */
struct notice {
	struct notice *next;
	struct endpoint *ep;		/* queued on, or NULL */
	struct kobj *holder;		/* kept alive while queued */
	uint64_t tag;			/* SH_TAG_FAULT / SH_TAG_EXIT */
	uint64_t badge;
	struct sh_notice body;
};

/* One state machine (tstate.c holds the allowed transitions and checks
 * each; INVARIANTS.md lists them).  A thread is in exactly one state:
 * parked and blocked cannot both hold, because parked is a state. */
enum thread_state {
	T_NEW,		/* created, never started */
	T_RUNNABLE,	/* queued, handed off, or running */
	T_PARKED,	/* would be runnable, but its silo is suspended: on no queue */
	T_SEND,		/* in ipc_call, waiting for a receiver */
	T_RECV,		/* in ipc_recv, waiting for a sender */
	T_REPLY,	/* in ipc_call, message delivered, waiting for the reply */
	T_NOTIF,	/* in notif_wait */
	T_SLEEP,	/* in sleep */
	T_PWAIT,	/* in proc_wait */
	T_FAULTED,	/* stopped after a fault, notice sent */
	T_DEAD,
};

#define KSTACK_ORDER 1		/* 8 KiB kernel stack per thread */

/* FP/SIMD registers of a thread, switched lazily (arch). */
struct fpstate {
	uint64_t v[64];
	uint64_t fpcr, fpsr;
} __attribute__((aligned(16)));

struct thread {
	struct kobj obj;
	struct proc *proc;		/* holds a reference */
	uint64_t tid;
	enum thread_state state;
	uint32_t prio;
	int cpu;			/* home CPU: threads do not migrate */
	struct runq_node rq;
	uint64_t kstack_pa;
	struct trapframe *tf;		/* user registers, top of the kstack */
	struct thread *proc_next, *proc_prev;
	/* blocking */
	struct waitq *waitq;		/* queue it sits on, or NULL */
	struct thread *wait_next, *wait_prev;
	uint64_t wake_at;		/* ns deadline while timed, else 0 */
	struct thread *sleep_next;
	/* IPC */
	uint64_t msg_uva;		/* struct sh_msg of a pending call/recv */
	struct sh_msg msg;		/* its header, read when the call began */
	uint64_t badge;			/* of the endpoint handle a call used */
	struct reply_slot *reply;	/* while in T_REPLY */
	struct endpoint *recv_ep;	/* while in T_RECV */
	struct notice fault;		/* the notice of its last fault */
	struct thread *reap_next;	/* on a CPU's reap list once dead */
	uint64_t slice_end;		/* ns: its time slice ends (0: take a new one) */
	uint64_t tls;			/* user thread pointer (TPIDR_EL0) */
	struct fpstate fp;
};

/* A pending call that a server has received and not yet answered. */
struct reply_slot {
	struct thread *caller;		/* NULL: free, or the caller died */
	uint32_t gen;
	uint32_t busy;
};

#define REPLY_SLOTS 256

struct mapping {
	struct mapping *next;
	uint64_t va;
	uint64_t npages;
	struct frame *frame;		/* NULL for a guard region */
	uint64_t offset;		/* first page of the frame mapped */
	unsigned perms;
};

enum proc_state { P_ALIVE, P_DEAD };

struct proc {
	struct kobj obj;		/* SH_OBJ_VSPACE */
	struct arch_vs vs;
	struct cap_table caps;
	struct quota *quota;
	struct mapping *maps;		/* sorted by va */
	uint32_t nmaps;			/* records in maps: at most PROC_MAPS_MAX */
	struct thread *threads;
	uint32_t nthreads;
	uint64_t pid;
	char name[SH_NAME_MAX];
	enum proc_state state;
	int exit_kind;
	int exit_code;
	struct endpoint *supervisor;	/* holds a reference */
	uint64_t sup_badge;
	struct notice exit_notice;
	struct waitq waiters;		/* threads in proc_wait */
	struct reply_slot *replies;	/* REPLY_SLOTS, allocated on first recv */
	struct silo *silo;		/* holds a reference */
	uint64_t cpu_ns;		/* CPU time its threads used */
	struct proc *all_next, *all_prev;
};

struct endpoint {
	struct kobj obj;
	struct waitq senders;
	struct waitq receivers;
	struct notice *notices, *notices_tail;
	uint64_t owner_pid;		/* creator: its death makes calls fail */
	int dead;
	struct endpoint *all_next, *all_prev;
};

struct notif {
	struct kobj obj;
	uint64_t bits;
	struct waitq waiters;
};

struct frame {
	struct kobj obj;
	uint64_t npages;
	uint64_t phys;			/* device or contiguous base, else 0 */
	uint64_t *pages;		/* per page, NULL if contiguous/device */
	unsigned order;			/* contiguous: allocation order */
	int device;			/* MMIO: mapped as device memory */
	int borrowed;			/* memory not ours to free (MMIO, boot archive) */
	struct quota *quota;
	uint64_t maps;			/* live mappings, for info */
	uint64_t charged;		/* pages charged to quota (contiguous: 2^order) */
	uint64_t wmaps, xmaps;		/* writable / executable mappings: never both */
	struct frame *reclaim_next;	/* on a CPU's reclaim list once destroyed */
};

struct irq_obj {
	struct kobj obj;
	unsigned intid;
	struct notif *notif;		/* holds a reference, or NULL */
	uint64_t bits;
};

struct silo {
	struct kobj obj;		/* SH_OBJ_SILO */
	struct quota quota;
	struct silo *parent;		/* holds a reference; NULL for the root */
	uint64_t id;
	uint32_t state;			/* SH_SILO_* */
	uint32_t depth;			/* 0 for the root */
	int root;
	char name[SH_NAME_MAX];
	char *log;			/* SH_SILO_LOG bytes, allocated on first write */
	uint64_t log_end;		/* bytes ever written to it */
	struct silo *all_next, *all_prev;
};

#define MAX_CPUS 8

struct cpu {
	int id;
	int online;
	struct thread *current;
	struct thread idle;		/* runs the idle loop at EL1 */
	struct runq rq;
	int need_resched;
	struct thread *reap;		/* dead threads to release off their stack */
	struct thread *fp_owner;	/* whose FP state the registers hold */
	uint64_t run_start;		/* ns when current started running */
	const struct arch_vs *active_vs;	/* user address space in TTBR0 */
	struct thread *handoff;		/* woken by IPC, to run next without queueing */
	int fp_on;			/* EL0 FP access enabled now */
	uint64_t lock_t0;		/* cycle kernel_lock was taken (lockstat) */
	unsigned lock_kind;		/* what this trap is (lockstat) */
	struct frame *reclaim;		/* destroyed frames whose pages are freed
					   after kernel_lock is released */
	uint64_t idle_stack_top;
};

extern struct cpu cpus[MAX_CPUS];
extern int ncpus_online;

/* cpu_this(): this CPU's state, inline in arch.h. */
#include "arch.h"

#endif
