/* grid.c - the text grid (see grid.h): a block of cells that the plot
 * rasteriser draws into, the curses front end copies to the screen, and the
 * command line prints as UTF-8 text.
 */
#include "grid.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util.h"

int grid_init(grid *g, int w, int h)
{
	g->w = 0;
	g->h = 0;
	g->cells = NULL;
	if (w < 0 || h < 0 || (h > 0 && w > INT_MAX / h))
		return -1;
	if (w > 0 && h > 0) {
		g->cells = malloc((size_t)w * (size_t)h * sizeof *g->cells);
		if (!g->cells)
			return -1;
	}
	g->w = w;
	g->h = h;
	grid_clear(g);
	return 0;
}

void grid_free(grid *g)
{
	free(g->cells);
	g->cells = NULL;
	g->w = 0;
	g->h = 0;
}

void grid_clear(grid *g)
{
	size_t n = (size_t)g->w * (size_t)g->h;
	for (size_t i = 0; i < n; i++) {
		g->cells[i].ch = ' ';
		g->cells[i].style = ST_NONE;
	}
}

int grid_fit(grid *g, int w, int h)
{
	if (g->w == w && g->h == h && g->cells) {
		grid_clear(g);
		return 0;
	}
	grid_free(g);
	return grid_init(g, w, h);
}

cell *grid_at(grid *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->w + (size_t)x];
}

void grid_put(grid *g, int x, int y, uint32_t ch, uint16_t style)
{
	cell *c = grid_at(g, x, y);
	if (c) {
		c->ch = ch;
		c->style = style;
	}
}

/* Decode one code point from s. Anything that is not well-formed UTF-8
 * (overlong forms, surrogates, values past U+10FFFF, cut-off sequences)
 * becomes '?', consuming the longest valid-looking prefix so one damaged
 * character gives one '?'. Control characters also become '?': a cell is
 * one printable column, and raw controls would upset the terminal. */
static uint32_t utf8_next(const unsigned char **sp)
{
	const unsigned char *s = *sp;
	unsigned char c = s[0];
	uint32_t cp;
	int need;
	unsigned char lo = 0x80, hi = 0xbf;  /* allowed range of the 2nd byte */

	if (c < 0x80) {
		*sp = s + 1;
		return (c < 0x20 || c == 0x7f) ? '?' : c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;  /* overlong */
		else if (c == 0xed)
			hi = 0x9f;  /* UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;  /* overlong */
		else if (c == 0xf4)
			hi = 0x8f;  /* past U+10FFFF */
	} else {
		*sp = s + 1;
		return '?';
	}
	s++;
	for (int i = 0; i < need; i++, s++) {
		unsigned char b = *s;
		unsigned char blo = i == 0 ? lo : 0x80, bhi = i == 0 ? hi : 0xbf;
		if (b < blo || b > bhi) {
			*sp = s;
			return '?';
		}
		cp = (cp << 6) | (b & 0x3f);
	}
	*sp = s;
	if (cp < 0xa0)
		return '?';  /* C1 controls */
	return cp;
}

int grid_puts(grid *g, int x, int y, const char *utf8, uint16_t style)
{
	const unsigned char *s = (const unsigned char *)utf8;
	int written = 0;
	if (!s || y < 0 || y >= g->h)
		return 0;
	while (*s && x < g->w) {
		uint32_t cp = utf8_next(&s);
		int cw = util_cp_width(cp);
		if (cw == 0)
			continue;
		if (cw == 2 && (x + 1 >= g->w || x < 0)) {
			/* half of it would be cut off */
			if (x >= 0) {
				grid_put(g, x, y, ' ', style);
				written++;
			}
			x += 2;
			continue;
		}
		if (x >= 0) {
			grid_put(g, x, y, cp, style);
			written++;
			if (cw == 2) {
				grid_put(g, x + 1, y, GRID_CONT, style);
				written++;
			}
		}
		x += cw;
	}
	return written;
}

int grid_utf8(uint32_t cp, char *out)
{
	int n;
	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp >= 0xd800 && cp <= 0xdfff) {
		out[0] = '?';
		n = 1;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else if (cp <= 0x10ffff) {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	} else {
		out[0] = '?';
		n = 1;
	}
	out[n] = '\0';
	return n;
}

uint32_t grid_shown(const grid *g, int x, int y)
{
	const cell *row = &g->cells[(size_t)y * (size_t)g->w];
	uint32_t ch = row[x].ch;
	bool cont_next = x + 1 < g->w && row[x + 1].ch == GRID_CONT;
	if (ch == GRID_CONT)
		return x > 0 && row[x - 1].ch != GRID_CONT && util_cp_width(row[x - 1].ch) == 2
		       ? GRID_CONT : ' ';
	if (ch >= 0x80 && util_cp_width(ch) == 2 && !cont_next)
		return ' ';
	return ch;
}

void grid_print(const grid *g, FILE *out)
{
	char buf[8];
	for (int y = 0; y < g->h; y++) {
		const cell *row = &g->cells[(size_t)y * (size_t)g->w];
		int end = g->w;
		while (end > 0 && (row[end - 1].ch == ' ' || row[end - 1].ch == 0))
			end--;
		for (int x = 0; x < end; x++) {
			/* a never-written cell prints as a blank, never as a NUL;
			 * a wide character takes its GRID_CONT's column too */
			uint32_t ch = grid_shown(g, x, y);
			if (ch == GRID_CONT)
				continue;
			int n = grid_utf8(ch ? ch : ' ', buf);
			fwrite(buf, 1, (size_t)n, out);
		}
		fputc('\n', out);
	}
}
