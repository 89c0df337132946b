/* test_describe.c - the lab in words: the readout's two sentences in each
 * state of the chain (passes, vanishes, explodes, dead, undefined) with the
 * layer it started at, eval and compare, the curve's sentence (flat and
 * straight pieces, kinks, jumps, bends, the |f'| < 0.1 stretches with
 * their edges to three digits), and wrapping at a width without breaking
 * "x = 0" or "d out/dx"; the training, network and cost views' readouts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"

static char buf[4096];

static lab *fresh(const char *act)
{
	static lab l;
	static bool made;
	if (made)
		lab_free(&l);
	lab_init(&l);
	made = true;
	lab_set_act(&l, act_find(act));
	return &l;
}

static void test_readout_passes(void **state)
{
	(void)state;
	lab *l = fresh("relu");
	assert_string_equal(describe_readout(l, buf, sizeof buf),
	                    "relu at x = 1: f(x) = 1, f'(x) = 1. Depth 1: out 1, d out/dx = 1, "
	                    "passes.");
}

static void test_readout_dead_from_layer_1(void **state)
{
	(void)state;
	lab *l = fresh("relu");
	l->x = -1;
	l->depth = 3;
	assert_string_equal(describe_readout(l, buf, sizeof buf),
	                    "relu at x = -1: f(x) = 0, f'(x) = 0. Depth 3: out 0, d out/dx = 0, "
	                    "dead from layer 1.");
}

static void test_readout_vanishes_from_layer(void **state)
{
	(void)state;
	lab *l = fresh("sigmoid");
	l->depth = 10;
	/* f' <= 1/4 a layer: below 1e-6 after the tenth, 0.1966 * 0.2... */
	assert_string_equal(describe_readout(l, buf, sizeof buf),
	                    "sigmoid at x = 1: f(x) = 0.7311, f'(x) = 0.1966. Depth 10: out "
	                    "0.659, d out/dx = 2.785e-07, vanishes from layer 10.");
}

static void test_readout_explodes_with_gain(void **state)
{
	(void)state;
	lab *l = fresh("relu");
	l->gain = 2;
	l->depth = 30;
	/* 2^20 = 1048576 is the first power of 2 above 1e6 */
	assert_string_equal(describe_readout(l, buf, sizeof buf),
	                    "relu at x = 1: f(x) = 1, f'(x) = 1. Depth 30, gain 2: out 1.074e+09, "
	                    "d out/dx = 1.074e+09, explodes from layer 20.");
}

static void test_readout_parameter_and_bias(void **state)
{
	(void)state;
	lab *l = fresh("leaky_relu");
	l->x = -2;
	l->bias = 0.5;
	assert_string_equal(describe_readout(l, buf, sizeof buf),
	                    "leaky_relu (slope 0.01) at x = -2: f(x) = -0.02, f'(x) = 0.01. "
	                    "Depth 1, bias 0.5: out -0.015, d out/dx = 0.01, passes.");
}

static void test_readout_far_below_doubles(void **state)
{
	(void)state;
	lab *l = fresh("sigmoid");
	l->depth = 1000;   /* about 0.2^1000: far below the smallest double */
	describe_readout(l, buf, sizeof buf);
	assert_non_null(strstr(buf, "Depth 1000: out "));
	const char *g = strstr(buf, "d out/dx = ");
	assert_non_null(g);
	assert_non_null(strstr(g, "e-"));
	assert_null(strstr(g, "= 0,"));
	assert_non_null(strstr(g, ", vanishes from layer "));
}

static void test_readout_undefined(void **state)
{
	(void)state;
	/* sine of an overflowed layer (inf) is NaN */
	lab *l = fresh("sine");
	l->gain = 100;
	l->depth = 3;
	l->x = 1e307;
	describe_readout(l, buf, sizeof buf);
	assert_non_null(strstr(buf, "sine at x = 1e+307: f(x) = "));
	assert_non_null(strstr(buf, ". Depth 3, gain 100: out not a number, d out/dx undefined "
	                       "(the chain overflowed)."));
}

static void test_at_leaves_the_lab(void **state)
{
	(void)state;
	lab *l = fresh("tanh");
	assert_string_equal(describe_at(l, -2, buf, sizeof buf),
	                    "tanh at x = -2: f(x) = -0.964, f'(x) = 0.07065. Depth 1: out -0.964, "
	                    "d out/dx = 0.07065, passes.");
	assert_true(l->x == LAB_DEFAULT_X);
}

static void test_compare(void **state)
{
	(void)state;
	lab *l = fresh("relu");
	const act_def *a[] = { act_find("relu"), act_find("sigmoid"), act_find("leaky_relu") };
	assert_string_equal(describe_compare(l, a, 3, buf, sizeof buf),
	                    "At x = 1: relu f = 1, f' = 1; sigmoid f = 0.7311, f' = 0.1966; "
	                    "leaky_relu (slope 0.01) f = 1, f' = 1.");
}

static void test_curve_relu(void **state)
{
	(void)state;
	lab *l = fresh("relu");
	l->from = -2;
	l->to = 2;
	assert_string_equal(describe_curve(l, buf, sizeof buf),
	                    "relu on [-2, 2] rises from 0 to 2; flat (f' = 0) for x < 0 and "
	                    "straight with slope 1 for x > 0; a kink at x = 0; |f'| is below 0.1 "
	                    "for x < 0.");
}

/* sigmoid' = s(1 - s) = 0.1 where s = (1 - sqrt(0.6))/2: x = -2.0634...;
 * f'' is largest at x = -ln(2 + sqrt(3)) = -1.317 */
static void test_curve_sigmoid_edges(void **state)
{
	(void)state;
	lab *l = fresh("sigmoid");
	assert_string_equal(describe_curve(l, buf, sizeof buf),
	                    "sigmoid on [-5, 5] rises from 0.006693 to 0.9933; it bends most "
	                    "near x = -1.3 and x = 1.3; |f'| is below 0.1 for x < -2.06 and "
	                    "x > 2.06.");
	/* zoomed out, the bends are still found between samples, and the
	 * float64 tails where f' is exactly 0 are flat */
	l->from = -1000;
	l->to = 1000;
	describe_curve(l, buf, sizeof buf);
	assert_non_null(strstr(buf, "flat (f' = 0) for x < -745"));
	assert_non_null(strstr(buf, "near x = -1.3 and x = 1.3"));
}

static void test_curve_hardtanh_kinks(void **state)
{
	(void)state;
	lab *l = fresh("hardtanh");
	assert_string_equal(describe_curve(l, buf, sizeof buf),
	                    "hardtanh on [-5, 5] rises from -1 to 1; flat (f' = 0) for x < -1, "
	                    "straight with slope 1 for -1 < x < 1 and flat (f' = 0) for x > 1; "
	                    "kinks at x = -1 and x = 1; |f'| is below 0.1 for x < -1 and x > 1.");
}

static void test_curve_kink_on_a_sample_once(void **state)
{
	(void)state;
	/* x = 0 is sample 256 of [-5, 5]: both intervals beside it see it */
	lab *l = fresh("max");
	describe_curve(l, buf, sizeof buf);
	assert_non_null(strstr(buf, "; a kink at x = 0;"));
}

static void test_curve_step_jumps(void **state)
{
	(void)state;
	lab *l = fresh("step");
	assert_string_equal(describe_curve(l, buf, sizeof buf),
	                    "step on [-5, 5] rises from 0 to 1; flat (f' = 0) everywhere on the "
	                    "range; a jump at x = 0; |f'| is below 0.1 everywhere on the range.");
	l = fresh("hardshrink");
	describe_curve(l, buf, sizeof buf);
	assert_non_null(strstr(buf, "jumps at x = -0.5 and x = 0.5"));
	assert_null(strstr(buf, "kink"));
}

static void test_curve_straight_line(void **state)
{
	(void)state;
	lab *l = fresh("identity");
	assert_string_equal(describe_curve(l, buf, sizeof buf),
	                    "identity on [-5, 5] rises from -5 to 5; straight with slope 1 "
	                    "everywhere on the range; it does not bend; |f'| is at least 0.1 "
	                    "everywhere on the range.");
}

static void test_curve_not_monotonic(void **state)
{
	(void)state;
	lab *l = fresh("silu");
	describe_curve(l, buf, sizeof buf);
	/* silu's minimum: -0.2785 at x = -1.278 */
	assert_non_null(strstr(buf, "goes from -0.03346 to 4.967, lowest -0.2785 near x = -1.3"));
	assert_non_null(strstr(buf, "|f'| is below 0.1 for "));
}

static void test_curve_fits_the_buffer(void **state)
{
	(void)state;
	lab *l = fresh("sine");
	l->from = -100;
	l->to = 100;
	char small[64];
	describe_curve(l, small, sizeof small);
	assert_int_equal(strlen(small), sizeof small - 1);
	describe_curve(l, buf, sizeof buf);
	assert_non_null(strstr(buf, "more"));   /* 32 bends and stretches: four named */
}

static void test_wrap(void **state)
{
	(void)state;
	char out[512];
	describe_wrap("aaa bbb ccc ddd eee", 10, 0, out, sizeof out);
	assert_string_equal(out, "aaa bbb\nccc ddd\neee\n");
	describe_wrap("aaa bbb ccc ddd eee", 12, 2, out, sizeof out);
	assert_string_equal(out, "aaa bbb ccc\n  ddd eee\n");
	/* a word longer than the line is cut */
	describe_wrap("abcdefghijklmnop", 10, 0, out, sizeof out);
	assert_string_equal(out, "abcdefghij\nklmnop\n");
	/* "x = 0.5", "1 < x < 2" and "d out/dx" are not broken */
	describe_wrap("a kink near x = 0.5 ok", 16, 0, out, sizeof out);
	assert_string_equal(out, "a kink near\nx = 0.5 ok\n");
	describe_wrap("below for 1 < x < 2", 14, 0, out, sizeof out);
	assert_string_equal(out, "below\nfor 1 < x < 2\n");
	/* ... unless no line holds it: then at its blanks, no blank at an end */
	describe_wrap("x = 123456 < y", 10, 0, out, sizeof out);
	assert_string_equal(out, "x =\n123456 < y\n");
	describe_wrap("out 0, d out/dx = 0", 12, 0, out, sizeof out);
	assert_string_equal(out, "out 0,\nd out/dx = 0\n");
	/* nor a word and its number */
	describe_wrap("Depth 100, gain 4: out", 14, 0, out, sizeof out);
	assert_string_equal(out, "Depth 100,\ngain 4: out\n");
	describe_wrap("from layer -12", 12, 0, out, sizeof out);
	assert_string_equal(out, "from\nlayer -12\n");
	/* an explicit newline; blanks collapse; nothing at all */
	describe_wrap("one\ntwo   three", 20, 0, out, sizeof out);
	assert_string_equal(out, "one\ntwo three\n");
	describe_wrap("", 20, 0, out, sizeof out);
	assert_string_equal(out, "");
	/* cut to the buffer, NUL-terminated */
	char tiny[8];
	describe_wrap("aaa bbb ccc", 20, 0, tiny, sizeof tiny);
	assert_string_equal(tiny, "aaa bbb");
}

static void test_wrap_every_line_fits(void **state)
{
	(void)state;
	size_t n;
	const act_def *t = act_table(&n);
	char out[8192];
	for (int width = 20; width <= 80; width += 3)
		for (size_t i = 0; i < n; i++) {
			lab *l = fresh(t[i].name);
			describe_curve(l, buf, sizeof buf);
			describe_wrap(buf, width, 2, out, sizeof out);
			for (char *s = out; *s;) {
				size_t len = strcspn(s, "\n");
				if ((int)len > width)
					fail_msg("%s at %d columns: a line of %zu: %.*s", t[i].name, width, len,
					         (int)len, s);
				for (size_t k = 0; k < len; k++)
					assert_true(s[k] >= 0x20 && s[k] < 0x7f);
				if (len > 0 && s[len - 1] == ' ')
					fail_msg("%s at %d columns: a line ends in a blank", t[i].name, width);
				s += len + (s[len] == '\n');
			}
		}
}

/* ---- the training, network and cost views ---------------------------------- */

static void train_with(train_net *n, const char *act, double lr, long steps)
{
	train_cfg c;
	train_cfg_default(&c);
	c.lr = lr;
	const act_def *a = act_find(act);
	assert_int_equal(train_init(n, a, act_param_default(a), &c), 0);
	train_run(n, steps);
}

static void test_train_before_and_after_the_fit(void **state)
{
	(void)state;
	train_net n;
	/* the figures of lesson 08: relu, seed 1, below 0.01 after step 145;
	 * 9 of 64 units dead at the start */
	train_with(&n, "relu", 0.01, 0);
	assert_string_equal(describe_train(&n, NULL, buf, sizeof buf),
	                    "Step 0, relu: loss 0.1827, < 0.01 not yet, dead units 9 of 64.");
	train_run(&n, 200);
	assert_string_equal(describe_train(&n, NULL, buf, sizeof buf),
	                    "Step 200, relu: loss 0.0062, < 0.01 at step 145, dead units 12 of 64.");
	train_free(&n);
}

static void test_train_race(void **state)
{
	(void)state;
	train_net n, r;
	train_with(&n, "relu", 0.01, 200);
	train_with(&r, "sigmoid", 0.01, 200);
	assert_string_equal(describe_train(&n, &r, buf, sizeof buf),
	                    "Step 200, relu: loss 0.0062, < 0.01 at step 145, dead units 12 of 64; "
	                    "sigmoid: loss 0.06575, < 0.01 not yet, dead units 0 of 64.");
	/* a rival not built (no race) says nothing */
	train_free(&r);
	assert_string_equal(describe_train(&n, &r, buf, sizeof buf),
	                    "Step 200, relu: loss 0.0062, < 0.01 at step 145, dead units 12 of 64.");
	train_free(&n);
}

static void test_train_diverged(void **state)
{
	(void)state;
	train_net n, r;
	train_with(&n, "relu", 10, 100);
	assert_string_equal(describe_train(&n, NULL, buf, sizeof buf),
	                    "Step 5, relu: diverged, the loss no longer a finite number, dead "
	                    "units 34 of 64. A smaller learning rate helps (set lr).");
	/* a rival that diverged at another step says which */
	train_with(&r, "relu", 10, 3);
	train_net *head = &r, *rival = &n;
	describe_train(head, rival, buf, sizeof buf);
	assert_non_null(strstr(buf, "; relu: diverged at step 5, the loss no longer"));
	train_free(&n);
	train_free(&r);
}

static void net_with(net *n, const char *act, long depth, double gain, net_init init)
{
	net_params p = net_defaults();
	p.act = act_find(act);
	p.p = act_param_default(p.act);
	p.depth = depth;
	p.gain = gain;
	p.init = init;
	char err[128];
	memset(n, 0, sizeof *n);
	if (net_start(n, &p, err, sizeof err) < 0)
		fail_msg("net_start: %s", err);
	net_run(n);
}

static void test_net_relu_dead(void **state)
{
	(void)state;
	net n;
	/* as 'whyrelu net --depth 3' prints it: ratio 1.632e-01, std 0.3365
	 * and 0.05349, dead 50.1%, 48.2%, 53.1%; relu's saturated are its dead */
	net_with(&n, "relu", 3, 1, NET_STANDARD);
	assert_string_equal(describe_net(&n, buf, sizeof buf),
	                    "Layer 1's gradient norm is 0.1632 times layer 3's. The activations' "
	                    "standard deviation goes from 0.3365 at layer 1 to 0.05349 at layer 3. "
	                    "Dead (f' = 0): 50.1% at layer 1, 53.1% at layer 3.");
	net_free(&n);
	net_with(&n, "relu", 1, 1, NET_STANDARD);
	assert_string_equal(describe_net(&n, buf, sizeof buf),
	                    "One layer: the activations' standard deviation is 0.3365. Dead "
	                    "(f' = 0): 50.1% at layer 1.");
	net_free(&n);
}

static void test_net_saturated_and_fading(void **state)
{
	(void)state;
	net n;
	/* lesson 10: tanh, standard weights: the ratio 4.5e-3, saturation
	 * under a hundredth, so not named */
	net_with(&n, "tanh", 10, 1, NET_STANDARD);
	assert_string_equal(describe_net(&n, buf, sizeof buf),
	                    "Layer 1's gradient norm is 0.004466 times layer 10's. The activations' "
	                    "standard deviation goes from 0.4595 at layer 1 to 0.002827 at layer 10.");
	net_free(&n);
	/* sigmoid with Xavier's weights: 1.6e-6, and saturated units */
	net_with(&n, "sigmoid", 10, 1, NET_XAVIER);
	assert_string_equal(describe_net(&n, buf, sizeof buf),
	                    "Layer 1's gradient norm is 1.624e-06 times layer 10's. The "
	                    "activations' standard deviation goes from 0.2079 at layer 1 to 0.1259 "
	                    "at layer 10. Saturated (|f'| < 0.1): 3.8% at layer 1, 0.0% at layer 10.");
	net_free(&n);
}

static void test_net_overflow(void **state)
{
	(void)state;
	net n;
	net_with(&n, "relu", 20, 100, NET_HE);
	assert_int_equal(net_overflow_layer(&n), 19);
	assert_string_equal(describe_net(&n, buf, sizeof buf),
	                    "float32 overflowed at layer 19: a value passed 3.4e38, so from there "
	                    "on the numbers are not the network's. Before it, the activations' "
	                    "standard deviation goes from 83.11 at layer 1 to 8.843e+35 at layer 18.");
	net_free(&n);
}

static void test_cost(void **state)
{
	(void)state;
	cost_lab c;
	/* the made-up figures of the test hook: relu 0.5 and 0.75 ns */
	assert_int_equal(cost_init(&c, true), 0);
	assert_string_equal(describe_cost(&c, buf, sizeof buf), "Not measured yet.");
	cost_run(&c);
	assert_string_equal(describe_cost(&c, buf, sizeof buf),
	                    "relu takes 0.5 ns an element for f and 0.75 ns for f'. The dearest f "
	                    "is elu's, 512 times relu's; the cheapest leaky_relu's, 0.125 times. "
	                    "The dearest f' is selu's, 32 times relu's; the cheapest leaky_relu's, "
	                    "0.0312 times.");
	cost_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readout_passes),
		cmocka_unit_test(test_readout_dead_from_layer_1),
		cmocka_unit_test(test_readout_vanishes_from_layer),
		cmocka_unit_test(test_readout_explodes_with_gain),
		cmocka_unit_test(test_readout_parameter_and_bias),
		cmocka_unit_test(test_readout_far_below_doubles),
		cmocka_unit_test(test_readout_undefined),
		cmocka_unit_test(test_at_leaves_the_lab),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_curve_relu),
		cmocka_unit_test(test_curve_sigmoid_edges),
		cmocka_unit_test(test_curve_hardtanh_kinks),
		cmocka_unit_test(test_curve_kink_on_a_sample_once),
		cmocka_unit_test(test_curve_step_jumps),
		cmocka_unit_test(test_curve_straight_line),
		cmocka_unit_test(test_curve_not_monotonic),
		cmocka_unit_test(test_curve_fits_the_buffer),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_every_line_fits),
		cmocka_unit_test(test_train_before_and_after_the_fit),
		cmocka_unit_test(test_train_race),
		cmocka_unit_test(test_train_diverged),
		cmocka_unit_test(test_net_relu_dead),
		cmocka_unit_test(test_net_saturated_and_fading),
		cmocka_unit_test(test_net_overflow),
		cmocka_unit_test(test_cost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
