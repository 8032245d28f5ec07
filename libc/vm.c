/* Address space bookkeeping: a bump allocator of virtual addresses for
 * stacks and mapped frames, in a range (SH_VA_BASE..SH_VA_LIMIT) that
 * neither the program image nor the heap uses. */
#include <shale.h>

static uintptr_t va_next = SH_VA_BASE;

uintptr_t sh_va_reserve(size_t size)
{
	uintptr_t len = (size + SH_PAGE_SIZE - 1) & ~(uintptr_t)(SH_PAGE_SIZE - 1);
	uintptr_t va;

	if (len == 0 || len > SH_VA_LIMIT - SH_VA_BASE)
		return 0;
	va = __atomic_fetch_add(&va_next, len, __ATOMIC_RELAXED);
	if (va > SH_VA_LIMIT - len) {
		/* Leave va_next past the limit: every later request fails too. */
		return 0;
	}
	return va;
}

void *sh_map_frame(sh_handle_t frame, size_t npages, uint32_t perms, long *err)
{
	uintptr_t va;
	long r;

	if (npages == 0 || npages > (SIZE_MAX / SH_PAGE_SIZE)) {
		r = -SH_EINVAL;
		goto fail;
	}
	va = sh_va_reserve(npages * SH_PAGE_SIZE);
	if (!va) {
		r = -SH_ENOMEM;
		goto fail;
	}
	r = sh_vm_map(sh_self(), frame, va, perms, 0);
	if (r < 0)
		goto fail;
	return (void *)va;
fail:
	if (err)
		*err = r;
	return NULL;
}
