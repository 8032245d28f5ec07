/* The fakes of fake_flint.h.  Paths arrive whole ("fs:/a/b", normal
 * form, as flint_path makes them) and are kept as they are; a directory's
 * entries are the nodes one component below it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/scheme_client.h>
#include <shale/scheme_ns.h>
#include <shale/scheme_path.h>
#include <shale/scheme_serve.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>

#include "fake_flint.h"
#include "flint.h"
#include "term.h"

struct flint flint;

#define NODES 64
#define SFDS 32

struct node {
	int used;
	uint32_t type;
	char path[FPATH_MAX];
	char *data;
	size_t size;
};

struct sfd {
	int used;
	int node;
	uint64_t pos;
	uint32_t flags;
};

static struct node nodes[NODES];
static struct sfd sfds[SFDS];
static char term_rec[1 << 16];
static size_t term_len;
static struct ns_entry ns_store[4];
static struct ns_table ns;

static int find(const char *path)
{
	for (int i = 0; i < NODES; i++)
		if (nodes[i].used && strcmp(nodes[i].path, path) == 0)
			return i;
	return -1;
}

static int add(const char *path, uint32_t type)
{
	for (int i = 0; i < NODES; i++) {
		if (!nodes[i].used) {
			memset(&nodes[i], 0, sizeof(nodes[i]));
			nodes[i].used = 1;
			nodes[i].type = type;
			strcpy(nodes[i].path, path);
			return i;
		}
	}
	return -1;
}

/* "fs:/a/b" -> "fs:/a"; "fs:/a" -> "fs:/". */
static void parent(const char *path, char *out)
{
	const char *s = strrchr(path, '/');
	size_t n = (size_t)(s - path);

	if (n > 0 && path[n - 1] == ':')
		n++;
	memcpy(out, path, n);
	out[n] = '\0';
}

static int writable(const char *path)
{
	return strncmp(path, "fs:", 3) == 0 || strncmp(path, "eink:", 5) == 0;
}

static int scheme_known(const char *path)
{
	return !strncmp(path, "fs:", 3) || !strncmp(path, "ro:", 3) ||
	       !strncmp(path, "cons:", 5) || !strncmp(path, "eink:", 5);
}

void fake_file_addn(const char *path, const void *data, size_t len)
{
	int i = find(path);

	if (i < 0)
		i = add(path, SH_FTYPE_FILE);
	free(nodes[i].data);
	nodes[i].size = len;
	nodes[i].data = malloc(len + 1);
	memcpy(nodes[i].data, data, len);
}

void fake_file_add(const char *path, const char *text)
{
	fake_file_addn(path, text, strlen(text));
}

const char *fake_file_data(const char *path, size_t *len)
{
	int i = find(path);

	if (i < 0)
		return NULL;
	*len = nodes[i].size;
	return nodes[i].data;
}

void fake_flint_reset(void)
{
	for (int i = 0; i < NODES; i++) {
		free(nodes[i].data);
		nodes[i].data = NULL;
		nodes[i].used = 0;
	}
	memset(sfds, 0, sizeof(sfds));
	add("fs:/", SH_FTYPE_DIR);
	add("ro:/", SH_FTYPE_DIR);
	add("cons:/", SH_FTYPE_DEV);
	fake_file_add("ro:/motd", "welcome\nto shale\n");
	term_len = 0;
	ns_init(&ns, ns_store, 4);
	ns_add(&ns, "fs", 1, NULL);
	ns_add(&ns, "ro", 2, NULL);
	ns_add(&ns, "cons", 3, NULL);
	memset(&flint, 0, sizeof(flint));
	strcpy(fake_cwd, "fs:/");
	strcpy(flint.home, "fs:/");
	fake_statfs_calls = fake_sync_calls = 0;
	flint.silod = 9;		/* silo_ctl_call answers ENOSYS */
	fake_silod = NULL;
	history_init(&flint.hist);
}

const char *fake_term_take(void)
{
	static char copy[sizeof(term_rec) + 1];

	memcpy(copy, term_rec, term_len);
	copy[term_len] = '\0';
	term_len = 0;
	return copy;
}

int fake_open_count(void)
{
	int n = 0;

	for (int i = 0; i < SFDS; i++)
		n += sfds[i].used;
	return n;
}

/* ---- the terminal ---- */

void term_write(const char *s, size_t n)
{
	if (n > sizeof(term_rec) - term_len)
		n = sizeof(term_rec) - term_len;
	memcpy(term_rec + term_len, s, n);
	term_len += n;
}

void term_flush(void) {}
int term_interrupted(void) { return 0; }
int term_getc(void) { return -SH_EIO; }
int term_getc_timeout(unsigned ms) { (void)ms; return -SH_ETIMEDOUT; }
int term_open(const char *path) { (void)path; return 0; }
int term_reopen(void) { return 0; }
void term_close(void) {}

/* ---- libstrate ---- */

int strate_init(void) { return 0; }
struct ns_table *strate_ns(void) { return &ns; }

/* ---- libc: the namespace, the cwd (sh_path_resolve is libc's own) ---- */

static struct sfd *get(int sfd);

char fake_cwd[FPATH_MAX];
int fake_statfs_calls, fake_sync_calls;

struct ns_table *sh_ns(void) { return &ns; }

int sh_file_getcwd(char *out, size_t cap)
{
	size_t n = strlen(fake_cwd);

	if (n + 1 > cap)
		return -SH_ERANGE;
	memcpy(out, fake_cwd, n + 1);
	return (int)n;
}

int sh_file_chdir(const char *path)
{
	char full[FPATH_MAX];
	struct sh_stat st;
	int r = sh_path_resolve(fake_cwd[0] ? fake_cwd : NULL, path, full,
				sizeof(full));

	if (r < 0)
		return r;
	r = sh_file_stat(full, &st);
	if (r < 0)
		return r;
	if (st.type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	strcpy(fake_cwd, full);
	return 0;
}

/* "fs" is a file system (ext2, 1 KiB blocks, unclean), the others not */
int sh_file_statfs(const char *path, struct sh_statfs *sf)
{
	fake_statfs_calls++;
	if (!scheme_known(path))
		return -SH_ENOENT;
	if (strncmp(path, "fs:", 3) != 0)
		return -SH_ENOTSUP;
	memset(sf, 0, sizeof(*sf));
	sf->bsize = 1024;
	sf->blocks = 8192;
	sf->bfree = 8000;
	sf->bavail = 7600;
	sf->files = 2048;
	sf->ffree = 2037;
	sf->flags = SH_FS_UNCLEAN;
	memcpy(sf->type, "ext2", 4);
	return 0;
}

int sh_file_syncfs(int sfd)
{
	if (!get(sfd))
		return -SH_EBADH;
	if (strncmp(nodes[sfds[sfd].node].path, "fs:", 3) != 0)
		return -SH_ENOTSUP;
	fake_sync_calls++;
	return 0;
}

long strate_ns_get(const char *name)
{
	const struct ns_entry *e = ns_find(&ns, name, strlen(name));

	return e ? (long)e->ep : -SH_ENOENT;
}

int sh_file_open(const char *spath, uint32_t flags, uint32_t mode)
{
	char par[FPATH_MAX];
	int i = find(spath), p;

	(void)mode;
	if (!scheme_known(spath))
		return -SH_ENOENT;
	if (strcmp(spath, "cons:/") == 0 && (flags & (SH_O_CREATE | SH_O_TRUNC)))
		return -SH_EPERM;
	if ((flags & (SH_O_WRITE | SH_O_CREATE)) && !writable(spath) &&
	    strcmp(spath, "cons:/") != 0)
		return -SH_EPERM;
	if (i < 0) {
		if (!(flags & SH_O_CREATE))
			return -SH_ENOENT;
		parent(spath, par);
		p = find(par);
		if (p < 0)
			return -SH_ENOENT;
		if (nodes[p].type != SH_FTYPE_DIR)
			return -SH_ENOTDIR;
		i = add(spath, SH_FTYPE_FILE);
		if (i < 0)
			return -SH_ENOSPC;
	}
	if (nodes[i].type == SH_FTYPE_DIR && (flags & SH_O_WRITE))
		return -SH_EISDIR;
	if ((flags & SH_O_DIR) && nodes[i].type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	if (flags & SH_O_TRUNC)
		nodes[i].size = 0;
	for (int k = 0; k < SFDS; k++) {
		if (!sfds[k].used) {
			sfds[k] = (struct sfd){ 1, i, 0, flags };
			return k;
		}
	}
	return -SH_ENOSPC;
}

static struct sfd *get(int sfd)
{
	return sfd >= 0 && sfd < SFDS && sfds[sfd].used ? &sfds[sfd] : NULL;
}

int64_t sh_file_read(int sfd, void *buf, size_t len)
{
	struct sfd *f = get(sfd);
	struct node *n;
	size_t k;

	if (!f)
		return -SH_EBADH;
	n = &nodes[f->node];
	if (n->type == SH_FTYPE_DIR)
		return -SH_EISDIR;
	if (f->pos >= n->size)
		return 0;
	k = n->size - f->pos < len ? n->size - f->pos : len;
	memcpy(buf, n->data + f->pos, k);
	f->pos += k;
	return (int64_t)k;
}

int64_t sh_file_write(int sfd, const void *buf, size_t len)
{
	struct sfd *f = get(sfd);
	struct node *n;

	if (!f)
		return -SH_EBADH;
	if (!(f->flags & SH_O_WRITE))
		return -SH_EPERM;
	n = &nodes[f->node];
	if (n->type == SH_FTYPE_DEV) {
		term_write(buf, len);
		return (int64_t)len;
	}
	if (f->flags & SH_O_APPEND)
		f->pos = n->size;
	if (f->pos + len > n->size) {
		char *d = realloc(n->data, f->pos + len);

		if (!d)
			return -SH_ENOSPC;
		n->data = d;
		n->size = f->pos + len;
	}
	memcpy(n->data + f->pos, buf, len);
	f->pos += len;
	return (int64_t)len;
}

int sh_file_fstat(int sfd, struct sh_stat *st)
{
	struct sfd *f = get(sfd);

	if (!f)
		return -SH_EBADH;
	memset(st, 0, sizeof(*st));
	st->type = nodes[f->node].type;
	st->size = nodes[f->node].size;
	st->id = (uint64_t)f->node + 1;
	st->nlink = 1;
	st->mode = 0644;
	return 0;
}

int sh_file_stat(const char *spath, struct sh_stat *st)
{
	int sfd = sh_file_open(spath, 0, 0), r;

	if (sfd < 0)
		return sfd;
	r = sh_file_fstat(sfd, st);
	sh_file_close(sfd);
	return r;
}

/* Whether node i is directly inside directory dir. */
static int child(int i, const char *dir)
{
	char par[FPATH_MAX];

	if (!nodes[i].used || strcmp(nodes[i].path, dir) == 0)
		return 0;
	parent(nodes[i].path, par);
	return strcmp(par, dir) == 0;
}

int64_t sh_file_readdir(int sfd, void *buf, uint32_t cap)
{
	struct sfd *f = get(sfd);
	uint32_t used = 0;

	if (!f)
		return -SH_EBADH;
	if (nodes[f->node].type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	for (; f->pos < NODES; f->pos++) {
		const char *name;

		if (!child((int)f->pos, nodes[f->node].path))
			continue;
		name = strrchr(nodes[f->pos].path, '/') + 1;
		if (scheme_dirent_put(buf, cap, &used, f->pos + 1, f->pos + 1,
				      nodes[f->pos].type, name,
				      (uint32_t)strlen(name)) < 0)
			break;
	}
	return used;
}

int sh_file_close(int sfd)
{
	struct sfd *f = get(sfd);

	if (!f)
		return -SH_EBADH;
	f->used = 0;
	return 0;
}

int sh_file_chan(int sfd, const struct scheme_chan **c, uint64_t *fid)
{
	static struct scheme_chan chan;

	if (!get(sfd))
		return -SH_EBADH;
	*c = &chan;
	*fid = (uint64_t)sfd;
	return 0;
}

int sh_file_unlink(const char *spath)
{
	int i = find(spath);

	if (!scheme_known(spath) || i < 0)
		return -SH_ENOENT;
	if (!writable(spath))
		return -SH_EPERM;
	if (nodes[i].type == SH_FTYPE_DIR)
		return -SH_EISDIR;
	free(nodes[i].data);
	nodes[i].data = NULL;
	nodes[i].used = 0;
	return 0;
}

int sh_file_mkdir(const char *spath, uint32_t mode)
{
	char par[FPATH_MAX];
	int p;

	(void)mode;
	if (!scheme_known(spath))
		return -SH_ENOENT;
	if (!writable(spath))
		return -SH_EPERM;
	if (find(spath) >= 0)
		return -SH_EEXIST;
	parent(spath, par);
	p = find(par);
	if (p < 0)
		return -SH_ENOENT;
	return add(spath, SH_FTYPE_DIR) < 0 ? -SH_ENOSPC : 0;
}

int sh_file_rmdir(const char *spath)
{
	int i = find(spath);

	if (!scheme_known(spath) || i < 0)
		return -SH_ENOENT;
	if (!writable(spath))
		return -SH_EPERM;
	if (nodes[i].type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	for (int k = 0; k < NODES; k++)
		if (child(k, spath))
			return -SH_ENOTEMPTY;
	nodes[i].used = 0;
	return 0;
}

int sh_file_read_all(const char *spath, void **data, size_t *size, size_t max)
{
	int sfd = sh_file_open(spath, SH_O_READ, 0);
	struct node *n;
	char *d;

	if (sfd < 0)
		return sfd;
	n = &nodes[sfds[sfd].node];
	if (n->type == SH_FTYPE_DIR) {
		sh_file_close(sfd);
		return -SH_EISDIR;
	}
	if (n->size > max) {
		sh_file_close(sfd);
		return -SH_E2BIG;
	}
	d = malloc(n->size + 1);
	memcpy(d, n->data ? n->data : "", n->size);
	d[n->size] = '\0';
	*data = d;
	*size = n->size;
	sh_file_close(sfd);
	return 0;
}

/* ---- the scheme client calls flint makes directly ---- */

int sh_file_rename(const char *from, const char *to)
{
	int i = find(from);

	if (strncmp(from, to, (size_t)(strchr(from, ':') - from) + 1) != 0)
		return -SH_ENOTSUP;
	if (!scheme_known(from) || i < 0)
		return -SH_ENOENT;
	if (!writable(from))
		return -SH_EPERM;
	if (find(to) >= 0)
		sh_file_unlink(to);
	strcpy(nodes[i].path, to);
	return 0;
}

/* ---- silod and the kernel: nobody home ---- */

fake_silod_fn fake_silod;

int64_t silo_ctl_call(sh_handle_t ep, uint32_t code, const char *name,
		      uint64_t arg, uint32_t kind, const char *text,
		      uint32_t len, void *out, uint32_t cap, uint32_t *outlen)
{
	uint32_t got = 0;
	int64_t r = -SH_ENOSYS;

	(void)ep;
	if (fake_silod)
		r = fake_silod(code, name, arg, kind, text, len, out, cap, &got);
	if (outlen)
		*outlen = got;
	return r;
}

long sh_sys_sys_stat(long which, long out)
{
	(void)which;
	(void)out;
	return -SH_ENOSYS;
}

long sh_sys_clock(void)
{
	static long t;

	return t += 1000000;	/* every call a millisecond later */
}

long sh_sys_sleep(long ns)
{
	(void)ns;
	return 0;
}
