/* blkd: serves blk:, the virtio-blk disk and its MBR partitions.
 *
 *   blk:/        a directory: vda, then vda1..vda4 (the entries that
 *                passed mbr_parse; a refused entry is reported and absent)
 *   blk:/vda     the whole disk          blk:/vdaN   partition N
 *
 * READ and WRITE move whole 512-byte sectors: the offset and count must be
 * multiples of 512 (-SH_EINVAL).  A read from the end returns 0; one that
 * starts past it is -SH_ERANGE, and one that runs over it is cut at the
 * end.  A write that would run past the end is refused whole (-SH_ENOSPC).
 * On a read-only device (VIRTIO_BLK_F_RO) opening for writing is -SH_EPERM.
 * FSYNC is a device flush (VIRTIO_BLK_F_FLUSH; without it the device has
 * no write cache and there is nothing to do).  STAT: size in bytes,
 * blksize 512, type SH_FTYPE_DEV.
 *
 * Several requests are in flight at once: READ, WRITE and FSYNC are kept
 * (SCHEME_DEFER), put on the queue and answered when the device is done.
 * The interrupt thread only waits for the device's interrupt and sends
 * blkd's own endpoint a tick (BLKD_TAG_TICK); the main thread then
 * collects finished requests and answers them, so one thread owns every
 * piece of state and nothing locks (the way consd does it).
 *
 * Owns: the device (SH_DEV=virtio-blk@F/irq@Q).  Trusts: the device for
 * the data and the capacity; nothing a client sends (the scheme library
 * checks shapes and fids, this file checks offsets and counts).
 *
 * Environment: SH_SERVE=blk@K, SH_DEV=virtio-blk@F/irq@Q. */
#include <stdio.h>
#include <string.h>

#include <shale.h>
#include <shale/silo_ctl.h>
#include <shale/strate.h>

#include "blkd.h"

#define BLKD_TAG_TICK	0x424c4b4454494b00ULL	/* "BLKDTIK" */
#define BLKD_FILES	64u
#define NODES		(2u + MBR_PARTS)

/* A name under blk:/. */
struct node {
	char name[8];		/* "" for the root, "vda", "vda1" */
	uint64_t start, count;	/* sectors */
};

static struct blk_disk disk;
static int have_disk;			/* 0: blk:/ is empty */
static struct node nodes[NODES];	/* [0] the root, [1] vda, then parts */
static uint32_t nnodes;
static struct scheme_file files[BLKD_FILES];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[SH_READ_MAX / 8];

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

static void report(void *arg, const char *msg)
{
	char line[160];

	(void)arg;
	snprintf(line, sizeof(line), "blkd: vda: %s\n", msg);
	say(line);
}

/* ---- finishing requests ------------------------------------------------ */

/* Answers one finished request (unless its file was closed meanwhile). */
static void finish(struct blk_slot *s, int64_t result)
{
	if (s->req.rcvid) {
		if (result > 0 && s->type == VIRTIO_BLK_T_IN)
			scheme_reply_data(&s->req, result, s->data, (uint32_t)result);
		else
			scheme_reply(&s->req, result);
	}
	disk_slot_put(&disk, s);
}

/* Collects everything the device has finished.  Returns how many. */
static unsigned complete_all(void)
{
	struct blk_slot *s;
	int64_t result;
	unsigned n = 0;
	int r;

	while ((r = disk_complete(&disk, &s, &result)) != 0) {
		if (r < 0) {
			say("blkd: the device answered a request not in flight\n");
			continue;
		}
		finish(s, result);
		n++;
	}
	return n;
}

/* A free slot, waiting (polling the used ring) while all are in flight. */
static struct blk_slot *slot_wait(void)
{
	struct blk_slot *s;

	while (!(s = disk_slot_get(&disk))) {
		virtio_irq_ack(&disk.dev);
		if (!complete_all())
			sh_sleep(100000);
	}
	return s;
}

/* Keeps req in slot s and queues it; waits for queue room if needed.
 * Returns SCHEME_DEFER, or an error (the slot freed). */
static int64_t queue(struct scheme_req *req, struct blk_slot *s, uint32_t type,
		     uint64_t sector, uint32_t bytes)
{
	int r;

	s->req = *req;
	while ((r = disk_submit(&disk, s, type, sector, bytes)) == -SH_EAGAIN) {
		virtio_irq_ack(&disk.dev);
		if (!complete_all())
			sh_sleep(100000);
	}
	if (r < 0) {
		disk_slot_put(&disk, s);
		return r;
	}
	return SCHEME_DEFER;
}

/* ---- the scheme -------------------------------------------------------- */

static int64_t blk_open(struct scheme_req *req, const char *path,
			uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	(void)req;
	(void)mode;
	for (uint32_t i = 0; i < nnodes; i++) {
		if (strcmp(path + 1, nodes[i].name))
			continue;
		if (i == 0 && (flags & (SH_O_WRITE | SH_O_CREATE | SH_O_TRUNC |
					SH_O_APPEND)))
			return -SH_EISDIR;
		if (i > 0 && (flags & SH_O_DIR))
			return -SH_ENOTDIR;
		if (i > 0 && (flags & SH_O_WRITE) && disk.ro)
			return -SH_EPERM;
		if (i > 0 && (flags & (SH_O_CREATE | SH_O_TRUNC | SH_O_APPEND)))
			return -SH_EINVAL;	/* a disk is neither made nor cut */
		f->priv = &nodes[i];
		return 0;
	}
	return (flags & SH_O_CREATE) ? -SH_EPERM : -SH_ENOENT;
}

/* Checks off/count against node n; cuts *count at the end for reads.
 * Returns 0, 1 for "end of file", or -SH_E*. */
static int span_check(const struct node *n, uint64_t off, uint32_t *count,
		      int writing)
{
	uint64_t size = n->count * BLK_SECTOR;

	if (n == &nodes[0])
		return -SH_EISDIR;
	if (off % BLK_SECTOR || *count % BLK_SECTOR)
		return -SH_EINVAL;
	if (*count > disk.io_max)
		*count = disk.io_max;	/* a short transfer; the client goes on */
	if (writing)
		return off > size || *count > size - off ? -SH_ENOSPC : 0;
	if (off > size)
		return -SH_ERANGE;
	if (off == size || *count == 0)
		return 1;
	if (*count > size - off)
		*count = (uint32_t)(size - off);
	return 0;
}

static int64_t blk_read(struct scheme_req *req, struct scheme_file *f,
			uint64_t off, void *buf, uint32_t count)
{
	const struct node *n = f->priv;
	int r = span_check(n, off, &count, 0);

	(void)buf;
	if (r)
		return r > 0 ? 0 : r;
	return queue(req, slot_wait(), VIRTIO_BLK_T_IN,
		     n->start + off / BLK_SECTOR, count);
}

static int64_t blk_write(struct scheme_req *req, struct scheme_file *f,
			 uint64_t off, const void *buf, uint32_t count)
{
	const struct node *n = f->priv;
	struct blk_slot *s;
	int r;

	if (disk.ro)
		return -SH_EPERM;
	r = span_check(n, off, &count, 1);
	if (r < 0)
		return r;
	if (count == 0)
		return 0;
	s = slot_wait();
	memcpy(s->data, buf, count);
	return queue(req, s, VIRTIO_BLK_T_OUT, n->start + off / BLK_SECTOR,
		     count);
}

static int64_t blk_fsync(struct scheme_req *req, struct scheme_file *f)
{
	(void)f;
	if (!disk.flush)
		return 0;	/* no write cache: every write is on the medium */
	return queue(req, slot_wait(), VIRTIO_BLK_T_FLUSH, 0, 0);
}

static int64_t blk_stat(struct scheme_req *req, struct scheme_file *f,
			struct sh_stat *st)
{
	const struct node *n = f->priv;

	(void)req;
	st->id = (uint64_t)(n - nodes) + 1;
	st->nlink = 1;
	if (n == &nodes[0]) {
		st->type = SH_FTYPE_DIR;
		st->mode = 0555;
		return 0;
	}
	st->size = n->count * BLK_SECTOR;
	st->type = SH_FTYPE_DEV;
	st->mode = disk.ro ? 0400 : 0600;
	st->blksize = BLK_SECTOR;
	return 0;
}

/* Cookies are node indexes. */
static int64_t blk_readdir(struct scheme_req *req, struct scheme_file *f,
			   uint64_t cookie, void *buf, uint32_t cap)
{
	uint32_t used = 0;

	(void)req;
	if (f->priv != &nodes[0])
		return -SH_ENOTDIR;
	for (uint64_t i = cookie ? cookie : 1; i < nnodes; i++) {
		int r = scheme_dirent_put(buf, cap, &used, i + 1, i + 1,
					  SH_FTYPE_DEV, nodes[i].name,
					  (uint32_t)strlen(nodes[i].name));

		if (r == -SH_E2BIG)
			return used ? (int64_t)used : -SH_EINVAL;
		if (r < 0)
			return r;
	}
	return used;
}

static int64_t blk_refuse_path(struct scheme_req *req, const char *path)
{
	(void)req;
	(void)path;
	return -SH_EPERM;
}

static int64_t blk_refuse_mkdir(struct scheme_req *req, const char *path,
				uint32_t mode)
{
	(void)mode;
	return blk_refuse_path(req, path);
}

static int64_t blk_refuse_rename(struct scheme_req *req, const char *from,
				 const char *to)
{
	(void)to;
	return blk_refuse_path(req, from);
}

/* A request still in flight for f is answered -SH_EINTR now and forgotten
 * (its slot is freed when the device finishes with the buffer). */
static void blk_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv;
	for (uint32_t i = 0; i < BLK_SLOTS; i++) {
		struct blk_slot *s = &disk.slots[i];

		if (s->busy && s->req.rcvid && s->req.file == f) {
			scheme_reply(&s->req, -SH_EINTR);
			s->req.file = NULL;
		}
	}
	f->priv = NULL;
}

static const struct scheme_ops blk_ops = {
	.open = blk_open,
	.read = blk_read,
	.write = blk_write,
	.stat = blk_stat,
	.readdir = blk_readdir,
	.fsync = blk_fsync,
	.unlink = blk_refuse_path,
	.mkdir = blk_refuse_mkdir,
	.rmdir = blk_refuse_path,
	.rename = blk_refuse_rename,
	.close = blk_close,
};

/* ---- the interrupt ----------------------------------------------------- */

static void irq_thread(void *arg)
{
	sh_handle_t ep = (sh_handle_t)(uintptr_t)arg;

	for (;;) {
		struct sh_msg m;

		/* Without an irq the library polls (10 ms). */
		if (disk.dev.irq)
			sh_notif_wait((sh_handle_t)disk.dev.notif, UINT64_MAX);
		else
			sh_notif_wait((sh_handle_t)disk.dev.notif, 10000000ULL);
		memset(&m, 0, sizeof(m));
		m.tag = BLKD_TAG_TICK;
		if (sh_ipc_call(ep, &m) < 0)
			sh_sleep(10000000ULL);	/* never spin on a broken endpoint */
	}
}

/* An orderly stop (silod's SHUTDOWN, before it is answered): let what is
 * in flight finish (at most 5 s), have the device write its cache to the
 * medium, and reset it so that it touches no memory once we are gone.
 * silod tells blkd last in the storage silo, after fsd wrote back. */
static void stop(void)
{
	unsigned busy = 0;

	if (!have_disk)
		return;
	for (int t = 0; t < 500; t++) {
		busy = 0;
		virtio_irq_ack(&disk.dev);
		complete_all();
		for (uint32_t i = 0; i < BLK_SLOTS; i++)
			busy += disk.slots[i].busy;
		if (!busy)
			break;
		sh_sleep(10000000ULL);
	}
	if (disk.flush && !disk.ro && !busy &&
	    disk_io_wait(&disk, VIRTIO_BLK_T_FLUSH, 0, NULL, 0) < 0)
		say("blkd: the flush at stop failed: data may be lost\n");
	virtio_reset(&disk.dev);
	say("blkd: stopped\n");
}

/* The tick: acknowledge the interrupt first (so a completion after this
 * raises a new one), then answer every finished request. */
static int on_message(uint64_t rcvid, struct sh_msg *in, void *arg)
{
	struct sh_msg out;

	(void)arg;
	if (in->tag == SILO_CTL_SHUTDOWN && in->badge == 0) {
		stop();
		return 0;	/* strate_serve answers it */
	}
	if (in->tag != BLKD_TAG_TICK || in->badge != 0 || !have_disk)
		return 0;
	virtio_irq_ack(&disk.dev);
	complete_all();
	memset(&out, 0, sizeof(out));
	sh_ipc_reply(rcvid, &out);
	return 1;
}

/* ---- start ------------------------------------------------------------- */

/* Reads sector 0 and fills nodes[] with vda and the partitions kept. */
static void nodes_build(void)
{
	static uint8_t mbr[BLK_SECTOR];
	struct mbr_part parts[MBR_PARTS];
	int64_t r;
	int n;

	nodes[0].name[0] = '\0';
	snprintf(nodes[1].name, sizeof(nodes[1].name), "vda");
	nodes[1].start = 0;
	nodes[1].count = disk.capacity;
	nnodes = 2;
	if (disk.capacity == 0)
		return;
	r = disk_io_wait(&disk, VIRTIO_BLK_T_IN, 0, mbr, BLK_SECTOR);
	if (r < 0) {
		char line[96];

		snprintf(line, sizeof(line),
			 "blkd: vda: sector 0 unreadable (%s): no partitions\n",
			 sh_strerror(r));
		say(line);
		return;
	}
	n = mbr_parse(mbr, disk.capacity, parts, report, NULL);
	for (int i = 0; i < n; i++) {
		struct node *nd = &nodes[nnodes++];

		snprintf(nd->name, sizeof(nd->name), "vda%u", parts[i].index);
		nd->start = parts[i].start;
		nd->count = parts[i].count;
	}
}

int main(void)
{
	static struct scheme_server srv;
	struct strate_dev sd;
	char line[160];
	long ep, t;
	int r;

	strate_init();
	ep = strate_serve_handle("blk");
	if (ep < 0) {
		say("blkd: need SH_SERVE=blk@K (serves = blk in the manifest)\n");
		return 1;
	}
	/* Without a usable disk blkd still serves an empty blk:/, so that
	 * the silo stays up (no restart loop) and callers get answers. */
	nodes[0].name[0] = '\0';
	nnodes = 1;
	if (strate_dev_get("virtio-blk", 0, &sd) < 0) {
		say("blkd: no disk (SH_DEV has no virtio-blk: is QEMU given a -drive?): blk:/ is empty\n");
	} else if ((r = disk_init(&disk, &sd)) < 0) {
		snprintf(line, sizeof(line), "blkd: virtio-blk unusable: %s: blk:/ is empty\n",
			 sh_strerror(r));
		say(line);
	} else {
		have_disk = 1;
		nodes_build();
	}
	r = scheme_server_init(&srv, (sh_handle_t)ep, &blk_ops, NULL, files,
			       BLKD_FILES, rbuf, sizeof(rbuf), obuf, sizeof(obuf));
	if (r < 0)
		return 1;
	if (!have_disk)
		return strate_serve(&srv, on_message, NULL) < 0 ? 1 : 0;
	t = sh_thread_spawn(irq_thread, (void *)(uintptr_t)ep, SH_PRIO_DEFAULT, 0);
	if (t < 0) {
		snprintf(line, sizeof(line), "blkd: no interrupt thread: %s\n",
			 sh_strerror(t));
		say(line);
		return 1;
	}
	snprintf(line, sizeof(line),
		 "blkd: serving blk: vda %llu MiB (%u partitions)%s%s, %s virtio\n",
		 (unsigned long long)(disk.capacity / 2048), nnodes - 2,
		 disk.ro ? ", read-only" : "", disk.flush ? ", write cache" : "",
		 disk.dev.version == 2 ? "modern" : "legacy");
	say(line);
	return strate_serve(&srv, on_message, NULL) < 0 ? 1 : 0;
}
