/* Process entry.  The kernel starts the first thread at _start with x0
 * pointing at the process's struct sh_start and sp at the top of a stack it
 * mapped (16-byte aligned, guard page below).  Zero the frame pointer and
 * link register so backtraces end here, then go to C; __shale_start never
 * returns. */
	.section .text.init.enter, "ax"
	.global _start
	.type _start, %function
_start:
	mov	x29, #0
	mov	x30, #0
	bl	__shale_start
1:	b	1b			/* not reached: __shale_start calls exit */
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
