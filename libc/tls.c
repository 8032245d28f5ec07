/* Thread-local storage for each thread: picolibc (errno) and libc (the
 * console line buffer) use the local-exec model, so each thread needs a
 * block laid out like the PT_TLS template, with tpidr_el0 pointing 16 bytes
 * (or the TLS alignment) below it; picolibc's _set_tls does that part. */
#include <picolibc.h>
#include <picotls.h>
#include <stdint.h>

#include "libc_internal.h"

static size_t tls_align(void)
{
	return _tls_align() < 16 ? 16 : _tls_align();
}

size_t libc_tls_block_size(void)
{
	return _tls_size() + tls_align();
}

void *libc_tls_init(void *mem)
{
	uintptr_t a = tls_align();
	void *tls = (void *)(((uintptr_t)mem + a - 1) & ~(a - 1));

	_init_tls(tls);
	return tls;
}

void *libc_tls_setup(void *mem)
{
	void *tls = libc_tls_init(mem);

	_set_tls(tls);
	return tls;
}
