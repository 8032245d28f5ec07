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

struct cpu;

/* kernel_lock was just taken on c for a trap of kind. */
void lockstat_begin(struct cpu *c, unsigned kind);

/* kernel_lock is about to be released on c: records the hold. */
void lockstat_end(struct cpu *c);

/* For long work on memory only the current call can reach (a new frame's
 * pages, bytes already copied from the caller): releases kernel_lock and
 * takes it again.  Anything may change meanwhile: after retaking, the
 * caller checks its thread is not T_DEAD (then it drops what it made and
 * returns IPC_BLOCKED) and looks nothing up again it looked up before. */
void kernel_lock_drop(void);
void kernel_lock_retake(void);

/* Copies the figures out (lock held). */
void lockstat_read(struct sh_stat_lock *out);

#endif
