/* net.c - the wide network of the network lab (see net.h).
 *
 * Matrices are float32 and multiplied by BLAS (sgemm): the statistics and
 * histograms need three digits, not sixteen, and float32 halves the memory
 * traffic, which is what bounds a 256-wide layer. The activation and its
 * derivative come from the catalogue in double, and every sum is kept in
 * double. The backward pass is linear in the gradient, so after each layer
 * the slice's gradient is rescaled to norm 1 and the scale kept as a
 * logarithm: a sigmoid network's gradient, 1e-30 after fifty layers, never
 * underflows.
 */
#include "net.h"

#include <cblas.h>
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

/* f'(z) of every layer is kept for the backward pass: lanes x slice x
 * width x depth at most this many floats (16 MiB); the batch goes through
 * in slices of that many rows, two at a time. */
#define NET_MAX_KEPT (1L << 22)
/* A step multiplies at most slice x width x width: 2^25 multiply-adds, a
 * millisecond or two, so a step never holds a key back for long. */
#define NET_STEP_MACS (1L << 25)
/* Per layer, in net.sum: sum and sum of squares of h and z, saturated and
 * dead counts. */
#define NSUM 6

/* ---- BLAS, loaded when first needed --------------------------------------- */

/* OpenBLAS is opened on the first network, not linked: loading it costs a
 * few milliseconds and two megabytes, which the tutorial's start and its
 * other views should not pay. */
typedef void (*sgemm_fn)(OPENBLAS_CONST enum CBLAS_ORDER, OPENBLAS_CONST enum CBLAS_TRANSPOSE,
                         OPENBLAS_CONST enum CBLAS_TRANSPOSE, OPENBLAS_CONST blasint,
                         OPENBLAS_CONST blasint, OPENBLAS_CONST blasint, OPENBLAS_CONST float,
                         OPENBLAS_CONST float *, OPENBLAS_CONST blasint,
                         OPENBLAS_CONST float *, OPENBLAS_CONST blasint,
                         OPENBLAS_CONST float, float *, OPENBLAS_CONST blasint);
static sgemm_fn sgemm;
static void *blas_handle;
#define NET_BLAS_LIB "libopenblas.so.0"

/* What opening OpenBLAS takes of the address space: the library's own
 * mapping (35 MB for 0.3.21) and the buffer it maps on the first product
 * (128 MiB on x86-64), with a little to spare. When it cannot map that
 * buffer it tries again for ever, so under a memory limit (ulimit -v, or
 * -d) the room is made sure of first, by mapping as much without touching
 * it, and a first product right after the load takes the buffer while the
 * room is still there (it is kept for every later product). */
#define NET_BLAS_ROOM ((size_t)168 << 20)

/* The limit that leaves no room, named as the shell names it. */
static void blas_no_room(char *err, size_t errlen)
{
	struct rlimit rl;
	const char *what = NULL;
	unsigned long long kb = 0;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		what = "ulimit -v";
		kb = (unsigned long long)rl.rlim_cur / 1024;
	} else if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		what = "ulimit -d";
		kb = (unsigned long long)rl.rlim_cur / 1024;
	}
	if (what)
		snprintf(err, errlen, "not enough memory for the network lab under this memory "
		         "limit (%s %llu): OpenBLAS needs about %zu MB more", what, kb,
		         NET_BLAS_ROOM >> 20);
	else
		snprintf(err, errlen, "not enough memory for the network lab: OpenBLAS needs "
		         "about %zu MB", NET_BLAS_ROOM >> 20);
}

static bool blas_load(char *err, size_t errlen)
{
	if (sgemm)
		return true;
	void *room = mmap(NULL, NET_BLAS_ROOM, PROT_READ | PROT_WRITE,
	                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (room == MAP_FAILED) {
		blas_no_room(err, errlen);
		return false;
	}
	munmap(room, NET_BLAS_ROOM);
	/* one thread: only one thread calls it here, and a class on one
	 * server should not have a BLAS thread (and its buffer) per core */
	setenv("OPENBLAS_NUM_THREADS", "1", 1);
	void *h = dlopen(NET_BLAS_LIB, RTLD_NOW | RTLD_LOCAL);
	void *f = h ? dlsym(h, "cblas_sgemm") : NULL;
	if (!f) {
		snprintf(err, errlen, "cannot load OpenBLAS (%s): %.80s; install it "
		         "(Debian: libopenblas0-serial)", NET_BLAS_LIB, dlerror());
		return false;
	}
	/* POSIX gives a function as a void *; copy the bits across */
	memcpy(&sgemm, &f, sizeof sgemm);
	blas_handle = h;
	/* large enough not to take the paths for small matrices, which map no
	 * buffer (below 128 or 96, by CPU and transposition): about a
	 * millisecond */
	enum { WARM = 256 };
	float *a = calloc((size_t)WARM * WARM, sizeof *a), *c = malloc((size_t)WARM * WARM * sizeof *c);
	if (!a || !c) {
		free(a);
		free(c);
		net_unload();
		blas_no_room(err, errlen);
		return false;
	}
	sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, WARM, WARM, WARM, 1.0f, a, WARM, a, WARM,
	      0.0f, c, WARM);
	free(a);
	free(c);
	return true;
}

void net_unload(void)
{
	if (!blas_handle)
		return;
	dlclose(blas_handle);
	blas_handle = NULL;
	sgemm = NULL;
}

/* ---- the generator ------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

void net_rng_seed(uint64_t s[4], uint64_t seed, uint64_t stream)
{
	/* one splitmix64 sequence per (seed, stream): the weights, the inputs
	 * and the read-out draw independently of each other */
	uint64_t x = seed * 0x100000001b3u + stream * 0x9e3779b97f4a7c15u;
	for (int i = 0; i < 4; i++)
		s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t net_rng_next(uint64_t s[4])
{
	uint64_t r = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

double net_rng_uniform(uint64_t s[4])
{
	return (double)(net_rng_next(s) >> 11) * 0x1.0p-53;
}

/* Marsaglia's polar method gives two normals per accepted pair. */
static void normal_pair(uint64_t s[4], double *a, double *b)
{
	double u, v, q;
	do {
		u = 2 * net_rng_uniform(s) - 1;
		v = 2 * net_rng_uniform(s) - 1;
		q = u * u + v * v;
	} while (q >= 1 || q == 0);
	double m = sqrt(-2 * log(q) / q);
	*a = u * m;
	*b = v * m;
}

double net_rng_normal(uint64_t s[4])
{
	double a, b;
	normal_pair(s, &a, &b);
	return a;
}

static void fill_normal(uint64_t s[4], float *out, size_t n, double sd)
{
	size_t i = 0;
	for (; i + 1 < n; i += 2) {
		double a, b;
		normal_pair(s, &a, &b);
		out[i] = (float)(a * sd);
		out[i + 1] = (float)(b * sd);
	}
	if (i < n)
		out[i] = (float)(net_rng_normal(s) * sd);
}

/* ---- settings -------------------------------------------------------------- */

static const char *const init_names[] = { "standard", "xavier", "he" };

long net_layers_overflow(const net_layer *layers, long depth)
{
	for (long k = 0; k < depth; k++)
		if (layers[k].hist[NET_PRE].nonfinite > 0 || layers[k].hist[NET_ACT].nonfinite > 0)
			return k + 1;
	return 0;
}

long net_overflow_layer(const net *n)
{
	return net_layers_overflow(n->layers, n->depth);
}

const char *net_init_name(net_init i)
{
	return (unsigned)i < NET_INITS ? init_names[i] : "?";
}

int net_init_find(const char *name)
{
	for (int i = 0; i < NET_INITS; i++)
		if (!strcmp(name, init_names[i]))
			return i;
	return -1;
}

const char *const *net_init_names(size_t *count)
{
	if (count)
		*count = NET_INITS;
	return init_names;
}

double net_init_std(net_init i, long n_in, long n_out)
{
	switch (i) {
	case NET_STANDARD:   /* U[-a, a] has variance a^2/3 */
		return 1 / sqrt(3.0 * (double)n_in);
	case NET_XAVIER:
		return sqrt(6.0 / (double)(n_in + n_out)) / sqrt(3.0);
	case NET_HE:
		return sqrt(2.0 / (double)n_in);
	case NET_INITS:
		break;
	}
	return 0;
}

net_params net_defaults(void)
{
	const act_def *a = act_find("relu");
	return (net_params){ a, act_param_default(a), NET_DEFAULT_WIDTH, NET_DEFAULT_DEPTH,
	                     NET_DEFAULT_BATCH, NET_STANDARD, 1.0, 1 };
}

long net_max_depth(long width)
{
	if (width < 1)
		return NET_MAX_DEPTH;
	long d = NET_MAX_WEIGHTS / (width * width);
	return d > NET_MAX_DEPTH ? NET_MAX_DEPTH : d;
}

bool net_check(const net_params *p, char *err, size_t errlen)
{
	if (!p->act || act_index(p->act) < 0) {
		snprintf(err, errlen, "no activation");
		return false;
	}
	if (act_has_param(p->act) && !act_param_check(p->act, p->p, err, errlen))
		return false;
	if (p->width < NET_MIN_WIDTH || p->width > NET_MAX_WIDTH) {
		snprintf(err, errlen, "width must be between %d and %d, got %ld", NET_MIN_WIDTH,
		         NET_MAX_WIDTH, p->width);
		return false;
	}
	if (p->depth < 1 || p->depth > NET_MAX_DEPTH) {
		snprintf(err, errlen, "depth must be between 1 and %d, got %ld", NET_MAX_DEPTH, p->depth);
		return false;
	}
	if (p->depth > net_max_depth(p->width)) {
		snprintf(err, errlen, "a %ld-wide network can be at most %ld layers deep, got %ld "
		         "(width*width*depth at most %ld)", p->width, net_max_depth(p->width),
		         p->depth, NET_MAX_WEIGHTS);
		return false;
	}
	if (p->batch < NET_MIN_BATCH || p->batch > NET_MAX_BATCH) {
		snprintf(err, errlen, "batch must be between %d and %d, got %ld", NET_MIN_BATCH,
		         NET_MAX_BATCH, p->batch);
		return false;
	}
	if ((unsigned)p->init >= NET_INITS) {
		snprintf(err, errlen, "init must be standard, xavier or he");
		return false;
	}
	if (!isfinite(p->gain) || fabs(p->gain) > 100) {
		snprintf(err, errlen, "gain must be between -100 and 100, got %g", p->gain);
		return false;
	}
	if (p->seed < 0 || p->seed > NET_MAX_SEED) {
		snprintf(err, errlen, "seed must be between 0 and %ld, got %ld", NET_MAX_SEED, p->seed);
		return false;
	}
	return true;
}

/* ---- the computation ------------------------------------------------------ */

static void worker_stop(net *n);

void net_free(net *n)
{
	worker_stop(n);
	free(n->layers);
	free(n->w);
	free(n->r);
	for (int i = 0; i < NET_LANES; i++) {
		free(n->lane[i].x);
		free(n->lane[i].y);
	}
	free(n->df);
	free(n->sum);
	free(n->g_lss);
	free(n->g_ln);
	free(n->x0);
	memset(n, 0, sizeof *n);
}

static float *layer_w(const net *n, long k)
{
	return n->w + (size_t)(k - 1) * (size_t)n->prm.width * (size_t)n->prm.width;
}

/* f'(z_k), then dL/dz_k, of a lane's slice */
static float *layer_df(const net *n, int lane, long k)
{
	return n->df + ((size_t)(k - 1) * NET_LANES + (size_t)lane) * (size_t)n->slice *
	               (size_t)n->prm.width;
}

/* Make *p hold at least want elements, keeping it when it already does:
 * a learner's next setting reuses the memory (and its pages, which the
 * kernel would otherwise hand out, zeroed, one fault at a time). */
static bool grow(void **p, size_t *cap, size_t want, size_t size)
{
	if (*cap >= want && *p)
		return true;
	void *q = realloc(*p, want * size);
	if (!q)
		return false;
	*p = q;
	*cap = want;
	return true;
}

/* ---- the worker ------------------------------------------------------------
 *
 * A step's product runs on the caller's thread; the work on each of its
 * elements (the activation, statistics, histograms) is handed to a worker
 * thread, which does it while the caller goes on with the product of the
 * other slice in flight. The worker takes the jobs in the order they were
 * handed over, the order in which they run without it (when the thread
 * cannot be had), so the numbers are the same either way. Only the
 * caller's thread calls into BLAS. */

typedef struct net_job {
	int lane;
	long t;
} net_job;

static void run_job(net *n, net_job j);

static void *worker_main(void *arg)
{
	net *n = arg;
	pthread_mutex_lock(&n->mu);
	for (;;) {
		while (!n->quit && n->finished == n->posted)
			pthread_cond_wait(&n->work, &n->mu);
		if (n->quit)
			break;
		net_job j = { n->job_lane[n->finished % NET_QUEUE], n->job_t[n->finished % NET_QUEUE] };
		pthread_mutex_unlock(&n->mu);
		run_job(n, j);
		pthread_mutex_lock(&n->mu);
		n->finished++;
		pthread_cond_broadcast(&n->done_cv);
	}
	pthread_mutex_unlock(&n->mu);
	return NULL;
}

/* Start the worker once; without it (no thread to be had) jobs run where
 * they are handed over. Signals stay with the main thread. */
static void worker_start(net *n)
{
	if (n->threaded || n->no_thread)
		return;
	n->no_thread = true;
	if (pthread_mutex_init(&n->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&n->work, NULL) != 0) {
		pthread_mutex_destroy(&n->mu);
		return;
	}
	if (pthread_cond_init(&n->done_cv, NULL) != 0) {
		pthread_cond_destroy(&n->work);
		pthread_mutex_destroy(&n->mu);
		return;
	}
	/* the signals sent to the process go to the main thread; a fault in
	 * the worker still reaches the crash handler there */
	sigset_t all, old;
	sigfillset(&all);
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS };
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&all, faults[i]);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_t attr;
	bool ok = pthread_attr_init(&attr) == 0;
	if (ok) {
		pthread_attr_setstacksize(&attr, 256 * 1024);
		ok = pthread_create(&n->thread, &attr, worker_main, n) == 0;
		pthread_attr_destroy(&attr);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!ok) {
		pthread_cond_destroy(&n->done_cv);
		pthread_cond_destroy(&n->work);
		pthread_mutex_destroy(&n->mu);
		return;
	}
	n->threaded = true;
	n->no_thread = false;
}

static void worker_stop(net *n)
{
	if (!n->threaded)
		return;
	pthread_mutex_lock(&n->mu);
	n->quit = true;
	pthread_cond_signal(&n->work);
	pthread_mutex_unlock(&n->mu);
	pthread_join(n->thread, NULL);
	pthread_cond_destroy(&n->done_cv);
	pthread_cond_destroy(&n->work);
	pthread_mutex_destroy(&n->mu);
	n->threaded = false;
	n->quit = false;
}

/* Wait until the jobs handed over before number `upto` are done. */
static void wait_jobs(net *n, long upto)
{
	if (!n->threaded)
		return;
	pthread_mutex_lock(&n->mu);
	while (n->finished < upto)
		pthread_cond_wait(&n->done_cv, &n->mu);
	pthread_mutex_unlock(&n->mu);
}

static void post_job(net *n, int lane, long t)
{
	n->lane[lane].last_job = n->posted + 1;
	if (!n->threaded) {
		n->posted++;
		run_job(n, (net_job){ lane, t });
		n->finished++;
		return;
	}
	wait_jobs(n, n->posted - NET_QUEUE + 1);   /* room in the queue */
	pthread_mutex_lock(&n->mu);
	n->job_lane[n->posted % NET_QUEUE] = lane;
	n->job_t[n->posted % NET_QUEUE] = t;
	n->posted++;
	pthread_cond_signal(&n->work);
	pthread_mutex_unlock(&n->mu);
}

/* The next two slices of the batch, from pair_row0. */
static void start_pair(net *n)
{
	long left = n->prm.batch - n->pair_row0;
	for (int i = 0; i < NET_LANES; i++) {
		net_lane *ln = &n->lane[i];
		ln->row0 = n->pair_row0 + i * n->slice;
		long r = left - i * n->slice;
		ln->rows = r < 0 ? 0 : r < n->slice ? r : n->slice;
	}
}

int net_start(net *n, const net_params *p, char *err, size_t errlen)
{
	if (!net_check(p, err, errlen) || !blas_load(err, errlen))
		return -1;
	/* the worker may still be on the last computation's jobs */
	wait_jobs(n, n->posted);
	worker_start(n);
	/* Weights already drawn with the same seed, scheme, gain and width are
	 * kept (each layer has its own stream, so the depth does not matter):
	 * changing the activation does not draw them again. */
	if (!(n->drawn > 0 && p->seed == n->prm.seed && p->init == n->prm.init &&
	      p->gain == n->prm.gain && p->width == n->prm.width))
		n->drawn = 0;
	if (n->drawn > p->depth)
		n->drawn = p->depth;
	n->prm = *p;
	n->depth = p->depth;
	n->done = false;
	long W = p->width, D = p->depth;
	/* two slices in flight: half the batch each, when it fits */
	n->slice = NET_MAX_KEPT / (NET_LANES * W * D);
	if (n->slice > NET_STEP_MACS / (W * W))
		n->slice = NET_STEP_MACS / (W * W);
	if (n->slice > (p->batch + 1) / 2)
		n->slice = (p->batch + 1) / 2;
	if (n->slice < 1)
		n->slice = 1;
	size_t sw = (size_t)n->slice * (size_t)W, d = (size_t)D;
	bool ok = grow((void **)&n->layers, &n->cap_layers, d, sizeof *n->layers) &&
	          grow((void **)&n->w, &n->cap_w, d * (size_t)W * (size_t)W, sizeof *n->w) &&
	          grow((void **)&n->r, &n->cap_r, (size_t)W, sizeof *n->r) &&
	          grow((void **)&n->lane[0].x, &n->lane[0].cap_x, sw, sizeof(float)) &&
	          grow((void **)&n->lane[0].y, &n->lane[0].cap_y, sw, sizeof(float)) &&
	          grow((void **)&n->lane[1].x, &n->lane[1].cap_x, sw, sizeof(float)) &&
	          grow((void **)&n->lane[1].y, &n->lane[1].cap_y, sw, sizeof(float)) &&
	          grow((void **)&n->x0, &n->cap_x0, sw, sizeof *n->x0) &&
	          grow((void **)&n->df, &n->cap_df, NET_LANES * d * sw, sizeof *n->df) &&
	          grow((void **)&n->sum, &n->cap_sum, d * NSUM, sizeof *n->sum) &&
	          grow((void **)&n->g_lss, &n->cap_g_lss, d, sizeof *n->g_lss) &&
	          grow((void **)&n->g_ln, &n->cap_g_ln, d, sizeof *n->g_ln);
	if (!ok) {
		net_free(n);
		snprintf(err, errlen, "out of memory for a %ld-wide, %ld-deep network", W, D);
		return -1;
	}
	memset(n->layers, 0, d * sizeof *n->layers);
	memset(n->sum, 0, d * NSUM * sizeof *n->sum);
	for (long k = 0; k < D; k++) {
		n->g_lss[k] = -INFINITY;
		n->g_ln[k] = 0;
	}
	uint64_t s[4];
	net_rng_seed(s, (uint64_t)p->seed, 3);
	fill_normal(s, n->r, (size_t)W, 1 / sqrt((double)W));
	net_rng_seed(n->in_state, (uint64_t)p->seed, 2);
	n->pair_row0 = 0;
	n->t = 0;
	n->at_lane = 0;
	n->all_posted = false;
	start_pair(n);
	long nslices = (p->batch + n->slice - 1) / n->slice;
	/* a product per slice and layer each way (the last layer's gradient
	 * needs none, but counts), a step to draw each layer, one to finish */
	n->steps_total = nslices * 2 * D + D - n->drawn + 1;
	n->steps_done = 0;
	return 0;
}

/* The weights of layer k, drawn when the first slice reaches it: each
 * layer from its own stream, so the draw is the same in any order. */
static void draw_weights(net *n, long k)
{
	long W = n->prm.width;
	float *w = layer_w(n, k);
	size_t m = (size_t)W * (size_t)W;
	uint64_t s[4];
	net_rng_seed(s, (uint64_t)n->prm.seed, 100 + (uint64_t)k);
	double g = n->prm.gain;
	switch (n->prm.init) {
	case NET_STANDARD:
	case NET_XAVIER: {
		double a = n->prm.init == NET_STANDARD ? 1 / sqrt((double)W) : sqrt(6.0 / (double)(2 * W));
		for (size_t i = 0; i < m; i++)
			w[i] = (float)(g * a * (2 * net_rng_uniform(s) - 1));
		break;
	}
	case NET_HE:
	case NET_INITS:
		fill_normal(s, w, m, g * sqrt(2.0 / (double)W));
		break;
	}
}

static void hist_set(net_hist *h, double lo, double hi)
{
	memset(h, 0, sizeof *h);
	if (!(lo < hi) || !isfinite(lo) || !isfinite(hi)) {
		double c = isfinite(lo) ? lo : 0;
		lo = c - 1;
		hi = c + 1;
	}
	h->lo = lo;
	h->hi = hi;
}

/* The per-element work goes in blocks of this many: the values in double
 * on the stack, each pass over them a loop of its own that the compiler can
 * vectorise. */
#define BLOCK 256
/* Copies of the counts taken in turn: relu puts half its values in one bin,
 * and with one copy each count would wait for the one before it. */
#define COPIES 4

/* Counting into a histogram: integers during a step, folded into the
 * layer's histogram at its end. */
typedef struct hist_acc {
	double lo, scale;
	uint32_t count[COPIES][NET_BINS + 2];   /* below, the bins, above */
	uint32_t nan_low, inf_high;             /* not finite, counted in below / above */
} hist_acc;

static void acc_start(hist_acc *a, const net_hist *h)
{
	memset(a, 0, sizeof *a);
	a->lo = h->lo;
	a->scale = NET_BINS / (h->hi - h->lo);
}

/* Two doubles at a time, in GCC's vector extension (clang has it too): the
 * compares give masks, and the clamp is a select, with no branch. */
typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2l __attribute__((vector_size(16)));
typedef float v2f __attribute__((vector_size(8)));

static inline v2d select2(v2l mask, v2d a, v2d b)
{
	return (v2d)((mask & (v2l)a) | (~mask & (v2l)b));
}

/* The slot of a value is one more than its bin, clamped into [0, NET_BINS
 * + 1]: a NaN fails the first compare and goes below, with -inf; +inf goes
 * above. Values that are not finite are counted apart too, and taken out of
 * below and above again in acc_end. */
static inline v2d slot2(v2d x, v2d lo, v2d scale)
{
	const v2d below = { -1, -1 }, above = { NET_BINS, NET_BINS }, one = { 1, 1 };
	v2d t = (x - lo) * scale;
	t = select2(t > below, t, below);
	t = select2(t < above, t, above);
	return t + one;
}

/* Count the slots of n values. */
static void acc_count(hist_acc *a, const int32_t *slot, size_t n)
{
	uint32_t(*c)[NET_BINS + 2] = a->count;
	size_t i = 0;
	for (; i + COPIES <= n; i += COPIES) {
		c[0][slot[i]]++;
		c[1][slot[i + 1]]++;
		c[2][slot[i + 2]]++;
		c[3][slot[i + 3]]++;
	}
	for (; i < n; i++)
		c[0][slot[i]]++;
}

/* Slots of a pair into slot[0..1]; the masks count (as -1s) values that
 * are at least -DBL_MAX (finite or +inf) and values that are +inf. */
static inline void slots2(v2d x, v2d lo, v2d scale, int32_t *slot, v2l *at_least, v2l *inf)
{
	const v2d lowest = { -DBL_MAX, -DBL_MAX }, highest = { DBL_MAX, DBL_MAX };
	v2d t = slot2(x, lo, scale);
	slot[0] = (int32_t)t[0];
	slot[1] = (int32_t)t[1];
	*at_least += x >= lowest;
	*inf += x > highest;
}

/* Slots of a pair into slot[0..1]. */
static inline void slot_pair(v2d x, v2d lo, v2d scale, int32_t *slot)
{
	v2d t = slot2(x, lo, scale);
	slot[0] = (int32_t)t[0];
	slot[1] = (int32_t)t[1];
}

/* Fold the masks of `pairs` pairs into the counts of values not finite. */
static void acc_masks(hist_acc *a, size_t pairs, v2l at_least, v2l inf)
{
	a->nan_low += (uint32_t)(2 * pairs) + (uint32_t)(at_least[0] + at_least[1]);
	a->inf_high += (uint32_t)-(inf[0] + inf[1]);
}

/* One value, for a block of odd length. */
static void acc_one(hist_acc *a, double x, int32_t *slot)
{
	v2d v = { x, x };
	*slot = (int32_t)slot2(v, (v2d){ a->lo, a->lo }, (v2d){ a->scale, a->scale })[0];
	a->nan_low += !(x >= -DBL_MAX);
	a->inf_high += x > DBL_MAX;
}

/* Count n <= BLOCK values. */
static void acc_block(hist_acc *a, const double *v, size_t n)
{
	int32_t slot[BLOCK];
	const v2d lo = { a->lo, a->lo }, scale = { a->scale, a->scale };
	v2l at_least = { 0, 0 }, inf = { 0, 0 };
	size_t i = 0;
	for (; i + 2 <= n; i += 2) {
		v2d x;
		memcpy(&x, v + i, sizeof x);
		slots2(x, lo, scale, slot + i, &at_least, &inf);
	}
	acc_masks(a, i / 2, at_least, inf);
	if (i < n)
		acc_one(a, v[i], slot + i);
	acc_count(a, slot, n);
}

static void acc_end(const hist_acc *a, net_hist *h)
{
	for (int k = 0; k < COPIES; k++) {
		for (int i = 0; i < NET_BINS; i++)
			h->count[i] += a->count[k][i + 1];
		h->below += a->count[k][0];
		h->above += a->count[k][NET_BINS + 1];
	}
	h->below -= a->nan_low;
	h->above -= a->inf_high;
	h->nonfinite += (double)a->nan_low + (double)a->inf_high;
}

/* A histogram range from a layer's mean, spread and extremes: three and a
 * half standard deviations about the mean, no wider than the values go. */
static void range_from(double mean, double sd, double mn, double mx, double *lo, double *hi)
{
	*lo = mean - 3.5 * sd;
	*hi = mean + 3.5 * sd;
	if (mn > *lo)
		*lo = mn;
	if (mx < *hi)
		*hi = mx;
	if (!(*lo < *hi)) {
		*lo = mean - 1;
		*hi = mean + 1;
	}
}

/* What the forward blocks of a layer add up: sums of z, z^2, h, h^2 in
 * two lanes, and the saturated and dead counts as masks (-1 each). */
typedef struct fwd_sums {
	v2d zs, zq, hs, hq;
	v2l sat, dead;
	long sat1, dead1;   /* of odd values at the ends of blocks */
} fwd_sums;

/* A block of n <= BLOCK values after the activation: z_k, h_k = f(z_k)
 * and d = f'(z_k). Adds up the statistics, counts both histograms, and
 * stores h_k (the next layer's input) and f'(z_k) as float. */
static void forward_block(fwd_sums *s, hist_acc *hz, hist_acc *hh, const double *z,
                          const double *h, const double *d, size_t n, float *y, float *df)
{
	int32_t zslot[BLOCK], hslot[BLOCK];
	const v2d zlo = { hz->lo, hz->lo }, zsc = { hz->scale, hz->scale };
	const v2d hlo = { hh->lo, hh->lo }, hsc = { hh->scale, hh->scale };
	const v2d satc = { NET_SAT_DF, NET_SAT_DF }, zero = { 0, 0 };
	const v2l magnitude = { INT64_MAX, INT64_MAX };
	v2d zs = s->zs, zq = s->zq, hs = s->hs, hq = s->hq;
	v2l sat = s->sat, dead = s->dead;
	size_t i = 0;
	for (; i + 2 <= n; i += 2) {
		v2d zv, hv, dv;
		memcpy(&zv, z + i, sizeof zv);
		memcpy(&hv, h + i, sizeof hv);
		memcpy(&dv, d + i, sizeof dv);
		zs += zv;
		zq += zv * zv;
		hs += hv;
		hq += hv * hv;
		sat += (v2d)((v2l)dv & magnitude) < satc;
		dead += dv == zero;
		v2f hf = __builtin_convertvector(hv, v2f), dfv = __builtin_convertvector(dv, v2f);
		memcpy(y + i, &hf, sizeof hf);
		memcpy(df + i, &dfv, sizeof dfv);
		slot_pair(zv, zlo, zsc, zslot + i);
		slot_pair(hv, hlo, hsc, hslot + i);
	}
	s->zs = zs;
	s->zq = zq;
	s->hs = hs;
	s->hq = hq;
	s->sat = sat;
	s->dead = dead;
	if (i < n) {
		s->zs[0] += z[i];
		s->zq[0] += z[i] * z[i];
		s->hs[0] += h[i];
		s->hq[0] += h[i] * h[i];
		s->sat1 += fabs(d[i]) < NET_SAT_DF;
		s->dead1 += d[i] == 0;
		y[i] = (float)h[i];
		df[i] = (float)d[i];
		acc_one(hz, z[i], zslot + i);
		acc_one(hh, h[i], hslot + i);
	}
	/* A value that is not finite makes the sum of squares so: a finite sum
	 * vouches for every pair of the block. Else they are counted here (an
	 * odd last value was, by acc_one). */
	if (!isfinite(s->zq[0] + s->zq[1]) || !isfinite(s->hq[0] + s->hq[1]))
		for (size_t j = 0; j < i; j++) {
			hz->nan_low += !(z[j] >= -DBL_MAX);
			hz->inf_high += z[j] > DBL_MAX;
			hh->nan_low += !(h[j] >= -DBL_MAX);
			hh->inf_high += h[j] > DBL_MAX;
		}
	acc_count(hz, zslot, n);
	acc_count(hh, hslot, n);
}

/* The four lanes of a sum added up. */
static double lanes(const double s[4])
{
	return (s[0] + s[1]) + (s[2] + s[3]);
}

/* d[i] *= g[i] for i < n; the sum of squares of the products. */
static double mul_sumsq(float *restrict d, const float *restrict g, size_t n)
{
	double s[4] = { 0 };
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		for (int j = 0; j < 4; j++) {
			float v = d[i + (size_t)j] * g[i + (size_t)j];
			d[i + (size_t)j] = v;
			s[j] += (double)v * v;
		}
	for (; i < n; i++) {
		d[i] *= g[i];
		s[0] += (double)d[i] * d[i];
	}
	return lanes(s);
}

/* The product of a forward step: z_k of the lane's slice into its y. The
 * first slice draws each layer's weights first, in a step of its own (a
 * million normals take as long as a slice's products): false then. */
static bool forward_gemm(net *n, net_lane *ln, long k)
{
	long W = n->prm.width, rows = ln->rows;
	size_t m = (size_t)rows * (size_t)W;
	if (n->drawn < k) {
		draw_weights(n, k);
		n->drawn = k;
		return false;
	}
	if (k == 1) {
		fill_normal(n->in_state, ln->x, m, 1.0);
		if (ln->row0 == 0)
			memcpy(n->x0, ln->x, m * sizeof *ln->x);
	}
	sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)W, (int)W,
	            1.0f, ln->x, (int)W, layer_w(n, k), (int)W, 0.0f, ln->y, (int)W);
	return true;
}

/* The rest of a forward step: h_k = f(z_k) and f'(z_k), the layer's
 * statistics and histograms; h_k becomes the next layer's input. */
static void forward_elem(net *n, int lane, long k)
{
	net_lane *ln = &n->lane[lane];
	long W = n->prm.width, rows = ln->rows;
	size_t m = (size_t)rows * (size_t)W;
	const act_def *a = n->prm.act;
	double p = n->prm.p;
	float *df = layer_df(n, lane, k);
	net_layer *L = &n->layers[k - 1];
	double *s = n->sum + (size_t)(k - 1) * NSUM;
	if (k == 1 && ln->row0 == 0) {
		/* the first layer of the first slice sets the histograms' ranges */
		double zs = 0, zq = 0, hs = 0, hq = 0;
		double zmn = INFINITY, zmx = -INFINITY, hmn = INFINITY, hmx = -INFINITY;
		for (size_t i = 0; i < m; i++) {
			double z = ln->y[i], h, d;
			act_eval(a, z, p, &h, &d);
			zs += z; zq += z * z; hs += h; hq += h * h;
			zmn = fmin(zmn, z); zmx = fmax(zmx, z);
			hmn = fmin(hmn, h); hmx = fmax(hmx, h);
		}
		double c = (double)m, lo, hi;
		double zm = zs / c, hm = hs / c;
		range_from(zm, sqrt(fmax(zq / c - zm * zm, 0)), zmn, zmx, &lo, &hi);
		hist_set(&n->layers[0].hist[NET_PRE], lo, hi);
		range_from(hm, sqrt(fmax(hq / c - hm * hm, 0)), hmn, hmx, &lo, &hi);
		hist_set(&n->layers[0].hist[NET_ACT], lo, hi);
		for (long j = 1; j < n->depth; j++) {
			hist_set(&n->layers[j].hist[NET_PRE], n->layers[0].hist[NET_PRE].lo,
			         n->layers[0].hist[NET_PRE].hi);
			hist_set(&n->layers[j].hist[NET_ACT], n->layers[0].hist[NET_ACT].lo,
			         n->layers[0].hist[NET_ACT].hi);
		}
	}
	hist_acc hz, hh;
	acc_start(&hz, &L->hist[NET_PRE]);
	acc_start(&hh, &L->hist[NET_ACT]);
	fwd_sums sums;
	memset(&sums, 0, sizeof sums);
	for (size_t b = 0; b < m; b += BLOCK) {
		size_t len = m - b < BLOCK ? m - b : BLOCK;
		double z[BLOCK], h[BLOCK], d[BLOCK];
		for (size_t i = 0; i < len; i++)
			z[i] = ln->y[b + i];
		if (a->fdf) {   /* f and f' share their work */
			for (size_t i = 0; i < len; i++)
				act_eval(a, z[i], p, &h[i], &d[i]);
		} else {
			act_map(a, false, z, h, len, p);
			act_map(a, true, z, d, len, p);
		}
		forward_block(&sums, &hz, &hh, z, h, d, len, ln->y + b, df + b);
	}
	acc_end(&hz, &L->hist[NET_PRE]);
	acc_end(&hh, &L->hist[NET_ACT]);
	s[0] += sums.hs[0] + sums.hs[1];
	s[1] += sums.hq[0] + sums.hq[1];
	s[2] += sums.zs[0] + sums.zs[1];
	s[3] += sums.zq[0] + sums.zq[1];
	s[4] += (double)(sums.sat1 - sums.sat[0] - sums.sat[1]);
	s[5] += (double)(sums.dead1 - sums.dead[0] - sums.dead[1]);
	float *t = ln->x;
	ln->x = ln->y;
	ln->y = t;
	size_t c = ln->cap_x;
	ln->cap_x = ln->cap_y;
	ln->cap_y = c;
}

/* The product of a backward step: dL/dh_k = dL/dz_{k+1} W_{k+1}^T into the
 * lane's y; the last layer's comes from the read-out, with no product. */
static void backward_gemm(net *n, int lane, long k)
{
	net_lane *ln = &n->lane[lane];
	long W = n->prm.width;
	if (k < n->depth)
		sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)ln->rows, (int)W, (int)W,
		            1.0f, layer_df(n, lane, k + 1), (int)W, layer_w(n, k + 1), (int)W, 0.0f,
		            ln->y, (int)W);
}

/* The rest of a backward step: dL/dz_k = dL/dh_k f'(z_k), rescaled to norm
 * 1, its norm and histogram. */
static void backward_elem(net *n, int lane, long k)
{
	net_lane *ln = &n->lane[lane];
	long W = n->prm.width, rows = ln->rows;
	size_t m = (size_t)rows * (size_t)W;
	float *d = layer_df(n, lane, k);   /* f'(z_k) in, dL/dz_k (scaled) out */
	net_layer *L = &n->layers[k - 1];
	double ss = 0;
	if (k == n->depth) {
		ln->g_scale_ln = 0;
		for (long i = 0; i < rows; i++)
			ss += mul_sumsq(d + (size_t)i * (size_t)W, n->r, (size_t)W);
	} else {
		ss = mul_sumsq(d, ln->y, m);
	}
	if (k == n->depth && ln->row0 == 0) {
		/* the last layer of the first slice sets the gradients' range */
		double sd = sqrt(ss / (double)m) * exp(ln->g_scale_ln);
		for (long j = 0; j < n->depth; j++)
			hist_set(&n->layers[j].hist[NET_GRAD], -3.5 * sd, 3.5 * sd);
	}
	net_hist *hist = &L->hist[NET_GRAD];
	if (!isfinite(ss)) {
		n->g_lss[k - 1] = NAN;
		hist->nonfinite += (double)m;
		ln->g_scale_ln = NAN;
	} else {
		hist_acc hg;
		acc_start(&hg, hist);
		double g[BLOCK];
		if (ss > 0) {
			/* rescale to norm 1; the true gradient is d * exp(g_scale_ln) */
			float inv = (float)(1 / sqrt(ss));
			ln->g_scale_ln += 0.5 * log(ss);
			double lss = 2 * ln->g_scale_ln, *acc = &n->g_lss[k - 1];
			if (!isnan(*acc))
				*acc = *acc == -INFINITY ? lss
				       : fmax(*acc, lss) + log1p(exp(-fabs(*acc - lss)));
			double f = exp(ln->g_scale_ln);
			for (size_t b = 0; b < m; b += BLOCK) {
				size_t len = m - b < BLOCK ? m - b : BLOCK;
				for (size_t i = 0; i < len; i++) {
					d[b + i] *= inv;
					g[i] = d[b + i] * f;
				}
				acc_block(&hg, g, len);
			}
		} else {
			memset(g, 0, sizeof g);
			for (size_t b = 0; b < m; b += BLOCK)
				acc_block(&hg, g, m - b < BLOCK ? m - b : BLOCK);
		}
		acc_end(&hg, hist);
	}
	if (ln->row0 == 0)
		n->g_ln[k - 1] = ln->g_scale_ln;
}

static void finish(net *n)
{
	double c = (double)n->prm.batch * (double)n->prm.width;
	for (long k = 0; k < n->depth; k++) {
		net_layer *L = &n->layers[k];
		const double *s = n->sum + (size_t)k * NSUM;
		L->mean = s[0] / c;
		L->std = sqrt(fmax(s[1] / c - L->mean * L->mean, 0));
		L->z_mean = s[2] / c;
		L->z_std = sqrt(fmax(s[3] / c - L->z_mean * L->z_mean, 0));
		if (!isfinite(s[1]))
			L->std = isnan(s[1]) ? NAN : INFINITY;
		if (!isfinite(s[3]))
			L->z_std = isnan(s[3]) ? NAN : INFINITY;
		L->saturated = s[4] / c;
		L->dead = s[5] / c;
		double lss = n->g_lss[k];
		/* norm per example: sqrt(sum of squares / N) */
		L->log10_grad = isnan(lss) ? NAN
		                : lss == -INFINITY ? -INFINITY
		                : (lss - log((double)n->prm.batch)) / 2 / log(10.0);
		L->grad_norm = isfinite(L->log10_grad) ? pow(10, L->log10_grad)
		               : L->log10_grad == -INFINITY ? 0 : NAN;
	}
	n->log10_ratio = n->layers[0].log10_grad - n->layers[n->depth - 1].log10_grad;
	n->done = true;
}

static void run_job(net *n, net_job j)
{
	if (j.t < n->depth)
		forward_elem(n, j.lane, j.t + 1);
	else
		backward_elem(n, j.lane, 2 * n->depth - j.t);
}

bool net_step(net *n)
{
	if (n->done || !n->layers)
		return false;
	n->steps_done++;
	if (n->all_posted) {
		wait_jobs(n, n->posted);
		finish(n);
		return false;
	}
	/* step t of the lane at_lane: forward layers 1..D, then backward D..1 */
	int lane = n->at_lane;
	net_lane *ln = &n->lane[lane];
	long t = n->t, D = n->depth;
	wait_jobs(n, ln->last_job);   /* its previous step, done */
	if (t < D) {
		if (!forward_gemm(n, ln, t + 1))
			return true;
	} else {
		backward_gemm(n, lane, 2 * D - t);
	}
	post_job(n, lane, t);
	/* the other lane's same step, else the next step, else the next pair */
	if (lane + 1 < NET_LANES && n->lane[lane + 1].rows > 0) {
		n->at_lane = lane + 1;
	} else if (t + 1 < 2 * D) {
		n->at_lane = 0;
		n->t = t + 1;
	} else {
		for (int i = 0; i < NET_LANES; i++)
			wait_jobs(n, n->lane[i].last_job);
		n->pair_row0 += NET_LANES * n->slice;
		n->at_lane = 0;
		n->t = 0;
		if (n->pair_row0 >= n->prm.batch)
			n->all_posted = true;
		else
			start_pair(n);
	}
	return true;
}

void net_run(net *n)
{
	while (net_step(n))
		;
}

/* ---- checking the backward pass ------------------------------------------ */

double net_loss_shifted(const net *n, long layer, size_t idx, double eps)
{
	long W = n->prm.width, rows = n->slice < n->prm.batch ? n->slice : n->prm.batch;
	size_t m = (size_t)rows * (size_t)W;
	if (layer < 1 || layer > n->depth || idx >= m)
		return NAN;
	double *h = malloc(m * sizeof *h), *z = malloc(m * sizeof *z);
	if (!h || !z) {
		free(h);
		free(z);
		return NAN;
	}
	for (size_t i = 0; i < m; i++)
		h[i] = n->x0[i];
	for (long k = 1; k <= n->depth; k++) {
		const float *w = layer_w(n, k);
		for (long r = 0; r < rows; r++)
			for (long j = 0; j < W; j++) {
				double acc = 0;
				for (long i = 0; i < W; i++)
					acc += h[r * W + i] * (double)w[i * W + j];
				z[r * W + j] = acc;
			}
		if (k == layer)
			z[idx] += eps;
		for (size_t i = 0; i < m; i++)
			h[i] = n->prm.act->f(z[i], n->prm.p);
	}
	double loss = 0;
	for (long r = 0; r < rows; r++)
		for (long j = 0; j < W; j++)
			loss += n->r[j] * h[r * W + j];
	free(h);
	free(z);
	return loss;
}

double net_grad_at(const net *n, long layer, size_t idx)
{
	return (double)layer_df(n, 0, layer)[idx] * exp(n->g_ln[layer - 1]);
}

bool net_params_equal(const net_params *a, const net_params *b)
{
	return a->act == b->act && a->p == b->p && a->width == b->width && a->depth == b->depth &&
	       a->batch == b->batch && a->init == b->init && a->gain == b->gain &&
	       a->seed == b->seed;
}
