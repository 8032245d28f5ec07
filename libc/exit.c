/* _exit, under picolibc's exit() (which runs atexit handlers and
 * destructors first).  The exit system call ends only the calling thread,
 * so _exit first stops the other threads libc started, making exit() end
 * the process as C says.  Threads made with raw thread_create are the
 * caller's to stop. */
#include <unistd.h>

#include <shale.h>
#include "libc_internal.h"

void _exit(int code)
{
	libc_console_flush();
	libc_threads_kill_others();
	for (;;)
		sh_sys_exit(code);
}
