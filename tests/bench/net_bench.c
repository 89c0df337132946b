/* net_bench.c - the network lab's speed: the median time of a forward and
 * backward pass, with new weights drawn and with the weights kept (as when
 * the activation changes), for the settings the issue names
 * (W=256, D=50, N=256, relu) and the lab's defaults, over several runs after
 * a warm-up. Also the time of the slowest single step, which is what the
 * lab's frame waits for at most. The baseline, measured in the same run, is
 * the matrix products alone (2*D sgemm calls of the same sizes), so the
 * ratio says what the statistics, histograms and activations add. Prints
 * medians; exit 1 when the W=256 relu case exceeds its budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "net.h"

#define RUNS 11
#define BUDGET_MS 50.0

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median total and median of the slowest step, in ms. fresh: every run
 * has a new seed, so its weights are drawn; else they are kept from the run
 * before, as when the learner changes the activation. */
static int measure(const net_params *prm, bool fresh, double *total, double *step)
{
	double t[RUNS], s[RUNS];
	char err[256];
	net n;
	memset(&n, 0, sizeof n);
	net_params p = *prm;
	for (int r = -1; r < RUNS; r++) {   /* run -1 warms up */
		if (fresh)
			p.seed = prm->seed + 1 + r;
		double t0 = now_ms(), worst = 0;
		if (net_start(&n, &p, err, sizeof err) < 0) {
			fprintf(stderr, "net_bench: %s\n", err);
			return -1;
		}
		for (;;) {
			double s0 = now_ms();
			bool more = net_step(&n);
			double d = now_ms() - s0;
			if (d > worst)
				worst = d;
			if (!more)
				break;
		}
		if (r >= 0) {
			t[r] = now_ms() - t0;
			s[r] = worst;
		}
	}
	net_free(&n);
	qsort(t, RUNS, sizeof t[0], cmp);
	qsort(s, RUNS, sizeof s[0], cmp);
	*total = t[RUNS / 2];
	*step = s[RUNS / 2];
	return 0;
}

/* median ms of the 2*D matrix products of a network, alone */
static double baseline(long w, long d, long n)
{
	size_t m = (size_t)(w * n);
	float *a = calloc(m, sizeof *a), *b = calloc(m, sizeof *b);
	float *wt = calloc((size_t)(w * w), sizeof *wt);
	double t[RUNS];
	if (!a || !b || !wt) {
		free(a);
		free(b);
		free(wt);
		return 0;
	}
	for (size_t i = 0; i < m; i++)
		a[i] = (float)((i * 7919 % 1000) / 1000.0 - 0.5);
	for (long i = 0; i < w * w; i++)
		wt[i] = (float)((i * 104729 % 1000) / 1000.0 - 0.5) / (float)w;
	for (int r = -1; r < RUNS; r++) {
		double t0 = now_ms();
		for (long k = 0; k < 2 * d; k++) {
			cblas_sgemm(CblasRowMajor, CblasNoTrans, k < d ? CblasNoTrans : CblasTrans,
			            (int)n, (int)w, (int)w, 1.0f, a, (int)w, wt, (int)w, 0.0f, b, (int)w);
			float *s = a;
			a = b;
			b = s;
		}
		if (r >= 0)
			t[r] = now_ms() - t0;
	}
	free(a);
	free(b);
	free(wt);
	qsort(t, RUNS, sizeof t[0], cmp);
	return t[RUNS / 2];
}

int main(void)
{
	struct { const char *what, *act; long w, d, n; } cases[] = {
		{ "issue W=256 D=50 N=256", "relu", 256, 50, 256 },
		{ "issue W=256 D=50 N=256", "tanh", 256, 50, 256 },
		{ "issue W=256 D=50 N=256", "gelu", 256, 50, 256 },
		{ "lab defaults W=128 D=10 N=256", "relu", 128, 10, 256 },
		{ "largest W=1024 D=16 N=4096", "relu", 1024, 16, 4096 },
	};
	int status = 0;
	printf("%-30s %-5s %9s %9s %9s %9s %6s\n", "network", "act", "new w ms", "same w ms",
	       "slowest", "sgemm ms", "ratio");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		net_params p = net_defaults();
		p.act = act_find(cases[i].act);
		p.p = act_param_default(p.act);
		p.width = cases[i].w;
		p.depth = cases[i].d;
		p.batch = cases[i].n;
		double fresh, same, step, step2;
		if (measure(&p, true, &fresh, &step) < 0 || measure(&p, false, &same, &step2) < 0)
			return 1;
		if (step2 > step)
			step = step2;
		double base = baseline(cases[i].w, cases[i].d, cases[i].n);
		printf("%-30s %-5s %9.1f %9.1f %6.2f ms %9.1f %6.2f\n", cases[i].what, cases[i].act,
		       fresh, same, step, base, base > 0 ? fresh / base : 0.0);
		if (i == 0 && fresh > BUDGET_MS) {
			printf("net_bench: relu W=256 D=50 N=256 took %.1f ms, over the %.0f ms budget\n",
			       fresh, BUDGET_MS);
			status = 1;
		}
	}
	return status;
}
