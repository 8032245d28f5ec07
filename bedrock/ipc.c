/* Endpoints and message transfer (see ipc.h).
 *
 * A message moves straight from the sender's memory to the receiver's,
 * page by page through the physmap: no kernel buffer, no size beyond
 * SH_MSG_MAX.  Handles move as copies derived from the sender's, so the
 * sender's cap_revoke reaches them.  Every failure names its culprit: a
 * bad sender buffer fails the sender, a bad receiver buffer the receiver,
 * and the other side keeps waiting untouched. */
#include "ipc.h"

#include "heap.h"
#include "msg.h"
#include "proc.h"
#include "sched.h"
#include "thread.h"
#include "uaccess.h"
#include "wait.h"

#include <shale/errors.h>
#include <stddef.h>
#include <string.h>

static struct endpoint *all_endpoints;

/* struct sh_msg: the fields before the handles, then the handles, which
 * are copied only when there are any (most messages carry none). */
#define MSG_HDR offsetof(struct sh_msg, handles)
#define MSG_HANDLES sizeof(((struct sh_msg *)0)->handles)
_Static_assert(offsetof(struct sh_msg, handles) == 40, "sh_msg layout");

static void endpoint_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct endpoint *ep = (struct endpoint *)o;
	struct thread *t;

	while ((t = waitq_pop(&ep->senders)))
		wait_wake(t, -SH_EDEAD);
	while ((t = waitq_pop(&ep->receivers)))
		wait_wake(t, -SH_EDEAD);
	while (ep->notices) {
		struct notice *n = ep->notices;

		ep->notices = n->next;
		n->ep = NULL;
		kobj_put_reap(n->holder, r);
	}
	if (ep->all_prev)
		ep->all_prev->all_next = ep->all_next;
	else
		all_endpoints = ep->all_next;
	if (ep->all_next)
		ep->all_next->all_prev = ep->all_prev;
	kfree(ep);
}

static const struct kobj_ops endpoint_ops = { .destroy = endpoint_destroy };

struct endpoint *endpoint_create(struct quota *q, uint64_t owner_pid)
{
	struct endpoint *ep = kmalloc(sizeof(*ep));

	if (!ep)
		return NULL;
	if (kobj_init(&ep->obj, SH_OBJ_ENDPOINT, &endpoint_ops, q, sizeof(*ep))) {
		kfree(ep);
		return NULL;
	}
	ep->owner_pid = owner_pid;
	ep->all_next = all_endpoints;
	if (all_endpoints)
		all_endpoints->all_prev = ep;
	all_endpoints = ep;
	return ep;
}

/* Reads and checks the header of a message a thread is about to send. */
static int msg_read_send(struct thread *t, uint64_t umsg)
{
	int err;

	if (copy_from_user(&t->proc->vs, &t->msg, umsg, MSG_HDR) < 0)
		return -SH_EFAULT;
	err = msg_check_send(&t->msg);
	if (err)
		return err;
	if (t->msg.nhandles &&
	    copy_from_user(&t->proc->vs, t->msg.handles, umsg + MSG_HDR, MSG_HANDLES) < 0)
		return -SH_EFAULT;
	t->msg_uva = umsg;
	return 0;
}

/* Reads the header a thread receives into (whether it is writable shows
 * when a message arrives: then the receiver alone gets -SH_EFAULT). */
static int msg_read_recv(struct thread *t, uint64_t umsg)
{
	struct {
		void *buf;
		uint32_t len, cap;
	} m;

	if (copy_from_user(&t->proc->vs, &m, umsg + offsetof(struct sh_msg, buf), sizeof(m)))
		return -SH_EFAULT;
	t->msg.buf = m.buf;
	t->msg.cap = msg_recv_room(m.cap);
	t->msg_uva = umsg;
	return 0;
}

enum { OK = 0, SENDER_FAILS = 1, RECEIVER_FAILS = 2 };

/* Moves s's message (header in s->msg) into r's receive buffer.  On
 * failure *err is the error of whichever side failed. */
static int deliver(struct thread *s, struct thread *r, uint64_t tag, uint64_t badge, long *err)
{
	struct sh_msg out = r->msg;
	struct cap_table *rc = &r->proc->caps;
	uint32_t i, n = s->msg.nhandles;
	int bad;

	if (!msg_fits(s->msg.len, r->msg.cap)) {
		*err = -SH_E2BIG;
		return SENDER_FAILS;
	}
	if (s->msg.len && copy_user_to_user(&s->proc->vs, (uint64_t)(uintptr_t)s->msg.buf,
					    &r->proc->vs, (uint64_t)(uintptr_t)r->msg.buf,
					    s->msg.len, &bad)) {
		*err = -SH_EFAULT;
		return bad ? RECEIVER_FAILS : SENDER_FAILS;
	}
	for (i = 0; i < n; i++) {
		struct cap_ref ref;
		int h = cap_lookup(&s->proc->caps, s->msg.handles[i], CAP_TYPE_ANY, SH_R_GRANT, &ref);

		if (h == 0) {
			h = cap_grant(&s->proc->caps, s->msg.handles[i], rc, ref.rights);
			cap_ref_put(&ref);
		}
		if (h < 0) {
			while (i--)
				cap_close(rc, out.handles[i]);
			*err = h;
			return SENDER_FAILS;
		}
		out.handles[i] = (sh_handle_t)h;
	}
	out.tag = tag;
	out.badge = badge;
	out.len = s->msg.len;
	out.nhandles = n;
	out.reserved = 0;
	if (copy_to_user(&r->proc->vs, r->msg_uva, &out, MSG_HDR) ||
	    (n && copy_to_user(&r->proc->vs, r->msg_uva + MSG_HDR, out.handles, MSG_HANDLES))) {
		for (i = 0; i < n; i++)
			cap_close(rc, out.handles[i]);
		*err = -SH_EFAULT;
		return RECEIVER_FAILS;
	}
	return OK;
}

/* Gives a waiting receiver r the notice n.  Returns 0 or -SH_EFAULT/E2BIG
 * (the receiver's fault: its buffer). */
static int deliver_notice(struct thread *r, struct notice *n)
{
	struct sh_msg out = r->msg;

	if (!msg_fits(sizeof(n->body), r->msg.cap))
		return -SH_E2BIG;
	if (copy_to_user(&r->proc->vs, (uint64_t)(uintptr_t)r->msg.buf, &n->body, sizeof(n->body)))
		return -SH_EFAULT;
	out.tag = n->tag;
	out.badge = n->badge;
	out.len = sizeof(n->body);
	out.nhandles = 0;
	out.reserved = 0;
	return copy_to_user(&r->proc->vs, r->msg_uva, &out, MSG_HDR) ? -SH_EFAULT : 0;
}

/* s's call has reached r: s now waits for the reply.  Returns the rcvid. */
static uint64_t pend_reply(struct thread *s, struct reply_slot *slot)
{
	slot->caller = s;
	s->reply = slot;
	thread_set_state(s, T_REPLY);
	return 0;
}

long ipc_call(struct thread *t, struct endpoint *ep, uint64_t badge, uint64_t umsg)
{
	long err;

	if (ep->dead)
		return -SH_EDEAD;
	err = msg_read_send(t, umsg);
	if (err)
		return err;
	/* where the reply lands: the same message, its cap and buf */
	t->msg.cap = msg_recv_room(t->msg.cap);
	t->badge = badge;
	while (ep->receivers.head) {
		struct thread *r = ep->receivers.head;
		struct reply_slot *slot;
		uint64_t rcvid;
		int who;

		slot = proc_reply_alloc(r->proc, &rcvid);
		if (!slot) {
			waitq_remove(r);
			wait_wake(r, -SH_EBUSY);
			continue;
		}
		who = deliver(t, r, t->msg.tag, badge, &err);
		if (who == OK) {
			waitq_remove(r);
			pend_reply(t, slot);
			sched_dequeue(t);
			wait_wake_handoff(r, (long)rcvid);
			return IPC_BLOCKED;
		}
		slot->busy = 0;
		if (who == SENDER_FAILS)
			return err;
		waitq_remove(r);
		wait_wake(r, err);	/* the receiver's buffer was bad */
	}
	wait_block(t, T_SEND, &ep->senders, 0);
	return IPC_BLOCKED;
}

long ipc_recv(struct thread *t, struct endpoint *ep, uint64_t umsg)
{
	long err = msg_read_recv(t, umsg);

	if (err)
		return err;
	if (ep->notices) {
		struct notice *n = ep->notices;

		err = deliver_notice(t, n);
		if (err)
			return err;
		ep->notices = n->next;
		if (!ep->notices)
			ep->notices_tail = NULL;
		n->ep = NULL;
		kobj_put(n->holder);
		return 0;
	}
	while (ep->senders.head) {
		struct thread *s = ep->senders.head;
		struct reply_slot *slot;
		uint64_t rcvid;
		int who;

		slot = proc_reply_alloc(t->proc, &rcvid);
		if (!slot)
			return -SH_EBUSY;
		who = deliver(s, t, s->msg.tag, s->badge, &err);
		if (who == OK) {
			waitq_remove(s);
			pend_reply(s, slot);
			return (long)rcvid;
		}
		slot->busy = 0;
		if (who == RECEIVER_FAILS)
			return err;
		waitq_remove(s);
		wait_wake(s, err);	/* the sender's message was bad */
	}
	t->recv_ep = ep;
	wait_block(t, T_RECV, &ep->receivers, 0);
	return IPC_BLOCKED;
}

long ipc_reply(struct thread *t, uint64_t rcvid, uint64_t umsg)
{
	struct reply_slot *slot = proc_reply_find(t->proc, rcvid);
	struct thread *c;
	long err;
	int who;

	if (!slot)
		return -SH_EINVAL;
	c = slot->caller;
	if (!c) {		/* the caller died meanwhile */
		slot->busy = 0;
		return -SH_EDEAD;
	}
	err = msg_read_send(t, umsg);
	if (err)
		return err;
	who = deliver(t, c, t->msg.tag, 0, &err);
	slot->busy = 0;
	slot->caller = NULL;
	c->reply = NULL;
	if (who == OK) {
		wait_wake_handoff(c, 0);
		return 0;
	}
	/* Either way the call is over: the caller learns why. */
	wait_wake(c, who == SENDER_FAILS && err == -SH_E2BIG ? -SH_E2BIG :
		     who == RECEIVER_FAILS ? err : -SH_EIO);
	return err;
}

void ipc_notice_post(struct endpoint *ep, struct notice *n, struct kobj *holder)
{
	struct thread *r;

	n->next = NULL;
	n->holder = holder;
	/* A waiting receiver takes it now, if its buffer can. */
	for (r = ep->receivers.head; r; r = r->wait_next) {
		if (deliver_notice(r, n) == 0) {
			waitq_remove(r);
			wait_wake(r, 0);
			return;
		}
	}
	kobj_get(holder);
	n->ep = ep;
	if (ep->notices_tail)
		ep->notices_tail->next = n;
	else
		ep->notices = n;
	ep->notices_tail = n;
}

void ipc_notice_cancel(struct notice *n)
{
	struct endpoint *ep = n->ep;
	struct notice **pp, *prev = NULL;

	if (!ep)
		return;
	for (pp = &ep->notices; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			if (ep->notices_tail == n)
				ep->notices_tail = prev;
			break;
		}
	}
	n->ep = NULL;
	kobj_put(n->holder);
}

void ipc_thread_gone(struct thread *t)
{
	if (t->reply) {
		t->reply->caller = NULL;	/* the server's reply gets EDEAD */
		t->reply = NULL;
	}
	t->recv_ep = NULL;
}

void ipc_owner_gone(uint64_t pid)
{
	struct endpoint *ep;

	for (ep = all_endpoints; ep; ep = ep->all_next) {
		struct thread *t;

		if (ep->owner_pid != pid || ep->dead)
			continue;
		ep->dead = 1;
		while ((t = waitq_pop(&ep->senders)))
			wait_wake(t, -SH_EDEAD);
	}
}
