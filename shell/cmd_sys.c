/* The machine: ps, mem, uptime, dmesg, reboot, halt.  Kernel
 * figures come from sys_stat where any process may ask, the rest from
 * sys: (sysd); power goes through silod, which holds the root silo. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/errors.h>
#include <shale/strate.h>

#include "cmds.h"
#include "silo_cmds.h"
#include "term.h"

/* Prints a sys: file whole. */
static int print_file(struct io *io, const char *cmd, const char *path)
{
	char *data;
	size_t len;
	int r = file_slurp(path, &data, &len);

	if (r < 0)
		return flint_fail(io, cmd, path, r);
	out_write(io->out, data, len);
	free(data);
	return 0;
}

int cmd_ps(int argc, char **argv, struct io *io)
{
	(void)argv;
	if (argc > 1)
		return flint_usage(io, "ps");
	return print_file(io, "ps", "sys:/procs");
}

int cmd_mem(int argc, char **argv, struct io *io)
{
	struct sh_stat_mem m;
	struct sh_stat_self self;
	long r;

	(void)argv;
	if (argc > 1)
		return flint_usage(io, "mem");
	r = sh_stat(SH_STAT_MEM, &m);
	if (r < 0)
		return flint_fail(io, "mem", "sys_stat", (int)r);
	out_printf(io->out, "memory: %" PRIu64 " KiB total, %" PRIu64 " KiB "
		   "used, %" PRIu64 " KiB free; %" PRIu64 " kernel objects\n",
		   m.total_pages * 4, (m.total_pages - m.free_pages) * 4,
		   m.free_pages * 4, m.objects);
	if (sh_stat(SH_STAT_SELF, &self) >= 0)
		out_printf(io->out, "flint: %" PRIu64 " KiB, %" PRIu64
			   " handles, %" PRIu64 " threads\n", self.pages * 4,
			   self.handles, self.threads);
	return 0;
}

int cmd_uptime(int argc, char **argv, struct io *io)
{
	uint64_t ns = (uint64_t)sh_clock(), s = ns / 1000000000u;
	struct sh_stat_cpus cpus;

	(void)argv;
	if (argc > 1)
		return flint_usage(io, "uptime");
	out_printf(io->out, "up %" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%03"
		   PRIu64, s / 3600, s / 60 % 60, s % 60, ns / 1000000u % 1000u);
	if (sh_stat(SH_STAT_CPUS, &cpus) >= 0)
		out_printf(io->out, ", %u cpu%s", cpus.ncpus,
			   cpus.ncpus == 1 ? "" : "s");
	out_puts(io->out, "\n");
	return 0;
}

int cmd_dmesg(int argc, char **argv, struct io *io)
{
	static char chunk[4096];
	struct sh_stat_klog k = { 0, chunk, sizeof(chunk), 0 };

	(void)argv;
	if (argc > 1)
		return flint_usage(io, "dmesg");
	for (int i = 0; i < 1024; i++) {
		long r = sh_stat(SH_STAT_KLOG, &k);

		if (r < 0) {
			if (i == 0)	/* not allowed here: ask sysd */
				return print_file(io, "dmesg", "sys:/klog");
			return flint_fail(io, "dmesg", "kernel log", (int)r);
		}
		if (k.len == 0)
			break;
		out_write(io->out, chunk, k.len);
	}
	return 0;
}

/* Stops every silo but flint's own and the console's, newest first,
 * waiting up to 3 s for each.  Returns the number still up. */
static int stop_all(struct io *io, const char *cmd)
{
	static struct silo_info list[SILO_LIST_MAX];
	int n = silo_list(io, cmd, list, SILO_LIST_MAX), left = 0;

	if (n < 0)
		return 1;
	for (int i = n - 1; i >= 0; i--) {
		char name[SILO_NAME_MAX + 1];
		uint64_t until;

		memcpy(name, list[i].name, sizeof(name));
		if (!strcmp(name, "shell") || !strcmp(name, "console") ||
		    list[i].state >= SILO_STOPPED)
			continue;
		out_printf(io->out, "%s: stopping %s\n", cmd, name);
		term_flush();
		if (silo_call(io, cmd, SILO_CTL_STOP, name, 0, 0, NULL, NULL, 0,
			      NULL) < 0) {
			left++;
			continue;
		}
		until = (uint64_t)sh_clock() + 3000000000u;
		for (;;) {
			static struct silo_info now[SILO_LIST_MAX];
			int m = silo_list(io, cmd, now, SILO_LIST_MAX), up = 0;

			for (int k = 0; k < m; k++)
				if (!strcmp(now[k].name, name) &&
				    now[k].state < SILO_STOPPED)
					up = 1;
			if (!up)
				break;
			if ((uint64_t)sh_clock() > until) {
				out_printf(io->err, "%s: %s did not stop\n", cmd,
					   name);
				left++;
				break;
			}
			sh_sleep(50000000u);
		}
	}
	return left;
}

/* halt and reboot: silod stops every silo (users before servers, so
 * storage flushes its cache) and then powers off or resets through the
 * root silo it holds.  If it cannot (-SH_ENOSYS: no power call yet), flint
 * stops the silos itself and says the machine stays on. */
static int power(int argc, char **argv, struct io *io, const char *cmd,
		 uint64_t how)
{
	char msg[256];
	uint32_t len = 0;
	int64_t r;

	(void)argv;
	if (argc > 1)
		return flint_usage(io, cmd);
	if (!flint.silod)
		return flint_failmsg(io, cmd, "no 'silo' in flint's namespace");
	out_printf(io->out, "%s: stopping every silo\n", cmd);
	term_flush();
	r = silo_ctl_call(flint.silod, SILO_CTL_POWER, NULL, how, 0, NULL, 0,
			  msg, sizeof(msg), &len);
	if (r != -SH_ENOSYS) {
		/* still here: silod refused, or the call came back */
		if (r < 0)
			return flint_failmsg(io, cmd, "%s (%.*s)", sh_strerror((int)r),
					     (int)(len < sizeof(msg) ? len : 0), msg);
		return flint_failmsg(io, cmd, "the machine is still running");
	}
	stop_all(io, cmd);
	return flint_failmsg(io, cmd, "silos stopped; the machine cannot be "
			     "powered off or reset (silod: %s)",
			     sh_strerror((int)r));
}

int cmd_reboot(int argc, char **argv, struct io *io)
{
	return power(argc, argv, io, "reboot", 1);
}

int cmd_halt(int argc, char **argv, struct io *io)
{
	return power(argc, argv, io, "halt", 0);
}
