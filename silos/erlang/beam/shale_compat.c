/* What Debian's static arm64 libpcre.a asks of glibc and picolibc lacks.
 * The Shale build links these; the host build never sees this file.
 *
 * - __ctype_b_loc: pcre_compile's isdigit/isalnum/... are glibc's macros
 *   over a table of class bits; this is that table for the C locale, built
 *   from picolibc's own classification.
 * - PCRE's JIT (pulled in by pcre_study, never asked for by bif_re.c)
 *   wants executable memory: mmap always fails, so JIT compilation reports
 *   no memory and the interpreter runs the match, as without JIT.
 * - pthread mutexes around the JIT's allocator: one thread runs the
 *   interpreter, so they have nothing to exclude. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>

/* glibc's class bits (bits/ctype.h, little-endian layout). */
#define GL_BIT(b) ((b) < 8 ? ((1 << (b)) << 8) : ((1 << (b)) >> 8))
enum {
	GL_UPPER = GL_BIT(0), GL_LOWER = GL_BIT(1), GL_ALPHA = GL_BIT(2),
	GL_DIGIT = GL_BIT(3), GL_XDIGIT = GL_BIT(4), GL_SPACE = GL_BIT(5),
	GL_PRINT = GL_BIT(6), GL_GRAPH = GL_BIT(7), GL_BLANK = GL_BIT(8),
	GL_CNTRL = GL_BIT(9), GL_PUNCT = GL_BIT(10), GL_ALNUM = GL_BIT(11),
};

/* Indexed from -128 (EOF and signed chars) to 255, as glibc's is. */
static unsigned short ctype_table[384];
static const unsigned short *ctype_ptr;

const unsigned short **__ctype_b_loc(void);
const unsigned short **__ctype_b_loc(void)
{
	if (!ctype_ptr) {
		for (int c = 0; c < 128; c++) {
			unsigned short v = 0;
			v |= isupper(c) ? GL_UPPER : 0;
			v |= islower(c) ? GL_LOWER : 0;
			v |= isalpha(c) ? GL_ALPHA : 0;
			v |= isdigit(c) ? GL_DIGIT : 0;
			v |= isxdigit(c) ? GL_XDIGIT : 0;
			v |= isspace(c) ? GL_SPACE : 0;
			v |= isprint(c) ? GL_PRINT : 0;
			v |= isgraph(c) ? GL_GRAPH : 0;
			v |= isblank(c) ? GL_BLANK : 0;
			v |= iscntrl(c) ? GL_CNTRL : 0;
			v |= ispunct(c) ? GL_PUNCT : 0;
			v |= isalnum(c) ? GL_ALNUM : 0;
			ctype_table[128 + c] = v;
		}
		ctype_ptr = ctype_table + 128;
	}
	return &ctype_ptr;
}

#define MAP_FAILED_PTR ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	(void)addr, (void)len, (void)prot, (void)flags, (void)fd, (void)off;
	return MAP_FAILED_PTR;
}

int munmap(void *addr, size_t len);
int munmap(void *addr, size_t len)
{
	(void)addr, (void)len;
	return -1;
}

int madvise(void *addr, size_t len, int advice);
int madvise(void *addr, size_t len, int advice)
{
	(void)addr, (void)len, (void)advice;
	return -1;
}

long sysconf(int name);
long sysconf(int name)
{
	(void)name;
	return 4096;	/* the JIT asks only for the page size */
}

int pthread_mutex_lock(void *m);
int pthread_mutex_lock(void *m)
{
	(void)m;
	return 0;
}

int pthread_mutex_unlock(void *m);
int pthread_mutex_unlock(void *m)
{
	(void)m;
	return 0;
}
