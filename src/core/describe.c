/* describe.c - the lab in words (see describe.h).
 *
 * The curve is read from DESCRIBE_SAMPLES + 1 evenly spaced points, and
 * each place a sentence names (the edge of a flat or saturated stretch, a
 * kink, a jump) is found again by bisection between the two samples around
 * it, so "below 0.1 for x < -2.06" is sigmoid's own boundary and not the
 * nearest sample's. A kink is told from a sharp smooth bend by halving the
 * interval until it is a millionth of a sample step: a smooth f' changes
 * by next to nothing over it, a kink by the whole jump.
 */
#include "describe.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "cost.h"
#include "net.h"
#include "num.h"
#include "train.h"

#define N DESCRIBE_SAMPLES
#define BISECT_STEPS 60
#define MAX_SPOTS 4          /* kinks, jumps and bends named; more are counted */
#define MAX_PIECES 4         /* flat, straight and saturated stretches named */
/* across neighbouring doubles, a change of f (or f') larger than this, times
 * max(1, |f|), is a jump (or a kink), not a steep or sharply bending curve */
#define JUMP_MIN 1e-6
/* a bend is named when it turns the tangent by at least this (radians,
 * about 3 degrees) and is at least this share of the sharpest one */
#define BEND_MIN_TURN 0.05
#define BEND_SHARE 0.3

/* ---- writing ---------------------------------------------------------------- */

typedef struct out {
	char *buf;
	size_t len, used;
} out;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(out *o, const char *fmt, ...)
{
	if (o->used + 1 >= o->len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->used += (size_t)n;
	if (o->used >= o->len)
		o->used = o->len - 1;
}

static const char *sig(double v, int digits, char *b, size_t len)
{
	return num_sig(v, digits, b, len);
}

/* "relu", "leaky_relu (slope 0.01)" */
static void put_act(out *o, const act_def *a, double p)
{
	char b[32];
	put(o, "%s", a->name);
	if (act_has_param(a))
		put(o, " (%s %s)", a->param.name, sig(p, 4, b, sizeof b));
}

/* ---- the readout -------------------------------------------------------------- */

static void put_chain(out *o, const lab *l, double x)
{
	chain_params cp = { l->act, l->p, l->depth, l->gain, l->bias };
	chain_result r;
	chain_eval(&cp, x, &r, NULL, NULL);
	char b[40];
	put(o, "Depth %ld", l->depth);
	if (l->gain != 1)
		put(o, ", gain %s", sig(l->gain, 4, b, sizeof b));
	if (l->bias != 0)
		put(o, ", bias %s", sig(l->bias, 4, b, sizeof b));
	/* a NaN's sign is the machine's, and "nan" reads badly aloud */
	put(o, ": out %s, ", isnan(r.out) ? "not a number" : sig(r.out, 4, b, sizeof b));
	if (r.state == CHAIN_UNDEFINED) {
		put(o, "d out/dx undefined (the chain overflowed).");
		return;
	}
	/* as a plain number while a double holds it, else by its log10
	 * ("1.3e-602"), to the same 4 digits as the readout */
	if (r.grad_sign != 0 && isfinite(r.grad) && r.grad != 0 && fabs(r.log10_grad) < 300)
		sig(r.grad, 4, b, sizeof b);
	else
		num_sci_log10(r.grad_sign, r.log10_grad, 4, b, sizeof b);
	put(o, "d out/dx = %s, %s", b, chain_state_name(r.state));
	long k = r.state == CHAIN_EXPLODES ? r.explode_layer
	         : r.state == CHAIN_VANISHES || r.state == CHAIN_DEAD ? r.vanish_layer : 0;
	if (k > 0)
		put(o, " from layer %ld", k);
	put(o, ".");
}

static char *point(const lab *l, double x, char *buf, size_t len)
{
	out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	double f, df;
	act_eval(l->act, x, l->p, &f, &df);
	char xs[32], fs[32], dfs[32];
	put_act(&o, l->act, l->p);
	put(&o, " at x = %s: f(x) = %s, f'(x) = %s. ", sig(x, 6, xs, sizeof xs),
	    sig(f, 4, fs, sizeof fs), sig(df, 4, dfs, sizeof dfs));
	put_chain(&o, l, x);
	return buf;
}

char *describe_readout(const lab *l, char *buf, size_t len)
{
	return point(l, l->x, buf, len);
}

char *describe_at(const lab *l, double x, char *buf, size_t len)
{
	return point(l, x, buf, len);
}

char *describe_compare(const lab *l, const act_def *const *acts, int n, char *buf,
                       size_t len)
{
	out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	char b[32];
	put(&o, "At x = %s:", sig(l->x, 6, b, sizeof b));
	for (int i = 0; i < n; i++) {
		const act_def *a = acts[i];
		double p = a == l->act ? l->p : act_param_default(a);
		double f, df;
		act_eval(a, l->x, p, &f, &df);
		put(&o, "%s ", i ? ";" : "");
		put_act(&o, a, p);
		put(&o, " f = %s,", sig(f, 4, b, sizeof b));
		put(&o, " f' = %s", sig(df, 4, b, sizeof b));
	}
	put(&o, ".");
	return buf;
}

/* ---- the curve ---------------------------------------------------------------- */

typedef struct curve {
	const lab *l;
	double from, to, h;
	double x[N + 1], f[N + 1], df[N + 1];
} curve;

static void at(const curve *c, double x, double *f, double *df)
{
	act_eval(c->l->act, x, c->l->p, f, df);
}

/* What a stretch is: the test a point passes. */
typedef enum kind { K_SAT, K_FLAT, K_SLOPE } kind;

static bool is(const curve *c, kind k, double slope, double x)
{
	double f, df;
	at(c, x, &f, &df);
	switch (k) {
	case K_SAT:
		return fabs(df) < DESCRIBE_SAT;
	case K_FLAT:
		return df == 0;
	case K_SLOPE:
		return df == slope;
	}
	return false;
}

/* The edge between a (passes) and b (does not): halved until the two are
 * neighbouring doubles, or BISECT_STEPS times. */
static double edge(const curve *c, kind k, double slope, double a, double b)
{
	for (int i = 0; i < BISECT_STEPS; i++) {
		double m = a + (b - a) / 2;
		if (m == a || m == b)
			break;
		if (is(c, k, slope, m))
			a = m;
		else
			b = m;
	}
	return a + (b - a) / 2;
}

/* A place to print: within a billionth of the range of 0 is 0 (an edge
 * found by bisection lands a rounding error beside it). */
static double tidy(const curve *c, double x)
{
	return fabs(x) < (c->to - c->from) * 1e-9 ? 0 : x;
}

typedef struct piece {
	double a, b;      /* a == from: open on the left; b == to: on the right */
	double slope;
	kind k;
} piece;

/* "for x < 0", "for 1 < x < 2"; with_for false: without "for ". */
static void put_span(out *o, const curve *c, const piece *p, int digits, bool with_for)
{
	char a[32], b[32];
	sig(tidy(c, p->a), digits, a, sizeof a);
	sig(tidy(c, p->b), digits, b, sizeof b);
	bool left = p->a <= c->from, right = p->b >= c->to;
	if (left && right) {
		put(o, "everywhere on the range");
		return;
	}
	if (with_for)
		put(o, "for ");
	if (left)
		put(o, "x < %s", b);
	else if (right)
		put(o, "x > %s", a);
	else
		put(o, "%s < x < %s", a, b);
}

/* Samples i to j as a piece of kind k, its inner edges bisected, added
 * to v[0..n) while there is room (else counted in *more). The new n. */
static int add_run(const curve *c, int i, int j, kind k, double slope, piece *v, int n,
                   int cap, int *more)
{
	piece p = { c->from, c->to, slope, k };
	if (i > 0)
		p.a = edge(c, k, slope, c->x[i], c->x[i - 1]);
	if (j < N)
		p.b = edge(c, k, slope, c->x[j], c->x[j + 1]);
	if (n < cap)
		v[n++] = p;
	else
		(*more)++;
	return n;
}

/* The stretches where every sample passes the test, edges bisected; runs
 * of fewer than min samples are left out (a touch of 0 is no stretch). */
static int stretches(const curve *c, kind k, double slope, int min, piece *v, int cap,
                     int *more)
{
	int n = 0;
	*more = 0;
	for (int i = 0; i <= N;) {
		if (!is(c, k, slope, c->x[i])) {
			i++;
			continue;
		}
		int j = i;
		while (j + 1 <= N && is(c, k, slope, c->x[j + 1]))
			j++;
		if (j - i + 1 >= min || (i == 0 && j == N))
			n = add_run(c, i, j, k, slope, v, n, cap, more);
		i = j + 1;
	}
	return n;
}

/* The straight pieces (f' the same to the last bit over a run of samples),
 * in order of x. */
static int straight(const curve *c, piece *v, int cap, int *more)
{
	int n = 0;
	*more = 0;
	int min = N / 32;
	for (int i = 0; i <= N;) {
		double s = c->df[i];
		int j = i;
		while (j + 1 <= N && c->df[j + 1] == s)
			j++;
		if (isfinite(s) && (j - i + 1 >= min || (i == 0 && j == N)))
			n = add_run(c, i, j, s == 0 ? K_FLAT : K_SLOPE, s, v, n, cap, more);
		i = j + 1;
	}
	return n;
}

/* A place a sentence names: a kink, a jump, a bend. */
typedef struct spot {
	double x;
} spot;

/* Between samples i and i+1: halve towards the larger change of f (or of
 * f', deriv) down to neighbouring doubles; a change still there is a jump
 * (or a kink), at *x. A smooth curve changes by next to nothing over the
 * width of a double. */
static bool split(const curve *c, int i, bool deriv, double *x)
{
	double a = c->x[i], b = c->x[i + 1];
	double va = deriv ? c->df[i] : c->f[i], vb = deriv ? c->df[i + 1] : c->f[i + 1];
	if (!isfinite(va) || !isfinite(vb) || fabs(vb - va) <= JUMP_MIN * fmax(1, fabs(va)))
		return false;
	for (;;) {
		double m = a + (b - a) / 2, fm, dm;
		if (m <= a || m >= b)
			break;
		at(c, m, &fm, &dm);
		double vm = deriv ? dm : fm;
		if (!isfinite(vm))
			return false;
		if (fabs(vm - va) >= fabs(vb - vm)) {
			b = m;
			vb = vm;
		} else {
			a = m;
			va = vm;
		}
	}
	*x = a + (b - a) / 2;
	return fabs(vb - va) > JUMP_MIN * fmax(1, fabs(va));
}

static void put_x_list(out *o, const curve *c, const spot *v, int n, int more, int digits,
                       const char *word)
{
	char b[32];
	for (int i = 0; i < n; i++) {
		put(o, "%s%s%s = %s", i == 0 ? "" : i == n - 1 && !more ? " and " : ", ",
		    i == 0 ? word : "", i == 0 ? "" : "x", sig(tidy(c, v[i].x), digits, b, sizeof b));
	}
	if (more)
		put(o, " and %d more", more);
}

static void put_pieces(out *o, const curve *c, const piece *v, int n, int more, int digits)
{
	for (int i = 0; i < n; i++) {
		put(o, "%s", i == 0 ? "" : i == n - 1 && !more ? " and " : ", ");
		put_span(o, c, &v[i], digits, i == 0);
	}
	if (more)
		put(o, " and %d more stretch%s", more, more == 1 ? "" : "es");
}

/* How fast the tangent turns at x, over x - d .. x + d. */
static double turn_at(const curve *c, double x, double d)
{
	double f, da, db;
	at(c, x - d, &f, &da);
	at(c, x + d, &f, &db);
	return isfinite(da) && isfinite(db) ? fabs(atan(db) - atan(da)) : 0;
}

/* Where between samples i - 1 and i + 1 the tangent turns fastest: a bend
 * of a zoomed-out range lies anywhere within a sample step. */
static double bend_at(const curve *c, int i)
{
	double a = c->x[i - 1], b = c->x[i + 1], best = c->x[i];
	for (int round = 0; round < 3; round++) {
		double step = (b - a) / 32, top = -1;
		for (int k = 0; k <= 32; k++) {
			double x = a + step * k, t = turn_at(c, x, step / 2);
			if (t > top) {
				top = t;
				best = x;
			}
		}
		a = best - step;
		b = best + step;
	}
	return best;
}

char *describe_curve(const lab *l, char *buf, size_t len)
{
	static curve c;   /* 12 KB: not on the stack of a front end's loop */
	out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	c.l = l;
	c.from = l->from;
	c.to = l->to;
	c.h = (c.to - c.from) / N;
	for (int i = 0; i <= N; i++) {
		c.x[i] = i == N ? c.to : c.from + c.h * i;
		at(&c, c.x[i], &c.f[i], &c.df[i]);
	}
	char a[32], b[32], m[32], mx[32];
	put_act(&o, l->act, l->p);
	put(&o, " on [%s, %s]", sig(c.from, 4, a, sizeof a), sig(c.to, 4, b, sizeof b));

	/* rises, falls, or neither, by the sign of f' */
	bool up = true, down = true, finite = true;
	int lo = 0;
	for (int i = 0; i <= N; i++) {
		if (!isfinite(c.f[i]) || !isfinite(c.df[i])) {
			finite = false;
			continue;
		}
		/* by the values, so a step rises; by f' a step would be flat */
		if (i > 0 && isfinite(c.f[i - 1])) {
			up = up && c.f[i] >= c.f[i - 1];
			down = down && c.f[i] <= c.f[i - 1];
		}
		if (c.f[i] < c.f[lo])
			lo = i;
	}
	if (!finite)
		put(&o, " is not finite everywhere");
	else if (up && down)
		put(&o, " is constant at %s", sig(c.f[0], 4, a, sizeof a));
	else if (up || down)
		put(&o, " %s from %s to %s", up ? "rises" : "falls", sig(c.f[0], 4, a, sizeof a),
		    sig(c.f[N], 4, b, sizeof b));
	else
		put(&o, " goes from %s to %s, lowest %s near x = %s", sig(c.f[0], 4, a, sizeof a),
		    sig(c.f[N], 4, b, sizeof b), sig(c.f[lo], 4, m, sizeof m),
		    sig(tidy(&c, c.x[lo]), 2, mx, sizeof mx));

	/* straight and flat pieces */
	piece pv[MAX_PIECES];
	int more;
	int np = straight(&c, pv, MAX_PIECES, &more);
	for (int i = 0; i < np; i++) {
		put(&o, "%s", i == 0 ? "; " : i == np - 1 && !more ? " and " : ", ");
		if (pv[i].k == K_FLAT)
			put(&o, "flat (f' = 0) ");
		else
			put(&o, "straight with slope %s ", sig(pv[i].slope, 4, a, sizeof a));
		put_span(&o, &c, &pv[i], 3, true);
	}
	if (more)
		put(&o, " and %d more straight piece%s", more, more == 1 ? "" : "s");

	/* kinks and jumps, and where the rest bends most */
	spot kinks[MAX_SPOTS], jumps[MAX_SPOTS];
	int nk = 0, nj = 0, mk = 0, mj = 0;
	static bool at_kink[N + 1];
	memset(at_kink, 0, sizeof at_kink);
	for (int i = 0; i < N; i++) {
		double x;
		bool jump = split(&c, i, false, &x);
		if (!jump && !split(&c, i, true, &x))
			continue;
		at_kink[i] = at_kink[i + 1] = true;
		/* a kink on a sample is seen from the intervals on both sides */
		spot *last = jump ? (nj ? &jumps[nj - 1] : NULL) : (nk ? &kinks[nk - 1] : NULL);
		if (last && x - last->x <= c.h)
			continue;
		spot s = { x };
		if (jump) {
			if (nj < MAX_SPOTS)
				jumps[nj++] = s;
			else
				mj++;
		} else {
			if (nk < MAX_SPOTS)
				kinks[nk++] = s;
			else
				mk++;
		}
	}
	if (nj) {
		put(&o, "; %s ", nj + mj == 1 ? "a jump at" : "jumps at");
		put_x_list(&o, &c, jumps, nj, mj, 3, "x");
	}
	if (nk) {
		put(&o, "; %s ", nk + mk == 1 ? "a kink at" : "kinks at");
		put_x_list(&o, &c, kinks, nk, mk, 3, "x");
	}
	/* the tangent's angle: how fast it turns between samples, away from
	 * kinks */
	double total = 0, sharpest = 0;
	static double turn[N + 1];
	for (int i = 0; i <= N; i++) {
		turn[i] = 0;
		if (i == 0 || i == N || at_kink[i] || at_kink[i - 1] || at_kink[i + 1] ||
		    !isfinite(c.df[i - 1]) || !isfinite(c.df[i + 1]))
			continue;
		turn[i] = fabs(atan(c.df[i + 1]) - atan(c.df[i - 1])) / 2;
		total += turn[i];
		if (turn[i] > sharpest)
			sharpest = turn[i];
	}
	spot bends[MAX_SPOTS];
	int nb = 0, mb = 0;
	if (total >= BEND_MIN_TURN) {
		for (int i = 1; i < N; i++) {
			if (turn[i] < BEND_SHARE * sharpest || turn[i] < turn[i - 1] ||
			    turn[i] <= turn[i + 1])
				continue;
			/* found to a fraction of a sample step: nearer 0 than that is 0 */
			double x = bend_at(&c, i);
			spot s = { fabs(x) < c.h / 100 ? 0 : x };
			if (nb < MAX_SPOTS)
				bends[nb++] = s;
			else
				mb++;
		}
	}
	if (nb) {
		put(&o, "; it bends most near ");
		put_x_list(&o, &c, bends, nb, mb, 2, "x");
	} else if (nk == 0 && nj == 0 && finite) {
		put(&o, "; it does not bend");
	}

	/* where the gradient is small */
	int ns = stretches(&c, K_SAT, 0, 1, pv, MAX_PIECES, &more);
	if (ns == 0) {
		put(&o, "; |f'| is at least %g everywhere on the range.", DESCRIBE_SAT);
	} else {
		put(&o, "; |f'| is below %g ", DESCRIBE_SAT);
		put_pieces(&o, &c, pv, ns, more, 3);
		put(&o, ".");
	}
	return buf;
}

/* ---- the training, network and cost views --------------------------------------- */

/* "loss 0.01234, < 0.01 at step 145, dead units 9 of 64": the training
 * view's readout rows, for one network. */
static void put_trained(out *o, const train_net *n, long head_steps)
{
	char b[32], fit[32];
	int dead, units;
	double loss = train_loss_dead(n, &dead, &units);
	sig(TRAIN_FIT_LOSS, 4, fit, sizeof fit);
	if (n->state == TRAIN_DIVERGED) {
		put(o, "diverged");
		if (n->steps != head_steps)
			put(o, " at step %ld", n->steps);
		put(o, ", the loss no longer a finite number");
	} else {
		put(o, "loss %s, ", isfinite(loss) ? sig(loss, 4, b, sizeof b) : "not finite");
		if (n->fit_step >= 0)
			put(o, "< %s at step %ld", fit, n->fit_step);
		else
			put(o, "< %s not yet", fit);
	}
	put(o, ", dead units %d of %d", dead, units);
}

char *describe_train(const train_net *n, const train_net *rival, char *buf, size_t len)
{
	out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	put(&o, "Step %ld, %s: ", n->steps, n->act->name);
	put_trained(&o, n, n->steps);
	if (rival && rival->nparams) {
		put(&o, "; %s: ", rival->act->name);
		put_trained(&o, rival, n->steps);
	}
	put(&o, ".");
	if (n->state == TRAIN_DIVERGED || (rival && rival->nparams && rival->state == TRAIN_DIVERGED))
		put(&o, " A smaller learning rate helps (set lr).");
	return buf;
}

/* A ratio known by its log10, as a plain number while a double holds it. */
static const char *ratio_text(double lg, char *b, size_t len)
{
	if (isnan(lg))
		return "undefined";
	if (isfinite(lg) && fabs(lg) < 300)
		return sig(pow(10, lg), 4, b, len);
	return num_sci_log10(lg == -INFINITY ? 0 : 1, lg, 4, b, len);
}

/* "24.1% at layer 1, 30% at layer 10": a fraction at the first and the
 * last layer, and at the layer where it is largest when that is another. */
static void put_share(out *o, const net *n, bool dead)
{
	long top = 0, last = n->depth - 1;
	for (long k = 0; k < n->depth; k++) {
		const net_layer *L = &n->layers[k];
		const net_layer *T = &n->layers[top];
		if ((dead ? L->dead : L->saturated) > (dead ? T->dead : T->saturated))
			top = k;
	}
	long at[3] = { 0, top, last };
	int m = 0;
	for (int i = 0; i < 3; i++) {
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen |= at[j] == at[i];
		if (seen)
			continue;
		const net_layer *L = &n->layers[at[i]];
		put(o, "%s%.1f%% at layer %ld%s", m++ ? ", " : "",
		    100 * (dead ? L->dead : L->saturated), at[i] + 1,
		    at[i] == top && top != 0 && top != last ? " (the most)" : "");
	}
}

char *describe_net(const net *n, char *buf, size_t len)
{
	out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	char a[40], b[40], r[40];
	long ov = net_overflow_layer(n), d = n->depth;
	if (d < 1)
		return buf;
	if (ov) {
		put(&o, "float32 overflowed at layer %ld: a value passed 3.4e38, so from there on "
		    "the numbers are not the network's.", ov);
		if (ov == 1)
			return buf;
		/* what comes before the overflow is still the network's */
		d = ov - 1;
		put(&o, " Before it, the activations' standard deviation goes from %s at layer 1 "
		    "to %s at layer %ld.", sig(n->layers[0].std, 4, a, sizeof a),
		    sig(n->layers[d - 1].std, 4, b, sizeof b), d);
		return buf;
	}
	if (d > 1)
		put(&o, "Layer 1's gradient norm is %s times layer %ld's. The activations' standard "
		    "deviation goes from %s at layer 1 to %s at layer %ld.",
		    ratio_text(n->log10_ratio, r, sizeof r), d,
		    sig(n->layers[0].std, 4, a, sizeof a), sig(n->layers[d - 1].std, 4, b, sizeof b),
		    d);
	else
		put(&o, "One layer: the activations' standard deviation is %s.",
		    sig(n->layers[0].std, 4, a, sizeof a));
	/* dead units pass nothing back and count as saturated too: saturation
	 * is named only where at least a hundredth more than the dead are */
	bool any_dead = false, more_sat = false;
	for (long k = 0; k < d; k++) {
		any_dead |= n->layers[k].dead > 0;
		more_sat |= n->layers[k].saturated - n->layers[k].dead >= 0.01;
	}
	if (any_dead) {
		put(&o, " Dead (f' = 0): ");
		put_share(&o, n, true);
		put(&o, ".");
	}
	if (more_sat) {
		put(&o, " Saturated (|f'| < %s): ", sig(NET_SAT_DF, 4, a, sizeof a));
		put_share(&o, n, false);
		put(&o, ".");
	}
	return buf;
}

char *describe_cost(const cost_lab *c, char *buf, size_t len)
{
	out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	const act_def *t = act_table(NULL);
	size_t r = cost_relu();
	char a[32], b[32];
	if (r >= c->n || !c->rows[r].done) {
		put(&o, "Not measured yet.");
		return buf;
	}
	put(&o, "%s takes %s ns an element for f and %s ns for f'.", t[r].name,
	    sig(c->rows[r].ns[COST_F], 3, a, sizeof a), sig(c->rows[r].ns[COST_DF], 3, b, sizeof b));
	static const char *const what[2] = { "f", "f'" };
	for (int w = COST_F; w <= COST_DF; w++) {
		size_t lo = c->n, hi = c->n;
		for (size_t i = 0; i < c->n; i++) {
			if (i == r || !c->rows[i].done || isnan(cost_ratio(c, i, w)))
				continue;
			if (lo == c->n || cost_ratio(c, i, w) < cost_ratio(c, lo, w))
				lo = i;
			if (hi == c->n || cost_ratio(c, i, w) > cost_ratio(c, hi, w))
				hi = i;
		}
		if (hi == c->n)
			continue;
		put(&o, " The dearest %s is %s's, %s times relu's; the cheapest %s's, %s times.",
		    what[w], t[hi].name, sig(cost_ratio(c, hi, w), 3, a, sizeof a), t[lo].name,
		    sig(cost_ratio(c, lo, w), 3, b, sizeof b));
	}
	return buf;
}

/* ---- wrapping ------------------------------------------------------------------ */

/* The length of the unit at p: a word, or words joined by the one-character
 * operators "=", "<", ">" ("x = 0", "1 < x < 2"), a word and the number
 * after it, or "d out/dx": a line is not broken inside one. */
static size_t unit_len(const char *p)
{
	size_t n = strcspn(p, " \n");
	for (;;) {
		if (p[n] != ' ')
			return n;
		const char *r = p + n;
		while (*r == ' ')
			r++;
		size_t w = strcspn(r, " \n");
		bool op_next = w == 1 && strchr("=<>", *r);
		bool op_here = (n == 1 || p[n - 2] == ' ') && strchr("=<>", p[n - 1]);
		/* "d out/dx" is one name */
		bool deriv = (n == 1 || p[n - 2] == ' ') && p[n - 1] == 'd' && !strncmp(r, "out/", 4);
		/* a number stays with the word before it: "gain 4", "layer 10" */
		bool number = (r[0] >= '0' && r[0] <= '9') || (r[0] == '-' && r[1] >= '0' && r[1] <= '9');
		if (w == 0 || (!op_next && !op_here && !deriv && !number))
			return n;
		n = (size_t)(r - p) + w;
	}
}

size_t describe_wrap(const char *text, int width, int indent, char *outbuf, size_t len)
{
	if (len == 0)
		return 0;
	if (width < indent + 10)
		width = indent + 10;
	size_t o = 0;
	int col = 0;
	bool empty = true, first = true;
#define EMIT(ch) do { if (o + 1 < len) outbuf[o++] = (ch); } while (0)
#define NEWLINE() do { EMIT('\n'); col = 0; empty = true; first = false; } while (0)
	for (const char *p = text; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '\n') {
			NEWLINE();
			p++;
			continue;
		}
		size_t w = unit_len(p);
		/* a unit no line holds is broken at its blanks after all */
		if ((int)w > width - indent)
			w = strcspn(p, " \n");
		if (!empty && col + 1 + (int)w > width)
			NEWLINE();
		if (empty) {
			for (int i = 0; !first && i < indent; i++)
				EMIT(' ');
			col = first ? 0 : indent;
		} else {
			EMIT(' ');
			col++;
		}
		for (size_t i = 0; i < w; i++) {
			if (col >= width) {
				NEWLINE();
				for (int k = 0; k < indent; k++)
					EMIT(' ');
				col = indent;
			}
			EMIT(p[i]);
			col++;
		}
		empty = false;
		p += w;
	}
	if (!empty)
		NEWLINE();
#undef NEWLINE
#undef EMIT
	outbuf[o] = '\0';
	return o;
}
