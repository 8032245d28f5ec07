/* The virtio-net driver (virtio 1.2 section 5.1) on the shared virtio-mmio
 * library: queue 0 receives, queue 1 transmits, each buffer one
 * descriptor holding the virtio_net_hdr and a whole Ethernet frame.
 *
 * The receive ring is kept full: every buffer the device hands back is
 * given to the stack and put straight back.  The device is trusted with
 * no more than a length: one that is shorter than the header or longer
 * than the buffer drops the frame (counted), never reads past it.
 * Features asked: the MAC in config space only; no offloads, so every
 * checksum is the stack's own. */
#include <string.h>

#include <shale.h>
#include <shale/strate.h>
#include <shale/virtio.h>

#include "vnet.h"

#define VIRTIO_NET_F_MAC	5
#define VNET_HDR_MODERN		12u	/* with num_buffers (VERSION_1) */
#define VNET_HDR_LEGACY		10u
#define VNET_BUF		(VNET_HDR_MODERN + ETH_FRAME_MAX + 2u)

int vnet_open(struct vnet *v, const struct strate_dev *sd, uint64_t notif,
	      uint64_t bit)
{
	int r;

	memset(v, 0, sizeof(*v));
	r = virtio_open(sd, VIRTIO_ID_NET, &v->dev);
	if (r < 0)
		return r;
	r = virtio_negotiate(&v->dev, VIRTIO_BIT(VIRTIO_NET_F_MAC), 0);
	if (r < 0)
		goto fail;
	v->hdr = virtio_has(&v->dev, VIRTIO_F_VERSION_1) ? VNET_HDR_MODERN
							 : VNET_HDR_LEGACY;
	if (virtio_has(&v->dev, VIRTIO_NET_F_MAC)) {
		for (unsigned i = 0; i < ETH_ALEN; i++)
			v->mac[i] = virtio_config_read8(&v->dev, i);
	} else {
		/* a locally administered address of our own */
		static const uint8_t mac[ETH_ALEN] = { 0x02, 0x53, 0x48, 0x41,
						       0x4c, 0x45 };
		memcpy(v->mac, mac, ETH_ALEN);
	}
	r = virtio_queue_setup(&v->dev, 0, VNET_RING, &v->rxq);
	if (r < 0)
		goto fail;
	r = virtio_queue_setup(&v->dev, 1, VNET_RING, &v->txq);
	if (r < 0)
		goto fail;
	r = virtio_pool_init(&v->rxpool, VNET_BUF, v->rxq.num);
	if (r < 0)
		goto fail;
	r = virtio_pool_init(&v->txpool, VNET_BUF, v->txq.num);
	if (r < 0)
		goto fail;
	r = virtio_irq_bind(&v->dev, sd, notif, bit);
	if (r < 0)
		goto fail;
	r = virtio_ready(&v->dev);
	if (r < 0)
		goto fail;
	vnet_rx_fill(v);
	return 0;
fail:
	virtio_fail(&v->dev);
	return r;
}

void vnet_rx_fill(struct vnet *v)
{
	int added = 0;

	for (;;) {
		struct virtq_buf b;
		void *buf = virtio_pool_get(&v->rxpool, &b.phys);

		if (!buf)
			break;
		b.len = VNET_BUF;
		b.device_writes = 1;
		if (virtq_add(&v->rxq, &b, 1, buf) < 0) {
			virtio_pool_put(&v->rxpool, buf);
			break;
		}
		added = 1;
	}
	if (added)
		virtio_kick(&v->dev, &v->rxq);
}

unsigned vnet_rx(struct vnet *v, vnet_rx_fn fn, void *arg)
{
	unsigned n = 0;
	void *buf;
	uint32_t len;
	int r;

	while ((r = virtq_pop(&v->rxq, &buf, &len)) != 0) {
		if (r < 0) {
			v->rx_bad++;
			continue;
		}
		if (len < v->hdr || len > VNET_BUF) {
			v->rx_bad++;
		} else {
			fn(arg, (uint8_t *)buf + v->hdr, len - v->hdr);
			n++;
		}
		virtio_pool_put(&v->rxpool, buf);
	}
	vnet_rx_fill(v);
	return n;
}

/* Takes back the transmit buffers the device is done with. */
static void vnet_tx_reclaim(struct vnet *v)
{
	void *buf;
	uint32_t len;
	int r;

	while ((r = virtq_pop(&v->txq, &buf, &len)) != 0)
		if (r > 0)
			virtio_pool_put(&v->txpool, buf);
}

int vnet_tx(struct vnet *v, const void *frame, uint32_t len)
{
	struct virtq_buf b;
	uint8_t *buf;

	if (len > ETH_FRAME_MAX)
		return -SH_E2BIG;
	vnet_tx_reclaim(v);
	buf = virtio_pool_get(&v->txpool, &b.phys);
	if (!buf)
		return -SH_EAGAIN;
	memset(buf, 0, v->hdr);
	memcpy(buf + v->hdr, frame, len);
	/* the minimum Ethernet frame: pad with zeros */
	if (len < 60) {
		memset(buf + v->hdr + len, 0, 60 - len);
		len = 60;
	}
	b.len = v->hdr + len;
	b.device_writes = 0;
	if (virtq_add(&v->txq, &b, 1, buf) < 0) {
		virtio_pool_put(&v->txpool, buf);
		return -SH_EAGAIN;
	}
	virtio_kick(&v->dev, &v->txq);
	return 0;
}
