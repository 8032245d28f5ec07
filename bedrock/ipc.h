/* Synchronous IPC over endpoints, QNX style: a call blocks until the
 * server replies to the rcvid its receive returned; the kernel copies the
 * bytes and derives the handles.  Kernel notices (faults, exits) wait on
 * an endpoint like calls that need no reply. */
#ifndef BEDROCK_IPC_H
#define BEDROCK_IPC_H

#include <stdint.h>

#include "object.h"

/* Creates an endpoint owned by process pid.  Returns it (one reference)
 * or NULL when memory or quota is out. */
struct endpoint *endpoint_create(struct quota *q, uint64_t owner_pid);

/* The system calls; each returns the syscall result, or IPC_BLOCKED when
 * the thread now waits and its result will be set on wake-up. */
#define IPC_BLOCKED (-(1L << 62))	/* never a real result */
long ipc_call(struct thread *t, struct endpoint *ep, uint64_t badge, uint64_t umsg);
long ipc_recv(struct thread *t, struct endpoint *ep, uint64_t umsg);
long ipc_reply(struct thread *t, uint64_t rcvid, uint64_t umsg);

/* Queues a notice on ep, holding holder alive while it waits. */
void ipc_notice_post(struct endpoint *ep, struct notice *n, struct kobj *holder);

/* Takes a not yet received notice back off its endpoint. */
void ipc_notice_cancel(struct notice *n);

/* Thread t is dying: drop any call or reply it was part of. */
void ipc_thread_gone(struct thread *t);

/* Process pid ended: endpoints it created refuse calls with -SH_EDEAD. */
void ipc_owner_gone(uint64_t pid);

#endif
