/* _exit, under picolibc's exit() (which runs atexit handlers and
 * destructors first).  The exit system call ends only the calling thread,
 * so _exit first stops the other threads libc started, making exit() end
 * the process as C says.  If threads libc does not know remain (made with
 * raw thread_create, or stopped by a fault), the process would outlive
 * exit(); it is killed instead, which loses the exit code (its supervisor
 * sees SH_EXIT_KILLED) until the ABI has a call that ends a process with
 * a code. */
#include <unistd.h>

#include <shale.h>
#include "libc_internal.h"

void _exit(int code)
{
	struct sh_stat_self me = {0};

	libc_console_flush();
	libc_threads_kill_others();
	if (sh_stat(SH_STAT_SELF, &me) == 0 && me.threads > 1)
		sh_proc_kill(sh_self());
	for (;;)
		sh_sys_exit(code);
}
