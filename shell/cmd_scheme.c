/* scheme ls and ns, and completion of the silo commands' arguments:
 * what silod says about schemes and namespaces, read from its SCHEMES,
 * LIST and INFO replies. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale/errors.h>
#include <shale/strate.h>

#include "cmds.h"
#include "silo_cmds.h"

#define reply silo_reply

/* Returns 1 if an INFO text has a "grant X = SCHEME:..." line (needle is
 * " = SCHEME:") that is not dropped, before its manifest. */
static int grants(const char *text, const char *needle)
{
	const char *l = text;

	while (*l) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		if (n >= 9 && strncmp(l, "manifest:", 9) == 0)
			return 0;
		if (n > 6 && strncmp(l, "grant ", 6) == 0) {
			const char *hit = strstr(l, needle);

			if (hit && hit < l + n &&
			    !(n >= 9 && strncmp(l + n - 9, "(dropped)", 9) == 0))
				return 1;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return 0;
}

int cmd_scheme(int argc, char **argv, struct io *io)
{
	static struct silo_info list[SILO_LIST_MAX];
	uint32_t len;
	int64_t r;
	int n;

	if (argc != 2 || strcmp(argv[1], "ls") != 0)
		return flint_usage(io, "scheme");
	r = silo_call(io, "scheme ls", SILO_CTL_SCHEMES, NULL, 0, 0, NULL,
		      reply, sizeof(reply), &len);
	if (r < 0)
		return STATUS_FAIL;
	if ((uint64_t)r * sizeof(struct silo_scheme) > len)
		return flint_fail(io, "scheme ls", "silod's reply", -SH_EBADMSG);
	{
		/* keep the schemes: the LIST below reuses the reply buffer */
		size_t bytes = (size_t)r * sizeof(struct silo_scheme);
		struct silo_scheme *sc = malloc(bytes ? bytes : 1);

		if (!sc)
			return flint_fail(io, "scheme ls", NULL, -SH_ENOMEM);
		memcpy(sc, reply, bytes);
		n = silo_list(io, "scheme ls", list, SILO_LIST_MAX);
		out_printf(io->out, "%-10s %-12s %-4s %7s  %s\n", "SCHEME",
			   "SERVED BY", "UP", "CLIENTS", "USED BY");
		for (int64_t i = 0; i < r; i++) {
			char users[256];
			uint32_t len2 = 0;

			sc[i].name[SILO_NAME_MAX] = sc[i].silo[SILO_NAME_MAX] = 0;
			users[0] = '\0';
			for (int k = 0; k < n; k++) {
				/* INFO says "grant NAME = SCHEME:..." per entry */
				char needle[SILO_NAME_MAX + 8];
				uint32_t il;

				if (silo_ctl_call(flint.silod, SILO_CTL_INFO,
						  list[k].name, 0, 0, NULL, 0,
						  reply, sizeof(reply) - 1,
						  &il) < 0)
					continue;
				reply[il < sizeof(reply) ? il : sizeof(reply) - 1] = 0;
				snprintf(needle, sizeof(needle), " = %s:",
					 sc[i].name);
				if (grants(reply, needle) && len2 + strlen(
				    list[k].name) + 2 < sizeof(users))
					len2 += (uint32_t)snprintf(users + len2,
						sizeof(users) - len2, "%s%s",
						len2 ? " " : "", list[k].name);
			}
			out_printf(io->out, "%-10s %-12s %-4s %7u  %s\n",
				   sc[i].name, sc[i].silo[0] ? sc[i].silo : "-",
				   sc[i].up ? "yes" : "no", sc[i].clients,
				   users[0] ? users : "-");
		}
		free(sc);
	}
	return 0;
}

/* flint's own namespace, from its environment. */
static int ns_self(struct io *io)
{
	const struct ns_table *t = sh_ns();

	for (uint32_t i = 0; i < t->count; i++)
		out_printf(io->out, "%-8s -> %s:%s\n", t->entries[i].name,
			   t->entries[i].name, t->entries[i].prefix);
	return 0;
}

int cmd_ns(int argc, char **argv, struct io *io)
{
	uint32_t len;
	int64_t r;
	size_t s = 0;
	int shown = 0;

	if (argc > 2)
		return flint_usage(io, "ns");
	if (argc == 1)
		return ns_self(io);
	r = silo_call(io, "ns", SILO_CTL_INFO, argv[1], 0, 0, NULL, reply,
		      sizeof(reply), &len);
	if (r < 0)
		return STATUS_FAIL;
	if (len > sizeof(reply))
		len = sizeof(reply);
	/* the "grant NAME = SCHEME:PREFIX" lines of INFO, up to the manifest */
	while (s < len) {
		const char *nl = memchr(reply + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - reply) : len;

		if (e - s >= 9 && memcmp(reply + s, "manifest:", 9) == 0)
			break;
		if (e - s > 6 && memcmp(reply + s, "grant ", 6) == 0) {
			const char *l = reply + s + 6;
			size_t n = e - s - 6;
			const char *eq = memchr(l, '=', n);

			shown++;
			if (eq && eq > l + 1)
				out_printf(io->out, "%-8.*s -> %.*s\n",
					   (int)(eq - l - 1), l,
					   (int)(n - (size_t)(eq - l) - 2),
					   eq + 2);
			else
				out_printf(io->out, "%.*s\n", (int)n, l);
		}
		s = e + 1;
	}
	if (!shown)
		out_printf(io->out, "%s reaches no scheme\n", argv[1]);
	return 0;
}

struct prev_match {
	const char *prev;
	int found;
};

static void match_prev(void *arg, const char *name, int is_dir)
{
	struct prev_match *pm = arg;

	(void)is_dir;
	if (strcmp(pm->prev, name) == 0)
		pm->found = 1;
}
/* Emits every silo name silod knows (nothing if it does not answer). */
static void emit_silos(void (*emit)(void *, const char *, int), void *arg)
{
	static struct silo_info list[SILO_LIST_MAX];
	uint32_t len;
	int64_t n;

	if (!flint.silod)
		return;
	n = silo_ctl_call(flint.silod, SILO_CTL_LIST, NULL, 0, 0, NULL, 0,
			  reply, sizeof(reply), &len);
	if (n <= 0 || (uint64_t)n * sizeof(struct silo_info) > len)
		return;
	if (n > SILO_LIST_MAX)
		n = SILO_LIST_MAX;
	memcpy(list, reply, (size_t)n * sizeof(list[0]));
	for (int64_t i = 0; i < n; i++) {
		list[i].name[SILO_NAME_MAX] = '\0';
		emit(arg, list[i].name, 0);
	}
}

int silo_complete_args(const char *cmd, int argn, const char *prev,
		       void (*emit)(void *arg, const char *name, int is_dir),
		       void *arg)
{
	if (strcmp(cmd, "help") == 0 && argn == 1) {
		for (size_t i = 0; i < cmd_count; i++)
			emit(arg, cmd_table[i].name, 0);
		return 1;
	}
	if (strcmp(cmd, "scheme") == 0 && argn == 1) {
		emit(arg, "ls", 0);
		return 1;
	}
	if (strcmp(cmd, "ns") == 0 && argn == 1) {
		emit_silos(emit, arg);
		return 1;
	}
	if (strcmp(cmd, "silo") != 0)
		return 0;
	if (argn == 1) {
		silo_sub_names(emit, arg, 0);
		return 1;
	}
	if (argn == 2) {
		struct prev_match pm = { .prev = prev, .found = 0 };

		silo_sub_names(match_prev, &pm, 1);
		if (!pm.found)
			return 0;
		emit_silos(emit, arg);
		return 1;
	}
	return 0;
}
