/* ui_plot.c - what the lab's plot shows: the activation with its gradient
 * (`view plot`), the depth chain's output and gradient as functions of x
 * (`view chain`), or up to four activations overlaid (`compare`, with `g`
 * switching between the functions and their gradients). It fills in a
 * plot_spec; ui_view.c draws it.
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

#include "plot.h"
#include "ui_impl.h"

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

void ui_plot_spec(ui *u, plot_spec *s, char *label, size_t len)
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
	if (u->view != UI_VIEW_CHAIN)
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
