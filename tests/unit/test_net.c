/* test_net.c - the wide network: the pictures of Glorot & Bengio (2010) and
 * He et al. (2015) as statistics, the backward pass against finite
 * differences, determinism, and `whyrelu net` (table, JSON, bad input). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "net.h"

static net_params params(const char *act, const char *init, long width, long depth, long batch)
{
	net_params p = net_defaults();
	p.act = act_find(act);
	assert_non_null(p.act);
	p.p = act_param_default(p.act);
	p.init = (net_init)net_init_find(init);
	assert_true((int)p.init >= 0);
	p.width = width;
	p.depth = depth;
	p.batch = batch;
	return p;
}

static void run_net(net *n, const net_params *p)
{
	char err[256] = "";
	if (net_start(n, p, err, sizeof err) < 0)
		fail_msg("net_start: %s", err);
	net_run(n);
	assert_true(net_done(n));
}

static void test_rng(void **state)
{
	(void)state;
	uint64_t a[4], b[4], c[4];
	net_rng_seed(a, 7, 1);
	net_rng_seed(b, 7, 1);
	net_rng_seed(c, 8, 1);
	int same = 0;
	for (int i = 0; i < 100; i++) {
		uint64_t x = net_rng_next(a), y = net_rng_next(b), z = net_rng_next(c);
		assert_true(x == y);
		same += x == z;
	}
	assert_int_equal(same, 0);
	/* the normals have mean 0 and variance 1 (n = 200000: sd of the mean
	 * 0.0022, of the variance 0.0032) */
	double s = 0, q = 0;
	int n = 200000;
	for (int i = 0; i < n; i++) {
		double v = net_rng_normal(a);
		s += v;
		q += v * v;
	}
	assert_true(fabs(s / n) < 0.01);
	assert_true(fabs(q / n - 1) < 0.015);
	for (int i = 0; i < 1000; i++) {
		double u = net_rng_uniform(a);
		assert_true(u >= 0 && u < 1);
	}
}

/* tanh with the standard init: each layer's activations are narrower than
 * the last (Glorot & Bengio 2010, figure 6) */
static void test_tanh_standard_shrinks(void **state)
{
	(void)state;
	net n = { 0 };
	net_params p = params("tanh", "standard", 128, 20, 256);
	run_net(&n, &p);
	for (long k = 1; k < n.depth; k++)
		assert_true(n.layers[k].std < n.layers[k - 1].std);
	assert_true(n.layers[19].std < n.layers[0].std / 100);
	/* xavier keeps it: the last layer within a factor of 4 of the first */
	p.init = NET_XAVIER;
	run_net(&n, &p);
	assert_true(n.layers[19].std > n.layers[0].std / 4);
	net_free(&n);
}

/* relu: He keeps the spread over 50 layers, Xavier halves the variance at
 * every layer (He et al. 2015) */
static void test_relu_he_xavier(void **state)
{
	(void)state;
	net n = { 0 };
	net_params p = params("relu", "he", 256, 50, 256);
	run_net(&n, &p);
	for (long k = 0; k < n.depth; k++) {
		assert_true(n.layers[k].std < 2 * n.layers[0].std);
		assert_true(n.layers[k].std > n.layers[0].std / 2);
		/* about half the units are off */
		assert_true(fabs(n.layers[k].dead - 0.5) < 0.15);
	}
	double he50 = n.layers[49].std;
	p.init = NET_XAVIER;
	run_net(&n, &p);
	assert_true(n.layers[49].std < n.layers[0].std / 1000);
	assert_true(n.layers[49].std < he50 / 1000);
	/* the gradient norm keeps with He within a factor of 4 */
	p.init = NET_HE;
	run_net(&n, &p);
	assert_true(fabs(n.log10_ratio) < log10(4.0));
	net_free(&n);
}

/* sigmoid: the gradient norm falls by orders of magnitude towards layer 1,
 * and is still known (not 0) far below the float range */
static void test_sigmoid_vanishes(void **state)
{
	(void)state;
	net n = { 0 };
	net_params p = params("sigmoid", "xavier", 128, 50, 256);
	run_net(&n, &p);
	assert_true(n.log10_ratio < -20);
	for (long k = 1; k < n.depth; k++)
		assert_true(n.layers[k - 1].log10_grad < n.layers[k].log10_grad);
	assert_true(isfinite(n.layers[0].log10_grad));
	/* sigmoid's f' is at most 0.25, so never below 0.05 ... only far out;
	 * dead never */
	assert_true(n.layers[0].dead == 0);
	net_free(&n);
}

/* The backward pass against central differences of the loss, for every
 * pre-activation of a tiny network, for several activations. */
static void test_finite_differences(void **state)
{
	(void)state;
	const char *acts[] = { "tanh", "sigmoid", "gelu", "elu", "softplus", "leaky_relu", "silu" };
	for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++) {
		net n = { 0 };
		net_params p = params(acts[a], "he", 5, 4, 6);
		p.seed = 11;
		run_net(&n, &p);
		/* the first slice: half the batch, 3 x 5 pre-activations a layer */
		assert_int_equal(n.slice, 3);
		double eps = 1e-5, worst = 0, big = 0;
		for (long k = 1; k <= n.depth; k++) {
			for (size_t i = 0; i < 15; i++) {
				double fd = (net_loss_shifted(&n, k, i, eps) -
				             net_loss_shifted(&n, k, i, -eps)) / (2 * eps);
				double g = net_grad_at(&n, k, i);
				worst = fmax(worst, fabs(fd - g));
				big = fmax(big, fabs(fd));
			}
		}
		if (!(big > 0.01) || worst > 2e-3 * big)
			fail_msg("%s: largest gradient %g, worst difference %g", acts[a], big, worst);
		net_free(&n);
	}
}

static void assert_same_net(const net *a, const net *b)
{
	assert_int_equal(a->depth, b->depth);
	for (long k = 0; k < a->depth; k++) {
		const net_layer *x = &a->layers[k], *y = &b->layers[k];
		assert_true(x->mean == y->mean && x->std == y->std);
		assert_true(x->z_mean == y->z_mean && x->z_std == y->z_std);
		assert_true(x->saturated == y->saturated && x->dead == y->dead);
		assert_memory_equal(&x->log10_grad, &y->log10_grad, sizeof x->log10_grad);
		assert_memory_equal(x->hist, y->hist, sizeof x->hist);
	}
}

/* The worker thread changes nothing but the time: the same numbers as
 * without it, to the bit, for one slice a lane, a lane left empty, an odd
 * batch, and a batch in several pairs of slices; a computation started
 * over midway, or with the weights kept from the one before (another
 * activation), gives what a fresh one does. */
static void test_worker(void **state)
{
	(void)state;
	struct { const char *act, *init; long w, d, batch; } cases[] = {
		{ "relu", "he", 64, 6, 256 },
		{ "tanh", "standard", 16, 5, 1 },
		{ "gelu", "xavier", 33, 7, 101 },
		{ "sigmoid", "xavier", 512, 64, 300 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		net a = { 0 }, b = { 0 };
		b.no_thread = true;
		net_params p = params(cases[i].act, cases[i].init, cases[i].w, cases[i].d,
		                      cases[i].batch);
		run_net(&a, &p);
		run_net(&b, &p);
		assert_true(a.threaded && !b.threaded);
		assert_int_equal(a.steps_done, a.steps_total);
		assert_int_equal(b.steps_done, b.steps_total);
		assert_same_net(&a, &b);
		net_free(&a);
		net_free(&b);
	}
	/* at W=512, D=64 the slice is 64 rows: 300 make three pairs of slices */
	net a = { 0 }, b = { 0 };
	net_params p = params("sigmoid", "xavier", 512, 64, 300);
	char err[256];
	assert_int_equal(net_start(&a, &p, err, sizeof err), 0);
	assert_int_equal(a.slice, 64);
	/* started over midway, with other settings */
	for (int k = 0; k < 40; k++)
		assert_true(net_step(&a));
	net_params q = params("relu", "he", 64, 12, 200);
	run_net(&a, &q);
	run_net(&b, &q);
	assert_same_net(&a, &b);
	/* the weights kept for another activation */
	net_params t = q;
	t.act = act_find("tanh");
	run_net(&a, &t);
	net_free(&b);
	memset(&b, 0, sizeof b);
	run_net(&b, &t);
	assert_same_net(&a, &b);
	net_free(&a);
	net_free(&b);
}

/* BLAS let go and loaded again gives the same numbers. */
static void test_unload(void **state)
{
	(void)state;
	net a = { 0 }, b = { 0 };
	net_params p = params("relu", "he", 64, 10, 64);
	run_net(&b, &p);
	net_unload();
	net_unload();   /* twice: nothing to do */
	run_net(&a, &p);
	assert_same_net(&a, &b);
	net_free(&a);
	net_free(&b);
}

static void test_deterministic(void **state)
{
	(void)state;
	net a = { 0 }, b = { 0 };
	net_params p = params("gelu", "xavier", 64, 8, 100);
	p.seed = 42;
	run_net(&a, &p);
	/* b first computes something else, so its memory is reused */
	net_params q = params("relu", "he", 200, 30, 300);
	run_net(&b, &q);
	run_net(&b, &p);
	assert_same_net(&a, &b);
	p.seed = 43;
	run_net(&b, &p);
	assert_true(a.layers[0].std != b.layers[0].std);
	net_free(&a);
	net_free(&b);
}

/* every unit of every example lands in each histogram once */
static void test_histograms(void **state)
{
	(void)state;
	net n = { 0 };
	net_params p = params("tanh", "standard", 32, 6, 50);
	run_net(&n, &p);
	for (long k = 0; k < n.depth; k++) {
		for (int w = 0; w < NET_WHATS; w++) {
			const net_hist *h = &n.layers[k].hist[w];
			double c = h->below + h->above + h->nonfinite;
			for (int i = 0; i < NET_BINS; i++)
				c += h->count[i];
			assert_true(c == 32.0 * 50);
			assert_true(h->lo < h->hi);
			/* the same range for every layer */
			assert_true(h->lo == n.layers[0].hist[w].lo && h->hi == n.layers[0].hist[w].hi);
		}
	}
	/* a shrinking tanh network piles its last layer in the middle bins */
	const net_hist *last = &n.layers[5].hist[NET_ACT];
	assert_true(last->count[NET_BINS / 2 - 1] + last->count[NET_BINS / 2] > 0.5 * 32 * 50);
	net_free(&n);
}

static void test_check(void **state)
{
	(void)state;
	char err[256];
	net_params p = net_defaults();
	assert_true(net_check(&p, err, sizeof err));
	p.width = 1;
	assert_false(net_check(&p, err, sizeof err));
	assert_string_equal(err, "width must be between 2 and 1024, got 1");
	p = net_defaults();
	p.width = 1024;
	p.depth = 17;
	assert_false(net_check(&p, err, sizeof err));
	assert_non_null(strstr(err, "a 1024-wide network can be at most 16 layers deep, got 17"));
	assert_int_equal(net_max_depth(512), 64);
	assert_int_equal(net_max_depth(256), 100);
	p = net_defaults();
	p.batch = 5000;
	assert_false(net_check(&p, err, sizeof err));
	assert_string_equal(err, "batch must be between 1 and 4096, got 5000");
	assert_int_equal(net_init_find("he"), NET_HE);
	assert_int_equal(net_init_find("kaiming"), -1);
	assert_string_equal(net_init_name(NET_XAVIER), "xavier");
}

/* ---- whyrelu net ---------------------------------------------------------- */

#define cli(...) capture_args(cli_run, __VA_ARGS__)

static void check_usage_error(run *r, const char *want)
{
	if (r->status != 2 || r->out[0] || !strstr(r->err, want) ||
	    strncmp(r->err, "whyrelu: net: ", 14) != 0 ||
	    strchr(r->err, '\n') != r->err + strlen(r->err) - 1)
		fail_msg("status %d, stdout '%s', stderr '%s'; wanted '%s'", r->status, r->out, r->err, want);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* "saturated" is the plot's |f'| < 0.1: leaky_relu with slope 0.05 passes
 * back a twentieth on its negative side, saturated but not dead */
static void test_saturated_threshold(void **state)
{
	(void)state;
	net n = { 0 };
	net_params p = params("leaky_relu", "he", 128, 3, 256);
	p.p = 0.05;
	run_net(&n, &p);
	for (long k = 0; k < n.depth; k++) {
		assert_true(n.layers[k].saturated > 0.4 && n.layers[k].saturated < 0.6);
		assert_true(n.layers[k].dead == 0);
	}
	/* a slope at the threshold is not below it */
	p.p = 0.1;
	run_net(&n, &p);
	assert_true(n.layers[0].saturated == 0);
	net_free(&n);
}

static void test_cli_table(void **state)
{
	(void)state;
	run *r = cli("net", "--act", "tanh", "--depth", "5", "--width", "64", "--seed", "3", NULL);
	assert_int_equal(r->status, 0);
	assert_string_equal(r->err, "");
	const char *head = "tanh, width 64, depth 5, batch 256, init standard, gain 1, seed 3\n"
	                   "layer         mean          std  saturated       dead    grad_norm\n";
	assert_true(!strncmp(r->out, head, strlen(head)));
	assert_int_equal(count_lines(r->out), 8);
	assert_non_null(strstr(r->out, "\n    5  "));
	assert_non_null(strstr(r->out, "gradient norm, layer 1 / layer 5: "));
	/* the table agrees with the engine */
	net n = { 0 };
	net_params p = params("tanh", "standard", 64, 5, 256);
	p.seed = 3;
	run_net(&n, &p);
	char want[64];
	snprintf(want, sizeof want, "%.4g", n.layers[4].std);
	assert_non_null(strstr(strstr(r->out, "\n    5  "), want));
	net_free(&n);
	r = cli("net", "--act=leaky_relu", "--slope=0.2", "--init=he", "--gain", "1.5", "--depth=2", NULL);
	assert_int_equal(r->status, 0);
	const char *head2 = "leaky_relu (slope = 0.2), width 128, depth 2, batch 256, init he, gain 1.5, seed 1\n";
	assert_true(!strncmp(r->out, head2, strlen(head2)));
}

static void test_cli_json(void **state)
{
	(void)state;
	run *r = cli("net", "--act", "relu", "--init", "he", "--depth", "3", "--width", "16",
	             "--batch", "10", "--json", NULL);
	assert_int_equal(r->status, 0);
	assert_int_equal(count_lines(r->out), 1);
	const char *head = "{\"act\":\"relu\",\"width\":16,\"depth\":3,\"batch\":10,"
	                   "\"init\":\"he\",\"gain\":1,\"seed\":1,\"layers\":[{\"layer\":1,\"mean\":";
	assert_true(!strncmp(r->out, head, strlen(head)));
	assert_non_null(strstr(r->out, "},{\"layer\":3,\"mean\":"));
	assert_non_null(strstr(r->out, ",\"saturated\":"));
	assert_non_null(strstr(r->out, ",\"dead\":"));
	assert_non_null(strstr(r->out, ",\"grad_norm\":"));
	assert_non_null(strstr(r->out, "],\"grad_ratio\":"));
	assert_true(r->out[strlen(r->out) - 2] == '}');
	/* the numbers read back as the engine's, exactly */
	net n = { 0 };
	net_params p = params("relu", "he", 16, 3, 10);
	run_net(&n, &p);
	const char *l2 = strstr(r->out, "{\"layer\":2,\"mean\":");
	assert_non_null(l2);
	double mean = strtod(l2 + 19, NULL);
	assert_true(mean == n.layers[1].mean);
	const char *g = strstr(l2, "\"grad_norm\":");
	assert_true(strtod(g + 12, NULL) == n.layers[1].grad_norm);
	net_free(&n);
	/* a network whose last layer is all dead: no gradient anywhere */
	r = cli("net", "--act", "relu", "--gain", "0", "--depth", "2", "--json", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "\"grad_norm\":0,\"log10_grad_norm\":\"-inf\""));
	assert_non_null(strstr(r->out, "\"grad_ratio\":null"));
}

static void test_cli_errors(void **state)
{
	(void)state;
	check_usage_error(cli("net", "--width", "0", NULL), "--width must be between 2 and 1024, got 0");
	check_usage_error(cli("net", "--width", "2000", NULL), "--width must be between 2 and 1024");
	check_usage_error(cli("net", "--depth", "101", NULL), "--depth must be between 1 and 100");
	check_usage_error(cli("net", "--depth", "0", NULL), "--depth must be between 1 and 100");
	check_usage_error(cli("net", "--batch", "4097", NULL), "--batch must be between 1 and 4096");
	check_usage_error(cli("net", "--batch", "1.5", NULL), "--batch must be a whole number");
	check_usage_error(cli("net", "--seed", "-1", NULL), "--seed must be between 0 and 2147483647");
	check_usage_error(cli("net", "--init", "kaiming", NULL), "--init must be standard, xavier or he, got 'kaiming'");
	check_usage_error(cli("net", "--init", "xavir", NULL), "did you mean 'xavier'?");
	check_usage_error(cli("net", "--width", "1024", "--depth", "20", NULL),
	                  "a 1024-wide network can be at most 16 layers deep, got 20");
	check_usage_error(cli("net", "--act", "reul", NULL), "did you mean 'relu'?");
	check_usage_error(cli("net", "--act", "tanh", "--slope", "0.1", NULL), "tanh takes no parameter");
	check_usage_error(cli("net", "--gain", "200", NULL), "--gain must be between -100 and 100");
	check_usage_error(cli("net", "--widht", "3", NULL), "unknown option '--widht'; did you mean '--width'?");
	check_usage_error(cli("net", "--x", "3", NULL), "unknown option '--x'");
	check_usage_error(cli("net", "tanh", NULL), "unexpected argument 'tanh' (give the activation as --act tanh)");
	check_usage_error(cli("net", "--width", NULL), "--width needs a value");
	run *r = cli("net", "--help", NULL);
	assert_int_equal(r->status, 0);
	assert_true(!strncmp(r->out, "usage: whyrelu net ", 19));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_tanh_standard_shrinks),
		cmocka_unit_test(test_relu_he_xavier),
		cmocka_unit_test(test_sigmoid_vanishes),
		cmocka_unit_test(test_finite_differences),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_worker),
		cmocka_unit_test(test_unload),
		cmocka_unit_test(test_histograms),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_saturated_threshold),
		cmocka_unit_test(test_cli_table),
		cmocka_unit_test(test_cli_json),
		cmocka_unit_test(test_cli_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
