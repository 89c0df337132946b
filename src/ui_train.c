/* ui_train.c - the training view (`view train`): a small network learning
 * the lab's target with the lab's activation, trained in slices between
 * frames so that keys are read at least every few milliseconds.
 *
 * The pane: a title row; the fitted curve over the training points, with
 * a readout of the state and the settings to its right; under them the
 * loss over the steps so far, as bars on a log scale. The network is
 * rebuilt whenever what it was built from no longer matches the lab.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "num.h"
#include "plot.h"
#include "ui_impl.h"
#include "util.h"

#define READOUT_W 26
#define LABEL_W 10
#define GUTTER 10
/* samples of work between looks at the clock: one is microseconds in the
 * default network, a fraction of a millisecond in the largest */
#define CLOCK_EVERY 4
/* while running, a frame at most this often: training holds still while
 * the frame is worked out */
#define TRAIN_FRAME_MS 100.0
/* x values of the fitted curve kept for the next frame (the plot takes two
 * or four a column) */
#define FIT_MAX 8192

/* ---- the network follows the lab -------------------------------------- */

static bool stale(const ui *u)
{
	const lab *l = &u->lab;
	const train_net *n = &u->trainer;
	return n->nparams == 0 || n->act != l->act || n->p != l->p ||
	       !train_cfg_equal(&n->cfg, &l->train);
}

/* Build the network again when the lab moved; false when out of memory
 * (the view then says so, and nothing runs). */
static bool sync(ui *u)
{
	if (!stale(u))
		return true;
	train_free(&u->trainer);
	/* nothing of the last network is shown with this one */
	u->train_shown = 0;
	u->train_step_to = 0;
	u->train_framing = false;
	u->fit_version = 0;
	/* its loss at step 0 is worked out in slices like every later one */
	if (train_init_begin(&u->trainer, u->lab.act, u->lab.p, &u->lab.train) < 0) {
		u->train_running = false;
		u->train_oom = true;
		return false;
	}
	u->train_oom = false;
	return true;
}

void ui_train_free(ui *u)
{
	train_free(&u->trainer);
	grid_free(&u->train_plot);
	u->train_plot_version = 0;
	u->train_shown = 0;
	free(u->fit_x);
	free(u->fit_y);
	u->fit_x = u->fit_y = NULL;
	u->fit_n = u->fit_cap = u->fit_next = 0;
	u->fit_version = 0;
}

static bool stepping(const ui *u)
{
	const train_net *n = &u->trainer;
	return n->state == TRAIN_OK &&
	       ((u->train_running && !u->train_framing) || n->steps < u->train_step_to);
}

bool ui_train_busy(const ui *u)
{
	if (u->view != UI_VIEW_TRAIN || u->mode == UI_PROMPT)
		return false;
	if (stale(u))
		return !u->train_oom;   /* built again by the next slice, unless it
		                         * just could not be: each frame tries again */
	if (u->trainer.nparams == 0)
		return false;  /* out of memory: the pane says so */
	return stepping(u) || u->train_shown != u->trainer.version;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* About `work` samples toward the frame of the network as it is now: the
 * history's loss, then the readout's loss and dead units, then the curve;
 * true when all of it is there. */
static bool prepare(ui *u, int work)
{
	train_net *n = &u->trainer;
	if (!train_settle(n, work))
		return false;
	train_eval *e = &u->train_ev;
	if (e->version != n->version)
		train_eval_start(e, n);
	if (!e->done) {
		train_eval_work(e, n, work);
		return false;
	}
	if (u->fit_version != n->version) {
		u->fit_version = n->version;
		u->fit_next = 0;
	}
	if (u->fit_next < u->fit_n) {
		for (int i = 0; i < work && u->fit_next < u->fit_n; i++, u->fit_next++)
			u->fit_y[u->fit_next] = train_predict(n, u->fit_x[u->fit_next]);
		return u->fit_next == u->fit_n;
	}
	return true;
}

/* The frame worked out is what the pane shows from now on. */
static void publish(ui *u)
{
	const train_net *n = &u->trainer;
	u->train_shown = n->version;
	u->train_shown_step = n->steps;
	u->train_loss = u->train_ev.loss;
	u->train_dead = u->train_ev.dead;
	u->train_units = u->train_ev.units;
	u->train_framing = false;
	u->train_frame_ms = now_ms();
	if (n->steps >= u->train_step_to)
		u->train_step_to = 0;
}

bool ui_train_slice(ui *u, double budget_ms)
{
	if (!sync(u))
		return false;
	train_net *n = &u->trainer;
	double start = now_ms(), end = start + budget_ms;
	if (u->train_running && !u->train_framing && start - u->train_frame_ms >= TRAIN_FRAME_MS)
		u->train_framing = true;
	do {
		if (stepping(u)) {
			train_work(n, CLOCK_EVERY);
		} else if (u->train_shown == n->version) {
			return false;   /* drawn already: nothing to do */
		} else if (prepare(u, CLOCK_EVERY)) {
			publish(u);
			return true;
		}
	} while (now_ms() < end);
	return false;
}

void ui_train_advance(ui *u, long steps)
{
	if (!sync(u) || !u->train_running)
		return;
	/* the loss under way first: train_run counts a step that only
	 * finishes one as a step */
	while (!train_settle(&u->trainer, TRAIN_MAX_POINTS))
		;
	train_run(&u->trainer, steps);
}

void ui_train_finish(ui *u)
{
	if (u->view != UI_VIEW_TRAIN || !sync(u))
		return;
	train_net *n = &u->trainer;
	while (n->state == TRAIN_OK && n->steps < u->train_step_to)
		train_work(n, TRAIN_MAX_POINTS);
	if (u->train_shown == n->version)
		return;
	while (!prepare(u, TRAIN_MAX_POINTS))
		;
	publish(u);
}

/* ---- keys and commands ------------------------------------------------- */

static void say(ui *u, const char *s)
{
	snprintf(u->msg, sizeof u->msg, "%s", s);
}

void ui_train_cmd(ui *u, const char *what)
{
	if (u->view != UI_VIEW_TRAIN) {
		u->view = UI_VIEW_TRAIN;
		u->ncompare = 0;
		if (u->layout == UI_LESSON_ONLY)
			u->layout = UI_BOTH;
	}
	if (!sync(u)) {
		say(u, "out of memory for the network");
		return;
	}
	if (!strcmp(what, "run")) {
		u->train_running = true;
		if (u->trainer.state == TRAIN_DIVERGED)
			say(u, "the loss diverged: lower the learning rate (e), then R");
	} else if (!strcmp(what, "pause")) {
		u->train_running = false;
	} else if (!strcmp(what, "step")) {
		/* done in slices: the step of a large network takes long */
		u->train_running = false;
		u->train_framing = false;
		if (u->trainer.state == TRAIN_OK)
			u->train_step_to = (u->train_step_to > u->trainer.steps ? u->train_step_to
			                                                        : u->trainer.steps) + 1;
	} else if (!strcmp(what, "restart")) {
		train_free(&u->trainer);
		if (!sync(u))
			say(u, "out of memory for the network");
	}
}

void ui_train_key(ui *u, int key)
{
	if (u->view != UI_VIEW_TRAIN) {
		snprintf(u->msg, sizeof u->msg, "%c is a key of the training view: :view train", key);
		return;
	}
	lab_action a;
	switch (key) {
	case 'c': ui_train_cmd(u, u->train_running ? "pause" : "run"); return;
	case '.': ui_train_cmd(u, "step"); return;
	case 'R': ui_train_cmd(u, "restart"); return;
	case 'T': a = LAB_TARGET_NEXT; break;
	case 'e': a = LAB_LR_DOWN; break;
	case 'E': a = LAB_LR_UP; break;
	case 'y': a = LAB_WIDTH_DOWN; break;
	case 'Y': a = LAB_WIDTH_UP; break;
	case 'd': a = LAB_LAYERS_DOWN; break;
	case 'D': a = LAB_LAYERS_UP; break;
	default: return;
	}
	/* the next frame builds the network again */
	lab_do(&u->lab, a, u->msg, sizeof u->msg);
}

/* ---- drawing ------------------------------------------------------------ */

/* The curve at x: from the values worked out for this frame when x is
 * the next of the x values the last full draw took, else computed (and,
 * on a draw that records them, kept for the next frames). */
static double net_at(void *ctx, double x)
{
	ui *u = ctx;
	const train_net *n = &u->trainer;
	int k = u->fit_cursor++;
	if (!u->fit_recording && u->fit_version == n->version && k < u->fit_next &&
	    u->fit_x[k] == x)
		return u->fit_y[k];
	double y = train_predict(n, x);
	if (u->fit_recording) {
		if (k >= u->fit_cap && k < FIT_MAX) {
			int cap = u->fit_cap ? 2 * u->fit_cap : 256;
			double *nx = realloc(u->fit_x, (size_t)cap * sizeof *nx);
			if (nx)
				u->fit_x = nx;
			double *ny = nx ? realloc(u->fit_y, (size_t)cap * sizeof *ny) : NULL;
			if (ny) {
				u->fit_y = ny;
				u->fit_cap = cap;
			}
		}
		if (k < u->fit_cap) {
			u->fit_x[k] = x;
			u->fit_y[k] = y;
			u->fit_n = k + 1;
		}
	}
	return y;
}

static int put(grid *g, int x, int y, int maxw, const char *s, uint16_t st)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", s);
	if (maxw <= 0)
		return 0;
	if ((int)util_utf8_len(buf) > maxw)
		buf[maxw] = '\0';   /* our own texts here are ASCII */
	return grid_puts(g, x, y, buf, st);
}

/* The fitted curve over the points, drawn again only when the network,
 * the size or the charset changed. */
static int draw_fit(ui *u, int x, int y, int w, int h)
{
	const train_net *n = &u->trainer;
	grid *pg = &u->train_plot;
	bool new_shape = pg->w != w || pg->h != h || u->train_plot_cs != u->lab.cs;
	if (pg->w != w || pg->h != h) {
		grid_free(pg);
		u->train_plot_version = 0;
		if (grid_init(pg, w, h) < 0)
			return -1;
	}
	/* the curve of the published frame; a new size or charset takes other
	 * x values, which this draw records */
	if (u->train_shown && (u->train_plot_version != u->train_shown || new_shape)) {
		plot_spec s = {
			.from = TRAIN_X_MIN, .to = TRAIN_X_MAX, .f = net_at,
			.ctx = u, .legend = true, .f_label = "net(x)", .cs = u->lab.cs,
			.px = n->xs, .py = n->ys, .npoints = n->cfg.points,
			.points_label = train_target_name(n->cfg.target),
		};
		u->fit_recording = new_shape || u->fit_n == 0;
		if (u->fit_recording) {
			u->fit_n = 0;
			u->fit_version = 0;
		}
		u->fit_cursor = 0;
		u->train_plot_version = 0;
		int r = plot_draw(pg, &s);
		if (u->fit_recording) {
			u->fit_version = n->version;
			u->fit_next = u->fit_n;
		}
		u->fit_recording = false;
		if (r < 0)
			return 0;
		u->train_plot_version = u->train_shown;
		u->train_plot_cs = u->lab.cs;
	}
	for (int r = 0; r < h; r++)
		for (int c = 0; c < w; c++) {
			const cell *k = &pg->cells[(size_t)r * (size_t)w + (size_t)c];
			grid_put(&u->frame, x + c, y + r, k->ch, k->style);
		}
	return 0;
}

static void draw_readout(ui *u, int x, int y, int w, int h)
{
	const train_net *n = &u->trainer;
	const train_cfg *c = &n->cfg;
	grid *g = &u->frame;
	char v[12][40];
	const char *lbl[12];
	uint16_t st[12];
	int k = 0;
#define ROW(label, style) (lbl[k] = label, st[k] = style, v[k++])
	bool diverged = n->state == TRAIN_DIVERGED;
	snprintf(ROW("state", (uint16_t)(ST_BOLD | (diverged ? ST_BAD : 0))), 40, "%s",
	         diverged ? "diverged" : u->train_running ? "running" : "paused");
	/* the frame published: the step, loss and dead units of one version
	 * of the network, worked out in slices; "..." until the first */
	bool shown = u->train_shown != 0;
	if (shown)
		snprintf(ROW("step", ST_BOLD), 40, "%ld", u->train_shown_step);
	else
		snprintf(ROW("step", ST_BOLD), 40, "%ld", n->steps);
	int units = u->train_units, dead = u->train_dead;
	double loss = u->train_loss;
	if (!shown)
		snprintf(ROW("loss", ST_NONE), 40, "...");
	else if (isfinite(loss))
		num_sig(loss, 4, ROW("loss", ST_BOLD), 40);
	else
		snprintf(ROW("loss", ST_BAD), 40, "not finite");
	if (shown)
		snprintf(ROW("dead", dead ? ST_BAD : ST_NONE), 40, "%d of %d", dead, units);
	else
		snprintf(ROW("dead", ST_NONE), 40, "...");
	num_sig(c->lr, 4, ROW("lr", ST_NONE), 40);
	num_sig(c->momentum, 4, ROW("momentum", ST_NONE), 40);
	snprintf(ROW("batch", ST_NONE), 40, "%d of %d", c->batch < c->points ? c->batch : c->points,
	         c->points);
	snprintf(ROW("width", ST_NONE), 40, "%d", c->width);
	snprintf(ROW("layers", ST_NONE), 40, "%d", c->layers);
	snprintf(ROW("target", ST_NONE), 40, "%s", train_target_name(c->target));
	snprintf(ROW("init", ST_NONE), 40, "%s", train_init_name(c->init));
	if (c->noise > 0)
		num_sig(c->noise, 3, ROW("noise", ST_NONE), 40);
	else
		snprintf(ROW("seed", ST_NONE), 40, "%lu", c->seed);
#undef ROW
	for (int i = 0; i < k && i < h; i++) {
		put(g, x, y + i, LABEL_W - 1, lbl[i], ST_LABEL);
		put(g, x + LABEL_W, y + i, w - LABEL_W, v[i], st[i]);
	}
}

static void pow10_label(double e, char *buf, size_t len)
{
	if (e == 0)
		snprintf(buf, len, "1");
	else
		snprintf(buf, len, "1e%.0f", e);
}

/* The loss so far: one bar per column (the last value of the steps it
 * covers), its height log10 of the loss between the decades around the
 * smallest and largest value seen. */
static void draw_loss(ui *u, int x, int y, int w, int h)
{
	static const uint32_t ascii_bar[9] = { ' ', '_', '_', '_', '=', '=', '=', '#', '#' };
	static const uint32_t utf8_bar[9] = {
		' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588,
	};
	const uint32_t *bar = u->ascii ? ascii_bar : utf8_bar;
	const train_net *n = &u->trainer;
	grid *g = &u->frame;
	char buf[96];
	int area = w - GUTTER, rows = h - 2;
	if (area < 1 || rows < 1)
		return;
	snprintf(buf, sizeof buf, "loss (mean squared error), log scale, steps 0 to %ld", n->steps);
	put(g, x, y, w, buf, ST_LABEL);
	int N = n->nhist, cols = N < area ? N : area;
	double lo = INFINITY, hi = -INFINITY;
	for (int i = 0; i < N; i++) {
		if (isfinite(n->hist[i]) && n->hist[i] > 0) {
			lo = fmin(lo, floor(log10(n->hist[i])));
			hi = fmax(hi, ceil(log10(n->hist[i])));
		}
	}
	if (!(lo < hi)) {
		lo = isfinite(lo) ? lo - 1 : -1;
		hi = lo + 2;
	}
	int bottom = y + rows, eighths = rows * 8;
	for (int c = 0; c < cols; c++) {
		double v = n->hist[(long)(c + 1) * N / cols - 1];
		int bx = x + GUTTER + c;
		if (!isfinite(v)) {
			grid_put(g, bx, bottom, '!', ST_BAD | ST_BOLD);
			continue;
		}
		int e = v > 0 ? (int)lround((log10(v) - lo) / (hi - lo) * eighths) : 0;
		if (e < 1)
			e = 1;
		if (e > eighths)
			e = eighths;
		for (int i = 0; i < rows && e - 8 * i > 0; i++) {
			int f = e - 8 * i;
			grid_put(g, bx, bottom - i, bar[f > 8 ? 8 : f], ST_F);
		}
	}
	int lw = GUTTER - 1;
	pow10_label(hi, buf, sizeof buf);
	put(g, x + lw - (int)strlen(buf), y + 1, lw, buf, ST_LABEL);
	pow10_label(lo, buf, sizeof buf);
	if (rows > 1)
		put(g, x + lw - (int)strlen(buf), bottom, lw, buf, ST_LABEL);
	int ay = y + h - 1;
	put(g, x + GUTTER - 6, ay, 5, "step", ST_LABEL);
	put(g, x + GUTTER, ay, 1, "0", ST_LABEL);
	if (cols > 1) {
		snprintf(buf, sizeof buf, "%ld", n->steps);
		int len = (int)strlen(buf), lx = x + GUTTER + cols - len;
		if (lx > x + GUTTER + 1)
			put(g, lx, ay, len, buf, ST_LABEL);
	}
}

int ui_train_draw(ui *u, int x, int y, int w, int h)
{
	grid *g = &u->frame;
	uint32_t hl = u->ascii ? '-' : 0x2500;
	for (int i = 0; i < w; i++)
		grid_put(g, x + i, y, hl, ST_AXIS);
	if (!sync(u)) {
		put(g, x + 2, y + 1, w - 4, "out of memory for the network", ST_BAD);
		return 0;
	}
	const train_cfg *c = &u->trainer.cfg;
	/* the shape as units per layer: 1-32-32-1 */
	char shape[48] = "1", t[128];
	for (int k = 0; k < c->layers; k++)
		snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "-%d", c->width);
	snprintf(t, sizeof t, " train %s on %s: %s-1 ", u->lab.act->name,
	         train_target_name(c->target), shape);
	int tx = x + 2;
	tx += put(g, tx, y, w - 4, t, ST_BOLD);
	const char *keys = " c run/pause  . step  R restart ";
	if (tx + 2 + (int)strlen(keys) <= x + w - 2)
		put(g, x + w - 2 - (int)strlen(keys), y, (int)strlen(keys), keys, ST_LABEL);
	int sh = h < 16 ? 4 : h <= 18 ? 5 : h / 4 > 12 ? 12 : h / 4 < 5 ? 5 : h / 4;
	int ph = h - 1 - sh, pw = w - READOUT_W - 1;
	if (draw_fit(u, x, y + 1, pw, ph) < 0)
		return -1;
	draw_readout(u, x + pw + 1, y + 1, READOUT_W, ph);
	draw_loss(u, x, y + 1 + ph, w, sh);
	return 0;
}
