/* cli_eval.c - `whyrelu eval`: values, gradients and the depth chain, as text or JSON.
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
#include "num.h"

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
	"  --depth D     chain depth, {depth}\n"
	"  --gain G      weight of every layer, {gain} (default 1)\n"
	"  --bias B      bias of every layer, {bias} (default 0)\n"
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
		cli_json_num(lp->out, l->z);
		fputs(",\"h\":", lp->out);
		cli_json_num(lp->out, l->h);
		fputs(",\"grad\":", lp->out);
		cli_json_num(lp->out, l->grad);
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
	opts_state st;
	opts_init(&st);
	bool json = false, layers = false;
	const char *act_name = NULL;
	double *xs = calloc((size_t)argc, sizeof *xs);
	int nx = 0;
	char err[CLI_ERRLEN];
	int status = 0;
	if (!xs)
		return cli_memory_error("eval", "out of memory");
	bool positional = false;  /* after "--" */
	for (int i = 1; i < argc && !status; i++) {
		const char *a = argv[i];
		if (!positional) {
			if (!strcmp(a, "--")) {
				positional = true;
				continue;
			}
			if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
				cli_help(stdout, eval_help);
				free(xs);
				return 0;
			}
			if (!strcmp(a, "--json")) { json = true; continue; }
			if (!strcmp(a, "--layers")) { layers = true; continue; }
			int r = opts_option_of(&st, OPTS_DEPTH | OPTS_GAIN | OPTS_BIAS | OPTS_PARAM, argc, argv, &i, err, sizeof err);
			if (r < 0) {
				status = cli_usage_error("eval", "%s", err);
				continue;
			}
			if (r > 0)
				continue;
			if (a[0] == '-' && !cli_looks_numeric(a)) {
				status = cli_unknown_option("eval", a, known, sizeof known / sizeof known[0]);
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
			status = cli_usage_error("eval", "%s", err);
		nx++;
	}
	if (!status && !act_name)
		status = cli_usage_error("eval", "missing ACT and X: whyrelu eval ACT X [X...] ('whyrelu list' shows the activations)");
	if (!status && !(st.act = cli_activation_arg("eval", act_name)))
		status = CLI_EXIT_USAGE;
	if (!status && nx == 0)
		status = cli_usage_error("eval", "missing X, the input to evaluate at: whyrelu eval %s X [X...]", st.act->name);
	if (!status && opts_finish(&st, err, sizeof err) < 0)
		status = cli_usage_error("eval", "%s", err);
	if (!status && layers && !st.depth_given)
		status = cli_usage_error("eval", "--layers needs --depth D");
	if (!status && (st.gain_given || st.bias_given) && !st.depth_given)
		status = cli_usage_error("eval", "--%s applies to the chain: give --depth D too",
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
			cli_json_num(stdout, x);
			if (act_has_param(act)) {
				printf(",\"%s\":", act->param.name);
				cli_json_num(stdout, st.p);
			}
			fputs(",\"y\":", stdout);
			cli_json_num(stdout, y);
			fputs(",\"dy\":", stdout);
			cli_json_num(stdout, dy);
			if (st.depth_given) {
				if (layers) {
					fputs(",\"layers\":[", stdout);
					chain_eval(&cp, x, &r, print_layer, &lp);
					fputc(']', stdout);
				} else {
					chain_eval(&cp, x, &r, NULL, NULL);
				}
				printf(",\"depth\":%ld,\"gain\":", st.depth);
				cli_json_num(stdout, st.gain);
				fputs(",\"bias\":", stdout);
				cli_json_num(stdout, st.bias);
				fputs(",\"out\":", stdout);
				cli_json_num(stdout, r.out);
				fputs(",\"grad\":", stdout);
				cli_json_num(stdout, r.grad);
				fputs(",\"log10_grad\":", stdout);
				cli_json_num(stdout, r.log10_grad);
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
