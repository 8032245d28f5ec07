/* netd's virtio-net driver (vnet.c): open the device, keep the receive
 * ring full, hand received frames to a callback, send frames. */
#ifndef NETD_VNET_H
#define NETD_VNET_H

#include <stdint.h>
#include <shale/virtio.h>

#include "wire.h"

#define VNET_RING	128u	/* entries per queue (fewer if the device says) */

struct vnet {
	struct virtio_dev dev;
	struct virtq rxq, txq;
	struct virtio_pool rxpool, txpool;
	uint32_t hdr;		/* bytes of virtio_net_hdr before a frame */
	uint8_t mac[ETH_ALEN];
	uint64_t rx_bad;	/* used entries the device got wrong */
};

typedef void (*vnet_rx_fn)(void *arg, const uint8_t *frame, uint32_t len);

/* Opens the virtio-net device of sd: features, queues, buffers, the
 * interrupt (signalling bit of notification notif), DRIVER_OK, the
 * receive ring filled.  Returns 0 or -SH_E*. */
int vnet_open(struct vnet *v, const struct strate_dev *sd, uint64_t notif,
	      uint64_t bit);

/* Gives every received frame to fn, refills the ring.  Returns how many. */
unsigned vnet_rx(struct vnet *v, vnet_rx_fn fn, void *arg);

/* Puts every free receive buffer on the ring. */
void vnet_rx_fill(struct vnet *v);

/* Sends one frame (copied).  Returns 0, -SH_EAGAIN when the transmit ring
 * is full, -SH_E2BIG. */
int vnet_tx(struct vnet *v, const void *frame, uint32_t len);

#endif
