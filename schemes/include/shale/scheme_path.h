/* Scheme paths: "name:path" split and normalised in one place, so that
 * libc, the namespace table, strates and silod agree on what a path means.
 * Portable: host and freestanding aarch64 (<stddef.h>, <stdint.h> only). */
#ifndef SHALE_SCHEME_PATH_H
#define SHALE_SCHEME_PATH_H

#include <stddef.h>
#include <shale/scheme.h>

/* path_normalize flags (out) */
#define PATH_TRAILING_DIR 1u	/* input ended in "/", "/." or "/..": a directory is meant */

/* Normalises len bytes at in (a path in a scheme, "/" optional at the start)
 * into out: "/" or "/a/b", no "//", ".", "..", nor a trailing "/"; ".." at
 * the root stays at the root.  Bytes other than '/' and NUL are kept as
 * they are (no UTF-8 check).  out gets a NUL; *flags (if not NULL) gets
 * PATH_* bits.  Returns the length of out, or -SH_EINVAL (len 0, a NUL
 * byte), -SH_ENAMETOOLONG (input or result over SH_PATH_MAX or cap - 1, a
 * component over SH_FILENAME_MAX). */
int path_normalize(const char *in, size_t len, char *out, size_t cap,
		   unsigned *flags);

/* Splits len bytes "name:path" at the first ':'.  name (room
 * SH_SCHEME_NAME_MAX + 1) gets the scheme name, NUL-terminated; out gets
 * the path normalised as path_normalize does ("name:" alone is "/").
 * A name is 1..SH_SCHEME_NAME_MAX of [A-Za-z0-9._-].  Returns the path's
 * length, or -SH_EINVAL (no ':', a bad name, a NUL byte),
 * -SH_ENAMETOOLONG. */
int path_split(const char *in, size_t len, char *name, char *out, size_t cap,
	       unsigned *flags);

/* Returns 1 if len bytes at name form a valid scheme name, else 0. */
int path_valid_name(const char *name, size_t len);

/* Returns 1 if len bytes at p are a path in normal form (what
 * path_normalize would return unchanged), else 0.  Strates use it to
 * refuse paths a client did not normalise. */
int path_is_normal(const char *p, size_t len);

/* Joins prefix (normal form) and path (normal form) into out (room cap):
 * "/a" + "/b" is "/a/b", "/" + "/b" is "/b", "/a" + "/" is "/a".
 * Returns the length, or -SH_ENAMETOOLONG. */
int path_join(const char *prefix, size_t plen, const char *path, size_t len,
	      char *out, size_t cap);

#endif
