/* Loader: reads the IFF container of a .beam file and its chunks into a
 * struct module.  It trusts nothing in the file: every length, index and
 * count is checked against what was actually read, and any problem ends the
 * load with a message naming the module and the byte offset.  Nothing is
 * published (module table, exports) until the whole module has loaded. */
#include "load.h"
#include "host.h"
#include <shale/errors.h>
#include <stdarg.h>
#include <stdlib.h>
#include <zlib.h>

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int ld_fail(struct ld *l, size_t off, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "module %s: offset %zu: %s",
		 l->modname[0] ? l->modname : "?", off, msg);
	return -SH_EBADMSG;
}

static size_t off_of(struct ld *l, const uint8_t *p)
{
	return (size_t)(p - l->data);
}

static int ld_chunks(struct ld *l)
{
	if (l->len < 12 || memcmp(l->data, "FOR1", 4) != 0 ||
	    memcmp(l->data + 8, "BEAM", 4) != 0)
		return ld_fail(l, 0, "not a BEAM file (no FOR1/BEAM header)");
	size_t total = (size_t)be32(l->data + 4) + 8;
	if (total > l->len)
		return ld_fail(l, 4, "truncated: header says %zu bytes, file has %zu",
			       total, l->len);
	size_t pos = 12;
	while (pos + 8 <= total) {
		const uint8_t *id = l->data + pos;
		size_t sz = be32(l->data + pos + 4);
		if (sz > total - pos - 8)
			return ld_fail(l, pos, "chunk %.4s size %zu runs past the end",
				       (const char *)id, sz);
		const uint8_t *d = l->data + pos + 8;
#define CH(name, ptr, ln) \
	if (memcmp(id, name, 4) == 0) { l->ptr = d; l->ln = sz; }
		CH("Code", code, code_len)
		else CH("StrT", strt, strt_len)
		else CH("ImpT", impt, impt_len)
		else CH("ExpT", expt, expt_len)
		else CH("FunT", funt, funt_len)
		else CH("LitT", litt, litt_len)
		else CH("Line", line, line_len)
		else CH("Meta", meta, meta_len)
		else if (memcmp(id, "AtU8", 4) == 0) {
			l->atom = d; l->atom_len = sz; l->atom_utf8 = true;
		} else if (memcmp(id, "Atom", 4) == 0 && !l->atom) {
			l->atom = d; l->atom_len = sz;
		}
#undef CH
		pos += 8 + ((sz + 3) & ~(size_t)3);
	}
	if (!l->atom)
		return ld_fail(l, 12, "no atom chunk");
	if (!l->code)
		return ld_fail(l, 12, "no Code chunk");
	return 0;
}

/* The module's MD5 as OTP computes it (beam_lib:md5/1, the uniq of its
 * funs in the external format): the atom, Code, StrT, ImpT, ExpT, FunT
 * (each fun's old uniq zeroed), LitT and Meta chunks in that order. */
static void ld_md5(struct ld *l)
{
	uint8_t *funt = NULL;
	if (l->funt) {
		funt = malloc(l->funt_len + 1);
		memcpy(funt, l->funt, l->funt_len);
		for (size_t o = 4; o + 24 <= l->funt_len; o += 24)
			memset(funt + o + 20, 0, 4);
	}
	const uint8_t *d[] = { l->atom, l->code, l->strt, l->impt, l->expt, funt,
			       l->litt, l->meta };
	size_t n[] = { l->atom_len, l->code_len, l->strt_len, l->impt_len,
		       l->expt_len, l->funt_len, l->litt_len, l->meta_len };
	md5_of_parts(d, n, 8, l->m->md5);
	free(funt);
}

static int ld_atoms(struct ld *l)
{
	const uint8_t *p = l->atom, *end = l->atom + l->atom_len;
	if (l->atom_len < 4)
		return ld_fail(l, off_of(l, p), "atom chunk too short");
	int32_t n = (int32_t)be32(p);
	bool long_len = n < 0;      /* OTP 28 style negative count */
	if (long_len)
		n = -n;
	p += 4;
	if ((size_t)n > l->atom_len)
		return ld_fail(l, off_of(l, p), "atom count %d too large", n);
	l->atoms = calloc((size_t)n + 1, sizeof(term));
	l->natoms = (uint32_t)n;
	for (int32_t i = 1; i <= n; i++) {
		if (p >= end)
			return ld_fail(l, off_of(l, p), "atom table truncated");
		size_t len = *p++;
		if (long_len && (len & 0x8)) {
			return ld_fail(l, off_of(l, p), "long atom lengths unsupported");
		}
		if (len > (size_t)(end - p))
			return ld_fail(l, off_of(l, p), "atom %d runs past the chunk", i);
		if (!l->atom_utf8) {
			/* Latin-1 atom: convert to UTF-8. */
			char buf[512];
			size_t k = 0;
			for (size_t j = 0; j < len; j++) {
				uint8_t c = p[j];
				if (c < 0x80) {
					buf[k++] = (char)c;
				} else {
					buf[k++] = (char)(0xC0 | (c >> 6));
					buf[k++] = (char)(0x80 | (c & 0x3F));
				}
			}
			l->atoms[i] = atom_intern(buf, k);
		} else {
			l->atoms[i] = atom_intern((const char *)p, len);
		}
		if (l->atoms[i] == NONV)
			return ld_fail(l, off_of(l, p), "atom table full");
		if (i == 1) {
			size_t c = len < 255 ? len : 255;
			memcpy(l->modname, p, c);
			l->modname[c] = 0;
		}
		p += len;
	}
	if (n < 1)
		return ld_fail(l, off_of(l, p), "no module name atom");
	return 0;
}

static int ld_atom_at(struct ld *l, const uint8_t *p, term *out)
{
	uint32_t i = be32(p);
	if (i < 1 || i > l->natoms)
		return ld_fail(l, off_of(l, p), "atom index %u out of range", i);
	*out = l->atoms[i];
	return 0;
}

static int ld_imports(struct ld *l)
{
	struct module *m = l->m;
	if (!l->impt)
		return 0;
	if (l->impt_len < 4)
		return ld_fail(l, off_of(l, l->impt), "ImpT too short");
	size_t n = be32(l->impt);
	if (n > (l->impt_len - 4) / 12)
		return ld_fail(l, off_of(l, l->impt), "ImpT count %zu too large", n);
	m->imports = calloc(n ? n : 1, sizeof *m->imports);
	m->nimports = n;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = l->impt + 4 + 12 * i;
		term mod, fun;
		int r;
		if ((r = ld_atom_at(l, e, &mod)) || (r = ld_atom_at(l, e + 4, &fun)))
			return r;
		uint32_t ar = be32(e + 8);
		if (ar > 255)
			return ld_fail(l, off_of(l, e), "import arity %u too large", ar);
		m->imports[i] = export_get(mod, fun, ar);
	}
	return 0;
}

static int ld_literals(struct ld *l)
{
	if (!l->litt)
		return 0;
	if (l->litt_len < 4)
		return ld_fail(l, off_of(l, l->litt), "LitT too short");
	uLongf ulen = be32(l->litt);
	const uint8_t *src = l->litt + 4;
	size_t srclen = l->litt_len - 4;
	uint8_t *buf;
	if (ulen == 0) {
		/* Uncompressed literal table (allowed by the format). */
		ulen = srclen;
		buf = malloc(ulen ? ulen : 1);
		memcpy(buf, src, ulen);
	} else {
		if (ulen > 256u * 1024 * 1024)
			return ld_fail(l, off_of(l, l->litt), "LitT too large");
		buf = malloc(ulen);
		if (!buf || uncompress(buf, &ulen, src, srclen) != Z_OK) {
			free(buf);
			return ld_fail(l, off_of(l, l->litt),
				       "LitT does not inflate");
		}
	}
	int rc = 0;
	if (ulen < 4) {
		rc = ld_fail(l, off_of(l, l->litt), "LitT table truncated");
		goto out;
	}
	size_t n = be32(buf), pos = 4;
	if (n > ulen / 5) {
		rc = ld_fail(l, off_of(l, l->litt), "LitT count %zu too large", n);
		goto out;
	}
	l->lits = calloc(n ? n : 1, sizeof(term));
	l->nlits = n;
	for (size_t i = 0; i < n; i++) {
		if (pos + 4 > ulen) {
			rc = ld_fail(l, off_of(l, l->litt), "literal %zu truncated", i);
			goto out;
		}
		size_t sz = be32(buf + pos);
		pos += 4;
		size_t used;
		if (sz > ulen - pos || sz < 1 || buf[pos] != 131 ||
		    (l->lits[i] = ext_decode(NULL, &l->m->lit_arena, buf + pos + 1,
					     sz - 1, &used)) == NONV) {
			rc = ld_fail(l, off_of(l, l->litt),
				     "literal %zu is not a valid external term", i);
			goto out;
		}
		pos += sz;
	}
out:
	free(buf);
	return rc;
}

/* Line chunk: version, flags, instruction count, item count, name count,
 * then compact-coded items (a-tag: file index, i-tag: line). */
static int ld_lines(struct ld *l)
{
	if (!l->line || l->line_len < 20)
		return 0;
	const uint8_t *p = l->line + 20, *end = l->line + l->line_len;
	size_t nitems = be32(l->line + 12);
	if (nitems > l->line_len)
		return ld_fail(l, off_of(l, l->line), "Line item count too large");
	l->lineno = calloc(nitems + 1, sizeof(uint32_t));
	l->linefile = calloc(nitems + 1, sizeof(uint32_t));
	l->nlineno = nitems + 1;
	size_t k = 1;    /* item 0 means "no line" */
	uint32_t file = 0;
	while (k <= nitems && p < end) {
		uint8_t b = *p++;
		unsigned tag = b & 7;
		uint64_t v;
		if (!(b & 8)) {
			v = b >> 4;
		} else if (!(b & 0x10)) {
			if (p >= end)
				break;
			v = ((uint64_t)(b >> 5) << 8) | *p++;
		} else {
			size_t nb = (b >> 5) + 2;
			if (nb > 8 || (size_t)(end - p) < nb)
				return ld_fail(l, off_of(l, p), "bad Line item");
			v = 0;
			for (size_t j = 0; j < nb; j++)
				v = v << 8 | *p++;
		}
		if (tag == 1) {        /* i: a line number */
			l->linefile[k] = file;
			l->lineno[k++] = (uint32_t)v;
		} else if (tag == 2) { /* a: the file (1-based) of what follows */
			file = v ? (uint32_t)v - 1 : 0;
		}
	}
	/* then the file names: 16-bit length and the bytes */
	size_t nf = be32(l->line + 16);
	if (nf > l->line_len)
		return ld_fail(l, off_of(l, l->line), "Line file count too large");
	l->m->fnames = calloc(nf ? nf : 1, sizeof(term));
	for (size_t i = 0; i < nf; i++) {
		if ((size_t)(end - p) < 2)
			return ld_fail(l, off_of(l, p), "Line file names truncated");
		size_t len = (size_t)p[0] << 8 | p[1];
		p += 2;
		if ((size_t)(end - p) < len)
			return ld_fail(l, off_of(l, p), "Line file name truncated");
		term *hp = lit_alloc(&l->m->lit_arena, (2 * len + 1) * sizeof(term));
		term str = NIL;
		for (size_t j = len; j-- > 0;) {
			hp[2 * j] = make_small(p[j]);
			hp[2 * j + 1] = str;
			str = make_list(hp + 2 * j);
		}
		l->m->fnames[i] = str;
		p += len;
	}
	l->m->nfnames = nf;
	return 0;
}

static int ld_funs(struct ld *l)
{
	struct module *m = l->m;
	if (!l->funt)
		return 0;
	if (l->funt_len < 4)
		return ld_fail(l, off_of(l, l->funt), "FunT too short");
	size_t n = be32(l->funt);
	if (n > (l->funt_len - 4) / 24)
		return ld_fail(l, off_of(l, l->funt), "FunT count %zu too large", n);
	m->funs = calloc(n ? n : 1, sizeof *m->funs);
	m->nfuns = n;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = l->funt + 4 + 24 * i;
		struct fun_entry *f = &m->funs[i];
		int r = ld_atom_at(l, e, &f->name);
		if (r)
			return r;
		f->mod = m;
		uint32_t ar = be32(e + 4), nfree = be32(e + 16);
		f->label = be32(e + 8);
		f->index = be32(e + 12);
		f->old_uniq = be32(e + 20);
		if (ar > 255 || nfree > ar || f->label >= l->nlabels)
			return ld_fail(l, off_of(l, e), "bad FunT entry %zu", i);
		f->nfree = nfree;
		f->arity = ar - nfree;
	}
	return 0;
}

static int ld_resolve(struct ld *l)
{
	struct module *m = l->m;
	for (size_t i = 0; i < m->nfuns; i++) {
		uint32_t off = l->label_off[m->funs[i].label];
		if (off == UINT32_MAX)
			return ld_fail(l, off_of(l, l->funt),
				       "fun %zu label undefined", i);
		m->funs[i].code = m->code + off;
	}
	return 0;
}

static int ld_exports(struct ld *l, bool publish)
{
	if (!l->expt)
		return 0;
	if (l->expt_len < 4)
		return ld_fail(l, off_of(l, l->expt), "ExpT too short");
	size_t n = be32(l->expt);
	if (n > (l->expt_len - 4) / 12)
		return ld_fail(l, off_of(l, l->expt), "ExpT count %zu too large", n);
	term list = NIL;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = l->expt + 4 + 12 * i;
		term fun;
		int r = ld_atom_at(l, e, &fun);
		if (r)
			return r;
		uint32_t ar = be32(e + 4), lab = be32(e + 8);
		if (ar > 255 || lab >= l->nlabels || l->label_off[lab] == UINT32_MAX)
			return ld_fail(l, off_of(l, e), "bad export entry %zu", i);
		if (publish) {
			struct export *x = export_get(l->m->name, fun, ar);
			/* a C implementation wins over the module's nif stub */
			if (!x->bif)
				x->code = l->m->code + l->label_off[lab];
			term *hp = lit_alloc(&l->m->lit_arena, 5 * sizeof(term));
			hp[0] = make_header(2, HK_TUPLE);
			hp[1] = fun;
			hp[2] = make_small(ar);
			hp[3] = make_boxed(hp);
			hp[4] = list;
			list = make_list(hp + 3);
		}
	}
	if (publish)
		l->m->exports_list = list;
	return 0;
}

static void ld_free(struct ld *l, bool keep_module)
{
	free(l->atoms);
	free(l->lits);
	free(l->lineno);
	free(l->linefile);
	free(l->label_off);
	free(l->fix);
	if (!keep_module && l->m) {
		free(l->out);
		free(l->m->imports);
		free(l->m->funs);
		free(l->m->funcs);
		free(l->m->lines);
		free(l->m->fnames);
		/* nothing published can point into a module that failed */
		lit_arena_free(l->m->lit_arena);
		free(l->m);
	}
}

static struct module *modules;

struct module *module_find(term name)
{
	for (struct module *m = modules; m; m = m->next)
		if (m->name == name)
			return m;
	return NULL;
}

int module_load(const uint8_t *data, size_t len, char *err, size_t errlen,
		struct module **out)
{
	struct ld l = { .data = data, .len = len, .err = err, .errlen = errlen };
	int r;
	if ((r = ld_chunks(&l)) || (r = ld_atoms(&l)))
		goto fail;
	if (l.code_len < 20) {
		r = ld_fail(&l, off_of(&l, l.code), "Code chunk too short");
		goto fail;
	}
	uint32_t hdr = be32(l.code), iset = be32(l.code + 4);
	l.max_op = be32(l.code + 8);
	l.nlabels = be32(l.code + 12);
	l.nfuncs_hdr = be32(l.code + 16);
	if (hdr < 16 || hdr + 4 > l.code_len || iset != 0) {
		r = ld_fail(&l, off_of(&l, l.code), "bad Code chunk header");
		goto fail;
	}
	if (l.nlabels > l.code_len * 2 + 16) {
		r = ld_fail(&l, off_of(&l, l.code), "label count %u too large",
			    l.nlabels);
		goto fail;
	}
	l.m = calloc(1, sizeof *l.m);
	l.m->name = l.atoms[1];
	ld_md5(&l);
	l.m->file = NIL;
	l.m->exports_list = NIL;
	l.m->attributes = NIL;
	l.m->compile_info = NIL;
	if (l.strt) {
		uint8_t *s = lit_alloc(&l.m->lit_arena, l.strt_len + 1);
		memcpy(s, l.strt, l.strt_len);
		l.strtab = s;
	}
	if ((r = ld_imports(&l)) || (r = ld_literals(&l)) || (r = ld_lines(&l)) ||
	    (r = ld_funs(&l)))
		goto fail;
	if ((r = xlate_code(&l)))
		goto fail;
	if ((r = ld_resolve(&l)) || (r = ld_exports(&l, false)))
		goto fail;
	if (module_find(l.m->name)) {
		r = ld_fail(&l, 0, "module already loaded");
		r = -SH_EEXIST;
		goto fail;
	}
	ld_exports(&l, true);
	l.m->next = modules;
	modules = l.m;
	if (out)
		*out = l.m;
	ld_free(&l, true);
	return 0;
fail:
	ld_free(&l, false);
	return r;
}

const char *code_paths[64];
int code_npaths;

void code_add_path(const char *dir)
{
	if (code_npaths < 64)
		code_paths[code_npaths++] = dir;
}

struct module *module_ensure(term mod)
{
	struct module *m = module_find(mod);
	if (m)
		return m;
	size_t nlen;
	const char *name = atom_text(mod, &nlen);
	for (int i = 0; i < code_npaths; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%.*s.beam", code_paths[i],
			 (int)nlen, name);
		uint8_t *data;
		size_t len;
		if (host_read_file(path, &data, &len) != 0)
			continue;
		char err[256];
		int r = module_load(data, len, err, sizeof err, &m);
		free(data);
		if (r != 0) {
			beam_log("shale-beam: %s: %s\n", path, err);
			return NULL;
		}
		return m;
	}
	return NULL;
}

struct module *module_list_head(void)
{
	return modules;
}

void module_purge(struct module *m)
{
	for (struct module **pp = &modules; *pp; pp = &(*pp)->next)
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	export_forget_code(m->code, m->code + m->code_len);
	free(m->code);
	free(m->imports);
	free(m->funs);
	free(m->funcs);
	free(m->lines);
	free(m->fnames);
	lit_arena_free(m->lit_arena);
	free(m);
}
