/* ui_view.c - a frame in two passes. The layout (ui_layout_frame) works
 * out where the panes go and changes what a frame changes in the state:
 * the lesson laid out for its pane and a try-it line that came into view
 * applied, scroll positions kept in range, the sizes the keys page by,
 * the lab worked out for its pane. Composing then draws the whole screen
 * from that state into a grid of cells, which ui.c copies to curses, and
 * changes nothing else: drawing a frame twice draws it the same. Nothing
 * here keeps screen contents between frames: every frame is drawn in
 * full, and curses sends only the cells that differ from the last one.
 *
 * Narrow screens stack the lesson above the lab; from UI_WIDE_W columns
 * they stand side by side. The lab is a title row, the plot with the
 * readout to its right, and the per-layer strip below; the bottom two rows
 * are the status line and the key hints. Stacked on a short terminal the
 * lab is compact: each view draws what fits its height (the plot smaller,
 * the strip one row of bars), so the lesson keeps a paragraph's rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "plot.h"
#include "draw.h"
#include "ui_impl.h"
#include "util.h"

#define READOUT_W 26
#define READOUT_LABEL 10
#define STRIP_GUTTER 10
#define LAB_MIN_ROWS 12

static const glyphs *glyphs_for(const ui *u)
{
	return draw_glyphs(u->ascii);
}

/* ---- too small -------------------------------------------------------- */

static void draw_too_small(grid *g, int w, int h)
{
	char need[64], have[64];
	snprintf(need, sizeof need, "need %dx%d, have %dx%d", UI_MIN_W, UI_MIN_H, w, h);
	snprintf(have, sizeof have, "enlarge the window, or q to quit");
	const char *lines[] = { "terminal too small", need, have };
	int top = (h - 3) / 2;
	if (top < 0)
		top = 0;
	for (int i = 0; i < 3; i++) {
		int len = draw_text_width(lines[i]);
		int x = len < w ? (w - len) / 2 : 0;
		draw_text(g, x, top + i, w, lines[i], i == 0 ? ST_BOLD : ST_NONE);
	}
}

/* ---- lesson pane -------------------------------------------------------- */

/* The text of the lesson pane: a column of margin each side, the right
 * one for the scroll marks. */
static rect lesson_text(rect r)
{
	return (rect){ r.x + 1, r.y, r.w - 2, r.h };
}

/* Lay the lesson out for the pane, keep the view inside it, and set the
 * lab up by a try-it line that came into view: before any pane is drawn,
 * so the frame shows the lab and its "set up" line as they now are. */
static void layout_lesson(ui *u, rect r)
{
	rect t = lesson_text(r);
	const lesson_page *pg = ui_lesson_page(u, t.w, t.h);
	int total = pg->n;
	if (u->scroll > total - t.h)
		u->scroll = total - t.h;
	if (u->scroll < 0)
		u->scroll = 0;
	u->lesson_rows = t.h;
	u->lesson_lines = total;
	ui_lesson_viewed(u, u->scroll, t.h);
	if (!u->course.page_ok)
		ui_lesson_page(u, t.w, t.h);   /* the "set up" mark moved */
}

static void draw_lesson(const ui *u, grid *g, rect r)
{
	const glyphs *gl = glyphs_for(u);
	rect t = lesson_text(r);
	const lesson_page *pg = ui_lesson_shown(u);
	int total = u->lesson_lines;
	for (int i = 0; i < t.h && u->scroll + i < total && u->scroll + i < pg->n; i++)
		lesson_line_put(&pg->lines[u->scroll + i], g, t.x, t.y + i, t.w);
	int ml, mc, mn;
	if (ui_search_match(u, &ml, &mc, &mn) && ml >= u->scroll && ml < u->scroll + t.h) {
		for (int k = 0; k < mn; k++) {
			cell *c = grid_at(g, t.x + mc + k, t.y + ml - u->scroll);
			if (c && mc + k < t.w)
				c->style |= ST_REVERSE;
		}
	}
	/* beside an overlay a lesson mark would read as the overlay's own */
	bool overlay = u->mode == UI_HELP || u->mode == UI_CMDHELP || u->mode == UI_PICK ||
	               u->mode == UI_TOC;
	if (overlay)
		return;
	/* ASCII's marks are letters and signs ("and v" reads as a word):
	 * reversed, they stand apart from the text */
	uint16_t mark = u->ascii ? ST_BOLD | ST_REVERSE : ST_BOLD;
	if (u->scroll > 0)
		grid_put(g, r.x + r.w - 1, r.y, gl->up, mark);
	if (u->scroll + t.h < total)
		grid_put(g, r.x + r.w - 1, r.y + r.h - 1, gl->down, mark);
}

/* ---- lab pane ------------------------------------------------------------- */

static void draw_title(const ui *u, grid *g, rect r)
{
	const glyphs *gl = glyphs_for(u);
	const act_def *a = u->lab.act;
	draw_hline(g, r.x, r.y, r.w, gl->hline, ST_AXIS);
	char t[256];
	snprintf(t, sizeof t, " %s: %s ", a->name, u->ascii ? a->formula_ascii : a->formula);
	int x = r.x + 2;
	x += draw_text(g, x, r.y, r.w - 4, t, ST_BOLD);
	snprintf(t, sizeof t, " %s ", a->summary);
	if (x + 2 + draw_text_width(t) <= r.x + r.w - 2)
		draw_text(g, x + 2, r.y, r.w, t, ST_LABEL);
}

static int draw_plot(ui *u, rect r)
{
	if (u->plot.w != r.w || u->plot.h != r.h) {
		grid_free(&u->plot);
		if (grid_init(&u->plot, r.w, r.h) < 0)
			return -1;
	}
	char label[48];
	plot_spec spec;
	ui_plot_spec(u, &spec, label, sizeof label);
	if (plot_draw(&u->plot, &spec) < 0)
		return 0;
	for (int y = 0; y < r.h; y++) {
		for (int x = 0; x < r.w; x++) {
			const cell *c = &u->plot.cells[(size_t)y * (size_t)r.w + (size_t)x];
			grid_put(&u->frame, r.x + x, r.y + y, c->ch, c->style);
		}
	}
	return 0;
}

typedef struct readout_row {
	int prio;            /* 1 always shown; 2, 3 dropped first when short of rows */
	const char *label;
	char value[40];
	uint16_t style;
} readout_row;

static void draw_readout(const ui *u, grid *g, rect r)
{
	const lab *l = &u->lab;
	const chain_result *c = &l->chain;
	readout_row rows[12];
	int n = 0;
#define ROW(p, lbl, st) (rows[n] = (readout_row){ p, lbl, "", st }, rows[n++].value)
	num_sig(l->x, 4, ROW(1, "x", ST_BOLD), 40);
	num_sig(l->fx, 4, ROW(1, "f(x)", ST_NONE), 40);
	num_sig(l->dfx, 4, ROW(1, "f'(x)", ST_NONE), 40);
	if (act_has_param(l->act))
		num_sig(l->p, 4, ROW(1, l->act->param.name, ST_NONE), 40);
	else
		strcpy(ROW(2, "param", ST_DIM), "none");
	snprintf(ROW(1, "depth", ST_NONE), 40, "%ld", l->depth);
	num_sig(l->gain, 4, ROW(2, "gain", ST_NONE), 40);
	num_sig(l->bias, 4, ROW(3, "bias", ST_NONE), 40);
	num_sig(c->out, 4, ROW(1, "out", ST_NONE), 40);
	if (c->state == CHAIN_UNDEFINED)
		strcpy(ROW(1, "d out/dx", ST_BAD), "undefined");
	else
		num_sci_log10(c->grad_sign, c->log10_grad, 4, ROW(1, "d out/dx", ST_BOLD), 40);
	strcpy(ROW(1, "", (uint16_t)(ST_BOLD | (c->state == CHAIN_PASSES ? ST_GOOD : ST_BAD))),
	       chain_state_name(c->state));
	long k = c->state == CHAIN_EXPLODES ? c->explode_layer
	         : c->state == CHAIN_UNDERFLOW ? c->underflow_layer
	         : (c->state == CHAIN_VANISHES || c->state == CHAIN_DEAD) ? c->vanish_layer : 0;
	if (k > 0)
		snprintf(ROW(3, "", ST_NONE), 40, "from layer %ld", k);
#undef ROW
	/* drop the least needed rows until the rest fit */
	int shown = n;
	for (int p = 3; p > 1 && shown > r.h; p--)
		for (int i = 0; i < n; i++)
			if (rows[i].prio == p) {
				rows[i].prio = 0;
				shown--;
			}
	int y = r.y;
	for (int i = 0; i < n && y < r.y + r.h; i++) {
		if (rows[i].prio == 0)
			continue;
		draw_text(g, r.x, y, READOUT_LABEL - 1, rows[i].label, ST_LABEL);
		draw_text(g, r.x + READOUT_LABEL, y, r.w - READOUT_LABEL, rows[i].value,
		     rows[i].style);
		y++;
	}
}

/* The per-layer strip: a bar per layer (or per group of layers) whose
 * height is log10 |dh_k/dx| between lo (at most 1e-6) and hi (at least 1),
 * so vanishing bars shrink towards the floor; dead layers show an x. */
static void draw_strip(const ui *u, grid *g, rect r)
{
	const glyphs *gl = glyphs_for(u);
	const lab *l = &u->lab;
	char buf[160];

	if (l->depth == 0) {
		draw_text(g, r.x, r.y, r.w, "depth 0: no layers, so out = x and d out/dx = 1", ST_LABEL);
		return;
	}
	int n = l->nstrip;
	int area = r.w - STRIP_GUTTER;
	if (n <= 0 || area <= 0)
		return;
	if (l->depth > n) {
		long per = (l->depth + n - 1) / n;
		snprintf(buf, sizeof buf, "|dh_k/dx| per layer k, log scale; %s%ld layers a column",
		         l->depth % n ? "up to " : "", per);
	} else {
		snprintf(buf, sizeof buf, "|dh_k/dx| per layer k, log scale");
	}
	/* a zero has no place on a log scale: say what its mark means */
	bool zero = false;
	for (int c = 0; c < n; c++)
		zero = zero || l->strip[c].log10_grad == -INFINITY;
	if (zero)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "; %s: exactly 0",
		         area / n >= 2 ? "xx" : "x");
	int rows = r.h - 2;
	double lo = CHAIN_VANISH_LOG10, hi = 0;
	for (int c = 0; c < n; c++) {
		double v = l->strip[c].log10_grad;
		if (!isfinite(v))
			continue;
		if (v < lo)
			lo = floor(v);
		if (v > hi)
			hi = ceil(v);
	}
	/* one row of bars (a compact lab) has no room for a scale beside it:
	 * the label names it */
	if (rows == 1)
		draw_scale_named(buf, sizeof buf, lo, hi);
	draw_text(g, r.x, r.y, r.w, buf, ST_LABEL);
	if (rows < 1)
		return;
	int bw = area / n;
	if (bw > 3)
		bw = 3;
	if (bw < 1)
		bw = 1;
	int barw = bw == 3 ? 2 : bw;
	int bottom = r.y + rows;   /* the last bar row */
	int eighths = rows * 8;

	/* the thresholds, as dashes where no bar covers them */
	double th[2] = { CHAIN_VANISH_LOG10, CHAIN_EXPLODE_LOG10 };
	int th_row[2] = { -1, -1 };
	for (int i = 0; i < 2 && rows > 1; i++) {
		if (th[i] <= lo || th[i] >= hi)
			continue;
		int level = (int)floor((th[i] - lo) / (hi - lo) * rows);
		th_row[i] = bottom - level;
		draw_hline(g, r.x + STRIP_GUTTER, th_row[i], n * bw, gl->dash, ST_AXIS | ST_DIM);
	}
	for (int c = 0; c < n; c++) {
		const lab_strip_col *sc = &l->strip[c];
		int x = r.x + STRIP_GUTTER + c * bw;
		uint16_t st = sc->state == CHAIN_PASSES ? ST_GOOD : ST_BAD;
		if (isnan(sc->log10_grad)) {
			draw_hline(g, x, bottom, barw, '?', ST_BAD);
			continue;
		}
		if (sc->log10_grad == -INFINITY) {
			draw_hline(g, x, bottom, barw, 'x', ST_BAD);
			continue;
		}
		int e = (int)lround((sc->log10_grad - lo) / (hi - lo) * eighths);
		if (e < 1)
			e = 1;   /* a gradient, however small, is not dead: keep a sliver */
		if (e > eighths)
			e = eighths;
		for (int i = 0; i < rows; i++) {
			int f = e - 8 * i;
			if (f <= 0)
				break;
			draw_hline(g, x, bottom - i, barw, gl->bar[f > 8 ? 8 : f], st);
		}
	}
	/* the scale, left of the bars */
	int lw = STRIP_GUTTER - 1;
	draw_pow10_label(hi, buf, sizeof buf);
	if (rows > 1)
		draw_text(g, r.x + lw - draw_text_width(buf), r.y + 1, lw, buf, ST_LABEL);
	draw_pow10_label(lo, buf, sizeof buf);
	if (rows > 1)
		draw_text(g, r.x + lw - draw_text_width(buf), bottom, lw, buf, ST_LABEL);
	for (int i = 0; i < 2; i++) {
		if (th_row[i] > r.y + 1 && th_row[i] < bottom) {
			draw_pow10_label(th[i], buf, sizeof buf);
			draw_text(g, r.x + lw - draw_text_width(buf), th_row[i], lw, buf, ST_LABEL);
		}
	}
	/* the layer axis: 1 at the left, the depth under the last column, and
	 * a mark under the column where the gradient first vanished or
	 * exploded (the depth moves right of the mark when they meet) */
	int ay = r.y + r.h - 1;
	int x0 = r.x + STRIP_GUTTER;
	draw_text(g, x0 - 6, ay, 5, "layer", ST_LABEL);
	draw_text(g, x0, ay, 1, "1", ST_LABEL);
	const chain_result *cr = &l->chain;
	long k = cr->state == CHAIN_EXPLODES ? cr->explode_layer
	         : cr->state == CHAIN_PASSES ? 0 : cr->vanish_layer;
	int mark = -1;
	for (int c = 0; k > 0 && c < n; c++) {
		if (l->strip[c].k0 <= k && k <= l->strip[c].k1) {
			mark = x0 + c * bw;
			break;
		}
	}
	if (n > 1) {
		snprintf(buf, sizeof buf, "%ld", l->depth);
		int len = draw_text_width(buf);
		int lx = x0 + (n - 1) * bw;
		if (lx + len > r.x + r.w)
			lx = r.x + r.w - len;
		if (mark >= lx - len && mark < lx + len)
			lx = mark + 1 > lx ? mark + 1 : lx;
		if (lx > x0 + 1 && lx + len <= r.x + r.w)
			draw_text(g, lx, ay, len, buf, ST_LABEL);
	}
	/* under layer 1 the mark goes beside the "1" (still under that
	 * column's bar) rather than on it */
	if (mark == x0 && barw > 1)
		mark++;
	if (mark >= 0)
		grid_put(g, mark, ay, u->ascii ? '^' : 0x25b2, ST_BAD | ST_BOLD);
}

/* The lab worked out for the pane r (r.w 0: no lab pane): the chain, and
 * the strip's columns for its width. */
static int layout_lab(ui *u, rect r)
{
	if (r.w <= 0)   /* the status line still names the chain's state */
		return lab_update(&u->lab, u->lab.valid ? u->lab.key_cols : 0) < 0 ? -1 : 0;
	if (u->view == UI_VIEW_TRAIN && u->ncompare == 0)
		return 0;
	if (u->view == UI_VIEW_NET && u->ncompare == 0)   /* the chain gives the status line its state */
		return lab_update(&u->lab, 0) < 0 ? -1 : 0;
	return lab_update(&u->lab, r.w - STRIP_GUTTER) < 0 ? -1 : 0;
}

/* The lab pane. The views in their own files (training, network, cost,
 * the plot's spec) take the whole ui: they keep caches of what they drew. */
static int draw_lab(ui *u, rect r)
{
	grid *g = &u->frame;
	if (u->view == UI_VIEW_TRAIN && u->ncompare == 0)
		return ui_train_draw(u, r.x, r.y, r.w, r.h);
	draw_title(u, g, (rect){ r.x, r.y, r.w, 1 });
	if (u->view == UI_VIEW_NET && u->ncompare == 0) {
		ui_net_draw(u, g, r.x, r.y + 1, r.w, r.h - 1);
		return 0;
	}
	/* a compact lab (below 16 rows) keeps one row of bars in the strip:
	 * rows for the plot matter more there */
	int sh = r.h < 16 ? 3 : r.h <= 18 ? 5 : r.h / 4 > 12 ? 12 : r.h / 4 < 5 ? 5 : r.h / 4;
	int ph = r.h - 1 - sh;
	int pw = r.w - READOUT_W - 1;
	if (u->view == UI_VIEW_COST)
		return ui_cost_draw(u, r.x, r.y + 1, r.w, r.h - 1);
	if (draw_plot(u, (rect){ r.x, r.y + 1, pw, ph }) < 0)
		return -1;
	draw_readout(u, g, (rect){ r.x + pw + 1, r.y + 1, READOUT_W, ph });
	draw_strip(u, g, (rect){ r.x, r.y + 1 + ph, r.w, sh });
	return 0;
}

/* ---- status and hints ------------------------------------------------- */

static void draw_status(const ui *u, grid *g, int y, int w)
{
	const glyphs *gl = glyphs_for(u);
	draw_hline(g, 0, y, w, ' ', ST_REVERSE);
	char left[160];
	int n = ui_lesson_count(u);
	if (n > 0)
		snprintf(left, sizeof left, " whyrelu%s%d/%d %s", gl->sep, ui_lesson_index(u) + 1,
		         n, ui_lesson_title(u, ui_lesson_index(u)));
	else
		snprintf(left, sizeof left, " whyrelu%sno lessons", gl->sep);
	int x = draw_text(g, 0, y, w, left, ST_REVERSE | ST_BOLD);
	char right[200];
	uint16_t st = ST_REVERSE;
	if (u->msg[0]) {
		snprintf(right, sizeof right, "%s ", u->msg);
		st |= ST_BOLD;
	} else if (u->view == UI_VIEW_TRAIN && u->ncompare == 0 && u->trainer.nparams) {
		snprintf(right, sizeof right, "train: %s, step %ld%s ", u->trainer.act->name,
		         u->trainer.steps, u->trainer.state == TRAIN_DIVERGED ? ", diverged"
		         : u->train_running ? "" : ", paused");
	} else {
		const lab *l = &u->lab;
		snprintf(right, sizeof right, "lab: %s, depth %ld: %s ", l->act->name, l->depth,
		         l->valid ? chain_state_name(l->chain.state) : "");
	}
	int len = draw_text_width(right);
	if (x + 2 + len <= w)
		draw_text(g, w - len, y, len, right, st);
	else if (u->msg[0]) {
		draw_hline(g, 0, y, w, ' ', ST_REVERSE);
		/* a message matters more than the title; too long for the line
		 * (a list of completions, help set) it is cut between words, and
		 * a mark says there was more */
		if (len > w) {
			const char *more = u->ascii ? "..." : "\u2026";
			int room = w - draw_text_width(more) - 1, cols = 0, cut = 0, at_room = 0;
			/* the end of the last word that fits, with room for " …" */
			for (int i = 0; right[i] && cols <= room; i++) {
				if (right[i] == ' ' && i > 0 && right[i - 1] != ' ')
					cut = i;
				if (((unsigned char)right[i] & 0xc0) != 0x80) {
					if (cols == room)
						at_room = i;
					cols++;
				}
			}
			/* a long last word (a path) is cut inside rather than lost */
			if (cut > 0 && cut >= room * 2 / 3)
				snprintf(right + cut, sizeof right - (size_t)cut, " %s", more);
			else if (at_room > 0)
				snprintf(right + at_room, sizeof right - (size_t)at_room, "%s", more);
		}
		draw_text(g, 0, y, w, right, st);
	}
}

/* The search or answer entry: label, text, a cursor, then its keys. */
static void draw_entry(const ui *u, grid *g, int y, int w, const char *label, const char *entry,
                       const char *keys)
{
	char *shown = u->ascii ? lesson_ascii(entry) : lesson_clean(entry);
	const char *e = shown ? shown : "";
	int x = 1;
	x += draw_text(g, x, y, w - x - 1, label, ST_BOLD);
	/* a long entry scrolls left so the cursor stays on screen */
	int len = draw_text_width(e), room = w - x - 2;
	while (len > room && *e) {
		e++;
		while (((unsigned char)*e & 0xC0) == 0x80)
			e++;
		len = draw_text_width(e);   /* a wide character gives back two columns */
	}
	x += draw_text(g, x, y, room, e, ST_NONE);
	grid_put(g, x, y, ' ', ST_REVERSE);
	x += 3;
	if (x + draw_text_width(keys) < w)
		draw_text(g, x, y, w - x, keys, ST_DIM);
	free(shown);
}

/* The key hints, or the line being edited; the prompt puts the terminal
 * cursor in *cx, *cy. */
static void draw_hints(const ui *u, grid *g, int y, int w, int *cx, int *cy)
{
	char label[64];
	const char *entry, *keys;
	if (u->mode == UI_PROMPT) {
		ui_prompt_draw(u, g, y, w, cx, cy);
		return;
	}
	if (ui_entry_line(u, label, sizeof label, &entry, &keys)) {
		draw_entry(u, g, y, w, label, entry, keys);
		return;
	}
	const char *const *h = ui_hints(u);
	int x = 1;
	for (; h[0]; h += 2) {
		const char *what = h[1];
		if (!strcmp(what, "param")) {
			if (!act_has_param(u->lab.act))
				continue;
			what = u->lab.act->param.name;
		}
		if (!strcmp(what, "full lab") && u->layout == UI_LAB_ONLY)
			what = "both";   /* f now brings the lesson back */
		int need = draw_text_width(h[0]) + 1 + draw_text_width(what);
		if (x + need > w - 1)
			break;
		x += draw_text(g, x, y, need, h[0], ST_BOLD);
		x += 1;
		x += draw_text(g, x, y, w - x, what, ST_NONE);
		x += 2;
	}
}


/* ---- overlays ------------------------------------------------------------- */

/* The keys overlay's box for a w x h screen; *kw: the width of the keys
 * column. */
static rect help_box(const ui *u, int w, int h, int *kw)
{
	int n = ui_help_count();
	int ww = 0;
	*kw = 0;
	for (int i = 0; i < n; i++) {
		const char *k, *what;
		ui_help_line(u, i, &k, &what);
		if (draw_text_width(k) > *kw)
			*kw = draw_text_width(k);
		if (draw_text_width(what) > ww)
			ww = draw_text_width(what);
	}
	int bw = *kw + ww + 7;
	if (bw > w - 2)
		bw = w - 2;
	int bh = n + 2;
	if (bh > h - 2)
		bh = h - 2;
	return (rect){ (w - bw) / 2, (h - 2 - bh) / 2, bw, bh };
}

/* The rows the keys overlay shows, for paging, and its scroll kept in
 * its lines. */
static void layout_help(ui *u, int w, int h)
{
	int kw;
	rect b = help_box(u, w, h, &kw);
	int n = ui_help_count();
	u->help_rows = b.h - 2;
	u->help_lines = n;
	if (u->help_scroll > n - u->help_rows)
		u->help_scroll = n - u->help_rows;
	if (u->help_scroll < 0)
		u->help_scroll = 0;
}

static void draw_help(const ui *u, grid *g, int w, int h)
{
	int kw;
	rect b = help_box(u, w, h, &kw);
	int n = ui_help_count();
	char foot[64];
	if (u->help_rows < n)
		snprintf(foot, sizeof foot, " %d-%d of %d, j/k scroll, Space/b page ", u->help_scroll + 1,
		         u->help_scroll + u->help_rows, n);
	else
		snprintf(foot, sizeof foot, " any key closes ");
	draw_box(g, glyphs_for(u), b, " keys ", foot);
	for (int i = 0; i < u->help_rows; i++) {
		const char *k, *what;
		ui_help_line(u, u->help_scroll + i, &k, &what);
		draw_text(g, b.x + 2, b.y + 1 + i, kw, k, ST_BOLD);
		draw_text(g, b.x + 4 + kw, b.y + 1 + i, b.w - kw - 6, what, ST_NONE);
	}
}

/* The width of the pick list's box; *nw: that of the names' column. */
static int pick_width(const ui *u, int *nw)
{
	size_t count;
	const act_def *t = act_table(&count);
	int n = (int)count;
	int fw = 0, sw = 0;
	*nw = 0;
	for (int i = 0; i < n; i++) {
		const char *f = u->ascii ? t[i].formula_ascii : t[i].formula;
		if ((int)strlen(t[i].name) > *nw)
			*nw = (int)strlen(t[i].name);
		if (draw_text_width(f) > fw)
			fw = draw_text_width(f);
		if (draw_text_width(t[i].summary) > sw)
			sw = draw_text_width(t[i].summary);
	}
	int bw = *nw + fw + 8;
	return bw < sw + 4 ? sw + 4 : bw;
}

/* The pick list's first row shown, the highlighted one in view (centred
 * on the first frame), and its rows, for paging. */
static void layout_pick(ui *u, int w, int h)
{
	size_t count;
	int nw;
	act_table(&count);
	draw_list_box(w, h, pick_width(u, &nw), (int)count, u->pick, &u->pick_rows, &u->pick_top);
}

static void draw_pick(const ui *u, grid *g, int w, int h)
{
	size_t count;
	const act_def *t = act_table(&count);
	int n = (int)count;
	int nw, rows;
	/* the layout placed the first row: this only places the box */
	int top = u->pick_top;
	rect b = draw_list_box(w, h, pick_width(u, &nw), n, u->pick, &rows, &top);
	char title[48];
	snprintf(title, sizeof title, " activations (%d) ", n);
	draw_box(g, glyphs_for(u), b, title, " Enter picks, Esc closes ");
	for (int i = 0; i < rows; i++) {
		int k = top + i;
		const act_def *a = &t[k];
		int y = b.y + 1 + i;
		uint16_t st = k == u->pick ? ST_REVERSE : ST_NONE;
		if (k == u->pick)
			draw_hline(g, b.x + 1, y, b.w - 2, ' ', st);
		draw_text(g, b.x + 2, y, 1, a == u->lab.act ? "*" : " ", st);
		draw_text(g, b.x + 4, y, nw, a->name, (uint16_t)(st | ST_BOLD));
		draw_text(g, b.x + 6 + nw, y, b.w - nw - 7, u->ascii ? a->formula_ascii : a->formula, st);
	}
	const glyphs *gl = glyphs_for(u);
	draw_hline(g, b.x + 1, b.y + 1 + rows, b.w - 2, gl->hline, ST_AXIS);
	draw_text(g, b.x + 2, b.y + 2 + rows, b.w - 4, t[u->pick].summary, ST_LABEL);
}

/* The table of contents: a row per lesson (its mark, number, title) with
 * its quiz marks at the right, and the summary under a rule. */
static int toc_width(const ui *u)
{
	int n = ui_lesson_count(u);
	char row[256], marks[128], sum[128];
	int rw = 0, mw = 0;
	for (int i = 0; i < n; i++) {
		ui_toc_row(u, i, row, sizeof row, NULL);
		ui_toc_quizzes(u, i, marks, sizeof marks);
		if (draw_text_width(row) > rw)
			rw = draw_text_width(row);
		if (draw_text_width(marks) > mw)
			mw = draw_text_width(marks);
	}
	ui_toc_summary(u, sum, sizeof sum);
	int bw = rw + mw + 8;
	return bw < draw_text_width(sum) + 4 ? draw_text_width(sum) + 4 : bw;
}

/* As for the pick list: the first lesson shown, and the rows, for paging. */
static void layout_toc(ui *u, int w, int h)
{
	draw_list_box(w, h, toc_width(u), ui_lesson_count(u), u->toc, &u->toc_rows, &u->toc_top);
}

static void draw_toc(const ui *u, grid *g, int w, int h)
{
	const glyphs *gl = glyphs_for(u);
	int n = ui_lesson_count(u);
	char row[256], marks[128], sum[128];
	ui_toc_summary(u, sum, sizeof sum);
	int rows;
	int top = u->toc_top;   /* placed by the layout: this only places the box */
	rect b = draw_list_box(w, h, toc_width(u), n, u->toc, &rows, &top);
	draw_box(g, gl, b, " lessons ", " Enter opens, Esc closes ");
	for (int i = 0; i < rows; i++) {
		int k = top + i;
		int y = b.y + 1 + i;
		bool cur;
		ui_toc_row(u, k, row, sizeof row, &cur);
		ui_toc_quizzes(u, k, marks, sizeof marks);
		uint16_t st = k == u->toc ? ST_REVERSE : ST_NONE;
		if (k == u->toc)
			draw_hline(g, b.x + 1, y, b.w - 2, ' ', st);
		int mlen = draw_text_width(marks);
		int room = b.w - 4 - (mlen ? mlen + 2 : 0);
		draw_text(g, b.x + 2, y, room, row, (uint16_t)(st | (cur ? ST_BOLD : 0)));
		if (mlen)
			draw_text(g, b.x + b.w - 2 - mlen, y, mlen, marks, st);
	}
	draw_hline(g, b.x + 1, b.y + 1 + rows, b.w - 2, gl->hline, ST_AXIS);
	draw_text(g, b.x + 2, b.y + 2 + rows, b.w - 4, sum, ST_LABEL);
	/* a course longer than the box scrolls: say there are lessons out of
	 * view, as the lesson pane does for its text */
	if (top > 0)
		grid_put(g, b.x + b.w - 3, b.y, gl->up, ST_BOLD);
	if (top + rows < n)
		grid_put(g, b.x + b.w - 3, b.y + 1 + rows, gl->down, ST_BOLD);
}

/* ---- the frame ------------------------------------------------------------ */

/* Stacked, the lesson keeps two fifths of the rows (9 of 22 at 80x24) so
 * that a paragraph can be read beside the lab it talks about; the lab,
 * drawn compact at such heights, keeps at least LAB_MIN_ROWS. */
static int stacked_lesson_rows(int bh)
{
	int lr = (bh * 2 + 2) / 5;
	if (lr > bh - LAB_MIN_ROWS)
		lr = bh - LAB_MIN_ROWS;
	return lr < 3 ? 3 : lr;
}

/* Where the panes go on a w x h screen (at least UI_MIN_W x UI_MIN_H);
 * a pane of width 0 is not shown; *divider: the column of the rule
 * between side-by-side panes, or -1. */
typedef struct panes {
	rect lesson, lab;
	int divider;
} panes;

static panes panes_for(const ui *u, int w, int h)
{
	int bh = h - 2;
	panes p = { { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, -1 };
	switch (u->layout) {
	case UI_BOTH:
		if (w >= UI_WIDE_W) {
			int lw = w * 2 / 5;
			lw = lw < 40 ? 40 : lw > 72 ? 72 : lw;
			p.lesson = (rect){ 0, 0, lw, bh };
			p.lab = (rect){ lw + 1, 0, w - lw - 1, bh };
			p.divider = lw;
		} else {
			int lr = stacked_lesson_rows(bh);
			p.lesson = (rect){ 0, 0, w, lr };
			p.lab = (rect){ 0, lr, w, bh - lr };
		}
		break;
	case UI_LAB_ONLY:
		p.lab = (rect){ 0, 0, w, bh };
		break;
	case UI_LESSON_ONLY:
	case UI_LAYOUTS:
		p.lesson = (rect){ 0, 0, w, bh };
		break;
	}
	return p;
}

int ui_layout_frame(ui *u, int w, int h)
{
	if (w < UI_MIN_W || h < UI_MIN_H)
		return 0;   /* the frame only says the terminal is too small */
	panes p = panes_for(u, w, h);
	/* the lesson first: a try-it it reaches sets up the lab laid out next */
	if (p.lesson.w > 0)
		layout_lesson(u, p.lesson);
	if (layout_lab(u, p.lab) < 0)
		return -1;
	if (u->mode == UI_HELP)
		layout_help(u, w, h);
	else if (u->mode == UI_PICK)
		layout_pick(u, w, h);
	else if (u->mode == UI_TOC)
		layout_toc(u, w, h);
	else if (u->mode == UI_CMDHELP)
		ui_cmd_help_layout(u, w, h);
	return 0;
}

int ui_compose(ui *u, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	u->cursor_y = -1;
	if (u->frame.w != w || u->frame.h != h || !u->frame.cells) {
		grid_free(&u->frame);
		if (grid_init(&u->frame, w, h) < 0)
			return -1;
	} else {
		grid_clear(&u->frame);
	}
	grid *g = &u->frame;
	if (w < UI_MIN_W || h < UI_MIN_H) {
		draw_too_small(g, w, h);
		return 0;
	}
	panes p = panes_for(u, w, h);
	for (int y = 0; p.divider >= 0 && y < h - 2; y++)
		grid_put(g, p.divider, y, glyphs_for(u)->vline, ST_AXIS);
	if (p.lesson.w > 0)
		draw_lesson(u, g, p.lesson);
	if (p.lab.w > 0 && draw_lab(u, p.lab) < 0)
		return -1;
	draw_status(u, g, h - 2, w);
	draw_hints(u, g, h - 1, w, &u->cursor_x, &u->cursor_y);
	if (u->mode == UI_HELP)
		draw_help(u, g, w, h);
	else if (u->mode == UI_PICK)
		draw_pick(u, g, w, h);
	else if (u->mode == UI_TOC)
		draw_toc(u, g, w, h);
	else if (u->mode == UI_CMDHELP)
		ui_cmd_help_draw(u, g, w, h);
	return 0;
}

void ui_view_free(ui *u)
{
	grid_free(&u->frame);
	grid_free(&u->plot);
}
