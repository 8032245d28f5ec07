/* Path normalisation: the one place where "name:path" is split and a path
 * is brought to normal form ("/" or "/a/b": no "//", ".", ".." or trailing
 * "/").  Everything that compares paths or applies a namespace prefix works
 * on this form, so a prefix check is a plain byte comparison and ".." can
 * never climb above the root it is resolved against: it is folded here,
 * against "/", before any prefix is put in front.
 *
 * Trusts nothing about its input: lengths are explicit, NUL bytes are
 * refused (C callers would see a shorter path than the server does), other
 * bytes (including non-UTF-8) pass through unchanged.  No allocation; the
 * caller gives the output room. */
#include <shale/scheme_path.h>
#include <shale/errors.h>

static size_t path_limit(size_t cap)
{
	/* out holds at most SH_PATH_MAX bytes plus the NUL */
	if (cap == 0)
		return 0;
	return cap - 1 < SH_PATH_MAX ? cap - 1 : SH_PATH_MAX;
}

int path_normalize(const char *in, size_t len, char *out, size_t cap,
		   unsigned *flags)
{
	size_t limit = path_limit(cap);
	size_t o = 1, i = 0;
	unsigned f = 0;

	if (flags)
		*flags = 0;
	if (len == 0)
		return -SH_EINVAL;
	for (size_t k = 0; k < len; k++)
		if (in[k] == '\0')
			return -SH_EINVAL;
	if (len > SH_PATH_MAX || limit < 1)
		return -SH_ENAMETOOLONG;

	out[0] = '/';
	while (i < len) {
		size_t start, n;

		while (i < len && in[i] == '/')
			i++;
		if (i == len) {
			f = PATH_TRAILING_DIR;	/* ended in '/' */
			break;
		}
		start = i;
		while (i < len && in[i] != '/')
			i++;
		n = i - start;
		f = 0;
		if (n == 1 && in[start] == '.') {
			f = PATH_TRAILING_DIR;
			continue;
		}
		if (n == 2 && in[start] == '.' && in[start + 1] == '.') {
			/* drop the last component; at the root, stay there */
			while (o > 1 && out[o - 1] != '/')
				o--;
			if (o > 1)
				o--;
			f = PATH_TRAILING_DIR;
			continue;
		}
		if (n > SH_FILENAME_MAX)
			return -SH_ENAMETOOLONG;
		if ((o > 1 ? o + 1 : o) + n > limit)
			return -SH_ENAMETOOLONG;
		if (o > 1)
			out[o++] = '/';
		for (size_t k = 0; k < n; k++)
			out[o++] = in[start + k];
	}
	out[o] = '\0';
	if (flags)
		*flags = f;
	return (int)o;
}

int path_valid_name(const char *name, size_t len)
{
	if (len == 0 || len > SH_SCHEME_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (!ok)
			return 0;
	}
	return 1;
}

int path_split(const char *in, size_t len, char *name, char *out, size_t cap,
	       unsigned *flags)
{
	size_t colon = 0;

	if (flags)
		*flags = 0;
	while (colon < len && in[colon] != ':') {
		if (in[colon] == '\0')
			return -SH_EINVAL;
		colon++;
	}
	if (colon == len || !path_valid_name(in, colon))
		return -SH_EINVAL;
	for (size_t i = 0; i < colon; i++)
		name[i] = in[i];
	name[colon] = '\0';
	if (colon + 1 == len) {
		/* "name:" is the scheme's root */
		if (path_limit(cap) < 1)
			return -SH_ENAMETOOLONG;
		out[0] = '/';
		out[1] = '\0';
		if (flags)
			*flags = PATH_TRAILING_DIR;
		return 1;
	}
	return path_normalize(in + colon + 1, len - colon - 1, out, cap, flags);
}

int path_is_normal(const char *p, size_t len)
{
	size_t i = 1;

	if (len == 0 || len > SH_PATH_MAX || p[0] != '/')
		return 0;
	if (len == 1)
		return 1;
	if (p[len - 1] == '/')
		return 0;
	while (i < len) {
		size_t start = i;

		while (i < len && p[i] != '/') {
			if (p[i] == '\0')
				return 0;
			i++;
		}
		size_t n = i - start;
		if (n == 0 || n > SH_FILENAME_MAX)
			return 0;
		if (p[start] == '.' && (n == 1 || (n == 2 && p[start + 1] == '.')))
			return 0;
		i++;	/* past the '/' */
	}
	return 1;
}

int path_join(const char *prefix, size_t plen, const char *path, size_t len,
	      char *out, size_t cap)
{
	size_t limit = path_limit(cap);
	size_t o = 0;

	if (plen == 1)		/* prefix "/" adds nothing */
		plen = 0;
	if (len == 1 && plen > 0)	/* path "/" is the prefix itself */
		len = 0;
	if (plen + len > limit)
		return -SH_ENAMETOOLONG;
	for (size_t i = 0; i < plen; i++)
		out[o++] = prefix[i];
	for (size_t i = 0; i < len; i++)
		out[o++] = path[i];
	out[o] = '\0';
	return (int)o;
}
