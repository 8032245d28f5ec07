/* The terminal flint talks to: cons:/ in raw mode.  Output is buffered
 * and goes out in one WRITE per flush; input is read a chunk at a time,
 * and bytes read while polling for ^C during a command are kept for the
 * line editor. */
#ifndef FLINT_TERM_H
#define FLINT_TERM_H

#include <stddef.h>

/* Opens the console path ("cons:/") and its scheme's /ctl and puts the
 * console in raw mode, retrying for a while if consd is not up yet.
 * Returns 0 or -SH_E*. */
int term_open(const char *path);

/* Opens the console again (consd restarted: the old fids are dead),
 * dropping pending input and output.  Returns 0 or -SH_E*. */
int term_reopen(void);

/* Queues n bytes for the terminal; flushes when the buffer fills. */
void term_write(const char *s, size_t n);

/* Sends what is queued. */
void term_flush(void);

/* Waits for input (flushing output first) and returns the next byte, or
 * -SH_E* when the console is gone. */
int term_getc(void);

/* Returns the next byte if one arrives within ms milliseconds, else
 * -SH_ETIMEDOUT (or another -SH_E*).  Bytes are consumed. */
int term_getc_timeout(unsigned ms);

/* Returns 1 if ^C was typed since the last call (reading, without
 * waiting, whatever input is there; other bytes are kept for later),
 * else 0.  Commands that loop call it to stop early. */
int term_interrupted(void);

/* Back to cooked mode, for a clean hand-over when flint exits. */
void term_close(void);

#endif
