/* stdin, stdout and stderr for picolibc's tiny stdio.  Output goes to the
 * kernel console through debug_write one whole line at a time, from a
 * per-thread buffer: one system call per line rather than per character,
 * and lines of different threads and processes never mix mid-line.  There
 * is no console input for user programs yet: stdin is always at EOF. */
#include <stdio.h>

#include <shale.h>
#include "libc_internal.h"

#define LINE_BYTES 256

static __thread char line[LINE_BYTES];
static __thread unsigned used;

void libc_console_flush(void)
{
	if (used) {
		sh_debug_write(line, used);
		used = 0;
	}
}

static int console_put(char c, FILE *f)
{
	(void)f;
	line[used++] = c;
	if (c == '\n' || used == LINE_BYTES)
		libc_console_flush();
	return (unsigned char)c;
}

static int console_flush(FILE *f)
{
	(void)f;
	libc_console_flush();
	return 0;
}

static int console_get(FILE *f)
{
	(void)f;
	return _FDEV_EOF;
}

static FILE console_out = FDEV_SETUP_STREAM(console_put, NULL, console_flush,
					    _FDEV_SETUP_WRITE);
static FILE console_in = FDEV_SETUP_STREAM(NULL, console_get, NULL,
					   _FDEV_SETUP_READ);

FILE *const stdin = &console_in;
FILE *const stdout = &console_out;
FILE *const stderr = &console_out;
