/* flaky: a strate that serves "flaky" and faults when asked to open
 * "/crash" — to watch a server restarted under its clients.  Any other
 * path opens a file reading "flaky ok\n". */
#include <string.h>

#include <shale.h>
#include <shale/scheme_serve.h>
#include <shale/strate.h>

static const char text[] = "flaky ok\n";

static int64_t f_open(struct scheme_req *req, const char *path,
		      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	volatile int *volatile bad = (int *)16;

	(void)req, (void)flags, (void)mode, (void)f;
	if (!strcmp(path, "/crash"))
		*bad = 1;
	return 0;
}

static int64_t f_read(struct scheme_req *req, struct scheme_file *f,
		      uint64_t off, void *buf, uint32_t count)
{
	(void)req, (void)f;
	if (off >= sizeof(text) - 1)
		return 0;
	if (count > sizeof(text) - 1 - off)
		count = (uint32_t)(sizeof(text) - 1 - off);
	memcpy(buf, text + off, count);
	return count;
}

static int64_t f_stat(struct scheme_req *req, struct scheme_file *f,
		      struct sh_stat *st)
{
	(void)req, (void)f;
	memset(st, 0, sizeof(*st));
	st->size = sizeof(text) - 1;
	st->type = SH_FTYPE_FILE;
	st->nlink = 1;
	return 0;
}

static void f_close(struct scheme_server *srv, struct scheme_file *f)
{
	(void)srv, (void)f;
}

static const struct scheme_ops ops = {
	.open = f_open, .read = f_read, .stat = f_stat, .close = f_close,
};

static struct scheme_server server;
static struct scheme_file files[8];
static uint64_t rbuf[SCHEME_RECV_MIN / 8 + 1];
static uint64_t obuf[4096 / 8];

int main(void)
{
	long ep;

	strate_init();
	ep = strate_serve_handle("flaky");
	if (ep < 0 || scheme_server_init(&server, (sh_handle_t)ep, &ops, NULL,
					 files, 8, rbuf, sizeof(rbuf), obuf,
					 sizeof(obuf)) < 0)
		return 1;
	return scheme_serve(&server) < 0;
}
