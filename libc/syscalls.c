/* The system call stubs, one per line of syscall.def, made by the
 * preprocessor so the list exists once.  Each stub passes six registers
 * whatever its argument count: the kernel reads only the ones it needs,
 * and a fixed shape keeps this file to one asm statement. */
#include <shale.h>

/* svc #0 with the number in x8 and arguments in x0..x5; result in x0. */
long sh_syscall(long num, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long x8 __asm__("x8") = num;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;

	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 : "r"(x8)
			 : "memory", "cc");
	return x0;
}

#define SH_PARAMS_0 void
#define SH_PARAMS_1 long a0
#define SH_PARAMS_2 long a0, long a1
#define SH_PARAMS_3 long a0, long a1, long a2
#define SH_PARAMS_4 long a0, long a1, long a2, long a3
#define SH_PARAMS_5 long a0, long a1, long a2, long a3, long a4
#define SH_PASS_0 0, 0, 0, 0, 0, 0
#define SH_PASS_1 a0, 0, 0, 0, 0, 0
#define SH_PASS_2 a0, a1, 0, 0, 0, 0
#define SH_PASS_3 a0, a1, a2, 0, 0, 0
#define SH_PASS_4 a0, a1, a2, a3, 0, 0
#define SH_PASS_5 a0, a1, a2, a3, a4, 0

#define SYSCALL(num, name, nargs) \
	long sh_sys_##name(SH_PARAMS_##nargs) \
	{ return sh_syscall(num, SH_PASS_##nargs); }
#include <shale/syscall.def>
#undef SYSCALL

static const signed char nargs_of[SYS_COUNT] = {
#define SYSCALL(num, name, nargs) [num] = nargs + 1,
#include <shale/syscall.def>
#undef SYSCALL
};

static const char *const names[SYS_COUNT] = {
#define SYSCALL(num, name, nargs) [num] = #name,
#include <shale/syscall.def>
#undef SYSCALL
};

int sh_syscall_nargs(long num)
{
	if (num < 0 || num >= SYS_COUNT || !nargs_of[num])
		return -1;
	return nargs_of[num] - 1;
}

const char *sh_syscall_name(long num)
{
	if (num < 0 || num >= SYS_COUNT)
		return NULL;
	return names[num];
}
