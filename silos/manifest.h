/* Silo manifests: the text that says what a silo runs, serves and uses,
 * its quotas and how it restarts.  The format is described in
 * silos/README.md.  The parser is portable C (host, aarch64), allocates
 * nothing beyond the caller's struct manifest, and every error names the
 * file, the line and the problem ("storage.silo:7: unknown key 'memroy'"). */
#ifndef SILOS_MANIFEST_H
#define SILOS_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <shale/scheme.h>

#define MANIFEST_NAME_MAX	31u	/* bytes of a silo name */
#define MANIFEST_LINE_MAX	1023u	/* bytes of a line, without its '\n' */
#define MANIFEST_RUN_MAX	8u	/* programs */
#define MANIFEST_ARGV_MAX	16u	/* program + arguments, per run line */
#define MANIFEST_ARGS_BYTES	512u	/* their bytes, NULs included */
#define MANIFEST_SERVES_MAX	8u
#define MANIFEST_USES_MAX	16u
#define MANIFEST_PATH_MAX	255u	/* bytes of a path in uses */
#define MANIFEST_ERR_MAX	256u	/* room an error message needs at most */

/* Defaults of the optional keys. */
#define MANIFEST_DEFAULT_MEMORY		(4u * 1024u * 1024u)
#define MANIFEST_DEFAULT_THREADS	16u
#define MANIFEST_DEFAULT_HANDLES	256u
#define MANIFEST_DEFAULT_INTENSITY	3u
#define MANIFEST_DEFAULT_PERIOD_MS	5000u

enum manifest_restart {
	MANIFEST_PERMANENT = 1,	/* always restarted */
	MANIFEST_TRANSIENT,	/* restarted only after a fault or a non-zero exit */
	MANIFEST_TEMPORARY,	/* never restarted */
};

/* One program: argc strings back to back, each NUL-terminated, the
 * program's scheme path first (the layout struct sh_spawn takes). */
struct manifest_run {
	uint32_t argc;
	uint32_t args_len;
	char args[MANIFEST_ARGS_BYTES];
};

/* One thing used: a scheme, narrowed to path ("/" for all of it), entered
 * in the silo's namespace as name (the scheme's own name unless the entry
 * said "name=scheme:path").  For scheme "dev" the path names a device
 * ("/virtio-blk", "/uart"): a grant, not a namespace entry. */
struct manifest_use {
	char name[SH_SCHEME_NAME_MAX + 1];
	char scheme[SH_SCHEME_NAME_MAX + 1];
	char path[MANIFEST_PATH_MAX + 1];	/* normal form */
};

struct manifest {
	char name[MANIFEST_NAME_MAX + 1];
	enum manifest_restart restart;
	uint32_t intensity;		/* more restarts than this ... */
	uint32_t period_ms;		/* ... within this: give up */
	uint64_t memory;		/* bytes */
	uint32_t threads;
	uint32_t handles;
	uint32_t nrun;
	struct manifest_run run[MANIFEST_RUN_MAX];
	uint32_t nserves;
	char serves[MANIFEST_SERVES_MAX][SH_SCHEME_NAME_MAX + 1];
	int boot;			/* "boot = yes": started at boot from
					 * fs:/etc/silos/ */
	int boot_said;			/* 1: the manifest has a boot line
					 * ("boot = no" in the boot archive
					 * makes a silo optional) */
	uint32_t nuses;			/* 0 means "uses = nothing" */
	struct manifest_use uses[MANIFEST_USES_MAX];
};

/* Parses len bytes of text (the manifest called file, for messages) into
 * *m.  Returns 0, or -SH_EBADMSG with err (room errcap, always
 * NUL-terminated when errcap > 0) holding "file:line: problem".  *m is
 * unspecified after an error. */
int manifest_parse(struct manifest *m, const char *file, const char *text,
		   size_t len, char *err, size_t errcap);

/* The word for a restart policy ("permanent"), or "?". */
const char *manifest_restart_name(enum manifest_restart r);

#endif
