/* Private interfaces between libc's files. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

#include <stddef.h>
#include <shale/syscall.h>

/* Bytes a thread's TLS block needs, alignment slack included. */
size_t libc_tls_block_size(void);
/* Lays out a TLS block inside mem (libc_tls_block_size bytes) and returns
 * it, without installing it. */
void *libc_tls_init(void *mem);
/* libc_tls_init, then installs the block for the calling thread. */
void *libc_tls_setup(void *mem);

/* Writes out the calling thread's pending console line. */
void libc_console_flush(void);

/* Kills every thread libc started except the caller (exit uses it so that
 * exit ends the process, not just the calling thread). */
void libc_threads_kill_others(void);

/* A small lock for libc's own state: spins on an atomic flag and yields
 * the CPU while another thread holds it. */
void libc_lock(volatile int *l);
void libc_unlock(volatile int *l);

/* Resolves path (full, relative to the cwd, or from the cwd scheme's
 * root) in the namespace: *ep gets the strate's endpoint, out (room
 * SH_PATH_MAX + 1) the path the strate sees.  Returns 0 or -SH_E*. */
int libc_path_lookup(const char *path, sh_handle_t *ep, char *out);

#endif
