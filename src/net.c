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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* f'(z) of every layer is kept for the backward pass: slice x width x
 * depth at most this many floats (16 MiB); the batch goes through in
 * slices of that many rows. */
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
#define NET_BLAS_LIB "libopenblas.so.0"

static bool blas_load(char *err, size_t errlen)
{
	if (sgemm)
		return true;
	void *h = dlopen(NET_BLAS_LIB, RTLD_NOW | RTLD_LOCAL);
	void *f = h ? dlsym(h, "cblas_sgemm") : NULL;
	if (!f) {
		snprintf(err, errlen, "cannot load OpenBLAS (%s): %.80s; install it "
		         "(Debian: libopenblas0-serial)", NET_BLAS_LIB, dlerror());
		return false;
	}
	/* POSIX gives a function as a void *; copy the bits across */
	memcpy(&sgemm, &f, sizeof sgemm);
	return true;
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

void net_free(net *n)
{
	free(n->layers);
	free(n->w);
	free(n->r);
	free(n->x);
	free(n->y);
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

static float *layer_df(const net *n, long k)
{
	return n->df + (size_t)(k - 1) * (size_t)n->slice * (size_t)n->prm.width;
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

int net_start(net *n, const net_params *p, char *err, size_t errlen)
{
	if (!net_check(p, err, errlen) || !blas_load(err, errlen))
		return -1;
	n->prm = *p;
	n->depth = p->depth;
	n->done = false;
	long W = p->width, D = p->depth;
	n->slice = NET_MAX_KEPT / (W * D);
	if (n->slice > NET_STEP_MACS / (W * W))
		n->slice = NET_STEP_MACS / (W * W);
	if (n->slice > p->batch)
		n->slice = p->batch;
	if (n->slice < 1)
		n->slice = 1;
	size_t sw = (size_t)n->slice * (size_t)W, d = (size_t)D;
	bool ok = grow((void **)&n->layers, &n->cap_layers, d, sizeof *n->layers) &&
	          grow((void **)&n->w, &n->cap_w, d * (size_t)W * (size_t)W, sizeof *n->w) &&
	          grow((void **)&n->r, &n->cap_r, (size_t)W, sizeof *n->r) &&
	          grow((void **)&n->x, &n->cap_x, sw, sizeof *n->x) &&
	          grow((void **)&n->y, &n->cap_y, sw, sizeof *n->y) &&
	          grow((void **)&n->x0, &n->cap_x0, sw, sizeof *n->x0) &&
	          grow((void **)&n->df, &n->cap_df, d * sw, sizeof *n->df) &&
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
	n->row0 = 0;
	n->rows = n->slice;
	n->layer = 1;
	n->backward = false;
	long nslices = (p->batch + n->slice - 1) / n->slice;
	n->steps_total = nslices * 2 * D + D;   /* and a step to draw each layer */
	n->drawn = 0;
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

/* Counting into a histogram: the bin from one multiply, and counts kept
 * as integers during a step, in two copies taken in turn (relu puts half
 * its values in one bin, and each count waits for the one before it). */
typedef struct hist_acc {
	double lo, scale;
	uint32_t count[2][NET_BINS + 3];   /* below, the bins, above; then not finite */
} hist_acc;

static void acc_start(hist_acc *a, const net_hist *h)
{
	memset(a, 0, sizeof *a);
	a->lo = h->lo;
	a->scale = NET_BINS / (h->hi - h->lo);
}

/* Branch-free but for the rare value that is not finite: clamped into
 * [-1, NET_BINS], the slot is one more than the bin. */
static inline void acc_add(hist_acc *a, double v, size_t i)
{
	uint32_t *c = a->count[i & 1];
	if (!isfinite(v)) {
		c[NET_BINS + 2]++;
		return;
	}
	double t = (v - a->lo) * a->scale;
	t = t < 0 ? -1 : t;
	t = t > NET_BINS ? NET_BINS : t;
	c[(int)(t + 1)]++;
}

static void acc_end(const hist_acc *a, net_hist *h)
{
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < NET_BINS; i++)
			h->count[i] += a->count[k][i + 1];
		h->below += a->count[k][0];
		h->above += a->count[k][NET_BINS + 1];
		h->nonfinite += a->count[k][NET_BINS + 2];
	}
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

/* One layer of the slice forward; false when the step went on drawing
 * the layer's weights instead (the first slice draws them, a step of its
 * own: a million normals take as long as a slice's products). */
static bool forward_step(net *n)
{
	long W = n->prm.width, k = n->layer, rows = n->rows;
	size_t m = (size_t)rows * (size_t)W;
	if (n->row0 == 0 && n->drawn < k) {
		draw_weights(n, k);
		n->drawn = k;
		return false;
	}
	if (k == 1) {
		fill_normal(n->in_state, n->x, m, 1.0);
		if (n->row0 == 0)
			memcpy(n->x0, n->x, m * sizeof *n->x);
	}
	sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)W, (int)W,
	            1.0f, n->x, (int)W, layer_w(n, k), (int)W, 0.0f, n->y, (int)W);

	const act_def *a = n->prm.act;
	double p = n->prm.p;
	float *df = layer_df(n, k);
	net_layer *L = &n->layers[k - 1];
	double *s = n->sum + (size_t)(k - 1) * NSUM;
	if (k == 1 && n->row0 == 0) {
		/* the first layer of the first slice sets the histograms' ranges */
		double zs = 0, zq = 0, hs = 0, hq = 0;
		double zmn = INFINITY, zmx = -INFINITY, hmn = INFINITY, hmx = -INFINITY;
		for (size_t i = 0; i < m; i++) {
			double z = n->y[i], h, d;
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
	double zs = 0, zq = 0, hs = 0, hq = 0;
	long sat = 0, dead = 0;
	hist_acc hz, hh;
	acc_start(&hz, &L->hist[NET_PRE]);
	acc_start(&hh, &L->hist[NET_ACT]);
	for (size_t i = 0; i < m; i++) {
		double z = n->y[i], h, d;
		act_eval(a, z, p, &h, &d);
		zs += z; zq += z * z; hs += h; hq += h * h;
		sat += fabs(d) < NET_SAT_DF;
		dead += d == 0;
		acc_add(&hz, z, i);
		acc_add(&hh, h, i);
		n->y[i] = (float)h;
		df[i] = (float)d;
	}
	acc_end(&hz, &L->hist[NET_PRE]);
	acc_end(&hh, &L->hist[NET_ACT]);
	s[0] += hs; s[1] += hq; s[2] += zs; s[3] += zq; s[4] += (double)sat; s[5] += (double)dead;
	float *t = n->x;
	n->x = n->y;
	n->y = t;
	return true;
}

static void backward_step(net *n)
{
	long W = n->prm.width, k = n->layer, rows = n->rows;
	size_t m = (size_t)rows * (size_t)W;
	float *d = layer_df(n, k);   /* f'(z_k) in, dL/dz_k (scaled) out */
	net_layer *L = &n->layers[k - 1];
	double ss = 0;
	if (k == n->depth) {
		n->g_scale_ln = 0;
		for (long i = 0; i < rows; i++) {
			float *di = d + (size_t)i * (size_t)W;
			for (long j = 0; j < W; j++) {
				di[j] *= n->r[j];
				ss += (double)di[j] * di[j];
			}
		}
	} else {
		/* dL/dh_k = dL/dz_{k+1} W_{k+1}^T */
		sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, (int)W, (int)W,
		            1.0f, layer_df(n, k + 1), (int)W, layer_w(n, k + 1), (int)W, 0.0f,
		            n->y, (int)W);
		for (size_t i = 0; i < m; i++) {
			d[i] *= n->y[i];
			ss += (double)d[i] * d[i];
		}
	}
	if (k == n->depth && n->row0 == 0) {
		/* the last layer of the first slice sets the gradients' range */
		double sd = sqrt(ss / (double)m) * exp(n->g_scale_ln);
		for (long j = 0; j < n->depth; j++)
			hist_set(&n->layers[j].hist[NET_GRAD], -3.5 * sd, 3.5 * sd);
	}
	hist_acc hg;
	acc_start(&hg, &L->hist[NET_GRAD]);
	if (!isfinite(ss)) {
		n->g_lss[k - 1] = NAN;
		hg.count[0][NET_BINS + 2] += (uint32_t)m;
		n->g_scale_ln = NAN;
	} else if (ss > 0) {
		/* rescale to norm 1; the true gradient is d * exp(g_scale_ln) */
		float inv = (float)(1 / sqrt(ss));
		n->g_scale_ln += 0.5 * log(ss);
		double lss = 2 * n->g_scale_ln, *acc = &n->g_lss[k - 1];
		if (!isnan(*acc))
			*acc = *acc == -INFINITY ? lss
			       : fmax(*acc, lss) + log1p(exp(-fabs(*acc - lss)));
		double f = exp(n->g_scale_ln);
		for (size_t i = 0; i < m; i++) {
			d[i] *= inv;
			acc_add(&hg, d[i] * f, i);
		}
	} else {
		for (size_t i = 0; i < m; i++)
			acc_add(&hg, 0.0, i);
	}
	acc_end(&hg, &L->hist[NET_GRAD]);
	if (n->row0 == 0)
		n->g_ln[k - 1] = n->g_scale_ln;
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

bool net_step(net *n)
{
	if (n->done || !n->layers)
		return false;
	if (!n->backward) {
		if (!forward_step(n)) {
			n->steps_done++;
			return true;
		}
		if (n->layer < n->depth) {
			n->layer++;
		} else {
			n->backward = true;
		}
	} else {
		backward_step(n);
		if (n->layer > 1) {
			n->layer--;
		} else {
			n->row0 += n->rows;
			n->backward = false;
			n->layer = 1;
			n->rows = n->prm.batch - n->row0 < n->slice ? n->prm.batch - n->row0 : n->slice;
			if (n->row0 >= n->prm.batch) {
				n->steps_done++;
				finish(n);
				return false;
			}
		}
	}
	n->steps_done++;
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
	return (double)layer_df(n, layer)[idx] * exp(n->g_ln[layer - 1]);
}
