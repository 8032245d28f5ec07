/* serve.c through the fake IPC layer: what a client sends, byte for byte,
 * and what scheme_serve() answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <shale/scheme_serve.h>
#include <shale/scheme_client.h>
#include <shale/errors.h>
#include "fake_ipc.h"
#include "memfs.h"

#define EP 5u
#define NFILES 8

static struct scheme_server srv;
static struct scheme_file files[NFILES];
static unsigned char rbuf[SCHEME_RECV_MIN];
static unsigned char obuf[SH_READ_MAX];
static const struct fake_msg *rep;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memfs_reset();
	memfs_add("/motd", SH_FTYPE_FILE, "hello, shale\n", 13);
	assert_int_equal(scheme_server_init(&srv, EP, &memfs_ops, NULL, files,
					    NFILES, rbuf, sizeof(rbuf), obuf,
					    sizeof(obuf)), 0);
	return 0;
}

/* Sends one request from badge and serves it; returns the reply's tag. */
static int64_t req(uint64_t tag, uint64_t badge, struct sh_req h,
		   const void *payload, uint32_t n)
{
	uint64_t id = fake_push(tag, badge, &h, payload, n);

	assert_int_equal(scheme_serve(&srv), -SH_EBADH);
	rep = fake_reply(id);
	if (!rep)
		return 1000;	/* no reply: deferred */
	return (int64_t)rep->tag;
}

static int64_t do_open(uint64_t badge, const char *path, uint32_t flags)
{
	struct sh_req h = { .flags = flags, .path_len = (uint16_t)strlen(path) };
	return req(SH_REQ_OPEN, badge, h, path, h.path_len);
}

static int64_t do_read(uint64_t badge, uint64_t fid, uint64_t off, uint32_t count)
{
	struct sh_req h = { .fid = fid, .off = off, .count = count };
	return req(SH_REQ_READ, badge, h, NULL, 0);
}

static int64_t do_write(uint64_t badge, uint64_t fid, uint64_t off, const char *s)
{
	struct sh_req h = { .fid = fid, .off = off, .count = (uint32_t)strlen(s) };
	return req(SH_REQ_WRITE, badge, h, s, h.count);
}

static int64_t do_fid(uint32_t code, uint64_t badge, uint64_t fid)
{
	struct sh_req h = { .fid = fid };
	return req(code, badge, h, NULL, 0);
}

static void test_open_read_close(void **state)
{
	int64_t fid;
	(void)state;
	fid = do_open(1, "/motd", SH_O_READ);
	assert_true(fid > 0);
	assert_int_equal(rep->len, 0);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 5), 5);
	assert_memory_equal(rep->data, "hello", 5);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 100), 8);
	assert_memory_equal(rep->data, ", shale\n", 8);
	assert_int_equal(rep->len, 8);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 100), 0);	/* end of file */
	/* explicit offsets leave the position alone */
	assert_int_equal(do_read(1, fid, 7, 5), 5);
	assert_memory_equal(rep->data, "shale", 5);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 100), 0);
	assert_int_equal(do_fid(SH_REQ_CLOSE, 1, (uint64_t)fid), 0);
	assert_int_equal(memfs.closes, 1);
	assert_int_equal(do_read(1, fid, 0, 5), -SH_EBADH);
	assert_int_equal(do_fid(SH_REQ_CLOSE, 1, (uint64_t)fid), -SH_EBADH);
}

static void test_fid_bound_to_badge(void **state)
{
	int64_t fid, fid2;
	(void)state;
	fid = do_open(1, "/motd", SH_O_READ);
	assert_true(fid > 0);
	assert_int_equal(do_read(2, fid, 0, 5), -SH_EBADH);
	assert_int_equal(do_fid(SH_REQ_CLOSE, 2, fid), -SH_EBADH);
	assert_int_equal(do_fid(SH_REQ_CLOSE, 1, fid), 0);
	/* the slot is reused, the old fid stays dead */
	fid2 = do_open(2, "/motd", SH_O_READ);
	assert_true(fid2 > 0);
	assert_int_not_equal(fid, fid2);
	assert_int_equal(fid & 0xffffffff, fid2 & 0xffffffff);
	assert_int_equal(do_read(1, fid, 0, 5), -SH_EBADH);
	assert_int_equal(do_read(2, fid, 0, 5), -SH_EBADH);
	assert_int_equal(do_read(2, fid2, 0, 5), 5);
	/* made-up fids */
	assert_int_equal(do_read(2, 0, 0, 5), -SH_EBADH);
	assert_int_equal(do_read(2, NFILES + 1, 0, 5), -SH_EBADH);
	assert_int_equal(do_read(2, UINT64_MAX, 0, 5), -SH_EBADH);
}

static void test_malformed(void **state)
{
	struct sh_req h = { .path_len = 5 };
	unsigned char raw[64];
	uint64_t id;
	(void)state;
	/* shorter than the header */
	id = fake_push_raw(SH_REQ_STAT, 1, "abc", 3);
	scheme_serve(&srv);
	assert_int_equal((int64_t)fake_reply(id)->tag, -SH_EBADMSG);
	/* unknown codes */
	assert_int_equal(req(0, 1, h, "/motd", 5), -SH_ENOSYS);
	assert_int_equal(req(SH_REQ_COUNT, 1, h, "/motd", 5), -SH_ENOSYS);
	assert_int_equal(req(1ull << 32 | SH_REQ_OPEN, 1, h, "/motd", 5), -SH_ENOSYS);
	/* path_len disagrees with the message */
	h.path_len = 4;
	assert_int_equal(req(SH_REQ_OPEN, 1, h, "/motd", 5), -SH_EBADMSG);
	h.path_len = 6;
	assert_int_equal(req(SH_REQ_OPEN, 1, h, "/motd", 5), -SH_EBADMSG);
	h.path_len = 5;
	h.path2_len = 1;
	assert_int_equal(req(SH_REQ_OPEN, 1, h, "/motd", 5), -SH_EBADMSG);
	h.path2_len = 0;
	/* paths not in normal form, or with a NUL, or empty */
	h.path_len = 7;
	assert_int_equal(req(SH_REQ_OPEN, 1, h, "/x/../y", 7), -SH_EBADMSG);
	h.path_len = 5;
	assert_int_equal(req(SH_REQ_OPEN, 1, h, "/mo\0d", 5), -SH_EBADMSG);
	assert_int_equal(req(SH_REQ_OPEN, 1, h, "motd/", 5), -SH_EBADMSG);
	h.path_len = 0;
	assert_int_equal(req(SH_REQ_UNLINK, 1, h, NULL, 0), -SH_EBADMSG);
	/* payload where none belongs, or a WRITE count that lies */
	int64_t fid = do_open(1, "/motd", SH_O_READ | SH_O_WRITE);
	memset(&h, 0, sizeof(h));
	h.fid = (uint64_t)fid;
	assert_int_equal(req(SH_REQ_STAT, 1, h, "x", 1), -SH_EBADMSG);
	h.count = 3;
	assert_int_equal(req(SH_REQ_WRITE, 1, h, "ab", 2), -SH_EBADMSG);
	h.count = 1;
	assert_int_equal(req(SH_REQ_WRITE, 1, h, "ab", 2), -SH_EBADMSG);
	h.count = 0;
	h.path_len = 1;
	assert_int_equal(req(SH_REQ_READ, 1, h, "/", 1), -SH_EBADMSG);
	/* nothing was written by any of it */
	assert_memory_equal(memfs_get("/motd")->data, "hello", 5);
	/* every malformed request got an error and no data */
	for (unsigned i = 0; i < fake.nout; i++)
		if ((int64_t)fake.out[i].tag < 0)
			assert_int_equal(fake.out[i].len, 0);
	(void)raw;
}

static void test_open_flags_checked(void **state)
{
	int64_t ro, wo;
	(void)state;
	assert_int_equal(do_open(1, "/motd", 0x80), -SH_EINVAL);
	assert_int_equal(do_open(1, "/motd", SH_O_READ | SH_O_TRUNC), -SH_EINVAL);
	assert_int_equal(do_open(1, "/motd", SH_O_WRITE | SH_O_EXCL), -SH_EINVAL);
	assert_int_equal(memfs.opens, 0);	/* refused before the op */
	ro = do_open(1, "/motd", SH_O_READ);
	wo = do_open(1, "/motd", SH_O_WRITE);
	assert_int_equal(do_write(1, ro, 0, "x"), -SH_EPERM);
	assert_int_equal(do_read(1, wo, 0, 1), -SH_EPERM);
	struct sh_req h = { .fid = (uint64_t)ro, .off = 1 };
	assert_int_equal(req(SH_REQ_TRUNCATE, 1, h, NULL, 0), -SH_EPERM);
	assert_int_equal(do_read(1, ro, 0, SH_READ_MAX + 1), -SH_EINVAL);
	assert_int_equal(memfs_get("/motd")->size, 13);
	/* a path-only open may stat */
	int64_t po = do_open(1, "/motd", 0);
	assert_true(po > 0);
	assert_int_equal(do_fid(SH_REQ_STAT, 1, po), 0);
	assert_int_equal(do_read(1, po, 0, 1), -SH_EPERM);
}

static void test_create_excl_trunc_append(void **state)
{
	int64_t fid;
	(void)state;
	assert_int_equal(do_open(1, "/new", SH_O_WRITE), -SH_ENOENT);
	fid = do_open(1, "/new", SH_O_WRITE | SH_O_CREATE | SH_O_EXCL);
	assert_true(fid > 0);
	assert_int_equal(do_open(1, "/new", SH_O_WRITE | SH_O_CREATE | SH_O_EXCL),
			 -SH_EEXIST);
	assert_int_equal(do_write(1, fid, SH_OFF_CUR, "abc"), 3);
	assert_int_equal(do_write(1, fid, SH_OFF_CUR, "def"), 3);
	assert_int_equal(memfs_get("/new")->size, 6);
	assert_memory_equal(memfs_get("/new")->data, "abcdef", 6);
	/* append: always at the end, whatever the offset asked */
	fid = do_open(1, "/new", SH_O_WRITE | SH_O_APPEND);
	assert_int_equal(do_write(1, fid, 0, "gh"), 2);
	assert_int_equal(do_write(1, fid, SH_OFF_CUR, "i"), 1);
	assert_memory_equal(memfs_get("/new")->data, "abcdefghi", 9);
	/* truncate on open */
	fid = do_open(1, "/new", SH_O_WRITE | SH_O_TRUNC);
	assert_true(fid > 0);
	assert_int_equal(memfs_get("/new")->size, 0);
	/* failures of the op free the slot: the table does not fill up */
	for (int i = 0; i < 3 * NFILES; i++)
		assert_int_equal(do_open(1, "/missing", SH_O_READ), -SH_ENOENT);
	assert_true(do_open(1, "/motd", SH_O_READ) > 0);
}

static void test_seek(void **state)
{
	int64_t fid;
	struct sh_req h;
	(void)state;
	fid = do_open(1, "/motd", SH_O_READ);
	h = (struct sh_req){ .fid = (uint64_t)fid, .off = 7, .flags = SH_SEEK_SET };
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), 7);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 5), 5);
	assert_memory_equal(rep->data, "shale", 5);
	h.off = (uint64_t)-3;
	h.flags = SH_SEEK_CUR;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), 9);
	h.off = (uint64_t)-1;
	h.flags = SH_SEEK_END;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), 12);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 5), 1);
	assert_memory_equal(rep->data, "\n", 1);
	h.off = (uint64_t)-20;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), -SH_EINVAL);
	h.flags = 3;
	h.off = 0;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), -SH_EINVAL);
	h.flags = SH_SEEK_SET;
	h.off = (uint64_t)INT64_MAX;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), INT64_MAX);
	h.flags = SH_SEEK_CUR;
	h.off = 1;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), -SH_EINVAL);	/* overflow */
	/* a failed seek leaves the position */
	h.flags = SH_SEEK_CUR;
	h.off = 0;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), INT64_MAX);
}

static void test_stat(void **state)
{
	struct sh_stat st;
	int64_t fid;
	(void)state;
	fid = do_open(1, "/motd", SH_O_READ);
	assert_int_equal(do_fid(SH_REQ_STAT, 1, fid), 0);
	assert_int_equal(rep->len, sizeof(st));
	memcpy(&st, rep->data, sizeof(st));
	assert_int_equal(st.size, 13);
	assert_int_equal(st.type, SH_FTYPE_FILE);
	assert_int_equal(st.mode, 0644);
	assert_int_equal(st.id, memfs_get("/motd")->id);
}

static void test_readdir_pages(void **state)
{
	static const char *const names[] = { "alpha", "b", "cons", "motd", "zeta-long-name" };
	int seen[5] = { 0 };
	int64_t fid, n;
	struct sh_req h;
	(void)state;
	memfs_add("/alpha", SH_FTYPE_FILE, NULL, 0);
	memfs_add("/b", SH_FTYPE_DIR, NULL, 0);
	memfs_add("/b/inner", SH_FTYPE_FILE, NULL, 0);	/* not a child of "/" */
	memfs_add("/zeta-long-name", SH_FTYPE_FILE, NULL, 0);
	fid = do_open(1, "/", SH_O_READ | SH_O_DIR);
	assert_true(fid > 0);
	assert_int_equal(do_open(1, "/motd", SH_O_DIR), -SH_ENOTDIR);
	/* room for one or two records at a time: several READDIRs */
	h = (struct sh_req){ .fid = (uint64_t)fid, .off = SH_OFF_CUR, .count = 64 };
	int rounds = 0;
	while ((n = req(SH_REQ_READDIR, 1, h, NULL, 0)) > 0) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;
		assert_int_equal(rep->len, n);
		while (scheme_dirent_next(rep->data, rep->len, &pos, &d, &name)) {
			int found = 0;
			for (int i = 0; i < 5; i++)
				if (d.namelen == strlen(names[i]) &&
				    memcmp(name, names[i], d.namelen) == 0) {
					seen[i]++;
					found = 1;
				}
			assert_true(found);
		}
		assert_int_equal(pos, rep->len);
		assert_true(++rounds < 10);
	}
	assert_int_equal(n, 0);
	assert_true(rounds >= 3);
	for (int i = 0; i < 5; i++)
		assert_int_equal(seen[i], 1);
	/* an explicit cookie 0 starts over; count too small for a record */
	h.off = 0;
	h.count = 16;
	assert_int_equal(req(SH_REQ_READDIR, 1, h, NULL, 0), -SH_EINVAL);
	h.count = SH_READ_MAX + 1;
	assert_int_equal(req(SH_REQ_READDIR, 1, h, NULL, 0), -SH_EINVAL);
	h.count = 4096;
	assert_true(req(SH_REQ_READDIR, 1, h, NULL, 0) > 0);
}

static void test_path_requests(void **state)
{
	struct sh_req h = { 0 };
	char two[32];
	(void)state;
	h.mode = 0700;
	h.path_len = 4;
	assert_int_equal(req(SH_REQ_MKDIR, 1, h, "/dir", 4), 0);
	assert_int_equal(memfs_get("/dir")->mode, 0700);
	assert_int_equal(req(SH_REQ_MKDIR, 1, h, "/dir", 4), -SH_EEXIST);
	h.mode = 010000;
	h.path_len = 3;
	assert_int_equal(req(SH_REQ_MKDIR, 1, h, "/dx", 3), -SH_EINVAL);
	assert_null(memfs_get("/dx"));
	h.mode = 0;
	assert_true(do_open(1, "/dir/f", SH_O_WRITE | SH_O_CREATE) > 0);
	h.path_len = 4;
	assert_int_equal(req(SH_REQ_RMDIR, 1, h, "/dir", 4), -SH_ENOTEMPTY);
	/* RENAME: both paths back to back */
	memcpy(two, "/dir/f/g", 8);
	h.path_len = 6;
	h.path2_len = 2;
	assert_int_equal(req(SH_REQ_RENAME, 1, h, two, 8), 0);
	assert_non_null(memfs_get("/g"));
	assert_null(memfs_get("/dir/f"));
	h.path_len = 7;
	h.path2_len = 2;
	assert_int_equal(req(SH_REQ_RENAME, 1, h, "/dir/f/g", 8), -SH_EBADMSG);
	h.path2_len = 0;
	h.path_len = 4;
	assert_int_equal(req(SH_REQ_RMDIR, 1, h, "/dir", 4), 0);
	h.path_len = 2;
	assert_int_equal(req(SH_REQ_UNLINK, 1, h, "/g", 2), -SH_EBUSY);	/* still open */
	assert_int_equal(scheme_forget(&srv, 1), 1);
	assert_int_equal(req(SH_REQ_UNLINK, 1, h, "/g", 2), 0);
	assert_int_equal(req(SH_REQ_UNLINK, 1, h, "/g", 2), -SH_ENOENT);
}

static void test_truncate_fsync(void **state)
{
	int64_t fid;
	struct sh_req h;
	(void)state;
	fid = do_open(1, "/motd", SH_O_READ | SH_O_WRITE);
	h = (struct sh_req){ .fid = (uint64_t)fid, .off = 5 };
	assert_int_equal(req(SH_REQ_TRUNCATE, 1, h, NULL, 0), 0);
	assert_int_equal(memfs_get("/motd")->size, 5);
	h.off = (uint64_t)INT64_MAX + 1;
	assert_int_equal(req(SH_REQ_TRUNCATE, 1, h, NULL, 0), -SH_EINVAL);
	assert_int_equal(do_fid(SH_REQ_FSYNC, 1, fid), 0);
	assert_int_equal(memfs.fsyncs, 1);
}

static void test_deferred_read(void **state)
{
	int64_t fid;
	(void)state;
	fid = do_open(1, "/cons", SH_O_READ);
	assert_true(fid > 0);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 10), 1000);	/* no reply yet */
	assert_true(memfs.has_pending);
	/* the server goes on serving others meanwhile */
	assert_true(do_open(2, "/motd", SH_O_READ) > 0);
	/* input arrives: the kept request is answered */
	assert_int_equal(memfs_input("ls\n", 3), 0);
	rep = &fake.out[fake.nout - 1];
	assert_int_equal(rep->tag, 3);
	assert_int_equal(rep->len, 3);
	assert_memory_equal(rep->data, "ls\n", 3);
	assert_int_equal(files[0].pos, 3);	/* SH_OFF_CUR advanced it */
	/* answering twice is refused */
	assert_int_equal(scheme_reply(&memfs.pending, 0), -SH_EINVAL);
	assert_int_equal(memfs_input("x", 1), -SH_EINVAL);
}

static void test_deferred_cancelled_by_close(void **state)
{
	int64_t fid;
	uint64_t first;
	(void)state;
	fid = do_open(1, "/cons", SH_O_READ);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 10), 1000);
	first = fake.nin;
	assert_int_equal(do_fid(SH_REQ_CLOSE, 1, fid), 0);
	assert_int_equal((int64_t)fake_reply(first)->tag, -SH_EINTR);
	assert_false(memfs.has_pending);
}

static void test_dead_client_does_not_stop_server(void **state)
{
	uint64_t a, b;
	(void)state;
	a = fake_push(SH_REQ_OPEN, 1, &(struct sh_req){ .flags = SH_O_READ, .path_len = 5 }, "/motd", 5);
	fake.dead_rcvid = a;
	b = fake_push(SH_REQ_OPEN, 2, &(struct sh_req){ .flags = SH_O_READ, .path_len = 5 }, "/motd", 5);
	assert_int_equal(scheme_serve(&srv), -SH_EBADH);
	assert_null(fake_reply(a));
	assert_non_null(fake_reply(b));
	assert_true((int64_t)fake_reply(b)->tag > 0);
	assert_int_equal(fake.next_in, 2);
}

static void test_stale_reply_then_receive(void **state)
{
	uint64_t a, b;
	(void)state;
	a = fake_push(SH_REQ_OPEN, 1, &(struct sh_req){ .flags = SH_O_READ, .path_len = 5 }, "/motd", 5);
	fake.stale_rcvid = a;
	b = fake_push(SH_REQ_OPEN, 2, &(struct sh_req){ .flags = SH_O_READ, .path_len = 5 }, "/motd", 5);
	assert_int_equal(scheme_serve(&srv), -SH_EBADH);
	assert_null(fake_reply(a));
	assert_non_null(fake_reply(b));
	assert_true((int64_t)fake_reply(b)->tag > 0);
	assert_int_equal(fake.next_in, 2);	/* nothing skipped */
}

static void test_handles_not_taken_are_closed(void **state)
{
	struct sh_req h = { .flags = SH_O_READ, .path_len = 5 };
	uint64_t id;
	(void)state;
	id = fake_push(SH_REQ_OPEN, 1, &h, "/motd", 5);
	fake.in[id - 1].nhandles = 2;
	fake.in[id - 1].handles[0] = 41;
	fake.in[id - 1].handles[1] = 42;
	scheme_serve(&srv);
	assert_int_equal(fake.nclosed, 2);
	assert_int_equal(fake.closed[0], 41);
	assert_int_equal(fake.closed[1], 42);
}

static unsigned notices;
static void count_notice(struct scheme_server *s, const struct sh_msg *m)
{
	(void)s;
	assert_int_equal(m->tag, SH_TAG_FAULT);
	notices++;
}

static void test_kernel_notice(void **state)
{
	struct scheme_ops ops = memfs_ops;
	struct sh_notice n = { .pid = 3, .kind = SH_FAULT_DATA };
	(void)state;
	ops.notice = count_notice;
	scheme_server_init(&srv, EP, &ops, NULL, files, NFILES, rbuf, sizeof(rbuf),
			   obuf, sizeof(obuf));
	notices = 0;
	fake_push_raw(SH_TAG_FAULT, 0, &n, sizeof(n));
	assert_int_equal(scheme_serve(&srv), -SH_EBADH);
	assert_int_equal(notices, 1);
	assert_int_equal(fake.nout, 0);
}

static void test_forget_and_full_table(void **state)
{
	(void)state;
	for (int i = 0; i < NFILES / 2; i++) {
		assert_true(do_open(1, "/motd", SH_O_READ) > 0);
		assert_true(do_open(2, "/motd", SH_O_READ) > 0);
	}
	assert_int_equal(do_open(3, "/motd", SH_O_READ), -SH_ENOSPC);
	assert_int_equal(scheme_forget(&srv, 1), NFILES / 2);
	assert_int_equal(memfs.closes, NFILES / 2);
	assert_int_equal(scheme_forget(&srv, 1), 0);
	assert_true(do_open(3, "/motd", SH_O_READ) > 0);
}

/* Ops that lie must not make the library send stray memory. */
static int64_t lying_read(struct scheme_req *r, struct scheme_file *f,
			  uint64_t off, void *buf, uint32_t count)
{
	(void)r; (void)f; (void)off; (void)buf;
	return (int64_t)count + 1;
}

static int64_t lying_readdir(struct scheme_req *r, struct scheme_file *f,
			     uint64_t cookie, void *buf, uint32_t cap)
{
	(void)r; (void)f; (void)cookie;
	memset(buf, 0xff, cap);
	return 32;
}

static void test_lying_ops_give_eio(void **state)
{
	struct scheme_ops ops = memfs_ops;
	int64_t fid;
	(void)state;
	ops.read = lying_read;
	ops.readdir = lying_readdir;
	ops.mkdir = NULL;
	scheme_server_init(&srv, EP, &ops, NULL, files, NFILES, rbuf, sizeof(rbuf),
			   obuf, sizeof(obuf));
	fid = do_open(1, "/motd", SH_O_READ);
	assert_int_equal(do_read(1, fid, 0, 10), -SH_EIO);
	assert_int_equal(rep->len, 0);
	struct sh_req h = { .fid = (uint64_t)fid, .count = 64 };
	assert_int_equal(req(SH_REQ_READDIR, 1, h, NULL, 0), -SH_EIO);
	h = (struct sh_req){ .path_len = 2 };
	assert_int_equal(req(SH_REQ_MKDIR, 1, h, "/d", 2), -SH_ENOTSUP);
}

/* A strate with a small reply buffer gives short reads, never more. */
static void test_small_reply_buffer_clips_reads(void **state)
{
	static unsigned char small[sizeof(struct sh_stat)];
	int64_t fid;
	(void)state;
	assert_int_equal(scheme_server_init(&srv, EP, &memfs_ops, NULL, files, NFILES,
					    rbuf, sizeof(rbuf), small, sizeof(small)), 0);
	memfs_add("/long", SH_FTYPE_FILE, "0123456789abcdefghijklmnopqrstuvwxyz"
		  "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 62);
	fid = do_open(1, "/long", SH_O_READ);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 1000), sizeof(small));
	assert_int_equal(rep->len, sizeof(small));
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 1000), 62 - sizeof(small));
	assert_memory_equal(rep->data, "UVWXYZ", 6);
	assert_int_equal(do_fid(SH_REQ_STAT, 1, fid), 0);
	assert_int_equal(rep->len, sizeof(struct sh_stat));
}

/* A kept read at an explicit offset leaves the position alone. */
static void test_deferred_pread_keeps_position(void **state)
{
	int64_t fid;
	(void)state;
	fid = do_open(1, "/cons", SH_O_READ);
	assert_int_equal(do_read(1, fid, 100, 10), 1000);
	assert_int_equal(memfs_input("abc", 3), 0);
	assert_int_equal(fake.out[fake.nout - 1].tag, 3);
	assert_int_equal(files[0].pos, 0);
	/* and a kept reply that claims more than was asked is refused */
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 2), 1000);
	assert_int_equal(scheme_reply_data(&memfs.pending, 3, "abc", 3), 0);
	memfs.has_pending = 0;
	assert_int_equal((int64_t)fake.out[fake.nout - 1].tag, -SH_EIO);
	assert_int_equal(fake.out[fake.nout - 1].len, 0);
	assert_int_equal(files[0].pos, 0);
}

/* A strate's own seek decides the position; a failed one leaves it. */
static int64_t odd_seek(struct scheme_req *r, struct scheme_file *f,
			int64_t off, uint32_t whence)
{
	(void)r; (void)f;
	if (whence != SH_SEEK_SET || off < 0)
		return -SH_ENOTSUP;
	return off * 2;
}

static void test_strate_seek(void **state)
{
	struct scheme_ops ops = memfs_ops;
	struct sh_req h;
	int64_t fid;
	(void)state;
	ops.seek = odd_seek;
	scheme_server_init(&srv, EP, &ops, NULL, files, NFILES, rbuf, sizeof(rbuf),
			   obuf, sizeof(obuf));
	fid = do_open(1, "/motd", SH_O_READ);
	h = (struct sh_req){ .fid = (uint64_t)fid, .off = 3, .flags = SH_SEEK_SET };
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), 6);
	assert_int_equal(do_read(1, fid, SH_OFF_CUR, 5), 5);
	assert_memory_equal(rep->data, " shal", 5);
	h.flags = SH_SEEK_END;
	assert_int_equal(req(SH_REQ_SEEK, 1, h, NULL, 0), -SH_ENOTSUP);
	assert_int_equal(files[0].pos, 11);
}

/* A strate whose opens wait (an accept): memfs's open, then kept. */
static struct scheme_req kept_open;
static int has_kept_open;

static int64_t deferring_open(struct scheme_req *r, const char *path,
			      uint32_t flags, uint32_t mode, struct scheme_file *f)
{
	int64_t v = memfs_ops.open(r, path, flags, mode, f);

	if (v < 0)
		return v;
	kept_open = *r;
	has_kept_open = 1;
	return SCHEME_DEFER;
}

static void deferring_close(struct scheme_server *s, struct scheme_file *f)
{
	if (has_kept_open && kept_open.file == f) {
		has_kept_open = 0;
		scheme_reply(&kept_open, -SH_EINTR);
	}
	memfs_ops.close(s, f);
}

static struct scheme_ops deferring_ops;

static void deferring_setup(void)
{
	deferring_ops = memfs_ops;
	deferring_ops.open = deferring_open;
	deferring_ops.close = deferring_close;
	has_kept_open = 0;
	scheme_server_init(&srv, EP, &deferring_ops, NULL, files, NFILES,
			   rbuf, sizeof(rbuf), obuf, sizeof(obuf));
}

/* The rcvid of the request sent last. */
static uint64_t last_rcvid(void)
{
	return fake.in[fake.nin - 1].rcvid;
}

/* A kept open holds its slot unseen, then answers with a usable fid. */
static void test_deferred_open_answered(void **state)
{
	struct scheme_req first;
	uint64_t rc, reserved;
	int64_t fid;
	(void)state;
	deferring_setup();
	assert_int_equal(do_open(1, "/motd", SH_O_READ), 1000);
	rc = last_rcvid();
	assert_true(has_kept_open);
	first = kept_open;
	reserved = files[0].fid;
	assert_true(reserved != 0);
	assert_int_equal(files[0].pending, 1);
	/* nobody can name the reserved fid yet, not even its client */
	assert_int_equal(do_read(1, reserved, SH_OFF_CUR, 5), -SH_EBADH);
	assert_int_equal(do_fid(SH_REQ_CLOSE, 1, reserved), -SH_EBADH);
	assert_int_equal(files[0].fid, reserved);
	/* another open meanwhile takes another slot */
	assert_int_equal(do_open(2, "/motd", SH_O_READ), 1000);
	assert_true(files[1].fid != 0 && files[1].fid != reserved);
	has_kept_open = 0;
	assert_int_equal(scheme_reply(&kept_open, 0), 0);
	/* the strate's value is not sent: the library puts the fid in */
	assert_int_equal((int64_t)fake_reply(last_rcvid())->tag,
			 (int64_t)files[1].fid);
	assert_int_equal(files[1].pending, 0);
	/* the first one now, in the strate's own copy */
	kept_open = first;
	assert_int_equal(scheme_reply(&kept_open, 7), 0);
	fid = (int64_t)fake_reply(rc)->tag;
	assert_int_equal(fid, (int64_t)reserved);
	assert_int_equal(do_read(1, (uint64_t)fid, SH_OFF_CUR, 5), 5);
	assert_memory_equal(rep->data, "hello", 5);
	/* a second answer to the same open (a buggy strate) touches nothing */
	assert_int_equal(scheme_reply(&first, 0), -SH_EINVAL);
	assert_int_equal(files[0].fid, reserved);
	assert_int_equal(do_read(1, (uint64_t)fid, SH_OFF_CUR, 3), 3);
	assert_int_equal(do_fid(SH_REQ_CLOSE, 1, (uint64_t)fid), 0);
	assert_int_equal(files[0].fid, 0);
}

/* A kept open that fails later frees its slot, without the close op. */
static void test_deferred_open_fails_later(void **state)
{
	uint64_t rc, reserved;
	(void)state;
	deferring_setup();
	assert_int_equal(do_open(1, "/motd", SH_O_READ), 1000);
	rc = last_rcvid();
	reserved = files[0].fid;
	has_kept_open = 0;
	assert_int_equal(scheme_reply(&kept_open, -SH_ECONNRESET), 0);
	assert_int_equal((int64_t)fake_reply(rc)->tag, -SH_ECONNRESET);
	for (int i = 0; i < NFILES; i++)
		assert_int_equal(files[i].fid, 0);
	assert_int_equal(memfs.closes, 0);
	assert_int_equal(do_read(1, reserved, SH_OFF_CUR, 5), -SH_EBADH);
	/* an open that fails at once is still refused at once */
	assert_int_equal(do_open(1, "/nope", SH_O_READ), -SH_ENOENT);
	assert_false(has_kept_open);
	/* the whole table can be kept, and is free again once answered */
	for (int i = 0; i < NFILES; i++) {
		assert_int_equal(do_open(1, "/motd", SH_O_READ), 1000);
		has_kept_open = 0;
		assert_int_equal(scheme_reply(&kept_open, -SH_ETIMEDOUT), 0);
	}
	assert_int_equal(do_open(1, "/motd", SH_O_READ), 1000);
	for (int i = 1; i < NFILES; i++)
		assert_int_equal(do_open(2, "/motd", SH_O_READ), 1000);
	assert_int_equal(do_open(3, "/motd", SH_O_READ), -SH_ENOSPC);
}

/* A client that leaves, or a server that stops, frees kept opens; an
 * answer its client cannot take closes the file it would have opened. */
static void test_deferred_open_forgotten(void **state)
{
	uint64_t rc;
	(void)state;
	deferring_setup();
	assert_int_equal(do_open(1, "/motd", SH_O_READ), 1000);
	rc = last_rcvid();
	assert_int_equal(scheme_forget(&srv, 1), 1);
	assert_false(has_kept_open);
	assert_int_equal((int64_t)fake_reply(rc)->tag, -SH_EINTR);
	assert_int_equal(memfs.closes, 1);
	for (int i = 0; i < NFILES; i++)
		assert_int_equal(files[i].fid, 0);

	assert_int_equal(do_open(2, "/motd", SH_O_READ), 1000);
	assert_int_equal(scheme_close_all(&srv), 1);
	assert_false(has_kept_open);
	assert_int_equal((int64_t)fake_reply(last_rcvid())->tag, -SH_EINTR);
	assert_int_equal(files[0].fid, 0);

	assert_int_equal(do_open(3, "/motd", SH_O_READ), 1000);
	rc = last_rcvid();
	fake.dead_rcvid = rc;
	has_kept_open = 0;
	assert_int_equal(scheme_reply(&kept_open, 0), -SH_EDEAD);
	assert_null(fake_reply(rc));
	assert_int_equal(memfs.closes, 3);
	assert_int_equal(files[0].fid, 0);
}

static void test_init_checks(void **state)
{
	(void)state;
	assert_int_equal(scheme_server_init(&srv, EP, &memfs_ops, NULL, files, 0,
					    rbuf, sizeof(rbuf), obuf, sizeof(obuf)),
			 -SH_EINVAL);
	assert_int_equal(scheme_server_init(&srv, EP, &memfs_ops, NULL, files, 1,
					    rbuf, SCHEME_RECV_MIN - 1, obuf, sizeof(obuf)),
			 -SH_EINVAL);
	assert_int_equal(scheme_server_init(&srv, EP, NULL, NULL, files, 1,
					    rbuf, sizeof(rbuf), obuf, sizeof(obuf)),
			 -SH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_read_close, setup),
		cmocka_unit_test_setup(test_fid_bound_to_badge, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_open_flags_checked, setup),
		cmocka_unit_test_setup(test_create_excl_trunc_append, setup),
		cmocka_unit_test_setup(test_seek, setup),
		cmocka_unit_test_setup(test_stat, setup),
		cmocka_unit_test_setup(test_readdir_pages, setup),
		cmocka_unit_test_setup(test_path_requests, setup),
		cmocka_unit_test_setup(test_truncate_fsync, setup),
		cmocka_unit_test_setup(test_deferred_read, setup),
		cmocka_unit_test_setup(test_deferred_cancelled_by_close, setup),
		cmocka_unit_test_setup(test_dead_client_does_not_stop_server, setup),
		cmocka_unit_test_setup(test_stale_reply_then_receive, setup),
		cmocka_unit_test_setup(test_handles_not_taken_are_closed, setup),
		cmocka_unit_test_setup(test_kernel_notice, setup),
		cmocka_unit_test_setup(test_forget_and_full_table, setup),
		cmocka_unit_test_setup(test_lying_ops_give_eio, setup),
		cmocka_unit_test_setup(test_small_reply_buffer_clips_reads, setup),
		cmocka_unit_test_setup(test_deferred_pread_keeps_position, setup),
		cmocka_unit_test_setup(test_strate_seek, setup),
		cmocka_unit_test_setup(test_deferred_open_answered, setup),
		cmocka_unit_test_setup(test_deferred_open_fails_later, setup),
		cmocka_unit_test_setup(test_deferred_open_forgotten, setup),
		cmocka_unit_test_setup(test_init_checks, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
