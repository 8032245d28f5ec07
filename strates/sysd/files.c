/* The text of each sys: file, made from silod's answers (silo_ctl.h) and
 * the kernel's (sys_stat, proc_list). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/silo_ctl.h>

#include "sysd.h"

static const char *const states[] = {
	"starting", "running", "suspended", "stopping", "stopped", "failed",
	"exited",
};

int sysd_make_silos(struct sysd_text *t)
{
	static struct silo_info in[32];
	uint32_t len = 0;
	int64_t n = silo_ctl_call(sysd_silod(), SILO_CTL_LIST, NULL, 0, 0,
				  NULL, 0, in, sizeof(in), &len);

	if (n < 0)
		return (int)n;
	n = len / sizeof(in[0]);
	sysd_printf(t, "%-12s %-9s %8s %15s %13s %11s %s\n", "name", "state",
		    "restarts", "pages", "handles", "threads", "serves");
	for (int64_t i = 0; i < n; i++) {
		const struct silo_info *s = &in[i];
		char pages[32], handles[32], threads[32];

		snprintf(pages, sizeof(pages), "%" PRIu64 "/%" PRIu64,
			 s->used[SH_QUOTA_PAGES], s->limit[SH_QUOTA_PAGES]);
		snprintf(handles, sizeof(handles), "%" PRIu64 "/%" PRIu64,
			 s->used[SH_QUOTA_HANDLES], s->limit[SH_QUOTA_HANDLES]);
		snprintf(threads, sizeof(threads), "%" PRIu64 "/%" PRIu64,
			 s->used[SH_QUOTA_THREADS], s->limit[SH_QUOTA_THREADS]);
		sysd_printf(t, "%-12s %-9s %8u %15s %13s %11s %s\n", s->name,
			    s->state < 7 ? states[s->state] : "?", s->restarts,
			    pages, handles, threads,
			    s->serves[0] ? s->serves : "-");
	}
	return 0;
}

int sysd_make_schemes(struct sysd_text *t)
{
	static struct silo_scheme sc[32];
	uint32_t len = 0;
	int64_t n = silo_ctl_call(sysd_silod(), SILO_CTL_SCHEMES, NULL, 0, 0,
				  NULL, 0, sc, sizeof(sc), &len);

	if (n < 0)
		return (int)n;
	n = len / sizeof(sc[0]);
	sysd_printf(t, "%-12s %-12s %-5s %s\n", "scheme", "silo", "up",
		    "clients");
	for (int64_t i = 0; i < n; i++)
		sysd_printf(t, "%-12s %-12s %-5s %u\n", sc[i].name, sc[i].silo,
			    sc[i].up ? "yes" : "no", sc[i].clients);
	return 0;
}

/* The name of the silo the kernel calls kid, from silod's list. */
static const char *silo_name(const struct silo_info *in, uint32_t n,
			     uint64_t kid)
{
	for (uint32_t i = 0; i < n; i++)
		if (in[i].kid == kid)
			return in[i].name;
	return kid == 1 ? "root" : "?";
}

int sysd_make_procs(struct sysd_text *t)
{
	static struct sh_proc_info p[128];
	static struct silo_info in[32];
	uint32_t len = 0, ns;
	long n;

	if (!sysd_root())
		return -SH_EPERM;
	n = sh_sys_proc_list(sysd_root(), (long)p, 128);
	if (n < 0)
		return (int)n;
	if (n > 128)
		n = 128;
	if (silo_ctl_call(sysd_silod(), SILO_CTL_LIST, NULL, 0, 0, NULL, 0,
			  in, sizeof(in), &len) < 0)
		len = 0;
	ns = len / (uint32_t)sizeof(in[0]);
	sysd_printf(t, "%6s %-12s %7s %10s %s\n", "pid", "silo", "threads",
		    "cpu_ms", "name");
	for (long i = 0; i < n; i++)
		sysd_printf(t, "%6" PRIu64 " %-12s %7u %10" PRIu64 " %.*s\n",
			    p[i].pid, silo_name(in, ns, p[i].silo_id),
			    p[i].nthreads, p[i].cpu_ns / 1000000,
			    (int)SH_NAME_MAX, p[i].name);
	return 0;
}

int sysd_make_mem(struct sysd_text *t)
{
	struct sh_stat_mem m;
	long e = sh_stat(SH_STAT_MEM, &m);

	if (e < 0)
		return (int)e;
	sysd_printf(t, "total_pages %" PRIu64 "\nfree_pages %" PRIu64
		    "\nused_pages %" PRIu64 "\nobjects %" PRIu64 "\n",
		    m.total_pages, m.free_pages, m.total_pages - m.free_pages,
		    m.objects);
	return 0;
}

int sysd_make_uptime(struct sysd_text *t)
{
	uint64_t ns = (uint64_t)sh_clock();

	sysd_printf(t, "%" PRIu64 ".%03" PRIu64 " s\n", ns / 1000000000u,
		    ns / 1000000u % 1000u);
	return 0;
}

int sysd_make_klog(struct sysd_text *t)
{
	static char chunk[4096];
	struct sh_stat_klog k = { 0, chunk, sizeof(chunk), 0 };

	if (!sysd_root())
		return -SH_EPERM;
	for (int i = 0; i < 64; i++) {
		/* the kernel log is the root silo's log (READ on it) */
		long e = sh_sys_silo_log(sysd_root(), (long)&k);

		if (e < 0)
			return i ? 0 : (int)e;
		if (k.len == 0)
			break;
		sysd_printf(t, "%.*s", (int)k.len, chunk);
	}
	return 0;
}
