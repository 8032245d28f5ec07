/* sock.h over POSIX sockets (the host build). */
#define _POSIX_C_SOURCE 200809L
#include "sock.h"
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void sock_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void sock_addr(struct sockaddr_in *sa, uint32_t ip, int port)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	sa->sin_addr.s_addr = htonl(ip);
}

int sock_listen(uint32_t ip, int port, int *bound)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa;
	sock_addr(&sa, ip, port);
	socklen_t len = sizeof sa;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	*bound = ntohs(sa.sin_port);
	sock_nonblock(fd);
	return fd;
}

int sock_accept(int fd)
{
	int c = accept(fd, NULL, NULL);
	if (c < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	int one = 1;
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	sock_nonblock(c);
	return c;
}

int sock_connect(uint32_t ip, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	struct sockaddr_in sa;
	sock_addr(&sa, ip, port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	sock_nonblock(fd);
	return fd;
}

int sock_send(int fd, const void *buf, size_t n)
{
	const char *s = buf;
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };
			poll(&pf, 1, 1000);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

long sock_recv(int fd, void *buf, size_t cap)
{
	ssize_t r = recv(fd, buf, cap, 0);
	if (r < 0)
		return errno == EWOULDBLOCK || errno == EINTR ? -EAGAIN : -errno;
	return (long)r;
}

void sock_close(int fd)
{
	close(fd);
}
