/* The silo control protocol (ABI): how flint, sysd and strates talk to
 * silod, and how silod tells a program what it may reach.
 *
 * ---- What a program finds in its environment ---------------------------
 * silod starts every program of a silo with these strings (any may be
 * missing); i, j, k index struct sh_start.handles[]:
 *   SH_NS=name@i,name@j,...   the silo's namespace: scheme name -> a
 *                             send-only (WRITE) endpoint handle, badged
 *                             for this silo and this entry.  A prefix
 *                             (uses = fs:/home/erl) is NOT visible here:
 *                             the strate applies it (see WHOIS below).
 *   SH_SERVE=name@k,...       servers: the receive handle (READ WRITE) of
 *                             each scheme the silo serves.
 *   SH_SILOD=k                servers: silod's control endpoint, badged
 *                             for this silo, allowed WHOIS and the
 *                             read-only requests (LIST, INFO, SCHEMES,
 *                             EVENTS).
 *   SH_ROOTSILO=k             the silo serving "sys" only: the root silo,
 *                             READ (silo_stat, proc_list).
 *   SH_BOOTFS=k:size          a silo serving "boot" only: the boot
 *                             archive frame (READ MAP) and its bytes.
 *   SH_DEV=dev@k[+0xOFF]/j,.. devices the manifest names (uses =
 *                             dev:uart): k the MMIO frame (READ WRITE
 *                             MAP), OFF where the registers start in it
 *                             (virtio-mmio slots share pages), j the IRQ
 *                             (MANAGE SIGNAL; -1 if none).
 * A namespace entry named "silo" (uses = silo) is silod's control
 * endpoint with every request of this header allowed.
 *
 * ---- Prefixes are enforced by the server --------------------------------
 * A client's handle carries a badge; the strate asks silod what that badge
 * may see with SILO_CTL_WHOIS before serving it, and joins the answer in
 * front of every path the client sends (silo_ctl_resolve below does both).
 * Badge 0 is silod's own unbadged handle: the whole scheme, no question
 * asked (silod may be blocked calling the strate, so the strate must not
 * call silod back for it).  A strate must not cache an answer beyond one
 * request: restrict narrows an entry at any time.  A dropped entry's
 * handle is revoked, so its badge never arrives again.
 *
 * ---- Requests ------------------------------------------------------------
 * ipc_call on the control endpoint with tag = SILO_CTL_* and data = a
 * struct silo_ctl_req (then len bytes of text).  The reply's tag is the
 * result as int64_t: >= 0 success, < 0 a -SH_E* code; on success the data
 * is what each request says below, on failure a message (no NUL) saying
 * what went wrong, e.g. "no silo 'nett'".  Common errors: -SH_EBADMSG
 * (short or inconsistent request), -SH_ENOSYS (unknown tag), -SH_EPERM
 * (the handle's badge does not allow the request), -SH_ENOENT (no silo of
 * that name).
 *
 * Append only: the numbers and layouts are ABI. */
#ifndef SHALE_SILO_CTL_H
#define SHALE_SILO_CTL_H

#include <stdint.h>
#include <shale/syscall.h>

#define SILO_NAME_MAX	31u	/* bytes of a silo name */
#define SILO_PROCS_MAX	8u	/* programs of one silo (run lines) */
#define SILO_EVENTS_MAX	32u	/* most events one EVENTS reply carries */

enum silo_ctl_code {
	/* LIST.  Reply: tag = count, data = struct silo_info[count], every
	 * silo silod knows (running or not), in start order. */
	SILO_CTL_LIST = 0x5301,
	/* INFO  name.  Reply: tag = bytes of text: the silo's state, quotas,
	 * namespace and devices granted, restart history, then its manifest
	 * text, as lines a person reads. */
	SILO_CTL_INFO = 0x5302,
	/* START  text = a manifest's scheme path ("boot:/silos/test/crash.silo").
	 * Reply: tag = the new silo's id.  EEXIST (a silo of that name is
	 * running), EBADMSG (the manifest does not parse; the message is
	 * "file:line: problem"), ENOENT (no such file), ENOSPC (too many
	 * silos). */
	SILO_CTL_START = 0x5303,
	/* STOP  name.  Orderly: each server of the silo gets SILO_CTL_SHUTDOWN
	 * on its endpoint; what is still alive after arg ms (0: 2000) is
	 * killed.  The silo's schemes go with it.  Reply: tag = 0 at once;
	 * the STOPPED event says when it is over. */
	SILO_CTL_STOP = 0x5304,
	/* KILL  name.  A crash on request, as in OTP or systemd: every
	 * program of the silo ends at once (no SHUTDOWN, nothing written
	 * back; an EXIT event with reason SH_EXIT_KILLED for each), then its
	 * restart policy applies as for a fault.  permanent and transient:
	 * started again, counted against the intensity (over it: FAILED and
	 * reclaimed, a GIVEUP event), keeping its scheme endpoints, so that
	 * clients' handles work again (calls in flight get EDEAD).
	 * temporary: reclaimed, EXITED, its schemes gone (STOPPED event,
	 * reason SH_EXIT_KILLED).  A silo STOPPING is reclaimed now (STOPPED).
	 * STOP is the way to end a silo for good.  Reply: tag = 0 once done.
	 * EBUSY: not running. */
	SILO_CTL_KILL = 0x5305,
	/* RESTART  name.  Kills the silo's processes (not the silo) and starts
	 * its programs again, keeping its schemes; counts as a restart but
	 * not against the intensity limit.  Also brings back a FAILED,
	 * STOPPED or EXITED silo (with its intensity window reset, and new
	 * endpoints for its schemes: handles granted before stay dead).
	 * Reply: tag = 0. */
	SILO_CTL_RESTART = 0x5306,
	/* SUSPEND, RESUME  name.  Reply: tag = 0.  EBUSY: not running. */
	SILO_CTL_SUSPEND = 0x5307,
	SILO_CTL_RESUME = 0x5308,
	/* LIMIT  name, kind = SH_QUOTA_*, arg = the new limit (pages,
	 * threads, handles, bytes).  Reply: tag = 0.  EBUSY: below what the
	 * silo uses now.  EINVAL: unknown kind. */
	SILO_CTL_LIMIT = 0x5309,
	/* RESTRICT  name, text = "entry" (drop it: its handle is revoked) or
	 * "entry:/sub/path" (narrow it: the prefix becomes prefix + path, and
	 * ".." cannot climb out).  For good: nothing widens it again, not a
	 * restart.  Reply: tag = 0.  ENOENT: no such entry. */
	SILO_CTL_RESTRICT = 0x530a,
	/* EVENTS  arg = the first sequence number wanted (0: the oldest kept),
	 * kind = ms to wait when there is none yet (0: answer at once).
	 * Reply: tag = count, data = struct silo_event[count] (at most
	 * SILO_EVENTS_MAX); count 0 on timeout.  The next cursor is the last
	 * seq + 1.  Older events than the ring keeps are gone: the first seq
	 * returned says so. */
	SILO_CTL_EVENTS = 0x530b,
	/* SCHEMES.  Reply: tag = count, data = struct silo_scheme[count]. */
	SILO_CTL_SCHEMES = 0x530c,
	/* WHOIS  arg = a badge the caller's strate received on an endpoint of
	 * a scheme its silo serves.  Reply: tag = bytes of the prefix, data =
	 * the prefix in normal form ("/" for all of it).  ENOENT: not a badge
	 * of that scheme (refuse the client).  Allowed to server handles. */
	SILO_CTL_WHOIS = 0x530d,
	/* SHUTDOWN  sent by silod (badge 0) to a strate's scheme endpoint:
	 * finish, reply tag = 0, and exit(0).  A strate that ignores it is
	 * killed when the STOP times out. */
	SILO_CTL_SHUTDOWN = 0x530e,
	/* POWER  arg = 0 off, 1 reset: every silo is stopped (users before
	 * servers, which are told to shut down and get the grace period),
	 * then the machine goes (bedrock's sys_power).  A reply comes only if
	 * that fails. */
	SILO_CTL_POWER = 0x530f,
	/* LOG  name, arg = the offset to read from (0: the oldest kept).
	 * Reply: tag = the offset after the data, data = the silo's console
	 * output (what its programs printed; the last SH_SILO_LOG bytes are
	 * kept by bedrock).  No data: nothing new.  ENOENT: the silo has
	 * ended (its log went with it). */
	SILO_CTL_LOG = 0x5310,
};

/* The request header. */
struct silo_ctl_req {
	char name[SILO_NAME_MAX + 1];	/* the silo, NUL-terminated */
	uint64_t arg;
	uint32_t kind;
	uint32_t len;			/* bytes of text after the header */
};

/* Silo states, as silod sees them. */
enum silo_state {
	SILO_STARTING = 0,	/* programs being spawned */
	SILO_RUNNING = 1,
	SILO_SUSPENDED = 2,
	SILO_STOPPING = 3,	/* told to stop, waiting for its programs */
	SILO_STOPPED = 4,	/* stopped by request: all reclaimed */
	SILO_FAILED = 5,	/* gave up after too many restarts: reclaimed */
	SILO_EXITED = 6,	/* all programs ended (or were killed) and the
				 * policy says stay down */
};

/* One silo in a LIST reply. */
struct silo_info {
	uint64_t id;
	char name[SILO_NAME_MAX + 1];
	uint32_t state;			/* enum silo_state */
	uint32_t restarts;		/* since it was started */
	uint32_t nprocs;		/* live programs */
	uint32_t policy;		/* 1 permanent, 2 transient, 3 temporary */
	uint64_t pids[SILO_PROCS_MAX];	/* 0: not running */
	uint64_t used[SH_QUOTA_KINDS];	/* from silo_stat; 0 once reclaimed */
	uint64_t limit[SH_QUOTA_KINDS];
	char serves[64];		/* scheme names, space-separated */
	uint64_t kid;			/* the kernel's id of the silo, as in
					 * sh_proc_info.silo_id; 0 once reclaimed */
};

enum silo_event_kind {
	SILO_EV_START = 1,	/* a silo started (pid 0) or a program did */
	SILO_EV_EXIT = 2,	/* a program ended: code, reason = SH_EXIT_* */
	SILO_EV_FAULT = 3,	/* a program faulted: reason = SH_FAULT_*, addr */
	SILO_EV_RESTART = 4,	/* a program was started again */
	SILO_EV_GIVEUP = 5,	/* too many restarts: the silo is FAILED */
	SILO_EV_STOPPED = 6,	/* a stop finished, or the silo stays down
				 * (reason SH_EXIT_KILLED: killed) */
	SILO_EV_NOPROG = 7,	/* a run line names no program */
};

struct silo_event {
	uint64_t seq;
	uint64_t time_ns;	/* sh_clock() when it happened */
	uint64_t pid;
	uint64_t addr;		/* FAULT: the address */
	uint32_t kind;		/* enum silo_event_kind */
	uint32_t reason;
	int32_t code;
	uint32_t reserved;
	char silo[SILO_NAME_MAX + 1];
};

/* One scheme in a SCHEMES reply. */
struct silo_scheme {
	char name[SILO_NAME_MAX + 1];	/* "fs" */
	char silo[SILO_NAME_MAX + 1];	/* who serves it */
	uint32_t up;			/* 1: a server is running */
	uint32_t clients;		/* namespace entries granted to it */
};

_Static_assert(sizeof(struct silo_ctl_req) == 48, "silo_ctl_req is ABI");
_Static_assert(sizeof(struct silo_event) == 80, "silo_event is ABI");

/* ---- the client side (libsiloctl, silos/silod/ctl_client.c) ----------- */
#include <stddef.h>

/* Sends request code for silo name (may be NULL) with arg, kind and text
 * (len bytes) on ep; the reply's data lands in out (room cap; *outlen gets
 * its bytes if outlen).  Returns the reply's tag (>= 0 or -SH_E*), or the
 * error ipc_call gave. */
int64_t silo_ctl_call(sh_handle_t ep, uint32_t code, const char *name,
		      uint64_t arg, uint32_t kind, const char *text,
		      uint32_t len, void *out, uint32_t cap, uint32_t *outlen);

/* The handle named name in an environment list variable var ("SH_NS",
 * "SH_SERVE": "name@i,...") of this process, or a single-valued var
 * ("SH_SILOD": "k", name NULL).  Returns the handle (> 0) or -SH_ENOENT. */
long silo_env_handle(const char *var, const char *name);

/* The value of environment variable var of this process, or NULL. */
const char *silo_env_get(const char *var);

/* For strates: the path a client with badge may reach, in normal form,
 * for path (normal form) as the client sent it: the prefix silod gives
 * for the badge (WHOIS on silod, the SH_SILOD handle; badge 0 is "/")
 * joined with path, into out (room cap).  Returns the length, -SH_ENOENT
 * when silod does not know the badge (refuse the request),
 * -SH_ENAMETOOLONG. */
int silo_ctl_resolve(sh_handle_t silod, uint64_t badge, const char *path,
		     char *out, size_t cap);

#endif
