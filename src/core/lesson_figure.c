/* lesson_figure.c - the figures a lesson states, computed: each check line
 * of a lab block (lesson.h, lesson_figure) is worked out by the same code
 * the lab runs - the chain, a training run, a wide network - on the state
 * the block gives the lab, and compared with what the text says. Only
 * check-lessons calls this: a training run is too slow for loading.
 */
#include "lesson.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net.h"
#include "num.h"
#include "train.h"

#define MSGLEN 320
#define FIG_STEPS 100000L   /* train.below looks this far; else "never" */

/* The lab state of a block and a check's 'when' commands, from the opening
 * state. The parser has checked every command, so a failure here is one
 * lesson_parse reported already. */
static int figure_lab(const lesson_block *b, const lesson_figure *f, lab *l,
                      char *err, size_t errlen)
{
	lab_init(l);
	int bad = 0;
	if (lesson_lab_apply(b, l, NULL, NULL, &bad, err, errlen) < 0)
		return -1;
	for (int i = 0; i < f->nwhen; i++) {
		cmd c;
		if (cmd_parse(f->when[i], &c, err, errlen) != 0 || cmd_apply(l, &c, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* Training runs kept while a lesson's figures are computed: a lesson asks
 * for the loss and the dead units of one run at a few steps, and a run at
 * step S goes on to a later step without starting again. */
#define FIG_CACHE 8
typedef struct fig_cache {
	train_net net[FIG_CACHE];
	bool used[FIG_CACHE];
	int next;             /* the slot to replace next */
} fig_cache;

static void cache_free(fig_cache *c)
{
	for (int i = 0; i < FIG_CACHE; i++)
		if (c->used[i])
			train_free(&c->net[i]);
	memset(c, 0, sizeof *c);
}

/* A run of the lab's network that has done at most `steps` steps (or has
 * diverged, after which nothing changes), or a new one; NULL when out of
 * memory. */
static train_net *cached_run(fig_cache *c, const lab *l, long steps)
{
	for (int i = 0; i < FIG_CACHE; i++) {
		train_net *n = &c->net[i];
		if (c->used[i] && n->act == l->act && n->p == l->p &&
		    train_cfg_equal(&n->cfg, &l->train) &&
		    (n->steps <= steps || n->state == TRAIN_DIVERGED))
			return n;
	}
	int i = c->next;
	c->next = (c->next + 1) % FIG_CACHE;
	if (c->used[i])
		train_free(&c->net[i]);
	c->used[i] = false;
	if (train_init(&c->net[i], l->act, l->p, &l->train) < 0)
		return NULL;
	c->used[i] = true;
	return &c->net[i];
}

/* Train the block's network for the check: the value, NAN when it cannot
 * be computed (err says why). */
static double train_figure(fig_cache *cache, const lab *l, const lesson_figure *f,
                           char *err, size_t errlen)
{
	if (!train_cfg_check(&l->train, err, errlen))
		return NAN;
	/* a bound needs a search for the step only up to it */
	long limit = FIG_STEPS;
	if (f->q == LESSON_FQ_TRAIN_BELOW && (f->op == '<' || f->op == '>') &&
	    f->value < (double)limit)
		limit = (long)f->value + 1;
	bool fit = f->q == LESSON_FQ_TRAIN_BELOW && f->at == TRAIN_FIT_LOSS;
	train_net *n = NULL, fresh;
	if (f->q != LESSON_FQ_TRAIN_BELOW || fit) {
		n = cached_run(cache, l, fit ? limit : (long)f->at);
	} else if (train_init(&fresh, l->act, l->p, &l->train) == 0) {
		n = &fresh;
	}
	if (!n) {
		snprintf(err, errlen, "out of memory");
		return NAN;
	}
	double v = NAN;
	int dead = 0;
	switch (f->q) {
	case LESSON_FQ_TRAIN_LOSS:
	case LESSON_FQ_TRAIN_DEAD:
		train_run(n, (long)f->at - n->steps);
		v = train_loss_dead(n, &dead, NULL);
		if (f->q == LESSON_FQ_TRAIN_DEAD)
			v = dead;
		else if (n->state == TRAIN_DIVERGED)
			v = INFINITY;   /* shown as diverged, and never equal to a figure */
		break;
	case LESSON_FQ_TRAIN_DIVERGED:
		train_run(n, (long)f->at - n->steps);
		v = n->state == TRAIN_DIVERGED;
		break;
	case LESSON_FQ_TRAIN_BELOW:
		/* the first step after which the loss over all the points is
		 * below the threshold; for 0.01 the run keeps it (fit_step),
		 * the step the training view shows */
		v = INFINITY;
		if (fit) {
			while (n->fit_step < 0 && n->steps < limit && n->state == TRAIN_OK)
				train_step(n);
			if (n->fit_step >= 0 && n->fit_step <= limit)
				v = (double)n->fit_step;
			break;
		}
		for (long s = 0; s <= limit && n->state == TRAIN_OK; s++) {
			if (s > 0)
				train_step(n);
			if (train_loss(n) < f->at) {
				v = (double)n->steps;
				break;
			}
		}
		train_free(n);
		break;
	default:
		break;
	}
	return v;
}

static double net_figure(const lab *l, const lesson_figure *f, char *err, size_t errlen)
{
	net_params np = lab_net_params(l);
	if (!net_check(&np, err, errlen))
		return NAN;
	if (f->q != LESSON_FQ_NET_RATIO && f->at > np.depth) {
		snprintf(err, errlen, "the network has %ld layers, not %g", np.depth, f->at);
		return NAN;
	}
	net n;
	memset(&n, 0, sizeof n);
	if (net_start(&n, &np, err, errlen) < 0) {
		net_free(&n);
		return NAN;
	}
	net_run(&n);
	const net_layer *L = f->q == LESSON_FQ_NET_RATIO ? NULL : &n.layers[(long)f->at - 1];
	double v = NAN;
	switch (f->q) {
	case LESSON_FQ_NET_MEAN: v = L->mean; break;
	case LESSON_FQ_NET_STD: v = L->std; break;
	case LESSON_FQ_NET_Z_MEAN: v = L->z_mean; break;
	case LESSON_FQ_NET_Z_STD: v = L->z_std; break;
	case LESSON_FQ_NET_SATURATED: v = L->saturated; break;
	case LESSON_FQ_NET_DEAD: v = L->dead; break;
	case LESSON_FQ_NET_GRAD: v = L->grad_norm; break;
	/* as the view prints it: first layer's gradient over the last's */
	case LESSON_FQ_NET_RATIO: v = pow(10, n.log10_ratio); break;
	default: break;
	}
	net_free(&n);
	net_unload();
	return v;
}

/* What the lab computes for f; NAN with err set when it cannot. */
static double compute(fig_cache *cache, const lesson_block *b, const lesson_figure *f,
                      char *err, size_t errlen)
{
	lab l;
	if (figure_lab(b, f, &l, err, errlen) < 0) {
		lab_free(&l);
		return NAN;
	}
	double v = NAN;
	switch (f->q) {
	case LESSON_FQ_F: case LESSON_FQ_DF: case LESSON_FQ_OUT: case LESSON_FQ_GRAD:
	case LESSON_FQ_VANISH: case LESSON_FQ_EXPLODE:
		lab_update(&l, 1);
		v = f->q == LESSON_FQ_F ? l.fx : f->q == LESSON_FQ_DF ? l.dfx :
		    f->q == LESSON_FQ_OUT ? l.chain.out : f->q == LESSON_FQ_GRAD ? l.chain.grad :
		    f->q == LESSON_FQ_VANISH ? (double)l.chain.vanish_layer :
		    (double)l.chain.explode_layer;
		break;
	case LESSON_FQ_TRAIN_LOSS: case LESSON_FQ_TRAIN_DEAD: case LESSON_FQ_TRAIN_DIVERGED:
	case LESSON_FQ_TRAIN_BELOW:
		v = train_figure(cache, &l, f, err, errlen);
		break;
	default:
		v = net_figure(&l, f, err, errlen);
		break;
	}
	lab_free(&l);
	return v;
}

/* The significant digits of a number as written: "0.0046" 2, "3.875e-07"
 * 4, "12" 2, "0" 0 (a zero is compared exactly). With about, an integer's
 * trailing zeros do not count ("2900" 2). */
static int sig_digits(const char *t, bool about)
{
	int n = 0, zeros = 0;
	bool started = false, point = false;
	for (; *t && *t != 'e' && *t != 'E' && *t != '%'; t++) {
		if (*t == '.') {
			point = true;
			continue;
		}
		if (!isdigit((unsigned char)*t))
			continue;
		if (*t == '0' && !started)
			continue;
		started = true;
		n++;
		zeros = *t == '0' && !point ? zeros + 1 : 0;
	}
	if (about && !point && zeros < n)
		n -= zeros;
	return n;
}

/* Does computed v round to the written value, at its digits? */
static bool same_figure(const lesson_figure *f, double v)
{
	if (f->q == LESSON_FQ_TRAIN_DIVERGED || isinf(f->value) || isinf(v))
		return f->value == v;   /* yes, no, never */
	bool pct = strchr(f->value_text, '%') != NULL;
	double want = pct ? f->value * 100 : f->value, got = pct ? v * 100 : v;
	int sig = sig_digits(f->value_text, f->op == '~');
	if (sig == 0)
		return got == 0;
	char a[64], b[64];
	snprintf(a, sizeof a, "%.*e", sig - 1, want);
	snprintf(b, sizeof b, "%.*e", sig - 1, got);
	return !strcmp(a, b);
}

/* v as the message shows it: enough digits to see the difference. */
static void show(const lesson_figure *f, double v, char *buf, size_t len)
{
	if (f->q == LESSON_FQ_TRAIN_DIVERGED)
		snprintf(buf, len, "%s", v ? "yes" : "no");
	else if (isinf(v) && f->q == LESSON_FQ_TRAIN_LOSS)
		snprintf(buf, len, "no number: the training diverged");
	else if (isinf(v))
		snprintf(buf, len, "never (in %ld steps)", FIG_STEPS);
	else if (strchr(f->value_text, '%'))
		snprintf(buf, len, "%.4g%%", v * 100);
	else
		num_sig(v, 6, buf, len);
}

int lesson_figures_check(const lesson *ls, lesson_report_fn report, void *ctx)
{
	int problems = 0;
	fig_cache cache;
	memset(&cache, 0, sizeof cache);
	for (int i = 0; i < ls->nblocks; i++) {
		const lesson_block *b = &ls->blocks[i];
		for (int k = 0; k < b->nfigs; k++) {
			const lesson_figure *f = &b->figs[k];
			char err[MSGLEN] = "", msg[MSGLEN + 128], got[64];
			double v = compute(&cache, b, f, err, sizeof err);
			bool ok;
			if (isnan(v) && (!strncmp(err, "out of memory", 13) ||
			                 !strncmp(err, "not enough memory", 17))) {
				/* the machine, not the lesson: said once, and no figure
				 * after it is tried */
				snprintf(msg, sizeof msg, "cannot check the figures: %s", err);
				report(ctx, ls->path, LESSON_LINE_MACHINE, msg);
				cache_free(&cache);
				return problems + 1;
			} else if (isnan(v)) {
				snprintf(msg, sizeof msg, "check: %s cannot be computed: %s", f->name,
				         err[0] ? err : "not a number");
				ok = false;
			} else {
				ok = f->op == '<' ? v < f->value : f->op == '>' ? v > f->value :
				     same_figure(f, v);
				show(f, v, got, sizeof got);
				if (f->op == '<' || f->op == '>')
					snprintf(msg, sizeof msg, "the lesson says %s %c %s, the lab computes %s",
					         f->name, f->op, f->value_text, got);
				else
					snprintf(msg, sizeof msg, "the lesson says %s %s %s, the lab computes %s",
					         f->name, f->op == '~' ? "is about" : "=", f->value_text, got);
			}
			if (!ok) {
				report(ctx, ls->path, f->line, msg);
				problems++;
			}
		}
	}
	cache_free(&cache);
	return problems;
}
