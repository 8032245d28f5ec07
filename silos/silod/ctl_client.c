/* The client side of the silo control protocol (shale/silo_ctl.h): one
 * call, the environment lists silod hands every program, and the prefix
 * lookup strates make before serving a badge.  Trusts nothing in a reply
 * beyond its length. */
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/scheme_path.h>
#include <shale/silo_ctl.h>

int64_t silo_ctl_call(sh_handle_t ep, uint32_t code, const char *name,
		      uint64_t arg, uint32_t kind, const char *text,
		      uint32_t len, void *out, uint32_t cap, uint32_t *outlen)
{
	/* Request and reply share one buffer: out when it is big enough,
	 * else this one, copied out after. */
	uint64_t small[(sizeof(struct silo_ctl_req) + SH_PATH_MAX + 8) / 8];
	uint32_t need = (uint32_t)sizeof(struct silo_ctl_req) + len;
	void *b = out && cap >= need && ((uintptr_t)out & 7) == 0 ? out : small;
	struct silo_ctl_req *rq = b;
	struct sh_msg m;
	long err;

	if (len > SH_PATH_MAX)
		return -SH_E2BIG;
	memset(rq, 0, sizeof(*rq));
	if (name) {
		size_t n = strlen(name);

		if (n > SILO_NAME_MAX)
			return -SH_ENAMETOOLONG;
		memcpy(rq->name, name, n);
	}
	rq->arg = arg;
	rq->kind = kind;
	rq->len = len;
	if (len)
		memcpy(rq + 1, text, len);
	memset(&m, 0, sizeof(m));
	m.tag = code;
	m.buf = b;
	m.len = need;
	m.cap = b == out ? cap : (uint32_t)sizeof(small);
	err = sh_ipc_call(ep, &m);
	if (err < 0)
		return err;
	if (out && b != out) {
		m.len = m.len < cap ? m.len : cap;
		memcpy(out, b, m.len);
	}
	if (outlen)
		*outlen = out ? m.len : 0;
	return (int64_t)m.tag;
}

const char *silo_env_get(const char *var)
{
	/* libc's crt0 builds environ from the start block's environment. */
	return getenv(var);
}

/* Parses a decimal index at *p; returns it or -1. */
static long parse_index(const char **p)
{
	long v = 0;
	int any = 0;

	while (**p >= '0' && **p <= '9' && v < 1000) {
		v = v * 10 + (**p - '0');
		(*p)++;
		any = 1;
	}
	return any ? v : -1;
}

/* Handle at index i of the start record, or -SH_ENOENT. */
static long start_handle(long i)
{
	const struct sh_start *st = sh_start_info();

	if (i < 0 || (uint32_t)i >= st->nhandles || !st->handles[i])
		return -SH_ENOENT;
	return st->handles[i];
}

long silo_env_handle(const char *var, const char *name)
{
	const char *p = silo_env_get(var);
	size_t nl;

	if (!p)
		return -SH_ENOENT;
	if (!name)
		return start_handle(parse_index(&p));
	nl = strlen(name);
	while (*p) {
		const char *at = strchr(p, '@');
		long i;

		if (!at)
			break;
		if ((size_t)(at - p) == nl && !memcmp(p, name, nl)) {
			p = at + 1;
			i = parse_index(&p);
			return start_handle(i);
		}
		p = strchr(at, ',');
		if (!p)
			break;
		p++;
	}
	return -SH_ENOENT;
}

int silo_ctl_resolve(sh_handle_t silod, uint64_t badge, const char *path,
		     char *out, size_t cap)
{
	char prefix[SH_PATH_MAX + 1];
	uint32_t n = 0;
	int64_t r;

	if (badge == 0)
		return path_join("/", 1, path, strlen(path), out, cap);
	r = silo_ctl_call(silod, SILO_CTL_WHOIS, NULL, badge, 0, NULL, 0,
			  prefix, SH_PATH_MAX, &n);
	if (r < 0)
		return r == -SH_ENOENT || r == -SH_EPERM ? -SH_ENOENT : (int)r;
	if (n == 0 || n > SH_PATH_MAX || !path_is_normal(prefix, n))
		return -SH_ENOENT;
	prefix[n] = 0;
	return path_join(prefix, n, path, strlen(path), out, cap);
}
