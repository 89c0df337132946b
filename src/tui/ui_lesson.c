/* ui_lesson.c - the course in the front end: loading it before curses
 * starts, the lesson pane's page, try-it lines setting the lab up as the
 * reader reaches them, moving between lessons, answering quizzes, and
 * saving progress. The rules (which block, when a lesson is finished,
 * what is saved) live in course.c; this file turns keys and prompt
 * commands into calls to it and puts the outcome in the status line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_impl.h"

/* How a block is brought into view at the next layout (u->reveal). */
enum {
	REVEAL_NONE,
	REVEAL_START,    /* its first line, unless all of it is in view */
	REVEAL_END,      /* its last line (a hint just shown) */
	REVEAL_VERDICT,  /* a quiz's verdict and explanation */
};

/* Under each unanswered quiz; names the keys, so it is the front end's. */
#define QUIZ_PROMPT "A answers this quiz; ? in the answer shows a hint."

/* A message for the status line: control characters and invalid UTF-8
 * from file names never reach the terminal. */
static void set_msg(ui *u, const char *s)
{
	char *clean = u->ascii ? lesson_ascii(s) : lesson_clean(s);
	snprintf(u->msg, sizeof u->msg, "%s", clean ? clean : "");
	free(clean);
}

int ui_lesson_start(ui *u, const char *dir, const char *start, char *err, size_t len)
{
	char msg[1024];
	u->quiz_block = -1;
	u->reveal_block = -1;
	u->match.lesson = -1;
	int r = course_start(&u->course, dir, start, QUIZ_PROMPT, msg, sizeof msg, err, len);
	if (r < 0)
		return r;
	/* from here on a change is saved after the frame that shows it */
	u->course.defer_save = true;
	char *second = strchr(msg, '\n');
	if (second) {
		*second++ = '\0';
		set_msg(u, second);
		memcpy(u->later, u->msg, sizeof u->later);
	}
	set_msg(u, msg);
	return 0;
}

void ui_lesson_save(ui *u, char *warn, size_t len)
{
	course_save(&u->course, course_src(&u->course, u->scroll), warn, len);
}

bool ui_lesson_unsaved(const ui *u)
{
	return u->course.unsaved;
}

bool ui_lesson_flush(ui *u)
{
	char warn[512];
	course_flush(&u->course, warn, sizeof warn);
	if (!warn[0])
		return false;
	set_msg(u, warn);
	return true;
}

void ui_lesson_end(ui *u)
{
	course_close(&u->course);
}

int ui_lesson_count(const ui *u)
{
	return course_count(&u->course);
}

int ui_lesson_index(const ui *u)
{
	return u->course.cur;
}

const char *ui_lesson_title(const ui *u, int i)
{
	return course_title(&u->course, i, u->ascii);
}

/* ---- the pane ------------------------------------------------------------- */

static void reveal(ui *u, int rows)
{
	int how = u->reveal, b = u->reveal_block;
	u->reveal = REVEAL_NONE;
	int last;
	int first = course_block_lines(&u->course, b, &last);
	if (first < 0 || rows < 1)
		return;
	bool fits = last - first < rows;
	bool in_view = first >= u->scroll && last < u->scroll + rows;
	if (in_view)
		return;
	switch (how) {
	case REVEAL_START:
		u->scroll = first;
		break;
	case REVEAL_END:
		u->scroll = fits ? first : last - rows + 1;
		break;
	case REVEAL_VERDICT: {
		int v = course_verdict_line(&u->course, b);
		u->scroll = fits || v < 0 ? first : v;
		break;
	}
	}
}

const lesson_page *ui_lesson_page(ui *u, int width, int rows)
{
	const lesson_page *pg = course_page(&u->course, width, u->ascii, &u->scroll);
	if (u->reveal != REVEAL_NONE && u->course.page_ok)
		reveal(u, rows);
	return pg;
}

const lesson_page *ui_lesson_shown(const ui *u)
{
	return &u->course.page;
}

static int apply_lab(ui *u, int b)
{
	const lesson *ls = course_lesson(&u->course);
	int bad = 0;
	char err[256];
	/* a block starts from the opening state: the plot, nothing compared */
	int ncompare = u->ncompare;
	const view_ops *view = u->view;
	u->ncompare = 0;
	u->view = ui_view_at(0);
	if (lesson_lab_apply(&ls->blocks[b], &u->lab, u->run_lesson_cmd, u, &bad, err,
	                     sizeof err) < 0) {
		u->ncompare = ncompare;
		u->view = view;
		char m[512];
		snprintf(m, sizeof m, "%s:%d: %s", ls->file, bad, err);
		set_msg(u, m);
		return -1;
	}
	return 0;
}

void ui_lesson_viewed(ui *u, int top, int rows)
{
	int b = course_reach(&u->course, top, rows);
	/* the options the learner started with win over the first try-it */
	if (b >= 0 && !u->lab_from_options && apply_lab(u, b) == 0) {
		course_set_up(&u->course, b);
		if (!u->msg[0])
			set_msg(u, "try it: the lab is set up for this part (0 puts it back)");
	}
	u->lab_from_options = false;
}

/* ---- moving between lessons --------------------------------------------- */

void ui_match_forget(ui *u)
{
	u->match.lesson = -1;
	if (u->mode == UI_FOUND)
		u->mode = UI_MAIN;
}

void ui_lesson_open(ui *u, int i)
{
	char warn[512];
	ui_match_forget(u);
	if (course_goto(&u->course, i, course_src(&u->course, u->scroll), 0, warn,
	                sizeof warn) < 0) {
		set_msg(u, "out of memory opening the lesson");
		return;
	}
	u->scroll = 0;
	u->lab_from_options = false;
	if (u->layout == UI_LAB_ONLY)
		u->layout = UI_BOTH;   /* a lesson opened where nobody sees it would be lost */
	if (warn[0])
		set_msg(u, warn);
}

int ui_lesson_goto(ui *u, const char *key, char *msg, size_t len)
{
	int i = course_find_lesson(&u->course, key);
	if (i < 0) {
		int n = course_count(&u->course);
		if (n == 0)
			snprintf(msg, len, "there are no lessons (looked in %s)", u->course.dir);
		else
			snprintf(msg, len, "no lesson '%.40s': a number %d to %d, or a name like %s", key,
			         u->course.set.v[0].number, u->course.set.v[n - 1].number,
			         u->course.set.v[n > 1 ? 1 : 0].slug);
		return -1;
	}
	u->msg[0] = '\0';
	ui_lesson_open(u, i);
	snprintf(msg, len, "%s", u->msg);   /* a warning from saving, or "" */
	return 0;
}

void ui_lesson_step(ui *u, int dir)
{
	char why[80];
	int i = course_neighbour(&u->course, dir, "t", why, sizeof why);
	if (i < 0)
		set_msg(u, why);
	else
		ui_lesson_open(u, i);
}

void ui_lesson_reapply(ui *u, int arg)
{
	(void)arg;
	int b = course_lab_near(&u->course, u->scroll, u->lesson_rows);
	if (b < 0) {
		set_msg(u, "this lesson has no try-it line");
		return;
	}
	if (apply_lab(u, b) == 0) {
		course_set_up(&u->course, b);
		set_msg(u, "the lab is set up as in the try-it line again");
	}
}

void ui_lab_reset_said(ui *u)
{
	set_msg(u, u->course.lab_set_up >= 0
	        ? (u->ascii ? "lab reset to the '> set up' try-it line"
	                    : "lab reset to the '\u25B6 set up' try-it line")
	        : "lab reset to how it opened");
}

/* ---- quizzes ---------------------------------------------------------------- */

/* Open the answer entry for quiz block b. */
static void quiz_open(ui *u, int b)
{
	u->quiz_block = b;
	u->entry_len = 0;
	u->entry[0] = '\0';
	u->mode = UI_QUIZ;
	if (u->layout == UI_LAB_ONLY)
		u->layout = UI_BOTH;
	u->reveal_block = b;
	u->reveal = REVEAL_START;
	const lesson_quiz *q = course_lesson(&u->course)->blocks[b].quiz;
	if (course_quiz_state(&u->course, u->course.cur, q->index) >= 0)
		set_msg(u, "answered before: a new answer takes its place");
}

void ui_quiz_key(ui *u, int arg)
{
	(void)arg;
	int b = course_quiz_near(&u->course, u->scroll, u->lesson_rows);
	if (b < 0) {
		set_msg(u, course_count(&u->course) ? "this lesson has no quiz" : "there are no lessons");
		return;
	}
	ui_match_forget(u);
	quiz_open(u, b);
}

void ui_quiz_step(ui *u, int dir)
{
	int b = course_quiz_other(&u->course, u->quiz_block, dir);
	if (b < 0) {
		set_msg(u, dir > 0 ? "this is the lesson's last quiz" : "this is the lesson's first quiz");
		return;
	}
	quiz_open(u, b);
}

int ui_quiz_answer(ui *u, const char *text, char *msg, size_t len)
{
	int b = u->mode == UI_QUIZ ? u->quiz_block
	        : course_quiz_near(&u->course, u->scroll, u->lesson_rows);
	if (b < 0) {
		snprintf(msg, len, "%s", course_count(&u->course) ? "this lesson has no quiz"
		         : "there are no lessons");
		return -1;
	}
	char err[256], warn[512];
	int r = course_answer(&u->course, b, text, err, sizeof err, warn, sizeof warn);
	if (r < 0) {
		snprintf(msg, len, "%s", err);
		return -1;
	}
	u->reveal_block = b;
	u->reveal = REVEAL_VERDICT;
	if (warn[0])
		snprintf(msg, len, "%s", warn);
	else if (r == 1)
		snprintf(msg, len, "right! the explanation is under the quiz");
	else
		snprintf(msg, len, "not quite: the answer and why are under the quiz");
	return r;
}

void ui_quiz_submit(ui *u)
{
	char msg[sizeof u->msg];
	if (u->entry_len == 0) {
		set_msg(u, "type an answer, or Esc to leave the quiz");
		return;
	}
	int r = ui_quiz_answer(u, u->entry, msg, sizeof msg);
	if (r >= 0) {
		u->mode = UI_MAIN;
		u->quiz_block = -1;
	}
	set_msg(u, msg);
}

void ui_quiz_hint(ui *u)
{
	const lesson *ls = course_lesson(&u->course);
	int b = u->quiz_block;
	if (b < 0 || b >= ls->nblocks || !ls->blocks[b].quiz)
		return;
	if (course_quiz_state(&u->course, u->course.cur, ls->blocks[b].quiz->index) >= 0) {
		set_msg(u, "answered already: the explanation is under the quiz");
		return;
	}
	course_show_hint(&u->course, b);
	u->reveal_block = b;
	u->reveal = REVEAL_END;
	set_msg(u, "the hint is under the quiz");
}
