/* Shale glue for the BEAM interpreter (boot:/bin/beam): files by scheme
 * path through libstrate, the kernel's clock, sleeping, the console, and
 * main().  The silo's counterpart of host.c; the rest of the interpreter
 * is the same portable code. */
#include "host.h"
#include <shale.h>
#include <shale/errors.h>
#include <shale/file.h>
#include <shale/strate.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A .beam file is a few hundred KiB at most; this bounds a bad path. */
#define HOST_FILE_MAX (64u << 20)

/* The interpreter runs on a thread of its own: the main thread's 64 KiB
 * is too small for PCRE's recursion (bif_re.c gives a match 4 MiB). */
#define BEAM_STACK (8u << 20)

int host_read_file(const char *path, uint8_t **data, size_t *len)
{
	void *buf;
	size_t n;
	int r = sh_file_read_all(path, &buf, &n, HOST_FILE_MAX);
	if (r < 0)
		return r == -SH_ENOENT || r == -SH_EINVAL ? -SH_ENOENT : -SH_EIO;
	*data = buf;
	*len = n;
	return 0;
}

/* No second stack that large fits the silo's quota: PCRE matches that
 * outgrow the interpreter's own stack end as a recursion-limit miss. */
bool host_call_on_stack(void (*fn)(void *), void *arg, size_t stack_bytes)
{
	(void)fn;
	(void)arg;
	(void)stack_bytes;
	return false;
}

const char *host_getenv(const char *name)
{
	return getenv(name);
}

int host_setenv(const char *name, const char *value)
{
	return value ? setenv(name, value, 1) : unsetenv(name);
}

extern char **environ;

char *const *host_environ(void)
{
	return environ;
}

int64_t host_monotonic_us(void)
{
	return (int64_t)(sh_sys_clock() / 1000);
}

/* Shale has no wall clock yet: the epoch is the boot. */
int64_t host_system_us(void)
{
	return host_monotonic_us();
}

/* The notification the scheduler's thread sleeps on when every Erlang
 * process waits: a timer's deadline ends the wait, and so does the erl:
 * server signalling that a client sent something.  Made by main. */
static long idle_notif = -SH_ENOENT;

bool host_idle(int64_t ms)
{
	uint64_t ns = ms < 0 ? UINT64_MAX : (uint64_t)ms * 1000000u;
	if (idle_notif >= 0)
		sh_notif_wait((sh_handle_t)idle_notif, ns);
	else
		sh_sleep(ms < 0 ? UINT64_MAX / 2 : ns);
	return true;
}

/* Blocking calls (a socket read or an accept waiting in netd) run on a
 * small pool of worker threads, started as needed and kept: a thread's
 * stack is not reclaimed when it ends (libc/thread.c), and each would
 * count against the silo's thread quota while its handle lived.  Each
 * worker sleeps on a notification of its own until it is given a job. */
#define ASYNC_WORKERS 40	/* as SOCK_READS: one per waiting socket call */

struct async_worker {
	long notif;			/* -1: not started */
	void (*volatile fn)(void *);	/* the job; NULL: idle */
	void *volatile arg;
};

static struct async_worker workers[ASYNC_WORKERS] = {
	[0 ... ASYNC_WORKERS - 1] = { .notif = -1 },
};

static void async_worker_loop(void *arg)
{
	struct async_worker *w = arg;

	for (;;) {
		void (*fn)(void *) = __atomic_load_n(&w->fn, __ATOMIC_ACQUIRE);
		if (!fn) {
			sh_notif_wait((sh_handle_t)w->notif, UINT64_MAX);
			continue;
		}
		fn(w->arg);
		__atomic_store_n(&w->fn, NULL, __ATOMIC_RELEASE);
	}
}

/* Runs fn(arg) on an idle worker (started if none is).  Called from the
 * scheduler's thread only.  Returns false when all ASYNC_WORKERS are busy
 * or a worker cannot be started. */
bool host_run_async(void (*fn)(void *), void *arg)
{
	for (int i = 0; i < ASYNC_WORKERS; i++) {
		struct async_worker *w = &workers[i];
		if (w->notif >= 0 && __atomic_load_n(&w->fn, __ATOMIC_ACQUIRE))
			continue;
		if (w->notif < 0) {
			long n = sh_notif_create();
			if (n < 0)
				return false;
			w->notif = n;	/* before the worker first reads it */
			long t = sh_thread_spawn(async_worker_loop, w,
						 SH_PRIO_DEFAULT, 64u << 10);
			if (t < 0) {
				w->notif = -1;
				sh_cap_close((sh_handle_t)n);
				return false;
			}
			sh_cap_close((sh_handle_t)t);	/* libc keeps its own */
		}
		w->arg = arg;
		__atomic_store_n(&w->fn, fn, __ATOMIC_RELEASE);
		sh_notif_signal((sh_handle_t)w->notif, 1);
		return true;
	}
	return false;
}

/* Wakes the scheduler's thread if it sleeps in host_idle (silo_shale.c's
 * event watcher, bif_sock.c's reads). */
void host_wake(void)
{
	if (idle_notif >= 0)
		sh_notif_signal((sh_handle_t)idle_notif, 1);
}

void host_write_out(const void *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

void host_write_err(const void *s, size_t n)
{
	fflush(stdout);
	fwrite(s, 1, n, stderr);
}

void host_exit(int status)
{
	fflush(stdout);
	exit(status);
}

int beam_main(int argc, char **argv, const char *const *default_paths);

struct beam_args {
	int argc;
	char **argv;
};

/* The runtime's thread: the whole VM, then the process's end with its
 * status (exit ends every thread, the waiting main one too). */
static void beam_thread(void *p)
{
	/* Where the runtime's own modules and OTP's are, after the -pa
	 * directories: otp: is the disk's /lib/erlang (silos/erlang.silo). */
	static const char *const paths[] = { "otp:/shale", "otp:/stdlib",
					     "otp:/kernel", "otp:/compiler",
					     NULL };
	const struct beam_args *a = p;
	host_exit(beam_main(a->argc, a->argv, paths));
}

static struct beam_args args;
static int vm_started;

/* Starts the interpreter's thread.  Returns 0 or -SH_E*. */
static long vm_start(void)
{
	if (vm_started)
		return 0;
	long t = sh_thread_spawn(beam_thread, &args, SH_PRIO_DEFAULT, BEAM_STACK);
	if (t < 0) {
		fprintf(stderr, "beam: no thread for the runtime (%ld)\n", t);
		return t;
	}
	vm_started = 1;
	return 0;
}

/* The erl: server's call when a client sent something: the interpreter
 * starts with the first session, and wakes if it sleeps in host_idle. */
static void vm_wake(void)
{
	if (vm_start() < 0)
		return;
	if (idle_notif >= 0)
		sh_notif_signal((sh_handle_t)idle_notif, 1);
}

int shell_serve(sh_handle_t ep, void (*wake)(void));

/* A silo that serves erl: starts its VM when the first shell opens, so a
 * boot costs nothing until Erlang is used; one that does not starts it at
 * once.  The main thread then serves erl:, or waits in the kernel. */
int main(int argc, char **argv)
{
	int r = strate_init();
	if (r < 0) {
		fprintf(stderr, "beam: bad environment (%d)\n", r);
		return 2;
	}
	args.argc = argc;
	args.argv = argv;
	idle_notif = sh_notif_create();
	if (idle_notif < 0) {
		fprintf(stderr, "beam: no notification (%ld)\n", idle_notif);
		return 2;
	}
	long ep = strate_serve_handle("erl");
	if (ep >= 0) {
		r = shell_serve((sh_handle_t)ep, vm_wake);
		fprintf(stderr, "beam: serving erl: ended (%d)\n", r);
		return 2;
	}
	if (vm_start() < 0)
		return 2;
	for (;;)	/* exit on the interpreter's thread ends us */
		sh_sleep(UINT64_MAX / 2);
}
