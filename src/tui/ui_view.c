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

static int draw_lab(ui *u, rect r)
{
	return ui_view_shown(u)->draw(u, r.x, r.y, r.w, r.h);
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
	const view_ops *v = ui_view_shown(u);
	if (u->msg[0]) {
		snprintf(right, sizeof right, "%s ", u->msg);
		st |= ST_BOLD;
	} else if (v->status && v->status(u, right, sizeof right)) {
		/* the view's own */
	} else {
		const lab *l = &u->lab;
		snprintf(right, sizeof right, "lab: %s, depth %ld: %s ", l->act->name, l->depth,
		         l->valid ? chain_state_name(l->chain.state) : "");
	}
	int len = draw_text_width(right);
	/* without the title, the place in the course still shows beside a
	 * message too long for both */
	char place[48];
	if (n > 0)
		snprintf(place, sizeof place, " whyrelu%s%d/%d", gl->sep, ui_lesson_index(u) + 1, n);
	else
		snprintf(place, sizeof place, " whyrelu");
	int px = draw_text_width(place);
	if (x + 2 + len <= w) {
		draw_text(g, w - len, y, len, right, st);
	} else if (px + 2 + len <= w) {
		draw_hline(g, 0, y, w, ' ', ST_REVERSE);
		draw_text(g, 0, y, w, place, ST_REVERSE | ST_BOLD);
		draw_text(g, w - len, y, len, right, st);
	} else if (u->msg[0]) {
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
		const char *hk = ui_hint_keys(u, h[0]);
		int need = draw_text_width(hk) + 1 + draw_text_width(what);
		if (x + need > w - 1)
			break;
		x += draw_text(g, x, y, need, hk, ST_BOLD);
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
	u->help_scroll = draw_scroll_clamp(u->help_scroll, n, u->help_rows);
}

static void draw_help(const ui *u, grid *g, int w, int h)
{
	int kw;
	rect b = help_box(u, w, h, &kw);
	int n = ui_help_count();
	/* as the layout placed it; kept in range here too, by reading only */
	int rows = b.h - 2, top = draw_scroll_clamp(u->help_scroll, n, rows);
	draw_scroll_box(g, glyphs_for(u), b, " keys ", top, n);
	for (int i = 0; i < rows && top + i < n; i++) {
		const char *k, *what;
		ui_help_line(u, top + i, &k, &what);
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
	/* the lab's chain, as far as the view shows it; with no lab pane the
	 * status line still names its state */
	const view_ops *v = ui_view_shown(u);
	int cols = p.lab.w <= 0 ? (u->lab.valid ? u->lab.key_cols : 0)
	           : v->chain == VIEW_CHAIN_STRIP ? p.lab.w - UI_STRIP_GUTTER : 0;
	if ((p.lab.w <= 0 || v->chain != VIEW_CHAIN_NONE) && lab_update(&u->lab, cols) < 0)
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
	if (grid_fit(&u->frame, w, h) < 0)
		return -1;
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
