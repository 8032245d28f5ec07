/* Exact decimal formatting of doubles: what glibc's "%.*e" and "%.*f"
 * print (every digit exact, ties to even), without trusting the C
 * library's printf -- picolibc's stops being exact past 17 digits and
 * rounds some shorter ones the other way, and float printing must match
 * OTP's on every platform.  A double is m * 2^e exactly; its decimal
 * digits are those of m * 2^e (e >= 0) or of m * 5^-e shifted by -e
 * places (e < 0), computed in base 10^9 limbs. */
#include "beam.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMB 1000000000u
/* 2^1074 * 2^53 < 10^340 and 5^1074 * 2^53 < 10^767: 90 limbs hold any. */
#define LIMBS 96

/* All the decimal digits of m * 2^e (m > 0, below 2^62) into digits (no
 * leading zeros), and how many of them come before the decimal point (may
 * be <= 0 or more than the digits). */
static size_t exact_digits_me(uint64_t m, int e, char *digits, int *point)
{
	while (!(m & 1) && e < 0) {	/* fewer limbs to multiply */
		m >>= 1;
		e++;
	}
	uint32_t v[LIMBS];	/* little-endian base 10^9 */
	size_t n = 0;
	for (uint64_t t = m; t; t /= LIMB)
		v[n++] = (uint32_t)(t % LIMB);
	unsigned mul = e >= 0 ? 2 : 5;
	for (int k = e >= 0 ? e : -e; k > 0; k--) {
		uint64_t carry = 0;
		for (size_t i = 0; i < n; i++) {
			uint64_t x = (uint64_t)v[i] * mul + carry;
			v[i] = (uint32_t)(x % LIMB);
			carry = x / LIMB;
		}
		if (carry)
			v[n++] = (uint32_t)carry;
	}
	size_t len = (size_t)sprintf(digits, "%u", v[n - 1]);
	for (size_t i = n - 1; i-- > 0;)
		len += (size_t)sprintf(digits + len, "%09u", v[i]);
	*point = (int)len - (e < 0 ? -e : 0);
	return len;
}

/* |d| = m * 2^e with m an integer (0 for zero). */
static uint64_t split_double(double d, int *e)
{
	int ex;
	double fr = frexp(fabs(d), &ex);	/* d = fr * 2^ex, fr in [0.5, 1) */
	*e = ex - 53;
	uint64_t m = (uint64_t)ldexp(fr, 53);
	if (m && *e < -1074) {	/* subnormal: its unit is 2^-1074 */
		m >>= -1074 - *e;
		*e = -1074;
	}
	return m;
}

/* All the decimal digits of |d| ("0" for zero), as exact_digits_me.
 * The last double's are kept: the shortest-form search formats one
 * double at up to 17 precisions in a row. */
static size_t exact_digits_uncached(double d, char *digits, int *point);

static size_t exact_digits(double d, char *digits, int *point)
{
	static double last_d;
	static bool have;
	static char last[800];
	static size_t last_len;
	static int last_point;
	if (!have || memcmp(&d, &last_d, sizeof d) != 0) {
		last_len = exact_digits_uncached(d, last, &last_point);
		last_d = d;
		have = true;
	}
	memcpy(digits, last, last_len);
	*point = last_point;
	return last_len;
}

static size_t exact_digits_uncached(double d, char *digits, int *point)
{
	int e;
	uint64_t m = split_double(d, &e);
	if (m == 0) {
		digits[0] = '0';
		*point = 1;
		return 1;
	}
	return exact_digits_me(m, e, digits, point);
}

/* Compares the decimals 0.A * 10^pa and 0.B * 10^pb (digits without
 * leading zeros, nonzero). */
static int dec_cmp(const char *a, size_t al, int pa, const char *b, size_t bl,
		   int pb)
{
	if (pa != pb)
		return pa < pb ? -1 : 1;
	for (size_t i = 0; i < al || i < bl; i++) {
		char x = i < al ? a[i] : '0', y = i < bl ? b[i] : '0';
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

bool fmt_exact_reads_as(const char *digits, int e, double d)
{
	int de;
	uint64_t m = split_double(d, &de);
	size_t n = strlen(digits);
	while (n > 0 && digits[0] == '0') {	/* 0.0D * 10^e = 0.D * 10^(e-1) */
		digits++;
		n--;
		e--;
	}
	if (m == 0 || n == 0)
		return m == 0 && n == 0;
	/* the doubles next to d are halfway away: (2m +- 1) * 2^(de - 1),
	 * or (4m - 1) * 2^(de - 2) below a power of two (the gap halves) */
	bool pow2 = m == (1ull << 52) && de > -1074;
	/* kept for the last double: the search asks about one many times */
	static char lo[800], hi[800];
	static int plo, phi;
	static size_t llo, lhi;
	static uint64_t last_m;
	static int last_e = 1 << 30;
	if (m != last_m || de != last_e) {
		llo = pow2 ? exact_digits_me(4 * m - 1, de - 2, lo, &plo)
			   : exact_digits_me(2 * m - 1, de - 1, lo, &plo);
		lhi = exact_digits_me(2 * m + 1, de - 1, hi, &phi);
		last_m = m;
		last_e = de;
	}
	int below = dec_cmp(digits, n, e, lo, llo, plo);
	int above = dec_cmp(digits, n, e, hi, lhi, phi);
	bool even = (m & 1) == 0;	/* a tie reads as the even neighbour */
	return (below > 0 || (below == 0 && even)) &&
	       (above < 0 || (above == 0 && even));
}

/* Rounds digits[0..len) to keep digits (ties to even), in place.
 * Returns 1 if rounding carried into a new leading digit (then digits
 * is "1000..." of keep digits and the point moves one right). */
static int round_digits(char *digits, size_t len, size_t keep)
{
	if (keep >= len) {
		memset(digits + len, '0', keep - len);
		return 0;
	}
	bool up;
	if (digits[keep] > '5') {
		up = true;
	} else if (digits[keep] < '5') {
		up = false;
	} else {
		bool rest = false;
		for (size_t i = keep + 1; i < len; i++)
			rest |= digits[i] != '0';
		up = rest || (keep > 0 && (digits[keep - 1] - '0') % 2 == 1);
	}
	if (!up)
		return 0;
	size_t i = keep;
	while (i > 0 && digits[i - 1] == '9')
		digits[--i] = '0';
	if (i > 0) {
		digits[i - 1]++;
		return 0;
	}
	memmove(digits + 1, digits, keep);
	digits[0] = '1';
	return 1;
}

int fmt_exact(char *out, size_t cap, double d, int prec, bool sci)
{
	if (isnan(d) || isinf(d) || prec < 0 || prec > 1100)
		return snprintf(out, cap, sci ? "%.*e" : "%.*f", prec, d);
	/* every digit, then room for rounding and padding */
	char *dg = malloc(800 + (size_t)prec + 400);
	if (!dg)
		return snprintf(out, cap, sci ? "%.*e" : "%.*f", prec, d);
	int point;
	size_t len = exact_digits(d, dg, &point);
	const char *sign = signbit(d) ? "-" : "";
	int r;
	if (sci) {
		bool zero = len == 1 && dg[0] == '0';
		int exp10 = zero ? 0 : point - 1;
		if (round_digits(dg, len, (size_t)prec + 1))
			exp10++;
		r = snprintf(out, cap, "%s%c%s%.*s%c%c%02d", sign, dg[0],
			     prec ? "." : "", prec, dg + 1, 'e',
			     exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
	} else {
		/* keep the digits up to prec places after the point */
		long keep = (long)point + prec;
		if (keep < 0) {
			/* below half a unit of the last place: all zeros */
			memset(dg, '0', 1);
			len = 1;
			point = 1;
			keep = 1 + prec;
			round_digits(dg, len, (size_t)keep);
		} else if (keep == 0) {
			/* 0.0..0 or 0.0..1: compare with half of the last place */
			int up = dg[0] > '5';
			for (size_t i = 1; i < len && dg[0] == '5'; i++)
				up |= dg[i] != '0';	/* above half; a tie goes to 0 */
			dg[0] = up ? '1' : '0';
			point = 1 - prec;
			len = 1;
			keep = 1;
		} else if (round_digits(dg, len, (size_t)keep)) {
			point++;
			keep++;
			dg[keep - 1] = '0';
		}
		/* dg[0..keep) are the digits, point of them before the point */
		char *q = out, *end = out + cap - 1;
		for (const char *s = sign; *s && q < end; s++)
			*q++ = *s;
		if (point <= 0) {
			if (q < end)
				*q++ = '0';
		} else {
			for (long i = 0; i < point && q < end; i++)
				*q++ = i < keep ? dg[i] : '0';
		}
		if (prec > 0 && q < end)
			*q++ = '.';
		for (long i = 0; i < prec && q < end; i++) {
			long at = point + i;
			*q++ = at < 0 || at >= keep ? '0' : dg[at];
		}
		*q = '\0';
		r = (int)(q - out);
	}
	free(dg);
	return r;
}
