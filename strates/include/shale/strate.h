/* libstrate: what every strate, silod and flint needs from its start block
 * and its namespace.  The environment silod passes (strates/lib/README.md
 * is the reference for the formats):
 *
 *   SH_NS=boot@3,cons@4:/log    schemes this process uses
 *   SH_SERVE=boot@2             endpoint(s) it serves
 *   SH_DEV=uart@5/irq@6,bootfs@7  device frames (and their irq handles)
 *
 * where each number indexes sh_start.handles[].  strate_init() parses them
 * once; the lookups below read the parsed tables.
 *
 * Files by scheme path are libc's (shale/file.h, included here): one API
 * for every program.
 *
 * Every call returns >= 0 or a negative SH_E* code. */
#ifndef SHALE_STRATE_H
#define SHALE_STRATE_H

#include <stddef.h>
#include <stdint.h>
#include <shale/rights.h>
#include <shale/scheme.h>
#include <shale/scheme_ns.h>
#include <shale/scheme_client.h>
#include <shale/scheme_serve.h>
#include <shale/file.h>

#define STRATE_NS_MAX	16u	/* SH_NS entries kept */
#define STRATE_SERVE_MAX 4u	/* SH_SERVE entries kept */
#define STRATE_DEV_MAX	16u	/* SH_DEV entries kept */

/* One SH_DEV entry. */
struct strate_dev {
	char name[SH_SCHEME_NAME_MAX + 1];	/* "uart", "virtio-blk", "bootfs" */
	sh_handle_t frame;	/* MMIO (or memory) frame, READ WRITE MAP */
	sh_handle_t irq;	/* irq handle (MANAGE SIGNAL), 0 if none */
	uint64_t offset;	/* the device's registers within the frame */
};

/* ---- environment ------------------------------------------------------- */

/* Returns the value of NAME in this process's environment (the start
 * block's env strings), or NULL. */
const char *strate_getenv(const char *name);

/* Parses SH_NS, SH_SERVE and SH_DEV from the start block.  Idempotent.
 * Returns 0, or -SH_EBADMSG naming the first malformed variable on the
 * kernel console (a variable that is absent is not an error). */
int strate_init(void);

/* A strate's own message tags (e.g. consd's ticks): return 1 when the
 * message was taken (and answered), 0 to let the scheme server have it. */
typedef int (*strate_hook)(uint64_t rcvid, struct sh_msg *in, void *arg);

/* Serves s until silod's SHUTDOWN (badge 0; answered, then 0 is returned)
 * or until the endpoint is gone (-SH_EBADH / -SH_EDEAD).  hook may be
 * NULL.  The hook sees SHUTDOWN before it is answered, so a strate can
 * write back what it holds first (silod tells the next server of the silo
 * only after this answer); it must not answer SHUTDOWN itself. */
int strate_serve(struct scheme_server *s, strate_hook hook, void *arg);

/* strate_init() under the name the brief gave it. */
int strate_ns_init(void);

/* The parsed namespace (SH_NS), for ns_lookup and ns_narrow. */
struct ns_table *strate_ns(void);

/* The endpoint handle of scheme name in SH_NS, or -SH_ENOENT. */
long strate_ns_get(const char *name);

/* The endpoint handle to serve for scheme name in SH_SERVE; name NULL
 * takes the first.  Returns it, or -SH_ENOENT. */
long strate_serve_handle(const char *name);

/* The n-th (from 0) SH_DEV entry called name.  Returns 0 and fills *out,
 * or -SH_ENOENT. */
int strate_dev_get(const char *name, unsigned n, struct strate_dev *out);

/* Maps d's frame read-write (SH_VM_READ only if rw is 0) and returns the
 * address of the device's registers (frame base + d->offset), or NULL
 * with *err set.  *size (if not NULL) gets the bytes from there to the
 * frame's end. */
void *strate_dev_map(const struct strate_dev *d, int rw, size_t *size,
		     long *err);

/* ---- portable parsers (also host-tested) -------------------------------
 * Each parses one variable's value (len bytes, no NUL needed) against the
 * start block's handles[0..nh).  Return the number of entries, or
 * -SH_EBADMSG (syntax, an index >= nh, a zero handle), -SH_ENOSPC (more
 * entries than room), or what ns_add says (-SH_EEXIST for a repeat). */
int strate_parse_ns(const char *v, size_t len, const sh_handle_t *handles,
		    uint32_t nh, struct ns_table *t);
int strate_parse_serve(const char *v, size_t len, const sh_handle_t *handles,
		       uint32_t nh, struct ns_entry *out, uint32_t cap);
int strate_parse_dev(const char *v, size_t len, const sh_handle_t *handles,
		     uint32_t nh, struct strate_dev *out, uint32_t cap);

#endif
