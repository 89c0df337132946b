/* test_lab.c - the lab model: what each action does at its limits, the
 * opening state from options, the chain cache, and the per-layer strip
 * (one column per layer, then aggregated), including the three things a
 * learner is meant to see: sigmoid vanishing with depth, relu passing at
 * x > 0 and dead at x < 0, leaky relu surviving as its slope grows. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "lab.h"
#include "setting.h"

static void open_with(lab *l, const char *name)
{
	lab_init(l);
	lab_set_act(l, act_find(name));
}

static void test_defaults(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	assert_string_equal(l.act->name, "relu");
	assert_true(l.x == 1.0);
	assert_int_equal(l.depth, 1);
	assert_true(l.gain == 1.0 && l.bias == 0.0);
	assert_true(l.from == -5.0 && l.to == 5.0);
	assert_true(l.show_df);
	assert_int_equal(lab_update(&l, 10), 0);
	assert_true(l.fx == 1.0 && l.dfx == 1.0);
	assert_int_equal(l.chain.state, CHAIN_PASSES);
	assert_int_equal(l.nstrip, 1);
	lab_free(&l);
}

static void test_x_steps(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	assert_true(lab_x_step(&l, false) == 0.1);
	assert_true(lab_x_step(&l, true) == 1.0);
	for (int i = 0; i < 3; i++)
		assert_true(lab_step(&l, CMD_VAR_X, 1, false, NULL, 0));
	assert_true(l.x == 1.3);   /* no 1.3000000000000003 */
	assert_true(lab_step(&l, CMD_VAR_X, -1, true, NULL, 0));
	assert_true(l.x == 0.3);   /* a coarse step is a step, not a snap to 1 */
	assert_true(lab_step(&l, CMD_VAR_X, -1, true, NULL, 0));
	assert_true(l.x == -0.7);  /* no -0.7000000000000001 */
	assert_true(lab_step(&l, CMD_VAR_X, 1, true, NULL, 0));
	assert_true(lab_step(&l, CMD_VAR_X, -1, false, NULL, 0));
	assert_true(l.x == 0.2);   /* the fine step still lands on its grid */
	assert_true(lab_step(&l, CMD_VAR_X, -1, false, NULL, 0));
	assert_true(lab_step(&l, CMD_VAR_X, -1, false, NULL, 0));
	assert_true(l.x == 0.0 && !signbit(l.x));
	assert_true(lab_step(&l, CMD_VAR_X, -1, false, NULL, 0));
	assert_true(l.x == -0.1);
	/* x walks out of the range: the range follows */
	for (int i = 0; i < 7; i++)
		lab_step(&l, CMD_VAR_X, 1, true, NULL, 0);
	assert_true(l.x == 6.9);
	assert_true(l.to == 6.9 && l.from == -3.1);
	lab_free(&l);
}

static void test_x_limit(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	opts_state st;
	opts_init(&st);
	st.x = LAB_X_MAX;
	st.x_given = true;
	lab_apply_opts(&l, &st);
	assert_true(l.from <= l.x && l.x <= l.to && l.to <= LAB_X_MAX);
	char msg[80];
	assert_false(lab_step(&l, CMD_VAR_X, 1, false, msg, sizeof msg));
	assert_non_null(strstr(msg, "limit"));
	assert_true(lab_step(&l, CMD_VAR_X, -1, false, msg, sizeof msg));
	lab_free(&l);
}

static void test_param(void **state)
{
	(void)state;
	lab l;
	char msg[80];
	open_with(&l, "leaky_relu");
	assert_true(l.p == 0.01);
	assert_true(lab_step(&l, CMD_VAR_PARAM, 1, false, msg, sizeof msg));
	assert_true(l.p == 0.02);
	assert_true(lab_step(&l, CMD_VAR_PARAM, 1, true, msg, sizeof msg));
	assert_true(l.p == 0.1);   /* onto the coarse grid */
	for (int i = 0; i < 20; i++)
		lab_step(&l, CMD_VAR_PARAM, 1, true, NULL, 0);
	assert_true(l.p == 1.0);   /* clamped at the row's maximum */
	assert_false(lab_step(&l, CMD_VAR_PARAM, 1, false, msg, sizeof msg));
	assert_non_null(strstr(msg, "maximum"));
	for (int i = 0; i < 20; i++)
		lab_step(&l, CMD_VAR_PARAM, -1, true, NULL, 0);
	assert_true(l.p == 0.0);   /* slope 0 is relu, and allowed */
	assert_false(lab_step(&l, CMD_VAR_PARAM, -1, false, msg, sizeof msg));
	assert_non_null(strstr(msg, "minimum"));

	/* an open lower end: celu's alpha stays above 0 */
	lab_set_act(&l, act_find("celu"));
	for (int i = 0; i < 20; i++)
		lab_step(&l, CMD_VAR_PARAM, -1, true, NULL, 0);
	assert_true(l.p == 0.1);
	assert_false(lab_step(&l, CMD_VAR_PARAM, -1, false, msg, sizeof msg));
	assert_non_null(strstr(msg, "above 0"));

	/* max's floor: the question's max(x, -1) is a few keys away */
	lab_set_act(&l, act_find("max"));
	assert_true(l.p == 0.0);
	assert_true(lab_step(&l, CMD_VAR_PARAM, -1, true, NULL, 0));
	assert_true(l.p == -1.0);

	lab_set_act(&l, act_find("sigmoid"));
	assert_false(lab_step(&l, CMD_VAR_PARAM, 1, false, msg, sizeof msg));
	assert_string_equal(msg, "sigmoid takes no parameter");
	lab_free(&l);
}

static void test_depth_sequence(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	static const long up[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70,
	                           80, 90, 100, 200 };
	for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
		assert_true(lab_step(&l, CMD_VAR_DEPTH, 1, false, NULL, 0));
		assert_int_equal(l.depth, up[i]);
	}
	while (lab_step(&l, CMD_VAR_DEPTH, 1, false, NULL, 0))
		;
	assert_int_equal(l.depth, CHAIN_MAX_DEPTH);
	assert_true(lab_step(&l, CMD_VAR_DEPTH, -1, false, NULL, 0));
	assert_int_equal(l.depth, 90000);
	/* an odd depth from the command line rejoins the sequence */
	l.depth = 15;
	lab_step(&l, CMD_VAR_DEPTH, 1, false, NULL, 0);
	assert_int_equal(l.depth, 20);
	l.depth = 15;
	lab_step(&l, CMD_VAR_DEPTH, -1, false, NULL, 0);
	assert_int_equal(l.depth, 10);
	l.depth = 100;
	lab_step(&l, CMD_VAR_DEPTH, -1, false, NULL, 0);
	assert_int_equal(l.depth, 90);
	l.depth = 1;
	assert_true(lab_step(&l, CMD_VAR_DEPTH, -1, false, NULL, 0));
	assert_int_equal(l.depth, 0);
	char msg[80];
	assert_false(lab_step(&l, CMD_VAR_DEPTH, -1, false, msg, sizeof msg));
	assert_string_equal(msg, "depth is at its minimum, 0");
	lab_free(&l);
}

static void test_gain(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	for (int i = 0; i < 3; i++)
		lab_step(&l, CMD_VAR_GAIN, 1, false, NULL, 0);
	assert_true(l.gain == 1.3);
	for (int i = 0; i < 2000; i++)
		lab_step(&l, CMD_VAR_GAIN, 1, false, NULL, 0);
	assert_true(l.gain == setting_of(CMD_VAR_GAIN)->max);
	assert_false(lab_step(&l, CMD_VAR_GAIN, 1, false, NULL, 0));
	lab_free(&l);
}

static void test_act_cycle(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	size_t n;
	const act_def *t = act_table(&n);
	assert_ptr_equal(l.act, &t[0]);
	lab_do(&l, LAB_ACT_PREV, NULL, 0);
	assert_ptr_equal(l.act, &t[n - 1]);
	lab_do(&l, LAB_ACT_NEXT, NULL, 0);
	lab_do(&l, LAB_ACT_NEXT, NULL, 0);
	assert_ptr_equal(l.act, &t[1]);
	assert_true(l.p == act_param_default(&t[1]));
	for (size_t i = 0; i < n; i++)
		lab_do(&l, LAB_ACT_NEXT, NULL, 0);
	assert_ptr_equal(l.act, &t[1]);
	/* Tab away and back keeps the parameter where it was moved */
	lab_set_act(&l, act_find("leaky_relu"));
	assert_true(lab_step(&l, CMD_VAR_PARAM, 1, true, NULL, 0));
	double moved = l.p;
	assert_true(moved != act_param_default(l.act));
	lab_do(&l, LAB_ACT_NEXT, NULL, 0);
	assert_true(l.p == act_param_default(l.act));   /* the next one: its default */
	lab_do(&l, LAB_ACT_PREV, NULL, 0);
	assert_string_equal(l.act->name, "leaky_relu");
	assert_true(l.p == moved);
	/* `act NAME` is a fresh start: the default */
	lab_set_act(&l, act_find("leaky_relu"));
	assert_true(l.p == act_param_default(l.act));
	lab_free(&l);
}

static void test_zoom(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	assert_true(lab_do(&l, LAB_ZOOM_IN, NULL, 0));
	assert_true(l.from == -2.5 && l.to == 2.5);
	assert_true(lab_x_step(&l, false) == 0.05);
	assert_true(lab_do(&l, LAB_ZOOM_IN, NULL, 0));
	/* [-1.25, 1.25] would lose x = 1.5? no: x = 1 is still inside */
	assert_true(l.from == -1.25 && l.to == 1.25);
	assert_true(lab_do(&l, LAB_ZOOM_IN, NULL, 0));
	/* about the centre x would leave the view: zoom about x instead */
	assert_true(l.from <= l.x && l.x <= l.to);
	assert_true(fabs((l.to - l.from) - 1.25) < 1e-12);
	while (lab_do(&l, LAB_ZOOM_IN, NULL, 0))
		;
	assert_true(l.to - l.from >= LAB_SPAN_MIN * 0.999);
	assert_true(l.from <= l.x && l.x <= l.to);
	char msg[80];
	assert_false(lab_do(&l, LAB_ZOOM_IN, msg, sizeof msg));
	assert_string_equal(msg, "cannot zoom in further");
	while (lab_do(&l, LAB_ZOOM_OUT, NULL, 0))
		;
	assert_true(l.from >= -LAB_X_MAX && l.to <= LAB_X_MAX);
	assert_true(l.to - l.from <= LAB_SPAN_MAX * 1.001);
	lab_free(&l);
}

/* The options of the tutorial and the line mode: the lab's and the
 * lessons' in one pass, and which count as lab options. */
static void test_front_options(void **state)
{
	(void)state;
	opts_state st;
	opts_init(&st);
	char *argv[] = { "whyrelu", "--lesson", "3", "--charset=ascii", "--lessons", "dir",
	                 "--keys", "--lesson" };
	int argc = (int)(sizeof argv / sizeof argv[0]);
	const char *start = NULL, *dir = NULL;
	char err[200];
	int i = 1;
	assert_int_equal(opts_front_option(&st, argc, argv, &i, &start, &dir, err, sizeof err), 1);
	assert_int_equal(i, 2);
	assert_string_equal(start, "3");
	i++;
	assert_int_equal(opts_front_option(&st, argc, argv, &i, &start, &dir, err, sizeof err), 1);
	assert_true(st.cs_given);
	assert_false(opts_lab_given(&st));   /* the charset is not the lab's */
	i++;
	assert_int_equal(opts_front_option(&st, argc, argv, &i, &start, &dir, err, sizeof err), 1);
	assert_string_equal(dir, "dir");
	i++;
	assert_int_equal(opts_front_option(&st, argc, argv, &i, &start, &dir, err, sizeof err), 0);
	i++;
	assert_int_equal(opts_front_option(&st, argc, argv, &i, &start, &dir, err, sizeof err), -1);
	assert_string_equal(err, "--lesson (a number or a name, like 3 or relu) needs a value");
	char *lab_argv[] = { "whyrelu", "--gain", "2" };
	opts_init(&st);
	i = 1;
	assert_int_equal(opts_front_option(&st, 3, lab_argv, &i, &start, &dir, err, sizeof err), 1);
	assert_true(opts_lab_given(&st));
	assert_int_equal(opts_charset_shown(CS_ASCII), CS_ASCII);
}

/* A front end's own option for the test: --own, and --stop that answers. */
static int own_option(void *ctx, int argc, char **argv, int *i, char *err, size_t len)
{
	(void)argc;
	(void)err;
	(void)len;
	if (!strcmp(argv[*i], "--own"))
		return ++*(int *)ctx, 1;
	return !strcmp(argv[*i], "--stop") ? 2 : 0;
}

/* A whole command line: shared options, the front end's own, the rest a
 * mistake named in the message, and opts_finish at the end. */
static void test_front_parse(void **state)
{
	(void)state;
	opts_state st;
	opts_front f;
	char err[200];
	int own = 0;
	char *ok[] = { "whyrelu", "--own", "--lesson", "relu", "--depth", "5", "--own" };
	opts_init(&st);
	assert_int_equal(opts_front_parse(&st, 7, ok, own_option, &own, &f, err, sizeof err), 0);
	assert_int_equal(own, 2);
	assert_string_equal(f.start, "relu");
	assert_null(f.dir);
	assert_true(f.lab_given);
	assert_string_equal(st.act->name, "relu");   /* opts_finish's default */
	char *stop[] = { "whyrelu", "--stop", "--bogus" };
	opts_init(&st);
	assert_int_equal(opts_front_parse(&st, 3, stop, own_option, &own, &f, err, sizeof err), 2);
	char *bad[] = { "whyrelu", "--bogus" };
	opts_init(&st);
	assert_int_equal(opts_front_parse(&st, 2, bad, own_option, &own, &f, err, sizeof err), -1);
	assert_string_equal(err, "unknown option '--bogus' ('whyrelu --help' lists the options)");
	char *word[] = { "whyrelu", "relu" };
	opts_init(&st);
	assert_int_equal(opts_front_parse(&st, 2, word, own_option, &own, &f, err, sizeof err), -1);
	assert_string_equal(err, "unexpected argument 'relu' ('whyrelu --help')");
	char *finish[] = { "whyrelu", "--slope", "0.1" };
	opts_init(&st);
	assert_int_equal(opts_front_parse(&st, 3, finish, own_option, &own, &f, err, sizeof err), -1);
	assert_non_null(strstr(err, "--slope"));   /* opts_finish's check */
}

static void test_reset_to_options(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	opts_state st;
	opts_init(&st);
	char *argv[] = { "whyrelu", "--act", "leaky_relu", "--slope", "0.2", "--x", "-2",
	                 "--depth", "30", "--gain", "1.5", "--bias", "0.5", "--no-color",
	                 "--charset", "block" };
	int argc = (int)(sizeof argv / sizeof argv[0]);
	char err[200];
	for (int i = 1; i < argc; i++)
		assert_int_equal(opts_option(&st, argc, argv, &i, err, sizeof err), 1);
	assert_int_equal(opts_finish(&st, err, sizeof err), 0);
	lab_apply_opts(&l, &st);
	assert_string_equal(l.act->name, "leaky_relu");
	assert_true(l.p == 0.2 && l.x == -2 && l.depth == 30);
	assert_true(l.gain == 1.5 && l.bias == 0.5);
	assert_false(l.color);
	assert_int_equal(l.cs, CS_BLOCK);

	lab_do(&l, LAB_ACT_NEXT, NULL, 0);
	lab_step(&l, CMD_VAR_X, 1, true, NULL, 0);
	lab_step(&l, CMD_VAR_DEPTH, 1, false, NULL, 0);
	lab_step(&l, CMD_VAR_GAIN, -1, false, NULL, 0);
	lab_do(&l, LAB_ZOOM_OUT, NULL, 0);
	lab_do(&l, LAB_TOGGLE_DF, NULL, 0);
	assert_true(lab_do(&l, LAB_RESET, NULL, 0));
	assert_string_equal(l.act->name, "leaky_relu");
	assert_true(l.p == 0.2 && l.x == -2 && l.depth == 30);
	assert_true(l.gain == 1.5 && l.bias == 0.5);
	assert_true(l.from == -5 && l.to == 5 && l.show_df);
	lab_free(&l);
}

static void test_far_x_option(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	opts_state st;
	opts_init(&st);
	st.x = 100;
	st.x_given = true;
	lab_apply_opts(&l, &st);
	assert_true(l.from == 95 && l.to == 105);
	/* at the limits the range keeps its width and moves inside them:
	 * --x 1000000 once gave a range from 1e6 to 1e6 */
	static const double edge[][3] = {
		{ LAB_X_MAX, LAB_X_MAX - 10, LAB_X_MAX },
		{ -LAB_X_MAX, -LAB_X_MAX, -LAB_X_MAX + 10 },
		{ LAB_X_MAX - 1, LAB_X_MAX - 10, LAB_X_MAX },
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		lab_init(&l);
		st.x = edge[i][0];
		lab_apply_opts(&l, &st);
		assert_true(l.x == edge[i][0]);
		assert_true(l.from == edge[i][1] && l.to == edge[i][2]);
	}
	lab_free(&l);
}

/* The chain is walked again only when an input of it changed. */
static void test_cache(void **state)
{
	(void)state;
	lab l;
	open_with(&l, "sigmoid");
	l.depth = 1000;
	lab_update(&l, 50);
	long e = l.evals;
	lab_update(&l, 50);
	lab_do(&l, LAB_TOGGLE_DF, NULL, 0);
	lab_update(&l, 50);
	lab_do(&l, LAB_ZOOM_IN, NULL, 0);
	lab_update(&l, 50);
	assert_int_equal(l.evals, e);
	lab_step(&l, CMD_VAR_X, 1, false, NULL, 0);
	lab_update(&l, 50);
	assert_int_equal(l.evals, e + 1);
	lab_update(&l, 60);  /* a resize: more columns */
	assert_int_equal(l.evals, e + 2);
	lab_step(&l, CMD_VAR_GAIN, 1, false, NULL, 0);
	lab_update(&l, 60);
	assert_int_equal(l.evals, e + 3);
	lab_step(&l, CMD_VAR_DEPTH, 1, false, NULL, 0);
	lab_update(&l, 60);
	assert_int_equal(l.evals, e + 4);
	lab_do(&l, LAB_ACT_NEXT, NULL, 0);
	lab_update(&l, 60);
	assert_int_equal(l.evals, e + 5);
	lab_free(&l);
}

/* One column per layer, matching a direct walk of the chain. */
static void test_strip_per_layer(void **state)
{
	(void)state;
	lab l;
	open_with(&l, "sigmoid");
	l.x = 0.5;
	l.depth = 12;
	lab_update(&l, 40);
	assert_int_equal(l.nstrip, 12);
	double h = l.x, lg = 0;
	for (int k = 1; k <= 12; k++) {
		const lab_strip_col *c = &l.strip[k - 1];
		assert_int_equal(c->k0, k);
		assert_int_equal(c->k1, k);
		lg += log10(fabs(l.act->df(h, 0)));
		h = l.act->f(h, 0);
		assert_true(fabs(c->log10_grad - lg) < 1e-12);
		assert_int_equal(c->state, lg < -6 ? CHAIN_VANISHES : CHAIN_PASSES);
	}
	assert_true(l.chain.log10_grad == l.strip[11].log10_grad);
	lab_free(&l);
}

/* More layers than columns: contiguous columns cover every layer once. */
static void test_strip_aggregated(void **state)
{
	(void)state;
	lab l;
	open_with(&l, "sigmoid");
	static const long depths[] = { 41, 100, 1000, 99999, 100000 };
	static const int cols[] = { 40, 7, 33, 80, 1 };
	for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
		l.depth = depths[i];
		lab_update(&l, cols[i]);
		assert_int_equal(l.nstrip, cols[i]);
		long next = 1;
		for (int c = 0; c < l.nstrip; c++) {
			assert_int_equal(l.strip[c].k0, next);
			assert_true(l.strip[c].k1 >= l.strip[c].k0);
			next = l.strip[c].k1 + 1;
			assert_false(isnan(l.strip[c].log10_grad));
		}
		assert_int_equal(next, depths[i] + 1);
		/* the last column ends at the output */
		assert_true(l.strip[l.nstrip - 1].log10_grad == l.chain.log10_grad);
	}
	lab_free(&l);
}

static void test_strip_none(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	l.depth = 0;
	lab_update(&l, 30);
	assert_int_equal(l.nstrip, 0);
	assert_true(l.chain.out == l.x && l.chain.grad == 1.0);
	l.depth = 5;
	lab_update(&l, 0);
	assert_int_equal(l.nstrip, 0);
	assert_int_equal(l.chain.state, CHAIN_PASSES);
	lab_free(&l);
}

/* What the welcome text tells a learner to try. */
static void test_lessons_of_the_lab(void **state)
{
	(void)state;
	lab l;
	/* sigmoid: passes at depth 1, vanishes by depth 10, far below double
	 * range at depth 1000 yet still a number */
	open_with(&l, "sigmoid");
	lab_update(&l, 80);
	assert_int_equal(l.chain.state, CHAIN_PASSES);
	while (l.depth < 10)
		lab_step(&l, CMD_VAR_DEPTH, 1, false, NULL, 0);
	lab_update(&l, 80);
	assert_int_equal(l.chain.state, CHAIN_VANISHES);
	assert_true(l.chain.vanish_layer > 1 && l.chain.vanish_layer <= 10);
	l.depth = 1000;
	lab_update(&l, 80);
	assert_int_equal(l.chain.state, CHAIN_VANISHES);
	assert_true(l.chain.log10_grad < -308);
	assert_int_equal(l.chain.grad_sign, 1);

	/* relu: passes at x > 0 whatever the depth, dead at x < 0 */
	lab_set_act(&l, act_find("relu"));
	l.depth = 100000;
	lab_update(&l, 80);
	assert_int_equal(l.chain.state, CHAIN_PASSES);
	assert_true(l.chain.log10_grad == 0.0);
	l.x = -0.5;
	lab_update(&l, 80);
	assert_int_equal(l.chain.state, CHAIN_DEAD);
	assert_int_equal(l.strip[0].state, CHAIN_DEAD);
	assert_true(l.strip[0].log10_grad == -INFINITY);

	/* leaky relu at x < 0: never dead; vanishes at slope 0.01, passes once
	 * the slope is large enough for the depth */
	lab_set_act(&l, act_find("leaky_relu"));
	l.depth = 10;
	lab_update(&l, 80);
	assert_int_equal(l.chain.state, CHAIN_VANISHES);
	assert_true(fabs(l.chain.log10_grad + 20) < 1e-9);
	for (int i = 0; i < 3; i++)
		lab_step(&l, CMD_VAR_PARAM, 1, true, NULL, 0);
	lab_update(&l, 80);
	assert_true(l.p == 0.3);
	assert_int_equal(l.chain.state, CHAIN_PASSES);
	lab_free(&l);
}

static void test_grad_state(void **state)
{
	(void)state;
	assert_int_equal(lab_grad_state(1, 0), CHAIN_PASSES);
	assert_int_equal(lab_grad_state(-1, -6), CHAIN_PASSES);
	assert_int_equal(lab_grad_state(1, -6.01), CHAIN_VANISHES);
	assert_int_equal(lab_grad_state(1, 6.01), CHAIN_EXPLODES);
	assert_int_equal(lab_grad_state(0, -INFINITY), CHAIN_DEAD);
	assert_int_equal(lab_grad_state(1, NAN), CHAIN_UNDEFINED);
}

static void test_plot_callbacks(void **state)
{
	(void)state;
	lab l;
	open_with(&l, "leaky_relu");
	l.p = 0.2;
	assert_true(lab_plot_f(&l, -1) == -0.2);
	assert_true(lab_plot_df(&l, -1) == 0.2);
	assert_true(lab_plot_f(&l, 2) == 2);
	lab_free(&l);
}

/* The training view's keys: the learning rate on 1-2-5 steps, width
 * halved and doubled, layers 1..3, targets in turn; each stops at its
 * limit with a message, and 0 puts them back. */
static void test_train_actions(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	char msg[128];
	const double up[] = { 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10 };
	for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
		assert_true(lab_step(&l, CMD_VAR_LR, 1, false, msg, sizeof msg));
		assert_true(l.train.lr == up[i]);
	}
	assert_false(lab_step(&l, CMD_VAR_LR, 1, false, msg, sizeof msg));
	assert_string_equal(msg, "lr is at its maximum, 10");
	l.train.lr = 0.03;
	assert_true(lab_step(&l, CMD_VAR_LR, -1, false, msg, sizeof msg));
	assert_true(l.train.lr == 0.02);
	assert_true(lab_step(&l, CMD_VAR_LR, -1, false, msg, sizeof msg));
	assert_true(l.train.lr == 0.01);
	assert_true(lab_step(&l, CMD_VAR_LR, -1, false, msg, sizeof msg));
	assert_true(l.train.lr == 0.005);
	l.train.lr = 0.03;
	assert_true(lab_step(&l, CMD_VAR_LR, 1, false, msg, sizeof msg));
	assert_true(l.train.lr == 0.05);

	assert_int_equal(l.train.width, 32);
	assert_true(lab_step(&l, CMD_VAR_WIDTH, 1, false, msg, sizeof msg));
	assert_true(lab_step(&l, CMD_VAR_WIDTH, 1, false, msg, sizeof msg));
	assert_true(lab_step(&l, CMD_VAR_WIDTH, 1, false, msg, sizeof msg));
	assert_int_equal(l.train.width, 256);
	assert_false(lab_step(&l, CMD_VAR_WIDTH, 1, false, msg, sizeof msg));
	assert_string_equal(msg, "width is at its maximum, 256");
	for (int i = 0; i < 6; i++)
		assert_true(lab_step(&l, CMD_VAR_WIDTH, -1, false, msg, sizeof msg));
	assert_int_equal(l.train.width, 4);
	assert_false(lab_step(&l, CMD_VAR_WIDTH, -1, false, msg, sizeof msg));

	assert_int_equal(l.train.layers, 2);
	assert_true(lab_step(&l, CMD_VAR_LAYERS, 1, false, msg, sizeof msg));
	assert_false(lab_step(&l, CMD_VAR_LAYERS, 1, false, msg, sizeof msg));
	assert_string_equal(msg, "layers is at its maximum, 3");
	assert_true(lab_step(&l, CMD_VAR_LAYERS, -1, false, msg, sizeof msg));
	assert_true(lab_step(&l, CMD_VAR_LAYERS, -1, false, msg, sizeof msg));
	assert_int_equal(l.train.layers, 1);
	assert_false(lab_step(&l, CMD_VAR_LAYERS, -1, false, msg, sizeof msg));

	assert_int_equal(l.train.target, TRAIN_SIN);
	const train_target order[] = { TRAIN_STEP, TRAIN_SQUARE, TRAIN_SAWTOOTH, TRAIN_ABS, TRAIN_SIN };
	for (int i = 0; i < 5; i++) {
		assert_true(lab_step(&l, CMD_VAR_TARGET, 1, false, msg, sizeof msg));
		assert_int_equal(l.train.target, order[i]);
	}
	lab_step(&l, CMD_VAR_WIDTH, 1, false, msg, sizeof msg);
	assert_true(lab_do(&l, LAB_RESET, msg, sizeof msg));
	train_cfg d;
	train_cfg_default(&d);
	assert_true(train_cfg_equal(&l.train, &d));
	lab_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_x_steps),
		cmocka_unit_test(test_x_limit),
		cmocka_unit_test(test_param),
		cmocka_unit_test(test_depth_sequence),
		cmocka_unit_test(test_gain),
		cmocka_unit_test(test_act_cycle),
		cmocka_unit_test(test_zoom),
		cmocka_unit_test(test_reset_to_options),
		cmocka_unit_test(test_far_x_option),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_strip_per_layer),
		cmocka_unit_test(test_strip_aggregated),
		cmocka_unit_test(test_strip_none),
		cmocka_unit_test(test_lessons_of_the_lab),
		cmocka_unit_test(test_grad_state),
		cmocka_unit_test(test_plot_callbacks),
		cmocka_unit_test(test_train_actions),
		cmocka_unit_test(test_front_options),
		cmocka_unit_test(test_front_parse),
	};
	return cmocka_run_group_tests_name("lab", tests, NULL, NULL);
}
