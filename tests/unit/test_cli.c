/* test_cli.c - the command line: list, eval and plot output, and every kind
 * of bad input giving one line on stderr, nothing on stdout, exit status 2. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "num.h"
#include "setting.h"

/* Run `whyrelu ARGS...` in-process (args NULL-terminated) with stdout and
 * stderr captured. */
#define cli(...) capture_args(cli_run, __VA_ARGS__)

/* exit 2, nothing on stdout, one line on stderr containing want */
static void check_usage_error(run *r, const char *want)
{
	if (r->status != 2 || r->out[0] || !strstr(r->err, want) ||
	    strncmp(r->err, "whyrelu: ", 9) != 0 || strchr(r->err, '\n') != r->err + strlen(r->err) - 1)
		fail_msg("status %d, stdout '%s', stderr '%s'; wanted '%s'", r->status, r->out, r->err, want);
}

static void test_eval_text(void **state)
{
	(void)state;
	run *r = cli("eval", "relu", "-2", "0", "3.5", NULL);
	assert_int_equal(r->status, 0);
	assert_string_equal(r->out,
		"relu(-2) = 0    relu'(-2) = 0\n"
		"relu(0) = 0    relu'(0) = 0\n"
		"relu(3.5) = 3.5    relu'(3.5) = 1\n");
	assert_string_equal(r->err, "");
	r = cli("eval", "leaky_relu", "-1", "--slope", "0.2", NULL);
	assert_string_equal(r->out, "leaky_relu(-1) = -0.2    leaky_relu'(-1) = 0.2    (slope = 0.2)\n");
	r = cli("eval", "max", "--floor=-1", "-1", NULL);
	assert_string_equal(r->out, "max(-1) = -1    max'(-1) = 0.5    (floor = -1)\n");
	r = cli("eval", "relu", "--", "-3", NULL);
	assert_string_equal(r->out, "relu(-3) = 0    relu'(-3) = 0\n");
	r = cli("eval", "sigmoid", "0", "--depth", "1000", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "d out/dx = 4.827e-649"));
	assert_non_null(strstr(r->out, "vanishes, vanished at layer"));
}

static void test_eval_json(void **state)
{
	(void)state;
	run *r = cli("eval", "sigmoid", "0", "--json", NULL);
	assert_string_equal(r->out, "{\"act\":\"sigmoid\",\"x\":0,\"y\":0.5,\"dy\":0.25}\n");
	r = cli("eval", "relu", "-1", "2", "--depth", "3", "--json", NULL);
	assert_int_equal(r->status, 0);
	char *second = strchr(r->out, '\n') + 1;
	assert_non_null(strstr(r->out, "\"out\":0,\"grad\":0,\"log10_grad\":null,\"vanish_layer\":1,\"explode_layer\":null,\"underflow_layer\":null,\"state\":\"dead\"}"));
	assert_non_null(strstr(second, "\"out\":2,\"grad\":1,\"log10_grad\":0,\"vanish_layer\":null,\"explode_layer\":null,\"underflow_layer\":null,\"state\":\"passes\"}"));
	/* the layers carry exactly the engine's values, in round-trip form */
	r = cli("eval", "tanh", "0.5", "--depth", "2", "--layers", "--json", NULL);
	const act_def *t = act_find("tanh");
	double h1 = t->f(0.5, 0), g1 = t->df(0.5, 0);
	char want[256], b1[32], b2[32];
	snprintf(want, sizeof want, "\"layers\":[{\"z\":0.5,\"h\":%s,\"grad\":%s},{\"z\":%s,",
	         num_shortest(h1, b1), num_shortest(g1, b2), b1);
	if (!strstr(r->out, want))
		fail_msg("'%s' lacks '%s'", r->out, want);
	assert_true(strtod(b1, NULL) == h1 && strtod(b2, NULL) == g1);
	r = cli("eval", "identity", "1", "--depth", "25", "--gain", "2", "--json", NULL);
	assert_non_null(strstr(r->out, "\"out\":33554432,\"grad\":33554432,"));
	assert_non_null(strstr(r->out, "\"explode_layer\":20,"));
}

static void test_eval_errors(void **state)
{
	(void)state;
	check_usage_error(cli("eval", "reul", "1", NULL), "unknown activation 'reul'; did you mean 'relu'?");
	check_usage_error(cli("eval", "qqqqqqqq", "1", NULL), "unknown activation 'qqqqqqqq'");
	check_usage_error(cli("eval", "relu", "abc", NULL), "X #1 must be a finite number, got 'abc'");
	check_usage_error(cli("eval", "relu", "1", "nan", NULL), "X #2 must be a finite number, got 'nan'");
	/* -inf is a number that is not finite, not an option */
	check_usage_error(cli("eval", "relu", "-inf", NULL), "X #1 must be a finite number, got '-inf'");
	check_usage_error(cli("eval", "relu", "1", "-NaN", NULL), "X #2 must be a finite number, got '-NaN'");
	/* too small reads as too large does: an error, not a silent 0 */
	check_usage_error(cli("eval", "relu", "1e-400", NULL), "X #1 is too small to tell from 0: '1e-400'");
	check_usage_error(cli("eval", "relu", "1e309", NULL), "X #1 is too large to be a finite number: '1e309'");
	check_usage_error(cli("eval", "relu", "1", "--depth", "1e9", NULL),
	                  "--depth must be between 0 and 100000, got 1e9");
	check_usage_error(cli("eval", "softplus", "1", "--beta", "1e-320", NULL),
	                  "--beta 1e-320 cannot be computed: softplus(0) overflows the float64 range");
	/* a slope too small for a double is no dead unit */
	run *u = cli("eval", "sigmoid", "800", "--depth", "1", NULL);
	assert_int_equal(u->status, 0);
	assert_non_null(strstr(u->out, "underflow at layer 1: its f' is below the float64 range, "
	                       "tiny but not 0\n"));
	assert_null(strstr(u->out, "dead"));
	u = cli("eval", "sigmoid", "800", "--depth", "1", "--json", NULL);
	assert_non_null(strstr(u->out, "\"underflow_layer\":1,\"state\":\"underflow\""));
	check_usage_error(cli("eval", "relu", "1e999", NULL), "too large");
	check_usage_error(cli("eval", "leaky_relu", "1", "--slope", "3", NULL), "--slope must be between 0 and 1, got 3");
	check_usage_error(cli("eval", "celu", "1", "--alpha", "0", NULL), "--alpha must be greater than 0");
	check_usage_error(cli("eval", "relu", "1", "--slope", "0.1", NULL), "relu takes no parameter, but --slope was given");
	check_usage_error(cli("eval", "elu", "1", "--slope", "0.1", NULL), "elu takes --alpha, not --slope");
	check_usage_error(cli("eval", "relu", "1", "--depth", "100001", NULL), "--depth must be between 0 and 100000");
	check_usage_error(cli("eval", "relu", "1", "--depth", "-1", NULL), "--depth must be between 0 and 100000");
	check_usage_error(cli("eval", "relu", "1", "--depth", "2.5", NULL), "--depth must be a whole number");
	check_usage_error(cli("eval", "relu", "1", "--depth", NULL), "--depth needs a value");
	check_usage_error(cli("eval", "relu", "1", "--dept", "3", NULL), "unknown option '--dept'; did you mean '--depth'?");
	check_usage_error(cli("eval", "relu", "1", "--frobnicate", NULL), "unknown option '--frobnicate'");
	check_usage_error(cli("eval", "relu", NULL), "missing X");
	check_usage_error(cli("eval", NULL), "missing ACT and X");
	check_usage_error(cli("eval", "relu", "1", "--layers", NULL), "--layers needs --depth");
	check_usage_error(cli("eval", "relu", "1", "--gain", "2", NULL), "give --depth D too");
	check_usage_error(cli("eval", "relu", "1", "--depth", "3", "--gain", "inf", NULL), "--gain must be a finite number");
	check_usage_error(cli("eval", "relu", "1", "--depth", "3", "--gain", "1000", NULL), "--gain must be between -100 and 100");
	check_usage_error(cli("frob", NULL), "unknown command 'frob'");
	check_usage_error(cli("evl", NULL), "did you mean 'eval'?");
}

static void test_list(void **state)
{
	(void)state;
	run *r = cli("list", "--charset", "ascii", NULL);
	assert_int_equal(r->status, 0);
	size_t n;
	const act_def *t = act_table(&n);
	for (size_t i = 0; i < n; i++) {
		char line[64];
		snprintf(line, sizeof line, "\n%s ", t[i].name);
		if (!strstr(r->out, line))
			fail_msg("list lacks %s", t[i].name);
	}
	assert_non_null(strstr(r->out, "slope=0.01"));
	assert_non_null(strstr(r->out, "floor=0"));
	for (const char *p = r->out; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p <= 0x7e));
	check_usage_error(cli("list", "extra", NULL), "unexpected argument 'extra'");
	check_usage_error(cli("list", "--json", NULL), "unknown option '--json'");
}

static void test_plot(void **state)
{
	(void)state;
	run *r = cli("plot", "sigmoid", "--charset", "ascii", "--width", "50", "--height", "12",
	             "--grad", "--x", "1", NULL);
	assert_int_equal(r->status, 0);
	int lines = 0;
	for (const char *p = r->out; *p; p++) {
		assert_true(*p == '\n' || (*p >= 0x20 && *p <= 0x7e));
		if (*p == '\n')
			lines++;
	}
	assert_int_equal(lines, 12);
	for (const char *p = r->out, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		assert_true(nl - p <= 50);
	r = cli("plot", "tanh", "--depth", "5", "--gain", "2", "--charset", "braille", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "\xe2\xa0")); /* braille cells U+28xx */
	check_usage_error(cli("plot", NULL), "missing ACT");
	check_usage_error(cli("plot", "relu", "--width", "5", NULL), "--width must be between 20 and 1000");
	check_usage_error(cli("plot", "relu", "--from", "2", "--to", "1", NULL), "--from must be less than --to");
	check_usage_error(cli("plot", "relu", "--charset", "utf8", NULL), "--charset must be ascii, block or braille");
	check_usage_error(cli("plot", "relu", "sigmoid", NULL), "unexpected argument 'sigmoid'");
	check_usage_error(cli("plot", "relu", "--to", NULL), "--to needs a value");
	check_usage_error(cli("plot", "relu", "--gran", NULL), "did you mean '--grad'?");
}

/* count lines of out starting with prefix */
static int lines_starting(const char *out, const char *prefix)
{
	int n = 0;
	for (const char *p = out; *p;) {
		if (!strncmp(p, prefix, strlen(prefix)))
			n++;
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

static void test_train(void **state)
{
	(void)state;
	run *r = cli("train", "--steps", "300", "--every", "100", NULL);
	assert_int_equal(r->status, 0);
	assert_string_equal(r->err, "");
	assert_int_equal(strncmp(r->out, "train relu on sin: 2 hidden layers of 32, 64 points, "
	                         "batch 16, lr 0.01, momentum 0.9, He init, seed 1\n", 96), 0);
	/* steps 0, 100, 200, then the final line at 300 */
	assert_int_equal(lines_starting(r->out, "step "), 3);
	assert_non_null(strstr(r->out, "\nstep 0 "));
	assert_non_null(strstr(r->out, "\nstep 200 "));
	assert_non_null(strstr(r->out, "\nfinal: step 300, loss "));
	assert_non_null(strstr(r->out, " of 64\n"));
	/* the same run twice prints the same */
	static char first[sizeof r->out];
	memcpy(first, r->out, sizeof first);
	r = cli("train", "--steps", "300", "--every", "100", NULL);
	assert_string_equal(r->out, first);

	/* the fit the lab promises: tanh on sin below 0.01 in 5000 steps */
	r = cli("train", "--act", "tanh", "--json", NULL);
	assert_int_equal(r->status, 0);
	const char *last = strstr(r->out, "{\"step\":5000,");
	assert_non_null(last);
	double loss = strtod(strstr(last, "\"loss\":") + 7, NULL);
	assert_true(loss > 0 && loss < 0.01);
	assert_non_null(strstr(last, "\"dead\":0,\"units\":64,\"diverged\":false,\"act\":\"tanh\","
	                       "\"target\":\"sin\",\"width\":32,\"layers\":2,\"points\":64,"
	                       "\"batch\":16,\"lr\":0.01,\"momentum\":0.9,\"noise\":0,"
	                       "\"init\":\"he\",\"seed\":1,\"final\":true}\n"));
	assert_int_equal(lines_starting(r->out, "{\"step\":"), 11);

	/* options, with '=' too, and the parameter */
	r = cli("train", "--act=leaky_relu", "--slope", "0.2", "--target", "abs", "--width=8",
	        "--layers", "1", "--lr", "0.05", "--momentum", "0", "--batch", "100",
	        "--points", "20", "--noise", "0.1", "--init", "xavier", "--seed", "7",
	        "--steps", "50", NULL);
	assert_int_equal(r->status, 0);
	assert_int_equal(strncmp(r->out, "train leaky_relu (slope 0.2) on abs: 1 hidden layer of "
	                         "8, 20 points, batch 20, lr 0.05, momentum 0, Xavier init, "
	                         "seed 7\n", 107), 0);
	/* a large learning rate: the loss diverges, which is a result, not an error */
	r = cli("train", "--act", "identity", "--lr", "10", "--momentum", "0.99", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "diverged at step "));
	assert_non_null(strstr(r->out, "loss not finite"));
	r = cli("train", "--steps", "0", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "final: step 0, loss "));

	check_usage_error(cli("train", "--target", "sinn", NULL),
	                  "unknown target 'sinn'; did you mean 'sin'? (abs, sin, step, square or sawtooth)");
	check_usage_error(cli("train", "--init", "glorot", NULL), "unknown init 'glorot' (he or xavier)");
	check_usage_error(cli("train", "--width", "3", NULL), "--width must be between 4 and 256, got 3");
	check_usage_error(cli("train", "--layers", "4", NULL), "--layers must be between 1 and 3, got 4");
	check_usage_error(cli("train", "--lr", "0", NULL), "--lr must be above 0, got 0");
	check_usage_error(cli("train", "--lr", "11", NULL), "--lr must be between 0 and 10, got 11");
	check_usage_error(cli("train", "--momentum", "1", NULL), "--momentum must be below 1");
	check_usage_error(cli("train", "--batch", "0", NULL), "--batch must be between 1 and 1024");
	check_usage_error(cli("train", "--points", "1", NULL), "--points must be between 2 and 1024");
	check_usage_error(cli("train", "--noise", "-1", NULL), "--noise must be between 0 and 1");
	check_usage_error(cli("train", "--steps", "-5", NULL), "--steps must be between 0 and");
	check_usage_error(cli("train", "--seed", "x", NULL), "--seed must be a whole number, got 'x'");
	check_usage_error(cli("train", "--every", "0", NULL), "--every must be between 1 and");
	check_usage_error(cli("train", "--act", "rleu", NULL), "did you mean 'relu'?");
	check_usage_error(cli("train", "--act", "relu", "--slope", "0.1", NULL),
	                  "relu takes no parameter, but --slope was given");
	check_usage_error(cli("train", "--lr", NULL), "--lr needs a value");
	check_usage_error(cli("train", "--widht", "8", NULL), "unknown option '--widht'; did you mean '--width'?");
	check_usage_error(cli("train", "relu", NULL), "unexpected argument 'relu'");
	check_usage_error(cli("train", "--x", "1", NULL), "unknown option '--x'");
}

static void test_help(void **state)
{
	(void)state;
	run *r = cli("eval", "--help", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "usage: whyrelu eval ACT X"));
	r = cli("plot", "--help", NULL);
	assert_non_null(strstr(r->out, "usage: whyrelu plot ACT"));
	r = cli("list", "--help", NULL);
	assert_non_null(strstr(r->out, "usage: whyrelu list"));
	r = cli("train", "--help", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "usage: whyrelu train [--act A]"));
}

/* The limits a help names are the settings table's, each placeholder
 * filled: none is left unexpanded, and they read as the options check. */
static void test_help_limits_from_the_table(void **state)
{
	(void)state;
	static const char *const cmds[] = { "eval", "plot", "train", "net" };
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		run *r = cli(cmds[i], "--help", NULL);
		assert_int_equal(r->status, 0);
		size_t n;
		const char *const *names = setting_names(&n);
		for (size_t k = 0; k < n; k++) {
			char ph[40];
			snprintf(ph, sizeof ph, "{%s", names[k]);
			if (strstr(r->out, ph))
				fail_msg("%s --help: a placeholder left: %s", cmds[i], strstr(r->out, ph));
		}
	}
	run *r = cli("eval", "--help", NULL);
	assert_non_null(strstr(r->out, "chain depth, 0 to 100000\n"));
	assert_non_null(strstr(r->out, "every layer, -100 to 100 (default 1)"));
	r = cli("plot", "--help", NULL);
	assert_non_null(strstr(r->out, "within -1e6..1e6)"));
	r = cli("train", "--help", NULL);
	assert_non_null(strstr(r->out, "hidden layers, 1 to 3 (default 2)"));
	r = cli("net", "--help", NULL);
	assert_non_null(strstr(r->out, "units per layer, 2 to 1024 (default 128)"));
	/* the option refuses one past what its help says */
	check_usage_error(cli("train", "--layers", "4", NULL), "--layers must be between 1 and 3");
	check_usage_error(cli("net", "--width", "1025", NULL), "--width must be between 2 and 1024");
}

/* bench: a row per activation in catalogue order, relu's ratios 1; the
 * figures themselves are the machine's (the test hook fixes them for the
 * JSON shape) */
static void test_bench(void **state)
{
	(void)state;
	size_t n;
	const act_def *t = act_table(&n);
	run *r = cli("bench", NULL);
	assert_int_equal(r->status, 0);
	char *save, *line = strtok_r(r->out, "\n", &save);
	assert_non_null(line);
	assert_string_equal(line, "NAME               F NS   F/RELU      F' NS  F'/RELU");
	for (size_t i = 0; i < n; i++) {
		line = strtok_r(NULL, "\n", &save);
		assert_non_null(line);
		char name[32];
		double v[4];
		if (sscanf(line, "%31s %lf %lf %lf %lf", name, &v[0], &v[1], &v[2], &v[3]) != 5)
			fail_msg("row %zu: '%s'", i, line);
		assert_string_equal(name, t[i].name);
		for (int k = 0; k < 4; k++)
			assert_true(isfinite(v[k]) && v[k] > 0);
		if (!strcmp(name, "relu"))
			assert_true(v[1] == 1 && v[3] == 1);
	}
	assert_null(strtok_r(NULL, "\n", &save));

	setenv("WHYRELU_COST_FIXED", "1", 1);
	r = cli("bench", "--json", NULL);
	unsetenv("WHYRELU_COST_FIXED");
	assert_int_equal(r->status, 0);
	const char *head = "{\"elements\":16384,\"runs\":7,\"rows\":[{\"act\":\"relu\",\"f_ns\":0.5,"
	                   "\"df_ns\":0.75,\"f_ratio\":1,\"df_ratio\":1,\"step_cpu_ms\":0},{\"act\":\"max\","
	                   "\"f_ns\":16,\"df_ns\":6,\"f_ratio\":32,\"df_ratio\":8,\"step_cpu_ms\":0},";
	assert_memory_equal(r->out, head, strlen(head));
	size_t len = strlen(r->out), rows = 0;
	assert_string_equal(r->out + len - 4, "}]}\n");
	for (const char *p = r->out; (p = strstr(p, "{\"act\":\"")); p++)
		rows++;
	assert_int_equal(rows, n);
	assert_true(strchr(r->out, '\n') == r->out + len - 1);   /* one line */

	/* measured: relu's ratios exactly 1 */
	r = cli("bench", "--json", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "{\"act\":\"relu\",\"f_ns\":"));
	assert_non_null(strstr(r->out, ",\"f_ratio\":1,\"df_ratio\":1,\"step_cpu_ms\":"));
	assert_null(strstr(r->out, "null"));

	r = cli("bench", "--help", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "usage: whyrelu bench [--json]"));
	check_usage_error(cli("bench", "--jsn", NULL), "unknown option '--jsn'; did you mean '--json'?");
	check_usage_error(cli("bench", "--json=yes", NULL), "--json takes no value");
	check_usage_error(cli("bench", "relu", NULL), "unexpected argument 'relu' (bench takes no arguments)");
	check_usage_error(cli("bench", "--act", "relu", NULL), "unknown option '--act'");
	check_usage_error(cli("bnech", NULL), "did you mean 'bench'?");
}

/* whatever the arguments: exit 0 or 2, and on 2 nothing on stdout */
static void test_random_arguments(void **state)
{
	(void)state;
	const char *words[] = { "eval", "plot", "list", "relu", "max", "gelu", "-1", "0", "1e308",
		"--depth", "--slope", "--floor", "--gain", "--bias", "--json", "--layers", "--from",
		"--to", "--width", "--height", "--x", "--grad", "--charset", "ascii", "20", "-",
		"--", "", "=", "--depth=", "nan", "-0", "1e-320", "6", "1000", "abc" };
	size_t nw = sizeof words / sizeof words[0];
	srand(1);
	for (int it = 0; it < 3000; it++) {
		char *argv[8];
		int argc = 1 + rand() % 7;
		argv[0] = (char *)words[rand() % 3];
		for (int k = 1; k < argc; k++)
			argv[k] = (char *)words[rand() % nw];
		/* keep the output small: no huge depth with --layers */
		run *r = cli(argv[0], argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL,
		             argc > 3 ? argv[3] : NULL, argc > 4 ? argv[4] : NULL,
		             argc > 5 ? argv[5] : NULL, argc > 6 ? argv[6] : NULL, NULL);
		assert_true(r->status == 0 || r->status == 2);
		if (r->status == 2)
			assert_string_equal(r->out, "");
	}
}

int main(void)
{
	setlocale(LC_ALL, "C");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval_text),
		cmocka_unit_test(test_eval_json),
		cmocka_unit_test(test_eval_errors),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_plot),
		cmocka_unit_test(test_train),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_help_limits_from_the_table),
		cmocka_unit_test(test_bench),
		cmocka_unit_test(test_random_arguments),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
