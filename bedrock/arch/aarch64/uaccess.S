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

/* The 40-byte IPC message header (struct sh_msg up to its handles), both
 * addresses 8-byte aligned: five words, no loop.
 * long arch_copy_hdr_from_user(void *dst, uint64_t usrc) */
	.globl	arch_copy_hdr_from_user
arch_copy_hdr_from_user:
	ldtr	x2, [x1]
	ldtr	x3, [x1, #8]
	ldtr	x4, [x1, #16]
	ldtr	x5, [x1, #24]
	ldtr	x6, [x1, #32]
	stp	x2, x3, [x0]
	stp	x4, x5, [x0, #16]
	str	x6, [x0, #32]
	mov	x0, #0
	ret

/* long arch_copy_hdr_to_user(uint64_t udst, const void *src) */
	.globl	arch_copy_hdr_to_user
arch_copy_hdr_to_user:
	ldp	x2, x3, [x1]
	ldp	x4, x5, [x1, #16]
	ldr	x6, [x1, #32]
	sttr	x2, [x0]
	sttr	x3, [x0, #8]
	sttr	x4, [x0, #16]
	sttr	x5, [x0, #24]
	sttr	x6, [x0, #32]
	mov	x0, #0
	ret
uaccess_end:

	.globl	uaccess_fault
uaccess_fault:
	mov	x0, #-6			/* -SH_EFAULT */
	ret
