/* bedrock's entry.  QEMU (or any Linux-style loader) enters at _start with
 * the MMU off, x0 = physical address of the device tree, at EL2 or EL1.
 * We start the PMU cycle counter (tools/bench counts from here), drop to
 * EL1, zero BSS, map the image at KERNEL_VBASE plus identity windows for
 * the DTB, RAM and the early UART, turn the MMU on and call kmain() in the
 * upper half.  mmu.c then replaces these tables with W^X ones. */
#include "sysreg.h"

/* PMU cycle counter running, readable at EL0 (tools/bench reads it). */
.macro	pmu_on, reset
	mrs	x1, pmcr_el0
	orr	x1, x1, #(1 << 0)		/* E */
	.if	\reset
	orr	x1, x1, #(1 << 2)		/* C: reset cycle counter */
	.endif
	msr	pmcr_el0, x1
	mov	x1, #(1 << 31)
	msr	pmcntenset_el0, x1
	mov	x1, #0x4			/* EL0 may read (not write) PMCCNTR */
	msr	pmuserenr_el0, x1
.endm

/* At EL2: go to EL1 at label with AArch64 EL1, timers and FP untrapped,
 * PMU counters visible, all interrupts masked.  At EL1: fall through. */
.macro	drop_to_el1, label
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	\label
	mov	x1, #(1 << 31)
	msr	hcr_el2, x1
	mrs	x1, cnthctl_el2
	orr	x1, x1, #3
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mov	x1, #0x33ff
	msr	cptr_el2, x1
	msr	hstr_el2, xzr
	mrs	x1, pmcr_el0
	ubfx	x1, x1, #11, #5
	msr	mdcr_el2, x1
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	ldr	x1, =SCTLR_RES1
	msr	sctlr_el1, x1
	mov	x1, #0x3c5			/* EL1h, DAIF masked */
	msr	spsr_el2, x1
	adr	x1, \label
	msr	elr_el2, x1
	eret
.endm

	.section .text.head, "ax"
	.globl	_start
_start:
	/* Linux arm64 Image header, so loaders pass the DTB in x0. */
	b	primary_entry
	.long	0
	.quad	0x200000		/* text_offset: 2 MiB above RAM base */
	.quad	__image_size		/* bytes to reserve, BSS included */
	.quad	0xa			/* little endian, 4K pages, anywhere 2M aligned */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

	.section .text.boot, "ax"
primary_entry:
	mov	x19, x0				/* DTB physical address */

	/* Cycle counter on, from zero: boot cost is read against it. */
	pmu_on	reset=1
	mrs	x20, CurrentEL
	lsr	x20, x20, #2			/* entry exception level */
	drop_to_el1 in_el1

in_el1:
	msr	daifset, #0xf
	mov	x1, #(3 << 20)			/* CPACR_EL1.FPEN: libfdt uses SIMD */
	msr	cpacr_el1, x1
	isb

	adrp	x21, _start			/* physical load address */
	tst	x21, #0x1fffff
	b.ne	bad_load

	/* Zero BSS (it holds the early tables and the boot stack). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	bl	early_map
	adrp	x0, early_l0_hi
	bl	early_mmu_on

	ldr	x1, =high_entry			/* absolute upper-half address */
	br	x1

high_entry:
	ldr	x1, =boot_stack_top
	mov	sp, x1
	mov	x29, xzr			/* end of the frame chain */
	mov	x30, xzr
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19				/* dtb pa */
	mov	x1, x20				/* entry EL */
	mov	x2, x21				/* kernel load pa */
	bl	kmain
3:	wfe
	b	3b

/* The loader did not honour the 2 MiB alignment: say so on the early UART
 * (still physical) and stop. */
bad_load:
	adr	x1, bad_load_msg
	mov	x2, #0x09000000
4:	ldrb	w3, [x1], #1
	cbz	w3, 5f
	strb	w3, [x2]
	b	4b
5:	wfe
	b	5b
bad_load_msg:
	.asciz	"bedrock: PANIC: kernel not loaded at a 2 MiB aligned address\r\n"
	.balign	4

/* Secondary CPUs (smp.c, PSCI CPU_ON): x0 = CPU index.  The kernel's
 * final tables go in TTBR1 straight away; the boot identity map stays in
 * TTBR0 only until secondary_main drops it. */
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	pmu_on	reset=0
	drop_to_el1 sec_el1
sec_el1:
	msr	daifset, #0xf
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	adrp	x0, secondary_ttbr1
	ldr	x0, [x0, :lo12:secondary_ttbr1]
	bl	early_mmu_on
	ldr	x1, =secondary_high
	br	x1
secondary_high:
	ldr	x1, =secondary_stack_tops
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	secondary_main
7:	wfe
	b	7b

/* early_map: fill the boot tables (MMU off, physical addresses).
 * TTBR0: identity 1 GiB blocks for the low GiB (device: early UART), the GiB
 * holding the image and the GiB holding the DTB.  TTBR1: KERNEL_VBASE ->
 * load address in 2 MiB blocks over the whole image. */
early_map:
	adrp	x0, early_l0_lo
	adrp	x1, early_l1_lo
	orr	x2, x1, #(PTE_VALID | PTE_TABLE)
	str	x2, [x0]			/* L0[0]: PA < 512 GiB assumed */

	ldr	x3, =EARLY_BLOCK_DEVICE
	str	x3, [x1]			/* 0..1 GiB: devices */

	ldr	x3, =EARLY_BLOCK_NORMAL
	lsr	x4, x21, #30
	lsl	x5, x4, #30
	orr	x5, x5, x3
	str	x5, [x1, x4, lsl #3]		/* GiB of the kernel */
	lsr	x4, x19, #30
	lsl	x5, x4, #30
	orr	x5, x5, x3
	str	x5, [x1, x4, lsl #3]		/* GiB of the DTB */

	adrp	x0, early_l0_hi
	adrp	x1, early_l1_hi
	orr	x2, x1, #(PTE_VALID | PTE_TABLE)
	str	x2, [x0, #(511 * 8)]		/* KERNEL_VBASE: L0 index 511 */
	adrp	x6, early_l2_hi
	orr	x2, x6, #(PTE_VALID | PTE_TABLE)
	str	x2, [x1]			/* L1 index 0 */

	ldr	x7, =(__image_size + 0x1fffff)
	lsr	x7, x7, #21			/* 2 MiB blocks to map */
	mov	x8, x21
6:	orr	x5, x8, x3
	str	x5, [x6], #8
	add	x8, x8, #0x200000
	subs	x7, x7, #1
	b.ne	6b
	ret

/* early_mmu_on(x0 = TTBR1 table): MAIR, TCR, the boot identity map in
 * TTBR0, x0 in TTBR1, caches and MMU on.  Shared by every CPU's boot. */
early_mmu_on:
	ldr	x1, =MAIR_VALUE
	msr	mair_el1, x1
	ldr	x1, =TCR_VALUE
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #0x7			/* PARange -> TCR.IPS */
	bfi	x1, x2, #32, #3
	msr	tcr_el1, x1
	adrp	x1, early_l0_lo
	msr	ttbr0_el1, x1
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x1, =SCTLR_BOOT
	msr	sctlr_el1, x1
	isb
	ret

	.section .bss
	.balign	4096
early_l0_lo:	.space	4096
early_l1_lo:	.space	4096
	.globl	early_l0_hi
early_l0_hi:	.space	4096
early_l1_hi:	.space	4096
early_l2_hi:	.space	4096
	.balign	16
	.globl	boot_stack_top
boot_stack:	.space	16384
boot_stack_top:
