/* fsd: the file systems of the storage silo.  Serves
 *
 *   fs:        the ext2 root (blk:/vda2), read-write  (fsd_ext2.c)
 *   bootpart:  the FAT boot partition (blk:/vda1), read-only  (fsd_fat.c)
 *
 * each on its own thread with its own server and file table, over blkd's
 * blk: through libc's file API (blk_shale.c).  The file systems are the
 * portable ext2.c/fat.c (see README.md for what they trust).  A scheme
 * whose disk cannot be mounted is still served, answering -SH_EIO, and the
 * log says why: the silo stays up and the reason stays visible.
 *
 * On silod's SHUTDOWN fs: is written back and marked clean before fsd
 * answers it (silod stops blkd only after that answer), then fsd exits.  Environment: SH_SERVE=fs@i,bootpart@j,
 * SH_NS=blk@k, SH_SILOD (prefixes, as bootd and sysd use it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/scheme_path.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>
#include "fsd.h"

#define ROOT_DEV "blk:/vda2"
#define BOOT_DEV "blk:/vda1"
#define FILES_MAX 64u

static sh_handle_t silod_h;

struct served {
	const char *name;
	struct scheme_server srv;
	struct scheme_file files[FILES_MAX];
	uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
	uint64_t obuf[SH_READ_MAX / 8];
	struct blk_shale blk;
};

static struct served fs_s = { .name = "fs" }, boot_s = { .name = "bootpart" };

void fsd_log(void *arg, const char *msg)
{
	printf("fsd: %s: %s\n", arg ? (const char *)arg : "-", msg);
}

uint64_t fsd_ns(uint32_t s)
{
	return (uint64_t)s * 1000000000ull;
}

int fsd_resolve(uint64_t badge, const char *path, char *out, uint32_t cap)
{
	if (!silod_h || badge == 0)
		return path_join("/", 1, path, strlen(path), out, cap);
	return silo_ctl_resolve(silod_h, badge, path, out, cap);
}

static int64_t dead_open(struct scheme_req *req, const char *path,
			 uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	(void)req; (void)path; (void)flags; (void)mode; (void)f;
	return -SH_EIO;
}

static int64_t dead_path(struct scheme_req *req, const char *path)
{
	(void)req; (void)path;
	return -SH_EIO;
}

static int64_t dead_mkdir(struct scheme_req *req, const char *p, uint32_t m)
{
	(void)req; (void)p; (void)m;
	return -SH_EIO;
}

static int64_t dead_rename(struct scheme_req *req, const char *a,
			   const char *b)
{
	(void)req; (void)a; (void)b;
	return -SH_EIO;
}

static void dead_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv; (void)f;
}

const struct scheme_ops fsd_dead_ops = {
	.open = dead_open,
	.unlink = dead_path,
	.mkdir = dead_mkdir,
	.rmdir = dead_path,
	.rename = dead_rename,
	.close = dead_close,
};

/* Opens dev and mounts it with start; on failure logs why and serves
 * -SH_EIO.  Returns the server's first result (0). */
static int serve_setup(struct served *s, long ep, const char *dev,
		       const struct scheme_ops *ops,
		       int (*start)(struct blkdev *))
{
	int r;

	r = blk_shale_open(&s->blk, dev);
	if (r < 0) {
		printf("fsd: %s: cannot open %s (%d): serving errors\n",
		       s->name, dev, r);
		ops = &fsd_dead_ops;
	} else {
		r = start(&s->blk.dev);
		if (r < 0) {
			printf("fsd: %s: %s not mounted (%d): serving errors\n",
			       s->name, dev, r);
			blk_shale_close(&s->blk);
			ops = &fsd_dead_ops;
		} else {
			printf("fsd: %s: %s mounted%s\n", s->name, dev,
			       s->blk.dev.rdonly ? " (device read-only)" : "");
		}
	}
	return scheme_server_init(&s->srv, (sh_handle_t)ep, ops, NULL,
				  s->files, FILES_MAX, s->rbuf,
				  sizeof(s->rbuf), s->obuf, sizeof(s->obuf));
}

/* strate_serve's loop, except that silod's SHUTDOWN is answered only
 * after stop() has run: silod tells blkd to stop once fsd has answered,
 * so everything must be on the disk by then.  Returns 0 after SHUTDOWN,
 * or the error that ended receiving. */
static int serve(struct scheme_server *s, int (*stop)(void))
{
	struct sh_msg in, out;
	long rcvid;

	for (;;) {
		memset(&in, 0, sizeof(in));
		in.buf = s->rbuf;
		in.cap = s->rcap;
		rcvid = sh_ipc_recv(s->ep, &in);
		if (rcvid == -SH_EBADH || rcvid == -SH_EDEAD)
			return (int)rcvid;
		if (rcvid < 0)
			continue;
		memset(&out, 0, sizeof(out));
		if (rcvid > 0 && in.tag == SILO_CTL_SHUTDOWN && in.badge == 0) {
			if (stop)
				stop();
			sh_ipc_reply(rcvid, &out);
			return 0;
		}
		if (scheme_dispatch(s, (uint64_t)rcvid, &in, &out))
			sh_ipc_reply(rcvid, &out);
	}
}

static int fs_stop(void)
{
	int r = fsd_ext2_stop();

	printf("fsd: fs: %s\n", r == 0 ? "written back, marked clean" :
	       "write-back failed at stop");
	return r;
}

static void boot_main(void *arg)
{
	(void)arg;
	serve(&boot_s.srv, NULL);
}

int main(void)
{
	long fs_ep, boot_ep, h, boot_thread = -1;
	int r, mounted;

	strate_init();
	h = silo_env_handle("SH_SILOD", NULL);
	silod_h = h > 0 ? (sh_handle_t)h : 0;
	fs_ep = strate_serve_handle("fs");
	boot_ep = strate_serve_handle("bootpart");
	if (fs_ep < 0 && boot_ep < 0) {
		/* The manifest does not (yet) have fsd serve anything.
		 * Exiting would make silod restart it until it gives up on
		 * the whole silo, blkd included: stay, idle. */
		printf("fsd: neither fs nor bootpart in SH_SERVE: idle\n");
		for (;;)
			sh_sleep(3600ull * 1000000000ull);
	}
	if (boot_ep >= 0) {
		if (serve_setup(&boot_s, boot_ep, BOOT_DEV, &fsd_fat_ops,
				fsd_fat_start) < 0)
			return 1;
		if (fs_ep < 0) {
			boot_main(NULL);
			return 0;
		}
		boot_thread = sh_thread_spawn(boot_main, NULL, SH_PRIO_DEFAULT,
					      32768);
		if (boot_thread < 0)
			printf("fsd: bootpart: no thread to serve it\n");
	}
	if (serve_setup(&fs_s, fs_ep, ROOT_DEV, &fsd_ext2_ops,
			fsd_ext2_start) < 0)
		return 1;
	mounted = fs_s.srv.ops == &fsd_ext2_ops;
	r = serve(&fs_s.srv, mounted ? fs_stop : NULL);
	if (r < 0 && mounted)
		fs_stop();	/* the endpoint is gone: still write back */
	/* silod tells bootpart after fs: exiting now would leave that
	 * SHUTDOWN unanswered and hold up the rest of the stop (blkd's). */
	if (boot_thread >= 0)
		sh_thread_join(boot_thread, 10ull * 1000000000ull);
	return r < 0 ? 1 : 0;
}
