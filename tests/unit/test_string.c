/* The kernel's string helpers (bedrock/lib/string.c), built under k_
 * names beside the host C library and compared with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void *k_memcpy(void *, const void *, size_t);
void *k_memmove(void *, const void *, size_t);
void *k_memset(void *, int, size_t);
int k_memcmp(const void *, const void *, size_t);
void *k_memchr(const void *, int, size_t);
size_t k_strlen(const char *);
size_t k_strnlen(const char *, size_t);
char *k_strchr(const char *, int);
char *k_strrchr(const char *, int);
int k_strcmp(const char *, const char *);
int k_strncmp(const char *, const char *, size_t);
unsigned long k_strtoul(const char *, char **, int);

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_mem(void **state)
{
	char a[64], b[64];
	int i;

	(void)state;
	for (i = 0; i < 64; i++)
		a[i] = (char)i;
	assert_ptr_equal(k_memcpy(b, a, 64), b);
	assert_memory_equal(a, b, 64);
	k_memset(b, 0xab, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal((unsigned char)b[i], 0xab);
	assert_int_equal(b[10], 10);
	/* overlapping moves both ways */
	memcpy(b, a, 64);
	k_memmove(b + 5, b, 20);
	assert_memory_equal(b + 5, a, 20);
	memcpy(b, a, 64);
	k_memmove(b, b + 5, 20);
	assert_memory_equal(b, a + 5, 20);
	assert_int_equal(sign(k_memcmp("abc", "abd", 3)), sign(memcmp("abc", "abd", 3)));
	assert_int_equal(k_memcmp("abc", "abd", 2), 0);
	assert_int_equal(sign(k_memcmp("\xff", "\x01", 1)), 1);
	assert_ptr_equal(k_memchr(a, 7, 64), a + 7);
	assert_null(k_memchr(a, 100, 64));
}

static void test_str(void **state)
{
	const char *s = "hello, world";

	(void)state;
	assert_int_equal(k_strlen(""), 0);
	assert_int_equal(k_strlen(s), strlen(s));
	assert_int_equal(k_strnlen(s, 5), 5);
	assert_int_equal(k_strnlen(s, 100), strlen(s));
	assert_ptr_equal(k_strchr(s, 'o'), strchr(s, 'o'));
	assert_ptr_equal(k_strchr(s, 0), s + strlen(s));
	assert_null(k_strchr(s, 'z'));
	assert_ptr_equal(k_strrchr(s, 'o'), strrchr(s, 'o'));
	assert_null(k_strrchr(s, 'q'));
	assert_int_equal(sign(k_strcmp("a", "b")), -1);
	assert_int_equal(k_strcmp("same", "same"), 0);
	assert_int_equal(sign(k_strcmp("ab", "a")), 1);
	assert_int_equal(k_strncmp("abcX", "abcY", 3), 0);
	assert_int_equal(sign(k_strncmp("abcX", "abcY", 4)), -1);
}

static void test_strtoul(void **state)
{
	char *end;

	(void)state;
	assert_int_equal(k_strtoul("1234", &end, 10), 1234);
	assert_int_equal(*end, 0);
	assert_int_equal(k_strtoul("0x1F!", &end, 0), 31);
	assert_int_equal(*end, '!');
	assert_int_equal(k_strtoul("017", NULL, 0), 15);
	assert_int_equal(k_strtoul("  42", NULL, 10), 42);
	assert_int_equal(k_strtoul("zz", &end, 36), 35 * 36 + 35);
	assert_int_equal(k_strtoul("xyz", &end, 10), 0);
	assert_string_equal(end, "xyz");
	assert_true(k_strtoul("99999999999999999999999", NULL, 10) == ~0UL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_strtoul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
