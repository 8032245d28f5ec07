/* Optimal string alignment distance over three rolling rows: no
 * allocation, and inputs are cut at SUGGEST_LEN so garbage of any length
 * costs the same. */
#include <string.h>

#include "suggest.h"

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

unsigned suggest_distance(const char *a, const char *b)
{
	unsigned rows[3][SUGGEST_LEN + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > SUGGEST_LEN || lb > SUGGEST_LEN)
		return SUGGEST_LEN + 1;
	for (size_t j = 0; j <= lb; j++)
		rows[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned *cur = rows[i % 3], *prev = rows[(i - 1) % 3];
		unsigned *prev2 = rows[(i + 1) % 3];

		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
				      prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
	}
	return rows[la % 3][lb];
}

const char *suggest_nearest(const char *word, const char *const *names,
			    size_t n)
{
	size_t wl = strlen(word);
	unsigned best = SUGGEST_LEN + 1, reach = wl <= 4 ? 1 : 2;
	const char *pick = NULL, *prefixed = NULL;
	int nprefixed = 0;

	if (wl == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned d = suggest_distance(word, names[i]);

		if (d < best) {
			best = d;
			pick = names[i];
		}
		if (strncmp(names[i], word, wl) == 0) {
			prefixed = names[i];
			nprefixed++;
		}
	}
	if (pick && best <= reach)
		return pick;
	return nprefixed == 1 ? prefixed : NULL;
}
