/* ELF validator: a valid image generated here, one malformed variant per
 * check (each must report its own reason and the offset of the field), a
 * few valid variants, bad limits, and seeded random corruption checked
 * against the validator's promises. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <shale/errors.h>
#include "elf.h"

/* The generated file: headers and text in the first 8 KiB, data after. */
#define FILE_LEN   0x28c0
#define TEXT_VA    0x400000
#define DATA_VA    0x412000
#define ENTRY      0x400100
#define SHOFF      0x2800
#define PH(i)      (64 + 56 * (i))
#define PH_TEXT    PH(0)
#define PH_DATA    PH(1)
#define PH_TLS     PH(2)
#define PH_NOTE    PH(3)
#define PH_STACK   PH(4)
#define NPHDR      5

/* Field offsets (Elf64_Phdr). */
#define P_TYPE   0
#define P_FLAGS  4
#define P_OFFSET 8
#define P_VADDR  16
#define P_FILESZ 32
#define P_MEMSZ  40
#define P_ALIGN  48

#define USER_HI 0x800000000000ull

static const struct elf_limits limits = {
	.user_lo = 0x1000,
	.user_hi = USER_HI,
	.page_size = 0x1000,
	.max_segments = 8,
};

static void w16(uint8_t *b, size_t off, uint16_t v)
{
	for (int i = 0; i < 2; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void w32(uint8_t *b, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void w64(uint8_t *b, size_t off, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void phdr(uint8_t *b, size_t at, uint32_t type, uint32_t flags,
		 uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz,
		 uint64_t align)
{
	w32(b, at + P_TYPE, type);
	w32(b, at + P_FLAGS, flags);
	w64(b, at + P_OFFSET, off);
	w64(b, at + P_VADDR, va);
	w64(b, at + 24, va);            /* p_paddr */
	w64(b, at + P_FILESZ, filesz);
	w64(b, at + P_MEMSZ, memsz);
	w64(b, at + P_ALIGN, align);
}

/* Writes a valid static AArch64 executable into b (FILE_LEN bytes). */
static void gen_elf(uint8_t *b)
{
	memset(b, 0, FILE_LEN);
	memcpy(b, "\x7f" "ELF", 4);
	b[4] = 2;       /* ELFCLASS64 */
	b[5] = 1;       /* ELFDATA2LSB */
	b[6] = 1;       /* EV_CURRENT */
	w16(b, 16, 2);  /* ET_EXEC */
	w16(b, 18, 183);/* EM_AARCH64 */
	w32(b, 20, 1);
	w64(b, 24, ENTRY);
	w64(b, 32, 64);
	w64(b, 40, SHOFF);
	w16(b, 52, 64);
	w16(b, 54, 56);
	w16(b, 56, NPHDR);
	w16(b, 58, 64);
	w16(b, 60, 3);
	w16(b, 62, 2);
	phdr(b, PH_TEXT, 1, ELF_SEG_R | ELF_SEG_X, 0, TEXT_VA, 0x2000, 0x2000, 0x1000);
	phdr(b, PH_DATA, 1, ELF_SEG_R | ELF_SEG_W, 0x2000, DATA_VA, 0x800, 0x3000, 0x1000);
	phdr(b, PH_TLS, 7, ELF_SEG_R, 0x2100, DATA_VA + 0x100, 0x40, 0x80, 16);
	phdr(b, PH_NOTE, 4, ELF_SEG_R, 0x200, TEXT_VA + 0x200, 0x20, 0x20, 4);
	phdr(b, PH_STACK, 0x6474e551, ELF_SEG_R | ELF_SEG_W, 0, 0, 0, 0, 16);
	/* A few instructions at the entry point, for realism: ret. */
	w32(b, ENTRY - TEXT_VA, 0xd65f03c0);
}

static void test_valid(void **state)
{
	uint8_t *b = malloc(FILE_LEN);
	struct elf_image img;

	(void)state;
	gen_elf(b);
	assert_int_equal(elf_validate(b, FILE_LEN, &limits, &img), 0);
	assert_null(img.why);
	assert_int_equal(img.entry, ENTRY);
	assert_int_equal(img.nsegs, 2);
	assert_int_equal(img.seg[0].vaddr, TEXT_VA);
	assert_int_equal(img.seg[0].offset, 0);
	assert_int_equal(img.seg[0].filesz, 0x2000);
	assert_int_equal(img.seg[0].flags, ELF_SEG_R | ELF_SEG_X);
	assert_int_equal(img.seg[1].vaddr, DATA_VA);
	assert_int_equal(img.seg[1].filesz, 0x800);
	assert_int_equal(img.seg[1].memsz, 0x3000);
	assert_int_equal(img.seg[1].flags, ELF_SEG_R | ELF_SEG_W);
	assert_true(img.has_tls);
	assert_int_equal(img.tls.vaddr, DATA_VA + 0x100);
	assert_int_equal(img.tls.memsz, 0x80);
	assert_int_equal(img.tls.align, 16);
	/* The buffer need not be aligned. */
	uint8_t *odd = malloc(FILE_LEN + 1);
	memcpy(odd + 1, b, FILE_LEN);
	assert_int_equal(elf_validate(odd + 1, FILE_LEN, &limits, &img), 0);
	free(odd);
	free(b);
}

typedef void (*mutate_fn)(uint8_t *b, size_t *len);

#define MUT(name, body) \
	static void name(uint8_t *b, size_t *len) { (void)b; (void)len; body; }

MUT(m_osabi_gnu, b[7] = 3)
MUT(m_no_sections, w16(b, 60, 0); w16(b, 62, 0); w64(b, 40, 0))
MUT(m_align_zero, w64(b, PH_TEXT + P_ALIGN, 0); w64(b, PH_DATA + P_ALIGN, 1))
MUT(m_null_entries, w32(b, PH_NOTE + P_TYPE, 0); w32(b, PH_STACK + P_TYPE, 0))
MUT(m_no_tls, w32(b, PH_TLS + P_TYPE, 0x6474e552))   /* PT_GNU_RELRO */
MUT(m_phdr_type, w32(b, PH_NOTE + P_TYPE, 6))        /* PT_PHDR */
MUT(m_cpu_specific, w32(b, PH_NOTE + P_TYPE, 0x70000003))
MUT(m_adjacent_pages, w64(b, PH_DATA + P_VADDR, TEXT_VA + 0x2000);
    w64(b, PH_TLS + P_VADDR, TEXT_VA + 0x2100))
MUT(m_top_of_range, w64(b, PH_DATA + P_VADDR, USER_HI - 0x3000);
    w64(b, PH_TLS + P_VADDR, USER_HI - 0x2f00))
MUT(m_readonly_data, w32(b, PH_DATA + P_FLAGS, ELF_SEG_R))
MUT(m_trailing_bytes, *len = FILE_LEN - 64)          /* no section headers read */

static void test_valid_variants(void **state)
{
	static const struct { const char *name; mutate_fn fn; bool tls; } v[] = {
		{ "EI_OSABI GNU", m_osabi_gnu, true },
		{ "no section headers", m_no_sections, true },
		{ "alignment 0 and 1", m_align_zero, true },
		{ "PT_NULL entries", m_null_entries, true },
		{ "no PT_TLS, PT_GNU_RELRO", m_no_tls, false },
		{ "PT_PHDR", m_phdr_type, true },
		{ "processor-specific type", m_cpu_specific, true },
		{ "segments on adjacent pages", m_adjacent_pages, true },
		{ "segment ending at user_hi", m_top_of_range, true },
		{ "read-only segment", m_readonly_data, true },
	};
	uint8_t *b = malloc(FILE_LEN);
	struct elf_image img;

	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		size_t len = FILE_LEN;
		gen_elf(b);
		v[i].fn(b, &len);
		int err = elf_validate(b, len, &limits, &img);
		if (err)
			fail_msg("%s: rejected: %s at %#llx", v[i].name, img.why,
				 (unsigned long long)img.where);
		assert_int_equal(img.has_tls, v[i].tls);
	}
	free(b);
}

/* Variants for which the section headers are outside a shortened file. */
static void test_short_file_without_sections(void **state)
{
	uint8_t *b = malloc(FILE_LEN);
	struct elf_image img;
	size_t len = FILE_LEN;

	(void)state;
	gen_elf(b);
	m_trailing_bytes(b, &len);
	assert_int_equal(elf_validate(b, len, &limits, &img), -SH_ENOEXEC);
	assert_int_equal(img.where, 40);
	m_no_sections(b, &len);
	assert_int_equal(elf_validate(b, len, &limits, &img), 0);
	free(b);
}

/* ---- one malformed variant per check ---- */

MUT(x_short, *len = 63)
MUT(x_empty, *len = 0)
MUT(x_magic, b[1] = 'X')
MUT(x_class, b[4] = 1)
MUT(x_data, b[5] = 2)
MUT(x_identver, b[6] = 0)
MUT(x_osabi, b[7] = 9)
MUT(x_abiver, b[8] = 1)
MUT(x_pad, b[12] = 1)
MUT(x_type, w16(b, 16, 3))
MUT(x_machine, w16(b, 18, 62))
MUT(x_version, w32(b, 20, 2))
MUT(x_flags, w32(b, 48, 1))
MUT(x_ehsize, w16(b, 52, 52))
MUT(x_phentsize, w16(b, 54, 32))
MUT(x_phnum0, w16(b, 56, 0))
MUT(x_phnum_big, w16(b, 56, ELF_PHNUM_MAX + 1))
MUT(x_phnum_xnum, w16(b, 56, 0xffff))
MUT(x_phoff_low, w64(b, 32, 0))
MUT(x_phoff_odd, w64(b, 32, 68))
MUT(x_phoff_end, w64(b, 32, FILE_LEN - 8))
MUT(x_phoff_wrap, w64(b, 32, UINT64_MAX - 7))
MUT(x_shentsize, w16(b, 58, 40))
MUT(x_shoff_end, w64(b, 40, FILE_LEN))
MUT(x_shoff_wrap, w64(b, 40, UINT64_MAX - 63))
MUT(x_shstrndx, w16(b, 62, 3))
MUT(x_shstrndx_nosec, w16(b, 60, 0))
MUT(x_interp, w32(b, PH_NOTE + P_TYPE, 3))
MUT(x_dynamic, w32(b, PH_NOTE + P_TYPE, 2))
MUT(x_shlib, w32(b, PH_NOTE + P_TYPE, 5))
MUT(x_type_gap, w32(b, PH_NOTE + P_TYPE, 8))
MUT(x_type_high, w32(b, PH_NOTE + P_TYPE, 0x80000000u))
MUT(x_offset_end, w64(b, PH_DATA + P_OFFSET, FILE_LEN + 0x1000))
MUT(x_filesz_end, w64(b, PH_DATA + P_FILESZ, FILE_LEN - 0x2000 + 1))
MUT(x_filesz_wrap, w64(b, PH_DATA + P_FILESZ, UINT64_MAX))
MUT(x_filesz_memsz, w64(b, PH_DATA + P_MEMSZ, 0x400))
MUT(x_align_pow2, w64(b, PH_TEXT + P_ALIGN, 0x3000))
MUT(x_congruent, w64(b, PH_DATA + P_VADDR, DATA_VA + 0x10))
MUT(x_pflags, w32(b, PH_TEXT + P_FLAGS, ELF_SEG_R | ELF_SEG_X | 0x100000))
MUT(x_wx, w32(b, PH_TEXT + P_FLAGS, ELF_SEG_R | ELF_SEG_W | ELF_SEG_X))
MUT(x_memsz0, w64(b, PH_DATA + P_FILESZ, 0); w64(b, PH_DATA + P_MEMSZ, 0))
MUT(x_below, w64(b, PH_TEXT + P_VADDR, 0))
MUT(x_wrap, w64(b, PH_DATA + P_VADDR, 0xfffffffffffff000ull);
    w64(b, PH_DATA + P_MEMSZ, 0x2000))
MUT(x_beyond, w64(b, PH_DATA + P_VADDR, USER_HI - 0x1000))
MUT(x_overlap, w64(b, PH_DATA + P_VADDR, TEXT_VA + 0x1000))
MUT(x_overlap_page, w64(b, PH_TEXT + P_MEMSZ, 0x2001);
    w64(b, PH_DATA + P_VADDR, TEXT_VA + 0x2000))
MUT(x_execstack, w32(b, PH_STACK + P_FLAGS, ELF_SEG_R | ELF_SEG_W | ELF_SEG_X))
MUT(x_two_tls, w32(b, PH_NOTE + P_TYPE, 7))
MUT(x_tls_outside, w64(b, PH_TLS + P_VADDR, 0x500100))
MUT(x_tls_wrap, w64(b, PH_TLS + P_MEMSZ, UINT64_MAX))
MUT(x_no_load, w32(b, PH_TEXT + P_TYPE, 0); w32(b, PH_DATA + P_TYPE, 0))
MUT(x_entry_odd, w64(b, 24, ENTRY + 2))
MUT(x_entry_data, w64(b, 24, DATA_VA))
MUT(x_entry_bss, w64(b, PH_TEXT + P_MEMSZ, 0x3000); w64(b, 24, TEXT_VA + 0x2800))
MUT(x_entry_none, w64(b, 24, 0x10))

struct bad {
	const char *name;
	mutate_fn fn;
	int err;
	uint64_t where;
	const char *why;   /* a substring of the reason */
};

static const struct bad bad[] = {
	{ "short", x_short, -SH_ENOEXEC, 63, "shorter" },
	{ "empty", x_empty, -SH_ENOEXEC, 0, "shorter" },
	{ "magic", x_magic, -SH_ENOEXEC, 0, "magic" },
	{ "class", x_class, -SH_ENOEXEC, 4, "EI_CLASS" },
	{ "data", x_data, -SH_ENOEXEC, 5, "EI_DATA" },
	{ "ident version", x_identver, -SH_ENOEXEC, 6, "EI_VERSION" },
	{ "osabi", x_osabi, -SH_ENOEXEC, 7, "EI_OSABI" },
	{ "abi version", x_abiver, -SH_ENOEXEC, 8, "EI_ABIVERSION" },
	{ "padding", x_pad, -SH_ENOEXEC, 12, "EI_PAD" },
	{ "e_type", x_type, -SH_ENOEXEC, 16, "ET_EXEC" },
	{ "e_machine", x_machine, -SH_ENOEXEC, 18, "e_machine" },
	{ "e_version", x_version, -SH_ENOEXEC, 20, "e_version" },
	{ "e_flags", x_flags, -SH_ENOEXEC, 48, "e_flags" },
	{ "e_ehsize", x_ehsize, -SH_ENOEXEC, 52, "e_ehsize" },
	{ "e_phentsize", x_phentsize, -SH_ENOEXEC, 54, "e_phentsize" },
	{ "e_phnum 0", x_phnum0, -SH_ENOEXEC, 56, "no program headers" },
	{ "e_phnum cap", x_phnum_big, -SH_ENOEXEC, 56, "too many program" },
	{ "e_phnum PN_XNUM", x_phnum_xnum, -SH_ENOEXEC, 56, "too many program" },
	{ "e_phoff in header", x_phoff_low, -SH_ENOEXEC, 32, "overlap the ELF header" },
	{ "e_phoff misaligned", x_phoff_odd, -SH_ENOEXEC, 32, "misaligned program" },
	{ "e_phoff past end", x_phoff_end, -SH_ENOEXEC, 32, "past the end" },
	{ "e_phoff wraps", x_phoff_wrap, -SH_ENOEXEC, 32, "past the end" },
	{ "e_shentsize", x_shentsize, -SH_ENOEXEC, 58, "e_shentsize" },
	{ "e_shoff past end", x_shoff_end, -SH_ENOEXEC, 40, "e_shoff" },
	{ "e_shoff wraps", x_shoff_wrap, -SH_ENOEXEC, 40, "e_shoff" },
	{ "e_shstrndx", x_shstrndx, -SH_ENOEXEC, 62, "e_shstrndx" },
	{ "e_shstrndx without sections", x_shstrndx_nosec, -SH_ENOEXEC, 62, "e_shstrndx" },
	{ "PT_INTERP", x_interp, -SH_ENOEXEC, PH_NOTE, "PT_INTERP" },
	{ "PT_DYNAMIC", x_dynamic, -SH_ENOEXEC, PH_NOTE, "PT_DYNAMIC" },
	{ "PT_SHLIB", x_shlib, -SH_ENOEXEC, PH_NOTE, "unknown segment type" },
	{ "type 8", x_type_gap, -SH_ENOEXEC, PH_NOTE, "unknown segment type" },
	{ "type 0x80000000", x_type_high, -SH_ENOEXEC, PH_NOTE, "unknown segment type" },
	{ "p_offset past end", x_offset_end, -SH_ENOEXEC, PH_DATA + P_OFFSET, "p_offset" },
	{ "p_filesz past end", x_filesz_end, -SH_ENOEXEC, PH_DATA + P_FILESZ, "past the end" },
	{ "p_filesz wraps", x_filesz_wrap, -SH_ENOEXEC, PH_DATA + P_FILESZ, "past the end" },
	{ "p_filesz > p_memsz", x_filesz_memsz, -SH_ENOEXEC, PH_DATA + P_FILESZ, "exceeds its memory" },
	{ "p_align", x_align_pow2, -SH_ENOEXEC, PH_TEXT + P_ALIGN, "power of two" },
	{ "vaddr/offset", x_congruent, -SH_ENOEXEC, PH_DATA + P_VADDR, "modulo p_align" },
	{ "p_flags bits", x_pflags, -SH_ENOEXEC, PH_TEXT + P_FLAGS, "unknown segment flags" },
	{ "W and X", x_wx, -SH_ENOEXEC, PH_TEXT + P_FLAGS, "writable and executable" },
	{ "empty PT_LOAD", x_memsz0, -SH_ENOEXEC, PH_DATA + P_MEMSZ, "empty" },
	{ "below user range", x_below, -SH_ENOEXEC, PH_TEXT + P_VADDR, "below" },
	{ "wraps around", x_wrap, -SH_ENOEXEC, PH_DATA + P_MEMSZ, "wraps" },
	{ "beyond user range", x_beyond, -SH_ENOEXEC, PH_DATA + P_MEMSZ, "beyond" },
	{ "overlap", x_overlap, -SH_ENOEXEC, PH_DATA + P_VADDR, "share a page" },
	{ "overlap in a page", x_overlap_page, -SH_ENOEXEC, PH_DATA + P_VADDR, "share a page" },
	{ "executable stack", x_execstack, -SH_ENOEXEC, PH_STACK + P_FLAGS, "executable stack" },
	{ "two PT_TLS", x_two_tls, -SH_ENOEXEC, PH_NOTE, "more than one TLS" },
	{ "TLS outside", x_tls_outside, -SH_ENOEXEC, PH_TLS + P_VADDR, "TLS template" },
	{ "TLS wraps", x_tls_wrap, -SH_ENOEXEC, PH_TLS + P_MEMSZ, "TLS segment wraps" },
	{ "no PT_LOAD", x_no_load, -SH_ENOEXEC, 56, "no loadable" },
	{ "entry misaligned", x_entry_odd, -SH_ENOEXEC, 24, "misaligned entry" },
	{ "entry in data", x_entry_data, -SH_ENOEXEC, 24, "entry point not" },
	{ "entry in bss", x_entry_bss, -SH_ENOEXEC, 24, "entry point not" },
	{ "entry nowhere", x_entry_none, -SH_ENOEXEC, 24, "entry point not" },
};

static void test_malformed(void **state)
{
	uint8_t *b = malloc(FILE_LEN);
	struct elf_image img;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len = FILE_LEN;
		gen_elf(b);
		bad[i].fn(b, &len);
		int err = elf_validate(b, len, &limits, &img);
		if (err != bad[i].err || !img.why || !strstr(img.why, bad[i].why) ||
		    img.where != bad[i].where)
			fail_msg("%s: got %d \"%s\" at %#llx, want %d \"%s\" at %#llx",
				 bad[i].name, err, img.why ? img.why : "(null)",
				 (unsigned long long)img.where, bad[i].err,
				 bad[i].why, (unsigned long long)bad[i].where);
	}
	free(b);
}

static void test_segment_cap(void **state)
{
	uint8_t *b = malloc(FILE_LEN);
	struct elf_limits one = limits;
	struct elf_image img;

	(void)state;
	gen_elf(b);
	one.max_segments = 1;
	assert_int_equal(elf_validate(b, FILE_LEN, &one, &img), -SH_E2BIG);
	assert_int_equal(img.where, PH_DATA);
	assert_non_null(strstr(img.why, "too many loadable"));
	one.max_segments = 2;
	assert_int_equal(elf_validate(b, FILE_LEN, &one, &img), 0);
	free(b);
}

static void test_bad_limits(void **state)
{
	uint8_t *b = malloc(FILE_LEN);
	struct elf_image img;
	struct elf_limits l;

	(void)state;
	gen_elf(b);
	l = limits; l.page_size = 3000;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	assert_non_null(img.why);
	l = limits; l.page_size = 0;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	l = limits; l.user_lo = 0x1800;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	l = limits; l.user_hi = USER_HI + 1;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	l = limits; l.user_lo = l.user_hi;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	l = limits; l.max_segments = 0;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	l = limits; l.max_segments = ELF_SEGMENTS_MAX + 1;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_EINVAL);
	/* A tighter user range rejects what the default range accepts. */
	l = limits; l.user_lo = 0x410000;
	assert_int_equal(elf_validate(b, FILE_LEN, &l, &img), -SH_ENOEXEC);
	assert_int_equal(img.where, PH_TEXT + P_VADDR);
	free(b);
}

/* Seeded random corruption: whatever is accepted keeps every promise the
 * loader relies on; whatever is rejected says what and where. */
static void test_random_corruption(void **state)
{
	uint8_t *b = malloc(FILE_LEN);
	struct elf_image img;
	uint32_t seed = 7;
	long accepted = 0;

	(void)state;
	for (int iter = 0; iter < 200000; iter++) {
		size_t len = FILE_LEN;
		gen_elf(b);
		int n = 1 + iter % 4;
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly the headers, where the checks are. */
			size_t at = (seed >> 8) % (PH(NPHDR) + 8);
			seed = seed * 1103515245 + 12345;
			switch (seed >> 29) {
			case 0: b[at] ^= (uint8_t)(1u << ((seed >> 4) & 7)); break;
			case 1: b[at] = (uint8_t)(seed >> 12); break;
			case 2: b[at] = 0xff; break;
			case 3: b[at] = 0; break;
			case 4: len = (seed >> 4) % (FILE_LEN + 1); break;
			default: b[at] += 1; break;
			}
		}
		int err = elf_validate(b, len, &limits, &img);
		if (err) {
			assert_true(err == -SH_ENOEXEC || err == -SH_E2BIG);
			assert_non_null(img.why);
			assert_true(img.where < len || len < 64);
			continue;
		}
		accepted++;
		assert_null(img.why);
		assert_true(img.nsegs >= 1 && img.nsegs <= limits.max_segments);
		bool entry_ok = false;
		for (uint32_t i = 0; i < img.nsegs; i++) {
			const struct elf_segment *s = &img.seg[i];
			assert_true(s->offset <= len && s->filesz <= len - s->offset);
			assert_true(s->filesz <= s->memsz && s->memsz > 0);
			assert_true(s->vaddr >= limits.user_lo);
			assert_true(s->vaddr + s->memsz > s->vaddr);
			assert_true(s->vaddr + s->memsz <= limits.user_hi);
			assert_false((s->flags & ELF_SEG_W) && (s->flags & ELF_SEG_X));
			if ((s->flags & ELF_SEG_X) && img.entry >= s->vaddr &&
			    img.entry < s->vaddr + s->filesz)
				entry_ok = true;
			for (uint32_t j = 0; j < i; j++) {
				const struct elf_segment *o = &img.seg[j];
				uint64_t a0 = s->vaddr / 0x1000, a1 = (s->vaddr + s->memsz - 1) / 0x1000;
				uint64_t b0 = o->vaddr / 0x1000, b1 = (o->vaddr + o->memsz - 1) / 0x1000;
				assert_true(a1 < b0 || b1 < a0);
			}
		}
		assert_true(entry_ok);
	}
	/* Single-bit flips in unused fields keep some files valid. */
	assert_true(accepted > 0);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_valid_variants),
		cmocka_unit_test(test_short_file_without_sections),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_segment_cap),
		cmocka_unit_test(test_bad_limits),
		cmocka_unit_test(test_random_corruption),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
