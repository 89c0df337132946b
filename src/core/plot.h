/* plot.h - the plot rasteriser: f and, on request, f' over [from, to] drawn
 * into a grid with labelled axes, zero lines, a marker at the current x and
 * the saturated region (|f'| < 0.1) marked, in ascii, block or braille.
 * The two curves stay distinguishable without colour: f is solid, f' is
 * dashed (a different glyph in ascii), and a legend row says which is which.
 * For a comparison, up to PLOT_MAX_EXTRA more curves go over f, each with a
 * look of its own: dashed, dotted, long dashes in block and braille; in
 * ascii the curves are drawn with the letters a, b, c, d ('#' where two
 * meet).
 */
#ifndef WHYRELU_PLOT_H
#define WHYRELU_PLOT_H

#include <stdbool.h>
#include "grid.h"

typedef double (*plot_fn)(void *ctx, double x);

/* A curve drawn over f (a comparison). */
typedef struct plot_curve {
	plot_fn f;            /* required */
	void *ctx;
	const char *label;    /* legend name; NULL: "g(x)" */
} plot_curve;

#define PLOT_MAX_EXTRA 3

typedef struct plot_spec {
	double from, to;      /* x range, from < to */
	plot_fn f;            /* required */
	plot_fn df;           /* required: also used for the saturation marks */
	void *ctx;
	bool show_df;         /* draw the f' curve */
	bool show_marker;
	double marker_x;
	bool show_sat;        /* mark where |f'(x)| < 0.1 */
	bool legend;          /* a legend row at the top */
	const char *f_label;  /* legend name of f ("relu(x)"); NULL: "f(x)" */
	charset cs;
	const char *df_label; /* legend name of f'; NULL: "f'(x)" */
	const plot_curve *extra; /* nextra curves over f, styled ST_DF, ST_GOOD,
	                            ST_BAD in turn (f keeps ST_F) */
	int nextra;           /* 0..PLOT_MAX_EXTRA; not together with show_df */
	/* data points drawn under the curves (a training set): in the cells no
	 * curve covers, as 'o' in ascii and a bullet otherwise, styled ST_GOOD;
	 * they count in the y range. Non-finite ones are left out. */
	const double *px, *py;
	int npoints;          /* 0: none */
	const char *points_label; /* legend name; NULL: "points" */
	/* compared curves (extra) as their letters a, b, c, d ('#' where two
	 * meet) in every charset, as ASCII always draws them: without colour,
	 * braille dashes and dots are too alike to tell four curves apart */
	bool letters;
} plot_spec;

/* Draw into the whole of g (which it clears first). Needs at least
 * PLOT_MIN_W x PLOT_MIN_H cells; returns 0, or -1 (g untouched) when g is
 * too small, from < to is not a finite range, f (or df when show_df or
 * show_sat asks for it) is NULL, the extra curves are more than
 * PLOT_MAX_EXTRA, lack a function or come with show_df, points are asked
 * for without px and py, or memory runs out. */
#define PLOT_MIN_W 20
#define PLOT_MIN_H 6
int plot_draw(grid *g, const plot_spec *s);

#endif
