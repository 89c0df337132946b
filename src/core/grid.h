/* grid.h - a text grid of cells (a code point and a style), the surface the
 * plot rasteriser draws into and the curses front end copies to the screen.
 * No curses here: a grid can also be printed as plain UTF-8 or ASCII text.
 */
#ifndef WHYRELU_GRID_H
#define WHYRELU_GRID_H

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

typedef enum charset { CS_ASCII, CS_BLOCK, CS_BRAILLE } charset;

/* Styles are bit flags; the front end maps them to colours/attributes. */
enum {
	ST_NONE   = 0,
	ST_F      = 1 << 0,  /* the curve of f */
	ST_DF     = 1 << 1,  /* the curve of f' */
	ST_AXIS   = 1 << 2,  /* frame, ticks, zero lines */
	ST_LABEL  = 1 << 3,  /* tick labels, legend text */
	ST_MARKER = 1 << 4,  /* the current-x marker */
	ST_SAT    = 1 << 5,  /* saturated region (|f'| < 0.1) */
	ST_BAD    = 1 << 6,  /* vanished / exploded / dead (strips, readouts) */
	ST_GOOD   = 1 << 7,  /* passes */
	ST_BOLD   = 1 << 8,
	ST_DIM    = 1 << 9,
	ST_REVERSE = 1 << 10,
};

typedef struct cell {
	uint32_t ch;     /* Unicode code point, 0x20 for blank, or GRID_CONT */
	uint16_t style;
} cell;

/* A wide character (two columns: CJK, most emoji) is its code point in one
 * cell and GRID_CONT in the next; a cell holds nothing narrower than a
 * column (zero-width characters are left out). A wide character without
 * its GRID_CONT, or a GRID_CONT without its character (something drawn over
 * half of it), is shown as a blank. */
#define GRID_CONT 0x110000u

typedef struct grid {
	int w, h;
	cell *cells;     /* w*h, row-major */
} grid;

/* Allocate a w x h grid of blanks; returns 0, or -1 when out of memory. */
int grid_init(grid *g, int w, int h);
void grid_free(grid *g);
void grid_clear(grid *g);
/* A grid of w x h blanks in g, which holds one already (or a freed one):
 * cleared when the size is the same, made anew otherwise. 0, or -1 when
 * out of memory. */
int grid_fit(grid *g, int w, int h);
/* Out-of-range coordinates are ignored. */
void grid_put(grid *g, int x, int y, uint32_t ch, uint16_t style);
cell *grid_at(grid *g, int x, int y);  /* NULL when out of range */
/* Write UTF-8 text from (x, y) on one row, clipped, by columns (a wide
 * character that does not fit whole is a blank, a zero-width one is left
 * out); returns columns written. In an ASCII grid, pass text that is
 * already ASCII. */
int grid_puts(grid *g, int x, int y, const char *utf8, uint16_t style);
/* Encode one code point as UTF-8 into out (at least 5 bytes); returns length. */
int grid_utf8(uint32_t cp, char *out);
/* What the cell at (x, y) shows: its code point, GRID_CONT for the second
 * column of a whole wide character, ' ' for half of one; in range. */
uint32_t grid_shown(const grid *g, int x, int y);
/* Print the grid, one line per row, trailing blanks trimmed. */
void grid_print(const grid *g, FILE *out);

#endif
