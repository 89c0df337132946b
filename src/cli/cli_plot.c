/* cli_plot.c - `whyrelu plot`: an activation and its derivative plotted as text.
 */
#include "cli_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chain.h"
#include "grid.h"
#include "num.h"
#include "plot.h"
#include "setting.h"

/* ---- plot --------------------------------------------------------------- */

static const char plot_help[] =
	"usage: whyrelu plot ACT [--slope S|--floor C|--alpha A|--beta B|--lambda L]\n"
	"                    [--from A] [--to B] [--width W] [--height H] [--grad]\n"
	"                    [--charset ascii|block|braille] [--depth D --gain G --bias B]\n"
	"                    [--x X]\n"
	"\n"
	"Print a plot of the activation (of the depth-D chain as a function of x when\n"
	"--depth is given), with its gradient on --grad, a marker at --x, and the\n"
	"saturated region (|f'| < 0.1) marked.\n"
	"\n"
	"  --from A, --to B   x range (default -5 to 5; within {range..})\n"
	"  --width W          columns, 20 to 1000 (default 72)\n"
	"  --height H         rows, 6 to 500 (default 20)\n"
	"  --grad             also draw f'(x)\n"
	"  --charset C        ascii, block or braille (default: braille in a UTF-8\n"
	"                     locale, ascii otherwise)\n";

typedef struct plot_ctx {
	const act_def *act;
	double p;
	chain_params cp;
	bool chain;
} plot_ctx;

static double plot_f(void *c, double x)
{
	plot_ctx *pc = c;
	return pc->chain ? chain_out(&pc->cp, x) : pc->act->f(x, pc->p);
}

static double plot_df(void *c, double x)
{
	plot_ctx *pc = c;
	if (!pc->chain)
		return pc->act->df(x, pc->p);
	chain_result r;
	chain_eval(&pc->cp, x, &r, NULL, NULL);
	return r.grad;
}

int cli_plot(int argc, char **argv)
{
	static const char *const known[] = {
		"--slope", "--floor", "--alpha", "--beta", "--lambda", "--from", "--to",
		"--width", "--height", "--grad", "--charset", "--depth", "--gain",
		"--bias", "--x", "--help",
	};
	opts_state st;
	opts_init(&st);
	double from = -5, to = 5;
	long width = 72, height = 20;
	bool grad = false;
	const char *act_name = NULL;
	char err[CLI_ERRLEN];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_help(stdout, plot_help);
			return 0;
		}
		if (!strcmp(a, "--grad")) { grad = true; continue; }
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		bool ok = true;
#define IS(opt) (nlen == strlen(opt) && !strncmp(a, opt, nlen))
		if (IS("--from") || IS("--to") || IS("--width") || IS("--height")) {
			char name[12];
			snprintf(name, sizeof name, "%.*s", (int)nlen - 2, a + 2);
			const char *v = opts_value(argc, argv, &i, eq, name, err, sizeof err);
			if (!v)
				return cli_usage_error("plot", "%s", err);
			if (IS("--from"))
				ok = setting_parse(setting_of(CMD_VAR_RANGE), v, "--from", &from, NULL, err, sizeof err);
			else if (IS("--to"))
				ok = setting_parse(setting_of(CMD_VAR_RANGE), v, "--to", &to, NULL, err, sizeof err);
			else if (IS("--width"))
				ok = num_parse_long(v, "--width", PLOT_MIN_W, 1000, &width, err, sizeof err);
			else
				ok = num_parse_long(v, "--height", PLOT_MIN_H, 500, &height, err, sizeof err);
			if (!ok)
				return cli_usage_error("plot", "%s", err);
			continue;
		}
#undef IS
		int r = opts_option_of(&st, OPTS_DEPTH | OPTS_GAIN | OPTS_BIAS | OPTS_PARAM | OPTS_CHARSET | OPTS_X,
		                     argc, argv, &i, err, sizeof err);
		if (r < 0)
			return cli_usage_error("plot", "%s", err);
		if (r > 0)
			continue;
		if (a[0] == '-')
			return cli_unknown_option("plot", a, known, sizeof known / sizeof known[0]);
		if (act_name)
			return cli_usage_error("plot", "unexpected argument '%.40s' (plot takes one activation)", a);
		act_name = a;
	}
	if (!act_name)
		return cli_usage_error("plot", "missing ACT: whyrelu plot ACT ('whyrelu list' shows the activations)");
	if (!(st.act = cli_activation_arg("plot", act_name)))
		return CLI_EXIT_USAGE;
	if (opts_finish(&st, err, sizeof err) < 0)
		return cli_usage_error("plot", "%s", err);
	if (!(from < to))
		return cli_usage_error("plot", "--from must be less than --to (got %g and %g)", from, to);
	if (to - from < 1e-9)
		return cli_usage_error("plot", "the x range is too narrow (at least 1e-9)");
	if ((st.gain_given || st.bias_given) && !st.depth_given)
		return cli_usage_error("plot", "--%s applies to the chain: give --depth D too",
		                   st.gain_given ? "gain" : "bias");

	plot_ctx pc = { st.act, st.p, { st.act, st.p, st.depth, st.gain, st.bias }, st.depth_given };
	char label[64];
	if (st.depth_given)
		snprintf(label, sizeof label, "%s, depth %ld", st.act->name, st.depth);
	else
		snprintf(label, sizeof label, "%s(x)", st.act->name);
	plot_spec spec = {
		.from = from, .to = to, .f = plot_f, .df = plot_df, .ctx = &pc,
		.show_df = grad, .show_marker = st.x_given, .marker_x = st.x,
		.show_sat = true, .legend = true, .f_label = label,
		.cs = st.cs_given ? st.cs : opts_default_charset(),
	};
	grid g;
	if (grid_init(&g, (int)width, (int)height) < 0)
		return cli_memory_error("plot", "out of memory for a %ldx%ld plot", width, height);
	if (plot_draw(&g, &spec) < 0) {
		grid_free(&g);
		return cli_usage_error("plot", "a %ldx%ld plot is too small (at least %dx%d)", width,
		                   height, PLOT_MIN_W, PLOT_MIN_H);
	}
	grid_print(&g, stdout);
	grid_free(&g);
	return ferror(stdout) ? 1 : 0;
}
