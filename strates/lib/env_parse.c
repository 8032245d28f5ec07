/* Parsers for the environment silod hands a process: SH_NS, SH_SERVE and
 * SH_DEV (formats in strates/lib/README.md).  Portable and allocation-free
 * so host tests and fuzzers can run them: the value is untrusted text
 * (silod is trusted, but a bad manifest or a bug there must give an error,
 * never a wild handle), every index is checked against the start block's
 * handle count, and nothing is stored for an entry until all of it parsed. */
#include <string.h>
#include <shale/errors.h>
#include <shale/scheme_path.h>
#include <shale/strate.h>

/* A cursor over len bytes of a value. */
struct cur {
	const char *p;
	const char *end;
};

/* Takes a name ([A-Za-z0-9._-], 1..SH_SCHEME_NAME_MAX) into out. */
static int take_name(struct cur *c, char out[SH_SCHEME_NAME_MAX + 1])
{
	const char *s = c->p;

	while (c->p < c->end && *c->p != '@' && *c->p != ',')
		c->p++;
	if (!path_valid_name(s, (size_t)(c->p - s)))
		return -SH_EBADMSG;
	memcpy(out, s, (size_t)(c->p - s));
	out[c->p - s] = '\0';
	return 0;
}

/* Takes an unsigned number: "0x" and hex digits, or decimal digits. */
static int take_num(struct cur *c, uint64_t *out)
{
	unsigned base = 10;
	int digits = 0;
	uint64_t v = 0;

	if (c->end - c->p > 2 && c->p[0] == '0' && c->p[1] == 'x') {
		base = 16;
		c->p += 2;
	}
	while (c->p < c->end) {
		char ch = *c->p;
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned)(ch - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -SH_EBADMSG;
		v = v * base + d;
		digits++;
		c->p++;
	}
	if (!digits)
		return -SH_EBADMSG;
	*out = v;
	return 0;
}

/* Takes sep then INDEX, and turns it into the handle at that index. */
static int take_index(struct cur *c, char sep, const sh_handle_t *handles,
		      uint32_t nh, sh_handle_t *out)
{
	uint64_t i;

	if (c->p >= c->end || *c->p != sep)
		return -SH_EBADMSG;
	c->p++;
	if (take_num(c, &i) < 0 || i >= nh || handles[i] == SH_HANDLE_NONE)
		return -SH_EBADMSG;
	*out = handles[i];
	return 0;
}

/* Takes "@INDEX" and turns it into the handle at that index. */
static int take_handle(struct cur *c, const sh_handle_t *handles, uint32_t nh,
		       sh_handle_t *out)
{
	return take_index(c, '@', handles, nh, out);
}

/* Ends an entry: at the end of the value or after a ','.  A ',' must be
 * followed by another entry. */
static int take_sep(struct cur *c)
{
	if (c->p == c->end)
		return 0;
	if (*c->p != ',' || c->p + 1 == c->end)
		return -SH_EBADMSG;
	c->p++;
	return 0;
}

int strate_parse_ns(const char *v, size_t len, const sh_handle_t *handles,
		    uint32_t nh, struct ns_table *t)
{
	struct cur c = { v, v + len };
	char name[SH_SCHEME_NAME_MAX + 1];
	char prefix[SH_PATH_MAX + 1];
	int n = 0, r;

	while (c.p < c.end) {
		sh_handle_t h;
		const char *pfx = NULL;

		if (take_name(&c, name) < 0 || take_handle(&c, handles, nh, &h) < 0)
			return -SH_EBADMSG;
		if (c.p < c.end && *c.p == ':') {
			const char *s = ++c.p;

			while (c.p < c.end && *c.p != ',')
				c.p++;
			if (c.p == s || (size_t)(c.p - s) > SH_PATH_MAX)
				return -SH_EBADMSG;
			memcpy(prefix, s, (size_t)(c.p - s));
			prefix[c.p - s] = '\0';
			pfx = prefix;
		}
		if (take_sep(&c) < 0)
			return -SH_EBADMSG;
		r = ns_add(t, name, h, pfx);
		if (r == -SH_EINVAL || r == -SH_ENAMETOOLONG)
			return -SH_EBADMSG;
		if (r < 0)
			return r;
		n++;
	}
	return n;
}

int strate_parse_serve(const char *v, size_t len, const sh_handle_t *handles,
		       uint32_t nh, struct ns_entry *out, uint32_t cap)
{
	struct cur c = { v, v + len };
	uint32_t n = 0;

	while (c.p < c.end) {
		struct ns_entry e;

		memset(&e, 0, sizeof(e));
		if (take_name(&c, e.name) < 0 ||
		    take_handle(&c, handles, nh, &e.ep) < 0 || take_sep(&c) < 0)
			return -SH_EBADMSG;
		for (uint32_t i = 0; i < n; i++)
			if (strcmp(out[i].name, e.name) == 0)
				return -SH_EEXIST;
		if (n == cap)
			return -SH_ENOSPC;
		e.prefix[0] = '/';
		e.prefix_len = 1;
		out[n++] = e;
	}
	return (int)n;
}

int strate_parse_dev(const char *v, size_t len, const sh_handle_t *handles,
		     uint32_t nh, struct strate_dev *out, uint32_t cap)
{
	struct cur c = { v, v + len };
	uint32_t n = 0;

	while (c.p < c.end) {
		struct strate_dev d;

		memset(&d, 0, sizeof(d));
		if (take_name(&c, d.name) < 0 ||
		    take_handle(&c, handles, nh, &d.frame) < 0)
			return -SH_EBADMSG;
		if (c.p < c.end && *c.p == '+') {
			c.p++;
			if (take_num(&c, &d.offset) < 0)
				return -SH_EBADMSG;
		}
		/* the irq: "/irq@Q", or silo_ctl.h's "/Q" and "/-1" (none) */
		if (c.end - c.p >= 3 && memcmp(c.p, "/-1", 3) == 0) {
			c.p += 3;
		} else if (c.end - c.p >= 5 && memcmp(c.p, "/irq@", 5) == 0) {
			c.p += 4;
			if (take_handle(&c, handles, nh, &d.irq) < 0)
				return -SH_EBADMSG;
		} else if (c.p < c.end && *c.p == '/') {
			if (take_index(&c, '/', handles, nh, &d.irq) < 0)
				return -SH_EBADMSG;
		}
		if (take_sep(&c) < 0)
			return -SH_EBADMSG;
		if (n == cap)
			return -SH_ENOSPC;
		out[n++] = d;
	}
	return (int)n;
}
