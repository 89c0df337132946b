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

void chain_eval(const chain_params *cp, double x, chain_result *r,
                chain_visit_fn visit, void *ctx)
{
	const act_def *a = cp->act;
	double h = x, grad = 1.0, lg = 0.0;
	int sign = 1;

	r->vanish_layer = 0;
	r->explode_layer = 0;
	for (long k = 1; k <= cp->depth; k++) {
		double z = cp->gain * h + cp->bias;
		double d = a->df(z, cp->p);
		h = a->f(z, cp->p);
		double step = cp->gain * d;
		grad *= step;
		if (isnan(step) || isnan(lg)) {
			lg = NAN;  /* f' undefined: the chain overflowed to inf */
		} else if (sign != 0) {
			if (step == 0) {
				sign = 0;
				lg = -INFINITY;
			} else {
				if (step < 0)
					sign = -sign;
				lg += log10(fabs(step));
			}
		}
		if (isnan(lg)) {
			/* no threshold applies */
		} else if (sign != 0) {
			if (!r->vanish_layer && lg < CHAIN_VANISH_LOG10)
				r->vanish_layer = k;
			if (!r->explode_layer && lg > CHAIN_EXPLODE_LOG10)
				r->explode_layer = k;
		} else if (!r->vanish_layer) {
			r->vanish_layer = k;  /* exactly zero is below any threshold */
		}
		if (visit) {
			chain_layer l = { k, z, h, sign == 0 ? 0.0 : grad, sign, lg };
			visit(ctx, &l);
		}
	}
	r->out = h;
	r->grad = sign == 0 ? 0.0 : grad;
	r->grad_sign = sign;
	r->log10_grad = lg;
	if (isnan(lg))
		r->state = CHAIN_UNDEFINED;
	else if (sign == 0)
		r->state = CHAIN_DEAD;
	else if (lg < CHAIN_VANISH_LOG10)
		r->state = CHAIN_VANISHES;
	else if (lg > CHAIN_EXPLODE_LOG10)
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
	}
	return "?";
}
