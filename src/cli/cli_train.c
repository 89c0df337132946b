/* cli_train.c - `whyrelu train`: a small network learning a 1-D target, its loss printed.
 */
#include "cli_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab.h"
#include "num.h"
#include "setting.h"
#include "train.h"
#include "util.h"

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
	"  --width W      units per hidden layer, {width} (default 32)\n"
	"  --layers L     hidden layers, {layers} (default 2)\n"
	"  --lr R         learning rate, above 0, at most 10 (default 0.01)\n"
	"  --momentum M   0 (plain SGD) to below 1 (default 0.9)\n"
	"  --batch B      points per step, 1 to 1024; all of them when B >= N\n"
	"                 (default 16)\n"
	"  --points N     training points, {points} (default 64)\n"
	"  --noise S      standard deviation of noise added to the targets, {noise}\n"
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
		cli_usage_error("train", "unknown %s '%.40s'; did you mean '%s'? (%s)", what, v, s, list);
	else
		cli_usage_error("train", "unknown %s '%.40s' (%s)", what, v, list);
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
	cli_json_num(stdout, loss);
	printf(",\"dead\":%d", dead);
	if (final) {
		const train_cfg *c = &n->cfg;
		printf(",\"units\":%d,\"diverged\":%s,\"act\":\"%s\"", units,
		       n->state == TRAIN_DIVERGED ? "true" : "false", n->act->name);
		if (act_has_param(n->act)) {
			printf(",\"%s\":", n->act->param.name);
			cli_json_num(stdout, n->p);
		}
		printf(",\"target\":\"%s\",\"width\":%d,\"layers\":%d,\"points\":%d,\"batch\":%d,"
		       "\"lr\":", train_target_name(c->target), c->width, c->layers, c->points,
		       c->batch);
		cli_json_num(stdout, c->lr);
		fputs(",\"momentum\":", stdout);
		cli_json_num(stdout, c->momentum);
		fputs(",\"noise\":", stdout);
		cli_json_num(stdout, c->noise);
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
	opts_state st;
	opts_init(&st);
	train_cfg cfg;
	train_cfg_default(&cfg);
	long steps = 5000, every = -1;
	bool json = false;
	char err[CLI_ERRLEN];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_help(stdout, train_help);
			return 0;
		}
		if (!strcmp(a, "--json")) { json = true; continue; }
		int r = opts_option_of(&st, OPTS_ACT | OPTS_PARAM, argc, argv, &i, err, sizeof err);
		if (r < 0)
			return cli_usage_error("train", "%s", err);
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
				return cli_unknown_option("train", a, known, sizeof known / sizeof known[0]);
			return cli_usage_error("train", "unexpected argument '%.40s' (train takes only "
			                   "options: --act A, --target T, ...)", a);
		}
		const char *opt = valued[k];
		const char *v = opts_value(argc, argv, &i, eq, opt + 2, err, sizeof err);
		if (!v)
			return cli_usage_error("train", "%s", err);
		long n = 0;
		bool ok = true;
		int w;
		switch (k) {
		case 0:
			if ((w = train_word("target", v, train_target_names(&(size_t){0}), TRAIN_TARGETS)) < 0)
				return CLI_EXIT_USAGE;
			cfg.target = (train_target)w;
			break;
		case 1: case 2: case 3: case 4: case 5: case 6: case 7: {
			/* the training view's settings, by the same names */
			lab t;
			t.train = cfg;
			const setting *row = setting_find(opt + 2);
			double d = 0;
			ok = setting_parse(row, v, opt, &d, &n, err, sizeof err);
			setting_put(row, &t, row->type == SETTING_WHOLE ? (double)n : d);
			cfg = t.train;
			break;
		}
		case 8:
			if ((w = train_word("init", v, train_init_names(&(size_t){0}), TRAIN_INITS)) < 0)
				return CLI_EXIT_USAGE;
			cfg.init = (train_init_kind)w;
			break;
		case 9:
			ok = num_parse_long(v, opt, 0, TRAIN_MAX_STEPS, &steps, err, sizeof err);
			break;
		case 10: {
			lab t;
			t.train = cfg;
			const setting *row = setting_find("seed");
			ok = setting_parse(row, v, opt, NULL, &n, err, sizeof err);
			setting_put(row, &t, (double)n);
			cfg = t.train;
			break;
		}
		default:
			ok = num_parse_long(v, opt, 1, TRAIN_MAX_STEPS, &every, err, sizeof err);
			break;
		}
		if (!ok)
			return cli_usage_error("train", "%s", err);
	}
	if (opts_finish(&st, err, sizeof err) < 0)
		return cli_usage_error("train", "%s", err);
	if (!train_cfg_check(&cfg, err, sizeof err))
		return cli_usage_error("train", "%s", err);
	if (every < 0)
		every = steps / 10 > 0 ? steps / 10 : 1;

	train_net n;
	if (train_init(&n, st.act, st.p, &cfg) < 0)
		return cli_memory_error("train", "out of memory for a network of %d x %d", cfg.layers,
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
