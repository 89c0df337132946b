/* test_cost.c - the cost lab's measuring (src/cost.c) and the array loops
 * it times (act_map in src/act.c).
 *
 * No timing is asserted (tests/bench measures speed): these tests check
 * that every row is measured, that the figures are usable, that the loops
 * compute exactly what f and f' give, and the order and bookkeeping the
 * cost view relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cost.h"

/* Bit for bit, NaN matching NaN. */
static void assert_same(const char *what, const char *name, double x, double got, double want)
{
	if (isnan(got) && isnan(want))
		return;
	if (memcmp(&got, &want, sizeof got) != 0)
		fail_msg("%s of %s at x = %.17g: loop gives %.17g, the function %.17g", what, name, x,
		         got, want);
}

/* act_map agrees with f and f' element by element, over a length that
 * leaves a tail after the blocks, at kinks, signed zeros and infinities. */
static void test_map_matches_functions(void **state)
{
	(void)state;
	const double xs[] = {
		-INFINITY, -1e300, -40, -6, -3, -2.5, -1, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1,
		1.5, 3, 6, 7, 40, 1e300, INFINITY,
	};
	enum { NX = sizeof xs / sizeof xs[0] };
	assert_true(NX % ACT_MAP_BLOCK != 0);
	double y[NX];
	size_t n;
	const act_def *t = act_table(&n);
	for (size_t i = 0; i < n; i++) {
		const act_def *a = &t[i];
		double p = act_param_default(a);
		assert_true(act_map_inlined(a, false));
		assert_true(act_map_inlined(a, true));
		act_map(a, false, xs, y, NX, p);
		for (int k = 0; k < NX; k++)
			assert_same("f", a->name, xs[k], y[k], a->f(xs[k], p));
		act_map(a, true, xs, y, NX, p);
		for (int k = 0; k < NX; k++)
			assert_same("f'", a->name, xs[k], y[k], a->df(xs[k], p));
	}
	/* a parameter other than the default reaches the loop */
	const act_def *leaky = act_find("leaky_relu");
	act_map(leaky, false, xs, y, NX, 0.3);
	assert_same("f", "leaky_relu(0.3)", -1, y[6], -0.3);
}

/* The inputs spread over [-COST_X, COST_X], in no sorted order. */
static void test_inputs(void **state)
{
	(void)state;
	cost_lab c;
	assert_int_equal(cost_init(&c, false), 0);
	double lo = INFINITY, hi = -INFINITY;
	size_t falls = 0, neg = 0;
	for (size_t i = 0; i < COST_N; i++) {
		assert_true(c.x[i] >= -COST_X && c.x[i] <= COST_X);
		lo = fmin(lo, c.x[i]);
		hi = fmax(hi, c.x[i]);
		falls += i > 0 && c.x[i] < c.x[i - 1];
		neg += c.x[i] < 0;
	}
	assert_true(lo < -0.99 * COST_X && hi > 0.99 * COST_X);
	/* about half fall and half are negative: a branch cannot guess */
	assert_true(falls > COST_N / 3 && falls < 2 * COST_N / 3);
	assert_true(neg > COST_N / 3 && neg < 2 * COST_N / 3);
	cost_free(&c);
}

/* The lab's inputs, kept: it lets its arrays go when every row is done. */
static double *copy_inputs(const cost_lab *c)
{
	assert_non_null(c->x);
	double *x = malloc(COST_N * sizeof *x);
	assert_non_null(x);
	memcpy(x, c->x, COST_N * sizeof *x);
	return x;
}

/* What each row's loop summed to over the inputs x, computed again with
 * act_eval; the arrays gone once every row is done. Frees x. */
static void check_checksums(const cost_lab *c, double *x)
{
	assert_true(cost_done(c));
	assert_null(c->x);
	assert_null(c->y);
	size_t n;
	const act_def *t = act_table(&n);
	for (size_t i = 0; i < n; i++) {
		double p = act_param_default(&t[i]), sf = 0, sdf = 0;
		for (size_t k = 0; k < COST_N; k++) {
			double f, df;
			act_eval(&t[i], x[k], p, &f, &df);
			sf += f;
			sdf += df;
		}
		if (c->rows[i].checksum[COST_F] != sf || c->rows[i].checksum[COST_DF] != sdf)
			fail_msg("%s: checksums %.17g, %.17g; act_eval gives %.17g, %.17g", t[i].name,
			         c->rows[i].checksum[COST_F], c->rows[i].checksum[COST_DF], sf, sdf);
	}
	free(x);
}

static void test_every_row_measured(void **state)
{
	(void)state;
	cost_lab c;
	assert_int_equal(cost_init(&c, false), 0);
	size_t n;
	const act_def *t = act_table(&n);
	assert_int_equal(c.n, n);
	assert_false(cost_done(&c));
	double *x = copy_inputs(&c);
	cost_run(&c);
	assert_true(cost_done(&c));
	assert_int_equal(c.ndone, n);
	assert_int_equal(cost_step(&c), -1);
	for (size_t i = 0; i < n; i++) {
		assert_true(c.rows[i].done);
		assert_true(c.rows[i].step_ns > 0);
		for (int w = COST_F; w <= COST_DF; w++) {
			double ns = c.rows[i].ns[w], r = cost_ratio(&c, i, w);
			if (!(isfinite(ns) && ns > 0 && isfinite(r) && r > 0))
				fail_msg("%s: %s %g ns, ratio %g", t[i].name, w ? "f'" : "f", ns, r);
		}
	}
	size_t relu = cost_relu();
	assert_string_equal(t[relu].name, "relu");
	assert_true(cost_ratio(&c, relu, COST_F) == 1.0);
	assert_true(cost_ratio(&c, relu, COST_DF) == 1.0);
	/* a ratio is the row's time over relu's */
	size_t g = (size_t)act_index(act_find("gelu"));
	assert_true(cost_ratio(&c, g, COST_F) == c.rows[g].ns[COST_F] / c.rows[relu].ns[COST_F]);
	check_checksums(&c, x);
	/* measuring again makes them again, the same */
	assert_int_equal(cost_restart(&c), 0);
	assert_false(cost_done(&c));
	assert_non_null(c.x);
	x = copy_inputs(&c);
	cost_run(&c);
	check_checksums(&c, x);
	cost_free(&c);
}

/* relu first, whatever its place in the catalogue; then catalogue order;
 * a step is f or f' of a row; no ratio until both rows are done. */
static void test_order_and_restart(void **state)
{
	(void)state;
	cost_lab c;
	assert_int_equal(cost_init(&c, true), 0);
	size_t relu = cost_relu();
	assert_true(isnan(cost_ratio(&c, relu, COST_F)));
	assert_int_equal(cost_step(&c), (int)relu);
	assert_true(c.rows[relu].have[COST_F] && !c.rows[relu].have[COST_DF]);
	assert_false(c.rows[relu].done);
	assert_int_equal(c.ndone, 0);
	assert_true(isnan(cost_ratio(&c, relu, COST_F)));
	assert_int_equal(cost_step(&c), (int)relu);
	assert_true(c.rows[relu].done);
	assert_int_equal(c.ndone, 1);
	assert_true(cost_ratio(&c, relu, COST_F) == 1.0);
	int next = cost_step(&c);
	assert_int_equal(next, relu == 0 ? 1 : 0);
	assert_true(isnan(cost_ratio(&c, (size_t)next, COST_DF)));
	assert_int_equal(cost_step(&c), next);
	assert_true(isfinite(cost_ratio(&c, (size_t)next, COST_DF)));
	size_t other = (size_t)next + 1 == relu ? (size_t)next + 2 : (size_t)next + 1;
	assert_true(isnan(cost_ratio(&c, other, COST_F)));
	cost_run(&c);
	assert_true(cost_done(&c));
	cost_restart(&c);
	assert_false(cost_done(&c));
	assert_int_equal(c.ndone, 0);
	for (size_t i = 0; i < c.n; i++)
		assert_false(c.rows[i].done || c.rows[i].have[COST_F] || c.rows[i].have[COST_DF]);
	assert_true(isnan(cost_ratio(&c, other, COST_F)));
	assert_int_equal(cost_step(&c), (int)relu);
	cost_free(&c);
}

/* The test hook: figures from the index, the same every time, and the
 * loops still run (real checksums). */
static void test_fixed_hook(void **state)
{
	(void)state;
	unsetenv("WHYRELU_COST_FIXED");
	assert_false(cost_fixed_env());
	setenv("WHYRELU_COST_FIXED", "0", 1);
	assert_false(cost_fixed_env());
	setenv("WHYRELU_COST_FIXED", "1", 1);
	assert_true(cost_fixed_env());
	unsetenv("WHYRELU_COST_FIXED");

	cost_lab a, b;
	assert_int_equal(cost_init(&a, true), 0);
	assert_int_equal(cost_init(&b, true), 0);
	double *x = copy_inputs(&a);
	cost_run(&a);
	cost_run(&b);
	for (size_t i = 0; i < a.n; i++) {
		assert_true(a.rows[i].ns[COST_F] == b.rows[i].ns[COST_F]);
		assert_true(a.rows[i].ns[COST_DF] == b.rows[i].ns[COST_DF]);
		assert_true(a.rows[i].ns[COST_F] > 0);
	}
	check_checksums(&a, x);
	cost_free(&a);
	cost_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_matches_functions),
		cmocka_unit_test(test_inputs),
		cmocka_unit_test(test_every_row_measured),
		cmocka_unit_test(test_order_and_restart),
		cmocka_unit_test(test_fixed_hook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
