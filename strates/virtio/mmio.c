/* virtio over MMIO (virtio 1.2, 4.2): the device's registers, its status
 * handshake (3.1.1), feature negotiation, queue set-up for both register
 * layouts (version 2 by address, version 1 by page number), config space
 * and the interrupt.
 *
 * Trusts: the SH_DEV entry silod lent (the frame is this device's slot).
 * Checks: the magic, version and DeviceID before touching anything else;
 * QueueNumMax before using it; the status after FEATURES_OK and DRIVER_OK. */
#include <string.h>

#include <shale.h>
#include <shale/strate.h>
#include <shale/virtio.h>

#define POLL_NS	10000000ULL	/* no irq handle: look every 10 ms */

static uint32_t rd(const struct virtio_dev *d, uint32_t off)
{
	return d->regs[off / 4];
}

static void wr(struct virtio_dev *d, uint32_t off, uint32_t v)
{
	d->regs[off / 4] = v;
}

void virtio_reset(struct virtio_dev *d)
{
	wr(d, VIRTIO_MMIO_STATUS, 0);
	/* A modern device finishes the reset before status reads 0 again. */
	for (int i = 0; i < 1000000 && rd(d, VIRTIO_MMIO_STATUS); i++)
		;
}

void virtio_fail(struct virtio_dev *d)
{
	wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
}

int virtio_open(const struct strate_dev *sd, uint32_t device_id,
		struct virtio_dev *d)
{
	long err = 0;
	size_t size = 0;
	void *regs;

	memset(d, 0, sizeof(*d));
	regs = strate_dev_map(sd, 1, &size, &err);
	if (!regs)
		return (int)err;
	if (size < VIRTIO_MMIO_CONFIG)
		return -SH_EINVAL;
	d->regs = regs;
	if (rd(d, VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC_VALUE)
		return -SH_EBADMSG;
	d->version = rd(d, VIRTIO_MMIO_VERSION);
	if (d->version != 1 && d->version != 2)
		return -SH_ENOTSUP;
	d->device_id = rd(d, VIRTIO_MMIO_DEVICE_ID);
	if (d->device_id == 0 || d->device_id != device_id)
		return -SH_ENOENT;
	virtio_reset(d);
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	if (d->version == 1)
		wr(d, VIRTIO_MMIO_GUEST_PAGE_SIZE, SH_PAGE_SIZE);
	return 0;
}

static uint64_t device_features(struct virtio_dev *d)
{
	uint64_t f;

	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f = rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
	if (d->version == 2) {
		wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
		f |= (uint64_t)rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	}
	return f;
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t required)
{
	uint64_t f;

	d->offered = device_features(d);
	if (d->version == 2) {
		wanted |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
		required |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
	}
	if ((d->offered & required) != required) {
		virtio_fail(d);
		return -SH_ENOTSUP;
	}
	f = (wanted | required) & d->offered;
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	if (d->version == 2) {
		wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
		wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
		wr(d, VIRTIO_MMIO_STATUS,
		   rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
		if (!(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
			virtio_fail(d);
			return -SH_ENOTSUP;
		}
	}
	d->features = f;
	return 0;
}

int virtio_queue_setup(struct virtio_dev *d, uint16_t index, uint16_t num,
		       struct virtq *q)
{
	struct virtio_dma mem;
	uint32_t max;
	size_t size;
	int r;

	wr(d, VIRTIO_MMIO_QUEUE_SEL, index);
	if (d->version == 2 ? rd(d, VIRTIO_MMIO_QUEUE_READY)
			    : rd(d, VIRTIO_MMIO_QUEUE_PFN))
		return -SH_EBUSY;
	max = rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max == 0)
		return -SH_ENOENT;
	if (num > max)
		num = (uint16_t)max;
	if (num > VIRTQ_NUM_MAX)
		num = VIRTQ_NUM_MAX;
	while (num & (num - 1))		/* round down to a power of two */
		num &= (uint16_t)(num - 1);
	size = virtq_layout(num, NULL, NULL);
	if (!size)
		return -SH_EINVAL;
	r = virtio_dma_alloc(size, &mem);
	if (r < 0)
		return r;
	r = virtq_init(q, index, num, mem.va, mem.phys);
	if (r < 0) {
		virtio_dma_free(&mem);
		return r;
	}
	wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
	if (d->version == 1) {
		wr(d, VIRTIO_MMIO_QUEUE_ALIGN, VIRTQ_ALIGN);
		wr(d, VIRTIO_MMIO_QUEUE_PFN, (uint32_t)(mem.phys / SH_PAGE_SIZE));
		return 0;
	}
	wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc_phys);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(q->desc_phys >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)q->avail_phys);
	wr(d, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, (uint32_t)(q->avail_phys >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)q->used_phys);
	wr(d, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(q->used_phys >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

int virtio_ready(struct virtio_dev *d)
{
	uint32_t s;

	wr(d, VIRTIO_MMIO_STATUS,
	   rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	s = rd(d, VIRTIO_MMIO_STATUS);
	if (s & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED))
		return -SH_EIO;
	return 0;
}

void virtio_kick(struct virtio_dev *d, struct virtq *q)
{
	if (virtq_needs_kick(q))
		wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

/* ---- config space ------------------------------------------------------ */

static const volatile uint8_t *cfg(const struct virtio_dev *d, uint32_t off)
{
	return (const volatile uint8_t *)d->regs + VIRTIO_MMIO_CONFIG + off;
}

uint8_t virtio_config_read8(const struct virtio_dev *d, uint32_t off)
{
	return *cfg(d, off);
}

uint16_t virtio_config_read16(const struct virtio_dev *d, uint32_t off)
{
	return *(const volatile uint16_t *)cfg(d, off);
}

uint32_t virtio_config_read32(const struct virtio_dev *d, uint32_t off)
{
	return *(const volatile uint32_t *)cfg(d, off);
}

uint64_t virtio_config_read64(const struct virtio_dev *d, uint32_t off)
{
	uint32_t gen, lo, hi;

	do {
		gen = d->version == 2 ? rd(d, VIRTIO_MMIO_CONFIG_GENERATION) : 0;
		lo = virtio_config_read32(d, off);
		hi = virtio_config_read32(d, off + 4);
	} while (d->version == 2 && gen != rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
	return (uint64_t)hi << 32 | lo;
}

void virtio_config_write8(struct virtio_dev *d, uint32_t off, uint8_t v)
{
	*(volatile uint8_t *)cfg(d, off) = v;
}

void virtio_config_write32(struct virtio_dev *d, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)cfg(d, off) = v;
}

/* ---- interrupts -------------------------------------------------------- */

int virtio_irq_bind(struct virtio_dev *d, const struct strate_dev *sd,
		    uint64_t notif, uint64_t bit)
{
	long r;

	if (!notif) {
		r = sh_notif_create();
		if (r < 0)
			return (int)r;
		notif = (uint64_t)r;
		bit = 1;
		d->own_notif = 1;
	}
	d->notif = notif;
	d->irq_bit = bit;
	d->irq = 0;
	if (!sd->irq)
		return 0;	/* no line: virtio_irq_wait polls */
	r = sh_irq_bind(sd->irq, (sh_handle_t)notif, bit);
	if (r < 0)
		return (int)r;
	d->irq = sd->irq;
	return 0;
}

uint32_t virtio_irq_ack(struct virtio_dev *d)
{
	uint32_t s = rd(d, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (s)
		wr(d, VIRTIO_MMIO_INTERRUPT_ACK, s);
	if (d->irq)
		sh_irq_ack((sh_handle_t)d->irq);
	return s;
}

long virtio_irq_wait(struct virtio_dev *d, uint64_t timeout_ns)
{
	long r;

	if (!d->irq && timeout_ns > POLL_NS)
		timeout_ns = POLL_NS;
	r = sh_notif_wait((sh_handle_t)d->notif, timeout_ns);
	if (r < 0 && r != -SH_ETIMEDOUT)
		return r;
	return virtio_irq_ack(d);
}
