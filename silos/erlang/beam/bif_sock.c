/* Socket BIFs (module shale_sock) behind lib/gen_tcp.erl: a TCP connection
 * is a file of netd's net: scheme ("net:tcp/10.0.2.2:7777", opened with
 * the caller's capability token), written with POSIX write.  A read can
 * wait in netd for as long as the peer is silent, so it runs on a thread
 * of its own (host_run_async): recv_start/2 starts it and returns; when it
 * is done the thread wakes the scheduler, whose sock_poll sends the
 * waiting process the atom shale_sock_ready; recv_result/0 then hands it
 * the bytes.  One read per process at a time (gen_tcp's passive recv).
 * Opening a listener's accept file waits in netd until a client connects,
 * so accept_start/1 opens it the same way, on a thread, and
 * recv_result/0 then hands over {ok, Fd}.  Every descriptor is recorded
 * with its path (cap_fd.c) and each send, recv and close checks that the
 * caller's own token covers it: eacces if not, ebadf for a number never
 * handed out. */
#include "beam.h"
#include "host.h"
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

#define SOCK_PATH_MAX 256
#define SOCK_READS 40		/* reads and accepts in flight, all processes */
#define SOCK_READ_MAX (64u << 10)

struct sock_read {
	atomic_int state;	/* 0 free, 1 reading, 2 done, 3 told */
	int opening;		/* 1: an accept open (buf holds the path) */
	term pid;
	int fd;
	size_t want;
	ssize_t got;		/* bytes, 0 end of stream, -errno */
	uint8_t *buf;
};

static struct sock_read reads[SOCK_READS];
static atomic_int pending;

static term atom_of(const char *s)
{
	return atom_intern(s, strlen(s));
}

/* POSIX errno -> the atom inet uses. */
static term errno_atom(int e)
{
	switch (e) {
	case ECONNREFUSED: return atom_of("econnrefused");
	case ECONNRESET: return atom_of("econnreset");
	case ETIMEDOUT: return atom_of("etimedout");
	case ENOENT: return atom_of("enoent");
	case EACCES: return atom_of("eacces");
	case EPIPE: return atom_of("epipe");
	case ENOMEM: return atom_of("enomem");
	case EINVAL: return atom_of("einval");
	case EBADF: return atom_of("ebadf");
	case EAGAIN: return atom_of("eagain");
	default: return atom_of("eio");
	}
}

static term error_of(struct proc *p, int e)
{
	return tuple2(p, ATOM(error), errno_atom(e));
}

/* Copies the iodata path t into path (room SOCK_PATH_MAX, NUL added).
 * Returns false for a path that is not flat text of 1..255 bytes. */
static bool path_of(term t, char *path)
{
	size_t n;
	uint8_t *d = iolist_flatten(t, &n);
	if (!d)
		return false;
	bool ok = n > 0 && n < SOCK_PATH_MAX && !memchr(d, 0, n);
	if (ok) {
		memcpy(path, d, n);
		path[n] = 0;
	}
	free(d);
	return ok;
}

/* open(Path) -> {ok, Fd} | {error, R}: eacces unless the caller's token
 * covers Path for writing. */
BIF(b_sock_open)
{
	char path[SOCK_PATH_MAX];
	if (!path_of(a[0], path))
		return BADARG(p);
	if (!cap_allows(p->cap, path, true))
		return error_of(p, EACCES);
	int fd = open(path, O_RDWR);
	if (fd < 0)
		return error_of(p, errno);
	int e = cap_fd_record(fd, path, true, p->cap);
	if (e) {
		close(fd);
		return error_of(p, e);
	}
	return tuple2(p, ATOM(ok), make_small(fd));
}

static bool fd_of(term t, int *fd)
{
	if (!is_small(t) || small_val(t) < 3 || small_val(t) > INT32_MAX)
		return false;
	*fd = (int)small_val(t);
	return true;
}

/* send(Fd, IoData) -> ok | {error, R}: all of it (netd keeps a write
 * that does not fit its buffer until it does). */
BIF(b_sock_send)
{
	int fd;
	size_t n, off = 0;
	if (!fd_of(a[0], &fd))
		return BADARG(p);
	uint8_t *d = iolist_flatten(a[1], &n);
	if (!d)
		return BADARG(p);
	int e = cap_fd_check(p->cap, fd, true);
	if (e) {
		free(d);
		return error_of(p, e);
	}
	while (off < n) {
		ssize_t r = write(fd, d + off, n - off);
		if (r <= 0) {
			int e = r < 0 ? errno : EPIPE;
			free(d);
			return error_of(p, e);
		}
		off += (size_t)r;
	}
	free(d);
	return ATOM(ok);
}

/* close(Fd) -> ok | {error, R}: the orderly end (netd sends the FIN). */
BIF(b_sock_close)
{
	int fd;
	if (!fd_of(a[0], &fd))
		return BADARG(p);
	int e = cap_fd_check(p->cap, fd, true);
	if (e)
		return error_of(p, e);
	cap_fd_forget(fd);
	close(fd);
	return ATOM(ok);
}

static void read_thread(void *arg)
{
	struct sock_read *r = arg;
	ssize_t got = r->opening ? open((const char *)r->buf, O_RDWR)
				 : read(r->fd, r->buf, r->want);
	r->got = got < 0 ? -errno : got;
	atomic_store(&r->state, 2);
	atomic_store(&pending, 1);
	host_wake();
}

static struct sock_read *read_of(term pid)
{
	for (int i = 0; i < SOCK_READS; i++)
		if (atomic_load(&reads[i].state) && reads[i].pid == pid)
			return &reads[i];
	return NULL;
}

/* A free slot for the caller's next wait (slots of readers that died
 * are reclaimed first), or NULL with *err set (EAGAIN: one at a time per
 * process, or all SOCK_READS busy). */
static struct sock_read *slot_take(struct proc *p, int *err)
{
	struct sock_read *r = NULL;
	*err = EAGAIN;
	if (read_of(p->pid))
		return NULL;
	for (int i = 0; i < SOCK_READS; i++)
		if (atomic_load(&reads[i].state) == 3 &&
		    !proc_find_pid(reads[i].pid)) {
			free(reads[i].buf);
			atomic_store(&reads[i].state, 0);
		}
	for (int i = 0; i < SOCK_READS && !r; i++)
		if (!atomic_load(&reads[i].state))
			r = &reads[i];
	return r;
}

/* Starts r's thread for p (r->buf, want, fd, opening filled).  Returns ok,
 * or {error, enotsup} with r freed. */
static term slot_start(struct proc *p, struct sock_read *r)
{
	r->pid = p->pid;
	r->got = 0;
	atomic_store(&r->state, 1);
	if (!host_run_async(read_thread, r)) {
		atomic_store(&r->state, 0);
		free(r->buf);
		return tuple2(p, ATOM(error), atom_of("enotsup"));
	}
	return ATOM(ok);
}

/* recv_start(Fd, N) -> ok | {error, R}: reads up to N bytes (1..64 KiB)
 * for the caller, who gets shale_sock_ready when they are there. */
BIF(b_sock_recv_start)
{
	int fd, err;
	if (!fd_of(a[0], &fd) || !is_small(a[1]) || small_val(a[1]) < 1)
		return BADARG(p);
	if ((err = cap_fd_check(p->cap, fd, false)) != 0)
		return error_of(p, err);
	struct sock_read *r = slot_take(p, &err);
	if (!r)
		return error_of(p, err);
	size_t want = (size_t)small_val(a[1]);
	r->want = want > SOCK_READ_MAX ? SOCK_READ_MAX : want;
	r->buf = malloc(r->want);
	if (!r->buf)
		return error_of(p, ENOMEM);
	r->fd = fd;
	r->opening = 0;
	return slot_start(p, r);
}

/* accept_start(Path) -> ok | {error, R}: opens Path (a listener's accept
 * file, which waits for a client) for the caller, who gets
 * shale_sock_ready when it is open; eacces unless the caller's token
 * covers Path for writing. */
BIF(b_sock_accept_start)
{
	char path[SOCK_PATH_MAX];
	int err;
	if (!path_of(a[0], path))
		return BADARG(p);
	if (!cap_allows(p->cap, path, true))
		return error_of(p, EACCES);
	struct sock_read *r = slot_take(p, &err);
	if (!r)
		return error_of(p, err);
	r->buf = (uint8_t *)strdup(path);
	if (!r->buf)
		return error_of(p, ENOMEM);
	r->want = 0;
	r->fd = -1;
	r->opening = 1;
	return slot_start(p, r);
}

/* recv_result() -> {ok, Binary} | {error, closed} | {error, R} | none:
 * the caller's finished read. */
BIF(b_sock_recv_result)
{
	struct sock_read *r = read_of(p->pid);
	if (!r || atomic_load(&r->state) < 2)
		return atom_of("none");
	term t;
	int e;
	if (r->opening && r->got >= 0 &&
	    (e = cap_fd_record((int)r->got, (const char *)r->buf, true, p->cap))) {
		close((int)r->got);
		t = error_of(p, e);
	} else if (r->opening && r->got >= 0)
		t = tuple2(p, ATOM(ok), make_small(r->got));
	else if (r->got > 0)
		t = tuple2(p, ATOM(ok), bin_new(p, r->buf, (size_t)r->got));
	else if (r->got == 0)
		t = tuple2(p, ATOM(error), atom_of("closed"));
	else
		t = error_of(p, (int)-r->got);
	free(r->buf);
	atomic_store(&r->state, 0);
	return t;
}

void sock_poll(void)
{
	if (!atomic_exchange(&pending, 0))
		return;
	for (int i = 0; i < SOCK_READS; i++) {
		int done = 2;
		if (atomic_compare_exchange_strong(&reads[i].state, &done, 3) &&
		    !proc_send_to(reads[i].pid, atom_of("shale_sock_ready"))) {
			/* the reader is gone: nobody takes the bytes */
			free(reads[i].buf);
			atomic_store(&reads[i].state, 0);
		}
	}
}

const struct bif_def bifs_sock[] = {
	{"shale_sock", "open", 1, b_sock_open},
	{"shale_sock", "send", 2, b_sock_send},
	{"shale_sock", "close", 1, b_sock_close},
	{"shale_sock", "recv_start", 2, b_sock_recv_start},
	{"shale_sock", "accept_start", 1, b_sock_accept_start},
	{"shale_sock", "recv_result", 0, b_sock_recv_result},
	{NULL, NULL, 0, NULL},
};
