/* The kernel census: how many objects, handles and pages are in use, and
 * the leak check made when init ends.  The counts just before init starts
 * are the baseline; once init's process object is gone and every CPU has
 * released its dead threads, everything user space made must be back, so
 * the counts must equal the baseline.  One line reports it for the tests
 * (tests/user/test_kernel.py fails a test whose line says LEAK). */
#include "census.h"

#include "heap.h"
#include "kobj.h"
#include "log.h"
#include "object.h"
#include "pmm.h"
#include "proc.h"
#include "silo.h"
#include "thread.h"

static struct census baseline;
static int pending;	/* init's process is gone; report when quiet */

void census_take(struct census *c)
{
	struct quota_usage u;

	c->objects = kobj_live();
	c->handles = cap_live_total();
	c->heap_pages = heap_pages();
	c->used_pages = pmm_total_pages() - pmm_free_pages() - c->heap_pages;
	quota_read(&silo_root()->quota, QUOTA_PAGES, &u);
	c->quota_pages = u.used;
	quota_read(&silo_root()->quota, QUOTA_KMEM, &u);
	c->quota_kmem = u.used;
	c->procs = proc_count();
	c->threads = thread_count();
}

void census_baseline(void)
{
	census_take(&baseline);
}

void census_init_gone(void)
{
	pending = 1;
}

void census_poll(void)
{
	struct census now;
	int i, leak;

	if (!pending)
		return;
	for (i = 0; i < MAX_CPUS; i++)
		if (cpus[i].online && cpus[i].reap)
			return;		/* a dead thread still holds its stack */
	pending = 0;
	census_take(&now);
	leak = now.objects != baseline.objects || now.handles != baseline.handles ||
	       now.used_pages != baseline.used_pages || now.quota_pages != baseline.quota_pages ||
	       now.quota_kmem != baseline.quota_kmem || now.procs || now.threads ||
	       silo_root()->quota.bad_releases;
	kprintf("bedrock: census after init: %s: objects %lu/%lu handles %lu/%lu "
		"pages %lu/%lu charged %lu/%lu kmem %lu/%lu procs %lu threads %lu "
		"bad_releases %lu\n",
		leak ? "LEAK" : "clean",
		(unsigned long)now.objects, (unsigned long)baseline.objects,
		(unsigned long)now.handles, (unsigned long)baseline.handles,
		(unsigned long)now.used_pages, (unsigned long)baseline.used_pages,
		(unsigned long)now.quota_pages, (unsigned long)baseline.quota_pages,
		(unsigned long)now.quota_kmem, (unsigned long)baseline.quota_kmem,
		(unsigned long)now.procs, (unsigned long)now.threads,
		(unsigned long)silo_root()->quota.bad_releases);
}
