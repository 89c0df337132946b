/* line.c - the line mode (see line.h): the course printed in reading order
 * and a prompt that takes the command language, for learners who read
 * with a screen reader or a braille display, on a dumb terminal or in an
 * Emacs shell buffer.
 *
 * Nothing here moves the cursor or sends an escape sequence. Readline is
 * used only when both ends are a terminal, and it is told the terminal is
 * dumb, whatever TERM says, with everything that would send a sequence of
 * its own switched off after the user's inputrc is read (bracketed paste,
 * the meta and keypad modes, the bell, coloured completions). Editing a
 * line still echoes what is typed and moves left with a backspace, as on
 * a teletype. Commands from a pipe or a file are read line by line and
 * shown after the prompt, so a transcript reads like a session.
 *
 * A place in a lesson is a block (a paragraph, a heading, a try-it line, a
 * quiz): blocks stay the same when a quiz's verdict changes the layout.
 * The rules of the course (which try-it applies, when a lesson is
 * finished, what is saved) are course.c's, as in the full-screen
 * tutorial, and progress is saved on every change of lesson and every
 * answer, and the place on the way out.
 */
#include "line.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "chain.h"
#include "cli.h"
#include "cmd.h"
#include "complete.h"
#include "cost.h"
#include "course.h"
#include "describe.h"
#include "lab.h"
#include "lesson.h"
#include "net.h"
#include "num.h"
#include "plot.h"
#include "train.h"

#define LINE_WIDTH 80          /* columns at most, or $COLUMNS when smaller */
#define LINE_MIN_WIDTH PLOT_MIN_W
#define PLOT_ROWS 16
#define PROMPT "whyrelu> "
#define QUIZ_PROMPT "Answer at the prompt: answer VALUE; hint shows a hint."
#define CHAIN_PLOT_DEPTH 100   /* the chain plotted at most this deep, as the lab does */
#define INPUT_MAX 4096         /* bytes of a command line kept; cmd_parse says when too long */
#define RUN_DEFAULT 500        /* steps `run` trains when not told how many */
#define RUN_CHUNK 50           /* steps between looks for Ctrl-C while training, at most */
#define RUN_CHUNK_WORK 2000000.0 /* and about this many multiply-adds (a few ms) */

typedef enum line_view { LV_PLOT, LV_CHAIN, LV_TRAIN, LV_NET, LV_COST } line_view;

typedef struct line_ui {
	lab lab;
	course course;
	int width;
	bool ascii;          /* the lesson text in ASCII (the locale is not UTF-8) */
	int next;            /* the block of the current lesson to print next */
	int last;            /* the block printed last, -1: none yet */
	const act_def *compare[CMD_MAX_COMPARE];
	int ncompare;
	line_view view;
	bool lab_from_options; /* the options set the lab up: the first try-it leaves it */
	bool in_block;       /* running a try-it's commands: the readout says it all */
	bool quit;
	bool readline;       /* commands edited with readline */
	bool script;         /* commands from a pipe or a file, not typed */
	bool echo;           /* commands shown after the prompt (no readline to show them) */
	long lineno;         /* of the command read */
	int errors;          /* commands that failed, read from a pipe or a file */
	/* the views the full-screen tutorial draws, here in words: the core's
	 * networks and measurements, built when first needed */
	train_net trainer, rival;
	net net;
	bool net_started;
	cost_lab cost;
	bool cost_ready;
} line_ui;

static line_ui *cur;     /* for readline's callbacks */
static volatile sig_atomic_t got_signal;

/* ---- writing ---------------------------------------------------------------- */

/* Text as the learner reads it: wrapped to the width, control characters
 * and escape sequences dropped, ASCII when the locale is not UTF-8. */
static void emit(line_ui *u, int indent, const char *text)
{
	char *clean = u->ascii ? lesson_ascii(text) : lesson_clean(text);
	if (!clean)
		return;
	size_t cap = strlen(clean) * 2 + (size_t)u->width + 16;
	char *w = malloc(cap);
	if (w) {
		describe_wrap(clean, u->width, indent, w, cap);
		fputs(w, stdout);
		free(w);
	}
	free(clean);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void say(line_ui *u, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	emit(u, 0, buf);
}

/* A command that did not work: from a pipe or a file, with its line
 * number, and counted for the exit status. */
static void fail(line_ui *u, const char *msg)
{
	if (u->script) {
		u->errors++;
		say(u, "line %ld: %s", u->lineno, msg);
	} else {
		say(u, "%s", msg);
	}
}

static void print_line(const lesson_line *ln)
{
	char buf[8];
	int end = ln->len;
	while (end > 0 && ln->cells[end - 1].ch == ' ')
		end--;
	for (int i = 0; i < end; i++) {
		uint32_t ch = ln->cells[i].ch;
		if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0))
			ch = '?';
		int n = grid_utf8(ch, buf);
		fwrite(buf, 1, (size_t)n, stdout);
	}
	fputc('\n', stdout);
}

/* ---- the lesson ------------------------------------------------------------- */

static const lesson_page *page(line_ui *u, int *scroll)
{
	int s = 0;
	const lesson_page *pg = course_page(&u->course, u->width, u->ascii, &s);
	if (scroll)
		*scroll = s;
	return pg;
}

static int lesson_number(const line_ui *u)
{
	const course *c = &u->course;
	return course_count(c) ? c->set.v[c->cur].number : 0;
}

/* The source line of the place, for saving it. */
static int place_src(line_ui *u)
{
	const lesson *ls = course_lesson(&u->course);
	int b = u->last >= 0 ? u->last : u->next;
	if (b < 0 || b >= ls->nblocks)
		return 0;
	return ls->blocks[b].line;
}

/* The lab's own readout: x, f, f' and the chain. */
static void lab_readout(line_ui *u)
{
	char buf[1024];
	if (u->ncompare > 0)
		say(u, "%s", describe_compare(&u->lab, u->compare, u->ncompare, buf, sizeof buf));
	say(u, "%s", describe_readout(&u->lab, buf, sizeof buf));
}

/* ---- the training, network and cost views ---------------------------------- */

/* Built again when what they were built from no longer matches the lab,
 * as the full-screen view does: the rival races with its default
 * parameter on the same settings, data and seed, from step 0 with the
 * lab's network. False when out of memory. */
static bool train_sync(line_ui *u)
{
	const lab *l = &u->lab;
	train_net *n = &u->trainer, *r = &u->rival;
	bool stale = n->nparams == 0 || n->act != l->act || n->p != l->p ||
	             !train_cfg_equal(&n->cfg, &l->train);
	bool rival_stale = l->race ? r->nparams == 0 || r->act != l->race ||
	                             r->p != act_param_default(l->race) ||
	                             !train_cfg_equal(&r->cfg, &l->train)
	                           : r->nparams != 0;
	if (!stale && !rival_stale)
		return true;
	train_free(n);
	train_free(r);
	if (train_init(n, l->act, l->p, &l->train) < 0 ||
	    (l->race && train_init(r, l->race, act_param_default(l->race), &l->train) < 0)) {
		train_free(n);
		train_free(r);
		fail(u, "out of memory for the training view's network");
		return false;
	}
	return true;
}

static void train_readout(line_ui *u)
{
	char buf[1024];
	if (train_sync(u))
		say(u, "%s", describe_train(&u->trainer, &u->rival, buf, sizeof buf));
}

/* What is trained, on what, and how to go on. */
static void train_setup(line_ui *u)
{
	const lab *l = &u->lab;
	char title[256], noise[48] = "", race[96] = "", b[32];
	cli_train_title(l->act, l->p, &l->train, title, sizeof title);
	if (l->train.noise > 0)
		snprintf(noise, sizeof noise, ", noise %s", num_shortest(l->train.noise, b));
	if (l->race)
		snprintf(race, sizeof race, "; %s races beside it on the same points and seed",
		         l->race->name);
	say(u, "The training view: %s%s%s. run N trains N more steps (run alone: %d), train "
	    "step one, train restart from step 0; plot draws the fit.", title, noise, race,
	    RUN_DEFAULT);
}

/* Ctrl-C (or a signal to end) waiting: blocked while a command runs, it
 * is taken at the prompt; a long run stops for it first. */
static bool signal_waiting(void)
{
	sigset_t s;
	if (sigpending(&s) < 0)
		return false;
	return sigismember(&s, SIGINT) || sigismember(&s, SIGTERM) || sigismember(&s, SIGHUP) ||
	       sigismember(&s, SIGQUIT);
}

/* count more steps of the lab's network, the rival kept at the same step. */
static void train_steps(line_ui *u, long count)
{
	if (!train_sync(u))
		return;
	train_net *n = &u->trainer, *r = &u->rival;
	/* a step of the largest network is a hundred milliseconds or more:
	 * Ctrl-C is looked for after about as much work whatever the size */
	const train_cfg *c = &n->cfg;
	double work = (double)(c->batch < c->points ? c->batch : c->points) * c->layers *
	              c->width * c->width * (r->nparams ? 2 : 1);
	long chunk = work * RUN_CHUNK >= RUN_CHUNK_WORK ? (long)(RUN_CHUNK_WORK / work) : RUN_CHUNK;
	if (chunk < 1)
		chunk = 1;
	long done = 0;
	bool stopped = false;
	while (done < count && n->state == TRAIN_OK) {
		if (signal_waiting()) {
			stopped = true;
			break;
		}
		long k = count - done < chunk ? count - done : chunk;
		long before = n->steps;
		train_run(n, k);
		if (r->nparams)
			train_run(r, n->steps - r->steps);
		done += k;
		if (n->steps == before)
			break;
	}
	if (stopped)
		say(u, "Stopped after %ld of the %ld steps.", done, count);
	train_readout(u);
}

/* The network the lab describes, computed when its settings changed. */
static bool net_sync(line_ui *u)
{
	net_params p = lab_net_params(&u->lab);
	if (u->net_started && net_params_equal(&p, &u->net.prm))
		return true;
	char err[160], msg[200];
	if (net_start(&u->net, &p, err, sizeof err) < 0) {
		u->net_started = false;
		snprintf(msg, sizeof msg, "view net: %s", err);
		fail(u, msg);
		return false;
	}
	net_run(&u->net);
	u->net_started = true;
	return true;
}

static void net_readout(line_ui *u)
{
	char buf[1024];
	if (net_sync(u))
		say(u, "%s", describe_net(&u->net, buf, sizeof buf));
}

static void net_table(line_ui *u)
{
	if (!net_sync(u))
		return;
	fflush(stdout);
	cli_net_table(stdout, &u->net);
}

/* Every row timed (a few milliseconds each); again: timed anew. */
static bool cost_measure(line_ui *u, bool again)
{
	if (u->cost_ready && !again)
		return true;
	if (!u->cost_ready) {
		if (cost_init(&u->cost, cost_fixed_env()) < 0) {
			fail(u, "out of memory for the cost view");
			return false;
		}
		u->cost_ready = true;
	} else if (cost_restart(&u->cost) < 0) {
		fail(u, "out of memory for the measurement (the figures are the last ones)");
		return false;
	}
	cost_run(&u->cost);
	return true;
}

static void cost_readout(line_ui *u)
{
	char buf[1024];
	if (cost_measure(u, false))
		say(u, "%s", describe_cost(&u->cost, buf, sizeof buf));
}

static void cost_table(line_ui *u)
{
	if (!cost_measure(u, false))
		return;
	say(u, "What f and f' cost on this machine, in ns an element, and as multiples of "
	    "relu's time (the median of %d runs; expect some percent between runs):", COST_RUNS);
	fflush(stdout);
	cli_cost_table(stdout, &u->cost);
}

/* The readout of the view: the lab's, or the training, network or cost
 * view's. */
static void readout(line_ui *u)
{
	switch (u->view) {
	case LV_TRAIN: train_readout(u); break;
	case LV_NET: net_readout(u); break;
	case LV_COST: cost_readout(u); break;
	default: lab_readout(u); break;
	}
}

/* A view as it opens: what it is set up to show, then its readout. */
static void show_view(line_ui *u)
{
	switch (u->view) {
	case LV_TRAIN: train_setup(u); break;
	case LV_NET: net_table(u); break;
	case LV_COST: cost_table(u); break;
	default: break;
	}
	readout(u);
}

static void run_other(line_ui *u, const cmd *c);

/* A lab block's commands the lab does not apply itself (compare, eval,
 * view), after the block applied. */
static void lab_other(void *ctx, const struct cmd *c)
{
	run_other(ctx, c);
}

static void apply_lab(line_ui *u, int b)
{
	const lesson *ls = course_lesson(&u->course);
	int bad = 0;
	char err[256];
	int ncompare = u->ncompare;
	line_view view = u->view;
	u->ncompare = 0;
	u->view = LV_PLOT;
	u->in_block = true;
	int r = lesson_lab_apply(&ls->blocks[b], &u->lab, lab_other, u, &bad, err, sizeof err);
	u->in_block = false;
	if (r < 0) {
		u->ncompare = ncompare;
		u->view = view;
		say(u, "%s:%d: %s", ls->file, bad, err);
		return;
	}
	static const char *const what[] = {
		[LV_PLOT] = "", [LV_CHAIN] = "; plot draws the chain",
		[LV_TRAIN] = ", in the training view", [LV_NET] = ", in the network view",
		[LV_COST] = ", in the cost view",
	};
	say(u, "The lab is set up for this part (reset puts it back)%s.", what[u->view]);
	show_view(u);
}

/* Blocks first..last were printed: a try-it among them sets the lab up,
 * and the end of the lesson read counts as course_reach says. */
static void reached(line_ui *u, int first, int last)
{
	const lesson *ls = course_lesson(&u->course);
	const lesson_page *pg = page(u, NULL);
	int top = lesson_page_line_of(pg, first), end;
	if (top < 0 || course_block_lines(&u->course, last, &end) < 0)
		return;
	int rows = last + 1 >= ls->nblocks ? pg->n - top : end - top + 1;
	int b = course_reach(&u->course, top, rows);
	if (b >= 0 && !u->lab_from_options)
		apply_lab(u, b);
	u->lab_from_options = false;
}

static bool has_lines(line_ui *u, int b)
{
	return lesson_page_line_of(page(u, NULL), b) >= 0;
}

static void print_block(line_ui *u, int b)
{
	const lesson_block *bl = &course_lesson(&u->course)->blocks[b];
	if (bl->kind == LESSON_LAB) {
		/* the whole of it: the pane's marker line is cut at the width */
		char text[2048];
		size_t o = (size_t)snprintf(text, sizeof text, "Try it:");
		int n = 0;
		for (int i = 0; i < bl->nlines && o < sizeof text; i++) {
			const char *s = bl->lines[i] + strspn(bl->lines[i], " ");
			if (*s && *s != '#')
				o += (size_t)snprintf(text + o, sizeof text - o, "%s%s", n++ ? "; " : " ", s);
		}
		emit(u, 2, text);
		return;
	}
	int end;
	int first = course_block_lines(&u->course, b, &end);
	const lesson_page *pg = &u->course.page;
	for (int i = first; i >= 0 && i <= end; i++)
		print_line(&pg->lines[i]);
}

static void lesson_end(line_ui *u)
{
	const course *c = &u->course;
	int n = course_count(c);
	if (n == 0)
		say(u, "That is all: there are no lessons to read.");
	else if (c->cur + 1 < n)
		say(u, "End of lesson %d. next opens lesson %d, %s.", lesson_number(u),
		    c->set.v[c->cur + 1].number, course_title(c, c->cur + 1, u->ascii));
	else
		say(u, "End of lesson %d, the last one. toc lists them all.", lesson_number(u));
}

/* The next paragraph; a heading comes with the block under it, which
 * alone says what the part is about. */
static void more(line_ui *u)
{
	const lesson *ls = course_lesson(&u->course);
	page(u, NULL);
	while (u->next < ls->nblocks && !has_lines(u, u->next))
		u->next++;
	if (u->next >= ls->nblocks) {
		lesson_end(u);
		return;
	}
	int first = u->next, b = first;
	for (;;) {
		if (b > first)
			fputc('\n', stdout);
		print_block(u, b);
		if (ls->blocks[b].kind != LESSON_HEADING)
			break;
		int n = b + 1;
		while (n < ls->nblocks && !has_lines(u, n))
			n++;
		if (n >= ls->nblocks || ls->blocks[n].kind == LESSON_HEADING)
			break;
		b = n;
	}
	u->last = b;
	u->next = b + 1;
	reached(u, first, b);
	while (u->next < ls->nblocks && !has_lines(u, u->next))
		u->next++;
	if (u->next >= ls->nblocks)
		lesson_end(u);
}

/* The lesson just opened (course_open or course_goto): where its place
 * is, said, then its first paragraph from there. */
static void arrive(line_ui *u)
{
	int scroll;
	const lesson_page *pg = page(u, &scroll);
	const lesson *ls = course_lesson(&u->course);
	u->next = ls->nblocks;
	for (int i = scroll; i < pg->n; i++)
		if (pg->lines[i].block >= 0) {
			u->next = pg->lines[i].block;
			break;
		}
	if (scroll == 0)
		u->next = 0;
	u->last = -1;
	int n = course_count(&u->course);
	if (n > 0)
		say(u, "Lesson %d of %d%s.", lesson_number(u), n,
		    scroll > 0 ? ", where you left off" : "");
	more(u);
}

static void open_lesson(line_ui *u, int i)
{
	char warn[512];
	if (course_goto(&u->course, i, place_src(u), 0, warn, sizeof warn) < 0) {
		say(u, "out of memory opening the lesson");
		return;
	}
	u->lab_from_options = false;
	if (warn[0])
		say(u, "%s", warn);
	arrive(u);
}

static void step(line_ui *u, int dir)
{
	char why[80];
	int i = course_neighbour(&u->course, dir, "toc", why, sizeof why);
	if (i < 0)
		fail(u, why);
	else
		open_lesson(u, i);
}

static void goto_lesson(line_ui *u, const cmd *c)
{
	char key[sizeof c->word + 24];
	if (c->n > 0)
		snprintf(key, sizeof key, "%ld", c->n);
	else
		snprintf(key, sizeof key, "%s", c->word);
	int i = course_find_lesson(&u->course, key);
	int n = course_count(&u->course);
	char msg[512];
	if (i >= 0) {
		open_lesson(u, i);
		return;
	}
	if (n == 0)
		snprintf(msg, sizeof msg, "there are no lessons (looked in %.400s)", u->course.dir);
	else
		snprintf(msg, sizeof msg, "no lesson '%.40s': a number %d to %d, or a name like %s",
		         key, u->course.set.v[0].number, u->course.set.v[n - 1].number,
		         u->course.set.v[n > 1 ? 1 : 0].slug);
	fail(u, msg);
}

static void toc(line_ui *u)
{
	const course *c = &u->course;
	int n = course_count(c);
	if (n == 0) {
		fail(u, "there are no lessons");
		return;
	}
	say(u, "The lessons (lesson N opens one):");
	for (int i = 0; i < n; i++) {
		const lesson *ls = &c->set.v[i];
		int right = 0, answered = 0;
		for (int q = 0; q < ls->nquizzes; q++) {
			int s = course_quiz_state(c, i, q);
			answered += s >= 0;
			right += s == 1;
		}
		char quiz[96] = "";
		if (ls->nquizzes > 0)
			snprintf(quiz, sizeof quiz, "; %d of %d quiz%s right", right, ls->nquizzes,
			         ls->nquizzes == 1 ? "" : "zes");
		if (answered > right)
			snprintf(quiz + strlen(quiz), sizeof quiz - strlen(quiz), ", %d wrong",
			         answered - right);
		char line[1024];
		snprintf(line, sizeof line, "%2d. %s (%s%s)%s", ls->number, course_title(c, i, u->ascii),
		         course_done(c, i) ? "done" : "not done", quiz,
		         i == c->cur ? " <- you are here" : "");
		emit(u, 4, line);
	}
}

/* ---- quizzes ---------------------------------------------------------------- */

/* The quiz an answer is for: in the paragraph read last, else the last
 * one above it, else the next one (course_quiz_near's rule). */
static int quiz_here(line_ui *u)
{
	const lesson *ls = course_lesson(&u->course);
	page(u, NULL);
	int b = u->last >= 0 ? u->last : u->next < ls->nblocks ? u->next : ls->nblocks - 1;
	int end;
	int top = b >= 0 ? course_block_lines(&u->course, b, &end) : -1;
	if (top < 0)
		return course_quiz_near(&u->course, 0, 1);
	return course_quiz_near(&u->course, top, end - top + 1);
}

static void answer(line_ui *u, const char *text)
{
	int b = quiz_here(u);
	if (b < 0) {
		fail(u, course_count(&u->course) ? "this lesson has no quiz" : "there are no lessons");
		return;
	}
	char err[256], warn[512];
	int r = course_answer(&u->course, b, text, err, sizeof err, warn, sizeof warn);
	if (r < 0) {
		fail(u, err);
		return;
	}
	page(u, NULL);
	int end;
	course_block_lines(&u->course, b, &end);
	int v = course_verdict_line(&u->course, b);
	for (int i = v; i >= 0 && i <= end; i++)
		print_line(&u->course.page.lines[i]);
	if (warn[0])
		say(u, "%s", warn);
}

static void hint(line_ui *u)
{
	int b = quiz_here(u);
	if (b < 0) {
		fail(u, course_count(&u->course) ? "this lesson has no quiz" : "there are no lessons");
		return;
	}
	const lesson_quiz *q = course_lesson(&u->course)->blocks[b].quiz;
	if (course_quiz_state(&u->course, u->course.cur, q->index) >= 0) {
		say(u, "Answered already; again shows the quiz with its explanation.");
		return;
	}
	if (!q->hint) {
		say(u, "This quiz has no hint.");
		return;
	}
	course_show_hint(&u->course, b);
	say(u, "Hint: %s", q->hint);
}

/* ---- the lab ------------------------------------------------------------------ */

typedef struct compare_ctx {
	const act_def *act;
	double p;
} compare_ctx;

static double compare_f(void *ctx, double x)
{
	const compare_ctx *c = ctx;
	return c->act->f(x, c->p);
}

static double chain_f(void *ctx, double x)
{
	return chain_out(ctx, x);
}

static double chain_df(void *ctx, double x)
{
	chain_result r;
	chain_eval(ctx, x, &r, NULL, NULL);
	return r.grad;
}

static double trained_at(void *ctx, double x)
{
	return train_predict(ctx, x);
}

/* A plot as text, the width of the output; false (said) when out of
 * memory. */
static bool print_plot(line_ui *u, const plot_spec *s)
{
	grid g;
	if (grid_init(&g, u->width, PLOT_ROWS) < 0 || plot_draw(&g, s) < 0) {
		grid_free(&g);
		fail(u, "the plot cannot be drawn (out of memory)");
		return false;
	}
	grid_print(&g, stdout);
	grid_free(&g);
	return true;
}

/* The training view's fit: the network's curve (and the rival's) over the
 * training points, as the full-screen view draws it. */
static void train_plot(line_ui *u)
{
	if (!train_sync(u))
		return;
	const train_net *n = &u->trainer, *r = &u->rival;
	char la[48], lb[48];
	snprintf(la, sizeof la, "%s net", n->act->name);
	snprintf(lb, sizeof lb, "%s net", r->nparams ? r->act->name : "");
	plot_curve rc = { trained_at, (void *)r, lb };
	plot_spec s = {
		.from = TRAIN_X_MIN, .to = TRAIN_X_MAX, .f = trained_at, .ctx = (void *)n,
		.legend = true, .f_label = r->nparams ? la : "net(x)", .cs = u->lab.cs,
		.px = n->xs, .py = n->ys, .npoints = n->cfg.points,
		.points_label = train_target_name(n->cfg.target),
		.extra = r->nparams ? &rc : NULL, .nextra = r->nparams ? 1 : 0,
	};
	if (print_plot(u, &s))
		say(u, "At step %ld.", n->steps);
}

static void plot(line_ui *u)
{
	lab *l = &u->lab;
	switch (u->view) {
	case LV_TRAIN: train_plot(u); return;
	case LV_NET: net_table(u); return;
	case LV_COST: cost_table(u); return;
	default: break;
	}
	char label[64], chain_label[64];
	snprintf(label, sizeof label, "%s(x)", l->act->name);
	plot_spec s = {
		.from = l->from, .to = l->to,
		.f = lab_plot_f, .df = lab_plot_df, .ctx = l,
		.show_df = l->show_df,
		.show_marker = true, .marker_x = l->x,
		.show_sat = true, .legend = true, .f_label = label,
		.cs = l->cs,
	};
	compare_ctx cc[CMD_MAX_COMPARE];
	plot_curve extra[CMD_MAX_COMPARE];
	char names[CMD_MAX_COMPARE][32];
	chain_params cp = { l->act, l->p, l->depth, l->gain, l->bias };
	if (u->ncompare > 0) {
		for (int i = 0; i < u->ncompare; i++) {
			const act_def *a = u->compare[i];
			cc[i] = (compare_ctx){ a, a == l->act ? l->p : act_param_default(a) };
			snprintf(names[i], sizeof names[i], "%s", a->name);
			if (i > 0)
				extra[i - 1] = (plot_curve){ compare_f, &cc[i], names[i] };
		}
		s.f = compare_f;
		s.df = NULL;
		s.ctx = &cc[0];
		s.f_label = names[0];
		s.show_df = s.show_sat = false;
		s.extra = extra;
		s.nextra = u->ncompare - 1;
	} else if (u->view == LV_CHAIN) {
		if (cp.depth > CHAIN_PLOT_DEPTH)
			cp.depth = CHAIN_PLOT_DEPTH;
		snprintf(chain_label, sizeof chain_label, "out(x), depth %ld", cp.depth);
		s.f = chain_f;
		s.df = chain_df;
		s.ctx = &cp;
		s.f_label = chain_label;
		s.df_label = "d out/dx";
		s.show_sat = false;
	}
	if (print_plot(u, &s) && u->view == LV_CHAIN && l->depth > CHAIN_PLOT_DEPTH &&
	    u->ncompare == 0)
		say(u, "(the first %d of %ld layers)", CHAIN_PLOT_DEPTH, l->depth);
}

static void describe(line_ui *u)
{
	char buf[2048];
	if (u->view == LV_PLOT || u->view == LV_CHAIN)
		say(u, "%s", describe_curve(&u->lab, buf, sizeof buf));
	else
		readout(u);   /* the view's readout is its description */
}

static void run(line_ui *u)
{
	if (u->view != LV_TRAIN) {
		u->view = LV_TRAIN;
		u->ncompare = 0;
		train_setup(u);
	}
	train_steps(u, RUN_DEFAULT);
}

static void measure(line_ui *u)
{
	bool was = u->view == LV_COST && u->cost_ready;
	u->view = LV_COST;
	u->ncompare = 0;
	if (cost_measure(u, was)) {
		cost_table(u);
		cost_readout(u);
	}
}

/* ---- commands ----------------------------------------------------------------- */

static void help(line_ui *u, const char *topic);

static void run_other(line_ui *u, const cmd *c)
{
	char buf[1024];
	switch (c->kind) {
	case CMD_COMPARE:
		u->ncompare = c->ncompare;
		for (int i = 0; i < c->ncompare; i++)
			u->compare[i] = c->compare[i];
		if (u->in_block)
			break;
		if (c->ncompare == 0)
			say(u, "Comparison ended.");
		else
			say(u, "%s plot draws them together.",
			    describe_compare(&u->lab, u->compare, u->ncompare, buf, sizeof buf));
		break;
	case CMD_EVAL:
		say(u, "%s", describe_at(&u->lab, c->value, buf, sizeof buf));
		break;
	case CMD_VIEW:
		u->view = !strcmp(c->word, "plot") ? LV_PLOT : !strcmp(c->word, "chain") ? LV_CHAIN
		          : !strcmp(c->word, "net") ? LV_NET : !strcmp(c->word, "cost") ? LV_COST
		          : LV_TRAIN;
		if (u->in_block)
			break;   /* the block's readout says it */
		if (u->view == LV_PLOT)
			say(u, "plot draws f and f'.");
		else if (u->view == LV_CHAIN)
			say(u, "plot draws the chain's output and d out/dx over x, at most %d layers "
			    "deep.", CHAIN_PLOT_DEPTH);
		else
			show_view(u);
		break;
	case CMD_TRAIN:
		if (u->in_block) {
			u->view = LV_TRAIN;   /* nothing runs while a try-it sets up */
			break;
		}
		if (!strcmp(c->word, "pause")) {
			say(u, "Nothing runs between commands here: run N trains N steps and stops.");
		} else if (!strcmp(c->word, "restart")) {
			train_free(&u->trainer);
			if (u->view != LV_TRAIN) {
				u->view = LV_TRAIN;
				train_setup(u);
			}
			train_readout(u);
		} else if (!strcmp(c->word, "step")) {
			if (u->view != LV_TRAIN) {
				u->view = LV_TRAIN;
				train_setup(u);
			}
			train_steps(u, 1);
		} else {
			run(u);
		}
		break;
	case CMD_LESSON:
		goto_lesson(u, c);
		break;
	case CMD_NEXT:
	case CMD_PREV:
		step(u, c->kind == CMD_NEXT ? 1 : -1);
		break;
	case CMD_TOC:
		toc(u);
		break;
	case CMD_ANSWER:
		answer(u, c->word);
		break;
	case CMD_HELP:
		help(u, c->word);
		break;
	case CMD_QUIT:
		u->quit = true;
		break;
	case CMD_ACT: case CMD_SET: case CMD_RANGE: case CMD_RESET: case CMD_CHARSET: case CMD_STEP:
	case CMD_COLOR:
		break;   /* the lab's own: cmd_apply */
	}
}

/* Does the view's readout change with c? The training view follows the
 * activation and the training settings, the network view the activation,
 * depth, gain and its own settings; x and the range are the lab's. */
static bool view_follows(const line_ui *u, const cmd *c)
{
	bool act = c->kind == CMD_ACT || (c->kind == CMD_SET && c->var == CMD_VAR_PARAM);
	switch (u->view) {
	case LV_TRAIN:
		return act || c->kind == CMD_RESET || (c->kind == CMD_SET && ((c->var >= CMD_VAR_LR && c->var <= CMD_VAR_INIT) ||
		                                      c->var == CMD_VAR_RACE));
	case LV_NET:
		return act || c->kind == CMD_RESET || (c->kind == CMD_SET && (c->var == CMD_VAR_DEPTH || c->var == CMD_VAR_GAIN ||
		                                      (c->var >= CMD_VAR_NET_WIDTH &&
		                                       c->var <= CMD_VAR_NET_INIT)));
	case LV_COST:
		return false;   /* the figures are the machine's, whatever the lab */
	default:
		return !(c->kind == CMD_SET && c->var > CMD_VAR_PARAM);
	}
}

/* What a lab command changed, in words. */
static void lab_changed(line_ui *u, const cmd *c, charset before)
{
	char a[32], b[32];
	switch (c->kind) {
	case CMD_CHARSET:
		if (u->lab.cs != CS_ASCII && !opts_utf8_locale()) {
			const char *name = u->lab.cs == CS_BLOCK ? "block" : "braille";
			u->lab.cs = before;
			char msg[160];
			snprintf(msg, sizeof msg, "%s needs a UTF-8 locale: start whyrelu with "
			         "--charset %s", name, name);
			fail(u, msg);
			return;
		}
		say(u, "plot draws with %s characters.", u->lab.cs == CS_ASCII ? "ASCII"
		    : u->lab.cs == CS_BLOCK ? "block" : "braille");
		return;
	case CMD_COLOR:
		say(u, "The line mode has no colour; the setting is for the full-screen tutorial.");
		return;
	case CMD_RANGE:
		say(u, "The plot's range is now [%s, %s].", num_sig(u->lab.from, 6, a, sizeof a),
		    num_sig(u->lab.to, 6, b, sizeof b));
		return;
	case CMD_SET:
		if (c->var == CMD_VAR_PACE) {
			say(u, "The pace holds the full-screen training view to %ld steps a second; "
			    "here run trains at once.", c->n);
			return;
		}
		if (c->var > CMD_VAR_PARAM && !view_follows(u, c)) {
			bool net_var = c->var >= CMD_VAR_NET_WIDTH && c->var <= CMD_VAR_NET_INIT;
			say(u, "Set, for the %s view (view %s).", net_var ? "network" : "training",
			    net_var ? "net" : "train");
			return;
		}
		break;
	case CMD_RESET:
		u->ncompare = 0;
		say(u, "Back to the lab state the lesson opened with.");
		break;
	default:
		break;
	}
	if (view_follows(u, c))
		readout(u);
	else
		lab_readout(u);
}

static void again(line_ui *u)
{
	if (u->last < 0) {
		fail(u, "nothing read yet in this lesson: more reads on");
		return;
	}
	page(u, NULL);
	print_block(u, u->last);
}

/* The line mode's own words, on top of the command language: no
 * arguments. */
static const struct {
	const char *name;
	const char *help;
	void (*run)(line_ui *u);
} words[] = {
	{ "more", "read on: the next paragraph (Enter on an empty line too, at a terminal)",
	  more },
	{ "again", "the paragraph read last, again", again },
	{ "lab", "the lab in words: x, f(x), f'(x), the depth chain and its gradient; in "
	  "view train, net or cost that view's readout", readout },
	{ "plot", "the plot of f and f' (or the chain, or a comparison) as text; in view "
	  "train the network's fit, in view net and cost their tables", plot },
	{ "describe", "a sentence on the curve: where it is flat, bends, and |f'| < 0.1; in "
	  "view train, net or cost the view's readout", describe },
	{ "run", "view train: run N trains N more steps (run alone: 500) and says where the "
	  "loss got; Ctrl-C stops it early", run },
	{ "measure", "view cost: time every activation again and show the table", measure },
	{ "hint", "the hint of the quiz", hint },
};
#define N_WORDS (sizeof words / sizeof words[0])

static int word_index(const char *w, size_t len)
{
	for (size_t i = 0; i < N_WORDS; i++)
		if (strlen(words[i].name) == len && !strncmp(words[i].name, w, len))
			return (int)i;
	return -1;
}

static void help(line_ui *u, const char *topic)
{
	if (topic && topic[0]) {
		say(u, "%s: %s", cmd_usage(topic), cmd_help(topic));
		return;
	}
	say(u, "Reading: more (or Enter), again, next, prev, lesson N, toc. Quizzes: answer "
	    "VALUE, hint. The lab: lab, plot, describe, and the commands below. help "
	    "COMMAND explains one; quit leaves (Ctrl-D too).");
	say(u, "The keys a lesson names, as commands here. The training view: c run N; . "
	    "train step; R train restart; e E set lr; y Y set width; d D set layers; T set "
	    "target. The network view: i set net-init; s set net-seed; u U set net-width. "
	    "The cost view: m measure. Everywhere: Tab act NAME; [ ] { } set the parameter "
	    "(set floor 1, set slope 0.1); h l set x; + - set depth; < > set gain; r reset.");
	for (size_t i = 0; i < N_WORDS; i++) {
		char line[256];
		snprintf(line, sizeof line, "%-9s %s", words[i].name, words[i].help);
		emit(u, 10, line);
	}
	size_t n;
	const char *const *names = cmd_names(&n);
	for (size_t i = 0; i < n; i++) {
		char line[512];
		snprintf(line, sizeof line, "%-9s %s", names[i], cmd_help(names[i]));
		emit(u, 10, line);
	}
}

static void run_line(line_ui *u, const char *line)
{
	const char *p = line + strspn(line, " \t");
	size_t len = strcspn(p, " \t\r\n");
	const char *rest = p + len;
	rest += strspn(rest, " \t\r\n");
	if (len == 0 && !*rest) {
		if (!u->script)
			more(u);   /* Enter at a terminal reads on, as in a pager */
		return;
	}
	int w = word_index(p, len);
	if (w >= 0 && words[w].run == run && *rest) {
		long n;
		char err[160];
		if (!num_parse_long(rest, "run's steps", 1, TRAIN_MAX_STEPS, &n, err, sizeof err)) {
			char msg[240];
			snprintf(msg, sizeof msg, "%s: run N, like run 500", err);
			fail(u, msg);
			return;
		}
		if (u->view != LV_TRAIN) {
			u->view = LV_TRAIN;
			u->ncompare = 0;
			train_setup(u);
		}
		train_steps(u, n);
		return;
	}
	if (w >= 0) {
		if (*rest) {
			char msg[96];
			snprintf(msg, sizeof msg, "%s takes nothing after it: %s", words[w].name,
			         words[w].name);
			fail(u, msg);
			return;
		}
		words[w].run(u);
		return;
	}
	if (len == 4 && !strncmp(p, "help", 4) && *rest) {
		size_t rl = strcspn(rest, " \t\r\n");
		int hw = word_index(rest, rl);
		if (hw >= 0 && !rest[rl + strspn(rest + rl, " \t\r\n")]) {
			say(u, "%s: %s", words[hw].name, words[hw].help);
			return;
		}
	}
	cmd c;
	char err[512];
	int r = cmd_parse(line, &c, err, sizeof err);
	if (r == 1)
		return;   /* a comment */
	charset before = u->lab.cs;
	if (r == 0)
		r = cmd_apply(&u->lab, &c, err, sizeof err);
	if (r < 0) {
		fail(u, err);
		return;
	}
	if (r == 1)
		run_other(u, &c);
	else
		lab_changed(u, &c, before);
}

/* ---- readline -------------------------------------------------------------------- */

static void on_line(char *line)
{
	line_ui *u = cur;
	if (!line) {
		u->quit = true;   /* Ctrl-D */
		fputc('\n', stdout);
	} else {
		if (line[strspn(line, " \t")])
			add_history(line);
		run_line(u, line);
		free(line);
	}
	fflush(stdout);
	if (u->quit)
		rl_callback_handler_remove();
}

static void readline_setup(void)
{
	complete_setup();
	/* a dumb terminal has no capability to move the cursor, and readline
	 * then sends no sequence of its own; TERM may say otherwise */
	rl_terminal_name = "dumb";
	rl_instream = stdin;
	rl_outstream = stdout;
	rl_initialize();
	/* after the user's inputrc, which may have turned these on */
	static const char *const off[][2] = {
		{ "enable-bracketed-paste", "off" }, { "enable-meta-key", "off" },
		{ "enable-keypad", "off" }, { "bell-style", "none" },
		{ "colored-stats", "off" }, { "colored-completion-prefix", "off" },
		{ "show-mode-in-prompt", "off" }, { "enable-active-region", "off" },
		{ "horizontal-scroll-mode", "on" }, { "show-all-if-ambiguous", "on" },
	};
	for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
		rl_variable_bind(off[i][0], off[i][1]);
}

/* Ctrl-C at the prompt drops the line, as in a shell. */
static void drop_line(void)
{
	rl_free_line_state();
	rl_callback_sigcleanup();
	fputs("^C\n", stdout);
	rl_on_new_line();
	rl_replace_line("", 0);
	rl_redisplay();
	fflush(stdout);
}

/* ---- signals ------------------------------------------------------------------ */

static void on_signal(int sig)
{
	got_signal = sig;
}

static void catch(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* SIGTSTP only with readline, which has the terminal in its own modes. */
static void catch_signals(sigset_t *blocked, sigset_t *old, bool tstp)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };
	sigemptyset(blocked);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		if (sigs[i] == SIGTSTP && !tstp)
			continue;
		catch(sigs[i], on_signal);
		sigaddset(blocked, sigs[i]);
	}
	/* blocked but while waiting for input, so a signal is never missed
	 * between looking at the flag and waiting */
	sigprocmask(SIG_BLOCK, blocked, old);
}

/* Ctrl-Z: the terminal back in the shell's modes, stop, and on fg the
 * prompt and the line typed so far again. */
static void suspend(void)
{
	rl_deprep_terminal();
	fflush(stdout);
	catch(SIGTSTP, SIG_DFL);
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &m, NULL);
	raise(SIGTSTP);
	sigprocmask(SIG_BLOCK, &m, NULL);
	catch(SIGTSTP, on_signal);
	rl_prep_terminal(1);
	rl_on_new_line();
	rl_redisplay();
	fflush(stdout);
}

/* Wait for input or a signal: 1 input, 0 a signal, -1 an error. */
static int wait_input(const sigset_t *old)
{
	fd_set fds;
	FD_ZERO(&fds);
	FD_SET(STDIN_FILENO, &fds);
	int r = pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, old);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	return 1;
}

/* A command line from a pipe, a file, or a terminal readline is not used
 * on: 1, 0 at the end of the input or on a signal. *too_long: the line
 * did not fit in len bytes (the rest of it is dropped). */
static int read_plain(const sigset_t *old, char *buf, size_t len, bool *too_long)
{
	size_t n = 0;
	*too_long = false;
	for (;;) {
		if (got_signal)
			return 0;
		int w = wait_input(old);
		if (w == 0)
			continue;
		if (w < 0)
			return 0;
		char ch;
		ssize_t r = read(STDIN_FILENO, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (n == 0 && !*too_long)
				return 0;
			break;
		}
		if (ch == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = ch;
		else
			*too_long = true;
	}
	buf[n] = '\0';
	return 1;
}

/* ---- start and end ------------------------------------------------------------- */

static int usage(const char *fmt, const char *arg)
{
	fputs("whyrelu: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

bool line_asked(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--line"))
			return true;
	return false;
}

bool line_auto(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--headless"))
			return false;
	const char *term = getenv("TERM");
	if (!term || !*term || !strcmp(term, "dumb"))
		return true;
	return isatty(STDIN_FILENO) && !isatty(STDOUT_FILENO);
}

static int width_from_env(void)
{
	const char *s = getenv("COLUMNS");
	long v;
	char err[64];
	int w = LINE_WIDTH;
	if (s && *s && num_parse_long(s, "COLUMNS", 1, 100000, &v, err, sizeof err) && v < w)
		w = (int)v;
	/* a shell seldom exports COLUMNS: a narrower terminal says so itself */
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_col < w)
		w = ws.ws_col;
	return w < LINE_MIN_WIDTH ? LINE_MIN_WIDTH : w;
}

static void loop(line_ui *u)
{
	sigset_t blocked, old;
	catch_signals(&blocked, &old, u->readline);
	if (u->readline) {
		readline_setup();
		cur = u;
		static const char *own[N_WORDS];
		for (size_t i = 0; i < N_WORDS; i++)
			own[i] = words[i].name;
		complete_use(own, N_WORDS, &u->course.set);
		rl_callback_handler_install(PROMPT, on_line);
		fflush(stdout);
		while (!u->quit) {
			int w = wait_input(&old);
			if (got_signal) {
				int s = got_signal;
				got_signal = 0;
				if (s == SIGINT) {
					drop_line();
					continue;
				}
				if (s == SIGTSTP) {
					suspend();
					continue;
				}
				got_signal = s;
				break;
			}
			if (w < 0)
				break;
			if (w > 0)
				rl_callback_read_char();
		}
		if (!u->quit)
			rl_callback_handler_remove();
		complete_use(NULL, 0, NULL);
		cur = NULL;
	} else {
		static char buf[INPUT_MAX];
		for (;;) {
			fflush(stdout);
			bool too_long;
			if (!read_plain(&old, buf, sizeof buf, &too_long))
				break;
			u->lineno++;
			if (too_long) {
				char msg[96];
				snprintf(msg, sizeof msg, "line too long: a command has at most %d "
				         "characters", INPUT_MAX - 1);
				fail(u, msg);
				continue;
			}
			if (u->echo) {
				/* shown as read, but with '?' for what is not printable
				 * ASCII (cmd_parse refuses it) and cut into lines of the
				 * width */
				fputs(PROMPT, stdout);
				int col = (int)strlen(PROMPT);
				for (const char *p = buf; *p; p++, col++) {
					if (col >= u->width) {
						fputc('\n', stdout);
						col = 0;
					}
					unsigned char ch = (unsigned char)*p;
					fputc(ch >= 0x20 && ch < 0x7f ? ch : '?', stdout);
				}
				fputc('\n', stdout);
			}
			run_line(u, buf);
			if (u->quit)
				break;
		}
	}
	fflush(stdout);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* The line mode's own options. */
static int line_option(void *ctx, int argc, char **argv, int *i, char *err, size_t len)
{
	(void)ctx;
	(void)argc;
	const char *a = argv[*i];
	if (!strcmp(a, "--line"))
		return 1;
	if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
		cli_usage(stdout);
		return 2;
	}
	if (!strcmp(a, "--headless") || !strcmp(a, "--keys") || !strcmp(a, "--dump")) {
		snprintf(err, len, "%s is for the full-screen tutorial, not --line", a);
		return -1;
	}
	return 0;
}

int line_main(int argc, char **argv)
{
	opts_state st;
	opts_init(&st);
	opts_front f;
	char err[300];
	int r = opts_front_parse(&st, argc, argv, line_option, NULL, &f, err, sizeof err);
	if (r < 0)
		return usage("%s", err);
	if (r > 0)
		return 0;

	static line_ui u;
	memset(&u, 0, sizeof u);
	lab_init(&u.lab);
	lab_apply_opts(&u.lab, &st);
	/* read aloud or on a braille line, a plot of dots says nothing: ASCII
	 * unless asked for */
	if (!st.cs_given)
		u.lab.cs = CS_ASCII;
	u.lab.cs = opts_charset_shown(u.lab.cs);
	u.ascii = !opts_utf8_locale();
	u.width = width_from_env();
	u.lab_from_options = f.lab_given;
	/* readline shows the line being typed; else the output (a pipe, a
	 * file: the transcript) gets each command after the prompt */
	u.readline = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	u.script = !isatty(STDIN_FILENO);
	u.echo = !u.readline;

	char msg[1024];
	int status = 0;
	r = course_start(&u.course, f.dir, f.start, QUIZ_PROMPT, msg, sizeof msg, err, sizeof err);
	if (r < 0) {
		course_close(&u.course);
		lab_free(&u.lab);
		if (r == -1)
			return usage("%s", err);
		fprintf(stderr, "whyrelu: %s\n", err);
		return 1;
	}

	say(&u, "whyrelu %s, line mode. more%s reads on, help lists the commands, quit "
	    "leaves.", WHYRELU_VERSION, u.script ? "" : " (or Enter)");
	if (msg[0])
		say(&u, "%s", msg);
	arrive(&u);
	loop(&u);

	char warn[512];
	course_save(&u.course, place_src(&u), warn, sizeof warn);
	if (warn[0])
		say(&u, "%s", warn);
	if (u.errors > 0)
		status = CLI_EXIT_USAGE;
	fflush(stdout);
	int sig = got_signal;
	course_close(&u.course);
	lab_free(&u.lab);
	train_free(&u.trainer);
	train_free(&u.rival);
	net_free(&u.net);
	if (u.cost_ready)
		cost_free(&u.cost);
	if (sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT) {
		/* die of the signal, now that the place is saved; no core */
		struct rlimit rl;
		if (sig == SIGQUIT && getrlimit(RLIMIT_CORE, &rl) == 0) {
			rl.rlim_cur = 0;
			setrlimit(RLIMIT_CORE, &rl);
		}
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return status;
}
