/* PCRE character tables for ISO 8859-1, as OTP's bundled PCRE has them:
 * outside Unicode mode (and below 256 in it) \w, [[:alpha:]], caseless
 * matching and the rest treat Latin-1 letters as letters. Debian's
 * libpcre defaults to the C locale, so the tables are built here from
 * the Latin-1 classification, in PCRE 8's layout: lower case map, case
 * flip map, ten class bitmaps, then a type byte per character. */
#include "re.h"

enum {
	T_LCC = 0, T_FCC = 256, T_CBITS = 512,
	CB_SPACE = 0, CB_XDIGIT = 32, CB_DIGIT = 64, CB_UPPER = 96,
	CB_LOWER = 128, CB_WORD = 160, CB_GRAPH = 192, CB_PRINT = 224,
	CB_PUNCT = 256, CB_CNTRL = 288, CB_LENGTH = 320,
	T_CTYPES = T_CBITS + CB_LENGTH, T_LENGTH = T_CTYPES + 256,
	CT_SPACE = 0x01, CT_LETTER = 0x02, CT_DIGIT = 0x04, CT_XDIGIT = 0x08,
	CT_WORD = 0x10, CT_META = 0x80,
};

static bool l1_upper(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

/* ª, µ, º, ß and ÿ are lower case letters without a Latin-1 capital. */
static bool l1_lower(int c)
{
	return (c >= 'a' && c <= 'z') || c == 0xAA || c == 0xB5 || c == 0xBA ||
	       (c >= 0xDF && c != 0xF7);
}

static bool l1_has_upper(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7);
}

static bool l1_digit(int c) { return c >= '0' && c <= '9'; }
static bool l1_alpha(int c) { return l1_upper(c) || l1_lower(c); }
static bool l1_alnum(int c) { return l1_alpha(c) || l1_digit(c); }
static bool l1_space(int c) { return (c >= 9 && c <= 13) || c == ' '; }
static bool l1_cntrl(int c) { return c < 32 || (c >= 127 && c < 160); }
static bool l1_print(int c) { return !l1_cntrl(c); }
static bool l1_graph(int c) { return l1_print(c) && c != ' '; }
static bool l1_punct(int c) { return l1_graph(c) && !l1_alnum(c); }
static bool l1_xdigit(int c)
{
	return l1_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned char tables[T_LENGTH];
static bool tables_built;

static void set_bit(int base, int c)
{
	tables[T_CBITS + base + c / 8] |= (unsigned char)(1u << (c & 7));
}

const unsigned char *re_tables(void)
{
	if (tables_built)
		return tables;
	for (int c = 0; c < 256; c++) {
		int lower = l1_upper(c) ? c + 32 : c;
		tables[T_LCC + c] = (unsigned char)lower;
		tables[T_FCC + c] = (unsigned char)(l1_has_upper(c) ? c - 32 : lower);
		if (l1_digit(c)) set_bit(CB_DIGIT, c);
		if (l1_upper(c)) set_bit(CB_UPPER, c);
		if (l1_lower(c)) set_bit(CB_LOWER, c);
		if (l1_alnum(c) || c == '_') set_bit(CB_WORD, c);
		if (l1_space(c)) set_bit(CB_SPACE, c);
		if (l1_xdigit(c)) set_bit(CB_XDIGIT, c);
		if (l1_graph(c)) set_bit(CB_GRAPH, c);
		if (l1_print(c)) set_bit(CB_PRINT, c);
		if (l1_punct(c)) set_bit(CB_PUNCT, c);
		if (l1_cntrl(c)) set_bit(CB_CNTRL, c);
		int t = 0;
		if (l1_space(c)) t |= CT_SPACE;
		if (l1_alpha(c)) t |= CT_LETTER;
		if (l1_digit(c)) t |= CT_DIGIT;
		if (l1_xdigit(c)) t |= CT_XDIGIT;
		if (l1_alnum(c) || c == '_') t |= CT_WORD;
		/* as PCRE's own table builder: strchr also finds the NUL */
		if (strchr("\\*+?{^.$|()[", c)) t |= CT_META;
		tables[T_CTYPES + c] = (unsigned char)t;
	}
	tables_built = true;
	return tables;
}
