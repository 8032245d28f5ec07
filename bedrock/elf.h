/* ELF64 validator for the program loader.
 *
 * elf_validate checks a whole static AArch64 executable held in memory
 * before anything is mapped: every header field, every program header, the
 * segments' place in the file and in the user address range, W^X, and the
 * entry point.  On success the loader maps exactly the segments listed in
 * struct elf_image and trusts them; it never reads the headers again.  On
 * failure, image->why names the check and image->where the byte offset of
 * the offending field, so the loader can print "what and where". */
#ifndef BEDROCK_ELF_H
#define BEDROCK_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most PT_LOAD segments any image may have (limits may ask for fewer). */
#define ELF_SEGMENTS_MAX 16
/* Most program headers of any type; more is refused before reading them. */
#define ELF_PHNUM_MAX 64

/* Segment permissions, the values of ELF's PF_X, PF_W, PF_R. */
#define ELF_SEG_X 1u
#define ELF_SEG_W 2u
#define ELF_SEG_R 4u

/* What the caller allows.  user_lo and user_hi must be multiples of
 * page_size (a power of two), with user_lo < user_hi. */
struct elf_limits {
	uint64_t user_lo;        /* lowest address a segment may touch */
	uint64_t user_hi;        /* one past the highest */
	uint64_t page_size;      /* mapping granule: no two segments share one */
	uint32_t max_segments;   /* PT_LOAD cap, 1..ELF_SEGMENTS_MAX */
};

/* One loadable segment: file bytes [offset, offset+filesz) go to vaddr;
 * the rest up to memsz is zero. */
struct elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
	uint64_t align;
	uint32_t flags;          /* ELF_SEG_* */
};

struct elf_image {
	uint64_t entry;
	uint32_t nsegs;                          /* PT_LOAD count, in file order */
	struct elf_segment seg[ELF_SEGMENTS_MAX];
	bool has_tls;                            /* PT_TLS present: tls is valid */
	struct elf_segment tls;                  /* thread-local template */
	const char *why;                         /* NULL, or what was wrong */
	uint64_t where;                          /* file offset of the bad field */
};

/* Validates the ELF file buf[0..len) against lim and describes it in *img.
 * Returns 0; -SH_ENOEXEC if the file is malformed or not a static AArch64
 * executable within lim; -SH_E2BIG if it has more PT_LOAD segments than
 * lim->max_segments; -SH_EINVAL if lim itself is malformed.  On any failure
 * img->why and img->where say what and where. */
int elf_validate(const void *buf, size_t len, const struct elf_limits *lim,
		 struct elf_image *img);

#endif
