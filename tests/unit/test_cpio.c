/* The boot archive reader (bedrock/lib/cpio.c): archives built here, then
 * every kind of damage.  Each damaged archive sits in a heap buffer of
 * exactly its length, so a read past the end is caught by the sanitizer
 * the test is built with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shale/errors.h>
#include "lib/cpio.h"

struct arch {
	uint8_t *buf;
	size_t len, cap;
};

static void put(struct arch *a, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 64;
		a->buf = realloc(a->buf, a->cap);
		assert_non_null(a->buf);
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void pad(struct arch *a)
{
	static const uint8_t zero[4];

	put(a, zero, (4 - (a->len & 3)) & 3);
}

/* Appends a newc member; namesize is normally strlen(name) + 1. */
static void add_raw(struct arch *a, const char *magic, const char *name,
		    uint32_t namesize, const void *data, uint32_t size,
		    uint32_t datalen)
{
	char h[CPIO_HEADER_SIZE + 1];

	snprintf(h, sizeof(h), "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 magic, 1u, 0100755u, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u,
		 namesize, 0u);
	put(a, h, CPIO_HEADER_SIZE);
	put(a, name, strlen(name) + 1);
	pad(a);
	put(a, data, datalen);
	pad(a);
}

static void add(struct arch *a, const char *name, const void *data, uint32_t size)
{
	add_raw(a, "070701", name, (uint32_t)strlen(name) + 1, data, size, size);
}

static void trailer(struct arch *a)
{
	add(a, "TRAILER!!!", NULL, 0);
}

/* A heap copy of a[0..len) of exactly len bytes. */
static uint8_t *exact(const struct arch *a, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, a->buf, len);
	return p;
}

static int validate_exact(const struct arch *a, size_t len)
{
	uint8_t *p = exact(a, len);
	int r = cpio_validate(p, len);

	free(p);
	return r;
}

static const char hello[] = "hello, world";
static uint8_t big[5001];

static struct arch sample(void)
{
	struct arch a = {0};

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	add(&a, "bin/init", hello, sizeof(hello));
	add(&a, "bin/x", big, sizeof(big));
	add(&a, "empty", NULL, 0);
	add(&a, "bin/abc", "ab", 2);
	trailer(&a);
	return a;
}

static void test_find_and_iterate(void **state)
{
	struct arch a = sample();
	struct cpio_entry e;
	struct cpio_iter it;
	const char *names[] = {"bin/init", "bin/x", "empty", "bin/abc"};
	int i = 0, r;

	(void)state;
	assert_int_equal(cpio_validate(a.buf, a.len), 4);
	assert_int_equal(cpio_find(a.buf, a.len, "bin/init", &e), 0);
	assert_string_equal(e.name, "bin/init");
	assert_int_equal(e.namelen, 8);
	assert_int_equal(e.size, sizeof(hello));
	assert_memory_equal(e.data, hello, sizeof(hello));
	assert_int_equal(e.mode, 0100755);
	assert_int_equal(cpio_find(a.buf, a.len, "bin/x", &e), 0);
	assert_int_equal(e.size, sizeof(big));
	assert_memory_equal(e.data, big, sizeof(big));
	assert_int_equal(cpio_find(a.buf, a.len, "empty", &e), 0);
	assert_int_equal(e.size, 0);
	assert_int_equal(cpio_find(a.buf, a.len, "bin/abc", &e), 0);
	assert_memory_equal(e.data, "ab", 2);
	/* Names match whole, not by prefix, and the trailer is no file. */
	assert_int_equal(cpio_find(a.buf, a.len, "bin/ini", &e), -SH_ENOENT);
	assert_int_equal(cpio_find(a.buf, a.len, "bin/init2", &e), -SH_ENOENT);
	assert_int_equal(cpio_find(a.buf, a.len, "TRAILER!!!", &e), -SH_ENOENT);

	cpio_iter_init(&it, a.buf, a.len);
	while ((r = cpio_iter_next(&it, &e)) > 0) {
		assert_true(i < 4);
		assert_string_equal(e.name, names[i]);
		i++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(i, 4);
	/* Past the end it stays at the end. */
	assert_int_equal(cpio_iter_next(&it, &e), 0);
	free(a.buf);
}

static void test_empty_and_crc_variant(void **state)
{
	struct arch a = {0};
	struct cpio_entry e;

	(void)state;
	trailer(&a);
	assert_int_equal(cpio_validate(a.buf, a.len), 0);
	assert_int_equal(cpio_find(a.buf, a.len, "bin/init", &e), -SH_ENOENT);
	free(a.buf);

	a = (struct arch){0};
	add_raw(&a, "070702", "f", 2, "xyz", 3, 3);
	trailer(&a);
	assert_int_equal(cpio_find(a.buf, a.len, "f", &e), 0);
	assert_int_equal(e.size, 3);
	free(a.buf);
}

static void test_no_buffer(void **state)
{
	struct cpio_entry e;

	(void)state;
	assert_int_equal(cpio_validate(NULL, 0), -SH_EBADMSG);
	assert_int_equal(cpio_validate("", 0), -SH_EBADMSG);
	assert_int_equal(cpio_find(NULL, 100, "x", &e), -SH_EBADMSG);
}

/* Every proper prefix of a valid archive is malformed: it is cut inside a
 * header, a name, a file, or lacks its trailer. */
static void test_every_truncation(void **state)
{
	struct arch a = sample();

	(void)state;
	for (size_t len = 0; len < a.len; len++)
		assert_int_equal(validate_exact(&a, len), -SH_EBADMSG);
	assert_int_equal(validate_exact(&a, a.len), 4);
	free(a.buf);
}

static void test_missing_trailer(void **state)
{
	struct arch a = {0};
	struct cpio_entry e;

	(void)state;
	add(&a, "a", "1", 1);
	add(&a, "b", "22", 2);
	assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
	/* A member before the damage is still found... */
	assert_int_equal(cpio_find(a.buf, a.len, "a", &e), 0);
	/* ...but a search that reaches the end without a trailer fails. */
	assert_int_equal(cpio_find(a.buf, a.len, "c", &e), -SH_EBADMSG);
	free(a.buf);
}

static void test_bad_magic(void **state)
{
	static const char *magics[] = {"070700", "070703", "070707", "170701", "07070 "};

	(void)state;
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		struct arch a = {0};

		add_raw(&a, magics[i], "f", 2, "x", 1, 1);
		trailer(&a);
		assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
		free(a.buf);
	}
}

/* A non-hex character in any digit of any of the 13 fields. */
static void test_non_hex_digits(void **state)
{
	static const char junk[] = {'g', 'G', ' ', 'x', '\0', '-', '+', 0x7f};
	struct arch a = {0};

	(void)state;
	add(&a, "f", "x", 1);
	trailer(&a);
	for (size_t pos = 6; pos < CPIO_HEADER_SIZE; pos++) {
		for (size_t j = 0; j < sizeof(junk); j++) {
			uint8_t *p = exact(&a, a.len);

			p[pos] = (uint8_t)junk[j];
			assert_int_equal(cpio_validate(p, a.len), -SH_EBADMSG);
			free(p);
		}
	}
	/* Upper-case hex is still hex. */
	{
		uint8_t *p = exact(&a, a.len);

		memcpy(p + 6 + 8, "000081ED", 8);	/* mode 0100755 */
		assert_int_equal(cpio_validate(p, a.len), 1);
		free(p);
	}
	free(a.buf);
}

static void test_name_size_bad(void **state)
{
	struct arch a;

	(void)state;
	/* namesize past the end of the buffer */
	a = (struct arch){0};
	add_raw(&a, "070701", "f", 0x7fffffff, "x", 1, 1);
	assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
	free(a.buf);
	a = (struct arch){0};
	add_raw(&a, "070701", "f", 0xffffffff, "x", 1, 1);
	assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
	free(a.buf);
	/* namesize 0 and 1 (no name at all) */
	for (uint32_t ns = 0; ns < 2; ns++) {
		a = (struct arch){0};
		add_raw(&a, "070701", "f", ns, "x", 1, 1);
		trailer(&a);
		assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
		free(a.buf);
	}
	/* namesize shorter than the name: its last byte is not the NUL */
	a = (struct arch){0};
	add_raw(&a, "070701", "file", 3, "x", 1, 1);
	trailer(&a);
	assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
	free(a.buf);
	/* a NUL inside the name */
	a = (struct arch){0};
	add_raw(&a, "070701", "ab", 3, "x", 1, 1);
	a.buf[CPIO_HEADER_SIZE] = '\0';
	trailer(&a);
	assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
	free(a.buf);
}

static void test_file_size_bad(void **state)
{
	static const uint32_t sizes[] = {2000, 0x7fffffff, 0xfffffffc, 0xffffffff};
	struct cpio_entry e;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct arch a = {0};
		uint8_t *p;

		add_raw(&a, "070701", "f", 2, "0123456789", sizes[i], 10);
		trailer(&a);
		p = exact(&a, a.len);
		assert_int_equal(cpio_validate(p, a.len), -SH_EBADMSG);
		assert_int_equal(cpio_find(p, a.len, "f", &e), -SH_EBADMSG);
		free(p);
		free(a.buf);
	}
}

/* A file whose size is one byte more than the buffer holds after it. */
static void test_file_one_past_end(void **state)
{
	struct arch a = {0};

	(void)state;
	add_raw(&a, "070701", "ab", 3, "wxyz", 5, 4);
	assert_int_equal(validate_exact(&a, a.len), -SH_EBADMSG);
	free(a.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_and_iterate),
		cmocka_unit_test(test_empty_and_crc_variant),
		cmocka_unit_test(test_no_buffer),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_missing_trailer),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_non_hex_digits),
		cmocka_unit_test(test_name_size_bad),
		cmocka_unit_test(test_file_size_bad),
		cmocka_unit_test(test_file_one_past_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
