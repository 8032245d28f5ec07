/* sock.h where the platform gives the runtime no sockets yet (the Shale
 * build, until the carrier speaks net:): every call fails. */
#include "sock.h"
#include <errno.h>

int sock_listen(uint32_t ip, int port, int *bound)
{
	(void)ip; (void)port; (void)bound;
	return -ENOSYS;
}
int sock_accept(int fd) { (void)fd; return -ENOSYS; }
int sock_connect(uint32_t ip, int port) { (void)ip; (void)port; return -ENOSYS; }
int sock_send(int fd, const void *buf, size_t n)
{
	(void)fd; (void)buf; (void)n;
	return -ENOSYS;
}
long sock_recv(int fd, void *buf, size_t cap)
{
	(void)fd; (void)buf; (void)cap;
	return -ENOSYS;
}
void sock_close(int fd) { (void)fd; }
