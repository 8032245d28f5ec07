/* Exception vectors.  Every entry saves a full struct trapframe (trap.h) on
 * the current EL1 stack and calls trap_entry(frame, slot); the return path
 * restores it and erets, so handlers may edit the frame (syscall results,
 * a different thread's frame after a switch). */

#define FRAME_SIZE	288
#define SH_ENOSYS	8	/* errors.def */

/* sys_count (SYS_COUNT) and sys_NAME (each call's number), from the list. */
	.set	sys_count, 0
#define SYSCALL(num, name, nargs) \
	.set sys_##name, (num) ; .if (num) + 1 > sys_count ; .set sys_count, (num) + 1 ; .endif ;
#include <shale/syscall.def>
#undef SYSCALL

.macro	save_frame, el
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	.if	\el == 0
	mrs	x21, sp_el0
	.else
	add	x21, sp, #FRAME_SIZE
	.endif
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	mrs	x24, esr_el1
	mrs	x25, far_el1
	stp	x30, x21, [sp, #240]
	stp	x22, x23, [sp, #256]
	stp	x24, x25, [sp, #272]
.endm

.macro	vector, slot, el
	.balign	0x80
	save_frame \el
	mov	x0, sp
	mov	x1, #\slot
	.if	\el == 0
	b	entry_el0
	.else
	b	entry_el1
	.endif
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.globl	vectors
vectors:
	vector	0, 1	/* EL1t sync: SP_EL0 at EL1, never used */
	vector	1, 1
	vector	2, 1
	vector	3, 1
	vector	4, 1	/* EL1h sync */
	vector	5, 1	/* EL1h IRQ */
	vector	6, 1	/* EL1h FIQ */
	vector	7, 1	/* EL1h SError */
	/* EL0 AArch64 sync: system calls, faults.  Light calls first. */
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	b	el0_sync
	vector	9, 0	/* EL0 AArch64 IRQ */
	vector	10, 0
	vector	11, 0
	vector	12, 0	/* EL0 AArch32: not supported */
	vector	13, 0
	vector	14, 0
	vector	15, 0

	.text
/* Light system calls: ones that touch no kernel state return here, with
 * only the registers they use saved, without the kernel lock, the
 * scheduler or reaping (a kill or suspend from another CPU meanwhile takes
 * effect at the interrupt it sends, as soon as this eret unmasks it).
 * The ESR check makes sure it is an svc, not a fault. */
el0_sync:
	mrs	x0, esr_el1
	lsr	x0, x0, #26
	cmp	x0, #0x15
	b.ne	el0_full
	cmp	x8, #sys_count
	b.hs	el0_enosys
	cmp	x8, #sys_clock
	b.eq	el0_clock
el0_full:
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	save_frame 0
	mov	x0, sp
	mov	x1, #8
	b	entry_el0

el0_enosys:				/* no such call: x8 past the table */
	mov	x0, #-SH_ENOSYS
	ldr	x1, [sp, #8]
	add	sp, sp, #FRAME_SIZE
	eret

el0_clock:				/* clock(): the caller-saved registers only */
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #240]
	mov	x29, xzr
	bl	clock_ns
	ldr	x1, [sp, #8]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret

entry_el1:
	bl	trap_entry
	b	trap_return

entry_el0:
	mov	x29, xzr		/* user frames are not kernel frames */
	bl	trap_entry

/* trap_return(frame): resume the frame in x0 (the one just saved, or
 * another thread's after a switch).  Frames of EL0 carry SP_EL0. */
	.globl	trap_return
trap_return:
	mov	sp, x0
	ldp	x22, x23, [sp, #256]	/* elr, spsr */
	tst	x23, #0xf
	b.ne	restore			/* back to EL1 */
	ldr	x21, [sp, #248]
	msr	sp_el0, x21
restore:
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret
