/* plot.c - the plot rasteriser (see plot.h).
 *
 * Layout, top to bottom: an optional legend row, the plot area, an optional
 * saturation strip (a shade under every column where |f'| < 0.1), the
 * bottom frame with x ticks, and the x labels. The y labels sit left of the
 * frame. Curves are rasterised into per-cell pixel masks (1x1 in ascii, 2x2
 * quadrants in block, 2x4 dots in braille) and only then turned into
 * glyphs, so the axes and the marker can fill exactly the cells no curve
 * touches. It runs on every keypress in the lab: f and f' are sampled once
 * per pixel column and the work is linear in the number of cells.
 *
 * A comparison draws more curves the same way, each into a mask of its
 * own; without colour a curve is told by its dash pattern (block and
 * braille) or its letter (ascii).
 */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "num.h"
#include "util.h"

#define SAT_LIMIT ACT_SAT_DF
/* Beyond this a value no longer stretches the y range, so one exploding
 * sample (an exp chain) cannot flatten the rest of the curve into a line
 * or make the labels unreadable; it is still drawn, running off the edge. */
#define Y_CLIP 1e12
#define LABEL_MAX 7
#define LABEL_BUF 40
#define MAX_TICKS 400
/* The y label column is sized from the labels, which depend on the y range,
 * which depends on the samples, whose x positions depend on the plot width:
 * start from this width and sample again only when the labels disagree. */
#define LW_GUESS 5

typedef struct glyphs {
	uint32_t vert, horiz, corner;
	uint32_t ytick, yzero, ycross;   /* ┤ ├ ┼ on the left frame */
	uint32_t xtick, xzero, xcross;   /* ┬ ┴ ┼ on the bottom frame */
	uint32_t cross;                  /* where the two zero lines meet */
	uint32_t mark_line, mark_dot, mark_up, mark_down;
	uint32_t sat;
	uint32_t leg_f, leg_df;
	uint32_t leg_dot, leg_long;      /* the third and fourth compared curves */
	uint32_t point;                  /* a data point */
} glyphs;

static const glyphs ascii_glyphs = {
	'|', '-', '+',
	'+', '+', '+',
	'+', '+', '+',
	'+',
	':', 'O', '^', 'v',
	'=',
	'*', '.',
	'c', 'd',
	'o',
};

static const glyphs box_glyphs = {
	0x2502, 0x2500, 0x2514,
	0x2524, 0x251c, 0x253c,
	0x252c, 0x2534, 0x253c,
	0x253c,
	0x250a, 0x25cf, 0x25b2, 0x25bc,
	0x2591,
	0x2501, 0x2504,
	0x2508, 0x254c,
	0x2022,
};

/* Bit of each sub-cell pixel, indexed [row][column]. */
static const uint8_t ascii_bits[4][2] = {{1, 0}, {0, 0}, {0, 0}, {0, 0}};
static const uint8_t block_bits[4][2] = {{1, 2}, {4, 8}, {0, 0}, {0, 0}};
static const uint8_t braille_bits[4][2] = {
	{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80},
};

/* Quadrant glyphs by mask (1 upper left, 2 upper right, 4 lower left,
 * 8 lower right). */
static const uint32_t block_glyph[16] = {
	' ', 0x2598, 0x259d, 0x2580, 0x2596, 0x258c, 0x259e, 0x259b,
	0x2597, 0x259a, 0x2590, 0x259c, 0x2584, 0x2599, 0x259f, 0x2588,
};

typedef struct layout {
	int top;          /* first row of the plot area */
	int ph, pw;       /* plot area, cells */
	int x0;           /* first column of the plot area; the frame is x0-1 */
	int strip;        /* row of the saturation strip, or -1 */
	int frame;        /* row of the bottom frame */
	int labels;       /* row of the x labels */
	int sx, sy;       /* pixels per cell */
	int pxw, pxh;     /* plot area, pixels */
} layout;

typedef struct yaxis {
	double lo, hi, step;
} yaxis;

/* Make a printf number independent of LC_NUMERIC (the CLI runs in the
 * user's locale, where the decimal point may be ',' or even several bytes)
 * and short: "1e+06" becomes "1e6", "2.50000e-05" becomes "2.5e-5". */
static void tidy_number(const char *in, char *out)
{
	size_t o = 0;
	bool in_point = false, had_point = false;
	const char *p = in;
	while (*p) {
		char c = *p;
		if (c == 'e') {
			/* drop the zeros a %e mantissa is padded with */
			if (had_point) {
				while (o > 0 && out[o - 1] == '0')
					o--;
				if (o > 0 && out[o - 1] == '.')
					o--;
			}
			out[o++] = 'e';
			p++;
			if (*p == '+')
				p++;
			else if (*p == '-')
				out[o++] = *p++;
			while (*p == '0' && p[1] >= '0' && p[1] <= '9')
				p++;
			in_point = false;
			continue;
		}
		if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
			out[o++] = c;
			in_point = false;
		} else if (!in_point) {
			/* the locale's decimal point, one byte or several */
			out[o++] = '.';
			in_point = had_point = true;
		}
		p++;
	}
	out[o] = '\0';
}

/* A label of at most maxw characters for v: the %g form, or the exponent
 * form when only that fits, with sig_max significant digits or as few as
 * sig_min if need be. Returns the length, or -1 when nothing fits. */
static int fmt_num(double v, int sig_max, int sig_min, int maxw, char *out)
{
	char raw[LABEL_BUF], gform[LABEL_BUF], eform[LABEL_BUF];
	if (v == 0)
		v = 0;  /* no "-0" */
	for (int sig = sig_max; sig >= sig_min; sig--) {
		gform[0] = eform[0] = '\0';
		tidy_number(num_sig(v, sig, raw, sizeof raw), gform);
		snprintf(raw, sizeof raw, "%.*e", sig - 1, v);
		tidy_number(raw, eform);
		size_t gl = strlen(gform), el = strlen(eform);
		const char *best = NULL;
		if ((int)gl <= maxw)
			best = gform;
		else if ((int)el <= maxw)
			best = eform;
		if (best) {
			strcpy(out, best);
			return (int)strlen(out);
		}
	}
	out[0] = '\0';
	return -1;
}

static void base_layout(const grid *g, const plot_spec *s, layout *L)
{
	L->top = s->legend ? 1 : 0;
	L->labels = g->h - 1;
	L->frame = g->h - 2;
	L->strip = s->show_sat ? g->h - 3 : -1;
	L->ph = (s->show_sat ? L->strip : L->frame) - L->top;
	switch (s->cs) {
	case CS_BLOCK:
		L->sx = 2;
		L->sy = 2;
		break;
	case CS_BRAILLE:
		L->sx = 2;
		L->sy = 4;
		break;
	default:
		L->sx = 1;
		L->sy = 1;
		break;
	}
	L->pxh = L->ph * L->sy;
}

/* lw: columns left of the frame (labels and one blank). */
static void set_width(const grid *g, layout *L, int lw)
{
	L->x0 = lw + 1;
	L->pw = g->w - L->x0;
	L->pxw = L->pw * L->sx;
}

static void sample(const plot_spec *s, const layout *L, bool need_df,
                   double *fy, double *dy)
{
	double span = s->to - s->from;
	for (int i = 0; i < L->pxw; i++) {
		double x = s->from + (i + 0.5) * span / L->pxw;
		fy[i] = s->f(s->ctx, x);
		dy[i] = need_df ? s->df(s->ctx, x) : NAN;
	}
}

static void sample_extra(const plot_spec *s, const plot_curve *c, const layout *L, double *v)
{
	double span = s->to - s->from;
	for (int i = 0; i < L->pxw; i++)
		v[i] = c->f(c->ctx, s->from + (i + 0.5) * span / L->pxw);
}

static void widen(double v, double *lo, double *hi)
{
	if (!isfinite(v))
		return;
	if (v > Y_CLIP)
		v = Y_CLIP;
	else if (v < -Y_CLIP)
		v = -Y_CLIP;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* The y range of the nv curves v[0..nv), n samples each, and of the np
 * values py (data points). */
static void y_range(double *const *v, int nv, int n, const double *py, int np, yaxis *ya)
{
	double lo = INFINITY, hi = -INFINITY;
	for (int k = 0; k < nv; k++)
		for (int i = 0; i < n; i++)
			widen(v[k][i], &lo, &hi);
	for (int i = 0; i < np; i++)
		widen(py[i], &lo, &hi);
	if (lo > hi) {
		lo = -1;
		hi = 1;
	} else if (hi - lo <= 1e-9 * fmax(fabs(lo), fabs(hi))) {
		/* flat: centre it, with the zero line in view */
		double mid = (lo + hi) / 2;
		if (mid == 0) {
			lo = -1;
			hi = 1;
		} else {
			lo = fmin(0, 2 * mid);
			hi = fmax(0, 2 * mid);
		}
	}
	/* a range that nearly reaches 0 is easier to read with 0 in it */
	if (lo > 0 && lo <= 0.5 * (hi - lo))
		lo = 0;
	if (hi < 0 && -hi <= 0.5 * (hi - lo))
		hi = 0;
	double pad = 0.05 * (hi - lo);
	ya->lo = lo - pad;
	ya->hi = hi + pad;
}

static double ticks_in(double lo, double hi, double step)
{
	return floor(hi / step) - ceil(lo / step) + 1;
}

/* Widen the range by about a row at most so that 0 falls in the middle of
 * a cell row. On a row boundary, values a hair above 0 (a vanishing f') would
 * be drawn a whole row above the zero line, as if clearly positive. */
static void center_zero(yaxis *ya, const layout *L)
{
	double lo = ya->lo, hi = ya->hi;
	if (!(lo < 0 && hi > 0))
		return;
	/* in pixel_row's units from hi: where 0 is, and the middles of the
	 * cell rows just above and below it */
	double m = L->pxh - 1, w = hi / (hi - lo) * m, half = L->sy / 2.0 - 0.5;
	double t_dn = floor((w - half) / L->sy) * L->sy + half, t_up = t_dn + L->sy;
	if (t_dn == w)
		return;
	/* either raise the top or lower the bottom: whichever adds less */
	double best = INFINITY;
	if (t_up < m) {
		double h2 = -t_up * lo / (m - t_up);
		best = h2 - lo;
		ya->hi = h2;
	}
	if (t_dn > 0) {
		double l2 = hi - hi * m / t_dn;
		if (hi - l2 < best) {
			ya->hi = hi;
			ya->lo = l2;
		}
	}
}

/* A step that puts a labelled tick about every 4 rows, and never two on
 * neighbouring rows unless that is the only way to get two labels. */
static double y_step(double lo, double hi, int ph)
{
	double span = hi - lo;
	int n = ph / 4 < 2 ? 2 : ph / 4;
	double step = num_nice_step(span, n);
	while (n > 1 && step * ph / span < 2.0)
		step = num_nice_step(span, --n);
	while (ticks_in(lo, hi, step) < 2 && n < ph) {
		double finer = num_nice_step(span, ++n);
		if (finer * ph / span < 1.0)
			break;
		step = finer;
	}
	return step;
}

/* Pixel row of v: hi is the centre of the top pixel, lo the centre of
 * the bottom one. With symmetric data the padding often comes to a whole
 * number of pixels, and this keeps the extremes of a curve that flattens
 * out (tanh) on a pixel centre: on a boundary, noise in the last digit
 * would make its flat tail step by a pixel. Returns -1 above the area and
 * pxh below it (off the chart, but a run towards it still reaches the
 * edge). */
static int pixel_row(double v, const yaxis *ya, int pxh)
{
	double p = (ya->hi - v) / (ya->hi - ya->lo) * (pxh - 1) + 0.5;
	if (!(p >= 0))
		return -1;
	if (p >= pxh)
		return pxh;
	return (int)p;
}

/* Cell row of v, clamped into the area: the cell of its pixel. */
static int y_row(const yaxis *ya, const layout *L, double v)
{
	int k = pixel_row(v, ya, L->pxh);
	if (k < 0)
		k = 0;
	if (k > L->pxh - 1)
		k = L->pxh - 1;
	return k / L->sy;
}

static int x_col(const plot_spec *s, const layout *L, double v)
{
	double c = floor((v - s->from) / (s->to - s->from) * L->pw);
	if (c < 0)
		return 0;
	if (c > L->pw - 1)
		return L->pw - 1;
	return (int)c;
}

/* The multiples of step in [lo, hi] are (k0 + i) * step for i below the
 * count returned. Capped: far from 0, k0 + 1 == k0 in doubles and the
 * count says nothing useful (the repeated labels are then left out). */
static int tick_count(double lo, double hi, double step, double *k0)
{
	*k0 = ceil(lo / step);
	double n = floor(hi / step) - *k0 + 1;
	return n > 0 ? (n < MAX_TICKS ? (int)n : MAX_TICKS) : 0;
}

/* Width of the y label column: the widest tick label plus a blank. */
static int y_label_width(const yaxis *ya)
{
	char buf[LABEL_BUF];
	int w = 1;
	double k0;
	int nt = tick_count(ya->lo, ya->hi, ya->step, &k0);
	for (int i = 0; i < nt; i++) {
		double v = (k0 + i) * ya->step;
		int n = fmt_num(v, 6, 6, LABEL_MAX, buf);
		if (n > w)
			w = n;
	}
	return w + 1;
}

/* How a curve is drawn along its path: in the cells whose bit is set in
 * pattern (period cells a cycle), and of those pixels one in thin. */
typedef struct look {
	unsigned pattern;
	int period, thin;
} look;

enum { LOOK_SOLID, LOOK_DASHED, LOOK_DOTTED, LOOK_LONG, LOOKS };

static const look looks[LOOKS] = {
	[LOOK_SOLID] = { 1, 1, 1 },
	[LOOK_DASHED] = { 1, 2, 1 },    /* a cell on, a cell off */
	[LOOK_DOTTED] = { 1, 1, 2 },    /* every cell, every other pixel */
	[LOOK_LONG] = { 3, 3, 1 },      /* two cells on, one off */
};

/* Curve i of a comparison (0 is f): its look and its style. */
static const int curve_look[1 + PLOT_MAX_EXTRA] = {
	LOOK_SOLID, LOOK_DASHED, LOOK_DOTTED, LOOK_LONG,
};
static const uint16_t curve_style[1 + PLOT_MAX_EXTRA] = { ST_F, ST_DF, ST_GOOD, ST_BAD };

typedef struct raster {
	uint8_t *mask;
	const layout *L;
	const uint8_t (*bits)[2];
	look look;
	int last;       /* the cell the path was last in */
	long cells;     /* cells entered along the path so far */
	long dots;      /* pixels along the path so far */
} raster;

/* A dashed curve is drawn in some of the cells along its path, counted by
 * cells rather than pixels, so a dash is never split over two cells and
 * each gap is a wholly blank cell whatever the slope. */
static void dot(raster *r, int px, int py)
{
	const layout *L = r->L;
	if (py < 0 || py >= L->pxh)
		return;
	int c = (py / L->sy) * L->pw + px / L->sx;
	if (r->look.period > 1) {
		if (c != r->last) {
			r->last = c;
			r->cells++;
		}
		if (!((r->look.pattern >> ((r->cells - 1) % r->look.period)) & 1))
			return;
	}
	if (r->look.thin > 1 && r->dots++ % r->look.thin != 0)
		return;
	r->mask[c] |= r->bits[py % L->sy][px % L->sx];
}

/* Pixels from a to b inclusive in column px, in path order. */
static void vrun(raster *r, int px, int a, int b)
{
	int dir = b >= a ? 1 : -1;
	for (int y = a;; y += dir) {
		dot(r, px, y);
		if (y == b)
			break;
	}
}

/* A steep stretch between two samples becomes a vertical run split
 * between the two pixel columns, so the curve stays connected without
 * extra samples. NaN samples leave a gap. */
static void draw_curve(raster *r, const double *v, const yaxis *ya)
{
	const layout *L = r->L;
	bool have_prev = false;
	int prev = 0;
	for (int i = 0; i < L->pxw; i++) {
		if (isnan(v[i])) {
			have_prev = false;
			continue;
		}
		int y = pixel_row(v[i], ya, L->pxh);
		if (have_prev && abs(y - prev) > 2 * L->sy && L->sx > 1 && i % L->sx == 0) {
			/* a jump (relu's f' at 0) over two cells: half the run in
			 * the left one would leave stray dots there, beside the y
			 * axis; the run stays in one column */
			vrun(r, i, prev + (y > prev ? 1 : -1), y);
		} else if (have_prev && abs(y - prev) > 1) {
			int half = (y - prev) / 2;
			int dir = y > prev ? 1 : -1;
			vrun(r, i - 1, prev + dir, prev + half);
			vrun(r, i, prev + half + dir, y);
		} else {
			dot(r, i, y);
		}
		prev = y;
		have_prev = true;
	}
}

static uint32_t curve_glyph(charset cs, uint8_t fm, uint8_t dm)
{
	switch (cs) {
	case CS_BLOCK:
		return block_glyph[(fm | dm) & 15];
	case CS_BRAILLE:
		return 0x2800u + (uint32_t)(fm | dm);
	default:
		return fm && dm ? '#' : fm ? '*' : '.';
	}
}

/* The glyph of a cell of a comparison: the union of the curves' pixels, or
 * in ascii the letter of the one curve there ('#' for several). */
static uint32_t compare_glyph(charset cs, bool letters, uint8_t *const *mask, int n, size_t i)
{
	uint8_t all = 0;
	int count = 0, which = 0;
	for (int k = 0; k < n; k++) {
		if (mask[k][i]) {
			all |= mask[k][i];
			count++;
			which = k;
		}
	}
	if (cs == CS_ASCII)
		return count > 1 ? '#' : (uint32_t)('a' + which);
	/* a cell of one curve is its letter; where curves share a cell the
	 * dots still show each one's place */
	if (letters && count == 1)
		return (uint32_t)('a' + which);
	return curve_glyph(cs, all, 0);
}

static bool cell_empty(uint8_t *const *mask, int n, size_t i)
{
	for (int k = 0; k < n; k++)
		if (mask[k][i])
			return false;
	return true;
}

static bool col_saturated(const layout *L, const double *dy, int c)
{
	for (int i = c * L->sx; i < (c + 1) * L->sx; i++)
		if (!(fabs(dy[i]) < SAT_LIMIT))
			return false;
	return true;
}

static void put_text(grid *g, int x, int y, const char *s, uint16_t style, bool ascii)
{
	int n = grid_puts(g, x, y, s, style);
	if (!ascii)
		return;
	/* an ascii grid stays ascii whatever the caller's label holds */
	for (int i = 0; i < n; i++) {
		cell *c = grid_at(g, x + i, y);
		if (c && c->ch > 0x7e)
			c->ch = '?';
	}
}

/* Bottom frame: corner, rule, and where the x=0 line meets it. */
static void draw_frame_row(grid *g, const layout *L, const glyphs *gl, int c0)
{
	grid_put(g, L->x0 - 1, L->frame, gl->corner, ST_AXIS);
	for (int c = 0; c < L->pw; c++)
		grid_put(g, L->x0 + c, L->frame, c == c0 ? gl->xzero : gl->horiz, ST_AXIS);
}

/* A label centred under plot column col (a minus sign hangs to the left),
 * placed only with a blank on both sides of it. */
static bool place_xlabel(grid *g, const layout *L, int col, const char *text)
{
	int len = (int)strlen(text), neg = text[0] == '-';
	int start = L->x0 + col - (len - neg) / 2 - neg;
	if (start + len > g->w)
		start = g->w - len;
	if (start < 0)
		start = 0;
	for (int x = start - 1; x <= start + len; x++) {
		cell *c = grid_at(g, x, L->labels);
		if (c && c->ch != ' ')
			return false;
	}
	grid_puts(g, start, L->labels, text, ST_LABEL);
	return true;
}

static void draw_x_labels(grid *g, const plot_spec *s, const layout *L,
                          const glyphs *gl, int c0)
{
	char buf[LABEL_BUF], first[LABEL_BUF] = "", last[LABEL_BUF] = "";
	double span = s->to - s->from, prev_step = 0;
	int n = L->pw / 10 < 1 ? 1 : L->pw / 10;
	/* fewer ticks until every label fits with a blank between */
	for (;; n--) {
		double step = num_nice_step(span, n);
		if (step == prev_step && n > 1)
			continue;
		prev_step = step;
		for (int x = 0; x < g->w; x++)
			grid_put(g, x, L->labels, ' ', ST_NONE);
		draw_frame_row(g, L, gl, c0);
		bool all = true;
		first[0] = last[0] = '\0';
		double k0;
		int nt = tick_count(s->from, s->to, step, &k0);
		for (int i = 0; i < nt; i++) {
			double v = (k0 + i) * step;
			int col = x_col(s, L, v);
			/* two equal labels (a narrow range far from 0, where 7
			 * characters cannot tell the ticks apart) would mislead */
			if (fmt_num(v, 6, 6, LABEL_MAX, buf) < 0 || !strcmp(buf, last) ||
			    !place_xlabel(g, L, col, buf)) {
				all = false;
				continue;
			}
			if (!first[0])
				strcpy(first, buf);
			strcpy(last, buf);
			/* in ASCII a tick beside the corner reads "++", one mark; the
			 * label under it still marks the place */
			if (col == 0 && gl->xtick == gl->corner)
				continue;
			grid_put(g, L->x0 + col, L->frame, col == c0 ? gl->xcross : gl->xtick, ST_AXIS);
		}
		if (all || n <= 1)
			break;
	}
	/* the ends of the range, when they are not ticks and there is room */
	if (fmt_num(s->from, 3, 1, LABEL_MAX, buf) > 0 && strcmp(buf, first))
		place_xlabel(g, L, 0, buf);
	if (fmt_num(s->to, 3, 1, LABEL_MAX, buf) > 0 && strcmp(buf, last))
		place_xlabel(g, L, L->pw - 1, buf);
}

static void draw_legend(grid *g, const plot_spec *s, const layout *L, const glyphs *gl,
                        bool overlap)
{
	struct {
		uint32_t glyph;
		uint16_t style;
		const char *text;
	} item[4 + PLOT_MAX_EXTRA];
	int n = 0, total = 0;
	bool ascii = s->cs == CS_ASCII;
	bool letters = ascii || (s->letters && s->nextra > 0);
	const uint32_t leg[1 + PLOT_MAX_EXTRA] = { gl->leg_f, gl->leg_df, gl->leg_dot, gl->leg_long };
	item[n].glyph = letters && s->nextra > 0 ? 'a' : gl->leg_f;
	item[n].style = ST_F;
	item[n++].text = s->f_label ? s->f_label : "f(x)";
	for (int k = 0; k < s->nextra; k++) {
		item[n].glyph = letters ? (uint32_t)('b' + k) : leg[1 + k];
		item[n].style = curve_style[1 + k];
		item[n++].text = s->extra[k].label ? s->extra[k].label : "g(x)";
	}
	if (overlap) {
		item[n].glyph = '#';
		item[n].style = ST_NONE;
		item[n++].text = "overlap";
	}
	if (s->show_df) {
		item[n].glyph = gl->leg_df;
		item[n].style = ST_DF;
		item[n++].text = s->df_label ? s->df_label : "f'(x)";
	}
	if (s->npoints > 0) {
		item[n].glyph = gl->point;
		item[n].style = ST_GOOD;
		item[n++].text = s->points_label ? s->points_label : "points";
	}
	if (s->show_sat) {
		item[n].glyph = gl->sat;
		item[n].style = ST_SAT;
		item[n++].text = "|f'|<0.1";
	}
	for (int i = 0; i < n; i++)
		total += (i ? 2 : 0) + 2 + (int)util_utf8_len(item[i].text);
	int x = L->x0 + total <= g->w ? L->x0 : 0;
	for (int i = 0; i < n; i++) {
		int len = 2 + (int)util_utf8_len(item[i].text);
		if (i > 0) {
			if (x + 2 + len > g->w)
				break;
			x += 2;
		}
		grid_put(g, x, 0, item[i].glyph, item[i].style);
		put_text(g, x + 2, 0, item[i].text, ST_LABEL, ascii);
		x += len;
	}
}

int plot_draw(grid *g, const plot_spec *s)
{
	if (!g || !s || !s->f || g->w < PLOT_MIN_W || g->h < PLOT_MIN_H)
		return -1;
	if (!isfinite(s->from) || !isfinite(s->to) || !(s->from < s->to) ||
	    !isfinite(s->to - s->from))
		return -1;
	bool need_df = s->show_df || s->show_sat;
	if (need_df && !s->df)
		return -1;
	if (s->nextra < 0 || s->nextra > PLOT_MAX_EXTRA || (s->nextra > 0 && (!s->extra || s->show_df)))
		return -1;
	for (int k = 0; k < s->nextra; k++)
		if (!s->extra[k].f)
			return -1;
	if (s->npoints < 0 || (s->npoints > 0 && (!s->px || !s->py)))
		return -1;

	const glyphs *gl = s->cs == CS_ASCII ? &ascii_glyphs : &box_glyphs;
	const uint8_t (*bits)[2] = s->cs == CS_BLOCK ? block_bits :
	                           s->cs == CS_BRAILLE ? braille_bits : ascii_bits;
	layout L;
	base_layout(g, s, &L);

	/* one block: the samples of f, f' and the extra curves for the widest
	 * possible plot area, then a pixel mask for each */
	int nv = 2 + s->nextra;
	size_t max_pxw = (size_t)g->w * (size_t)L.sx;
	size_t max_cells = (size_t)g->w * (size_t)L.ph;
	double *fy = malloc((size_t)nv * (max_pxw * sizeof *fy + max_cells));
	if (!fy)
		return -1;
	double *dy = fy + max_pxw;
	double *ey[PLOT_MAX_EXTRA];
	uint8_t *mask[2 + PLOT_MAX_EXTRA];
	for (int k = 0; k < s->nextra; k++)
		ey[k] = dy + (size_t)(k + 1) * max_pxw;
	for (int k = 0; k < nv; k++)
		mask[k] = (uint8_t *)(fy + (size_t)nv * max_pxw) + (size_t)k * max_cells;
	uint8_t *fmask = mask[0], *dmask = mask[1];
	/* the curves that set the y range: f, f' when shown, the extra ones */
	double *ranged[2 + PLOT_MAX_EXTRA] = { fy };
	int nranged = 1;
	if (s->show_df)
		ranged[nranged++] = dy;
	for (int k = 0; k < s->nextra; k++)
		ranged[nranged++] = ey[k];

	yaxis ya;
	int lw = LW_GUESS;
	for (int pass = 0;; pass++) {
		set_width(g, &L, lw);
		sample(s, &L, need_df, fy, dy);
		for (int k = 0; k < s->nextra; k++)
			sample_extra(s, &s->extra[k], &L, ey[k]);
		y_range(ranged, nranged, L.pxw, s->py, s->npoints, &ya);
		center_zero(&ya, &L);
		ya.step = y_step(ya.lo, ya.hi, L.ph);
		int want = y_label_width(&ya);
		/* after the first guess the column only grows, so this settles;
		 * labels that still do not fit are left out */
		if (want == lw || (pass > 0 && want < lw) || pass == 2)
			break;
		lw = want;
	}

	grid_clear(g);
	size_t ncells = (size_t)L.pw * (size_t)L.ph;
	for (int k = 0; k < nv; k++)
		memset(mask[k], 0, ncells);
	/* in ascii every curve is solid: the glyphs tell them apart */
	bool dashes = s->cs != CS_ASCII && !(s->letters && s->nextra > 0);
	raster rf = {fmask, &L, bits, looks[LOOK_SOLID], -1, 0, 0};
	draw_curve(&rf, fy, &ya);
	if (s->show_df) {
		raster rd = {dmask, &L, bits, looks[dashes ? LOOK_DASHED : LOOK_SOLID], -1, 0, 0};
		draw_curve(&rd, dy, &ya);
	}
	/* a comparison: f and the extra curves, without f' (dmask stays empty) */
	uint8_t *cmask[1 + PLOT_MAX_EXTRA] = { fmask };
	for (int k = 0; k < s->nextra; k++) {
		cmask[1 + k] = mask[2 + k];
		raster re = {mask[2 + k], &L, bits, looks[dashes ? curve_look[1 + k] : LOOK_SOLID],
		             -1, 0, 0};
		draw_curve(&re, ey[k], &ya);
	}

	bool overlap = false;
	for (int r = 0; r < L.ph; r++) {
		for (int c = 0; c < L.pw; c++) {
			size_t i = (size_t)r * (size_t)L.pw + (size_t)c;
			uint8_t fm = fmask[i], dm = dmask[i];
			if (s->nextra > 0) {
				uint16_t st = 0;
				for (int k = 0; k <= s->nextra; k++)
					if (cmask[k][i])
						st |= curve_style[k];
				if (!st)
					continue;
				uint32_t ch = compare_glyph(s->cs, s->letters, cmask, 1 + s->nextra, i);
				overlap |= ch == '#';
				grid_put(g, L.x0 + c, L.top + r, ch, st);
			} else if (fm | dm) {
				grid_put(g, L.x0 + c, L.top + r, curve_glyph(s->cs, fm, dm),
				         (uint16_t)((fm ? ST_F : 0) | (dm ? ST_DF : 0)));
			}
		}
	}
#define EMPTY(c, r) cell_empty(mask, nv, (size_t)(r) * (size_t)L.pw + (size_t)(c))
#define POINT(c, r) (grid_at(g, L.x0 + (c), L.top + (r))->style == ST_GOOD)

	/* the data points, where no curve is: the curve over them is what
	 * a fit is judged by */
	for (int i = 0; i < s->npoints; i++) {
		double x = s->px[i], y = s->py[i];
		if (!isfinite(x) || !isfinite(y) || x < s->from || x > s->to)
			continue;
		int pr = pixel_row(y, &ya, L.pxh);
		if (pr < 0 || pr >= L.pxh)
			continue;
		int c = x_col(s, &L, x), r = pr / L.sy;
		if (EMPTY(c, r))
			grid_put(g, L.x0 + c, L.top + r, gl->point, ST_GOOD);
	}

	/* zero lines, never over a curve */
	int r0 = ya.lo <= 0 && 0 <= ya.hi ? y_row(&ya, &L, 0) : -1;
	int c0 = s->from <= 0 && 0 <= s->to ? x_col(s, &L, 0) : -1;
	if (r0 >= 0)
		for (int c = 0; c < L.pw; c++)
			if (EMPTY(c, r0) && !POINT(c, r0))
				grid_put(g, L.x0 + c, L.top + r0, gl->horiz, ST_AXIS);
	if (c0 >= 0)
		for (int r = 0; r < L.ph; r++)
			if (EMPTY(c0, r) && !POINT(c0, r))
				grid_put(g, L.x0 + c0, L.top + r, r == r0 ? gl->cross : gl->vert, ST_AXIS);

	if (s->show_sat) {
		for (int c = 0; c < L.pw; c++) {
			if (col_saturated(&L, dy, c))
				grid_put(g, L.x0 + c, L.strip, gl->sat, ST_SAT);
			else if (c == c0)
				grid_put(g, L.x0 + c, L.strip, gl->vert, ST_AXIS);
		}
	}

	if (s->show_marker && s->marker_x >= s->from && s->marker_x <= s->to) {
		int cm = x_col(s, &L, s->marker_x);
		for (int r = 0; r < L.ph; r++)
			if (EMPTY(cm, r))
				grid_put(g, L.x0 + cm, L.top + r, gl->mark_line, ST_MARKER);
		double v = s->f(s->ctx, s->marker_x);
		if (v > ya.hi)
			grid_put(g, L.x0 + cm, L.top, gl->mark_up, ST_MARKER | ST_F);
		else if (v < ya.lo)
			grid_put(g, L.x0 + cm, L.top + L.ph - 1, gl->mark_down, ST_MARKER | ST_F);
		else if (!isnan(v))
			grid_put(g, L.x0 + cm, L.top + y_row(&ya, &L, v), gl->mark_dot, ST_MARKER | ST_F);
	}
#undef EMPTY
#undef POINT

	/* left frame and y labels */
	for (int r = L.top; r < L.frame; r++)
		grid_put(g, L.x0 - 1, r, r == L.top + r0 ? gl->yzero : gl->vert, ST_AXIS);
	{
		char buf[LABEL_BUF], prev[LABEL_BUF] = "";
		int last = -1;
		double k0;
		int nt = tick_count(ya.lo, ya.hi, ya.step, &k0);
		for (int i = 0; i < nt; i++) {
			double v = (k0 + i) * ya.step;
			int r = y_row(&ya, &L, v);
			/* a tick label is never rounded: one that does not fit is left
			 * out, as is one that reads the same as the one below it */
			int n = fmt_num(v, 6, 6, lw - 1 < LABEL_MAX ? lw - 1 : LABEL_MAX, buf);
			if (r == last || n < 0 || !strcmp(buf, prev))
				continue;
			last = r;
			strcpy(prev, buf);
			put_text(g, lw - 1 - n, L.top + r, buf, ST_LABEL, true);
			grid_put(g, L.x0 - 1, L.top + r, r == r0 ? gl->ycross : gl->ytick, ST_AXIS);
		}
	}

	draw_x_labels(g, s, &L, gl, c0);
	if (s->legend)
		draw_legend(g, s, &L, gl, overlap);
	free(fy);
	return 0;
}
