/* READDIR record checks shared by the server loop and the client. */
#ifndef SCHEMES_DIRENT_H
#define SCHEMES_DIRENT_H

#include <stdint.h>

/* Checks that len bytes at buf are whole, well-formed struct sh_dirent
 * records; *next gets the last record's next cookie (untouched if len is
 * 0).  Returns the number of records, or -SH_EBADMSG. */
int dirent_check(const void *buf, uint32_t len, uint64_t *next);

#endif
