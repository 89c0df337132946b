/* test_course.c - the learner's walk through the course without a
 * terminal: opening where the progress file says, keeping the place when
 * the width changes, which try-it block a view reaches, the quiz and the
 * try-it a key means, answers recorded and saved, when a lesson is
 * finished, search across lessons, a broken lesson and no lessons at all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "course.h"

static char tmpdir[] = "/tmp/whyrelu-course-XXXXXX";
static char lessons[600], prog_file[600];

static const char alpha[] =
	"# Alpha\n"
	"\n"
	"The first paragraph has a needle in it, and enough words to wrap when the\n"
	"pane is narrow.\n"
	"\n"
	"```lab\n"
	"act sigmoid\n"
	"set x 2\n"
	"```\n"
	"\n"
	"## Middle\n"
	"\n"
	"Another Needle, and a needle again.\n"
	"\n"
	"```lab\n"
	"act tanh\n"
	"```\n"
	"\n"
	"```quiz\n"
	"question: What is relu(2)?\n"
	"answer: 2\n"
	"tolerance: 0\n"
	"hint: max(2, 0).\n"
	"explain: It is 2.\n"
	"```\n";

static const char beta[] =
	"# Beta\n"
	"\n"
	"Nothing to answer here, but a needle.\n";

static const char gamma_text[] =
	"# Gamma\n"
	"\n"
	"```quiz\n"
	"question: Which needs no exponential?\n"
	"choice: a) sigmoid\n"
	"choice: b) relu\n"
	"answer: b\n"
	"hint: Straight pieces.\n"
	"explain: max is a comparison.\n"
	"```\n";

static void write_file(const char *dir, const char *name, const char *content)
{
	char path[800];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static char *read_progress(void)
{
	static char buf[4096];
	FILE *f = fopen(prog_file, "rb");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(lessons, sizeof lessons, "%s/lessons", tmpdir);
	snprintf(prog_file, sizeof prog_file, "%s/state/whyrelu/progress", tmpdir);
	mkdir(lessons, 0700);
	write_file(lessons, "01-alpha.md", alpha);
	write_file(lessons, "02-beta.md", beta);
	write_file(lessons, "03-gamma.md", gamma_text);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh course on the fixture lessons and no progress. */
static void open_fresh(course *c)
{
	unlink(prog_file);
	char msg[512];
	assert_int_equal(course_open(c, lessons, prog_file, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
}

static int block_of(const course *c, lesson_block_kind kind, int nth)
{
	const lesson *ls = course_lesson(c);
	for (int b = 0; b < ls->nblocks; b++)
		if (ls->blocks[b].kind == kind && nth-- == 0)
			return b;
	return -1;
}

static void test_open(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	assert_int_equal(course_count(&c), 3);
	assert_int_equal(c.cur, 0);
	assert_string_equal(course_title(&c, 0, false), "Alpha");
	assert_string_equal(course_title(&c, 2, true), "Gamma");
	assert_int_equal(course_find_lesson(&c, "beta"), 1);
	assert_int_equal(course_find_lesson(&c, "3"), 2);
	assert_int_equal(course_find_lesson(&c, "delta"), -1);
	int scroll = 5;
	const lesson_page *pg = course_page(&c, 60, false, &scroll);
	assert_true(pg->n > 10);
	assert_int_equal(scroll, 0);   /* a lesson opens at its top */
	course_close(&c);
}

/* What both front ends do with --lesson: the lesson named opened, or an
 * error that says what there is. */
static void test_start(void **state)
{
	(void)state;
	char state_dir[600];
	snprintf(state_dir, sizeof state_dir, "%s/state", tmpdir);
	setenv("XDG_STATE_HOME", state_dir, 1);
	unlink(prog_file);
	course c;
	char msg[512], err[300];
	assert_int_equal(course_start(&c, lessons, "beta", "answer:", msg, sizeof msg, err,
	                              sizeof err), 0);
	assert_int_equal(c.cur, 1);
	assert_string_equal(c.quiz_prompt, "answer:");
	course_close(&c);
	assert_int_equal(course_start(&c, lessons, NULL, NULL, msg, sizeof msg, err, sizeof err), 0);
	assert_int_equal(c.cur, 1);   /* the place saved */
	course_close(&c);
	assert_int_equal(course_start(&c, lessons, "delta", NULL, msg, sizeof msg, err,
	                              sizeof err), -1);
	assert_string_equal(err, "--lesson delta: no such lesson (a number 1 to 3, or a name like "
	                    "beta)");
	course_close(&c);
	char empty[600];
	snprintf(empty, sizeof empty, "%s/empty", tmpdir);
	mkdir(empty, 0700);
	assert_int_equal(course_start(&c, empty, "1", NULL, msg, sizeof msg, err, sizeof err), -1);
	assert_non_null(strstr(err, "--lesson 1: there are no lessons in "));
	course_close(&c);
	unsetenv("XDG_STATE_HOME");
}

static void test_width_keeps_place(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	int mid = block_of(&c, LESSON_HEADING, 1);
	scroll = course_block_lines(&c, mid, NULL);
	int src = course_src(&c, scroll);
	assert_int_equal(src, course_lesson(&c)->blocks[mid].line);
	/* narrower: more lines above, the same heading at the top */
	course_page(&c, 20, false, &scroll);
	assert_int_equal(c.page.lines[scroll].block, mid);
	assert_int_equal(course_src(&c, scroll), src);
	course_close(&c);
}

static void test_reach(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	int lab1 = block_of(&c, LESSON_LAB, 0), lab2 = block_of(&c, LESSON_LAB, 1);
	int l1 = course_block_lines(&c, lab1, NULL), l2 = course_block_lines(&c, lab2, NULL);
	/* the first view stops short of the first block */
	assert_int_equal(course_reach(&c, 0, l1), -1);
	/* one more line and it comes into view, once */
	assert_int_equal(course_reach(&c, 0, l1 + 1), lab1);
	assert_int_equal(course_reach(&c, 1, l1 + 1), -1);
	/* a jump past the second block (End, a search) is in its part */
	assert_int_equal(course_reach(&c, l2 + 1, 2), lab2);
	assert_int_equal(course_reach(&c, l2, 2), -1);
	/* back above it: the first block's part again, set up again */
	assert_int_equal(course_reach(&c, 0, l1 + 1), lab1);
	/* and above the first block, no part: the lab is left as it is */
	assert_int_equal(course_reach(&c, 0, l1), -1);
	assert_int_equal(course_reach(&c, l2, 2), lab2);
	/* the page marks the block set up, and only that one */
	course_set_up(&c, lab2);
	const lesson_page *pg = course_page(&c, 60, false, &scroll);
	int col;
	assert_int_equal(lesson_page_find(pg, "set up:", 0, 1, &col), l2);
	assert_int_equal(lesson_page_find(pg, "try it:", 0, 1, &col), l1);
	assert_int_equal(lesson_page_find(pg, "try it:", l1 + 1, 1, &col), l1);
	course_close(&c);
}

static void test_arrival_applies_block_above(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	int quiz = block_of(&c, LESSON_QUIZ, 0), lab2 = block_of(&c, LESSON_LAB, 1);
	int src = course_lesson(&c)->blocks[quiz].line;
	char warn[256];
	/* resuming, or a search landing, below both try-it blocks */
	assert_int_equal(course_goto(&c, 0, -1, src, warn, sizeof warn), 0);
	course_page(&c, 60, false, &scroll);
	assert_int_equal(scroll, course_block_lines(&c, quiz, NULL));
	assert_int_equal(course_reach(&c, scroll, 3), lab2);
	assert_int_equal(course_reach(&c, scroll, 3), -1);
	course_close(&c);
}

static void test_near(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	int lab1 = block_of(&c, LESSON_LAB, 0), lab2 = block_of(&c, LESSON_LAB, 1);
	int quiz = block_of(&c, LESSON_QUIZ, 0);
	c.quiz_prompt = "A answers.";   /* a second line in the quiz block */
	/* not laid out yet: by the place kept, the top of the lesson */
	assert_int_equal(course_lab_near(&c, 0, 3), lab1);
	assert_int_equal(course_quiz_near(&c, 0, 3), quiz);
	course_page(&c, 60, false, &scroll);
	/* nothing above the view's bottom: the first block */
	assert_int_equal(course_lab_near(&c, 0, 2), lab1);
	int l2 = course_block_lines(&c, lab2, NULL);
	assert_int_equal(course_lab_near(&c, 0, l2), lab1);
	assert_int_equal(course_lab_near(&c, 0, l2 + 1), lab2);
	assert_int_equal(course_lab_near(&c, l2 + 3, 2), lab2);
	/* the quiz below the view, in it, above it */
	assert_int_equal(course_quiz_near(&c, 0, 2), quiz);
	int last;
	int first = course_block_lines(&c, quiz, &last);
	assert_true(last > first);
	assert_int_equal(course_quiz_near(&c, last, 1), quiz);
	/* beta has none */
	char warn[256];
	course_goto(&c, 1, 0, 0, warn, sizeof warn);
	course_page(&c, 60, false, &scroll);
	assert_int_equal(course_quiz_near(&c, 0, 5), -1);
	assert_int_equal(course_lab_near(&c, 0, 5), -1);
	course_close(&c);
}

static void test_answer(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	int quiz = block_of(&c, LESSON_QUIZ, 0);
	char err[256], warn[256];
	assert_int_equal(course_answer(&c, quiz, "two", err, sizeof err, warn, sizeof warn), -1);
	assert_string_equal(err, "answer with a number, like -1.5");
	assert_null(read_progress());   /* not an answer: nothing recorded */
	assert_false(course_done(&c, 0));
	assert_int_equal(course_quiz_state(&c, 0, 0), -1);

	assert_int_equal(course_answer(&c, quiz, "3", err, sizeof err, warn, sizeof warn), 0);
	assert_string_equal(warn, "");
	assert_int_equal(course_quiz_state(&c, 0, 0), 0);
	assert_true(course_done(&c, 0));   /* every quiz answered, right or wrong */
	assert_non_null(strstr(read_progress(), "quiz alpha 1 wrong 3\n"));
	/* the page shows the verdict after the next layout */
	assert_false(c.page_ok);
	course_page(&c, 60, false, &scroll);
	int v = course_verdict_line(&c, quiz);
	assert_true(v > course_block_lines(&c, quiz, NULL));
	assert_int_equal(c.page.lines[v].cells[0].style & ST_BAD, ST_BAD);

	assert_int_equal(course_answer(&c, quiz, " 2 ", err, sizeof err, warn, sizeof warn), 1);
	assert_int_equal(course_quiz_state(&c, 0, 0), 1);
	assert_non_null(strstr(read_progress(), "quiz alpha 1 right 2\n"));
	assert_non_null(strstr(read_progress(), "lesson alpha 0 1\n"));
	/* a block that is no quiz */
	assert_int_equal(course_answer(&c, 0, "2", err, sizeof err, warn, sizeof warn), -1);
	course_close(&c);
}

static void test_hint(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	int quiz = block_of(&c, LESSON_QUIZ, 0);
	int last0;
	course_block_lines(&c, quiz, &last0);
	course_show_hint(&c, quiz);
	course_page(&c, 60, false, &scroll);
	int last1;
	course_block_lines(&c, quiz, &last1);
	assert_int_equal(last1, last0 + 1);
	/* hints are for this visit only */
	char warn[256];
	course_goto(&c, 1, 0, 0, warn, sizeof warn);
	course_goto(&c, 0, 0, 0, warn, sizeof warn);
	course_page(&c, 60, false, &scroll);
	course_block_lines(&c, quiz, &last1);
	assert_int_equal(last1, last0);
	course_close(&c);
}

static void test_finished_without_quiz(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	char warn[256];
	assert_int_equal(course_goto(&c, 1, 0, 0, warn, sizeof warn), 0);
	int scroll = 0;
	const lesson_page *pg = course_page(&c, 60, false, &scroll);
	assert_false(course_done(&c, 1));
	course_reach(&c, 0, pg->n - 1);
	assert_false(course_done(&c, 1));
	course_reach(&c, 0, pg->n);   /* its last line in view */
	assert_true(course_done(&c, 1));
	course_close(&c);
}

static void test_goto_saves_and_resumes(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	int mid = block_of(&c, LESSON_HEADING, 1);
	int src = course_lesson(&c)->blocks[mid].line;
	char warn[256], msg[512];
	assert_int_equal(course_goto(&c, 2, src, 0, warn, sizeof warn), 0);
	char *saved = read_progress();
	assert_non_null(saved);
	assert_non_null(strstr(saved, "current gamma\n"));
	char want[64];
	snprintf(want, sizeof want, "lesson alpha %d 0\n", src);
	assert_non_null(strstr(saved, want));
	assert_int_equal(course_goto(&c, 3, 0, 0, warn, sizeof warn), -1);
	/* back to alpha, in the middle, and out */
	assert_int_equal(course_goto(&c, 0, 0, src, warn, sizeof warn), 0);
	assert_int_equal(course_save(&c, course_src(&c, 0), warn, sizeof warn), 0);
	course_close(&c);

	assert_int_equal(course_open(&c, lessons, prog_file, msg, sizeof msg), 0);
	assert_int_equal(c.cur, 0);
	course_page(&c, 30, false, &scroll);
	assert_int_equal(c.page.lines[scroll].block, mid);
	course_close(&c);
}

static void test_find(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	int scroll = 0;
	course_page(&c, 60, false, &scroll);
	course_match m = { 0, 0, -1, 0 };
	bool wrapped;
	/* alpha: three, the middle one in capitals */
	int lines[3], cols[3];
	for (int i = 0; i < 3; i++) {
		assert_int_equal(course_find(&c, "needle", 1, &m, &wrapped), 1);
		assert_int_equal(m.lesson, 0);
		assert_false(wrapped);
		assert_int_equal(m.len, 6);
		lines[i] = m.line;
		cols[i] = m.col;
	}
	assert_true(lines[1] == lines[2] && cols[2] > cols[1] && lines[1] > lines[0]);
	assert_int_equal(c.page.lines[lines[1]].cells[cols[1]].ch, 'N');
	/* then beta, then around to alpha's first */
	assert_int_equal(course_find(&c, "needle", 1, &m, &wrapped), 1);
	assert_int_equal(m.lesson, 1);
	assert_false(wrapped);
	m.lesson = 1;
	assert_int_equal(course_find(&c, "needle", 1, &m, &wrapped), 1);
	assert_int_equal(m.lesson, 0);
	assert_true(wrapped);
	assert_int_equal(m.line, lines[0]);
	assert_int_equal(m.col, cols[0]);
	/* backwards from alpha's first: around the start to beta */
	assert_int_equal(course_find(&c, "NEEDLE", -1, &m, &wrapped), 1);
	assert_int_equal(m.lesson, 1);
	assert_true(wrapped);
	/* backwards within alpha */
	m = (course_match){ 0, lines[2], cols[2], 6 };
	assert_int_equal(course_find(&c, "needle", -1, &m, &wrapped), 1);
	assert_true(m.line == lines[1] && m.col == cols[1]);
	/* nowhere */
	m = (course_match){ 0, 0, -1, 0 };
	assert_int_equal(course_find(&c, "haystack", 1, &m, &wrapped), 0);
	assert_int_equal(course_find(&c, "", 1, &m, &wrapped), 0);
	course_close(&c);
}

static void test_broken_lesson(void **state)
{
	(void)state;
	char dir[700];
	snprintf(dir, sizeof dir, "%s/broken", tmpdir);
	mkdir(dir, 0700);
	write_file(dir, "01-beta.md", beta);
	write_file(dir, "02-bad.md", "# Bad\n\n```lab\nact nothing_like_it\n```\n");
	course c;
	char msg[512];
	unlink(prog_file);
	assert_int_equal(course_open(&c, dir, prog_file, msg, sizeof msg), 0);
	assert_int_equal(course_count(&c), 1);
	assert_non_null(strstr(msg, "02-bad.md:4: lab: unknown activation 'nothing_like_it'"));
	assert_non_null(strstr(msg, ", skipped"));
	assert_null(strchr(msg, '/'));   /* the file's name, not its path */
	course_close(&c);
}

/* A damaged progress file and a broken lesson at once: both are told, the
 * progress first (it is about the learner's own work), on two lines for
 * the front end to show one after the other. */
static void test_progress_and_lesson_warnings(void **state)
{
	(void)state;
	char dir[700], state_dir[700];
	snprintf(dir, sizeof dir, "%s/both", tmpdir);
	mkdir(dir, 0700);
	write_file(dir, "01-beta.md", beta);
	write_file(dir, "02-bad.md", "# Bad\n\n```lab\nact nothing_like_it\n```\n");
	snprintf(state_dir, sizeof state_dir, "%s/state", tmpdir);
	mkdir(state_dir, 0700);
	snprintf(state_dir, sizeof state_dir, "%s/state/whyrelu", tmpdir);
	mkdir(state_dir, 0700);
	FILE *f = fopen(prog_file, "wb");
	assert_non_null(f);
	fputs("whyrelu-progress 1\nquiz beta 1001 right x\n", f);
	fclose(f);
	course c;
	char msg[1024];
	assert_int_equal(course_open(&c, dir, prog_file, msg, sizeof msg), 0);
	char *nl = strchr(msg, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_non_null(strstr(msg, "was damaged (line 2: a bad quiz line)"));
	assert_non_null(strstr(nl + 1, "02-bad.md:4: lab: unknown activation"));
	assert_null(strchr(nl + 1, '\n'));
	course_close(&c);
	unlink(prog_file);
	/* one warning alone: one line */
	assert_int_equal(course_open(&c, dir, prog_file, msg, sizeof msg), 0);
	assert_null(strchr(msg, '\n'));
	assert_non_null(strstr(msg, "02-bad.md:4:"));
	course_close(&c);
}

static void test_no_lessons(void **state)
{
	(void)state;
	char dir[700];
	snprintf(dir, sizeof dir, "%s/empty", tmpdir);
	mkdir(dir, 0700);
	course c;
	char msg[512];
	assert_int_equal(course_open(&c, dir, prog_file, msg, sizeof msg), 0);
	assert_int_equal(course_count(&c), 0);
	assert_non_null(strstr(msg, "no lessons in "));
	assert_string_equal(course_title(&c, 0, false), "No lessons");
	int scroll = 0;
	const lesson_page *pg = course_page(&c, 60, false, &scroll);
	assert_true(pg->n > 3);
	char warn[256];
	assert_int_equal(course_goto(&c, 0, 0, 0, warn, sizeof warn), -1);
	assert_int_equal(course_save(&c, 0, warn, sizeof warn), 0);
	assert_int_equal(course_quiz_near(&c, 0, 10), -1);
	course_close(&c);

	snprintf(dir, sizeof dir, "%s/no-such-dir", tmpdir);
	assert_int_equal(course_open(&c, dir, prog_file, msg, sizeof msg), 0);
	assert_int_equal(course_count(&c), 0);
	course_close(&c);
}

static void test_progress_warning(void **state)
{
	(void)state;
	course c;
	char msg[512];
	assert_int_equal(course_open(&c, lessons, "/proc/whyrelu-none/progress", msg, sizeof msg),
	                 0);
	assert_string_equal(msg, "");   /* a missing file is a first run */
	char warn[256];
	assert_int_equal(course_goto(&c, 1, 0, 0, warn, sizeof warn), 0);
	assert_non_null(strstr(warn, "cannot save progress"));
	assert_int_equal(course_goto(&c, 2, 0, 0, warn, sizeof warn), 0);
	assert_string_equal(warn, "");   /* once */
	course_close(&c);
}

/* Deferred: a change of lesson is saved by course_flush, once; course_save
 * saves at once all the same. */
static void test_deferred_save(void **state)
{
	(void)state;
	course c;
	open_fresh(&c);
	char warn[256];
	assert_int_equal(course_save(&c, 0, warn, sizeof warn), 0);
	c.defer_save = true;
	assert_int_equal(course_goto(&c, 2, 0, 0, warn, sizeof warn), 0);
	assert_string_equal(warn, "");
	char *saved = read_progress();
	assert_non_null(saved);
	assert_null(strstr(saved, "current gamma\n"));
	assert_int_equal(course_flush(&c, warn, sizeof warn), 0);
	saved = read_progress();
	assert_non_null(strstr(saved, "current gamma\n"));
	/* nothing new: nothing written (the file removed stays removed) */
	assert_int_equal(unlink(prog_file), 0);
	assert_int_equal(course_flush(&c, warn, sizeof warn), 0);
	assert_null(read_progress());
	assert_int_equal(course_goto(&c, 1, 0, 0, warn, sizeof warn), 0);
	assert_null(read_progress());
	assert_int_equal(course_save(&c, 0, warn, sizeof warn), 0);
	saved = read_progress();
	assert_non_null(saved);
	assert_non_null(strstr(saved, "current beta\n"));
	course_close(&c);
}

/* A deferred save that fails warns from course_flush. */
static void test_deferred_save_warning(void **state)
{
	(void)state;
	course c;
	char msg[512], warn[256];
	assert_int_equal(course_open(&c, lessons, "/proc/whyrelu-none/progress", msg, sizeof msg),
	                 0);
	c.defer_save = true;
	assert_int_equal(course_goto(&c, 1, 0, 0, warn, sizeof warn), 0);
	assert_string_equal(warn, "");
	assert_int_equal(course_flush(&c, warn, sizeof warn), -1);
	assert_non_null(strstr(warn, "cannot save progress"));
	course_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_width_keeps_place),
		cmocka_unit_test(test_reach),
		cmocka_unit_test(test_arrival_applies_block_above),
		cmocka_unit_test(test_near),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_hint),
		cmocka_unit_test(test_finished_without_quiz),
		cmocka_unit_test(test_goto_saves_and_resumes),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_broken_lesson),
		cmocka_unit_test(test_no_lessons),
		cmocka_unit_test(test_progress_and_lesson_warnings),
		cmocka_unit_test(test_progress_warning),
		cmocka_unit_test(test_deferred_save),
		cmocka_unit_test(test_deferred_save_warning),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
