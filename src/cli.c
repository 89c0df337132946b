/* cli.c - the command line: `whyrelu list`, `whyrelu eval`, `whyrelu plot`,
 * `whyrelu bench`,
 * and the options they share with the interactive lab.
 *
 * Errors are one line on stderr ("whyrelu: eval: ...") naming the argument
 * and the problem, nothing on stdout, exit status 2.
 */
#include "cli.h"

#include <langinfo.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chain.h"
#include "class.h"
#include "cost.h"
#include "lesson.h"
#include "net.h"
#include "num.h"
#include "plot.h"
#include "progress.h"
#include "train.h"
#include "util.h"

#define ERRLEN 256

/* Which shared options a command takes. */
enum {
	O_ACT = 1 << 0, O_X = 1 << 1, O_DEPTH = 1 << 2, O_GAIN = 1 << 3,
	O_BIAS = 1 << 4, O_PARAM = 1 << 5, O_CHARSET = 1 << 6, O_COLOR = 1 << 7,
};

static const char *const param_names[] = { "slope", "floor", "alpha", "beta", "lambda" };
#define N_PARAM_NAMES (sizeof param_names / sizeof param_names[0])

#define GAIN_MAX 100.0
#define BIAS_MAX 100.0

void cli_state_init(cli_state *st)
{
	memset(st, 0, sizeof *st);
	st->gain = 1.0;
	st->cs = CS_ASCII;
}

/* "--name value" or "--name=value": the value, or NULL (err set). */
static const char *opt_value(int argc, char **argv, int *i, const char *eq,
                             const char *name, char *err, size_t errlen)
{
	if (eq)
		return eq + 1;
	if (*i + 1 >= argc) {
		snprintf(err, errlen, "--%s needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

static int state_option(cli_state *st, unsigned allowed, int argc, char **argv,
                        int *i, char *err, size_t errlen)
{
	const char *arg = argv[*i];
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	char name[32];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	if (len == 0 || len >= sizeof name)
		return 0;
	memcpy(name, arg + 2, len);
	name[len] = '\0';

	unsigned kind = 0;
	if (!strcmp(name, "act")) kind = O_ACT;
	else if (!strcmp(name, "x")) kind = O_X;
	else if (!strcmp(name, "depth")) kind = O_DEPTH;
	else if (!strcmp(name, "gain")) kind = O_GAIN;
	else if (!strcmp(name, "bias")) kind = O_BIAS;
	else if (!strcmp(name, "charset")) kind = O_CHARSET;
	else if (!strcmp(name, "no-color") || !strcmp(name, "no-colour")) kind = O_COLOR;
	for (size_t k = 0; k < N_PARAM_NAMES; k++)
		if (!strcmp(name, param_names[k]))
			kind = O_PARAM;
	if (!(kind & allowed))
		return 0;
	if (kind == O_COLOR) {
		if (eq) {
			snprintf(err, errlen, "--%s takes no value", name);
			return -1;
		}
		st->no_color = true;
		return 1;
	}
	const char *v = opt_value(argc, argv, i, eq, name, err, errlen);
	if (!v)
		return -1;
	char what[40];
	snprintf(what, sizeof what, "--%s", name);
	switch (kind) {
	case O_ACT: {
		const act_def *a = act_find(v);
		if (!a) {
			const char *s = act_suggest(v);
			char q[48];
			snprintf(q, sizeof q, "%.40s", v);
			if (s)
				snprintf(err, errlen, "unknown activation '%s'; did you mean '%s'? ('whyrelu list' shows all)", q, s);
			else
				snprintf(err, errlen, "unknown activation '%s' ('whyrelu list' shows all)", q);
			return -1;
		}
		st->act = a;
		return 1;
	}
	case O_X:
		/* the lab's limit, and plot's for --from and --to: an x beyond
		 * it has no range around it to show */
		st->x_given = true;
		return num_parse_range(v, what, -LAB_X_MAX, LAB_X_MAX, &st->x, err, errlen) ? 1 : -1;
	case O_DEPTH:
		st->depth_given = true;
		return num_parse_long(v, what, 0, CHAIN_MAX_DEPTH, &st->depth, err, errlen) ? 1 : -1;
	case O_GAIN:
		st->gain_given = true;
		return num_parse_range(v, what, -GAIN_MAX, GAIN_MAX, &st->gain, err, errlen) ? 1 : -1;
	case O_BIAS:
		st->bias_given = true;
		return num_parse_range(v, what, -BIAS_MAX, BIAS_MAX, &st->bias, err, errlen) ? 1 : -1;
	case O_CHARSET:
		st->cs_given = true;
		return cli_parse_charset(v, &st->cs, err, errlen) ? 1 : -1;
	case O_PARAM:
		for (size_t k = 0; k < N_PARAM_NAMES; k++)
			if (!strcmp(name, param_names[k]))
				st->p_opt = param_names[k];
		st->p_text = v;
		return num_parse(v, what, &st->p, err, errlen) ? 1 : -1;
	}
	return 0;
}

int cli_state_option(cli_state *st, int argc, char **argv, int *i,
                     char *err, size_t errlen)
{
	return state_option(st, ~0u, argc, argv, i, err, errlen);
}

int cli_state_finish(cli_state *st, char *err, size_t errlen)
{
	if (!st->act)
		st->act = act_find("relu");
	const act_def *a = st->act;
	if (!st->p_opt) {
		st->p = act_param_default(a);
		return 0;
	}
	if (!act_has_param(a)) {
		snprintf(err, errlen, "%s takes no parameter, but --%s was given", a->name, st->p_opt);
		return -1;
	}
	if (strcmp(a->param.name, st->p_opt) != 0) {
		snprintf(err, errlen, "%s takes --%s, not --%s", a->name, a->param.name, st->p_opt);
		return -1;
	}
	char msg[ERRLEN];
	if (!act_param_check(a, st->p, msg, sizeof msg)) {
		snprintf(err, errlen, "--%s", msg);
		return -1;
	}
	return 0;
}

bool cli_parse_charset(const char *s, charset *cs, char *err, size_t errlen)
{
	static const char *const names[] = { "ascii", "block", "braille" };
	for (int k = 0; k < 3; k++) {
		if (!strcmp(s, names[k])) {
			*cs = (charset)k;
			return true;
		}
	}
	snprintf(err, errlen, "--charset must be ascii, block or braille, got '%.40s'", s);
	return false;
}

bool cli_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

charset cli_default_charset(void)
{
	return cli_utf8_locale() ? CS_BRAILLE : CS_ASCII;
}

/* ---- error reporting ---------------------------------------------------- */

static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "whyrelu: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

/* Not a mistake in the arguments but too little memory for them: exit
 * status 1, as for any other failure to run. */
static int memory_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "whyrelu: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* An argument that starts with '-' but is not a shared option. */
static int unknown_option(const char *cmd, const char *arg, const char *const *known, size_t n)
{
	char name[48];
	snprintf(name, sizeof name, "%.40s", arg);
	char *eq = strchr(name, '=');
	if (eq)
		*eq = '\0';
	const char *s = util_nearest(name, known, n);
	if (s)
		return usage_error(cmd, "unknown option '%s'; did you mean '%s'? ('whyrelu %s --help')", name, s, cmd);
	return usage_error(cmd, "unknown option '%s' ('whyrelu %s --help')", name, cmd);
}

/* A number as an argument, not an option: "-2", "-.5", "-1e3"; also
 * "-inf" and "-nan", which then read as numbers that are not finite, not
 * as unknown options. */
static bool looks_numeric(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	return (*s >= '0' && *s <= '9') || (*s == '.' && s[1] >= '0' && s[1] <= '9') ||
	       !strncasecmp(s, "inf", 3) || !strncasecmp(s, "nan", 3);
}

static const act_def *activation_arg(const char *cmd, const char *name)
{
	const act_def *a = act_find(name);
	if (a)
		return a;
	const char *s = act_suggest(name);
	if (s)
		usage_error(cmd, "unknown activation '%.40s'; did you mean '%s'? ('whyrelu list' shows all)", name, s);
	else
		usage_error(cmd, "unknown activation '%.40s' ('whyrelu list' shows all)", name);
	return NULL;
}

/* ---- list --------------------------------------------------------------- */

static const char list_help[] =
	"usage: whyrelu list [--charset ascii|block|braille]\n"
	"\n"
	"Print the activation catalogue: name, formula, parameter=default.\n"
	"Formulas are in Unicode in a UTF-8 locale, ASCII otherwise\n"
	"(--charset ascii forces ASCII).\n";

static void pad(FILE *out, size_t have, size_t want)
{
	for (; have < want; have++)
		fputc(' ', out);
}

int cli_list(int argc, char **argv)
{
	cli_state st;
	cli_state_init(&st);
	static const char *const known[] = { "--charset", "--help" };
	char err[ERRLEN];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(list_help, stdout);
			return 0;
		}
		int r = state_option(&st, O_CHARSET, argc, argv, &i, err, sizeof err);
		if (r < 0)
			return usage_error("list", "%s", err);
		if (r == 0) {
			if (argv[i][0] == '-')
				return unknown_option("list", argv[i], known, 2);
			return usage_error("list", "unexpected argument '%.40s' (list takes no arguments)", argv[i]);
		}
	}
	bool ascii = st.cs_given ? st.cs == CS_ASCII : !cli_utf8_locale();
	size_t n, wname = 4, wform = 7;
	const act_def *t = act_table(&n);
	for (size_t i = 0; i < n; i++) {
		size_t ln = strlen(t[i].name), lf = util_utf8_len(ascii ? t[i].formula_ascii : t[i].formula);
		if (ln > wname) wname = ln;
		if (lf > wform) wform = lf;
	}
	printf("NAME");
	pad(stdout, 4, wname + 2);
	printf("FORMULA");
	pad(stdout, 7, wform + 2);
	printf("PARAMETER\n");
	for (size_t i = 0; i < n; i++) {
		const char *f = ascii ? t[i].formula_ascii : t[i].formula;
		printf("%s", t[i].name);
		pad(stdout, strlen(t[i].name), wname + 2);
		printf("%s", f);
		if (t[i].param.name) {
			char d[32];
			pad(stdout, util_utf8_len(f), wform + 2);
			printf("%s=%s", t[i].param.name, num_shortest(t[i].param.def, d));
		}
		if (t[i].aliases[0]) {
			printf(t[i].param.name ? "  " : "");
			if (!t[i].param.name)
				pad(stdout, util_utf8_len(f), wform + 2);
			printf("(also");
			for (int j = 0; t[i].aliases[j]; j++)
				printf(" %s", t[i].aliases[j]);
			printf(")");
		}
		putchar('\n');
	}
	return ferror(stdout) ? 1 : 0;
}

/* ---- eval --------------------------------------------------------------- */

static const char eval_help[] =
	"usage: whyrelu eval ACT X [X...] [--slope S|--floor C|--alpha A|--beta B|--lambda L]\n"
	"                    [--depth D] [--gain G] [--bias B] [--layers] [--json]\n"
	"\n"
	"For each X print x, f(x) and f'(x); with --depth D also the depth chain\n"
	"h0 = x, h_k = f(gain*h_{k-1} + bias), k = 1..D: its output h_D, the gradient\n"
	"d h_D/dx, log10|gradient| (exact even below the float64 range), and the\n"
	"first layer where |d h_k/dx| falls below 1e-6 (vanish) or rises above 1e6\n"
	"(explode).\n"
	"\n"
	"  --slope, --floor, --alpha, --beta, --lambda   the activation's parameter\n"
	"  --depth D     chain depth, 0 to 100000\n"
	"  --gain G      weight of every layer, -100 to 100 (default 1)\n"
	"  --bias B      bias of every layer, -100 to 100 (default 0)\n"
	"  --layers      also print z, h and d h_k/dx for every layer\n"
	"  --json        one JSON object per line: act, x, y, dy, and with --depth\n"
	"                depth, out, grad, log10_grad, vanish_layer, explode_layer\n"
	"\n"
	"Numbers print in the shortest form that reads back exactly.\n";

typedef struct layer_printer {
	FILE *out;
	bool json;
	bool first;
} layer_printer;

static void json_num(FILE *out, double v)
{
	char b[32];
	if (isfinite(v))
		fputs(num_shortest(v, b), out);
	else
		fputs("null", out);
}

/* A gradient: the double when it holds it, else from its log10 (below or
 * above the float64 range). */
static void grad_text(int sign, double grad, double lg, char *buf, size_t len)
{
	if (isnan(lg))
		snprintf(buf, len, "undefined");
	else if (sign == 0 || (grad != 0 && isfinite(grad)))
		num_shortest(grad, buf);
	else
		num_sci_log10(sign, lg, 4, buf, len);
}

static void print_layer(void *ctx, const chain_layer *l)
{
	layer_printer *lp = ctx;
	char z[32], h[32], g[48];
	if (lp->json) {
		fputs(lp->first ? "{\"z\":" : ",{\"z\":", lp->out);
		json_num(lp->out, l->z);
		fputs(",\"h\":", lp->out);
		json_num(lp->out, l->h);
		fputs(",\"grad\":", lp->out);
		json_num(lp->out, l->grad);
		fputc('}', lp->out);
	} else {
		grad_text(l->grad_sign, l->grad, chain_layer_log10(l), g, sizeof g);
		fprintf(lp->out, "  layer %-6ld z = %-24s h = %-24s dh/dx = %s\n", l->k,
		        num_shortest(l->z, z), num_shortest(l->h, h), g);
	}
	lp->first = false;
}

int cli_eval(int argc, char **argv)
{
	static const char *const known[] = {
		"--slope", "--floor", "--alpha", "--beta", "--lambda", "--depth",
		"--gain", "--bias", "--layers", "--json", "--help",
	};
	cli_state st;
	cli_state_init(&st);
	bool json = false, layers = false;
	const char *act_name = NULL;
	double *xs = calloc((size_t)argc, sizeof *xs);
	int nx = 0;
	char err[ERRLEN];
	int status = 0;
	if (!xs)
		return memory_error("eval", "out of memory");
	bool positional = false;  /* after "--" */
	for (int i = 1; i < argc && !status; i++) {
		const char *a = argv[i];
		if (!positional) {
			if (!strcmp(a, "--")) {
				positional = true;
				continue;
			}
			if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
				fputs(eval_help, stdout);
				free(xs);
				return 0;
			}
			if (!strcmp(a, "--json")) { json = true; continue; }
			if (!strcmp(a, "--layers")) { layers = true; continue; }
			int r = state_option(&st, O_DEPTH | O_GAIN | O_BIAS | O_PARAM, argc, argv, &i, err, sizeof err);
			if (r < 0) {
				status = usage_error("eval", "%s", err);
				continue;
			}
			if (r > 0)
				continue;
			if (a[0] == '-' && !looks_numeric(a)) {
				status = unknown_option("eval", a, known, sizeof known / sizeof known[0]);
				continue;
			}
		}
		if (!act_name) {
			act_name = a;
			continue;
		}
		char what[32];
		snprintf(what, sizeof what, "X #%d", nx + 1);
		if (!num_parse(a, what, &xs[nx], err, sizeof err))
			status = usage_error("eval", "%s", err);
		nx++;
	}
	if (!status && !act_name)
		status = usage_error("eval", "missing ACT and X: whyrelu eval ACT X [X...] ('whyrelu list' shows the activations)");
	if (!status && !(st.act = activation_arg("eval", act_name)))
		status = CLI_EXIT_USAGE;
	if (!status && nx == 0)
		status = usage_error("eval", "missing X, the input to evaluate at: whyrelu eval %s X [X...]", st.act->name);
	if (!status && cli_state_finish(&st, err, sizeof err) < 0)
		status = usage_error("eval", "%s", err);
	if (!status && layers && !st.depth_given)
		status = usage_error("eval", "--layers needs --depth D");
	if (!status && (st.gain_given || st.bias_given) && !st.depth_given)
		status = usage_error("eval", "--%s applies to the chain: give --depth D too",
		                     st.gain_given ? "gain" : "bias");
	if (status) {
		free(xs);
		return status;
	}

	const act_def *act = st.act;
	chain_params cp = { act, st.p, st.depth, st.gain, st.bias };
	/* many X at a deep chain with --layers is long output: stop once it
	 * cannot be written */
	for (int k = 0; k < nx && cli_out_ok(false); k++) {
		double x = xs[k], y = act->f(x, st.p), dy = act->df(x, st.p);
		char bx[32], by[32], bdy[32];
		chain_result r;
		layer_printer lp = { stdout, json, true };
		if (json) {
			printf("{\"act\":\"%s\",\"x\":", act->name);
			json_num(stdout, x);
			if (act_has_param(act)) {
				printf(",\"%s\":", act->param.name);
				json_num(stdout, st.p);
			}
			fputs(",\"y\":", stdout);
			json_num(stdout, y);
			fputs(",\"dy\":", stdout);
			json_num(stdout, dy);
			if (st.depth_given) {
				if (layers) {
					fputs(",\"layers\":[", stdout);
					chain_eval(&cp, x, &r, print_layer, &lp);
					fputc(']', stdout);
				} else {
					chain_eval(&cp, x, &r, NULL, NULL);
				}
				printf(",\"depth\":%ld,\"gain\":", st.depth);
				json_num(stdout, st.gain);
				fputs(",\"bias\":", stdout);
				json_num(stdout, st.bias);
				fputs(",\"out\":", stdout);
				json_num(stdout, r.out);
				fputs(",\"grad\":", stdout);
				json_num(stdout, r.grad);
				fputs(",\"log10_grad\":", stdout);
				json_num(stdout, r.log10_grad);
				fputs(",\"vanish_layer\":", stdout);
				if (r.vanish_layer) printf("%ld", r.vanish_layer); else fputs("null", stdout);
				fputs(",\"explode_layer\":", stdout);
				if (r.explode_layer) printf("%ld", r.explode_layer); else fputs("null", stdout);
				fputs(",\"underflow_layer\":", stdout);
				if (r.underflow_layer) printf("%ld", r.underflow_layer); else fputs("null", stdout);
				printf(",\"state\":\"%s\"", chain_state_name(r.state));
			}
			fputs("}\n", stdout);
			continue;
		}
		printf("%s(%s) = %s    %s'(%s) = %s", act->name, num_shortest(x, bx),
		       num_shortest(y, by), act->name, bx, num_shortest(dy, bdy));
		if (act_has_param(act)) {
			char bp[32];
			printf("    (%s = %s)", act->param.name, num_shortest(st.p, bp));
		}
		putchar('\n');
		if (st.depth_given) {
			char bo[32], bg[32], blg[32], sci[48];
			chain_eval(&cp, x, &r, layers ? print_layer : NULL, &lp);
			grad_text(r.grad_sign, r.grad, r.log10_grad, sci, sizeof sci);
			printf("  depth %ld, gain %s, bias %s: out = %s    d out/dx = %s", st.depth,
			       num_shortest(st.gain, bg), num_shortest(st.bias, blg),
			       num_shortest(r.out, bo), sci);
			if (r.grad_sign != 0 && isfinite(r.log10_grad))
				printf("    log10|d out/dx| = %s", num_shortest(r.log10_grad, blg));
			printf("    %s", chain_state_name(r.state));
			if (r.state == CHAIN_DEAD)
				printf(" from layer %ld", r.vanish_layer);
			else if (r.state == CHAIN_UNDERFLOW)
				printf(" at layer %ld: its f' is below the float64 range, tiny but not 0",
				       r.underflow_layer);
			else if (r.vanish_layer)
				printf(", vanished at layer %ld", r.vanish_layer);
			if (r.explode_layer)
				printf(", exploded at layer %ld", r.explode_layer);
			putchar('\n');
		}
	}
	free(xs);
	return ferror(stdout) ? 1 : 0;
}

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
	"  --from A, --to B   x range (default -5 to 5; within -1e6..1e6)\n"
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
	cli_state st;
	cli_state_init(&st);
	double from = -5, to = 5;
	long width = 72, height = 20;
	bool grad = false;
	const char *act_name = NULL;
	char err[ERRLEN];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(plot_help, stdout);
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
			const char *v = opt_value(argc, argv, &i, eq, name, err, sizeof err);
			if (!v)
				return usage_error("plot", "%s", err);
			if (IS("--from"))
				ok = num_parse_range(v, "--from", -1e6, 1e6, &from, err, sizeof err);
			else if (IS("--to"))
				ok = num_parse_range(v, "--to", -1e6, 1e6, &to, err, sizeof err);
			else if (IS("--width"))
				ok = num_parse_long(v, "--width", PLOT_MIN_W, 1000, &width, err, sizeof err);
			else
				ok = num_parse_long(v, "--height", PLOT_MIN_H, 500, &height, err, sizeof err);
			if (!ok)
				return usage_error("plot", "%s", err);
			continue;
		}
#undef IS
		int r = state_option(&st, O_DEPTH | O_GAIN | O_BIAS | O_PARAM | O_CHARSET | O_X,
		                     argc, argv, &i, err, sizeof err);
		if (r < 0)
			return usage_error("plot", "%s", err);
		if (r > 0)
			continue;
		if (a[0] == '-')
			return unknown_option("plot", a, known, sizeof known / sizeof known[0]);
		if (act_name)
			return usage_error("plot", "unexpected argument '%.40s' (plot takes one activation)", a);
		act_name = a;
	}
	if (!act_name)
		return usage_error("plot", "missing ACT: whyrelu plot ACT ('whyrelu list' shows the activations)");
	if (!(st.act = activation_arg("plot", act_name)))
		return CLI_EXIT_USAGE;
	if (cli_state_finish(&st, err, sizeof err) < 0)
		return usage_error("plot", "%s", err);
	if (!(from < to))
		return usage_error("plot", "--from must be less than --to (got %g and %g)", from, to);
	if (to - from < 1e-9)
		return usage_error("plot", "the x range is too narrow (at least 1e-9)");
	if ((st.gain_given || st.bias_given) && !st.depth_given)
		return usage_error("plot", "--%s applies to the chain: give --depth D too",
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
		.cs = st.cs_given ? st.cs : cli_default_charset(),
	};
	grid g;
	if (grid_init(&g, (int)width, (int)height) < 0)
		return memory_error("plot", "out of memory for a %ldx%ld plot", width, height);
	if (plot_draw(&g, &spec) < 0) {
		grid_free(&g);
		return usage_error("plot", "a %ldx%ld plot is too small (at least %dx%d)", width,
		                   height, PLOT_MIN_W, PLOT_MIN_H);
	}
	grid_print(&g, stdout);
	grid_free(&g);
	return ferror(stdout) ? 1 : 0;
}

/* ---- bench ------------------------------------------------------------- */

static const char bench_help[] =
	"usage: whyrelu bench [--json]\n"
	"\n"
	"Measure what f and f' of every activation cost on this machine: nanoseconds\n"
	"per element over 16384 inputs spread over [-6, 6], the median of 7 runs after\n"
	"a warm-up, at the default parameter; and the ratio to relu's time (relu: 1).\n"
	"Expect the figures to move by some percent between runs.\n"
	"\n"
	"  --json   one JSON object: elements, runs, and rows: [{act, f_ns, df_ns,\n"
	"           f_ratio, df_ratio, step_cpu_ms}] in catalogue order;\n"
	"           step_cpu_ms is the processor time of the longer of the two\n"
	"           measurements, f and f'\n";

void cli_cost_table(FILE *out, const cost_lab *c)
{
	const act_def *t = act_table(NULL);
	fprintf(out, "%-12s %10s %8s %10s %8s\n", "NAME", "F NS", "F/RELU", "F' NS", "F'/RELU");
	for (size_t i = 0; i < c->n; i++) {
		char b[4][32];
		fprintf(out, "%-12s %10s %8s %10s %8s\n", t[i].name,
		        num_sig(c->rows[i].ns[COST_F], 3, b[0], sizeof b[0]),
		        num_sig(cost_ratio(c, i, COST_F), 3, b[1], sizeof b[1]),
		        num_sig(c->rows[i].ns[COST_DF], 3, b[2], sizeof b[2]),
		        num_sig(cost_ratio(c, i, COST_DF), 3, b[3], sizeof b[3]));
	}
}

int cli_bench(int argc, char **argv)
{
	static const char *const known[] = { "--json", "--help" };
	bool json = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(bench_help, stdout);
			return 0;
		}
		if (!strcmp(a, "--json")) {
			json = true;
			continue;
		}
		if (!strncmp(a, "--json=", 7))
			return usage_error("bench", "--json takes no value");
		if (a[0] == '-')
			return unknown_option("bench", a, known, sizeof known / sizeof known[0]);
		return usage_error("bench", "unexpected argument '%.40s' (bench takes no arguments)", a);
	}
	cost_lab c;
	if (cost_init(&c, cost_fixed_env()) < 0) {
		fprintf(stderr, "whyrelu: bench: out of memory\n");
		return 1;
	}
	cost_run(&c);
	const act_def *t = act_table(NULL);
	if (json) {
		printf("{\"elements\":%d,\"runs\":%d,\"rows\":[", COST_N, COST_RUNS);
		for (size_t i = 0; i < c.n; i++) {
			printf("%s{\"act\":\"%s\",\"f_ns\":", i ? "," : "", t[i].name);
			json_num(stdout, c.rows[i].ns[COST_F]);
			fputs(",\"df_ns\":", stdout);
			json_num(stdout, c.rows[i].ns[COST_DF]);
			fputs(",\"f_ratio\":", stdout);
			json_num(stdout, cost_ratio(&c, i, COST_F));
			fputs(",\"df_ratio\":", stdout);
			json_num(stdout, cost_ratio(&c, i, COST_DF));
			fputs(",\"step_cpu_ms\":", stdout);
			json_num(stdout, c.rows[i].step_ns / 1e6);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
	} else {
		cli_cost_table(stdout, &c);
	}
	cost_free(&c);
	return ferror(stdout) ? 1 : 0;
}

/* ---- train -------------------------------------------------------------- */

static const char train_help[] =
	"usage: whyrelu train [--act A] [--slope S|--floor C|--alpha A|--beta B|--lambda L]\n"
	"                     [--target T] [--width W] [--layers L] [--lr R] [--momentum M]\n"
	"                     [--batch B] [--points N] [--noise S] [--init he|xavier]\n"
	"                     [--steps S] [--seed K] [--every E] [--json]\n"
	"\n"
	"Train a small network (1 input, L hidden layers of W units with activation A,\n"
	"1 linear output) to fit a target on [-3, 3] from N evenly spaced points, by\n"
	"SGD with momentum on the mean squared error. Print the loss (over all the\n"
	"points) every E steps, then the final loss and the dead units: hidden units\n"
	"whose f'(z) is 0 at every point (for relu: output 0 for every input).\n"
	"The same seed gives the same run.\n"
	"\n"
	"  --act A        activation (default relu); its parameter as in 'whyrelu eval'\n"
	"  --target T     abs, sin, step, square or sawtooth (default sin)\n"
	"  --width W      units per hidden layer, 4 to 256 (default 32)\n"
	"  --layers L     hidden layers, 1 to 3 (default 2)\n"
	"  --lr R         learning rate, above 0, at most 10 (default 0.01)\n"
	"  --momentum M   0 (plain SGD) to below 1 (default 0.9)\n"
	"  --batch B      points per step, 1 to 1024; all of them when B >= N\n"
	"                 (default 16)\n"
	"  --points N     training points, 2 to 1024 (default 64)\n"
	"  --noise S      standard deviation of noise added to the targets, 0 to 1\n"
	"                 (default 0)\n"
	"  --init I       he (variance 2/fan_in) or xavier (2/(fan_in+fan_out));\n"
	"                 default he\n"
	"  --steps S      steps to train, 0 to 100000000 (default 5000)\n"
	"  --seed K       0 to 2147483647 (default 1)\n"
	"  --every E      print the loss every E steps (default: steps/10)\n"
	"  --json         one JSON object per line: step, loss, dead; the last one\n"
	"                 also has the settings and \"final\": true\n";

/* A name from a short fixed list, or an error naming the nearest. */
static int train_word(const char *what, const char *v, const char *const *names, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(v, names[k]))
			return (int)k;
	char list[96] = "";
	for (size_t k = 0; k < n; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
		         k == 0 ? "" : k + 1 == n ? " or " : ", ", names[k]);
	const char *s = util_nearest(v, names, n);
	if (s)
		usage_error("train", "unknown %s '%.40s'; did you mean '%s'? (%s)", what, v, s, list);
	else
		usage_error("train", "unknown %s '%.40s' (%s)", what, v, list);
	return -1;
}

static void train_report(const train_net *n, bool json, bool final)
{
	char b[32];
	int units, dead;
	double loss = train_loss_dead(n, &dead, &units);
	if (!json) {
		if (final) {
			if (n->state == TRAIN_DIVERGED)
				printf("diverged at step %ld: the loss is no longer a finite number "
				       "(a smaller --lr helps)\n", n->steps);
			printf("final: step %ld, loss %s, dead units %d of %d\n", n->steps,
			       isfinite(loss) ? num_sig(loss, 6, b, sizeof b) : "not finite", dead, units);
		} else {
			printf("step %-9ld loss %-14s dead %d\n", n->steps,
			       isfinite(loss) ? num_sig(loss, 6, b, sizeof b) : "not finite", dead);
		}
		return;
	}
	printf("{\"step\":%ld,\"loss\":", n->steps);
	json_num(stdout, loss);
	printf(",\"dead\":%d", dead);
	if (final) {
		const train_cfg *c = &n->cfg;
		printf(",\"units\":%d,\"diverged\":%s,\"act\":\"%s\"", units,
		       n->state == TRAIN_DIVERGED ? "true" : "false", n->act->name);
		if (act_has_param(n->act)) {
			printf(",\"%s\":", n->act->param.name);
			json_num(stdout, n->p);
		}
		printf(",\"target\":\"%s\",\"width\":%d,\"layers\":%d,\"points\":%d,\"batch\":%d,"
		       "\"lr\":", train_target_name(c->target), c->width, c->layers, c->points,
		       c->batch);
		json_num(stdout, c->lr);
		fputs(",\"momentum\":", stdout);
		json_num(stdout, c->momentum);
		fputs(",\"noise\":", stdout);
		json_num(stdout, c->noise);
		printf(",\"init\":\"%s\",\"seed\":%lu,\"final\":true", train_init_name(c->init), c->seed);
	}
	fputs("}\n", stdout);
}

/* The first line `whyrelu train` prints: what is trained on what, and
 * how. The line mode's training view says it too. */
char *cli_train_title(const act_def *a, double pv, const train_cfg *cfg, char *buf,
                      size_t len)
{
	char lr[32], mu[32], p[48] = "";
	if (act_has_param(a))
		snprintf(p, sizeof p, " (%s %s)", a->param.name, num_shortest(pv, lr));
	snprintf(buf, len, "train %s%s on %s: %d hidden layer%s of %d, %d points, batch %d, "
	         "lr %s, momentum %s, %s init, seed %lu", a->name, p,
	         train_target_name(cfg->target), cfg->layers, cfg->layers > 1 ? "s" : "",
	         cfg->width, cfg->points, cfg->batch < cfg->points ? cfg->batch : cfg->points,
	         num_shortest(cfg->lr, lr), num_shortest(cfg->momentum, mu),
	         cfg->init == TRAIN_INIT_HE ? "He" : "Xavier", cfg->seed);
	return buf;
}

int cli_train(int argc, char **argv)
{
	static const char *const known[] = {
		"--act", "--slope", "--floor", "--alpha", "--beta", "--lambda", "--target",
		"--width", "--layers", "--lr", "--momentum", "--batch", "--points", "--noise",
		"--init", "--steps", "--seed", "--every", "--json", "--help",
	};
	cli_state st;
	cli_state_init(&st);
	train_cfg cfg;
	train_cfg_default(&cfg);
	long steps = 5000, every = -1;
	bool json = false;
	char err[ERRLEN];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(train_help, stdout);
			return 0;
		}
		if (!strcmp(a, "--json")) { json = true; continue; }
		int r = state_option(&st, O_ACT | O_PARAM, argc, argv, &i, err, sizeof err);
		if (r < 0)
			return usage_error("train", "%s", err);
		if (r > 0)
			continue;
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		static const char *const valued[] = {
			"--target", "--width", "--layers", "--lr", "--momentum", "--batch", "--points",
			"--noise", "--init", "--steps", "--seed", "--every",
		};
		size_t k = 0, nv = sizeof valued / sizeof valued[0];
		while (k < nv && !(nlen == strlen(valued[k]) && !strncmp(a, valued[k], nlen)))
			k++;
		if (k == nv) {
			if (a[0] == '-')
				return unknown_option("train", a, known, sizeof known / sizeof known[0]);
			return usage_error("train", "unexpected argument '%.40s' (train takes only "
			                   "options: --act A, --target T, ...)", a);
		}
		const char *opt = valued[k];
		const char *v = opt_value(argc, argv, &i, eq, opt + 2, err, sizeof err);
		if (!v)
			return usage_error("train", "%s", err);
		long n = 0;
		bool ok = true;
		int w;
		switch (k) {
		case 0:
			if ((w = train_word("target", v, train_target_names(&(size_t){0}), TRAIN_TARGETS)) < 0)
				return CLI_EXIT_USAGE;
			cfg.target = (train_target)w;
			break;
		case 1:
			ok = num_parse_long(v, opt, TRAIN_MIN_WIDTH, TRAIN_MAX_WIDTH, &n, err, sizeof err);
			cfg.width = (int)n;
			break;
		case 2:
			ok = num_parse_long(v, opt, 1, TRAIN_MAX_LAYERS, &n, err, sizeof err);
			cfg.layers = (int)n;
			break;
		case 3:
			ok = num_parse_range(v, opt, 0, TRAIN_LR_MAX, &cfg.lr, err, sizeof err);
			if (ok && cfg.lr == 0) {
				snprintf(err, sizeof err, "--lr must be above 0, got %.40s", v);
				ok = false;
			}
			break;
		case 4:
			ok = num_parse_range(v, opt, 0, 1, &cfg.momentum, err, sizeof err);
			if (ok && cfg.momentum == 1) {
				snprintf(err, sizeof err, "--momentum must be below 1 (0.9 is usual), got %.40s", v);
				ok = false;
			}
			break;
		case 5:
			ok = num_parse_long(v, opt, 1, TRAIN_MAX_POINTS, &n, err, sizeof err);
			cfg.batch = (int)n;
			break;
		case 6:
			ok = num_parse_long(v, opt, TRAIN_MIN_POINTS, TRAIN_MAX_POINTS, &n, err, sizeof err);
			cfg.points = (int)n;
			break;
		case 7:
			ok = num_parse_range(v, opt, 0, TRAIN_NOISE_MAX, &cfg.noise, err, sizeof err);
			break;
		case 8:
			if ((w = train_word("init", v, train_init_names(&(size_t){0}), TRAIN_INITS)) < 0)
				return CLI_EXIT_USAGE;
			cfg.init = (train_init_kind)w;
			break;
		case 9:
			ok = num_parse_long(v, opt, 0, TRAIN_MAX_STEPS, &steps, err, sizeof err);
			break;
		case 10:
			ok = num_parse_long(v, opt, 0, TRAIN_SEED_MAX, &n, err, sizeof err);
			cfg.seed = (unsigned long)n;
			break;
		default:
			ok = num_parse_long(v, opt, 1, TRAIN_MAX_STEPS, &every, err, sizeof err);
			break;
		}
		if (!ok)
			return usage_error("train", "%s", err);
	}
	if (cli_state_finish(&st, err, sizeof err) < 0)
		return usage_error("train", "%s", err);
	if (!train_cfg_check(&cfg, err, sizeof err))
		return usage_error("train", "%s", err);
	if (every < 0)
		every = steps / 10 > 0 ? steps / 10 : 1;

	train_net n;
	if (train_init(&n, st.act, st.p, &cfg) < 0)
		return memory_error("train", "out of memory for a network of %d x %d", cfg.layers,
		                    cfg.width);
	if (!json) {
		char title[256];
		printf("%s\n", cli_train_title(st.act, st.p, &cfg, title, sizeof title));
	}
	train_report(&n, json, false);
	/* each report out as it is made, and no training for a reader gone */
	while (n.steps < steps && n.state == TRAIN_OK && cli_out_ok(true)) {
		long next = (n.steps / every + 1) * every;
		if (next > steps)
			next = steps;
		train_run(&n, next - n.steps);
		if (n.steps % every == 0 && n.state == TRAIN_OK && n.steps < steps)
			train_report(&n, json, false);
	}
	train_report(&n, json, true);
	train_free(&n);
	return ferror(stdout) ? 1 : 0;
}

/* ---- net ---------------------------------------------------------------- */

static const char net_help[] =
	"usage: whyrelu net [--act ACT] [--slope S|--floor C|--alpha A|--beta B|--lambda L]\n"
	"                   [--width W] [--depth D] [--batch N] [--init S] [--gain G]\n"
	"                   [--seed K] [--json]\n"
	"\n"
	"Build a fully connected network of D layers of W units, feed it a batch of\n"
	"N inputs drawn from N(0, 1), and back-propagate a fixed random linear\n"
	"read-out of the last layer. Print per layer the mean and standard deviation\n"
	"of the activations, the fraction saturated (|f'| < 0.1) and dead (f' = 0),\n"
	"and the gradient norm (of dL/dz per example, root mean square over the\n"
	"batch), then the ratio of the first layer's gradient norm to the last's.\n"
	"\n"
	"  --act ACT     the activation (default relu)\n"
	"  --width W     units per layer, 2 to 1024 (default 128)\n"
	"  --depth D     layers, 1 to 100 (default 10; width*width*depth at most 16777216)\n"
	"  --batch N     inputs, 1 to 4096 (default 256)\n"
	"  --init S      standard (U[-1/sqrt(n), 1/sqrt(n)], the default), xavier\n"
	"                (U[-sqrt(6/(n_in+n_out)), +]) or he (N(0, 2/n_in))\n"
	"  --gain G      multiplies every weight, -100 to 100 (default 1)\n"
	"  --seed K      the random draw, 0 to 2147483647 (default 1)\n"
	"  --json        one JSON object: the settings, layers: [{layer, mean, std,\n"
	"                saturated, dead, grad_norm, log10_grad_norm}], grad_ratio\n";

static void json_log10(FILE *out, double lg)
{
	if (lg == -INFINITY)
		fputs("\"-inf\"", out);
	else
		json_num(out, lg);
}

/* The table `whyrelu net` prints for a network after net_run: its
 * settings, a row a layer, and the ratio of the gradient norms; at most 66
 * columns, so the line mode prints it too. The overflow, when there is
 * one, is the caller's to say in its own words. */
void cli_net_table(FILE *out, const net *n)
{
	const net_params *np = &n->prm;
	long ov = net_overflow_layer(n);
	char b1[32], b2[32];
	fprintf(out, "%s", np->act->name);
	if (act_has_param(np->act))
		fprintf(out, " (%s = %s)", np->act->param.name, num_shortest(np->p, b1));
	fprintf(out, ", width %ld, depth %ld, batch %ld, init %s, gain %s, seed %ld\n", np->width,
	        np->depth, np->batch, net_init_name(np->init), num_shortest(np->gain, b1), np->seed);
	fprintf(out, "%5s  %11s  %11s  %9s  %9s  %11s\n", "layer", "mean", "std", "saturated",
	        "dead", "grad_norm");
	for (long k = 0; k < n->depth; k++) {
		const net_layer *L = &n->layers[k];
		char g[48];
		if (ov && k + 1 >= ov) {
			/* not dead: what an overflow leaves (relu(NaN) is 0) */
			fprintf(out, "%5ld  %11s  %11s  %9s  %9s  %11s\n", k + 1, "overflow", "overflow",
			        "overflow", "overflow", "overflow");
			continue;
		}
		if (ov)
			snprintf(g, sizeof g, "overflow");   /* it comes back through the overflow */
		else if (isnan(L->log10_grad))
			snprintf(g, sizeof g, "undefined");
		else
			num_sci_log10(L->log10_grad == -INFINITY ? 0 : 1, L->log10_grad, 4, g, sizeof g);
		fprintf(out, "%5ld  %11s  %11s  %8.1f%%  %8.1f%%  %11s\n", k + 1,
		        num_sig(L->mean, 4, b1, sizeof b1), num_sig(L->std, 4, b2, sizeof b2),
		        100 * L->saturated, 100 * L->dead, g);
	}
	char g[48];
	if (isnan(n->log10_ratio))
		snprintf(g, sizeof g, "undefined");
	else
		num_sci_log10(1, n->log10_ratio, 4, g, sizeof g);
	fprintf(out, "gradient norm, layer 1 / layer %ld: %s\n", n->depth, ov ? "overflow" : g);
}

int cli_net(int argc, char **argv)
{
	static const char *const known[] = {
		"--act", "--slope", "--floor", "--alpha", "--beta", "--lambda", "--width",
		"--depth", "--batch", "--init", "--gain", "--seed", "--json", "--help",
	};
	cli_state st;
	cli_state_init(&st);
	net_params np = net_defaults();
	bool json = false;
	char err[ERRLEN];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(net_help, stdout);
			return 0;
		}
		if (!strcmp(a, "--json")) { json = true; continue; }
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
#define IS(opt) (nlen == strlen(opt) && !strncmp(a, opt, nlen))
		if (IS("--width") || IS("--depth") || IS("--batch") || IS("--init") || IS("--seed")) {
			char name[12];
			snprintf(name, sizeof name, "%.*s", (int)nlen - 2, a + 2);
			const char *v = opt_value(argc, argv, &i, eq, name, err, sizeof err);
			if (!v)
				return usage_error("net", "%s", err);
			bool ok = true;
			if (IS("--width"))
				ok = num_parse_long(v, "--width", NET_MIN_WIDTH, NET_MAX_WIDTH, &np.width, err, sizeof err);
			else if (IS("--depth"))
				ok = num_parse_long(v, "--depth", 1, NET_MAX_DEPTH, &np.depth, err, sizeof err);
			else if (IS("--batch"))
				ok = num_parse_long(v, "--batch", NET_MIN_BATCH, NET_MAX_BATCH, &np.batch, err, sizeof err);
			else if (IS("--seed"))
				ok = num_parse_long(v, "--seed", 0, NET_MAX_SEED, &np.seed, err, sizeof err);
			else {
				int k = net_init_find(v);
				if (k < 0) {
					size_t n;
					const char *const *names = net_init_names(&n);
					const char *s = util_nearest(v, names, n);
					if (s)
						return usage_error("net", "--init must be standard, xavier or he, got '%.40s'; did you mean '%s'?", v, s);
					return usage_error("net", "--init must be standard, xavier or he, got '%.40s'", v);
				}
				np.init = (net_init)k;
			}
			if (!ok)
				return usage_error("net", "%s", err);
			continue;
		}
#undef IS
		int r = state_option(&st, O_ACT | O_GAIN | O_PARAM, argc, argv, &i, err, sizeof err);
		if (r < 0)
			return usage_error("net", "%s", err);
		if (r > 0)
			continue;
		if (a[0] == '-')
			return unknown_option("net", a, known, sizeof known / sizeof known[0]);
		return usage_error("net", "unexpected argument '%.40s' (give the activation as --act %.40s)", a, a);
	}
	if (cli_state_finish(&st, err, sizeof err) < 0)
		return usage_error("net", "%s", err);
	np.act = st.act;
	np.p = st.p;
	np.gain = st.gain;
	net n;
	memset(&n, 0, sizeof n);
	if (!net_check(&np, err, sizeof err))
		return usage_error("net", "%s", err);
	if (net_start(&n, &np, err, sizeof err) < 0) {
		fprintf(stderr, "whyrelu: net: %s\n", err);
		return 1;
	}
	net_run(&n);
	long ov = net_overflow_layer(&n);
	if (json) {
		printf("{\"act\":\"%s\"", np.act->name);
		if (act_has_param(np.act)) {
			printf(",\"%s\":", np.act->param.name);
			json_num(stdout, np.p);
		}
		printf(",\"width\":%ld,\"depth\":%ld,\"batch\":%ld,\"init\":\"%s\",\"gain\":",
		       np.width, np.depth, np.batch, net_init_name(np.init));
		json_num(stdout, np.gain);
		printf(",\"seed\":%ld,\"layers\":[", np.seed);
		for (long k = 0; k < n.depth; k++) {
			const net_layer *L = &n.layers[k];
			printf("%s{\"layer\":%ld,\"mean\":", k ? "," : "", k + 1);
			json_num(stdout, L->mean);
			fputs(",\"std\":", stdout);
			json_num(stdout, L->std);
			fputs(",\"saturated\":", stdout);
			json_num(stdout, L->saturated);
			fputs(",\"dead\":", stdout);
			json_num(stdout, L->dead);
			/* the backward pass crosses every layer above: after an
			 * overflow no gradient is known */
			fputs(",\"grad_norm\":", stdout);
			json_num(stdout, ov ? NAN : L->grad_norm);
			fputs(",\"log10_grad_norm\":", stdout);
			json_log10(stdout, ov ? NAN : L->log10_grad);
			printf(",\"overflow\":%s}", ov && k + 1 >= ov ? "true" : "false");
		}
		fputs("],\"grad_ratio\":", stdout);
		json_num(stdout, isfinite(n.log10_ratio) && !ov ? pow(10, n.log10_ratio) : NAN);
		fputs(",\"log10_grad_ratio\":", stdout);
		json_num(stdout, ov ? NAN : n.log10_ratio);
		fputs(",\"overflow_layer\":", stdout);
		if (ov)
			printf("%ld}\n", ov);
		else
			fputs("null}\n", stdout);
	} else {
		cli_net_table(stdout, &n);
		if (ov)
			printf("float32 overflowed at layer %ld: a value passed 3.4e38, so from there on "
			       "the numbers are not the network's\n", ov);
	}
	net_free(&n);
	return ferror(stdout) ? 1 : 0;
}

/* ---- dispatch ----------------------------------------------------------- */

static const struct {
	const char *name;
	int (*run)(int, char **);
} commands[] = {
	{ "list", cli_list },
	{ "eval", cli_eval },
	{ "plot", cli_plot },
	{ "train", cli_train },
	{ "net", cli_net },
	{ "check-lessons", lesson_check_main },
	{ "progress", progress_main },
	{ "class", class_main },
	{ "bench", cli_bench },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

bool cli_is_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return true;
	return false;
}

/* The first failure's errno: by exit time a later call may have changed it. */
static int out_errno;

bool cli_out_ok(bool flush)
{
	int e = errno;
	if (flush && fflush(stdout) != 0 && !out_errno)
		out_errno = errno;
	if (ferror(stdout) && !out_errno)
		out_errno = errno ? errno : EIO;
	errno = e;
	return !ferror(stdout);
}

int cli_out_close(int status)
{
	bool ok = cli_out_ok(true);
	if (fclose(stdout) != 0 && ok) {
		ok = false;
		out_errno = errno;
	}
	if (ok)
		return status;
	fprintf(stderr, "whyrelu: cannot write the output: %s\n", strerror(out_errno ? out_errno : EIO));
	return status ? status : CLI_EXIT_OUTPUT;
}

int cli_run(int argc, char **argv)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, argv[0]))
			return commands[i].run(argc, argv);
	const char *names[N_COMMANDS];
	for (size_t i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	const char *s = util_nearest(argv[0], names, N_COMMANDS);
	if (s)
		return usage_error(NULL, "unknown command '%.40s'; did you mean '%s'? ('whyrelu --help')", argv[0], s);
	return usage_error(NULL, "unknown command '%.40s' ('whyrelu --help')", argv[0]);
}

void cli_usage(FILE *out)
{
	fputs("usage: whyrelu [OPTIONS]                open the tutorial\n"
	      "       whyrelu list                     the activation catalogue\n"
	      "       whyrelu eval ACT X [X...] [...]  values, gradients, the depth chain\n"
	      "       whyrelu plot ACT [...]           a plot as text\n"
	      "       whyrelu train [...]              train a small network, print the loss\n"
	      "       whyrelu net [--act ACT] [...]    a wide network, layer by layer\n"
	      "       whyrelu progress [--reset]       how far you are; start over\n"
	      "       whyrelu class [FILE|DIR...]      the class's progress (instructors)\n"
	      "       whyrelu bench [--json]           what each activation costs here\n"
	      "       whyrelu check-lessons [DIR]      check lesson files\n"
	      "       whyrelu COMMAND --help           a command's options\n"
	      "\n"
	      "Options for the tutorial:\n"
	      "  --act NAME         start with this activation (default relu)\n"
	      "  --x X              start at this x\n"
	      "  --depth D          start with this chain depth (0 to 100000)\n"
	      "  --gain G, --bias B the chain's weight and bias\n"
	      "  --slope S, --floor C, --alpha A, --beta B, --lambda L\n"
	      "                     the activation's parameter\n"
	      "  --lesson N|SLUG    start at this lesson (--lessons DIR: read them from DIR)\n"
	      "  --line             plain text in reading order and a prompt, for screen\n"
	      "                     readers and dumb terminals (also when TERM is dumb or\n"
	      "                     unset, or stdout is not a terminal but stdin is)\n"
	      "  --charset C        ascii, block or braille\n"
	      "  --no-color         no colour (also when NO_COLOR is set)\n"
	      "  --help, --version\n", out);
}
