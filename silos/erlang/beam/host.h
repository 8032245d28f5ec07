/* What the interpreter needs from the machine it runs on: one file of glue
 * per platform (host.c for POSIX hosts; the silo supplies its own). */
#ifndef BEAM_HOST_H
#define BEAM_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads a whole file into a malloc'd buffer; returns 0 or -SH_ENOENT/-SH_EIO. */
int host_read_file(const char *path, uint8_t **data, size_t *len);
/* Monotonic milliseconds and microseconds since an arbitrary start. */
int64_t host_monotonic_us(void);
/* Microseconds since the Unix epoch. */
int64_t host_system_us(void);
/* Called when no Erlang process can run: waits up to ms milliseconds (the
 * next timer), or without bound when ms < 0, for time to pass or an event
 * from outside the VM.  Returns false at once, without waiting, when
 * ms < 0 and nothing outside can ever wake the VM (the scheduler then
 * reports a deadlock); true otherwise. */
bool host_idle(int64_t ms);
/* Standard output and the diagnostic log. */
void host_write_out(const void *s, size_t n);
void host_write_err(const void *s, size_t n);
/* Runs fn(arg) to completion on a stack of stack_bytes (deep C recursion
 * such as PCRE's matcher); false, without running it, if none can be had. */
bool host_call_on_stack(void (*fn)(void *), void *arg, size_t stack_bytes);
/* The OS environment (os:getenv and friends): a variable's value or
 * NULL; set (value NULL: remove) returning 0 or -1; all as NAME=VALUE
 * strings, NULL-terminated. */
const char *host_getenv(const char *name);
int host_setenv(const char *name, const char *value);
char *const *host_environ(void);
/* The interactive shell's channel (flint's `erl` on Shale, through the
 * erl: scheme; a host has none).  host_shell_take hands over the next
 * event from the client: SHELL_EV_OPEN (a session began; buf holds the
 * path it opened, "/shell" or "/run"), SHELL_EV_DATA (typed bytes, up to
 * cap of them in buf, *len set), SHELL_EV_CLOSE (the
 * client left), or SHELL_EV_NONE.  host_shell_pending says (once) that
 * events arrived since it last said so: the scheduler then wakes the
 * process registered as shale_shell, which takes them all.
 * host_shell_put sends the client a frame: 'o' output, 'p' a prompt (the
 * shell waits for a line), 'x' the session's end; 0, or -SH_EDEAD when no
 * session is open. */
enum { SHELL_EV_NONE, SHELL_EV_OPEN, SHELL_EV_DATA, SHELL_EV_CLOSE };
int host_shell_take(uint8_t *buf, size_t cap, size_t *len);
bool host_shell_pending(void);
int host_shell_put(int kind, const void *data, size_t len);
/* Silo control (silod's "silo" entry, granted by `uses = silo` in the
 * silo's manifest; a host has none: every call is -SH_ENOSYS).
 * host_silo_list fills up to cap entries and returns how many there are
 * (or -SH_E*).  host_silo_ctl sends op (HOST_SILO_START: what is the
 * manifest's scheme path; the others: the silo's name) and returns
 * silod's answer (>= 0) or -SH_E*, with silod's message in msg (NUL-ended,
 * "" if none).  host_silo_watch starts following silod's event feed from
 * now on (once; later calls return 0); host_silo_pending says (once) that
 * events arrived since it last said so, and host_silo_take hands them
 * over one at a time (false: none left). */
enum { HOST_SILO_START, HOST_SILO_STOP, HOST_SILO_KILL, HOST_SILO_RESTART };
struct host_silo {
	uint64_t id;
	char name[32];
	uint32_t state, restarts, nprocs, policy;	/* silo_ctl.h's */
};
struct host_silo_event {
	uint64_t seq, pid, addr;
	uint32_t kind, reason;		/* silo_ctl.h's SILO_EV_*, SH_EXIT_* */
	int32_t code;
	char silo[32];
};
int host_silo_list(struct host_silo *out, int cap);
int64_t host_silo_ctl(int op, const char *what, char *msg, size_t msgcap);
int host_silo_watch(void);
bool host_silo_pending(void);
bool host_silo_take(struct host_silo_event *ev);
/* Blocking I/O off the scheduler's thread (bif_sock.c's reads):
 * host_run_async runs fn(arg) on a thread of its own and returns true, or
 * false at once when no thread can be had (a host: always).  host_wake
 * wakes the scheduler if it sleeps in host_idle (fn calls it when done). */
bool host_run_async(void (*fn)(void *), void *arg);
void host_wake(void);
/* Ends the whole runtime with an exit status (erlang:halt/1). */
void host_exit(int status) __attribute__((noreturn));

#endif
