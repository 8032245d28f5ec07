/* The open-file table of a scheme server (internal to schemes/). */
#ifndef SCHEMES_FTABLE_H
#define SCHEMES_FTABLE_H

#include <stdint.h>
#include <shale/scheme_serve.h>

/* Returns the open file fid of client badge, or NULL. */
struct scheme_file *file_lookup(struct scheme_server *s, uint64_t badge,
				uint64_t fid);

/* Takes a free slot for badge with a fresh fid.  Returns NULL when full. */
struct scheme_file *file_alloc(struct scheme_server *s, uint64_t badge);

/* Frees f's slot without telling the strate (an open that failed). */
void file_free(struct scheme_file *f);

/* Calls the strate's close op, then frees f's slot. */
void file_close(struct scheme_server *s, struct scheme_file *f);

#endif
