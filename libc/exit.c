/* _exit, under picolibc's exit() (which runs atexit handlers and
 * destructors first): proc_exit ends every thread of the process with the
 * code, as C's exit() says.  On a kernel without proc_exit (ENOSYS), the
 * fallback stops libc's own threads and ends this one with the exit call,
 * which ends the process only when it is the last thread. */
#include <unistd.h>

#include <shale.h>
#include "libc_internal.h"

void _exit(int code)
{
	libc_console_flush();
	sh_sys_proc_exit(code);
	libc_threads_kill_others();
	for (;;)
		sh_sys_exit(code);
}
