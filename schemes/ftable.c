/* The open-file table of a scheme server: fids, the badge each belongs
 * to, slot reuse.  The table is the caller's array; nothing is allocated.
 *
 * A fid is (generation << 32 | slot + 1) with a 31-bit generation, so it is
 * positive as an int64_t reply tag and never 0, and a closed fid stays dead
 * after its slot is reused (until the generation wraps, 2^31 opens of that
 * one slot later).  A lookup matches fid and badge together: another
 * client's fid is the same "no such file" as a made-up one, and so is a
 * slot kept for an OPEN the strate has not answered yet. */
#include <string.h>
#include <shale/scheme_serve.h>
#include "ftable.h"

struct scheme_file *file_lookup(struct scheme_server *s, uint64_t badge,
				uint64_t fid)
{
	uint64_t slot = fid & 0xffffffffu;
	struct scheme_file *f;

	if (slot == 0 || slot > s->nfiles)
		return NULL;
	f = &s->files[slot - 1];
	if (f->fid == 0 || f->fid != fid || f->badge != badge || f->pending)
		return NULL;
	return f;
}

struct scheme_file *file_alloc(struct scheme_server *s, uint64_t badge)
{
	for (uint32_t i = 0; i < s->nfiles; i++) {
		struct scheme_file *f = &s->files[i];
		if (f->fid != 0)
			continue;
		f->gen = (f->gen + 1) & 0x7fffffffu;
		f->fid = ((uint64_t)f->gen << 32) | (i + 1u);
		f->badge = badge;
		f->pos = 0;
		f->flags = 0;
		f->pending = 0;
		f->priv = NULL;
		return f;
	}
	return NULL;
}

void file_free(struct scheme_file *f)
{
	uint32_t gen = f->gen;

	memset(f, 0, sizeof(*f));
	f->gen = gen;
}

void file_close(struct scheme_server *s, struct scheme_file *f)
{
	if (f->pending)
		f->pending = 2;	/* the close op may end the kept open */
	if (s->ops->close)
		s->ops->close(s, f);
	file_free(f);
}

uint32_t scheme_forget(struct scheme_server *s, uint64_t badge)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->nfiles; i++) {
		if (s->files[i].fid != 0 && s->files[i].badge == badge) {
			file_close(s, &s->files[i]);
			n++;
		}
	}
	return n;
}


uint32_t scheme_close_all(struct scheme_server *s)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->nfiles; i++) {
		if (s->files[i].fid != 0) {
			file_close(s, &s->files[i]);
			n++;
		}
	}
	return n;
}
