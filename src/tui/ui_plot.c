/* ui_plot.c - what the lab's plot shows: the activation with its gradient
 * (`view plot`), the depth chain's output and gradient as functions of x
 * (`view chain`), or up to four activations overlaid (`compare`, with `g`
 * switching between the functions and their gradients): a plot_spec for
 * the rasteriser, the readout of the values at x beside it and the strip
 * of the chain's gradient per layer below.
 *
 * The chain view costs `depth` layers for every x it is evaluated at, and
 * a plot samples every pixel column (hundreds at 200 columns): at depth
 * 100000 that is seconds, not the couple of milliseconds a key may take.
 * So the chain is evaluated at CHAIN_KNOTS points of the range, with
 * straight lines between them, and at most UI_CHAIN_PLOT_DEPTH layers
 * deep; the legend says when the drawing is shallower than the chain, and
 * the readout keeps the exact values at x. The knots are kept until the chain
 * or the range changes, so moving x costs nothing.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "plot.h"
#include "draw.h"
#include "ui_impl.h"

#define READOUT_W 26
#define READOUT_LABEL 10

extern const view_ops view_chain;

#define CHAIN_KNOTS 128
/* CHAIN_KNOTS * UI_CHAIN_PLOT_DEPTH layers: under 1 ms for the costliest
 * activations (gelu_tanh, softplus), a fraction of that for most */

typedef struct chain_curve {
	bool valid;
	chain_params cp;     /* as drawn: depth at most UI_CHAIN_PLOT_DEPTH */
	double from, to;
	double out[CHAIN_KNOTS], grad[CHAIN_KNOTS];
} chain_curve;

/* One per process, like the terminal: the curve of the chain view. */
static chain_curve chain_cache;

typedef struct compare_ctx {
	const act_def *act;
	double p;
	bool grad;
} compare_ctx;

static compare_ctx compared[CMD_MAX_COMPARE];
static plot_curve extra[PLOT_MAX_EXTRA];
static char labels[CMD_MAX_COMPARE][48];
static char chain_label[96];

/* ---- the chain view ------------------------------------------------------ */

/* The chain's output and gradient at x, as doubles: a plot needs no more
 * (an underflowed gradient draws as 0, an overflowed one off the chart). */
static void chain_point(const chain_params *cp, double x, double *out, double *grad)
{
	double h = x, g = 1;
	for (long k = 0; k < cp->depth; k++) {
		double fz, d;
		act_eval(cp->act, cp->gain * h + cp->bias, cp->p, &fz, &d);
		h = fz;
		g *= cp->gain * d;
	}
	*out = h;
	*grad = g;
}

static void chain_knots(const lab *l)
{
	chain_params cp = { l->act, l->p, l->depth, l->gain, l->bias };
	if (cp.depth > UI_CHAIN_PLOT_DEPTH)
		cp.depth = UI_CHAIN_PLOT_DEPTH;
	chain_curve *c = &chain_cache;
	if (c->valid && c->cp.act == cp.act && c->cp.p == cp.p && c->cp.depth == cp.depth &&
	    c->cp.gain == cp.gain && c->cp.bias == cp.bias && c->from == l->from && c->to == l->to)
		return;
	c->cp = cp;
	c->from = l->from;
	c->to = l->to;
	for (int i = 0; i < CHAIN_KNOTS; i++) {
		double x = l->from + (l->to - l->from) * i / (CHAIN_KNOTS - 1);
		chain_point(&cp, x, &c->out[i], &c->grad[i]);
	}
	c->valid = true;
}

/* Between two knots, the straight line; next to a knot that is not a
 * number (or infinite), that knot's value, so a gap stays a gap. */
static double knot_value(const double *v, double x)
{
	const chain_curve *c = &chain_cache;
	double t = (x - c->from) / (c->to - c->from) * (CHAIN_KNOTS - 1);
	if (!(t > 0))
		return v[0];
	if (t >= CHAIN_KNOTS - 1)
		return v[CHAIN_KNOTS - 1];
	int i = (int)t;
	double a = v[i], b = v[i + 1], f = t - i;
	if (!isfinite(a) || !isfinite(b))
		return f < 0.5 ? a : b;
	return a + (b - a) * f;
}

static double chain_out_at(void *ctx, double x)
{
	(void)ctx;
	return knot_value(chain_cache.out, x);
}

static double chain_grad_at(void *ctx, double x)
{
	(void)ctx;
	return knot_value(chain_cache.grad, x);
}

/* ---- a comparison ---------------------------------------------------------- */

static double compare_at(void *ctx, double x)
{
	const compare_ctx *c = ctx;
	double f, df;
	act_eval(c->act, x, c->p, &f, &df);
	return c->grad ? df : f;
}

static void compare_spec(ui *u, plot_spec *s)
{
	for (int i = 0; i < u->ncompare; i++) {
		const act_def *a = u->compare[i];
		/* the lab's own activation as the learner set it, others as defined */
		compared[i] = (compare_ctx){ a, a == u->lab.act ? u->lab.p : act_param_default(a),
		                             u->compare_df };
		snprintf(labels[i], sizeof labels[i], "%s%s", a->name, u->compare_df ? "'" : "");
		if (i > 0)
			extra[i - 1] = (plot_curve){ compare_at, &compared[i], labels[i] };
	}
	s->f = compare_at;
	s->df = NULL;
	s->ctx = &compared[0];
	s->f_label = labels[0];
	s->show_df = false;
	s->show_sat = false;
	s->extra = extra;
	s->nextra = u->ncompare - 1;
}

/* ---- the spec ---------------------------------------------------------------- */

static void plot_spec_of(ui *u, plot_spec *s, char *label, size_t len)
{
	lab *l = &u->lab;
	snprintf(label, len, "%s(x)", l->act->name);
	*s = (plot_spec){
		.from = l->from, .to = l->to,
		.f = lab_plot_f, .df = lab_plot_df, .ctx = l,
		.show_df = l->show_df,
		.show_marker = true, .marker_x = l->x,
		.show_sat = true, .legend = true, .f_label = label,
		.cs = l->cs, .letters = !u->color,
	};
	if (u->ncompare > 0) {
		compare_spec(u, s);
		return;
	}
	if (u->view != &view_chain)
		return;
	chain_knots(l);
	if (l->depth > UI_CHAIN_PLOT_DEPTH)
		snprintf(chain_label, sizeof chain_label, "out(x), depth %d (of %ld)",
		         UI_CHAIN_PLOT_DEPTH, l->depth);
	else
		snprintf(chain_label, sizeof chain_label, "out(x), depth %ld", l->depth);
	s->f = chain_out_at;
	s->df = chain_grad_at;
	s->ctx = NULL;
	s->f_label = chain_label;
	s->df_label = "d out/dx";
	s->show_sat = false;
}

void ui_plot_toggle_df(ui *u, int arg)
{
	(void)arg;
	if (u->ncompare == 0) {
		lab_do(&u->lab, LAB_TOGGLE_DF, u->msg, sizeof u->msg);
		return;
	}
	u->compare_df = !u->compare_df;
	snprintf(u->msg, sizeof u->msg, "comparing the %s; g switches back",
	         u->compare_df ? "gradients" : "functions");
}

/* ---- drawing ------------------------------------------------------------- */

/* The lab pane's title row, which the plot, chain, net and cost views
 * share: the activation, its formula and its summary. */
void ui_lab_title(ui *u, int x0, int y0, int w0)
{
	rect r = { x0, y0, w0, 1 };
	const glyphs *gl = draw_glyphs(u->ascii);
	const act_def *a = u->lab.act;
	draw_hline(&u->frame, r.x, r.y, r.w, gl->hline, ST_AXIS);
	char t[256];
	snprintf(t, sizeof t, " %s: %s ", a->name, u->ascii ? a->formula_ascii : a->formula);
	int x = r.x + 2;
	x += draw_text(&u->frame, x, r.y, r.w - 4, t, ST_BOLD);
	snprintf(t, sizeof t, " %s ", a->summary);
	if (x + 2 + draw_text_width(t) <= r.x + r.w - 2)
		draw_text(&u->frame, x + 2, r.y, r.w, t, ST_LABEL);
}

static int draw_plot(ui *u, rect r)
{
	if (u->plot.w != r.w || u->plot.h != r.h) {
		grid_free(&u->plot);
		if (grid_init(&u->plot, r.w, r.h) < 0)
			return -1;
	}
	char label[48];
	plot_spec spec;
	plot_spec_of(u, &spec, label, sizeof label);
	if (plot_draw(&u->plot, &spec) < 0)
		return 0;
	for (int y = 0; y < r.h; y++) {
		for (int x = 0; x < r.w; x++) {
			const cell *c = &u->plot.cells[(size_t)y * (size_t)r.w + (size_t)x];
			grid_put(&u->frame, r.x + x, r.y + y, c->ch, c->style);
		}
	}
	return 0;
}

typedef struct readout_row {
	int prio;            /* 1 always shown; 2, 3 dropped first when short of rows */
	const char *label;
	char value[40];
	uint16_t style;
} readout_row;

static void draw_readout(ui *u, rect r)
{
	const lab *l = &u->lab;
	const chain_result *c = &l->chain;
	readout_row rows[12];
	int n = 0;
#define ROW(p, lbl, st) (rows[n] = (readout_row){ p, lbl, "", st }, rows[n++].value)
	num_sig(l->x, 4, ROW(1, "x", ST_BOLD), 40);
	num_sig(l->fx, 4, ROW(1, "f(x)", ST_NONE), 40);
	num_sig(l->dfx, 4, ROW(1, "f'(x)", ST_NONE), 40);
	if (act_has_param(l->act))
		num_sig(l->p, 4, ROW(1, l->act->param.name, ST_NONE), 40);
	else
		strcpy(ROW(2, "param", ST_DIM), "none");
	snprintf(ROW(1, "depth", ST_NONE), 40, "%ld", l->depth);
	num_sig(l->gain, 4, ROW(2, "gain", ST_NONE), 40);
	num_sig(l->bias, 4, ROW(3, "bias", ST_NONE), 40);
	num_sig(c->out, 4, ROW(1, "out", ST_NONE), 40);
	if (c->state == CHAIN_UNDEFINED)
		strcpy(ROW(1, "d out/dx", ST_BAD), "undefined");
	else
		num_sci_log10(c->grad_sign, c->log10_grad, 4, ROW(1, "d out/dx", ST_BOLD), 40);
	strcpy(ROW(1, "", (uint16_t)(ST_BOLD | (c->state == CHAIN_PASSES ? ST_GOOD : ST_BAD))),
	       chain_state_name(c->state));
	long k = c->state == CHAIN_EXPLODES ? c->explode_layer
	         : c->state == CHAIN_UNDERFLOW ? c->underflow_layer
	         : (c->state == CHAIN_VANISHES || c->state == CHAIN_DEAD) ? c->vanish_layer : 0;
	if (k > 0)
		snprintf(ROW(3, "", ST_NONE), 40, "from layer %ld", k);
#undef ROW
	/* drop the least needed rows until the rest fit */
	int shown = n;
	for (int p = 3; p > 1 && shown > r.h; p--)
		for (int i = 0; i < n; i++)
			if (rows[i].prio == p) {
				rows[i].prio = 0;
				shown--;
			}
	int y = r.y;
	for (int i = 0; i < n && y < r.y + r.h; i++) {
		if (rows[i].prio == 0)
			continue;
		draw_text(&u->frame, r.x, y, READOUT_LABEL - 1, rows[i].label, ST_LABEL);
		draw_text(&u->frame, r.x + READOUT_LABEL, y, r.w - READOUT_LABEL, rows[i].value,
		     rows[i].style);
		y++;
	}
}

/* The per-layer strip: a bar per layer (or per group of layers) whose
 * height is log10 |dh_k/dx| between lo (at most 1e-6) and hi (at least 1),
 * so vanishing bars shrink towards the floor; dead layers show an x. */
static void draw_strip(ui *u, rect r)
{
	const glyphs *gl = draw_glyphs(u->ascii);
	const lab *l = &u->lab;
	grid *g = &u->frame;
	char buf[160];

	if (l->depth == 0) {
		draw_text(g, r.x, r.y, r.w, "depth 0: no layers, so out = x and d out/dx = 1", ST_LABEL);
		return;
	}
	int n = l->nstrip;
	int area = r.w - UI_STRIP_GUTTER;
	if (n <= 0 || area <= 0)
		return;
	if (l->depth > n) {
		long per = (l->depth + n - 1) / n;
		snprintf(buf, sizeof buf, "|dh_k/dx| per layer k, log scale; %s%ld layers a column",
		         l->depth % n ? "up to " : "", per);
	} else {
		snprintf(buf, sizeof buf, "|dh_k/dx| per layer k, log scale");
	}
	/* a zero has no place on a log scale: say what its mark means */
	bool zero = false;
	for (int c = 0; c < n; c++)
		zero = zero || l->strip[c].log10_grad == -INFINITY;
	if (zero)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "; %s: exactly 0",
		         area / n >= 2 ? "xx" : "x");
	int rows = r.h - 2;
	double lo = CHAIN_VANISH_LOG10, hi = 0;
	for (int c = 0; c < n; c++) {
		double v = l->strip[c].log10_grad;
		if (!isfinite(v))
			continue;
		if (v < lo)
			lo = floor(v);
		if (v > hi)
			hi = ceil(v);
	}
	/* one row of bars (a compact lab) has no room for a scale beside it:
	 * the label names it */
	if (rows == 1)
		draw_scale_named(buf, sizeof buf, lo, hi);
	draw_text(g, r.x, r.y, r.w, buf, ST_LABEL);
	if (rows < 1)
		return;
	int bw = area / n;
	if (bw > 3)
		bw = 3;
	if (bw < 1)
		bw = 1;
	int barw = bw == 3 ? 2 : bw;
	int bottom = r.y + rows;   /* the last bar row */
	int eighths = rows * 8;

	/* the thresholds, as dashes where no bar covers them */
	double th[2] = { CHAIN_VANISH_LOG10, CHAIN_EXPLODE_LOG10 };
	int th_row[2] = { -1, -1 };
	for (int i = 0; i < 2 && rows > 1; i++) {
		if (th[i] <= lo || th[i] >= hi)
			continue;
		int level = (int)floor((th[i] - lo) / (hi - lo) * rows);
		th_row[i] = bottom - level;
		draw_hline(g, r.x + UI_STRIP_GUTTER, th_row[i], n * bw, gl->dash, ST_AXIS | ST_DIM);
	}
	for (int c = 0; c < n; c++) {
		const lab_strip_col *sc = &l->strip[c];
		int x = r.x + UI_STRIP_GUTTER + c * bw;
		uint16_t st = sc->state == CHAIN_PASSES ? ST_GOOD : ST_BAD;
		if (isnan(sc->log10_grad)) {
			draw_hline(g, x, bottom, barw, '?', ST_BAD);
			continue;
		}
		if (sc->log10_grad == -INFINITY) {
			draw_hline(g, x, bottom, barw, 'x', ST_BAD);
			continue;
		}
		int e = (int)lround((sc->log10_grad - lo) / (hi - lo) * eighths);
		if (e < 1)
			e = 1;   /* a gradient, however small, is not dead: keep a sliver */
		if (e > eighths)
			e = eighths;
		for (int i = 0; i < rows; i++) {
			int f = e - 8 * i;
			if (f <= 0)
				break;
			draw_hline(g, x, bottom - i, barw, gl->bar[f > 8 ? 8 : f], st);
		}
	}
	/* the scale, left of the bars */
	int lw = UI_STRIP_GUTTER - 1;
	draw_pow10_label(hi, buf, sizeof buf);
	if (rows > 1)
		draw_text(g, r.x + lw - draw_text_width(buf), r.y + 1, lw, buf, ST_LABEL);
	draw_pow10_label(lo, buf, sizeof buf);
	if (rows > 1)
		draw_text(g, r.x + lw - draw_text_width(buf), bottom, lw, buf, ST_LABEL);
	for (int i = 0; i < 2; i++) {
		if (th_row[i] > r.y + 1 && th_row[i] < bottom) {
			draw_pow10_label(th[i], buf, sizeof buf);
			draw_text(g, r.x + lw - draw_text_width(buf), th_row[i], lw, buf, ST_LABEL);
		}
	}
	/* the layer axis: 1 at the left, the depth under the last column, and
	 * a mark under the column where the gradient first vanished or
	 * exploded (the depth moves right of the mark when they meet) */
	int ay = r.y + r.h - 1;
	int x0 = r.x + UI_STRIP_GUTTER;
	draw_text(g, x0 - 6, ay, 5, "layer", ST_LABEL);
	draw_text(g, x0, ay, 1, "1", ST_LABEL);
	const chain_result *cr = &l->chain;
	long k = cr->state == CHAIN_EXPLODES ? cr->explode_layer
	         : cr->state == CHAIN_PASSES ? 0 : cr->vanish_layer;
	int mark = -1;
	for (int c = 0; k > 0 && c < n; c++) {
		if (l->strip[c].k0 <= k && k <= l->strip[c].k1) {
			mark = x0 + c * bw;
			break;
		}
	}
	if (n > 1) {
		snprintf(buf, sizeof buf, "%ld", l->depth);
		int len = draw_text_width(buf);
		int lx = x0 + (n - 1) * bw;
		if (lx + len > r.x + r.w)
			lx = r.x + r.w - len;
		if (mark >= lx - len && mark < lx + len)
			lx = mark + 1 > lx ? mark + 1 : lx;
		if (lx > x0 + 1 && lx + len <= r.x + r.w)
			draw_text(g, lx, ay, len, buf, ST_LABEL);
	}
	/* under layer 1 the mark goes beside the "1" (still under that
	 * column's bar) rather than on it */
	if (mark == x0 && barw > 1)
		mark++;
	if (mark >= 0)
		grid_put(g, mark, ay, u->ascii ? '^' : 0x25b2, ST_BAD | ST_BOLD);
}


/* The lab pane of the plot and the chain views: the title, the plot with
 * the readout to its right, the strip below. A compact lab (below 16
 * rows) keeps one row of bars in the strip: rows for the plot matter more
 * there. */
static int plot_draw_pane(ui *u, int x, int y, int w, int h)
{
	rect r = { x, y, w, h };
	ui_lab_title(u, r.x, r.y, r.w);
	int sh = r.h < 16 ? 3 : r.h <= 18 ? 5 : r.h / 4 > 12 ? 12 : r.h / 4 < 5 ? 5 : r.h / 4;
	int ph = r.h - 1 - sh;
	int pw = r.w - READOUT_W - 1;
	if (draw_plot(u, (rect){ r.x, r.y + 1, pw, ph }) < 0)
		return -1;
	draw_readout(u, (rect){ r.x + pw + 1, r.y + 1, READOUT_W, ph });
	draw_strip(u, (rect){ r.x, r.y + 1 + ph, r.w, sh });
	return 0;
}

static void chain_enter(ui *u)
{
	snprintf(u->msg, sizeof u->msg, "the chain's output over x, drawn at most %d layers deep; "
	         "view plot goes back", UI_CHAIN_PLOT_DEPTH);
}

const view_ops view_plot = {
	.name = "plot", .title = "plot",
	.lab_keys = VIEW_KEYS_X | VIEW_KEYS_PARAM | VIEW_KEYS_CHAIN, .chain = VIEW_CHAIN_STRIP,
	.draw = plot_draw_pane,
};

const view_ops view_chain = {
	.name = "chain", .title = "chain", .gives_way_to_compare = true,
	.lab_keys = VIEW_KEYS_X | VIEW_KEYS_PARAM | VIEW_KEYS_CHAIN, .chain = VIEW_CHAIN_STRIP,
	.enter = chain_enter, .draw = plot_draw_pane,
};
