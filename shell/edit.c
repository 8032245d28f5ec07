/* The line editor.  It draws with the smallest set of VT100 sequences
 * every terminal has (CR, ESC [K, ESC [nC, ESC [nD): a change at the end
 * of the line is echoed, any other redraws the line from the prompt.
 * Escape sequences are collected in a bounded buffer and decoded when
 * their final byte arrives; an unknown or overlong one is dropped whole. */
#include <stdio.h>
#include <string.h>

#include "edit.h"

static void out(struct edit *e, const char *s, size_t n)
{
	if (e->ops && e->ops->write && n)
		e->ops->write(e->ops->ctx, s, n);
}

static void outs(struct edit *e, const char *s)
{
	out(e, s, strlen(s));
}

static void bell(struct edit *e)
{
	outs(e, "\a");
}

/* Redraws from the start of the terminal line: prompt, text, erase the
 * rest, cursor back to pos. */
static void refresh(struct edit *e)
{
	char mv[24];

	outs(e, "\r");
	if (e->prompt)
		outs(e, e->prompt);
	out(e, e->buf, e->len);
	outs(e, "\x1b[K");
	if (e->pos < e->len) {
		snprintf(mv, sizeof(mv), "\x1b[%zuD", e->len - e->pos);
		outs(e, mv);
	}
}

void edit_init(struct edit *e, const struct edit_ops *ops,
	       struct history *hist)
{
	memset(e, 0, sizeof(*e));
	e->ops = ops;
	e->hist = hist;
	e->browse = -1;
}

void edit_begin(struct edit *e, const char *prompt)
{
	e->len = e->pos = 0;
	e->buf[0] = '\0';
	e->prompt = prompt;
	e->browse = -1;
	e->esc_len = 0;
	e->esc_skip = 0;
	e->full = 0;
	if (prompt)
		outs(e, prompt);
}

void edit_redraw(struct edit *e)
{
	refresh(e);
}

/* Inserts n bytes at the cursor; refuses (bell) what does not fit. */
static void insert(struct edit *e, const char *s, size_t n)
{
	if (n > EDIT_MAX - e->len) {
		if (!e->full)	/* once, not once per byte of a paste */
			bell(e);
		e->full = 1;
		n = EDIT_MAX - e->len;
	}
	if (!n)
		return;
	memmove(e->buf + e->pos + n, e->buf + e->pos, e->len - e->pos);
	memcpy(e->buf + e->pos, s, n);
	e->len += n;
	e->pos += n;
	e->buf[e->len] = '\0';
	if (e->pos == e->len)
		out(e, s, n);
	else
		refresh(e);
}

/* Erases [from, to) and leaves the cursor at from. */
static void erase(struct edit *e, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	e->full = 0;
	e->pos = from;
	e->buf[e->len] = '\0';
	refresh(e);
}

static void move_to(struct edit *e, size_t pos)
{
	char mv[24];

	if (pos == e->pos)
		return;
	if (pos < e->pos)
		snprintf(mv, sizeof(mv), "\x1b[%zuD", e->pos - pos);
	else
		snprintf(mv, sizeof(mv), "\x1b[%zuC", pos - e->pos);
	e->pos = pos;
	outs(e, mv);
}

static int is_word(char c)
{
	return c != ' ' && c != '\t';
}

static size_t word_left(const struct edit *e)
{
	size_t p = e->pos;

	while (p > 0 && !is_word(e->buf[p - 1]))
		p--;
	while (p > 0 && is_word(e->buf[p - 1]))
		p--;
	return p;
}

static size_t word_right(const struct edit *e)
{
	size_t p = e->pos;

	while (p < e->len && !is_word(e->buf[p]))
		p++;
	while (p < e->len && is_word(e->buf[p]))
		p++;
	return p;
}

/* Replaces the line with s (a history line or the saved new line). */
static void load(struct edit *e, const char *s, size_t n)
{
	if (n > EDIT_MAX)
		n = EDIT_MAX;
	memcpy(e->buf, s, n);
	e->buf[n] = '\0';
	e->len = e->pos = n;
	refresh(e);
}

static void history_up(struct edit *e)
{
	const char *h;

	if (!e->hist || !(h = history_get(e->hist, (unsigned)(e->browse + 1)))) {
		bell(e);
		return;
	}
	if (e->browse < 0) {
		memcpy(e->saved, e->buf, e->len + 1);
		e->saved_len = e->len;
	}
	e->browse++;
	load(e, h, strlen(h));
}

static void history_down(struct edit *e)
{
	const char *h;

	if (e->browse < 0) {
		bell(e);
		return;
	}
	e->browse--;
	if (e->browse < 0) {
		load(e, e->saved, e->saved_len);
		return;
	}
	h = history_get(e->hist, (unsigned)e->browse);
	load(e, h, h ? strlen(h) : 0);
}

static void complete(struct edit *e)
{
	char ins[EDIT_MAX + 1];
	int n;

	if (!e->ops || !e->ops->complete) {
		bell(e);
		return;
	}
	ins[0] = '\0';
	n = e->ops->complete(e->ops->ctx, e->buf, e->pos, ins, sizeof(ins));
	if (ins[0])
		insert(e, ins, strnlen(ins, sizeof(ins)));
	else if (n > 1 && e->ops->list) {
		outs(e, "\r\n");
		e->ops->list(e->ops->ctx, e->buf, e->pos);
		refresh(e);
	} else {
		bell(e);
	}
}

/* Acts on a whole escape sequence in e->esc[0..esc_len). */
static void escape(struct edit *e)
{
	const unsigned char *s = e->esc;
	unsigned n = e->esc_len;
	unsigned char fin = s[n - 1];
	unsigned num = 0;

	if (n == 2) {		/* ESC x: Alt-x */
		if (fin == 'b')
			move_to(e, word_left(e));
		else if (fin == 'f')
			move_to(e, word_right(e));
		return;
	}
	if (n > 3 && s[2] == '[')
		return;		/* Linux console function keys */
	if (s[1] == '[' && fin == '~') {
		for (unsigned i = 2; i < n - 1 && s[i] >= '0' && s[i] <= '9'; i++)
			num = num * 10 + (s[i] - '0');
		if (num == 1 || num == 7)
			move_to(e, 0);
		else if (num == 4 || num == 8)
			move_to(e, e->len);
		else if (num == 3 && e->pos < e->len)
			erase(e, e->pos, e->pos + 1);
		return;
	}
	switch (fin) {		/* ESC [ x or ESC O x, parameters ignored */
	case 'A': history_up(e); break;
	case 'B': history_down(e); break;
	case 'C': if (e->pos < e->len) move_to(e, e->pos + 1); break;
	case 'D': if (e->pos > 0) move_to(e, e->pos - 1); break;
	case 'H': move_to(e, 0); break;
	case 'F': move_to(e, e->len); break;
	default: break;
	}
}

/* Collects one byte of an escape sequence; acts when it is complete. */
static void escape_feed(struct edit *e, unsigned char c)
{
	if (c == 0x1b) {	/* a new ESC restarts the sequence */
		e->esc[0] = c;
		e->esc_len = 1;
		return;
	}
	e->esc[e->esc_len++] = c;
	if (e->esc_len == 2) {
		if (c == '[' || c == 'O')
			return;
		escape(e);	/* Alt-x */
		e->esc_len = 0;
		return;
	}
	if (c >= 0x40 && c <= 0x7e && !(e->esc[1] == '[' && c == '[' &&
					  e->esc_len == 3)) {
		escape(e);
		e->esc_len = 0;
		return;
	}
	if (c < 0x20 || c > 0x7e)
		e->esc_len = 0;		/* not a sequence: drop it */
	else if (e->esc_len >= EDIT_ESC_MAX) {
		e->esc_len = 0;		/* too long: swallow up to its end */
		e->esc_skip = 1;
	}
}

int edit_feed(struct edit *e, unsigned char c)
{
	int after_cr = e->after_cr;

	e->after_cr = 0;
	if (c < 0x20 && c != 0x1b) {
		/* a control byte ends any escape sequence and acts itself:
		 * ^C and Enter work whatever garbage came before them */
		e->esc_len = 0;
		e->esc_skip = 0;
	}
	if (e->esc_skip) {
		if (c >= 0x20 && c < 0x40)
			return EDIT_MORE;
		e->esc_skip = 0;
		if (c >= 0x40 && c <= 0x7e)
			return EDIT_MORE;
	}
	if (e->esc_len) {
		escape_feed(e, c);
		return EDIT_MORE;
	}
	switch (c) {
	case '\r':
		e->after_cr = 1;
		/* fall through */
	case '\n':
		if (c == '\n' && after_cr)
			return EDIT_MORE;
		outs(e, "\r\n");
		e->browse = -1;
		return EDIT_LINE;
	case 0x03:		/* ^C */
		outs(e, "^C\r\n");
		e->len = e->pos = 0;
		e->buf[0] = '\0';
		e->browse = -1;
		return EDIT_CANCEL;
	case 0x1b:
		e->esc[0] = c;
		e->esc_len = 1;
		return EDIT_MORE;
	case 0x7f:
	case 0x08:
		if (e->pos > 0)
			erase(e, e->pos - 1, e->pos);
		return EDIT_MORE;
	case 0x04:		/* ^D */
		if (e->pos < e->len)
			erase(e, e->pos, e->pos + 1);
		return EDIT_MORE;
	case 0x01: move_to(e, 0); return EDIT_MORE;
	case 0x05: move_to(e, e->len); return EDIT_MORE;
	case 0x02: if (e->pos > 0) move_to(e, e->pos - 1); return EDIT_MORE;
	case 0x06: if (e->pos < e->len) move_to(e, e->pos + 1); return EDIT_MORE;
	case 0x15: erase(e, 0, e->pos); return EDIT_MORE;
	case 0x0b: erase(e, e->pos, e->len); return EDIT_MORE;
	case 0x17: erase(e, word_left(e), e->pos); return EDIT_MORE;
	case 0x0c: outs(e, "\x1b[H\x1b[2J"); refresh(e); return EDIT_MORE;
	case 0x10: history_up(e); return EDIT_MORE;
	case 0x0e: history_down(e); return EDIT_MORE;
	case '\t': complete(e); return EDIT_MORE;
	default:
		break;
	}
	if (c >= 0x20 && c < 0x7f) {
		char ch = (char)c;

		insert(e, &ch, 1);
	}
	return EDIT_MORE;
}
