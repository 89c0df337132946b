/* chain.h - the depth chain: "network depth" with one unit per layer.
 *
 * h0 = x; for k = 1..depth: z_k = gain*h_{k-1} + bias, h_k = f(z_k).
 * The gradient d h_k / d x = prod_{j<=k} gain*f'(z_j) is also kept as a sum
 * of log10 terms, so it is known exactly even far below the float64 range.
 */
#ifndef WHYRELU_CHAIN_H
#define WHYRELU_CHAIN_H

#include <stdbool.h>
#include "act.h"

#define CHAIN_MAX_DEPTH 100000L
#define CHAIN_VANISH_LOG10 (-6.0)   /* |d h_k/dx| < 1e-6: vanished */
#define CHAIN_EXPLODE_LOG10 (6.0)   /* |d h_k/dx| > 1e6: exploded */

typedef struct chain_params {
	const act_def *act;
	double p;        /* the activation's parameter */
	long depth;      /* 0..CHAIN_MAX_DEPTH */
	double gain;     /* default 1 */
	double bias;     /* default 0 */
} chain_params;

typedef struct chain_layer {
	long k;          /* 1..depth */
	double z, h;
	double grad;     /* d h_k / d x as a double (may underflow to 0 or overflow) */
	int grad_sign;   /* -1, 0 (exactly zero), +1 */
	bool undefined;  /* a NaN met on the way (the chain overflowed) */
	bool underflow;  /* grad_sign 0 from a factor that underflowed (act_df_underflows),
	                    not from a true zero: the gradient is tiny, not 0 */
	double grad_m;   /* |d h_k / d x| = grad_m * 2^grad_e2, grad_m in [0.5, 1) */
	long grad_e2;
} chain_layer;

/* log10 |d h_k / d x| of a layer: -INFINITY when exactly zero, NAN when
 * undefined. (Computed on demand: a log per layer would cost more than
 * many activations do.) */
double chain_layer_log10(const chain_layer *l);

typedef enum chain_state {
	CHAIN_PASSES,    /* 1e-6 <= |grad| <= 1e6 */
	CHAIN_VANISHES,  /* |grad| < 1e-6 but not zero */
	CHAIN_EXPLODES,  /* |grad| > 1e6 */
	CHAIN_DEAD,      /* exactly zero */
	CHAIN_UNDEFINED, /* not a number: the chain overflowed (h = inf) */
	CHAIN_UNDERFLOW  /* a layer's f' is below the float64 range: tiny, not 0 */
} chain_state;

typedef struct chain_result {
	double out;        /* h_depth */
	double grad;       /* d h_depth / d x as a double */
	int grad_sign;
	double log10_grad; /* -INFINITY when grad is exactly zero, NAN when undefined */
	long vanish_layer; /* first k with |d h_k/dx| < 1e-6, or 0 when none */
	long explode_layer;/* first k with |d h_k/dx| > 1e6, or 0 when none */
	long underflow_layer; /* first k whose f'(z_k) underflowed to 0, or 0 when none;
	                       grad is then 0 as computed, and the state CHAIN_UNDERFLOW
	                       unless a true zero came first (CHAIN_DEAD) */
	chain_state state;
} chain_result;

typedef void (*chain_visit_fn)(void *ctx, const chain_layer *layer);

/* The default parameters: gain 1, bias 0, depth 1, the act's default p. */
chain_params chain_defaults(const act_def *act);
/* Evaluate at x. visit, if not NULL, is called once per layer in order. */
void chain_eval(const chain_params *cp, double x, chain_result *r,
                chain_visit_fn visit, void *ctx);
/* Output only (no gradient bookkeeping); for plotting. */
double chain_out(const chain_params *cp, double x);
const char *chain_state_name(chain_state s); /* "passes", "vanishes", ... */

#endif
