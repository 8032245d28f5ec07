/* Invariant checks.  kassert(cond) panics naming the broken invariant when
 * cond is false; the list of invariants is bedrock/INVARIANTS.md.  On in
 * every build the tests run (BEDROCK_ASSERT=1, set in meson.build); the
 * cost is a compare and a branch at each checked point. */
#ifndef BEDROCK_KASSERT_H
#define BEDROCK_KASSERT_H

#include "panic.h"

#ifndef BEDROCK_ASSERT
#define BEDROCK_ASSERT 1
#endif

#if BEDROCK_ASSERT
#define kassert(cond) \
	((cond) ? (void)0 : panic("invariant broken: %s", #cond))
#define kassert_msg(cond, ...) \
	((cond) ? (void)0 : panic(__VA_ARGS__))
#else
#define kassert(cond) ((void)0)
#define kassert_msg(cond, ...) ((void)0)
#endif

#endif
