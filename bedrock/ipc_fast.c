/* The IPC fast path: ipc_call and ipc_reply_recv between two threads of
 * one CPU, seL4 style.  It runs in trap_entry under kernel_lock, before
 * the system call table, and either does the whole call or changes
 * nothing and returns NULL, and then the slow path (ipc.c, syscall.c),
 * which stays the reference, does it.
 *
 * Preconditions, all checked before any state changes (kipc_fast.c forces
 * each to fail in turn and checks the slow path answers the same):
 *   F1  the endpoint handle is valid, an endpoint, with the right the call
 *       needs (WRITE for call, READ for reply_recv); for call it is not dead
 *   F2  the message header reads from the caller's memory, passes
 *       msg_check_send, carries no handles and at most IPC_FAST_BYTES bytes
 *   F3  call: a receiver waits on the endpoint; reply_recv: the rcvid names
 *       a pending call whose caller still waits, and nothing (no caller,
 *       no notice) waits on the endpoint, so the server will block
 *   F4  the partner's home CPU is this one, its silo is not suspended, and
 *       it has no timeout pending
 *   F5  running the partner now is what sched_switch would decide: no
 *       handoff pending, no reschedule asked, nothing queued above the
 *       partner's priority
 *   F6  the bytes fit the partner's buffer (else the slow path says E2BIG)
 *   F7  call: the receiver's process has a free reply slot
 *   F8  reply_recv: the server's receive header (buf, cap) reads
 *   F9  the data and header write into the partner's memory, with its
 *       address space active (the switch is done before any write); a
 *       fault switches back and leaves the rest to the slow path, which
 *       fails the same side the same way
 * Then the partner is woken and the CPU switches to it directly: no run
 * queue, no wait queue scan, no scheduler decision. */
#include "ipc_fast.h"

#include "arch.h"
#include "kassert.h"
#include "msg.h"
#include "proc.h"
#include "sched.h"
#include "silo.h"
#include "thread.h"
#include "uaccess.h"
#include "wait.h"

#include <shale/errors.h>
#include <stddef.h>
#include <string.h>

#define MSG_HDR offsetof(struct sh_msg, handles)

/* F1: the endpoint behind handle h, or NULL. */
static struct endpoint *fast_endpoint(struct thread *t, uint64_t h, sh_rights_t need,
				      uint64_t *badge)
{
	struct cap_ref ref;

	if (h == 0 || h > 0x7fffffffULL)
		return NULL;
	if (cap_peek(&t->proc->caps, (sh_handle_t)h, SH_OBJ_ENDPOINT, need, &ref))
		return NULL;
	*badge = ref.badge;
	return (struct endpoint *)ref.obj;
}

/* F2: reads the header at umsg and the bytes it names into buf. */
static int fast_read_msg(struct thread *t, uint64_t umsg, struct sh_msg *h, char *buf)
{
	if (copy_from_user(&t->proc->vs, h, umsg, MSG_HDR))
		return -1;
	if (msg_check_send(h) || h->nhandles || h->len > IPC_FAST_BYTES)
		return -1;
	if (h->len && copy_from_user(&t->proc->vs, buf, (uint64_t)(uintptr_t)h->buf, h->len))
		return -1;
	return 0;
}

/* F4, F5: whether switching straight to p keeps every scheduling rule. */
static int fast_partner_ok(struct cpu *c, struct thread *p)
{
	int top;

	if (p->cpu != c->id || p->wake_at || silo_suspended(p->proc->silo))
		return 0;
	if (c->handoff || c->need_resched)
		return 0;
	top = runq_top(&c->rq);
	return top < 0 || (uint32_t)top <= p->prio;
}

/* F9: makes p's address space active and writes len bytes of buf and the
 * header out (p->msg with the fields given) into p's memory.  On a fault
 * the caller's space is active again and -1 is returned. */
static int fast_write_partner(struct cpu *c, struct thread *t, struct thread *p,
			      const char *buf, uint32_t len, uint64_t tag, uint64_t badge)
{
	struct sh_msg out = p->msg;

	if (c->active_vs != &p->proc->vs) {
		c->active_vs = &p->proc->vs;
		arch_vs_activate(c->active_vs);
	}
	out.tag = tag;
	out.badge = badge;
	out.len = len;
	out.nhandles = 0;
	out.reserved = 0;
	if ((len && copy_to_user(&p->proc->vs, (uint64_t)(uintptr_t)p->msg.buf, buf, len)) ||
	    copy_to_user(&p->proc->vs, p->msg_uva, &out, MSG_HDR)) {
		if (c->active_vs != &t->proc->vs) {
			c->active_vs = &t->proc->vs;
			arch_vs_activate(c->active_vs);
		}
		return -1;
	}
	return 0;
}

struct trapframe *ipc_fast_call(struct cpu *c, struct thread *t)
{
	const uint64_t *a = arch_tf_args(t->tf);
	char buf[IPC_FAST_BYTES];
	struct sh_msg h;
	struct endpoint *ep;
	struct thread *r;
	uint64_t badge, rcvid;
	int slot;

	ep = fast_endpoint(t, a[0], SH_R_WRITE, &badge);
	if (!ep || ep->dead)
		return NULL;					/* F1 */
	if (fast_read_msg(t, a[1], &h, buf))
		return NULL;					/* F2 */
	r = ep->receivers.head;
	if (!r)
		return NULL;					/* F3 */
	kassert(r->state == T_RECV);
	if (!fast_partner_ok(c, r))
		return NULL;					/* F4, F5 */
	if (!msg_fits(h.len, r->msg.cap))
		return NULL;					/* F6 */
	slot = proc_reply_free(r->proc);
	if (slot < 0)
		return NULL;					/* F7 */
	if (fast_write_partner(c, t, r, buf, h.len, h.tag, badge))
		return NULL;					/* F9 */

	/* Committed: the same state the slow path leaves (ipc_call). */
	t->msg = h;
	t->msg.cap = msg_recv_room(h.cap);
	t->msg_uva = a[1];
	t->badge = badge;
	t->reply = proc_reply_take(r->proc, slot, t, &rcvid);
	sched_dequeue(t);
	thread_set_state(t, T_REPLY);
	waitq_remove(r);
	r->recv_ep = NULL;
	thread_set_result(r, (long)rcvid);
	thread_set_state(r, T_RUNNABLE);
	return sched_switch_direct(c, r);
}

struct trapframe *ipc_fast_reply_recv(struct cpu *c, struct thread *t)
{
	const uint64_t *a = arch_tf_args(t->tf);
	char buf[IPC_FAST_BYTES];
	struct sh_msg h;
	struct reply_slot *slot;
	struct endpoint *ep;
	struct thread *k;
	uint64_t badge;
	struct {
		void *buf;
		uint32_t len, cap;
	} m;

	ep = fast_endpoint(t, a[0], SH_R_READ, &badge);
	if (!ep)
		return NULL;					/* F1 */
	if (fast_read_msg(t, a[2], &h, buf))
		return NULL;					/* F2 */
	slot = a[1] ? proc_reply_find(t->proc, a[1]) : NULL;
	if (!slot || !slot->caller || ep->senders.head || ep->notices)
		return NULL;					/* F3 */
	k = slot->caller;
	kassert(k->state == T_REPLY && k->reply == slot);
	if (!fast_partner_ok(c, k))
		return NULL;					/* F4, F5 */
	if (!msg_fits(h.len, k->msg.cap))
		return NULL;					/* F6 */
	if (copy_from_user(&t->proc->vs, &m, a[3] + offsetof(struct sh_msg, buf), sizeof(m)))
		return NULL;					/* F8 */
	if (fast_write_partner(c, t, k, buf, h.len, h.tag, 0))
		return NULL;					/* F9 */

	/* Committed: the state ipc_reply then ipc_recv leave. */
	slot->busy = 0;
	slot->caller = NULL;
	k->reply = NULL;
	t->msg.buf = m.buf;
	t->msg.cap = msg_recv_room(m.cap);
	t->msg_uva = a[3];
	t->recv_ep = ep;
	wait_block(t, T_RECV, &ep->receivers, 0);
	k->recv_ep = NULL;
	thread_set_result(k, 0);
	thread_set_state(k, T_RUNNABLE);
	return sched_switch_direct(c, k);
}
