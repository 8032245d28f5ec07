/* Directory streams: opendir/readdir/closedir over READDIR.  A DIR holds
 * the fd and one buffer of records; readdir hands them out one at a time
 * as struct dirent and refills the buffer when it runs dry. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>

#define DIR_BUF 4096u

struct __shale_dir {
	int fd;
	uint32_t len;		/* bytes of records in buf */
	uint32_t pos;		/* the next record */
	int done;		/* READDIR said 0: the end */
	struct dirent ent;
	uint64_t buf[DIR_BUF / 8];
};

DIR *opendir(const char *path)
{
	DIR *d = malloc(sizeof(*d));
	int fd;

	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	fd = sh_file_open(path, SH_O_DIR, 0);
	if (fd < 0) {
		free(d);
		errno = sh_errno(fd);
		return NULL;
	}
	memset(d, 0, offsetof(struct __shale_dir, buf));
	d->fd = fd;
	return d;
}

static unsigned char dt_of(uint32_t type)
{
	switch (type) {
	case SH_FTYPE_FILE: return DT_REG;
	case SH_FTYPE_DIR: return DT_DIR;
	case SH_FTYPE_DEV: return DT_CHR;
	default: return DT_UNKNOWN;
	}
}

struct dirent *readdir(DIR *d)
{
	struct sh_dirent rec;
	const char *name;

	for (;;) {
		if (scheme_dirent_next(d->buf, d->len, &d->pos, &rec, &name)) {
			d->ent.d_ino = (ino_t)rec.id;
			d->ent.d_type = dt_of(rec.type);
			memcpy(d->ent.d_name, name, rec.namelen);
			d->ent.d_name[rec.namelen] = '\0';
			return &d->ent;
		}
		if (d->done)
			return NULL;	/* the end: errno untouched */
		{
			int64_t n = sh_file_readdir(d->fd, d->buf, DIR_BUF);

			if (n < 0) {
				errno = sh_errno(n);
				return NULL;
			}
			if (n == 0)
				d->done = 1;
			d->len = (uint32_t)n;
			d->pos = 0;
		}
	}
}

int closedir(DIR *d)
{
	int r;

	if (!d) {
		errno = EBADF;
		return -1;
	}
	r = sh_file_close(d->fd);
	free(d);
	if (r < 0) {
		errno = sh_errno(r);
		return -1;
	}
	return 0;
}

int dirfd(DIR *d)
{
	return d->fd;
}
