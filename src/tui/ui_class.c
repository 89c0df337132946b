/* ui_class.c - `whyrelu class` on a terminal: a row per learner and, beside
 * it on a wide screen (Tab between them on a narrow one), a row per lesson
 * with its quizzes; under both, the quiz most of the class got wrong and
 * the lesson where most have stopped. The terminal is ui.c's (ui_screen_run);
 * the numbers are class.c's. The files are read again when one changes
 * (inotify, where there is one) and every few seconds, which also keeps
 * "last activity" current.
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/inotify.h>
#include <unistd.h>
#endif

#include "class.h"
#include "cli.h"
#include "ui.h"
#include "draw.h"
#include "ui_impl.h"
#include "util.h"

#define MIN_W 60
#define MIN_H 12
#define WIDE_W 120
/* Every this often the files are read again anyway (a home not watched,
 * "5m ago" becoming "6m ago"); after a change is seen, at most this soon. */
#define POLL_MS 5000
#define SETTLE_MS 300

typedef struct marks {
	uint32_t full, empty, hline, vline, tl, tr, bl, br;
	const char *right, *wrong, *open, *sep, *here;
} marks;

static const marks utf8_marks = { 0x2588, 0x2591, 0x2500, 0x2502, 0x250c, 0x2510, 0x2514,
                                  0x2518, "\u2713", "\u2717", "\u00b7", " \u00b7 ", "\u25b8" };
static const marks ascii_marks = { '#', '.', '-', '|', '+', '+', '+', '+', "+", "-", ".", " | ",
                                   ">" };

typedef struct cview {
	class *c;
	char *const *args;
	int nargs;
	ui_screen *scr;
	bool ascii;
	class_key key;
	bool reverse;
	int pane;            /* the pane the scroll keys move: 0 learners, 1 lessons */
	bool help;
	int top[2];          /* first row shown of each pane */
	int rows[2];         /* rows each pane showed, for paging */
	bool wide;           /* the last frame had both panes */
	char msg[160];
	long long now;
	int ifd;             /* inotify, -1: none */
	bool dirty;          /* a change seen, not read yet */
	double read_at;      /* when the files were last read (ms) */
} cview;

static const marks *marks_of(const cview *v)
{
	return v->ascii ? &ascii_marks : &utf8_marks;
}

/* ---- drawing ------------------------------------------------------------ */

/* Text at (x, y), at most maxw columns, ASCII-only on an ASCII screen. */
static int text(const cview *v, grid *g, int x, int y, int maxw, const char *s, uint16_t st)
{
	if (maxw <= 0)
		return 0;
	char *conv = v->ascii ? lesson_ascii(s) : NULL;
	int n = draw_text(g, x, y, maxw, conv ? conv : s, st);
	free(conv);
	return n;
}

/* Right-aligned in w columns. */
static void rtext(const cview *v, grid *g, int x, int y, int w, const char *s, uint16_t st)
{
	char *conv = v->ascii ? lesson_ascii(s) : NULL;
	draw_rtext(g, x, y, w, conv ? conv : s, st);
	free(conv);
}

static void bar(const cview *v, grid *g, int x, int y, int w, int done, int total)
{
	const marks *m = marks_of(v);
	int fill = total > 0 ? (done * w + total / 2) / total : 0;
	if (done > 0 && fill == 0)
		fill = 1;   /* something finished shows */
	if (done < total && fill == w)
		fill = w - 1;
	for (int i = 0; i < w; i++)
		grid_put(g, x + i, y, i < fill ? m->full : m->empty, i < fill ? ST_GOOD : ST_DIM);
}

static void lesson_name(const class *c, int i, char *buf, size_t len)
{
	if (i < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%02d %s", c->set->v[i].number, c->set->v[i].slug);
}

/* The learners' table in (x, y, w, h): a header row, then the rows. */
static void draw_learners(cview *v, grid *g, int x, int y, int w, int h)
{
	const class *c = v->c;
	int nl = c->set->n;
	/* columns: name, lesson, finished (bar and count), right wrong open, last */
	int cw_count = 6, cw_q = 12, cw_last = 5;
	int rest = w - 1 - cw_count - cw_q - cw_last - 4;
	int cw_bar = rest >= 40 ? 12 : rest >= 30 ? 8 : 5;
	rest -= cw_bar + 1;
	int cw_name = rest * 2 / 5 < 8 ? 8 : rest * 2 / 5;
	int cw_lesson = rest - cw_name - 1;
	int xn = x + 1, xl = xn + cw_name + 1, xb = xl + cw_lesson + 1, xc = xb + cw_bar + 1;
	int xq = xc + cw_count + 1, xa = xq + cw_q + 1;
	uint16_t hd = ST_BOLD;
	text(v, g, xn, y, cw_name, "learner", hd);
	text(v, g, xl, y, cw_lesson, "at lesson", hd);
	text(v, g, xb, y, cw_bar + 1 + cw_count, "finished", hd);
	const marks *m = marks_of(v);
	/* each mark over the last digit of its column */
	text(v, g, xq + cw_q - 9, y, 1, m->right, hd);
	text(v, g, xq + cw_q - 5, y, 1, m->wrong, hd);
	text(v, g, xq + cw_q - 1, y, 1, m->open, hd);
	rtext(v, g, xa, y, cw_last, "last", hd);
	int rows = h - 1;
	v->rows[0] = rows;
	if (v->top[0] > c->n - rows)
		v->top[0] = c->n - rows;
	if (v->top[0] < 0)
		v->top[0] = 0;
	if (c->n == 0)
		text(v, g, xn, y + 1, w - 2, "no learners found", ST_DIM);
	for (int r = 0; r < rows && v->top[0] + r < c->n; r++) {
		const class_learner *l = &c->v[v->top[0] + r];
		int yy = y + 1 + r;
		bool has = l->status == CLASS_OK || l->status == CLASS_NEWER;
		text(v, g, xn, yy, cw_name, l->name, has ? ST_NONE : ST_BOLD);
		char buf[160];
		if (!has) {
			uint16_t st = l->status == CLASS_NONE ? ST_DIM : ST_BAD;
			text(v, g, xl, yy, x + w - xl - 1, l->note, st);
			continue;
		}
		if (l->current < 0 && l->prog.current[0])
			snprintf(buf, sizeof buf, "? %s", l->prog.current);   /* not in this course */
		else
			lesson_name(c, l->current, buf, sizeof buf);
		text(v, g, xl, yy, cw_lesson, buf, ST_NONE);
		bar(v, g, xb, yy, cw_bar, l->done, nl);
		snprintf(buf, sizeof buf, "%d/%d", l->done, nl);
		rtext(v, g, xc, yy, cw_count, buf, ST_NONE);
		snprintf(buf, sizeof buf, "%3d", l->right);
		text(v, g, xq + cw_q - 11, yy, 3, buf, l->right ? ST_GOOD : ST_DIM);
		snprintf(buf, sizeof buf, "%3d", l->wrong);
		text(v, g, xq + cw_q - 7, yy, 3, buf, l->wrong ? ST_BAD : ST_DIM);
		snprintf(buf, sizeof buf, "%3d", l->open);
		text(v, g, xq + cw_q - 3, yy, 3, buf, ST_DIM);
		class_ago(l->mtime, v->now, buf, sizeof buf);
		rtext(v, g, xa, yy, cw_last, buf, ST_NONE);
	}
}

/* The lessons' pane: its columns but the name's, and the quizzes' (a
 * quiz is " 9+ 3-"). */
#define LESSONS_FIXED_W 24
#define QUIZ_W 6

static int lessons_quiz_w(const class *c)
{
	int most = 0;
	for (int i = 0; i < c->set->n; i++)
		most = c->set->v[i].nquizzes > most ? c->set->v[i].nquizzes : most;
	return most * QUIZ_W;
}

/* The lessons' table: who is at each, who finished it, and each quiz's
 * answers; the lesson most stopped at and the hardest quiz stand out. */
static void draw_lessons(cview *v, grid *g, int x, int y, int w, int h)
{
	const class *c = v->c;
	const marks *m = marks_of(v);
	int nl = c->set->n;
	int cw_here = 4, cw_bar = 8, cw_count = 6;
	int cw_name = w - LESSONS_FIXED_W - lessons_quiz_w(c);
	if (cw_name > 28)
		cw_name = 28;
	if (cw_name < 12)
		cw_name = 12;
	int xn = x + 1, xh = xn + cw_name + 1, xb = xh + cw_here + 1, xc = xb + cw_bar + 1;
	int xq = xc + cw_count + 1;
	text(v, g, xn, y, cw_name, "lesson", ST_BOLD);
	rtext(v, g, xh, y, cw_here, "here", ST_BOLD);
	text(v, g, xb, y, cw_bar + 1 + cw_count, "finished", ST_BOLD);
	char head[64];
	snprintf(head, sizeof head, "quizzes: %s right %s wrong", m->right, m->wrong);
	text(v, g, xq, y, x + w - xq, head, ST_BOLD);
	int rows = h - 1;
	v->rows[1] = rows;
	if (v->top[1] > nl - rows)
		v->top[1] = nl - rows;
	if (v->top[1] < 0)
		v->top[1] = 0;
	if (nl == 0)
		text(v, g, xn, y + 1, w - 2, "no lessons", ST_DIM);
	int nread = c->read;
	for (int r = 0; r < rows && v->top[1] + r < nl; r++) {
		int i = v->top[1] + r;
		const class_lesson_sum *s = &c->lessons[i];
		int yy = y + 1 + r;
		char buf[160];
		bool stop = i == c->stop;
		if (stop)
			text(v, g, x, yy, 1, m->here, ST_MARKER);
		lesson_name(c, i, buf, sizeof buf);
		text(v, g, xn, yy, cw_name, buf, stop ? ST_BOLD : ST_NONE);
		snprintf(buf, sizeof buf, "%d", s->here);
		rtext(v, g, xh, yy, cw_here, buf, s->here ? (stop ? ST_BOLD : ST_NONE) : ST_DIM);
		bar(v, g, xb, yy, cw_bar, s->done, nread);
		snprintf(buf, sizeof buf, "%d/%d", s->done, nread);
		rtext(v, g, xc, yy, cw_count, buf, ST_NONE);
		int qx = xq;
		for (int q = 0; q < c->set->v[i].nquizzes; q++) {
			int k = s->first_quiz + q;
			if (k >= c->nquiz)
				break;
			const class_quiz_sum *qs = &c->quiz[k];
			bool hard = k == c->hardest;
			/* unanswered is what is left of the learners read: in
			 * the JSON, not here, where a lesson of four quizzes
			 * must fit */
			snprintf(buf, sizeof buf, "%2d%s", qs->right, m->right);
			qx += text(v, g, qx, yy, x + w - qx, buf, qs->right ? ST_GOOD : ST_DIM);
			snprintf(buf, sizeof buf, "%2d%s", qs->wrong, m->wrong);
			qx += text(v, g, qx, yy, x + w - qx, buf, hard ? ST_BAD | ST_BOLD | ST_REVERSE
			           : qs->wrong ? ST_BAD : ST_DIM);
		}
	}
}

/* The two findings, one line each. */
static void draw_findings(cview *v, grid *g, int y, int w)
{
	const class *c = v->c;
	char buf[300], label[16];
	if (c->hardest >= 0) {
		const class_quiz_sum *q = &c->quiz[c->hardest];
		class_quiz_label(c, c->hardest, label, sizeof label);
		snprintf(buf, sizeof buf, "quiz %s (%s): %d wrong, %d right, %d unanswered", label,
		         c->set->v[q->lesson].slug, q->wrong, q->right, q->open);
	} else {
		snprintf(buf, sizeof buf, "%s", c->nquiz ? "no quiz answered wrong yet" : "no quizzes");
	}
	int x = 1 + text(v, g, 1, y, w - 2, "most wrong: ", ST_BOLD);
	text(v, g, x, y, w - x - 1, buf, c->hardest >= 0 ? ST_BAD : ST_DIM);
	if (c->stop >= 0) {
		const class_lesson_sum *s = &c->lessons[c->stop];
		snprintf(buf, sizeof buf, "%02d %s: %d of %d there, not finished",
		         c->set->v[c->stop].number, c->set->v[c->stop].slug, s->stuck, c->read);
	} else {
		snprintf(buf, sizeof buf, "%s", c->read ? "nobody is in the middle of a lesson"
		         : "no progress read yet");
	}
	x = 1 + text(v, g, 1, y + 1, w - 2, "most stopped at: ", ST_BOLD);
	text(v, g, x, y + 1, w - x - 1, buf, c->stop >= 0 ? ST_MARKER : ST_DIM);
}

static void draw_status(cview *v, grid *g, int y, int w)
{
	const class *c = v->c;
	const marks *m = marks_of(v);
	draw_hline(g, 0, y, w, ' ', ST_REVERSE);
	int problems = 0;
	for (int j = 0; j < c->n; j++)
		problems += c->v[j].status == CLASS_DAMAGED || c->v[j].status == CLASS_REFUSED ||
		            c->v[j].status == CLASS_UNREADABLE;
	char left[200];
	snprintf(left, sizeof left, " whyrelu class%s%d learner%s, %d read", m->sep, c->n,
	         c->n == 1 ? "" : "s", c->read);
	int x = text(v, g, 0, y, w, left, ST_REVERSE | ST_BOLD);
	char right[200];
	if (v->msg[0])
		snprintf(right, sizeof right, "%s ", v->msg);
	else if (problems)
		snprintf(right, sizeof right, "%d not read%sby %s%s ", problems, m->sep,
		         class_key_name(v->key), v->reverse ? ", reversed" : "");
	else
		snprintf(right, sizeof right, "by %s%s ", class_key_name(v->key),
		         v->reverse ? ", reversed" : "");
	int len = draw_text_width(right);
	if (x + 2 + len <= w)
		text(v, g, w - len, y, len, right, v->msg[0] ? ST_REVERSE | ST_BOLD : ST_REVERSE);
}

/* ---- keys ----------------------------------------------------------------- */

typedef struct key_def {
	int key, key2;
	const char *keys, *what;
	void (*fn)(cview *v, int arg);
	int arg;
} key_def;

static void do_sort(cview *v, int key)
{
	if (v->key == (class_key)key)
		v->reverse = !v->reverse;   /* the same key again turns it round */
	else
		v->reverse = false;
	v->key = (class_key)key;
	class_sort(v->c, v->key, v->reverse);
}

static void do_reverse(cview *v, int arg)
{
	(void)arg;
	v->reverse = !v->reverse;
	class_sort(v->c, v->key, v->reverse);
}

static void do_scroll(cview *v, int n)
{
	int p = v->pane;
	long t = (long)v->top[p] + n;
	if (n == -100000)
		t = 0;
	if (n == 100000)
		t = 1L << 30;   /* clamped by the next frame */
	v->top[p] = t < 0 ? 0 : t > (1L << 30) ? 1 << 30 : (int)t;
}

static void do_page(cview *v, int dir)
{
	int rows = v->rows[v->pane] > 1 ? v->rows[v->pane] - 1 : 1;
	do_scroll(v, dir * rows);
}

static void do_pane(cview *v, int arg)
{
	(void)arg;
	v->pane = !v->pane;
}

static int reread(cview *v);

static void do_reread(cview *v, int arg)
{
	(void)arg;
	if (reread(v) < 0)
		snprintf(v->msg, sizeof v->msg, "out of memory");
	else
		snprintf(v->msg, sizeof v->msg, "read again");
}

static void do_help(cview *v, int arg)
{
	(void)arg;
	v->help = !v->help;
}

static const key_def keys[] = {
	{ 'q', 0, "q", "quit", NULL, 0 },
	{ 'n', 0, "n", "sort by name", do_sort, CLASS_BY_NAME },
	{ 'l', 0, "l", "sort by lesson, the furthest behind first", do_sort, CLASS_BY_LESSON },
	{ 'f', 0, "f", "sort by lessons finished, the fewest first", do_sort, CLASS_BY_DONE },
	{ 'w', 0, "w", "sort by quizzes wrong, the most first", do_sort, CLASS_BY_WRONG },
	{ 'a', 0, "a", "sort by last activity, the longest quiet first", do_sort, CLASS_BY_TIME },
	{ 'r', 0, "r", "reverse the order (also: the sort key again)", do_reverse, 0 },
	{ '\t', 0, "Tab", "learners or lessons (the pane the keys scroll)", do_pane, 0 },
	{ 'j', KEY_DOWN, "j Down", "scroll down", do_scroll, 1 },
	{ 'k', KEY_UP, "k Up", "scroll up", do_scroll, -1 },
	{ ' ', KEY_NPAGE, "Space PgDn", "a page down", do_page, 1 },
	{ 'b', KEY_PPAGE, "b PgUp", "a page up", do_page, -1 },
	{ KEY_HOME, 'g', "g Home", "to the top", do_scroll, -100000 },
	{ KEY_END, 'G', "G End", "to the bottom", do_scroll, 100000 },
	{ 'R', 0, "R", "read the files again now", do_reread, 0 },
	{ '?', 0, "?", "this help", do_help, 0 },
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static bool on_key(void *ctx, int key)
{
	cview *v = ctx;
	v->msg[0] = '\0';
	if (key == KEY_RESIZE || key == 12)
		return false;
	if (v->help) {
		v->help = false;   /* any key closes the help, and q also quits */
		return key == 'q';
	}
	if (key == 27)
		return false;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (keys[i].key != key && (!keys[i].key2 || keys[i].key2 != key))
			continue;
		if (!keys[i].fn)
			return true;   /* q */
		keys[i].fn(v, keys[i].arg);
		return false;
	}
	if (key >= 0x20 && key < 0x7f)
		snprintf(v->msg, sizeof v->msg, "%c is no key here: ? lists them", key);
	else
		snprintf(v->msg, sizeof v->msg, "no such key here: ? lists them");
	return false;
}

static void draw_help(cview *v, grid *g, int w, int h)
{
	const marks *m = marks_of(v);
	int bw = 66 < w - 2 ? 66 : w - 2, bh = (int)N_KEYS + 4 < h - 2 ? (int)N_KEYS + 4 : h - 2;
	int bx = (w - bw) / 2, by = (h - bh) / 2;
	for (int y = by; y < by + bh; y++)
		draw_hline(g, bx, y, bw, ' ', ST_NONE);
	draw_hline(g, bx, by, bw, m->hline, ST_AXIS);
	draw_hline(g, bx, by + bh - 1, bw, m->hline, ST_AXIS);
	for (int y = by + 1; y < by + bh - 1; y++) {
		grid_put(g, bx, y, m->vline, ST_AXIS);
		grid_put(g, bx + bw - 1, y, m->vline, ST_AXIS);
	}
	grid_put(g, bx, by, m->tl, ST_AXIS);
	grid_put(g, bx + bw - 1, by, m->tr, ST_AXIS);
	grid_put(g, bx, by + bh - 1, m->bl, ST_AXIS);
	grid_put(g, bx + bw - 1, by + bh - 1, m->br, ST_AXIS);
	text(v, g, bx + 2, by, bw - 4, " keys ", ST_BOLD);
	text(v, g, bx + 2, by + bh - 1, bw - 4, " any key closes ", ST_LABEL);
	for (int i = 0; i < (int)N_KEYS && i < bh - 4; i++) {
		text(v, g, bx + 2, by + 2 + i, 11, keys[i].keys, ST_BOLD);
		text(v, g, bx + 14, by + 2 + i, bw - 16, keys[i].what, ST_NONE);
	}
}

static void draw_hints(cview *v, grid *g, int y, int w)
{
	int x = 1;
	static const char *const hints[] = {
		"q", "quit", "n l f w a", "sort", "r", "reverse", "Tab", "lessons", "j k", "scroll",
		"?", "help", NULL,
	};
	for (int i = 0; hints[i]; i += 2) {
		const char *what = hints[i + 1];
		if (!strcmp(what, "lessons") && v->wide)
			what = "pane";
		else if (!strcmp(what, "lessons") && v->pane == 1)
			what = "learners";
		int need = draw_text_width(hints[i]) + 1 + draw_text_width(what);
		if (x + need > w - 1)
			break;
		x += text(v, g, x, y, need, hints[i], ST_BOLD) + 1;
		x += text(v, g, x, y, w - x, what, ST_NONE) + 2;
	}
}

static int compose(void *ctx, grid *g)
{
	cview *v = ctx;
	int w = g->w, h = g->h;
	const marks *m = marks_of(v);
	if (w < MIN_W || h < MIN_H) {
		char need[64];
		snprintf(need, sizeof need, "need %dx%d, have %dx%d", MIN_W, MIN_H, w, h);
		const char *lines[] = { "terminal too small", need, "enlarge the window, or q to quit" };
		for (int i = 0; i < 3; i++) {
			int len = draw_text_width(lines[i]);
			text(v, g, len < w ? (w - len) / 2 : 0, (h - 3) / 2 + i, w, lines[i],
			     i == 0 ? ST_BOLD : ST_NONE);
		}
		return 0;
	}
	/* the last four rows: findings, status, hints; a rule above them */
	int body = h - 5;
	v->wide = w >= WIDE_W;
	if (v->wide) {
		/* the lessons' pane as wide as its widest row needs (names
		 * of 16 columns), the learners' the rest */
		int need = LESSONS_FIXED_W + 16 + lessons_quiz_w(v->c);
		int lw = w - 1 - (need < w / 2 ? need : w / 2);
		draw_learners(v, g, 0, 0, lw, body);
		for (int y = 0; y < body; y++)
			grid_put(g, lw, y, m->vline, ST_AXIS);
		draw_lessons(v, g, lw + 1, 0, w - lw - 1, body);
		/* the pane the scroll keys move: its header underlined by a
		 * reverse bar in its first column */
		grid_put(g, v->pane == 0 ? 0 : lw + 1, 0, ' ', ST_REVERSE);
	} else if (v->pane == 0) {
		draw_learners(v, g, 0, 0, w, body);
	} else {
		draw_lessons(v, g, 0, 0, w, body);
	}
	draw_hline(g, 0, body, w, m->hline, ST_AXIS);
	draw_findings(v, g, body + 1, w);
	draw_status(v, g, h - 2, w);
	draw_hints(v, g, h - 1, w);
	if (v->help)
		draw_help(v, g, w, h);
	return 0;
}

/* ---- reading again -------------------------------------------------------- */

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Watch where each learner's saves land: a save renames a new file into
 * that directory, so IN_MOVED_TO says it is done. The named directories
 * too, for learners who appear. */
static void watch_all(cview *v)
{
#ifdef __linux__
	if (v->ifd < 0)
		return;
	uint32_t mask = IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
	                IN_ONLYDIR | IN_DONT_FOLLOW;
	for (int j = 0; j < v->c->n; j++)
		if (v->c->v[j].watch[0])
			inotify_add_watch(v->ifd, v->c->v[j].watch, mask);
	for (int i = 0; i < v->nargs; i++)
		inotify_add_watch(v->ifd, v->args[i], mask);
#else
	(void)v;
#endif
}

static int reread(cview *v)
{
	char err[200];
	if (class_read(v->c, v->args, v->nargs, err, sizeof err) < 0)
		return -1;
	class_sum(v->c);
	class_sort(v->c, v->key, v->reverse);
	v->now = class_now();
	v->read_at = mono_ms();
	v->dirty = false;
	watch_all(v);
	return 0;
}

static int on_tick(void *ctx, bool readable)
{
	cview *v = ctx;
#ifdef __linux__
	if (readable && v->ifd >= 0) {
		char buf[8192];
		while (read(v->ifd, buf, sizeof buf) > 0)
			;
		v->dirty = true;
	}
#else
	(void)readable;
#endif
	double since = mono_ms() - v->read_at;
	/* a class saving all the time is read at most every SETTLE_MS, and
	 * a change is shown no later than that */
	if ((v->dirty && since >= SETTLE_MS) || since >= POLL_MS) {
		if (reread(v) < 0)
			return -1;
		v->scr->wait_ms = POLL_MS;
		return 1;
	}
	v->scr->wait_ms = (int)((v->dirty ? SETTLE_MS : POLL_MS) - since) + 1;
	return 0;
}

int ui_class_view(class_view_args *a)
{
	cview v;
	memset(&v, 0, sizeof v);
	v.c = a->c;
	v.args = a->args;
	v.nargs = a->nargs;
	v.ascii = a->ascii;
	v.key = CLASS_BY_NAME;
	v.now = class_now();
	v.read_at = mono_ms();
	v.ifd = -1;
	/* UTF-8 marks asked for in a locale that is not UTF-8: the output
	 * must be UTF-8 for them */
	if (!v.ascii && !opts_utf8_locale() &&
	    (!setlocale(LC_CTYPE, "C.UTF-8") || !opts_utf8_locale()))
		v.ascii = true;
	ui_screen s = { "the class view", "--csv or --json prints the table", &v, compose, on_key,
	                on_tick, -1, POLL_MS, v.ascii, a->color };
	v.scr = &s;
#ifdef __linux__
	if (!a->headless_w) {
		v.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		s.fd = v.ifd;
		watch_all(&v);
	}
#endif
	int status = ui_screen_run(&s, a->headless_w, a->headless_h, a->keys, a->dump);
#ifdef __linux__
	if (v.ifd >= 0)
		close(v.ifd);
#endif
	return status;
}
