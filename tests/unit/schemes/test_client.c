/* client.c against the real server loop (through the fake kernel copy),
 * and against a lying strate. */
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

#define MIB (1024u * 1024u)

static struct scheme_server srv;
static struct scheme_file files[8];
static unsigned char rbuf[SCHEME_RECV_MIN];
static unsigned char obuf[SH_READ_MAX];
static _Alignas(8) unsigned char cbuf[SCHEME_CHAN_BEST];
static struct scheme_chan chan = { .ep = FAKE_EP_LOOP, .cap = sizeof(cbuf), .buf = cbuf };
static unsigned char big[MIB], back[MIB];

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memfs_reset();
	memfs_add("/motd", SH_FTYPE_FILE, "hello, shale\n", 13);
	assert_int_equal(scheme_server_init(&srv, 5, &memfs_ops, NULL, files, 8,
					    rbuf, sizeof(rbuf), obuf, sizeof(obuf)), 0);
	fake.loop = &srv;
	fake.loop_badge = 7;
	chan.cap = sizeof(cbuf);
	return 0;
}

static void fill(unsigned char *p, size_t n)
{
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (unsigned char)(x >> 16);
	}
}

static void test_open_read_stat(void **state)
{
	char buf[64];
	struct sh_stat st;
	int64_t fid;
	(void)state;
	fid = scheme_open(&chan, "/motd", SH_O_READ, 0);
	assert_true(fid > 0);
	assert_int_equal(scheme_read(&chan, fid, SH_OFF_CUR, buf, 5), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(scheme_read(&chan, fid, SH_OFF_CUR, buf, sizeof(buf)), 8);
	assert_int_equal(scheme_read(&chan, fid, SH_OFF_CUR, buf, sizeof(buf)), 0);
	assert_int_equal(scheme_stat(&chan, fid, &st), 0);
	assert_int_equal(st.size, 13);
	assert_int_equal(scheme_seek(&chan, fid, 0, SH_SEEK_SET), 0);
	assert_int_equal(scheme_read(&chan, fid, SH_OFF_CUR, buf, 2), 2);
	assert_int_equal(scheme_close(&chan, fid), 0);
	assert_int_equal(scheme_close(&chan, fid), -SH_EBADH);
	assert_int_equal(scheme_open(&chan, "/nope", SH_O_READ, 0), -SH_ENOENT);
}

/* 1 MiB moves in 32 writes of SH_WRITE_MAX and 16 reads of SH_READ_MAX. */
static void test_megabyte_in_chunks(void **state)
{
	int64_t fid;
	unsigned before;
	(void)state;
	fill(big, MIB);
	fid = scheme_open(&chan, "/big", SH_O_READ | SH_O_WRITE | SH_O_CREATE, 0644);
	assert_true(fid > 0);
	before = fake.calls;
	assert_int_equal(scheme_write(&chan, fid, SH_OFF_CUR, big, MIB), MIB);
	assert_int_equal(fake.calls - before, MIB / SH_WRITE_MAX);
	assert_int_equal(memfs_get("/big")->size, MIB);
	assert_memory_equal(memfs_get("/big")->data, big, MIB);
	before = fake.calls;
	memset(back, 0, MIB);
	assert_int_equal(scheme_read(&chan, fid, 0, back, MIB), MIB);
	assert_int_equal(fake.calls - before, MIB / SH_READ_MAX);
	assert_int_equal(memfs.max_read, SH_READ_MAX);
	assert_memory_equal(back, big, MIB);
	/* asking for more than there is: a short last chunk ends the loop */
	before = fake.calls;
	assert_int_equal(scheme_read(&chan, fid, MIB - 100, back, MIB), 100);
	assert_int_equal(fake.calls - before, 1);
	assert_memory_equal(back, big + MIB - 100, 100);
}

/* The smallest chan still works, in more messages. */
static void test_small_chan(void **state)
{
	int64_t fid;
	unsigned before;
	(void)state;
	chan.cap = SCHEME_CHAN_MIN;
	fill(big, 100000);
	fid = scheme_open(&chan, "/f", SH_O_READ | SH_O_WRITE | SH_O_CREATE, 0644);
	before = fake.calls;
	assert_int_equal(scheme_write(&chan, fid, 0, big, 100000), 100000);
	assert_true(fake.calls - before >= 100000 / (SCHEME_CHAN_MIN - sizeof(struct sh_req)));
	assert_int_equal(scheme_read(&chan, fid, 0, back, 100000), 100000);
	assert_memory_equal(back, big, 100000);
	chan.cap = SCHEME_CHAN_MIN - 1;
	assert_int_equal(scheme_read(&chan, fid, 0, back, 10), -SH_EINVAL);
	assert_int_equal(scheme_write(&chan, fid, 0, back, 10), -SH_EINVAL);
}

static void test_paths_and_dirs(void **state)
{
	_Alignas(8) unsigned char ents[512];
	int64_t fid, n;
	int count = 0;
	(void)state;
	assert_int_equal(scheme_mkdir(&chan, "/d", 0755), 0);
	assert_int_equal(scheme_mkdir(&chan, "/d", 0755), -SH_EEXIST);
	fid = scheme_open(&chan, "/d/a", SH_O_WRITE | SH_O_CREATE, 0600);
	assert_true(fid > 0);
	assert_int_equal(scheme_write(&chan, fid, SH_OFF_CUR, "abcdef", 6), 6);
	assert_int_equal(scheme_truncate(&chan, fid, 2), 0);
	assert_int_equal(scheme_fsync(&chan, fid), 0);
	assert_int_equal(scheme_close(&chan, fid), 0);
	assert_int_equal(memfs_get("/d/a")->size, 2);
	assert_int_equal(scheme_rename(&chan, "/d/a", "/d/b"), 0);
	fid = scheme_open(&chan, "/d", SH_O_READ | SH_O_DIR, 0);
	n = scheme_readdir(&chan, fid, 0, ents, sizeof(ents));
	assert_true(n > 0);
	uint32_t pos = 0;
	struct sh_dirent d;
	const char *name;
	while (scheme_dirent_next(ents, (uint32_t)n, &pos, &d, &name)) {
		assert_int_equal(d.namelen, 1);
		assert_memory_equal(name, "b", 1);
		assert_int_equal(d.type, SH_FTYPE_FILE);
		count++;
	}
	assert_int_equal(count, 1);
	assert_int_equal(scheme_readdir(&chan, fid, d.next, ents, sizeof(ents)), 0);
	assert_int_equal(scheme_rmdir(&chan, "/d"), -SH_EBUSY);	/* open */
	assert_int_equal(scheme_close(&chan, fid), 0);
	assert_int_equal(scheme_rmdir(&chan, "/d"), -SH_ENOTEMPTY);
	assert_int_equal(scheme_unlink(&chan, "/d/b"), 0);
	assert_int_equal(scheme_rmdir(&chan, "/d"), 0);
	assert_null(memfs_get("/d"));
}

static void test_client_refuses_bad_paths(void **state)
{
	char longp[SH_PATH_MAX + 2];
	(void)state;
	assert_int_equal(scheme_open(&chan, "motd", SH_O_READ, 0), -SH_EINVAL);
	assert_int_equal(scheme_open(&chan, "/a/../motd", SH_O_READ, 0), -SH_EINVAL);
	assert_int_equal(scheme_unlink(&chan, ""), -SH_EINVAL);
	assert_int_equal(scheme_rename(&chan, "/motd", "/x/"), -SH_EINVAL);
	memset(longp, 'a', sizeof(longp));
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	assert_int_equal(scheme_open(&chan, longp, SH_O_READ, 0), -SH_ENAMETOOLONG);
	assert_int_equal(fake.calls, 0);	/* nothing was sent */
}

static void can(int64_t tag, const void *data, uint32_t len)
{
	fake.canned = 1;
	fake.canned_reply.tag = (uint64_t)tag;
	fake.canned_reply.len = len;
	fake.canned_reply.nhandles = 0;
	if (len)
		memcpy(fake.canned_reply.data, data, len);
}

/* A strate that answers nonsense gets -SH_EBADMSG, not a buffer overrun. */
static void test_lying_strate(void **state)
{
	char buf[16];
	struct sh_stat st;
	unsigned char junk[64];
	(void)state;
	can(10, "abcde", 5);		/* says 10, sends 5 */
	assert_int_equal(scheme_read(&chan, 1, 0, buf, 16), -SH_EBADMSG);
	can(20, "0123456789abcdefghij", 20);	/* more than asked */
	assert_int_equal(scheme_read(&chan, 1, 0, buf, 16), -SH_EBADMSG);
	can(-999, NULL, 0);		/* not an error code */
	assert_int_equal(scheme_close(&chan, 1), -SH_EBADMSG);
	can(1ll << 40, NULL, 0);	/* "0" calls: a big positive is no error code */
	assert_int_equal(scheme_close(&chan, 1), -SH_EBADMSG);
	assert_int_equal(scheme_rename(&chan, "/a", "/b"), -SH_EBADMSG);
	can(0xb8ff01fc, NULL, 0);	/* whose low 32 bits are negative */
	assert_int_equal(scheme_fsync(&chan, 1), -SH_EBADMSG);
	can(0, "x", 1);			/* data on a reply without any */
	assert_int_equal(scheme_close(&chan, 1), -SH_EBADMSG);
	can(0, "short", 5);
	assert_int_equal(scheme_stat(&chan, 1, &st), -SH_EBADMSG);
	can(0, NULL, 0);		/* fid 0 */
	assert_int_equal(scheme_open(&chan, "/x", SH_O_READ, 0), -SH_EBADMSG);
	memset(junk, 0xff, sizeof(junk));
	can(32, junk, 32);
	assert_int_equal(scheme_readdir(&chan, 1, 0, junk, sizeof(junk)), -SH_EBADMSG);
	can(100, NULL, 0);		/* wrote more than given */
	assert_int_equal(scheme_write(&chan, 1, 0, "abc", 3), -SH_EBADMSG);
	/* handles a strate sends unasked are closed */
	can(0, NULL, 0);
	fake.canned_reply.nhandles = 1;
	fake.canned_reply.handles[0] = 55;
	assert_int_equal(scheme_fsync(&chan, 1), 0);
	assert_int_equal(fake.nclosed, 1);
	assert_int_equal(fake.closed[0], 55);
	/* a strate that is gone */
	fake.canned = 0;
	fake.loop = NULL;
	assert_int_equal(scheme_fsync(&chan, 1), -SH_EBADH);
}

/* An error after some chunks moved reports the bytes that did. */
static void test_partial_then_error(void **state)
{
	int64_t fid;
	(void)state;
	fill(big, 3 * SH_WRITE_MAX);
	fid = scheme_open(&chan, "/p", SH_O_WRITE | SH_O_CREATE, 0644);
	/* memfs files hold MEMFS_FILE_MAX: start just below it */
	assert_int_equal(scheme_write(&chan, fid, MEMFS_FILE_MAX - SH_WRITE_MAX - 10,
				      big, 3 * SH_WRITE_MAX),
			 SH_WRITE_MAX + 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_read_stat, setup),
		cmocka_unit_test_setup(test_megabyte_in_chunks, setup),
		cmocka_unit_test_setup(test_small_chan, setup),
		cmocka_unit_test_setup(test_paths_and_dirs, setup),
		cmocka_unit_test_setup(test_client_refuses_bad_paths, setup),
		cmocka_unit_test_setup(test_lying_strate, setup),
		cmocka_unit_test_setup(test_partial_then_error, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
