/* The silo manifest parser.  Format (silos/README.md): one "key = value"
 * per line, '#' comments, values cut into words (lex_split).  Manifests
 * come from the boot archive and from disk, so nothing in them is
 * trusted: lines are bounded, every key is known or an error, once-only
 * keys are once only, limits are checked before anything is stored, and
 * the first problem stops the parse with "file:line: problem".
 *
 * Policy that is not syntax lives here too, because a manifest that
 * parses is one silod may act on: a silo must name itself, run at least
 * one program given by a scheme path, and say what it uses ("uses =
 * nothing" when it uses nothing: never by omission). */
#include <string.h>
#include <shale/errors.h>
#include <shale/scheme_path.h>
#include "manifest.h"
#include "manifest_lex.h"

enum key {
	K_NAME, K_RUN, K_SERVES, K_USES, K_MEMORY, K_THREADS, K_HANDLES,
	K_RESTART, K_INTENSITY, K_BOOT, K_COUNT
};

static const char *const key_names[K_COUNT] = {
	[K_NAME] = "name", [K_RUN] = "run", [K_SERVES] = "serves",
	[K_USES] = "uses", [K_MEMORY] = "memory", [K_THREADS] = "threads",
	[K_HANDLES] = "handles", [K_RESTART] = "restart",
	[K_INTENSITY] = "intensity", [K_BOOT] = "boot",
};

/* Keys that may appear on several lines (the values add up). */
static int key_repeats(enum key k)
{
	return k == K_RUN || k == K_SERVES || k == K_USES;
}

struct parse {
	struct manifest *m;
	const char *file;
	uint32_t line;
	uint32_t first[K_COUNT];	/* line a key was first seen on, 0: not yet */
	int uses_nothing;
	int serves_nothing;
	struct lex_msg msg;
	struct lex_words w;
};

/* Starts the message "file:line: " and returns it for the problem. */
static struct lex_msg *fail_at(struct parse *p, uint32_t line)
{
	msg_str(&p->msg, p->file);
	msg_str(&p->msg, ":");
	msg_uint(&p->msg, line);
	msg_str(&p->msg, ": ");
	return &p->msg;
}

static int fail(struct parse *p, const char *what)
{
	msg_str(fail_at(p, p->line), what);
	return -SH_EBADMSG;
}

/* "key: problem" */
static int fail_key(struct parse *p, enum key k, const char *what)
{
	struct lex_msg *m = fail_at(p, p->line);
	msg_str(m, key_names[k]);
	msg_str(m, ": ");
	msg_str(m, what);
	return -SH_EBADMSG;
}

/* "key: before 'word' after" */
static int fail_word(struct parse *p, enum key k, const char *before,
		     uint32_t i, const char *after)
{
	struct lex_msg *m = fail_at(p, p->line);
	msg_str(m, key_names[k]);
	msg_str(m, ": ");
	msg_str(m, before);
	msg_str(m, "'");
	msg_quote(m, p->w.bytes + p->w.off[i], p->w.len[i]);
	msg_str(m, "'");
	msg_str(m, after);
	return -SH_EBADMSG;
}

static const char *word(struct parse *p, uint32_t i)
{
	return p->w.bytes + p->w.off[i];
}

static int word_is(struct parse *p, uint32_t i, const char *s)
{
	return p->w.len[i] == strlen(s) && memcmp(word(p, i), s, p->w.len[i]) == 0;
}

/* A silo name: letters, digits, '-' and '_', starting with a letter. */
static int valid_silo_name(const char *s, size_t n)
{
	if (n == 0 || n > MANIFEST_NAME_MAX)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static int do_name(struct parse *p)
{
	if (p->w.n != 1 || !valid_silo_name(word(p, 0), p->w.len[0]))
		return fail_key(p, K_NAME, "expected one word of letters, digits, "
				"'-' or '_', starting with a letter (at most 31)");
	memcpy(p->m->name, word(p, 0), p->w.len[0] + 1);
	return 0;
}

static int do_run(struct parse *p)
{
	struct manifest_run *r;
	char name[SH_SCHEME_NAME_MAX + 1], path[SH_PATH_MAX + 1];
	uint32_t used = 0;

	if (p->m->nrun == MANIFEST_RUN_MAX)
		return fail_key(p, K_RUN, "too many programs (at most 8)");
	if (path_split(word(p, 0), p->w.len[0], name, path, sizeof(path), NULL) < 0)
		return fail_word(p, K_RUN, "expected a program's scheme path such as "
				 "boot:/bin/fsd, got ", 0, "");
	if (p->w.n > MANIFEST_ARGV_MAX)
		return fail_key(p, K_RUN, "too many arguments (at most 15)");
	r = &p->m->run[p->m->nrun];
	for (uint32_t i = 0; i < p->w.n; i++) {
		uint32_t n = p->w.len[i] + 1;
		if (n > MANIFEST_ARGS_BYTES - used)
			return fail_key(p, K_RUN, "arguments too long (at most 512 bytes)");
		memcpy(r->args + used, word(p, i), n);
		used += n;
	}
	r->argc = p->w.n;
	r->args_len = used;
	p->m->nrun++;
	return 0;
}

static int do_serves(struct parse *p)
{
	struct manifest *m = p->m;

	for (uint32_t i = 0; i < p->w.n; i++) {
		if (word_is(p, i, "nothing")) {
			if (p->w.n != 1 || m->nserves)
				return fail_key(p, K_SERVES, "'nothing' cannot be "
						"combined with other entries");
			p->serves_nothing = 1;
			continue;
		}
		if (p->serves_nothing)
			return fail_key(p, K_SERVES, "'nothing' cannot be combined "
					"with other entries");
		if (!path_valid_name(word(p, i), p->w.len[i]))
			return fail_word(p, K_SERVES, "bad scheme name ", i, "");
		for (uint32_t j = 0; j < m->nserves; j++)
			if (strcmp(m->serves[j], word(p, i)) == 0)
				return fail_word(p, K_SERVES, "", i, " listed twice");
		if (m->nserves == MANIFEST_SERVES_MAX)
			return fail_key(p, K_SERVES, "too many schemes (at most 8)");
		memcpy(m->serves[m->nserves++], word(p, i), p->w.len[i] + 1);
	}
	return 0;
}

/* One uses entry: "scheme", "scheme:path" or "name=scheme:path". */
static int use_one(struct parse *p, uint32_t i)
{
	struct manifest *m = p->m;
	struct manifest_use *u;
	const char *s = word(p, i);
	uint32_t n = p->w.len[i];
	char path[SH_PATH_MAX + 1];
	size_t colon = 0, eq = 0, as = 0;
	int len;

	while (colon < n && s[colon] != ':')
		colon++;
	while (eq < colon && s[eq] != '=')
		eq++;
	if (m->nuses == MANIFEST_USES_MAX)
		return fail_key(p, K_USES, "too many entries (at most 16)");
	u = &m->uses[m->nuses];
	if (eq < colon) {
		/* "name=": the entry's name in the namespace */
		if (!path_valid_name(s, eq))
			return fail_word(p, K_USES, "bad name before '=' in ", i, "");
		if (eq == 3 && memcmp(s, "dev", 3) == 0)
			return fail_word(p, K_USES, "the name 'dev' is kept for "
					 "devices: ", i, "");
		as = eq + 1;
	}
	if (colon == n) {
		if (!path_valid_name(s + as, n - as))
			return fail_word(p, K_USES, "expected scheme or scheme:path, got ",
					 i, "");
		memcpy(u->scheme, s + as, n - as + 1);
		memcpy(u->path, "/", 2);
	} else {
		len = path_split(s + as, n - as, u->scheme, path, sizeof(path), NULL);
		if (len < 0)
			return fail_word(p, K_USES, "expected scheme or scheme:path, got ",
					 i, "");
		if ((size_t)len > MANIFEST_PATH_MAX)
			return fail_word(p, K_USES, "path too long in ", i,
					 " (at most 255 bytes)");
		memcpy(u->path, path, (size_t)len + 1);
	}
	if (as) {
		memcpy(u->name, s, eq);
		u->name[eq] = '\0';
	} else {
		memcpy(u->name, u->scheme, sizeof(u->name));
	}
	if (strcmp(u->scheme, "dev") == 0) {
		if (as)
			return fail_word(p, K_USES, "a device takes no name: ", i, "");
		if (strcmp(u->path, "/") == 0)
			return fail_word(p, K_USES, "name the device, as in "
					 "dev:virtio-blk: ", i, "");
	}
	/* one namespace entry per name; devices are each their own grant */
	for (uint32_t j = 0; j < m->nuses; j++) {
		if (strcmp(m->uses[j].name, u->name) != 0)
			continue;
		if (strcmp(u->scheme, "dev") != 0 ||
		    strcmp(m->uses[j].path, u->path) == 0)
			return fail_word(p, K_USES, "", i, " repeats a name already used");
	}
	m->nuses++;
	return 0;
}

static int do_uses(struct parse *p)
{
	for (uint32_t i = 0; i < p->w.n; i++) {
		int err;
		if (word_is(p, i, "nothing")) {
			if (p->w.n != 1 || p->m->nuses)
				return fail_key(p, K_USES, "'nothing' cannot be "
						"combined with other entries");
			p->uses_nothing = 1;
			continue;
		}
		if (p->uses_nothing)
			return fail_key(p, K_USES, "'nothing' cannot be combined "
					"with other entries");
		err = use_one(p, i);
		if (err)
			return err;
	}
	return 0;
}

static int do_quota(struct parse *p, enum key k)
{
	uint64_t v;
	int r;

	if (k == K_MEMORY) {
		r = p->w.n == 1 ? lex_size(word(p, 0), p->w.len[0], 1ull << 40, &v) : -1;
		if (r == -1)
			return fail_key(p, k, "expected a size such as 16M "
					"(bytes, or K, M, G)");
		if (r == -2)
			return fail_key(p, k, "too large (at most 1024G)");
		if (v < SH_PAGE_SIZE)
			return fail_key(p, k, "too small (at least 4K)");
		p->m->memory = v;
		return 0;
	}
	r = p->w.n == 1 ? lex_size(word(p, 0), p->w.len[0], 1u << 20, &v) : -1;
	if (r == -1)
		return fail_key(p, k, "expected a count such as 16");
	if (r == -2)
		return fail_key(p, k, "too large (at most 1M)");
	if (v == 0)
		return fail_key(p, k, "must be at least 1");
	if (k == K_THREADS)
		p->m->threads = (uint32_t)v;
	else
		p->m->handles = (uint32_t)v;
	return 0;
}

static int do_restart(struct parse *p)
{
	static const char *const words[] = { "permanent", "transient", "temporary" };

	for (uint32_t i = 0; p->w.n == 1 && i < 3; i++) {
		if (word_is(p, 0, words[i])) {
			p->m->restart = (enum manifest_restart)(MANIFEST_PERMANENT + i);
			return 0;
		}
	}
	return fail_key(p, K_RESTART, "expected permanent, transient or temporary");
}

/* "yes" or "no": whether silod starts it at boot (fs:/etc/silos/: only
 * with yes; the boot archive: always, unless it says no). */
static int do_boot(struct parse *p)
{
	p->m->boot_said = 1;
	if (p->w.n == 1 && word_is(p, 0, "yes"))
		p->m->boot = 1;
	else if (p->w.n == 1 && word_is(p, 0, "no"))
		p->m->boot = 0;
	else
		return fail_key(p, K_BOOT, "expected yes or no");
	return 0;
}

/* "N in Ts" (or "N in Tms"). */
static int do_intensity(struct parse *p)
{
	uint64_t n, t;
	const char *ts;
	uint32_t tl;
	uint64_t unit = 1000;

	if (p->w.n != 3 || !word_is(p, 1, "in"))
		goto bad;
	if (lex_size(word(p, 0), p->w.len[0], 1000, &n) != 0 ||
	    word(p, 0)[p->w.len[0] - 1] > '9')
		goto bad;
	ts = word(p, 2);
	tl = p->w.len[2];
	if (tl >= 3 && ts[tl - 2] == 'm' && ts[tl - 1] == 's') {
		unit = 1;
		tl -= 2;
	} else if (tl >= 2 && ts[tl - 1] == 's') {
		tl -= 1;
	} else {
		goto bad;
	}
	if (lex_size(ts, tl, 86400000, &t) != 0 || ts[tl - 1] > '9' ||
	    t * unit > 86400000u || t == 0)
		goto bad;
	p->m->intensity = (uint32_t)n;
	p->m->period_ms = (uint32_t)(t * unit);
	return 0;
bad:
	return fail_key(p, K_INTENSITY, "expected \"N in Ts\" (N at most 1000, "
			"T from 1s to 86400s)");
}

static int key_lookup(const char *s, size_t n)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strlen(key_names[k]) == n && memcmp(key_names[k], s, n) == 0)
			return k;
	return -1;
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int parse_line(struct parse *p, const char *s, size_t n)
{
	size_t i = 0, ks, kl;
	const char *bad;
	int k;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == n || s[i] == '#')
		return 0;		/* blank or comment */
	ks = i;
	while (i < n && is_key_char(s[i]))
		i++;
	kl = i - ks;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (kl == 0 || i == n || s[i] != '=')
		return fail(p, "expected 'key = value'");
	i++;
	k = key_lookup(s + ks, kl);
	if (k < 0) {
		struct lex_msg *m = fail_at(p, p->line);
		msg_str(m, "unknown key '");
		msg_quote(m, s + ks, kl);
		msg_str(m, "'");
		return -SH_EBADMSG;
	}
	if (p->first[k] && !key_repeats((enum key)k)) {
		struct lex_msg *m = fail_at(p, p->line);
		msg_str(m, key_names[k]);
		msg_str(m, ": set twice (first on line ");
		msg_uint(m, p->first[k]);
		msg_str(m, ")");
		return -SH_EBADMSG;
	}
	if (!p->first[k])
		p->first[k] = p->line;
	bad = lex_split(s + i, n - i, &p->w);
	if (bad)
		return fail_key(p, (enum key)k, bad);
	if (p->w.n == 0)
		return fail_key(p, (enum key)k, "missing value");

	switch ((enum key)k) {
	case K_NAME: return do_name(p);
	case K_RUN: return do_run(p);
	case K_SERVES: return do_serves(p);
	case K_USES: return do_uses(p);
	case K_MEMORY: case K_THREADS: case K_HANDLES: return do_quota(p, (enum key)k);
	case K_RESTART: return do_restart(p);
	case K_INTENSITY: return do_intensity(p);
	case K_BOOT: return do_boot(p);
	case K_COUNT: break;
	}
	return fail(p, "internal error");
}

/* What every manifest must say, checked once the text is read. */
static int check_required(struct parse *p)
{
	if (!p->first[K_NAME])
		return fail(p, "missing 'name'");
	if (!p->first[K_RUN])
		return fail(p, "missing 'run': a silo runs at least one program");
	if (!p->first[K_USES])
		return fail(p, "missing 'uses' (write 'uses = nothing' for a silo "
			    "that uses no scheme)");
	return 0;
}

int manifest_parse(struct manifest *m, const char *file, const char *text,
		   size_t len, char *err, size_t errcap)
{
	struct parse p;
	size_t pos = 0;
	int r;

	memset(&p, 0, sizeof(p));
	memset(m, 0, sizeof(*m));
	p.m = m;
	p.file = file ? file : "manifest";
	msg_init(&p.msg, err, errcap);
	m->restart = MANIFEST_PERMANENT;
	m->intensity = MANIFEST_DEFAULT_INTENSITY;
	m->period_ms = MANIFEST_DEFAULT_PERIOD_MS;
	m->memory = MANIFEST_DEFAULT_MEMORY;
	m->threads = MANIFEST_DEFAULT_THREADS;
	m->handles = MANIFEST_DEFAULT_HANDLES;

	while (pos < len) {
		size_t end = pos;

		p.line++;
		while (end < len && text[end] != '\n') {
			if (text[end] == '\0')
				return fail(&p, "NUL byte in the text");
			end++;
		}
		if (end - pos > MANIFEST_LINE_MAX)
			return fail(&p, "line too long (at most 1023 bytes)");
		r = parse_line(&p, text + pos, end - pos);
		if (r)
			return r;
		pos = end + 1;
	}
	if (p.line == 0)
		p.line = 1;
	return check_required(&p);
}

const char *manifest_restart_name(enum manifest_restart r)
{
	switch (r) {
	case MANIFEST_PERMANENT: return "permanent";
	case MANIFEST_TRANSIENT: return "transient";
	case MANIFEST_TEMPORARY: return "temporary";
	}
	return "?";
}
