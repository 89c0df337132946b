/* course.c - the learner's walk through the course (see course.h): the
 * lesson set and the progress file joined up, the current lesson's layout
 * cache, the try-it blocks reached, quizzes and search.
 *
 * Nothing here draws or reads keys, so the rules the front end follows
 * (which block a key means, when a lesson is finished, where a search goes
 * next) are tested without a terminal.
 */
#include "course.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading ------------------------------------------------------------ */

typedef struct load_report {
	char first[512];
	int n;
} load_report;

/* Keep the first problem, with the file name alone: the status line is
 * narrow, and the directory is in the "no lessons" text when it matters. */
static void on_problem(void *ctx, const char *path, int line, const char *msg)
{
	load_report *r = ctx;
	if (r->n++ > 0)
		return;
	const char *base = line > 0 ? strrchr(path, '/') : NULL;
	base = base ? base + 1 : path;
	if (line > 0)
		snprintf(r->first, sizeof r->first, "%s:%d: %s", base, line, msg);
	else
		snprintf(r->first, sizeof r->first, "%s: %s", base, msg);
}

/* What the lesson pane shows when no lesson loaded: where whyrelu looked
 * and what to do, as a lesson, so it wraps and goes to ASCII like one. */
static int make_none(course *c, int problems, bool unreadable, const char *why)
{
	char text[COURSE_DIR_MAX + 1024];
	char found[256] = "";
	if (unreadable)
		snprintf(found, sizeof found, "The directory cannot be read (%s).", why);
	else if (c->nfiles > 0)
		snprintf(found, sizeof found, "It found %d lesson file%s, none without problems "
		         "(%d in all): `whyrelu check-lessons` lists them.", c->nfiles,
		         c->nfiles == 1 ? "" : "s", problems);
	else
		snprintf(found, sizeof found, "It found no lesson files there.");
	snprintf(text, sizeof text,
	         "# No lessons\n"
	         "\n"
	         "whyrelu looked for lessons in this directory (%s):\n"
	         "\n"
	         "    %s\n"
	         "\n"
	         "%s\n"
	         "\n"
	         "Give the directory with `--lessons DIR` or the `WHYRELU_LESSONS` variable. "
	         "A build in the source tree finds its `lessons` directory by itself, and "
	         "`make install` puts the lessons where an installed whyrelu looks.\n"
	         "\n"
	         "The lab works without them.\n",
	         c->from, c->dir, found);
	int r = lesson_parse(c->dir, "", text, strlen(text), &c->none, NULL, NULL);
	return r < 0 ? -1 : 0;
}

static void free_lesson_state(course *c)
{
	free(c->qv);
	free(c->hint);
	c->qv = NULL;
	c->hint = NULL;
}

/* Make lesson i the current one, at source line src. */
static int open_lesson(course *c, int i, int src)
{
	free_lesson_state(c);
	c->cur = i;
	const lesson *ls = course_lesson(c);
	size_t nq = ls->nquizzes > 0 ? (size_t)ls->nquizzes : 1;
	c->qv = calloc(nq, sizeof *c->qv);
	c->hint = calloc(nq, sizeof *c->hint);
	c->page_ok = false;
	c->page_lesson = -1;
	c->lab_block = -1;
	c->lab_set_up = -1;
	c->want_src = src < 0 ? 0 : src;
	return c->qv && c->hint ? 0 : -1;
}

static const progress_lesson *find_progress(const course *c, const char *slug)
{
	for (int i = 0; i < c->prog.n; i++)
		if (!strcmp(c->prog.v[i].slug, slug))
			return &c->prog.v[i];
	return NULL;
}

int course_open(course *c, const char *dir_opt, const char *progress_file, char *msg,
                size_t len)
{
	memset(c, 0, sizeof *c);
	c->want_src = -1;
	if (len)
		msg[0] = '\0';
	c->from = lesson_dir(dir_opt, c->dir, sizeof c->dir);
	load_report rep = { "", 0 };
	/* -1 (the directory unreadable, or no memory to list it) leaves the
	 * set empty: the pane then says where it looked and why */
	int problems = lesson_set_load(c->dir, &c->set, &c->nfiles, on_problem, &rep);
	if (c->set.n > 0) {
		c->ascii_titles = calloc((size_t)c->set.n, sizeof *c->ascii_titles);
		if (!c->ascii_titles)
			return -1;
		for (int i = 0; i < c->set.n; i++)
			if (!(c->ascii_titles[i] = lesson_ascii(c->set.v[i].title)))
				return -1;
	} else {
		const char *why = strrchr(rep.first, ':');
		if (make_none(c, problems, problems < 0, why ? why + 2 : "") < 0)
			return -1;
	}

	char pmsg[512];
	int pr = progress_load(&c->prog, progress_file, pmsg, sizeof pmsg);
	if (pr < 0)
		return -1;

	int start = 0, src = 0;
	for (int i = 0; i < c->set.n; i++) {
		if (!strcmp(c->set.v[i].slug, c->prog.current)) {
			const progress_lesson *pl = find_progress(c, c->prog.current);
			start = i;
			src = pl ? pl->pos : 0;
		}
	}
	if (open_lesson(c, start, src) < 0)
		return -1;

	if (len) {
		if (pr > 0)
			snprintf(msg, len, "%s\n", pmsg);
		size_t used = strlen(msg);
		msg += used;
		len -= used;
		if (c->set.n == 0)
			snprintf(msg, len, "no lessons in %s", c->dir);
		else if (rep.n == 1)
			snprintf(msg, len, "%s, skipped", rep.first);
		else if (rep.n > 1)
			snprintf(msg, len, "%s, skipped; %d more problems (whyrelu check-lessons)",
			         rep.first, rep.n - 1);
		if (!msg[0] && used)
			msg[-1] = '\0';   /* no lesson problem: no second line */
	}
	return 0;
}

void course_close(course *c)
{
	for (int i = 0; c->ascii_titles && i < c->set.n; i++)
		free(c->ascii_titles[i]);
	free(c->ascii_titles);
	lesson_set_free(&c->set);
	lesson_free(&c->none);
	progress_free(&c->prog);
	free_lesson_state(c);
	lesson_page_free(&c->page);
	lesson_page_free(&c->scratch);
	memset(c, 0, sizeof *c);
}

/* ---- lessons ------------------------------------------------------------ */

int course_count(const course *c)
{
	return c->set.n;
}

int course_neighbour(const course *c, int dir, const char *toc, char *why, size_t len)
{
	int n = course_count(c), i = c->cur + dir;
	if (n == 0)
		snprintf(why, len, "there are no lessons to go to");
	else if (i < 0)
		snprintf(why, len, "this is the first lesson");
	else if (i >= n)
		snprintf(why, len, "this is the last lesson (%s lists them all)", toc);
	else
		return i;
	return -1;
}

const lesson *course_lesson(const course *c)
{
	return c->set.n > 0 ? &c->set.v[c->cur] : &c->none;
}

const char *course_title(const course *c, int i, bool ascii)
{
	if (c->set.n == 0)
		return c->none.title ? c->none.title : "";
	if (i < 0 || i >= c->set.n)
		return "";
	return ascii ? c->ascii_titles[i] : c->set.v[i].title;
}

int course_find_lesson(const course *c, const char *key)
{
	return lesson_set_find(&c->set, key);
}

static int save(course *c, char *warn, size_t len)
{
	if (c->defer_save) {
		c->unsaved = true;
		return 0;
	}
	return progress_save(&c->prog, warn, len);
}

int course_flush(course *c, char *warn, size_t len)
{
	if (len)
		warn[0] = '\0';
	if (!c->unsaved)
		return 0;
	c->unsaved = false;
	return progress_save(&c->prog, warn, len);
}

int course_start(course *c, const char *dir_opt, const char *start, const char *quiz_prompt,
                 char *msg, size_t msglen, char *err, size_t errlen)
{
	if (course_open(c, dir_opt, NULL, msg, msglen) < 0) {
		snprintf(err, errlen, "out of memory loading the lessons");
		return -2;
	}
	c->quiz_prompt = quiz_prompt;
	if (!start)
		return 0;
	int i = course_find_lesson(c, start);
	if (i < 0) {
		int n = course_count(c);
		if (n == 0)
			snprintf(err, errlen, "--lesson %.40s: there are no lessons in %.200s", start,
			         c->dir);
		else
			snprintf(err, errlen, "--lesson %.40s: no such lesson (a number %d to %d, or a "
			         "name like %s)", start, c->set.v[0].number, c->set.v[n - 1].number,
			         c->set.v[n > 1 ? 1 : 0].slug);
		return -1;
	}
	char warn[512];
	if (course_goto(c, i, -1, 0, warn, sizeof warn) < 0) {
		snprintf(err, errlen, "out of memory loading the lessons");
		return -2;
	}
	if (warn[0] && !msg[0])
		snprintf(msg, msglen, "%s", warn);
	return 0;
}

int course_goto(course *c, int i, int top_src, int src, char *warn, size_t len)
{
	if (len)
		warn[0] = '\0';
	if (i < 0 || i >= c->set.n)
		return -1;
	if (top_src >= 0) {
		progress_lesson *pl = progress_lesson_get(&c->prog, c->set.v[c->cur].slug, true);
		if (pl)
			pl->pos = top_src;
	}
	int r = open_lesson(c, i, src);
	progress_set_current(&c->prog, c->set.v[i].slug, src);
	save(c, warn, len);
	return r;
}

int course_save(course *c, int top_src, char *warn, size_t len)
{
	if (len)
		warn[0] = '\0';
	if (c->set.n == 0)
		return 0;
	progress_set_current(&c->prog, c->set.v[c->cur].slug, top_src);
	c->unsaved = false;
	return progress_save(&c->prog, warn, len);
}

/* ---- layout ------------------------------------------------------------- */

/* Lay lesson i out into pg as the pane would show it, hints as asked for
 * when hint is not NULL. */
static int render_lesson(course *c, int i, lesson_page *pg, lesson_quiz_view *qv,
                         const bool *hint, int width, bool ascii)
{
	const lesson *ls = c->set.n > 0 ? &c->set.v[i] : &c->none;
	for (int q = 0; q < ls->nquizzes; q++) {
		const progress_quiz *pq = progress_quiz_get(&c->prog, ls->slug, q);
		qv[q] = (lesson_quiz_view){
			.answered = pq != NULL,
			.right = pq && pq->right,
			.show_hint = hint && hint[q],
			.answer = pq ? pq->answer : NULL,
		};
	}
	lesson_render_opts o = {
		.width = width,
		.ascii = ascii,
		.quiz = ls->nquizzes > 0 ? qv : NULL,
		.quiz_prompt = c->quiz_prompt,
		.lab_set_up = pg == &c->page && i == c->cur && c->lab_set_up >= 0
		              ? &ls->blocks[c->lab_set_up] : NULL,
	};
	return lesson_render(ls, &o, pg);
}

const lesson_page *course_page(course *c, int width, bool ascii, int *scroll)
{
	if (width < 1)
		width = 1;
	bool relayout = !c->page_ok || c->page_width != width || c->page_ascii != ascii;
	int src = c->want_src;
	/* a new width moves lines: keep the text at the top where it was */
	if (src < 0 && relayout && c->page_ok)
		src = lesson_page_source_line(course_lesson(c), &c->page, *scroll);
	if (relayout) {
		c->page_ok = false;
		if (!c->qv || render_lesson(c, c->cur, &c->page, c->qv, c->hint, width, ascii) < 0)
			return &c->page;   /* emptied; tried again next time */
		c->page_ok = true;
		c->page_lesson = c->cur;
		c->page_width = width;
		c->page_ascii = ascii;
	}
	if (src >= 0) {
		*scroll = src > 0 ? lesson_page_line_at(course_lesson(c), &c->page, src) : 0;
		c->want_src = -1;
	}
	return &c->page;
}

int course_src(const course *c, int top)
{
	if (c->want_src >= 0)
		return c->want_src;
	if (c->page_lesson != c->cur)
		return 0;
	return lesson_page_source_line(course_lesson(c), &c->page, top);
}

int course_block_lines(const course *c, int b, int *last)
{
	int first = c->page_lesson == c->cur ? lesson_page_line_of(&c->page, b) : -1;
	int l = first;
	while (first >= 0 && l + 1 < c->page.n && c->page.lines[l + 1].block == b)
		l++;
	if (last)
		*last = l;
	return first;
}

/* ---- lab blocks ---------------------------------------------------------- */

static void note_end_seen(course *c)
{
	const lesson *ls = course_lesson(c);
	if (c->set.n == 0 || ls->nquizzes > 0)
		return;
	progress_set_done(&c->prog, ls->slug, true);
}

int course_reach(course *c, int top, int rows)
{
	if (!c->page_ok)
		return -1;
	const lesson *ls = course_lesson(c);
	int bottom = top + rows;
	/* the part of the lesson in view is the one of the last try-it line
	 * at or above the bottom, however the view got there (scrolling either
	 * way, End, a search, a quiz brought into view) */
	int gov = -1;
	for (int b = 0; b < ls->nblocks; b++) {
		if (ls->blocks[b].kind != LESSON_LAB)
			continue;
		int ln = lesson_page_line_of(&c->page, b);
		if (ln >= 0 && ln < bottom)
			gov = b;
	}
	int apply = -1;
	if (gov != c->lab_block) {
		c->lab_block = gov;
		apply = gov;
	}
	if (bottom >= c->page.n)
		note_end_seen(c);
	return apply;
}

void course_set_up(course *c, int b)
{
	const lesson *ls = course_lesson(c);
	if (b >= ls->nblocks || (b >= 0 && ls->blocks[b].kind != LESSON_LAB))
		b = -1;
	if (b != c->lab_set_up) {
		c->lab_set_up = b;
		c->page_ok = false;
	}
}

/* Is block b at or above the view's bottom? By page line when the lesson
 * has been laid out, else by source line against the place kept. */
static bool above_bottom(const course *c, int b, int top, int rows)
{
	if (c->page_lesson == c->cur) {
		int ln = lesson_page_line_of(&c->page, b);
		return ln >= 0 && ln < top + rows;
	}
	return course_lesson(c)->blocks[b].line <= course_src(c, top);
}

int course_lab_near(const course *c, int top, int rows)
{
	const lesson *ls = course_lesson(c);
	int first = -1, best = -1;
	for (int b = 0; b < ls->nblocks; b++) {
		if (ls->blocks[b].kind != LESSON_LAB)
			continue;
		if (first < 0)
			first = b;
		if (above_bottom(c, b, top, rows))
			best = b;
	}
	return best >= 0 ? best : first;
}

/* ---- quizzes -------------------------------------------------------------- */

int course_quiz_near(const course *c, int top, int rows)
{
	const lesson *ls = course_lesson(c);
	int above = -1, below = -1, in_view = -1;
	for (int b = 0; b < ls->nblocks; b++) {
		if (ls->blocks[b].kind != LESSON_QUIZ || !ls->blocks[b].quiz)
			continue;
		if (c->page_lesson != c->cur) {
			if (above_bottom(c, b, top, rows))
				above = b;
			else if (below < 0)
				below = b;
			continue;
		}
		int last;
		int first = course_block_lines(c, b, &last);
		if (first < 0)
			continue;
		if (last >= top && first < top + rows) {
			/* of those in view, the first not answered yet: a tall pane
			 * shows several, and the answered ones are done */
			if (course_quiz_state(c, c->cur, ls->blocks[b].quiz->index) < 0)
				return b;
			if (in_view < 0)
				in_view = b;
			continue;
		}
		if (in_view >= 0)
			continue;
		if (last < top)
			above = b;
		else if (below < 0)
			below = b;
	}
	if (in_view >= 0)
		return in_view;
	return above >= 0 ? above : below;
}

int course_quiz_other(const course *c, int b, int dir)
{
	const lesson *ls = course_lesson(c);
	for (int k = b + dir; k >= 0 && k < ls->nblocks; k += dir)
		if (ls->blocks[k].kind == LESSON_QUIZ && ls->blocks[k].quiz)
			return k;
	return -1;
}

int course_verdict_line(const course *c, int b)
{
	int last;
	int first = course_block_lines(c, b, &last);
	for (int i = first; i >= 0 && i <= last; i++) {
		const lesson_line *ln = &c->page.lines[i];
		for (int k = 0; k < ln->len; k++)
			if (ln->cells[k].style & (ST_GOOD | ST_BAD))
				return i;
	}
	return -1;
}

static const lesson_quiz *quiz_of(const course *c, int b)
{
	const lesson *ls = course_lesson(c);
	if (b < 0 || b >= ls->nblocks || ls->blocks[b].kind != LESSON_QUIZ)
		return NULL;
	return ls->blocks[b].quiz;
}

int course_answer(course *c, int b, const char *text, char *err, size_t errlen,
                  char *warn, size_t warnlen)
{
	if (warnlen)
		warn[0] = '\0';
	const lesson_quiz *q = quiz_of(c, b);
	if (!q || c->set.n == 0) {
		if (errlen)
			snprintf(err, errlen, "there is no quiz here");
		return -1;
	}
	int r = lesson_quiz_check(q, text, err, errlen);
	if (r < 0)
		return -1;
	const lesson *ls = course_lesson(c);
	progress_record_quiz(&c->prog, ls->slug, q->index, text, r == 1);
	bool all = true;
	for (int i = 0; i < ls->nquizzes; i++)
		all = all && progress_quiz_get(&c->prog, ls->slug, i) != NULL;
	if (all)
		progress_set_done(&c->prog, ls->slug, true);
	c->page_ok = false;
	save(c, warn, warnlen);
	return r;
}

void course_show_hint(course *c, int b)
{
	const lesson_quiz *q = quiz_of(c, b);
	if (q && c->hint && !c->hint[q->index]) {
		c->hint[q->index] = true;
		c->page_ok = false;
	}
}

int course_quiz_state(const course *c, int i, int q)
{
	if (i < 0 || i >= c->set.n)
		return -1;
	const progress_quiz *pq = progress_quiz_get(&c->prog, c->set.v[i].slug, q);
	return pq ? pq->right : -1;
}

bool course_done(const course *c, int i)
{
	if (i < 0 || i >= c->set.n)
		return false;
	const progress_lesson *pl = find_progress(c, c->set.v[i].slug);
	return pl && pl->done;
}

/* ---- search ------------------------------------------------------------- */

/* The first match strictly after (line, col) in reading order (dir +1),
 * or the last strictly before it (dir -1). */
static bool find_in(const lesson_page *pg, const uint32_t *nd, int nn, int line, int col,
                    int dir, int *out_line, int *out_col)
{
	if (dir > 0) {
		if (line < 0) {
			line = 0;
			col = -1;
		}
		for (int i = line; i < pg->n; i++) {
			const lesson_line *ln = &pg->lines[i];
			for (int k = i == line ? col + 1 : 0; k + nn <= ln->len; k++) {
				if (lesson_line_match(ln, k, nd, nn)) {
					*out_line = i;
					*out_col = k;
					return true;
				}
			}
		}
		return false;
	}
	if (line >= pg->n) {
		line = pg->n - 1;
		col = 1 << 30;
	}
	for (int i = line; i >= 0; i--) {
		const lesson_line *ln = &pg->lines[i];
		int start = ln->len - nn;
		if (i == line && col - 1 < start)
			start = col - 1;
		for (int k = start; k >= 0; k--) {
			if (lesson_line_match(ln, k, nd, nn)) {
				*out_line = i;
				*out_col = k;
				return true;
			}
		}
	}
	return false;
}

int course_find(course *c, const char *needle, int dir, course_match *m, bool *wrapped)
{
	uint32_t nd[LESSON_ANSWER_MAX];
	int nn = lesson_needle(needle, nd, LESSON_ANSWER_MAX);
	if (wrapped)
		*wrapped = false;
	if (nn == 0 || c->page_lesson != c->cur)
		return 0;
	dir = dir < 0 ? -1 : 1;
	int count = c->set.n > 0 ? c->set.n : 1;
	int home = m->lesson >= 0 && m->lesson < count ? m->lesson : c->cur;
	lesson_quiz_view *qv = NULL;
	int status = 0;
	/* k == count: the lesson we started in again, before the start */
	for (int k = 0; k <= count && status == 0; k++) {
		int li = ((home + dir * k) % count + count) % count;
		const lesson_page *pg = &c->page;
		if (li != c->cur) {
			const lesson *ls = &c->set.v[li];
			free(qv);
			qv = calloc(ls->nquizzes > 0 ? (size_t)ls->nquizzes : 1, sizeof *qv);
			if (!qv || render_lesson(c, li, &c->scratch, qv, NULL, c->page_width,
			                         c->page_ascii) < 0) {
				status = -1;
				break;
			}
			pg = &c->scratch;
		}
		int line, col, fl, fc;
		if (k == 0) {
			line = m->lesson >= 0 ? m->line : -1;
			col = m->lesson >= 0 ? m->col : -1;
			if (m->lesson < 0 && dir < 0)
				line = pg->n;
		} else {
			line = dir > 0 ? -1 : pg->n;
			col = -1;
		}
		if (find_in(pg, nd, nn, line, col, dir, &fl, &fc)) {
			*m = (course_match){ li, fl, fc, nn };
			if (wrapped)
				*wrapped = k == count || (dir > 0 ? li < home : li > home);
			status = 1;
		}
	}
	free(qv);
	return status;
}
