/* Private interfaces between libc's files. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

#include <stddef.h>

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

#endif
