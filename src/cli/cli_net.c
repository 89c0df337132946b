/* cli_net.c - `whyrelu net`: a wide network, layer by layer, as text or JSON.
 */
#include "cli_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net.h"
#include "num.h"
#include "setting.h"
#include "util.h"

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
	"  --width W     units per layer, {net-width} (default 128)\n"
	"  --depth D     layers, 1 to 100 (default 10; width*width*depth at most 16777216)\n"
	"  --batch N     inputs, {net-batch} (default 256)\n"
	"  --init S      standard (U[-1/sqrt(n), 1/sqrt(n)], the default), xavier\n"
	"                (U[-sqrt(6/(n_in+n_out)), +]) or he (N(0, 2/n_in))\n"
	"  --gain G      multiplies every weight, {gain} (default 1)\n"
	"  --seed K      the random draw, 0 to 2147483647 (default 1)\n"
	"  --json        one JSON object: the settings, layers: [{layer, mean, std,\n"
	"                saturated, dead, grad_norm, log10_grad_norm}], grad_ratio\n";

static void json_log10(FILE *out, double lg)
{
	if (lg == -INFINITY)
		fputs("\"-inf\"", out);
	else
		cli_json_num(out, lg);
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
	opts_state st;
	opts_init(&st);
	net_params np = net_defaults();
	bool json = false;
	char err[CLI_ERRLEN];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_help(stdout, net_help);
			return 0;
		}
		if (!strcmp(a, "--json")) { json = true; continue; }
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
#define IS(opt) (nlen == strlen(opt) && !strncmp(a, opt, nlen))
		if (IS("--width") || IS("--depth") || IS("--batch") || IS("--init") || IS("--seed")) {
			char name[12];
			snprintf(name, sizeof name, "%.*s", (int)nlen - 2, a + 2);
			const char *v = opts_value(argc, argv, &i, eq, name, err, sizeof err);
			if (!v)
				return cli_usage_error("net", "%s", err);
			bool ok = true;
			if (IS("--width"))
				ok = setting_parse(setting_of(CMD_VAR_NET_WIDTH), v, "--width", NULL, &np.width, err, sizeof err);
			else if (IS("--depth"))
				ok = num_parse_long(v, "--depth", 1, NET_MAX_DEPTH, &np.depth, err, sizeof err);
			else if (IS("--batch"))
				ok = setting_parse(setting_of(CMD_VAR_NET_BATCH), v, "--batch", NULL, &np.batch, err, sizeof err);
			else if (IS("--seed"))
				ok = setting_parse(setting_of(CMD_VAR_NET_SEED), v, "--seed", NULL, &np.seed, err, sizeof err);
			else {
				int k = net_init_find(v);
				if (k < 0) {
					size_t n;
					const char *const *names = net_init_names(&n);
					const char *s = util_nearest(v, names, n);
					if (s)
						return cli_usage_error("net", "--init must be standard, xavier or he, got '%.40s'; did you mean '%s'?", v, s);
					return cli_usage_error("net", "--init must be standard, xavier or he, got '%.40s'", v);
				}
				np.init = (net_init)k;
			}
			if (!ok)
				return cli_usage_error("net", "%s", err);
			continue;
		}
#undef IS
		int r = opts_option_of(&st, OPTS_ACT | OPTS_GAIN | OPTS_PARAM, argc, argv, &i, err, sizeof err);
		if (r < 0)
			return cli_usage_error("net", "%s", err);
		if (r > 0)
			continue;
		if (a[0] == '-')
			return cli_unknown_option("net", a, known, sizeof known / sizeof known[0]);
		return cli_usage_error("net", "unexpected argument '%.40s' (give the activation as --act %.40s)", a, a);
	}
	if (opts_finish(&st, err, sizeof err) < 0)
		return cli_usage_error("net", "%s", err);
	np.act = st.act;
	np.p = st.p;
	np.gain = st.gain;
	net n;
	memset(&n, 0, sizeof n);
	if (!net_check(&np, err, sizeof err))
		return cli_usage_error("net", "%s", err);
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
			cli_json_num(stdout, np.p);
		}
		printf(",\"width\":%ld,\"depth\":%ld,\"batch\":%ld,\"init\":\"%s\",\"gain\":",
		       np.width, np.depth, np.batch, net_init_name(np.init));
		cli_json_num(stdout, np.gain);
		printf(",\"seed\":%ld,\"layers\":[", np.seed);
		for (long k = 0; k < n.depth; k++) {
			const net_layer *L = &n.layers[k];
			printf("%s{\"layer\":%ld,\"mean\":", k ? "," : "", k + 1);
			cli_json_num(stdout, L->mean);
			fputs(",\"std\":", stdout);
			cli_json_num(stdout, L->std);
			fputs(",\"saturated\":", stdout);
			cli_json_num(stdout, L->saturated);
			fputs(",\"dead\":", stdout);
			cli_json_num(stdout, L->dead);
			/* the backward pass crosses every layer above: after an
			 * overflow no gradient is known */
			fputs(",\"grad_norm\":", stdout);
			cli_json_num(stdout, ov ? NAN : L->grad_norm);
			fputs(",\"log10_grad_norm\":", stdout);
			json_log10(stdout, ov ? NAN : L->log10_grad);
			printf(",\"overflow\":%s}", ov && k + 1 >= ov ? "true" : "false");
		}
		fputs("],\"grad_ratio\":", stdout);
		cli_json_num(stdout, isfinite(n.log10_ratio) && !ov ? pow(10, n.log10_ratio) : NAN);
		fputs(",\"log10_grad_ratio\":", stdout);
		cli_json_num(stdout, ov ? NAN : n.log10_ratio);
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
