/* The reader thread: fetches a manifest for SILO_CTL_START through libc's
 * files (sh_file_open_ep on the scheme's endpoint silod holds), so that
 * the main thread never waits on a strate.  (A
 * strate serving silod's read may need silod itself — a WHOIS for another
 * client queued before it — and silod must go on supervising meanwhile.)
 *
 * The main thread queues a job (the caller's rcvid, the path, a handle to
 * the scheme's endpoint); the reader reads the file with silod's own
 * unbadged handle (the whole scheme) and hands the text back by calling
 * silod's endpoint (badge BADGE_READER); the main thread starts the silo
 * and answers the waiting caller. */
#include <stdlib.h>
#include <string.h>

#include <shale/file.h>
#include <shale/scheme_path.h>

#include "silod.h"

#define JOBS 4u
#define MANIFEST_FILE_MAX SILOD_MANIFEST_MAX

struct job {
	uint64_t rcvid;		/* 0: free */
	sh_handle_t ep;		/* a dup of the scheme's endpoint */
	int queued;		/* 1 until the reader takes it */
	char spath[SH_PATH_MAX + 1];
	char path[SH_PATH_MAX + 1];	/* in the scheme, normal form */
};

/* What the reader sends back (then the text). */
struct job_done {
	uint32_t slot;
	int32_t code;		/* 0, or why there is no text */
};

static struct job jobs[JOBS];
static sh_handle_t reader_notif, reader_h;
static uint64_t sendbuf[(sizeof(struct job_done) + MANIFEST_FILE_MAX) / 8 + 1];

/* Reads job j into sendbuf.  Returns the text's length or -SH_E*. */
static int64_t reader_fetch(struct job *j)
{
	char *text = (char *)sendbuf + sizeof(struct job_done);
	struct sh_stat st;
	int fd = sh_file_open_ep(j->ep, j->path, SH_O_READ, 0);
	int64_t got;

	if (fd < 0)
		return fd;
	got = sh_file_fstat(fd, &st);
	if (got >= 0 && st.type == SH_FTYPE_DIR)
		got = -SH_EISDIR;
	if (got >= 0)
		got = sh_file_pread(fd, text, MANIFEST_FILE_MAX, 0);
	if (got == MANIFEST_FILE_MAX)
		got = -SH_E2BIG;
	sh_file_close(fd);
	return got;
}

static void reader_main(void *arg)
{
	(void)arg;
	for (;;) {
		struct job *j = NULL;

		for (uint32_t i = 0; i < JOBS && !j; i++)
			if (__atomic_load_n(&jobs[i].queued, __ATOMIC_ACQUIRE))
				j = &jobs[i];
		if (!j) {
			sh_notif_wait(reader_notif, UINT64_MAX);
			continue;
		}
		{
			struct job_done *d = (struct job_done *)sendbuf;
			int64_t n = reader_fetch(j);
			struct sh_msg m;

			__atomic_store_n(&j->queued, 0, __ATOMIC_RELEASE);
			d->slot = (uint32_t)(j - jobs);
			d->code = n < 0 ? (int32_t)n : 0;
			memset(&m, 0, sizeof(m));
			m.buf = sendbuf;
			m.len = (uint32_t)sizeof(*d) + (n > 0 ? (uint32_t)n : 0);
			m.cap = sizeof(*d);
			sh_ipc_call(reader_h, &m);
		}
	}
}

int reader_init(void)
{
	long n = sh_notif_create(), h;

	if (n < 0)
		return (int)n;
	reader_notif = (sh_handle_t)n;
	h = sh_cap_mint(silod.ep, SH_R_WRITE, BADGE_MAKE(BADGE_READER, 0));
	if (h < 0)
		return (int)h;
	reader_h = (sh_handle_t)h;
	h = sh_thread_spawn(reader_main, NULL, SH_PRIO_DEFAULT, 16384);
	return h < 0 ? (int)h : 0;
}

int reader_queue(uint64_t rcvid, const char *spath)
{
	char name[SH_SCHEME_NAME_MAX + 1];
	struct scheme_rec *s;
	struct job *j = NULL;
	long h;
	int n;

	for (uint32_t i = 0; i < JOBS && !j; i++)
		if (!jobs[i].rcvid)
			j = &jobs[i];
	if (!j)
		return -SH_EBUSY;
	n = path_split(spath, strlen(spath), name, j->path, sizeof(j->path),
		       NULL);
	if (n < 0)
		return n;
	s = scheme_find(name);
	if (!s)
		return -SH_ENOENT;
	h = sh_cap_dup(s->ep, SH_R_WRITE);
	if (h < 0)
		return (int)h;
	j->ep = (sh_handle_t)h;
	j->rcvid = rcvid;
	memcpy(j->spath, spath, strlen(spath) + 1);
	__atomic_store_n(&j->queued, 1, __ATOMIC_RELEASE);
	sh_notif_signal(reader_notif, 1);
	return 0;
}

void reader_done(const struct sh_msg *in)
{
	const struct job_done *d = in->buf;
	struct job *j;

	if (in->len < sizeof(*d) || d->slot >= JOBS || !jobs[d->slot].rcvid)
		return;
	j = &jobs[d->slot];
	ctl_start_finish(j->rcvid, j->spath, d->code,
			 (const char *)(d + 1), in->len - sizeof(*d));
	sh_cap_close(j->ep);
	j->ep = 0;
	j->rcvid = 0;
}
