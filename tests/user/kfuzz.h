/* kfuzz's parts: kfuzz.c (the exerciser) and kfuzz_chaos.c (silo
 * suspend/resume/kill while it runs). */
#ifndef TESTS_USER_KFUZZ_H
#define TESTS_USER_KFUZZ_H

#include <stdint.h>

#include <shale.h>

/* Starts the chaos thread over silo (the fuzzing child's), its choices
 * from seed.  Returns its thread handle or -SH_E*. */
long kfuzz_chaos_start(sh_handle_t silo, uint64_t seed);

/* Stops it, waits for it, prints "kfuzz: chaos ..." with its counts. */
void kfuzz_chaos_stop(long h);

#endif
