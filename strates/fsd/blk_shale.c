/* blk_shale: struct blkdev over a blk: device file served by blkd, through
 * libc's file API.  The one file that knows how fsd reaches its disk. */
#include <string.h>
#include <shale/errors.h>
#include <shale/file.h>
#include "fsd.h"

static int b_read(struct blkdev *d, uint64_t off, void *buf, size_t len)
{
	struct blk_shale *b = d->ctx;
	size_t done = 0;

	while (done < len) {
		int64_t n = sh_file_pread(b->fd, (uint8_t *)buf + done,
					  len - done, off + done);
		if (n < 0)
			return (int)n;
		if (n == 0)
			return -SH_EIO;	/* past the device's end */
		done += (size_t)n;
	}
	return 0;
}

static int b_write(struct blkdev *d, uint64_t off, const void *buf,
		   size_t len)
{
	struct blk_shale *b = d->ctx;
	size_t done = 0;

	while (done < len) {
		int64_t n = sh_file_pwrite(b->fd, (const uint8_t *)buf + done,
					   len - done, off + done);
		if (n < 0)
			return (int)n;
		if (n == 0)
			return -SH_EIO;
		done += (size_t)n;
	}
	return 0;
}

static int b_flush(struct blkdev *d)
{
	struct blk_shale *b = d->ctx;

	return sh_file_fsync(b->fd);
}

int blk_shale_open(struct blk_shale *b, const char *spath)
{
	struct sh_stat st;
	int r;

	memset(b, 0, sizeof(*b));
	b->fd = sh_file_open(spath, SH_O_READ | SH_O_WRITE, 0);
	if (b->fd == -SH_EPERM) {
		b->fd = sh_file_open(spath, SH_O_READ, 0);
		b->dev.rdonly = 1;
	}
	if (b->fd < 0)
		return b->fd;
	r = sh_file_fstat(b->fd, &st);
	if (r < 0) {
		sh_file_close(b->fd);
		return r;
	}
	b->dev.ctx = b;
	b->dev.size = st.size & ~511ull;
	b->dev.read = b_read;
	b->dev.write = b_write;
	b->dev.flush = b_flush;
	return 0;
}

void blk_shale_close(struct blk_shale *b)
{
	if (b->fd >= 0)
		sh_file_close(b->fd);
	b->fd = -1;
}
