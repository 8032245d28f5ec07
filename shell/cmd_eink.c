/* eink: the e-ink panel from the shell, over eink: (einkd; formats in
 * shale/eink.h).  A refused request prints einkd's own reason, read back
 * from eink:ctl, rather than a bare error code.  `eink show` reads the
 * PBM here (strates/einkd/pbm.c, strict), lays it on a white frame and
 * sends the whole frame to eink:fb, then refreshes fully. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/eink.h>
#include <shale/errors.h>
#include <shale/file.h>

#include "cmds.h"

static const char eink_usage[] =
	"eink text WORDS...       draw the words at the cursor, then a newline\n"
	"eink clear               whiten the panel (full refresh)\n"
	"eink show PATH [X Y]     show a PBM image (P1 or P4), centred or at X Y\n"
	"eink refresh full        refresh the whole panel (with its flash)\n"
	"eink refresh partial X Y W H   refresh one rectangle\n"
	"eink sleep | wake        deep sleep (drawing refused) and back\n"
	"eink status              size, state, refresh counts\n";

/* Reports a failed request on eink: with einkd's reason if it gave one. */
static int eink_fail(struct io *io, const char *what, int err)
{
	char why[EINK_WHY_MAX + 1];
	int sfd = sh_file_open("eink:/ctl", SH_O_READ, 0);
	int64_t n = 0;

	if (sfd >= 0) {
		n = sh_file_read(sfd, why, EINK_WHY_MAX);
		sh_file_close(sfd);
	}
	if (n > 0 && (err == -SH_EINVAL || err == -SH_EBUSY || err == -SH_ENOSPC ||
		      err == -SH_EIO)) {
		while (n > 0 && why[n - 1] == '\n')
			n--;
		why[n] = '\0';
		return flint_failmsg(io, "eink", "%s: %s", what, why);
	}
	return flint_fail(io, "eink", what, err);
}

/* Writes len bytes to an eink: file (a device: no create, no truncate). */
static int eink_put(struct io *io, const char *path, const char *what,
		    const void *data, size_t len)
{
	int sfd = sh_file_open(path, SH_O_WRITE, 0);
	int64_t n;

	if (sfd < 0)
		return flint_fail(io, "eink", path, sfd);
	n = sh_file_write(sfd, data, len);
	sh_file_close(sfd);
	if (n < 0)
		return eink_fail(io, what, (int)n);
	if ((size_t)n != len)
		return flint_failmsg(io, "eink", "%s: %lld of %zu bytes written",
				     what, (long long)n, len);
	return 0;
}

static int eink_ctl(struct io *io, const char *cmd)
{
	return eink_put(io, "eink:/ctl", cmd, cmd, strlen(cmd));
}

/* Joins argv[from..argc) with spaces into buf (cap); -1 if too long. */
static int join(int argc, char **argv, int from, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = from; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (n + l + 2 > cap)
			return -1;
		if (i > from)
			buf[n++] = ' ';
		memcpy(buf + n, argv[i], l + 1);
		n += l;
	}
	return (int)n;
}

/* A signed decimal argument. */
static int coord(const char *s, long *out)
{
	char *end;

	*out = strtol(s, &end, 10);
	return end != s && *end == '\0' && *out > -100000 && *out < 100000;
}

static int eink_show(struct io *io, int argc, char **argv)
{
	static struct pbm_image img;
	static uint8_t frame[EINK_FB_SIZE];
	char path[FPATH_MAX], why[EINK_WHY_MAX];
	long x = 0, y = 0;
	char *data;
	size_t len;
	int r;

	if (argc != 3 && argc != 5)
		return flint_usage(io, "eink");
	if (flint_path(io, "eink", argv[2], path) < 0)
		return STATUS_FAIL;
	if (argc == 5 && (!coord(argv[3], &x) || !coord(argv[4], &y)))
		return flint_failmsg(io, "eink", "show: X and Y must be numbers ('%s' '%s')",
				     argv[3], argv[4]);
	r = file_slurp(path, &data, &len);
	if (r < 0)
		return flint_fail(io, "eink", path, r);
	r = pbm_parse(data, len, &img, why);
	free(data);
	if (r < 0)
		return flint_failmsg(io, "eink", "%s: %s", path, why);
	if (argc == 3) {
		x = (long)(EINK_W - img.w) / 2;
		y = (long)(EINK_H - img.h) / 2;
	}
	if (x < 0 || y < 0 || x + (long)img.w > (long)EINK_W ||
	    y + (long)img.h > (long)EINK_H)
		return flint_failmsg(io, "eink", "show: a %ux%u image at %ld,%ld leaves the %ux%u panel",
				     img.w, img.h, x, y, EINK_W, EINK_H);
	memset(frame, 0, sizeof(frame));
	for (uint32_t j = 0; j < img.h; j++)
		for (uint32_t i = 0; i < img.w; i++)
			if ((img.bits[j * img.stride + i / 8] >> (7 - i % 8)) & 1) {
				uint32_t px = (uint32_t)x + i, py = (uint32_t)y + j;

				frame[py * EINK_STRIDE + px / 8] |=
					(uint8_t)(0x80u >> (px % 8));
			}
	r = eink_put(io, "eink:/fb", "show", frame, sizeof(frame));
	if (r)
		return r;
	r = eink_ctl(io, "refresh full");
	if (r)
		return r;
	out_printf(io->out, "%s: %ux%u at %ld,%ld\n", path, img.w, img.h, x, y);
	return 0;
}

int cmd_eink(int argc, char **argv, struct io *io)
{
	char buf[1024];
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "text") == 0) {
		int n = join(argc, argv, 2, buf, sizeof(buf) - 1);

		if (argc < 3)
			return flint_usage(io, "eink");
		if (n < 0)
			return flint_failmsg(io, "eink", "text: at most %zu bytes",
					     sizeof(buf) - 2);
		buf[n++] = '\n';
		return eink_put(io, "eink:/text", "text", buf, (size_t)n);
	}
	if (strcmp(sub, "status") == 0) {
		char *data;
		size_t len;
		int r;

		if (argc != 2)
			return flint_usage(io, "eink");
		r = file_slurp("eink:/info", &data, &len);
		if (r < 0)
			return flint_fail(io, "eink", "eink:/info", r);
		out_write(io->out, data, len);
		free(data);
		return 0;
	}
	if (strcmp(sub, "show") == 0)
		return eink_show(io, argc, argv);
	if ((strcmp(sub, "clear") == 0 || strcmp(sub, "sleep") == 0 ||
	     strcmp(sub, "wake") == 0) && argc == 2)
		return eink_ctl(io, sub);
	if (strcmp(sub, "refresh") == 0 && argc >= 3) {
		if (join(argc, argv, 1, buf, sizeof(buf)) < 0)
			return flint_usage(io, "eink");
		return eink_ctl(io, buf);
	}
	out_puts(io->err, "usage:\n");
	out_puts(io->err, eink_usage);
	return STATUS_USAGE;
}
