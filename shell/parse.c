/* The command-line grammar, small on purpose:
 *
 *   line     := pipeline [ '#' comment ]
 *   pipeline := command { '|' command }
 *   command  := { word | '>' word | '>>' word }
 *
 * Words are cut at spaces and tabs.  'single quotes' keep everything as
 * it is; "double quotes" keep spaces and take \" \\ \$ as escapes and $?
 * as the last status; outside quotes a backslash makes the next byte
 * ordinary and $? expands too.  '#' starts a comment only at the start of
 * a word.  A blank line or a comment alone is zero commands.
 *
 * It trusts nothing in the line: every byte is bounded by len, words and
 * commands are counted against fixed limits, and the word store is checked
 * before each byte goes in. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

struct cursor {
	const char *s;
	size_t len, i;
	struct parse_line *pl;
	int status;
	const char *err;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends one byte to the word being built; 0, or -1 when the store is full. */
static int put(struct cursor *c, char ch)
{
	if (c->pl->used >= sizeof(c->pl->store) - 1) {
		c->err = "line too long";
		return -1;
	}
	c->pl->store[c->pl->used++] = ch;
	return 0;
}

static int put_status(struct cursor *c)
{
	char num[16];
	int n = snprintf(num, sizeof(num), "%d", c->status);

	for (int k = 0; k < n; k++)
		if (put(c, num[k]) < 0)
			return -1;
	return 0;
}

/* Reads one word starting at c->i (not a space, '|', '>'); leaves it
 * NUL-terminated in the store and returns its start, or NULL on error. */
static char *read_word(struct cursor *c)
{
	char *start = c->pl->store + c->pl->used;

	while (c->i < c->len) {
		char ch = c->s[c->i];

		if (is_space(ch) || ch == '|' || ch == '>')
			break;
		if (ch == '\'') {
			size_t j = c->i + 1;

			while (j < c->len && c->s[j] != '\'')
				if (put(c, c->s[j++]) < 0)
					return NULL;
			if (j >= c->len) {
				c->err = "unterminated quote";
				return NULL;
			}
			c->i = j + 1;
		} else if (ch == '"') {
			size_t j = c->i + 1;

			while (j < c->len && c->s[j] != '"') {
				char d = c->s[j];

				if (d == '\\' && j + 1 < c->len &&
				    (c->s[j + 1] == '"' || c->s[j + 1] == '\\' ||
				     c->s[j + 1] == '$')) {
					d = c->s[j + 1];
					j += 2;
				} else if (d == '$' && j + 1 < c->len &&
					   c->s[j + 1] == '?') {
					if (put_status(c) < 0)
						return NULL;
					j += 2;
					continue;
				} else {
					j++;
				}
				if (put(c, d) < 0)
					return NULL;
			}
			if (j >= c->len) {
				c->err = "unterminated quote";
				return NULL;
			}
			c->i = j + 1;
		} else if (ch == '\\') {
			if (c->i + 1 >= c->len) {
				c->err = "backslash at the end of the line";
				return NULL;
			}
			if (put(c, c->s[c->i + 1]) < 0)
				return NULL;
			c->i += 2;
		} else if (ch == '$' && c->i + 1 < c->len && c->s[c->i + 1] == '?') {
			if (put_status(c) < 0)
				return NULL;
			c->i += 2;
		} else {
			if (put(c, ch) < 0)
				return NULL;
			c->i++;
		}
	}
	if (put(c, '\0') < 0)
		return NULL;
	return start;
}

static void skip_spaces(struct cursor *c)
{
	while (c->i < c->len && is_space(c->s[c->i]))
		c->i++;
}

/* Ends the command being built: it must have a word unless the line is
 * over with nothing in it. */
static int end_command(struct cursor *c, struct parse_cmd *cmd)
{
	if (cmd->argc == 0) {
		c->err = cmd->out_path ? "redirection without a command"
				       : "empty command in a pipe";
		return -1;
	}
	cmd->argv[cmd->argc] = NULL;
	return 0;
}

int parse_line(const char *line, size_t len, int status, struct parse_line *pl,
	       const char **err)
{
	struct cursor c = { .s = line, .len = len, .pl = pl, .status = status };
	struct parse_cmd *cmd;

	memset(pl, 0, sizeof(*pl));
	*err = NULL;
	if (len > PARSE_LINE_MAX) {
		*err = "line too long";
		return -1;
	}
	if (memchr(line, '\0', len)) {
		*err = "NUL byte in the line";
		return -1;
	}
	cmd = &pl->cmds[0];
	for (;;) {
		skip_spaces(&c);
		if (c.i >= c.len || c.s[c.i] == '#')
			break;
		if (c.s[c.i] == '|') {
			if (end_command(&c, cmd) < 0)
				goto fail;
			if (pl->ncmds + 1 >= PARSE_CMDS_MAX) {
				c.err = "too many commands in a pipe";
				goto fail;
			}
			cmd = &pl->cmds[++pl->ncmds];
			c.i++;
			skip_spaces(&c);
			if (c.i >= c.len || c.s[c.i] == '#') {
				c.err = "empty command in a pipe";
				goto fail;
			}
			continue;
		}
		if (c.s[c.i] == '>') {
			int append = c.i + 1 < c.len && c.s[c.i + 1] == '>';

			c.i += append ? 2 : 1;
			skip_spaces(&c);
			if (c.i >= c.len || c.s[c.i] == '|' || c.s[c.i] == '>' ||
			    c.s[c.i] == '#') {
				c.err = append ? "missing file after '>>'"
					       : "missing file after '>'";
				goto fail;
			}
			if (cmd->out_path) {
				c.err = "two output redirections";
				goto fail;
			}
			cmd->out_path = read_word(&c);
			if (!cmd->out_path)
				goto fail;
			cmd->out_append = append;
			continue;
		}
		if (cmd->argc >= PARSE_WORDS_MAX) {
			c.err = "too many words";
			goto fail;
		}
		cmd->argv[cmd->argc] = read_word(&c);
		if (!cmd->argv[cmd->argc])
			goto fail;
		cmd->argc++;
	}
	if (pl->ncmds == 0 && cmd->argc == 0 && !cmd->out_path)
		return 0;	/* blank line or comment */
	if (end_command(&c, cmd) < 0)
		goto fail;
	pl->ncmds++;
	return 0;
fail:
	*err = c.err;
	pl->ncmds = 0;
	return -1;
}
