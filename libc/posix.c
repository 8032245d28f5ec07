/* The POSIX calls over Shale's system calls that are not about files:
 * the console's fds (0, 1, 2), processes and sleeping.  read and write
 * on fds 3 and up go to files (file.c); errno comes from errno_map.c. */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <shale.h>
#include <shale/file.h>
#include "libc_internal.h"

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

	if (fd >= (int)SH_FD_FIRST)
		return posix_ret(sh_file_write(fd, buf, n));
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
	if (fd >= (int)SH_FD_FIRST)
		return posix_ret(sh_file_read(fd, buf, n));
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
