/* draw.c - the drawing kit (see draw.h). */
#include "draw.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static const glyphs ascii_glyphs = {
	'-', '|', '+', '+', '+', '+', '-', '^', 'v',
	{ ' ', '_', '_', '_', '=', '=', '=', '#', '#' },
	" | ",
};

static const glyphs utf8_glyphs = {
	0x2500, 0x2502, 0x250c, 0x2510, 0x2514, 0x2518, 0x254c, 0x25b2, 0x25bc,
	{ ' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588 },
	" \u00b7 ",
};

const glyphs *draw_glyphs(bool ascii)
{
	return ascii ? &ascii_glyphs : &utf8_glyphs;
}

int draw_text(grid *g, int x, int y, int maxw, const char *s, uint16_t st)
{
	char buf[512];
	if (maxw <= 0)
		return 0;
	/* by columns: a title of wide characters takes two a character */
	size_t n = util_utf8_fit(s, maxw, NULL);
	if (n >= sizeof buf)
		n = util_utf8_fit(s, maxw < (int)sizeof buf / 4 ? maxw : (int)sizeof buf / 4, NULL);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return grid_puts(g, x, y, buf, st);
}

int draw_text_width(const char *s)
{
	return util_utf8_width(s);
}

void draw_rtext(grid *g, int x, int y, int w, const char *s, uint16_t st)
{
	int n = draw_text_width(s);
	draw_text(g, x + (n < w ? w - n : 0), y, w, s, st);
}

void draw_hline(grid *g, int x, int y, int w, uint32_t ch, uint16_t st)
{
	for (int i = 0; i < w; i++)
		grid_put(g, x + i, y, ch, st);
}

void draw_fill(grid *g, rect r, uint16_t st)
{
	for (int y = r.y; y < r.y + r.h; y++)
		draw_hline(g, r.x, y, r.w, ' ', st);
}

void draw_box(grid *g, const glyphs *gl, rect r, const char *title, const char *foot)
{
	draw_fill(g, r, ST_NONE);
	draw_hline(g, r.x + 1, r.y, r.w - 2, gl->hline, ST_AXIS);
	draw_hline(g, r.x + 1, r.y + r.h - 1, r.w - 2, gl->hline, ST_AXIS);
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		grid_put(g, r.x, y, gl->vline, ST_AXIS);
		grid_put(g, r.x + r.w - 1, y, gl->vline, ST_AXIS);
	}
	grid_put(g, r.x, r.y, gl->tl, ST_AXIS);
	grid_put(g, r.x + r.w - 1, r.y, gl->tr, ST_AXIS);
	grid_put(g, r.x, r.y + r.h - 1, gl->bl, ST_AXIS);
	grid_put(g, r.x + r.w - 1, r.y + r.h - 1, gl->br, ST_AXIS);
	if (title)
		draw_text(g, r.x + 2, r.y, r.w - 4, title, ST_BOLD);
	if (foot)
		draw_text(g, r.x + 2, r.y + r.h - 1, r.w - 4, foot, ST_LABEL);
}

int draw_scroll_clamp(int top, int n, int rows)
{
	if (top > n - rows)
		top = n - rows;
	return top < 0 ? 0 : top;
}

void draw_scroll_box(grid *g, const glyphs *gl, rect r, const char *title, int top, int n)
{
	int rows = r.h - 2;
	char foot[64];
	if (rows < n)
		snprintf(foot, sizeof foot, " %d-%d of %d, j/k scroll, Space/b page ", top + 1,
		         top + rows, n);
	else
		snprintf(foot, sizeof foot, " any key closes ");
	draw_box(g, gl, r, title, foot);
}

rect draw_list_box(int w, int h, int bw, int n, int sel, int *rows, int *top)
{
	if (bw > w - 2)
		bw = w - 2;
	int r = n < h - 6 ? n : h - 6;
	int bh = r + 4;   /* borders, the list, a rule and the summary */
	if (*top < 0)
		*top = sel - r / 2;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + r)
		*top = sel - r + 1;
	if (*top > n - r)
		*top = n - r;
	if (*top < 0)
		*top = 0;
	*rows = r;
	return (rect){ (w - bw) / 2, (h - 2 - bh) / 2, bw, bh };
}

void draw_pow10_label(double e, char *buf, size_t len)
{
	if (e == 0)
		snprintf(buf, len, "1");
	else
		snprintf(buf, len, "1e%.0f", e);
}

void draw_scale_named(char *buf, size_t len, double lo, double hi)
{
	char a[16], b[16];
	draw_pow10_label(lo, a, sizeof a);
	draw_pow10_label(hi, b, sizeof b);
	size_t k = strlen(buf);
	if (k < len)
		snprintf(buf + k, len - k, ", %s to %s", a, b);
}
