/* The register frame saved by vectors.S on every exception. */
#ifndef AARCH64_TRAP_H
#define AARCH64_TRAP_H

#include <stdint.h>

struct trapframe {
	uint64_t x[31];		/* x0..x30 */
	uint64_t sp;		/* SP_EL0 for EL0 traps, the interrupted SP for EL1 */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct trapframe) == 288, "vectors.S FRAME_SIZE");

/* Called by vectors.S for vector slot 0..15; returns the frame to resume. */
struct trapframe *trap_entry(struct trapframe *tf, unsigned long slot);

/* Prints a full report of an exception (class, ELR, FAR, registers). */
void trap_report(const char *why, const struct trapframe *tf);

#endif
