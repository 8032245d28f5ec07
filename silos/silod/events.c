/* The event feed: a ring of the last SILOD_EVENT_RING happenings (starts,
 * exits, faults, restarts, give-ups) that control clients poll or wait on
 * with SILO_CTL_EVENTS, and silod's log lines. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "silod.h"

#define SILOD_EVENT_RING 64u

static struct silo_event ring[SILOD_EVENT_RING];
static uint64_t next_seq = 1;

void silod_log(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n = snprintf(line, sizeof(line), "silod: ");

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line, so lines of other programs never cut it. */
	sh_debug_write(line, strlen(line));
}

void event_post(struct silo_rec *r, uint32_t kind, uint64_t pid,
		uint32_t reason, int32_t code, uint64_t addr)
{
	struct silo_event *e = &ring[next_seq % SILOD_EVENT_RING];

	memset(e, 0, sizeof(*e));
	e->seq = next_seq++;
	e->time_ns = (uint64_t)sh_clock();
	e->pid = pid;
	e->addr = addr;
	e->kind = kind;
	e->reason = reason;
	e->code = code;
	if (r)
		snprintf(e->silo, sizeof(e->silo), "%s", r->m.name);
	ctl_events_changed();
}

uint32_t event_copy(uint64_t from, struct silo_event *out, uint32_t n)
{
	uint64_t first = next_seq > SILOD_EVENT_RING ?
			 next_seq - SILOD_EVENT_RING : 1;
	uint32_t k = 0;

	if (from < first)
		from = first;
	for (uint64_t s = from; s < next_seq && k < n; s++)
		out[k++] = ring[s % SILOD_EVENT_RING];
	return k;
}
