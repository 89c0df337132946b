/* ui_view.c - composing a frame: the whole screen drawn from the state into
 * a grid of cells, which ui.c copies to curses. Nothing here keeps screen
 * contents between frames: every frame is drawn in full, and curses sends
 * only the cells that differ from the last one.
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

static void draw_too_small(ui *u, int w, int h)
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
		draw_text(&u->frame, x, top + i, w, lines[i], i == 0 ? ST_BOLD : ST_NONE);
	}
}

/* ---- lesson pane -------------------------------------------------------- */

static void draw_lesson(ui *u, rect r)
{
	const glyphs *gl = glyphs_for(u);
	/* a column of margin each side; the right one holds the scroll marks */
	rect t = { r.x + 1, r.y, r.w - 2, r.h };
	const lesson_page *pg = ui_lesson_page(u, t.w, t.h);
	int total = pg->n;
	if (u->scroll > total - t.h)
		u->scroll = total - t.h;
	if (u->scroll < 0)
		u->scroll = 0;
	u->lesson_rows = t.h;
	u->lesson_lines = total;
	/* a try-it reached sets the lab up before either pane is drawn, so
	 * this frame shows the lab and its "set up" line as they now are */
	ui_lesson_viewed(u, u->scroll, t.h);
	if (!u->course.page_ok)
		pg = ui_lesson_page(u, t.w, t.h);
	for (int i = 0; i < t.h && u->scroll + i < total && u->scroll + i < pg->n; i++)
		lesson_line_put(&pg->lines[u->scroll + i], &u->frame, t.x, t.y + i, t.w);
	int ml, mc, mn;
	if (ui_search_match(u, &ml, &mc, &mn) && ml >= u->scroll && ml < u->scroll + t.h) {
		for (int k = 0; k < mn; k++) {
			cell *c = grid_at(&u->frame, t.x + mc + k, t.y + ml - u->scroll);
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
		grid_put(&u->frame, r.x + r.w - 1, r.y, gl->up, mark);
	if (u->scroll + t.h < total)
		grid_put(&u->frame, r.x + r.w - 1, r.y + r.h - 1, gl->down, mark);
}

/* ---- lab pane ------------------------------------------------------------- */

static int draw_lab(ui *u, rect r)
{
	return ui_view_shown(u)->draw(u, r.x, r.y, r.w, r.h);
}

/* ---- status and hints ------------------------------------------------- */

static void draw_status(ui *u, int y, int w)
{
	const glyphs *gl = glyphs_for(u);
	grid *g = &u->frame;
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
static void draw_entry(ui *u, int y, int w, const char *label, const char *entry,
                       const char *keys)
{
	grid *g = &u->frame;
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

static void draw_hints(ui *u, int y, int w)
{
	grid *g = &u->frame;
	char label[64];
	const char *entry, *keys;
	if (u->mode == UI_PROMPT) {
		ui_prompt_draw(u, y, w);
		return;
	}
	if (ui_entry_line(u, label, sizeof label, &entry, &keys)) {
		draw_entry(u, y, w, label, entry, keys);
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

static void draw_help(ui *u, int w, int h)
{
	grid *g = &u->frame;
	int n = ui_help_count();
	int kw = 0, ww = 0;
	for (int i = 0; i < n; i++) {
		const char *k, *what;
		ui_help_line(u, i, &k, &what);
		if (draw_text_width(k) > kw)
			kw = draw_text_width(k);
		if (draw_text_width(what) > ww)
			ww = draw_text_width(what);
	}
	int bw = kw + ww + 7;
	if (bw > w - 2)
		bw = w - 2;
	int bh = n + 2;
	if (bh > h - 2)
		bh = h - 2;
	rect b = { (w - bw) / 2, (h - 2 - bh) / 2, bw, bh };
	u->help_rows = bh - 2;
	u->help_lines = n;
	draw_scroll_box(g, glyphs_for(u), b, " keys ", &u->help_scroll, n);
	for (int i = 0; i < u->help_rows; i++) {
		const char *k, *what;
		ui_help_line(u, u->help_scroll + i, &k, &what);
		draw_text(g, b.x + 2, b.y + 1 + i, kw, k, ST_BOLD);
		draw_text(g, b.x + 4 + kw, b.y + 1 + i, b.w - kw - 6, what, ST_NONE);
	}
}

static void draw_pick(ui *u, int w, int h)
{
	grid *g = &u->frame;
	size_t count;
	const act_def *t = act_table(&count);
	int n = (int)count;
	int nw = 0, fw = 0, sw = 0;
	for (int i = 0; i < n; i++) {
		const char *f = u->ascii ? t[i].formula_ascii : t[i].formula;
		if ((int)strlen(t[i].name) > nw)
			nw = (int)strlen(t[i].name);
		if (draw_text_width(f) > fw)
			fw = draw_text_width(f);
		if (draw_text_width(t[i].summary) > sw)
			sw = draw_text_width(t[i].summary);
	}
	int bw = nw + fw + 8;
	if (bw < sw + 4)
		bw = sw + 4;
	int rows;
	rect b = draw_list_box(w, h, bw, n, u->pick, &rows, &u->pick_top);
	u->pick_rows = rows;
	char title[48];
	snprintf(title, sizeof title, " activations (%d) ", n);
	draw_box(g, glyphs_for(u), b, title, " Enter picks, Esc closes ");
	for (int i = 0; i < rows; i++) {
		int k = u->pick_top + i;
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
static void draw_toc(ui *u, int w, int h)
{
	grid *g = &u->frame;
	const glyphs *gl = glyphs_for(u);
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
	if (bw < draw_text_width(sum) + 4)
		bw = draw_text_width(sum) + 4;
	int rows;
	rect b = draw_list_box(w, h, bw, n, u->toc, &rows, &u->toc_top);
	u->toc_rows = rows;
	draw_box(g, gl, b, " lessons ", " Enter opens, Esc closes ");
	for (int i = 0; i < rows; i++) {
		int k = u->toc_top + i;
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
	if (u->toc_top > 0)
		grid_put(g, b.x + b.w - 3, b.y, gl->up, ST_BOLD);
	if (u->toc_top + rows < n)
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

int ui_compose(ui *u, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	u->cursor_y = -1;
	if (grid_fit(&u->frame, w, h) < 0)
		return -1;
	if (w < UI_MIN_W || h < UI_MIN_H) {
		draw_too_small(u, w, h);
		return 0;
	}
	int bh = h - 2;
	rect lesson_r = { 0, 0, 0, 0 }, lab_r = { 0, 0, 0, 0 };
	switch (u->layout) {
	case UI_BOTH:
		if (w >= UI_WIDE_W) {
			int lw = w * 2 / 5;
			lw = lw < 40 ? 40 : lw > 72 ? 72 : lw;
			lesson_r = (rect){ 0, 0, lw, bh };
			lab_r = (rect){ lw + 1, 0, w - lw - 1, bh };
			for (int y = 0; y < bh; y++)
				grid_put(&u->frame, lw, y, glyphs_for(u)->vline, ST_AXIS);
		} else {
			int lr = stacked_lesson_rows(bh);
			lesson_r = (rect){ 0, 0, w, lr };
			lab_r = (rect){ 0, lr, w, bh - lr };
		}
		break;
	case UI_LAB_ONLY:
		lab_r = (rect){ 0, 0, w, bh };
		break;
	case UI_LESSON_ONLY:
	case UI_LAYOUTS:
		lesson_r = (rect){ 0, 0, w, bh };
		break;
	}
	if (lesson_r.w > 0)
		draw_lesson(u, lesson_r);
	if (lab_r.w > 0) {
		if (draw_lab(u, lab_r) < 0)
			return -1;
	} else if (lab_update(&u->lab, u->lab.valid ? u->lab.key_cols : 0) < 0) {
		return -1;   /* the status line still names the chain's state */
	}
	draw_status(u, h - 2, w);
	draw_hints(u, h - 1, w);
	if (u->mode == UI_HELP)
		draw_help(u, w, h);
	else if (u->mode == UI_PICK)
		draw_pick(u, w, h);
	else if (u->mode == UI_TOC)
		draw_toc(u, w, h);
	else if (u->mode == UI_CMDHELP)
		ui_cmd_help_draw(u, w, h);
	return 0;
}

void ui_view_free(ui *u)
{
	grid_free(&u->frame);
	grid_free(&u->plot);
}
