/* DMA memory for virtio devices: physically contiguous frames
 * (SH_FRAME_CONTIG) mapped read-write, their physical address from
 * frame_info; and fixed-size buffer pools carved from one such region.
 *
 * The device sees physical addresses, so every buffer it is given must
 * come from here (a heap buffer is neither contiguous nor of known
 * address). */
#include <string.h>

#include <shale.h>
#include <shale/virtio.h>

#define DMA_MAX	(256u << 20)

int virtio_dma_alloc(size_t size, struct virtio_dma *out)
{
	struct sh_frame_info fi;
	size_t npages;
	long r, err = 0;
	void *va;

	memset(out, 0, sizeof(*out));
	if (size == 0 || size > DMA_MAX)
		return -SH_EINVAL;
	npages = (size + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE;
	r = sh_frame_create(npages, SH_FRAME_CONTIG);
	if (r < 0)
		return (int)r;
	out->frame = (uint64_t)r;
	r = sh_frame_info((sh_handle_t)out->frame, &fi);
	if (r < 0)
		goto fail;
	if (!fi.phys) {		/* not contiguous after all: unusable */
		r = -SH_ENOMEM;
		goto fail;
	}
	va = sh_map_frame((sh_handle_t)out->frame, npages,
			  SH_VM_READ | SH_VM_WRITE, &err);
	if (!va) {
		r = err;
		goto fail;
	}
	out->va = va;
	out->phys = fi.phys;
	out->size = npages * SH_PAGE_SIZE;
	return 0;
fail:
	sh_cap_close((sh_handle_t)out->frame);
	memset(out, 0, sizeof(*out));
	return (int)r;
}

void virtio_dma_free(struct virtio_dma *m)
{
	if (m->va)
		sh_vm_unmap(sh_self(), (uintptr_t)m->va, m->size / SH_PAGE_SIZE);
	if (m->frame)
		sh_cap_close((sh_handle_t)m->frame);
	memset(m, 0, sizeof(*m));
}

int virtio_pool_init(struct virtio_pool *p, uint32_t bufsize, uint32_t count)
{
	int r;

	memset(p, 0, sizeof(*p));
	if (bufsize == 0 || count == 0 || count > VIRTIO_POOL_MAX ||
	    bufsize > DMA_MAX / count)
		return -SH_EINVAL;
	bufsize = (bufsize + 15u) & ~15u;
	r = virtio_dma_alloc((size_t)bufsize * count, &p->mem);
	if (r < 0)
		return r;
	p->bufsize = bufsize;
	p->count = count;
	for (uint32_t i = 0; i < count; i++)
		p->free[i] = (uint16_t)(count - 1 - i);
	p->nfree = count;
	return 0;
}

void *virtio_pool_get(struct virtio_pool *p, uint64_t *phys)
{
	char *buf;

	if (!p->nfree)
		return NULL;
	buf = (char *)p->mem.va + (size_t)p->free[--p->nfree] * p->bufsize;
	if (phys)
		*phys = virtio_dma_phys(&p->mem, buf);
	return buf;
}

void virtio_pool_put(struct virtio_pool *p, void *buf)
{
	size_t off = (size_t)((char *)buf - (char *)p->mem.va);

	/* A pointer from elsewhere (or one put too many) would corrupt the
	 * stack: ignore it (the caller's bug, not the device's). */
	if (off >= (size_t)p->bufsize * p->count || off % p->bufsize ||
	    p->nfree >= p->count)
		return;
	p->free[p->nfree++] = (uint16_t)(off / p->bufsize);
}
