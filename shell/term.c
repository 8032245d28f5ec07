/* cons:/ is the terminal (strates/include/shale/cons.h).  flint keeps it
 * in raw mode and does its own editing.  The read timeout is the client's
 * setting in consd, so it is changed only when the wanted one differs
 * from the last one set: "off" while waiting for a line, 0 while polling
 * for ^C, a few ms when a live command sleeps between refreshes. */
#include <stdio.h>
#include <string.h>

#include <shale.h>
#include <shale/strate.h>

#include "term.h"

#define OUT_BYTES	4096
#define IN_BYTES	1024
#define TIMEOUT_OFF	(~0u)
/* Waiting for a line, reads still time out now and then: a read that
 * consd failed to wake (see the report in shell/README.md) is asked again
 * instead of hanging the shell. */
#define TIMEOUT_IDLE	500

static int tty = -1, ctl = -1;
static char obuf[OUT_BYTES];
static size_t olen;
static unsigned char ibuf[IN_BYTES];
static size_t ihead, itail;		/* pending input is ibuf[ihead..itail) */
static unsigned cur_timeout = 1;	/* nothing set yet */

static int ctl_send(const char *cmd)
{
	int64_t r;

	if (ctl < 0)
		return -SH_EBADH;
	r = sh_file_write(ctl, cmd, strlen(cmd));
	return r < 0 ? (int)r : 0;
}

static int set_timeout(unsigned ms)
{
	char cmd[32];
	int r;

	if (ms == cur_timeout)
		return 0;
	if (ms == TIMEOUT_OFF)
		snprintf(cmd, sizeof(cmd), "timeout off");
	else
		snprintf(cmd, sizeof(cmd), "timeout %u", ms);
	r = ctl_send(cmd);
	if (r == 0)
		cur_timeout = ms;
	return r;
}

static char term_path[SH_SCHEME_NAME_MAX + SH_PATH_MAX + 2];

int term_reopen(void)
{
	if (tty >= 0)
		sh_file_close(tty);
	if (ctl >= 0)
		sh_file_close(ctl);
	tty = ctl = -1;
	olen = 0;
	ihead = itail = 0;
	cur_timeout = 1;
	return term_open(term_path);
}

int term_open(const char *path)
{
	char ctlpath[SH_SCHEME_NAME_MAX + 8];
	const char *colon = strchr(path, ':');
	int r = -SH_ENOENT;

	if (!colon || (size_t)(colon - path) > SH_SCHEME_NAME_MAX ||
	    strlen(path) >= sizeof(term_path))
		return -SH_EINVAL;
	if (path != term_path)
		strcpy(term_path, path);
	snprintf(ctlpath, sizeof(ctlpath), "%.*s:/ctl", (int)(colon - path),
		 path);
	for (int tries = 0; tries < 100; tries++) {
		if (tty < 0)
			tty = sh_file_open(path, SH_O_READ | SH_O_WRITE, 0);
		if (tty >= 0 && ctl < 0)
			ctl = sh_file_open(ctlpath, SH_O_READ | SH_O_WRITE, 0);
		if (tty >= 0 && ctl >= 0)
			break;
		r = tty < 0 ? tty : ctl;
		sh_sleep(50 * 1000 * 1000ull);
	}
	if (tty < 0 || ctl < 0)
		return r;
	ctl_send("name flint");
	r = ctl_send("raw");
	return r;
}

void term_flush(void)
{
	size_t done = 0;

	while (tty >= 0 && done < olen) {
		int64_t r = sh_file_write(tty, obuf + done, olen - done);

		if (r <= 0)
			break;
		done += (size_t)r;
	}
	if (tty < 0 && olen)
		sh_debug_write(obuf, olen);
	olen = 0;
}

void term_write(const char *s, size_t n)
{
	while (n) {
		size_t k = n < OUT_BYTES - olen ? n : OUT_BYTES - olen;

		memcpy(obuf + olen, s, k);
		olen += k;
		s += k;
		n -= k;
		if (olen == OUT_BYTES)
			term_flush();
	}
}

/* Appends what the console has to the pending input, waiting up to ms.
 * When the buffer is full the oldest pending bytes make room (type-ahead
 * beyond IN_BYTES is lost, never the newest ^C).  Returns the bytes read
 * (> 0) or -SH_E*. */
static int fill(unsigned ms)
{
	size_t room;
	int64_t r;

	if (tty < 0)
		return -SH_EBADH;
	if (ihead > 0) {
		memmove(ibuf, ibuf + ihead, itail - ihead);
		itail -= ihead;
		ihead = 0;
	}
	if (itail > IN_BYTES / 2) {
		memmove(ibuf, ibuf + IN_BYTES / 4, itail - IN_BYTES / 4);
		itail -= IN_BYTES / 4;
	}
	room = IN_BYTES - itail;
	set_timeout(ms);
	r = sh_file_read(tty, ibuf + itail, room);
	if (r == 0)
		return -SH_EAGAIN;
	if (r < 0)
		return (int)r;
	itail += (size_t)r;
	return (int)r;
}

int term_getc(void)
{
	term_flush();
	while (ihead == itail) {
		int r = fill(TIMEOUT_IDLE);

		if (r == -SH_ETIMEDOUT || r == -SH_EAGAIN || r == -SH_EINTR)
			continue;
		if (r < 0)
			return r;
	}
	return ibuf[ihead++];
}

int term_getc_timeout(unsigned ms)
{
	term_flush();
	if (ihead == itail) {
		int r = fill(ms);

		if (r == -SH_EAGAIN)
			return -SH_ETIMEDOUT;
		if (r < 0)
			return r;
	}
	return ibuf[ihead++];
}

int term_interrupted(void)
{
	term_flush();
	fill(0);
	for (size_t i = ihead; i < itail; i++) {
		if (ibuf[i] == 0x03) {
			/* drop the ^C and everything typed before it */
			ihead = i + 1;
			return 1;
		}
	}
	return 0;
}

void term_close(void)
{
	term_flush();
	set_timeout(TIMEOUT_OFF);
	ctl_send("cooked");
}
