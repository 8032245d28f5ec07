/* silod's shared state: the silos it started, the schemes it holds, the
 * event ring.  One thread (the main loop in silod.c) owns all of it; the
 * ticker and courier threads only exchange messages with it. */
#ifndef SILOD_H
#define SILOD_H

#include <stdint.h>

#include <shale.h>
#include <shale/silo_ctl.h>

#include "manifest.h"
#include "policy.h"

#define SILOD_SILOS_MAX		24u
#define SILOD_SCHEMES_MAX	32u
#define SILOD_DEVS_MAX		8u	/* device grants per silo */
#define SILOD_HISTORY		8u	/* restart records kept per silo */
#define SILOD_STOP_MS		2000u	/* default grace of an orderly stop */
#define SILOD_MANIFEST_MAX	32768u	/* bytes of a manifest START reads */
#define SILOD_RECV_MAX		(SILOD_MANIFEST_MAX + 64u)	/* a message to silod */

/* Badges on silod's own endpoint: kind in bits 40..47, silo id below. */
#define BADGE_KIND(b)	((b) >> 40)
#define BADGE_ID(b)	((b) & 0xffffffffffULL)
#define BADGE_CTL	1ULL	/* a namespace entry "silo": every request */
#define BADGE_SERVER	2ULL	/* SH_SILOD of a server: WHOIS and reads */
#define BADGE_SUP	3ULL	/* supervisor notices (rcvid 0) */
#define BADGE_TICK	4ULL	/* silod's ticker thread */
#define BADGE_READER	5ULL	/* silod's reader thread */
#define BADGE_MAKE(kind, id)	(((uint64_t)(kind) << 40) | (id))

/* Badge of a client's handle on a scheme endpoint: the silo id and the
 * manifest's uses index, never 0 (0 is silod's own handle). */
#define CLIENT_BADGE(id, use)	(((uint64_t)(id) << 8) | ((use) + 1u))

struct silo_proc {
	sh_handle_t vs;		/* the process, 0 when not running */
	uint64_t pid;
	int faulted;		/* a fault notice came: it ends abnormally */
	int missing;		/* the program is not there: never started */
};

struct silo_restart {
	uint64_t time_ns;
	uint64_t pid;
	uint32_t run;		/* index of the run line */
	uint32_t kind;		/* SH_EXIT_* / fault */
	int32_t code;
};

struct silo_dev {
	char name[SH_SCHEME_NAME_MAX + 1];
	uint32_t off;		/* registers' offset in the frame */
	sh_handle_t frame;	/* silod's copy */
	sh_handle_t irq;	/* 0 if none */
};

struct silo_rec {
	int used;
	uint64_t id;			/* never reused: badges carry it */
	struct manifest m;
	char source[MANIFEST_PATH_MAX + 1];	/* where the manifest came from */
	char *text;			/* the manifest, malloc'd */
	size_t text_len;
	uint32_t state;			/* enum silo_state */
	sh_handle_t silo;		/* 0 once reclaimed */
	sh_handle_t sup;		/* silod's endpoint, badged BADGE_SUP */
	sh_handle_t srv;		/* ... badged BADGE_SERVER (servers) */
	sh_handle_t rootro;		/* root silo READ (the sys server) */
	sh_handle_t bootfs;		/* the archive, READ MAP (the boot server) */
	struct silo_proc procs[MANIFEST_RUN_MAX];
	/* Namespace: one badged handle per uses entry (0: dev or dropped),
	 * the prefix in force (restrict narrows it). */
	sh_handle_t grant[MANIFEST_USES_MAX];
	int dropped[MANIFEST_USES_MAX];
	char prefix[MANIFEST_USES_MAX][MANIFEST_PATH_MAX + 1];
	struct silo_dev devs[SILOD_DEVS_MAX];
	uint32_t ndevs;
	uint32_t restarts;
	struct restart_window rw;	/* restarts within the intensity period */
	struct silo_restart history[SILOD_HISTORY];
	uint32_t nhistory;
	uint64_t deadline_ns;		/* STOPPING: kill after this */
	uint32_t kills;			/* SILO_CTL_KILLs since it was started */
	uint64_t killed_ns;		/* sh_clock() of the last one */
};

struct scheme_rec {
	char name[SH_SCHEME_NAME_MAX + 1];	/* "" free */
	sh_handle_t ep;			/* the master: silod's, all rights */
	struct silo_rec *owner;		/* NULL for silod's own (silo, boot) */
};

struct silod {
	sh_handle_t ep;			/* silod's endpoint: ctl, notices */
	sh_handle_t root;		/* the root silo */
	uint64_t next_id;
	struct silo_rec silos[SILOD_SILOS_MAX];
	struct scheme_rec schemes[SILOD_SCHEMES_MAX];
	int boot_builtin;		/* silod reads boot: paths from the archive */
};

extern struct silod silod;

/* ---- silo.c: life of a silo ---- */
/* Parses text (from source) and starts the silo.  Returns the record,
 * or NULL with err (room errcap) saying why and *code the -SH_E*. */
struct silo_rec *silo_start_text(const char *source, const char *text,
				 size_t len, char *err, size_t errcap,
				 int *code);
/* Parses text, takes a free record and claims the schemes the manifest
 * serves (their endpoints exist from now on), without starting anything.
 * Returns the record, or NULL as silo_start_text. */
struct silo_rec *silo_prepare(const char *source, const char *text,
			      size_t len, char *err, size_t errcap, int *code);
/* Creates the kernel silo of a prepared r, grants, spawns.  Returns 0 or
 * -SH_E* with err filled (r is then reclaimed). */
int silo_launch(struct silo_rec *r, char *err, size_t errcap);
/* Registers every scheme m serves as owned by r (endpoints made now).
 * Returns 0 or -SH_E*. */
int silo_claim_schemes(struct silo_rec *r);
/* Starts program i of r.  Returns 0 or -SH_E* (logged). */
int silo_spawn(struct silo_rec *r, uint32_t i);
/* Kills every process and the silo itself, reclaiming it all; state
 * becomes final (SILO_STOPPED, SILO_FAILED, ...) and its schemes go. */
void silo_reclaim(struct silo_rec *r, uint32_t final);
/* Live programs of r. */
uint32_t silo_nprocs(const struct silo_rec *r);
struct silo_rec *silo_find(const char *name);
struct silo_rec *silo_by_id(uint64_t id);
struct scheme_rec *scheme_find(const char *name);
/* Creates the master endpoint for scheme name, owner r (NULL: silod). */
struct scheme_rec *scheme_add(const char *name, struct silo_rec *owner);
/* Looks up path "scheme:/x" in the boot archive or through the scheme
 * client.  Returns malloc'd bytes (*len) or NULL with *code. */
char *silo_read_path(const char *spath, size_t *len, int *code);

/* ---- supervise.c ---- */
void supervise_notice(const struct sh_msg *msg, const struct sh_notice *n);
void supervise_tick(uint64_t now);
/* Orderly stop: SHUTDOWN to r's servers, kill what lives after ms. */
void supervise_stop(struct silo_rec *r, uint64_t ms);
/* SILO_CTL_KILL of a running or suspended r: every program ends at once
 * (no SHUTDOWN), then r's policy applies as for a crash (restarted with its
 * scheme endpoints kept, counted against the intensity; or left down). */
void supervise_kill(struct silo_rec *r);
/* Starts the courier thread that delivers SHUTDOWN.  Returns 0 or -SH_E*. */
int supervise_init(void);
#define RESTART_KIND_FAULT 100u	/* silo_restart.kind of a fault */

/* ---- ctl.c ---- */
/* Answers one control request; returns 1 if a reply is due in *out. */
int ctl_handle(uint64_t rcvid, const struct sh_msg *in, struct sh_msg *out);
void ctl_tick(uint64_t now);
/* 1 while an EVENTS caller waits for its deadline. */
int ctl_waiting(void);
void ctl_events_changed(void);

/* Ends a START whose manifest the reader fetched (code < 0: it could
 * not), replying to rcvid. */
void ctl_start_finish(uint64_t rcvid, const char *spath, int code,
		      const char *text, size_t len);

/* ---- reader.c ---- */
int reader_init(void);

/* userboot.c: starts the thread that, once fs: answers, starts every
 * manifest in fs:/etc/silos/ marked "boot = yes".  Returns 0 (also when there is
 * no fs scheme) or -SH_E*. */
int userboot_init(void);
/* Queues a START's read of spath; the reply to rcvid comes later.
 * Returns 0 or -SH_E* (then answer now). */
int reader_queue(uint64_t rcvid, const char *spath);
/* A message from the reader (badge BADGE_READER): finishes its job. */
void reader_done(const struct sh_msg *in);

/* ---- events.c ---- */
void event_post(struct silo_rec *r, uint32_t kind, uint64_t pid,
		uint32_t reason, int32_t code, uint64_t addr);
/* Copies events with seq >= from into out (at most n).  Returns count. */
uint32_t event_copy(uint64_t from, struct silo_event *out, uint32_t n);

/* ---- devices.c ---- */
/* Grants device name ("uart", "virtio-blk") to r.  Returns 0 or -SH_E*. */
int dev_grant(struct silo_rec *r, const char *name);

void silod_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
