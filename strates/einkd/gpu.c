/* The glass under QEMU: a virtio-gpu device driven in 2D mode (virtio 1.2,
 * 5.7), through the virtio-mmio library.  One host resource of the
 * panel's size in B8G8R8X8 is the scanout; its backing is guest memory in
 * a few DMA chunks.  Showing a frame converts the rectangle from 1 bpp to
 * 32 bpp in the backing, then TRANSFER_TO_HOST_2D and RESOURCE_FLUSH for
 * that rectangle only, so a partial refresh changes nothing outside it.
 *
 * Commands go one at a time on the control queue and einkd waits for each
 * answer (the interrupt, or polling without one).  The device is trusted
 * to be a virtio-gpu, not to answer sensibly: a response that is not OK
 * is an error for the caller (-SH_EIO), logged with its type. */
#include <stdio.h>
#include <string.h>

#include <shale.h>
#include <shale/strate.h>
#include <shale/virtio.h>

#include "gpu.h"

/* Control commands and responses (virtio 1.2, 5.7.6.7). */
#define CMD_GET_DISPLAY_INFO	0x0100u
#define CMD_RESOURCE_CREATE_2D	0x0101u
#define CMD_SET_SCANOUT		0x0103u
#define CMD_RESOURCE_FLUSH	0x0104u
#define CMD_TRANSFER_TO_HOST_2D	0x0105u
#define CMD_RESOURCE_ATTACH_BACKING 0x0106u
#define RESP_OK_NODATA		0x1100u
#define RESP_OK_DISPLAY_INFO	0x1101u
#define FORMAT_B8G8R8X8		2u
#define RESOURCE_ID		1u
#define SCANOUT			0u
#define ANSWER_NS		2000000000ULL	/* a device that does not answer */

struct gpu_hdr {
	uint32_t type, flags;
	uint64_t fence_id;
	uint32_t ctx_id;
	uint8_t ring_idx, pad[3];
};

struct gpu_rect {
	uint32_t x, y, width, height;
};

struct gpu_display_info {
	struct gpu_hdr hdr;
	struct {
		struct gpu_rect r;
		uint32_t enabled, flags;
	} pmodes[16];
};

struct gpu_create_2d {
	struct gpu_hdr hdr;
	uint32_t resource_id, format, width, height;
};

struct gpu_mem_entry {
	uint64_t addr;
	uint32_t length, pad;
};

struct gpu_attach {
	struct gpu_hdr hdr;
	uint32_t resource_id, nr_entries;
	struct gpu_mem_entry e[GPU_CHUNKS];
};

struct gpu_set_scanout {
	struct gpu_hdr hdr;
	struct gpu_rect r;
	uint32_t scanout_id, resource_id;
};

struct gpu_flush {
	struct gpu_hdr hdr;
	struct gpu_rect r;
	uint32_t resource_id, pad;
};

struct gpu_transfer {
	struct gpu_hdr hdr;
	struct gpu_rect r;
	uint64_t offset;
	uint32_t resource_id, pad;
};

_Static_assert(sizeof(struct gpu_hdr) == 24, "virtio_gpu_ctrl_hdr");
_Static_assert(sizeof(struct gpu_display_info) == 24 + 16 * 24, "display info");
_Static_assert(sizeof(struct gpu_transfer) == 56, "transfer_to_host_2d");

#define REQ_OFF	0u
#define RESP_OFF 2048u

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

/* Sends the request (len bytes, already at REQ_OFF) and waits for the
 * response (rlen bytes at RESP_OFF).  Returns the response type, or
 * -SH_EIO / -SH_ETIMEDOUT / the queue's error. */
static int64_t gpu_call(struct gpu *g, uint32_t len, uint32_t rlen)
{
	uint8_t *m = g->cmd.va;
	struct virtq_buf b[2] = {
		{ g->cmd.phys + REQ_OFF, len, 0 },
		{ g->cmd.phys + RESP_OFF, rlen, 1 },
	};
	uint64_t start = (uint64_t)sh_clock();
	void *cookie;
	uint32_t got;
	int r;

	memset(m + RESP_OFF, 0, rlen);
	r = virtq_add(&g->ctrl, b, 2, g);
	if (r < 0)
		return r;
	virtio_kick(&g->dev, &g->ctrl);
	for (;;) {
		long e = virtio_irq_wait(&g->dev, 10000000ULL);

		if (e < 0)
			return e;
		r = virtq_pop(&g->ctrl, &cookie, &got);
		if (r < 0)
			return -SH_EIO;
		if (r > 0)
			break;
		if ((uint64_t)sh_clock() - start > ANSWER_NS)
			return -SH_ETIMEDOUT;
	}
	return ((struct gpu_hdr *)(m + RESP_OFF))->type;
}

/* A command answered by OK_NODATA.  what names it in the log. */
static int gpu_cmd(struct gpu *g, uint32_t len, const char *what)
{
	int64_t t = gpu_call(g, len, sizeof(struct gpu_hdr));
	char line[96];

	if (t == RESP_OK_NODATA)
		return 0;
	snprintf(line, sizeof(line), "einkd: virtio-gpu %s: %s 0x%llx\n", what,
		 t < 0 ? "failed" : "answered", (unsigned long long)(t < 0 ? -t : t));
	say(line);
	return t < 0 ? (int)t : -SH_EIO;
}

static void *req(struct gpu *g, uint32_t type, size_t size)
{
	struct gpu_hdr *h = (struct gpu_hdr *)((uint8_t *)g->cmd.va + REQ_OFF);

	memset(h, 0, size);
	h->type = type;
	return h;
}

int gpu_init(struct gpu *g, const struct strate_dev *sd, uint32_t w, uint32_t h)
{
	struct gpu_display_info *di;
	struct gpu_create_2d *c;
	struct gpu_attach *a;
	struct gpu_set_scanout *s;
	int64_t t;
	int e;

	memset(g, 0, sizeof(*g));
	g->w = w;
	g->h = h;
	g->rows_per_chunk = (h + GPU_CHUNKS - 1) / GPU_CHUNKS;
	e = virtio_open(sd, VIRTIO_ID_GPU, &g->dev);
	if (e < 0)
		return e;
	if ((e = virtio_negotiate(&g->dev, 0, 0)) < 0 ||
	    (e = virtio_queue_setup(&g->dev, 0, 16, &g->ctrl)) < 0 ||
	    (e = virtio_irq_bind(&g->dev, sd, 0, 0)) < 0 ||
	    (e = virtio_dma_alloc(4096, &g->cmd)) < 0)
		goto fail;
	/* the backing: rows in GPU_CHUNKS contiguous pieces, so no single
	 * large contiguous allocation is needed */
	for (uint32_t i = 0; i < GPU_CHUNKS; i++) {
		e = virtio_dma_alloc((size_t)g->rows_per_chunk * w * 4, &g->chunk[i]);
		if (e < 0)
			goto fail;
	}
	if ((e = virtio_ready(&g->dev)) < 0)
		goto fail;

	di = req(g, CMD_GET_DISPLAY_INFO, sizeof(struct gpu_hdr));
	t = gpu_call(g, sizeof(struct gpu_hdr), sizeof(*di));
	di = (struct gpu_display_info *)((uint8_t *)g->cmd.va + RESP_OFF);
	if (t != RESP_OK_DISPLAY_INFO) {
		say("einkd: virtio-gpu: no display info\n");
		e = t < 0 ? (int)t : -SH_EIO;
		goto fail;
	}
	g->host_w = di->pmodes[0].r.width;
	g->host_h = di->pmodes[0].r.height;

	c = req(g, CMD_RESOURCE_CREATE_2D, sizeof(*c));
	c->resource_id = RESOURCE_ID;
	c->format = FORMAT_B8G8R8X8;
	c->width = w;
	c->height = h;
	if ((e = gpu_cmd(g, sizeof(*c), "create resource")) < 0)
		goto fail;

	a = req(g, CMD_RESOURCE_ATTACH_BACKING, sizeof(*a));
	a->resource_id = RESOURCE_ID;
	a->nr_entries = GPU_CHUNKS;
	for (uint32_t i = 0; i < GPU_CHUNKS; i++) {
		uint32_t rows = g->rows_per_chunk;

		if ((i + 1) * rows > h)
			rows = h > i * rows ? h - i * rows : 0;
		a->e[i].addr = g->chunk[i].phys;
		a->e[i].length = rows * w * 4;
	}
	if ((e = gpu_cmd(g, sizeof(*a), "attach backing")) < 0)
		goto fail;

	s = req(g, CMD_SET_SCANOUT, sizeof(*s));
	s->r.width = w;
	s->r.height = h;
	s->scanout_id = SCANOUT;
	s->resource_id = RESOURCE_ID;
	if ((e = gpu_cmd(g, sizeof(*s), "set scanout")) < 0)
		goto fail;
	return 0;
fail:
	virtio_fail(&g->dev);
	return e;
}

/* The 32-bit pixels of row y (in its chunk). */
static uint32_t *row_of(struct gpu *g, uint32_t y)
{
	uint32_t c = y / g->rows_per_chunk, in = y % g->rows_per_chunk;

	return (uint32_t *)g->chunk[c].va + (size_t)in * g->w;
}

#define BLACK	0xff000000u	/* B8G8R8X8: 0, 0, 0, X */
#define WHITE	0xffffffffu

static uint32_t pixel(const uint8_t *bits, uint32_t x)
{
	return (bits[x / 8] >> (7 - x % 8)) & 1 ? BLACK : WHITE;
}

/* Pixels [x0, x1) of one row, 1 bpp to 32 bpp: whole bytes eight at a
 * time (a full refresh converts 384,000 pixels three times). */
static void row_convert(uint32_t *px, const uint8_t *bits, uint32_t x0,
			uint32_t x1)
{
	uint32_t x = x0;

	for (; x < x1 && x % 8; x++)
		px[x] = pixel(bits, x);
	for (; x + 8 <= x1; x += 8) {
		uint32_t b = bits[x / 8], *p = px + x;

		if (b == 0 || b == 0xff) {
			uint32_t v = b ? BLACK : WHITE;

			p[0] = p[1] = p[2] = p[3] = p[4] = p[5] = p[6] = p[7] = v;
			continue;
		}
		p[0] = b & 0x80 ? BLACK : WHITE;
		p[1] = b & 0x40 ? BLACK : WHITE;
		p[2] = b & 0x20 ? BLACK : WHITE;
		p[3] = b & 0x10 ? BLACK : WHITE;
		p[4] = b & 0x08 ? BLACK : WHITE;
		p[5] = b & 0x04 ? BLACK : WHITE;
		p[6] = b & 0x02 ? BLACK : WHITE;
		p[7] = b & 0x01 ? BLACK : WHITE;
	}
	for (; x < x1; x++)
		px[x] = pixel(bits, x);
}

int gpu_show(void *ctx, const uint8_t *frame, const struct eink_rect *r)
{
	struct gpu *g = ctx;
	struct gpu_transfer *t;
	struct gpu_flush *f;
	int e;

	for (uint32_t y = r->y; y < r->y + r->h; y++)
		row_convert(row_of(g, y), frame + (size_t)y * EINK_STRIDE, r->x,
			    r->x + r->w);
	t = req(g, CMD_TRANSFER_TO_HOST_2D, sizeof(*t));
	t->r.x = r->x;
	t->r.y = r->y;
	t->r.width = r->w;
	t->r.height = r->h;
	t->offset = ((uint64_t)r->y * g->w + r->x) * 4;
	t->resource_id = RESOURCE_ID;
	if ((e = gpu_cmd(g, sizeof(*t), "transfer")) < 0)
		return e;
	f = req(g, CMD_RESOURCE_FLUSH, sizeof(*f));
	f->r.x = r->x;
	f->r.y = r->y;
	f->r.width = r->w;
	f->r.height = r->h;
	f->resource_id = RESOURCE_ID;
	return gpu_cmd(g, sizeof(*f), "flush");
}
