/* lesson_text.c - lesson text made safe to show, and its ASCII form.
 *
 * A lesson file is text from whoever wrote it: it may hold invalid UTF-8,
 * escape sequences that would drive the terminal, or invisible direction
 * marks that make text read differently from what it is. Everything the
 * model keeps goes through lesson_clean first. ASCII mode then spells out
 * the Unicode maths the lessons use (σ as sigma, x² as x^2) so the pane
 * stays readable on a terminal or font without them.
 */
#include "lesson.h"

#include <stdlib.h>
#include <string.h>

int lesson_utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if ((size_t)len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

/* ---- cleaning ----------------------------------------------------------- */

/* Invisible marks that change how text reads or hide text: bidi marks,
 * overrides and isolates (U+061C, U+200E-200F, U+202A-202E, U+2066-2069),
 * zero-width characters and joiners, the word joiner and invisible
 * operators (U+200B-200D, U+2060-206F), a byte-order mark, the soft
 * hyphen, the Mongolian vowel separator and variation selectors
 * (U+180B-180F), the interlinear annotation marks (U+FFF9-FFFB), tag
 * characters (U+E0000-E007F, and the rest of that plane's ignorables to
 * U+E0FFF), and the other code points Unicode makes ignorable by default
 * (U+034F, U+115F-1160, U+17B4-17B5, U+3164, U+FFA0, U+FFF0-FFF8,
 * U+1BCA0-1BCA3, U+1D173-1D17A). Emoji variation selectors (U+FE00-FE0F)
 * are among them: a terminal draws the character either way. */
bool lesson_invisible(uint32_t cp)
{
	static const uint32_t ranges[][2] = {
		{ 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C }, { 0x115F, 0x1160 },
		{ 0x17B4, 0x17B5 }, { 0x180B, 0x180F }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
		{ 0x2060, 0x206F }, { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF },
		{ 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFFB }, { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A },
		{ 0xE0000, 0xE0FFF },
	};
	if (cp < 0xAD)
		return false;
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

/* Length of an escape sequence starting at s[0] (ESC or a C1 introducer
 * already decoded as cp, intro bytes long), so all of it is dropped, not
 * just the ESC that would leave "[31m" behind. Sequences end at a line end
 * at the latest, so one broken sequence cannot swallow a lesson. */
static size_t escape_len(const unsigned char *s, size_t n, uint32_t cp, size_t intro)
{
	size_t i = intro;
	int kind;  /* 'C': CSI, 'S': string (OSC, DCS, ...), '1': one more byte */
	if (cp == 0x1B) {
		if (i >= n)
			return i;
		unsigned c = s[i];
		if (c == '[') {
			kind = 'C';
			i++;
		} else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
			kind = 'S';
			i++;
		} else {
			kind = '1';
		}
	} else if (cp == 0x9B) {
		kind = 'C';
	} else if (cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) {
		kind = 'S';
	} else {
		return i;
	}
	if (kind == '1') {
		/* ESC and one printable byte: ESC c, ESC 7, ESC ( B's first part */
		if (i < n && s[i] >= 0x20 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (kind == 'C') {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x3F)
			i++;
		if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
			i++;
		return i;
	}
	/* a string ends at BEL, ESC \ or the C1 string terminator */
	while (i < n && s[i] != '\n') {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1B && i + 1 < n && s[i + 1] == '\\')
			return i + 2;
		if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x9C)
			return i + 2;
		i++;
	}
	return i;
}

char *lesson_clean(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	char *out = malloc(n * 3 + 1);  /* each invalid byte may become U+FFFD */
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		/* printable ASCII, most of any lesson, is kept as it is: no need
		 * to decode it (start-up cleans every lesson) */
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			out[o++] = (char)s[i++];
			continue;
		}
		uint32_t cp;
		int l = lesson_utf8_next((const char *)s + i, n - i, &cp);
		if (cp == 0x1B || (cp >= 0x80 && cp <= 0x9F)) {
			i += escape_len(s + i, n - i, cp, (size_t)l);
			continue;
		}
		i += (size_t)l;
		if (cp == '\t' || cp == '\n' || cp == 0x2028 || cp == 0x2029) {
			out[o++] = ' ';
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || lesson_invisible(cp))
			continue;
		o += (size_t)grid_utf8(cp, out + o);
	}
	out[o] = '\0';
	return out;
}

/* ---- ASCII -------------------------------------------------------------- */

/* How a code point reads in ASCII. Superscripts and subscripts start with
 * "^" or "_", written once for a run: "x²³" is "x^23", "h₁₀" is "h_10". */
enum { PLAIN, SUP, SUB };

typedef struct translit {
	uint32_t cp;
	unsigned char kind;
	const char *ascii;
} translit;

/* Sorted by code point (bsearch). */
static const translit table[] = {
	{ 0x00A0, PLAIN, " " },      { 0x00A9, PLAIN, "(c)" },
	{ 0x00AB, PLAIN, "<<" },     { 0x00B0, PLAIN, "deg" },
	{ 0x00B1, PLAIN, "+/-" },    { 0x00B2, SUP, "^2" },
	{ 0x00B3, SUP, "^3" },       { 0x00B5, PLAIN, "u" },
	{ 0x00B7, PLAIN, "*" },      { 0x00B9, SUP, "^1" },
	{ 0x00BB, PLAIN, ">>" },     { 0x00BC, PLAIN, "1/4" },
	{ 0x00BD, PLAIN, "1/2" },    { 0x00BE, PLAIN, "3/4" },
	{ 0x00D7, PLAIN, "x" },      { 0x00F7, PLAIN, "/" },
	{ 0x02E3, SUP, "^x" },
	{ 0x0393, PLAIN, "Gamma" },  { 0x0394, PLAIN, "Delta" },
	{ 0x0398, PLAIN, "Theta" },  { 0x039B, PLAIN, "Lambda" },
	{ 0x03A0, PLAIN, "Pi" },     { 0x03A3, PLAIN, "Sigma" },
	{ 0x03A6, PLAIN, "Phi" },    { 0x03A8, PLAIN, "Psi" },
	{ 0x03A9, PLAIN, "Omega" },
	{ 0x03B1, PLAIN, "alpha" },  { 0x03B2, PLAIN, "beta" },
	{ 0x03B3, PLAIN, "gamma" },  { 0x03B4, PLAIN, "delta" },
	{ 0x03B5, PLAIN, "epsilon" },{ 0x03B6, PLAIN, "zeta" },
	{ 0x03B7, PLAIN, "eta" },    { 0x03B8, PLAIN, "theta" },
	{ 0x03B9, PLAIN, "iota" },   { 0x03BA, PLAIN, "kappa" },
	{ 0x03BB, PLAIN, "lambda" }, { 0x03BC, PLAIN, "mu" },
	{ 0x03BD, PLAIN, "nu" },     { 0x03BE, PLAIN, "xi" },
	{ 0x03C0, PLAIN, "pi" },     { 0x03C1, PLAIN, "rho" },
	{ 0x03C3, PLAIN, "sigma" },  { 0x03C4, PLAIN, "tau" },
	{ 0x03C6, PLAIN, "phi" },    { 0x03C7, PLAIN, "chi" },
	{ 0x03C8, PLAIN, "psi" },    { 0x03C9, PLAIN, "omega" },
	{ 0x03D5, PLAIN, "phi" },
	{ 0x2002, PLAIN, " " },      { 0x2003, PLAIN, " " },
	{ 0x2009, PLAIN, " " },      { 0x200A, PLAIN, " " },
	{ 0x2010, PLAIN, "-" },      { 0x2011, PLAIN, "-" },
	{ 0x2012, PLAIN, "-" },      { 0x2013, PLAIN, "-" },
	{ 0x2014, PLAIN, "--" },     { 0x2015, PLAIN, "--" },
	{ 0x2018, PLAIN, "'" },      { 0x2019, PLAIN, "'" },
	{ 0x201A, PLAIN, "," },      { 0x201C, PLAIN, "\"" },
	{ 0x201D, PLAIN, "\"" },     { 0x201E, PLAIN, "\"" },
	{ 0x2022, PLAIN, "*" },      { 0x2026, PLAIN, "..." },
	{ 0x202F, PLAIN, " " },      { 0x2032, PLAIN, "'" },
	{ 0x2033, PLAIN, "''" },
	{ 0x2070, SUP, "^0" },       { 0x2071, SUP, "^i" },
	{ 0x2074, SUP, "^4" },       { 0x2075, SUP, "^5" },
	{ 0x2076, SUP, "^6" },       { 0x2077, SUP, "^7" },
	{ 0x2078, SUP, "^8" },       { 0x2079, SUP, "^9" },
	{ 0x207A, SUP, "^+" },       { 0x207B, SUP, "^-" },
	{ 0x207C, SUP, "^=" },       { 0x207D, SUP, "^(" },
	{ 0x207E, SUP, "^)" },       { 0x207F, SUP, "^n" },
	{ 0x2080, SUB, "_0" },       { 0x2081, SUB, "_1" },
	{ 0x2082, SUB, "_2" },       { 0x2083, SUB, "_3" },
	{ 0x2084, SUB, "_4" },       { 0x2085, SUB, "_5" },
	{ 0x2086, SUB, "_6" },       { 0x2087, SUB, "_7" },
	{ 0x2088, SUB, "_8" },       { 0x2089, SUB, "_9" },
	{ 0x208A, SUB, "_+" },       { 0x208B, SUB, "_-" },
	{ 0x208C, SUB, "_=" },       { 0x208D, SUB, "_(" },
	{ 0x208E, SUB, "_)" },       { 0x2090, SUB, "_a" },
	{ 0x2091, SUB, "_e" },       { 0x2092, SUB, "_o" },
	{ 0x2093, SUB, "_x" },       { 0x2095, SUB, "_h" },
	{ 0x2096, SUB, "_k" },       { 0x2097, SUB, "_l" },
	{ 0x2098, SUB, "_m" },       { 0x2099, SUB, "_n" },
	{ 0x209A, SUB, "_p" },       { 0x209B, SUB, "_s" },
	{ 0x209C, SUB, "_t" },
	{ 0x2113, PLAIN, "l" },      { 0x2115, PLAIN, "N" },
	{ 0x211D, PLAIN, "R" },
	{ 0x2190, PLAIN, "<-" },     { 0x2191, PLAIN, "^" },
	{ 0x2192, PLAIN, "->" },     { 0x2193, PLAIN, "v" },
	{ 0x2194, PLAIN, "<->" },    { 0x21A6, PLAIN, "|->" },
	{ 0x21D0, PLAIN, "<=" },     { 0x21D2, PLAIN, "=>" },
	{ 0x21D4, PLAIN, "<=>" },
	{ 0x2200, PLAIN, "for all" },{ 0x2202, PLAIN, "d" },
	{ 0x2207, PLAIN, "grad" },   { 0x2208, PLAIN, "in" },
	{ 0x220F, PLAIN, "prod" },   { 0x2211, PLAIN, "sum" },
	{ 0x2212, PLAIN, "-" },      { 0x2213, PLAIN, "-/+" },
	{ 0x2217, PLAIN, "*" },      { 0x2218, PLAIN, "o" },
	{ 0x221A, PLAIN, "sqrt" },   { 0x221D, PLAIN, "~" },
	{ 0x221E, PLAIN, "inf" },    { 0x2223, PLAIN, "|" },
	{ 0x2227, PLAIN, "and" },    { 0x2228, PLAIN, "or" },
	{ 0x222B, PLAIN, "int" },    { 0x223C, PLAIN, "~" },
	{ 0x2248, PLAIN, "~=" },     { 0x2260, PLAIN, "!=" },
	{ 0x2261, PLAIN, "==" },     { 0x2264, PLAIN, "<=" },
	{ 0x2265, PLAIN, ">=" },     { 0x226A, PLAIN, "<<" },
	{ 0x226B, PLAIN, ">>" },     { 0x22C5, PLAIN, "*" },
	{ 0x2500, PLAIN, "-" },      { 0x2501, PLAIN, "-" },
	{ 0x2502, PLAIN, "|" },      { 0x2503, PLAIN, "|" },
	{ 0x2588, PLAIN, "#" },      { 0x2591, PLAIN, "." },
	{ 0x2592, PLAIN, ":" },      { 0x2593, PLAIN, "#" },
	{ 0x25A0, PLAIN, "#" },      { 0x25AA, PLAIN, "+" },
	{ 0x25B2, PLAIN, "^" },      { 0x25B6, PLAIN, ">" },
	{ 0x25B8, PLAIN, ">" },      { 0x25BC, PLAIN, "v" },
	{ 0x25C0, PLAIN, "<" },      { 0x25C6, PLAIN, "*" },
	{ 0x25CB, PLAIN, "o" },      { 0x25CF, PLAIN, "*" },
	{ 0x25E6, PLAIN, "-" },
	{ 0x2713, PLAIN, "ok" },     { 0x2714, PLAIN, "ok" },
	{ 0x2717, PLAIN, "x" },      { 0x2718, PLAIN, "x" },
	{ 0x27E8, PLAIN, "<" },      { 0x27E9, PLAIN, ">" },
	{ 0xFFFD, PLAIN, "?" },
};
#define N_TABLE (sizeof table / sizeof table[0])

static int cmp_translit(const void *k, const void *e)
{
	uint32_t a = *(const uint32_t *)k, b = ((const translit *)e)->cp;
	return a < b ? -1 : a > b;
}

static const translit *find_translit(uint32_t cp)
{
	return bsearch(&cp, table, N_TABLE, sizeof table[0], cmp_translit);
}

/* Latin-1 letters U+00C0-U+00FF without their accents (names in the
 * references: Bélisle, Müller); U+00D7 and U+00F7 are in the table. */
static const char *const latin1[64] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	"D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Combining marks (the diacritical blocks): they take no column, and in
 * ASCII their base letter stands alone. */
static bool combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

const char *lesson_ascii_of(uint32_t cp)
{
	if (cp >= 0x20 && cp <= 0x7E)
		return NULL;
	if (combining(cp))
		return "";
	const translit *t = find_translit(cp);
	if (t)
		return t->ascii;
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0];
	return (cp >= 0x2500 && cp <= 0x257F) ? "+" : "?";
}

static bool greek(uint32_t cp)
{
	return cp >= 0x0391 && cp <= 0x03D5;
}

static bool letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || greek(cp);
}

char *lesson_ascii(const char *str)
{
	char *clean = lesson_clean(str);
	if (!clean)
		return NULL;
	size_t n = strlen(clean), cap = n + 1, o = 0;
	char *out = malloc(cap);
	if (!out) {
		free(clean);
		return NULL;
	}
	int run = PLAIN;  /* the kind of the previous code point */
	bool after_greek = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += (size_t)lesson_utf8_next(clean + i, n - i, &cp);
		/* "λα" and "αx" are products: lambda*alpha, not lambdaalpha */
		bool sep = after_greek && letter(cp);
		after_greek = greek(cp);
		char piece[2];
		const char *s;
		int kind = PLAIN;
		if (cp < 0x80) {
			piece[0] = (char)cp;
			piece[1] = '\0';
			s = piece;
		} else {
			const translit *t = find_translit(cp);
			kind = t ? t->kind : PLAIN;
			s = lesson_ascii_of(cp);
			/* inside a run of superscripts, "^" is not repeated */
			if (kind != PLAIN && run == kind)
				s++;
		}
		run = kind;
		size_t l = strlen(s);
		if (o + l + 2 > cap) {
			size_t ncap = (o + l + 2) * 2;
			char *p = realloc(out, ncap);
			if (!p) {
				free(out);
				free(clean);
				return NULL;
			}
			out = p;
			cap = ncap;
		}
		if (sep)
			out[o++] = '*';
		memcpy(out + o, s, l);
		o += l;
	}
	out[o] = '\0';
	free(clean);
	return out;
}
