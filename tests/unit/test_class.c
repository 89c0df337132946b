/* test_class.c - `whyrelu class` without a terminal: the sums over a class
 * (who finished what, each quiz's answers, the quiz most got wrong and
 * the lesson most stopped at), the order of each sort key, CSV quoting
 * and JSON escaping, and reading a tree of homes and a class directory in
 * which links, a FIFO, a file too large, someone else's file and a
 * damaged one are each a row saying so; and the copy a save leaves in a
 * class directory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "class.h"
#include "cli.h"

/* Four lessons: a (1 quiz), b (2 quizzes), c (none), d (1 quiz). */
static lesson lessons_v[4];
static lesson_set set = { lessons_v, 4 };

static void make_set(void)
{
	static const char *const slugs[] = { "alpha", "beta", "gamma", "delta" };
	static const int nq[] = { 1, 2, 0, 1 };
	memset(lessons_v, 0, sizeof lessons_v);
	for (int i = 0; i < 4; i++) {
		lessons_v[i].number = i + 1;
		snprintf(lessons_v[i].slug, sizeof lessons_v[i].slug, "%s", slugs[i]);
		lessons_v[i].nquizzes = nq[i];
	}
}

static class_learner *add(class *c, const char *name, const char *text, long long t)
{
	class_learner *l = class_add_text(c, name, name, text, strlen(text), t);
	assert_non_null(l);
	return l;
}

static const char ada[] =
	"whyrelu-progress 1\ncurrent beta\n"
	"lesson alpha 0 1\nlesson beta 7 0\n"
	"quiz alpha 1 right 0\nquiz beta 1 wrong 5\n";
static const char bob[] =
	"whyrelu-progress 1\ncurrent delta\n"
	"lesson alpha 0 1\nlesson beta 0 1\nlesson gamma 0 1\nlesson delta 2 0\n"
	"quiz alpha 1 right 0\nquiz beta 1 wrong 2\nquiz beta 2 right b\nquiz delta 1 wrong x\n";
static const char cyd[] =
	"whyrelu-progress 1\ncurrent beta\n"
	"lesson alpha 0 1\nlesson beta 3 0\n"
	"quiz alpha 1 wrong 9\nquiz beta 1 wrong 1\n";

static void test_sums(void **state)
{
	(void)state;
	make_set();
	class c;
	class_init(&c, &set);
	add(&c, "ada", ada, 100);
	add(&c, "bob", bob, 200);
	add(&c, "cyd", cyd, 50);
	add(&c, "dan", "whyrelu-progress 1\nlesson alpha x 1\n", 10);
	add(&c, "eve", "whyrelu-progress 9\ncurrent gamma\nlesson alpha 0 1\nfuture 1 2\n", 20);
	assert_non_null(class_add_text(&c, "fay", "fay", NULL, 0, 0));
	class_sum(&c);
	assert_int_equal(c.n, 6);
	assert_int_equal(c.read, 4);   /* ada bob cyd eve; dan is damaged, fay has none */

	class_learner *a = &c.v[0], *b = &c.v[1], *cy = &c.v[2], *d = &c.v[3], *e = &c.v[4];
	assert_int_equal(a->status, CLASS_OK);
	assert_int_equal(a->current, 1);
	assert_int_equal(a->done, 1);
	assert_int_equal(a->right, 1);
	assert_int_equal(a->wrong, 1);
	assert_int_equal(a->open, 2);   /* beta 2, delta 1 */
	assert_int_equal(b->current, 3);
	assert_int_equal(b->done, 3);
	assert_int_equal(b->right, 2);
	assert_int_equal(b->wrong, 2);
	assert_int_equal(b->open, 0);
	assert_int_equal(cy->wrong, 2);
	assert_int_equal(d->status, CLASS_DAMAGED);
	assert_string_equal(d->note, "damaged: line 2: a bad lesson line");
	assert_int_equal(d->done, 0);
	assert_int_equal(d->current, -1);
	assert_int_equal(e->status, CLASS_NEWER);
	assert_int_equal(e->current, 2);
	assert_int_equal(e->done, 1);
	assert_int_equal(c.v[5].status, CLASS_NONE);

	/* per lesson: who is there (and has not finished it), who finished */
	assert_int_equal(c.lessons[0].done, 4);
	assert_int_equal(c.lessons[1].here, 2);
	assert_int_equal(c.lessons[1].stuck, 2);
	assert_int_equal(c.lessons[1].done, 1);
	assert_int_equal(c.lessons[2].here, 1);
	assert_int_equal(c.lessons[3].here, 1);
	assert_int_equal(c.stop, 1);

	/* per quiz, in lesson order: alpha.1 beta.1 beta.2 delta.1 */
	assert_int_equal(c.nquiz, 4);
	assert_int_equal(c.quiz[0].right, 2);
	assert_int_equal(c.quiz[0].wrong, 1);
	assert_int_equal(c.quiz[0].open, 1);
	assert_int_equal(c.quiz[1].wrong, 3);
	assert_int_equal(c.quiz[1].open, 1);
	assert_int_equal(c.quiz[2].right, 1);
	assert_int_equal(c.quiz[3].wrong, 1);
	assert_int_equal(c.hardest, 1);
	char label[16];
	class_quiz_label(&c, c.hardest, label, sizeof label);
	assert_string_equal(label, "02.1");
	class_free(&c);
}

/* Equal counts of wrong answers: the larger share of those answered wins,
 * then the earlier quiz. Nobody wrong: no hardest quiz, and nobody in
 * the middle of a lesson: no stop. */
static void test_ties(void **state)
{
	(void)state;
	make_set();
	class c;
	class_init(&c, &set);
	add(&c, "a", "whyrelu-progress 1\nquiz alpha 1 wrong 1\nquiz alpha 1 wrong 1\n"
	    "quiz beta 1 wrong 1\nquiz beta 2 right 1\n", 1);
	add(&c, "b", "whyrelu-progress 1\nquiz alpha 1 right 1\nquiz beta 1 wrong 1\n", 1);
	add(&c, "c", "whyrelu-progress 1\nquiz alpha 1 wrong 1\n", 1);
	class_sum(&c);
	/* alpha.1: 2 wrong of 3; beta.1: 2 wrong of 2 */
	assert_int_equal(c.quiz[0].wrong, 2);
	assert_int_equal(c.quiz[1].wrong, 2);
	assert_int_equal(c.hardest, 1);
	assert_int_equal(c.stop, -1);
	class_clear(&c);
	add(&c, "a", "whyrelu-progress 1\ncurrent alpha\nlesson alpha 0 1\nquiz alpha 1 right 1\n",
	    1);
	class_sum(&c);
	assert_int_equal(c.hardest, -1);
	assert_int_equal(c.stop, -1);   /* at alpha, but finished it */
	assert_int_equal(c.lessons[0].here, 1);
	class_free(&c);
}

static void names(const class *c, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < c->n; i++) {
		strncat(buf, c->v[i].name, len - strlen(buf) - 1);
		strncat(buf, " ", len - strlen(buf) - 1);
	}
}

static void test_sort(void **state)
{
	(void)state;
	make_set();
	class c;
	class_init(&c, &set);
	add(&c, "cyd", cyd, 50);
	add(&c, "ada", ada, 100);
	add(&c, "bob", bob, 200);
	class_sum(&c);
	char buf[64];
	class_sort(&c, CLASS_BY_NAME, false);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "ada bob cyd ");
	class_sort(&c, CLASS_BY_NAME, true);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "cyd bob ada ");
	/* the furthest behind first; ada and cyd at beta, by name */
	class_sort(&c, CLASS_BY_LESSON, false);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "ada cyd bob ");
	class_sort(&c, CLASS_BY_DONE, false);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "ada cyd bob ");
	/* the most wrong first: bob and cyd 2, by name, ada 1 */
	class_sort(&c, CLASS_BY_WRONG, false);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "bob cyd ada ");
	/* the longest quiet first */
	class_sort(&c, CLASS_BY_TIME, false);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "cyd ada bob ");
	class_sort(&c, CLASS_BY_TIME, true);
	names(&c, buf, sizeof buf);
	assert_string_equal(buf, "bob ada cyd ");
	class_free(&c);
}

static void test_ago(void **state)
{
	(void)state;
	char b[16];
	class_ago(0, 1000, b, sizeof b);
	assert_string_equal(b, "-");
	class_ago(1000, 1000, b, sizeof b);
	assert_string_equal(b, "0s");
	class_ago(1100, 1000, b, sizeof b);   /* a file from the future: just now */
	assert_string_equal(b, "0s");
	class_ago(1000, 1059, b, sizeof b);
	assert_string_equal(b, "59s");
	class_ago(1000, 1060, b, sizeof b);
	assert_string_equal(b, "1m");
	class_ago(1000, 1000 + 3600 * 5 + 59, b, sizeof b);
	assert_string_equal(b, "5h");
	class_ago(1000, 1000 + 86400 * 3, b, sizeof b);
	assert_string_equal(b, "3d");
}

static char *output_of(int (*fn)(const class *, FILE *), const class *c)
{
	static char buf[8192];
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fn(c, f), 0);
	test_slurp(f, buf, sizeof buf);
	fclose(f);
	return buf;
}

static int json_at_1000(const class *c, FILE *f)
{
	return class_write_json(c, f, 1000);
}

static void test_csv_json(void **state)
{
	(void)state;
	make_set();
	class c;
	class_init(&c, &set);
	add(&c, "smith, jo", ada, 1);
	add(&c, "say \"hi\"", ada, 1);
	add(&c, "=cmd()", ada, 1);
	add(&c, "back\\slash", ada, 1);
	add(&c, "esc\033[31mred\ttab", ada, 1);
	assert_non_null(class_add_problem(&c, "nil", "/x/nil", CLASS_UNREADABLE,
	                                  "Permission denied"));
	class_sum(&c);
	char *csv = output_of(class_write_csv, &c);
	assert_non_null(strstr(csv, "name,status,lesson,lesson_slug,finished,lessons,right,"
	                       "wrong,unanswered,last_activity,note,path\r\n"));
	assert_non_null(strstr(csv, "\r\n\"smith, jo\",ok,2,beta,1,4,1,1,2,"
	                       "1970-01-01T00:00:01Z,,\"smith, jo\"\r\n"));
	assert_non_null(strstr(csv, "\r\n\"say \"\"hi\"\"\",ok,"));
	/* a spreadsheet would run it: it is text */
	assert_non_null(strstr(csv, "\r\n\"'=cmd()\",ok,"));
	/* the escape sequence is dropped, the tab a space */
	assert_non_null(strstr(csv, "\r\nescred tab,ok,"));
	assert_non_null(strstr(csv, "\r\nnil,unreadable,,,,4,,,,,Permission denied,/x/nil\r\n"));

	char *json = output_of(json_at_1000, &c);
	assert_non_null(strstr(json, "{\"lessons\":4,\"quizzes\":4,\"learners_read\":5,"));
	assert_non_null(strstr(json, "\"name\":\"say \\\"hi\\\"\""));
	assert_non_null(strstr(json, "\"name\":\"back\\\\slash\""));
	assert_non_null(strstr(json, "\"lesson\":2,\"lesson_slug\":\"beta\",\"finished\":1,"
	                       "\"right\":1,\"wrong\":1,\"unanswered\":2,"
	                       "\"last_activity\":\"1970-01-01T00:00:01Z\",\"idle_seconds\":999"));
	assert_non_null(strstr(json, "\"status\":\"unreadable\",\"lesson\":null,\"lesson_slug\":"
	                       "null,\"finished\":null"));
	assert_non_null(strstr(json, "\"hardest_quiz\":{\"lesson\":2,\"quiz\":1}"));
	assert_non_null(strstr(json, "\"most_stopped_at\":{\"lesson\":2,\"slug\":\"beta\"}}\n"));
	for (const char *p = json; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	class_free(&c);
}

/* ---- reading a tree ------------------------------------------------------ */

static char root[] = "/tmp/whyrelu-class-XXXXXX";

static void put(const char *rel, const char *text, mode_t mode)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	char cmd_line[700];
	char dir[512];
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	snprintf(cmd_line, sizeof cmd_line, "mkdir -p '%s'", dir);
	assert_int_equal(system(cmd_line), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static const class_learner *find(const class *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].name, name))
			return &c->v[i];
	fail_msg("no learner %s", name);
	return NULL;
}

static void test_read_tree(void **state)
{
	(void)state;
	make_set();
	assert_non_null(mkdtemp(root));
	char p[600], q[700];
	/* homes */
	put("homes/ada/.local/state/whyrelu/progress", ada, 0600);
	put("homes/bob/.local/state/whyrelu/progress", "not a progress file\n", 0600);
	/* a link out of the home, as the file and as a directory on the way */
	put("outside/progress", bob, 0644);
	snprintf(p, sizeof p, "%s/homes/cyd/.local/state/whyrelu", root);
	snprintf(q, sizeof q, "mkdir -p '%s'", p);
	assert_int_equal(system(q), 0);
	snprintf(p, sizeof p, "%s/homes/cyd/.local/state/whyrelu/progress", root);
	snprintf(q, sizeof q, "%s/outside/progress", root);
	assert_int_equal(symlink(q, p), 0);
	snprintf(p, sizeof p, "%s/homes/dan", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/homes/dan/.local", root);
	snprintf(q, sizeof q, "%s/outside", root);
	assert_int_equal(symlink(q, p), 0);
	/* a FIFO must not hang the reading */
	snprintf(p, sizeof p, "%s/homes/eve/.local/state/whyrelu", root);
	snprintf(q, sizeof q, "mkdir -p '%s'", p);
	assert_int_equal(system(q), 0);
	snprintf(p, sizeof p, "%s/homes/eve/.local/state/whyrelu/progress", root);
	assert_int_equal(mkfifo(p, 0600), 0);
	/* a home with nothing yet, and a home that is a link */
	snprintf(p, sizeof p, "%s/homes/fay", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/homes/gus", root);
	snprintf(q, sizeof q, "%s/homes/ada", root);
	assert_int_equal(symlink(q, p), 0);
	/* too large: the limit and one byte */
	char *big = malloc((size_t)PROGRESS_MAX_BYTES + 2);
	assert_non_null(big);
	memset(big, 'x', (size_t)PROGRESS_MAX_BYTES + 1);
	big[PROGRESS_MAX_BYTES + 1] = '\0';
	put("homes/hal/.local/state/whyrelu/progress", big, 0600);
	free(big);
	/* a dot file is no learner */
	put("homes/.hidden/.local/state/whyrelu/progress", ada, 0600);

	class c;
	class_init(&c, &set);
	char err[200];
	snprintf(p, sizeof p, "%s/homes", root);
	char *args[] = { p };
	assert_int_equal(class_read(&c, args, 1, err, sizeof err), 0);
	class_sum(&c);
	assert_int_equal(c.n, 8);
	assert_int_equal(find(&c, "ada")->status, CLASS_OK);
	assert_int_equal(find(&c, "ada")->current, 1);
	assert_true(find(&c, "ada")->mtime > 0);
	assert_non_null(strstr(find(&c, "ada")->watch, "/homes/ada/.local/state/whyrelu"));
	assert_int_equal(find(&c, "bob")->status, CLASS_DAMAGED);
	assert_int_equal(find(&c, "cyd")->status, CLASS_REFUSED);
	assert_string_equal(find(&c, "cyd")->note, "a symbolic link, not followed");
	assert_int_equal(find(&c, "dan")->status, CLASS_REFUSED);
	assert_string_equal(find(&c, "dan")->note, "~/.local is a symbolic link, not followed");
	assert_int_equal(find(&c, "eve")->status, CLASS_REFUSED);
	assert_string_equal(find(&c, "eve")->note, "not a regular file");
	assert_int_equal(find(&c, "fay")->status, CLASS_NONE);
	assert_int_equal(find(&c, "gus")->status, CLASS_REFUSED);
	assert_int_equal(find(&c, "hal")->status, CLASS_DAMAGED);
	assert_string_equal(find(&c, "hal")->note, "damaged: line 1: the file is too large");
	assert_int_equal(c.read, 1);

	/* a class directory, a file named, and one not there */
	put("classdir/ada", ada, 0640);
	put("classdir/.ada.tmp-1", bob, 0640);
	snprintf(p, sizeof p, "%s/classdir/ivy", root);
	snprintf(q, sizeof q, "%s/outside/progress", root);
	assert_int_equal(symlink(q, p), 0);
	char a1[600], a2[600], a3[600];
	snprintf(a1, sizeof a1, "%s/classdir", root);
	snprintf(a2, sizeof a2, "%s/outside/progress", root);
	snprintf(a3, sizeof a3, "%s/nothing-here", root);
	char *args2[] = { a1, a2, a3 };
	assert_int_equal(class_read(&c, args2, 3, err, sizeof err), 0);
	class_sum(&c);
	assert_int_equal(c.n, 4);
	assert_int_equal(find(&c, "ada")->status, CLASS_OK);
	assert_int_equal(find(&c, "ivy")->status, CLASS_REFUSED);
	/* a file called progress is its owner's */
	struct passwd *pw = getpwuid(geteuid());
	assert_non_null(pw);
	assert_int_equal(find(&c, pw->pw_name)->status, CLASS_OK);
	assert_int_equal(find(&c, pw->pw_name)->current, 3);
	assert_int_equal(find(&c, a3)->status, CLASS_NONE);
	assert_string_equal(find(&c, a3)->note, "not there");
	class_free(&c);
}

/* In a class directory a file named after an account must be that
 * account's: another learner cannot speak for them. */
static void test_class_dir_owner(void **state)
{
	(void)state;
	make_set();
	struct passwd *me = getpwuid(geteuid());
	assert_non_null(me);
	char other[64] = "";
	setpwent();
	for (struct passwd *pw; (pw = getpwent()) != NULL;)
		if (pw->pw_uid != geteuid() && strlen(pw->pw_name) < sizeof other) {
			snprintf(other, sizeof other, "%s", pw->pw_name);
			break;
		}
	endpwent();
	if (!other[0])
		skip();
	char rel[128];
	snprintf(rel, sizeof rel, "owners/%s", other);
	put(rel, ada, 0640);
	snprintf(rel, sizeof rel, "owners/%s", me->pw_name);
	put(rel, ada, 0640);
	class c;
	class_init(&c, &set);
	char err[200], p[600];
	snprintf(p, sizeof p, "%s/owners", root);
	char *args[] = { p };
	assert_int_equal(class_read(&c, args, 1, err, sizeof err), 0);
	class_sum(&c);
	assert_int_equal(c.n, 2);
	assert_int_equal(find(&c, me->pw_name)->status, CLASS_OK);
	const class_learner *o = find(&c, other);
	assert_int_equal(o->status, CLASS_REFUSED);
	char want[200];
	snprintf(want, sizeof want, "belongs to %s, not to the learner", me->pw_name);
	assert_string_equal(o->note, want);
	class_free(&c);
}

/* The class directory: each save leaves a copy named by the login, 0640,
 * in the directory's group; none when that group is the learner's own
 * (the other learners would read it) or the directory is not setgid. */
static void test_class_copy(void **state)
{
	(void)state;
	make_set();
	struct passwd *me = getpwuid(geteuid());
	assert_non_null(me);
	char p[600], own[700], cdir[600], mine[600], plain[600];
	snprintf(p, sizeof p, "%s/copy-state/progress", root);
	snprintf(cdir, sizeof cdir, "%s/class-ok", root);
	snprintf(mine, sizeof mine, "%s/class-mine", root);
	snprintf(plain, sizeof plain, "%s/class-plain", root);
	snprintf(own, sizeof own, "mkdir -p '%s/copy-state'", root);
	assert_int_equal(system(own), 0);
	assert_int_equal(mkdir(mine, 0700), 0);
	assert_int_equal(chmod(mine, 03733), 0);
	assert_int_equal(chown(mine, (uid_t)-1, getegid()), 0);

	progress pr;
	char msg[512];
	assert_int_equal(progress_load(&pr, p, msg, sizeof msg), 0);
	assert_int_equal(progress_set_current(&pr, "beta", 3), 0);
	setenv("WHYRELU_CLASS_DIR", mine, 1);
	assert_int_equal(progress_save(&pr, msg, sizeof msg), 0);
	assert_non_null(strstr(msg, "belongs to a group you are in, so other learners could read "
	                       "it); your own progress is saved"));
	snprintf(own, sizeof own, "%s/%s", mine, me->pw_name);
	assert_int_equal(access(own, F_OK), -1);
	/* once: the next save says nothing */
	assert_int_equal(progress_save(&pr, msg, sizeof msg), 0);
	assert_string_equal(msg, "");

	/* a group this process is not in: root can give the directory one */
	gid_t other = 54321;
	bool can = mkdir(cdir, 0700) == 0 && chown(cdir, (uid_t)-1, other) == 0;
	assert_int_equal(mkdir(plain, 0733), 0);
	if (can && chown(plain, (uid_t)-1, other) == 0) {
		chmod(plain, 0733);
		setenv("WHYRELU_CLASS_DIR", plain, 1);
		pr.class_warned = false;
		assert_int_equal(progress_save(&pr, msg, sizeof msg), 0);
		assert_non_null(strstr(msg, "is not setgid (chmod g+s)"));

		assert_int_equal(chmod(cdir, 03733), 0);
		setenv("WHYRELU_CLASS_DIR", cdir, 1);
		pr.class_warned = false;
		assert_int_equal(progress_save(&pr, msg, sizeof msg), 0);
		assert_string_equal(msg, "");
		snprintf(own, sizeof own, "%s/%s", cdir, me->pw_name);
		struct stat st;
		assert_int_equal(stat(own, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
		assert_int_equal(st.st_gid, other);
		FILE *f = fopen(own, "r");
		assert_non_null(f);
		char buf[256];
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
		assert_string_equal(buf, "whyrelu-progress 1\ncurrent beta\nlesson beta 3 0\n");

		class c;
		class_init(&c, &set);
		char err[200];
		char *args[] = { cdir };
		assert_int_equal(class_read(&c, args, 1, err, sizeof err), 0);
		class_sum(&c);
		assert_int_equal(c.n, 1);
		assert_string_equal(c.v[0].name, me->pw_name);
		assert_int_equal(c.v[0].status, CLASS_OK);
		assert_int_equal(c.v[0].current, 1);
		class_free(&c);

		/* forgetting the progress forgets the copy */
		assert_int_equal(progress_remove(&pr, msg, sizeof msg), 0);
		assert_int_equal(access(own, F_OK), -1);
		assert_int_equal(access(p, F_OK), -1);
	} else {
		fprintf(stderr, "test_class_copy: not root: the copy into another group's "
		        "directory is not tested here\n");
	}
	unsetenv("WHYRELU_CLASS_DIR");
	progress_free(&pr);
}

/* A named path is followed through links of root's or this user's, never
 * through another user's (a learner's ~/.local pointing elsewhere). */
static void test_named_links(void **state)
{
	(void)state;
	make_set();
	char real[600], mine[600], theirs[600], file[700], local[700], outside[600];
	snprintf(real, sizeof real, "%s/trust/real", root);
	snprintf(mine, sizeof mine, "%s/trust/mine", root);
	snprintf(theirs, sizeof theirs, "%s/trust/theirs", root);
	snprintf(outside, sizeof outside, "%s/trust/outside", root);
	put("trust/real/ada", ada, 0640);
	put("trust/outside/state/whyrelu/progress", bob, 0600);
	put("trust/home/.profile", "", 0600);
	assert_int_equal(symlink(real, mine), 0);
	assert_int_equal(symlink(real, theirs), 0);
	snprintf(local, sizeof local, "%s/trust/home/.local", root);
	assert_int_equal(symlink(outside, local), 0);
	if (lchown(theirs, 54321, 54321) != 0 || lchown(local, 54321, 54321) != 0) {
		fprintf(stderr, "test_named_links: not root: links of another user are not "
		        "tested here\n");
		return;
	}
	snprintf(file, sizeof file, "%s/trust/home/.local/state/whyrelu/progress", root);
	class c;
	class_init(&c, &set);
	char err[200];
	char *args[] = { mine, theirs, file };
	assert_int_equal(class_read(&c, args, 3, err, sizeof err), 0);
	class_sum(&c);
	assert_int_equal(c.n, 3);
	assert_int_equal(find(&c, "ada")->status, CLASS_OK);   /* through mine */
	assert_int_equal(find(&c, theirs)->status, CLASS_REFUSED);
	assert_string_equal(find(&c, theirs)->note,
	                    "theirs is a symbolic link of uid 54321, not followed");
	/* the third row: named by its path (cut to the name's length) */
	const class_learner *l = &c.v[2];
	assert_string_equal(l->path, file);
	assert_int_equal(l->status, CLASS_REFUSED);
	assert_string_equal(l->note, ".local is a symbolic link of uid 54321, not followed");
	class_free(&c);
}

/* A directory anyone can add names to: past the limit the rest are
 * counted, not read. */
static void test_too_many(void **state)
{
	(void)state;
	make_set();
	char d[600], f[700];
	snprintf(d, sizeof d, "%s/flood", root);
	assert_int_equal(mkdir(d, 0700), 0);
	for (int i = 0; i < CLASS_MAX_LEARNERS + 5; i++) {
		snprintf(f, sizeof f, "%s/l%05d", d, i);
		FILE *fp = fopen(f, "w");
		assert_non_null(fp);
		fclose(fp);
	}
	class c;
	class_init(&c, &set);
	char err[200];
	char *args[] = { d };
	assert_int_equal(class_read(&c, args, 1, err, sizeof err), 0);
	assert_int_equal(c.n, CLASS_MAX_LEARNERS + 1);
	assert_string_equal(c.v[0].note, "damaged: line 1: the file is empty");
	assert_string_equal(c.v[c.n - 1].name, "...");
	char want[100];
	snprintf(want, sizeof want, "5 more not read: at most %d learners", CLASS_MAX_LEARNERS);
	assert_string_equal(c.v[c.n - 1].note, want);
	class_free(&c);
}

static void test_main_usage(void **state)
{
	(void)state;
	run *r = capture_args(cli_class, "class", "--csv", "--json", "x", NULL);
	assert_int_equal(r->status, 2);
	assert_string_equal(r->err, "whyrelu: class: --csv and --json: choose one\n");
	r = capture_args(cli_class, "class", "--bogus", NULL);
	assert_int_equal(r->status, 2);
	assert_non_null(strstr(r->err, "unknown option '--bogus'"));
	r = capture_args(cli_class, "class", "--keys", "k", "x", NULL);
	assert_int_equal(r->status, 2);
	assert_non_null(strstr(r->err, "--keys and --dump go with --headless WxH"));
	r = capture_args(cli_class, "class", "--lessons", NULL);
	assert_int_equal(r->status, 2);
	r = capture_args(cli_class, "class", "--help", NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "usage: whyrelu class"));
	/* no terminal: CSV, the lessons of the source tree */
	char p[600];
	snprintf(p, sizeof p, "%s/classdir", root);
	setenv("WHYRELU_LESSONS", TEST_SRCDIR "/lessons", 1);
	r = capture_args(cli_class, "class", p, NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "\r\nada,ok,,beta,0,20,"));   /* no lesson beta there */
	r = capture_args(cli_class, "class", "--json", p, NULL);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "{\"lessons\":20,"));
	unsetenv("WHYRELU_LESSONS");
}

static int cleanup(void **state)
{
	(void)state;
	if (strchr(root, 'X'))
		return 0;
	char cmd_line[700];
	snprintf(cmd_line, sizeof cmd_line, "rm -rf '%s'", root);
	return system(cmd_line) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sums),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_ago),
		cmocka_unit_test(test_csv_json),
		cmocka_unit_test(test_read_tree),
		cmocka_unit_test(test_class_dir_owner),
		cmocka_unit_test(test_class_copy),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_named_links),
		cmocka_unit_test(test_main_usage),
	};
	return cmocka_run_group_tests(tests, NULL, cleanup);
}
