/* blkd's parts: the MBR parser (mbr.h), the virtio-blk device (disk.c)
 * and the scheme (blkd.c). */
#ifndef BLKD_H
#define BLKD_H

#include <stdint.h>

#include "mbr.h"

/* ---- disk.c ------------------------------------------------------------ */

#include <shale/virtio.h>
#include <shale/scheme_serve.h>

struct strate_dev;

#define BLK_SLOTS	32u		/* requests in flight at most */
#define BLK_IO_MAX	65536u		/* bytes one request moves at most */
#define BLK_SEGS_MAX	16u		/* data descriptors per request */

/* virtio-blk request types and status (virtio 1.2, 5.2.6). */
#define VIRTIO_BLK_T_IN		0u
#define VIRTIO_BLK_T_OUT	1u
#define VIRTIO_BLK_T_FLUSH	4u
#define VIRTIO_BLK_S_OK		0u
#define VIRTIO_BLK_S_IOERR	1u
#define VIRTIO_BLK_S_UNSUPP	2u

/* Feature bits. */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

struct virtio_blk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* One request in flight: its DMA memory (from the pool: data, then the
 * header, then the status byte) and the client's request kept until the
 * device answers. */
struct blk_slot {
	struct scheme_req req;	/* rcvid 0: nobody to answer (orphaned) */
	uint8_t *data;
	struct virtio_blk_hdr *hdr;
	volatile uint8_t *status;
	uint64_t data_phys, hdr_phys, status_phys;
	uint32_t type, bytes;
	int busy;
};

struct blk_disk {
	struct virtio_dev dev;
	struct virtq q;
	struct virtio_pool pool;
	struct blk_slot slots[BLK_SLOTS];
	uint64_t capacity;	/* sectors of 512 bytes */
	int ro;			/* VIRTIO_BLK_F_RO */
	int flush;		/* VIRTIO_BLK_F_FLUSH: writes may be cached */
	uint32_t seg_bytes;	/* most bytes in one data descriptor */
	uint32_t io_max;	/* most bytes in one request (512 multiple) */
};

/* Opens the virtio-blk device sd, negotiates RO, FLUSH, SIZE_MAX and
 * SEG_MAX, sets up queue 0, the DMA pool and the interrupt, and starts it.
 * Returns 0 or -SH_E* (the device is marked FAILED). */
int disk_init(struct blk_disk *d, const struct strate_dev *sd);

/* A free slot, or NULL when BLK_SLOTS requests are in flight. */
struct blk_slot *disk_slot_get(struct blk_disk *d);

/* Puts slot s (its data filled for OUT) on the queue as a request of type
 * for bytes (<= io_max, a 512 multiple; 0 for FLUSH) at sector, and
 * notifies the device.  Returns 0, or -SH_EAGAIN when the queue has no
 * room for its descriptors (complete some first). */
int disk_submit(struct blk_disk *d, struct blk_slot *s, uint32_t type,
		uint64_t sector, uint32_t bytes);

/* Collects one finished request: *slot and its result (bytes for IN/OUT,
 * 0 for FLUSH, -SH_EIO for an I/O error, -SH_ENOTSUP).  The slot stays busy
 * until disk_slot_put.  Returns 1, 0 when none is finished, or
 * -SH_EBADMSG (the device named no request in flight). */
int disk_complete(struct blk_disk *d, struct blk_slot **slot, int64_t *result);

/* Frees a slot taken with disk_slot_get. */
void disk_slot_put(struct blk_disk *d, struct blk_slot *s);

/* One request, waited for, when nothing else is in flight (start-up and
 * stop: a completion of another request would be lost here): reads
 * or writes bytes at sector through a slot's data buffer (buf).  Returns
 * as disk_complete's result. */
int64_t disk_io_wait(struct blk_disk *d, uint32_t type, uint64_t sector,
		     void *buf, uint32_t bytes);

#endif
