/* consd: serves cons:, the serial console (paths and modes: shale/cons.h).
 *
 * Owns: the PL011 (MMIO frame and interrupt, from SH_DEV=uart@F/irq@Q), the
 * line discipline (ldisc.c), the readers waiting for input, and one log
 * ring per client badge.  Trusts nobody it serves: the server library
 * checks messages and fids; a client only chooses its own timeout and log
 * name, and the mode of the one terminal.
 *
 * Two threads.  The main thread serves the endpoint and owns all state.
 * The interrupt thread only waits on the notification the UART's irq is
 * bound to (or a timeout: the earliest waiting read's deadline) and then
 * calls the endpoint with CONS_TAG_TICK, so input, timeouts and requests
 * are all handled by the main thread in one order, without locks.  A read
 * with nothing to return is kept (SCHEME_DEFER) and answered when a line
 * arrives, when its deadline passes, or when its file is closed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/scheme_serve.h>
#include <shale/scheme_path.h>
#include <shale/strate.h>
#include "consd.h"


#define CONSD_FILES	64u
#define CONSD_WAITERS	16u
#define BIT_IRQ		1u	/* the UART's interrupt */
#define BIT_RECALC	2u	/* the earliest deadline changed */
#define NO_TIMEOUT	UINT64_MAX
#define POLL_NS		20000000ULL	/* no irq handle: poll every 20 ms */

enum cons_kind { K_TTY = 1, K_CTL, K_LOGDIR, K_LOG };

/* One client badge: its read timeout and its log ring. */
struct client {
	uint64_t badge;
	int used;
	uint64_t timeout_ns;		/* NO_TIMEOUT: wait for ever */
	char name[SH_FILENAME_MAX + 1];	/* "" : use the badge */
	char ring[CONS_LOG_RING];
	uint64_t total;			/* bytes ever written */
	uint64_t last;			/* use stamp, for replacing the oldest */
};

/* A read kept until input comes. */
struct waiter {
	int used;
	struct scheme_req req;
	uint32_t count;
	uint64_t deadline;		/* clock ns, NO_TIMEOUT */
	uint64_t seq;			/* arrival order */
};

static struct ldisc ld;
static struct client clients[CONS_LOG_CLIENTS];
static uint64_t stamp;
static struct waiter waiters[CONSD_WAITERS];
static uint64_t wseq;			/* arrival counter for waiters */
static sh_handle_t notif, irq;
static struct scheme_file files[CONSD_FILES];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[SH_READ_MAX / 8];
static char rdbuf[CONS_LOG_RING];
static struct scheme_server srv;

static uint64_t now(void)
{
	return (uint64_t)sh_clock();
}

/* ---- clients ------------------------------------------------------------- */

/* The client record of badge; make says whether to create it (replacing
 * the least recently used).  Returns NULL if absent and not made. */
static struct client *client_get(uint64_t badge, int make)
{
	struct client *old = &clients[0];

	for (uint32_t i = 0; i < CONS_LOG_CLIENTS; i++) {
		struct client *c = &clients[i];

		if (c->used && c->badge == badge) {
			c->last = ++stamp;
			return c;
		}
		if (!c->used || (old->used && c->last < old->last))
			old = c;
	}
	if (!make)
		return NULL;
	memset(old, 0, sizeof(*old));
	old->used = 1;
	old->badge = badge;
	old->timeout_ns = NO_TIMEOUT;
	old->last = ++stamp;
	return old;
}

static uint64_t client_timeout(uint64_t badge)
{
	struct client *c = client_get(badge, 0);

	return c ? c->timeout_ns : NO_TIMEOUT;
}

static void client_log(struct client *c, const char *buf, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		c->ring[(c->total + i) % CONS_LOG_RING] = buf[i];
	c->total += len;
}

/* The log's name: its "name", else the badge in decimal. */
static uint32_t client_name(const struct client *c, char *out, size_t cap)
{
	int n;

	if (c->name[0])
		n = snprintf(out, cap, "%s", c->name);
	else
		n = snprintf(out, cap, "%llu", (unsigned long long)c->badge);
	return n < 0 ? 0 : (uint32_t)n;
}

static struct client *client_by_name(const char *name)
{
	char n[SH_FILENAME_MAX + 1];

	for (uint32_t i = 0; i < CONS_LOG_CLIENTS; i++) {
		struct client *c = &clients[i];

		if (!c->used || c->total == 0)
			continue;
		client_name(c, n, sizeof(n));
		if (strcmp(n, name) == 0)
			return c;
	}
	return NULL;
}

/* The log's current contents in order, into rdbuf.  Returns the bytes. */
static uint32_t client_snapshot(const struct client *c)
{
	uint64_t n = c->total < CONS_LOG_RING ? c->total : CONS_LOG_RING;
	uint64_t start = c->total - n;

	for (uint64_t i = 0; i < n; i++)
		rdbuf[i] = c->ring[(start + i) % CONS_LOG_RING];
	return (uint32_t)n;
}

/* ---- waiting readers ----------------------------------------------------- */

/* Answers waiting readers, oldest first, while input is ready. */
static void waiters_feed(void)
{
	for (;;) {
		struct waiter *w = NULL;
		int r;

		for (uint32_t k = 0; k < CONSD_WAITERS; k++) {
			struct waiter *x = &waiters[k];

			if (x->used && (!w || x->seq < w->seq))
				w = x;
		}
		if (!w || !ld_ready(&ld))
			return;
		r = ld_read(&ld, rdbuf, w->count < sizeof(rdbuf) ? w->count
								  : sizeof(rdbuf));
		w->used = 0;
		if (r > 0)
			scheme_reply_data(&w->req, r, rdbuf, (uint32_t)r);
		else
			scheme_reply(&w->req, r);
	}
}

/* Ends waiting reads whose deadline passed.  Returns ns until the next
 * deadline, or NO_TIMEOUT. */
static uint64_t waiters_expire(void)
{
	uint64_t t = now(), next = NO_TIMEOUT;

	for (uint32_t i = 0; i < CONSD_WAITERS; i++) {
		struct waiter *w = &waiters[i];

		if (!w->used || w->deadline == NO_TIMEOUT)
			continue;
		if (w->deadline <= t) {
			w->used = 0;
			scheme_reply(&w->req, -SH_ETIMEDOUT);
		} else if (w->deadline - t < next) {
			next = w->deadline - t;
		}
	}
	return next;
}

/* ---- ops ----------------------------------------------------------------- */

static int64_t cons_open(struct scheme_req *req, const char *path,
			 uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	uintptr_t kind;
	struct client *c = NULL;

	(void)req;
	(void)mode;
	if (flags & SH_O_CREATE)
		return -SH_EPERM;
	if (strcmp(path, "/") == 0 || strcmp(path, "/tty") == 0) {
		kind = K_TTY;
	} else if (strcmp(path, "/ctl") == 0) {
		kind = K_CTL;
	} else if (strcmp(path, "/log") == 0) {
		kind = K_LOGDIR;
	} else if (strncmp(path, "/log/", 5) == 0 && !strchr(path + 5, '/')) {
		c = client_by_name(path + 5);
		if (!c)
			return -SH_ENOENT;
		if (flags & (SH_O_WRITE | SH_O_TRUNC | SH_O_APPEND))
			return -SH_EPERM;
		kind = K_LOG;
	} else {
		return -SH_ENOENT;
	}
	if (kind == K_LOGDIR && (flags & SH_O_WRITE))
		return -SH_EISDIR;
	if ((flags & SH_O_DIR) && kind != K_LOGDIR)
		return -SH_ENOTDIR;
	/* priv: the kind, or the client (8-aligned) for a log */
	f->priv = c ? (void *)c : (void *)kind;
	return 0;
}

static uintptr_t file_kind(const struct scheme_file *f)
{
	uintptr_t p = (uintptr_t)f->priv;

	return p < 8 ? p : K_LOG;
}

static int64_t cons_read(struct scheme_req *req, struct scheme_file *f,
			 uint64_t off, void *buf, uint32_t count)
{
	uint64_t timeout;
	const char *mode;
	uint32_t n;
	int r;

	switch (file_kind(f)) {
	case K_CTL:
		mode = ld.raw ? "raw\n" : "cooked\n";
		n = (uint32_t)strlen(mode);
		if (off >= n)
			return 0;
		n -= (uint32_t)off;
		n = n < count ? n : count;
		memcpy(buf, mode + off, n);
		return n;
	case K_LOG:
		n = client_snapshot(f->priv);
		if (off >= n)
			return 0;
		n -= (uint32_t)off;
		n = n < count ? n : count;
		memcpy(buf, rdbuf + off, n);
		return n;
	case K_LOGDIR:
		return -SH_EISDIR;
	}
	if (count == 0)
		return 0;
	timeout = client_timeout(req->badge);
	/* earlier readers first: only read now if nobody is waiting */
	for (uint32_t i = 0; i < CONSD_WAITERS; i++)
		if (waiters[i].used)
			goto wait;
	r = ld_read(&ld, buf, count);
	if (r != -SH_EAGAIN)
		return r;
	if (timeout == 0)
		return -SH_EAGAIN;
wait:
	for (uint32_t i = 0; i < CONSD_WAITERS; i++) {
		struct waiter *w = &waiters[i];

		if (w->used)
			continue;
		w->used = 1;
		w->req = *req;
		w->count = count;
		w->seq = ++wseq;
		w->deadline = timeout == NO_TIMEOUT || timeout > UINT64_MAX - now()
			      ? NO_TIMEOUT : now() + timeout;
		if (w->deadline != NO_TIMEOUT)
			sh_notif_signal(notif, BIT_RECALC);
		return SCHEME_DEFER;
	}
	return -SH_EBUSY;
}

/* Parses "timeout MS" / "timeout off". */
static int set_timeout(uint64_t badge, const char *arg)
{
	struct client *c;
	char *end;
	unsigned long long ms;

	if (strcmp(arg, "off") == 0) {
		ms = UINT64_MAX;
	} else {
		ms = strtoull(arg, &end, 10);
		if (end == arg || *end || ms > UINT64_MAX / 1000000ULL)
			return -SH_EINVAL;
	}
	c = client_get(badge, 1);
	c->timeout_ns = ms == UINT64_MAX ? NO_TIMEOUT : ms * 1000000ULL;
	return 0;
}

/* Names badge's log (a valid file name, unique: another log of that name
 * loses it). */
static int set_name(uint64_t badge, const char *name)
{
	size_t l = strlen(name);
	struct client *c;

	if (!path_valid_name(name, l))	/* a safe file name */
		return -SH_EINVAL;
	for (uint32_t i = 0; i < CONS_LOG_CLIENTS; i++)
		if (clients[i].used && clients[i].badge != badge &&
		    strcmp(clients[i].name, name) == 0)
			clients[i].name[0] = '\0';
	c = client_get(badge, 1);
	memcpy(c->name, name, l + 1);
	return 0;
}

static int64_t ctl_write(struct scheme_req *req, const char *buf, uint32_t count)
{
	char cmd[64];
	uint32_t n = count;
	int r;

	if (n && buf[n - 1] == '\n')
		n--;
	if (n == 0 || n >= sizeof(cmd))
		return -SH_EINVAL;
	memcpy(cmd, buf, n);
	cmd[n] = '\0';
	if (strcmp(cmd, "raw") == 0 || strcmp(cmd, "cooked") == 0) {
		ld_set_raw(&ld, cmd[0] == 'r');
	} else if (strncmp(cmd, "timeout ", 8) == 0) {
		r = set_timeout(req->badge, cmd + 8);
		if (r < 0)
			return r;
	} else if (strncmp(cmd, "name ", 5) == 0) {
		r = set_name(req->badge, cmd + 5);
		if (r < 0)
			return r;
	} else if (strncmp(cmd, "forget ", 7) == 0) {
		/* silod (badge 0): the client's silo is gone or restarted */
		char *end;
		unsigned long long b = strtoull(cmd + 7, &end, 10);

		if (req->badge != 0)
			return -SH_EPERM;
		if (end == cmd + 7 || *end || b == 0)
			return -SH_EINVAL;
		scheme_forget(&srv, b);
	} else if (strncmp(cmd, "label ", 6) == 0) {
		/* silod (badge 0) names the log of the badge it minted */
		char *end;
		unsigned long long b = strtoull(cmd + 6, &end, 10);

		if (req->badge != 0)
			return -SH_EPERM;
		if (end == cmd + 6 || *end != ' ')
			return -SH_EINVAL;
		r = set_name(b, end + 1);
		if (r < 0)
			return r;
	} else {
		return -SH_EINVAL;
	}
	return count;
}

static int64_t cons_write(struct scheme_req *req, struct scheme_file *f,
			  uint64_t off, const void *buf, uint32_t count)
{
	(void)off;
	switch (file_kind(f)) {
	case K_CTL:
		return ctl_write(req, buf, count);
	case K_TTY:
		uart_write(buf, count);
		client_log(client_get(req->badge, 1), buf, count);
		return count;
	}
	return -SH_EPERM;
}

static int64_t cons_stat(struct scheme_req *req, struct scheme_file *f,
			 struct sh_stat *st)
{
	(void)req;
	st->nlink = 1;
	switch (file_kind(f)) {
	case K_LOGDIR:
		st->type = SH_FTYPE_DIR;
		st->mode = 0555;
		st->id = 3;
		break;
	case K_LOG: {
		const struct client *c = f->priv;

		st->type = SH_FTYPE_FILE;
		st->mode = 0444;
		st->size = c->total < CONS_LOG_RING ? c->total : CONS_LOG_RING;
		st->id = 16 + (uint64_t)(c - clients);
		break;
	}
	default:
		st->type = SH_FTYPE_DEV;
		st->mode = 0666;
		st->id = file_kind(f);
	}
	return 0;
}

/* Cookies: client index + 1. */
static int64_t cons_readdir(struct scheme_req *req, struct scheme_file *f,
			    uint64_t cookie, void *buf, uint32_t cap)
{
	char name[SH_FILENAME_MAX + 1];
	uint32_t used = 0;

	(void)req;
	if (file_kind(f) != K_LOGDIR)
		return -SH_ENOTDIR;
	for (uint64_t i = cookie; i < CONS_LOG_CLIENTS; i++) {
		const struct client *c = &clients[i];
		uint32_t n;
		int r;

		if (!c->used || c->total == 0)
			continue;
		n = client_name(c, name, sizeof(name));
		r = scheme_dirent_put(buf, cap, &used, 16 + i, i + 1,
				      SH_FTYPE_FILE, name, n);
		if (r == -SH_E2BIG)
			return used ? (int64_t)used : -SH_EINVAL;
		if (r < 0)
			return r;
	}
	return used;
}

static void cons_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv;
	for (uint32_t i = 0; i < CONSD_WAITERS; i++) {
		struct waiter *w = &waiters[i];

		if (w->used && w->req.file == f) {
			w->used = 0;
			scheme_reply(&w->req, -SH_EINTR);
		}
	}
	f->priv = NULL;
}

static const struct scheme_ops cons_ops = {
	.open = cons_open,
	.read = cons_read,
	.write = cons_write,
	.stat = cons_stat,
	.readdir = cons_readdir,
	.close = cons_close,
};

/* ---- input and the interrupt thread -------------------------------------- */

static void echo_uart(const char *s, size_t n)
{
	uart_write(s, n);
}

/* Takes every byte the UART holds, then lets the line fire again. */
static void input_drain(void)
{
	char c;

	/* Clear the interrupt first, then empty the FIFO: a byte arriving
	 * after the last read raises a fresh interrupt instead of waiting
	 * unseen for the next keystroke. */
	uart_clear_rx();
	while (uart_getc(&c))
		ld_input(&ld, c);
	if (irq)
		sh_irq_ack(irq);
	waiters_feed();
}

static void irq_thread(void *arg)
{
	sh_handle_t ep = (sh_handle_t)(uintptr_t)arg;
	uint64_t wait = irq ? NO_TIMEOUT : POLL_NS;

	for (;;) {
		struct sh_msg m;

		sh_notif_wait(notif, wait);
		memset(&m, 0, sizeof(m));
		m.tag = CONS_TAG_TICK;
		if (sh_ipc_call(ep, &m) < 0)
			sh_sleep(POLL_NS);	/* never spin on a broken endpoint */
		wait = m.tag;
		if (!irq && wait > POLL_NS)
			wait = POLL_NS;
	}
}

/* Answers a tick: drain the UART, end expired reads; the reply's tag is
 * how long the interrupt thread may wait. */
static void on_tick(long rcvid)
{
	struct sh_msg out;

	input_drain();
	memset(&out, 0, sizeof(out));
	out.tag = waiters_expire();
	sh_ipc_reply(rcvid, &out);
}

/* consd's own message: the input thread's tick (see irq_thread). */
static int tick_hook(uint64_t rcvid, struct sh_msg *in, void *arg)
{
	(void)arg;
	if (in->tag != CONS_TAG_TICK)
		return 0;
	on_tick((long)rcvid);
	return 1;
}

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

int main(void)
{
	struct strate_dev dev;
	long ep, r, err = 0;
	void *regs;

	strate_init();
	ep = strate_serve_handle("cons");
	if (ep < 0)
		ep = strate_serve_handle(NULL);
	if (ep < 0 || strate_dev_get("uart", 0, &dev) < 0) {
		say("consd: need SH_SERVE=cons@K and SH_DEV=uart@F/irq@Q\n");
		return 1;
	}
	regs = strate_dev_map(&dev, 1, NULL, &err);
	if (!regs) {
		say("consd: cannot map the uart\n");
		return 1;
	}
	r = sh_notif_create();
	if (r < 0)
		return 1;
	notif = (sh_handle_t)r;
	ld_init(&ld, echo_uart);
	uart_init(regs);
	if (dev.irq && sh_irq_bind(dev.irq, notif, BIT_IRQ) == 0)
		irq = dev.irq;
	else
		say("consd: no uart interrupt, polling\n");
	if (scheme_server_init(&srv, (sh_handle_t)ep, &cons_ops, NULL, files,
			       CONSD_FILES, rbuf, sizeof(rbuf), obuf,
			       sizeof(obuf)) < 0)
		return 1;
	r = sh_thread_spawn(irq_thread, (void *)(uintptr_t)ep, SH_PRIO_DEFAULT,
			    16384);
	if (r < 0) {
		say("consd: no interrupt thread\n");
		return 1;
	}
	say("consd: serving cons:\n");
	return strate_serve(&srv, tick_hook, NULL) < 0 ? 1 : 0;
}
