/* ui_toc.c - the table of contents: every lesson with a mark when it is
 * finished, the current one pointed at, and a mark for each quiz (right,
 * wrong, not answered yet). Its keys are in ui_keys.c's table for UI_TOC;
 * ui_view.c draws it from the rows made here.
 */
#include <stdio.h>
#include <string.h>

#include "ui_impl.h"

typedef struct toc_marks {
	const char *done, *current, *right, *wrong, *todo;
} toc_marks;

static const toc_marks utf8_marks = { "\u2713", "\u25B8", "\u2713", "\u2717", "\u00B7" };
static const toc_marks ascii_marks = { "x", ">", "+", "-", "." };

void ui_toc_open(ui *u)
{
	if (ui_lesson_count(u) == 0) {
		snprintf(u->msg, sizeof u->msg, "there are no lessons to list");
		return;
	}
	ui_match_forget(u);
	u->mode = UI_TOC;
	u->toc = ui_lesson_index(u);
	u->toc_top = -1;   /* the view centres the current lesson on the first frame */
}

void ui_toc_move(ui *u, int n)
{
	long t = (long)u->toc + n;
	int count = ui_lesson_count(u);
	if (t >= count)
		t = count - 1;
	if (t < 0)
		t = 0;
	u->toc = (int)t;
}

void ui_toc_page(ui *u, int dir)
{
	ui_toc_move(u, dir * (u->toc_rows > 1 ? u->toc_rows - 1 : 1));
}

void ui_toc_choose(ui *u, int arg)
{
	(void)arg;
	u->mode = UI_MAIN;
	if (u->toc != ui_lesson_index(u))
		ui_lesson_open(u, u->toc);
}

void ui_toc_row(const ui *u, int i, char *buf, size_t len, bool *current)
{
	const toc_marks *m = u->ascii ? &ascii_marks : &utf8_marks;
	const course *c = &u->course;
	bool cur = i == c->cur;
	const char *mark = course_done(c, i) ? m->done : cur ? m->current : " ";
	int number = i >= 0 && i < c->set.n ? c->set.v[i].number : 0;
	snprintf(buf, len, "%s %02d  %s", mark, number, course_title(c, i, u->ascii));
	if (current)
		*current = cur;
}

void ui_toc_quizzes(const ui *u, int i, char *buf, size_t len)
{
	const toc_marks *m = u->ascii ? &ascii_marks : &utf8_marks;
	const course *c = &u->course;
	size_t used = 0;
	buf[0] = '\0';
	int n = i >= 0 && i < c->set.n ? c->set.v[i].nquizzes : 0;
	for (int q = 0; q < n && used < len; q++) {
		int st = course_quiz_state(c, i, q);
		int w = snprintf(buf + used, len - used, "%s%s", q ? " " : "quiz ",
		                 st == 1 ? m->right : st == 0 ? m->wrong : m->todo);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

void ui_toc_summary(const ui *u, char *buf, size_t len)
{
	const course *c = &u->course;
	int done = 0, quizzes = 0, right = 0;
	for (int i = 0; i < c->set.n; i++) {
		done += course_done(c, i);
		quizzes += c->set.v[i].nquizzes;
		for (int q = 0; q < c->set.v[i].nquizzes; q++)
			right += course_quiz_state(c, i, q) == 1;
	}
	snprintf(buf, len, "%d of %d lessons finished, %d of %d quiz%s right", done, c->set.n,
	         right, quizzes, quizzes == 1 ? "" : "zes");
}
