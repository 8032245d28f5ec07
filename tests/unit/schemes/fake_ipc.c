/* The fake IPC layer: see fake_ipc.h. */
#include <string.h>
#include <shale.h>
#include "fake_ipc.h"

struct fake_ipc fake;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
}

uint64_t fake_push_raw(uint64_t tag, uint64_t badge, const void *p, uint32_t n)
{
	struct fake_msg *m = &fake.in[fake.nin];

	if (fake.nin == FAKE_MAX || n > FAKE_DATA)
		return 0;
	m->rcvid = fake.nin + 1;
	m->tag = tag;
	m->badge = badge;
	m->len = n;
	if (n)
		memcpy(m->data, p, n);
	fake.nin++;
	return m->rcvid;
}

uint64_t fake_push(uint64_t tag, uint64_t badge, const struct sh_req *h,
		   const void *p, uint32_t n)
{
	unsigned char buf[FAKE_DATA];

	memcpy(buf, h, sizeof(*h));
	if (n)
		memcpy(buf + sizeof(*h), p, n);
	return fake_push_raw(tag, badge, buf, (uint32_t)sizeof(*h) + n);
}

const struct fake_msg *fake_reply(uint64_t rcvid)
{
	for (unsigned i = 0; i < fake.nout; i++)
		if (fake.out[i].rcvid == rcvid)
			return &fake.out[i];
	return NULL;
}

static long record_reply(long rcvid, const struct sh_msg *m)
{
	struct fake_msg *r;

	if (rcvid == 0 || (uint64_t)rcvid > fake.nin || fake_reply((uint64_t)rcvid))
		return -SH_EINVAL;
	if ((uint64_t)rcvid == fake.dead_rcvid)
		return -SH_EDEAD;
	if ((uint64_t)rcvid == fake.stale_rcvid)
		return -SH_EINVAL;
	if (fake.nout == FAKE_MAX || m->len > FAKE_DATA ||
	    m->nhandles > SH_MSG_HANDLES)
		return -SH_E2BIG;
	r = &fake.out[fake.nout++];
	r->rcvid = (uint64_t)rcvid;
	r->tag = m->tag;
	r->len = m->len;
	r->nhandles = m->nhandles;
	memcpy(r->handles, m->handles, sizeof(r->handles));
	if (m->len)
		memcpy(r->data, m->buf, m->len);
	return 0;
}

long sh_sys_ipc_recv(long ep, long msg)
{
	struct sh_msg *m = (struct sh_msg *)msg;
	struct fake_msg *q;

	(void)ep;
	if (fake.next_in == fake.nin)
		return -SH_EBADH;	/* no more: the endpoint is "closed" */
	q = &fake.in[fake.next_in++];
	if (q->len > m->cap)
		return -SH_EFAULT;	/* the kernel would have refused the send */
	m->tag = q->tag;
	m->badge = q->badge;
	m->len = q->len;
	m->nhandles = q->nhandles;
	memcpy(m->handles, q->handles, sizeof(m->handles));
	memcpy(m->buf, q->data, q->len);
	/* kernel notices have rcvid 0 */
	return (q->tag & SH_TAG_KERNEL) == SH_TAG_KERNEL ? 0 : (long)q->rcvid;
}

long sh_sys_ipc_reply(long rcvid, long msg)
{
	return record_reply(rcvid, (const struct sh_msg *)msg);
}

long sh_sys_ipc_reply_recv(long ep, long rcvid, long reply, long msg)
{
	/* as bedrock's syscall.c: a lost reply (EDEAD) goes on to receive,
	 * a refused one (EINVAL) returns having received nothing */
	if (rcvid != 0) {
		long r = record_reply(rcvid, (const struct sh_msg *)reply);
		if (r == -SH_EINVAL || r == -SH_EFAULT)
			return r;
	}
	return sh_sys_ipc_recv(ep, msg);
}

long sh_sys_cap_close(long h)
{
	if (fake.nclosed < FAKE_MAX)
		fake.closed[fake.nclosed++] = (sh_handle_t)h;
	return 0;
}

/* The kernel's part of a call into fake.loop: copy in, dispatch, copy out. */
long sh_sys_ipc_call(long ep, long msg)
{
	static unsigned char rbuf_copy[FAKE_DATA];
	struct sh_msg *m = (struct sh_msg *)msg;
	struct scheme_server *s = fake.loop;
	struct sh_msg in, out;
	uint32_t cap;

	fake.calls++;
	if (fake.canned) {
		const struct fake_msg *c = &fake.canned_reply;
		if (c->len > m->cap)
			return -SH_E2BIG;
		m->tag = c->tag;
		m->len = c->len;
		m->nhandles = c->nhandles;
		memcpy(m->handles, c->handles, sizeof(m->handles));
		memcpy(m->buf, c->data, c->len);
		return 0;
	}
	if ((uint32_t)ep != FAKE_EP_LOOP || !s)
		return -SH_EBADH;
	cap = fake.recv_cap ? fake.recv_cap : s->rcap;
	if (m->len > cap || m->len > SH_MSG_MAX)
		return -SH_E2BIG;
	memset(&in, 0, sizeof(in));
	in.tag = m->tag;
	in.badge = fake.loop_badge;
	in.buf = s->rbuf;
	in.cap = s->rcap;
	in.len = m->len;
	in.nhandles = m->nhandles;
	memcpy(in.handles, m->handles, sizeof(in.handles));
	memcpy(rbuf_copy, m->buf, m->len);
	memcpy(s->rbuf, rbuf_copy, m->len);
	memset(&out, 0, sizeof(out));
	if (!scheme_dispatch(s, ++fake.loop_rcvid, &in, &out))
		return -SH_ETIMEDOUT;	/* deferred: a real call would block */
	if (out.len > m->cap)
		return -SH_E2BIG;
	m->tag = out.tag;
	m->len = out.len;
	m->nhandles = out.nhandles;
	memcpy(m->handles, out.handles, sizeof(m->handles));
	memcpy(m->buf, out.buf, out.len);
	return 0;
}
