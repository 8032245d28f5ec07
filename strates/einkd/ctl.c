/* eink:ctl's commands: one per write, words separated by spaces or tabs,
 * one trailing newline allowed.  Nothing is assumed of the bytes: a NUL or
 * other control byte, an unknown word, a missing or extra argument, a
 * number with a sign or too many digits, and a rectangle that is empty or
 * leaves the panel are each refused with a sentence saying which. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <shale/errors.h>

#include "eink_core.h"

#define CTL_WORDS	8u
#define CTL_MAX		128u	/* bytes of one command */

static int refuse(char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int refuse(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, EINK_WHY_MAX, fmt, ap);
	va_end(ap);
	return -SH_EINVAL;
}

/* A decimal number of at most 5 digits (the panel is 800 wide). */
static int number(const char *w, const char *what, uint32_t *out, char *why)
{
	uint32_t v = 0;
	size_t n = strlen(w);

	if (n == 0 || n > 5)
		return refuse(why, "%s: '%s' is not a number from 0 to 99999", what, w);
	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return refuse(why, "%s: '%s' is not a number from 0 to 99999",
				      what, w);
		v = v * 10 + (uint32_t)(w[i] - '0');
	}
	*out = v;
	return 0;
}

static int rect_args(char **w, struct eink_rect *r, char *why)
{
	int e;

	if ((e = number(w[0], "X", &r->x, why)) < 0 ||
	    (e = number(w[1], "Y", &r->y, why)) < 0 ||
	    (e = number(w[2], "W", &r->w, why)) < 0 ||
	    (e = number(w[3], "H", &r->h, why)) < 0)
		return e;
	if (r->w == 0 || r->h == 0)
		return refuse(why, "rectangle %ux%u at %u,%u is empty", r->w, r->h,
			      r->x, r->y);
	if (r->x + r->w > EINK_W)
		return refuse(why, "rectangle %ux%u at %u,%u runs past the right edge (x+w = %u > %u)",
			      r->w, r->h, r->x, r->y, r->x + r->w, EINK_W);
	if (r->y + r->h > EINK_H)
		return refuse(why, "rectangle %ux%u at %u,%u runs past the bottom edge (y+h = %u > %u)",
			      r->w, r->h, r->x, r->y, r->y + r->h, EINK_H);
	return 0;
}

int eink_ctl_parse(const char *s, size_t len, struct eink_cmd *cmd, char *why)
{
	char buf[CTL_MAX + 1];
	char *w[CTL_WORDS];
	uint32_t n = 0;
	char *p;

	why[0] = '\0';
	memset(cmd, 0, sizeof(*cmd));
	if (len && s[len - 1] == '\n')
		len--;
	if (len > CTL_MAX)
		return refuse(why, "command of %zu bytes (at most %u)", len, CTL_MAX);
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)s[i];

		if ((c < 0x20 && c != '\t') || c >= 0x7f)
			return refuse(why, "byte %zu is \\x%02x, not a printable character",
				      i, c);
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	for (p = buf; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (n == CTL_WORDS)
			return refuse(why, "too many words (at most %u)", CTL_WORDS);
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (n == 0)
		return refuse(why, "empty command (refresh full, refresh partial X Y W H, clear, sleep, wake)");
	if (strcmp(w[0], "refresh") == 0) {
		if (n >= 2 && strcmp(w[1], "full") == 0) {
			if (n != 2)
				return refuse(why, "refresh full takes no arguments");
			cmd->op = EINK_OP_REFRESH_FULL;
			return 0;
		}
		if (n >= 2 && strcmp(w[1], "partial") == 0) {
			if (n != 6)
				return refuse(why, "refresh partial: expected X Y W H, got %u number%s",
					      n - 2, n == 3 ? "" : "s");
			cmd->op = EINK_OP_REFRESH_PARTIAL;
			return rect_args(w + 2, &cmd->r, why);
		}
		return refuse(why, "refresh: expected 'full' or 'partial X Y W H'");
	}
	if (strcmp(w[0], "clear") == 0)
		cmd->op = EINK_OP_CLEAR;
	else if (strcmp(w[0], "sleep") == 0)
		cmd->op = EINK_OP_SLEEP;
	else if (strcmp(w[0], "wake") == 0)
		cmd->op = EINK_OP_WAKE;
	else
		return refuse(why, "unknown command '%.32s' (refresh full, refresh partial X Y W H, clear, sleep, wake)",
			      w[0]);
	if (n != 1)
		return refuse(why, "%s takes no arguments", w[0]);
	return 0;
}
