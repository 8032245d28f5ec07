/* The few POSIX-style calls libc offers over Shale's system calls, and the
 * SH_E* -> errno mapping they (and sbrk) use.  File descriptors 1 and 2 are
 * the console; there are no others until files arrive with schemes. */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <shale.h>
#include "libc_internal.h"

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

/* Sets errno from r when it is an error; returns -1 then, else r. */
static long posix_ret(long r)
{
	if (r >= 0)
		return r;
	errno = sh_errno(r);
	return -1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;

	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	/* Whatever printf left in the line buffer goes first. */
	libc_console_flush();
	while (done < n) {
		size_t chunk = n - done > 4096 ? 4096 : n - done;
		long r = sh_debug_write(p + done, chunk);

		if (r < 0)
			return done ? (ssize_t)done : posix_ret(r);
		done += (size_t)r;
	}
	return (ssize_t)done;
}

ssize_t read(int fd, void *buf, size_t n)
{
	(void)buf;
	(void)n;
	errno = fd == 0 ? ENOSYS : EBADF;
	return -1;
}

pid_t getpid(void)
{
	return (pid_t)sh_start_info()->pid;
}

int usleep(useconds_t us)
{
	return (int)posix_ret(sh_sleep((uint64_t)us * 1000));
}

unsigned sleep(unsigned s)
{
	posix_ret(sh_sleep((uint64_t)s * 1000000000));
	return 0;
}

/* Signals do not exist; kill() on oneself ends the process the way a
 * fatal signal would (abort() gets here through raise()).  Weak, so that
 * programs that defined their own before libc had one still link. */
__attribute__((weak)) int kill(pid_t pid, int sig)
{
	if (pid == 0 || pid == getpid())
		_exit(128 + sig);
	errno = ENOSYS;
	return -1;
}
