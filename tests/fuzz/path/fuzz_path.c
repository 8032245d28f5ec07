/* libFuzzer target for schemes/path.c and the namespace lookup.
 *
 * Beyond "no crash", it checks what the rest of the system relies on:
 * a result is in normal form and fits its buffer; normalising twice
 * changes nothing; a second, naive implementation (a stack of components)
 * agrees byte for byte; and a lookup through a prefixed namespace entry
 * always stays under the prefix, whatever ".." the input holds.  libc's
 * sh_path_resolve (a program's path against its current directory) gives
 * "name:/normal" or an error, and a relative path never leaves the
 * current directory's scheme. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/scheme_path.h>
#include <shale/scheme_ns.h>
#include <shale/errors.h>
#include <shale/file.h>

#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* The reference: components pushed and popped, then joined.  *longest
 * gets the longest component of the input, kept or not. */
static int ref_normalize(const uint8_t *in, size_t len, char *out,
			 size_t *longest)
{
	size_t start[SH_PATH_MAX + 1], clen[SH_PATH_MAX + 1];
	size_t n = 0, i = 0, o = 0;

	*longest = 0;
	while (i < len) {
		size_t s = i;
		while (i < len && in[i] != '/')
			i++;
		size_t l = i - s;
		i++;
		if (l > *longest)
			*longest = l;
		if (l == 0 || (l == 1 && in[s] == '.'))
			continue;
		if (l == 2 && in[s] == '.' && in[s + 1] == '.') {
			if (n)
				n--;
			continue;
		}
		start[n] = s;
		clen[n] = l;
		n++;
	}
	out[o++] = '/';
	for (size_t k = 0; k < n; k++) {
		if (k)
			out[o++] = '/';
		memcpy(out + o, in + start[k], clen[k]);
		o += clen[k];
	}
	out[o] = '\0';
	return (int)o;
}

static void check_normal(const char *out, int r, size_t cap)
{
	char again[SH_PATH_MAX + 1];

	CHECK(r >= 1 && (size_t)r < cap && r <= (int)SH_PATH_MAX);
	CHECK(out[r] == '\0' && strlen(out) == (size_t)r);
	CHECK(path_is_normal(out, (size_t)r));
	CHECK(path_normalize(out, (size_t)r, again, sizeof(again), NULL) == r);
	CHECK(memcmp(again, out, (size_t)r + 1) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[SH_PATH_MAX + 1], ref[2 * SH_PATH_MAX + 2];
	static char name[SH_SCHEME_NAME_MAX + 1];
	const char *in = (const char *)data;
	int r, has_nul = memchr(data, 0, size) != NULL;

	/* full room */
	r = path_normalize(in, size, out, sizeof(out), NULL);
	if (size == 0 || has_nul) {
		CHECK(r == -SH_EINVAL);
	} else if (size > SH_PATH_MAX) {
		CHECK(r == -SH_ENAMETOOLONG);
	} else {
		size_t longest;
		int rr = ref_normalize(data, size, ref, &longest);
		if (r >= 0) {
			check_normal(out, r, sizeof(out));
			CHECK(rr == r && memcmp(ref, out, (size_t)r) == 0);
		} else {
			/* too long only for a reason the reference sees too */
			CHECK(r == -SH_ENAMETOOLONG);
			CHECK(rr > (int)SH_PATH_MAX || longest > SH_FILENAME_MAX);
		}
	}

	/* a small buffer: never written past, same answer when it fits */
	if (size > 0) {
		char small[40];
		size_t cap = (size_t)data[0] % sizeof(small);
		memset(small, 0x7e, sizeof(small));
		int rs = path_normalize(in, size, small, cap, NULL);
		for (size_t k = cap; k < sizeof(small); k++)
			CHECK(small[k] == 0x7e);
		if (rs >= 0) {
			check_normal(small, rs, cap);
			CHECK(r == rs && memcmp(small, out, (size_t)rs) == 0);
		}
	}

	/* split */
	r = path_split(in, size, name, out, sizeof(out), NULL);
	if (r >= 0) {
		check_normal(out, r, sizeof(out));
		CHECK(path_valid_name(name, strlen(name)));
		CHECK(memchr(data, ':', size) == data + strlen(name));
	}

	/* a prefixed namespace entry never lets a lookup out of its prefix */
	static struct ns_entry slots[2];
	static struct ns_table ns;
	if (ns.cap == 0) {
		ns_init(&ns, slots, 2);
		CHECK(ns_add(&ns, "fs", 3, "/home/erl") == 0);
		CHECK(ns_add(&ns, "boot", 4, NULL) == 0);
	}
	sh_handle_t ep = 0;
	r = ns_lookup(&ns, in, size, &ep, out, sizeof(out), NULL);
	if (r >= 0) {
		check_normal(out, r, sizeof(out));
		CHECK(ep == 3 || ep == 4);
		if (ep == 3)
			CHECK(strncmp(out, "/home/erl", 9) == 0 &&
			      (out[9] == '\0' || out[9] == '/'));
	} else {
		CHECK(ep == 0);
	}

	/* libc: the input as a C string against a current directory */
	{
		static char arg[SH_PATH_MAX + 2], full[SH_SPATH_MAX];
		size_t n = size < sizeof(arg) - 1 ? size : sizeof(arg) - 1;
		const char *colon, *slash;

		memcpy(arg, data, n);
		arg[n] = '\0';
		r = sh_path_resolve("fs:/home/erl", arg, full, sizeof(full));
		colon = strchr(arg, ':');
		slash = strchr(arg, '/');
		if (r >= 0) {
			const char *c = strchr(full, ':');

			CHECK(c && (size_t)r == strlen(full));
			CHECK(path_valid_name(full, (size_t)(c - full)));
			check_normal(c + 1, (int)strlen(c + 1), SH_PATH_MAX + 1);
			if (!colon || (slash && slash < colon))
				CHECK(strncmp(full, "fs:/", 4) == 0);
		} else {
			CHECK(r == -SH_EINVAL || r == -SH_ENAMETOOLONG ||
			      r == -SH_ENOENT);
		}
	}
	return 0;
}
