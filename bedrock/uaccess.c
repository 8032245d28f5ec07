/* User memory access by software page-table walk (see uaccess.h). */
#include "uaccess.h"

#include "arch.h"
#include "object.h"
#include "page.h"
#include "vm.h"

#include <shale/errors.h>
#include <shale/syscall.h>
#include <string.h>

#define PERM_DEVICE 0x100

int uaccess_range_ok(uint64_t addr, size_t n)
{
	return addr >= SH_USER_LO && addr < SH_USER_HI && n <= SH_USER_HI - addr;
}

/* Kernel pointer to user byte va if the page allows access (write or not);
 * *room is set to the bytes left in that page. */
static void *user_ptr(const struct arch_vs *vs, uint64_t va, int write, size_t *room)
{
	uint64_t pa;
	unsigned perms;

	if (arch_vs_translate(vs, va, &pa, &perms))
		return NULL;
	if ((perms & PERM_DEVICE) || (write && !(perms & VM_WRITE)))
		return NULL;
	*room = PAGE_SIZE - (va & (PAGE_SIZE - 1));
	return phys_to_virt(pa);
}

long arch_copy_from_user(void *dst, uint64_t usrc, size_t n);
long arch_copy_to_user(uint64_t udst, const void *src, size_t n);
long arch_copy_hdr_from_user(void *dst, uint64_t usrc);
long arch_copy_hdr_to_user(uint64_t udst, const void *src);

/* The IPC header (40 bytes, aligned) has a copy of its own, without a loop. */
#define HDR_BYTES 40
#define hdr_copy(n, u, k) ((n) == HDR_BYTES && !(((u) | (uint64_t)(uintptr_t)(k)) & 7))

/* Whether vs is the address space the MMU walks for user addresses now:
 * then the hardware checks the access (ldtr/sttr, uaccess.S). */
static int vs_active(const struct arch_vs *vs)
{
	return cpu_this()->active_vs == vs;
}

int copy_from_user(const struct arch_vs *vs, void *dst, uint64_t src, size_t n)
{
	char *d = dst;

	if (!uaccess_range_ok(src, n))
		return -SH_EFAULT;
	if (vs_active(vs))
		return hdr_copy(n, src, dst) ? (int)arch_copy_hdr_from_user(dst, src) :
					       (int)arch_copy_from_user(dst, src, n);
	while (n) {
		size_t room, k;
		void *p = user_ptr(vs, src, 0, &room);

		if (!p)
			return -SH_EFAULT;
		k = n < room ? n : room;
		memcpy(d, p, k);
		d += k;
		src += k;
		n -= k;
	}
	return 0;
}

int copy_to_user(const struct arch_vs *vs, uint64_t dst, const void *src, size_t n)
{
	const char *s = src;

	if (!uaccess_range_ok(dst, n))
		return -SH_EFAULT;
	if (vs_active(vs))
		return hdr_copy(n, dst, src) ? (int)arch_copy_hdr_to_user(dst, src) :
					       (int)arch_copy_to_user(dst, src, n);
	while (n) {
		size_t room, k;
		void *p = user_ptr(vs, dst, 1, &room);

		if (!p)
			return -SH_EFAULT;
		k = n < room ? n : room;
		memcpy(p, s, k);
		s += k;
		dst += k;
		n -= k;
	}
	return 0;
}

int copy_user_to_user(const struct arch_vs *src_vs, uint64_t src,
		      const struct arch_vs *dst_vs, uint64_t dst, size_t n, int *bad_side)
{
	if (!uaccess_range_ok(src, n)) {
		*bad_side = 0;
		return -SH_EFAULT;
	}
	if (!uaccess_range_ok(dst, n)) {
		*bad_side = 1;
		return -SH_EFAULT;
	}
	while (n) {
		size_t sroom, droom, k;
		void *s = user_ptr(src_vs, src, 0, &sroom);
		void *d;

		if (!s) {
			*bad_side = 0;
			return -SH_EFAULT;
		}
		d = user_ptr(dst_vs, dst, 1, &droom);
		if (!d) {
			*bad_side = 1;
			return -SH_EFAULT;
		}
		k = n < sroom ? n : sroom;
		if (k > droom)
			k = droom;
		memcpy(d, s, k);
		src += k;
		dst += k;
		n -= k;
	}
	return 0;
}

long copy_str_from_user(const struct arch_vs *vs, char *dst, uint64_t src, size_t max)
{
	size_t i = 0;

	while (i < max) {
		size_t room, k;
		const char *p;

		if (!uaccess_range_ok(src, 1))
			return -SH_EFAULT;
		p = user_ptr(vs, src, 0, &room);
		if (!p)
			return -SH_EFAULT;
		for (k = 0; k < room && i < max; k++, i++) {
			dst[i] = p[k];
			if (!p[k])
				return (long)i;
		}
		src += k;
	}
	return -SH_ENAMETOOLONG;
}
