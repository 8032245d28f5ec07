/* flint's line editor: a state machine fed one input byte at a time that
 * keeps the line, the cursor and the history position, and draws on the
 * terminal through ops->write.  Portable: the host tests feed it byte
 * sequences and check buf, len and pos.
 *
 * Keys: printable ASCII inserts; Enter (CR or LF; CR LF counts once)
 * ends the line; Backspace (DEL, ^H) and Delete (ESC [3~, ^D) erase;
 * Left/Right (ESC [D / ESC [C, ^B/^F), Home (^A, ESC [H, ESC OH, ESC [1~,
 * ESC [7~), End (^E, ESC [F, ESC OF, ESC [4~, ESC [8~), Alt-B/Alt-F move
 * by words; ^U erases to the start, ^K to the end, ^W the word before the
 * cursor; Up/Down (ESC [A / ESC [B, ^P/^N) walk the history; Tab
 * completes; ^L redraws; ^C drops the line.  Every other byte is ignored,
 * so binary garbage can only ever insert printable text, and a control
 * byte ends any escape sequence half read (^C and Enter always act). */
#ifndef FLINT_EDIT_H
#define FLINT_EDIT_H

#include <stddef.h>

#include "history.h"

#define EDIT_MAX	4095	/* bytes of a line; more are refused with a bell */
#define EDIT_ESC_MAX	16	/* bytes of an escape sequence we still read */

struct edit_ops {
	/* Draws n bytes on the terminal. */
	void (*write)(void *ctx, const char *s, size_t n);
	/* Completes the word that ends at pos in buf: writes the text to insert
	 * at pos into ins (room cap, NUL-terminated) and returns how many
	 * candidates there are (0: none).  May be NULL. */
	int (*complete)(void *ctx, const char *buf, size_t pos, char *ins,
			size_t cap);
	/* Prints the candidates for the word ending at pos, each line ending
	 * in "\r\n"; the editor draws the prompt and line again after it. */
	void (*list)(void *ctx, const char *buf, size_t pos);
	void *ctx;
};

enum edit_status {
	EDIT_MORE = 0,		/* keep feeding */
	EDIT_LINE,		/* Enter: the line is in buf[0..len) */
	EDIT_CANCEL,		/* ^C: the line was dropped */
};

struct edit {
	char buf[EDIT_MAX + 1];	/* the line, NUL-terminated */
	size_t len, pos;	/* bytes in buf; cursor, 0..len */
	const char *prompt;
	const struct edit_ops *ops;
	struct history *hist;	/* may be NULL */
	int browse;		/* -1: the new line; else the history line shown */
	char saved[EDIT_MAX + 1];	/* the new line while browsing */
	size_t saved_len;
	unsigned char esc[EDIT_ESC_MAX];	/* escape sequence read so far */
	unsigned esc_len;	/* 0: not in one */
	int esc_skip;		/* swallowing the rest of an overlong one */
	int full;		/* the line filled up: the bell has rung */
	int after_cr;		/* the last byte was CR: a LF now is no line */
};

/* Sets e up over ops and hist (may be NULL) with an empty line. */
void edit_init(struct edit *e, const struct edit_ops *ops,
	       struct history *hist);

/* Starts a new line: empties it and draws prompt (kept, not copied). */
void edit_begin(struct edit *e, const char *prompt);

/* Feeds one input byte.  Returns an enum edit_status; after EDIT_LINE or
 * EDIT_CANCEL call edit_begin for the next line. */
int edit_feed(struct edit *e, unsigned char c);

/* Draws the prompt and the line again on a fresh line (after output that
 * arrived while editing, and after a completion list). */
void edit_redraw(struct edit *e);

#endif
