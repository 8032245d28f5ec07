/* READDIR records: packing (strates), walking (clients) and checking (the
 * server loop, before a reply leaves).  Records are read and written with
 * memcpy: a caller's buffer need not be 8-aligned even though records sit
 * at multiples of 8 within it. */
#include <string.h>
#include <shale/scheme_serve.h>
#include <shale/scheme_client.h>
#include <shale/errors.h>
#include "dirent.h"

int scheme_dirent_put(void *buf, uint32_t cap, uint32_t *used, uint64_t id,
		      uint64_t next, uint32_t type, const char *name,
		      uint32_t namelen)
{
	struct sh_dirent d;
	uint32_t size;
	char *p;

	if (namelen == 0 || namelen > SH_FILENAME_MAX)
		return -SH_EINVAL;
	size = SH_DIRENT_SIZE(namelen);
	if (*used > cap || cap - *used < size)
		return -SH_E2BIG;
	p = (char *)buf + *used;
	memset(&d, 0, sizeof(d));
	d.id = id;
	d.next = next;
	d.reclen = (uint16_t)size;
	d.namelen = (uint16_t)namelen;
	d.type = type;
	memcpy(p, &d, sizeof(d));
	memcpy(p + sizeof(d), name, namelen);
	memset(p + sizeof(d) + namelen, 0, size - sizeof(d) - namelen);
	*used += size;
	return 0;
}

int scheme_dirent_next(const void *buf, uint32_t len, uint32_t *pos,
		       struct sh_dirent *d, const char **name)
{
	const char *p = buf;

	if (*pos >= len || len - *pos < sizeof(*d))
		return 0;
	memcpy(d, p + *pos, sizeof(*d));
	if (d->namelen == 0 || d->namelen > SH_FILENAME_MAX ||
	    d->reclen != SH_DIRENT_SIZE(d->namelen) ||
	    d->reclen > len - *pos)
		return 0;
	*name = p + *pos + sizeof(*d);
	*pos += d->reclen;
	return 1;
}

int dirent_check(const void *buf, uint32_t len, uint64_t *next)
{
	struct sh_dirent d;
	const char *name;
	uint32_t pos = 0;
	int n = 0;

	while (scheme_dirent_next(buf, len, &pos, &d, &name)) {
		*next = d.next;
		n++;
	}
	return pos == len ? n : -SH_EBADMSG;
}
