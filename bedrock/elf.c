/* ELF64 validator.
 *
 * Trusts nothing in the file: every offset, count and size is checked
 * against the file length and the caller's limits with overflow-safe
 * arithmetic before it is used, and fields are read byte by byte (the
 * buffer need not be aligned, and the host running the unit tests need not
 * be little-endian).  Trusts the caller's limits only after checking them.
 * Work is bounded: at most ELF_PHNUM_MAX headers are read, and the overlap
 * test is quadratic in at most ELF_SEGMENTS_MAX segments.
 *
 * Policy beyond the ELF specification, for a capability system with W^X:
 * only static ET_EXEC files (no interpreter, no dynamic section); no segment
 * both writable and executable; no executable stack; no two segments on one
 * page (so each page has one set of permissions); the entry point lies in
 * the file-backed part of an executable segment.  Fields a loader does not
 * use (p_paddr, section contents) are not checked beyond their bounds. */
#include <stddef.h>
#include <shale/errors.h>
#include "elf.h"

/* Layout of the headers: Elf64_Ehdr and Elf64_Phdr field offsets. */
#define EHDR_SIZE        64
#define E_TYPE           16
#define E_MACHINE        18
#define E_VERSION        20
#define E_ENTRY          24
#define E_PHOFF          32
#define E_SHOFF          40
#define E_FLAGS          48
#define E_EHSIZE         52
#define E_PHENTSIZE      54
#define E_PHNUM          56
#define E_SHENTSIZE      58
#define E_SHNUM          60
#define E_SHSTRNDX       62
#define PHDR_SIZE        56
#define SHDR_SIZE        64
#define P_TYPE           0
#define P_FLAGS          4
#define P_OFFSET         8
#define P_VADDR          16
#define P_FILESZ         32
#define P_MEMSZ          40
#define P_ALIGN          48

#define ELFCLASS64       2
#define ELFDATA2LSB      1
#define EV_CURRENT       1
#define ELFOSABI_NONE    0
#define ELFOSABI_GNU     3
#define ET_EXEC          2
#define EM_AARCH64       183

#define PT_NULL          0
#define PT_LOAD          1
#define PT_DYNAMIC       2
#define PT_INTERP        3
#define PT_NOTE          4
#define PT_SHLIB         5
#define PT_PHDR          6
#define PT_TLS           7
#define PT_LOOS          0x60000000u
#define PT_GNU_STACK     0x6474e551u
#define PT_HIPROC        0x7fffffffu

#define PF_ALL           (ELF_SEG_R | ELF_SEG_W | ELF_SEG_X)

static uint64_t rd(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

#define RD16(b, off) ((uint16_t)rd((b) + (off), 2))
#define RD32(b, off) ((uint32_t)rd((b) + (off), 4))
#define RD64(b, off) rd((b) + (off), 8)

static int fail(struct elf_image *img, int err, const char *why, uint64_t where)
{
	img->why = why;
	img->where = where;
	return err;
}

#define NOEXEC(why, where) fail(img, -SH_ENOEXEC, (why), (where))

static bool pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static int check_limits(const struct elf_limits *lim, struct elf_image *img)
{
	uint64_t pg = lim->page_size;

	if (!pow2(pg) || lim->user_lo % pg || lim->user_hi % pg ||
	    lim->user_lo >= lim->user_hi || lim->max_segments == 0 ||
	    lim->max_segments > ELF_SEGMENTS_MAX)
		return fail(img, -SH_EINVAL, "bad loader limits", 0);
	return 0;
}

static int check_ident(const uint8_t *b, struct elf_image *img)
{
	if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
		return NOEXEC("not an ELF file (bad magic)", 0);
	if (b[4] != ELFCLASS64)
		return NOEXEC("not a 64-bit ELF file (EI_CLASS)", 4);
	if (b[5] != ELFDATA2LSB)
		return NOEXEC("not little-endian (EI_DATA)", 5);
	if (b[6] != EV_CURRENT)
		return NOEXEC("bad ELF version (EI_VERSION)", 6);
	if (b[7] != ELFOSABI_NONE && b[7] != ELFOSABI_GNU)
		return NOEXEC("unsupported OS ABI (EI_OSABI)", 7);
	if (b[8] != 0)
		return NOEXEC("unsupported ABI version (EI_ABIVERSION)", 8);
	for (int i = 9; i < 16; i++)
		if (b[i] != 0)
			return NOEXEC("nonzero padding in e_ident (EI_PAD)", (uint64_t)i);
	return 0;
}

/* Checks the ELF header after e_ident; the program header table it points
 * to is then known to lie inside the file. */
static int check_ehdr(const uint8_t *b, size_t len, struct elf_image *img)
{
	uint64_t phoff = RD64(b, E_PHOFF), shoff = RD64(b, E_SHOFF);
	uint16_t phnum = RD16(b, E_PHNUM), shnum = RD16(b, E_SHNUM);

	if (RD16(b, E_TYPE) != ET_EXEC)
		return NOEXEC("not a static executable (e_type is not ET_EXEC)", E_TYPE);
	if (RD16(b, E_MACHINE) != EM_AARCH64)
		return NOEXEC("not an AArch64 file (e_machine)", E_MACHINE);
	if (RD32(b, E_VERSION) != EV_CURRENT)
		return NOEXEC("bad ELF version (e_version)", E_VERSION);
	if (RD32(b, E_FLAGS) != 0)
		return NOEXEC("unknown processor flags (e_flags)", E_FLAGS);
	if (RD16(b, E_EHSIZE) != EHDR_SIZE)
		return NOEXEC("bad ELF header size (e_ehsize)", E_EHSIZE);
	if (RD16(b, E_PHENTSIZE) != PHDR_SIZE)
		return NOEXEC("bad program header size (e_phentsize)", E_PHENTSIZE);
	if (phnum == 0)
		return NOEXEC("no program headers (e_phnum)", E_PHNUM);
	if (phnum > ELF_PHNUM_MAX)
		return NOEXEC("too many program headers (e_phnum)", E_PHNUM);
	if (phoff < EHDR_SIZE)
		return NOEXEC("program headers overlap the ELF header (e_phoff)", E_PHOFF);
	if (phoff % 8)
		return NOEXEC("misaligned program headers (e_phoff)", E_PHOFF);
	/* phnum * PHDR_SIZE is small, so only the addition can overflow. */
	if (phoff > len || (uint64_t)phnum * PHDR_SIZE > len - phoff)
		return NOEXEC("program headers past the end of the file (e_phoff)", E_PHOFF);
	if (shnum != 0) {
		if (RD16(b, E_SHENTSIZE) != SHDR_SIZE)
			return NOEXEC("bad section header size (e_shentsize)", E_SHENTSIZE);
		if (shoff > len || (uint64_t)shnum * SHDR_SIZE > len - shoff)
			return NOEXEC("section headers past the end of the file (e_shoff)", E_SHOFF);
	}
	/* With no sections, e_shstrndx must be SHN_UNDEF (0); this also
	 * refuses extended section numbering, which a loader never needs. */
	if (RD16(b, E_SHSTRNDX) >= (shnum ? shnum : 1))
		return NOEXEC("bad section name table index (e_shstrndx)", E_SHSTRNDX);
	return 0;
}

/* Reads the program header at ph (file offset at) into s and checks what
 * every type must satisfy: the data lies in the file, filesz <= memsz, and
 * the alignment is 0 or a power of two with vaddr = offset modulo it. */
static int check_phdr_common(const uint8_t *ph, uint64_t at, size_t len,
			     struct elf_segment *s, struct elf_image *img)
{
	s->flags = RD32(ph, P_FLAGS);
	s->offset = RD64(ph, P_OFFSET);
	s->vaddr = RD64(ph, P_VADDR);
	s->filesz = RD64(ph, P_FILESZ);
	s->memsz = RD64(ph, P_MEMSZ);
	s->align = RD64(ph, P_ALIGN);
	if (s->offset > len)
		return NOEXEC("segment starts past the end of the file (p_offset)", at + P_OFFSET);
	if (s->filesz > len - s->offset)
		return NOEXEC("segment data past the end of the file (p_filesz)", at + P_FILESZ);
	if (s->filesz > s->memsz)
		return NOEXEC("segment file size exceeds its memory size (p_filesz)", at + P_FILESZ);
	if (s->align > 1) {
		if (!pow2(s->align))
			return NOEXEC("segment alignment not a power of two (p_align)", at + P_ALIGN);
		if ((s->vaddr ^ s->offset) & (s->align - 1))
			return NOEXEC("p_vaddr and p_offset differ modulo p_align", at + P_VADDR);
	}
	return 0;
}

/* Checks a PT_LOAD segment (already through check_phdr_common) against
 * the limits and against the segments before it. */
static int check_load(const struct elf_segment *s, uint64_t at,
		      const struct elf_limits *lim, struct elf_image *img)
{
	uint64_t pg = lim->page_size, end;

	if (s->flags & ~PF_ALL)
		return NOEXEC("unknown segment flags (p_flags)", at + P_FLAGS);
	if ((s->flags & ELF_SEG_W) && (s->flags & ELF_SEG_X))
		return NOEXEC("segment both writable and executable (p_flags)", at + P_FLAGS);
	if (s->memsz == 0)
		return NOEXEC("empty loadable segment (p_memsz)", at + P_MEMSZ);
	if (s->vaddr < lim->user_lo)
		return NOEXEC("segment below the user address range (p_vaddr)", at + P_VADDR);
	if (s->memsz > UINT64_MAX - s->vaddr)
		return NOEXEC("segment wraps around the address space (p_memsz)", at + P_MEMSZ);
	end = s->vaddr + s->memsz;
	if (end > lim->user_hi)
		return NOEXEC("segment beyond the user address range (p_memsz)", at + P_MEMSZ);
	if (img->nsegs == lim->max_segments)
		return fail(img, -SH_E2BIG, "too many loadable segments", at + P_TYPE);
	/* user_hi is page aligned, so rounding end up cannot wrap. */
	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct elf_segment *o = &img->seg[i];
		uint64_t lo = s->vaddr & ~(pg - 1), hi = (end + pg - 1) & ~(pg - 1);
		uint64_t olo = o->vaddr & ~(pg - 1);
		uint64_t ohi = (o->vaddr + o->memsz + pg - 1) & ~(pg - 1);

		if (lo < ohi && olo < hi)
			return NOEXEC("segments share a page (p_vaddr)", at + P_VADDR);
	}
	return 0;
}

/* The thread-local template must lie inside one loadable segment. */
static int check_tls(struct elf_image *img, uint64_t at)
{
	const struct elf_segment *t = &img->tls;

	if (t->memsz > UINT64_MAX - t->vaddr)
		return NOEXEC("TLS segment wraps around the address space (p_memsz)", at + P_MEMSZ);
	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (t->vaddr >= s->vaddr && t->filesz <= s->memsz &&
		    t->vaddr - s->vaddr <= s->memsz - t->filesz)
			return 0;
	}
	return NOEXEC("TLS template outside the loadable segments (p_vaddr)", at + P_VADDR);
}

static int check_entry(struct elf_image *img)
{
	uint64_t e = img->entry;

	if (e % 4)
		return NOEXEC("misaligned entry point (e_entry)", E_ENTRY);
	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];

		if ((s->flags & ELF_SEG_X) && e >= s->vaddr &&
		    e - s->vaddr < s->filesz)
			return 0;
	}
	return NOEXEC("entry point not in an executable segment (e_entry)", E_ENTRY);
}

int elf_validate(const void *buf, size_t len, const struct elf_limits *lim,
		 struct elf_image *img)
{
	const uint8_t *b = buf;
	uint64_t phoff, tls_at = 0;
	uint16_t phnum;
	int err;

	img->nsegs = 0;
	img->has_tls = false;
	img->entry = 0;
	img->why = NULL;
	img->where = 0;
	if ((err = check_limits(lim, img)))
		return err;
	if (len < EHDR_SIZE)
		return NOEXEC("file shorter than an ELF header", len);
	if ((err = check_ident(b, img)) || (err = check_ehdr(b, len, img)))
		return err;
	img->entry = RD64(b, E_ENTRY);
	phoff = RD64(b, E_PHOFF);
	phnum = RD16(b, E_PHNUM);

	for (uint16_t i = 0; i < phnum; i++) {
		uint64_t at = phoff + (uint64_t)i * PHDR_SIZE;
		const uint8_t *ph = b + at;
		uint32_t type = RD32(ph, P_TYPE);
		struct elf_segment s;

		if (type == PT_NULL)
			continue;
		if (type == PT_INTERP)
			return NOEXEC("dynamically linked (PT_INTERP)", at + P_TYPE);
		if (type == PT_DYNAMIC)
			return NOEXEC("dynamically linked (PT_DYNAMIC)", at + P_TYPE);
		if (type == PT_SHLIB || (type > PT_TLS && type < PT_LOOS) ||
		    type > PT_HIPROC)
			return NOEXEC("unknown segment type (p_type)", at + P_TYPE);
		if ((err = check_phdr_common(ph, at, len, &s, img)))
			return err;
		if (type == PT_GNU_STACK && (s.flags & ELF_SEG_X))
			return NOEXEC("executable stack requested (PT_GNU_STACK)", at + P_FLAGS);
		if (type == PT_TLS) {
			if (img->has_tls)
				return NOEXEC("more than one TLS segment (PT_TLS)", at + P_TYPE);
			img->has_tls = true;
			img->tls = s;
			tls_at = at;
		}
		if (type != PT_LOAD)
			continue;   /* PT_NOTE, PT_PHDR, OS and CPU specific: unused */
		if ((err = check_load(&s, at, lim, img)))
			return err;
		img->seg[img->nsegs++] = s;
	}
	if (img->nsegs == 0)
		return NOEXEC("no loadable segment (PT_LOAD)", E_PHNUM);
	if (img->has_tls && (err = check_tls(img, tls_at)))
		return err;
	return check_entry(img);
}
