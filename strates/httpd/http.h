/* httpd's portable half (http.c): HTTP/1.0 request lines, the path rules
 * and content types. */
#ifndef HTTPD_HTTP_H
#define HTTPD_HTTP_H

#include <stddef.h>

#define HTTP_PATH_MAX	512u

struct http_req {
	int head;			/* HEAD: headers only */
	int status;			/* 200, or the error to answer */
	char path[HTTP_PATH_MAX];	/* decoded, "/a/b"; "/" ends get index.html */
};

/* Parses the request line of req (len bytes, the head up to its blank
 * line).  Only GET and HEAD; the target percent-decoded, cut at '?', no
 * ".." component, no control bytes.  Returns 0 (r->status 200), or
 * -SH_E* with r->status the answer (400, 403, 414, 501). */
int http_parse(const char *req, size_t len, struct http_req *r);

/* The Content-Type for path's extension (application/octet-stream if
 * unknown). */
const char *http_type(const char *path);

/* The reason phrase of status ("Not Found"). */
const char *http_reason(int status);

#endif
