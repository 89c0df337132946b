/* test_chain.c - the depth chain against a direct product of derivatives,
 * against finite differences, and at its edges (depth 0, dead units,
 * gradients far below the float64 range). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "chain.h"

static chain_params params(const char *name, long depth, double gain, double bias)
{
	const act_def *a = act_find(name);
	assert_non_null(a);
	chain_params cp = chain_defaults(a);
	cp.depth = depth;
	cp.gain = gain;
	cp.bias = bias;
	return cp;
}

static void test_depth_zero(void **state)
{
	(void)state;
	chain_params cp = params("sigmoid", 0, 1, 0);
	chain_result r;
	chain_eval(&cp, 0.75, &r, NULL, NULL);
	assert_true(r.out == 0.75);
	assert_true(r.grad == 1.0);
	assert_true(r.log10_grad == 0.0);
	assert_int_equal(r.vanish_layer, 0);
	assert_int_equal(r.explode_layer, 0);
	assert_int_equal(r.state, CHAIN_PASSES);
}

/* the product of gain*f'(z_k), written out independently */
static void check_direct(const char *name, long depth, double gain, double bias, double x)
{
	chain_params cp = params(name, depth, gain, bias);
	const act_def *a = cp.act;
	double h = x, g = 1;
	for (long k = 0; k < depth; k++) {
		double z = gain * h + bias;
		g *= gain * a->df(z, cp.p);
		h = a->f(z, cp.p);
	}
	chain_result r;
	chain_eval(&cp, x, &r, NULL, NULL);
	assert_true(r.out == h);
	assert_true(r.grad == g);
	if (g != 0)
		assert_true(fabs(r.log10_grad - log10(fabs(g))) < 1e-12 * (1 + fabs(log10(fabs(g)))));
	assert_true(chain_out(&cp, x) == h);
}

static void test_direct_product(void **state)
{
	(void)state;
	check_direct("sigmoid", 10, 1, 0, 0.3);
	check_direct("tanh", 25, 1.5, 0.1, -0.7);
	check_direct("relu", 7, 1.2, 0, 2);
	check_direct("leaky_relu", 40, 1, 0, -1);
	check_direct("gelu", 12, 1.1, -0.2, 0.9);
	check_direct("elu", 30, 2, 0, -0.5);
	check_direct("sine", 50, 1.3, 0, 0.4);
}

/* central differences of the output agree with the chain's gradient */
static void check_fd(const char *name, long depth, double gain, double bias, double x)
{
	chain_params cp = params(name, depth, gain, bias);
	chain_result r;
	chain_eval(&cp, x, &r, NULL, NULL);
	double h = 1e-6 * (1 + fabs(x));
	double fd = (chain_out(&cp, x + h) - chain_out(&cp, x - h)) / (2 * h);
	double tol = 1e-6 * (fabs(r.grad) + 1e-8);
	if (fabs(fd - r.grad) > tol)
		fail_msg("%s depth %ld at %g: chain grad %.17g, finite difference %.17g", name, depth, x, r.grad, fd);
}

static void test_finite_differences(void **state)
{
	(void)state;
	size_t n;
	const act_def *t = act_table(&n);
	/* every smooth function, away from kinks */
	const char *smooth[] = { "sigmoid", "tanh", "gelu", "gelu_tanh", "silu", "mish",
		"softplus", "softsign", "logsigmoid", "tanhshrink", "sine", "gaussian", "arctan",
		"elu", "celu", "selu", "identity" };
	for (size_t i = 0; i < sizeof smooth / sizeof smooth[0]; i++) {
		check_fd(smooth[i], 1, 1, 0, 0.37);
		check_fd(smooth[i], 5, 1.1, 0.05, 0.37);
		check_fd(smooth[i], 5, 0.9, -0.1, -0.61);
	}
	/* piecewise linear ones at points where every z_k is off the kinks */
	check_fd("relu", 8, 1.1, 0.01, 0.5);
	check_fd("leaky_relu", 8, 1.1, -0.01, -0.5);
	check_fd("prelu", 8, 1.1, 0, -0.5);
	check_fd("hardswish", 4, 1, 0, 1.3);
	assert_true(n > 0 && t != NULL);
}

static void test_relu_dies_and_passes(void **state)
{
	(void)state;
	chain_params cp = params("relu", 10, 1, 0);
	chain_result r;
	chain_eval(&cp, -1, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_DEAD);
	assert_int_equal(r.grad_sign, 0);
	assert_true(isinf(r.log10_grad) && r.log10_grad < 0);
	assert_int_equal(r.vanish_layer, 1);
	assert_string_equal(chain_state_name(r.state), "dead");
	chain_eval(&cp, 2, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_PASSES);
	assert_true(r.grad == 1 && r.out == 2);

	cp = params("leaky_relu", 10, 1, 0);
	chain_eval(&cp, -1, &r, NULL, NULL);
	/* 0.01^10 = 1e-20: vanishes, but is not dead; below 1e-6 from layer 4 */
	assert_int_equal(r.state, CHAIN_VANISHES);
	assert_int_equal(r.vanish_layer, 4);
	assert_true(fabs(r.log10_grad + 20) < 1e-12);
}

/* sigmoid' <= 1/4, so d h_k/dx <= 4^-k: far below the double range at
 * depth 1000, yet log10|grad| is exact */
static void test_below_double_range(void **state)
{
	(void)state;
	chain_params cp = params("sigmoid", 1000, 1, 0);
	chain_result r;
	chain_eval(&cp, 0, &r, NULL, NULL);
	assert_true(r.grad == 0.0);        /* the double product underflowed */
	assert_int_equal(r.grad_sign, 1); /* but the gradient is not zero */
	assert_true(r.log10_grad < -600 && r.log10_grad > -700);
	/* independent sum of logs */
	double h = 0, lg = 0;
	for (int k = 0; k < 1000; k++) {
		lg += log10(cp.act->df(h, 0));
		h = cp.act->f(h, 0);
	}
	assert_true(fabs(r.log10_grad - lg) < 1e-9);
	assert_int_equal(r.state, CHAIN_VANISHES);
	assert_true(r.vanish_layer > 1 && r.vanish_layer < 20);
}

static void test_explodes(void **state)
{
	(void)state;
	chain_params cp = params("identity", 30, 2, 0);
	chain_result r;
	chain_eval(&cp, 1, &r, NULL, NULL);
	/* 2^20 > 1e6 > 2^19 */
	assert_int_equal(r.explode_layer, 20);
	assert_int_equal(r.state, CHAIN_EXPLODES);
	assert_true(r.grad == ldexp(1, 30));
	cp.gain = -2;
	chain_eval(&cp, 1, &r, NULL, NULL);
	assert_int_equal(r.grad_sign, 1); /* (-2)^30 > 0 */
	cp.depth = 31;
	chain_eval(&cp, 1, &r, NULL, NULL);
	assert_int_equal(r.grad_sign, -1);
	assert_true(r.grad == -ldexp(1, 31));
}

typedef struct visit_log {
	long n;
	double last_grad;
	double last_lg;
} visit_log;

static void visitor(void *ctx, const chain_layer *l)
{
	visit_log *v = ctx;
	v->n++;
	assert_int_equal(l->k, v->n);
	v->last_grad = l->grad;
	v->last_lg = chain_layer_log10(l);
}

static void test_visit_every_layer(void **state)
{
	(void)state;
	chain_params cp = params("tanh", 100000, 1, 0);
	visit_log v = { 0, 0, 0 };
	chain_result r;
	chain_eval(&cp, 0.5, &r, visitor, &v);
	assert_int_equal(v.n, 100000);
	assert_true(v.last_lg == r.log10_grad);
	assert_true(v.last_grad == r.grad);
}

static void test_undefined(void **state)
{
	(void)state;
	/* identity with gain 100 overflows to inf; sine(inf) is NaN */
	chain_params cp = params("identity", 200, 100, 0);
	chain_result r;
	chain_eval(&cp, 1, &r, NULL, NULL);
	assert_true(isinf(r.out));
	cp = params("sine", 3, 100, 0);
	chain_eval(&cp, 1e307, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_UNDEFINED);
	assert_string_equal(chain_state_name(r.state), "undefined");
}

/* A slope too small for a double is an underflow, not a dead unit:
 * sigmoid'(800) is about 1e-348. A true zero stays dead: relu's flat side,
 * elu with alpha 0, and the isolated zeros at 0 of gaussian and
 * tanhshrink. */
static void test_underflow_is_not_dead(void **state)
{
	(void)state;
	chain_result r;
	chain_params cp = params("sigmoid", 1, 1, 0);
	chain_eval(&cp, 800, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_UNDERFLOW);
	assert_int_equal(r.underflow_layer, 1);
	assert_string_equal(chain_state_name(r.state), "underflow");
	cp = params("sigmoid", 5, 1, 0);
	chain_eval(&cp, 800, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_UNDERFLOW);
	assert_int_equal(r.underflow_layer, 1);
	cp = params("elu", 1, 1, 0);
	chain_eval(&cp, -1000, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_UNDERFLOW);
	cp.p = 0;   /* elu with alpha 0: flat for x < 0 */
	chain_eval(&cp, -1000, &r, NULL, NULL);
	assert_int_equal(r.state, CHAIN_DEAD);
	assert_int_equal(r.underflow_layer, 0);
	static const char *const dead[][2] = { { "relu", "-1" }, { "step", "1" },
	                                       { "gaussian", "0" }, { "tanhshrink", "0" },
	                                       { "hardtanh", "5" } };
	for (size_t i = 0; i < sizeof dead / sizeof dead[0]; i++) {
		cp = params(dead[i][0], 3, 1, 0);
		chain_eval(&cp, atof(dead[i][1]), &r, NULL, NULL);
		assert_int_equal(r.state, CHAIN_DEAD);
		assert_int_equal(r.underflow_layer, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_zero),
		cmocka_unit_test(test_direct_product),
		cmocka_unit_test(test_finite_differences),
		cmocka_unit_test(test_relu_dies_and_passes),
		cmocka_unit_test(test_below_double_range),
		cmocka_unit_test(test_explodes),
		cmocka_unit_test(test_visit_every_layer),
		cmocka_unit_test(test_undefined),
		cmocka_unit_test(test_underflow_is_not_dead),
	};
	return cmocka_run_group_tests_name("chain", tests, NULL, NULL);
}
