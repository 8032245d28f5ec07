/* Notifications and user IRQs.  An interrupt bound to a user driver masks
 * its line and signals the driver's notification; the driver acks it when
 * done, so a level-triggered device cannot storm the kernel. */
#include "notif.h"

#include "heap.h"
#include "ipc.h"
#include "irq.h"
#include "wait.h"

#include <shale/errors.h>
#include <stddef.h>

static void notif_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct notif *n = (struct notif *)o;
	struct thread *t;

	(void)r;
	while ((t = waitq_pop(&n->waiters)))
		wait_wake(t, -SH_EDEAD);
	kfree(n);
}

static const struct kobj_ops notif_ops = { .destroy = notif_destroy };

struct notif *notif_create(struct quota *q)
{
	struct notif *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	if (kobj_init(&n->obj, SH_OBJ_NOTIFICATION, &notif_ops, q, sizeof(*n))) {
		kfree(n);
		return NULL;
	}
	return n;
}

void notif_signal(struct notif *n, uint64_t bits)
{
	struct thread *t;

	n->bits |= bits;
	if (n->bits && (t = waitq_pop(&n->waiters))) {
		long b = (long)(n->bits & 0x7fffffffffffffffULL);

		n->bits = 0;
		wait_wake(t, b);
	}
}

long notif_wait(struct thread *t, struct notif *n, uint64_t deadline_ns, int poll)
{
	if (n->bits) {
		long b = (long)(n->bits & 0x7fffffffffffffffULL);

		n->bits = 0;
		return b;
	}
	if (poll)
		return -SH_ETIMEDOUT;
	wait_block(t, T_NOTIF, &n->waiters, deadline_ns);
	return IPC_BLOCKED;
}

/* ---- IRQ objects ---- */

static struct irq_obj *lines[IRQ_MAX];
static uint8_t reserved[IRQ_MAX];

void irq_reserve(unsigned intid)
{
	if (intid < IRQ_MAX)
		reserved[intid] = 1;
}

static void user_irq(unsigned intid, void *arg)
{
	struct irq_obj *irq = arg;

	irq_disable(intid);
	if (irq->notif)
		notif_signal(irq->notif, irq->bits);
}

static void irq_destroy(struct kobj *o, struct kobj_reap *r)
{
	struct irq_obj *irq = (struct irq_obj *)o;

	irq_disable(irq->intid);
	irq_register(irq->intid, NULL, NULL);
	lines[irq->intid] = NULL;
	if (irq->notif)
		kobj_put_reap(&irq->notif->obj, r);
	kfree(irq);
}

static const struct kobj_ops irq_ops = { .destroy = irq_destroy };

int irq_obj_claim(struct quota *q, unsigned intid, struct irq_obj **out)
{
	struct irq_obj *irq;

	if (intid >= IRQ_MAX || intid >= irq_count() || intid < 16)
		return -SH_EINVAL;
	if (lines[intid] || reserved[intid])
		return -SH_EBUSY;
	irq = kmalloc(sizeof(*irq));
	if (!irq)
		return -SH_ENOMEM;
	if (kobj_init(&irq->obj, SH_OBJ_IRQ, &irq_ops, q, sizeof(*irq))) {
		kfree(irq);
		return -SH_EQUOTA;
	}
	irq->intid = intid;
	lines[intid] = irq;
	*out = irq;
	return 0;
}

void irq_obj_bind(struct irq_obj *irq, struct notif *n, uint64_t bits)
{
	if (irq->notif)
		kobj_put(&irq->notif->obj);
	kobj_get(&n->obj);
	irq->notif = n;
	irq->bits = bits;
	irq_register(irq->intid, user_irq, irq);
	irq_enable(irq->intid);
}

void irq_obj_ack(struct irq_obj *irq)
{
	if (irq->notif)
		irq_enable(irq->intid);
}
