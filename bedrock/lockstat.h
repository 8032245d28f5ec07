/* Kernel-lock hold times: the longest time each kind of trap (each system
 * call, a fault, an interrupt) held kernel_lock, for sys_stat
 * SH_STAT_LOCK and tools/bench. */
#ifndef BEDROCK_LOCKSTAT_H
#define BEDROCK_LOCKSTAT_H

#include <stdint.h>

#include <shale/syscall.h>

/* The kind of a trap: its system call number, SH_LOCK_FAULT or
 * SH_LOCK_IRQ.  slot is the vector slot (8: synchronous from EL0). */
unsigned lockstat_kind(unsigned slot, uint64_t esr, uint64_t sysno);

/* Records a hold of kind that began at cycle t0 (lock held). */
void lockstat_record(unsigned kind, uint64_t t0);

/* Copies the figures out (lock held). */
void lockstat_read(struct sh_stat_lock *out);

#endif
