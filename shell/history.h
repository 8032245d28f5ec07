/* flint's command history: the last HISTORY_MAX lines typed, newest
 * first.  Portable; the caller owns the struct. */
#ifndef FLINT_HISTORY_H
#define FLINT_HISTORY_H

#include <stddef.h>

#define HISTORY_MAX	64
#define HISTORY_LINE	512	/* longer lines are kept cut to this */

struct history {
	char lines[HISTORY_MAX][HISTORY_LINE];
	unsigned head;		/* slot the next line goes into */
	unsigned count;		/* lines held, <= HISTORY_MAX */
};

void history_init(struct history *h);

/* Adds len bytes of line unless it is blank or the same as the newest;
 * the oldest line goes when the history is full. */
void history_add(struct history *h, const char *line, size_t len);

/* Returns line i (0: the newest), or NULL when i >= the count. */
const char *history_get(const struct history *h, unsigned i);

#endif
