/* Notifications (a word of event bits) and IRQ objects that signal them. */
#ifndef BEDROCK_NOTIF_H
#define BEDROCK_NOTIF_H

#include <stdint.h>

#include "object.h"

struct notif *notif_create(struct quota *q);

/* ORs bits into n and wakes one waiter with all pending bits. */
void notif_signal(struct notif *n, uint64_t bits);

/* Returns pending bits (clearing them), -SH_ETIMEDOUT for a poll that
 * found none, or IPC_BLOCKED after blocking t until deadline (0: none). */
long notif_wait(struct thread *t, struct notif *n, uint64_t deadline_ns, int poll);

/* Creates the IRQ object for line intid; -SH_EBUSY if claimed already or
 * kernel-owned, -SH_EINVAL if no such line. */
int irq_obj_claim(struct quota *q, unsigned intid, struct irq_obj **out);

/* Binds irq to signal bits on n, unmasking the line. */
void irq_obj_bind(struct irq_obj *irq, struct notif *n, uint64_t bits);

/* Unmasks the line after the driver handled it. */
void irq_obj_ack(struct irq_obj *irq);

/* Marks line intid as the kernel's (timer, SGIs). */
void irq_reserve(unsigned intid);

#endif
