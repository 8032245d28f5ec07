/* httpd: a small HTTP/1.0 server over net:, serving the files under one
 * root (fs:/www by its manifest, silos/httpd.silo).
 *
 *   httpd port=80 root=fs:/www workers=4
 *
 * It listens with net:tcp/listen/PORT and runs `workers` threads, each
 * opening the listener's accept file, reading one request, answering it
 * and closing (Connection: close).  GET and HEAD only; the answer carries
 * Content-Length (the file's size from stat) and a Content-Type from the
 * extension; a missing file is 404; a path with a ".." component is 403,
 * so nothing outside the root is reachable whatever the scheme does with
 * "..".  Trusts no client: the head is bounded (8 KiB, else 431), the
 * path decoded and checked by http.c.  Each worker keeps its own buffers;
 * libc's file calls on different fds may run in threads at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>

#include "http.h"

#define HEAD_MAX	8192u
#define BODY_CHUNK	32768u
#define WORKERS_MAX	8u

static unsigned port = 80;
static const char *root = "fs:/www";
static unsigned workers = 4;
static char accept_path[64];

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

/* Writes all of buf.  Returns 0 or -SH_E*. */
static int put(int fd, const void *buf, size_t len)
{
	while (len) {
		int64_t n = sh_file_write(fd, buf, len);

		if (n <= 0)
			return n < 0 ? (int)n : -SH_EIO;
		buf = (const char *)buf + n;
		len -= (size_t)n;
	}
	return 0;
}

static void answer_error(int fd, int status, int head)
{
	char body[160], hdr[256];
	int bl, hl;

	bl = snprintf(body, sizeof(body),
		      "<html><body><h1>%d %s</h1></body></html>\n", status,
		      http_reason(status));
	hl = snprintf(hdr, sizeof(hdr), "HTTP/1.0 %d %s\r\nContent-Type: "
		      "text/html; charset=utf-8\r\nContent-Length: %d\r\n"
		      "Connection: close\r\n\r\n", status, http_reason(status),
		      bl);
	if (put(fd, hdr, (size_t)hl) == 0 && !head)
		put(fd, body, (size_t)bl);
}

/* Reads the head (up to the blank line) into buf.  Returns its length,
 * 0 if the client left, -SH_E2BIG past HEAD_MAX. */
static long read_head(int fd, char *buf)
{
	size_t len = 0;

	for (;;) {
		int64_t n;

		if (len == HEAD_MAX)
			return -SH_E2BIG;
		n = sh_file_read(fd, buf + len, HEAD_MAX - len);
		if (n <= 0)
			return n < 0 ? (long)n : 0;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return (long)len;
	}
}

static void serve_one(int fd, char *buf, char *body)
{
	struct http_req req;
	struct sh_stat st;
	char full[HTTP_PATH_MAX + 80], hdr[320];
	long len = read_head(fd, buf);
	int file, hl, r;

	if (len == 0)
		return;
	if (len < 0) {
		answer_error(fd, len == -SH_E2BIG ? 431 : 400, 0);
		return;
	}
	if (http_parse(buf, (size_t)len, &req) < 0) {
		answer_error(fd, req.status, 0);
		return;
	}
	if (snprintf(full, sizeof(full), "%s%s", root, req.path) >=
	    (int)sizeof(full)) {
		answer_error(fd, 414, req.head);
		return;
	}
	file = sh_file_open(full, SH_O_READ, 0);
	if (file == -SH_EISDIR || (file >= 0 && sh_file_fstat(file, &st) == 0 &&
				   st.type == SH_FTYPE_DIR)) {
		/* a directory named without its slash: its index */
		if (file >= 0)
			sh_file_close(file);
		if (snprintf(full, sizeof(full), "%s%s/index.html", root,
			     req.path) >= (int)sizeof(full)) {
			answer_error(fd, 414, req.head);
			return;
		}
		file = sh_file_open(full, SH_O_READ, 0);
	}
	if (file < 0) {
		answer_error(fd, file == -SH_ENOENT || file == -SH_ENOTDIR ?
			     404 : file == -SH_EPERM ? 403 : 500, req.head);
		return;
	}
	r = sh_file_fstat(file, &st);
	if (r < 0 || st.type == SH_FTYPE_DIR) {
		answer_error(fd, r < 0 ? 500 : 404, req.head);
		sh_file_close(file);
		return;
	}
	hl = snprintf(hdr, sizeof(hdr), "HTTP/1.0 200 OK\r\nContent-Type: %s\r\n"
		      "Content-Length: %llu\r\nConnection: close\r\n"
		      "Server: shale-httpd\r\n\r\n", http_type(full),
		      (unsigned long long)st.size);
	if (put(fd, hdr, (size_t)hl) == 0 && !req.head) {
		uint64_t left = st.size;

		while (left) {
			int64_t n = sh_file_read(file, body, left < BODY_CHUNK ?
						 (size_t)left : BODY_CHUNK);

			/* a file that shrank: the client sees a short body
			 * and Content-Length tells it so */
			if (n <= 0 || put(fd, body, (size_t)n) < 0)
				break;
			left -= (uint64_t)n;
		}
	}
	sh_file_close(file);
}

static void worker(void *arg)
{
	char *buf = malloc(HEAD_MAX + 1), *body = malloc(BODY_CHUNK);

	(void)arg;
	if (!buf || !body) {
		say("httpd: no memory for a worker\n");
		return;
	}
	for (unsigned fails = 0;;) {
		int fd = sh_file_open(accept_path, SH_O_READ | SH_O_WRITE, 0);

		if (fd < 0) {
			/* the listener is gone (netd restarted): end, and
			 * silod's restart listens again */
			if (++fails == 5) {
				printf("httpd: %s: %s; exiting to be restarted\n",
				       accept_path, sh_strerror(fd));
				exit(1);
			}
			sh_sleep(200000000ULL);
			continue;
		}
		fails = 0;
		serve_one(fd, buf, body);
		sh_file_close(fd);
	}
}

static int parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *v = strchr(argv[i], '=');
		unsigned long n;
		char *end;

		if (!v) {
			printf("httpd: argument '%s': want name=value\n", argv[i]);
			return -1;
		}
		*v++ = '\0';
		if (strcmp(argv[i], "root") == 0 && strchr(v, ':')) {
			root = v;
			continue;
		}
		n = strtoul(v, &end, 10);
		if (*end == '\0' && strcmp(argv[i], "port") == 0 && n >= 1 &&
		    n <= 65535)
			port = (unsigned)n;
		else if (*end == '\0' && strcmp(argv[i], "workers") == 0 &&
			 n >= 1 && n <= WORKERS_MAX)
			workers = (unsigned)n;
		else {
			printf("httpd: %s=%s: unknown or out of range\n", argv[i], v);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	char listen_path[48];
	int lfd, said = 0;

	if (parse_args(argc, argv) < 0)
		return 2;
	snprintf(listen_path, sizeof(listen_path), "net:/tcp/listen/%u", port);
	snprintf(accept_path, sizeof(accept_path), "net:/tcp/listen/%u/accept",
		 port);
	/* netd may start after us: wait for net: */
	while ((lfd = sh_file_open(listen_path, SH_O_READ, 0)) < 0) {
		if (!said++)
			printf("httpd: %s: %s; waiting for netd\n", listen_path,
			       sh_strerror(lfd));
		sh_sleep(500000000ULL);
	}
	printf("httpd: serving %s on port %u (%u workers)\n", root, port,
	       workers);
	for (unsigned i = 1; i < workers; i++)
		if (sh_thread_spawn(worker, NULL, SH_PRIO_DEFAULT, 0) < 0)
			printf("httpd: worker %u: cannot start\n", i);
	worker(NULL);
	sh_file_close(lfd);
	return 0;
}
