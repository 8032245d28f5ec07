/* Faults are messages: a user thread that faults stops, and its process's
 * supervisor endpoint receives an SH_TAG_FAULT notice; with no supervisor
 * the thread is killed and one line is logged. */
#ifndef BEDROCK_FAULT_H
#define BEDROCK_FAULT_H

#include <stdint.h>

struct thread;

void fault_deliver(struct thread *t, unsigned kind, uint64_t addr, uint64_t pc, uint64_t esr);

#endif
