/* The split virtqueue's ring arithmetic (virtio 1.2, 2.7): free
 * descriptors kept as a chain through their next fields, chains put on the
 * avail ring, used entries collected.  Portable: no system calls, no MMIO;
 * the host unit test (tests/strates/test_virtq.c) plays the device.
 *
 * Trusts: nothing the device writes.  A used entry naming a descriptor that
 * is not the head of a chain in flight is refused, and chains and the free
 * list are linked through our own copy of the next fields (link[]), so a
 * device that scribbles on the rings can lose its requests but not corrupt
 * the free list. */
#include <string.h>

#include <shale/virtio.h>

/* Ordering against the device: a fence orders our stores to the rings
 * before the index store (and the index load before reading the entry). */
#define virtio_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define virtio_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define virtio_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

size_t virtq_layout(uint16_t num, size_t *avail_off, size_t *used_off)
{
	size_t avail, used, end;

	if (num == 0 || num > VIRTQ_NUM_MAX || (num & (num - 1)))
		return 0;
	avail = 16u * num;
	used = align_up(avail + 6u + 2u * num, VIRTQ_ALIGN);
	end = used + 6u + 8u * num;
	if (avail_off)
		*avail_off = avail;
	if (used_off)
		*used_off = used;
	return align_up(end, VIRTQ_ALIGN);
}

int virtq_init(struct virtq *q, uint16_t index, uint16_t num, void *mem,
	       uint64_t phys)
{
	size_t aoff, uoff;

	if (!virtq_layout(num, &aoff, &uoff))
		return -SH_EINVAL;
	memset(q, 0, sizeof(*q));
	q->num = num;
	q->index = index;
	q->desc = mem;
	q->avail = (struct virtq_avail *)((char *)mem + aoff);
	q->used = (struct virtq_used *)((char *)mem + uoff);
	q->desc_phys = phys;
	q->avail_phys = phys + aoff;
	q->used_phys = phys + uoff;
	for (uint16_t i = 0; i < num; i++)
		q->link[i] = (uint16_t)((i + 1) & (num - 1));
	q->free_head = 0;
	q->nfree = num;
	return 0;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n,
	      void *cookie)
{
	uint16_t head, i, last = 0;

	if (n == 0 || n > q->num)
		return -SH_EINVAL;
	for (unsigned k = 0; k < n; k++)
		if (bufs[k].len == 0)
			return -SH_EINVAL;
	if (n > q->nfree)
		return -SH_EAGAIN;
	head = i = q->free_head;
	for (unsigned k = 0; k < n; k++) {
		struct virtq_desc *d = &q->desc[i];

		last = i;
		d->addr = bufs[k].phys;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		d->next = k + 1 < n ? q->link[i] : 0;
		i = q->link[i];
	}
	q->free_head = q->link[last];
	q->nfree = (uint16_t)(q->nfree - n);
	q->busy[head] = (uint16_t)n;
	q->cookie[head] = cookie;
	q->avail->ring[q->avail_idx & (q->num - 1)] = head;
	virtio_wmb();
	q->avail_idx++;
	__atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELEASE);
	return head;
}

int virtq_needs_kick(const struct virtq *q)
{
	virtio_mb();	/* our avail->idx store before reading the flags */
	return !(__atomic_load_n(&q->used->flags, __ATOMIC_ACQUIRE) &
		 VIRTQ_USED_F_NO_NOTIFY);
}

/* Frees the chain at head: n descriptors linked by link[] (the free list's
 * order when virtq_add took them). */
static void chain_free(struct virtq *q, uint16_t head, unsigned n)
{
	uint16_t i = head, last = head;

	for (unsigned k = 0; k < n; k++) {
		last = i;
		i = q->link[i];
	}
	q->link[last] = q->free_head;
	q->free_head = head;
	q->nfree = (uint16_t)(q->nfree + n);
}

int virtq_pop(struct virtq *q, void **cookie, uint32_t *len)
{
	uint16_t used_idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	struct virtq_used_elem e;
	unsigned n;

	if (used_idx == q->last_used)
		return 0;
	virtio_rmb();
	e = q->used->ring[q->last_used & (q->num - 1)];
	q->last_used++;
	if (e.id >= q->num || !q->busy[e.id])
		return -SH_EBADMSG;
	n = q->busy[e.id];
	q->busy[e.id] = 0;
	*cookie = q->cookie[e.id];
	q->cookie[e.id] = NULL;
	*len = e.len;
	chain_free(q, (uint16_t)e.id, n);
	return 1;
}

unsigned virtq_in_flight(const struct virtq *q)
{
	unsigned c = 0;

	for (unsigned i = 0; i < q->num; i++)
		c += q->busy[i] != 0;
	return c;
}
