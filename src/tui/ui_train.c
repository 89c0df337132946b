/* ui_train.c - the training view (`view train`): a small network learning
 * the lab's target with the lab's activation, trained in slices between
 * frames so that keys are read at least every few milliseconds.
 *
 * The pane: a title row; the fitted curve over the training points, with
 * a readout of the state and the settings to its right; under them the
 * loss over the steps so far, as bars on a log scale. The network is
 * rebuilt whenever what it was built from no longer matches the lab.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "num.h"
#include "plot.h"
#include "draw.h"
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

extern const view_ops view_train;

typedef struct train_view {
	train_net trainer;   /* nparams 0: not built yet */
	train_net rival;     /* `set race`: the second activation, nparams 0: none */
	bool train_running;
	/* `set pace`: the step and the time it was at when the count began */
	long pace_steps0;
	double pace_t0;
	long pace_of;        /* the pace that count is for, -1: none begun */
	/* what the view drew for a version of the network, kept while it does
	 * not change (a paused network of 256x3 units on 1024 points takes
	 * tens of milliseconds to draw) */
	grid train_plot;
	unsigned long train_plot_version;
	charset train_plot_cs;
	/* A frame shows one version of the network, worked out in slices
	 * between keys: the loss and dead units over every point, the fitted
	 * curve at the x values the plot takes (fit_x, as the last full draw
	 * asked for them), and the history's loss. Once all is there it is
	 * published (train_shown, and what the readout shows) and drawn. While
	 * running, training holds still for that (train_framing) every
	 * TRAIN_FRAME_MS; `.` trains up to step train_step_to. */
	train_eval train_ev;
	double *fit_x, *fit_y;
	int fit_n, fit_cap, fit_next, fit_cursor;
	unsigned long fit_version;
	bool fit_recording;
	unsigned long train_shown;   /* 0: nothing published for this network */
	long train_shown_step, train_step_to;
	bool train_framing;
	bool train_oom;              /* the last build ran out of memory */
	double train_frame_ms;
	double train_loss;
	int train_dead, train_units;
	train_eval rival_ev;         /* the rival's loss and dead units, in slices */
	unsigned long rival_shown;   /* the rival's version in the frame published */
	double rival_loss;
	int rival_dead;
} train_view;

static train_view *tv(const ui *u)
{
	return ui_view_state(u, &view_train);
}

/* ---- the network follows the lab -------------------------------------- */

static bool stale(const ui *u)
{
	const lab *l = &u->lab;
	const train_net *n = &tv(u)->trainer;
	return n->nparams == 0 || n->act != l->act || n->p != l->p ||
	       !train_cfg_equal(&n->cfg, &l->train);
}

/* The rival races with its default parameter on the lab's settings, so
 * the two differ in the activation only: the same data, the same seed. */
static bool rival_stale(const ui *u)
{
	const lab *l = &u->lab;
	const train_net *n = &tv(u)->rival;
	if (!l->race)
		return n->nparams != 0;
	return n->nparams == 0 || n->act != l->race || n->p != act_param_default(l->race) ||
	       !train_cfg_equal(&n->cfg, &l->train);
}

/* Build the networks again when the lab moved; false when out of memory
 * (the view then says so, and nothing runs). Both start again together,
 * so a race is always from step 0 for both. */
static bool sync(ui *u)
{
	if (!stale(u) && !rival_stale(u))
		return true;
	train_free(&tv(u)->trainer);
	train_free(&tv(u)->rival);
	tv(u)->pace_of = -1;
	/* nothing of the last networks is shown with these */
	tv(u)->train_shown = 0;
	tv(u)->rival_shown = 0;
	tv(u)->train_step_to = 0;
	tv(u)->train_framing = false;
	tv(u)->fit_version = 0;
	/* their losses at step 0 are worked out in slices like every later one */
	if (train_init_begin(&tv(u)->trainer, u->lab.act, u->lab.p, &u->lab.train) < 0 ||
	    (u->lab.race && train_init_begin(&tv(u)->rival, u->lab.race,
	                                     act_param_default(u->lab.race), &u->lab.train) < 0)) {
		train_free(&tv(u)->trainer);
		train_free(&tv(u)->rival);
		tv(u)->train_running = false;
		tv(u)->train_oom = true;
		return false;
	}
	tv(u)->train_oom = false;
	return true;
}

/* What was drawn, kept for the next frames: the plot and the curve's
 * values. Let go when another view is shown (the network stays, paused
 * or running as it was). */
static void free_drawn(ui *u)
{
	grid_free(&tv(u)->train_plot);
	tv(u)->train_plot_version = 0;
	free(tv(u)->fit_x);
	free(tv(u)->fit_y);
	tv(u)->fit_x = tv(u)->fit_y = NULL;
	tv(u)->fit_n = tv(u)->fit_cap = tv(u)->fit_next = 0;
	tv(u)->fit_version = 0;
}

static void train_free_view(ui *u)
{
	train_free(&tv(u)->trainer);
	train_free(&tv(u)->rival);
	free_drawn(u);
	tv(u)->train_shown = 0;
	tv(u)->rival_shown = 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A step begun (its gradient or its loss under way) is finished before
 * the pace is asked again. */
static bool mid_step(const train_net *n)
{
	return n->in_loss || n->done > 0;
}

/* The rival is kept at the lab network's step: it never gets ahead, nor
 * more than a step behind, and finishes the loss its step records. */
static bool rival_due(const ui *u)
{
	const train_net *a = &tv(u)->trainer, *b = &tv(u)->rival;
	return b->nparams && b->state == TRAIN_OK && (b->steps < a->steps || b->in_loss);
}

/* The frame shown is of both networks as they are now. */
static bool drawn(const ui *u)
{
	return tv(u)->train_shown == tv(u)->trainer.version &&
	       (!tv(u)->rival.nparams || tv(u)->rival_shown == tv(u)->rival.version);
}

/* The steps the pace allows by time t (LONG_MAX without a pace). The
 * count begins again after a stall of more than a second (the prompt was
 * open, the machine was busy), so no burst of steps makes up for it. */
static long pace_allows(ui *u, double t)
{
	long pace = u->lab.pace;
	if (pace <= 0)
		return LONG_MAX;
	long due = tv(u)->pace_steps0 + (long)((t - tv(u)->pace_t0) * (double)pace / 1e3);
	if (tv(u)->pace_of != pace || due - tv(u)->trainer.steps > pace) {
		tv(u)->pace_of = pace;
		tv(u)->pace_steps0 = tv(u)->trainer.steps;
		tv(u)->pace_t0 = t;
		due = tv(u)->trainer.steps;
	}
	/* the first step at once, then at the pace */
	return due + 1;
}

/* Whether the lab network trains now: running and not holding still for
 * a frame, at the pace; or short of the step `.` asked for. */
static bool stepping(ui *u, double t)
{
	train_net *n = &tv(u)->trainer;
	if (n->state != TRAIN_OK)
		return false;
	if (n->steps < tv(u)->train_step_to)
		return true;
	return tv(u)->train_running && !tv(u)->train_framing &&
	       (mid_step(n) || n->steps < pace_allows(u, t));
}

static bool train_busy(const ui *u)
{
	if (u->mode == UI_PROMPT)
		return false;
	if (stale(u) || rival_stale(u))
		return !tv(u)->train_oom;   /* built again by the next slice, unless it
		                         * just could not be: each frame tries again */
	const train_net *n = &tv(u)->trainer;
	if (n->nparams == 0)
		return false;  /* out of memory: the pane says so */
	return (tv(u)->train_running && n->state == TRAIN_OK) || n->steps < tv(u)->train_step_to ||
	       rival_due(u) || !drawn(u);
}

static int train_wait_ms(ui *u)
{
	long pace = u->lab.pace;
	train_net *n = &tv(u)->trainer;
	if (pace <= 0 || !tv(u)->train_running || n->state != TRAIN_OK)
		return 0;
	double t = now_ms();
	if (stepping(u, t) || rival_due(u) || tv(u)->train_framing)
		return 0;
	/* pace_allows lets step n start once n - steps0 steps' time is past */
	double next = tv(u)->pace_t0 + (double)(n->steps - tv(u)->pace_steps0) * 1e3 / (double)pace;
	/* a step not drawn yet is drawn when its frame is due */
	if (!drawn(u) && tv(u)->train_frame_ms + TRAIN_FRAME_MS < next)
		next = tv(u)->train_frame_ms + TRAIN_FRAME_MS;
	return next > t ? (int)ceil(next - t) : 0;
}

/* About `work` samples toward the frame of the networks as they are now:
 * the history's loss, then the readout's loss and dead units, then the
 * curve, then the rival's loss and dead units; true when all of it is
 * there. */
static bool prepare(ui *u, int work)
{
	train_net *n = &tv(u)->trainer;
	if (!train_settle(n, work))
		return false;
	train_eval *e = &tv(u)->train_ev;
	if (e->version != n->version)
		train_eval_start(e, n);
	if (!e->done) {
		train_eval_work(e, n, work);
		return false;
	}
	if (tv(u)->fit_version != n->version) {
		tv(u)->fit_version = n->version;
		tv(u)->fit_next = 0;
	}
	if (tv(u)->fit_next < tv(u)->fit_n) {
		for (int i = 0; i < work && tv(u)->fit_next < tv(u)->fit_n; i++, tv(u)->fit_next++)
			tv(u)->fit_y[tv(u)->fit_next] = train_predict(n, tv(u)->fit_x[tv(u)->fit_next]);
		return false;
	}
	train_net *r = &tv(u)->rival;
	if (r->nparams) {
		if (!train_settle(r, work))
			return false;
		train_eval *re = &tv(u)->rival_ev;
		if (re->version != r->version)
			train_eval_start(re, r);
		if (!re->done) {
			train_eval_work(re, r, work);
			return false;
		}
	}
	return true;
}

/* The frame worked out is what the pane shows from now on. */
static void publish(ui *u)
{
	const train_net *n = &tv(u)->trainer;
	tv(u)->train_shown = n->version;
	tv(u)->train_shown_step = n->steps;
	tv(u)->train_loss = tv(u)->train_ev.loss;
	tv(u)->train_dead = tv(u)->train_ev.dead;
	tv(u)->train_units = tv(u)->train_ev.units;
	if (tv(u)->rival.nparams) {
		tv(u)->rival_shown = tv(u)->rival.version;
		tv(u)->rival_loss = tv(u)->rival_ev.loss;
		tv(u)->rival_dead = tv(u)->rival_ev.dead;
	}
	tv(u)->train_framing = false;
	tv(u)->train_frame_ms = now_ms();
	if (n->steps >= tv(u)->train_step_to)
		tv(u)->train_step_to = 0;
}

static bool train_slice(ui *u, double budget_ms)
{
	if (!sync(u))
		return false;
	train_net *n = &tv(u)->trainer;
	double start = now_ms(), end = start + budget_ms;
	if (tv(u)->train_running && !tv(u)->train_framing && start - tv(u)->train_frame_ms >= TRAIN_FRAME_MS)
		tv(u)->train_framing = true;
	do {
		double t = now_ms();
		if (rival_due(u)) {
			train_work(&tv(u)->rival, CLOCK_EVERY);
		} else if (stepping(u, t)) {
			train_work(n, CLOCK_EVERY);
		} else if (drawn(u)) {
			/* drawn already: a frame held for is not owed, so training
			 * goes on (a run started long after the last frame would
			 * otherwise hold still for ever) */
			if (!tv(u)->train_framing)
				return false;
			tv(u)->train_framing = false;
		} else if (tv(u)->train_running && !tv(u)->train_framing && n->state == TRAIN_OK) {
			/* paced, between steps: the frame waits for its time, so a
			 * slow link gets at most one every TRAIN_FRAME_MS */
			if (t - tv(u)->train_frame_ms < TRAIN_FRAME_MS)
				return false;
			tv(u)->train_framing = true;
		} else if (prepare(u, CLOCK_EVERY)) {
			publish(u);
			return true;
		}
	} while (now_ms() < end);
	return false;
}

static void train_advance(ui *u, long steps)
{
	if (!sync(u) || !tv(u)->train_running)
		return;
	/* the losses under way first: train_run counts a step that only
	 * finishes one as a step */
	while (!train_settle(&tv(u)->trainer, TRAIN_MAX_POINTS))
		;
	while (tv(u)->rival.nparams && !train_settle(&tv(u)->rival, TRAIN_MAX_POINTS))
		;
	/* a paced run takes the steps of one frame every 100 ms */
	if (u->lab.pace > 0)
		steps = u->lab.pace / 10 > 0 ? u->lab.pace / 10 : 1;
	train_run(&tv(u)->trainer, steps);
	if (tv(u)->rival.nparams)
		train_run(&tv(u)->rival, tv(u)->trainer.steps - tv(u)->rival.steps);
}

static void train_finish(ui *u)
{
	if (!sync(u))
		return;
	train_net *n = &tv(u)->trainer;
	while (n->state == TRAIN_OK && n->steps < tv(u)->train_step_to)
		train_work(n, TRAIN_MAX_POINTS);
	while (rival_due(u))
		train_work(&tv(u)->rival, TRAIN_MAX_POINTS);
	if (drawn(u))
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
	if (u->view != &view_train) {
		u->view = &view_train;
		u->ncompare = 0;
		if (u->layout == UI_LESSON_ONLY)
			u->layout = UI_BOTH;
	}
	if (!sync(u)) {
		say(u, "out of memory for the network");
		return;
	}
	if (!strcmp(what, "run")) {
		tv(u)->train_running = true;
		tv(u)->pace_of = -1;   /* the pace counts from now */
		if (tv(u)->trainer.state == TRAIN_DIVERGED)
			say(u, "the loss diverged: lower the learning rate (e), then R");
	} else if (!strcmp(what, "pause")) {
		tv(u)->train_running = false;
	} else if (!strcmp(what, "step")) {
		/* done in slices: the step of a large network takes long */
		tv(u)->train_running = false;
		tv(u)->train_framing = false;
		if (tv(u)->trainer.state == TRAIN_OK)
			tv(u)->train_step_to = (tv(u)->train_step_to > tv(u)->trainer.steps ? tv(u)->train_step_to
			                                                        : tv(u)->trainer.steps) + 1;
	} else if (!strcmp(what, "restart")) {
		train_free(&tv(u)->trainer);
		if (!sync(u))
			say(u, "out of memory for the network");
	}
}

/* c: run or pause, as `train run` and `train pause` */
static void train_run_pause(ui *u, int arg)
{
	(void)arg;
	ui_train_cmd(u, tv(u)->train_running ? "pause" : "run");
}

/* ---- drawing ------------------------------------------------------------ */

/* The curve at x: from the values worked out for this frame when x is
 * the next of the x values the last full draw took, else computed (and,
 * on a draw that records them, kept for the next frames). */
static double net_at(void *ctx, double x)
{
	ui *u = ctx;
	const train_net *n = &tv(u)->trainer;
	int k = tv(u)->fit_cursor++;
	if (!tv(u)->fit_recording && tv(u)->fit_version == n->version && k < tv(u)->fit_next &&
	    tv(u)->fit_x[k] == x)
		return tv(u)->fit_y[k];
	double y = train_predict(n, x);
	if (tv(u)->fit_recording) {
		if (k >= tv(u)->fit_cap && k < FIT_MAX) {
			int cap = tv(u)->fit_cap ? 2 * tv(u)->fit_cap : 256;
			double *nx = realloc(tv(u)->fit_x, (size_t)cap * sizeof *nx);
			if (nx)
				tv(u)->fit_x = nx;
			double *ny = nx ? realloc(tv(u)->fit_y, (size_t)cap * sizeof *ny) : NULL;
			if (ny) {
				tv(u)->fit_y = ny;
				tv(u)->fit_cap = cap;
			}
		}
		if (k < tv(u)->fit_cap) {
			tv(u)->fit_x[k] = x;
			tv(u)->fit_y[k] = y;
			tv(u)->fit_n = k + 1;
		}
	}
	return y;
}

/* The rival's curve, computed as it is drawn. */
static double rival_at(void *ctx, double x)
{
	return train_predict(ctx, x);
}

/* The fitted curve over the points, drawn again only when the network,
 * the size or the charset changed. */
static int draw_fit(ui *u, int x, int y, int w, int h)
{
	const train_net *n = &tv(u)->trainer;
	grid *pg = &tv(u)->train_plot;
	bool new_shape = pg->w != w || pg->h != h || tv(u)->train_plot_cs != u->lab.cs;
	if (pg->w != w || pg->h != h) {
		grid_free(pg);
		tv(u)->train_plot_version = 0;
		if (grid_init(pg, w, h) < 0)
			return -1;
	}
	const train_net *r = &tv(u)->rival;
	/* the two published versions in one key: either network moving draws
	 * again */
	unsigned long key = tv(u)->train_shown * 1000003UL + (r->nparams ? tv(u)->rival_shown + 1 : 0);
	/* the curve of the published frame; a new size or charset takes other
	 * x values, which this draw records */
	if (tv(u)->train_shown && (tv(u)->train_plot_version != key || new_shape)) {
		char la[48], lb[48];
		snprintf(la, sizeof la, "%s net", n->act->name);
		snprintf(lb, sizeof lb, "%s net", r->nparams ? r->act->name : "");
		plot_curve rc = { rival_at, (void *)r, lb };
		plot_spec s = {
			.from = TRAIN_X_MIN, .to = TRAIN_X_MAX, .f = net_at,
			.ctx = u, .legend = true, .f_label = r->nparams ? la : "net(x)",
			.cs = u->lab.cs, .px = n->xs, .py = n->ys, .npoints = n->cfg.points,
			.points_label = train_target_name(n->cfg.target),
			.extra = r->nparams ? &rc : NULL, .nextra = r->nparams ? 1 : 0,
		};
		tv(u)->fit_recording = new_shape || tv(u)->fit_n == 0;
		if (tv(u)->fit_recording) {
			tv(u)->fit_n = 0;
			tv(u)->fit_version = 0;
		}
		tv(u)->fit_cursor = 0;
		tv(u)->train_plot_version = 0;
		int drew = plot_draw(pg, &s);
		if (tv(u)->fit_recording) {
			tv(u)->fit_version = n->version;
			tv(u)->fit_next = tv(u)->fit_n;
		}
		tv(u)->fit_recording = false;
		if (drew < 0)
			return 0;
		tv(u)->train_plot_version = key;
		tv(u)->train_plot_cs = u->lab.cs;
	}
	for (int row = 0; row < h; row++)
		for (int c = 0; c < w; c++) {
			const cell *k = &pg->cells[(size_t)row * (size_t)w + (size_t)c];
			grid_put(&u->frame, x + c, y + row, k->ch, k->style);
		}
	return 0;
}

static void draw_readout(ui *u, int x, int y, int w, int h)
{
	const train_net *n = &tv(u)->trainer;
	const train_cfg *c = &n->cfg;
	grid *g = &u->frame;
	char v[16][40];
	const char *lbl[16];
	uint16_t st[16];
	bool in_title[16];   /* the title row says it too: dropped first */
	int k = 0;
#define ROW(label, style) (lbl[k] = label, st[k] = style, in_title[k] = false, v[k++])
#define TITLED(label, style) (lbl[k] = label, st[k] = style, in_title[k] = true, v[k++])
	bool diverged = n->state == TRAIN_DIVERGED;
	snprintf(ROW("state", (uint16_t)(ST_BOLD | (diverged ? ST_BAD : 0))), 40, "%s",
	         diverged ? "diverged" : tv(u)->train_running ? "running" : "paused");
	/* the frame published: the step, loss and dead units of one version
	 * of the network, worked out in slices; "..." until the first */
	bool shown = tv(u)->train_shown != 0;
	if (shown)
		snprintf(ROW("step", ST_BOLD), 40, "%ld", tv(u)->train_shown_step);
	else
		snprintf(ROW("step", ST_BOLD), 40, "%ld", n->steps);
	int units = tv(u)->train_units, dead = tv(u)->train_dead;
	double loss = tv(u)->train_loss;
	if (!shown)
		snprintf(ROW("loss", ST_NONE), 40, "...");
	else if (isfinite(loss))
		num_sig(loss, 4, ROW("loss", ST_BOLD), 40);
	else
		snprintf(ROW("loss", ST_BAD), 40, "not finite");
	if (n->fit_step >= 0)
		snprintf(ROW("< 0.01 at", ST_NONE), 40, "step %ld", n->fit_step);
	else
		snprintf(ROW("< 0.01 at", ST_NONE), 40, "%s", u->ascii ? "-" : "\u2014");
	if (shown)
		snprintf(ROW("dead", dead ? ST_BAD : ST_NONE), 40, "%d of %d", dead, units);
	else
		snprintf(ROW("dead", ST_NONE), 40, "...");
	const train_net *r = &tv(u)->rival;
	if (r->nparams) {
		/* the rival's own loss and dead units, under its name, of the
		 * frame published */
		snprintf(ROW("vs", ST_BOLD), 40, "%s%s", r->act->name,
		         r->state == TRAIN_DIVERGED ? ", diverged" : "");
		if (!tv(u)->rival_shown)
			snprintf(ROW(" loss", ST_NONE), 40, "...");
		else if (isfinite(tv(u)->rival_loss))
			num_sig(tv(u)->rival_loss, 4, ROW(" loss", ST_BOLD), 40);
		else
			snprintf(ROW(" loss", ST_BAD), 40, "not finite");
		snprintf(ROW(" dead", tv(u)->rival_dead ? ST_BAD : ST_NONE), 40, "%d of %d", tv(u)->rival_dead,
		         units);
	}
	num_sig(c->lr, 4, ROW("lr", ST_NONE), 40);
	num_sig(c->momentum, 4, ROW("momentum", ST_NONE), 40);
	snprintf(ROW("batch", ST_NONE), 40, "%d of %d", c->batch < c->points ? c->batch : c->points,
	         c->points);
	snprintf(TITLED("width", ST_NONE), 40, "%d", c->width);
	snprintf(TITLED("layers", ST_NONE), 40, "%d", c->layers);
	snprintf(TITLED("target", ST_NONE), 40, "%s", train_target_name(c->target));
	snprintf(ROW("init", ST_NONE), 40, "%s", train_init_name(c->init));
	if (c->noise > 0)
		num_sig(c->noise, 3, ROW("noise", ST_NONE), 40);
	else
		snprintf(ROW("seed", ST_NONE), 40, "%lu", c->seed);
#undef ROW
#undef TITLED
	int drop = k - h;
	for (int i = 0, row = 0; i < k && row < h; i++) {
		if (drop > 0 && in_title[i]) {
			drop--;
			continue;
		}
		draw_text(g, x, y + row, LABEL_W - 1, lbl[i], ST_LABEL);
		draw_text(g, x + LABEL_W, y + row, w - LABEL_W, v[i], st[i]);
		row++;
	}
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
	const train_net *n = &tv(u)->trainer;
	grid *g = &u->frame;
	char buf[96];
	int area = w - GUTTER, rows = h - 2;
	if (area < 1 || rows < 1)
		return;
	const train_net *r = tv(u)->rival.nparams ? &tv(u)->rival : NULL;
	int N = n->nhist, cols = N < area ? N : area;
	double lo = INFINITY, hi = -INFINITY;
	for (int k = 0; k < (r ? 2 : 1); k++) {
		const train_net *t = k ? r : n;
		for (int i = 0; i < t->nhist; i++) {
			if (isfinite(t->hist[i]) && t->hist[i] > 0) {
				lo = fmin(lo, floor(log10(t->hist[i])));
				hi = fmax(hi, ceil(log10(t->hist[i])));
			}
		}
	}
	if (!(lo < hi)) {
		lo = isfinite(lo) ? lo - 1 : -1;
		hi = lo + 2;
	}
	if (r && rows > 1)
		snprintf(buf, sizeof buf, "loss, log scale, steps 0 to %ld: bars %s, %s %s", n->steps,
		         n->act->name, u->ascii ? "o" : "\u25cf", r->act->name);
	else
		snprintf(buf, sizeof buf, "loss (mean squared error), log scale, steps 0 to %ld",
		         n->steps);
	if (rows == 1) {
		/* one row of bars (a compact pane): the label gives the scale */
		draw_scale_named(buf, sizeof buf, lo, hi);
	}
	draw_text(g, x, y, w, buf, ST_LABEL);
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
	/* the rival: a mark a column at its height, over the bars (its
	 * history is recorded at the same steps, as both step together) */
	/* one row (a compact pane) has no height to set a mark above a bar:
	 * the rival's loss is then in the readout only */
	int RN = r && rows > 1 ? r->nhist : 0, rcols = RN < cols ? RN : cols;
	for (int c = 0; c < rcols; c++) {
		double v = r->hist[(long)(c + 1) * RN / rcols - 1];
		int bx = x + GUTTER + c;
		if (!isfinite(v)) {
			grid_put(g, bx, bottom, '!', ST_BAD | ST_BOLD);
			continue;
		}
		int e = v > 0 ? (int)lround((log10(v) - lo) / (hi - lo) * (rows - 1)) : 0;
		if (e < 0)
			e = 0;
		if (e > rows - 1)
			e = rows - 1;
		grid_put(g, bx, bottom - e, u->ascii ? 'o' : 0x25cf, ST_DF | ST_BOLD);
	}
	int lw = GUTTER - 1;
	draw_pow10_label(hi, buf, sizeof buf);
	if (rows > 1)
		draw_text(g, x + lw - (int)strlen(buf), y + 1, lw, buf, ST_LABEL);
	draw_pow10_label(lo, buf, sizeof buf);
	if (rows > 1)
		draw_text(g, x + lw - (int)strlen(buf), bottom, lw, buf, ST_LABEL);
	int ay = y + h - 1;
	draw_text(g, x + GUTTER - 6, ay, 5, "step", ST_LABEL);
	draw_text(g, x + GUTTER, ay, 1, "0", ST_LABEL);
	if (cols > 1) {
		snprintf(buf, sizeof buf, "%ld", n->steps);
		int len = (int)strlen(buf), lx = x + GUTTER + cols - len;
		if (lx > x + GUTTER + 1)
			draw_text(g, lx, ay, len, buf, ST_LABEL);
	}
}

static int train_draw(ui *u, int x, int y, int w, int h)
{
	grid *g = &u->frame;
	uint32_t hl = u->ascii ? '-' : 0x2500;
	for (int i = 0; i < w; i++)
		grid_put(g, x + i, y, hl, ST_AXIS);
	if (tv(u)->trainer.nparams == 0) {
		/* sync could not build it */
		draw_text(g, x + 2, y + 1, w - 4, "out of memory for the network", ST_BAD);
		return 0;
	}
	const train_cfg *c = &tv(u)->trainer.cfg;
	/* the shape as units per layer: 1-32-32-1 */
	char shape[48] = "1", t[128];
	for (int k = 0; k < c->layers; k++)
		snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "-%d", c->width);
	if (tv(u)->rival.nparams)
		snprintf(t, sizeof t, " race %s vs %s on %s: %s-1 ", u->lab.act->name,
		         tv(u)->rival.act->name, train_target_name(c->target), shape);
	else
		snprintf(t, sizeof t, " train %s on %s: %s-1 ", u->lab.act->name,
		         train_target_name(c->target), shape);
	int tx = x + 2;
	tx += draw_text(g, tx, y, w - 4, t, ST_BOLD);
	const char *keys = " c run/pause  . step  R restart ";
	if (tx + 2 + (int)strlen(keys) <= x + w - 2)
		draw_text(g, x + w - 2 - (int)strlen(keys), y, (int)strlen(keys), keys, ST_LABEL);
	/* compact (below 16 rows): one row of loss bars, as the lab's strip */
	int sh = h < 16 ? 3 : h <= 18 ? 5 : h / 4 > 12 ? 12 : h / 4 < 5 ? 5 : h / 4;
	int ph = h - 1 - sh, pw = w - READOUT_W - 1;
	if (draw_fit(u, x, y + 1, pw, ph) < 0)
		return -1;
	draw_readout(u, x + pw + 1, y + 1, READOUT_W, ph);
	draw_loss(u, x, y + 1 + ph, w, sh);
	return 0;
}

/* ---- the view ------------------------------------------------------------- */

static void train_enter(ui *u)
{
	say(u, "training: c runs and pauses, . steps, R restarts; view plot goes back");
}

static void train_sync(ui *u)
{
	sync(u);   /* out of memory: the pane says so, and each frame tries again */
}

static int train_view_work(ui *u, double budget_ms)
{
	return train_slice(u, budget_ms) ? 1 : 0;
}

static int train_finish_frame(ui *u, bool after_key)
{
	/* a fixed number of steps a key: the same screen on every machine,
	 * however fast */
	if (after_key && train_busy(u))
		train_advance(u, UI_TRAIN_HEADLESS_STEPS);
	train_finish(u);
	return 0;
}

static bool train_status(const ui *u, char *buf, size_t len)
{
	const train_view *t = tv(u);
	if (!t->trainer.nparams)
		return false;
	snprintf(buf, len, "train: %s, step %ld%s ", t->trainer.act->name, t->trainer.steps,
	         t->trainer.state == TRAIN_DIVERGED ? ", diverged"
	         : t->train_running ? "" : ", paused");
	return true;
}

static const view_key train_keys[] = {
	{ { 'c' }, "c", "c", "training view: run/pause the training", train_run_pause, 0, 0, NULL },
	{ { '.' }, ".", ".", "training view: one step (and pause)", NULL, 0, 0, "train step" },
	{ { 'R' }, "R", "R", "training view: restart from the seed's weights", NULL, 0, 0, "train restart" },
	{ { 'T' }, "T", "T", "training view: next target (abs, sin, step, ...)", NULL, 0, 0, "step target up" },
	{ { 'e' }, "e E", "e E", "training view: learning rate down/up", NULL, 0, 0, "step lr down" },
	{ { 'E' }, NULL, NULL, NULL, NULL, 0, 0, "step lr up" },
	{ { 'y' }, "y Y", "y Y", "training view: width down/up (halve, double)", NULL, 0, 0, "step width down" },
	{ { 'Y' }, NULL, NULL, NULL, NULL, 0, 0, "step width up" },
	{ { 'd' }, "d D", "d D", "training view: hidden layers down/up", NULL, 0, 0, "step layers down" },
	{ { 'D' }, NULL, NULL, NULL, NULL, 0, 0, "step layers up" },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

static const char *const train_hints[] = {
	"?", "help", "q", "quit", ":", "command", "c", "run", ".", "step", "R", "restart", "f", "full lab",
	"T", "target", "e E", "lr", "y Y", "width", "d D", "layers", "Tab", "act", NULL,
};

const view_ops view_train = {
	.name = "train", .title = "training", .state_size = sizeof(train_view),
	.gives_way_to_compare = true, .lab_keys = VIEW_KEYS_PARAM,
	.keys = train_keys, .hints = train_hints,
	.enter = train_enter, .leave = free_drawn, .sync = train_sync, .busy = train_busy, .wait_ms = train_wait_ms,
	.work = train_view_work, .finish = train_finish_frame, .draw = train_draw,
	.status = train_status, .free = train_free_view,
};
