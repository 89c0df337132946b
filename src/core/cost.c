/* cost.c - the cost lab: nanoseconds per element for f and f' of every
 * catalogue row, measured here (cost.h says how).
 *
 * The inputs are a fixed pseudo-random sequence rather than sorted values,
 * so the kinked functions pay for their branches as they would on real
 * data. The outputs go to an array that outlives the loop and are summed
 * into the row's checksum (and a volatile), so no pass can be optimised
 * away. The median of the runs keeps a run cut short by another process
 * from moving the figure.
 */
#include "cost.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the last checksum: a store the compiler must make */
static volatile double cost_sink;

bool cost_fixed_env(void)
{
	const char *v = getenv("WHYRELU_COST_FIXED");
	return v && !strcmp(v, "1");
}

size_t cost_relu(void)
{
	return (size_t)act_index(act_find("relu"));
}

/* The arrays a measurement runs over: made for it, let go when every row is
 * done (256 KiB a session need not keep). */
static int make_arrays(cost_lab *c)
{
	if (c->x)
		return 0;
	c->x = malloc(COST_N * sizeof *c->x);
	c->y = malloc(COST_N * sizeof *c->y);
	if (!c->x || !c->y) {
		free(c->x);
		free(c->y);
		c->x = c->y = NULL;
		return -1;
	}
	/* xorshift64: the same inputs every time, in no order a branch
	 * predictor could learn */
	unsigned long long s = 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < COST_N; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		double u = (double)(s >> 11) / 9007199254740992.0;   /* [0, 1) */
		c->x[i] = COST_X * (2.0 * u - 1.0);
	}
	return 0;
}

static void drop_arrays(cost_lab *c)
{
	free(c->x);
	free(c->y);
	c->x = c->y = NULL;
}

int cost_init(cost_lab *c, bool fixed)
{
	memset(c, 0, sizeof *c);
	act_table(&c->n);
	c->fixed = fixed;
	c->rows = calloc(c->n, sizeof *c->rows);
	if (!c->rows || make_arrays(c) < 0) {
		cost_free(c);
		return -1;
	}
	return 0;
}

void cost_free(cost_lab *c)
{
	free(c->rows);
	drop_arrays(c);
	memset(c, 0, sizeof *c);
}

static double clock_ns(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static double passes_ns(const cost_lab *c, const act_def *a, bool deriv, double p, int passes)
{
	double t0 = now_ns();
	for (int k = 0; k < passes; k++)
		act_map(a, deriv, c->x, c->y, COST_N, p);
	return now_ns() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median ns per element of COST_RUNS runs, after a warm-up pass that
 * also says how many passes make a run long enough for the clock. */
static double measure(const cost_lab *c, const act_def *a, bool deriv, double p)
{
	double warm = passes_ns(c, a, deriv, p, 1);
	int passes = warm > 0 ? (int)ceil(COST_RUN_NS / warm) : COST_MAX_PASSES;
	if (passes < 1)
		passes = 1;
	if (passes > COST_MAX_PASSES)
		passes = COST_MAX_PASSES;
	double run[COST_RUNS];
	for (int r = 0; r < COST_RUNS; r++)
		run[r] = passes_ns(c, a, deriv, p, passes) / ((double)passes * COST_N);
	qsort(run, COST_RUNS, sizeof run[0], cmp_double);
	/* a clock too coarse for the run: the smallest time it could show */
	return run[COST_RUNS / 2] > 0 ? run[COST_RUNS / 2] : 1.0 / ((double)passes * COST_N);
}

static double checksum(const cost_lab *c)
{
	double s = 0;
	for (size_t i = 0; i < COST_N; i++)
		s += c->y[i];
	return s;
}

/* f (w = COST_F) or f' of row i: one step. */
static void measure_part(cost_lab *c, size_t i, int w)
{
	const act_def *a = &act_table(NULL)[i];
	double p = act_param_default(a);
	cost_row *r = &c->rows[i];
	/* the processor time of the step: what the step itself costs the
	 * key loop, whatever else the machine is running */
	double t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	if (c->fixed) {
		/* the test hook (cost.h): powers of 2 scattered by the index,
		 * from 1/32 to 512 times relu's, exact in binary */
		act_map(a, w == COST_DF, c->x, c->y, COST_N, p);
		int e = w == COST_F ? (int)((5 * i + 3) % 13) - 3 : (int)((3 * i + 5) % 11) - 5;
		r->ns[w] = ldexp(w == COST_F ? 0.5 : 0.75, e);
	} else {
		r->ns[w] = measure(c, a, w == COST_DF, p);
	}
	r->checksum[w] = checksum(c);
	cost_sink = r->checksum[w];
	double took = c->fixed ? 0 : clock_ns(CLOCK_THREAD_CPUTIME_ID) - t0;
	if (took > r->step_ns)
		r->step_ns = took;
	r->have[w] = true;
	if (r->have[COST_F] && r->have[COST_DF]) {
		r->done = true;
		c->ndone++;
	}
}

int cost_step(cost_lab *c)
{
	if (c->ndone >= c->n)
		return -1;
	size_t i = cost_relu();
	if (c->rows[i].done)
		for (i = 0; c->rows[i].done; i++)
			;
	measure_part(c, i, c->rows[i].have[COST_F] ? COST_DF : COST_F);
	if (c->ndone >= c->n)
		drop_arrays(c);
	return (int)i;
}

void cost_run(cost_lab *c)
{
	while (cost_step(c) >= 0)
		;
}

int cost_restart(cost_lab *c)
{
	if (make_arrays(c) < 0)
		return -1;
	memset(c->rows, 0, c->n * sizeof *c->rows);
	c->ndone = 0;
	return 0;
}

bool cost_done(const cost_lab *c)
{
	return c->ndone >= c->n;
}

double cost_ratio(const cost_lab *c, size_t i, int which)
{
	const cost_row *r = &c->rows[i], *relu = &c->rows[cost_relu()];
	if (!r->done || !relu->done)
		return NAN;
	return r->ns[which] / relu->ns[which];
}
