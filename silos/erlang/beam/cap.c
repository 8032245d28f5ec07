/* Capability tokens: what an Erlang process may reach through file:.
 * A token is a reference with an unguessable number (a sparse
 * capability): a process holds one (struct proc's cap), a spawned process
 * starts with its parent's, a token travels in messages like any term,
 * and only the runtime makes new ones -- the whole grant at start, or a
 * narrower one (a path prefix, read-only) from one the caller holds.
 * Module shale_cap; the file BIFs ask cap_allows before every path. */
#include "beam.h"
#include "host.h"
#include <stdlib.h>
#include <string.h>

#define CAP_PREFIX_MAX 1024

struct cap {
	uint64_t id;
	bool read_only;
	char prefix[CAP_PREFIX_MAX];	/* "" for the whole grant */
};

static struct cap *caps;
static size_t ncaps, cap_cap;
static uint64_t cap_state;

/* splitmix64 over the clocks and a counter: numbers nobody can predict
 * from inside the VM, all with the top bit set (ordinary references count
 * up from 1, so the two never meet). */
static uint64_t cap_new_id(void)
{
	if (!cap_state)
		cap_state = (uint64_t)host_monotonic_us() * 0x9e3779b97f4a7c15u ^
			    (uint64_t)host_system_us() ^ (uintptr_t)&cap_state;
	uint64_t z = (cap_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return (z ^ (z >> 31)) | (1ull << 63);
}

static struct cap *cap_find(uint64_t id)
{
	for (size_t i = 0; id && i < ncaps; i++)
		if (caps[i].id == id)
			return &caps[i];
	return NULL;
}

static uint64_t cap_add(const char *prefix, size_t len, bool ro)
{
	if (len >= CAP_PREFIX_MAX)
		return 0;
	if (ncaps == cap_cap) {
		size_t n = cap_cap ? cap_cap * 2 : 16;
		struct cap *c = realloc(caps, n * sizeof *c);
		if (!c)
			return 0;
		caps = c;
		cap_cap = n;
	}
	struct cap *c = &caps[ncaps++];
	c->id = cap_new_id();
	c->read_only = ro;
	memcpy(c->prefix, prefix, len);
	c->prefix[len] = '\0';
	return c->id;
}

uint64_t cap_root(void)
{
	static uint64_t root;
	if (!root)
		root = cap_add("", 0, false);
	return root;
}

/* True if path has a ".." component (it could climb out of a prefix). */
static bool has_dotdot(const char *path)
{
	const char *s = path;
	while ((s = strstr(s, "..")) != NULL) {
		bool start = s == path || s[-1] == '/' || s[-1] == ':';
		bool end = s[2] == '\0' || s[2] == '/';
		if (start && end)
			return true;
		s += 2;
	}
	return false;
}

/* path is prefix itself or below it (prefix "fs:/home" covers
 * "fs:/home/x", not "fs:/homework"). */
static bool under(const char *prefix, const char *path)
{
	size_t n = strlen(prefix);
	if (n == 0)
		return true;
	if (strncmp(prefix, path, n) != 0)
		return false;
	char last = prefix[n - 1];
	return path[n] == '\0' || path[n] == '/' || last == '/' || last == ':';
}

bool cap_allows(uint64_t id, const char *path, bool write)
{
	const struct cap *c = cap_find(id);
	if (!c || (write && c->read_only))
		return false;
	if (c->prefix[0] == '\0')
		return true;
	return !has_dotdot(path) && under(c->prefix, path);
}

/* ---- shale_cap ------------------------------------------------------- */

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

static term atom_of(const char *s)
{
	return atom_intern(s, strlen(s));
}

static term token_term(struct proc *p, uint64_t id)
{
	term *hp = heap_alloc(p, 2);
	hp[0] = make_header(1, HK_REF);
	hp[1] = id;
	return make_boxed(hp);
}

/* The token a term names, or NULL if it names none. */
static struct cap *token_of(term t)
{
	return is_ref(t) ? cap_find(boxed_ptr(t)[1]) : NULL;
}

/* shale_cap:token() -> Token | none */
BIF(b_cap_token)
{
	return cap_find(p->cap) ? token_term(p, p->cap) : atom_of("none");
}

/* shale_cap:narrow(Token, Prefix, read_only | read_write) -> Token.
 * Prefix must lie within Token's own; read-only stays read-only. */
BIF(b_cap_narrow)
{
	struct cap *c = token_of(a[0]);
	bool ro;
	if (a[2] == atom_of("read_only"))
		ro = true;
	else if (a[2] == atom_of("read_write"))
		ro = false;
	else
		return BADARG(p);
	size_t n;
	uint8_t *d = iolist_flatten(a[1], &n);
	if (!c || !d || n >= CAP_PREFIX_MAX || memchr(d, 0, n)) {
		free(d);
		return BADARG(p);
	}
	char prefix[CAP_PREFIX_MAX];
	memcpy(prefix, d, n);
	prefix[n] = '\0';
	free(d);
	if (has_dotdot(prefix) || !under(c->prefix, prefix))
		return BADARG(p);
	/* caps may move in cap_add: copy what is needed first */
	bool parent_ro = c->read_only;
	uint64_t id = cap_add(prefix, n, ro || parent_ro);
	if (!id)
		return BADARG(p);
	return token_term(p, id);
}

/* shale_cap:adopt(Token | none) -> ok: the caller holds Token from now on
 * (a token it was given), or none at all. */
BIF(b_cap_adopt)
{
	if (a[0] == atom_of("none")) {
		p->cap = 0;
		return ATOM(ok);
	}
	struct cap *c = token_of(a[0]);
	if (!c)
		return BADARG(p);
	p->cap = c->id;
	return ATOM(ok);
}

/* shale_cap:info(Token) -> {Prefix :: binary, read_only | read_write} */
BIF(b_cap_info)
{
	struct cap *c = token_of(a[0]);
	if (!c)
		return BADARG(p);
	return tuple2(p, bin_new(p, c->prefix, strlen(c->prefix)),
		      atom_of(c->read_only ? "read_only" : "read_write"));
}

const struct bif_def bifs_cap[] = {
	{"shale_cap", "token", 0, b_cap_token},
	{"shale_cap", "narrow", 3, b_cap_narrow},
	{"shale_cap", "adopt", 1, b_cap_adopt},
	{"shale_cap", "info", 1, b_cap_info},
	{NULL, NULL, 0, NULL},
};
