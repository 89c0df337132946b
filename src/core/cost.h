/* cost.h - the cost lab: what f and f' of every catalogue row cost, in
 * nanoseconds per element, measured on this machine.
 *
 * Each row is timed over COST_N inputs spread over [-COST_X, COST_X] (two
 * arrays of doubles that stay in a 512 KiB L2 cache), through act_map's
 * per-function loops: a warm-up pass, then COST_RUNS runs of enough passes
 * to last COST_RUN_NS, and the median run. f and f' of a row are measured
 * in separate steps (cost_step), a few milliseconds each, so an
 * interactive caller can read keys between them.
 */
#ifndef WHYRELU_COST_H
#define WHYRELU_COST_H

#include <stdbool.h>
#include <stddef.h>

#include "act.h"

#define COST_N 16384
#define COST_X 6.0
#define COST_RUNS 7
#define COST_RUN_NS 100000.0
#define COST_MAX_PASSES 64

enum { COST_F, COST_DF };

typedef struct cost_row {
	bool done;           /* both f and f' */
	bool have[2];        /* f, f' measured */
	double ns[2];        /* median ns per element: [COST_F] f, [COST_DF] f' */
	double checksum[2];  /* the sum of the outputs of the last pass */
	double step_ns;      /* processor time of the longer of the row's two
	                        steps (0 when fixed): the longest a key waits in
	                        the cost view on an idle machine */
} cost_row;

typedef struct cost_lab {
	size_t n;            /* catalogue rows */
	size_t ndone;
	cost_row *rows;      /* in catalogue order */
	double *x, *y;       /* the inputs, and the outputs of the last pass; NULL
	                        once every row is done */
	bool fixed;          /* the test hook: figures made up, not timed */
} cost_lab;

/* Allocate and fill the inputs; nothing measured yet. fixed: the test hook
 * (cost_fixed_env). Returns 0, or -1 when out of memory. */
int cost_init(cost_lab *c, bool fixed);
void cost_free(cost_lab *c);
/* Test hook, for golden screens and command-line tests: true when the
 * environment has WHYRELU_COST_FIXED=1. Then every row still runs its loop
 * once (the checksums are real) but its figures are made up from its
 * index, the same on every machine: not a measurement. (With relu first
 * in the catalogue, relu gets 0.5 ns for f and 0.75 ns for f'.) */
bool cost_fixed_env(void);
/* One step: measure f, or f', of the next row (relu first, for the
 * ratios, then in catalogue order). Returns the row's index, or -1 when
 * every row is done (the arrays are let go then). */
int cost_step(cost_lab *c);
/* Every row not yet done. */
void cost_run(cost_lab *c);
/* Forget every figure: the next cost_step starts again. Returns 0, or -1
 * when out of memory for the arrays (the figures are kept then). */
int cost_restart(cost_lab *c);
bool cost_done(const cost_lab *c);
/* The catalogue index of relu, which the ratios are relative to. */
size_t cost_relu(void);
/* Row i's time for f (COST_F) or f' (COST_DF) over relu's: exactly 1 for
 * relu; NaN while row i or relu is not measured. */
double cost_ratio(const cost_lab *c, size_t i, int which);

#endif
