/* einkd: serves eink:, the e-ink panel (formats: shale/eink.h).
 *
 * Owns: the virtio-gpu device (SH_DEV=virtio-gpu@F/irq@Q, nothing else:
 * the font is built in), the panel model (panel.c) with its memory and
 * counters, the text console's cursor, and one line per client saying why
 * its last request was refused (read back from eink:ctl).  Trusts nobody
 * it serves: the scheme library checks messages and fids, ctl.c every
 * command, and offsets are bounded here.
 *
 * One thread does everything: a request that draws waits for the device's
 * answers before it is replied to, so requests are served in order and
 * nothing needs a lock.  A restart (silod: restart = transient) begins
 * with a reset device and a white panel, fully refreshed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/eink.h>
#include <shale/scheme_serve.h>
#include <shale/strate.h>

#include "eink_core.h"
#include "gpu.h"

#define EINKD_FILES	64u
#define EINKD_CLIENTS	16u
#define INFO_MAX	512u

enum kind { K_ROOT = 1, K_FB, K_CTL, K_TEXT, K_INFO, K_COUNT };

static const char *const names[K_COUNT] = {
	[K_FB] = "fb", [K_CTL] = "ctl", [K_TEXT] = "text", [K_INFO] = "info",
};

/* Why a client's last request was refused. */
struct client {
	uint64_t badge;
	uint64_t last;		/* use stamp, for replacing the oldest */
	int used;
	char why[EINK_WHY_MAX];
};

/* An open file: its kind, and for eink:info the text read from. */
struct ofile {
	enum kind kind;
	uint32_t info_len;
	char info[INFO_MAX];
};

static struct panel panel;
static struct gpu gpu;
static struct font font;
static struct text text;
static struct client clients[EINKD_CLIENTS];
static uint64_t stamp;
static struct ofile ofiles[EINKD_FILES];
static struct scheme_file files[EINKD_FILES];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[SH_READ_MAX / 8];
static struct scheme_server srv;

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

/* ---- reasons ------------------------------------------------------------ */

static struct client *client_get(uint64_t badge)
{
	struct client *old = &clients[0];

	for (uint32_t i = 0; i < EINKD_CLIENTS; i++) {
		struct client *c = &clients[i];

		if (c->used && c->badge == badge) {
			c->last = ++stamp;
			return c;
		}
		if (!c->used || (old->used && c->last < old->last))
			old = c;
	}
	memset(old, 0, sizeof(*old));
	old->used = 1;
	old->badge = badge;
	old->last = ++stamp;
	return old;
}

/* Records why badge's request failed with err; returns err. */
static int64_t refuse(uint64_t badge, int64_t err, const char *why)
{
	struct client *c = client_get(badge);

	snprintf(c->why, sizeof(c->why), "%s", why);
	return err;
}

static int64_t asleep(uint64_t badge)
{
	return refuse(badge, -SH_EBUSY,
		      "the panel is asleep: 'wake' it first (eink wake)");
}

/* ---- eink:info ---------------------------------------------------------- */

static uint32_t info_text(char *out, size_t cap)
{
	int n = snprintf(out, cap,
			 "size %ux%u\n"
			 "state %s\n"
			 "full_refreshes %" PRIu64 "\n"
			 "partial_refreshes %" PRIu64 "\n"
			 "frames %" PRIu64 "\n"
			 "font %s\n"
			 "cursor %u %u\n"
			 "text %ux%u\n",
			 EINK_W, EINK_H,
			 panel.state == PANEL_ASLEEP ? "asleep" : "awake",
			 panel.full, panel.partial, panel.frames, eink_font_name,
			 text.col, text.row, text.cols, text.rows);

	return n < 0 ? 0 : (uint32_t)n >= cap ? (uint32_t)cap - 1 : (uint32_t)n;
}

/* ---- ops ---------------------------------------------------------------- */

static struct ofile *of(const struct scheme_file *f)
{
	return &ofiles[f - files];
}

static int64_t eink_open(struct scheme_req *req, const char *path,
			 uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	enum kind k = 0;

	(void)req;
	(void)mode;
	if (strcmp(path, "/") == 0) {
		k = K_ROOT;
	} else {
		for (int i = K_FB; i < K_COUNT; i++)
			if (strcmp(path + 1, names[i]) == 0)
				k = (enum kind)i;
	}
	if (!k)
		return -SH_ENOENT;
	if (flags & (SH_O_CREATE | SH_O_TRUNC))
		return -SH_EPERM;	/* nothing here is made or emptied */
	if (k == K_ROOT && (flags & SH_O_WRITE))
		return -SH_EISDIR;
	if (k != K_ROOT && (flags & SH_O_DIR))
		return -SH_ENOTDIR;
	if ((flags & SH_O_WRITE) && k == K_INFO)
		return -SH_EPERM;
	if ((flags & SH_O_READ) && k == K_TEXT)
		return -SH_EPERM;
	memset(of(f), 0, sizeof(*of(f)));
	of(f)->kind = k;
	f->priv = of(f);
	return 0;
}

static int64_t copy_out(const void *src, uint64_t size, uint64_t off,
			void *buf, uint32_t count)
{
	if (off >= size)
		return 0;
	if (count > size - off)
		count = (uint32_t)(size - off);
	memcpy(buf, (const uint8_t *)src + off, count);
	return count;
}

static int64_t eink_read(struct scheme_req *req, struct scheme_file *f,
			 uint64_t off, void *buf, uint32_t count)
{
	struct ofile *o = of(f);

	switch (o->kind) {
	case K_FB:
		return copy_out(panel.fb, EINK_FB_SIZE, off, buf, count);
	case K_INFO:
		/* a snapshot taken when reading starts, so a reader in
		 * pieces sees one consistent text */
		if (off == 0 || o->info_len == 0)
			o->info_len = info_text(o->info, sizeof(o->info));
		return copy_out(o->info, o->info_len, off, buf, count);
	case K_CTL: {
		struct client *c = client_get(req->badge);
		char line[EINK_WHY_MAX + 1];
		int n = snprintf(line, sizeof(line), "%s%s", c->why,
				 c->why[0] ? "\n" : "");

		return copy_out(line, n < 0 ? 0 : (uint64_t)n, off, buf, count);
	}
	case K_ROOT:
		return -SH_EISDIR;
	default:
		return -SH_EPERM;
	}
}

static int64_t fb_write(struct scheme_req *req, uint64_t off, const void *buf,
			uint32_t count)
{
	if (panel.state == PANEL_ASLEEP)
		return asleep(req->badge);
	if (off >= EINK_FB_SIZE)
		return refuse(req->badge, -SH_ENOSPC,
			      "eink:fb is 48000 bytes (800x480, 1 bit per pixel)");
	if (count > EINK_FB_SIZE - off)
		count = (uint32_t)(EINK_FB_SIZE - off);
	memcpy(panel.fb + off, buf, count);
	return count;
}

static int64_t ctl_write(struct scheme_req *req, const char *buf, uint32_t count)
{
	char why[EINK_WHY_MAX];
	struct eink_cmd c;
	int e = eink_ctl_parse(buf, count, &c, why);

	if (e == 0) {
		e = panel_run(&panel, &c, why);
		if (e == 0 && c.op == EINK_OP_CLEAR)
			text_init(&text, &font);
	}
	if (e < 0)
		return refuse(req->badge, e, why);
	return count;
}

static int64_t text_put(struct scheme_req *req, const char *buf, uint32_t count)
{
	struct eink_rect dirty = { 0, 0, 0, 0 };
	int e;

	if (panel.state == PANEL_ASLEEP)
		return asleep(req->badge);
	text_write(&text, panel.fb, buf, count, &dirty);
	if (dirty.w == 0)
		return count;
	e = panel_refresh_partial(&panel, &dirty);
	if (e < 0)
		return refuse(req->badge, e, "the display did not take the frame");
	return count;
}

static int64_t eink_write(struct scheme_req *req, struct scheme_file *f,
			  uint64_t off, const void *buf, uint32_t count)
{
	switch (of(f)->kind) {
	case K_FB:
		return fb_write(req, off, buf, count);
	case K_CTL:
		return ctl_write(req, buf, count);
	case K_TEXT:
		return text_put(req, buf, count);
	default:
		return -SH_EPERM;
	}
}

static int64_t eink_stat(struct scheme_req *req, struct scheme_file *f,
			 struct sh_stat *st)
{
	enum kind k = of(f)->kind;

	(void)req;
	st->id = (uint64_t)k;
	st->nlink = 1;
	switch (k) {
	case K_ROOT:
		st->type = SH_FTYPE_DIR;
		st->mode = 0555;
		break;
	case K_FB:
		st->type = SH_FTYPE_FILE;
		st->mode = 0666;
		st->size = EINK_FB_SIZE;
		break;
	case K_INFO:
		st->type = SH_FTYPE_FILE;
		st->mode = 0444;
		st->size = info_text(of(f)->info, sizeof(of(f)->info));
		break;
	default:
		st->type = SH_FTYPE_DEV;
		st->mode = k == K_TEXT ? 0222 : 0666;
	}
	return 0;
}

/* Cookies: the kind of the next entry. */
static int64_t eink_readdir(struct scheme_req *req, struct scheme_file *f,
			    uint64_t cookie, void *buf, uint32_t cap)
{
	uint32_t used = 0;

	(void)req;
	if (of(f)->kind != K_ROOT)
		return -SH_ENOTDIR;
	for (uint64_t k = cookie < K_FB ? K_FB : cookie; k < K_COUNT; k++) {
		int r = scheme_dirent_put(buf, cap, &used, k, k + 1,
					  k == K_FB || k == K_INFO ? SH_FTYPE_FILE
								   : SH_FTYPE_DEV,
					  names[k], (uint32_t)strlen(names[k]));

		if (r == -SH_E2BIG)
			return used ? (int64_t)used : -SH_EINVAL;
		if (r < 0)
			return r;
	}
	return used;
}

static void eink_close(struct scheme_server *s, struct scheme_file *f)
{
	(void)s;
	memset(of(f), 0, sizeof(*of(f)));
	f->priv = NULL;
}

static const struct scheme_ops eink_ops = {
	.open = eink_open,
	.read = eink_read,
	.write = eink_write,
	.stat = eink_stat,
	.readdir = eink_readdir,
	.close = eink_close,
};

int main(void)
{
	char why[EINK_WHY_MAX], line[EINK_WHY_MAX + 64];
	struct strate_dev dev;
	long ep;
	int e;

	strate_init();
	ep = strate_serve_handle("eink");
	if (ep < 0)
		ep = strate_serve_handle(NULL);
	if (ep < 0 || strate_dev_get("virtio-gpu", 0, &dev) < 0) {
		say("einkd: need SH_SERVE=eink@K and SH_DEV=virtio-gpu@F/irq@Q\n");
		return 1;
	}
	if (font_load(&font, eink_font_psf, eink_font_psf_len, why) < 0) {
		snprintf(line, sizeof(line), "einkd: built-in font: %s\n", why);
		say(line);
		return 1;
	}
	text_init(&text, &font);
	e = gpu_init(&gpu, &dev, EINK_W, EINK_H);
	if (e < 0) {
		snprintf(line, sizeof(line), "einkd: virtio-gpu: %s\n",
			 sh_strerror(e));
		say(line);
		return 1;
	}
	panel_init(&panel, gpu_show, &gpu);
	/* a panel starts from a known state: white, fully refreshed */
	e = panel_refresh_full(&panel);
	if (e < 0) {
		snprintf(line, sizeof(line), "einkd: first refresh: %s\n",
			 sh_strerror(e));
		say(line);
		return 1;
	}
	if (scheme_server_init(&srv, (sh_handle_t)ep, &eink_ops, NULL, files,
			       EINKD_FILES, rbuf, sizeof(rbuf), obuf,
			       sizeof(obuf)) < 0)
		return 1;
	snprintf(line, sizeof(line), "einkd: serving eink: (%ux%u, %s, host mode %ux%u)\n",
		 EINK_W, EINK_H, eink_font_name, gpu.host_w, gpu.host_h);
	say(line);
	e = strate_serve(&srv, NULL, NULL);
	virtio_reset(&gpu.dev);
	return e < 0 ? 1 : 0;
}
