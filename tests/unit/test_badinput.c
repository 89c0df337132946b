/* test_badinput.c - bad input of every kind, each with a clear message and
 * nothing lost: lesson files with invalid UTF-8, NUL bytes, a 10 MB line,
 * 10,000 nested lists, escape sequences, lab blocks naming nothing that
 * exists; lessons directories missing, empty or unreadable; progress files
 * truncated, binary, a directory, a symbolic link, another user's; no
 * HOME; a read-only state directory; 100 KB pasted into the prompt; and
 * 1e999, -0, 0x10 and nan in every parser. Some cases need root (another
 * user's file, a state directory root cannot write) and are skipped
 * without it; as root, chmod does not stop writes, so those run in a child
 * that has become nobody.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "opts.h"
#include "cmd.h"
#include "course.h"
#include "lab.h"
#include "lesson.h"
#include "num.h"
#include "progress.h"

static char tmpdir[] = "/tmp/whyrelu-badinput-XXXXXX";
static char state_dir[600];   /* $XDG_STATE_HOME */
static char pdir[700];        /* $XDG_STATE_HOME/whyrelu */
static char ppath[800];       /* $XDG_STATE_HOME/whyrelu/progress */

/* ---- helpers ------------------------------------------------------------ */

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text));
}

/* The whole file into a static buffer; its length in *len. NULL when it
 * cannot be read. */
static char *read_bytes(const char *path, size_t *len)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof buf - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void run_cmd(const char *fmt, const char *arg)
{
	char line[1200];
	snprintf(line, sizeof line, fmt, arg);
	assert_int_equal(system(line), 0);
}

/* A fresh, empty directory under the temporary one. */
static const char *fresh_dir(const char *name)
{
	static char path[700];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	run_cmd("rm -rf '%s'", path);
	assert_int_equal(mkdir(path, 0700), 0);
	return path;
}

/* The state directory emptied, and $XDG_STATE_HOME/whyrelu made when mk. */
static void fresh_state(bool mk)
{
	run_cmd("rm -rf '%s'", state_dir);
	assert_int_equal(mkdir(state_dir, 0700), 0);
	if (mk)
		assert_int_equal(mkdir(pdir, 0700), 0);
}

typedef struct reports {
	char text[1 << 15];
	int n;
} reports;

static void collect(void *ctx, const char *path, int line, const char *msg)
{
	reports *r = ctx;
	size_t len = strlen(r->text);
	snprintf(r->text + len, sizeof r->text - len, "%s:%d: %s\n", path, line, msg);
	r->n++;
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' is not in:\n%s", want, text);
}

/* Parse len bytes as lesson t.md; its problems in rep. */
static int parse_bytes(const char *text, size_t len, lesson *ls, reports *rep)
{
	memset(rep, 0, sizeof *rep);
	return lesson_parse("t.md", "t.md", text, len, ls, collect, rep);
}

/* Every string of the model safe to show, every cell of its layout a
 * printable character, at a wide and a narrow width, in UTF-8 and ASCII. */
static void assert_safe(const lesson *ls)
{
	static const int widths[] = { 80, 3 };
	for (int w = 0; w < 2; w++) {
		for (int ascii = 0; ascii < 2; ascii++) {
			lesson_page pg = { 0 };
			lesson_render_opts o = { .width = widths[w], .ascii = ascii };
			assert_int_equal(lesson_render(ls, &o, &pg), 0);
			for (int i = 0; i < pg.n; i++)
				for (int k = 0; k < pg.lines[i].len; k++) {
					uint32_t ch = pg.lines[i].cells[k].ch;
					assert_true(ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch <= 0x9f));
					if (ascii)
						assert_true(ch <= 0x7e);
				}
			lesson_page_free(&pg);
		}
	}
}

/* A lessons directory holding a good lesson 01 and name (02-...) with the
 * given bytes; loads it and checks that the good one still loads. */
static void load_with(const char *name, const void *data, size_t len, reports *rep)
{
	const char *dir = fresh_dir("lessons");
	char path[900];
	snprintf(path, sizeof path, "%s/01-good.md", dir);
	write_text(path, "# Good\n\nA fine lesson.\n");
	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_bytes(path, data, len);
	lesson_set set;
	int nfiles = 0;
	memset(rep, 0, sizeof *rep);
	int r = lesson_set_load(dir, &set, &nfiles, collect, rep);
	assert_true(r > 0);
	assert_int_equal(nfiles, 2);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.v[0].slug, "good");
	lesson_set_free(&set);
}

/* ---- lesson files ------------------------------------------------------- */

static void test_lesson_invalid_utf8(void **state)
{
	(void)state;
	static const char text[] = "# Bad \xff title\n\nOverlong \xc0\xaf, surrogate \xed\xa0\x80, "
		"cut \xe2\x82\n\n- \xf4\x90\x80\x80 too high\n";
	lesson ls;
	reports rep;
	assert_true(parse_bytes(text, sizeof text - 1, &ls, &rep) >= 4);
	assert_has(rep.text, "t.md:1: invalid UTF-8 (byte 0xff)\n");
	assert_has(rep.text, "t.md:3: invalid UTF-8 (byte 0xc0)\n");
	assert_has(rep.text, "t.md:3: invalid UTF-8 (byte 0xed)\n");
	assert_has(rep.text, "t.md:5: invalid UTF-8 (byte 0xf4)\n");
	/* shown as U+FFFD, never as the raw bytes */
	assert_string_equal(ls.title, "Bad \xef\xbf\xbd title");
	assert_safe(&ls);
	lesson_free(&ls);
	load_with("02-bad.md", text, sizeof text - 1, &rep);
	assert_has(rep.text, "/02-bad.md:1: invalid UTF-8 (byte 0xff)\n");
}

static void test_lesson_nul_bytes(void **state)
{
	(void)state;
	static const char text[] = "# NUL\0title\n\ntext\0more\n\n```quiz\nquestion: a\0b\n```\n";
	lesson ls;
	reports rep;
	assert_true(parse_bytes(text, sizeof text - 1, &ls, &rep) > 0);
	assert_has(rep.text, "t.md:1: control character U+0000\n");
	assert_has(rep.text, "t.md:3: control character U+0000\n");
	assert_has(rep.text, "t.md:6: control character U+0000\n");
	/* the text after a NUL is kept, not cut off */
	assert_non_null(strstr(ls.title, "title"));
	assert_safe(&ls);
	lesson_free(&ls);
	load_with("02-nul.md", text, sizeof text - 1, &rep);
	assert_has(rep.text, "/02-nul.md:1: control character U+0000\n");
}

static void test_lesson_escape_sequences(void **state)
{
	(void)state;
	static const char text[] = "# Title \x1b[31mred\x1b[0m\n\nA \x1b]0;owned\x07 title, a C1 "
		"\xc2\x9b" "31m CSI, a bell \x07.\n\n```lab\nact relu\x1b[2J\n```\n";
	lesson ls;
	reports rep;
	assert_true(parse_bytes(text, sizeof text - 1, &ls, &rep) > 0);
	assert_has(rep.text, "t.md:1: control character U+001B (an escape sequence)\n");
	assert_has(rep.text, "t.md:3: control character U+009B\n");
	assert_has(rep.text, "t.md:3: control character U+0007\n");
	assert_has(rep.text, "t.md:6: control character U+001B (an escape sequence)\n");
	/* the whole sequence is dropped, not just the ESC */
	assert_string_equal(ls.title, "Title red");
	assert_null(strstr(rep.text, "\x1b"));
	assert_safe(&ls);
	lesson_free(&ls);
}

static void test_lesson_huge_line(void **state)
{
	(void)state;
	size_t big = (size_t)10 << 20;
	char *text = malloc(big + 16);
	assert_non_null(text);
	memcpy(text, "# Big\n\n", 7);
	memset(text + 7, 'x', big);
	text[big + 7] = '\n';
	size_t len = big + 8;
	/* a 10 MB line: refused, with its real size, and the rest loads */
	reports rep;
	load_with("02-big.md", text, len, &rep);
	char want[200];
	snprintf(want, sizeof want, "/02-big.md:1: too large: %zu bytes, at most %ld\n", len,
	         LESSON_MAX_BYTES);
	assert_has(rep.text, want);
	lesson ls;
	assert_int_equal(parse_bytes(text, len, &ls, &rep), 1);
	assert_has(rep.text, "t.md:1: too large: ");
	lesson_free(&ls);

	/* a line just under the limit is a lesson like any other: it parses
	 * clean and lays out, wrapped at every width */
	len = (size_t)LESSON_MAX_BYTES - 64;
	text[len - 1] = '\n';
	assert_int_equal(parse_bytes(text, len, &ls, &rep), 0);
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = 80, .ascii = true };
	assert_int_equal(lesson_render(&ls, &o, &pg), 0);
	assert_true(pg.n > (int)((len - 8) / 80));
	lesson_page_free(&pg);
	lesson_free(&ls);
	free(text);
}

static void test_lesson_nested_lists(void **state)
{
	(void)state;
	static const char *const units[] = { "- ", "> ", "1. ", "> - 1. " };
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		size_t ul = strlen(units[u]);
		size_t len = 8 + ul * 5000 + 2;
		char *text = malloc(len + 1);
		assert_non_null(text);
		strcpy(text, "# Deep\n\n");
		for (int i = 0; i < 5000; i++)
			memcpy(text + 8 + ul * (size_t)i, units[u], ul);
		strcpy(text + 8 + ul * 5000, "x\n");
		lesson ls;
		reports rep;
		assert_int_equal(parse_bytes(text, strlen(text), &ls, &rep), 1);
		assert_string_equal(rep.text, "t.md:3: lists and quotes nested more than 16 deep\n");
		assert_safe(&ls);
		lesson_free(&ls);
		free(text);
	}
}

static void test_lesson_lab_naming_nothing(void **state)
{
	(void)state;
	static const char text[] =
		"# Lab\n"
		"\n"
		"```lab\n"
		"act nosuch\n"
		"view nothing\n"
		"set nosuch 1\n"
		"compare relu nosuch\n"
		"set slope 0.1\n"
		"lesson 99\n"
		"```\n";
	lesson ls;
	reports rep;
	assert_int_equal(parse_bytes(text, sizeof text - 1, &ls, &rep), 6);
	assert_string_equal(rep.text,
		"t.md:4: lab: unknown activation 'nosuch' (relu, leaky_relu, gelu, sigmoid, tanh, ...)\n"
		"t.md:5: lab: view must be plot, chain, net, cost or train, got 'nothing'\n"
		"t.md:6: lab: set: unknown name 'nosuch'; names are x, depth, gain, bias, range, the activation's parameter, and the net and train views' (help set lists them)\n"
		"t.md:7: lab: compare: unknown activation 'nosuch' (relu, leaky_relu, gelu, sigmoid, "
		"tanh, ...)\n"
		"t.md:8: lab: relu takes no parameter; 'set slope' needs leaky_relu or prelu "
		"(act leaky_relu first)\n"
		"t.md:9: lab: 'lesson' is not for lab blocks, which hold act, set, compare, eval and "
		"view\n");
	/* applied anyway, it stops at the first bad line and changes nothing */
	lab l;
	lab_init(&l);
	l.x = -3;
	int bad = 0;
	char err[200];
	assert_int_equal(lesson_lab_apply(&ls.blocks[1], &l, NULL, NULL, &bad, err, sizeof err), -1);
	assert_int_equal(bad, 4);
	assert_true(l.x == -3);
	lab_free(&l);
	lesson_free(&ls);

	/* the tutorial leaves the lesson out and says where the problem is */
	const char *dir = fresh_dir("lessons");
	char path[900];
	snprintf(path, sizeof path, "%s/01-lab.md", dir);
	write_text(path, text);
	snprintf(path, sizeof path, "%s/02-good.md", dir);
	write_text(path, "# Good\n");
	fresh_state(false);
	course c;
	char msg[1024];
	assert_int_equal(course_open(&c, dir, NULL, msg, sizeof msg), 0);
	assert_int_equal(course_count(&c), 1);
	assert_string_equal(msg, "01-lab.md:4: lab: unknown activation 'nosuch' (relu, leaky_relu, "
	                    "gelu, sigmoid, tanh, ...), skipped; 5 more problems (whyrelu "
	                    "check-lessons)");
	course_close(&c);
}

/* ---- lessons directories ------------------------------------------------ */

/* The course opened on dir: no lessons, the pane says where it looked and
 * why (want), and the lab still works. */
static void assert_no_lessons(const char *dir, int want_load, const char *want)
{
	lesson_set set;
	reports rep;
	memset(&rep, 0, sizeof rep);
	assert_int_equal(lesson_set_load(dir, &set, NULL, collect, &rep), want_load);
	assert_int_equal(set.n, 0);
	lesson_set_free(&set);
	fresh_state(false);
	course c;
	char msg[1024];
	assert_int_equal(course_open(&c, dir, NULL, msg, sizeof msg), 0);
	assert_int_equal(course_count(&c), 0);
	char m[1024];
	snprintf(m, sizeof m, "no lessons in %s", dir);
	assert_string_equal(msg, m);
	const lesson *ls = course_lesson(&c);
	assert_string_equal(ls->title, "No lessons");
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = 200, .ascii = true };
	assert_int_equal(lesson_render(ls, &o, &pg), 0);
	char all[8192] = "";
	for (int i = 0; i < pg.n; i++) {
		size_t at = strlen(all);
		for (int k = 0; k < pg.lines[i].len && at + 2 < sizeof all; k++)
			all[at++] = (char)pg.lines[i].cells[k].ch;
		all[at++] = '\n';
		all[at] = '\0';
	}
	lesson_page_free(&pg);
	assert_has(all, want);
	course_close(&c);
}

static void test_lessons_dir_missing(void **state)
{
	(void)state;
	char dir[800];
	snprintf(dir, sizeof dir, "%s/no-such-dir", tmpdir);
	assert_no_lessons(dir, -1, "The directory cannot be read (No such file or directory).");
}

static void test_lessons_dir_empty(void **state)
{
	(void)state;
	const char *dir = fresh_dir("empty");
	char readme[900];
	snprintf(readme, sizeof readme, "%s/README.md", dir);
	write_text(readme, "# Not a lesson\n");
	assert_no_lessons(dir, 0, "It found no lesson files there.");
}

/* Unreadable even for root: a path through a regular file. */
static void test_lessons_dir_unreadable(void **state)
{
	(void)state;
	char file[800], dir[900];
	snprintf(file, sizeof file, "%s/a-file", tmpdir);
	write_text(file, "not a directory\n");
	snprintf(dir, sizeof dir, "%s/lessons", file);
	assert_no_lessons(dir, -1, "The directory cannot be read (Not a directory).");
	/* and the lessons directory being a file itself */
	assert_no_lessons(file, -1, "The directory cannot be read (Not a directory).");
}

/* ---- progress files ----------------------------------------------------- */

static const char good_progress[] = "whyrelu-progress 1\ncurrent relu\nlesson relu 4 1\n";

/* A damaged file is set aside byte for byte, and a save starts afresh. */
static void check_set_aside(const void *data, size_t len, const char *why)
{
	fresh_state(true);
	write_bytes(ppath, data, len);
	progress p;
	char msg[1024];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	char want[1024];
	snprintf(want, sizeof want, "progress file %s was damaged (%s); kept as progress.corrupt-",
	         ppath, why);
	if (strncmp(msg, want, strlen(want)) != 0)
		fail_msg("got '%s', want '%s...'", msg, want);
	assert_int_equal(p.n, 0);
	const char *names = dir_names(pdir);
	assert_int_equal(strncmp(names, "progress.corrupt-", 17), 0);
	char aside[1200];
	snprintf(aside, sizeof aside, "%s/%s", pdir, names);
	size_t got = 0;
	const char *kept = read_bytes(aside, &got);
	assert_non_null(kept);
	assert_int_equal(got, len);
	assert_memory_equal(kept, data, len);
	assert_int_equal(progress_set_current(&p, "welcome", 0), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	progress_free(&p);
}

static void test_progress_truncated(void **state)
{
	(void)state;
	static const char cut[] = "whyrelu-progress 1\ncurrent why-zero\nlesson why-z";
	check_set_aside(cut, sizeof cut - 1, "line 1: the file is cut short");
	/* cut at a line end, in the middle of the header */
	check_set_aside("whyrelu-prog\n", 13, "line 1: no 'whyrelu-progress' header");
}

static void test_progress_binary(void **state)
{
	(void)state;
	unsigned char bin[512];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(i * 7 + 3);
	check_set_aside(bin, sizeof bin, "line 1: the file is cut short");
	bin[sizeof bin - 1] = '\n';
	check_set_aside(bin, sizeof bin, "line 1: the file is cut short");
}

static void test_progress_directory(void **state)
{
	(void)state;
	fresh_state(true);
	assert_int_equal(mkdir(ppath, 0700), 0);
	char inside[900];
	snprintf(inside, sizeof inside, "%s/keep", ppath);
	write_text(inside, "mine\n");
	progress p;
	char msg[2048], want[2048];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "cannot read %s: not a regular file; progress is not saved", ppath);
	assert_string_equal(msg, want);
	assert_int_equal(progress_set_current(&p, "relu", 1), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	assert_string_equal(dir_names(pdir), "progress");
	assert_string_equal(dir_names(ppath), "keep");
	progress_free(&p);
}

static void test_progress_symlink(void **state)
{
	(void)state;
	/* a link to a file elsewhere, holding someone's progress: not read,
	 * not written through, not replaced */
	fresh_state(true);
	const char *other = fresh_dir("elsewhere");
	char target[900];
	snprintf(target, sizeof target, "%s/theirs", other);
	write_text(target, good_progress);
	assert_int_equal(symlink(target, ppath), 0);
	progress p;
	char msg[2048], want[2048];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "%s is a symbolic link, which whyrelu does not follow; "
	         "progress is not saved", ppath);
	assert_string_equal(msg, want);
	assert_string_equal(p.current, "");
	assert_int_equal(progress_set_current(&p, "welcome", 2), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	size_t len;
	assert_string_equal(read_bytes(target, &len), good_progress);
	struct stat st;
	assert_int_equal(lstat(ppath, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(dir_names(pdir), "progress");
	assert_string_equal(dir_names(other), "theirs");

	/* a dangling link, say to a file the learner has not made yet: not
	 * created through it */
	fresh_state(true);
	snprintf(target, sizeof target, "%s/not-yet", other);
	assert_int_equal(symlink(target, ppath), 0);
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	assert_string_equal(msg, want);
	assert_int_equal(progress_set_current(&p, "welcome", 2), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	assert_int_equal(access(target, F_OK), -1);
	assert_string_equal(dir_names(other), "theirs");

	/* the whyrelu directory itself a link elsewhere: nothing goes there */
	fresh_state(false);
	other = fresh_dir("elsewhere");
	assert_int_equal(symlink(other, pdir), 0);
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "cannot use %s: %s is a symbolic link, which whyrelu does not "
	         "follow; progress is not saved", ppath, pdir);
	assert_string_equal(msg, want);
	assert_int_equal(progress_set_current(&p, "welcome", 2), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	assert_string_equal(dir_names(other), "");
	/* saving on its own (the file loaded before the link was planted)
	 * refuses too, once */
	memset(&p, 0, sizeof p);
	p.path = strdup(ppath);
	assert_int_equal(progress_set_current(&p, "welcome", 2), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), -1);
	snprintf(want, sizeof want, "cannot save progress (%s is a symbolic link, which whyrelu "
	         "does not follow); going on without saving", pdir);
	assert_string_equal(msg, want);
	assert_int_equal(progress_save(&p, msg, sizeof msg), -1);
	assert_string_equal(msg, "");
	progress_free(&p);
	assert_string_equal(dir_names(other), "");
}

/* The file is replaced by a rename, never written in place: a link planted
 * between loading and saving is replaced, and nothing is written where it
 * pointed. */
static void test_progress_link_planted_after_load(void **state)
{
	(void)state;
	fresh_state(true);
	write_text(ppath, good_progress);
	progress p;
	char msg[1024];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 0);
	const char *other = fresh_dir("elsewhere");
	char target[900];
	snprintf(target, sizeof target, "%s/victim", other);
	write_text(target, "precious\n");
	assert_int_equal(unlink(ppath), 0);
	assert_int_equal(symlink(target, ppath), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	size_t len;
	assert_string_equal(read_bytes(target, &len), "precious\n");
	struct stat st;
	assert_int_equal(lstat(ppath, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(read_bytes(ppath, &len), good_progress);
}

static uid_t nobody_uid(void)
{
	struct passwd *pw = getpwnam("nobody");
	return pw ? pw->pw_uid : 65534;
}

static gid_t nobody_gid(void)
{
	struct passwd *pw = getpwnam("nobody");
	return pw ? pw->pw_gid : 65534;
}

/* Someone else's file, or directory, is neither trusted nor replaced:
 * root running whyrelu with a learner's HOME must not take the learner's
 * progress over. */
static void test_progress_other_owner(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	fresh_state(true);
	write_text(ppath, good_progress);
	assert_int_equal(chown(ppath, nobody_uid(), nobody_gid()), 0);
	progress p;
	char msg[2048], want[2048];
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "%s belongs to another user (uid %u): it is not read or "
	         "changed; progress is not saved", ppath, (unsigned)nobody_uid());
	assert_string_equal(msg, want);
	assert_string_equal(p.current, "");
	assert_int_equal(progress_set_current(&p, "welcome", 2), 0);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	size_t len;
	assert_string_equal(read_bytes(ppath, &len), good_progress);
	struct stat st;
	assert_int_equal(stat(ppath, &st), 0);
	assert_int_equal(st.st_uid, nobody_uid());
	assert_string_equal(dir_names(pdir), "progress");

	/* the directory someone else's */
	fresh_state(true);
	write_text(ppath, good_progress);
	assert_int_equal(chown(pdir, nobody_uid(), nobody_gid()), 0);
	assert_int_equal(progress_load(&p, NULL, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "cannot use %s: %s belongs to another user (uid %u); progress "
	         "is not saved", ppath, pdir, (unsigned)nobody_uid());
	assert_string_equal(msg, want);
	assert_int_equal(progress_save(&p, msg, sizeof msg), 0);
	progress_free(&p);
	assert_string_equal(read_bytes(ppath, &len), good_progress);
	assert_string_equal(dir_names(pdir), "progress");
}

/* In a child: become nobody (or another uid), run fn, and exit with its
 * status; the parent asserts it was 0. */
static void as_user(uid_t uid, gid_t gid, int (*fn)(void))
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setgid(gid) < 0 || setuid(uid) < 0)
			_exit(100);
		_exit(fn());
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("the child failed at step %d", WEXITSTATUS(status));
}

/* A step of a child's check: its number when it fails. */
#define STEP(n, cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "step %d: %s\n", n, #cond); \
			return n; \
		} \
	} while (0)

/* Load and save with no home directory at all: no HOME, no
 * XDG_STATE_HOME, and a uid the password file does not know. */
static int no_home_child(void)
{
	unsetenv("HOME");
	unsetenv("XDG_STATE_HOME");
	char buf[512];
	STEP(1, !progress_path(buf, sizeof buf));
	progress p;
	char msg[512];
	STEP(2, progress_load(&p, NULL, msg, sizeof msg) == 1);
	STEP(3, !strcmp(msg, "no home directory to keep progress in (set HOME or XDG_STATE_HOME); "
	                "progress is not saved"));
	STEP(4, progress_set_current(&p, "welcome", 1) == 0);
	/* warned at loading: saving fails quietly */
	STEP(5, progress_save(&p, msg, sizeof msg) == -1 && msg[0] == '\0');
	progress_free(&p);
	return 0;
}

static void test_progress_no_home(void **state)
{
	(void)state;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *xdg = strdup(getenv("XDG_STATE_HOME"));
	unsetenv("HOME");
	unsetenv("XDG_STATE_HOME");
	/* the home directory from the password file */
	struct passwd *pw = getpwuid(getuid());
	char buf[1024], want[1024];
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/') {
		assert_true(progress_path(buf, sizeof buf));
		snprintf(want, sizeof want, "%s/.local/state/whyrelu/progress", pw->pw_dir);
		assert_string_equal(buf, want);
	}
	/* a relative HOME is no home either */
	setenv("HOME", "relative/home", 1);
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/') {
		assert_true(progress_path(buf, sizeof buf));
		assert_string_equal(buf, want);
	}
	setenv("XDG_STATE_HOME", xdg, 1);
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	free(home);
	free(xdg);
	/* nothing to fall back on: a uid without a password entry */
	if (geteuid() == 0) {
		uid_t lost = 54321;
		while (getpwuid(lost))
			lost++;
		as_user(lost, lost, no_home_child);
	}
}

/* The state directory cannot be written: the file there is read, each
 * save fails, the first with a warning, and the file stays as it was. */
static int read_only_child(void)
{
	progress p;
	char msg[2048], want[2048];
	STEP(1, progress_load(&p, NULL, msg, sizeof msg) == 0 && msg[0] == '\0');
	STEP(2, !strcmp(p.current, "relu"));
	STEP(3, progress_set_current(&p, "welcome", 2) == 0);
	STEP(4, progress_save(&p, msg, sizeof msg) == -1);
	snprintf(want, sizeof want, "cannot save progress (creating a file next to %s: Permission "
	         "denied); going on without saving", ppath);
	if (strcmp(msg, want) != 0)
		fprintf(stderr, "got '%s'\n", msg);
	STEP(5, !strcmp(msg, want));
	STEP(6, progress_save(&p, msg, sizeof msg) == -1 && msg[0] == '\0');
	progress_free(&p);
	size_t len;
	const char *kept = read_bytes(ppath, &len);
	STEP(7, kept && !strcmp(kept, good_progress));
	return 0;
}

static void test_progress_read_only_dir(void **state)
{
	(void)state;
	fresh_state(true);
	write_text(ppath, good_progress);
	if (geteuid() == 0) {
		/* root writes anywhere: the check runs as nobody, in a tree
		 * nobody owns and can enter, but not write */
		assert_int_equal(chmod(tmpdir, 0755), 0);
		assert_int_equal(chmod(state_dir, 0755), 0);
		assert_int_equal(chown(state_dir, nobody_uid(), nobody_gid()), 0);
		assert_int_equal(chown(pdir, nobody_uid(), nobody_gid()), 0);
		assert_int_equal(chown(ppath, nobody_uid(), nobody_gid()), 0);
		assert_int_equal(chmod(pdir, 0500), 0);
		as_user(nobody_uid(), nobody_gid(), read_only_child);
		assert_int_equal(chmod(tmpdir, 0700), 0);
	} else {
		assert_int_equal(chmod(pdir, 0500), 0);
		assert_int_equal(read_only_child(), 0);
	}
	assert_int_equal(chmod(pdir, 0700), 0);
	size_t len;
	assert_string_equal(read_bytes(ppath, &len), good_progress);
	assert_string_equal(dir_names(pdir), "progress");
}

/* A damaged file that cannot be set aside (the directory cannot be
 * written) is the only copy there is: it is left alone, never saved over. */
static int damaged_read_only_child(void)
{
	progress p;
	char msg[1024];
	STEP(1, progress_load(&p, NULL, msg, sizeof msg) == 1);
	STEP(2, strstr(msg, "could not be set aside (Permission denied); it is left as it is and "
	                    "progress is not saved") != NULL);
	STEP(3, p.readonly);
	STEP(4, progress_set_current(&p, "welcome", 2) == 0);
	STEP(5, progress_save(&p, msg, sizeof msg) == 0);
	progress_free(&p);
	return 0;
}

static void test_progress_damaged_read_only(void **state)
{
	(void)state;
	static const char damaged[] = "whyrelu-progress 1\ncurrent relu\nwhat is this\n";
	fresh_state(true);
	write_text(ppath, damaged);
	if (geteuid() == 0) {
		assert_int_equal(chmod(tmpdir, 0755), 0);
		assert_int_equal(chmod(state_dir, 0755), 0);
		assert_int_equal(chown(state_dir, nobody_uid(), nobody_gid()), 0);
		assert_int_equal(chown(pdir, nobody_uid(), nobody_gid()), 0);
		assert_int_equal(chown(ppath, nobody_uid(), nobody_gid()), 0);
		assert_int_equal(chmod(pdir, 0500), 0);
		as_user(nobody_uid(), nobody_gid(), damaged_read_only_child);
		assert_int_equal(chmod(tmpdir, 0700), 0);
	} else {
		assert_int_equal(chmod(pdir, 0500), 0);
		assert_int_equal(damaged_read_only_child(), 0);
	}
	assert_int_equal(chmod(pdir, 0700), 0);
	size_t len;
	assert_string_equal(read_bytes(ppath, &len), damaged);
	assert_string_equal(dir_names(pdir), "progress");
}

/* ---- the prompt --------------------------------------------------------- */

static void test_pasted_100k(void **state)
{
	(void)state;
	size_t n = 100 * 1024;
	char *line = malloc(n + 1);
	assert_non_null(line);
	for (size_t i = 0; i < n; i++)
		line[i] = "set x 1 "[i % 8];
	line[n] = '\0';
	cmd c;
	memset(&c, 0, sizeof c);
	char err[256];
	assert_int_equal(cmd_parse(line, &c, err, sizeof err), -1);
	assert_string_equal(err, "line too long: 102399 characters, a command has at most 511");
	/* pasted bytes that are not text: refused at their column */
	memcpy(line, "act \x1b[31mrelu", 14);
	line[14] = '\0';
	assert_int_equal(cmd_parse(line, &c, err, sizeof err), -1);
	assert_string_equal(err, "control character 0x1b at column 5; commands are plain text");
	strcpy(line, "act \xcf\x83");
	assert_int_equal(cmd_parse(line, &c, err, sizeof err), -1);
	assert_string_equal(err, "only plain ASCII is understood; found a non-ASCII character at "
	                    "column 5");
	free(line);
}

/* ---- numbers, in every parser ------------------------------------------- */

static void test_numbers_num(void **state)
{
	(void)state;
	static const struct { const char *s, *d, *l; } cases[] = {
		{ "1e999", "x is too large to be a finite number: '1e999'",
		  "n must be a whole number, got '1e999'" },
		{ "0x10", "x must be a finite number, got '0x10'", "n must be a whole number, got '0x10'" },
		{ "nan", "x must be a finite number, got 'nan'", "n must be a whole number, got 'nan'" },
		{ "-nan", "x must be a finite number, got '-nan'", "n must be a whole number, got '-nan'" },
		{ "inf", "x must be a finite number, got 'inf'", "n must be a whole number, got 'inf'" },
		{ "-1e999", "x is too large to be a finite number: '-1e999'",
		  "n must be a whole number, got '-1e999'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[200];
		double v = 42;
		long n = 42;
		assert_false(num_parse(cases[i].s, "x", &v, err, sizeof err));
		assert_string_equal(err, cases[i].d);
		assert_false(num_parse_range(cases[i].s, "x", -1, 1, &v, err, sizeof err));
		assert_string_equal(err, cases[i].d);
		assert_false(num_parse_long(cases[i].s, "n", -9, 9, &n, err, sizeof err));
		assert_string_equal(err, cases[i].l);
		assert_true(v == 42 && n == 42);
	}
	/* -0 is zero, in range wherever 0 is */
	char err[200];
	double v;
	long n;
	assert_true(num_parse("-0", "x", &v, err, sizeof err) && v == 0);
	assert_true(num_parse_range("-0", "x", 0, 1, &v, err, sizeof err) && v == 0);
	assert_true(num_parse_long("-0", "n", 0, 9, &n, err, sizeof err) && n == 0);
	/* far below the smallest double: refused as 1e999 is, not a silent 0;
	 * a zero written so, and a subnormal, are kept */
	assert_false(num_parse("1e-999", "x", &v, err, sizeof err));
	assert_string_equal(err, "x is too small to tell from 0: '1e-999' (the smallest is about "
	                    "4.9e-324)");
	assert_true(num_parse("0e-999", "x", &v, err, sizeof err) && v == 0);
	assert_true(num_parse("-0.000e5", "x", &v, err, sizeof err) && v == 0);
	assert_true(num_parse("1e-310", "x", &v, err, sizeof err) && v == 1e-310);
	assert_false(num_parse_long("99999999999999999999", "n", 0, 9, &n, err, sizeof err));
	assert_string_equal(err, "n must be between 0 and 9, got 99999999999999999999");
}

static void test_numbers_cmd(void **state)
{
	(void)state;
	static const struct { const char *line, *err; } bad[] = {
		{ "set x 1e999", "x is too large to be a finite number: '1e999'" },
		{ "set x 0x10", "x must be a finite number, got '0x10'" },
		{ "set x nan", "x must be a finite number, got 'nan'" },
		{ "set depth 1e999", "depth must be a whole number, got '1e999'" },
		{ "set depth 0x10", "depth must be a whole number, got '0x10'" },
		{ "set gain nan", "gain must be a finite number, got 'nan'" },
		{ "set slope 1e999", "slope is too large to be a finite number: '1e999'" },
		{ "set range -0 0x10", "range end must be a finite number, got '0x10'" },
		{ "set range nan 1", "range start must be a finite number, got 'nan'" },
		{ "eval 1e999", "x is too large to be a finite number: '1e999'" },
		{ "eval nan", "x must be a finite number, got 'nan'" },
		{ "lesson 1e999", "lesson must be a whole number, got '1e999'" },
	};
	lab l;
	lab_init(&l);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cmd c;
		char err[256];
		if (cmd_parse(bad[i].line, &c, err, sizeof err) != -1)
			fail_msg("'%s' parsed", bad[i].line);
		assert_string_equal(err, bad[i].err);
	}
	/* 0x10 could be a lesson's name: it is taken as one, not as 16 */
	cmd c;
	char err[256];
	assert_int_equal(cmd_parse("lesson 0x10", &c, err, sizeof err), 0);
	assert_true(c.n == 0 && !strcmp(c.word, "0x10"));
	/* so is -0, a number of no lesson: the course answers "no lesson" */
	assert_int_equal(cmd_parse("lesson -0", &c, err, sizeof err), 0);
	assert_true(c.n == 0 && !strcmp(c.word, "-0"));
	/* -0 sets zero */
	assert_int_equal(cmd_parse("set x -0", &c, err, sizeof err), 0);
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), 0);
	assert_true(l.x == 0);
	assert_int_equal(cmd_parse("set depth -0", &c, err, sizeof err), 0);
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), 0);
	assert_int_equal(l.depth, 0);
	lab_free(&l);
}

static void test_numbers_cli(void **state)
{
	(void)state;
	static const struct { const char *opt, *val, *err; } bad[] = {
		{ "--x", "1e999", "--x is too large to be a finite number: '1e999'" },
		{ "--x", "0x10", "--x must be a finite number, got '0x10'" },
		{ "--x", "nan", "--x must be a finite number, got 'nan'" },
		/* beyond the lab's limit: there would be no range to show it in */
		{ "--x", "1e300", "--x must be between -1000000 and 1000000, got 1e300" },
		{ "--depth", "1e999", "--depth must be a whole number, got '1e999'" },
		{ "--depth", "0x10", "--depth must be a whole number, got '0x10'" },
		{ "--gain", "nan", "--gain must be a finite number, got 'nan'" },
		{ "--slope", "1e999", "--slope is too large to be a finite number: '1e999'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		opts_state st;
		opts_init(&st);
		char *argv[] = { "whyrelu", (char *)bad[i].opt, (char *)bad[i].val, NULL };
		int k = 1;
		char err[256];
		assert_int_equal(opts_option(&st, 3, argv, &k, err, sizeof err), -1);
		assert_string_equal(err, bad[i].err);
	}
	opts_state st;
	opts_init(&st);
	char *argv[] = { "whyrelu", "--x=-0", NULL };
	int k = 1;
	char err[256];
	assert_int_equal(opts_option(&st, 2, argv, &k, err, sizeof err), 1);
	assert_true(st.x == 0);
}

static void test_numbers_quiz(void **state)
{
	(void)state;
	static const struct { const char *answer, *tol, *want; } bad[] = {
		{ "1e999", "0.1", "t.md:4: quiz: answer is too large to be a finite number: '1e999' "
		  "(or give choices)\n" },
		{ "0x10", "0.1", "t.md:4: quiz: answer must be a finite number, got '0x10' (or give "
		  "choices)\n" },
		{ "nan", "0.1", "t.md:4: quiz: answer must be a finite number, got 'nan' (or give "
		  "choices)\n" },
		{ "1", "nan", "t.md:5: quiz: tolerance must be a finite number, got 'nan'\n" },
		{ "1", "1e999", "t.md:5: quiz: tolerance is too large to be a finite number: '1e999'\n" },
		{ "1", "-0x1", "t.md:5: quiz: tolerance must be a finite number, got '-0x1'\n" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[400];
		snprintf(text, sizeof text, "# Q\n\n```quiz\nanswer: %s\ntolerance: %s\nquestion: q\n"
		         "hint: h\nexplain: e\n```\n", bad[i].answer, bad[i].tol);
		lesson ls;
		reports rep;
		assert_int_equal(parse_bytes(text, strlen(text), &ls, &rep), 1);
		assert_string_equal(rep.text, bad[i].want);
		lesson_free(&ls);
	}
	/* answers to a good quiz */
	const char *text = "# Q\n\n```quiz\nanswer: 0\ntolerance: 0\nquestion: q\nhint: h\n"
	                   "explain: e\n```\n";
	lesson ls;
	reports rep;
	assert_int_equal(parse_bytes(text, strlen(text), &ls, &rep), 0);
	const lesson_quiz *q = lesson_quiz_at(&ls, 0);
	char err[200];
	assert_int_equal(lesson_quiz_check(q, "-0", err, sizeof err), 1);
	static const char *const not_numbers[] = { "1e999", "0x10", "nan", "-nan", "inf" };
	for (size_t i = 0; i < sizeof not_numbers / sizeof not_numbers[0]; i++) {
		err[0] = '\0';
		assert_int_equal(lesson_quiz_check(q, not_numbers[i], err, sizeof err), -1);
		assert_string_equal(err, "answer with a number, like -1.5");
	}
	lesson_free(&ls);
}

static void test_numbers_progress(void **state)
{
	(void)state;
	static const struct { const char *line, *why; } bad[] = {
		{ "lesson relu 1e999 0", "line 2: a bad lesson line" },
		{ "lesson relu 0x10 0", "line 2: a bad lesson line" },
		{ "lesson relu nan 1", "line 2: a bad lesson line" },
		{ "lesson relu 1 -0x1", "line 2: a bad lesson line" },
		{ "quiz relu 1e999 right 1", "line 2: a bad quiz line" },
		{ "quiz relu 0x10 right 1", "line 2: a bad quiz line" },
		{ "quiz relu -0 right 1", "line 2: a bad quiz line" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[200];
		snprintf(text, sizeof text, "whyrelu-progress 1\n%s\n", bad[i].line);
		check_set_aside(text, strlen(text), bad[i].why);
	}
	/* -0 is a place like 0; an answer is text, kept as typed */
	progress p;
	memset(&p, 0, sizeof p);
	int line;
	const char *why;
	const char *text = "whyrelu-progress 1\nlesson relu -0 1\nquiz relu 1 wrong 1e999\n";
	assert_int_equal(progress_parse(&p, text, strlen(text), &line, &why), 0);
	assert_int_equal(progress_lesson_get(&p, "relu", false)->pos, 0);
	assert_string_equal(progress_quiz_get(&p, "relu", 0)->answer, "1e999");
	progress_free(&p);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(state_dir, sizeof state_dir, "%s/state", tmpdir);
	snprintf(pdir, sizeof pdir, "%s/whyrelu", state_dir);
	snprintf(ppath, sizeof ppath, "%s/progress", pdir);
	setenv("XDG_STATE_HOME", state_dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char line[800];
	snprintf(line, sizeof line, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", tmpdir, tmpdir);
	return system(line);
}

int main(void)
{
	setlocale(LC_ALL, "C");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lesson_invalid_utf8),
		cmocka_unit_test(test_lesson_nul_bytes),
		cmocka_unit_test(test_lesson_escape_sequences),
		cmocka_unit_test(test_lesson_huge_line),
		cmocka_unit_test(test_lesson_nested_lists),
		cmocka_unit_test(test_lesson_lab_naming_nothing),
		cmocka_unit_test(test_lessons_dir_missing),
		cmocka_unit_test(test_lessons_dir_empty),
		cmocka_unit_test(test_lessons_dir_unreadable),
		cmocka_unit_test(test_progress_truncated),
		cmocka_unit_test(test_progress_binary),
		cmocka_unit_test(test_progress_directory),
		cmocka_unit_test(test_progress_symlink),
		cmocka_unit_test(test_progress_link_planted_after_load),
		cmocka_unit_test(test_progress_other_owner),
		cmocka_unit_test(test_progress_no_home),
		cmocka_unit_test(test_progress_read_only_dir),
		cmocka_unit_test(test_progress_damaged_read_only),
		cmocka_unit_test(test_pasted_100k),
		cmocka_unit_test(test_numbers_num),
		cmocka_unit_test(test_numbers_cmd),
		cmocka_unit_test(test_numbers_cli),
		cmocka_unit_test(test_numbers_quiz),
		cmocka_unit_test(test_numbers_progress),
	};
	return cmocka_run_group_tests_name("badinput", tests, setup, teardown);
}
