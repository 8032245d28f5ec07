/* flint's network commands, all over net: files (strates/netd/README.md):
 * ifconfig and netstat print net:if and net:tcp (and net:arp), ping
 * writes echo requests to net:icmp/ping/ADDR and prints the lines netd
 * answers, fetch speaks HTTP/1.0 over net:tcp/ADDR:PORT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>
#include <shale/strate.h>

#include "cmds.h"

#define PING_INTERVAL_NS 1000000000ULL
#define FETCH_HEAD_MAX	8192u
#define FETCH_POLL	"timeout 500\n"	/* ms a read waits before ^C is looked at */

/* Prints the whole of a net: text file. */
static int net_cat(struct io *io, const char *cmd, const char *path)
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

int cmd_ifconfig(int argc, char **argv, struct io *io)
{
	(void)argv;
	if (argc != 1)
		return flint_usage(io, "ifconfig");
	return net_cat(io, "ifconfig", "net:/if");
}

int cmd_netstat(int argc, char **argv, struct io *io)
{
	if (argc == 2 && strcmp(argv[1], "-a") == 0) {
		int r = net_cat(io, "netstat", "net:/tcp");

		if (r)
			return r;
		out_puts(io->out, "\n");
		return net_cat(io, "netstat", "net:/arp");
	}
	if (argc != 1)
		return flint_usage(io, "netstat");
	return net_cat(io, "netstat", "net:/tcp");
}

/* "time=1.234 ms" in a reply line, in microseconds; -1 if absent. */
static long long reply_us(const char *line)
{
	const char *t = strstr(line, "time=");
	long long ms, frac = 0;
	char *end;

	if (!t)
		return -1;
	ms = strtoll(t + 5, &end, 10);
	if (*end == '.')
		frac = strtoll(end + 1, NULL, 10);
	return ms * 1000 + frac;
}

int cmd_ping(int argc, char **argv, struct io *io)
{
	char path[64], line[160], payload[56];
	long count = 4, sent = 0, got = 0;
	long long min = -1, max = 0, sum = 0;
	int sfd, status = 0;

	if (argc < 2 || argc > 3)
		return flint_usage(io, "ping");
	if (argc == 3) {
		char *end;

		count = strtol(argv[2], &end, 10);
		if (*end || count < 1 || count > 100000)
			return flint_failmsg(io, "ping", "COUNT '%s': want 1..100000",
					     argv[2]);
	}
	if (snprintf(path, sizeof(path), "net:/icmp/ping/%s", argv[1]) >=
	    (int)sizeof(path))
		return flint_failmsg(io, "ping", "'%s': not an address", argv[1]);
	sfd = sh_file_open(path, SH_O_READ | SH_O_WRITE, 0);
	if (sfd == -SH_ENOENT)
		return flint_failmsg(io, "ping", "'%s': not an IPv4 address "
				     "(a.b.c.d), or no net: here", argv[1]);
	if (sfd < 0)
		return flint_fail(io, "ping", argv[1], sfd);
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (char)i;
	for (long i = 0; i < count; i++) {
		uint64_t t0 = (uint64_t)sh_clock(), dt;
		int64_t n = sh_file_write(sfd, payload, sizeof(payload));

		if (n < 0) {
			status = flint_fail(io, "ping", "send", (int)n);
			break;
		}
		sent++;
		n = sh_file_read(sfd, line, sizeof(line) - 1);
		if (n < 0) {
			status = flint_fail(io, "ping", "receive", (int)n);
			break;
		}
		line[n] = '\0';
		out_write(io->out, line, (size_t)n);
		if (strncmp(line, "reply", 5) == 0) {
			long long us = reply_us(line);

			got++;
			if (us >= 0) {
				sum += us;
				if (min < 0 || us < min)
					min = us;
				if (us > max)
					max = us;
			}
		}
		if (flint_interrupted(io)) {
			status = STATUS_INTR;
			break;
		}
		dt = (uint64_t)sh_clock() - t0;
		if (i + 1 < count && dt < PING_INTERVAL_NS)
			sh_sleep(PING_INTERVAL_NS - dt);
		if (flint_interrupted(io)) {
			status = STATUS_INTR;
			break;
		}
	}
	sh_file_close(sfd);
	out_printf(io->out, "%s: %ld sent, %ld received, %ld%% lost", argv[1],
		   sent, got, sent ? (sent - got) * 100 / sent : 0);
	if (got)
		out_printf(io->out, ", time min/avg/max %lld.%03lld/%lld.%03lld/"
			   "%lld.%03lld ms", min / 1000, min % 1000,
			   sum / got / 1000, sum / got % 1000, max / 1000,
			   max % 1000);
	out_puts(io->out, "\n");
	if (status)
		return status;
	return got ? 0 : STATUS_FAIL;
}

/* Reads from a net: file, giving the user's ^C a chance every 500 ms
 * (netd ends our waiting reads then: FETCH_POLL to net:ctl).
 * Returns what sh_file_read does, or -SH_EINTR once interrupted. */
static int64_t net_read(struct io *io, int fd, void *buf, size_t len)
{
	for (;;) {
		int64_t n = sh_file_read(fd, buf, len);

		if (n != -SH_ETIMEDOUT)
			return n;
		if (flint_interrupted(io))
			return -SH_EINTR;
	}
}

/* fetch net:tcp/ADDR:PORT PATH: GET PATH over HTTP/1.0, the body to
 * io->out.  A status other than 2xx prints the body too and fails. */
int cmd_fetch(int argc, char **argv, struct io *io)
{
	char req[600], *head = NULL, *p;
	size_t hlen = 0;
	int sfd, ctl, code = 0, status = 0;
	int64_t n;

	if (argc != 3)
		return flint_usage(io, "fetch");
	if (strncmp(argv[1], "net:", 4) != 0 || argv[2][0] != '/')
		return flint_failmsg(io, "fetch", "want net:tcp/ADDR:PORT and a "
				     "path starting with /");
	if (snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nUser-Agent: "
		     "flint\r\nConnection: close\r\n\r\n", argv[2]) >=
	    (int)sizeof(req))
		return flint_failmsg(io, "fetch", "path too long");
	sfd = sh_file_open(argv[1], SH_O_READ | SH_O_WRITE, 0);
	if (sfd < 0)
		return flint_fail(io, "fetch", argv[1], sfd);
	/* our reads come back every FETCH_POLL_MS so ^C is seen */
	ctl = sh_file_open("net:/ctl", SH_O_WRITE, 0);
	if (ctl >= 0)
		sh_file_write(ctl, FETCH_POLL, strlen(FETCH_POLL));
	n = sh_file_write(sfd, req, strlen(req));
	if (n < 0) {
		status = flint_fail(io, "fetch", argv[1], (int)n);
		goto out;
	}
	head = malloc(FETCH_HEAD_MAX + 1);
	if (!head) {
		status = flint_fail(io, "fetch", "buffer", -SH_ENOMEM);
		goto out;
	}
	/* the head: up to the blank line */
	for (;;) {
		if (hlen == FETCH_HEAD_MAX) {
			status = flint_failmsg(io, "fetch", "%s: response head "
					       "longer than %u bytes", argv[1],
					       FETCH_HEAD_MAX);
			goto out;
		}
		n = net_read(io, sfd, head + hlen, FETCH_HEAD_MAX - hlen);
		if (n == -SH_EINTR) {
			status = STATUS_INTR;
			goto out;
		}
		if (n < 0) {
			status = flint_fail(io, "fetch", argv[1], (int)n);
			goto out;
		}
		if (n == 0) {
			status = flint_failmsg(io, "fetch", "%s: connection closed "
					       "before the end of the head", argv[1]);
			goto out;
		}
		hlen += (size_t)n;
		head[hlen] = '\0';
		p = strstr(head, "\r\n\r\n");
		if (p)
			break;
	}
	if (sscanf(head, "HTTP/%*d.%*d %d", &code) != 1) {
		status = flint_failmsg(io, "fetch", "%s: not an HTTP response",
				       argv[1]);
		goto out;
	}
	out_write(io->out, p + 4, hlen - (size_t)(p + 4 - head));
	while ((n = net_read(io, sfd, head, FETCH_HEAD_MAX)) > 0) {
		out_write(io->out, head, (size_t)n);
		if (flint_interrupted(io)) {
			status = STATUS_INTR;
			goto out;
		}
	}
	if (n == -SH_EINTR) {
		status = STATUS_INTR;
		goto out;
	}
	if (n < 0) {
		status = flint_fail(io, "fetch", argv[1], (int)n);
		goto out;
	}
	if (code < 200 || code > 299)
		status = flint_failmsg(io, "fetch", "%s%s: HTTP status %d",
				       argv[1], argv[2], code);
out:
	free(head);
	sh_file_close(sfd);
	if (ctl >= 0) {
		sh_file_write(ctl, "timeout off\n", 12);
		sh_file_close(ctl);
	}
	return status;
}
