/* The bounds every IPC message is held to, in one place (portable,
 * host-tested by tests/unit/test_ipc.c). */
#ifndef BEDROCK_MSG_H
#define BEDROCK_MSG_H

#include <stdint.h>

#include <shale/syscall.h>

/* Checks a header a thread is about to send: returns 0, or -SH_EINVAL for
 * more than SH_MSG_MAX bytes or more than SH_MSG_HANDLES handles.  The
 * reserved field is ignored on send (and written 0 on receive). */
int msg_check_send(const struct sh_msg *m);

/* The receive room a buffer of cap bytes offers (cap, at most SH_MSG_MAX). */
uint32_t msg_recv_room(uint32_t cap);

/* Whether len bytes fit a receiver's room. */
int msg_fits(uint64_t len, uint32_t room);

#endif
