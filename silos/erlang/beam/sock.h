/* TCP for the distribution carrier: the platform's part (sock_posix.c
 * on a host; sock_none.c where the platform has none yet).  Descriptors
 * are non-blocking except for connect; every call returns a negative
 * errno on failure (-EAGAIN: nothing yet). */
#ifndef BEAM_SOCK_H
#define BEAM_SOCK_H

#include <stddef.h>
#include <stdint.h>

/* Listen on ip:port (port 0: any); *bound is the port it got. */
int sock_listen(uint32_t ip, int port, int *bound);
/* A connection waiting on listener fd, or -EAGAIN. */
int sock_accept(int fd);
/* Connect to ip:port (host byte order), waiting for the answer. */
int sock_connect(uint32_t ip, int port);
/* Write all n bytes (waiting for room as needed); 0 or -errno. */
int sock_send(int fd, const void *buf, size_t n);
/* Up to cap bytes: their count, 0 at end of stream, -EAGAIN for none. */
long sock_recv(int fd, void *buf, size_t cap);
void sock_close(int fd);

#endif
