/* blk_file: struct blkdev over a host file or over memory. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <shale/errors.h>
#include "blk_file.h"

static int check(struct blkdev *d, uint64_t off, size_t len)
{
	if ((off | len) & 511 || off > d->size || len > d->size - off)
		return -SH_EINVAL;
	return 0;
}

static int file_read(struct blkdev *d, uint64_t off, void *buf, size_t len)
{
	struct blk_file *f = d->ctx;

	if (check(d, off, len))
		return -SH_EINVAL;
	f->reads++;
	if (pread(f->fd, buf, len, (off_t)(f->base + off)) != (ssize_t)len)
		return -SH_EIO;
	return 0;
}

static int file_write(struct blkdev *d, uint64_t off, const void *buf,
		      size_t len)
{
	struct blk_file *f = d->ctx;

	if (check(d, off, len))
		return -SH_EINVAL;
	f->writes++;
	if (f->writes_left == 0)
		return 0;	/* dead machine: the write never happens */
	if (f->writes_left > 0)
		f->writes_left--;
	if (pwrite(f->fd, buf, len, (off_t)(f->base + off)) != (ssize_t)len)
		return -SH_EIO;
	return 0;
}

static int file_flush(struct blkdev *d)
{
	struct blk_file *f = d->ctx;

	f->flushes++;
	return 0;
}

int blk_file_open(struct blk_file *f, const char *path, uint64_t base,
		  uint64_t size, int rdonly)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->fd = open(path, rdonly ? O_RDONLY : O_RDWR);
	if (f->fd < 0 || fstat(f->fd, &st) < 0)
		return -1;
	if (size == 0)
		size = (uint64_t)st.st_size - base;
	f->base = base;
	f->writes_left = -1;
	f->dev.ctx = f;
	f->dev.size = size & ~511ull;
	f->dev.rdonly = rdonly;
	f->dev.read = file_read;
	f->dev.write = file_write;
	f->dev.flush = file_flush;
	return 0;
}

void blk_file_close(struct blk_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static int mem_read(struct blkdev *d, uint64_t off, void *buf, size_t len)
{
	struct blk_mem *m = d->ctx;

	if (check(d, off, len))
		return -SH_EINVAL;
	memcpy(buf, m->data + off, len);
	return 0;
}

static int mem_write(struct blkdev *d, uint64_t off, const void *buf,
		     size_t len)
{
	struct blk_mem *m = d->ctx;

	if (check(d, off, len))
		return -SH_EINVAL;
	memcpy(m->data + off, buf, len);
	return 0;
}

static int mem_flush(struct blkdev *d)
{
	(void)d;
	return 0;
}

void blk_mem_init(struct blk_mem *m, uint8_t *data, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->data = data;
	m->dev.ctx = m;
	m->dev.size = size & ~511ull;
	m->dev.read = mem_read;
	m->dev.write = mem_write;
	m->dev.flush = mem_flush;
}
