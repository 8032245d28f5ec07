/* libc: SH_E* -> errno, the one table (libc/errno_map.c), against the
 * host's errno names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <shale/errors.h>

int sh_errno(long err);

static void test_each_code(void **st)
{
	static const struct { int sh, e; } want[] = {
		{ SH_EINVAL, EINVAL }, { SH_EBADH, EBADF }, { SH_EPERM, EPERM },
		{ SH_ENOENT, ENOENT }, { SH_ENOMEM, ENOMEM },
		{ SH_EFAULT, EFAULT }, { SH_EDEAD, EPIPE },
		{ SH_ENOSYS, ENOSYS }, { SH_EEXIST, EEXIST },
		{ SH_EBUSY, EBUSY }, { SH_EAGAIN, EAGAIN },
		{ SH_ETIMEDOUT, ETIMEDOUT }, { SH_E2BIG, E2BIG },
		{ SH_ENOTDIR, ENOTDIR }, { SH_EISDIR, EISDIR },
		{ SH_ENOSPC, ENOSPC }, { SH_EIO, EIO },
		{ SH_EBADMSG, EBADMSG }, { SH_ENOTEMPTY, ENOTEMPTY },
		{ SH_EQUOTA, EDQUOT }, { SH_EINTR, EINTR },
		{ SH_ERANGE, ERANGE }, { SH_ENOEXEC, ENOEXEC },
		{ SH_ENAMETOOLONG, ENAMETOOLONG }, { SH_ENOTSUP, ENOTSUP },
	};
	(void)st;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(sh_errno(-want[i].sh), want[i].e);
		assert_int_equal(sh_errno(want[i].sh), want[i].e);
	}
}

/* Every code errors.def defines has an errno of its own (a new code
 * without a line in the table would silently read as EIO). */
static void test_table_is_complete(void **st)
{
	(void)st;
	for (int c = 1; c < SH_ECOUNT; c++)
		assert_true(sh_errno(-c) != EIO || c == SH_EIO);
}

static void test_edges(void **st)
{
	(void)st;
	assert_int_equal(sh_errno(0), 0);
	assert_int_equal(sh_errno(-SH_ECOUNT), EIO);
	assert_int_equal(sh_errno(-100000), EIO);
	assert_int_equal(sh_errno(-2147483647L - 1), EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_code),
		cmocka_unit_test(test_table_is_complete),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
