/* Copies to and from the user address space that is active on this CPU,
 * with unprivileged loads and stores (ldtr/sttr): the MMU checks EL0's
 * permissions, and a fault inside these functions is turned into
 * -SH_EFAULT by trap.c (it resumes at uaccess_fault).  Copies between two
 * other address spaces go through page walks instead (uaccess.c). */

	.text
	.globl	uaccess_start, uaccess_end

/* long arch_copy_from_user(void *dst, uint64_t usrc, size_t n) */
	.globl	arch_copy_from_user
arch_copy_from_user:
uaccess_start:
	orr	x3, x0, x1
	tst	x3, #7
	b.ne	2f
1:	cmp	x2, #8
	b.lo	2f
	ldtr	x4, [x1]
	str	x4, [x0], #8
	add	x1, x1, #8
	sub	x2, x2, #8
	b	1b
2:	cbz	x2, 3f
	ldtrb	w4, [x1]
	strb	w4, [x0], #1
	add	x1, x1, #1
	sub	x2, x2, #1
	b	2b
3:	mov	x0, #0
	ret

/* long arch_copy_to_user(uint64_t udst, const void *src, size_t n) */
	.globl	arch_copy_to_user
arch_copy_to_user:
	orr	x3, x0, x1
	tst	x3, #7
	b.ne	2f
1:	cmp	x2, #8
	b.lo	2f
	ldr	x4, [x1], #8
	sttr	x4, [x0]
	add	x0, x0, #8
	sub	x2, x2, #8
	b	1b
2:	cbz	x2, 3f
	ldrb	w4, [x1], #1
	sttrb	w4, [x0]
	add	x0, x0, #1
	sub	x2, x2, #1
	b	2b
3:	mov	x0, #0
	ret
uaccess_end:

	.globl	uaccess_fault
uaccess_fault:
	mov	x0, #-6			/* -SH_EFAULT */
	ret
