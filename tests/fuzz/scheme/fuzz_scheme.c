/* libFuzzer target for the scheme server's request decoding
 * (schemes/serve.c): a stream of hostile messages from a few clients
 * against the in-memory test strate (tests/unit/schemes/memfs.c).
 *
 * Input: records of [code][badge][len lo][len hi][len bytes of message].
 * code & 0x0f is the request code (0x0f: a kernel notice, rcvid 0);
 * code & 0x80 puts the fid of the last successful OPEN into the header;
 * code & 0x40 first feeds console input to a kept read.
 *
 * Checks: every reply is bounded by the server's buffer, an error reply
 * carries no data and a known code, a READ's data is its tag, a STAT's is
 * one struct sh_stat, READDIR records are well formed, and the open-file
 * table stays consistent. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <shale/scheme_serve.h>
#include <shale/scheme_client.h>
#include <shale/errors.h>
#include "fake_ipc.h"
#include "memfs.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)
#define NFILES 6

static struct scheme_server srv;
static struct scheme_file files[NFILES];
static _Alignas(8) unsigned char rbuf[SCHEME_RECV_MIN];
static _Alignas(8) unsigned char obuf[4096];	/* small: clipping is exercised */

static void check_reply(uint32_t code, const struct sh_msg *out)
{
	int64_t v = (int64_t)out->tag;

	CHECK(out->len <= sizeof(obuf));
	if (v < 0) {
		CHECK(v > -(int64_t)SH_ECOUNT);
		CHECK(out->len == 0 && out->nhandles == 0);
		return;
	}
	switch (code) {
	case SH_REQ_READ:
		CHECK((uint64_t)v == out->len);
		break;
	case SH_REQ_STAT:
		CHECK(v == 0 && out->len == sizeof(struct sh_stat));
		break;
	case SH_REQ_READDIR: {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;
		CHECK((uint64_t)v == out->len);
		while (scheme_dirent_next(out->buf, out->len, &pos, &d, &name))
			;
		CHECK(pos == out->len);
		break;
	}
	case SH_REQ_OPEN:
		CHECK(v > 0 && out->len == 0);
		break;
	default:
		CHECK(out->len == 0);
	}
}

static void check_table(void)
{
	for (uint32_t i = 0; i < NFILES; i++) {
		const struct scheme_file *f = &files[i];
		if (f->fid == 0)
			continue;
		CHECK((f->fid & 0xffffffffu) == i + 1u);
		CHECK((f->fid >> 63) == 0);
		CHECK(f->priv != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(8) unsigned char msgbuf[SCHEME_RECV_MIN];
	uint64_t last_fid = 0, rcvid = 0;
	size_t i = 0;

	/* not fake_reset(): its 8 MiB of queues are unused here */
	fake.nin = fake.nout = fake.nclosed = 0;
	memfs_reset();
	memfs_add("/motd", SH_FTYPE_FILE, "hello, shale\n", 13);
	memfs_add("/d", SH_FTYPE_DIR, NULL, 0);
	memfs_add("/d/a", SH_FTYPE_FILE, "x", 1);
	CHECK(scheme_server_init(&srv, 5, &memfs_ops, NULL, files, NFILES,
				 rbuf, sizeof(rbuf), obuf, sizeof(obuf)) == 0);

	while (size - i >= 4) {
		uint8_t code = data[i], badge = data[i + 1] & 3;
		uint32_t len = (uint32_t)data[i + 2] | (uint32_t)data[i + 3] << 8;
		struct sh_msg in, out;
		i += 4;
		if (len > size - i)
			len = (uint32_t)(size - i);
		if (len > sizeof(msgbuf)) {
			/* beyond the server's cap the kernel refuses the send */
			i += len;
			continue;
		}
		memcpy(msgbuf, data + i, len);
		i += len;
		if ((code & 0x80) && len >= sizeof(struct sh_req))
			memcpy(msgbuf, &last_fid, sizeof(last_fid));
		if ((code & 0x40) && memfs.has_pending)
			memfs_input("typed\n", 6);

		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		in.tag = (code & 0x0f) == 0x0f ? SH_TAG_EXIT : (uint64_t)(code & 0x0f);
		in.badge = badge;
		in.buf = rbuf;
		in.cap = sizeof(rbuf);
		in.len = len;
		memcpy(rbuf, msgbuf, len);
		if (scheme_dispatch(&srv, (code & 0x0f) == 0x0f ? 0 : ++rcvid,
				    &in, &out)) {
			check_reply((uint32_t)in.tag, &out);
			if (in.tag == SH_REQ_OPEN && (int64_t)out.tag > 0)
				last_fid = out.tag;
		}
		check_table();
	}
	/* a client going away closes all it had, and only that */
	for (uint64_t b = 0; b < 4; b++)
		scheme_forget(&srv, b);
	for (uint32_t k = 0; k < NFILES; k++)
		CHECK(files[k].fid == 0);
	CHECK(memfs.opens == memfs.closes);
	return 0;
}
