/* The boot archive as a tree: one pass over the cpio image at start builds
 * a table of nodes (the root, every directory the archive names or
 * implies, every file) with their normal-form paths, so requests are table
 * lookups and directories exist even when the archive only implies them
 * ("bin/flint" makes "/bin").  The archive is mapped read-only and never
 * changes, so nodes point into it and nothing is freed. */
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include <shale/scheme.h>
#include <shale/scheme_path.h>
#include "cpio.h"
#include "bootd.h"

/* Finds path (normal form, len bytes) among the nodes.  Returns its index
 * or -1. */
int tree_find(const struct tree *t, const char *path, size_t len)
{
	for (uint32_t i = 0; i < t->n; i++)
		if (t->nodes[i].pathlen == len &&
		    memcmp(t->nodes[i].path, path, len) == 0)
			return (int)i;
	return -1;
}

/* Adds a node for path (normal form) under parent.  Returns its index or
 * -SH_ENOMEM. */
static int tree_add(struct tree *t, const char *path, size_t len, int parent,
		    uint32_t type)
{
	struct tree_node *n;
	char *copy;

	if (t->n == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 64;
		struct tree_node *nodes = realloc(t->nodes, cap * sizeof(*nodes));

		if (!nodes)
			return -SH_ENOMEM;
		t->nodes = nodes;
		t->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -SH_ENOMEM;
	memcpy(copy, path, len);
	copy[len] = '\0';
	n = &t->nodes[t->n];
	memset(n, 0, sizeof(*n));
	n->path = copy;
	n->pathlen = (uint32_t)len;
	n->name = copy + len;
	while (n->name > copy && n->name[-1] != '/')
		n->name--;
	n->namelen = (uint32_t)(copy + len - n->name);
	n->parent = parent;
	n->type = type;
	n->mode = type == SH_FTYPE_DIR ? 0555 : 0444;
	return (int)t->n++;
}

/* Finds or makes the directory path (normal form) and its ancestors.
 * Returns its index or -SH_E* (-SH_ENOTDIR if a file has that name). */
static int tree_dir(struct tree *t, const char *path, size_t len)
{
	int i = tree_find(t, path, len), parent;
	size_t cut = len;

	if (i >= 0)
		return t->nodes[i].type == SH_FTYPE_DIR ? i : -SH_ENOTDIR;
	while (cut > 0 && path[cut - 1] != '/')
		cut--;
	/* "/a" has its parent at "/", cut 1; "/a/b" at "/a", cut 3 */
	parent = tree_dir(t, path, cut > 1 ? cut - 1 : 1);
	if (parent < 0)
		return parent;
	return tree_add(t, path, len, parent, SH_FTYPE_DIR);
}

int tree_build(struct tree *t, const void *archive, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	char path[SH_PATH_MAX + 1];
	int r;

	memset(t, 0, sizeof(*t));
	r = tree_add(t, "/", 1, -1, SH_FTYPE_DIR);
	if (r < 0)
		return r;
	cpio_iter_init(&it, archive, len);
	while ((r = cpio_iter_next(&it, &e)) == 1) {
		uint32_t fmt = e.mode & 0170000u;
		int pl, parent, i;
		size_t cut;

		/* "." and names that normalise to "/" add nothing */
		pl = path_normalize(e.name, e.namelen, path, sizeof(path), NULL);
		if (pl < 0) {
			t->skipped++;
			continue;
		}
		if (pl == 1)
			continue;
		if (fmt == 0040000u) {
			i = tree_dir(t, path, (size_t)pl);
			if (i < 0)
				return i;
			t->nodes[i].mode = e.mode & 0555u;
			continue;
		}
		if (fmt != 0100000u || tree_find(t, path, (size_t)pl) >= 0) {
			t->skipped++;	/* links, devices, duplicates */
			continue;
		}
		cut = (size_t)pl;
		while (path[cut - 1] != '/')
			cut--;
		parent = tree_dir(t, path, cut > 1 ? cut - 1 : 1);
		if (parent < 0) {
			t->skipped++;
			continue;
		}
		i = tree_add(t, path, (size_t)pl, parent, SH_FTYPE_FILE);
		if (i < 0)
			return i;
		t->nodes[i].data = e.data;
		t->nodes[i].size = e.size;
		t->nodes[i].mode = e.mode & 0555u;	/* read-only, whatever it says */
	}
	return r < 0 ? r : (int)t->n;
}
