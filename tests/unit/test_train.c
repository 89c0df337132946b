/* test_train.c - the training core: the backward pass against central
 * finite differences for every catalogue activation, the fits the lab
 * promises with its defaults, determinism, the dead-unit count on networks
 * built by hand, divergence, the loss history and the settings' checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "train.h"

static train_net make(const char *act, const train_cfg *c)
{
	const act_def *a = act_find(act);
	assert_non_null(a);
	train_net n;
	assert_int_equal(train_init(&n, a, act_param_default(a), c), 0);
	return n;
}

/* Is f smooth around z, far enough that the finite differences below
 * (which move z by at most about 1e-5) never cross a kink or a jump? */
static bool smooth_at(const act_def *a, double p, double z)
{
	const double m = 1e-4;
	double d1 = a->df(z - m, p), d2 = a->df(z + m, p), d0 = a->df(z, p);
	double f1 = a->f(z - m, p), f2 = a->f(z + m, p);
	if (!isfinite(d0) || fabs(d2 - d1) > 1e-2)
		return false;
	return fabs(f2 - f1 - 2 * m * d0) <= 1e-6;
}

static bool sample_smooth(train_net *n, int idx)
{
	/* the pre-activations of the hidden layers, by a forward pass of our own */
	double in[TRAIN_MAX_WIDTH] = { n->xs[idx] };
	for (int k = 0; k < n->nlayers - 1; k++) {
		double out[TRAIN_MAX_WIDTH] = { 0 };
		for (int o = 0; o < n->out[k]; o++) {
			double s = n->b[k][o];
			for (int i = 0; i < n->in[k]; i++)
				s += n->w[k][o * n->in[k] + i] * in[i];
			if (!smooth_at(n->act, n->p, s))
				return false;
			out[o] = n->act->f(s, n->p);
		}
		memcpy(in, out, sizeof out);
	}
	return true;
}

/* Central differences with step h = 1e-6: truncation error about
 * h^2/6 |L'''| (below 1e-11 here) and rounding about 1e-16 |L| / h (about
 * 1e-10), so 1e-7 absolute plus 1e-6 relative is far above both and far
 * below any real mistake (a missing f' factor is off by O(1)). */
static void check_gradients(const char *name, unsigned long seed, int layers)
{
	train_cfg c;
	train_cfg_default(&c);
	c.width = 5;
	c.layers = layers;
	c.points = 7;
	c.seed = seed;
	train_net n = make(name, &c);
	double *g = calloc(n.nparams, sizeof *g), *scratch = calloc(n.nparams, sizeof *scratch);
	assert_non_null(g);
	assert_non_null(scratch);
	int checked = 0;
	for (int idx = 0; idx < c.points; idx++) {
		if (!sample_smooth(&n, idx))
			continue;
		checked++;
		train_loss_grad(&n, &idx, 1, g);
		for (size_t i = 0; i < n.nparams; i++) {
			double keep = n.params[i], h = 1e-6;
			n.params[i] = keep + h;
			double up = train_loss_grad(&n, &idx, 1, scratch);
			n.params[i] = keep - h;
			double down = train_loss_grad(&n, &idx, 1, scratch);
			n.params[i] = keep;
			double fd = (up - down) / (2 * h);
			if (fabs(fd - g[i]) > 1e-7 + 1e-6 * fabs(g[i]))
				fail_msg("%s seed %lu x = %g parameter %zu: backward %.17g, finite "
				         "difference %.17g", name, seed, n.xs[idx], i, g[i], fd);
		}
	}
	/* most inputs are off every kink: a check that skipped them all
	 * would prove nothing */
	if (checked < 4)
		fail_msg("%s seed %lu: only %d of %d inputs away from kinks", name, seed, checked,
		         c.points);
	free(g);
	free(scratch);
	train_free(&n);
}

static void test_gradients_every_activation(void **state)
{
	(void)state;
	size_t count;
	const act_def *t = act_table(&count);
	for (size_t i = 0; i < count; i++) {
		check_gradients(t[i].name, 1, 1);
		check_gradients(t[i].name, 2, 2);
		check_gradients(t[i].name, 3, 3);
	}
}

/* a gradient over a minibatch is the mean of the single-sample ones */
static void test_batch_gradient_is_mean(void **state)
{
	(void)state;
	train_cfg c;
	train_cfg_default(&c);
	c.width = 6;
	c.points = 9;
	train_net n = make("tanh", &c);
	double *g = calloc(n.nparams, sizeof *g), *one = calloc(n.nparams, sizeof *one);
	double *sum = calloc(n.nparams, sizeof *sum);
	int idx[3] = { 1, 4, 8 };
	double loss = train_loss_grad(&n, idx, 3, g), lsum = 0;
	for (int k = 0; k < 3; k++) {
		lsum += train_loss_grad(&n, &idx[k], 1, one);
		for (size_t i = 0; i < n.nparams; i++)
			sum[i] += one[i];
	}
	assert_true(fabs(loss - lsum / 3) <= 1e-15 * (1 + lsum));
	for (size_t i = 0; i < n.nparams; i++)
		assert_true(fabs(g[i] - sum[i] / 3) <= 1e-14 * (1 + fabs(g[i])));
	free(g);
	free(one);
	free(sum);
	train_free(&n);
}

/* The lab's promise: with the defaults, these fit sin below 0.01 within
 * 5000 steps. */
static void test_default_fits(void **state)
{
	(void)state;
	const char *acts[] = { "relu", "leaky_relu", "tanh" };
	for (size_t a = 0; a < 3; a++) {
		for (unsigned long seed = 1; seed <= 2; seed++) {
			train_cfg c;
			train_cfg_default(&c);
			assert_int_equal(c.target, TRAIN_SIN);
			c.seed = seed;
			train_net n = make(acts[a], &c);
			double start = train_loss(&n);
			assert_int_equal(train_run(&n, 5000), 5000);
			double loss = train_loss(&n);
			if (!(loss < 0.01))
				fail_msg("%s seed %lu: MSE %g after 5000 steps (from %g)", acts[a], seed,
				         loss, start);
			assert_true(start > 0.1);   /* it did learn: it did not start there */
			assert_int_equal(n.steps, 5000);
			train_free(&n);
		}
	}
}

static void test_deterministic(void **state)
{
	(void)state;
	train_cfg c;
	train_cfg_default(&c);
	c.noise = 0.1;
	c.seed = 7;
	train_net a = make("relu", &c), b = make("relu", &c);
	assert_memory_equal(a.ys, b.ys, sizeof(double) * (size_t)c.points);
	train_run(&a, 300);
	train_run(&b, 300);
	assert_memory_equal(a.params, b.params, sizeof(double) * a.nparams);
	assert_true(train_loss(&a) == train_loss(&b));
	c.seed = 8;
	train_net d = make("relu", &c);
	train_run(&d, 300);
	assert_true(memcmp(a.params, d.params, sizeof(double) * a.nparams) != 0);
	train_free(&a);
	train_free(&b);
	train_free(&d);
}

/* A step done in pieces of any size is the same step: the same weights,
 * bit for bit, and the same loss history. */
static void test_work_in_pieces(void **state)
{
	(void)state;
	train_cfg c;
	train_cfg_default(&c);
	c.batch = 7;          /* batches that do not divide the points */
	c.points = 30;
	train_net a = make("tanh", &c), b = make("tanh", &c);
	train_run(&a, 700);   /* past the first thinning of the history */
	unsigned r = 1;
	long finished = 0;
	while (b.steps < 700) {
		r = r * 1103515245u + 12345u;
		finished += train_work(&b, 1 + (int)(r >> 16) % 11);
	}
	/* the 700th step's loss record may still be under way */
	while (b.in_loss)
		finished += train_work(&b, 1);
	assert_true(finished == 700);
	assert_memory_equal(a.params, b.params, sizeof(double) * a.nparams);
	assert_int_equal(a.nhist, b.nhist);
	assert_memory_equal(a.hist, b.hist, sizeof(double) * (size_t)a.nhist);
	/* loss and dead units in one pass agree with each alone */
	int dead, total;
	assert_true(train_loss_dead(&a, &dead, &total) == train_loss(&a));
	assert_int_equal(dead, train_dead(&a, NULL));
	assert_int_equal(total, 64);
	train_free(&a);
	train_free(&b);
}

/* splitmix64's published outputs for seed 1234567 */
static void test_rng(void **state)
{
	(void)state;
	train_rng r;
	train_rng_seed(&r, 1234567);
	assert_true(train_rng_next(&r) == 6457827717110365317u);
	assert_true(train_rng_next(&r) == 3203168211198807973u);
	assert_true(train_rng_next(&r) == 9817491932198370423u);
	/* the normals: mean near 0, variance near 1, within +-6 */
	train_rng_seed(&r, 5);
	double s = 0, s2 = 0;
	const int N = 100000;
	for (int i = 0; i < N; i++) {
		double v = train_rng_normal(&r);
		assert_true(v > -6 && v < 6);
		s += v;
		s2 += v * v;
	}
	assert_true(fabs(s / N) < 0.02);
	assert_true(fabs(s2 / N - 1) < 0.02);
	for (int i = 0; i < 1000; i++) {
		double u = train_rng_uniform(&r);
		assert_true(u >= 0 && u < 1);
	}
}

/* one hidden layer of 4 set by hand: dead when f'(z) = 0 at every input */
static void set_layer(train_net *n, const double *w, const double *b)
{
	for (int o = 0; o < 4; o++) {
		n->w[0][o] = w[o];
		n->b[0][o] = b[o];
	}
}

static void test_dead_count(void **state)
{
	(void)state;
	train_cfg c;
	train_cfg_default(&c);
	c.width = 4;
	c.layers = 1;
	/* x in [-3, 3]: z = -x - 4 and x - 10 stay below 0; z = 0 is relu's
	 * own kink, where f' is 0 (as in PyTorch); z = x passes */
	const double w[4] = { -1, 1, 0, 1 }, b[4] = { -4, -10, 0, 0 };
	train_net n = make("relu", &c);
	set_layer(&n, w, b);
	int total = 0;
	assert_int_equal(train_dead(&n, &total), 3);
	assert_int_equal(total, 4);
	train_free(&n);
	/* leaky_relu never stops passing a gradient */
	n = make("leaky_relu", &c);
	set_layer(&n, w, b);
	assert_int_equal(train_dead(&n, NULL), 0);
	train_free(&n);
	/* relu6 is also stuck above 6: z = x + 10 (and z = x passes) */
	n = make("relu6", &c);
	const double w6[4] = { -1, 1, 1, 1 }, b6[4] = { -4, -10, 0, 10 };
	set_layer(&n, w6, b6);
	assert_int_equal(train_dead(&n, NULL), 3);
	train_free(&n);
	/* a dead unit learns nothing: its incoming weights stay put */
	n = make("relu", &c);
	set_layer(&n, w, b);
	train_run(&n, 50);
	assert_true(n.w[0][0] == -1 && n.b[0][0] == -4);
	assert_true(n.w[0][1] == 1 && n.b[0][1] == -10);
	train_free(&n);
}

static void test_diverges(void **state)
{
	(void)state;
	train_cfg c;
	train_cfg_default(&c);
	c.lr = 10;
	c.momentum = 0.99;
	train_net n = make("identity", &c);
	long done = train_run(&n, 5000);
	assert_int_equal(n.state, TRAIN_DIVERGED);
	assert_true(done < 5000);
	long steps = n.steps;
	train_step(&n);
	assert_int_equal(n.steps, steps);
	train_free(&n);
}

/* fit_step is the first step after which the loss over all the points is
 * below TRAIN_FIT_LOSS, as a loop looking after every step finds it; the
 * history is the same with or without the looking */
static void test_fit_step(void **state)
{
	(void)state;
	const char *acts[] = { "relu", "sigmoid" };
	for (size_t a = 0; a < 2; a++) {
		train_cfg c;
		train_cfg_default(&c);
		train_net n = make(acts[a], &c), m = make(acts[a], &c);
		assert_int_equal(n.fit_step, -1);
		long first = -1;
		while (first < 0 && m.steps < 5000) {
			train_step(&m);
			if (train_loss(&m) < TRAIN_FIT_LOSS)
				first = m.steps;
		}
		assert_true(first > 0);
		train_run(&n, first - 1);
		assert_int_equal(n.fit_step, -1);
		train_step(&n);
		assert_int_equal(n.fit_step, first);
		train_run(&n, 600);
		assert_int_equal(n.fit_step, first);
		assert_true(n.hist[n.nhist - 1] == train_loss(&n) || n.steps % n.hist_every != 0);
		train_free(&n);
		train_free(&m);
	}
	/* relu, seed 1: step 145, as lesson 9 says */
	train_cfg c;
	train_cfg_default(&c);
	train_net n = make("relu", &c);
	train_run(&n, 200);
	assert_int_equal(n.fit_step, 145);
	train_free(&n);
}

static void test_history(void **state)
{
	(void)state;
	train_cfg c;
	train_cfg_default(&c);
	c.width = 8;
	train_net n = make("tanh", &c), m = make("tanh", &c);
	assert_int_equal(n.nhist, 1);
	assert_true(n.hist[0] == train_loss(&n));
	train_run(&n, 1500);
	assert_true(n.nhist <= TRAIN_HIST);
	assert_true(n.hist_every == 4);
	assert_int_equal(n.nhist, 1500 / 4 + 1);
	/* value i is the loss after i * hist_every steps */
	for (int i = 1; i < 4; i++) {
		train_run(&m, n.hist_every);
		assert_true(m.hist[0] == n.hist[0]);
		assert_true(train_loss(&m) == n.hist[i]);
	}
	train_free(&n);
	train_free(&m);
}

static void test_targets_and_data(void **state)
{
	(void)state;
	assert_true(train_target_value(TRAIN_ABS, -2.5) == 2.5);
	assert_true(train_target_value(TRAIN_SIN, 0) == 0);
	assert_true(train_target_value(TRAIN_STEP, 0) == 0);
	assert_true(train_target_value(TRAIN_STEP, 0.1) == 1);
	assert_true(train_target_value(TRAIN_SQUARE, 0.5) == 1);
	assert_true(train_target_value(TRAIN_SQUARE, 2) == -1);
	assert_true(train_target_value(TRAIN_SQUARE, -1) == -1);
	assert_true(train_target_value(TRAIN_SQUARE, -2) == 1);
	assert_true(train_target_value(TRAIN_SAWTOOTH, 0.5) == 0.5);
	assert_true(train_target_value(TRAIN_SAWTOOTH, 1.5) == -0.5);
	assert_true(train_target_value(TRAIN_SAWTOOTH, -2.5) == -0.5);
	assert_int_equal(train_target_find("sawtooth"), TRAIN_SAWTOOTH);
	assert_int_equal(train_target_find("cos"), -1);
	assert_int_equal(train_init_find("xavier"), TRAIN_INIT_XAVIER);
	assert_string_equal(train_target_name(TRAIN_SQUARE), "square");
	train_cfg c;
	train_cfg_default(&c);
	c.points = 5;
	c.target = TRAIN_ABS;
	train_net n = make("relu", &c);
	const double xs[5] = { -3, -1.5, 0, 1.5, 3 };
	for (int i = 0; i < 5; i++) {
		assert_true(n.xs[i] == xs[i]);
		assert_true(n.ys[i] == fabs(xs[i]));
	}
	/* the initial weights have the spread the init asks for */
	train_free(&n);
	c.width = 256;
	c.layers = 2;
	c.init = TRAIN_INIT_HE;
	n = make("relu", &c);
	double s2 = 0;
	for (int i = 0; i < 256 * 256; i++)
		s2 += n.w[1][i] * n.w[1][i];
	assert_true(fabs(s2 / (256 * 256) - 2.0 / 256) < 0.05 * 2.0 / 256);
	train_free(&n);
	c.init = TRAIN_INIT_XAVIER;
	n = make("tanh", &c);
	s2 = 0;
	for (int i = 0; i < 256 * 256; i++)
		s2 += n.w[1][i] * n.w[1][i];
	assert_true(fabs(s2 / (256 * 256) - 1.0 / 256) < 0.05 * 1.0 / 256);
	train_free(&n);
}

static void test_cfg_check(void **state)
{
	(void)state;
	char err[128];
	train_cfg c;
	train_cfg_default(&c);
	assert_true(train_cfg_check(&c, err, sizeof err));
	c.width = 3;
	assert_false(train_cfg_check(&c, err, sizeof err));
	assert_string_equal(err, "width must be between 4 and 256, got 3");
	train_cfg_default(&c);
	c.layers = 4;
	assert_false(train_cfg_check(&c, err, sizeof err));
	assert_string_equal(err, "layers must be between 1 and 3, got 4");
	train_cfg_default(&c);
	c.lr = 0;
	assert_false(train_cfg_check(&c, err, sizeof err));
	assert_string_equal(err, "lr must be above 0 and at most 10, got 0");
	train_cfg_default(&c);
	c.momentum = 1;
	assert_false(train_cfg_check(&c, err, sizeof err));
	assert_string_equal(err, "momentum must be at least 0 and below 1, got 1");
	train_cfg_default(&c);
	c.noise = -0.5;
	assert_false(train_cfg_check(&c, err, sizeof err));
	assert_string_equal(err, "noise must be between 0 and 1, got -0.5");
	train_cfg d;
	train_cfg_default(&c);
	train_cfg_default(&d);
	assert_true(train_cfg_equal(&c, &d));
	d.seed = 2;
	assert_false(train_cfg_equal(&c, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gradients_every_activation),
		cmocka_unit_test(test_batch_gradient_is_mean),
		cmocka_unit_test(test_default_fits),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_work_in_pieces),
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_dead_count),
		cmocka_unit_test(test_diverges),
		cmocka_unit_test(test_fit_step),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_targets_and_data),
		cmocka_unit_test(test_cfg_check),
	};
	return cmocka_run_group_tests_name("train", tests, NULL, NULL);
}
