/* ui_search.c - the one-line entry on the bottom line, shared by the
 * search (`/`) and quiz answers (`A`), and searching the lessons.
 *
 * After a search the mode is UI_FOUND: the match is highlighted, n and N
 * go to the next and previous match (on through the following lessons,
 * wrapping around the course), Esc ends the search, and any other key
 * ends it and then does what it does in the main mode, so n and p go back
 * to meaning next and previous lesson as soon as the reader moves on.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui_impl.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

static void open_entry(ui *u, ui_mode mode)
{
	u->mode = mode;
	u->entry_len = 0;
	u->entry[0] = '\0';
	if (u->layout == UI_LAB_ONLY)
		u->layout = UI_BOTH;   /* what the entry is about must be in view */
}

void ui_search_key(ui *u, int arg)
{
	(void)arg;
	ui_match_forget(u);
	open_entry(u, UI_SEARCH);
}

/* Scroll to a match (opening its lesson), highlight it, say where it is. */
static void show_match(ui *u, const course_match *m, bool wrapped)
{
	course *c = &u->course;
	bool other = m->lesson != c->cur;
	if (other) {
		ui_lesson_open(u, m->lesson);
		/* lay the lesson out now, as the search did, so the line is known */
		course_page(c, c->page_width, c->page_ascii, &u->scroll);
	}
	u->match = *m;
	u->match_width = c->page_width;
	u->mode = UI_FOUND;
	int rows = u->lesson_rows > 0 ? u->lesson_rows : 1;
	if (m->line < u->scroll || m->line >= u->scroll + rows)
		u->scroll = m->line > 0 && rows > 2 ? m->line - 1 : m->line;
	if (u->msg[0])
		return;   /* a warning from opening the lesson comes first */
	if (other)
		snprintf(u->msg, sizeof u->msg, "%s'%s' in lesson %d: n next, N previous, Esc ends",
		         wrapped ? "wrapped: " : "", u->needle, c->set.v[m->lesson].number);
	else
		snprintf(u->msg, sizeof u->msg, "%s'%s': n next, N previous, Esc ends",
		         wrapped ? "wrapped: " : "", u->needle);
}

static void search_run(ui *u)
{
	if (u->entry_len > 0)
		snprintf(u->needle, sizeof u->needle, "%s", u->entry);
	u->mode = UI_MAIN;
	if (!u->needle[0])
		return;
	/* from the top of the view: the first match is the one nearest the reader */
	course_match m = { u->course.cur, u->scroll, -1, 0 };
	bool wrapped;
	int r = course_find(&u->course, u->needle, 1, &m, &wrapped);
	if (r < 0)
		snprintf(u->msg, sizeof u->msg, "out of memory searching");
	else if (r == 0)
		snprintf(u->msg, sizeof u->msg, "'%s' is in no lesson", u->needle);
	else
		show_match(u, &m, wrapped);
}

void ui_found_step(ui *u, int dir)
{
	course *c = &u->course;
	course_match m = u->match;
	/* the text moved under the match (a new width): go on from the view */
	if (m.lesson != c->cur || u->match_width != c->page_width)
		m = (course_match){ c->cur, u->scroll, -1, 0 };
	bool wrapped;
	int r = course_find(c, u->needle, dir, &m, &wrapped);
	if (r <= 0) {
		ui_match_forget(u);
		snprintf(u->msg, sizeof u->msg, r < 0 ? "out of memory searching"
		         : "no more matches");
		return;
	}
	show_match(u, &m, wrapped);
}

bool ui_found_other(ui *u, int key)
{
	ui_match_forget(u);
	/* q ends the search as Esc does (as in less, where q leaves what is
	 * shown); quitting the whole program there would lose the place */
	if (key == 'q') {
		snprintf(u->msg, sizeof u->msg, "search ended (q again quits)");
		return true;
	}
	return key == KEY_ESC;
}

bool ui_search_match(const ui *u, int *line, int *col, int *len)
{
	const course *c = &u->course;
	if (u->mode != UI_FOUND || u->match.lesson != c->cur || u->match_width != c->page_width)
		return false;
	*line = u->match.line;
	*col = u->match.col;
	*len = u->match.len;
	return true;
}

/* ---- the entry ------------------------------------------------------------ */

static void close_entry(ui *u)
{
	u->mode = UI_MAIN;
	u->quiz_block = -1;
}

void ui_entry_key(ui *u, int key)
{
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (u->mode == UI_SEARCH)
			search_run(u);
		else
			ui_quiz_submit(u);
		return;
	case KEY_ESC:
		close_entry(u);
		return;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (u->entry_len == 0) {
			close_entry(u);
			return;
		}
		/* a whole UTF-8 character */
		do
			u->entry_len--;
		while (u->entry_len > 0 && ((unsigned char)u->entry[u->entry_len] & 0xC0) == 0x80);
		u->entry[u->entry_len] = '\0';
		return;
	case CTRL('u'):
		u->entry_len = 0;
		u->entry[0] = '\0';
		return;
	}
	if (key == '?' && u->mode == UI_QUIZ) {
		ui_quiz_hint(u);
		return;
	}
	if ((key == KEY_UP || key == KEY_DOWN) && u->mode == UI_QUIZ) {
		ui_quiz_step(u, key == KEY_DOWN ? 1 : -1);
		return;
	}
	/* printable bytes only; UTF-8 ones where the screen shows UTF-8 */
	bool ok = (key >= 0x20 && key <= 0x7e) || (!u->ascii && key >= 0x80 && key <= 0xff);
	if (ok && u->entry_len + 1 < (int)sizeof u->entry) {
		u->entry[u->entry_len++] = (char)key;
		u->entry[u->entry_len] = '\0';
	}
}

bool ui_entry_line(const ui *u, char *label, size_t len, const char **text, const char **keys)
{
	if (u->mode == UI_SEARCH) {
		snprintf(label, len, "/");
		*keys = u->needle[0] ? "Enter searches (alone: the last search), Esc cancels"
		        : "Enter searches the lessons, Esc cancels";
	} else if (u->mode == UI_QUIZ) {
		const lesson *ls = course_lesson(&u->course);
		const lesson_quiz *q = u->quiz_block >= 0 && u->quiz_block < ls->nblocks
		                       ? ls->blocks[u->quiz_block].quiz : NULL;
		/* with more than one quiz, which one, as the quiz itself says */
		char which[48] = "answer";
		if (q && ls->nquizzes > 1)
			snprintf(which, sizeof which, "quiz %d of %d", q->index + 1, ls->nquizzes);
		if (q && q->nchoices > 0)
			snprintf(label, len, "%s (a to %c): ", which, 'a' + q->nchoices - 1);
		else
			snprintf(label, len, "%s (a number): ", which);
		*keys = ls->nquizzes > 1 ? (u->ascii ? "Enter checks, ? hint, Up/Down other quiz, Esc cancels"
		                            : "Enter checks, ? hint, \u2191\u2193 other quiz, Esc cancels")
		        : "Enter checks, ? shows a hint, Esc cancels";
	} else {
		return false;
	}
	*text = u->entry;
	return true;
}
