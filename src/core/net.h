/* net.h - a wide fully connected network, for the network lab.
 *
 * width W units in each of depth D layers, a batch of N inputs drawn from
 * N(0, 1); h_0 = x, z_k = h_{k-1} W_k (biases 0), h_k = f(z_k), with W_k
 * drawn by an initialisation scheme times a gain. The loss is a fixed random
 * linear read-out of the last layer, L = sum over the batch of r . h_D, and
 * the backward pass carries dL/dz_k down to layer 1. Per layer it gives the
 * mean, standard deviation and histogram of h_k and z_k, the fractions
 * saturated (|f'(z)| < 0.1) and dead (f'(z) = 0 exactly), and the norm and
 * histogram of dL/dz_k.
 *
 * Work is done in steps of one layer of one slice of the batch, so a caller
 * with a frame to keep can do a few steps between keys (net_step), or all
 * of them at once (net_run). A step's matrix product runs in the call; the
 * work on its elements goes to a worker thread, which does it while the
 * next product runs (net.c). Everything drawn at random comes from one
 * seed, so the same settings give the same numbers on any machine.
 */
#ifndef WHYRELU_NET_H
#define WHYRELU_NET_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "act.h"

#define NET_MIN_WIDTH 2
#define NET_MAX_WIDTH 1024
#define NET_MAX_DEPTH 100
#define NET_MIN_BATCH 1
#define NET_MAX_BATCH 4096
#define NET_MAX_SEED 2147483647L
/* All the weights are kept: width*width*depth at most this (64 MiB of
 * float32), so a 1024-wide network has at most 16 layers, 512 at most 64. */
#define NET_MAX_WEIGHTS (1L << 24)
#define NET_BINS 48
#define NET_SAT_DF ACT_SAT_DF   /* |f'| below this: saturated (act.h) */

#define NET_DEFAULT_WIDTH 128
#define NET_DEFAULT_BATCH 256
#define NET_DEFAULT_DEPTH 10

typedef enum net_init { NET_STANDARD, NET_XAVIER, NET_HE, NET_INITS } net_init;

typedef struct net_params {
	const act_def *act;
	double p;            /* the activation's parameter */
	long width, depth, batch;
	net_init init;
	double gain;         /* multiplies every weight */
	long seed;           /* 0..NET_MAX_SEED */
} net_params;

/* What each layer's histograms and numbers show. */
typedef enum net_what { NET_ACT, NET_PRE, NET_GRAD, NET_WHATS } net_what;

typedef struct net_hist {
	double lo, hi;       /* NET_BINS equal bins over [lo, hi] (the same for every layer) */
	double count[NET_BINS];
	double below, above; /* outside [lo, hi] */
	double nonfinite;    /* inf or NaN */
} net_hist;

typedef struct net_layer {
	double mean, std;        /* of h_k over the batch and the units */
	double z_mean, z_std;    /* of z_k */
	double saturated, dead;  /* fractions of the units over the batch */
	double log10_grad;       /* log10 of the gradient norm (below); -INFINITY when 0, NAN when undefined */
	double grad_norm;        /* sqrt(sum over the batch of |dL/dz_k|^2 / N): per example, RMS */
	net_hist hist[NET_WHATS];
} net_layer;

/* Two slices of the batch are in flight at once (see net_step). */
#define NET_LANES 2
#define NET_QUEUE 4

typedef struct net_lane {
	float *x;                /* the slice's inputs, then h_{k-1} as it goes */
	float *y;                /* z_k, then h_k; dL/dh_k going back */
	size_t cap_x, cap_y;
	long row0, rows;         /* rows 0: no slice in this lane */
	double g_scale_ln;       /* ln of the slice's gradient's true scale */
	long last_job;           /* the number of its last job, plus one */
} net_lane;

typedef struct net {
	net_params prm;
	long depth;              /* layers in use (prm.depth) */
	/* results, complete when net_done() */
	net_layer *layers;       /* depth of them, [0] is layer 1 */
	double log10_ratio;      /* log10 (grad norm of layer 1 / grad norm of layer D) */

	/* the work */
	float *w;                /* depth matrices, W x W row-major, z = h W */
	float *r;                /* the read-out, W */
	net_lane lane[NET_LANES];
	float *df;               /* f'(z_k), then dL/dz_k: depth x lanes x slice x W */
	long slice;              /* rows per slice */
	long pair_row0;          /* the first row of the slices in flight */
	long t;                  /* their step: 0..D-1 forward layers 1..D, D..2D-1 backward D..1 */
	int at_lane;             /* the lane whose product is next */
	bool all_posted;         /* every product done: what is left is the worker's */
	long drawn;              /* layers whose weights are drawn */
	bool done;
	uint64_t in_state[4];    /* the inputs' generator, kept across slices */
	double *sum;             /* per layer: sums of h, h^2, z, z^2, saturated, dead */
	double *g_lss;           /* per layer: ln of sum of squares of dL/dz */
	double *g_ln;            /* per layer: ln of the first slice's gradient scale */
	float *x0;               /* the first slice's inputs, for net_loss_shifted */
	long steps_done, steps_total;
	/* the worker thread and its queue of jobs (lane and step) */
	bool threaded, no_thread, quit;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, done_cv;
	long posted, finished;
	int job_lane[NET_QUEUE];
	long job_t[NET_QUEUE];
	/* what the buffers hold, so the next settings can reuse them */
	size_t cap_layers, cap_w, cap_r, cap_x0, cap_df, cap_sum, cap_g_lss, cap_g_ln;
} net;

/* The defaults: relu (default p), width 128, depth 10, batch 256, standard,
 * gain 1, seed 1. */
net_params net_defaults(void);
/* Check settings; on failure a one-line message ("width must be between 2
 * and 1024, got 3000") and false. */
bool net_check(const net_params *p, char *err, size_t errlen);
/* The deepest network of this width within NET_MAX_WEIGHTS (and NET_MAX_DEPTH). */
long net_max_depth(long width);

/* Start a computation (n zeroed the first time; its memory is reused):
 * sets up the steps, which draw the weights as they reach them. Returns 0, -1 when out of memory or the settings are bad
 * (err says which). */
int net_start(net *n, const net_params *p, char *err, size_t errlen);
/* One step: one layer of one slice, forward or backward. Returns true when
 * there is more to do. */
bool net_step(net *n);
/* All remaining steps. */
void net_run(net *n);
static inline bool net_done(const net *n) { return n->done; }
/* The first layer (1-based) where a pre-activation or an activation left
 * the float32 range (inf, or NaN from inf - inf), or 0. From there on the
 * numbers describe the overflow, not the network: relu(NaN) is 0, so the
 * layers after an overflow would look dead. After net_run. */
long net_overflow_layer(const net *n);
/* The same for depth layers' results kept elsewhere (a front end's copy). */
long net_layers_overflow(const net_layer *layers, long depth);
void net_free(net *n);
/* Let BLAS go, with the memory it holds (a few megabytes), when no network
 * is being computed; the next net_start loads it again. */
void net_unload(void);

/* The loss for the first slice recomputed from its inputs with z_k of
 * element idx (row-major within the slice) moved by eps, in double. For
 * checking the backward pass against finite differences: layer 1..depth. */
double net_loss_shifted(const net *n, long layer, size_t idx, double eps);
/* dL/dz_k of element idx of the first slice after net_run, when the whole
 * batch is one slice; for the same check. */
double net_grad_at(const net *n, long layer, size_t idx);

const char *net_init_name(net_init i);          /* "standard", "xavier", "he" */
/* By name; -1 when unknown. */
int net_init_find(const char *name);
/* The names, for completion and messages. */
const char *const *net_init_names(size_t *count);
/* The mean and standard deviation of a weight under a scheme (before the gain). */
double net_init_std(net_init i, long n_in, long n_out);

/* The generator: xoshiro256** seeded through splitmix64, and normals by
 * Marsaglia's polar method; exposed for the tests. */
void net_rng_seed(uint64_t s[4], uint64_t seed, uint64_t stream);
uint64_t net_rng_next(uint64_t s[4]);
double net_rng_uniform(uint64_t s[4]);   /* [0, 1) */
double net_rng_normal(uint64_t s[4]);

/* Whether two networks' settings are the same (the same network computed). */
bool net_params_equal(const net_params *a, const net_params *b);

#endif
