/* lab.c - the interactive lab's model (see lab.h): the actions keys map to,
 * and f, f' and the depth chain at the current x, with the chain cached so a
 * depth of 100000 is walked again only when something it depends on moved. */
#include "lab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "setting.h"

#define DEFAULT_FROM (-5.0)
#define DEFAULT_TO 5.0

void lab_set_home(lab *l)
{
	size_t n;
	const setting *t = setting_table(&n);
	lab_home *h = &l->home;
	for (size_t i = 0; i < n && i < LAB_SETTINGS_MAX; i++)
		h->v[i] = setting_get(&t[i], l);
	h->act = l->act;
	h->from = l->from;
	h->to = l->to;
	h->show_df = l->show_df;
	h->what = l->net.what;
}

double lab_home_value(const lab *l, int v)
{
	size_t n;
	const setting *t = setting_table(&n);
	const setting *s = setting_of((cmd_var)v);
	return s ? l->home.v[s - t] : 0;
}

/* Back to the home state: every setting the table marks as reset. */
static void go_home(lab *l)
{
	size_t n;
	const setting *t = setting_table(&n);
	const lab_home *h = &l->home;
	l->act = h->act;
	for (size_t i = 0; i < n && i < LAB_SETTINGS_MAX; i++)
		if (t[i].reset)
			setting_put(&t[i], l, h->v[i]);
	l->from = h->from;
	l->to = h->to;
	l->show_df = h->show_df;
	l->net.what = h->what;
}

void lab_init(lab *l)
{
	memset(l, 0, sizeof *l);
	l->act = act_find("relu");
	l->p = act_param_default(l->act);
	l->x = LAB_DEFAULT_X;
	l->depth = 1;
	l->gain = 1.0;
	l->bias = 0.0;
	l->from = DEFAULT_FROM;
	l->to = DEFAULT_TO;
	l->show_df = true;
	train_cfg_default(&l->train);
	net_params np = net_defaults();
	l->net = (lab_net){ np.width, np.batch, np.seed, np.init, NET_ACT };
	l->cs = CS_ASCII;
	l->color = true;
	lab_set_home(l);
}

void lab_apply_opts(lab *l, const opts_state *st)
{
	if (st->act) {
		l->act = st->act;
		l->p = st->p;
	}
	if (st->x_given) {
		l->x = st->x;
		/* an x outside the default range gets a range as wide around
		 * it, moved inside the limits at their edge (a narrower one
		 * would be empty at x = LAB_X_MAX) */
		if (l->x < l->from || l->x > l->to) {
			double span = l->to - l->from;
			double from = l->x - span / 2;
			if (from + span > LAB_X_MAX)
				from = LAB_X_MAX - span;
			if (from < -LAB_X_MAX)
				from = -LAB_X_MAX;
			l->from = from;
			l->to = from + span;
		}
	}
	if (st->depth_given)
		l->depth = st->depth;
	if (st->gain_given)
		l->gain = st->gain;
	if (st->bias_given)
		l->bias = st->bias;
	l->cs = st->cs_given ? st->cs : opts_default_charset();
	l->color = !st->no_color;
	l->valid = false;
	lab_set_home(l);
}

void lab_free(lab *l)
{
	free(l->strip);
	l->strip = NULL;
	l->strip_cap = 0;
	l->nstrip = 0;
}

double lab_x_step(const lab *l, bool coarse)
{
	return num_nice_step(l->to - l->from, coarse ? 10 : 100);
}

static void say(char *msg, size_t len, const char *fmt, const char *a, double v)
{
	if (!msg || !len)
		return;
	char num[32];
	snprintf(msg, len, fmt, a, num_shortest(v, num));
}

static bool move_x(lab *l, int dir, bool coarse, char *msg, size_t len)
{
	/* a fine step lands on its grid; a coarse one moves by exactly the
	 * step, so x = -0.5 goes to 0.5 and -1.5, not to the whole numbers */
	double step = lab_x_step(l, coarse);
	double nx = coarse ? setting_tidy(l->x + dir * step) : setting_snap(l->x, step, dir);
	if (nx > LAB_X_MAX)
		nx = LAB_X_MAX;
	if (nx < -LAB_X_MAX)
		nx = -LAB_X_MAX;
	if (nx == l->x) {
		say(msg, len, "%s is at its limit, %s", "x", l->x);
		return false;
	}
	l->x = nx;
	/* keep x in view: pan the range with it */
	double span = l->to - l->from;
	if (l->x > l->to) {
		l->to = l->x;
		l->from = setting_tidy(l->x - span);
	} else if (l->x < l->from) {
		l->from = l->x;
		l->to = setting_tidy(l->x + span);
	}
	return true;
}

static bool move_param(lab *l, int dir, bool coarse, char *msg, size_t len)
{
	const act_param *ap = &l->act->param;
	if (!act_has_param(l->act)) {
		if (msg && len)
			snprintf(msg, len, "%s takes no parameter", l->act->name);
		return false;
	}
	double np = setting_snap(l->p, coarse ? ap->coarse : ap->fine, dir);
	if (np > ap->max)
		np = ap->max;
	if (np < ap->min)
		np = ap->min;
	if (ap->min_open && np <= ap->min && coarse)
		np = setting_snap(l->p, ap->fine, dir);  /* as close as a fine step gets */
	if (ap->min_open && np <= ap->min) {
		say(msg, len, "%s must stay above %s", ap->name, ap->min);
		return false;
	}
	if (np == l->p) {
		say(msg, len, dir > 0 ? "%s is at its maximum, %s" : "%s is at its minimum, %s",
		    ap->name, l->p);
		return false;
	}
	l->p = np;
	return true;
}

/* A key's step of a setting by its row's rule; at the limit, false and
 * which limit in msg. */
static bool step_setting(lab *l, cmd_var v, int dir, char *msg, size_t len)
{
	const setting *s = setting_of(v);
	double now = setting_get(s, l);
	double next = setting_next(s, now, dir, 0);
	if (next == now) {
		say(msg, len, dir > 0 ? "%s is at its maximum, %s" : "%s is at its minimum, %s",
		    s->name, now);
		return false;
	}
	setting_put(s, l, next);
	return true;
}

static bool zoom(lab *l, int dir, char *msg, size_t len)
{
	double span = l->to - l->from;
	double ns = dir > 0 ? span / 2 : span * 2;
	if (ns < LAB_SPAN_MIN * (1 - 1e-9) || ns > LAB_SPAN_MAX * (1 + 1e-9)) {
		if (msg && len)
			snprintf(msg, len, "cannot zoom %s further", dir > 0 ? "in" : "out");
		return false;
	}
	/* about the centre, so a symmetric range stays symmetric; about x
	 * when the centre would leave x out of view */
	double c = (l->from + l->to) / 2;
	double nf = c - ns / 2, nt = c + ns / 2;
	if (l->x < nf || l->x > nt) {
		double t = (l->x - l->from) / span;
		nf = l->x - t * ns;
		nt = nf + ns;
	}
	if (nf < -LAB_X_MAX) {
		nf = -LAB_X_MAX;
		nt = nf + ns;
	}
	if (nt > LAB_X_MAX) {
		nt = LAB_X_MAX;
		nf = nt - ns;
	}
	l->from = setting_tidy(nf);
	l->to = setting_tidy(nt);
	return true;
}

void lab_set_act(lab *l, const act_def *a)
{
	l->act = a;
	l->p = act_param_default(a);
}

void lab_switch_act(lab *l, const act_def *a)
{
	int from = act_index(l->act), to = act_index(a);
	if (from >= 0 && from < LAB_KEPT_ACTS) {
		l->kept_p[from] = l->p;
		l->kept[from] = true;
	}
	lab_set_act(l, a);
	if (to >= 0 && to < LAB_KEPT_ACTS && l->kept[to])
		l->p = l->kept_p[to];
}

static void step_act(lab *l, int dir)
{
	size_t n;
	const act_def *t = act_table(&n);
	int i = act_index(l->act);
	i = (int)(((size_t)i + n + (dir > 0 ? 1 : n - 1)) % n);
	lab_switch_act(l, &t[i]);
}

bool lab_step(lab *l, cmd_var v, int dir, bool coarse, char *msg, size_t msglen)
{
	if (msg && msglen)
		msg[0] = '\0';
	if (v == CMD_VAR_X)
		return move_x(l, dir, coarse, msg, msglen);
	if (v == CMD_VAR_PARAM)
		return move_param(l, dir, coarse, msg, msglen);
	if (setting_of(v)->step == STEP_NONE) {
		if (msg && msglen)
			snprintf(msg, msglen, "no key steps %s", setting_of(v)->name);
		return false;
	}
	return step_setting(l, v, dir, msg, msglen);
}

bool lab_do(lab *l, lab_action a, char *msg, size_t msglen)
{
	if (msg && msglen)
		msg[0] = '\0';
	switch (a) {
	case LAB_ACT_NEXT:      step_act(l, +1); return true;
	case LAB_ACT_PREV:      step_act(l, -1); return true;
	case LAB_ZOOM_IN:       return zoom(l, +1, msg, msglen);
	case LAB_ZOOM_OUT:      return zoom(l, -1, msg, msglen);
	case LAB_TOGGLE_DF:     l->show_df = !l->show_df; return true;
	case LAB_RESET:         go_home(l); return true;
	case LAB_NET_WHAT_NEXT:
		l->net.what = (net_what)((l->net.what + 1) % NET_WHATS);
		return true;
	}
	return false;
}

chain_state lab_grad_state(int sign, double log10_grad)
{
	if (isnan(log10_grad))
		return CHAIN_UNDEFINED;
	if (sign == 0)
		return CHAIN_DEAD;
	if (log10_grad < CHAIN_VANISH_LOG10)
		return CHAIN_VANISHES;
	if (log10_grad > CHAIN_EXPLODE_LOG10)
		return CHAIN_EXPLODES;
	return CHAIN_PASSES;
}

/* Fills the strip while the chain is walked: the layer that ends a column
 * gives the column its value. */
typedef struct strip_fill {
	lab *l;
	int col;
} strip_fill;

static void visit_layer(void *ctx, const chain_layer *ly)
{
	strip_fill *sf = ctx;
	lab *l = sf->l;
	if (sf->col >= l->nstrip)
		return;
	lab_strip_col *c = &l->strip[sf->col];
	if (ly->k < c->k1)
		return;
	c->log10_grad = chain_layer_log10(ly);
	c->state = ly->underflow && ly->grad_sign == 0 ? CHAIN_UNDERFLOW :
	           lab_grad_state(ly->grad_sign, c->log10_grad);
	sf->col++;
}

static bool same_key(const lab *l, int cols)
{
	const chain_params *k = &l->key_cp;
	return l->valid && k->act == l->act && k->p == l->p && k->depth == l->depth
	       && k->gain == l->gain && k->bias == l->bias && l->key_x == l->x
	       && l->key_cols == cols;
}

int lab_update(lab *l, int max_cols)
{
	if (max_cols < 0)
		max_cols = 0;
	l->fx = l->act->f(l->x, l->p);
	l->dfx = l->act->df(l->x, l->p);
	if (same_key(l, max_cols))
		return 0;

	int n = l->depth < max_cols ? (int)l->depth : max_cols;
	if (n > l->strip_cap) {
		lab_strip_col *s = realloc(l->strip, (size_t)n * sizeof *s);
		if (!s)
			return -1;
		l->strip = s;
		l->strip_cap = n;
	}
	l->nstrip = n;
	/* column c holds layers floor(c*D/n)+1 .. floor((c+1)*D/n) */
	for (int c = 0; c < n; c++) {
		l->strip[c].k0 = (long)((double)c * (double)l->depth / n) + 1;
		l->strip[c].k1 = (long)((double)(c + 1) * (double)l->depth / n);
		l->strip[c].log10_grad = NAN;
		l->strip[c].state = CHAIN_UNDEFINED;
	}
	if (n > 0)
		l->strip[n - 1].k1 = l->depth;

	chain_params cp = { l->act, l->p, l->depth, l->gain, l->bias };
	strip_fill sf = { l, 0 };
	chain_eval(&cp, l->x, &l->chain, n > 0 ? visit_layer : NULL, &sf);
	l->evals++;
	l->key_cp = cp;
	l->key_x = l->x;
	l->key_cols = max_cols;
	l->valid = true;
	return 0;
}

net_params lab_net_params(const lab *l)
{
	net_params p = net_defaults();
	p.act = l->act;
	p.p = l->p;
	p.gain = l->gain;
	p.width = l->net.width;
	p.batch = l->net.batch;
	p.seed = l->net.seed;
	p.init = l->net.init;
	long cap = net_max_depth(p.width);
	p.depth = l->depth < 1 ? 1 : l->depth > cap ? cap : l->depth;
	return p;
}

double lab_plot_f(void *ctx, double x)
{
	const lab *l = ctx;
	return l->act->f(x, l->p);
}

double lab_plot_df(void *ctx, double x)
{
	const lab *l = ctx;
	return l->act->df(x, l->p);
}
