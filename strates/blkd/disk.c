/* The virtio-blk device (virtio 1.2, 5.2): set-up, requests as descriptor
 * chains (header, data, status byte), completions.
 *
 * Each request slot owns one piece of a DMA pool: BLK_IO_MAX bytes of data,
 * then the 16-byte header, then the status byte, so a request needs no
 * allocation and the device is only ever given addresses inside the pool.
 * Trusts the device for data and status; not for which request it says it
 * finished (virtq_pop refuses names that are not in flight) nor for the
 * capacity it reports beyond what 64-bit byte offsets can hold. */
#include <string.h>

#include <shale.h>
#include <shale/strate.h>

#include "blkd.h"

#define SLOT_BYTES	(BLK_IO_MAX + 32u)
#define QUEUE_SIZE	128u

int disk_init(struct blk_disk *d, const struct strate_dev *sd)
{
	uint64_t wanted = VIRTIO_BIT(VIRTIO_BLK_F_RO) |
			  VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) |
			  VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) |
			  VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX);
	uint32_t segs = BLK_SEGS_MAX;
	int r;

	memset(d, 0, sizeof(*d));
	r = virtio_open(sd, VIRTIO_ID_BLOCK, &d->dev);
	if (r < 0)
		return r;
	r = virtio_negotiate(&d->dev, wanted, 0);
	if (r < 0)
		return r;
	d->capacity = virtio_config_read64(&d->dev, 0);
	if (d->capacity > (UINT64_MAX >> 10))	/* byte offsets must fit */
		d->capacity = UINT64_MAX >> 10;
	d->ro = virtio_has(&d->dev, VIRTIO_BLK_F_RO);
	d->flush = virtio_has(&d->dev, VIRTIO_BLK_F_FLUSH);
	d->seg_bytes = BLK_IO_MAX;
	if (virtio_has(&d->dev, VIRTIO_BLK_F_SIZE_MAX)) {
		uint32_t m = virtio_config_read32(&d->dev, 8);

		if (m >= BLK_SECTOR && m < d->seg_bytes)
			d->seg_bytes = m & ~(BLK_SECTOR - 1);
	}
	if (virtio_has(&d->dev, VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t m = virtio_config_read32(&d->dev, 12);

		if (m >= 1 && m < segs)
			segs = m;
	}
	d->io_max = d->seg_bytes * segs;
	if (d->io_max > BLK_IO_MAX)
		d->io_max = BLK_IO_MAX;
	r = virtio_queue_setup(&d->dev, 0, QUEUE_SIZE, &d->q);
	if (r < 0)
		goto fail;
	r = virtio_pool_init(&d->pool, SLOT_BYTES, BLK_SLOTS);
	if (r < 0)
		goto fail;
	for (uint32_t i = 0; i < BLK_SLOTS; i++) {
		struct blk_slot *s = &d->slots[i];
		uint64_t phys;
		uint8_t *p = virtio_pool_get(&d->pool, &phys);

		s->data = p;
		s->data_phys = phys;
		s->hdr = (struct virtio_blk_hdr *)(p + BLK_IO_MAX);
		s->hdr_phys = phys + BLK_IO_MAX;
		s->status = p + BLK_IO_MAX + sizeof(struct virtio_blk_hdr);
		s->status_phys = s->hdr_phys + sizeof(struct virtio_blk_hdr);
	}
	r = virtio_irq_bind(&d->dev, sd, 0, 0);
	if (r < 0)
		goto fail;
	r = virtio_ready(&d->dev);
	if (r < 0)
		goto fail;
	return 0;
fail:
	virtio_fail(&d->dev);
	return r;
}

struct blk_slot *disk_slot_get(struct blk_disk *d)
{
	for (uint32_t i = 0; i < BLK_SLOTS; i++)
		if (!d->slots[i].busy) {
			d->slots[i].busy = 1;
			memset(&d->slots[i].req, 0, sizeof(d->slots[i].req));
			return &d->slots[i];
		}
	return NULL;
}

void disk_slot_put(struct blk_disk *d, struct blk_slot *s)
{
	(void)d;
	s->busy = 0;
}

int disk_submit(struct blk_disk *d, struct blk_slot *s, uint32_t type,
		uint64_t sector, uint32_t bytes)
{
	struct virtq_buf b[BLK_SEGS_MAX + 2];
	unsigned n = 0;
	int r;

	s->hdr->type = type;
	s->hdr->reserved = 0;
	s->hdr->sector = sector;
	*s->status = 0xff;	/* not a status the device gives */
	s->type = type;
	s->bytes = bytes;
	b[n++] = (struct virtq_buf){s->hdr_phys, sizeof(*s->hdr), 0};
	for (uint32_t off = 0; off < bytes; off += d->seg_bytes) {
		uint32_t len = bytes - off < d->seg_bytes ? bytes - off : d->seg_bytes;

		b[n++] = (struct virtq_buf){s->data_phys + off, len,
					    type == VIRTIO_BLK_T_IN};
	}
	b[n++] = (struct virtq_buf){s->status_phys, 1, 1};
	r = virtq_add(&d->q, b, n, s);
	if (r < 0)
		return r;
	virtio_kick(&d->dev, &d->q);
	return 0;
}

int disk_complete(struct blk_disk *d, struct blk_slot **slot, int64_t *result)
{
	void *cookie;
	uint32_t len;
	struct blk_slot *s;
	int r = virtq_pop(&d->q, &cookie, &len);

	if (r <= 0)
		return r;
	s = cookie;
	*slot = s;
	switch (*s->status) {
	case VIRTIO_BLK_S_OK:
		*result = s->type == VIRTIO_BLK_T_FLUSH ? 0 : (int64_t)s->bytes;
		break;
	case VIRTIO_BLK_S_UNSUPP:
		*result = -SH_ENOTSUP;
		break;
	default:
		*result = -SH_EIO;
		break;
	}
	return 1;
}

int64_t disk_io_wait(struct blk_disk *d, uint32_t type, uint64_t sector,
		     void *buf, uint32_t bytes)
{
	struct blk_slot *s = disk_slot_get(d), *done;
	int64_t result = -SH_ETIMEDOUT;
	int r;

	if (!s)
		return -SH_EBUSY;
	if (bytes > d->io_max) {
		disk_slot_put(d, s);
		return -SH_EINVAL;
	}
	if (type == VIRTIO_BLK_T_OUT)
		memcpy(s->data, buf, bytes);
	r = disk_submit(d, s, type, sector, bytes);
	if (r < 0) {
		disk_slot_put(d, s);
		return r;
	}
	/* Up to 10 s: a device that never answers must not hang start-up. */
	for (int t = 0; t < 1000; t++) {
		r = disk_complete(d, &done, &result);
		if (r == 1 && done == s)
			break;
		if (r == 0)
			virtio_irq_wait(&d->dev, 10000000ULL);
	}
	if (r != 1) {
		/* Still in flight: keep the slot busy for ever rather than let
		 * the device write into a buffer given to someone else. */
		return -SH_ETIMEDOUT;
	}
	if (result >= 0 && type == VIRTIO_BLK_T_IN)
		memcpy(buf, s->data, bytes);
	disk_slot_put(d, s);
	return result;
}
