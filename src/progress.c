/* progress.c - the learner's progress file (see progress.h) and the
 * `whyrelu progress` command.
 *
 * Losing progress is bad, but a tutorial that refuses to start because of
 * its progress file is worse: every failure here becomes a one-line
 * warning and an empty or partial progress, never an exit or a crash.
 */
#include "progress.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

#define HEADER "whyrelu-progress"
#define MSGLEN 512

static void say(char *msg, size_t len, const char *fmt, ...)
{
	if (!msg || !len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

static bool slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > LESSON_SLUG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* ---- where ------------------------------------------------------------- */

bool progress_path(char *buf, size_t len)
{
	const char *state = getenv("XDG_STATE_HOME");
	/* the XDG spec: a relative path is invalid and to be ignored */
	if (state && state[0] == '/') {
		int n = snprintf(buf, len, "%s/whyrelu/progress", state);
		return n > 0 && (size_t)n < len;
	}
	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	if (!home)
		return false;
	int n = snprintf(buf, len, "%s/.local/state/whyrelu/progress", home);
	return n > 0 && (size_t)n < len;
}

/* ---- the model ---------------------------------------------------------- */

void progress_reset(progress *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->v[i].quiz);
	p->n = 0;
	p->current[0] = '\0';
}

void progress_free(progress *p)
{
	progress_reset(p);
	free(p->v);
	free(p->path);
	memset(p, 0, sizeof *p);
}

progress_lesson *progress_lesson_get(progress *p, const char *slug, bool create)
{
	if (!slug || !slug_ok(slug))
		return NULL;
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].slug, slug))
			return &p->v[i];
	if (!create)
		return NULL;
	if (p->n == p->cap) {
		int ncap = p->cap ? p->cap * 2 : 16;
		progress_lesson *nv = realloc(p->v, (size_t)ncap * sizeof *nv);
		if (!nv)
			return NULL;
		p->v = nv;
		p->cap = ncap;
	}
	progress_lesson *l = &p->v[p->n++];
	memset(l, 0, sizeof *l);
	snprintf(l->slug, sizeof l->slug, "%s", slug);
	return l;
}

int progress_set_current(progress *p, const char *slug, int pos)
{
	progress_lesson *l = progress_lesson_get(p, slug, true);
	if (!l)
		return -1;
	l->pos = pos < 0 ? 0 : pos;
	snprintf(p->current, sizeof p->current, "%s", slug);
	return 0;
}

int progress_set_done(progress *p, const char *slug, bool done)
{
	progress_lesson *l = progress_lesson_get(p, slug, true);
	if (!l)
		return -1;
	l->done = done;
	return 0;
}

/* An answer kept on one line of the file: printable, no line breaks, cut
 * at a character boundary. */
static void keep_answer(char *dst, const char *src)
{
	char *clean = lesson_clean(src ? src : "");
	const char *s = clean ? clean : "";
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (*s == ' ') {
		s++;
		n--;
	}
	if (n > LESSON_ANSWER_MAX - 1) {
		n = LESSON_ANSWER_MAX - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	free(clean);
}

int progress_record_quiz(progress *p, const char *slug, int index, const char *answer,
                         bool right)
{
	progress_lesson *l = progress_lesson_get(p, slug, true);
	if (!l || index < 0)
		return -1;
	progress_quiz *q = NULL;
	for (int i = 0; i < l->nquiz; i++)
		if (l->quiz[i].index == index)
			q = &l->quiz[i];
	if (!q) {
		progress_quiz *nq = realloc(l->quiz, (size_t)(l->nquiz + 1) * sizeof *nq);
		if (!nq)
			return -1;
		l->quiz = nq;
		q = &l->quiz[l->nquiz++];
		q->index = index;
	}
	q->right = right;
	keep_answer(q->answer, answer);
	return 0;
}

const progress_quiz *progress_quiz_get(const progress *p, const char *slug, int index)
{
	for (int i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].slug, slug) != 0)
			continue;
		for (int k = 0; k < p->v[i].nquiz; k++)
			if (p->v[i].quiz[k].index == index)
				return &p->v[i].quiz[k];
	}
	return NULL;
}

/* ---- reading ------------------------------------------------------------ */

/* A whole decimal number in [min, max] from the whole of s. */
static bool whole_int(const char *s, long min, long max, long *out)
{
	if (!*s || (!isdigit((unsigned char)*s) && *s != '-'))
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Split a line into at most max words at single spaces; the last word takes
 * the rest of the line. Returns the count. */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *s = line;
	while (*s && n < max) {
		w[n++] = s;
		if (n == max)
			break;
		char *sp = strchr(s, ' ');
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	return n;
}

/* One line of a version-1 file; false with the reason when it is not one. */
static bool parse_line(progress *p, char *line, const char **why)
{
	char *w[5];
	int n = split(line, w, 5);
	if (n == 0) {
		*why = "an empty line";
		return false;
	}
	if (!strcmp(w[0], "current") && n == 2) {
		if (!slug_ok(w[1])) {
			*why = "a bad lesson name";
			return false;
		}
		snprintf(p->current, sizeof p->current, "%s", w[1]);
		return true;
	}
	if (!strcmp(w[0], "lesson") && n == 4) {
		long pos, done;
		if (!slug_ok(w[1]) || !whole_int(w[2], 0, 100000000, &pos) ||
		    !whole_int(w[3], 0, 1, &done)) {
			*why = "a bad lesson line";
			return false;
		}
		progress_lesson *l = progress_lesson_get(p, w[1], true);
		if (!l) {
			*why = "out of memory";
			return false;
		}
		l->pos = (int)pos;
		l->done = done;
		return true;
	}
	if (!strcmp(w[0], "quiz") && (n == 5 || n == 4)) {
		/* "quiz SLUG N right|wrong ANSWER": the answer, spaces and all,
		 * is the rest of the line; an empty one leaves n == 4 */
		long k;
		bool right = !strcmp(w[3], "right");
		if (!slug_ok(w[1]) || !whole_int(w[2], 1, 1000, &k) ||
		    (!right && strcmp(w[3], "wrong") != 0)) {
			*why = "a bad quiz line";
			return false;
		}
		if (progress_record_quiz(p, w[1], (int)k - 1, n == 5 ? w[4] : "", right) < 0) {
			*why = "out of memory";
			return false;
		}
		return true;
	}
	*why = "an unknown line";
	return false;
}

/* The parts of a newer file this version understands. */
static void parse_newer(progress *p, char *text)
{
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		const char *why;
		parse_line(p, line, &why);
	}
}

/* Parse the file's text; false with the line and reason when damaged. */
static bool parse_text(progress *p, char *text, size_t len, int *bad_line, const char **why,
                       bool *newer)
{
	*newer = false;
	if (len == 0 || memchr(text, '\0', len) || text[len - 1] != '\n') {
		*bad_line = 1;
		*why = len == 0 ? "the file is empty" : "the file is cut short";
		return false;
	}
	char *nl = strchr(text, '\n');
	*nl = '\0';
	long version;
	if (strncmp(text, HEADER " ", sizeof HEADER) != 0 ||
	    !whole_int(text + sizeof HEADER, 1, 1000000, &version)) {
		*bad_line = 1;
		*why = "no '" HEADER "' header";
		return false;
	}
	if (version > PROGRESS_VERSION) {
		*newer = true;
		parse_newer(p, nl + 1);
		return true;
	}
	int line = 2;
	for (char *s = nl + 1; *s; line++) {
		char *e = strchr(s, '\n');
		*e = '\0';
		if (!parse_line(p, s, why)) {
			*bad_line = line;
			return false;
		}
		s = e + 1;
	}
	return true;
}

/* Rename a damaged file out of the way: progress.corrupt-20250101T120000Z
 * (-2, -3, ... when that exists). Fills aside with the new path. */
static int set_aside(const char *path, char *aside, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	for (int k = 1; k <= 100; k++) {
		if (k == 1)
			snprintf(aside, len, "%s.corrupt-%s", path, stamp);
		else
			snprintf(aside, len, "%s.corrupt-%s-%d", path, stamp, k);
		struct stat st;
		if (lstat(aside, &st) == 0)
			continue;
		return rename(path, aside);
	}
	errno = EEXIST;
	return -1;
}

int progress_load(progress *p, const char *path, char *msg, size_t msglen)
{
	memset(p, 0, sizeof *p);
	say(msg, msglen, "%s", "");
	char buf[4096];
	if (!path) {
		if (!progress_path(buf, sizeof buf)) {
			say(msg, msglen, "no home directory to keep progress in (set HOME or "
			    "XDG_STATE_HOME); progress is not saved");
			p->warned = true;
			return 1;
		}
		path = buf;
	}
	p->path = strdup(path);
	if (!p->path)
		return -1;

	/* not blocking on open, and only a regular file: a FIFO there must
	 * not hang the tutorial */
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;   /* a first run; saving will say if it cannot */
		say(msg, msglen, "cannot read %s: %s; progress is not saved", path, strerror(errno));
		p->readonly = true;
		return 1;
	}
	struct stat st;
	FILE *f = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		say(msg, msglen, "cannot read %s: not a regular file; progress is not saved", path);
		p->readonly = true;
		return 1;
	}
	char *text = malloc((size_t)PROGRESS_MAX_BYTES + 2);
	if (!text) {
		fclose(f);
		return -1;
	}
	size_t len = fread(text, 1, (size_t)PROGRESS_MAX_BYTES + 1, f);
	bool failed = ferror(f);
	int err = errno;
	fclose(f);
	if (failed) {
		free(text);
		say(msg, msglen, "cannot read %s: %s; progress is not saved", path, strerror(err));
		p->readonly = true;
		return 1;
	}
	text[len] = '\0';
	int bad_line = 0;
	const char *why = "";
	bool newer = false, ok;
	if (len > (size_t)PROGRESS_MAX_BYTES) {
		ok = false;
		bad_line = 1;
		why = "the file is too large";
	} else {
		ok = parse_text(p, text, len, &bad_line, &why, &newer);
	}
	free(text);
	if (ok && newer) {
		say(msg, msglen, "%s was written by a newer whyrelu; it is read, not changed", path);
		p->readonly = true;
		return 1;
	}
	if (ok)
		return 0;
	if (!strcmp(why, "out of memory"))
		return -1;
	progress_reset(p);
	char aside[4200];
	if (set_aside(path, aside, sizeof aside) == 0) {
		const char *base = strrchr(aside, '/');
		say(msg, msglen, "progress file %s was damaged (line %d: %s); kept as %s, "
		    "starting afresh", path, bad_line, why, base ? base + 1 : aside);
	} else {
		say(msg, msglen, "progress file %s was damaged (line %d: %s) and could not be "
		    "set aside (%s); starting afresh", path, bad_line, why, strerror(errno));
	}
	return 1;
}

/* ---- writing ------------------------------------------------------------ */

/* mkdir -p for the directories that are missing, each 0700: progress is
 * nobody else's business. */
static int make_dirs(const char *dir)
{
	char tmp[4096];
	int n = snprintf(tmp, sizeof tmp, "%s", dir);
	if (n <= 0 || (size_t)n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *s = tmp + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
			return -1;
		*s = c;
		if (!c)
			break;
	}
	struct stat st;
	if (stat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

static int write_all(FILE *f, const progress *p)
{
	fprintf(f, HEADER " %d\n", PROGRESS_VERSION);
	if (p->current[0])
		fprintf(f, "current %s\n", p->current);
	for (int i = 0; i < p->n; i++)
		fprintf(f, "lesson %s %d %d\n", p->v[i].slug, p->v[i].pos, p->v[i].done ? 1 : 0);
	for (int i = 0; i < p->n; i++)
		for (int k = 0; k < p->v[i].nquiz; k++) {
			const progress_quiz *q = &p->v[i].quiz[k];
			fprintf(f, "quiz %s %d %s %s\n", p->v[i].slug, q->index + 1,
			        q->right ? "right" : "wrong", q->answer);
		}
	return ferror(f) ? -1 : 0;
}

static int save_failed(progress *p, char *msg, size_t msglen, const char *what, int err)
{
	if (!p->warned)
		say(msg, msglen, "cannot save progress (%s %s: %s); going on without saving",
		    what, p->path ? p->path : "", strerror(err));
	p->warned = true;
	return -1;
}

int progress_save(progress *p, char *msg, size_t msglen)
{
	say(msg, msglen, "%s", "");
	if (p->readonly)
		return 0;
	if (!p->path) {
		if (!p->warned)
			say(msg, msglen, "no home directory to keep progress in; progress is not saved");
		p->warned = true;
		return -1;
	}
	char dir[4096], tmp[4200];
	snprintf(dir, sizeof dir, "%s", p->path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	else if (slash)
		strcpy(dir, "/");
	else
		strcpy(dir, ".");
	if (make_dirs(dir) < 0)
		return save_failed(p, msg, msglen, "making the directory for", errno);
	snprintf(tmp, sizeof tmp, "%s/.progress.tmp-XXXXXX", dir);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return save_failed(p, msg, msglen, "creating a file next to", errno);
	(void)fchmod(fd, 0600);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return save_failed(p, msg, msglen, "writing", e);
	}
	int r = write_all(f, p);
	int e = errno;
	if (r == 0 && fflush(f) != 0) {
		r = -1;
		e = errno;
	}
	if (r == 0 && fsync(fd) != 0) {
		r = -1;
		e = errno;
	}
	if (fclose(f) != 0 && r == 0) {
		r = -1;
		e = errno;
	}
	if (r == 0 && rename(tmp, p->path) != 0) {
		r = -1;
		e = errno;
	}
	if (r != 0) {
		unlink(tmp);
		return save_failed(p, msg, msglen, "writing", e ? e : EIO);
	}
	/* the rename itself must reach the disk */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	p->warned = false;
	return 0;
}

int progress_remove(progress *p, char *msg, size_t msglen)
{
	say(msg, msglen, "%s", "");
	if (!p->path)
		return 0;
	if (unlink(p->path) < 0 && errno != ENOENT && errno != ENOTDIR) {
		say(msg, msglen, "cannot remove %s: %s", p->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- whyrelu progress --------------------------------------------------- */

static const char progress_help[] =
	"usage: whyrelu progress [--lessons DIR]\n"
	"       whyrelu progress --reset [--yes]\n"
	"\n"
	"Show how far you are: a bar and the lessons, with a mark for each one\n"
	"finished and your quiz answers. --reset forgets all progress (it asks\n"
	"first when run on a terminal; --yes does not ask). Progress is kept in\n"
	"$XDG_STATE_HOME/whyrelu/progress (default ~/.local/state/whyrelu/).\n";

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "whyrelu: progress: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

static bool ask(const char *path)
{
	printf("Forget all progress in %s? [y/N] ", path);
	fflush(stdout);
	char line[64];
	if (!fgets(line, sizeof line, stdin))
		return false;
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	return !strcasecmp(line, "y") || !strcasecmp(line, "yes");
}

static int reset(progress *p, bool yes)
{
	if (!p->path) {
		puts("No progress is kept (no home directory), nothing to reset.");
		return 0;
	}
	if (!yes && isatty(STDIN_FILENO) && !ask(p->path)) {
		puts("Nothing changed.");
		return 0;
	}
	char msg[MSGLEN];
	if (progress_remove(p, msg, sizeof msg) < 0) {
		fprintf(stderr, "whyrelu: progress: %s\n", msg);
		return 1;
	}
	progress_reset(p);
	printf("Progress reset: the next lesson is lesson 1.\n");
	return 0;
}

/* Marks in the locale's character set. */
typedef struct marks {
	const char *done, *current, *todo, *full, *empty, *right, *wrong;
} marks;

static const marks utf8_marks = { "\u2713", "\u25B8", " ", "\u2588", "\u2591", "\u2713", "\u2717" };
static const marks ascii_marks = { "x", ">", " ", "#", ".", "+", "-" };

#define BAR_WIDTH 30
#define TITLE_COLS 44

static void summary(const progress *p, const lesson_set *set, bool ascii)
{
	const marks *m = ascii ? &ascii_marks : &utf8_marks;
	int done = 0, quizzes = 0, right = 0;
	for (int i = 0; i < set->n; i++) {
		const progress_lesson *pl = NULL;
		for (int k = 0; k < p->n; k++)
			if (!strcmp(p->v[k].slug, set->v[i].slug))
				pl = &p->v[k];
		done += pl && pl->done;
		quizzes += set->v[i].nquizzes;
		for (int q = 0; q < set->v[i].nquizzes; q++) {
			const progress_quiz *pq = progress_quiz_get(p, set->v[i].slug, q);
			right += pq && pq->right;
		}
	}
	int fill = set->n ? done * BAR_WIDTH / set->n : 0;
	fputs("[", stdout);
	for (int i = 0; i < BAR_WIDTH; i++)
		fputs(i < fill ? m->full : m->empty, stdout);
	printf("] %d of %d lessons finished, %d of %d quiz%s right\n\n", done, set->n, right,
	       quizzes, quizzes == 1 ? "" : "zes");
	for (int i = 0; i < set->n; i++) {
		const lesson *ls = &set->v[i];
		const progress_lesson *pl = NULL;
		for (int k = 0; k < p->n; k++)
			if (!strcmp(p->v[k].slug, ls->slug))
				pl = &p->v[k];
		bool cur = !strcmp(p->current, ls->slug);
		const char *mark = pl && pl->done ? m->done : cur ? m->current : m->todo;
		char *title = ascii ? lesson_ascii(ls->title) : lesson_clean(ls->title);
		const char *t = title ? title : "";
		size_t cols = util_utf8_len(t);
		printf(" %s %02d  ", mark, ls->number);
		/* cut a long title at a character boundary */
		size_t shown = 0, bytes = 0;
		while (t[bytes] && shown < TITLE_COLS) {
			bytes++;
			while (((unsigned char)t[bytes] & 0xC0) == 0x80)
				bytes++;
			shown++;
		}
		fwrite(t, 1, bytes, stdout);
		for (size_t c = cols < TITLE_COLS ? cols : TITLE_COLS; c < TITLE_COLS; c++)
			putchar(' ');
		free(title);
		if (ls->nquizzes > 0) {
			fputs("  quiz", stdout);
			for (int q = 0; q < ls->nquizzes; q++) {
				const progress_quiz *pq = progress_quiz_get(p, ls->slug, q);
				printf(" %s", pq ? (pq->right ? m->right : m->wrong) : ascii ? "." : "\u00B7");
			}
		}
		if (cur)
			fputs("   (you are here)", stdout);
		putchar('\n');
	}
}

int progress_main(int argc, char **argv)
{
	bool do_reset = false, yes = false;
	const char *dir_opt = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(progress_help, stdout);
			return 0;
		} else if (!strcmp(a, "--reset")) {
			do_reset = true;
		} else if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
			yes = true;
		} else if (!strcmp(a, "--lessons")) {
			if (i + 1 >= argc)
				return usage("%s needs a directory", a);
			dir_opt = argv[++i];
		} else if (!strncmp(a, "--lessons=", 10)) {
			dir_opt = a + 10;
		} else if (a[0] == '-') {
			return usage("unknown option '%.40s' ('whyrelu progress --help')", a);
		} else {
			return usage("unexpected argument '%.40s' ('whyrelu progress --help')", a);
		}
	}
	if (yes && !do_reset)
		return usage("%s goes with --reset", "--yes");

	progress p;
	char msg[MSGLEN];
	int r = progress_load(&p, NULL, msg, sizeof msg);
	if (r < 0) {
		fprintf(stderr, "whyrelu: progress: out of memory\n");
		return 1;
	}
	if (r > 0)
		fprintf(stderr, "whyrelu: %s\n", msg);
	if (do_reset) {
		int status = reset(&p, yes);
		progress_free(&p);
		return status;
	}

	char dir[4096];
	lesson_dir(dir_opt, dir, sizeof dir);
	lesson_set set;
	int problems = lesson_set_load(dir, &set, NULL, NULL, NULL);
	if (problems < 0) {
		fprintf(stderr, "whyrelu: progress: cannot read the lessons in %s\n", dir);
		progress_free(&p);
		return 1;
	}
	summary(&p, &set, !cli_utf8_locale());
	if (problems > 0)
		fprintf(stderr, "whyrelu: progress: %d problem%s in the lessons, their lessons are "
		        "not listed ('whyrelu check-lessons')\n", problems, problems == 1 ? "" : "s");
	if (p.path)
		printf("\nProgress is kept in %s.\n", p.path);
	lesson_set_free(&set);
	progress_free(&p);
	return ferror(stdout) ? 1 : 0;
}
