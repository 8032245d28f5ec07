/* SH_E* -> errno: the one table.  The sh_* calls return -SH_E*; the POSIX
 * calls (posix.c, posix_file.c, dir.c) and sbrk set errno from it.
 * Portable (host-tested in tests/unit/libc against the host's errno
 * names). */
#include <errno.h>

#include <shale/errors.h>

int sh_errno(long err);

static const unsigned char errno_of[SH_ECOUNT] = {
	[SH_EINVAL] = EINVAL,
	[SH_EBADH] = EBADF,
	[SH_EPERM] = EPERM,
	[SH_ENOENT] = ENOENT,
	[SH_ENOMEM] = ENOMEM,
	[SH_EFAULT] = EFAULT,
	[SH_EDEAD] = EPIPE,
	[SH_ENOSYS] = ENOSYS,
	[SH_EEXIST] = EEXIST,
	[SH_EBUSY] = EBUSY,
	[SH_EAGAIN] = EAGAIN,
	[SH_ETIMEDOUT] = ETIMEDOUT,
	[SH_E2BIG] = E2BIG,
	[SH_ENOTDIR] = ENOTDIR,
	[SH_EISDIR] = EISDIR,
	[SH_ENOSPC] = ENOSPC,
	[SH_EIO] = EIO,
	[SH_EBADMSG] = EBADMSG,
	[SH_ENOTEMPTY] = ENOTEMPTY,
	[SH_EQUOTA] = EDQUOT,
	[SH_EINTR] = EINTR,
	[SH_ERANGE] = ERANGE,
	[SH_ENOEXEC] = ENOEXEC,
	[SH_ENAMETOOLONG] = ENAMETOOLONG,
	[SH_ENOTSUP] = ENOTSUP,
	[SH_ECONNRESET] = ECONNRESET,
	[SH_ECONNREFUSED] = ECONNREFUSED,
};

int sh_errno(long err)
{
	if (err < 0)
		err = -err;
	if (err == 0)
		return 0;
	if (err >= SH_ECOUNT || !errno_of[err])
		return EIO;
	return errno_of[err];
}
