/* Kernel-lock hold times (see lockstat.h).  Each trap measures from taking
 * kernel_lock to releasing it in this CPU's cycle counter (PMCCNTR_EL0:
 * guest instructions under -icount) and keeps the longest hold per call.
 * Guarded by kernel_lock: it is updated just before the release. */
#include "lockstat.h"

#include "arch.h"
#include "object.h"

#include <string.h>

_Static_assert(SYS_COUNT <= SH_LOCK_FAULT, "system calls overlap the fault and irq kinds");

static uint64_t longest[SH_LOCK_KINDS];
static uint64_t count[SH_LOCK_KINDS];

unsigned lockstat_kind(unsigned slot, uint64_t esr, uint64_t sysno)
{
	if (slot != 8)
		return SH_LOCK_IRQ;
	if (((esr >> 26) & 0x3f) != 0x15)
		return SH_LOCK_FAULT;
	return sysno < SYS_COUNT ? (unsigned)sysno : SH_LOCK_FAULT;
}

void lockstat_begin(struct cpu *c, unsigned kind)
{
	c->lock_kind = kind;
	c->lock_t0 = arch_cycles();
}

void lockstat_end(struct cpu *c)
{
	unsigned kind = c->lock_kind;
	uint64_t dt = arch_cycles() - c->lock_t0;

	if (kind >= SH_LOCK_KINDS)
		return;
	count[kind]++;
	if (dt > longest[kind])
		longest[kind] = dt;
}

void kernel_lock_drop(void)
{
	lockstat_end(cpu_this());
	spin_unlock(&kernel_lock);
}

void kernel_lock_retake(void)
{
	spin_lock(&kernel_lock);
	cpu_this()->lock_t0 = arch_cycles();
}

void lockstat_read(struct sh_stat_lock *out)
{
	unsigned k;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < SH_LOCK_KINDS; k++) {
		out->longest[k] = longest[k];
		out->count[k] = count[k];
		if (longest[k] > out->max) {
			out->max = longest[k];
			out->max_kind = k;
		}
	}
}
