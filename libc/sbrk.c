/* The heap under picolibc's malloc: sbrk over a reserved range of address
 * space (SH_HEAP_BASE..SH_HEAP_LIMIT), backed by frames created and mapped
 * as the break grows.  Growth comes in chunks (at least 64 KiB, or an eighth
 * of the heap) so malloc does not cost a system call per page; when the
 * quota refuses a chunk, sbrk retries with just what is needed, then fails
 * with ENOMEM and malloc returns NULL.  Pages stay mapped when the break
 * goes down: picolibc rarely shrinks, and reuse is then free.  Each frame
 * handle is closed once mapped (a mapping holds its frame), so the heap
 * costs no handles. */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include <shale.h>
#include "libc_internal.h"

#define CHUNK_MIN	(64u * 1024)
#define FRAME_PAGES_MAX	65536u		/* frame_create's limit */

static uintptr_t brk_cur = SH_HEAP_BASE;	/* guarded by heap_lock */
static uintptr_t brk_mapped = SH_HEAP_BASE;	/* end of mapped pages */
static volatile int heap_lock;

size_t sh_heap_mapped(void)
{
	return brk_mapped - SH_HEAP_BASE;
}

/* Maps npages more at brk_mapped.  Returns 0 or -SH_E*. */
static long heap_grow(size_t npages)
{
	long frame, r;

	frame = sh_frame_create(npages, 0);
	if (frame < 0)
		return frame;
	r = sh_vm_map(sh_self(), (sh_handle_t)frame, brk_mapped,
		      SH_VM_READ | SH_VM_WRITE, 0);
	sh_cap_close((sh_handle_t)frame);
	if (r < 0)
		return r;
	brk_mapped += npages * SH_PAGE_SIZE;
	return 0;
}

/* Makes [brk_mapped, end) mapped, a chunk at a time.  Returns 0 or -SH_E*;
 * on failure what was mapped stays mapped (and usable by a later call). */
static long heap_cover(uintptr_t end)
{
	while (brk_mapped < end) {
		size_t need = (end - brk_mapped + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE;
		size_t room = (SH_HEAP_LIMIT - brk_mapped) / SH_PAGE_SIZE;
		size_t want = (brk_mapped - SH_HEAP_BASE) / 8 / SH_PAGE_SIZE;
		long r;

		if (want < CHUNK_MIN / SH_PAGE_SIZE)
			want = CHUNK_MIN / SH_PAGE_SIZE;
		if (want < need)
			want = need;
		if (want > room)
			want = room;
		if (want > FRAME_PAGES_MAX)
			want = FRAME_PAGES_MAX;
		r = heap_grow(want);
		if (r < 0 && want > need) {
			/* The extra was too much for the quota: just what is needed. */
			r = heap_grow(need);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old, end;
	void *ret = (void *)-1;

	libc_lock(&heap_lock);
	old = brk_cur;
	if (incr < 0) {
		if ((uintptr_t)-incr > old - SH_HEAP_BASE)
			goto einval;
		brk_cur = old - (uintptr_t)-incr;
		ret = (void *)old;
		goto out;
	}
	if ((uintptr_t)incr > SH_HEAP_LIMIT - old)
		goto enomem;
	end = old + (uintptr_t)incr;
	if (end > brk_mapped && heap_cover(end) < 0)
		goto enomem;
	brk_cur = end;
	ret = (void *)old;
	goto out;
einval:
	errno = EINVAL;
	goto out;
enomem:
	errno = ENOMEM;
out:
	libc_unlock(&heap_lock);
	return ret;
}
