/* Processes: a VSpace object holding an address space, a handle table and
 * threads.  A process ends when its last thread does (or proc_kill): its
 * handles are closed and its memory unmapped at once; the object itself,
 * with its exit status, lives on while handles name it. */
#ifndef BEDROCK_PROC_H
#define BEDROCK_PROC_H

#include <stdint.h>

#include "object.h"

/* Creates an empty live process in silo s, charged to its quota.  Returns
 * 0 and *out (one reference), or -SH_ENOMEM / -SH_EQUOTA / -SH_EBUSY (no
 * ASID) / -SH_EDEAD (the silo was killed). */
int proc_create(struct silo *s, const char *name, struct proc **out);

/* The first process of the list of all processes (then ->all_next). */
struct proc *proc_first(void);

/* Mappings (and guards) one process may have: bounds the work of ending
 * it, done in the one call that ends it, to a few million instructions. */
#define PROC_MAPS_MAX 16384u

/* Maps npages of frame f from page offset at va with VM_* perms.  Returns
 * 0, -SH_EINVAL (range, alignment, W+X), -SH_EEXIST (overlap),
 * -SH_ENOSPC (PROC_MAPS_MAX reached) or the page-table allocation error;
 * nothing stays mapped on failure. */
int proc_map(struct proc *p, uint64_t va, struct frame *f, uint64_t offset,
	     uint64_t npages, unsigned perms);

/* Reserves [va, va + npages) as a guard: nothing may be mapped there. */
int proc_guard(struct proc *p, uint64_t va, uint64_t npages);

/* Removes the mappings lying inside [va, va + npages).  A mapping only
 * partly inside is -SH_EINVAL (nothing changes). */
int proc_unmap(struct proc *p, uint64_t va, uint64_t npages);

/* Kills every thread of p; p ends with kind/code. */
void proc_kill(struct proc *p, int kind, int code);

/* Called when p's last thread died: closes handles, unmaps memory, tells
 * the supervisor and proc_wait callers. */
void proc_end(struct proc *p, int kind, int code);

/* Number of live processes, and iteration for sys_stat. */
uint64_t proc_count(void);

/* The reply slot for a new pending call in p; NULL when all are busy. */
struct reply_slot *proc_reply_alloc(struct proc *p, uint64_t *rcvid);

/* The index of a free reply slot of p (-1: none, or none allocated yet),
 * and taking slot i for caller (the fast path checks, then commits). */
int proc_reply_free(const struct proc *p);
struct reply_slot *proc_reply_take(struct proc *p, int i, struct thread *caller, uint64_t *rcvid);

/* The pending call rcvid of p, or NULL. */
struct reply_slot *proc_reply_find(struct proc *p, uint64_t rcvid);

#endif
