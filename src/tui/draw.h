/* draw.h - the drawing kit every view and overlay draws with, into the
 * frame's grid of cells: text clipped by columns, right-aligned text,
 * rules, filled rectangles, boxes with a title and a foot, the placing and
 * scrolling of a list box, the labels of a log scale, and the glyph set of
 * each charset (ASCII, or UTF-8 lines, arrows and eighth bars).
 */
#ifndef WHYRELU_DRAW_H
#define WHYRELU_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grid.h"

typedef struct rect {
	int x, y, w, h;
} rect;

typedef struct glyphs {
	uint32_t hline, vline, tl, tr, bl, br;
	uint32_t dash;       /* threshold lines in the strip */
	uint32_t up, down;   /* more text above / below */
	uint32_t bar[9];     /* a bar cell filled 0..8 eighths from the bottom */
	const char *sep;     /* between parts of the status line */
} glyphs;

/* The ASCII set, or the UTF-8 one. */
const glyphs *draw_glyphs(bool ascii);

/* Text at (x, y), at most maxw columns (a wide character takes two);
 * returns the columns written. */
int draw_text(grid *g, int x, int y, int maxw, const char *s, uint16_t st);
/* The text right-aligned to end at column x + w, cut to w columns. */
void draw_rtext(grid *g, int x, int y, int w, const char *s, uint16_t st);
/* Columns a UTF-8 text takes. */
int draw_text_width(const char *s);
/* w cells of ch from (x, y). */
void draw_hline(grid *g, int x, int y, int w, uint32_t ch, uint16_t st);
/* r cleared to blanks of style st. */
void draw_fill(grid *g, rect r, uint16_t st);
/* r cleared and framed, the title in its top edge, the foot in its bottom
 * one (either may be NULL). */
void draw_box(grid *g, const glyphs *gl, rect r, const char *title, const char *foot);
/* The first of n lines shown in rows, kept so that the rows stay full
 * where the lines do and top is never below 0. */
int draw_scroll_clamp(int top, int n, int rows);
/* A box of n lines of text scrolled to top (kept in range by the layout),
 * r.h - 2 shown: the foot says which lines show and how to scroll, or
 * that any key closes when they all fit. The lines are the caller's to
 * draw. */
void draw_scroll_box(grid *g, const glyphs *gl, rect r, const char *title, int top, int n);
/* A centred box of width bw (at most w - 2) for a list of n rows, a rule
 * and a summary line: the rows that fit in *rows, and *top (negative: not
 * placed yet) moved so that sel is in view, centred the first time. */
rect draw_list_box(int w, int h, int bw, int n, int sel, int *rows, int *top);
/* The label of 10^e on a log scale: "1", "1e-6", "1e3". */
void draw_pow10_label(double e, char *buf, size_t len);
/* A log scale from 10^lo to 10^hi named after a label in buf (", 1e-6 to
 * 1"), where one row of bars leaves no room for the scale beside them. */
void draw_scale_named(char *buf, size_t len, double lo, double hi);

#endif
