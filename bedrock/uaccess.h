/* The only way bedrock touches user memory: each user page is looked up in
 * the address space's tables, checked for the access needed, and copied
 * through the kernel's physmap.  A range that is outside the user half,
 * wraps, or meets an unmapped, read-only or device page is -SH_EFAULT;
 * the kernel never takes a fault on a user address. */
#ifndef BEDROCK_UACCESS_H
#define BEDROCK_UACCESS_H

#include <stddef.h>
#include <stdint.h>

struct arch_vs;

/* Copies n bytes from user address src in vs to kernel memory dst.
 * Returns 0 or -SH_EFAULT (dst may then hold part of the data). */
int copy_from_user(const struct arch_vs *vs, void *dst, uint64_t src, size_t n);

/* Copies n bytes from kernel memory to user address dst in vs (needs the
 * pages writable).  Returns 0 or -SH_EFAULT. */
int copy_to_user(const struct arch_vs *vs, uint64_t dst, const void *src, size_t n);

/* Copies n bytes between two user address spaces (IPC).  Returns 0,
 * -SH_EFAULT with *bad_side = 0 when the source was bad, 1 when the
 * destination was. */
int copy_user_to_user(const struct arch_vs *src_vs, uint64_t src,
		      const struct arch_vs *dst_vs, uint64_t dst, size_t n, int *bad_side);

/* Copies a NUL-terminated string of at most max bytes (NUL included).
 * Returns its length, -SH_EFAULT, or -SH_ENAMETOOLONG. */
long copy_str_from_user(const struct arch_vs *vs, char *dst, uint64_t src, size_t max);

/* Whether [addr, addr+n) lies in the user range without wrapping. */
int uaccess_range_ok(uint64_t addr, size_t n);

#endif
