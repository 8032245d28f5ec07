/* A reader for cpio "newc" archives (the boot archive, bootfs) held in
 * memory.  Portable and freestanding: the kernel uses it to find init, libc
 * to find programs.  It never allocates and never reads outside the buffer
 * it is given: every header field is checked against the buffer length, and
 * anything malformed is -SH_EBADMSG.
 *
 * Format: each entry is a 110-byte ASCII header ("070701" or "070702", then
 * 13 fields of 8 hex digits), the name (namesize bytes, NUL included),
 * padding to 4 bytes, the data (filesize bytes), padding to 4 bytes.  The
 * entry named "TRAILER!!!" ends the archive. */
#ifndef BEDROCK_LIB_CPIO_H
#define BEDROCK_LIB_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110u

/* One archive member, pointing into the archive buffer. */
struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the buffer */
	size_t namelen;		/* strlen(name) */
	const void *data;	/* filesize bytes inside the buffer */
	size_t size;
	uint32_t mode;		/* st_mode bits: type and permissions */
};

/* Iteration state; initialise with cpio_iter_init. */
struct cpio_iter {
	const uint8_t *buf;
	size_t len;
	size_t off;		/* next header */
	int state;		/* 0 going, 1 trailer seen, <0 error */
};

/* Starts an iteration over buf[0..len). */
void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);

/* Fills *e with the next entry and returns 1; returns 0 once the trailer is
 * reached; -SH_EBADMSG if the archive is malformed (and on every call
 * after that). */
int cpio_iter_next(struct cpio_iter *it, struct cpio_entry *e);

/* Finds the entry called name in buf[0..len) and fills *e.  Returns 0;
 * -SH_ENOENT if the archive ends without it; -SH_EBADMSG if the archive is
 * malformed before it is found. */
int cpio_find(const void *buf, size_t len, const char *name,
	      struct cpio_entry *e);

/* Walks the whole archive.  Returns the number of entries before the
 * trailer, or -SH_EBADMSG. */
int cpio_validate(const void *buf, size_t len);

#endif
