/* A fake IPC layer for host tests of the scheme library: it defines libc's
 * raw stubs (sh_sys_ipc_*, sh_sys_cap_close) that shale.h's wrappers call.
 *
 * Server side: tests queue messages; ipc_recv/reply_recv hand them out in
 * order with rcvids 1, 2, ... and record every reply.  When the queue is
 * empty, receiving returns -SH_EBADH, which ends scheme_serve().
 * Client side: ipc_call on FAKE_EP_LOOP goes straight into a connected
 * struct scheme_server through scheme_dispatch(), copying bytes and
 * checking caps as the kernel would. */
#ifndef FAKE_IPC_H
#define FAKE_IPC_H

#include <stdint.h>
#include <shale/scheme_serve.h>

#define FAKE_MAX 64
#define FAKE_DATA (SH_MSG_MAX + 64)
#define FAKE_EP_LOOP 99u

struct fake_msg {
	uint64_t rcvid;
	uint64_t tag;
	uint64_t badge;
	uint32_t len;
	uint32_t nhandles;
	sh_handle_t handles[SH_MSG_HANDLES];
	unsigned char data[FAKE_DATA];
};

struct fake_ipc {
	struct fake_msg in[FAKE_MAX];	/* queued requests */
	unsigned nin, next_in;
	struct fake_msg out[FAKE_MAX];	/* replies seen */
	unsigned nout;
	uint64_t dead_rcvid;		/* its caller is gone: the reply is lost */
	uint64_t stale_rcvid;		/* replying to it gives -SH_EINVAL */
	sh_handle_t closed[FAKE_MAX];	/* sh_cap_close calls */
	unsigned nclosed;
	unsigned calls;			/* ipc_call count */
	struct scheme_server *loop;	/* ipc_call target */
	uint64_t loop_badge;
	uint64_t loop_rcvid;
	/* Bytes ipc_call copies to the server: the kernel's limit is the
	 * receiver's cap; tests may lower it. */
	uint32_t recv_cap;
	/* If set, ipc_call answers with this instead (a lying strate). */
	int canned;
	struct fake_msg canned_reply;
};

extern struct fake_ipc fake;

void fake_reset(void);
/* Queues a request: header h, payload p (n bytes).  Returns its rcvid. */
uint64_t fake_push(uint64_t tag, uint64_t badge, const struct sh_req *h,
		   const void *p, uint32_t n);
/* Queues raw bytes as a message (for malformed ones). */
uint64_t fake_push_raw(uint64_t tag, uint64_t badge, const void *p, uint32_t n);
/* The reply recorded for rcvid, or NULL. */
const struct fake_msg *fake_reply(uint64_t rcvid);

#endif
