/* tstrate: bootd and consd started as silod starts them, checked as their
 * clients (see tstrate.h).  This file: setup (the UART from the device
 * tree, endpoints, a fake silod answering WHOIS) and the boot: checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <shale/scheme_client.h>
#include <shale/scheme_path.h>
#include "cpio.h"
#include "tstrate.h"

#define WHOIS		0x530d	/* silos/include/shale/silo_ctl.h */
#define MIB		(1u << 20)

/* A megabyte of file for the "few messages" check: this program's own
 * image in the archive holds it (const, so it is in the file). */
__attribute__((used)) const unsigned char ts_blob[MIB] = { 's', 'h', 'a', 'l', 'e' };

long ts_spawn(const char *name, const sh_handle_t *h, uint32_t nh,
	      const char *env, size_t env_len)
{
	struct sh_spawn sp;
	long r;

	memset(&sp, 0, sizeof(sp));
	sp.prio = SH_PRIO_DEFAULT;
	sp.nhandles = nh;
	memcpy(sp.handles, h, nh * sizeof(*h));
	sp.env = env;
	sp.env_len = (uint32_t)env_len;
	r = sh_spawn_program(name, NULL, 0, &sp);
	if (sp.thread)
		sh_cap_close(sp.thread);
	return r;
}

/* ---- a fake silod: answers WHOIS for bootd ------------------------------- */

static void fake_silod(void *arg)
{
	sh_handle_t ep = (sh_handle_t)(uintptr_t)arg;
	char buf[128];

	for (;;) {
		struct sh_msg m = { .buf = buf, .cap = sizeof(buf) };
		uint64_t badge;
		long rcvid = sh_ipc_recv(ep, &m);

		if (rcvid <= 0)
			continue;
		memcpy(&badge, buf + 32, sizeof(badge));	/* silo_ctl_req.arg */
		memset(&m, 0, sizeof(m));
		m.buf = buf;
		if (badge == B_BOOT) {
			memcpy(buf, "/", 1);
			m.tag = m.len = 1;
		} else if (badge == B_BOOT_BIN) {
			memcpy(buf, "/bin", 4);
			m.tag = m.len = 4;
		} else {
			m.tag = (uint64_t)-SH_ENOENT;
		}
		sh_ipc_reply(rcvid, &m);
	}
}

/* ---- the UART from the device tree --------------------------------------- */

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* Finds the PL011: *pa its registers, *intid its interrupt. */
static int find_uart(uint64_t *pa, uint32_t *intid)
{
	const struct sh_start *st = sh_start_info();
	const fdt32_t *reg, *irq;
	const void *fdt;
	int off, ac, len;
	long err;

	fdt = sh_map_frame(st->dtb, (st->dtb_size + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE,
			   SH_VM_READ, &err);
	if (!fdt || fdt_check_header(fdt))
		return -SH_EBADMSG;
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (off < 0)
		return -SH_ENOENT;
	ac = fdt_address_cells(fdt, fdt_parent_offset(fdt, off));
	reg = fdt_getprop(fdt, off, "reg", &len);
	irq = fdt_getprop(fdt, off, "interrupts", &len);
	if (!reg || !irq || ac < 1 || ac > 2 || len < 12)
		return -SH_EBADMSG;
	*pa = cells(reg, ac);
	/* GIC binding: type (0 SPI, 1 PPI), number, flags */
	*intid = (fdt32_to_cpu(irq[0]) == 0 ? 32 : 16) + fdt32_to_cpu(irq[1]);
	return 0;
}

/* ---- boot: checks --------------------------------------------------------- */

static uint32_t crc32(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *b++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1u));
	}
	return ~c;
}

/* Counts the archive's files under bin/ (what readdir of boot:/bin must
 * list). */
static int archive_bin_count(void)
{
	const struct sh_start *st = sh_start_info();
	const void *a;
	long err;
	struct cpio_iter it;
	struct cpio_entry e;
	int n = 0;

	a = sh_map_frame(st->bootfs, (st->bootfs_size + SH_PAGE_SIZE - 1) / SH_PAGE_SIZE,
			 SH_VM_READ, &err);
	if (!a)
		return -1;
	cpio_iter_init(&it, a, st->bootfs_size);
	while (cpio_iter_next(&it, &e) == 1)
		if (e.namelen > 4 && memcmp(e.name, "bin/", 4) == 0 &&
		    !strchr(e.name + 4, '/'))
			n++;
	return n;
}

/* Reads the directory spath; returns the entries, sets *found if name is
 * one of them. */
static int list_dir(const char *spath, const char *name, int *found)
{
	char buf[512];
	int sfd = sh_file_open(spath, SH_O_READ | SH_O_DIR, 0), n = 0;
	int64_t got;

	*found = 0;
	if (sfd < 0)
		return sfd;
	/* a small buffer: the listing needs several READDIRs (cookies) */
	while ((got = sh_file_readdir(sfd, buf, sizeof(buf))) > 0) {
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *nm;

		while (scheme_dirent_next(buf, (uint32_t)got, &pos, &d, &nm)) {
			n++;
			if (d.namelen == strlen(name) && !memcmp(nm, name, d.namelen))
				*found = 1;
		}
	}
	sh_file_close(sfd);
	return got < 0 ? (int)got : n;
}

static void boot_files(void)
{
	const void *want;
	size_t want_len;
	struct sh_stat st;
	void *got = NULL;
	size_t got_len = 0;
	int found, n;

	n = list_dir("boot:/", "bin", &found);
	kt_check("boot.readdir_root", n >= 1 && found, "%d entries, bin %d", n, found);
	n = list_dir("boot:/bin", "tstrate", &found);
	kt_check("boot.readdir_bin", n == archive_bin_count() && found,
		 "%d entries, archive has %d, tstrate %d", n, archive_bin_count(), found);

	kt_eq("boot.stat_dir", sh_file_stat("boot:/bin", &st), 0);
	kt_eq("boot.stat_dir_type", st.type, SH_FTYPE_DIR);
	sh_bootfs_find("bin/tstrate", &want, &want_len);
	kt_eq("boot.stat_file", sh_file_stat("boot:/bin/tstrate", &st), 0);
	kt_check("boot.stat_file_size", st.type == SH_FTYPE_FILE && st.size == want_len,
		 "type %u size %llu, archive %zu", st.type,
		 (unsigned long long)st.size, want_len);
	kt_check("boot.stat_readonly", !(st.mode & 0222), "mode %o", st.mode);

	kt_eq("boot.read_file", sh_file_read_all("boot:/bin/tstrate", &got,
						 &got_len, 8 * MIB), 0);
	kt_check("boot.read_identical", got && got_len == want_len &&
		 memcmp(got, want, want_len) == 0, "%zu bytes vs %zu", got_len, want_len);
	printf("tstrate: crc bin/tstrate 0x%08x size %zu\n",
	       got ? crc32(got, got_len) : 0, got_len);
	free(got);

	kt_err("boot.missing", sh_file_open("boot:/bin/nonesuch", SH_O_READ, 0), SH_ENOENT);
	kt_err("boot.no_scheme", sh_file_open("nope:/x", SH_O_READ, 0), SH_ENOENT);
	kt_err("boot.dir_flag_on_file",
	       sh_file_open("boot:/bin/tstrate", SH_O_READ | SH_O_DIR, 0), SH_ENOTDIR);
}

/* A 1 MiB read takes 16 messages: one READ moves SH_READ_MAX bytes. */
static void boot_big_read(void)
{
	const struct scheme_chan *c;
	uint64_t fid, t0, t1;
	char *buf = malloc(MIB);
	int sfd = sh_file_open("boot:/bin/tstrate", SH_O_READ, 0);
	int msgs = 0, full = 1;
	size_t done = 0;

	if (!kt_ok("boot.big_open", sfd) || !buf)
		return;
	sh_file_chan(sfd, &c, &fid);
	t0 = kt_cycles();
	while (done < MIB) {
		int64_t r = scheme_read(c, fid, SH_OFF_CUR, buf + done, SH_READ_MAX);

		msgs++;	/* a read of SH_READ_MAX or less is one message */
		if (r <= 0)
			break;
		if (r != SH_READ_MAX)
			full = 0;
		done += (size_t)r;
	}
	t1 = kt_cycles();
	kt_check("boot.read_1mib_16_messages", done == MIB && msgs == 16 && full,
		 "%zu bytes in %d messages", done, msgs);
	printf("bench: boot_read_1mib %llu cycles\n", (unsigned long long)(t1 - t0));
	sh_file_close(sfd);
	free(buf);
}

/* SEEK (the library's, from STAT's size) and reads at offsets. */
static void boot_seek(void)
{
	const void *want;
	size_t len;
	char buf[32];
	int sfd = sh_file_open("boot:/bin/bootd", SH_O_READ, 0);

	if (!kt_ok("boot.seek_open", sfd) ||
	    sh_bootfs_find("bin/bootd", &want, &len) < 0)
		return;
	kt_eq("boot.seek_end", sh_file_seek(sfd, -16, SH_SEEK_END), (long)len - 16);
	kt_check("boot.read_tail", sh_file_read(sfd, buf, sizeof(buf)) == 16 &&
		 !memcmp(buf, (const char *)want + len - 16, 16), "tail differs");
	kt_eq("boot.read_at_eof", sh_file_read(sfd, buf, sizeof(buf)), 0);
	kt_eq("boot.seek_set", sh_file_seek(sfd, 100, SH_SEEK_SET), 100);
	kt_eq("boot.seek_cur", sh_file_seek(sfd, 28, SH_SEEK_CUR), 128);
	kt_check("boot.read_after_seek", sh_file_read(sfd, buf, 8) == 8 &&
		 !memcmp(buf, (const char *)want + 128, 8), "bytes at 128 differ");
	kt_check("boot.pread", sh_file_pread(sfd, buf, 4, 1) == 4 &&
		 !memcmp(buf, "ELF", 3), "'%.3s'", buf);
	kt_eq("boot.pread_keeps_pos", sh_file_seek(sfd, 0, SH_SEEK_CUR), 136);
	kt_err("boot.seek_negative", sh_file_seek(sfd, -1, SH_SEEK_SET), SH_EINVAL);
	kt_err("boot.read_dir", sh_file_read(sh_file_open("boot:/bin", SH_O_READ, 0),
					    buf, 4), SH_EISDIR);
	sh_file_close(sfd);
}

static void boot_refusals(void)
{
	const struct scheme_chan *c;
	uint64_t fid;
	int sfd;

	kt_err("boot.open_write", sh_file_open("boot:/bin/tstrate", SH_O_WRITE, 0), SH_EPERM);
	kt_err("boot.open_create", sh_file_open("boot:/new", SH_O_READ | SH_O_CREATE, 0644),
	       SH_EPERM);
	kt_err("boot.open_trunc",
	       sh_file_open("boot:/bin/tstrate", SH_O_WRITE | SH_O_TRUNC, 0), SH_EPERM);
	kt_err("boot.unlink", sh_file_unlink("boot:/bin/tstrate"), SH_EPERM);
	kt_err("boot.mkdir", sh_file_mkdir("boot:/d", 0755), SH_EPERM);
	kt_err("boot.rmdir", sh_file_rmdir("boot:/bin"), SH_EPERM);
	sfd = sh_file_open("boot:/bin/tstrate", SH_O_READ, 0);
	if (kt_ok("boot.reopen", sfd)) {
		sh_file_chan(sfd, &c, &fid);
		kt_err("boot.write_fid", scheme_write(c, fid, 0, "x", 1), SH_EPERM);
		kt_err("boot.truncate_fid", scheme_truncate(c, fid, 0), SH_EPERM);
		sh_file_close(sfd);
	}
}

/* Sends OPEN with a raw path, as a hostile client would. */
static long raw_open(sh_handle_t ep, const char *path)
{
	struct {
		struct sh_req h;
		char p[64];
	} b;
	struct sh_msg m;
	long r;

	memset(&b, 0, sizeof(b));
	b.h.flags = SH_O_READ;
	b.h.path_len = (uint16_t)strlen(path);
	memcpy(b.p, path, b.h.path_len);
	memset(&m, 0, sizeof(m));
	m.tag = SH_REQ_OPEN;
	m.buf = &b;
	m.len = (uint32_t)(sizeof(b.h) + b.h.path_len);
	m.cap = sizeof(b);
	r = sh_ipc_call(ep, &m);
	return r < 0 ? r : (long)(int64_t)m.tag;
}

/* A fid is good only with the badge that opened it. */
static void fid_isolation(sh_handle_t other)
{
	const struct scheme_chan *c;
	struct scheme_chan stolen;
	struct sh_stat st;
	uint64_t fid;
	int sfd = sh_file_open("boot:/bin/bootd", SH_O_READ, 0);

	if (!kt_ok("isolation.open", sfd))
		return;
	sh_file_chan(sfd, &c, &fid);
	stolen = *c;
	stolen.ep = other;
	kt_err("isolation.other_badge_stat", scheme_stat(&stolen, fid, &st), SH_EBADH);
	kt_err("isolation.other_badge_close", scheme_close(&stolen, fid), SH_EBADH);
	kt_eq("isolation.owner_still_has_it", sh_file_fstat(sfd, &st), 0);
	sh_file_close(sfd);
	kt_err("isolation.closed_fid", scheme_stat(c, fid, &st), SH_EBADH);
}

/* More opens than bootd has fid slots: closing frees them, and the test's
 * handles are where they were. */
static void boot_no_leaks(void)
{
	struct sh_stat_self before = kt_self(), after;
	int bad = 0;

	for (int i = 0; i < 300; i++) {
		int sfd = sh_file_open("boot:/bin", SH_O_DIR, 0);

		if (sfd < 0 || sh_file_close(sfd) < 0)
			bad++;
	}
	after = kt_self();
	kt_eq("boot.fids_reused", bad, 0);
	kt_eq("boot.no_handle_leak", (long)after.handles, (long)before.handles);
}

static void boot_narrow(sh_handle_t ep_bin, sh_handle_t ep_none)
{
	struct ns_table *ns = strate_ns();
	struct sh_stat st;

	ns_add(ns, "bin", ep_bin, NULL);
	ns_add(ns, "nobody", ep_none, NULL);
	kt_eq("narrow.inside", sh_file_stat("bin:/bootd", &st), 0);
	kt_err("narrow.outside", sh_file_stat("bin:/bin/bootd", &st), SH_ENOENT);
	/* the client normalises "..": it stays at the root of /bin */
	kt_eq("narrow.dotdot_normalised", sh_file_stat("bin:/../../bootd", &st), 0);
	kt_err("narrow.dotdot_no_escape", sh_file_stat("bin:/../bin/bootd", &st), SH_ENOENT);
	/* a hostile client sending ".." itself is refused before any lookup */
	kt_err("narrow.raw_dotdot", raw_open(ep_bin, "/../bin/bootd"), SH_EBADMSG);
	kt_err("narrow.raw_dotdot_whole", raw_open(ep_bin, "/.."), SH_EBADMSG);
	kt_err("narrow.unknown_badge", sh_file_stat("nobody:/bin/bootd", &st), SH_ENOENT);
	fid_isolation(ep_bin);
}

/* open + read 4 KiB + close of a small file, averaged. */
static void boot_bench(void)
{
	enum { N = 100 };
	static char buf[4096];
	uint64_t t0, t1;
	int bad = 0;

	t0 = kt_cycles();
	for (int i = 0; i < N; i++) {
		int sfd = sh_file_open("boot:/bin/kchild", SH_O_READ, 0);

		if (sfd < 0)
			sfd = sh_file_open("boot:/bin/bootd", SH_O_READ, 0);
		if (sfd < 0 || sh_file_read(sfd, buf, sizeof(buf)) <= 0)
			bad++;
		sh_file_close(sfd);
	}
	t1 = kt_cycles();
	kt_eq("boot.bench_runs", bad, 0);
	printf("bench: boot_open_read_close %llu cycles\n",
	       (unsigned long long)((t1 - t0) / N));
}

int main(void)
{
	const struct sh_start *st = sh_start_info();
	sh_handle_t h[3];
	char env[128];
	uint64_t uart_pa = 0;
	uint32_t intid = 0;
	long boot_ep, silod_ep, cons_ep, frame, irq, r;
	int n;

	kt_begin("tstrate");
	/* keeps the megabyte in the image (--gc-sections drops what nothing
	 * reads) */
	kt_eq("setup.blob", *(const volatile unsigned char *)&ts_blob[1], 'h');
	/* bootd, as silod starts it: SH_SERVE, SH_BOOTFS, SH_SILOD */
	boot_ep = sh_endpoint_create();
	silod_ep = sh_endpoint_create();
	kt_ok("setup.endpoints", boot_ep > 0 && silod_ep > 0 ? 0 : -SH_ENOMEM);
	sh_thread_spawn(fake_silod, (void *)(uintptr_t)silod_ep, SH_PRIO_DEFAULT, 0);
	h[0] = (sh_handle_t)boot_ep;
	h[1] = st->bootfs;
	h[2] = (sh_handle_t)sh_cap_mint((sh_handle_t)silod_ep,
					SH_R_WRITE | SH_R_GRANT, 1);
	n = snprintf(env, sizeof(env), "SH_SERVE=boot@0%cSH_BOOTFS=1:%llu%cSH_SILOD=2",
		     0, (unsigned long long)st->bootfs_size, 0);
	kt_ok("setup.spawn_bootd", ts_spawn("bootd", h, 3, env, (size_t)n + 1));

	ns_add(strate_ns(), "boot",
	       (sh_handle_t)sh_cap_mint((sh_handle_t)boot_ep, SH_R_WRITE, B_BOOT), NULL);
	boot_files();
	boot_big_read();
	boot_seek();
	boot_refusals();
	boot_narrow((sh_handle_t)sh_cap_mint((sh_handle_t)boot_ep, SH_R_WRITE, B_BOOT_BIN),
		    (sh_handle_t)sh_cap_mint((sh_handle_t)boot_ep, SH_R_WRITE, B_BOOT_NONE));
	boot_no_leaks();
	boot_bench();

	/* consd, as silod starts it: SH_SERVE, SH_DEV=uart@F/irq@Q */
	r = find_uart(&uart_pa, &intid);
	kt_ok("setup.dtb_uart", r);
	frame = sh_dev_frame(st->silo, uart_pa & ~(uint64_t)(SH_PAGE_SIZE - 1), SH_PAGE_SIZE);
	irq = sh_irq_claim(st->silo, intid);
	kt_ok("setup.uart_frame", frame);
	kt_ok("setup.uart_irq", irq);
	cons_ep = sh_endpoint_create();
	h[0] = (sh_handle_t)cons_ep;
	h[1] = (sh_handle_t)frame;
	h[2] = (sh_handle_t)irq;
	n = snprintf(env, sizeof(env), "SH_SERVE=cons@0%cSH_DEV=uart@1+%llu/irq@2",
		     0, (unsigned long long)(uart_pa & (SH_PAGE_SIZE - 1)));
	if (kt_ok("setup.spawn_consd", ts_spawn("consd", h, 3, env, (size_t)n + 1)))
		ts_cons((sh_handle_t)cons_ep);
	return kt_end();
}
