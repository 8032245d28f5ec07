/* The user-boot thread: the silos a user keeps on the disk.  Once fs:
 * answers, every manifest in fs:/etc/silos/ that says "boot = yes" is
 * started, in directory order, through silod's own START (the same path
 * as `silo start fs:/etc/silos/x.silo` at the prompt), each with a log
 * line.  A thread of its own, because fs: comes up after silod's main
 * loop is running (the storage silo is one of the core silos) and the
 * main thread must never wait on a strate.
 *
 * Its OPEN of fs:/etc/silos waits in the fs endpoint's queue until fsd
 * serves, so no polling; if the storage silo never starts, the thread
 * waits for ever and nothing else is held up.  Manifests without the mark
 * are left alone; one that does not parse is named with its error (START
 * would refuse it the same way). */
#include <stdlib.h>
#include <string.h>

#include <shale/file.h>
#include <shale/scheme_client.h>

#include "silod.h"

#define USERBOOT_DIR	"/etc/silos"

static sh_handle_t fs_ep, ctl_h;
static char text[SILOD_MANIFEST_MAX];
static struct manifest m;

/* Starts one manifest (spath "fs:/etc/silos/x.silo") if it says
 * boot = yes.  Logs what happened. */
static void userboot_one(const char *path, const char *spath)
{
	char err[MANIFEST_ERR_MAX], reply[MANIFEST_ERR_MAX + 64];
	uint32_t rlen = 0;
	int fd = sh_file_open_ep(fs_ep, path, SH_O_READ, 0);
	int64_t n, r;

	if (fd < 0) {
		silod_log("%s: %s\n", spath, sh_strerror(fd));
		return;
	}
	n = sh_file_pread(fd, text, sizeof(text), 0);
	sh_file_close(fd);
	if (n < 0 || n == (int64_t)sizeof(text)) {
		silod_log("%s: %s\n", spath,
			  sh_strerror(n < 0 ? (int)n : -SH_E2BIG));
		return;
	}
	if (manifest_parse(&m, spath, text, (size_t)n, err, sizeof(err)) < 0) {
		silod_log("%s (not started at boot)\n", err);
		return;
	}
	if (!m.boot)
		return;
	r = silo_ctl_call(ctl_h, SILO_CTL_START, NULL, 0, 0, spath,
			  (uint32_t)strlen(spath), reply, sizeof(reply) - 1,
			  &rlen);
	if (r < 0) {
		reply[rlen < sizeof(reply) ? rlen : sizeof(reply) - 1] = 0;
		silod_log("%s: not started at boot: %s%s%s\n", spath,
			  sh_strerror((int)r), rlen ? ": " : "", rlen ? reply : "");
	}
}

static void userboot_main(void *arg)
{
	_Alignas(8) static unsigned char recs[4096];
	static char names[64][SH_FILENAME_MAX + 1];
	uint32_t count = 0;
	int fd;

	(void)arg;
	fd = sh_file_open_ep(fs_ep, USERBOOT_DIR, SH_O_DIR, 0);
	if (fd < 0) {
		if (fd != -SH_ENOENT)
			silod_log("fs:" USERBOOT_DIR ": %s\n", sh_strerror(fd));
		return;
	}
	/* names first, then starts: a START reads the same file system */
	for (;;) {
		int64_t len = sh_file_readdir(fd, recs, sizeof(recs));
		uint32_t pos = 0;
		struct sh_dirent d;
		const char *name;

		if (len <= 0)
			break;
		while (scheme_dirent_next(recs, (uint32_t)len, &pos, &d, &name)) {
			if (d.type != SH_FTYPE_FILE || d.namelen < 6 ||
			    memcmp(name + d.namelen - 5, ".silo", 5) != 0)
				continue;
			if (count == sizeof(names) / sizeof(names[0])) {
				silod_log("fs:" USERBOOT_DIR ": more than 64 "
					  "manifests, the rest not looked at\n");
				break;
			}
			memcpy(names[count], name, d.namelen);
			names[count++][d.namelen] = 0;
		}
	}
	sh_file_close(fd);
	for (uint32_t i = 0; i < count; i++) {
		char path[sizeof(USERBOOT_DIR) + SH_FILENAME_MAX + 2];
		char spath[sizeof(path) + 4];

		strcpy(path, USERBOOT_DIR "/");
		strcat(path, names[i]);
		strcpy(spath, "fs:");
		strcat(spath, path);
		userboot_one(path, spath);
	}
}

int userboot_init(void)
{
	struct scheme_rec *s = scheme_find("fs");
	long h;

	if (!s)
		return 0;	/* no storage silo: nothing to start */
	h = sh_cap_dup(s->ep, SH_R_WRITE);
	if (h < 0)
		return (int)h;
	fs_ep = (sh_handle_t)h;
	h = sh_cap_mint(silod.ep, SH_R_WRITE, BADGE_MAKE(BADGE_CTL, 0));
	if (h < 0)
		return (int)h;
	ctl_h = (sh_handle_t)h;
	h = sh_thread_spawn(userboot_main, NULL, SH_PRIO_DEFAULT, 16384);
	return h < 0 ? (int)h : 0;
}
