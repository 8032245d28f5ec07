/* The virtio-mmio library the device strates share (blkd, netd, einkd):
 * a device opened from its SH_DEV entry, feature negotiation, split
 * virtqueues in DMA memory, interrupts, config space, DMA buffers.
 *
 * Both register layouts QEMU's virt machine can show are driven:
 *   version 2 ("modern", virtio 1.x): VIRTIO_F_VERSION_1 is required,
 *     FEATURES_OK is checked, the queue's three parts are given by address;
 *     tools/shale_qemu.py asks QEMU for these (virtio-mmio.force-legacy=false).
 *   version 1 ("legacy", QEMU's default): 32 feature bits, the queue given
 *     by page number (GuestPageSize 4096, QueueAlign 4096).
 * The queue memory is laid out the legacy way (used ring on its own page),
 * which modern devices accept too, so one layout serves both.
 *
 * Threads: nothing here locks.  A driver keeps each virtqueue under one
 * lock of its own (or one thread); virtio_irq_wait may run on another
 * thread than the one adding buffers.
 *
 * Every int/long function returns >= 0 or a negative SH_E* code. */
#ifndef SHALE_VIRTIO_H
#define SHALE_VIRTIO_H

#include <stddef.h>
#include <stdint.h>
#include <shale/errors.h>

struct strate_dev;

/* ---- registers and bits (virtio 1.2, 4.2.2 and 2.x) -------------------- */

#define VIRTIO_MMIO_MAGIC		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE	0x028	/* legacy */
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_ALIGN		0x03c	/* legacy */
#define VIRTIO_MMIO_QUEUE_PFN		0x040	/* legacy */
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW	0x090
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_USED_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MAGIC_VALUE		0x74726976u	/* "virt" */

#define VIRTIO_STATUS_ACKNOWLEDGE	1u
#define VIRTIO_STATUS_DRIVER		2u
#define VIRTIO_STATUS_DRIVER_OK		4u
#define VIRTIO_STATUS_FEATURES_OK	8u
#define VIRTIO_STATUS_NEEDS_RESET	64u
#define VIRTIO_STATUS_FAILED		128u

#define VIRTIO_INT_USED			1u	/* a queue has used buffers */
#define VIRTIO_INT_CONFIG		2u	/* the config space changed */

/* Feature bits common to all devices. */
#define VIRTIO_F_RING_INDIRECT_DESC	28
#define VIRTIO_F_RING_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33
#define VIRTIO_BIT(n)			(1ULL << (n))

/* DeviceIDs. */
#define VIRTIO_ID_NET		1u
#define VIRTIO_ID_BLOCK		2u
#define VIRTIO_ID_GPU		16u
#define VIRTIO_ID_INPUT		18u

/* ---- the split virtqueue (portable: host-tested) ----------------------- */

#define VIRTQ_DESC_F_NEXT	1u
#define VIRTQ_DESC_F_WRITE	2u	/* the device writes this buffer */
#define VIRTQ_USED_F_NO_NOTIFY	1u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

#define VIRTQ_NUM_MAX		256u	/* entries per queue this library keeps */
#define VIRTQ_ALIGN		4096u	/* where the used ring starts (legacy) */

struct virtq_desc {
	uint64_t addr;		/* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then used_event */
};

struct virtq_used_elem {
	uint32_t id;		/* head of the chain */
	uint32_t len;		/* bytes the device wrote */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];	/* then avail_event */
};

/* One buffer of a chain given to virtq_add. */
struct virtq_buf {
	uint64_t phys;		/* physical address (virtio_dma) */
	uint32_t len;
	int device_writes;	/* 1: the device fills it (a read's data) */
};

struct virtq {
	uint16_t num;		/* entries, a power of two <= VIRTQ_NUM_MAX */
	uint16_t index;		/* the device's queue number */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint64_t desc_phys, avail_phys, used_phys;
	uint16_t free_head;	/* first free descriptor, chained by link[] */
	uint16_t nfree;		/* descriptors free */
	uint16_t avail_idx;	/* our copy of avail->idx */
	uint16_t last_used;	/* the next used->idx entry to collect */
	uint16_t link[VIRTQ_NUM_MAX];	/* our copy of each desc's next */
	uint16_t busy[VIRTQ_NUM_MAX];	/* chain length if the head of one in flight */
	void *cookie[VIRTQ_NUM_MAX];	/* the caller's, by chain head */
};

/* Bytes of DMA memory a queue of num entries needs (page multiple), with
 * the avail and used rings' offsets from its start; 0 if num is not a
 * power of two in 1..VIRTQ_NUM_MAX. */
size_t virtq_layout(uint16_t num, size_t *avail_off, size_t *used_off);

/* Lays out queue index of num entries in mem (virtq_layout bytes, zeroed,
 * physical address phys) and frees every descriptor.  Returns 0 or
 * -SH_EINVAL (bad num). */
int virtq_init(struct virtq *q, uint16_t index, uint16_t num, void *mem,
	       uint64_t phys);

/* Puts a chain of n buffers (the device reads the first ones and writes
 * the device_writes ones, which must come last) on the avail ring, with
 * cookie handed back by virtq_pop.  Not yet seen by the device until
 * virtio_kick.  Returns the chain's head, -SH_EAGAIN if fewer than n
 * descriptors are free, -SH_EINVAL for n == 0, n > num or a zero length. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n,
	      void *cookie);

/* 1 if the device asked to be notified of new buffers (it may suppress
 * notifications while it is busy), else 0. */
int virtq_needs_kick(const struct virtq *q);

/* Collects one used chain: frees its descriptors, sets *cookie and *len
 * (bytes the device wrote).  Returns 1, 0 when nothing is used, or
 * -SH_EBADMSG when the device names a chain that is not in flight (that
 * entry is skipped; the device is not to be trusted further). */
int virtq_pop(struct virtq *q, void **cookie, uint32_t *len);

/* Chains in flight (added, not yet popped). */
unsigned virtq_in_flight(const struct virtq *q);

/* ---- the device -------------------------------------------------------- */

struct virtio_dev {
	volatile uint32_t *regs;	/* the device's registers */
	uint32_t version;	/* 2 modern, 1 legacy */
	uint32_t device_id;
	uint64_t features;	/* negotiated (virtio_negotiate) */
	uint64_t offered;	/* what the device offered */
	uint64_t irq;		/* irq handle, 0: none (poll) */
	uint64_t notif;		/* the notification it signals */
	uint64_t irq_bit;
	int own_notif;		/* 1: notif made by virtio_irq_bind */
};

/* Maps sd's registers, checks the magic, the version (1 or 2) and that the
 * DeviceID is device_id, resets the device and sets ACKNOWLEDGE|DRIVER.
 * Returns 0; -SH_EBADMSG (no magic), -SH_ENOTSUP (another version),
 * -SH_ENOENT (DeviceID 0: an empty slot, or another device), or what
 * mapping says.  The device is left reset on failure. */
int virtio_open(const struct strate_dev *sd, uint32_t device_id,
		struct virtio_dev *d);

/* Offers the driver's features: wanted & what the device offers, plus
 * VIRTIO_F_VERSION_1 on a modern device (required there); then, modern
 * only, FEATURES_OK and the check that the device kept it.  Every bit of
 * required must be offered.  Returns 0 with d->features set, -SH_ENOTSUP
 * (a required feature missing, or FEATURES_OK refused: the device is then
 * marked FAILED). */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t required);

/* 1 if feature bit n was negotiated. */
static inline int virtio_has(const struct virtio_dev *d, unsigned n)
{
	return (d->features >> n) & 1u;
}

/* Allocates DMA memory for queue index with up to num entries (fewer if
 * the device allows fewer), tells the device where it is and enables it.
 * Returns 0; -SH_ENOENT (the device has no such queue), -SH_EBUSY (the
 * queue is already in use), -SH_ENOMEM/-SH_EQUOTA (memory). */
int virtio_queue_setup(struct virtio_dev *d, uint16_t index, uint16_t num,
		       struct virtq *q);

/* Sets DRIVER_OK: the device may start.  Returns 0, or -SH_EIO if the
 * device reports NEEDS_RESET or FAILED. */
int virtio_ready(struct virtio_dev *d);

/* Makes the chains added to q visible (they are already) and notifies the
 * device if it wants it. */
void virtio_kick(struct virtio_dev *d, struct virtq *q);

/* Marks the device FAILED (the driver gives up on it). */
void virtio_fail(struct virtio_dev *d);

/* Resets the device: it forgets queues and stops DMA.  Call before
 * freeing queue memory or exiting. */
void virtio_reset(struct virtio_dev *d);

/* ---- config space (device-specific layout, little-endian) -------------- */

/* Read the config field at off (bytes from its start).  The 64-bit read
 * retries until the config generation is stable (modern), so the two
 * halves belong together. */
uint8_t virtio_config_read8(const struct virtio_dev *d, uint32_t off);
uint16_t virtio_config_read16(const struct virtio_dev *d, uint32_t off);
uint32_t virtio_config_read32(const struct virtio_dev *d, uint32_t off);
uint64_t virtio_config_read64(const struct virtio_dev *d, uint32_t off);
void virtio_config_write8(struct virtio_dev *d, uint32_t off, uint8_t v);
void virtio_config_write32(struct virtio_dev *d, uint32_t off, uint32_t v);

/* ---- interrupts -------------------------------------------------------- */

/* Routes the device's interrupt to notification notif as bit (notif 0:
 * one is created here and bit is ignored (bit 1 is used)).  Without an irq
 * handle in the SH_DEV entry the driver polls: virtio_irq_wait then
 * returns after at most poll_ns.  Returns 0 or the binding's error. */
int virtio_irq_bind(struct virtio_dev *d, const struct strate_dev *sd,
		    uint64_t notif, uint64_t bit);

/* Reads and acknowledges the device's interrupt status (VIRTIO_INT_*),
 * then unmasks the line (irq_ack).  Call after each wake-up, before
 * collecting used buffers, so that none is missed. */
uint32_t virtio_irq_ack(struct virtio_dev *d);

/* Waits for the device's interrupt (on a notification made by
 * virtio_irq_bind) at most timeout_ns (UINT64_MAX: for ever; without an
 * irq at most 10 ms), then virtio_irq_ack.  Returns the status bits (0 on
 * a time-out) or a wait error other than -SH_ETIMEDOUT. */
long virtio_irq_wait(struct virtio_dev *d, uint64_t timeout_ns);

/* ---- DMA memory -------------------------------------------------------- */

/* One physically contiguous, zeroed, mapped read-write region. */
struct virtio_dma {
	void *va;
	uint64_t phys;
	size_t size;		/* bytes, a page multiple */
	uint64_t frame;		/* its frame handle */
};

/* Allocates size bytes (rounded up to pages).  Returns 0, -SH_EINVAL for
 * 0 or more than 256 MiB, -SH_ENOMEM/-SH_EQUOTA. */
int virtio_dma_alloc(size_t size, struct virtio_dma *out);

/* Unmaps and frees a region (its address range is not reused). */
void virtio_dma_free(struct virtio_dma *m);

/* The physical address of va inside m (va must lie in it). */
static inline uint64_t virtio_dma_phys(const struct virtio_dma *m,
				       const void *va)
{
	return m->phys + (uint64_t)((const char *)va - (const char *)m->va);
}

/* Fixed-size DMA buffers carved from one region, for requests and
 * headers: allocation is a free-list pop, no system call. */
#define VIRTIO_POOL_MAX	1024u
struct virtio_pool {
	struct virtio_dma mem;
	uint32_t bufsize;	/* rounded up to 16 */
	uint32_t count;
	uint32_t nfree;
	uint16_t free[VIRTIO_POOL_MAX];	/* stack of free slots */
};

/* count buffers of bufsize bytes each.  Returns 0, -SH_EINVAL (0, or
 * count > VIRTIO_POOL_MAX), or virtio_dma_alloc's error. */
int virtio_pool_init(struct virtio_pool *p, uint32_t bufsize, uint32_t count);

/* A free buffer (zeroed is not promised), its physical address in *phys;
 * NULL when all are taken. */
void *virtio_pool_get(struct virtio_pool *p, uint64_t *phys);

/* Returns buf (from virtio_pool_get) to the pool. */
void virtio_pool_put(struct virtio_pool *p, void *buf);

#endif
