/* Paths as the user types them: libc makes them whole
 * (sh_path_resolve in <shale/file.h>: "fs:/a/b" stays itself, "x" and
 * "../x" join the current directory, "/x" is the current scheme's root);
 * this is what flint adds.  Portable. */
#ifndef FLINT_FPATH_H
#define FLINT_FPATH_H

#include <stddef.h>

#define FPATH_MAX 1060	/* "scheme:" + SH_PATH_MAX + NUL, rounded */

/* Returns the last component of a full path ("fs:/a/b" -> "b"; "fs:/" ->
 * ""). */
const char *fpath_base(const char *path);

#endif
