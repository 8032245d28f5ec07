/* libFuzzer target for the client side of the scheme protocol
 * (schemes/client.c): a strate that answers whatever the input says.
 *
 * Input: [tag: 8 bytes LE][len: 2 bytes LE][nhandles: 1 byte][data...].
 * Every client call gets that reply.  Checks: no call writes past the
 * caller's buffer, a read never reports more than asked, a stat only
 * succeeds with a whole struct sh_stat, readdir only hands back
 * well-formed records, every result is >= 0 or a known -SH_E* code, and
 * handles in replies are closed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/scheme_client.h>
#include <shale/errors.h>
#include "fake_ipc.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_result(int64_t r)
{
	CHECK(r >= 0 || r > -(int64_t)SH_ECOUNT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(8) unsigned char cbuf[SCHEME_CHAN_MIN + 64];
	static _Alignas(8) unsigned char out[256 + 16];
	struct scheme_chan c = { .ep = FAKE_EP_LOOP, .cap = sizeof(cbuf), .buf = cbuf };
	struct fake_msg *rep = &fake.canned_reply;
	struct sh_stat st;
	uint16_t len;
	int64_t r;

	if (size < 11)
		return 0;
	memcpy(&rep->tag, data, 8);
	memcpy(&len, data + 8, 2);
	rep->nhandles = data[10] % (SH_MSG_HANDLES + 1);
	for (uint32_t i = 0; i < SH_MSG_HANDLES; i++)
		rep->handles[i] = 100 + i;
	size -= 11;
	data += 11;
	rep->len = len < size ? len : (uint32_t)size;
	if (rep->len > sizeof(cbuf))
		rep->len = sizeof(cbuf);	/* the kernel: E2BIG, nothing moves */
	memcpy(rep->data, data, rep->len);
	fake.canned = 1;
	fake.nclosed = 0;

	/* reads of several sizes into a guarded buffer */
	for (uint32_t want = 0; want <= 256; want += 64) {
		memset(out, 0xa5, sizeof(out));
		r = scheme_read(&c, 1, SH_OFF_CUR, out, want);
		check_result(r);
		CHECK(r <= (int64_t)want);
		for (size_t k = want; k < sizeof(out); k++)
			CHECK(out[k] == 0xa5);
	}
	r = scheme_write(&c, 1, 0, data, size < 300 ? size : 300);
	check_result(r);
	CHECK(r <= (int64_t)(size < 300 ? size : 300));
	memset(&st, 0, sizeof(st));
	r = scheme_stat(&c, 1, &st);
	check_result(r);
	CHECK(r <= 0);
	if (r == 0)
		CHECK(rep->len == sizeof(st));
	memset(out, 0xa5, sizeof(out));
	r = scheme_readdir(&c, 1, 0, out, 256);
	check_result(r);
	CHECK(r <= 256);
	for (size_t k = 256; k < sizeof(out); k++)
		CHECK(out[k] == 0xa5);
	if (r > 0) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;
		while (scheme_dirent_next(out, (uint32_t)r, &pos, &d, &name))
			CHECK(name + d.namelen <= (const char *)out + r);
		CHECK(pos == (uint32_t)r);
	}
	r = scheme_open(&c, "/a/b", SH_O_READ, 0);
	check_result(r);
	CHECK(r != 0);
	check_result(scheme_seek(&c, 1, 5, SH_SEEK_SET));
	check_result(scheme_close(&c, 1));
	check_result(scheme_truncate(&c, 1, 0));
	check_result(scheme_fsync(&c, 1));
	check_result(scheme_unlink(&c, "/a"));
	check_result(scheme_mkdir(&c, "/a", 0755));
	check_result(scheme_rmdir(&c, "/a"));
	check_result(scheme_rename(&c, "/a", "/b"));
	/* every handle a reply brought was closed */
	CHECK(fake.nclosed <= FAKE_MAX);
	for (uint32_t k = 0; k < fake.nclosed; k++)
		CHECK(fake.closed[k] >= 100 && fake.closed[k] < 100 + SH_MSG_HANDLES);
	return 0;
}
