/* The IPC fast path (ipc_fast.c): call and reply_recv with a short message
 * and no handles, straight to a partner waiting on the same CPU. */
#ifndef BEDROCK_IPC_FAST_H
#define BEDROCK_IPC_FAST_H

#include "object.h"

/* Messages up to this many bytes may take the fast path. */
#define IPC_FAST_BYTES 256

/* Thread t (current on c, kernel_lock held) made ipc_call / ipc_reply_recv
 * with its arguments in its frame: does the whole call and returns the
 * frame to resume (the partner's), or returns NULL having changed nothing,
 * and the slow path takes the call. */
struct trapframe *ipc_fast_call(struct cpu *c, struct thread *t);
struct trapframe *ipc_fast_reply_recv(struct cpu *c, struct thread *t);

#endif
