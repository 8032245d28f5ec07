/* A ring of fixed-size lines: no allocation, so a flood of input can
 * never grow the shell. */
#include <string.h>

#include "history.h"

void history_init(struct history *h)
{
	memset(h, 0, sizeof(*h));
}

void history_add(struct history *h, const char *line, size_t len)
{
	size_t k = 0;
	const char *newest;

	while (k < len && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (k == len)
		return;
	if (len >= HISTORY_LINE)
		len = HISTORY_LINE - 1;
	newest = history_get(h, 0);
	if (newest && strlen(newest) == len && memcmp(newest, line, len) == 0)
		return;
	memcpy(h->lines[h->head], line, len);
	h->lines[h->head][len] = '\0';
	h->head = (h->head + 1) % HISTORY_MAX;
	if (h->count < HISTORY_MAX)
		h->count++;
}

const char *history_get(const struct history *h, unsigned i)
{
	if (i >= h->count)
		return NULL;
	return h->lines[(h->head + HISTORY_MAX - 1 - i) % HISTORY_MAX];
}
