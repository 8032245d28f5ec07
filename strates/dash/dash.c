/* dash: a status screen on the e-ink panel (the optional silo
 * boot:/silos/dash.silo; strates/dash/README.md).
 *
 *   dash [FULL_SECONDS]
 *
 * Once a second it draws uptime, memory and every silo with its state and
 * restarts (sys:uptime, sys:mem, sys:silos) into a frame of its own, with
 * einkd's font code, and sends the panel only what changed: the rows that
 * differ from the last frame go to eink:fb, and each band of them gets a
 * partial refresh.  Every FULL_SECONDS (default 180) it refreshes the
 * whole panel instead, as e-paper needs to clear the ghosts partial
 * refreshes leave.
 *
 * It trusts sys: to be text and draws whatever it says, cut to the panel.
 * A refused write (the panel asleep, einkd restarting) is retried the next
 * second with the whole frame. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shale.h>
#include <shale/file.h>

#include "eink_core.h"

#define PERIOD_NS	1000000000ULL
#define ROW_BYTES	EINK_STRIDE
#define TEXT_MAX	8192u

static struct font font;
static uint8_t frame[EINK_FB_SIZE];	/* what this second should show */
static uint8_t shown[EINK_FB_SIZE];	/* what the panel was last sent */
static char buf[TEXT_MAX];

static void say(const char *s)
{
	sh_debug_write(s, strlen(s));
}

/* Reads a whole small file into buf (NUL-ended).  Returns its length, or
 * a negative SH_E* code with buf holding a note instead. */
static int slurp(const char *path)
{
	int fd = sh_file_open(path, SH_O_READ, 0);
	int64_t n, got = 0;

	if (fd < 0) {
		snprintf(buf, sizeof(buf), "(%s: %s)", path, sh_strerror(fd));
		return fd;
	}
	while ((size_t)got < sizeof(buf) - 1 &&
	       (n = sh_file_read(fd, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	sh_file_close(fd);
	buf[got] = '\0';
	return (int)got;
}

/* Draws s (up to a newline or its end) on text row `row`, column `col`.
 * Returns the columns used. */
static uint32_t draw(uint32_t col, uint32_t row, const char *s)
{
	uint32_t n = 0;

	for (; *s && *s != '\n'; s++, n++)
		text_glyph(&font, frame, (int64_t)(col + n) * font.width,
			   (int64_t)row * font.height, (uint8_t)*s);
	return n;
}

/* The value after "key " in a "key value" text, or 0. */
static uint64_t field(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/* Builds this second's frame. */
static void compose(void)
{
	char line[128];
	uint64_t total, freep, secs;
	uint32_t row = 4;
	struct eink_rect bar;

	memset(frame, 0, sizeof(frame));
	secs = (uint64_t)sh_clock() / 1000000000ULL;
	draw(0, 0, "Shale status");
	snprintf(line, sizeof(line), "up %" PRIu64 ":%02" PRIu64 ":%02" PRIu64,
		 secs / 3600, secs / 60 % 60, secs % 60);
	draw(100 - (uint32_t)strlen(line), 0, line);
	fb_fill(frame, (struct eink_rect){ 0, 18, EINK_W, 2 }, 1);

	if (slurp("sys:/mem") >= 0) {
		total = field(buf, "total_pages ");
		freep = field(buf, "free_pages ");
		snprintf(line, sizeof(line), "memory %" PRIu64 " KiB used of %"
			 PRIu64 " KiB", (total - freep) * 4, total * 4);
		draw(0, 2, line);
		/* a bar: its frame, then the used part filled */
		bar = (struct eink_rect){ 440, 34, 352, 12 };
		fb_fill(frame, bar, 1);
		fb_fill(frame, (struct eink_rect){ 442, 36, 348, 8 }, 0);
		if (total)
			fb_fill(frame, (struct eink_rect){ 442, 36,
				(uint32_t)((total - freep) * 348 / total), 8 }, 1);
	} else {
		draw(0, 2, buf);
	}
	slurp("sys:/silos");
	for (const char *p = buf; *p && row < EINK_H / font.height; row++) {
		draw(0, row, p);
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
}

/* Sends rows [y, y + h) of frame and refreshes them (partial), or the
 * whole frame with a full refresh.  Returns 0 or an error. */
static int send_rows(int fb, int ctl, uint32_t y, uint32_t h, int full)
{
	char cmd[64];
	int64_t n = sh_file_pwrite(fb, frame + (size_t)y * ROW_BYTES,
				   (size_t)h * ROW_BYTES, (uint64_t)y * ROW_BYTES);

	if (n < 0)
		return (int)n;
	if (full)
		snprintf(cmd, sizeof(cmd), "refresh full");
	else
		snprintf(cmd, sizeof(cmd), "refresh partial 0 %u %u %u", y,
			 EINK_W, h);
	n = sh_file_write(ctl, cmd, strlen(cmd));
	return n < 0 ? (int)n : 0;
}

/* Sends what changed since the last frame; everything if full.  Returns
 * 0 or the first error (then the next call sends everything). */
static int update(int fb, int ctl, int full)
{
	int e = 0;

	if (full) {
		e = send_rows(fb, ctl, 0, EINK_H, 1);
	} else {
		for (uint32_t y = 0; y < EINK_H && e == 0;) {
			uint32_t end;

			if (!memcmp(frame + y * ROW_BYTES, shown + y * ROW_BYTES,
				    ROW_BYTES)) {
				y++;
				continue;
			}
			for (end = y + 1; end < EINK_H &&
			     memcmp(frame + end * ROW_BYTES,
				    shown + end * ROW_BYTES, ROW_BYTES); end++)
				;
			e = send_rows(fb, ctl, y, end - y, 0);
			y = end;
		}
	}
	if (e == 0)
		memcpy(shown, frame, sizeof(shown));
	return e;
}

int main(int argc, char **argv)
{
	char why[EINK_WHY_MAX], line[EINK_WHY_MAX + 64];
	uint64_t full_ns = 180ULL * 1000000000ULL, last_full = 0;
	int fb, ctl, need_full = 1, failing = 0;

	if (argc > 1) {
		char *end;
		unsigned long s = strtoul(argv[1], &end, 10);

		if (end == argv[1] || *end || s == 0 || s > 86400) {
			say("dash: usage: dash [FULL_SECONDS] (1 to 86400)\n");
			return 2;
		}
		full_ns = (uint64_t)s * 1000000000ULL;
	}
	if (font_load(&font, eink_font_psf, eink_font_psf_len, why) < 0) {
		snprintf(line, sizeof(line), "dash: built-in font: %s\n", why);
		say(line);
		return 1;
	}
	fb = sh_file_open("eink:/fb", SH_O_READ | SH_O_WRITE, 0);
	ctl = sh_file_open("eink:/ctl", SH_O_WRITE, 0);
	if (fb < 0 || ctl < 0) {
		snprintf(line, sizeof(line), "dash: eink: %s\n",
			 sh_strerror(fb < 0 ? fb : ctl));
		say(line);
		return 1;
	}
	say("dash: drawing the status screen on eink:\n");
	for (;;) {
		uint64_t now = (uint64_t)sh_clock();
		int e;

		compose();
		if (now - last_full >= full_ns)
			need_full = 1;
		e = update(fb, ctl, need_full);
		if (e == 0) {
			if (need_full)
				last_full = now;
			need_full = 0;
			failing = 0;
		} else {
			/* einkd gone (restarted): open eink: afresh */
			if (e == -SH_EDEAD || e == -SH_EBADH) {
				sh_file_close(fb);
				sh_file_close(ctl);
				fb = sh_file_open("eink:/fb", SH_O_READ | SH_O_WRITE, 0);
				ctl = sh_file_open("eink:/ctl", SH_O_WRITE, 0);
			}
			if (!failing) {
				snprintf(line, sizeof(line), "dash: eink: %s (retrying)\n",
					 sh_strerror(e));
				say(line);
			}
			failing = 1;
			need_full = 1;
		}
		sh_sleep(PERIOD_NS - (uint64_t)sh_clock() % PERIOD_NS);
	}
}
