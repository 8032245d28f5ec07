/* The erl: scheme on Shale: how flint's `erl` reaches an Erlang shell in
 * the silo.  The process's main thread serves erl: (libstrate's loop); the
 * interpreter's thread takes what clients send (host_shell_take) and
 * queues what the shell prints (host_shell_put).  The protocol is in
 * silos/erlang/README.md ("The erl: scheme"): OPEN "/shell" starts a
 * session (one at a time; "/run" one that runs a function), WRITE sends
 * typed bytes, each READ returns one frame -- a kind byte ('o' output,
 * 'p' a prompt: the shell waits for a line, 'x' the session ended) and
 * its text -- waiting until there is one.
 *
 * Two threads share the queues below under one small lock.  A READ with
 * nothing to return is kept (SCHEME_DEFER); the interpreter's thread
 * wakes the server for it by calling the endpoint with SHELL_TAG_POKE,
 * so that only the server thread ever answers requests. */
#include "host.h"
#include <shale.h>
#include <shale/errors.h>
#include <shale/strate.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SHELL_TAG_POKE	0x45524c50u	/* "ERLP": our own message tag */
#define SHELL_FILES	8u
#define SHELL_OUT_MAX	(1u << 20)	/* bytes queued for a slow reader */

struct chunk {
	struct chunk *next;
	int kind;		/* SHELL_EV_* in, 'o'/'p'/'x' out */
	size_t len, off;	/* off: bytes already sent */
	uint8_t data[];
};

struct queue {
	struct chunk *head, *tail;
	size_t bytes;
};

static atomic_flag lock = ATOMIC_FLAG_INIT;
static struct queue in_q, out_q;	/* events for the VM; frames for flint */
static struct scheme_file *session;	/* the open shell, NULL if none */
static struct scheme_req kept;		/* a READ waiting for a frame */
static int have_kept;
static atomic_int pending;		/* events the VM has not taken */
static sh_handle_t serve_ep;
static void (*wake_vm)(void);

static struct scheme_server srv;
static struct scheme_file files[SHELL_FILES];
static uint8_t rbuf[SCHEME_RECV_MIN];
static uint8_t obuf[SH_READ_MAX];

static void q_lock(void)
{
	while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
		sh_sys_yield();
}

static void q_unlock(void)
{
	atomic_flag_clear_explicit(&lock, memory_order_release);
}

/* Appends a chunk (caller holds the lock).  Returns 0 or -SH_ENOMEM. */
static int q_push(struct queue *q, int kind, const void *data, size_t len)
{
	struct chunk *c = malloc(sizeof *c + len);
	if (!c)
		return -SH_ENOMEM;
	c->next = NULL;
	c->kind = kind;
	c->len = len;
	c->off = 0;
	if (len)
		memcpy(c->data, data, len);
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	q->bytes += len;
	return 0;
}

static void q_drop(struct queue *q)
{
	while (q->head) {
		struct chunk *c = q->head;
		q->head = c->next;
		free(c);
	}
	q->tail = NULL;
	q->bytes = 0;
}

/* Copies the next frame (at most cap bytes: kind byte and text) into buf
 * and consumes it (caller holds the lock).  Returns its length, 0 if the
 * queue is empty. */
static uint32_t q_frame(uint8_t *buf, uint32_t cap)
{
	struct chunk *c = out_q.head;
	if (!c || cap < 2)
		return 0;
	size_t n = c->len - c->off;
	if (n > cap - 1u)
		n = cap - 1u;
	buf[0] = (uint8_t)c->kind;
	memcpy(buf + 1, c->data + c->off, n);
	c->off += n;
	out_q.bytes -= n;
	if (c->off == c->len) {
		out_q.head = c->next;
		if (!out_q.head)
			out_q.tail = NULL;
		free(c);
	}
	return (uint32_t)n + 1u;
}

/* Queues an event for the interpreter and wakes it (lock held). */
static void event(int kind, const void *data, size_t len)
{
	if (q_push(&in_q, kind, data, len) == 0) {
		atomic_store(&pending, 1);
		wake_vm();
	}
}

/* Answers the kept READ with the next frame, if there is one (lock held). */
static void answer_kept(void)
{
	if (!have_kept || !out_q.head)
		return;
	uint32_t cap = kept.hdr.count < sizeof obuf ? kept.hdr.count
						     : (uint32_t)sizeof obuf;
	uint32_t n = q_frame(obuf, cap);
	have_kept = 0;
	scheme_reply_data(&kept, n, obuf, n);
}

static int64_t sh_open(struct scheme_req *req, const char *path,
		       uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	(void)req;
	(void)mode;
	if (strcmp(path, "/shell") != 0 && strcmp(path, "/run") != 0)
		return -SH_ENOENT;
	if ((flags & (SH_O_READ | SH_O_WRITE)) != (SH_O_READ | SH_O_WRITE))
		return -SH_EPERM;
	int64_t r = 0;
	q_lock();
	if (session) {
		r = -SH_EBUSY;		/* one shell at a time */
	} else {
		session = f;
		q_drop(&out_q);
		event(SHELL_EV_OPEN, path, strlen(path));
	}
	q_unlock();
	return r;
}

static int64_t sh_read(struct scheme_req *req, struct scheme_file *f,
		       uint64_t off, void *buf, uint32_t count)
{
	(void)off;
	int64_t r;
	q_lock();
	if (f != session) {
		r = 0;			/* a session that ended: end of file */
	} else if (out_q.head) {
		r = q_frame(buf, count);
		if (r == 0)
			r = -SH_EINVAL;	/* room for no frame */
	} else if (have_kept) {
		r = -SH_EBUSY;
	} else {
		kept = *req;
		have_kept = 1;
		r = SCHEME_DEFER;
	}
	q_unlock();
	return r;
}

static int64_t sh_write(struct scheme_req *req, struct scheme_file *f,
			uint64_t off, const void *buf, uint32_t count)
{
	(void)req;
	(void)off;
	int64_t r = count;
	q_lock();
	if (f != session)
		r = -SH_EDEAD;
	else
		event(SHELL_EV_DATA, buf, count);
	q_unlock();
	return r;
}

static void sh_close(struct scheme_server *s, struct scheme_file *f)
{
	(void)s;
	q_lock();
	if (f == session) {
		if (have_kept) {
			have_kept = 0;
			scheme_reply(&kept, -SH_EINTR);
		}
		session = NULL;
		q_drop(&out_q);
		event(SHELL_EV_CLOSE, NULL, 0);
	}
	q_unlock();
}

static const struct scheme_ops shell_ops = {
	.open = sh_open, .read = sh_read, .write = sh_write, .close = sh_close,
};

/* The interpreter's call: answer a kept READ now that a frame is there. */
static int poke_hook(uint64_t rcvid, struct sh_msg *in, void *arg)
{
	(void)arg;
	if (in->tag != SHELL_TAG_POKE || in->badge != 0)
		return 0;
	q_lock();
	answer_kept();
	q_unlock();
	struct sh_msg out;
	memset(&out, 0, sizeof out);
	sh_ipc_reply((long)rcvid, &out);
	return 1;
}

int shell_serve(sh_handle_t ep, void (*wake)(void))
{
	serve_ep = ep;
	wake_vm = wake;
	int r = scheme_server_init(&srv, ep, &shell_ops, NULL, files,
				   SHELL_FILES, rbuf, sizeof rbuf, obuf,
				   sizeof obuf);
	if (r < 0)
		return r;
	return strate_serve(&srv, poke_hook, NULL);
}

int host_shell_take(uint8_t *buf, size_t cap, size_t *len)
{
	int kind = SHELL_EV_NONE;
	q_lock();
	struct chunk *c = in_q.head;
	if (c) {
		size_t n = c->len - c->off;
		if (n > cap)
			n = cap;
		memcpy(buf, c->data + c->off, n);
		*len = n;
		kind = c->kind;
		c->off += n;
		if (c->off == c->len) {
			in_q.head = c->next;
			if (!in_q.head)
				in_q.tail = NULL;
			free(c);
		}
	}
	q_unlock();
	return kind;
}

bool host_shell_pending(void)
{
	return atomic_exchange(&pending, 0) != 0;
}

int host_shell_put(int kind, const void *data, size_t len)
{
	int r = 0, poke = 0;
	q_lock();
	if (!session) {
		r = -SH_EDEAD;
	} else if (out_q.bytes + len > SHELL_OUT_MAX) {
		r = -SH_ENOSPC;		/* the reader stopped reading */
	} else {
		r = q_push(&out_q, kind, data, len);
		poke = r == 0 && have_kept;
	}
	q_unlock();
	if (poke) {
		struct sh_msg m;
		memset(&m, 0, sizeof m);
		m.tag = SHELL_TAG_POKE;
		sh_ipc_call(serve_ep, &m);
	}
	return r;
}
