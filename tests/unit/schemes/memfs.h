/* memfs: a small in-memory strate for host tests of the server loop and
 * the client calls.  Files and directories by full path; "/cons" is a
 * stream whose reads wait (deferred) until memfs_input() brings bytes. */
#ifndef MEMFS_H
#define MEMFS_H

#include <stdint.h>
#include <shale/scheme_serve.h>

#define MEMFS_NODES 16
#define MEMFS_FILE_MAX (1536u * 1024u)

struct memfs_node {
	int used;
	uint32_t type;		/* SH_FTYPE_* */
	uint32_t mode;
	uint64_t id;
	uint64_t size;
	int open_count;
	char path[SH_PATH_MAX + 1];
	unsigned char data[MEMFS_FILE_MAX];
};

struct memfs {
	struct memfs_node nodes[MEMFS_NODES];
	uint64_t next_id;
	unsigned opens, closes, fsyncs;
	unsigned max_read;		/* largest count a read op saw */
	struct scheme_req pending;	/* a console read kept for later */
	int has_pending;
};

extern struct memfs memfs;
extern const struct scheme_ops memfs_ops;

/* Empties memfs: "/" and "/cons" only. */
void memfs_reset(void);
/* Adds a file with contents. */
struct memfs_node *memfs_add(const char *path, uint32_t type, const void *data,
			     uint64_t size);
struct memfs_node *memfs_get(const char *path);
/* Answers the kept console read with up to n bytes of s.  Returns what
 * scheme_reply_data returned. */
int memfs_input(const char *s, uint32_t n);

#endif
