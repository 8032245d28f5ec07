/* memfs: see memfs.h.  Straightforward on purpose: it is the strate the
 * library is tested against, so its own logic must be easy to trust. */
#include <stddef.h>
#include <string.h>
#include <shale/errors.h>
#include "memfs.h"

struct memfs memfs;

static struct memfs_node *node_new(const char *path, uint32_t type)
{
	for (int i = 0; i < MEMFS_NODES; i++) {
		struct memfs_node *n = &memfs.nodes[i];
		if (n->used)
			continue;
		memset(n, 0, offsetof(struct memfs_node, data));
		n->used = 1;
		n->type = type;
		n->mode = type == SH_FTYPE_DIR ? 0755 : 0644;
		n->id = ++memfs.next_id;
		strcpy(n->path, path);
		return n;
	}
	return NULL;
}

struct memfs_node *memfs_get(const char *path)
{
	for (int i = 0; i < MEMFS_NODES; i++)
		if (memfs.nodes[i].used && strcmp(memfs.nodes[i].path, path) == 0)
			return &memfs.nodes[i];
	return NULL;
}

/* The parent directory's path of a normal path ("/a/b" -> "/a"). */
static void parent_of(const char *path, char *out)
{
	const char *slash = strrchr(path, '/');
	size_t n = (size_t)(slash - path);

	if (n == 0)
		n = 1;
	memcpy(out, path, n);
	out[n] = '\0';
}

static int parent_ok(const char *path)
{
	char p[SH_PATH_MAX + 1];
	struct memfs_node *d;

	parent_of(path, p);
	d = memfs_get(p);
	if (!d)
		return -SH_ENOENT;
	return d->type == SH_FTYPE_DIR ? 0 : -SH_ENOTDIR;
}

/* Is n a direct child of dir? */
static int child_of(const struct memfs_node *n, const char *dir)
{
	char p[SH_PATH_MAX + 1];

	if (strcmp(n->path, "/") == 0)
		return 0;
	parent_of(n->path, p);
	return strcmp(p, dir) == 0;
}

void memfs_reset(void)
{
	for (int i = 0; i < MEMFS_NODES; i++)
		memfs.nodes[i].used = 0;
	memfs.next_id = 0;
	memfs.opens = memfs.closes = memfs.fsyncs = memfs.max_read = 0;
	memfs.has_pending = 0;
	node_new("/", SH_FTYPE_DIR);
	node_new("/cons", SH_FTYPE_DEV);
}

struct memfs_node *memfs_add(const char *path, uint32_t type, const void *data,
			     uint64_t size)
{
	struct memfs_node *n = node_new(path, type);

	if (n && size) {
		memcpy(n->data, data, size);
		n->size = size;
	}
	return n;
}

static int64_t m_open(struct scheme_req *req, const char *path,
		      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	struct memfs_node *n = memfs_get(path);
	int err;

	(void)req;
	if (n && (flags & SH_O_CREATE) && (flags & SH_O_EXCL))
		return -SH_EEXIST;
	if (!n) {
		if (!(flags & SH_O_CREATE))
			return -SH_ENOENT;
		err = parent_ok(path);
		if (err)
			return err;
		n = node_new(path, SH_FTYPE_FILE);
		if (!n)
			return -SH_ENOSPC;
		n->mode = mode;
	}
	if ((flags & SH_O_DIR) && n->type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	if (n->type == SH_FTYPE_DIR && (flags & (SH_O_WRITE | SH_O_TRUNC)))
		return -SH_EISDIR;
	if (flags & SH_O_TRUNC)
		n->size = 0;
	n->open_count++;
	memfs.opens++;
	f->priv = n;
	return 0;
}

static int64_t m_read(struct scheme_req *req, struct scheme_file *f,
		      uint64_t off, void *buf, uint32_t count)
{
	struct memfs_node *n = f->priv;

	if (count > memfs.max_read)
		memfs.max_read = count;
	if (n->type == SH_FTYPE_DIR)
		return -SH_EISDIR;
	if (n->type == SH_FTYPE_DEV) {
		/* wait for input: keep the request, answer in memfs_input */
		if (memfs.has_pending)
			return -SH_EBUSY;
		memfs.pending = *req;
		memfs.has_pending = 1;
		return SCHEME_DEFER;
	}
	if (off >= n->size)
		return 0;
	if (count > n->size - off)
		count = (uint32_t)(n->size - off);
	memcpy(buf, n->data + off, count);
	return count;
}

int memfs_input(const char *s, uint32_t n)
{
	if (!memfs.has_pending)
		return -SH_EINVAL;
	memfs.has_pending = 0;
	if (n > memfs.pending.hdr.count)
		n = memfs.pending.hdr.count;
	return scheme_reply_data(&memfs.pending, n, s, n);
}

static int64_t m_write(struct scheme_req *req, struct scheme_file *f,
		       uint64_t off, const void *buf, uint32_t count)
{
	struct memfs_node *n = f->priv;

	(void)req;
	if (n->type == SH_FTYPE_DIR)
		return -SH_EISDIR;
	if (off >= MEMFS_FILE_MAX)
		return -SH_ENOSPC;
	if (count > MEMFS_FILE_MAX - off)
		count = (uint32_t)(MEMFS_FILE_MAX - off);
	memcpy(n->data + off, buf, count);
	if (off + count > n->size)
		n->size = off + count;
	return count;
}

static int64_t m_stat(struct scheme_req *req, struct scheme_file *f,
		      struct sh_stat *st)
{
	struct memfs_node *n = f->priv;

	(void)req;
	st->id = n->id;
	st->size = n->size;
	st->type = n->type;
	st->mode = n->mode;
	st->nlink = 1;
	st->blksize = 4096;
	return 0;
}

/* Cookie: index into nodes of the next entry to look at. */
static int64_t m_readdir(struct scheme_req *req, struct scheme_file *f,
			 uint64_t cookie, void *buf, uint32_t cap)
{
	struct memfs_node *d = f->priv;
	uint32_t used = 0;

	(void)req;
	if (d->type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	for (uint64_t i = cookie; i < MEMFS_NODES; i++) {
		struct memfs_node *n = &memfs.nodes[i];
		const char *name;
		int err;

		if (!n->used || !child_of(n, d->path))
			continue;
		name = strrchr(n->path, '/') + 1;
		err = scheme_dirent_put(buf, cap, &used, n->id, i + 1, n->type,
					name, (uint32_t)strlen(name));
		if (err == -SH_E2BIG)
			return used ? (int64_t)used : -SH_EINVAL;
		if (err)
			return err;
	}
	return used;
}

static int64_t m_truncate(struct scheme_req *req, struct scheme_file *f,
			  uint64_t size)
{
	struct memfs_node *n = f->priv;

	(void)req;
	if (size > MEMFS_FILE_MAX)
		return -SH_ENOSPC;
	if (size > n->size)
		memset(n->data + n->size, 0, size - n->size);
	n->size = size;
	return 0;
}

static int64_t m_fsync(struct scheme_req *req, struct scheme_file *f)
{
	(void)req;
	(void)f;
	memfs.fsyncs++;
	return 0;
}

static int64_t m_unlink(struct scheme_req *req, const char *path)
{
	struct memfs_node *n = memfs_get(path);

	(void)req;
	if (!n)
		return -SH_ENOENT;
	if (n->type == SH_FTYPE_DIR)
		return -SH_EISDIR;
	if (n->open_count)
		return -SH_EBUSY;
	n->used = 0;
	return 0;
}

static int64_t m_mkdir(struct scheme_req *req, const char *path, uint32_t mode)
{
	int err;

	(void)req;
	if (memfs_get(path))
		return -SH_EEXIST;
	err = parent_ok(path);
	if (err)
		return err;
	struct memfs_node *n = node_new(path, SH_FTYPE_DIR);
	if (!n)
		return -SH_ENOSPC;
	n->mode = mode;
	return 0;
}

static int64_t m_rmdir(struct scheme_req *req, const char *path)
{
	struct memfs_node *d = memfs_get(path);

	(void)req;
	if (!d)
		return -SH_ENOENT;
	if (d->type != SH_FTYPE_DIR)
		return -SH_ENOTDIR;
	if (strcmp(path, "/") == 0 || d->open_count)
		return -SH_EBUSY;
	for (int i = 0; i < MEMFS_NODES; i++)
		if (memfs.nodes[i].used && child_of(&memfs.nodes[i], path))
			return -SH_ENOTEMPTY;
	d->used = 0;
	return 0;
}

static int64_t m_rename(struct scheme_req *req, const char *from,
			const char *to)
{
	struct memfs_node *n = memfs_get(from);
	int err;

	(void)req;
	if (!n)
		return -SH_ENOENT;
	if (n->type == SH_FTYPE_DIR)
		return -SH_ENOTSUP;	/* memfs keeps it simple */
	if (memfs_get(to))
		return -SH_EEXIST;
	err = parent_ok(to);
	if (err)
		return err;
	strcpy(n->path, to);
	return 0;
}

static void m_close(struct scheme_server *srv, struct scheme_file *f)
{
	struct memfs_node *n = f->priv;

	(void)srv;
	if (memfs.has_pending && memfs.pending.file == f) {
		memfs.has_pending = 0;
		scheme_reply(&memfs.pending, -SH_EINTR);
	}
	n->open_count--;
	memfs.closes++;
}

const struct scheme_ops memfs_ops = {
	.open = m_open,
	.read = m_read,
	.write = m_write,
	.stat = m_stat,
	.readdir = m_readdir,
	.truncate = m_truncate,
	.fsync = m_fsync,
	.unlink = m_unlink,
	.mkdir = m_mkdir,
	.rmdir = m_rmdir,
	.rename = m_rename,
	.close = m_close,
};
