/* cli_bench.c - `whyrelu bench`: what each activation costs on this machine.
 */
#include "cli_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cost.h"
#include "num.h"

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
			return cli_usage_error("bench", "--json takes no value");
		if (a[0] == '-')
			return cli_unknown_option("bench", a, known, sizeof known / sizeof known[0]);
		return cli_usage_error("bench", "unexpected argument '%.40s' (bench takes no arguments)", a);
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
			cli_json_num(stdout, c.rows[i].ns[COST_F]);
			fputs(",\"df_ns\":", stdout);
			cli_json_num(stdout, c.rows[i].ns[COST_DF]);
			fputs(",\"f_ratio\":", stdout);
			cli_json_num(stdout, cost_ratio(&c, i, COST_F));
			fputs(",\"df_ratio\":", stdout);
			cli_json_num(stdout, cost_ratio(&c, i, COST_DF));
			fputs(",\"step_cpu_ms\":", stdout);
			cli_json_num(stdout, c.rows[i].step_ns / 1e6);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
	} else {
		cli_cost_table(stdout, &c);
	}
	cost_free(&c);
	return ferror(stdout) ? 1 : 0;
}
