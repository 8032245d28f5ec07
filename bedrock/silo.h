/* Silos: a group of processes under one quota (counted against its
 * parent's too) and one fate.  The root silo holds the system's quota and
 * the authority to claim devices; the first process gets its handle.
 * Killing a silo ends every process in it and below it and reclaims what
 * they held; suspending one parks every thread in it. */
#ifndef BEDROCK_SILO_H
#define BEDROCK_SILO_H

#include <stddef.h>
#include <stdint.h>

#include "object.h"

struct machine;

/* Sets up the root silo over the machine's devices. */
void silo_root_init(const struct machine *m);

/* The root silo (the system's quota lives in it). */
struct silo *silo_root(void);

/* Creates a silo inside parent.  Returns 0 and *out (one reference), or
 * -SH_EDEAD (parent killed), -SH_EINVAL (too deep), -SH_ENOMEM/-SH_EQUOTA. */
int silo_create(struct silo *parent, const char *name, struct silo **out);

/* Whether s is a or lies below a. */
int silo_within(const struct silo *s, const struct silo *a);

/* Whether s or an ancestor was killed: a silo's fate is inherited down
 * the tree, so nothing starts in a sub-silo of a killed silo either. */
int silo_dead(const struct silo *s);

struct proc;


/* One step of a kill: marks s dead, then kills its processes (and its
 * sub-silos') until none is left or budget cycles have passed since the
 * step began (one process at least).  last, if it is inside, is killed
 * after every other.  Returns 1 when none is left, 0 if more remain. */
int silo_kill_some(struct silo *s, const struct proc *last, uint64_t budget);

/* Whether a live process is in s or below. */
int silo_live_procs(const struct silo *s);

/* Parks (on) or unparks every thread of s and its sub-silos. */
void silo_suspend(struct silo *s, int on);

/* Whether s or an ancestor is suspended. */
int silo_suspended(const struct silo *s);

/* Appends console output of one of s's processes to its log (best
 * effort: without memory or quota for the log, nothing is kept). */
void silo_log_write(struct silo *s, const char *b, size_t n);

/* Copies log bytes from absolute offset *pos (advanced; bytes already
 * overwritten are skipped) into b.  Returns the number copied. */
size_t silo_log_read(struct silo *s, char *b, size_t n, uint64_t *pos);

/* Whether [pa, pa + size) lies inside one MMIO region a user driver may
 * have (the UART, a virtio-mmio slot), not RAM and not the GIC. */
int silo_device_range_ok(uint64_t pa, uint64_t size);

#endif
