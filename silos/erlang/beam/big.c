/* Integers of any size.  Small integers are immediate; larger ones are
 * boxed sign-magnitude arrays of 64-bit limbs (HK_BIGPOS/HK_BIGNEG), always
 * normalised: no leading zero limb, and never a value that fits a small.
 * Arithmetic works on magnitudes with 128-bit intermediate products;
 * division is Knuth's algorithm D.  Bitwise operations use two's complement
 * images as Erlang defines them for negative numbers. */
#include "beam.h"
#include <stdlib.h>
#include <math.h>

typedef unsigned __int128 u128;

struct bn {
	bool neg;
	size_t n;
	const uint64_t *d;
	uint64_t one;
};

void int_magnitude(term t, const uint64_t **d, size_t *n, uint64_t *one,
		   bool *neg)
{
	if (is_small(t)) {
		int64_t v = small_val(t);
		*neg = v < 0;
		*one = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		*n = *one ? 1 : 0;
		*d = one;
	} else {
		*neg = box_kind(t) == HK_BIGNEG;
		*n = box_arity(t);
		*d = boxed_ptr(t) + 1;
	}
}

static void bn_view(term t, struct bn *b)
{
	int_magnitude(t, &b->d, &b->n, &b->one, &b->neg);
}

static size_t mag_norm(const uint64_t *d, size_t n)
{
	while (n && d[n - 1] == 0)
		n--;
	return n;
}

static int mag_cmp(const uint64_t *a, size_t an, const uint64_t *b, size_t bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	for (size_t i = an; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* Builds a normalised integer term from a sign and magnitude. */
static term bn_make(struct proc *p, bool neg, const uint64_t *d, size_t n)
{
	n = mag_norm(d, n);
	if (n == 0)
		return make_small(0);
	if (n == 1) {
		if (!neg && d[0] <= (uint64_t)MAX_SMALL)
			return make_small((int64_t)d[0]);
		if (neg && d[0] <= (uint64_t)MAX_SMALL + 1)
			return make_small(-(int64_t)(d[0] - 1) - 1);
	}
	/* no process: the loader builds a literal and copies it */
	term *hp = p ? heap_alloc(p, n + 1) : malloc((n + 1) * sizeof(term));
	hp[0] = make_header(n, neg ? HK_BIGNEG : HK_BIGPOS);
	memcpy(hp + 1, d, n * sizeof(uint64_t));
	return make_boxed(hp);
}

term int_from_i64(struct proc *p, int64_t v)
{
	if (fits_small(v))
		return make_small(v);
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	return bn_make(p, v < 0, &m, 1);
}

term int_from_u64(struct proc *p, uint64_t v)
{
	if (v <= (uint64_t)MAX_SMALL)
		return make_small((int64_t)v);
	return bn_make(p, false, &v, 1);
}

bool int_to_i64(term t, int64_t *v)
{
	if (is_small(t)) {
		*v = small_val(t);
		return true;
	}
	if (!is_big(t) || box_arity(t) != 1)
		return false;
	uint64_t m = boxed_ptr(t)[1];
	if (box_kind(t) == HK_BIGPOS) {
		if (m > (uint64_t)INT64_MAX)
			return false;
		*v = (int64_t)m;
	} else {
		if (m > (uint64_t)INT64_MAX + 1)
			return false;
		*v = (int64_t)(0 - m);
	}
	return true;
}

int int_sign(term t)
{
	if (is_small(t))
		return small_val(t) < 0 ? -1 : small_val(t) > 0;
	return box_kind(t) == HK_BIGNEG ? -1 : 1;
}

static size_t mag_add(const uint64_t *a, size_t an, const uint64_t *b,
		      size_t bn, uint64_t *out)
{
	if (an < bn) {
		const uint64_t *t = a; a = b; b = t;
		size_t tn = an; an = bn; bn = tn;
	}
	uint64_t c = 0;
	for (size_t i = 0; i < an; i++) {
		u128 s = (u128)a[i] + (i < bn ? b[i] : 0) + c;
		out[i] = (uint64_t)s;
		c = (uint64_t)(s >> 64);
	}
	out[an] = c;
	return an + 1;
}

/* out = a - b, requires |a| >= |b|. */
static size_t mag_sub(const uint64_t *a, size_t an, const uint64_t *b,
		      size_t bn, uint64_t *out)
{
	uint64_t br = 0;
	for (size_t i = 0; i < an; i++) {
		uint64_t bi = i < bn ? b[i] : 0;
		uint64_t d = a[i] - bi - br;
		br = (a[i] < bi || (a[i] == bi && br)) ? 1 : 0;
		out[i] = d;
	}
	return mag_norm(out, an);
}

static term addsub(struct proc *p, term x, term y, bool sub)
{
	struct bn a, b;
	bn_view(x, &a);
	bn_view(y, &b);
	bool bneg = sub ? !b.neg : b.neg;
	size_t n = (a.n > b.n ? a.n : b.n) + 1;
	uint64_t stackbuf[8], *out = n <= 8 ? stackbuf : malloc(n * 8);
	term r;
	if (a.neg == bneg) {
		size_t k = mag_add(a.d, a.n, b.d, b.n, out);
		r = bn_make(p, a.neg, out, k);
	} else if (mag_cmp(a.d, a.n, b.d, b.n) >= 0) {
		size_t k = mag_sub(a.d, a.n, b.d, b.n, out);
		r = bn_make(p, a.neg, out, k);
	} else {
		size_t k = mag_sub(b.d, b.n, a.d, a.n, out);
		r = bn_make(p, bneg, out, k);
	}
	if (out != stackbuf)
		free(out);
	return r;
}

term int_add(struct proc *p, term a, term b)
{
	if (is_small(a) && is_small(b))
		return int_from_i64(p, small_val(a) + small_val(b));
	return addsub(p, a, b, false);
}

term int_sub(struct proc *p, term a, term b)
{
	if (is_small(a) && is_small(b))
		return int_from_i64(p, small_val(a) - small_val(b));
	return addsub(p, a, b, true);
}

static void mag_mul(const uint64_t *a, size_t an, const uint64_t *b, size_t bn,
		    uint64_t *out)
{
	memset(out, 0, (an + bn) * 8);
	for (size_t i = 0; i < an; i++) {
		uint64_t c = 0;
		for (size_t j = 0; j < bn; j++) {
			u128 t = (u128)a[i] * b[j] + out[i + j] + c;
			out[i + j] = (uint64_t)t;
			c = (uint64_t)(t >> 64);
		}
		out[i + bn] = c;
	}
}

term int_mul(struct proc *p, term x, term y)
{
	if (is_small(x) && is_small(y)) {
		__int128 r = (__int128)small_val(x) * small_val(y);
		if (r >= MIN_SMALL && r <= MAX_SMALL)
			return make_small((int64_t)r);
	}
	struct bn a, b;
	bn_view(x, &a);
	bn_view(y, &b);
	if (a.n == 0 || b.n == 0)
		return make_small(0);
	size_t n = a.n + b.n;
	uint64_t stackbuf[8], *out = n <= 8 ? stackbuf : malloc(n * 8);
	mag_mul(a.d, a.n, b.d, b.n, out);
	term r = bn_make(p, a.neg != b.neg, out, n);
	if (out != stackbuf)
		free(out);
	return r;
}

/* Divides a by a single limb; returns the remainder. */
static uint64_t mag_div1(const uint64_t *a, size_t an, uint64_t d, uint64_t *q)
{
	u128 r = 0;
	for (size_t i = an; i-- > 0;) {
		u128 cur = (r << 64) | a[i];
		q[i] = (uint64_t)(cur / d);
		r = cur % d;
	}
	return (uint64_t)r;
}

/* Knuth D: q = a / b, r = a % b; bn >= 2, an >= bn.  q has an-bn+1 limbs,
 * r has bn limbs. */
static void mag_divmod(const uint64_t *a, size_t an, const uint64_t *b,
		       size_t bn, uint64_t *q, uint64_t *r)
{
	int s = __builtin_clzll(b[bn - 1]);
	uint64_t *v = malloc(bn * 8), *u = malloc((an + 1) * 8);
	for (size_t i = bn; i-- > 0;)
		v[i] = (b[i] << s) | (s && i ? b[i - 1] >> (64 - s) : 0);
	u[an] = s ? a[an - 1] >> (64 - s) : 0;
	for (size_t i = an; i-- > 0;)
		u[i] = (a[i] << s) | (s && i ? a[i - 1] >> (64 - s) : 0);
	for (size_t j = an - bn + 1; j-- > 0;) {
		u128 num = ((u128)u[j + bn] << 64) | u[j + bn - 1];
		u128 qhat = num / v[bn - 1];
		u128 rhat = num % v[bn - 1];
		while (qhat >> 64 ||
		       qhat * v[bn - 2] > ((rhat << 64) | u[j + bn - 2])) {
			qhat--;
			rhat += v[bn - 1];
			if (rhat >> 64)
				break;
		}
		__int128 borrow = 0;
		uint64_t carry = 0;
		for (size_t i = 0; i < bn; i++) {
			u128 pr = qhat * v[i] + carry;
			carry = (uint64_t)(pr >> 64);
			__int128 t = (__int128)u[i + j] - (uint64_t)pr + borrow;
			u[i + j] = (uint64_t)t;
			borrow = t >> 64;
		}
		__int128 t = (__int128)u[j + bn] - carry + borrow;
		u[j + bn] = (uint64_t)t;
		if (t < 0) {
			qhat--;
			uint64_t c = 0;
			for (size_t i = 0; i < bn; i++) {
				u128 sm = (u128)u[i + j] + v[i] + c;
				u[i + j] = (uint64_t)sm;
				c = (uint64_t)(sm >> 64);
			}
			u[j + bn] += c;
		}
		q[j] = (uint64_t)qhat;
	}
	for (size_t i = 0; i < bn; i++)
		r[i] = (u[i] >> s) | (s ? u[i + 1] << (64 - s) : 0);
	free(u);
	free(v);
}

/* Quotient (truncated) and remainder of x by y; y != 0. */
static void int_divrem(struct proc *p, term x, term y, term *qt, term *rt)
{
	struct bn a, b;
	bn_view(x, &a);
	bn_view(y, &b);
	if (mag_cmp(a.d, a.n, b.d, b.n) < 0) {
		if (qt)
			*qt = make_small(0);
		if (rt)
			*rt = x;
		return;
	}
	uint64_t *q = malloc((a.n + 1) * 8), *r = malloc((b.n + 1) * 8);
	size_t rn;
	if (b.n == 1) {
		r[0] = mag_div1(a.d, a.n, b.d[0], q);
		rn = 1;
	} else {
		mag_divmod(a.d, a.n, b.d, b.n, q, r);
		rn = b.n;
	}
	if (qt)
		*qt = bn_make(p, a.neg != b.neg, q, a.n - (b.n == 1 ? 0 : b.n - 1));
	if (rt)
		*rt = bn_make(p, a.neg, r, rn);
	free(q);
	free(r);
}

term int_div(struct proc *p, term a, term b)
{
	if (b == make_small(0))
		return NONV;
	if (is_small(a) && is_small(b))
		return int_from_i64(p, small_val(a) / small_val(b));
	term q;
	int_divrem(p, a, b, &q, NULL);
	return q;
}

term int_rem(struct proc *p, term a, term b)
{
	if (b == make_small(0))
		return NONV;
	if (is_small(a) && is_small(b))
		return make_small(small_val(a) % small_val(b));
	term r;
	int_divrem(p, a, b, NULL, &r);
	return r;
}

term int_neg(struct proc *p, term a)
{
	return int_sub(p, make_small(0), a);
}

int int_compare(term x, term y)
{
	if (is_small(x) && is_small(y))
		return small_val(x) < small_val(y) ? -1 : small_val(x) > small_val(y);
	struct bn a, b;
	bn_view(x, &a);
	bn_view(y, &b);
	if (a.neg != b.neg)
		return a.neg ? -1 : 1;
	int c = mag_cmp(a.d, a.n, b.d, b.n);
	return a.neg ? -c : c;
}

/* Two's complement image of t in n limbs. */
static void to_twos(term t, uint64_t *out, size_t n)
{
	struct bn a;
	bn_view(t, &a);
	for (size_t i = 0; i < n; i++)
		out[i] = i < a.n ? a.d[i] : 0;
	if (a.neg) {
		uint64_t c = 1;
		for (size_t i = 0; i < n; i++) {
			out[i] = ~out[i] + c;
			c = (c && out[i] == 0) ? 1 : 0;
		}
	}
}

static term from_twos(struct proc *p, uint64_t *d, size_t n)
{
	bool neg = n && (d[n - 1] >> 63);
	if (neg) {
		uint64_t c = 1;
		for (size_t i = 0; i < n; i++) {
			d[i] = ~d[i] + c;
			c = (c && d[i] == 0) ? 1 : 0;
		}
	}
	return bn_make(p, neg, d, n);
}

static term bitop(struct proc *p, term x, term y, int op)
{
	if (is_small(x) && is_small(y)) {
		int64_t a = small_val(x), b = small_val(y);
		return make_small(op == 0 ? (a & b) : op == 1 ? (a | b) : (a ^ b));
	}
	struct bn a, b;
	bn_view(x, &a);
	bn_view(y, &b);
	size_t n = (a.n > b.n ? a.n : b.n) + 1;
	uint64_t *u = malloc(n * 8), *v = malloc(n * 8);
	to_twos(x, u, n);
	to_twos(y, v, n);
	for (size_t i = 0; i < n; i++)
		u[i] = op == 0 ? (u[i] & v[i]) : op == 1 ? (u[i] | v[i]) : (u[i] ^ v[i]);
	term r = from_twos(p, u, n);
	free(u);
	free(v);
	return r;
}

term int_band(struct proc *p, term a, term b) { return bitop(p, a, b, 0); }
term int_bor(struct proc *p, term a, term b) { return bitop(p, a, b, 1); }
term int_bxor(struct proc *p, term a, term b) { return bitop(p, a, b, 2); }

term int_bnot(struct proc *p, term a)
{
	return int_sub(p, make_small(-1), a);
}

/* a bsl n (n may be negative: arithmetic shift right, rounding down). */
term int_bsl(struct proc *p, term x, int64_t n)
{
	struct bn a;
	bn_view(x, &a);
	if (a.n == 0)
		return make_small(0);
	if (n >= 0) {
		if (n > (int64_t)1 << 32)
			return NONV;
		size_t ls = (size_t)n / 64, bs = (size_t)n % 64;
		size_t rn = a.n + ls + 1;
		uint64_t *r = calloc(rn, 8);
		for (size_t i = 0; i < a.n; i++) {
			r[i + ls] |= a.d[i] << bs;
			if (bs)
				r[i + ls + 1] |= a.d[i] >> (64 - bs);
		}
		term t = bn_make(p, a.neg, r, rn);
		free(r);
		return t;
	}
	uint64_t m = n == INT64_MIN ? UINT64_MAX : (uint64_t)-n;
	if (m / 64 >= a.n)
		return make_small(a.neg ? -1 : 0);
	/* floor semantics: for negatives shift (|a|-1) then add one */
	uint64_t *src = malloc(a.n * 8);
	memcpy(src, a.d, a.n * 8);
	if (a.neg) {
		for (size_t i = 0; i < a.n; i++)
			if (src[i]-- != 0)
				break;
	}
	size_t ls = m / 64, bs = m % 64, rn = a.n - ls;
	uint64_t *r = calloc(rn + 1, 8);
	for (size_t i = 0; i < rn; i++) {
		r[i] = src[i + ls] >> bs;
		if (bs && i + ls + 1 < a.n)
			r[i] |= src[i + ls + 1] << (64 - bs);
	}
	if (a.neg) {
		for (size_t i = 0; i <= rn; i++)
			if (++r[i] != 0)
				break;
		rn++;
	}
	term t = bn_make(p, a.neg, r, rn);
	free(src);
	free(r);
	return t;
}

size_t int_bits(term t)
{
	struct bn a;
	bn_view(t, &a);
	if (!a.n)
		return 0;
	return (a.n - 1) * 64 + (64 - (size_t)__builtin_clzll(a.d[a.n - 1]));
}

char *int_to_string(term t, int base)
{
	struct bn a;
	bn_view(t, &a);
	size_t cap = a.n * 64 + 3;
	char *buf = malloc(cap), *e = buf + cap - 1;
	*e = 0;
	char *s = e;
	uint64_t *w = malloc((a.n + 1) * 8);
	memcpy(w, a.d, a.n * 8);
	size_t n = a.n;
	/* peel off as many digits as fit one limb at a time */
	uint64_t chunk = base, per = 1;
	while (chunk <= UINT64_MAX / base) {
		chunk *= base;
		per++;
	}
	static const char dig[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	while (n) {
		uint64_t r = mag_div1(w, n, chunk, w);
		n = mag_norm(w, n);
		for (uint64_t i = 0; i < per && (n || r); i++) {
			*--s = dig[r % base];
			r /= base;
		}
	}
	if (s == e)
		*--s = '0';
	if (a.neg)
		*--s = '-';
	memmove(buf, s, (size_t)(e - s) + 1);
	free(w);
	return buf;
}

term int_from_string(struct proc *p, const char *s, size_t len, int base)
{
	bool neg = false;
	size_t i = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i == len)
		return NONV;
	size_t cap = (len * 6) / 64 + 2, n = 0;
	uint64_t *d = calloc(cap, 8);
	for (; i < len; i++) {
		int c = (unsigned char)s[i], v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A' + 10;
		else
			v = 99;
		if (v >= base) {
			free(d);
			return NONV;
		}
		uint64_t carry = (uint64_t)v;
		for (size_t k = 0; k < n; k++) {
			u128 t = (u128)d[k] * (uint64_t)base + carry;
			d[k] = (uint64_t)t;
			carry = (uint64_t)(t >> 64);
		}
		if (carry)
			d[n++] = carry;
	}
	term r = bn_make(p, neg, d, n);
	free(d);
	return r;
}

/* Converts as OTP does (Horner over the 64-bit limbs from the top, in
 * double arithmetic), which is not always the correctly rounded value but
 * is what float/1 and mixed arithmetic give there. */
double int_to_double(term t, bool *ok)
{
	*ok = true;
	if (is_small(t))
		return (double)small_val(t);
	struct bn a;
	bn_view(t, &a);
	double d = 0;
	for (size_t i = a.n; i-- > 0;) {
		d = d * 18446744073709551616.0 + (double)a.d[i];
		if (!isfinite(d)) {
			*ok = false;
			return 0;
		}
	}
	return a.neg ? -d : d;
}

term int_from_double(struct proc *p, double d)
{
	d = trunc(d);
	if (d > -1e18 && d < 1e18)
		return int_from_i64(p, (int64_t)d);
	int e;
	double m = frexp(fabs(d), &e);      /* |d| = m * 2^e, 0.5 <= m < 1 */
	uint64_t mant = (uint64_t)ldexp(m, 53);
	term base = int_from_u64(p, mant);
	term r = int_bsl(p, base, e - 53);
	return d < 0 ? int_neg(p, r) : r;
}

void int_to_bytes(term t, uint8_t *out, size_t n)
{
	size_t limbs = n / 8 + 2;
	uint64_t *w = malloc(limbs * 8);
	to_twos(t, w, limbs);
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
	free(w);
}

term int_from_bytes(struct proc *p, const uint8_t *in, size_t n, bool sign)
{
	size_t limbs = n / 8 + 2;
	uint64_t *w = calloc(limbs, 8);
	for (size_t i = 0; i < n; i++)
		w[i / 8] |= (uint64_t)in[i] << (8 * (i % 8));
	if (sign && n && (in[n - 1] & 0x80))
		for (size_t i = n; i < limbs * 8; i++)
			w[i / 8] |= (uint64_t)0xFF << (8 * (i % 8));
	term r = from_twos(p, w, limbs);
	free(w);
	return r;
}

/* Exact comparison of an integer with a finite float: -1, 0 or 1. */
int int_cmp_double(term t, double f)
{
	double tf = trunc(f);
	struct bn a;
	bn_view(t, &a);
	uint64_t limbs[20] = { 0 };
	size_t n = 0;
	bool fneg = tf < 0;
	if (tf != 0) {
		int e;
		double m = frexp(fabs(tf), &e);          /* |tf| = m * 2^e */
		uint64_t mant = (uint64_t)ldexp(m, 53);  /* 53 significant bits */
		int shift = e - 53;
		if (shift <= 0) {
			limbs[0] = mant >> -shift;
			n = 1;
		} else {
			size_t w = (size_t)shift / 64, b = (size_t)shift % 64;
			limbs[w] = mant << b;
			if (b)
				limbs[w + 1] = mant >> (64 - b);
			n = w + 2;
		}
		n = mag_norm(limbs, n);
	}
	int c;
	bool ineg = a.neg && a.n;
	if (a.n == 0 && n == 0)
		c = 0;
	else if (ineg != fneg)
		c = ineg ? -1 : 1;
	else {
		c = mag_cmp(a.d, a.n, limbs, n);
		if (ineg)
			c = -c;
	}
	if (c)
		return c;
	/* equal integer parts: the fraction decides */
	return f > tf ? -1 : f < tf ? 1 : 0;
}
