/* chain.c - the depth chain (see chain.h).
 *
 * The gradient is carried two ways: as a plain double product, which can
 * underflow or overflow, and as a sign and a sum of log10 terms, which
 * cannot, so a gradient of 1e-602 is still reported as 1e-602.
 */
#include "chain.h"

#include <math.h>

chain_params chain_defaults(const act_def *act)
{
	chain_params cp = { act, act_param_default(act), 1, 1.0, 0.0 };
	return cp;
}

#define LOG10_2 0.30102999566398119521

double chain_layer_log10(const chain_layer *l)
{
	if (l->undefined)
		return NAN;
	if (l->grad_sign == 0)
		return -INFINITY;
	return log10(l->grad_m) + (double)l->grad_e2 * LOG10_2;
}

/* |grad| = m * 2^e2 (m in [0.5, 1)) compared with a threshold t = tm * 2^te
 * (frexp's), without a logarithm: a different binary exponent decides
 * alone, an equal one leaves the mantissas. This runs twice a layer, so it
 * makes no ldexp call; the answer is the one m * 2^e2 itself would give. */
typedef struct threshold {
	double tm;
	int te;
} threshold;

static threshold threshold_of(double t)
{
	threshold th;
	th.tm = frexp(t, &th.te);
	return th;
}

static inline int compare_pow10(double m, long e2, threshold th)
{
	if (e2 < th.te || m == 0)
		return -1;   /* m == 0: a product that underflowed */
	if (e2 > th.te)
		return 1;
	return m < th.tm ? -1 : m > th.tm ? 1 : 0;
}

void chain_eval(const chain_params *cp, double x, chain_result *r,
                chain_visit_fn visit, void *ctx)
{
	const act_def *a = cp->act;
	const threshold vanish = threshold_of(1e-6), explode = threshold_of(1e6);
	double h = x, grad = 1.0, m = 0.5;
	long e2 = 1;
	int sign = 1;
	bool undefined = false, underflow = false;

	r->vanish_layer = 0;
	r->explode_layer = 0;
	r->underflow_layer = 0;
	for (long k = 1; k <= cp->depth; k++) {
		double z = cp->gain * h + cp->bias, fz, d;
		act_eval(a, z, cp->p, &fz, &d);
		h = fz;
		double step = cp->gain * d;
		grad *= step;
		if (undefined) {
			/* stays undefined */
		} else if (!isfinite(step)) {
			undefined = true;  /* f' undefined: the chain overflowed to inf */
		} else if (sign != 0) {
			if (step == 0) {
				sign = 0;
				/* sigmoid'(800) is 1e-348, not 0: too small for a double */
				underflow = d == 0 && act_df_underflows(a, z, cp->p);
				if (underflow)
					r->underflow_layer = k;
			} else {
				int ex;
				if (step < 0)
					sign = -sign;
				m = frexp(m * fabs(step), &ex);
				e2 += ex;
			}
		}
		if (!undefined) {
			if (sign == 0) {
				if (!r->vanish_layer)
					r->vanish_layer = k;  /* exactly zero is below any threshold */
			} else {
				if (!r->vanish_layer && compare_pow10(m, e2, vanish) < 0)
					r->vanish_layer = k;
				if (!r->explode_layer && compare_pow10(m, e2, explode) > 0)
					r->explode_layer = k;
			}
		}
		if (visit) {
			chain_layer l = { k, z, h, sign == 0 ? 0.0 : grad, sign, undefined, underflow, m,
			                  e2 };
			visit(ctx, &l);
		}
	}
	chain_layer last = { cp->depth, 0, h, grad, sign, undefined, underflow, m, e2 };
	r->out = h;
	r->grad = sign == 0 ? 0.0 : grad;
	r->grad_sign = sign;
	r->log10_grad = chain_layer_log10(&last);
	if (undefined)
		r->state = CHAIN_UNDEFINED;
	else if (sign == 0)
		r->state = underflow ? CHAIN_UNDERFLOW : CHAIN_DEAD;
	else if (compare_pow10(m, e2, vanish) < 0)
		r->state = CHAIN_VANISHES;
	else if (compare_pow10(m, e2, explode) > 0)
		r->state = CHAIN_EXPLODES;
	else
		r->state = CHAIN_PASSES;
}

double chain_out(const chain_params *cp, double x)
{
	double h = x;
	for (long k = 1; k <= cp->depth; k++)
		h = cp->act->f(cp->gain * h + cp->bias, cp->p);
	return h;
}

const char *chain_state_name(chain_state s)
{
	switch (s) {
	case CHAIN_PASSES: return "passes";
	case CHAIN_VANISHES: return "vanishes";
	case CHAIN_EXPLODES: return "explodes";
	case CHAIN_DEAD: return "dead";
	case CHAIN_UNDEFINED: return "undefined";
	case CHAIN_UNDERFLOW: return "underflow";
	}
	return "?";
}
