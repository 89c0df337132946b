/* test_progress.c - the progress file: round trips, where it lives, the
 * file's modes, a damaged file set aside, a newer file left alone, a state
 * directory that cannot be written (one warning, then quiet), and the
 * `whyrelu progress` command with --reset, asking on a terminal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

static char tmpdir[] = "/tmp/whyrelu-progress-XXXXXX";
static char state_dir[600];   /* $XDG_STATE_HOME */
static char file_path[700];   /* $XDG_STATE_HOME/whyrelu/progress */

static void write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static char *read_all(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void clean_state(void)
{
	char cmd_line[800];
	snprintf(cmd_line, sizeof cmd_line, "rm -rf '%s'/*", tmpdir);
	assert_int_equal(system(cmd_line), 0);
}

/* cli_progress(args) with stdin from in_fd (-1: /dev/null), stdout and
 * stderr captured. */
static run *prog(int in_fd, const char *a1, const char *a2, const char *a3)
{
	char *argv[5] = { (char *)"progress", (char *)a1, (char *)a2, (char *)a3, NULL };
	int argc = 1 + (a1 != NULL) + (a1 && a2) + (a1 && a2 && a3);
	return capture(cli_progress, argc, argv, in_fd);
}

/* ---- the model and the file --------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	clean_state();
	progress p;
	char msg[512];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	assert_string_equal(p.path, file_path);
	assert_int_equal(p.n, 0);
	assert_string_equal(p.current, "");

	assert_int_equal(progress_set_current(&p, "why-zero", 42), 0);
	assert_int_equal(progress_set_done(&p, "welcome", true), 0);
	assert_int_equal(progress_set_current(&p, "welcome", 3), 0);
	assert_int_equal(progress_set_current(&p, "why-zero", 17), 0);
	assert_int_equal(progress_record_quiz(&p, "why-zero", 0, "0.5", false), 0);
	assert_int_equal(progress_record_quiz(&p, "why-zero", 0, " 0.25 ", true), 0);  /* last counts */
	assert_int_equal(progress_record_quiz(&p, "why-zero", 1, "b", false), 0);
	assert_int_equal(progress_record_quiz(&p, "welcome", 0, "σ two words\n\x1b[31m", true), 0);
	assert_int_equal(progress_record_quiz(&p, "welcome", 2, "", false), 0);
	assert_int_equal(progress_set_current(&p, "Bad Slug", 1), -1);
	assert_null(progress_lesson_get(&p, "../x", true));
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	progress_free(&p);

	assert_string_equal(read_all(file_path),
		"whyrelu-progress 1\n"
		"current why-zero\n"
		"lesson why-zero 17 0\n"
		"lesson welcome 3 1\n"
		"quiz why-zero 1 right 0.25\n"
		"quiz why-zero 2 wrong b\n"
		"quiz welcome 1 right σ two words\n"
		"quiz welcome 3 wrong \n");
	/* private: the file 0600, the directories made for it 0700; no
	 * temporary file left behind */
	struct stat st;
	assert_int_equal(stat(file_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char dir[700];
	snprintf(dir, sizeof dir, "%s/whyrelu", state_dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(state_dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_string_equal(dir_names(dir), "progress");

	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 0);
	assert_string_equal(p.current, "why-zero");
	assert_int_equal(p.n, 2);
	const progress_lesson *l = progress_lesson_get(&p, "why-zero", false);
	assert_non_null(l);
	assert_int_equal(l->pos, 17);
	assert_false(l->done);
	l = progress_lesson_get(&p, "welcome", false);
	assert_int_equal(l->pos, 3);
	assert_true(l->done);
	const progress_quiz *q = progress_quiz_get(&p, "why-zero", 0);
	assert_true(q && q->right);
	assert_string_equal(q->answer, "0.25");
	q = progress_quiz_get(&p, "why-zero", 1);
	assert_true(q && !q->right);
	q = progress_quiz_get(&p, "welcome", 0);
	assert_string_equal(q->answer, "σ two words");
	q = progress_quiz_get(&p, "welcome", 2);
	assert_string_equal(q->answer, "");
	assert_null(progress_quiz_get(&p, "welcome", 1));
	assert_null(progress_quiz_get(&p, "nope", 0));
	assert_null(progress_lesson_get(&p, "nope", false));

	/* saving again replaces the file whole */
	progress_reset(&p);
	assert_int_equal(progress_set_current(&p, "relu", 0), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	assert_string_equal(read_all(file_path), "whyrelu-progress 1\ncurrent relu\nlesson relu 0 0\n");
	progress_free(&p);
}

static void test_long_answer(void **state)
{
	(void)state;
	progress p;
	memset(&p, 0, sizeof p);
	char a[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(a, "σ");   /* two bytes each: the cut must not split one */
	assert_int_equal(progress_record_quiz(&p, "x", 0, a, true), 0);
	const progress_quiz *q = progress_quiz_get(&p, "x", 0);
	assert_int_equal(strlen(q->answer), 62);
	/* a cut that ends at a space drops it: the file could not keep it, and
	 * an answer must read back as it was saved */
	char b[100];
	memset(b, 'a', 62);
	strcpy(b + 62, " b");
	assert_int_equal(progress_record_quiz(&p, "x", 1, b, true), 0);
	q = progress_quiz_get(&p, "x", 1);
	assert_int_equal(strlen(q->answer), 62);
	size_t len;
	char *text = progress_format(&p, &len);
	assert_non_null(text);
	progress back;
	memset(&back, 0, sizeof back);
	int line;
	const char *why;
	assert_int_equal(progress_parse(&back, text, len, &line, &why), 0);
	assert_string_equal(progress_quiz_get(&back, "x", 1)->answer, q->answer);
	free(text);
	progress_free(&back);
	progress_free(&p);
}

static void test_path(void **state)
{
	(void)state;
	char buf[1024];
	char *saved = strdup(getenv("XDG_STATE_HOME"));
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("XDG_STATE_HOME", "/abs/state", 1);
	assert_true(progress_path(buf, sizeof buf));
	assert_string_equal(buf, "/abs/state/whyrelu/progress");
	/* a relative XDG_STATE_HOME is ignored, as the spec says */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/learner", 1);
	assert_true(progress_path(buf, sizeof buf));
	assert_string_equal(buf, "/home/learner/.local/state/whyrelu/progress");
	unsetenv("XDG_STATE_HOME");
	assert_true(progress_path(buf, sizeof buf));
	assert_string_equal(buf, "/home/learner/.local/state/whyrelu/progress");
	char tiny[8];
	assert_false(progress_path(tiny, sizeof tiny));
	/* a path too long is told as that, not as no home directory */
	char *longdir = malloc(5000);
	assert_non_null(longdir);
	memset(longdir, 'a', 4999);
	longdir[0] = '/';
	longdir[4999] = '\0';
	setenv("XDG_STATE_HOME", longdir, 1);
	progress p;
	char msg[512];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	assert_string_equal(msg, "the progress file's path is too long: XDG_STATE_HOME is 4999 "
	                    "bytes, and with '/whyrelu/progress' a path has at most 4095; progress "
	                    "is not saved");
	progress_free(&p);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", longdir, 1);
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	assert_non_null(strstr(msg, "too long: HOME is 4999 bytes, and with "
	                            "'/.local/state/whyrelu/progress'"));
	progress_free(&p);
	free(longdir);
	setenv("XDG_STATE_HOME", saved, 1);
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	free(saved);
	free(home);
}

static void test_corrupt(void **state)
{
	(void)state;
	struct { const char *text, *why; } cases[] = {
		{ "garbage\n", "line 1: no 'whyrelu-progress' header" },
		{ "", "line 1: the file is empty" },
		{ "whyrelu-progress 1\ncurrent why-zero", "line 1: the file is cut short" },
		{ "whyrelu-progress 1\ncurrent why-zero\nlesson x y 1\n", "line 3: a bad lesson line" },
		{ "whyrelu-progress 1\nquiz a 0 right x\n", "line 2: a bad quiz line" },
		{ "whyrelu-progress 1\nquiz a 1 maybe x\n", "line 2: a bad quiz line" },
		{ "whyrelu-progress 1\ncurrent ../../etc\n", "line 2: a bad lesson name" },
		{ "whyrelu-progress 1\n\n", "line 2: an empty line" },
		{ "whyrelu-progress 1\nfrobnicate\n", "line 2: an unknown line" },
		{ "whyrelu-progress 1\nlesson a 1 1\0junk\n", "line 1: the file is cut short" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		clean_state();
		char dir[700];
		snprintf(dir, sizeof dir, "%s/whyrelu", state_dir);
		mkdir(state_dir, 0700);
		mkdir(dir, 0700);
		FILE *f = fopen(file_path, "wb");
		size_t len = strlen(cases[i].text);
		if (i == 9)
			len = 30;  /* with its NUL byte */
		fwrite(cases[i].text, 1, len, f);
		fclose(f);
		progress p;
		char msg[1024];
		assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
		char want[1024];
		snprintf(want, sizeof want, "progress file %s was damaged (%s); kept as progress.corrupt-",
		         file_path, cases[i].why);
		if (strncmp(msg, want, strlen(want)) != 0)
			fail_msg("case %zu: '%s'", i, msg);
		assert_non_null(strstr(msg, "Z, starting afresh"));
		assert_int_equal(p.n, 0);
		assert_string_equal(p.current, "");
		/* set aside, not deleted; and the next save starts afresh */
		char *names = dir_names(dir);
		assert_int_equal(strncmp(names, "progress.corrupt-", 17), 0);
		assert_null(strchr(names, ' '));
		assert_int_equal(progress_set_current(&p, "welcome", 0), 0);
		assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
		names = dir_names(dir);
		assert_int_equal(strncmp(names, "progress progress.corrupt-", 26), 0);
		progress_free(&p);
	}
	/* a second damaged file in the same second does not replace the first */
	clean_state();
	char dir[700];
	snprintf(dir, sizeof dir, "%s/whyrelu", state_dir);
	mkdir(state_dir, 0700);
	mkdir(dir, 0700);
	for (int k = 0; k < 2; k++) {
		write_file(file_path, "junk\n");
		progress p;
		char msg[1024];
		assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
		progress_free(&p);
	}
	char *names = dir_names(dir);
	assert_non_null(strstr(names, "progress.corrupt-"));
	assert_non_null(strchr(names, ' '));
}

static void test_newer_version(void **state)
{
	(void)state;
	clean_state();
	char dir[700];
	snprintf(dir, sizeof dir, "%s/whyrelu", state_dir);
	mkdir(state_dir, 0700);
	mkdir(dir, 0700);
	const char *text = "whyrelu-progress 2\ncurrent relu\nlesson relu 5 1\nsomething new\n";
	write_file(file_path, text);
	progress p;
	char msg[1024];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	assert_non_null(strstr(msg, "was written by a newer whyrelu; it is read, not changed"));
	assert_true(p.readonly);
	assert_string_equal(p.current, "relu");
	assert_true(progress_lesson_get(&p, "relu", false)->done);
	assert_int_equal(progress_set_current(&p, "welcome", 0), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	assert_string_equal(read_all(file_path), text);
	progress_free(&p);
}

/* A state directory that cannot be made (its parent is a regular file:
 * this works as root too, where permissions do not stop writes). */
static void test_unwritable(void **state)
{
	(void)state;
	clean_state();
	char blocker[700], path[800];
	snprintf(blocker, sizeof blocker, "%s/blocker", tmpdir);
	write_file(blocker, "a regular file\n");
	snprintf(path, sizeof path, "%s/state/whyrelu/progress", blocker);
	progress p;
	char msg[1024];
	assert_int_equal(progress_load(&p, path, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	assert_int_equal(progress_set_current(&p, "welcome", 0), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), -1);
	char want[1024];
	snprintf(want, sizeof want, "cannot save progress (making the directory for %s: Not a "
	         "directory); going on without saving", path);
	assert_string_equal(msg, want);
	/* once: later saves fail quietly */
	assert_int_equal(progress_save(&p, msg, sizeof msg), -1);
	assert_string_equal(msg, "");
	assert_int_equal(progress_save(&p, msg, sizeof msg), -1);
	assert_string_equal(msg, "");
	progress_free(&p);

	/* the progress file's place taken by a directory: unreadable, so it
	 * is left alone */
	snprintf(path, sizeof path, "%s/dir-as-file", tmpdir);
	mkdir(path, 0700);
	assert_int_equal(progress_load(&p, path, msg, sizeof msg), 1);
	char want2[1024];
	snprintf(want2, sizeof want2, "cannot read %s: not a regular file; progress is not saved", path);
	assert_string_equal(msg, want2);
	assert_true(p.readonly);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	/* nor does a FIFO make it wait */
	snprintf(path, sizeof path, "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(progress_load(&p, path, msg, sizeof msg), 1);
	assert_true(p.readonly);
	progress_free(&p);

}

/* ---- whyrelu progress --------------------------------------------------- */

static void test_summary(void **state)
{
	(void)state;
	clean_state();
	progress p;
	char msg[512];
	progress_load(&p, NULL, msg, sizeof msg);
	progress_set_done(&p, "welcome", true);
	progress_set_done(&p, "linear", true);
	progress_set_current(&p, "relu", 4);
	progress_record_quiz(&p, "welcome", 0, "2", true);
	progress_record_quiz(&p, "why-zero", 1, "a", false);
	progress_record_quiz(&p, "gone-lesson", 0, "x", true);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);

	run *r = prog(-1, "--lessons", TEST_SRCDIR "/lessons", NULL);
	assert_int_equal(r->status, 0);
	assert_string_equal(r->err, "");
	const char *head = "[###...........................] 2 of 20 lessons finished, 1 of 28 quizzes right\n\n"
		" x 01  Welcome: why max(x, 0)?                       quiz +\n"
		" x 02  Without a non-linearity, depth buys nothing   quiz .\n"
		" > 03  ReLU is max(x, 0)                             quiz .   (you are here)\n"
		"   04  Why zero? max(x, c) for other c               quiz . -\n";
	if (strncmp(r->out, head, strlen(head)) != 0)
		fail_msg("got:\n%s", r->out);
	char tail[800];
	snprintf(tail, sizeof tail, "\nProgress is kept in %s.\n", file_path);
	assert_non_null(strstr(r->out, tail));
	assert_non_null(strstr(r->out, "   18  Recap"));

	r = prog(-1, "--bogus", NULL, NULL);
	assert_int_equal(r->status, 2);
	assert_string_equal(r->err, "whyrelu: progress: unknown option '--bogus' ('whyrelu progress --help')\n");
	r = prog(-1, "--yes", NULL, NULL);
	assert_int_equal(r->status, 2);
	r = prog(-1, "--lessons", NULL, NULL);
	assert_int_equal(r->status, 2);
	r = prog(-1, "--help", NULL, NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "usage: whyrelu progress"));
	r = prog(-1, "--lessons=/nonexistent", NULL, NULL);
	assert_int_equal(r->status, 1);
	assert_string_equal(r->err, "whyrelu: progress: cannot read the lessons in /nonexistent "
	                    "('whyrelu check-lessons /nonexistent')\n");
}

static void test_reset(void **state)
{
	(void)state;
	clean_state();
	progress p;
	char msg[512];
	progress_load(&p, NULL, msg, sizeof msg);
	progress_set_current(&p, "relu", 4);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);

	/* not a terminal: no question */
	run *r = prog(-1, "--reset", NULL, NULL);
	assert_int_equal(r->status, 0);
	assert_string_equal(r->out, "Progress reset: the next lesson is lesson 1.\n");
	assert_null(read_all(file_path));
	/* nothing there: still fine */
	r = prog(-1, "--reset", "--yes", NULL);
	assert_int_equal(r->status, 0);

	/* on a terminal it asks: no keeps it, yes removes it */
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		if (master >= 0)
			close(master);
		skip();
	}
	for (int answer = 0; answer < 3; answer++) {
		progress_load(&p, NULL, msg, sizeof msg);
		progress_set_current(&p, "relu", 4);
		assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
		progress_free(&p);
		int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
		assert_true(slave >= 0);
		const char *typed = answer == 0 ? "n\n" : answer == 1 ? "y\n" : "";
		assert_int_equal(write(master, typed, strlen(typed)), (ssize_t)strlen(typed));
		if (answer == 2)
			r = prog(slave, "--reset", "--yes", NULL);
		else
			r = prog(slave, "--reset", NULL, NULL);
		close(slave);
		assert_int_equal(r->status, 0);
		char want[1024];
		if (answer == 0) {
			snprintf(want, sizeof want, "Forget all progress in %s? [y/N] Nothing changed.\n",
			         file_path);
			assert_string_equal(r->out, want);
			assert_non_null(read_all(file_path));
		} else if (answer == 1) {
			snprintf(want, sizeof want, "Forget all progress in %s? [y/N] Progress reset: the "
			         "next lesson is lesson 1.\n", file_path);
			assert_string_equal(r->out, want);
			assert_null(read_all(file_path));
		} else {
			assert_string_equal(r->out, "Progress reset: the next lesson is lesson 1.\n");
			assert_null(read_all(file_path));
		}
	}
	close(master);
}

/* --reset asks what reading and saving ask: nothing is removed through a
 * linked state directory, at a link, or in another user's directory. */
static void test_reset_refuses(void **state)
{
	(void)state;
	clean_state();
	char elsewhere[700], target[800], dir[700], cmd_line[2000];
	snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", tmpdir);
	snprintf(target, sizeof target, "%s/progress", elsewhere);
	snprintf(dir, sizeof dir, "%s/whyrelu", state_dir);
	assert_int_equal(mkdir(state_dir, 0700), 0);
	assert_int_equal(mkdir(elsewhere, 0700), 0);
	write_file(target, "whyrelu-progress 1\ncurrent relu\n");

	/* the whyrelu directory a link to another one */
	assert_int_equal(symlink(elsewhere, dir), 0);
	run *r = prog(-1, "--reset", "--yes", NULL);
	assert_int_equal(r->status, 1);
	assert_non_null(strstr(r->err, "is a symbolic link"));
	assert_non_null(strstr(r->err, "nothing was removed"));
	assert_null(strstr(r->out, "Progress reset"));
	assert_non_null(read_all(target));

	/* the progress file a link */
	assert_int_equal(unlink(dir), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(symlink(target, file_path), 0);
	r = prog(-1, "--reset", "--yes", NULL);
	assert_int_equal(r->status, 1);
	assert_non_null(strstr(r->err, "nothing was removed"));
	struct stat st;
	assert_int_equal(lstat(file_path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_non_null(read_all(target));
	assert_int_equal(unlink(file_path), 0);

	/* another user's directory, and another user's file (as root only:
	 * nobody else can give a file away) */
	if (geteuid() != 0)
		return;
	write_file(file_path, "whyrelu-progress 1\ncurrent relu\n");
	snprintf(cmd_line, sizeof cmd_line, "chown nobody '%s'", dir);
	assert_int_equal(system(cmd_line), 0);
	r = prog(-1, "--reset", "--yes", NULL);
	assert_int_equal(r->status, 1);
	assert_non_null(strstr(r->err, "belongs to another user"));
	assert_non_null(strstr(r->err, "nothing was removed"));
	assert_non_null(read_all(file_path));
	snprintf(cmd_line, sizeof cmd_line, "chown root '%s' && chown nobody '%s'", dir, file_path);
	assert_int_equal(system(cmd_line), 0);
	r = prog(-1, "--reset", "--yes", NULL);
	assert_int_equal(r->status, 1);
	assert_non_null(strstr(r->err, "belongs to another user"));
	assert_non_null(read_all(file_path));
}

/* The writer keeps to the reader's limits, so what is saved loads back
 * the same, and is never set aside: quiz numbers past PROGRESS_MAX_QUIZ
 * are not recorded, positions are capped, and past PROGRESS_MAX_LESSONS
 * lessons the oldest (but not the current one) makes room. The reader
 * refuses what the writer would not write. */
static void test_limits(void **state)
{
	(void)state;
	clean_state();
	progress p;
	char msg[512], slug[32];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 0);
	assert_int_equal(progress_set_current(&p, "first", 7), 0);
	for (int i = 0; i < PROGRESS_MAX_LESSONS + 44; i++) {
		snprintf(slug, sizeof slug, "l%d", i);
		assert_int_equal(progress_set_done(&p, slug, i % 2), 0);
		for (int q = 0; q < 1001; q += 1 + (i % 7)) {
			int r = progress_record_quiz(&p, slug, q, "an answer of some length", q % 3);
			assert_int_equal(r, q < PROGRESS_MAX_QUIZ ? 0 : -1);
		}
	}
	assert_int_equal(p.n, PROGRESS_MAX_LESSONS);
	assert_non_null(progress_lesson_get(&p, "first", false));   /* current: kept */
	assert_null(progress_lesson_get(&p, "l0", false));          /* oldest: gone */
	assert_int_equal(progress_set_current(&p, "first", 2000000000), 0);
	assert_int_equal(progress_lesson_get(&p, "first", false)->pos, PROGRESS_MAX_POS);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	size_t n1 = 0;
	char *t1 = progress_format(&p, &n1);
	assert_true(n1 <= (size_t)PROGRESS_MAX_BYTES);
	progress_free(&p);

	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	size_t n2 = 0;
	char *t2 = progress_format(&p, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(t1, t2, n1);
	free(t1);
	free(t2);
	progress_free(&p);

	/* what the writer never writes, the reader refuses */
	static const char *const bad[] = {
		"whyrelu-progress 1\nquiz a 51 right x\n",
		"whyrelu-progress 1\nlesson a 100000001 0\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int line;
		const char *why;
		memset(&p, 0, sizeof p);
		assert_int_equal(progress_parse(&p, bad[i], strlen(bad[i]), &line, &why), 2);
		assert_int_equal(line, 2);
		progress_free(&p);
	}
	char *many = malloc(64 * (PROGRESS_MAX_LESSONS + 2));
	assert_non_null(many);
	strcpy(many, "whyrelu-progress 1\n");
	for (int i = 0; i <= PROGRESS_MAX_LESSONS; i++)
		sprintf(many + strlen(many), "lesson l%d 0 0\n", i);
	int line;
	const char *why;
	memset(&p, 0, sizeof p);
	assert_int_equal(progress_parse(&p, many, strlen(many), &line, &why), 2);
	assert_int_equal(line, 2 + PROGRESS_MAX_LESSONS);
	assert_string_equal(why, "more lessons than whyrelu keeps");
	progress_free(&p);
	free(many);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(state_dir, sizeof state_dir, "%s/state", tmpdir);
	snprintf(file_path, sizeof file_path, "%s/whyrelu/progress", state_dir);
	setenv("XDG_STATE_HOME", state_dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd_line[800];
	snprintf(cmd_line, sizeof cmd_line, "rm -rf '%s'", tmpdir);
	return system(cmd_line);
}

int main(void)
{
	setlocale(LC_ALL, "C");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_long_answer),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_newer_version),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_reset_refuses),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests_name("progress", tests, setup, teardown);
}
