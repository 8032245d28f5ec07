/* The kernel census (census.c): counts of what is in use, and the leak
 * check made once init has ended. */
#ifndef BEDROCK_CENSUS_H
#define BEDROCK_CENSUS_H

#include <stdint.h>

struct census {
	uint64_t objects;	/* live kernel objects */
	uint64_t handles;	/* open handles, all tables */
	uint64_t used_pages;	/* neither free nor the heap's */
	uint64_t heap_pages;
	uint64_t quota_pages;	/* charged to the root silo */
	uint64_t quota_kmem;
	uint64_t procs, threads;
};

/* Fills c with the counts now. */
void census_take(struct census *c);

/* Records the counts the leak check compares with (just before init). */
void census_baseline(void);

/* Init's process object was destroyed: check at the next quiet moment. */
void census_init_gone(void);

/* Called on each trap with the kernel lock held: prints the one census
 * line once init is gone and no CPU still holds a dead thread. */
void census_poll(void);

#endif
