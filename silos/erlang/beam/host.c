/* POSIX host glue for shale-beam: files, clocks, sleeping, output, exit,
 * and main().  The only file of the interpreter that uses POSIX; the silo
 * build replaces it. */
#define _POSIX_C_SOURCE 200809L
#include "host.h"
#include <shale/errors.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int host_read_file(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -SH_ENOENT;
	size_t cap = 65536, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		return -SH_EIO;
	}
	*data = buf;
	*len = n;
	return 0;
}

struct stack_call {
	void (*fn)(void *);
	void *arg;
};

static void *stack_call_run(void *c)
{
	struct stack_call *sc = c;
	sc->fn(sc->arg);
	return NULL;
}

/* A thread is the portable POSIX way to another stack; the caller waits,
 * so only one thread ever runs interpreter code at a time. */
bool host_call_on_stack(void (*fn)(void *), void *arg, size_t stack_bytes)
{
	struct stack_call sc = { fn, arg };
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr))
		return false;
	bool ok = pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
		  pthread_create(&t, &attr, stack_call_run, &sc) == 0;
	pthread_attr_destroy(&attr);
	if (ok)
		pthread_join(t, NULL);
	return ok;
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
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t host_system_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A host VM has no event source outside it: with no timer, it is stuck. */
bool host_idle(int64_t ms)
{
	if (ms < 0)
		return false;
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
	return true;
}

/* No shell channel on a host: shale-beam runs one function and ends. */
int host_shell_take(uint8_t *buf, size_t cap, size_t *len)
{
	(void)buf;
	(void)cap;
	*len = 0;
	return SHELL_EV_NONE;
}

bool host_shell_pending(void)
{
	return false;
}

int host_shell_put(int kind, const void *data, size_t len)
{
	(void)kind;
	(void)data;
	(void)len;
	return -SH_EDEAD;
}

/* shale-beam runs no socket I/O (net: is Shale's). */
bool host_run_async(void (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	return false;
}

void host_wake(void)
{
}

/* No silod on a host: shale_silo's calls answer enosys. */
int host_silo_list(struct host_silo *out, int cap)
{
	(void)out;
	(void)cap;
	return -SH_ENOSYS;
}

int64_t host_silo_ctl(int op, const char *what, char *msg, size_t msgcap)
{
	(void)op;
	(void)what;
	if (msgcap)
		msg[0] = 0;
	return -SH_ENOSYS;
}

int host_silo_watch(void)
{
	return -SH_ENOSYS;
}

bool host_silo_pending(void)
{
	return false;
}

bool host_silo_take(struct host_silo_event *ev)
{
	(void)ev;
	return false;
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

int main(int argc, char **argv)
{
	/* Set by meson: the compiled preloaded modules, OTP's stdlib and its
	 * compiler (which runs unmodified too). */
	static const char *const paths[] = { BEAM_PRELOAD_DIR, BEAM_STDLIB_DIR,
					     BEAM_COMPILER_DIR, BEAM_KERNEL_DIR, NULL };
	int r = beam_main(argc, argv, paths);
	fflush(stdout);
	return r;
}
