/* Process aliases (OTP 24): references that messages can be sent to, as
 * gen_server:call replies are.  A table from reference serial to owner,
 * with the mode that says when the alias goes away by itself. */
#include "beam.h"
#include <stdlib.h>

struct alias {
	uint64_t ref, owner;
	enum alias_mode mode;
	struct alias *next;
};

#define ALIAS_BUCKETS 1024
static struct alias *buckets[ALIAS_BUCKETS];

static struct alias **alias_slot(uint64_t ref)
{
	struct alias **pp = &buckets[ref % ALIAS_BUCKETS];
	while (*pp && (*pp)->ref != ref)
		pp = &(*pp)->next;
	return pp;
}

static void alias_unlink(struct alias **pp)
{
	struct alias *a = *pp;
	struct proc *q = proc_find(a->owner);
	if (q)
		q->naliases--;
	*pp = a->next;
	free(a);
}

void alias_add(struct proc *p, uint64_t ref, enum alias_mode mode)
{
	struct alias *a = malloc(sizeof *a);
	a->ref = ref;
	a->owner = p->serial;
	a->mode = mode;
	p->naliases++;
	a->next = buckets[ref % ALIAS_BUCKETS];
	buckets[ref % ALIAS_BUCKETS] = a;
}

bool alias_remove(uint64_t ref, uint64_t owner)
{
	struct alias **pp = alias_slot(ref);
	if (!*pp || (*pp)->owner != owner)
		return false;
	alias_unlink(pp);
	return true;
}

void alias_monitor_gone(uint64_t ref)
{
	struct alias **pp = alias_slot(ref);
	if (*pp && ((*pp)->mode == ALIAS_DEMONITOR ||
		    (*pp)->mode == ALIAS_REPLY_DEMONITOR))
		alias_unlink(pp);
}

struct proc *alias_target(uint64_t ref)
{
	struct alias **pp = alias_slot(ref);
	if (!*pp)
		return NULL;
	struct proc *q = proc_find((*pp)->owner);
	enum alias_mode mode = (*pp)->mode;
	if (mode == ALIAS_REPLY || mode == ALIAS_REPLY_DEMONITOR) {
		uint64_t owner = (*pp)->owner;
		alias_unlink(pp);
		if (mode == ALIAS_REPLY_DEMONITOR)
			proc_monitor_drop(owner, ref);
	}
	return q;
}

void alias_forget_owner(struct proc *p)
{
	for (size_t b = 0; b < ALIAS_BUCKETS && p->naliases; b++)
		for (struct alias **pp = &buckets[b]; *pp;)
			if ((*pp)->owner == p->serial)
				alias_unlink(pp);
			else
				pp = &(*pp)->next;
}
