/* ui_cost.c - the cost view (`view cost`): what f and f' of every
 * activation cost on this machine, as bars relative to relu's time, with
 * the measuring done a step at a time between key reads (cost.c measures).
 *
 * f or f' of a row takes a few milliseconds, so the key loop measures one
 * of them when no key is waiting and shows a row as soon as both are in:
 * the screen fills in while the keys keep working. The figures stay for
 * the session; m measures again.
 *
 * The bars are on a log scale: the ratios run from below 1 (identity) to
 * over 100 (gelu against a vectorised relu), and on a linear scale every
 * piecewise linear row would be the same sliver. A dotted line marks 1x,
 * relu's time. f's bars are the left column, f''s the right (in ASCII '#'
 * and '='), so they are told apart without colour.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cost.h"
#include "num.h"
#include "draw.h"
#include "ui_impl.h"

extern const view_ops view_cost;

/* The figures of this session: they stay when another view is shown. */
typedef struct cost_view {
	cost_lab costs;
	bool ready;          /* costs begun */
} cost_view;

static cost_view *cv(const ui *u)
{
	return ui_view_state(u, &view_cost);
}

#define NAME_W 13      /* a mark, the longest name (11), a blank */
#define RATIO_W 6      /* ratio_text: "0.031x", "146x" */

static bool cost_busy(const ui *u)
{
	return !(cv(u)->ready && cost_done(&cv(u)->costs));
}

static int cost_work(ui *u, double budget_ms)
{
	(void)budget_ms;   /* a row's f or f' at a time: a few ms */
	if (!cost_busy(u))
		return 0;
	if (!cv(u)->ready) {
		if (cost_init(&cv(u)->costs, cost_fixed_env()) < 0)
			return -1;
		cv(u)->ready = true;
	}
	cost_step(&cv(u)->costs);
	return 1;   /* a row may be in: show it */
}

static void cost_measure(ui *u, int arg)
{
	(void)arg;
	if (cv(u)->ready && cost_restart(&cv(u)->costs) < 0) {
		snprintf(u->msg, sizeof u->msg, "m: out of memory for the measurement");
		return;
	}
	snprintf(u->msg, sizeof u->msg, "measuring again, a row at a time");
}

static void cost_free_view(ui *u)
{
	if (cv(u)->ready)
		cost_free(&cv(u)->costs);
	cv(u)->ready = false;
}

/* ---- drawing ------------------------------------------------------------ */

/* The scale: powers of 10 around every ratio measured, at least 0.1x to
 * 100x so it does not jump about while the first rows come in. */
static void scale(const ui *u, double *lo, double *hi)
{
	*lo = -1;
	*hi = 2;
	for (size_t i = 0; cv(u)->ready && i < cv(u)->costs.n; i++) {
		for (int w = COST_F; w <= COST_DF; w++) {
			double r = cost_ratio(&cv(u)->costs, i, w);
			if (!(r > 0) || !isfinite(r))
				continue;
			double e = log10(r);
			if (floor(e) < *lo)
				*lo = floor(e);
			if (ceil(e) > *hi)
				*hi = ceil(e);
		}
	}
}

/* Column of 10^e in a bar area of width bw (0 .. bw). */
static double col_of(double e, double lo, double hi, int bw)
{
	return (e - lo) / (hi - lo) * bw;
}

static void draw_bar(const ui *u, grid *g, int x, int y, int bw, double ratio, double lo,
                     double hi, int which)
{
	static const uint32_t eighths[9] = {
		' ', 0x258f, 0x258e, 0x258d, 0x258c, 0x258b, 0x258a, 0x2589, 0x2588,
	};
	uint16_t st = which == COST_F ? ST_F : ST_DF;
	int e8 = (int)lround(col_of(log10(ratio), lo, hi, bw) * 8);
	if (e8 < 1)
		e8 = 1;   /* measured, however cheap: a sliver */
	if (e8 > bw * 8)
		e8 = bw * 8;
	for (int i = 0; i * 8 < e8; i++) {
		int f = e8 - i * 8 > 8 ? 8 : e8 - i * 8;
		uint32_t ch = u->ascii ? (which == COST_F ? '#' : '=') : eighths[f];
		grid_put(g, x + i, y, ch, st);
	}
}

/* At most RATIO_W columns: "0.031x", "8.5x", "146x", "2048x". */
static void ratio_text(double r, char *buf, size_t len)
{
	char n[24];
	if (r < 0.01)
		snprintf(n, sizeof n, "<0.01");
	else if (r >= 100)
		snprintf(n, sizeof n, "%.0f", r < 99999 ? r : 99999);
	else
		num_sig(r, r < 10 ? 2 : 3, n, sizeof n);
	snprintf(buf, len, "%sx", n);
}

/* The decades of the scale above a bar area, as far as they fit apart. */
static void draw_ticks(grid *g, int x, int y, int bw, double lo, double hi)
{
	int next = x;
	for (double e = lo; e <= hi; e++) {
		char t[16];
		if (e < 0)
			snprintf(t, sizeof t, "%gx", pow(10, e));
		else
			snprintf(t, sizeof t, "%.0fx", pow(10, e));
		int c = x + (int)lround(col_of(e, lo, hi, bw));
		int len = (int)strlen(t);
		if (c + len > x + bw + RATIO_W)
			c = x + bw + RATIO_W - len;
		if (c < next)
			continue;
		draw_text(g, c, y, len, t, ST_LABEL);
		next = c + len + 1;
	}
}

static int draw_cost(ui *u, int x, int y, int w, int h)
{
	grid *g = &u->frame;
	if (h < 4)
		return 0;
	size_t n;
	const act_def *t = act_table(&n);
	int half = (w - NAME_W) / 2;
	int bw = half - RATIO_W - 2;
	if (bw < 4)
		return 0;
	int fx = x + NAME_W, dfx = fx + half;
	double lo, hi;
	scale(u, &lo, &hi);

	draw_text(g, x + 1, y, NAME_W - 1, "time vs", ST_LABEL);
	draw_text(g, fx, y, half, u->ascii ? "f (#)" : "f", ST_BOLD);
	draw_text(g, dfx, y, half, u->ascii ? "f' (=)" : "f'", ST_BOLD);
	draw_text(g, x + 1, y + 1, NAME_W - 1, "relu's", ST_LABEL);
	draw_ticks(g, fx, y + 1, bw, lo, hi);
	draw_ticks(g, dfx, y + 1, bw, lo, hi);

	/* the rows: the current activation in view, centred when it can be */
	int rows = h - 3;
	int cur = act_index(u->lab.act);
	int top = cur - rows / 2;
	if (top > (int)n - rows)
		top = (int)n - rows;
	if (top < 0)
		top = 0;
	uint32_t one = u->ascii ? ':' : 0x250a;
	int one_col = (int)lround(col_of(0, lo, hi, bw));
	for (int k = 0; k < rows && top + k < (int)n; k++) {
		size_t i = (size_t)(top + k);
		int ry = y + 2 + k;
		bool is_cur = (int)i == cur;
		uint16_t nst = is_cur ? ST_REVERSE | ST_BOLD : ST_NONE;
		if (is_cur)
			grid_put(g, x, ry, '>', ST_BOLD);
		draw_text(g, x + 1, ry, NAME_W - 2, t[i].name, nst);
		for (int wh = COST_F; wh <= COST_DF; wh++) {
			int bx = wh == COST_F ? fx : dfx;
			double r = cv(u)->ready ? cost_ratio(&cv(u)->costs, i, wh) : NAN;
			if (isnan(r)) {
				draw_text(g, bx, ry, bw, "...", ST_DIM);
				continue;
			}
			draw_bar(u, g, bx, ry, bw, r, lo, hi, wh);
			cell *c = grid_at(g, bx + one_col, ry);
			if (c && c->ch == ' ')
				grid_put(g, bx + one_col, ry, one, ST_AXIS | ST_DIM);
			char rt[32];
			ratio_text(r, rt, sizeof rt);
			draw_text(g, bx + bw + 1, ry, RATIO_W, rt, is_cur ? ST_BOLD : ST_NONE);
		}
	}

	/* the foot: how far the measuring is, or the current row's figures */
	char foot[200];
	int fy = y + h - 1;
	size_t done = cv(u)->ready ? cv(u)->costs.ndone : 0;
	const cost_row *cr = cv(u)->ready ? &cv(u)->costs.rows[cur] : NULL;
	if (done < n) {
		snprintf(foot, sizeof foot, "measuring on this machine: %zu of %zu rows", done, n);
	} else if (cr && cr->done) {
		char a[32], b[32];
		snprintf(foot, sizeof foot, "%s: f %s ns, f' %s ns an element; rows %d-%d of %zu; "
		         "m measures again", t[cur].name, num_sig(cr->ns[COST_F], 3, a, sizeof a),
		         num_sig(cr->ns[COST_DF], 3, b, sizeof b), top + 1,
		         top + rows < (int)n ? top + rows : (int)n, n);
	}
	draw_text(g, x + 1, fy, w - 2, foot, ST_LABEL);
	return 0;
}

/* ---- the view ------------------------------------------------------------- */

static void cost_enter(ui *u)
{
	snprintf(u->msg, sizeof u->msg, "time per element on this machine, relative to relu; "
	         "Tab moves, m measures again");
}

static int cost_finish(ui *u, bool after_key)
{
	(void)after_key;
	while (cost_busy(u))
		if (cost_work(u, 0) < 0)
			return -1;
	return 0;
}

static int cost_draw(ui *u, int x, int y, int w, int h)
{
	ui_lab_title(u, x, y, w);
	return draw_cost(u, x, y + 1, w, h - 1);
}

static const view_key cost_keys[] = {
	{ { 'm' }, "m", "m", "view cost: measure again", cost_measure, 0, 0, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

static const char *const cost_hints[] = {
	"?", "help", "q", "quit", ":", "command", "n p", "lesson", "m", "measure again",
	"Tab", "next", "a", "pick", "w", "layout", "t", "contents", NULL,
};

const view_ops view_cost = {
	.name = "cost", .title = "cost", .state_size = sizeof(cost_view),
	.chain = VIEW_CHAIN_STRIP, .keys = cost_keys, .hints = cost_hints,
	.enter = cost_enter, .busy = cost_busy, .work = cost_work, .finish = cost_finish,
	.draw = cost_draw, .free = cost_free_view,
};
