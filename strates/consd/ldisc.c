/* The line discipline: what typed bytes become for readers.  Portable (no
 * system calls; echo goes through a callback) so it can be tested on the
 * host.
 *
 * Ready input waits in one ring.  In cooked mode only whole lines enter it
 * (and LD_EOF bytes for Ctrl-D at a line's start: the byte itself cannot
 * be typed into a line, so it is free to mark EOF); in raw mode every byte
 * does.  When the ring is full, input is dropped, not blocked on: nobody
 * reads, and the UART cannot be told to wait. */
#include <string.h>
#include <shale/errors.h>
#include "consd.h"

#define CTRL_C	0x03
#define CTRL_D	0x04
#define CTRL_U	0x15
#define BS	0x08
#define DEL	0x7f
#define ESC	0x1b

void ld_init(struct ldisc *ld, void (*echo)(const char *, size_t))
{
	memset(ld, 0, sizeof(*ld));
	ld->echo = echo;
}

static void echo(struct ldisc *ld, const char *s, size_t n)
{
	if (ld->echo)
		ld->echo(s, n);
}

/* Appends n bytes to the ring if all of them fit.  Returns 1 if they did. */
static int ring_put(struct ldisc *ld, const char *s, uint32_t n)
{
	if (LD_RING - ld->count < n)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		ld->ring[(ld->head + ld->count + i) % LD_RING] = s[i];
	ld->count += n;
	return 1;
}

static char ring_at(const struct ldisc *ld, uint32_t i)
{
	return ld->ring[(ld->head + i) % LD_RING];
}

static void ring_drop(struct ldisc *ld, uint32_t n)
{
	ld->head = (ld->head + n) % LD_RING;
	ld->count -= n;
}

static void erase(struct ldisc *ld, uint32_t n)
{
	while (n-- && ld->len) {
		ld->len--;
		echo(ld, "\b \b", 3);
	}
}

/* One byte in cooked mode. */
static void cooked(struct ldisc *ld, char c)
{
	unsigned char u = (unsigned char)c;

	/* Escape sequences: ESC, then '[' or 'O', then parameters up to a
	 * final byte in 0x40..0x7e; swallowed whole. */
	if (ld->esc == 1) {
		ld->esc = (c == '[' || c == 'O') ? 2 : 0;
		return;
	}
	if (ld->esc == 2) {
		if (u >= 0x40 && u <= 0x7e)
			ld->esc = 0;
		return;
	}
	switch (c) {
	case ESC:
		ld->esc = 1;
		return;
	case '\r':
	case '\n':
		ld->line[ld->len] = '\n';
		if (ring_put(ld, ld->line, ld->len + 1))
			echo(ld, "\r\n", 2);
		else
			echo(ld, "\a", 1);
		ld->len = 0;
		return;
	case BS:
	case DEL:
		erase(ld, 1);
		return;
	case CTRL_U:
		erase(ld, ld->len);
		return;
	case CTRL_C:
		ld->len = 0;
		ld->count = 0;		/* typed-ahead lines go too */
		ld->intr = 1;
		echo(ld, "^C\r\n", 4);
		return;
	case CTRL_D:
		if (ld->len == 0) {
			char eof = LD_EOF;

			ring_put(ld, &eof, 1);
		}
		return;
	}
	if ((u < 0x20 && c != '\t') || ld->len >= CONS_LINE_MAX - 1) {
		if (ld->len >= CONS_LINE_MAX - 1)
			echo(ld, "\a", 1);
		return;
	}
	ld->line[ld->len++] = c;
	echo(ld, &c, 1);
}

void ld_input(struct ldisc *ld, char c)
{
	if (ld->raw)
		ring_put(ld, &c, 1);
	else
		cooked(ld, c);
}

void ld_set_raw(struct ldisc *ld, int raw)
{
	ld->raw = raw ? 1 : 0;
	ld->len = 0;
	ld->esc = 0;
}

int ld_ready(const struct ldisc *ld)
{
	return ld->intr || ld->count > 0;
}

int ld_read(struct ldisc *ld, char *buf, uint32_t cap)
{
	uint32_t n = 0;

	if (ld->intr) {
		ld->intr = 0;
		return -SH_EINTR;
	}
	if (ld->count == 0)
		return -SH_EAGAIN;
	if (ld->raw) {
		while (n < cap && n < ld->count) {
			buf[n] = ring_at(ld, n);
			n++;
		}
		ring_drop(ld, n);
		return (int)n;
	}
	if (ring_at(ld, 0) == LD_EOF) {
		ring_drop(ld, 1);
		return 0;
	}
	while (n < cap && n < ld->count) {
		char c = ring_at(ld, n);

		if (c == LD_EOF)
			break;
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	ring_drop(ld, n);
	return (int)n;
}
