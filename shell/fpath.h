/* Paths as the user types them, made whole: "fs:/a/b" stays itself
 * (normalised), "x" and "../x" join the current directory, "/x" is the
 * current scheme's root.  Portable (schemes/path.c does the
 * normalising). */
#ifndef FLINT_FPATH_H
#define FLINT_FPATH_H

#include <stddef.h>

#define FPATH_MAX 1060	/* "scheme:" + SH_PATH_MAX + NUL, rounded */

/* Writes the full path for arg into out (room cap): "name:/normal/path".
 * cwd is "name:/path" in that form, or NULL when there is none.  Returns
 * the length, or -SH_ENOENT (a relative path and no cwd), -SH_EINVAL (bad
 * scheme name, NUL), -SH_ENAMETOOLONG. */
int fpath_resolve(const char *cwd, const char *arg, char *out, size_t cap);

/* Returns the last component of a full path ("fs:/a/b" -> "b"; "fs:/" ->
 * ""). */
const char *fpath_base(const char *path);

#endif
