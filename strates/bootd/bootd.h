/* bootd: the read-only boot: scheme over the boot archive. */
#ifndef BOOTD_H
#define BOOTD_H

#include <stddef.h>
#include <stdint.h>

/* One file or directory of the archive. */
struct tree_node {
	const char *path;	/* normal form, NUL-terminated */
	uint32_t pathlen;
	const char *name;	/* last component (inside path); "" for the root */
	uint32_t namelen;
	int parent;		/* index of the directory holding it; -1: root */
	uint32_t type;		/* SH_FTYPE_FILE or SH_FTYPE_DIR */
	uint32_t mode;		/* SH_MODE_* bits, write bits cleared */
	const void *data;	/* files: inside the mapped archive */
	uint64_t size;
};

struct tree {
	struct tree_node *nodes;	/* [0] is the root "/" */
	uint32_t n, cap;
	uint32_t skipped;	/* archive members not served (links, bad names) */
};

/* Builds t from the archive (len bytes).  Returns the node count, or
 * -SH_EBADMSG (malformed archive), -SH_ENOMEM. */
int tree_build(struct tree *t, const void *archive, size_t len);

/* Index of the node at path (normal form, len bytes), or -1. */
int tree_find(const struct tree *t, const char *path, size_t len);

#endif
