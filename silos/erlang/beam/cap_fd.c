/* Descriptors handed to Erlang, and who may use them.  shale_file and
 * shale_sock give out raw descriptor numbers, which any process can
 * guess; so each one is recorded here with the path and mode it was
 * opened with (and the token that opened it), and every later operation
 * on it asks cap_fd_check: the caller's own token must still cover that
 * path for that operation.  A number never handed out (0..2 included,
 * the VM's own) is EBADF. */
#include "beam.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct cap_fd {
	int fd;			/* -1: a free slot */
	bool write;		/* opened for writing */
	uint64_t opener;	/* the token that opened it */
	char *path;
};

static struct cap_fd *fds;
static size_t nfds, fds_cap;

/* fd's entry, or with fd -1 a free one. */
static struct cap_fd *fd_find(int fd)
{
	for (size_t i = 0; i < nfds; i++)
		if (fds[i].fd == fd)
			return &fds[i];
	return NULL;
}

int cap_fd_record(int fd, const char *path, bool write, uint64_t opener)
{
	char *copy = strdup(path);
	if (!copy || fd < 0) {
		free(copy);
		return ENOMEM;
	}
	struct cap_fd *e = fd_find(fd);	/* a number the OS gave out again */
	if (!e)
		e = fd_find(-1);
	if (!e) {
		if (nfds == fds_cap) {
			size_t n = fds_cap ? fds_cap * 2 : 16;
			struct cap_fd *t = realloc(fds, n * sizeof *t);
			if (!t) {
				free(copy);
				return ENOMEM;
			}
			fds = t;
			fds_cap = n;
		}
		e = &fds[nfds++];
		e->path = NULL;
	}
	free(e->path);
	e->fd = fd;
	e->write = write;
	e->opener = opener;
	e->path = copy;
	return 0;
}

int cap_fd_check(uint64_t id, int fd, bool write)
{
	const struct cap_fd *e = fd < 0 ? NULL : fd_find(fd);
	if (!e || (write && !e->write))
		return EBADF;
	return cap_allows(id, e->path, write) ? 0 : EACCES;
}

void cap_fd_forget(int fd)
{
	struct cap_fd *e = fd < 0 ? NULL : fd_find(fd);
	if (!e)
		return;
	free(e->path);
	e->path = NULL;
	e->fd = -1;
}
