/* httpd's HTTP/1.0 request parsing and path rules, portable (host-tested
 * by tests/netd/test_http.c): no system call here. */
#include <string.h>

#include <shale/errors.h>

#include "http.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes target (up to '?' or its end) into out as a path;
 * refuses NUL, control bytes, backslashes and any ".." component. */
static int http_path(const char *t, size_t n, char *out, size_t cap,
		     int *status)
{
	size_t o = 0;

	if (n == 0 || t[0] != '/') {
		*status = 400;
		return -SH_EINVAL;
	}
	for (size_t i = 0; i < n && t[i] != '?' && t[i] != '#'; i++) {
		char c = t[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= n) {
				*status = 400;
				return -SH_EINVAL;
			}
			h = hexval(t[i + 1]);
			l = hexval(t[i + 2]);
			if (h < 0 || l < 0) {
				*status = 400;
				return -SH_EINVAL;
			}
			c = (char)(h * 16 + l);
			i += 2;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f || c == '\\') {
			*status = 400;
			return -SH_EINVAL;
		}
		if (o + 1 >= cap) {
			*status = 414;
			return -SH_ENAMETOOLONG;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	/* no component may be "..": the root is a boundary */
	for (const char *p = out; *p;) {
		const char *e = strchr(p + 1, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 3 && memcmp(p, "/..", 3) == 0) {
			*status = 403;
			return -SH_EPERM;
		}
		p += len;
	}
	if (out[o - 1] == '/') {
		static const char idx[] = "index.html";

		if (o + sizeof(idx) > cap) {
			*status = 414;
			return -SH_ENAMETOOLONG;
		}
		memcpy(out + o, idx, sizeof(idx));
	}
	return 0;
}

int http_parse(const char *req, size_t len, struct http_req *r)
{
	const char *sp1, *sp2, *eol;

	memset(r, 0, sizeof(*r));
	r->status = 400;
	eol = memchr(req, '\n', len);
	if (!eol)
		return -SH_EINVAL;
	len = (size_t)(eol - req);
	if (len && req[len - 1] == '\r')
		len--;
	sp1 = memchr(req, ' ', len);
	if (!sp1)
		return -SH_EINVAL;
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - req));
	if (!sp2 || (size_t)(req + len - sp2 - 1) < 8 ||
	    memcmp(sp2 + 1, "HTTP/1.", 7) != 0)
		return -SH_EINVAL;
	if (sp1 - req == 3 && memcmp(req, "GET", 3) == 0) {
		r->head = 0;
	} else if (sp1 - req == 4 && memcmp(req, "HEAD", 4) == 0) {
		r->head = 1;
	} else {
		r->status = 501;
		return -SH_ENOTSUP;
	}
	if (http_path(sp1 + 1, (size_t)(sp2 - sp1 - 1), r->path,
		      sizeof(r->path), &r->status) < 0)
		return -SH_EINVAL;
	r->status = 200;
	return 0;
}

const char *http_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".htm", "text/html; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".silo", "text/plain; charset=utf-8" },
		{ ".css", "text/css" },
		{ ".js", "text/javascript" },
		{ ".json", "application/json" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" },
		{ ".svg", "image/svg+xml" },
		{ ".ico", "image/x-icon" },
		{ ".pdf", "application/pdf" },
	};
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	default: return "Error";
	}
}
