/* The process's environment as libstrate sees it: the start block's env
 * strings, and the tables parsed once from SH_SERVE and SH_DEV (SH_NS is
 * libc's: sh_ns(), for files by scheme path).
 * The first strate_init parses; a thread that arrives meanwhile waits for
 * it, so the tables are written once and only read afterwards.  (A program
 * that adds to strate_ns() itself does so before it shares it.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shale.h>
#include <shale/strate.h>

static struct ns_entry serve[STRATE_SERVE_MAX];
static uint32_t nserve;
static struct strate_dev devs[STRATE_DEV_MAX];
static uint32_t ndevs;
static int init_state;		/* 0 not yet, 1 parsing, 2 done */
static int init_err;

const char *strate_getenv(const char *name)
{
	/* libc's crt0 builds environ from the start block's environment. */
	return getenv(name);
}

static void complain(const char *var, int r)
{
	char line[96];
	int n = snprintf(line, sizeof(line), "strate: bad %s (%d)\n", var, r);

	if (n > 0)
		sh_debug_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

int strate_init(void)
{
	const struct sh_start *st = sh_start_info();
	uint32_t nh = st->nhandles < SH_SPAWN_HANDLES ? st->nhandles : SH_SPAWN_HANDLES;
	const char *v;
	int r, err = 0, expect = 0;

	if (!__atomic_compare_exchange_n(&init_state, &expect, 1, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&init_state, __ATOMIC_ACQUIRE) != 2)
			sh_yield();
		return init_err;
	}
	/* SH_NS is libc's table (it says on the console if it is bad) */
	sh_ns();
	if ((v = strate_getenv("SH_SERVE"))) {
		r = strate_parse_serve(v, strlen(v), st->handles, nh, serve,
				       STRATE_SERVE_MAX);
		if (r < 0) {
			complain("SH_SERVE", r);
			err = -SH_EBADMSG;
		} else {
			nserve = (uint32_t)r;
		}
	}
	if ((v = strate_getenv("SH_DEV"))) {
		r = strate_parse_dev(v, strlen(v), st->handles, nh, devs,
				     STRATE_DEV_MAX);
		if (r < 0) {
			complain("SH_DEV", r);
			err = -SH_EBADMSG;
		} else {
			ndevs = (uint32_t)r;
		}
	}
	init_err = err;
	__atomic_store_n(&init_state, 2, __ATOMIC_RELEASE);
	return err;
}

int strate_ns_init(void)
{
	return strate_init();
}

struct ns_table *strate_ns(void)
{
	return sh_ns();
}

long strate_ns_get(const char *name)
{
	const struct ns_entry *e;

	e = ns_find(sh_ns(), name, strlen(name));
	return e ? (long)e->ep : -SH_ENOENT;
}

long strate_serve_handle(const char *name)
{
	strate_init();
	for (uint32_t i = 0; i < nserve; i++)
		if (!name || strcmp(serve[i].name, name) == 0)
			return serve[i].ep;
	return -SH_ENOENT;
}

int strate_dev_get(const char *name, unsigned n, struct strate_dev *out)
{
	strate_init();
	for (uint32_t i = 0; i < ndevs; i++) {
		if (strcmp(devs[i].name, name) != 0)
			continue;
		if (n-- == 0) {
			*out = devs[i];
			return 0;
		}
	}
	return -SH_ENOENT;
}

void *strate_dev_map(const struct strate_dev *d, int rw, size_t *size,
		     long *err)
{
	struct sh_frame_info fi;
	long r = sh_frame_info(d->frame, &fi);
	char *va;

	if (r < 0)
		goto fail;
	if (d->offset >= fi.size) {
		r = -SH_EINVAL;
		goto fail;
	}
	va = sh_map_frame(d->frame, (size_t)(fi.size / SH_PAGE_SIZE),
			  rw ? SH_VM_READ | SH_VM_WRITE : SH_VM_READ, &r);
	if (!va)
		goto fail;
	if (size)
		*size = (size_t)(fi.size - d->offset);
	return va + d->offset;
fail:
	if (err)
		*err = r;
	return NULL;
}
