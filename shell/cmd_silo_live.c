/* The live views: silo events (silod's event ring, followed until ^C) and
 * silo top (silos by CPU and memory, redrawn each second until q). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/errors.h>

#include "cmds.h"
#include "silo_cmds.h"
#include "term.h"

static const char *event_name(uint32_t kind)
{
	switch (kind) {
	case SILO_EV_START: return "start";
	case SILO_EV_EXIT: return "exit";
	case SILO_EV_FAULT: return "fault";
	case SILO_EV_RESTART: return "restart";
	case SILO_EV_GIVEUP: return "gave up";
	case SILO_EV_STOPPED: return "stopped";
	case SILO_EV_NOPROG: return "no program";
	default: return "?";
	}
}

static const char *fault_name(uint32_t reason)
{
	switch (reason) {
	case SH_FAULT_DATA: return "data abort";
	case SH_FAULT_INSN: return "instruction abort";
	case SH_FAULT_UNDEF: return "undefined instruction";
	case SH_FAULT_ALIGN: return "misaligned pc or sp";
	default: return "fault";
	}
}

static const char *exit_name(uint32_t reason)
{
	switch (reason) {
	case SH_EXIT_NORMAL: return "exited";
	case SH_EXIT_KILLED: return "killed";
	case SH_EXIT_FAULT: return "faulted";
	default: return "ended";
	}
}

static void event_print(struct io *io, const struct silo_event *e)
{
	char silo[SILO_NAME_MAX + 1];

	memcpy(silo, e->silo, SILO_NAME_MAX);
	silo[SILO_NAME_MAX] = '\0';
	out_printf(io->out, "[%6" PRIu64 ".%03" PRIu64 "] %-12s %-10s", e->time_ns
		   / 1000000000u, e->time_ns / 1000000u % 1000u, silo,
		   event_name(e->kind));
	if (e->pid)
		out_printf(io->out, " pid %" PRIu64, e->pid);
	if (e->kind == SILO_EV_FAULT)
		out_printf(io->out, " %s at 0x%" PRIx64, fault_name(e->reason),
			   e->addr);
	else if (e->kind == SILO_EV_EXIT)
		out_printf(io->out, " %s, code %d", exit_name(e->reason),
			   e->code);
	out_puts(io->out, "\n");
}

int silo_events(int argc, char **argv, struct io *io)
{
	static struct silo_event ev[SILO_EVENTS_MAX];
	uint64_t cursor = 0;

	(void)argc;
	(void)argv;
	for (;;) {
		uint32_t len;
		int64_t n = silo_call(io, "silo events", SILO_CTL_EVENTS, NULL,
				      cursor, 200, NULL, ev, sizeof(ev), &len);

		if (n < 0)
			return STATUS_FAIL;
		if ((uint64_t)n * sizeof(ev[0]) > len || n > SILO_EVENTS_MAX)
			return flint_fail(io, "silo events", "silod's reply",
					  -SH_EBADMSG);
		for (int64_t i = 0; i < n; i++) {
			event_print(io, &ev[i]);
			cursor = ev[i].seq + 1;
		}
		if (io->out->kind != OUT_TERM && n == 0)
			return 0;	/* into a file or pipe: what there is */
		if (flint_interrupted(io))
			return STATUS_INTR;
	}
}

/* CPU ms per kernel silo id (silo_info.kid) from sys:/procs ("pid silo threads cpu_ms name"). */
struct cpu_use {
	uint64_t id, ms;
};

static int read_cpu(struct cpu_use *use, int max)
{
	char *data, *line;
	size_t len;
	int n = 0;

	if (file_slurp("sys:/procs", &data, &len) < 0)
		return 0;
	line = data;
	while (line < data + len) {
		char *nl = memchr(line, '\n', (size_t)(data + len - line));
		unsigned long long pid, silo, ms;
		unsigned threads;

		if (nl)
			*nl = '\0';
		if (sscanf(line, "%llu %llu %u %llu", &pid, &silo, &threads,
			   &ms) == 4) {
			int k;

			for (k = 0; k < n && use[k].id != silo; k++)
				;
			if (k == n && n < max)
				use[n++] = (struct cpu_use){ silo, 0 };
			if (k < max)
				use[k].ms += ms;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	free(data);
	return n;
}

static uint64_t cpu_of(const struct cpu_use *u, int n, uint64_t id)
{
	for (int i = 0; i < n; i++)
		if (u[i].id == id)
			return u[i].ms;
	return 0;
}

struct top_row {
	const struct silo_info *s;
	uint64_t cpu_ms;	/* over the last interval */
};

static int row_cmp(const void *a, const void *b)
{
	const struct top_row *x = a, *y = b;

	if (x->cpu_ms != y->cpu_ms)
		return x->cpu_ms < y->cpu_ms ? 1 : -1;
	if (x->s->used[SH_QUOTA_PAGES] != y->s->used[SH_QUOTA_PAGES])
		return x->s->used[SH_QUOTA_PAGES] < y->s->used[SH_QUOTA_PAGES]
		       ? 1 : -1;
	return strcmp(x->s->name, y->s->name);
}

int silo_top(int argc, char **argv, struct io *io)
{
	static struct silo_info list[SILO_LIST_MAX];
	static struct top_row rows[SILO_LIST_MAX];
	static struct cpu_use before[SILO_LIST_MAX], now[SILO_LIST_MAX];
	int nbefore, live = io->out->kind == OUT_TERM;
	uint64_t t0 = (uint64_t)sh_clock();

	(void)argc;
	(void)argv;
	nbefore = read_cpu(before, SILO_LIST_MAX);
	for (;;) {
		int n = silo_list(io, "silo top", list, SILO_LIST_MAX);
		int nnow = read_cpu(now, SILO_LIST_MAX);
		uint64_t t1 = (uint64_t)sh_clock();
		uint64_t span = (t1 - t0) / 1000000u;

		if (n < 0)
			return STATUS_FAIL;
		for (int i = 0; i < n; i++) {
			uint64_t a = cpu_of(now, nnow, list[i].kid);
			uint64_t b = cpu_of(before, nbefore, list[i].kid);

			rows[i].s = &list[i];
			rows[i].cpu_ms = a > b ? a - b : 0;
		}
		qsort(rows, (size_t)n, sizeof(rows[0]), row_cmp);
		if (live)
			out_puts(io->out, "\x1b[H\x1b[2J");
		out_printf(io->out, "silo top: %d silos, up %" PRIu64 " s  "
			   "(q quits)\n", n, t1 / 1000000000u);
		out_printf(io->out, "%-12s %-9s %6s %9s %8s %8s %6s\n", "NAME",
			   "STATE", "CPU%", "PAGES", "THREADS", "HANDLES",
			   "PROCS");
		for (int i = 0; i < n; i++) {
			const struct silo_info *s = rows[i].s;
			uint64_t pct10 = span ? rows[i].cpu_ms * 1000 / span : 0;

			out_printf(io->out, "%-12s %-9s %4" PRIu64 ".%" PRIu64
				   " %9" PRIu64 " %8" PRIu64 " %8" PRIu64
				   " %6u\n", s->name, silo_state_name(s->state),
				   pct10 / 10, pct10 % 10,
				   s->used[SH_QUOTA_PAGES],
				   s->used[SH_QUOTA_THREADS],
				   s->used[SH_QUOTA_HANDLES], s->nprocs);
		}
		if (!live)
			return 0;
		memcpy(before, now, sizeof(now));
		nbefore = nnow;
		t0 = t1;
		{
			uint64_t until = (uint64_t)sh_clock() + 1000000000u;

			while ((uint64_t)sh_clock() < until) {
				int c = term_getc_timeout(100);

				if (c == 'q' || c == 'Q' || c == 0x03)
					return 0;
				if (c < 0 && c != -SH_ETIMEDOUT &&
				    c != -SH_EAGAIN && c != -SH_EINTR)
					return flint_fail(io, "silo top",
							  "console", c);
			}
		}
	}
}
