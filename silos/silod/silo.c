/* The life of a silo: from manifest text to a kernel silo with quotas,
 * its schemes' endpoints, its programs spawned with exactly the handles
 * the manifest names, and back to nothing (every page and handle
 * reclaimed by silo_kill).
 *
 * Grants: a "uses" entry becomes a handle minted from the scheme's master
 * endpoint, badged CLIENT_BADGE(silo id, entry) so the strate can ask
 * silod what the entry may see (WHOIS); silod keeps its minted copy, so
 * cap_revoke on it reaches the program's copy (restrict) and a restarted
 * program gets the same badge again.  A scheme nobody serves is left out:
 * the program gets -SH_ENOENT for it, as for any name it was not given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/file.h>
#include <shale/scheme_path.h>

#include "silod.h"

struct silo_rec *silo_find(const char *name)
{
	struct silo_rec *found = NULL;

	/* The newest record of that name: old ones may linger stopped. */
	for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++) {
		struct silo_rec *r = &silod.silos[i];

		if (r->used && !strcmp(r->m.name, name) &&
		    (!found || r->id > found->id))
			found = r;
	}
	return found;
}

struct silo_rec *silo_by_id(uint64_t id)
{
	for (uint32_t i = 0; i < SILOD_SILOS_MAX; i++)
		if (silod.silos[i].used && silod.silos[i].id == id)
			return &silod.silos[i];
	return NULL;
}

struct scheme_rec *scheme_find(const char *name)
{
	for (uint32_t i = 0; i < SILOD_SCHEMES_MAX; i++)
		if (silod.schemes[i].name[0] &&
		    !strcmp(silod.schemes[i].name, name))
			return &silod.schemes[i];
	return NULL;
}

struct scheme_rec *scheme_add(const char *name, struct silo_rec *owner)
{
	struct scheme_rec *s = NULL;
	long ep;

	for (uint32_t i = 0; i < SILOD_SCHEMES_MAX && !s; i++)
		if (!silod.schemes[i].name[0])
			s = &silod.schemes[i];
	if (!s)
		return NULL;
	ep = sh_endpoint_create();
	if (ep < 0)
		return NULL;
	memset(s, 0, sizeof(*s));
	strncpy(s->name, name, SH_SCHEME_NAME_MAX);
	s->ep = (sh_handle_t)ep;
	s->owner = owner;
	return s;
}

/* Drops scheme s: every handle derived from its endpoint dies with it. */
static void scheme_drop(struct scheme_rec *s)
{
	sh_cap_revoke(s->ep);
	sh_cap_close(s->ep);
	memset(s, 0, sizeof(*s));
}

uint32_t silo_nprocs(const struct silo_rec *r)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < r->m.nrun; i++)
		n += r->procs[i].vs != 0;
	return n;
}

char *silo_read_path(const char *spath, size_t *len, int *code)
{
	char name[SH_SCHEME_NAME_MAX + 1], path[SH_PATH_MAX + 1];
	struct scheme_rec *s;
	int n = path_split(spath, strlen(spath), name, path, sizeof(path), NULL);
	char *out = NULL;

	if (n < 0) {
		*code = n;
		return NULL;
	}
	if (!strcmp(name, "boot") && silod.boot_builtin) {
		const void *data;
		size_t size;
		int r = sh_bootfs_find(path + 1, &data, &size);

		if (r < 0) {
			*code = r;
			return NULL;
		}
		out = malloc(size + 1);
		if (!out) {
			*code = -SH_ENOMEM;
			return NULL;
		}
		memcpy(out, data, size);
		out[size] = 0;
		*len = size;
		return out;
	}
	s = scheme_find(name);
	if (!s) {
		*code = -SH_ENOENT;
		return NULL;
	}
	/* Through libc's files on silod's own endpoint (badge 0: the whole
	 * scheme).  The strate must not call silod while serving this. */
	{
		struct sh_stat st;
		int fd = sh_file_open_ep(s->ep, path, SH_O_READ, 0);
		int64_t got;

		if (fd < 0) {
			*code = fd;
			return NULL;
		}
		got = sh_file_fstat(fd, &st);
		if (got >= 0 && st.size > (1u << 20))
			got = -SH_E2BIG;
		if (got >= 0 && !(out = malloc(st.size + 1)))
			got = -SH_ENOMEM;
		if (got >= 0)
			got = sh_file_pread(fd, out, st.size, 0);
		sh_file_close(fd);
		if (got < 0) {
			free(out);
			*code = (int)got;
			return NULL;
		}
		out[got] = 0;
		*len = (size_t)got;
	}
	return out;
}

/* The ELF of run line i: from the boot archive in place, else read. */
static const void *prog_image(const char *spath, size_t *len, char **owned,
			      int *code)
{
	char name[SH_SCHEME_NAME_MAX + 1], path[SH_PATH_MAX + 1];
	const void *data;
	int r;

	*owned = NULL;
	r = path_split(spath, strlen(spath), name, path, sizeof(path), NULL);
	if (r < 0) {
		*code = r;
		return NULL;
	}
	if (!strcmp(name, "boot") && silod.boot_builtin) {
		r = sh_bootfs_find(path + 1, &data, len);
		if (r < 0) {
			*code = r;
			return NULL;
		}
		return data;
	}
	*owned = silo_read_path(spath, len, code);
	return *owned;
}

/* Appends "name@idx" to list (room cap) and handle h to sp. */
static int grant_add(struct sh_spawn *sp, char *list, size_t cap,
		     const char *name, sh_handle_t h)
{
	size_t n = strlen(list);

	if (sp->nhandles >= SH_SPAWN_HANDLES)
		return -SH_ENOSPC;
	snprintf(list + n, cap - n, "%s%s@%u", n ? "," : "", name,
		 (unsigned)sp->nhandles);
	sp->handles[sp->nhandles++] = h;
	return 0;
}

/* Appends "VAR=value\0" to env. */
static void env_add(char *env, uint32_t *len, const char *var,
		    const char *value)
{
	int n;

	if (!value[0])
		return;
	n = snprintf(env + *len, SH_ENV_MAX - *len, "%s=%s", var, value);
	if (n > 0 && *len + (uint32_t)n + 1 <= SH_ENV_MAX)
		*len += (uint32_t)n + 1;
}

/* Pids of r's silo now (n at most). */
static long silo_pids(struct silo_rec *r, uint64_t *pids, uint32_t n)
{
	static struct sh_proc_info info[32];
	long k = sh_sys_proc_list(r->silo, (long)info, 32);

	if (k < 0)
		return k;
	if ((uint32_t)k > n)
		k = n;
	for (long i = 0; i < k; i++)
		pids[i] = info[i].state == 0 ? info[i].pid : 0;
	return k;
}

int silo_spawn(struct silo_rec *r, uint32_t i)
{
	const struct manifest_run *run = &r->m.run[i];
	char ns[512] = "", serve[256] = "", devs[256] = "", tmp[64];
	static char env[SH_ENV_MAX];
	uint64_t before[32], after[32];
	struct sh_spawn sp;
	const void *elf;
	char *owned;
	size_t len;
	uint32_t env_len = 0;
	long nb, na, vs;
	int code = 0;

	memset(&sp, 0, sizeof(sp));
	r->procs[i].missing = 0;
	r->procs[i].faulted = 0;
	elf = prog_image(run->args, &len, &owned, &code);
	if (!elf) {
		silod_log("%s: %s: %s\n", r->m.name, run->args,
			  code == -SH_ENOENT ? "no such file" : sh_strerror(code));
		r->procs[i].missing = 1;
		event_post(r, SILO_EV_NOPROG, 0, 0, code, 0);
		return code;
	}
	for (uint32_t u = 0; u < r->m.nuses; u++) {
		const struct manifest_use *use = &r->m.uses[u];

		if (r->grant[u] && !r->dropped[u])
			grant_add(&sp, ns, sizeof(ns), use->name, r->grant[u]);
	}
	for (uint32_t s = 0; s < r->m.nserves; s++) {
		struct scheme_rec *sc = scheme_find(r->m.serves[s]);
		long h;

		if (!sc || sc->owner != r)
			continue;
		/* A fresh receive handle each start: closed when it ends. */
		h = sh_cap_dup(sc->ep, SH_R_READ | SH_R_WRITE | SH_R_GRANT);
		if (h > 0)
			grant_add(&sp, serve, sizeof(serve), sc->name,
				  (sh_handle_t)h);
	}
	for (uint32_t d = 0; d < r->ndevs; d++) {
		size_t n = strlen(devs);
		uint32_t fi = sp.nhandles;

		if (sp.nhandles + 2 > SH_SPAWN_HANDLES)
			break;
		sp.handles[sp.nhandles++] = r->devs[d].frame;
		if (r->devs[d].irq)
			sp.handles[sp.nhandles++] = r->devs[d].irq;
		snprintf(tmp, sizeof(tmp), "+0x%x", (unsigned)r->devs[d].off);
		snprintf(devs + n, sizeof(devs) - n, "%s%s@%u%s/%d",
			 n ? "," : "", r->devs[d].name, (unsigned)fi,
			 r->devs[d].off ? tmp : "",
			 r->devs[d].irq ? (int)fi + 1 : -1);
	}
	env_add(env, &env_len, "SH_NS", ns);
	env_add(env, &env_len, "SH_SERVE", serve);
	env_add(env, &env_len, "SH_DEV", devs);
	if (r->srv && sp.nhandles < SH_SPAWN_HANDLES) {
		snprintf(tmp, sizeof(tmp), "%u", (unsigned)sp.nhandles);
		sp.handles[sp.nhandles++] = r->srv;
		env_add(env, &env_len, "SH_SILOD", tmp);
	}
	if (r->bootfs && sp.nhandles < SH_SPAWN_HANDLES) {
		snprintf(tmp, sizeof(tmp), "%u:%llu", (unsigned)sp.nhandles,
			 (unsigned long long)sh_start_info()->bootfs_size);
		sp.handles[sp.nhandles++] = r->bootfs;
		env_add(env, &env_len, "SH_BOOTFS", tmp);
	}
	if (r->rootro && sp.nhandles < SH_SPAWN_HANDLES) {
		snprintf(tmp, sizeof(tmp), "%u", (unsigned)sp.nhandles);
		sp.handles[sp.nhandles++] = r->rootro;
		env_add(env, &env_len, "SH_ROOTSILO", tmp);
	}
	{
		/* bedrock's spawn takes at most 7 bytes of name (it bounds the
		 * copy with sizeof of a pointer, loader.c): cut it there. */
		static char pname[8];
		const char *base = strrchr(run->args, '/');

		snprintf(pname, sizeof(pname), "%s", base ? base + 1 : run->args);
		sp.name = pname;
	}
	sp.args = run->args;
	sp.args_len = run->args_len;
	sp.supervisor = r->sup;
	sp.silo = r->silo;
	sp.env = env;
	sp.env_len = env_len;
	nb = silo_pids(r, before, 32);
	vs = sh_proc_spawn(elf, len, &sp);
	free(owned);
	{
		/* The SH_SERVE dups were for this child: it has its copies. */
		const char *p = serve;

		while ((p = strchr(p, '@'))) {
			unsigned idx = (unsigned)strtoul(p + 1, NULL, 10);

			sh_cap_close(sp.handles[idx]);
			p++;
		}
	}
	if (vs < 0) {
		silod_log("%s: %s: cannot start: %s\n", r->m.name, run->args,
			  sh_strerror(vs));
		r->procs[i].missing = 1;
		event_post(r, SILO_EV_NOPROG, 0, 0, (int32_t)vs, 0);
		return (int)vs;
	}
	if (sp.thread)
		sh_cap_close(sp.thread);
	r->procs[i].vs = (sh_handle_t)vs;
	r->procs[i].pid = 0;
	na = silo_pids(r, after, 32);
	/* The child is the pid that was not there before (0 if it ended
	 * already: its exit notice then matches the record by elimination). */
	for (long a = 0; a < na; a++) {
		int seen = 0;

		for (long b = 0; b < nb; b++)
			seen |= before[b] == after[a];
		for (uint32_t k = 0; k < r->m.nrun; k++)
			seen |= k != i && r->procs[k].pid == after[a];
		if (!seen && after[a])
			r->procs[i].pid = after[a];
	}
	return 0;
}

/* Grants r's uses entries: minted handles, devices. */
static void silo_grant(struct silo_rec *r)
{
	for (uint32_t u = 0; u < r->m.nuses; u++) {
		const struct manifest_use *use = &r->m.uses[u];
		struct scheme_rec *s;
		long h;

		/* A restricted prefix stays as narrow as it was made. */
		if (!r->prefix[u][0])
			strncpy(r->prefix[u], use->path, MANIFEST_PATH_MAX);
		if (r->dropped[u])
			continue;
		if (!strcmp(use->scheme, "dev")) {
			int e = dev_grant(r, use->path + 1);

			if (e < 0)
				silod_log("%s: dev:%s: %s\n", r->m.name,
					  use->path + 1, e == -SH_ENOENT ?
					  "no such device" : sh_strerror(e));
			continue;
		}
		if (!strcmp(use->scheme, "silo")) {
			h = sh_cap_mint(silod.ep, SH_R_WRITE | SH_R_GRANT,
					BADGE_MAKE(BADGE_CTL, r->id));
			r->grant[u] = h > 0 ? (sh_handle_t)h : 0;
			continue;
		}
		s = scheme_find(use->scheme);
		if (!s) {
			silod_log("%s: uses %s: nobody serves it\n", r->m.name,
				  use->scheme);
			continue;
		}
		h = sh_cap_mint(s->ep, SH_R_WRITE | SH_R_GRANT,
				CLIENT_BADGE(r->id, u));
		r->grant[u] = h > 0 ? (sh_handle_t)h : 0;
	}
}

int silo_claim_schemes(struct silo_rec *r)
{
	for (uint32_t s = 0; s < r->m.nserves; s++) {
		struct scheme_rec *sc = scheme_find(r->m.serves[s]);

		if (sc && sc->owner == r)
			continue;
		if (sc) {
			silod_log("%s: serves %s: already served by %s\n",
				  r->m.name, sc->name,
				  sc->owner ? sc->owner->m.name : "silod");
			return -SH_EEXIST;
		}
		if (!scheme_add(r->m.serves[s], r))
			return -SH_ENOSPC;
	}
	return 0;
}

/* Creates the kernel silo with its quotas. */
static int silo_make(struct silo_rec *r)
{
	long h = sh_sys_silo_create(silod.root, (long)r->m.name);

	if (h < 0)
		return (int)h;
	r->silo = (sh_handle_t)h;
	sh_sys_silo_limit(r->silo, SH_QUOTA_PAGES, (long)(r->m.memory / SH_PAGE_SIZE));
	sh_sys_silo_limit(r->silo, SH_QUOTA_THREADS, r->m.threads);
	sh_sys_silo_limit(r->silo, SH_QUOTA_HANDLES, r->m.handles);
	h = sh_cap_mint(silod.ep, SH_R_WRITE, BADGE_MAKE(BADGE_SUP, r->id));
	if (h < 0)
		return (int)h;
	r->sup = (sh_handle_t)h;
	if (r->m.nserves) {
		h = sh_cap_mint(silod.ep, SH_R_WRITE | SH_R_GRANT,
				BADGE_MAKE(BADGE_SERVER, r->id));
		r->srv = h > 0 ? (sh_handle_t)h : 0;
	}
	for (uint32_t s = 0; s < r->m.nserves; s++) {
		if (!strcmp(r->m.serves[s], "sys")) {
			h = sh_cap_dup(silod.root, SH_R_READ | SH_R_GRANT);
			r->rootro = h > 0 ? (sh_handle_t)h : 0;
		}
		if (!strcmp(r->m.serves[s], "boot") && sh_start_info()->bootfs) {
			h = sh_cap_dup(sh_start_info()->bootfs,
				       SH_R_READ | SH_R_MAP | SH_R_GRANT);
			r->bootfs = h > 0 ? (sh_handle_t)h : 0;
		}
	}
	return 0;
}

/* Starts every program of r; returns how many run. */
static uint32_t silo_run_all(struct silo_rec *r)
{
	for (uint32_t i = 0; i < r->m.nrun; i++)
		silo_spawn(r, i);
	return silo_nprocs(r);
}

static void close_if(sh_handle_t *h)
{
	if (*h) {
		sh_cap_close(*h);
		*h = 0;
	}
}

void silo_reclaim(struct silo_rec *r, uint32_t final)
{
	if (r->silo) {
		sh_sys_silo_kill(r->silo);
		close_if(&r->silo);
	}
	for (uint32_t i = 0; i < r->m.nrun; i++) {
		close_if(&r->procs[i].vs);
		r->procs[i].pid = 0;
	}
	for (uint32_t u = 0; u < r->m.nuses; u++) {
		if (r->grant[u])
			sh_cap_revoke(r->grant[u]);
		close_if(&r->grant[u]);
	}
	for (uint32_t d = 0; d < r->ndevs; d++) {
		close_if(&r->devs[d].frame);
		close_if(&r->devs[d].irq);
	}
	r->ndevs = 0;
	close_if(&r->sup);
	close_if(&r->srv);
	close_if(&r->rootro);
	close_if(&r->bootfs);
	for (uint32_t s = 0; s < SILOD_SCHEMES_MAX; s++)
		if (silod.schemes[s].name[0] && silod.schemes[s].owner == r)
			scheme_drop(&silod.schemes[s]);
	r->state = final;
}

int silo_launch(struct silo_rec *r, char *err, size_t errcap)
{
	char serves[64] = "";
	uint32_t n;
	int e;

	e = silo_claim_schemes(r);
	if (e == 0)
		e = silo_make(r);
	if (e < 0) {
		snprintf(err, errcap, "%s: cannot create the silo: %s",
			 r->m.name, sh_strerror(e));
		silo_reclaim(r, SILO_STOPPED);
		return e;
	}
	silo_grant(r);
	r->state = SILO_STARTING;
	n = silo_run_all(r);
	for (uint32_t s = 0; s < r->m.nserves; s++)
		snprintf(serves + strlen(serves), sizeof(serves) - strlen(serves),
			 "%s%s", s ? " " : "", r->m.serves[s]);
	if (n == 0) {
		snprintf(err, errcap, "%s: no program could start, silo not started",
			 r->m.name);
		silo_reclaim(r, SILO_EXITED);
		return -SH_ENOENT;
	}
	r->state = SILO_RUNNING;
	silod_log("started %s: %u of %u programs, serves %s\n", r->m.name, n,
		  r->m.nrun, serves[0] ? serves : "nothing");
	event_post(r, SILO_EV_START, 0, 0, 0, 0);
	return 0;
}

struct silo_rec *silo_prepare(const char *source, const char *text,
			      size_t len, char *err, size_t errcap, int *code)
{
	static struct manifest m;
	struct silo_rec *r = NULL, *old;
	const char *file = strrchr(source, '/');
	int e;

	e = manifest_parse(&m, file ? file + 1 : source, text, len, err, errcap);
	if (e < 0) {
		*code = e;
		return NULL;
	}
	old = silo_find(m.name);
	if (old && old->state <= SILO_STOPPING) {
		snprintf(err, errcap, "silo '%s' is running", m.name);
		*code = -SH_EEXIST;
		return NULL;
	}
	/* A stopped record of the same name gives its slot up. */
	if (old) {
		free(old->text);
		memset(old, 0, sizeof(*old));
	}
	for (uint32_t i = 0; i < SILOD_SILOS_MAX && !r; i++)
		if (!silod.silos[i].used)
			r = &silod.silos[i];
	if (!r) {
		snprintf(err, errcap, "too many silos");
		*code = -SH_ENOSPC;
		return NULL;
	}
	memset(r, 0, sizeof(*r));
	r->used = 1;
	r->id = silod.next_id++;
	r->m = m;
	r->state = SILO_STARTING;
	strncpy(r->source, source, MANIFEST_PATH_MAX);
	r->text = malloc(len + 1);
	if (r->text) {
		memcpy(r->text, text, len);
		r->text[len] = 0;
		r->text_len = len;
	}
	e = silo_claim_schemes(r);
	if (e < 0) {
		snprintf(err, errcap, "%s: cannot serve its schemes: %s",
			 r->m.name, sh_strerror(e));
		silo_reclaim(r, SILO_STOPPED);
		*code = e;
		return NULL;
	}
	return r;
}

struct silo_rec *silo_start_text(const char *source, const char *text,
				 size_t len, char *err, size_t errcap,
				 int *code)
{
	struct silo_rec *r = silo_prepare(source, text, len, err, errcap, code);
	int e;

	if (!r)
		return NULL;
	e = silo_launch(r, err, errcap);
	if (e < 0) {
		*code = e;
		return NULL;
	}
	return r;
}
