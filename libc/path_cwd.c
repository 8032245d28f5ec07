/* Full scheme paths from what a program names and its current directory:
 * "fs:/a/b" stands alone, "x" and "../x" join the cwd, "/x" is the cwd
 * scheme's root.  Portable and allocation-free (host-tested in
 * tests/unit/libc); schemes/path.c does the normalising, so ".." folds
 * here against the scheme's root and a namespace prefix applied later
 * cannot be climbed out of. */
#include <string.h>

#include <shale/errors.h>
#include <shale/scheme_path.h>
#include <shale/file.h>

int sh_path_resolve(const char *cwd, const char *arg, char *out, size_t cap)
{
	char name[SH_SCHEME_NAME_MAX + 1];
	char joined[2 * SH_PATH_MAX + 2];
	char norm[SH_PATH_MAX + 1];
	const char *colon = strchr(arg, ':');
	const char *slash = strchr(arg, '/');
	size_t nl;
	int n;

	if (colon && (!slash || colon < slash)) {
		n = path_split(arg, strlen(arg), name, norm, sizeof(norm), NULL);
		if (n < 0)
			return n;
	} else {
		const char *cc, *cpath;
		size_t clen, alen = strlen(arg);

		if (!cwd || !(cc = strchr(cwd, ':')))
			return -SH_ENOENT;
		if (alen == 0)
			return -SH_ENOENT;	/* POSIX: "" names nothing */
		nl = (size_t)(cc - cwd);
		if (nl == 0 || nl > SH_SCHEME_NAME_MAX)
			return -SH_EINVAL;
		memcpy(name, cwd, nl);
		name[nl] = '\0';
		cpath = cc + 1;
		clen = arg[0] == '/' ? 0 : strlen(cpath);
		if (clen + 1 + alen + 1 > sizeof(joined))
			return -SH_ENAMETOOLONG;
		memcpy(joined, cpath, clen);
		joined[clen] = '/';
		memcpy(joined + clen + 1, arg, alen);
		n = path_normalize(joined, clen + 1 + alen, norm, sizeof(norm),
				   NULL);
		if (n < 0)
			return n;
	}
	nl = strlen(name);
	if (nl + 1 + (size_t)n + 1 > cap)
		return -SH_ENAMETOOLONG;
	memcpy(out, name, nl);
	out[nl] = ':';
	memcpy(out + nl + 1, norm, (size_t)n + 1);
	return (int)(nl + 1 + (size_t)n);
}
