/* train.c - a small network learning a 1-D target (see train.h): the data,
 * the seeded initialisation, forward and backward passes one sample at a
 * time, and SGD with momentum. Sizes are small (at most 3 x 256 x 256
 * weights), so plain loops over row-major weights are enough.
 */
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/* ---- settings ------------------------------------------------------------ */

static const char *const target_names[TRAIN_TARGETS] = {
	"abs", "sin", "step", "square", "sawtooth",
};
static const char *const init_names[TRAIN_INITS] = { "he", "xavier" };

void train_cfg_default(train_cfg *c)
{
	*c = (train_cfg){
		.target = TRAIN_SIN, .width = 32, .layers = 2, .points = 64, .batch = 16,
		.lr = 0.01, .momentum = 0.9, .noise = 0, .init = TRAIN_INIT_HE, .seed = 1,
	};
}

bool train_cfg_equal(const train_cfg *a, const train_cfg *b)
{
	return a->target == b->target && a->width == b->width && a->layers == b->layers &&
	       a->points == b->points && a->batch == b->batch && a->lr == b->lr &&
	       a->momentum == b->momentum && a->noise == b->noise && a->init == b->init &&
	       a->seed == b->seed;
}

static bool long_in(const char *what, long v, long lo, long hi, char *err, size_t len)
{
	if (v >= lo && v <= hi)
		return true;
	snprintf(err, len, "%s must be between %ld and %ld, got %ld", what, lo, hi, v);
	return false;
}

bool train_cfg_check(const train_cfg *c, char *err, size_t errlen)
{
	char a[32], b[32];
	if ((unsigned)c->target >= TRAIN_TARGETS) {
		snprintf(err, errlen, "target must be abs, sin, step, square or sawtooth");
		return false;
	}
	if ((unsigned)c->init >= TRAIN_INITS) {
		snprintf(err, errlen, "init must be he or xavier");
		return false;
	}
	if (!long_in("width", c->width, TRAIN_MIN_WIDTH, TRAIN_MAX_WIDTH, err, errlen) ||
	    !long_in("layers", c->layers, 1, TRAIN_MAX_LAYERS, err, errlen) ||
	    !long_in("points", c->points, TRAIN_MIN_POINTS, TRAIN_MAX_POINTS, err, errlen) ||
	    !long_in("batch", c->batch, 1, TRAIN_MAX_POINTS, err, errlen) ||
	    !long_in("seed", (long)c->seed, 0, TRAIN_SEED_MAX, err, errlen))
		return false;
	if (!(c->lr > 0 && c->lr <= TRAIN_LR_MAX)) {
		snprintf(err, errlen, "lr must be above 0 and at most %s, got %s",
		         num_shortest(TRAIN_LR_MAX, a), num_shortest(c->lr, b));
		return false;
	}
	if (!(c->momentum >= 0 && c->momentum < 1)) {
		snprintf(err, errlen, "momentum must be at least 0 and below 1, got %s",
		         num_shortest(c->momentum, a));
		return false;
	}
	if (!(c->noise >= 0 && c->noise <= TRAIN_NOISE_MAX)) {
		snprintf(err, errlen, "noise must be between 0 and %s, got %s",
		         num_shortest(TRAIN_NOISE_MAX, a), num_shortest(c->noise, b));
		return false;
	}
	return true;
}

const char *train_target_name(train_target t)
{
	return (unsigned)t < TRAIN_TARGETS ? target_names[t] : "?";
}

static int find_name(const char *name, const char *const *names, int n)
{
	for (int i = 0; name && i < n; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

int train_target_find(const char *name)
{
	return find_name(name, target_names, TRAIN_TARGETS);
}

const char *const *train_target_names(size_t *n)
{
	*n = TRAIN_TARGETS;
	return target_names;
}

const char *train_init_name(train_init_kind i)
{
	return (unsigned)i < TRAIN_INITS ? init_names[i] : "?";
}

int train_init_find(const char *name)
{
	return find_name(name, init_names, TRAIN_INITS);
}

const char *const *train_init_names(size_t *n)
{
	*n = TRAIN_INITS;
	return init_names;
}

/* square: +1 and -1 in turns 1.5 wide, starting at 0 with +1; sawtooth:
 * rising from -1 to 1 over every 2, through 0 at 0 */
double train_target_value(train_target t, double x)
{
	switch (t) {
	case TRAIN_ABS:
		return fabs(x);
	case TRAIN_SIN:
		return sin(x);
	case TRAIN_STEP:
		return x > 0 ? 1.0 : 0.0;
	case TRAIN_SQUARE:
		return fmod(fabs(floor(x / 1.5)), 2.0) == 0 ? 1.0 : -1.0;
	case TRAIN_SAWTOOTH:
		return x - 2.0 * floor((x + 1.0) / 2.0);
	case TRAIN_TARGETS:
		break;
	}
	return 0;
}

/* ---- the generator ---------------------------------------------------------- */

void train_rng_seed(train_rng *r, uint64_t seed)
{
	r->s = seed;
}

/* splitmix64 (Steele, Lea and Flood, 2014), as in Vigna's reference code */
uint64_t train_rng_next(train_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

double train_rng_uniform(train_rng *r)
{
	return (double)(train_rng_next(r) >> 11) * 0x1p-53;
}

/* The sum of 12 uniforms has variance 1: exact arithmetic only, so the
 * same on every machine, unlike Box-Muller's log and cos. */
double train_rng_normal(train_rng *r)
{
	double s = 0;
	for (int i = 0; i < 12; i++)
		s += train_rng_uniform(r);
	return s - 6.0;
}

/* ---- the network ---------------------------------------------------------- */

void train_free(train_net *n)
{
	free(n->params);
	free(n->xs);
	free(n->order);
	free(n->z);
	memset(n, 0, sizeof *n);
}

static void shuffle(train_net *n)
{
	int *o = n->order;
	for (int i = n->cfg.points - 1; i > 0; i--) {
		int j = (int)(train_rng_next(&n->rng) % (uint64_t)(i + 1));
		int t = o[i];
		o[i] = o[j];
		o[j] = t;
	}
	n->pos = 0;
}

/* Versions are never reused, also across networks built one after another. */
static unsigned long versions;

int train_init_begin(train_net *n, const act_def *a, double p, const train_cfg *cfg)
{
	memset(n, 0, sizeof *n);
	n->version = ++versions;
	n->act = a;
	n->p = p;
	n->cfg = *cfg;
	int L = cfg->layers, W = cfg->width, N = cfg->points;
	n->nlayers = L + 1;
	size_t np = 0;
	for (int k = 0; k <= L; k++) {
		n->in[k] = k == 0 ? 1 : W;
		n->out[k] = k == L ? 1 : W;
		np += (size_t)n->in[k] * (size_t)n->out[k] + (size_t)n->out[k];
	}
	n->nparams = np;
	n->params = calloc(3 * np, sizeof *n->params);
	n->xs = calloc(2 * (size_t)N, sizeof *n->xs);
	n->order = calloc((size_t)N, sizeof *n->order);
	/* z, h and dz for every layer of one sample */
	n->z = calloc(3 * (size_t)(L + 1) * (size_t)W, sizeof *n->z);
	if (!n->params || !n->xs || !n->order || !n->z) {
		train_free(n);
		return -1;
	}
	n->vel = n->params + np;
	n->grad = n->vel + np;
	n->ys = n->xs + N;
	n->h = n->z + (size_t)(L + 1) * (size_t)W;
	n->dz = n->h + (size_t)(L + 1) * (size_t)W;

	train_rng_seed(&n->rng, cfg->seed);
	double *q = n->params;
	for (int k = 0; k <= L; k++) {
		int fi = n->in[k], fo = n->out[k];
		n->w[k] = q;
		q += (size_t)fi * (size_t)fo;
		n->b[k] = q;
		q += fo;
		/* He: variance 2/fan_in, for units that pass half their input;
		 * Xavier (Glorot): 2/(fan_in + fan_out). The output layer is
		 * linear, so it gets 1/fan_in under He. */
		double var = cfg->init == TRAIN_INIT_XAVIER ? 2.0 / (fi + fo)
		             : k == L ? 1.0 / fi : 2.0 / fi;
		double sd = sqrt(var);
		for (int i = 0; i < fi * fo; i++)
			n->w[k][i] = sd * train_rng_normal(&n->rng);
		/* biases as torch.nn.Linear starts them, uniform in +-1/sqrt(fan_in):
		 * with one input, the first layer's kinks spread over [-1, 1]/|w|
		 * instead of all sitting at x = 0 */
		double bb = 1.0 / sqrt((double)fi);
		for (int i = 0; i < fo; i++)
			n->b[k][i] = bb * (2 * train_rng_uniform(&n->rng) - 1);
	}
	for (int i = 0; i < N; i++) {
		double x = TRAIN_X_MIN + (TRAIN_X_MAX - TRAIN_X_MIN) * i / (N - 1);
		n->xs[i] = x;
		n->ys[i] = train_target_value(cfg->target, x);
		if (cfg->noise > 0)
			n->ys[i] += cfg->noise * train_rng_normal(&n->rng);
		n->order[i] = i;
	}
	shuffle(n);
	n->hist_every = 1;
	/* the loss at step 0, the history's first value: train_work computes
	 * it as it computes every later one */
	n->in_loss = true;
	n->acc = 0;
	n->done = 0;
	/* set when that loss, or a later one, is below TRAIN_FIT_LOSS */
	n->fit_step = -1;
	return 0;
}

int train_init(train_net *n, const act_def *a, double p, const train_cfg *cfg)
{
	if (train_init_begin(n, a, p, cfg) < 0)
		return -1;
	train_settle(n, TRAIN_MAX_POINTS);
	return 0;
}

bool train_settle(train_net *n, int samples)
{
	if (n->in_loss && n->state == TRAIN_OK)
		train_work(n, samples);
	return !n->in_loss || n->state != TRAIN_OK;
}

/* Forward one sample, keeping z and h of every layer; returns the output. */
static double forward(const train_net *n, double x, double *z, double *h)
{
	int W = n->cfg.width;
	const double *in = &x;
	for (int k = 0; k < n->nlayers; k++) {
		int fi = n->in[k], fo = n->out[k];
		double *zk = z + (size_t)k * W, *hk = h + (size_t)k * W;
		const double *wk = n->w[k], *bk = n->b[k];
		/* four units at a time: four sums in flight instead of one, each
		 * still added in the order of its inputs (the same numbers) */
		int o = 0;
		for (; o + 4 <= fo; o += 4) {
			const double *r0 = wk + (size_t)o * fi, *r1 = r0 + fi, *r2 = r1 + fi,
			             *r3 = r2 + fi;
			double s0 = bk[o], s1 = bk[o + 1], s2 = bk[o + 2], s3 = bk[o + 3];
			for (int i = 0; i < fi; i++) {
				double v = in[i];
				s0 += r0[i] * v;
				s1 += r1[i] * v;
				s2 += r2[i] * v;
				s3 += r3[i] * v;
			}
			zk[o] = s0;
			zk[o + 1] = s1;
			zk[o + 2] = s2;
			zk[o + 3] = s3;
		}
		for (; o < fo; o++) {
			double s = bk[o];
			const double *row = wk + (size_t)o * fi;
			for (int i = 0; i < fi; i++)
				s += row[i] * in[i];
			zk[o] = s;
		}
		if (k == n->nlayers - 1)
			return zk[0];
		for (o = 0; o < fo; o++)
			hk[o] = n->act->f(zk[o], n->p);
		in = hk;
	}
	return 0;
}

double train_predict(const train_net *n, double x)
{
	/* no scratch in a const network: the largest layer on the stack */
	double z[(TRAIN_MAX_LAYERS + 1) * TRAIN_MAX_WIDTH], h[(TRAIN_MAX_LAYERS + 1) * TRAIN_MAX_WIDTH];
	return forward(n, x, z, h);
}

double train_loss(const train_net *n)
{
	double s = 0;
	for (int i = 0; i < n->cfg.points; i++) {
		double e = train_predict(n, n->xs[i]) - n->ys[i];
		s += e * e;
	}
	return s / n->cfg.points;
}

/* Add d loss / d params of one sample, scaled by scale, into grad (laid out
 * as params); returns its squared error. */
static double backward(train_net *n, int idx, double scale, double *grad)
{
	int W = n->cfg.width, K = n->nlayers;
	double x = n->xs[idx];
	double y = forward(n, x, n->z, n->h) - n->ys[idx];
	double *dz = n->dz;
	/* d loss / d z of the output: loss = e^2, scaled */
	dz[(size_t)(K - 1) * W] = 2 * y * scale;
	for (int k = K - 1; k >= 0; k--) {
		int fi = n->in[k], fo = n->out[k];
		const double *in = k == 0 ? &x : n->h + (size_t)(k - 1) * W;
		double *dzk = dz + (size_t)k * W;
		double *gw = grad + (n->w[k] - n->params), *gb = grad + (n->b[k] - n->params);
		const double *wk = n->w[k];
		for (int o = 0; o < fo; o++) {
			double d = dzk[o];
			gb[o] += d;
			double *grow = gw + (size_t)o * fi;
			for (int i = 0; i < fi; i++)
				grow[i] += d * in[i];
		}
		if (k == 0)
			break;
		/* d loss / d z of the layer below: W^T dz times f'(z) */
		double *dzp = dz + (size_t)(k - 1) * W;
		const double *zp = n->z + (size_t)(k - 1) * W;
		for (int i = 0; i < fi; i++)
			dzp[i] = 0;
		for (int o = 0; o < fo; o++) {
			double d = dzk[o];
			const double *row = wk + (size_t)o * fi;
			for (int i = 0; i < fi; i++)
				dzp[i] += row[i] * d;
		}
		for (int i = 0; i < fi; i++)
			dzp[i] *= n->act->df(zp[i], n->p);
	}
	return y * y;
}

double train_loss_grad(train_net *n, const int *idx, int count, double *grad)
{
	memset(grad, 0, n->nparams * sizeof *grad);
	double s = 0;
	for (int i = 0; i < count; i++)
		s += backward(n, idx[i], 1.0 / count, grad);
	return s / count;
}

static void record(train_net *n, double loss)
{
	if (n->nhist == TRAIN_HIST) {
		/* keep steps 0, 2e, 4e, ...: every other value, then half as often */
		for (int i = 0; i < TRAIN_HIST / 2; i++)
			n->hist[i] = n->hist[2 * i];
		n->nhist = TRAIN_HIST / 2;
		n->hist_every *= 2;
		if (n->steps % n->hist_every)
			return;
	}
	n->hist[n->nhist++] = loss;
}

/* A step: the gradient of the next minibatch, sample by sample in the
 * order train_loss_grad takes them; the update; then, every hist_every
 * steps and after every step until the fit is reached, the loss over the
 * points, summed in train_loss's order. */
bool train_work(train_net *n, int samples)
{
	int N = n->cfg.points, B = n->cfg.batch < N ? n->cfg.batch : N;
	for (; samples > 0 && n->state == TRAIN_OK; samples--) {
		if (n->in_loss) {
			double e = train_predict(n, n->xs[n->done]) - n->ys[n->done];
			n->acc += e * e;
			if (++n->done < N)
				continue;
			double loss = n->acc / N;
			n->in_loss = false;
			n->done = 0;
			/* a network that starts with no finite loss has not diverged:
			 * it has not trained yet */
			if (!isfinite(loss) && n->steps > 0)
				n->state = TRAIN_DIVERGED;
			if (n->fit_step < 0 && loss < TRAIN_FIT_LOSS)
				n->fit_step = n->steps;
			if (n->steps % n->hist_every == 0)
				record(n, loss);
			return true;
		}
		if (n->done == 0) {
			if (n->pos + B > N)
				shuffle(n);
			memset(n->grad, 0, n->nparams * sizeof *n->grad);
		}
		backward(n, n->order[n->pos + n->done], 1.0 / B, n->grad);
		if (++n->done < B)
			continue;
		n->pos += B;
		n->done = 0;
		/* PyTorch's SGD: v = momentum * v + g; params -= lr * v */
		double mu = n->cfg.momentum, lr = n->cfg.lr;
		for (size_t i = 0; i < n->nparams; i++) {
			n->vel[i] = mu * n->vel[i] + n->grad[i];
			n->params[i] -= lr * n->vel[i];
		}
		n->steps++;
		n->version = ++versions;
		if (n->steps % n->hist_every != 0 && n->fit_step >= 0)
			return true;
		n->in_loss = true;
		n->acc = 0;
	}
	return false;
}

void train_step(train_net *n)
{
	while (n->state == TRAIN_OK && !train_work(n, TRAIN_MAX_POINTS))
		;
}

long train_run(train_net *n, long count)
{
	long done = 0;
	for (; done < count && n->state == TRAIN_OK; done++)
		train_step(n);
	return done;
}

int train_dead(const train_net *n, int *total)
{
	int dead;
	train_loss_dead(n, &dead, total);
	return dead;
}

void train_eval_start(train_eval *e, const train_net *n)
{
	e->version = n->version;
	e->next = 0;
	e->acc = 0;
	e->done = false;
	memset(e->alive, 0, sizeof e->alive);
}

bool train_eval_work(train_eval *e, const train_net *n, int points)
{
	if (e->done)
		return true;
	int W = n->cfg.width, L = n->nlayers - 1, N = n->cfg.points;
	double z[(TRAIN_MAX_LAYERS + 1) * TRAIN_MAX_WIDTH], h[(TRAIN_MAX_LAYERS + 1) * TRAIN_MAX_WIDTH];
	for (; points > 0 && e->next < N; points--, e->next++) {
		int i = e->next;
		double err = forward(n, n->xs[i], z, h) - n->ys[i];
		e->acc += err * err;
		/* alive[k*W + o]: f'(z) was not 0 at some input */
		for (int k = 0; k < L; k++)
			for (int o = 0; o < W; o++)
				if (!e->alive[k * W + o] && n->act->df(z[k * W + o], n->p) != 0)
					e->alive[k * W + o] = true;
	}
	if (e->next < N)
		return false;
	e->units = W * L;
	e->dead = 0;
	for (int k = 0; k < W * L; k++)
		e->dead += !e->alive[k];
	e->loss = e->acc / N;
	e->done = true;
	return true;
}

double train_loss_dead(const train_net *n, int *dead_out, int *total)
{
	train_eval e;
	train_eval_start(&e, n);
	train_eval_work(&e, n, n->cfg.points);
	if (total)
		*total = e.units;
	*dead_out = e.dead;
	return e.loss;
}
