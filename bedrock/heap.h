/* Kernel heap: small objects on behalf of the kernel and of processes.
 * Portable interface; the kernel implements it in heap.c over the page
 * allocator, host unit tests supply their own (tests/unit). */
#ifndef BEDROCK_HEAP_H
#define BEDROCK_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Returns n bytes aligned to 16, zeroed, or NULL when memory is exhausted. */
void *kmalloc(size_t n);

/* Frees memory from kmalloc; NULL is ignored. */
void kfree(void *p);

/* Pages the heap holds now (kept small-object pages and large blocks). */
uint64_t heap_pages(void);

#endif
