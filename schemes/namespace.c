/* Namespace table: scheme name -> (endpoint, prefix).  It decides what a
 * silo can reach, so it trusts no path it is given: user paths are
 * normalised against "/" first (path.c folds "..") and only then joined to
 * the entry's prefix, which is why ".." never leaves a prefix.  A missing
 * scheme and a malformed name are told apart (ENOENT vs EINVAL), but a
 * missing scheme looks the same whatever its name: the table has no notion
 * of schemes it does not hold.
 *
 * Note: the prefix is a boundary only where the table is enforced by
 * whoever holds it (silod, the kernel, or a strate keyed by badge); a
 * program holding the bare endpoint handle can send any path. */
#include <string.h>
#include <shale/scheme_ns.h>
#include <shale/scheme_path.h>
#include <shale/errors.h>

void ns_init(struct ns_table *t, struct ns_entry *storage, uint32_t cap)
{
	t->entries = storage;
	t->cap = cap;
	t->count = 0;
}

static struct ns_entry *ns_slot(const struct ns_table *t, const char *name,
				size_t len)
{
	for (uint32_t i = 0; i < t->count; i++) {
		struct ns_entry *e = &t->entries[i];
		if (strlen(e->name) == len && memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

const struct ns_entry *ns_find(const struct ns_table *t, const char *name,
			       size_t len)
{
	return ns_slot(t, name, len);
}

int ns_add(struct ns_table *t, const char *name, sh_handle_t ep,
	   const char *prefix)
{
	size_t nlen = strlen(name);
	char norm[SH_PATH_MAX + 1];
	int plen;

	if (!path_valid_name(name, nlen) || ep == SH_HANDLE_NONE)
		return -SH_EINVAL;
	if (prefix == NULL)
		prefix = "/";
	plen = path_normalize(prefix, strlen(prefix), norm, sizeof(norm), NULL);
	if (plen < 0)
		return plen;
	if (ns_slot(t, name, nlen))
		return -SH_EEXIST;
	if (t->count == t->cap)
		return -SH_ENOSPC;

	struct ns_entry *e = &t->entries[t->count++];
	memcpy(e->name, name, nlen + 1);
	e->ep = ep;
	memcpy(e->prefix, norm, (size_t)plen + 1);
	e->prefix_len = (uint32_t)plen;
	return 0;
}

int ns_remove(struct ns_table *t, const char *name)
{
	struct ns_entry *e = ns_slot(t, name, strlen(name));

	if (!e)
		return -SH_ENOENT;
	/* keep the used slots packed: move the last one into the hole */
	*e = t->entries[--t->count];
	memset(&t->entries[t->count], 0, sizeof(struct ns_entry));
	return 0;
}

int ns_narrow(struct ns_table *t, const char *name, const char *subpath)
{
	struct ns_entry *e = ns_slot(t, name, strlen(name));
	char sub[SH_PATH_MAX + 1], joined[SH_PATH_MAX + 1];
	int n;

	if (!e)
		return -SH_ENOENT;
	n = path_normalize(subpath, strlen(subpath), sub, sizeof(sub), NULL);
	if (n < 0)
		return n;
	n = path_join(e->prefix, e->prefix_len, sub, (size_t)n, joined,
		      sizeof(joined));
	if (n < 0)
		return n;
	memcpy(e->prefix, joined, (size_t)n + 1);
	e->prefix_len = (uint32_t)n;
	return 0;
}

int ns_lookup(const struct ns_table *t, const char *spath, size_t len,
	      sh_handle_t *ep, char *out, size_t cap, unsigned *flags)
{
	char name[SH_SCHEME_NAME_MAX + 1];
	char path[SH_PATH_MAX + 1];
	const struct ns_entry *e;
	int n;

	n = path_split(spath, len, name, path, sizeof(path), flags);
	if (n < 0)
		return n;
	e = ns_slot(t, name, strlen(name));
	if (!e)
		return -SH_ENOENT;
	n = path_join(e->prefix, e->prefix_len, path, (size_t)n, out, cap);
	if (n < 0)
		return n;
	*ep = e->ep;
	return n;
}
