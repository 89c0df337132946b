/* util.c - small text helpers shared by the core (see util.h). */
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Optimal string alignment distance: Levenshtein plus adjacent
 * transpositions, so "reul" is one step from "relu". */
size_t util_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return (size_t)-1;
	size_t d[64][64];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *util_nearest(const char *name, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, len = name ? strlen(name) : 0;
	if (!len)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = util_edit_distance(name, cands[i]);
		if (len >= 3 && strncmp(cands[i], name, len) == 0 && d > 1)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

size_t util_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int util_cp_width(uint32_t cp)
{
	if (cp < 0x80)
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w > 2 ? 2 : w;
}

/* One code point of s at *i (a damaged sequence: one byte of width 1). */
static uint32_t next_cp(const char *s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	int n = p[0] < 0x80 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 1;
	uint32_t cp = n == 1 ? p[0] : (uint32_t)(p[0] & (0x7f >> n));
	for (int k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			*i += 1;
			return '?';
		}
		cp = cp << 6 | (p[k] & 0x3f);
	}
	*i += (size_t)n;
	return cp;
}

int util_utf8_width(const char *s)
{
	int w = 0;
	for (size_t i = 0; s[i];)
		w += util_cp_width(next_cp(s, &i));
	return w;
}

size_t util_utf8_fit(const char *s, int cols, int *width)
{
	size_t i = 0;
	int w = 0;
	while (s[i]) {
		size_t j = i;
		int cw = util_cp_width(next_cp(s, &j));
		if (w + cw > cols)
			break;
		w += cw;
		i = j;
	}
	if (width)
		*width = w;
	return i;
}

bool util_parse_size(const char *s, int max_w, int max_h, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	const char *t = end + 1;
	long b = strtol(t, &end, 10);
	if (end == t || *end || a < 1 || b < 1 || a > max_w || b > max_h)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}
