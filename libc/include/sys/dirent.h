/* Directory streams (picolibc's <dirent.h> includes this; its own version
 * refuses to compile).  Shale's libc reads them with the scheme
 * protocol's READDIR, see libc/dir.c. */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>

#define DT_UNKNOWN	0
#define DT_CHR		2	/* a device (SH_FTYPE_DEV) */
#define DT_DIR		4
#define DT_REG		8

struct dirent {
	ino_t d_ino;			/* as st_ino */
	unsigned char d_type;		/* DT_* */
	char d_name[256];		/* NUL-terminated */
};

typedef struct __shale_dir DIR;

#endif
