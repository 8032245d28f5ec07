/* bcache: the bounded write-back block cache (contract in bcache.h). */
#include <stdlib.h>
#include <string.h>
#include <shale/errors.h>
#include "bcache.h"

static void lru_unlink(struct bbuf *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
	b->prev = b->next = b;
}

static void lru_append(struct bcache *c, struct bbuf *b)
{
	b->prev = c->lru.prev;
	b->next = &c->lru;
	c->lru.prev->next = b;
	c->lru.prev = b;
}

static uint32_t hash_of(const struct bcache *c, uint64_t blk)
{
	return (uint32_t)((blk * 0x9e3779b97f4a7c15ull) >> 40) % c->nhash;
}

int bc_init(struct bcache *c, struct blkdev *dev, uint32_t bsize,
	    uint32_t nbuf)
{
	uint32_t i;

	memset(c, 0, sizeof(*c));
	if (nbuf < 8 || bsize < 512 || (bsize & 511))
		return -SH_EINVAL;
	c->dev = dev;
	c->bsize = bsize;
	c->nbuf = nbuf;
	c->nhash = nbuf * 2 + 1;
	c->bufs = calloc(nbuf, sizeof(*c->bufs));
	c->hash = calloc(c->nhash, sizeof(*c->hash));
	c->order = calloc(nbuf, sizeof(*c->order));
	c->run = malloc(BC_RUN_MAX);
	if (!c->bufs || !c->hash || !c->order || !c->run)
		goto fail;
	c->lru.prev = c->lru.next = &c->lru;
	for (i = 0; i < nbuf; i++) {
		c->bufs[i].blk = UINT64_MAX;
		c->bufs[i].data = malloc(bsize);
		if (!c->bufs[i].data)
			goto fail;
		lru_append(c, &c->bufs[i]);
	}
	return 0;
fail:
	bc_fini(c);
	return -SH_ENOMEM;
}

void bc_fini(struct bcache *c)
{
	uint32_t i;

	if (c->bufs)
		for (i = 0; i < c->nbuf; i++)
			free(c->bufs[i].data);
	free(c->bufs);
	free(c->hash);
	free(c->order);
	free(c->run);
	c->run = NULL;
	c->order = NULL;
	c->bufs = NULL;
	c->hash = NULL;
}

static struct bbuf *hash_find(struct bcache *c, uint64_t blk)
{
	struct bbuf *b;

	for (b = c->hash[hash_of(c, blk)]; b; b = b->hnext)
		if (b->blk == blk)
			return b;
	return NULL;
}

static void hash_remove(struct bcache *c, struct bbuf *b)
{
	struct bbuf **pp;

	if (b->blk == UINT64_MAX)
		return;
	for (pp = &c->hash[hash_of(c, b->blk)]; *pp; pp = &(*pp)->hnext)
		if (*pp == b) {
			*pp = b->hnext;
			break;
		}
	b->hnext = NULL;
	b->blk = UINT64_MAX;
}

static int buf_write(struct bcache *c, struct bbuf *b)
{
	int r = c->dev->write(c->dev, b->blk * c->bsize, b->data, c->bsize);

	c->writes++;
	if (r < 0) {
		if (!c->err)
			c->err = r;
		return r;
	}
	b->dirty = 0;
	c->ndirty--;
	return 0;
}

static int by_class_block(const void *a, const void *b)
{
	const struct bbuf *x = *(struct bbuf *const *)a;
	const struct bbuf *y = *(struct bbuf *const *)b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return x->blk < y->blk ? -1 : x->blk > y->blk;
}

int bc_sync(struct bcache *c)
{
	uint32_t i, n = 0;
	int r = 0;

	/* Class by class, and within one in block order (kinder to disks).
	 * On a write error stop: going on would break the order. */
	for (i = 0; i < c->nbuf; i++)
		if (c->bufs[i].dirty)
			c->order[n++] = &c->bufs[i];
	qsort(c->order, n, sizeof(*c->order), by_class_block);
	for (i = 0; i < n && r == 0; ) {
		uint32_t j = i + 1, k, max = BC_RUN_MAX / c->bsize;

		while (j < n && j - i < max &&
		       c->order[j]->cls == c->order[i]->cls &&
		       c->order[j]->blk == c->order[j - 1]->blk + 1)
			j++;
		if (j - i == 1) {
			r = buf_write(c, c->order[i]);
		} else {
			for (k = i; k < j; k++)
				memcpy(c->run + (size_t)(k - i) * c->bsize,
				       c->order[k]->data, c->bsize);
			c->writes++;
			r = c->dev->write(c->dev, c->order[i]->blk * c->bsize,
					  c->run, (size_t)(j - i) * c->bsize);
			for (k = i; k < j && r == 0; k++) {
				c->order[k]->dirty = 0;
				c->ndirty--;
			}
		}
		i = j;
	}
	if (r == 0)
		r = c->dev->flush(c->dev);
	if (r == 0 && c->err)
		r = c->err;
	c->err = 0;
	return r;
}

struct bbuf *bc_get(struct bcache *c, uint64_t blk, int zero, int *err)
{
	struct bbuf *b = hash_find(c, blk);
	int r;

	if (b) {
		if (b->refs++ == 0)
			lru_unlink(b);
		if (zero)
			memset(b->data, 0, c->bsize);
		return b;
	}
	/* The oldest clean buffer nobody holds. */
	for (b = c->lru.next; b != &c->lru && b->dirty; b = b->next)
		;
	if (b == &c->lru) {
		if (c->lru.next == &c->lru) {
			*err = -SH_EBUSY;
			return NULL;
		}
		r = bc_sync(c);
		if (r < 0) {
			*err = r;
			return NULL;
		}
		b = c->lru.next;
	}
	lru_unlink(b);
	hash_remove(c, b);
	b->refs = 1;
	if (zero) {
		memset(b->data, 0, c->bsize);
	} else {
		c->reads++;
		r = c->dev->read(c->dev, blk * c->bsize, b->data, c->bsize);
		if (r < 0) {
			b->refs = 0;
			c->lru.next->prev = b;	/* back, at the front */
			b->next = c->lru.next;
			b->prev = &c->lru;
			c->lru.next = b;
			*err = r;
			return NULL;
		}
	}
	b->blk = blk;
	b->hnext = c->hash[hash_of(c, blk)];
	c->hash[hash_of(c, blk)] = b;
	return b;
}

void bc_dirty(struct bcache *c, struct bbuf *b, enum bc_class cls)
{
	if (!b->dirty) {
		b->dirty = 1;
		b->cls = (uint8_t)cls;
		c->ndirty++;
	} else if ((uint8_t)cls < b->cls) {
		b->cls = (uint8_t)cls;
	}
}

void bc_put(struct bcache *c, struct bbuf *b)
{
	if (b && --b->refs == 0)
		lru_append(c, b);
}

int bc_cached(struct bcache *c, uint64_t blk)
{
	return hash_find(c, blk) != NULL;
}

void bc_prefetch(struct bcache *c, uint64_t blk, uint32_t n)
{
	struct bbuf *take[BC_RUN_MAX / 512], *b;
	uint32_t k = 0, i;

	if (n > BC_RUN_MAX / c->bsize)
		n = BC_RUN_MAX / c->bsize;
	/* Clean, unheld buffers from the oldest, for the absent blocks. */
	b = c->lru.next;
	while (k < n && !hash_find(c, blk + k) &&
	       (blk + k + 1) * c->bsize <= c->dev->size) {
		while (b != &c->lru && b->dirty)
			b = b->next;
		if (b == &c->lru)
			break;
		take[k++] = b;
		b = b->next;
	}
	if (k < 2)
		return;	/* one block: bc_get reads it as well */
	c->reads++;
	if (c->dev->read(c->dev, blk * c->bsize, c->run,
			 (size_t)k * c->bsize) < 0)
		return;
	for (i = 0; i < k; i++) {
		b = take[i];
		hash_remove(c, b);
		memcpy(b->data, c->run + (size_t)i * c->bsize, c->bsize);
		b->blk = blk + i;
		b->hnext = c->hash[hash_of(c, b->blk)];
		c->hash[hash_of(c, b->blk)] = b;
		/* the newest: used soon */
		lru_unlink(b);
		lru_append(c, b);
	}
}

void bc_forget(struct bcache *c, uint64_t blk)
{
	struct bbuf *b = hash_find(c, blk);

	if (!b || b->refs)
		return;
	if (b->dirty) {
		b->dirty = 0;
		c->ndirty--;
	}
	hash_remove(c, b);
	/* To the front: reused first. */
	lru_unlink(b);
	b->next = c->lru.next;
	b->prev = &c->lru;
	c->lru.next->prev = b;
	c->lru.next = b;
}
