/* Printing terms exactly as io:format("~w") does in OTP 25: atoms quoted
 * when io_lib would quote them, Latin-1 characters written as single bytes,
 * floats in the shortest form that reads back to the same value (fixed or
 * scientific, whichever is shorter, scientific from 2^53 up), maps as
 * #{K => V,...}, funs as #Fun<Module.Index.Uniq>. */
#include "beam.h"
#include "dist.h"
#include <math.h>
#include <stdlib.h>

void sb_putc(struct strbuf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->s = realloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

void sb_puts(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 >= b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void sb_printf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_puts(b, tmp, (size_t)n);
}

/* Decodes UTF-8 atom text into code points; returns the count. */
static size_t utf8_decode(const char *s, size_t n, uint32_t *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint8_t c = (uint8_t)s[i];
		uint32_t cp;
		int len;
		if (c < 0x80) { cp = c; len = 1; }
		else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
		else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
		else { cp = c & 0x07; len = 4; }
		for (int j = 1; j < len && i + (size_t)j < n; j++)
			cp = cp << 6 | ((uint8_t)s[i + (size_t)j] & 0x3F);
		out[k++] = cp;
		i += (size_t)len;
	}
	return k;
}

static bool is_lower(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

static bool is_name_char(uint32_t c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '@' || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static const char *const reserved[] = {
	"after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr",
	"bxor", "case", "catch", "cond", "div", "end", "fun", "if", "let", "not",
	"of", "or", "orelse", "receive", "rem", "try", "when", "xor", NULL
};

static void put_char_escaped(struct strbuf *b, uint32_t c, char quote)
{
	switch (c) {
	case '\n': sb_puts(b, "\\n", 2); return;
	case '\r': sb_puts(b, "\\r", 2); return;
	case '\t': sb_puts(b, "\\t", 2); return;
	case '\v': sb_puts(b, "\\v", 2); return;
	case '\b': sb_puts(b, "\\b", 2); return;
	case '\f': sb_puts(b, "\\f", 2); return;
	case 27: sb_puts(b, "\\e", 2); return;
	case 127: sb_puts(b, "\\d", 2); return;
	case '\\': sb_puts(b, "\\\\", 2); return;
	}
	if (c == (uint32_t)quote) {
		sb_putc(b, '\\');
		sb_putc(b, quote);
		return;
	}
	if (c < 32 || (c >= 128 && c < 160)) {
		sb_printf(b, "\\%03o", c);
		return;
	}
	if (c > 255) {
		sb_printf(b, "\\x{%X}", c);
		return;
	}
	sb_putc(b, (char)c);
}

void print_atom(struct strbuf *b, term a)
{
	size_t n;
	const char *s = atom_text(a, &n);
	uint32_t *cps = malloc((n + 1) * sizeof(uint32_t));
	size_t k = utf8_decode(s, n, cps);
	bool quote = k == 0 || !is_lower(cps[0]);
	for (size_t i = 0; i < k && !quote; i++)
		if (!is_name_char(cps[i]))
			quote = true;
	if (!quote)
		for (int i = 0; reserved[i]; i++)
			if (strlen(reserved[i]) == n && memcmp(reserved[i], s, n) == 0)
				quote = true;
	if (quote)
		sb_putc(b, '\'');
	for (size_t i = 0; i < k; i++) {
		if (quote)
			put_char_escaped(b, cps[i], '\'');
		else
			sb_putc(b, (char)cps[i]);
	}
	if (quote)
		sb_putc(b, '\'');
	free(cps);
}

/* Whether digits (as 0.D x 10^e) read back exactly as d. */
static bool digits_roundtrip(const char *digits, int e, double d)
{
	return fmt_exact_reads_as(digits, e, d);
}

/* Shortest digits that read back to d: returns digit count, fills digits
 * and the decimal exponent e such that d = 0.D * 10^e.  At each length the
 * correctly rounded digits are tried first, then their neighbours one unit
 * up and down (a tie at a power of two can need the other one). */
static int shortest_digits(double d, char *digits, int *e)
{
	char buf[40];
	for (int prec = 1; prec <= 17; prec++) {
		fmt_exact(buf, sizeof buf, d, prec - 1, true);
		int k = 0;
		for (char *q = buf; *q && *q != 'e'; q++)
			if (*q >= '0' && *q <= '9')
				digits[k++] = *q;
		digits[k] = 0;
		int ex = atoi(strchr(buf, 'e') + 1) + 1;
		bool ok = digits_roundtrip(digits, ex, d);
		for (int dir = 1; !ok && dir >= -1 && prec < 17; dir -= 2) {
			char alt[24];
			int ae = ex;
			memcpy(alt, digits, (size_t)k + 1);
			int i = k - 1;
			if (dir > 0) {
				while (i >= 0 && alt[i] == '9')
					alt[i--] = '0';
				if (i < 0) {
					memmove(alt + 1, alt, (size_t)k);
					alt[0] = '1';
					alt[k] = 0;
					ae++;
				} else {
					alt[i]++;
				}
			} else {
				while (i >= 0 && alt[i] == '0')
					alt[i--] = '9';
				if (i < 0 || (i == 0 && alt[0] == '1' && k == 1))
					continue;
				alt[i]--;
			}
			if (digits_roundtrip(alt, ae, d)) {
				memcpy(digits, alt, (size_t)k + 1);
				ex = ae;
				ok = true;
			}
		}
		if (ok || prec == 17) {
			while (k > 1 && digits[k - 1] == '0')
				k--;
			digits[k] = 0;
			*e = ex;
			return k;
		}
	}
	return 0;
}

void print_float(struct strbuf *b, double d)
{
	if (d == 0) {
		sb_puts(b, signbit(d) ? "-0.0" : "0.0", signbit(d) ? 4 : 3);
		return;
	}
	char digits[24];
	int e;
	double a = fabs(d);
	int n = shortest_digits(a, digits, &e);
	char sci[64], fix[400];
	/* scientific: D.DDDe(E-1) */
	int sl = snprintf(sci, sizeof sci, "%c.%se%d", digits[0],
			  n > 1 ? digits + 1 : "0", e - 1);
	int fl;
	if (e <= 0) {
		char z[400];
		memset(z, '0', (size_t)-e);
		z[-e] = 0;
		fl = snprintf(fix, sizeof fix, "0.%s%s", z, digits);
	} else if (e >= n) {
		char z[400];
		memset(z, '0', (size_t)(e - n));
		z[e - n] = 0;
		fl = snprintf(fix, sizeof fix, "%s%s.0", digits, z);
	} else {
		fl = snprintf(fix, sizeof fix, "%.*s.%s", e, digits, digits + e);
	}
	if (d < 0)
		sb_putc(b, '-');
	if (a >= 9007199254740992.0 || sl < fl)
		sb_puts(b, sci, (size_t)sl);
	else
		sb_puts(b, fix, (size_t)fl);
}

static void print_bits(struct strbuf *b, term t)
{
	struct bin_obj *o = bin_of(t);
	const uint8_t *d = o->buf->data;
	uint64_t full = o->bitsize / 8, rest = o->bitsize % 8;
	sb_puts(b, "<<", 2);
	for (uint64_t i = 0; i < full; i++) {
		uint64_t pos = o->bitoff + 8 * i;
		unsigned v;
		if (!(pos & 7))
			v = d[pos / 8];
		else
			v = (unsigned)((d[pos / 8] << (pos & 7)) |
				       (d[pos / 8 + 1] >> (8 - (pos & 7)))) & 0xFF;
		if (i)
			sb_putc(b, ',');
		sb_printf(b, "%u", v);
	}
	if (rest) {
		unsigned v = 0;
		for (uint64_t i = 0; i < rest; i++) {
			uint64_t pos = o->bitoff + 8 * full + i;
			v = v << 1 | ((d[pos / 8] >> (7 - (pos & 7))) & 1);
		}
		if (full)
			sb_putc(b, ',');
		sb_printf(b, "%u:%u", v, (unsigned)rest);
	}
	sb_puts(b, ">>", 2);
}

/* print_term keeps its own stack of what is left to print, so a term
 * nested a million levels deep prints like any other (OTP has no limit). */
enum pr_kind { PR_TERM, PR_TEXT, PR_LIST_REST, PR_TUPLE_REST };
struct pr_item {
	enum pr_kind kind;
	term t;
	size_t i;           /* PR_TUPLE_REST: next element */
	const char *text;   /* PR_TEXT */
};
struct pr_stack {
	struct pr_item *v;
	size_t n, cap;
};

static void pr_push(struct pr_stack *st, enum pr_kind kind, term t, size_t i,
		    const char *text)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->v = realloc(st->v, st->cap * sizeof *st->v);
	}
	st->v[st->n++] = (struct pr_item){ kind, t, i, text };
}

/* Prints one term whose parts (elements, pairs) go on the stack. */
static void print_one(struct strbuf *b, struct pr_stack *st, term t)
{
	switch (tag_of(t)) {
	case TAG_SMALL:
		sb_printf(b, "%lld", (long long)small_val(t));
		return;
	case TAG_ATOM:
		print_atom(b, t);
		return;
	case TAG_PID: {
		term node;
		uint32_t id, ser, cr;
		if (dist_pid_remote(t, &node, &id, &ser, &cr)) {
			sb_printf(b, "<%u.%u.%u>", dist_node_number(node), id, ser);
			return;
		}
		sb_printf(b, "<0.%llu.0>", (unsigned long long)pid_serial(t));
		return;
	}
	case TAG_PORT:
		sb_printf(b, "#Port<0.%llu>", (unsigned long long)(t >> 3));
		return;
	case TAG_SPECIAL:
		sb_puts(b, "[]", 2);
		return;
	case TAG_LIST:
		sb_putc(b, '[');
		pr_push(st, PR_LIST_REST, CDR(t), 0, NULL);
		pr_push(st, PR_TERM, CAR(t), 0, NULL);
		return;
	}
	switch (box_kind(t)) {
	case HK_TUPLE:
		sb_putc(b, '{');
		pr_push(st, PR_TUPLE_REST, t, 0, NULL);
		return;
	case HK_BIGPOS:
	case HK_BIGNEG: {
		char *s = int_to_string(t, 10);
		sb_puts(b, s, strlen(s));
		free(s);
		return;
	}
	case HK_FLOAT:
		print_float(b, float_val(t));
		return;
	case HK_MAP:
	case HK_HMAP: {
		size_t n = map_size(t);
		term *kv = map_pairs(t, false);
		sb_puts(b, "#{", 2);
		pr_push(st, PR_TEXT, 0, 0, "}");
		for (size_t i = n; i-- > 0;) {
			pr_push(st, PR_TERM, kv[2 * i + 1], 0, NULL);
			pr_push(st, PR_TEXT, 0, 0, " => ");
			pr_push(st, PR_TERM, kv[2 * i], 0, NULL);
			if (i)
				pr_push(st, PR_TEXT, 0, 0, ",");
		}
		free(kv);
		return;
	}
	case HK_FUN: {
		struct fun_obj *f = (struct fun_obj *)boxed_ptr(t);
		sb_puts(b, "#Fun<", 5);
		print_atom(b, f->fe->mod->name);
		sb_printf(b, ".%u.%u>", f->fe->index, f->fe->old_uniq);
		return;
	}
	case HK_EXPORT: {
		struct export *e = (struct export *)boxed_ptr(t)[1];
		sb_puts(b, "fun ", 4);
		print_atom(b, e->mod);
		sb_putc(b, ':');
		print_atom(b, e->fun);
		sb_printf(b, "/%u", e->arity);
		return;
	}
	case HK_BIN:
		print_bits(b, t);
		return;
	case HK_REF:
		sb_printf(b, "#Ref<0.0.0.%llu>", (unsigned long long)boxed_ptr(t)[1]);
		return;
	default:
		sb_puts(b, "#MatchState", 11);
	}
}

void print_term(struct strbuf *b, term t)
{
	struct pr_stack st = { 0 };
	pr_push(&st, PR_TERM, t, 0, NULL);
	while (st.n) {
		struct pr_item it = st.v[--st.n];
		switch (it.kind) {
		case PR_TERM:
			print_one(b, &st, it.t);
			break;
		case PR_TEXT:
			sb_puts(b, it.text, strlen(it.text));
			break;
		case PR_LIST_REST:
			if (is_list(it.t)) {
				sb_putc(b, ',');
				pr_push(&st, PR_LIST_REST, CDR(it.t), 0, NULL);
				pr_push(&st, PR_TERM, CAR(it.t), 0, NULL);
			} else if (it.t != NIL) {
				sb_putc(b, '|');
				pr_push(&st, PR_TEXT, 0, 0, "]");
				pr_push(&st, PR_TERM, it.t, 0, NULL);
			} else {
				sb_putc(b, ']');
			}
			break;
		case PR_TUPLE_REST:
			if (it.i < tuple_arity(it.t)) {
				if (it.i)
					sb_putc(b, ',');
				pr_push(&st, PR_TUPLE_REST, it.t, it.i + 1, NULL);
				pr_push(&st, PR_TERM, tuple_elems(it.t)[it.i], 0, NULL);
			} else {
				sb_putc(b, '}');
			}
			break;
		}
	}
	free(st.v);
}
