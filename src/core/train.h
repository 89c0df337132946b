/* train.h - a small network learning a 1-D target, free of curses.
 *
 * 1 input, 1 to TRAIN_MAX_LAYERS hidden layers of one width, 1 linear
 * output, every hidden unit using a catalogue activation (f and f' from
 * act.h). It fits N points of a target on [-3, 3] (evenly spaced, with
 * optional Gaussian noise) by minibatch SGD with momentum on the mean
 * squared error. Everything random (weights, noise, minibatch order) comes
 * from one seeded generator written here (splitmix64; normals as the sum of
 * 12 uniforms minus 6, which needs no libm), so a seed gives the same
 * network on every machine; only libm's own functions (sin, and the
 * activations' exp, tanh, erf) can differ there, by an ulp.
 *
 * A hidden unit is "dead" when its gradient f'(z) is exactly 0 at every
 * training input, so that no weight into it can change again: for relu that
 * is an output of 0 for every input; for a saturating activation (relu6,
 * hardtanh, step) it also counts a unit stuck on a flat part.
 */
#ifndef WHYRELU_TRAIN_H
#define WHYRELU_TRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "act.h"

#define TRAIN_X_MIN (-3.0)
#define TRAIN_X_MAX 3.0
#define TRAIN_MIN_WIDTH 4
#define TRAIN_MAX_WIDTH 256
#define TRAIN_MAX_LAYERS 3
#define TRAIN_MIN_POINTS 2
#define TRAIN_MAX_POINTS 1024
#define TRAIN_LR_MAX 10.0
#define TRAIN_NOISE_MAX 1.0
#define TRAIN_SEED_MAX 2147483647L   /* fits a long everywhere */
#define TRAIN_MAX_STEPS 100000000L
/* loss history kept for the loss curve: at most this many values, thinned
 * by half (and recorded half as often) when full */
#define TRAIN_HIST 512
/* the loss a fit must get below: the view and the lessons say when */
#define TRAIN_FIT_LOSS 0.01

typedef enum train_target {
	TRAIN_ABS, TRAIN_SIN, TRAIN_STEP, TRAIN_SQUARE, TRAIN_SAWTOOTH, TRAIN_TARGETS
} train_target;

typedef enum train_init_kind { TRAIN_INIT_HE, TRAIN_INIT_XAVIER, TRAIN_INITS } train_init_kind;

/* The settings; train_cfg_default gives the documented defaults. */
typedef struct train_cfg {
	train_target target;
	int width;          /* TRAIN_MIN_WIDTH..TRAIN_MAX_WIDTH */
	int layers;         /* 1..TRAIN_MAX_LAYERS */
	int points;         /* TRAIN_MIN_POINTS..TRAIN_MAX_POINTS */
	int batch;          /* 1..TRAIN_MAX_POINTS; more than points means all */
	double lr;          /* (0, TRAIN_LR_MAX] */
	double momentum;    /* [0, 1); 0 is plain SGD */
	double noise;       /* standard deviation added to the targets, [0, 1] */
	train_init_kind init;
	unsigned long seed; /* 0..TRAIN_SEED_MAX */
} train_cfg;

/* Defaults: sin, width 32, 2 hidden layers, 64 points, batch 16, learning
 * rate 0.01, momentum 0.9, no noise, He init, seed 1. */
void train_cfg_default(train_cfg *c);
bool train_cfg_equal(const train_cfg *a, const train_cfg *b);
/* Check every field; on failure a one-line message ("width must be
 * between 4 and 256, got 2") and false. */
bool train_cfg_check(const train_cfg *c, char *err, size_t errlen);

/* The targets and inits by name; -1 when unknown. */
const char *train_target_name(train_target t);
int train_target_find(const char *name);
const char *const *train_target_names(size_t *n);
const char *train_init_name(train_init_kind i);
int train_init_find(const char *name);
const char *const *train_init_names(size_t *n);
/* The noise-free target at x. */
double train_target_value(train_target t, double x);

/* The seeded generator: splitmix64, uniform in [0, 1), and approximate
 * normals (sum of 12 uniforms minus 6: mean 0, variance 1, within +-6). */
typedef struct train_rng {
	uint64_t s;
} train_rng;
void train_rng_seed(train_rng *r, uint64_t seed);
uint64_t train_rng_next(train_rng *r);
double train_rng_uniform(train_rng *r);
double train_rng_normal(train_rng *r);

typedef enum train_state { TRAIN_OK, TRAIN_DIVERGED } train_state;

typedef struct train_net {
	const act_def *act;
	double p;
	train_cfg cfg;
	int nlayers;           /* hidden layers + the output layer */
	int in[TRAIN_MAX_LAYERS + 1], out[TRAIN_MAX_LAYERS + 1];
	double *w[TRAIN_MAX_LAYERS + 1], *b[TRAIN_MAX_LAYERS + 1];
	size_t nparams;
	double *params;        /* every weight and bias, one block */
	double *vel;           /* momentum, as params */
	double *grad;          /* the last step's gradient, as params */
	double *xs, *ys;       /* the data, cfg.points each */
	int *order;            /* minibatch order, shuffled each epoch */
	int pos;               /* next index into order */
	/* a step under way (train_work): its gradient over the first `done`
	 * samples of the batch, or, in the loss phase, the squared errors of
	 * the first `done` points summed in acc */
	bool in_loss;
	int done;
	double acc;
	double *z, *h, *dz;    /* per layer and unit, one sample at a time */
	train_rng rng;
	long steps;
	long fit_step;         /* the first step after which the loss over all the
	                          points is below TRAIN_FIT_LOSS; -1 until then
	                          (the loss is computed after every step until it is) */
	unsigned long version;  /* changes whenever the weights or the data do */
	train_state state;
	/* the loss history */
	double hist[TRAIN_HIST];
	int nhist;
	long hist_every;       /* steps between recorded values */
} train_net;

/* Build a network for activation a (with parameter p) and cfg, with its
 * data and initial weights from cfg.seed. Returns 0, or -1 when out of
 * memory (n is then empty, safe to free). cfg must pass train_cfg_check. */
int train_init(train_net *n, const act_def *a, double p, const train_cfg *cfg);
/* The same, but the loss at step 0 is left to compute: train_work does it
 * first (it is a step's loss phase), or train_settle. A network of 256x3
 * units on 1024 points takes about 100 ms for it. */
int train_init_begin(train_net *n, const act_def *a, double p, const train_cfg *cfg);
/* At most `samples` points of the loss under way (after train_init_begin,
 * or after a step that records one), starting no step; true when no loss
 * is left to compute. */
bool train_settle(train_net *n, int samples);
void train_free(train_net *n);

/* One SGD step on the next minibatch; the history records the loss every
 * hist_every steps. A loss that is no longer finite stops training
 * (state TRAIN_DIVERGED; further steps do nothing). */
void train_step(train_net *n);
/* Steps until count are done or diverged; returns the steps taken. */
long train_run(train_net *n, long count);
/* At most `samples` samples of work (a forward and backward pass of one
 * batch sample, or a forward pass of one point for the loss history),
 * carrying on the step under way; true when that finished a step. A step
 * is the same computation done all at once (train_step) or in pieces, so
 * the results are the same; a front end can thus look at its keys between
 * pieces however large the network. */
bool train_work(train_net *n, int samples);

/* The network's output at x. */
double train_predict(const train_net *n, double x);
/* The mean squared error over all the points. */
double train_loss(const train_net *n);
/* Dead hidden units (see above) over all the points; *total gets the
 * number of hidden units when total is not NULL. */
int train_dead(const train_net *n, int *total);
/* Both in one pass over the points. */
double train_loss_dead(const train_net *n, int *dead, int *total);
/* The same a few points at a time, for a network that does not change
 * meanwhile (version): start, then work until it returns true; loss, dead
 * and units are then set, the same numbers as train_loss_dead's. */
typedef struct train_eval {
	unsigned long version;     /* of the network evaluated */
	int next;                  /* points done */
	double acc;
	bool alive[TRAIN_MAX_LAYERS * TRAIN_MAX_WIDTH];
	bool done;
	double loss;
	int dead, units;
} train_eval;
void train_eval_start(train_eval *e, const train_net *n);
bool train_eval_work(train_eval *e, const train_net *n, int points);

/* The loss over the points idx[0..count) and its gradient with respect to
 * every parameter (into grad, nparams values), without changing the
 * network: the backward pass the steps use, for tests. */
double train_loss_grad(train_net *n, const int *idx, int count, double *grad);

#endif
