/* ui_net.c - `view net`: the wide network, one row per layer (or per group
 * of layers when there are more layers than rows): its histogram as a
 * one-row bar chart, mean, standard deviation, the saturated and dead
 * fractions, and the gradient norm as a bar on a log scale; the ratio of
 * the first layer's gradient norm to the last's below.
 *
 * The network is computed in steps (net.c) off the key path: the key loop
 * gives it (view.h's work) a few milliseconds to spend whenever work is
 * pending and no key is waiting, so a 256-wide, 50-deep network never holds
 * a key back for longer than one step. Until it is done, the previous
 * result stays on screen with how far the new one has got.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "num.h"
#include "draw.h"
#include "ui_impl.h"
#include "util.h"

extern const view_ops view_net;

typedef struct net_view {
	net net;             /* the computation */
	bool net_started;
	/* the last finished result, shown while the next is computed */
	net_layer *net_shown;
	long net_shown_cap;
	net_params net_shown_prm;
	double net_shown_ratio;
	bool net_has_shown;
} net_view;

static net_view *nv(const ui *u)
{
	return ui_view_state(u, &view_net);
}

static void net_sync(ui *u)
{
	net_params p = lab_net_params(&u->lab);
	if (nv(u)->net_started && net_params_equal(&p, &nv(u)->net.prm))
		return;
	char err[120];
	if (net_start(&nv(u)->net, &p, err, sizeof err) < 0) {
		snprintf(u->msg, sizeof u->msg, "view net: %.120s", err);
		nv(u)->net_started = false;
		return;
	}
	nv(u)->net_started = true;
}

static bool net_pending(const ui *u)
{
	return nv(u)->net_started && !net_done(&nv(u)->net);
}

/* The finished network's layers, copied: the next computation reuses the
 * net's memory while this one stays on screen. */
static void keep_result(ui *u)
{
	const net *n = &nv(u)->net;
	if (nv(u)->net_shown_cap < n->depth) {
		net_layer *s = realloc(nv(u)->net_shown, (size_t)n->depth * sizeof *s);
		if (!s) {
			snprintf(u->msg, sizeof u->msg, "view net: out of memory");
			return;
		}
		nv(u)->net_shown = s;
		nv(u)->net_shown_cap = n->depth;
	}
	memcpy(nv(u)->net_shown, n->layers, (size_t)n->depth * sizeof *n->layers);
	nv(u)->net_shown_prm = n->prm;
	nv(u)->net_shown_ratio = n->log10_ratio;
	nv(u)->net_has_shown = true;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int net_work(ui *u, double budget_ms)
{
	if (!net_pending(u))
		return 0;
	double end = now_ms() + budget_ms;
	while (net_step(&nv(u)->net))
		if (now_ms() >= end)
			return 0;
	keep_result(u);
	return 1;
}

static int net_finish(ui *u, bool after_key)
{
	(void)after_key;
	net_sync(u);
	if (!net_pending(u))
		return 0;
	net_run(&nv(u)->net);
	keep_result(u);
	return 0;
}

static void net_free_view(ui *u)
{
	net_free(&nv(u)->net);
	free(nv(u)->net_shown);
	nv(u)->net_shown = NULL;
	nv(u)->net_shown_cap = 0;
	nv(u)->net_started = false;
	nv(u)->net_has_shown = false;
}

/* ---- drawing -------------------------------------------------------------- */

/* One row's numbers: a layer, or a group of layers pooled. */
typedef struct net_row {
	long k0, k1;
	double mean, std, sat, dead;
	double lg;           /* log10 of the gradient norm (RMS over the group) */
	double count[NET_BINS], below, above, nonfinite;
} net_row;

static void pool(const net_layer *ls, long k0, long k1, net_what what, net_row *r)
{
	memset(r, 0, sizeof *r);
	r->k0 = k0;
	r->k1 = k1;
	double n = (double)(k1 - k0 + 1), m2 = 0, lgmax = -INFINITY;
	bool nan_seen = false;
	for (long k = k0; k <= k1; k++) {
		const net_layer *L = &ls[k - 1];
		double mean = what == NET_PRE ? L->z_mean : L->mean;
		double sd = what == NET_PRE ? L->z_std : L->std;
		r->mean += mean / n;
		m2 += (sd * sd + mean * mean) / n;
		r->sat += L->saturated / n;
		r->dead += L->dead / n;
		if (isnan(L->log10_grad))
			nan_seen = true;
		else if (L->log10_grad > lgmax)
			lgmax = L->log10_grad;
		const net_hist *h = &L->hist[what];
		for (int i = 0; i < NET_BINS; i++)
			r->count[i] += h->count[i];
		r->below += h->below;
		r->above += h->above;
		r->nonfinite += h->nonfinite;
	}
	r->std = sqrt(fmax(m2 - r->mean * r->mean, 0));
	if (!isfinite(m2))
		r->std = m2;
	if (nan_seen) {
		r->lg = NAN;
	} else if (lgmax == -INFINITY) {
		r->lg = -INFINITY;
	} else {
		/* RMS of the norms, from their logs without leaving the range */
		double s = 0;
		for (long k = k0; k <= k1; k++)
			if (ls[k - 1].log10_grad > -INFINITY)
				s += pow(10, 2 * (ls[k - 1].log10_grad - lgmax));
		r->lg = lgmax + 0.5 * log10(s / n);
	}
}

static const char *const what_title[NET_WHATS] = {
	"activations h", "pre-activations z", "gradients dL/dz",
};

/* the histogram as a one-row bar chart, scaled to its tallest bin */
static void draw_spark(ui *u, grid *g, int x, int y, int w, const net_row *r)
{
	static const uint32_t levels_ascii[9] = { ' ', '.', '_', '-', '~', '=', '+', '*', '#' };
	static const uint32_t levels_utf8[9] = { ' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585,
	                                         0x2586, 0x2587, 0x2588 };
	const uint32_t *lv = u->ascii ? levels_ascii : levels_utf8;
	double col[256];
	if (w > 256)
		w = 256;
	double top = 0;
	for (int c = 0; c < w; c++) {
		int b0 = c * NET_BINS / w, b1 = (c + 1) * NET_BINS / w;
		if (b1 <= b0)
			b1 = b0 + 1;
		double s = 0;
		for (int b = b0; b < b1 && b < NET_BINS; b++)
			s += r->count[b];
		/* a column wider than a bin shows the bin's height, not a share */
		col[c] = s / (b1 - b0);
		if (col[c] > top)
			top = col[c];
	}
	for (int c = 0; c < w; c++) {
		int e = top > 0 ? (int)ceil(col[c] / top * 8) : 0;
		if (col[c] > 0 && e < 1)
			e = 1;
		grid_put(g, x + c, y, lv[e > 8 ? 8 : e], ST_F);
	}
	/* values beyond the range: a mark at that end */
	if (r->below > 0)
		grid_put(g, x - 1, y, '<', ST_BAD | ST_BOLD);
	if (r->above > 0)
		grid_put(g, x + w, y, '>', ST_BAD | ST_BOLD);
}

static void fmt_pct(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "?");
	else if (v > 0 && v < 0.005)
		snprintf(buf, len, "<1%%");
	else
		snprintf(buf, len, "%.0f%%", 100 * v);
}

static void fmt_lg(double lg, char *buf, size_t len)
{
	if (isnan(lg))
		snprintf(buf, len, "undef");
	else if (lg == -INFINITY)
		snprintf(buf, len, "0");
	else
		num_sci_log10(1, lg, 2, buf, len);
}

static void draw_net(ui *u, grid *g, int x, int y, int w, int h)
{
	const lab *l = &u->lab;
	net_params want = lab_net_params(l);
	char buf[256], a[64], b[64];

	/* the settings, saying where depth and gain come from */
	if (l->depth == want.depth)
		snprintf(a, sizeof a, "%ld", want.depth);
	else
		snprintf(a, sizeof a, "%ld (lab %ld, max %ld)", want.depth, l->depth,
		         net_max_depth(want.width));
	snprintf(buf, sizeof buf, "width %ld  depth %s  batch %ld  init %s  gain %s  seed %ld",
	         want.width, a, want.batch, net_init_name(want.init),
	         num_sig(want.gain, 4, b, sizeof b), want.seed);
	draw_text(g, x, y, w, buf, ST_BOLD);
	if (!nv(u)->net_has_shown) {
		snprintf(buf, sizeof buf, "computing: %ld of %ld steps", nv(u)->net.steps_done,
		         nv(u)->net.steps_total);
		draw_text(g, x, y + 2, w, buf, ST_LABEL);
		return;
	}
	const net_params *sp = &nv(u)->net_shown_prm;
	net_what what = l->net.what;
	const net_layer *ls = nv(u)->net_shown;
	long D = sp->depth;

	/* columns: layer, histogram, mean, std, sat, dead, gradient */
	int lw = 6, sw, statw = 8 + 8 + 5 + 5, gw;
	gw = w >= 120 ? 30 : w >= 100 ? 22 : 14;
	/* a column each side of the histogram for its overflow marks, and
	 * one more so the right mark never touches the mean */
	sw = w - lw - 2 - statw - 2 - gw;
	if (sw > 2 * NET_BINS)
		sw = 2 * NET_BINS;
	if (sw < 8)
		sw = 8;
	int sx = x + lw + 1, tx = sx + sw + 2, gx = tx + statw + 1;
	int gbar = x + w - gx - 8;   /* after the value */

	const net_hist *h0 = &ls[0].hist[what];
	snprintf(buf, sizeof buf, "%s, %s .. %s", what_title[what],
	         num_sig(h0->lo, 2, a, sizeof a), num_sig(h0->hi, 2, b, sizeof b));
	draw_text(g, x, y + 1, lw, "layer", ST_LABEL);
	/* up to a space before "mean h", which is right-aligned in 8 */
	draw_text(g, sx, y + 1, sw + 3, buf, ST_LABEL);
	/* the statistics are of h (of z for pre-activations) in every mode,
	 * the gradients' size is the last column: the headers say which */
	draw_rtext(g, tx, y + 1, 8, what == NET_PRE ? "mean z" : "mean h", ST_LABEL);
	draw_rtext(g, tx + 8, y + 1, 8, what == NET_PRE ? "std z" : "std h", ST_LABEL);
	draw_rtext(g, tx + 16, y + 1, 5, "sat", ST_LABEL);
	draw_rtext(g, tx + 21, y + 1, 5, "dead", ST_LABEL);
	draw_text(g, gx, y + 1, x + w - gx, "|dL/dz| log", ST_LABEL);

	int rows = h - 3;
	if (rows < 1)
		return;
	long nrow = D < rows ? D : rows;
	net_row *rs = malloc((size_t)nrow * sizeof *rs);
	if (!rs)
		return;
	double lo = INFINITY, hi = -INFINITY;
	for (long i = 0; i < nrow; i++) {
		long k0 = i * D / nrow + 1, k1 = (i + 1) * D / nrow;
		pool(ls, k0, k1, what, &rs[i]);
		if (isfinite(rs[i].lg)) {
			lo = fmin(lo, rs[i].lg);
			hi = fmax(hi, rs[i].lg);
		}
	}
	if (isfinite(lo) && hi - lo < 1) {
		double c = (hi + lo) / 2;
		lo = c - 0.5;
		hi = c + 0.5;
	}
	/* from a float32 overflow on the numbers are not the network's: relu
	 * of the NaN it leaves is 0, which would read as dead units */
	long ov = net_layers_overflow(ls, D);
	for (long i = 0; i < nrow; i++) {
		const net_row *r = &rs[i];
		int ry = y + 2 + (int)i;
		if (r->k0 == r->k1)
			snprintf(buf, sizeof buf, "%ld", r->k1);
		else
			snprintf(buf, sizeof buf, "%ld-%ld", r->k0, r->k1);
		draw_rtext(g, x, ry, lw - 1, buf, ST_LABEL);
		if (ov && r->k1 >= ov) {
			draw_text(g, sx, ry, sw, "overflow", ST_BAD);
			continue;
		}
		draw_spark(u, g, sx, ry, sw, r);
		draw_rtext(g, tx, ry, 8, num_sig(r->mean, 2, a, sizeof a), ST_NONE);
		draw_rtext(g, tx + 8, ry, 8, num_sig(r->std, 2, a, sizeof a), ST_NONE);
		fmt_pct(r->sat, a, sizeof a);
		draw_rtext(g, tx + 16, ry, 5, a, r->sat > 0.5 ? ST_BAD : ST_NONE);
		fmt_pct(r->dead, a, sizeof a);
		draw_rtext(g, tx + 21, ry, 5, a, r->dead > 0.5 ? ST_BAD : ST_NONE);
		if (ov) {
			/* the backward pass came through the overflow */
			draw_rtext(g, gx, ry, 7, "-", ST_BAD);
			continue;
		}
		fmt_lg(r->lg, a, sizeof a);
		draw_rtext(g, gx, ry, 7, a, ST_NONE);
		if (gbar < 1)
			continue;
		if (!isfinite(r->lg)) {
			grid_put(g, gx + 8, ry, r->lg == -INFINITY ? 'x' : '?', ST_BAD);
			continue;
		}
		int n = 1 + (int)lround((r->lg - lo) / (hi - lo) * (gbar - 1));
		bool bad = r->lg < CHAIN_VANISH_LOG10 || r->lg > CHAIN_EXPLODE_LOG10;
		for (int c = 0; c < n && c < gbar; c++)
			grid_put(g, gx + 8 + c, ry, u->ascii ? '=' : 0x2588, bad ? ST_BAD : ST_GOOD);
	}
	free(rs);

	/* the ratio, and what is still being computed */
	int fy = y + 2 + (int)nrow;
	if (D > nrow)
		snprintf(b, sizeof b, "; %ld layers, %ld rows", D, nrow);
	else
		b[0] = '\0';
	fmt_lg(nv(u)->net_shown_ratio, a, sizeof a);
	if (ov)
		/* the row labels show the pooling: the message keeps the width */
		snprintf(buf, sizeof buf, "float32 overflow at layer %ld: no gradient; lower the gain "
		         "or the depth", ov);
	else
		snprintf(buf, sizeof buf, "|dL/dz| layer 1 / layer %ld: %s  (bars: 1e%.0f .. 1e%.0f%s)",
		         D, a, isfinite(lo) ? floor(lo) + 0.0 : 0.0, isfinite(hi) ? ceil(hi) + 0.0 : 0.0,
		         b);
	draw_text(g, x, fy, w, buf, ST_BOLD);
	if (net_pending(u)) {
		snprintf(buf, sizeof buf, "computing %ld%%", 100 * nv(u)->net.steps_done /
		         (nv(u)->net.steps_total ? nv(u)->net.steps_total : 1));
		draw_rtext(g, x, fy, w, buf, ST_BAD | ST_BOLD);
	}
}

/* ---- the view ------------------------------------------------------------- */

static void net_enter(ui *u)
{
	snprintf(u->msg, sizeof u->msg, "a wide network: i init, s seed, u/U width, o what is "
	         "shown; view plot goes back");
}

static void net_leave(ui *u)
{
	net_free_view(u);
	net_unload();
}

static int net_draw(ui *u, int x, int y, int w, int h)
{
	ui_lab_title(u, x, y, w);
	draw_net(u, &u->frame, x, y + 1, w, h - 1);
	return 0;
}

static const view_key net_keys[] = {
	{ { 'i' }, "i", "i", "view net: next init scheme (standard, xavier, he)", NULL, 0, 0, "step net-init up" },
	{ { 's' }, "s", "s", "view net: a new seed (the next one)", NULL, 0, 0, "step net-seed up" },
	{ { 'u' }, "u U", "u U", "view net: halve/double the width", NULL, 0, 0, "step net-width down" },
	{ { 'U' }, NULL, NULL, NULL, NULL, 0, 0, "step net-width up" },
	{ { 'o' }, "o", "o", "view net: activations, pre-activations, gradients", ui_lab_do, LAB_NET_WHAT_NEXT, 0, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

/* its own keys and the lab keys it takes */
static const char *const net_hints[] = {
	"?", "help", "q", "quit", ":", "command", "n p", "lesson", "o", "what", "i", "init",
	"s", "seed", "u U", "width", "[ ]", "param", "- +", "depth", "< >", "gain",
	"Tab", "next", NULL,
};

const view_ops view_net = {
	.name = "net", .title = "net", .state_size = sizeof(net_view),
	.gives_way_to_compare = true, .lab_keys = VIEW_KEYS_PARAM | VIEW_KEYS_CHAIN,
	.chain = VIEW_CHAIN_AT_X,
	.keys = net_keys, .hints = net_hints,
	.enter = net_enter, .leave = net_leave, .sync = net_sync, .busy = net_pending,
	.work = net_work, .finish = net_finish, .draw = net_draw, .free = net_free_view,
};
