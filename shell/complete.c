/* Completion works on the raw text before the cursor: a word starts after
 * the last space, tab or '|' (quotes are not understood: a quoted word
 * completes as if the quote were a letter).  Candidates stream through a
 * callback, so nothing is allocated and no directory size is assumed. */
#include <string.h>

#include "complete.h"

#define NAME_MAX_ 256

struct walk {
	const char *frag;	/* the part of the word being matched */
	size_t fraglen;
	const char *shown;	/* the word's text before frag, for listings */
	size_t shownlen;
	int count;
	char common[NAME_MAX_ + 2];	/* longest shared candidate start */
	size_t commonlen;
	int single_suffix;	/* suffix after a lone match: '/', ':', ' ' */
	complete_emit_fn emit;	/* complete_list's callback, or NULL */
	void *emit_arg;
};

static int word_start(const char *buf, size_t pos, int *first)
{
	size_t s = pos, k;

	while (s > 0 && buf[s - 1] != ' ' && buf[s - 1] != '\t' &&
	       buf[s - 1] != '|')
		s--;
	k = s;
	while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t'))
		k--;
	*first = k == 0 || buf[k - 1] == '|';
	return (int)s;
}

/* One candidate name with its kind: 0 file, 1 directory, 2 scheme,
 * 3 command. */
static void consider(struct walk *w, const char *name, int kind)
{
	size_t n = strlen(name);

	if (n < w->fraglen || memcmp(name, w->frag, w->fraglen) != 0 ||
	    n > NAME_MAX_)
		return;
	if (w->count == 0) {
		memcpy(w->common, name, n);
		w->commonlen = n;
	} else {
		size_t k = 0;

		while (k < w->commonlen && k < n && w->common[k] == name[k])
			k++;
		w->commonlen = k;
	}
	w->count++;
	w->single_suffix = kind == 1 ? '/' : kind == 2 ? ':' : ' ';
	if (w->emit) {
		char full[2 * NAME_MAX_ + 4];
		size_t m = w->shownlen < NAME_MAX_ ? w->shownlen : NAME_MAX_;

		memcpy(full, w->shown, m);
		memcpy(full + m, name, n);
		full[m + n] = kind == 1 ? '/' : kind == 2 ? ':' : '\0';
		full[m + n + (kind == 1 || kind == 2)] = '\0';
		w->emit(w->emit_arg, full, kind == 1);
	}
}

static void emit_entry(void *arg, const char *name, int is_dir)
{
	consider(arg, name, is_dir ? 1 : 0);
}

static void emit_scheme(void *arg, const char *name, int is_dir)
{
	(void)is_dir;
	consider(arg, name, 2);
}

static void emit_word(void *arg, const char *name, int is_dir)
{
	(void)is_dir;
	consider(arg, name, 0);
}

/* The command word and the word before the cursor's, of the command the
 * cursor is in; returns the cursor word's argument number (0: it is the
 * command itself). */
static int command_words(const char *buf, size_t start, char *cmd,
			 char *prev, size_t cap)
{
	size_t c = start, i;
	int argn = 0;

	while (c > 0 && buf[c - 1] != '|')
		c--;
	cmd[0] = prev[0] = '\0';
	i = c;
	while (i < start) {
		size_t b, n;

		while (i < start && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		if (i >= start)
			break;
		b = i;
		while (i < start && buf[i] != ' ' && buf[i] != '\t')
			i++;
		n = i - b < cap - 1 ? i - b : cap - 1;
		if (argn == 0) {
			memcpy(cmd, buf + b, n);
			cmd[n] = '\0';
		}
		memcpy(prev, buf + b, n);
		prev[n] = '\0';
		argn++;
	}
	return argn;
}

static void walk_word(const struct complete_src *src, const char *buf,
		      size_t pos, struct walk *w)
{
	int first;
	size_t s = (size_t)word_start(buf, pos, &first);
	const char *word = buf + s;
	size_t wlen = pos - s;
	const char *colon = memchr(word, ':', wlen);
	const char *slash = NULL;
	char dir[1100];

	for (size_t k = 0; k < wlen; k++)
		if (word[k] == '/')
			slash = word + k;
	w->shown = word;
	if (!first && src->args && !colon && !slash) {
		char cmd[64], prev[64];
		int argn = command_words(buf, s, cmd, prev, sizeof(cmd));

		w->frag = word;
		w->fraglen = wlen;
		w->shownlen = 0;
		if (argn > 0 && src->args(src->ctx, cmd, argn, prev, emit_word, w))
			return;
	}
	if (first && !colon && !slash) {
		w->frag = word;
		w->fraglen = wlen;
		w->shownlen = 0;
		for (size_t i = 0; i < src->ncmds; i++)
			consider(w, src->cmds[i], 3);
		return;
	}
	if (!src->list)
		return;
	if (colon && (!slash || slash < colon)) {
		/* "fs:ho": the scheme's root */
		size_t n = (size_t)(colon - word) + 1;

		if (n + 2 > sizeof(dir))
			return;
		memcpy(dir, word, n);
		dir[n] = '/';
		dir[n + 1] = '\0';
		w->frag = colon + 1;
	} else if (slash) {
		/* "fs:/home/x" or, under a cwd, "sub/x" */
		size_t n = (size_t)(slash - word) + 1, c = 0;

		if (!colon) {
			if (!src->cwd)
				return;
			c = strlen(src->cwd);
			if (c + 1 + n + 1 > sizeof(dir))
				return;
			memcpy(dir, src->cwd, c);
			dir[c++] = '/';
		}
		if (c + n + 1 > sizeof(dir))
			return;
		memcpy(dir + c, word, n);
		dir[c + n] = '\0';
		w->frag = slash + 1;
	} else {
		/* a bare word: a scheme name, or an entry of the cwd */
		w->frag = word;
		w->fraglen = wlen;
		w->shownlen = 0;
		src->list(src->ctx, NULL, emit_scheme, w);
		if (src->cwd)
			src->list(src->ctx, src->cwd, emit_entry, w);
		return;
	}
	w->fraglen = (size_t)(word + wlen - w->frag);
	w->shownlen = (size_t)(w->frag - word);
	src->list(src->ctx, dir, emit_entry, w);
}

int complete_word(const struct complete_src *src, const char *buf, size_t pos,
		  char *ins, size_t cap)
{
	struct walk w;
	size_t n;

	memset(&w, 0, sizeof(w));
	if (cap)
		ins[0] = '\0';
	walk_word(src, buf, pos, &w);
	if (w.count == 0 || !cap)
		return w.count;
	n = w.commonlen - w.fraglen;
	if (n + 2 > cap)
		return w.count;
	memcpy(ins, w.common + w.fraglen, n);
	if (w.count == 1)
		ins[n++] = (char)w.single_suffix;
	ins[n] = '\0';
	return w.count;
}

int complete_list(const struct complete_src *src, const char *buf, size_t pos,
		  complete_emit_fn emit, void *arg)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.emit = emit;
	w.emit_arg = arg;
	walk_word(src, buf, pos, &w);
	return w.count;
}
