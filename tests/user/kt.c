/* The test harness (kt.h).  Lines go out whole through stdio's per-thread
 * line buffer, so checks from several threads never interleave. */
#include <stdio.h>

#include "kt.h"

static const char *prefix = "kt";
static int passed, failed;
static volatile int lock;

static void kt_lock(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		sh_yield();
}

static void kt_unlock(void)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

void kt_begin(const char *p)
{
	prefix = p;
	printf("%s: start\n", prefix);
}

int kt_check(const char *name, int cond, const char *why, ...)
{
	va_list ap;

	kt_lock();
	if (cond) {
		passed++;
		printf("%s: ok %s\n", prefix, name);
	} else {
		failed++;
		printf("%s: FAIL %s: ", prefix, name);
		va_start(ap, why);
		vprintf(why, ap);
		va_end(ap);
		putchar('\n');
	}
	kt_unlock();
	return cond;
}

static const char *const names[SH_ECOUNT] = {
#define X(name, num, msg) [num] = "SH_" #name,
#include <shale/errors.def>
#undef X
};

const char *kt_errname(long r)
{
	if (r >= 0)
		return "-";
	r = -r;
	if (r >= SH_ECOUNT || !names[r])
		return "unknown";
	return names[r];
}

int kt_eq(const char *name, long got, long want)
{
	return kt_check(name, got == want, "got %ld (%s), want %ld", got,
			kt_errname(got), want);
}

int kt_err(const char *name, long got, int err)
{
	return kt_check(name, got == -err, "got %ld (%s), want -%s", got,
			kt_errname(got), kt_errname(-err));
}

int kt_ok(const char *name, long got)
{
	return kt_check(name, got >= 0, "failed with %ld (%s)", got,
			kt_errname(got));
}

void kt_note(const char *fmt, ...)
{
	va_list ap;

	kt_lock();
	printf("%s: note ", prefix);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	kt_unlock();
}

int kt_failed(void)
{
	return failed;
}

int kt_end(void)
{
	printf("%s: %d passed, %d failed\n", prefix, passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}

struct sh_stat_self kt_self(void)
{
	struct sh_stat_self s = {0};

	sh_stat(SH_STAT_SELF, &s);
	return s;
}

uintptr_t kt_last_stack_lo;

long kt_raw_thread(void (*entry)(long), long arg, uint32_t prio, int start)
{
	long f, t, err;
	uint8_t *stack;

	uintptr_t va = sh_va_reserve(5 * SH_PAGE_SIZE);

	if (!va)
		return -SH_ENOMEM;
	f = sh_frame_create(4, 0);
	if (f < 0)
		return f;
	/* The lowest page stays unmapped: the guard. */
	err = sh_vm_map(sh_self(), (sh_handle_t)f, va + SH_PAGE_SIZE,
			SH_VM_READ | SH_VM_WRITE, 0);
	sh_cap_close((sh_handle_t)f);
	if (err < 0)
		return err;
	stack = (uint8_t *)(va + SH_PAGE_SIZE);
	kt_last_stack_lo = (uintptr_t)stack;
	t = sh_thread_create(sh_self(), (uintptr_t)entry,
			     (uintptr_t)(stack + 4 * SH_PAGE_SIZE), (uintptr_t)arg, prio);
	if (t >= 0 && start) {
		err = sh_thread_start((sh_handle_t)t);
		if (err < 0) {
			sh_cap_close((sh_handle_t)t);
			return err;
		}
	}
	return t;
}
