/* The boot archive as seen by a process holding its frame handle (init
 * gets it in its start record): mapped read-only once, on first use, then
 * searched with the same newc reader the kernel uses.  The frame starts at
 * the page holding the archive's first byte; the start record does not say
 * where in that page the archive begins (QEMU puts it at the page start),
 * so a frame not starting with a newc header is searched for one in its
 * first page. */
#include <shale.h>
#include "libc_internal.h"
#include "cpio.h"

static const void *archive;
static size_t archive_len;
static volatile int map_lock;

/* Maps the archive if not yet done.  Returns 0 or -SH_E*. */
static long bootfs_map(void)
{
	const struct sh_start *st = sh_start_info();
	size_t npages;
	long err = 0;
	void *p;

	libc_lock(&map_lock);
	if (archive)
		goto out;
	if (!st->bootfs) {
		err = -SH_EBADH;
		goto out;
	}
	npages = (st->bootfs_size + 2 * SH_PAGE_SIZE - 1) / SH_PAGE_SIZE;
	{
		struct sh_frame_info fi = {0};

		/* One page more when the frame has it: room for an offset. */
		if (sh_frame_info(st->bootfs, &fi) == 0 && fi.size / SH_PAGE_SIZE < npages)
			npages = fi.size / SH_PAGE_SIZE;
	}
	p = sh_map_frame(st->bootfs, npages ? npages : 1, SH_VM_READ, &err);
	if (!p)
		goto out;
	for (size_t off = 0; off < SH_PAGE_SIZE; off += 4) {
		if (off + st->bootfs_size > npages * SH_PAGE_SIZE)
			break;
		if (cpio_validate((const char *)p + off, st->bootfs_size) >= 0) {
			archive = (const char *)p + off;
			archive_len = st->bootfs_size;
			goto out;
		}
	}
	err = -SH_EBADMSG;
out:
	libc_unlock(&map_lock);
	return err;
}

int sh_bootfs_find(const char *path, const void **data, size_t *size)
{
	struct cpio_entry e;
	long err = bootfs_map();
	int r;

	if (err < 0)
		return (int)err;
	r = cpio_find(archive, archive_len, path, &e);
	if (r < 0)
		return r;
	*data = e.data;
	*size = e.size;
	return 0;
}
