/* MD5 (RFC 1321) for erlang:md5/1 and the md5_init/update/final BIFs; the
 * compiler's beam_asm stamps every module with it.  The streaming context
 * travels as a binary holding struct md5_ctx. */
#include "beam.h"
#include <stdlib.h>
#include <zlib.h>

struct md5_ctx {
	uint32_t a, b, c, d;
	uint64_t len;          /* bytes so far */
	uint8_t buf[64];
};

#define BIF(name) static term name(struct proc *p __attribute__((unused)), \
				   term *a __attribute__((unused)))

static uint32_t rol(uint32_t x, int s)
{
	return (x << s) | (x >> (32 - s));
}

static const uint32_t K[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const int S[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static void md5_block(struct md5_ctx *c, const uint8_t *blk)
{
	uint32_t m[16];
	for (int i = 0; i < 16; i++)
		m[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 |
		       (uint32_t)blk[4 * i + 2] << 16 | (uint32_t)blk[4 * i + 3] << 24;
	uint32_t a = c->a, b = c->b, cc = c->c, d = c->d;
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int g;
		if (i < 16) {
			f = (b & cc) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & cc);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ cc ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = cc ^ (b | ~d);
			g = (7 * i) % 16;
		}
		uint32_t t = d;
		d = cc;
		cc = b;
		b = b + rol(a + f + K[i] + m[g], S[i]);
		a = t;
	}
	c->a += a;
	c->b += b;
	c->c += cc;
	c->d += d;
}

static void md5_init(struct md5_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->a = 0x67452301;
	c->b = 0xefcdab89;
	c->c = 0x98badcfe;
	c->d = 0x10325476;
}

static void md5_update(struct md5_ctx *c, const uint8_t *d, size_t n)
{
	size_t have = (size_t)(c->len % 64);
	c->len += n;
	while (n) {
		size_t take = 64 - have < n ? 64 - have : n;
		memcpy(c->buf + have, d, take);
		have += take;
		d += take;
		n -= take;
		if (have == 64) {
			md5_block(c, c->buf);
			have = 0;
		}
	}
}

static void md5_final(struct md5_ctx *c, uint8_t out[16])
{
	uint64_t bits = c->len * 8;
	uint8_t pad = 0x80, zero = 0, lenb[8];
	md5_update(c, &pad, 1);
	while (c->len % 64 != 56)
		md5_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenb[i] = (uint8_t)(bits >> (8 * i));
	md5_update(c, lenb, 8);
	uint32_t v[4] = { c->a, c->b, c->c, c->d };
	for (int i = 0; i < 16; i++)
		out[i] = (uint8_t)(v[i / 4] >> (8 * (i % 4)));
}

BIF(b_md5)
{
	size_t n;
	uint8_t *d = iolist_flatten(a[0], &n);
	if (!d)
		return BADARG(p);
	struct md5_ctx c;
	uint8_t out[16];
	md5_init(&c);
	md5_update(&c, d, n);
	md5_final(&c, out);
	free(d);
	return bin_new(p, out, 16);
}
BIF(b_md5_init)
{
	struct md5_ctx c;
	md5_init(&c);
	return bin_new(p, &c, sizeof c);
}
static bool ctx_of(term t, struct md5_ctx *c)
{
	size_t n;
	uint8_t *tmp;
	const uint8_t *s = is_binary_term(t) ? bin_bytes(t, &n, &tmp) : NULL;
	if (!s || n != sizeof *c) {
		if (s)
			free(tmp);
		return false;
	}
	memcpy(c, s, sizeof *c);
	free(tmp);
	return true;
}
BIF(b_md5_update)
{
	struct md5_ctx c;
	size_t n;
	if (!ctx_of(a[0], &c))
		return BADARG(p);
	uint8_t *d = iolist_flatten(a[1], &n);
	if (!d)
		return BADARG(p);
	md5_update(&c, d, n);
	free(d);
	return bin_new(p, &c, sizeof c);
}
BIF(b_md5_final)
{
	struct md5_ctx c;
	uint8_t out[16];
	if (!ctx_of(a[0], &c))
		return BADARG(p);
	md5_final(&c, out);
	return bin_new(p, out, 16);
}

/* erlang:crc32 (the IEEE 802.3 polynomial, reflected) and adler32 over
 * iodata, optionally continuing from an earlier checksum. */
static uint32_t crc32_update(uint32_t crc, const uint8_t *d, size_t n)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= d[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
	}
	return ~crc;
}
static uint32_t adler32_update(uint32_t adler, const uint8_t *d, size_t n)
{
	uint32_t a = adler & 0xFFFF, b = adler >> 16;
	for (size_t i = 0; i < n; i++) {
		a = (a + d[i]) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}
static bool u32_arg(term t, uint32_t *v)
{
	if (!is_small(t) || small_val(t) < 0 || small_val(t) > 0xFFFFFFFFll)
		return false;
	*v = (uint32_t)small_val(t);
	return true;
}
static term checksum(struct proc *p, term start, term data, bool adler)
{
	uint32_t v = adler ? 1 : 0;
	if (start != NONV && !u32_arg(start, &v))
		return BADARG(p);
	size_t n;
	uint8_t *d = iolist_flatten(data, &n);
	if (!d)
		return BADARG(p);
	v = adler ? adler32_update(v, d, n) : crc32_update(v, d, n);
	free(d);
	return make_small(v);
}
BIF(b_crc32_1) { return checksum(p, NONV, a[0], false); }
BIF(b_crc32_2) { return checksum(p, a[0], a[1], false); }
BIF(b_adler32_1) { return checksum(p, NONV, a[0], true); }
BIF(b_adler32_2) { return checksum(p, a[0], a[1], true); }

/* crc32_combine/3 and adler32_combine/3: the checksum of two pieces
 * joined, from each one's and the second one's length (zlib's own). */
static term combine(struct proc *p, term *a, bool adler)
{
	uint32_t c1, c2;
	if (!u32_arg(a[0], &c1) || !u32_arg(a[1], &c2) || !is_small(a[2]) ||
	    small_val(a[2]) < 0)
		return BADARG(p);
	z_off_t len = (z_off_t)small_val(a[2]);
	uLong r = adler ? adler32_combine(c1, c2, len) : crc32_combine(c1, c2, len);
	return make_small((int64_t)(r & 0xFFFFFFFFu));
}
BIF(b_crc32_combine) { return combine(p, a, false); }
BIF(b_adler32_combine) { return combine(p, a, true); }

const struct bif_def bifs_md5[] = {
	{"erlang", "crc32_combine", 3, b_crc32_combine},
	{"erlang", "adler32_combine", 3, b_adler32_combine},
	{"erlang", "crc32", 1, b_crc32_1},
	{"erlang", "crc32", 2, b_crc32_2},
	{"erlang", "adler32", 1, b_adler32_1},
	{"erlang", "adler32", 2, b_adler32_2},
	{"erlang", "md5", 1, b_md5},
	{"erlang", "md5_init", 0, b_md5_init},
	{"erlang", "md5_update", 2, b_md5_update},
	{"erlang", "md5_final", 1, b_md5_final},
	{NULL, NULL, 0, NULL}
};

/* MD5 of the concatenation of k byte ranges (NULL ones are skipped). */
void md5_of_parts(const uint8_t *const *d, const size_t *n, size_t k,
		  uint8_t out[16])
{
	struct md5_ctx c;
	md5_init(&c);
	for (size_t i = 0; i < k; i++)
		if (d[i])
			md5_update(&c, d[i], n[i]);
	md5_final(&c, out);
}
