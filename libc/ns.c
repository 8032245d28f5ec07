/* The process's namespace and current directory.
 *
 * The namespace is what silod granted (SH_NS=boot@3,cons@4 in the start
 * block's environment; the format is strates/lib/README.md's, parsed by
 * strates/lib/env_parse.c, which libc builds in).  The first caller of
 * sh_ns parses it; a thread arriving meanwhile waits, so the table is
 * written once and only read afterwards.
 *
 * The current directory is a full scheme path in normal form, guarded by
 * a lock held only to copy it. */
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>
#include <shale/strate.h>
#include "libc_internal.h"

static struct ns_entry ns_slots[STRATE_NS_MAX];
static struct ns_table ns;
static int ns_state;		/* 0 not yet, 1 parsing, 2 done */

static char cwd[SH_SPATH_MAX];	/* guarded by cwd_lock; "" before first use */
static int cwd_set;		/* guarded by cwd_lock */
static volatile int cwd_lock;

static void complain(const char *what)
{
	sh_debug_write(what, strlen(what));
}

struct ns_table *sh_ns(void)
{
	const struct sh_start *st;
	const char *v;
	int expect = 0;

	if (__atomic_load_n(&ns_state, __ATOMIC_ACQUIRE) == 2)
		return &ns;
	if (!__atomic_compare_exchange_n(&ns_state, &expect, 1, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&ns_state, __ATOMIC_ACQUIRE) != 2)
			sh_yield();
		return &ns;
	}
	ns_init(&ns, ns_slots, STRATE_NS_MAX);
	st = sh_start_info();
	v = getenv("SH_NS");
	if (st && v) {
		uint32_t nh = st->nhandles < SH_SPAWN_HANDLES ?
			      st->nhandles : SH_SPAWN_HANDLES;

		if (strate_parse_ns(v, strlen(v), st->handles, nh, &ns) < 0)
			complain("libc: bad SH_NS: no files by scheme path\n");
	}
	__atomic_store_n(&ns_state, 2, __ATOMIC_RELEASE);
	return &ns;
}

/* The first directory: fs:/ if there is an fs, else the first scheme. */
static void cwd_pick(void)
{
	const struct ns_table *t = sh_ns();
	const char *name = NULL;

	if (ns_find(t, "fs", 2))
		name = "fs";
	else if (t->count)
		name = t->entries[0].name;
	cwd[0] = '\0';
	if (name) {
		size_t n = strlen(name);

		memcpy(cwd, name, n);
		memcpy(cwd + n, ":/", 3);
	}
	cwd_set = 1;
}

int sh_file_getcwd(char *out, size_t cap)
{
	size_t n;
	int r;

	libc_lock(&cwd_lock);
	if (!cwd_set)
		cwd_pick();
	n = strlen(cwd);
	if (n + 1 > cap) {
		r = -SH_ERANGE;
	} else {
		memcpy(out, cwd, n + 1);
		r = (int)n;
	}
	libc_unlock(&cwd_lock);
	return r;
}

int sh_file_chdir(const char *path)
{
	char here[SH_SPATH_MAX], full[SH_SPATH_MAX];
	struct sh_stat st;
	int r = sh_file_getcwd(here, sizeof(here));

	if (r < 0)
		return r;
	r = sh_path_resolve(here[0] ? here : NULL, path, full, sizeof(full));
	if (r < 0)
		return r;
	r = sh_file_stat(full, &st);
	if (r < 0)
		return r;
	if (st.type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	libc_lock(&cwd_lock);
	memcpy(cwd, full, strlen(full) + 1);
	cwd_set = 1;
	libc_unlock(&cwd_lock);
	return 0;
}

int libc_path_lookup(const char *path, sh_handle_t *ep, char *out)
{
	char here[SH_SPATH_MAX], full[SH_SPATH_MAX];
	const char *colon = strchr(path, ':'), *slash = strchr(path, '/');
	const char *cw = NULL;
	int r;

	if (!colon || (slash && slash < colon)) {
		r = sh_file_getcwd(here, sizeof(here));
		if (r < 0)
			return r;
		cw = here[0] ? here : NULL;
	}
	r = sh_path_resolve(cw, path, full, sizeof(full));
	if (r < 0)
		return r;
	r = ns_lookup(sh_ns(), full, (size_t)r, ep, out, SH_PATH_MAX + 1,
		      NULL);
	return r < 0 ? r : 0;
}
