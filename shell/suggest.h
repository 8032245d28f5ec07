/* "Did you mean": the known name nearest to a mistyped one.  Portable. */
#ifndef FLINT_SUGGEST_H
#define FLINT_SUGGEST_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions, and swaps of two
 * neighbours) between a and b, computed on at most SUGGEST_LEN bytes of
 * each; longer words count as SUGGEST_LEN + 1 apart from everything. */
#define SUGGEST_LEN 32
unsigned suggest_distance(const char *a, const char *b);

/* Returns the name of names[0..n) nearest to word, or NULL when none is
 * within reach (distance at most 1 for words up to 4 bytes, else 2, or
 * the word is the start of exactly one name). */
const char *suggest_nearest(const char *word, const char *const *names,
			    size_t n);

#endif
