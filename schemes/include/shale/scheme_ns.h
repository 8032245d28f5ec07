/* A namespace: what a silo can name.  A table scheme name -> (endpoint
 * handle, path prefix).  Looking up "fs:/x" gives the endpoint and the path
 * the strate should see, with the prefix in front; a scheme not in the
 * table does not exist (-SH_ENOENT).  Entries only lose authority: a prefix
 * can be made longer (ns_narrow), never shorter.
 * Portable: host and freestanding aarch64; the caller owns the storage. */
#ifndef SHALE_SCHEME_NS_H
#define SHALE_SCHEME_NS_H

#include <stddef.h>
#include <stdint.h>
#include <shale/scheme.h>

struct ns_entry {
	char name[SH_SCHEME_NAME_MAX + 1];	/* "" for a free slot */
	sh_handle_t ep;				/* the strate's endpoint */
	uint32_t prefix_len;
	char prefix[SH_PATH_MAX + 1];		/* normal form; "/" for all */
};

struct ns_table {
	struct ns_entry *entries;
	uint32_t cap;		/* slots in entries */
	uint32_t count;		/* slots in use, packed at the start */
};

/* Makes t an empty table over cap entries of storage. */
void ns_init(struct ns_table *t, struct ns_entry *storage, uint32_t cap);

/* Adds scheme name -> (ep, prefix); prefix NULL means "/", any other is
 * normalised.  Returns 0, or -SH_EINVAL (bad name, ep 0, bad prefix),
 * -SH_EEXIST (name present), -SH_ENOSPC (table full), -SH_ENAMETOOLONG. */
int ns_add(struct ns_table *t, const char *name, sh_handle_t ep,
	   const char *prefix);

/* Removes scheme name.  Returns 0 or -SH_ENOENT. */
int ns_remove(struct ns_table *t, const char *name);

/* Returns the entry for len bytes of name, or NULL. */
const struct ns_entry *ns_find(const struct ns_table *t, const char *name,
			       size_t len);

/* Narrows scheme name to its current prefix joined with subpath
 * (normalised against "/", so ".." cannot climb out).  The entry is left
 * as it was on failure.  Returns 0, or -SH_ENOENT, -SH_EINVAL,
 * -SH_ENAMETOOLONG. */
int ns_narrow(struct ns_table *t, const char *name, const char *subpath);

/* Resolves len bytes "name:path": *ep gets the endpoint, out (room cap) the
 * path as the strate sees it (prefix in front, normal form), *flags the
 * PATH_* bits of the user's path.  Returns the length of out, or
 * -SH_ENOENT (scheme not in t), -SH_EINVAL (malformed), -SH_ENAMETOOLONG. */
int ns_lookup(const struct ns_table *t, const char *spath, size_t len,
	      sh_handle_t *ep, char *out, size_t cap, unsigned *flags);

#endif
