/* tstrate: the strates' test, run as init (init=tstrate).  It starts bootd
 * and consd the way silod does (same environment and handles) and checks
 * them as their clients.  Lines: "tstrate: ok NAME" / "FAIL NAME: why",
 * "tstrate: want STEP" when the host must type STEP's bytes, and the
 * sentinel "tstrate: N passed, M failed" (tests/strates/test_strates.py). */
#ifndef TSTRATE_H
#define TSTRATE_H

#include <shale/strate.h>
#include "kt.h"

/* Badges the test mints for its clients. */
#define B_BOOT		7	/* boot:, the whole scheme */
#define B_BOOT_BIN	8	/* boot:, narrowed to /bin by the fake silod */
#define B_BOOT_NONE	9	/* boot:, a badge the fake silod does not know */
#define B_CONS		11
#define B_CONS2		12

/* Starts bin/name with handles and env ("A=b" strings, NUL-separated,
 * env_len bytes).  Returns the VSpace handle or -SH_E*. */
long ts_spawn(const char *name, const sh_handle_t *h, uint32_t nh,
	      const char *env, size_t env_len);

/* The consd checks (tstrate_cons.c); cons is consd's endpoint. */
void ts_cons(sh_handle_t cons);

#endif
