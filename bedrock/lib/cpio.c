/* cpio "newc" reader: see cpio.h.  Trusts nothing in the archive.  Offsets
 * are checked with subtractions from the buffer length rather than
 * additions, so no field value can make a sum wrap. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <shale/errors.h>
#include "cpio.h"

#define FIELD_LEN 8u
/* Field numbers after the 6-byte magic. */
#define F_MODE     1
#define F_FILESIZE 6
#define F_NAMESIZE 11

static const char TRAILER[] = "TRAILER!!!";

/* Parses 8 hex digits at p into *out; returns 0 or -SH_EBADMSG. */
static int parse_hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < FIELD_LEN; i++) {
		uint8_t c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -SH_EBADMSG;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t n)
{
	return (4 - (n & 3)) & 3;
}

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->off = 0;
	it->state = buf ? 0 : -SH_EBADMSG;
}

static int bad(struct cpio_iter *it)
{
	it->state = -SH_EBADMSG;
	return -SH_EBADMSG;
}

int cpio_iter_next(struct cpio_iter *it, struct cpio_entry *e)
{
	const uint8_t *h;
	uint32_t mode = 0, filesize = 0, namesize = 0;
	size_t room, name_off, data_off, skip;

	if (it->state)
		return it->state > 0 ? 0 : it->state;
	if (it->off > it->len || it->len - it->off < CPIO_HEADER_SIZE)
		return bad(it);		/* truncated header, or no trailer */
	h = it->buf + it->off;
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return bad(it);
	/* Every field must be hex, even those we do not use. */
	for (unsigned f = 0; f < 13; f++) {
		uint32_t v;

		if (parse_hex8(h + 6 + f * FIELD_LEN, &v))
			return bad(it);
		if (f == F_MODE)
			mode = v;
		else if (f == F_FILESIZE)
			filesize = v;
		else if (f == F_NAMESIZE)
			namesize = v;
	}
	name_off = it->off + CPIO_HEADER_SIZE;
	room = it->len - name_off;
	/* The name holds at least one character and its NUL, and the NUL is
	 * where namesize says and nowhere before. */
	if (namesize < 2 || namesize > room)
		return bad(it);
	if (it->buf[name_off + namesize - 1] != '\0' ||
	    memchr(it->buf + name_off, '\0', namesize - 1) != NULL)
		return bad(it);
	skip = namesize + pad4(CPIO_HEADER_SIZE + namesize);
	if (skip > room)
		return bad(it);
	data_off = name_off + skip;
	room = it->len - data_off;

	if (namesize == sizeof(TRAILER) &&
	    memcmp(it->buf + name_off, TRAILER, sizeof(TRAILER)) == 0) {
		it->state = 1;
		it->off = data_off;
		return 0;
	}
	if (filesize > room)
		return bad(it);
	e->name = (const char *)(it->buf + name_off);
	e->namelen = namesize - 1;
	e->data = it->buf + data_off;
	e->size = filesize;
	e->mode = mode;
	/* The padding after the data may run past the end only if nothing
	 * follows; the next call then reports the missing trailer. */
	skip = filesize + pad4(filesize);
	it->off = skip > room ? it->len + 1 : data_off + skip;
	return 1;
}

int cpio_find(const void *buf, size_t len, const char *name,
	      struct cpio_entry *e)
{
	struct cpio_iter it;
	struct cpio_entry cur;
	size_t n = strlen(name);
	int r;

	cpio_iter_init(&it, buf, len);
	while ((r = cpio_iter_next(&it, &cur)) > 0) {
		if (cur.namelen == n && memcmp(cur.name, name, n) == 0) {
			*e = cur;
			return 0;
		}
	}
	return r < 0 ? r : -SH_ENOENT;
}

int cpio_validate(const void *buf, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int n = 0, r;

	cpio_iter_init(&it, buf, len);
	while ((r = cpio_iter_next(&it, &e)) > 0)
		n++;
	return r < 0 ? r : n;
}
