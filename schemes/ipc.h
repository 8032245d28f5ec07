/* INTERNAL, TEMPORARY.  The libc system call wrappers the scheme library
 * calls.  libc/include/shale.h is to declare them; until it exists they
 * are declared here with the shapes expected from it (syscall.h's
 * contracts, results as int64_t: >= 0 or -SH_E*).  Host unit tests define
 * them with a fake IPC layer. */
#ifndef SCHEMES_IPC_H
#define SCHEMES_IPC_H

#include <stdint.h>
#include <shale/syscall.h>

#if defined(__has_include)
#if __has_include(<shale.h>)
#include <shale.h>
#define SCHEMES_HAVE_LIBC 1
#endif
#endif

#ifndef SCHEMES_HAVE_LIBC
int64_t sh_ipc_call(sh_handle_t ep, struct sh_msg *msg);
int64_t sh_ipc_recv(sh_handle_t ep, struct sh_msg *msg);
int64_t sh_ipc_reply(uint64_t rcvid, struct sh_msg *msg);
int64_t sh_ipc_reply_recv(sh_handle_t ep, uint64_t rcvid,
			  struct sh_msg *reply, struct sh_msg *msg);
int64_t sh_cap_close(sh_handle_t h);
#endif

#endif
