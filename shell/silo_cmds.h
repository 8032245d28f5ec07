/* What the silo command files share: calls to silod with errors
 * reported, and the LIST snapshot. */
#ifndef FLINT_SILO_CMDS_H
#define FLINT_SILO_CMDS_H

#include <stdint.h>

#include <shale/silo_ctl.h>

#include "flint.h"

#define SILO_LIST_MAX 64	/* silos one LIST snapshot holds */

/* The buffer replies from silod land in (one call at a time). */
extern char silo_reply[SH_MSG_MAX];

/* Emits the silo subcommand names (only those taking a silo NAME first,
 * with with_name_only). */
void silo_sub_names(void (*emit)(void *arg, const char *name, int is_dir),
		    void *arg, int with_name_only);

/* Calls silod (flint.silod) with code; reply data into out (room cap,
 * *outlen its bytes).  On failure prints "cmd: NAME: <why>" (silod's own
 * message when it gave one) and returns the -SH_E* code; else the tag. */
int64_t silo_call(struct io *io, const char *cmd, uint32_t code,
		  const char *name, uint64_t arg, uint32_t kind,
		  const char *text, void *out, uint32_t cap, uint32_t *outlen);

/* Fills list with every silo silod knows.  Returns the count or -SH_E*
 * (reported for cmd). */
int silo_list(struct io *io, const char *cmd, struct silo_info *list,
	      uint32_t max);

/* The word for a silo state ("running"). */
const char *silo_state_name(uint32_t state);

/* Prints the silo subcommands, one line of usage each. */
void silo_help(struct io *io);

/* Completion of the arguments of silo, scheme, ns and help: emits the
 * candidates for argument argn of cmd (prev: the word before) and returns
 * 1, or returns 0 where paths complete. */
int silo_complete_args(const char *cmd, int argn, const char *prev,
		       void (*emit)(void *arg, const char *name, int is_dir),
		       void *arg);

/* cmd_silo_live.c: the live views. */
int silo_events(int argc, char **argv, struct io *io);
int silo_top(int argc, char **argv, struct io *io);

#endif
