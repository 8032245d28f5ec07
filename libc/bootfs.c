/* The boot archive as seen by a process holding its frame handle (init
 * gets it in its start record): mapped read-only once, on first use, then
 * searched with the same newc reader the kernel uses. */
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
	npages = (st->bootfs_size + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE;
	p = sh_map_frame(st->bootfs, npages ? npages : 1, SH_VM_READ, &err);
	if (!p)
		goto out;
	archive_len = st->bootfs_size;
	archive = p;
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
