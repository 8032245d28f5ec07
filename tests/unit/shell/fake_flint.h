/* Fakes for host tests of flint's commands: an in-memory namespace with
 * a writable scheme "fs", a read-only "ro", a device "cons" (and
 * "eink:" paths, outside the namespace listing, whose files a test adds:
 * writes land in them as in fs), files
 * reached through fake strate_* calls; a terminal that records what it is
 * given; silod and the kernel answering "no such call". */
#ifndef FAKE_FLINT_H
#define FAKE_FLINT_H

#include <stddef.h>

/* Empties the file systems ("fs:/" and "ro:/" only, "ro:/motd" with
 * text) and the terminal record. */
void fake_flint_reset(void);

/* Everything written to the terminal since the last reset or take,
 * NUL-terminated; the record is emptied. */
const char *fake_term_take(void);

/* Adds a file with contents (full path "ro:/x" too). */
void fake_file_add(const char *path, const char *text);
void fake_file_addn(const char *path, const void *data, size_t len);

/* A file's contents now (*len bytes), or NULL if there is no such file. */
const char *fake_file_data(const char *path, size_t *len);

/* silod: when set, silo_ctl_call asks it (reply data into out, room
 * cap, *outlen its bytes); else every request is -SH_ENOSYS. */
#include <stdint.h>
typedef int64_t (*fake_silod_fn)(uint32_t code, const char *name,
				 uint64_t arg, uint32_t kind, const char *text,
				 uint32_t len, void *out, uint32_t cap,
				 uint32_t *outlen);
extern fake_silod_fn fake_silod;

/* libc's current directory ("" for none), and how often df and sync
 * asked (STATFS, SYNC that a file system answered). */
extern char fake_cwd[];
extern int fake_statfs_calls, fake_sync_calls;

/* Open sfds now (a leak check). */
int fake_open_count(void);

#endif
