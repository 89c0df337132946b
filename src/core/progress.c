/* progress.c - the learner's progress file (see progress.h) and the
 * `whyrelu progress` command.
 *
 * Losing progress is bad, but a tutorial that refuses to start because of
 * its progress file is worse: every failure here becomes a one-line
 * warning and an empty or partial progress, never an exit or a crash.
 */
/* O_PATH: the class directory is searchable, not readable, by learners */
#define _GNU_SOURCE
#include "progress.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#ifndef O_PATH
#define O_PATH O_RDONLY
#endif

#define HEADER "whyrelu-progress"
#define MSGLEN 512

/* the longest line the writer makes fits the limits' reckoning */
_Static_assert(sizeof "quiz  -2147483648 wrong \n" + LESSON_SLUG_MAX + LESSON_ANSWER_MAX <=
               PROGRESS_LINE_MAX, "PROGRESS_LINE_MAX is shorter than a quiz line");

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

/* Where the path comes from (XDG_STATE_HOME, or the home directory with
 * the variable that named it), or NULL when there is no home. */
static const char *state_base(const char **var)
{
	const char *state = getenv("XDG_STATE_HOME");
	if (state && state[0] == '/') {
		*var = "XDG_STATE_HOME";
		return state;
	}
	const char *home = getenv("HOME");
	*var = "HOME";
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
		*var = "the home directory in the password file";
	}
	return home;
}

bool progress_path(char *buf, size_t len)
{
	const char *var;
	const char *base = state_base(&var);
	if (!base)
		return false;
	/* the XDG spec: a relative XDG_STATE_HOME is invalid and ignored */
	int n = snprintf(buf, len, "%s%s", base, strcmp(var, "XDG_STATE_HOME") ?
	                 "/.local/state/whyrelu/progress" : "/whyrelu/progress");
	return n > 0 && (size_t)n < len;
}

void progress_nowhere(char *why, size_t len)
{
	const char *var;
	const char *base = state_base(&var);
	if (!base)
		snprintf(why, len, "no home directory to keep progress in (set HOME or XDG_STATE_HOME)");
	else
		snprintf(why, len, "the progress file's path is too long: %s is %zu bytes, and with "
		         "'%s' a path has at most %d", var, strlen(base),
		         strcmp(var, "XDG_STATE_HOME") ? "/.local/state/whyrelu/progress" :
		         "/whyrelu/progress", PATH_MAX - 1);
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

/* The entry for slug; with create, a new one, making room when the table
 * is full (evict) or refusing (the reader: a file with more lessons than
 * the writer keeps is not one it wrote). */
static progress_lesson *lesson_entry(progress *p, const char *slug, bool create, bool evict)
{
	if (!slug || !slug_ok(slug))
		return NULL;
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].slug, slug))
			return &p->v[i];
	if (!create)
		return NULL;
	if (p->n >= PROGRESS_MAX_LESSONS) {
		if (!evict)
			return NULL;
		/* the one remembered longest, never the current one */
		int k = strcmp(p->v[0].slug, p->current) ? 0 : 1;
		free(p->v[k].quiz);
		memmove(&p->v[k], &p->v[k + 1], (size_t)(p->n - k - 1) * sizeof *p->v);
		p->n--;
	}
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

progress_lesson *progress_lesson_get(progress *p, const char *slug, bool create)
{
	return lesson_entry(p, slug, create, true);
}

int progress_set_current(progress *p, const char *slug, int pos)
{
	progress_lesson *l = progress_lesson_get(p, slug, true);
	if (!l)
		return -1;
	l->pos = pos < 0 ? 0 : pos > PROGRESS_MAX_POS ? PROGRESS_MAX_POS : pos;
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
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	if (n > LESSON_ANSWER_MAX - 1) {
		n = LESSON_ANSWER_MAX - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	/* after the cut, which may end at a space: the file cannot keep a
	 * trailing one (reading trims it), so neither does the model */
	while (n > 0 && s[n - 1] == ' ')
		n--;
	memcpy(dst, s, n);
	dst[n] = '\0';
	free(clean);
}

int progress_record_quiz(progress *p, const char *slug, int index, const char *answer,
                         bool right)
{
	if (index < 0 || index >= PROGRESS_MAX_QUIZ)
		return -1;
	progress_lesson *l = progress_lesson_get(p, slug, true);
	if (!l)
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

/* A lesson's entry while reading: made, but never by forgetting another. */
static progress_lesson *entry_for_reading(progress *p, const char *slug, const char **why)
{
	progress_lesson *l = lesson_entry(p, slug, true, false);
	if (!l)
		*why = p->n >= PROGRESS_MAX_LESSONS ? "more lessons than whyrelu keeps" :
		       "out of memory";
	return l;
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
		if (!slug_ok(w[1]) || !whole_int(w[2], 0, PROGRESS_MAX_POS, &pos) ||
		    !whole_int(w[3], 0, 1, &done)) {
			*why = "a bad lesson line";
			return false;
		}
		progress_lesson *l = entry_for_reading(p, w[1], why);
		if (!l)
			return false;
		l->pos = (int)pos;
		l->done = done;
		return true;
	}
	if (!strcmp(w[0], "quiz") && (n == 5 || n == 4)) {
		/* "quiz SLUG N right|wrong ANSWER": the answer, spaces and all,
		 * is the rest of the line; an empty one leaves n == 4 */
		long k;
		bool right = !strcmp(w[3], "right");
		if (!slug_ok(w[1]) || !whole_int(w[2], 1, PROGRESS_MAX_QUIZ, &k) ||
		    (!right && strcmp(w[3], "wrong") != 0)) {
			*why = "a bad quiz line";
			return false;
		}
		if (!entry_for_reading(p, w[1], why))
			return false;
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

/* Parse text, NUL-terminated and changed in place: 0, 1 (newer), 2 with
 * the line and reason when damaged. */
static int parse_text(progress *p, char *text, size_t len, int *bad_line, const char **why)
{
	if (len == 0 || memchr(text, '\0', len) || text[len - 1] != '\n') {
		*bad_line = 1;
		*why = len == 0 ? "the file is empty" : "the file is cut short";
		return 2;
	}
	char *nl = strchr(text, '\n');
	*nl = '\0';
	long version;
	if (strncmp(text, HEADER " ", sizeof HEADER) != 0 ||
	    !whole_int(text + sizeof HEADER, 1, 1000000, &version)) {
		*bad_line = 1;
		*why = "no '" HEADER "' header";
		return 2;
	}
	if (version > PROGRESS_VERSION) {
		parse_newer(p, nl + 1);
		return 1;
	}
	int line = 2;
	for (char *s = nl + 1; *s; line++) {
		char *e = strchr(s, '\n');
		*e = '\0';
		if (!parse_line(p, s, why)) {
			*bad_line = line;
			return 2;
		}
		s = e + 1;
	}
	return 0;
}

int progress_parse(progress *p, const char *text, size_t len, int *bad_line, const char **why)
{
	*bad_line = 0;
	*why = "";
	if (len > (size_t)PROGRESS_MAX_BYTES) {
		*bad_line = 1;
		*why = "the file is too large";
		return 2;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	int r = parse_text(p, copy, len, bad_line, why);
	free(copy);
	return r == 2 && !strcmp(*why, "out of memory") ? -1 : r;
}

/* The directory of the progress file, opened. */
typedef struct place {
	int dfd;
	const char *name;      /* the file's name in it */
	char dir[4096];
} place;

/* Open the directory of path, and check that it is safe to read and write
 * in: not a symbolic link (the last component: links higher up, like a
 * home on another disk, are the system's business) and the user's own.
 * Another user's directory, or a link planted at its name, could send the
 * file's contents elsewhere or feed it someone else's. Returns 0; or -1
 * with errno (ENOENT, ENOTDIR: not there yet), and in why the reason when
 * the directory is there but not to be used. */
static int open_place(const char *path, place *pl, char *why, size_t whylen)
{
	why[0] = '\0';
	pl->dfd = -1;
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 1;
	if (n >= sizeof pl->dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!slash)
		strcpy(pl->dir, ".");
	else if (slash == path)
		strcpy(pl->dir, "/");
	else {
		memcpy(pl->dir, path, n);
		pl->dir[n] = '\0';
	}
	pl->name = slash ? slash + 1 : path;
	if (!*pl->name) {
		errno = EISDIR;
		return -1;
	}
	/* not O_DIRECTORY: with it a link fails as ENOTDIR, which reads as
	 * "not there yet" */
	int fd = open(pl->dir, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			snprintf(why, whylen, "%s is a symbolic link, which whyrelu does not follow",
			         pl->dir);
		return -1;
	}
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		snprintf(why, whylen, "%s belongs to another user (uid %u)", pl->dir,
		         (unsigned)st.st_uid);
		close(fd);
		errno = EPERM;
		return -1;
	}
	pl->dfd = fd;
	return 0;
}

/* May the progress file at path, as st describes it (not followed), be
 * read, replaced or removed? Reading, saving and --reset all ask this, so
 * none of them does through a link or to someone else's file what the
 * others refuse: a link is never followed, and another user's file (root
 * running as a learner with the learner's HOME, say) is neither trusted
 * nor replaced. False with the reason in why. */
static bool file_usable(const char *path, const struct stat *st, char *why, size_t whylen)
{
	why[0] = '\0';
	if (S_ISLNK(st->st_mode))
		snprintf(why, whylen, "%s is a symbolic link, which whyrelu does not follow", path);
	else if (!S_ISREG(st->st_mode))
		snprintf(why, whylen, "cannot read %s: not a regular file", path);
	else if (st->st_uid != geteuid())
		snprintf(why, whylen, "%s belongs to another user (uid %u): it is not read or changed",
		         path, (unsigned)st->st_uid);
	return !why[0];
}

/* Rename a damaged file out of the way: progress.corrupt-20250101T120000Z
 * (-2, -3, ... when that exists), in the same directory. Fills aside with
 * the new name. */
static int set_aside(const place *pl, char *aside, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	for (int k = 1; k <= 100; k++) {
		if (k == 1)
			snprintf(aside, len, "%s.corrupt-%s", pl->name, stamp);
		else
			snprintf(aside, len, "%s.corrupt-%s-%d", pl->name, stamp, k);
		struct stat st;
		if (fstatat(pl->dfd, aside, &st, AT_SYMLINK_NOFOLLOW) == 0)
			continue;
		return renameat(pl->dfd, pl->name, pl->dfd, aside);
	}
	errno = EEXIST;
	return -1;
}

/* The file is there but not to be used: say why, and never write it. */
static int refuse(progress *p, char *msg, size_t msglen, const char *fmt, ...)
{
	char why[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	say(msg, msglen, "%s; progress is not saved", why);
	p->readonly = true;
	return 1;
}

char *progress_read_fd(int fd, size_t *len, int *err)
{
	/* one byte past the limit tells a file that is too large */
	size_t cap = (size_t)PROGRESS_MAX_BYTES + 1, n = 0;
	char *text = malloc(cap + 1);
	if (!text) {
		*err = ENOMEM;
		return NULL;
	}
	while (n < cap) {
		ssize_t r = read(fd, text + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = errno;
			free(text);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	text[n] = '\0';
	*len = n;
	return text;
}

/* Read the file at pl: its text and length, or NULL with a return value
 * for progress_load. */
static char *read_place(progress *p, const place *pl, size_t *len, int *ret, char *msg,
                        size_t msglen)
{
	const char *path = p->path;
	/* O_NONBLOCK: a FIFO there must not hang the tutorial; O_NOFOLLOW: a
	 * link is not read through (nor, being refused, written over) */
	int fd = openat(pl->dfd, pl->name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			*ret = 0;   /* a first run; saving will say if it cannot */
		} else if (errno == ELOOP) {
			*ret = refuse(p, msg, msglen, "%s is a symbolic link, which whyrelu does not "
			              "follow", path);
		} else {
			*ret = refuse(p, msg, msglen, "cannot read %s: %s", path, strerror(errno));
		}
		return NULL;
	}
	struct stat st;
	char why[4400];
	if (fstat(fd, &st) < 0 || !file_usable(path, &st, why, sizeof why)) {
		close(fd);
		*ret = refuse(p, msg, msglen, "%s", why[0] ? why : "cannot read the progress file");
		return NULL;
	}
	int err = 0;
	char *text = progress_read_fd(fd, len, &err);
	close(fd);
	if (!text) {
		*ret = err == ENOMEM ? -1 : refuse(p, msg, msglen, "cannot read %s: %s", path,
		                                   strerror(err));
		return NULL;
	}
	return text;
}

int progress_load(progress *p, const char *path, char *msg, size_t msglen)
{
	memset(p, 0, sizeof *p);
	say(msg, msglen, "%s", "");
	char buf[PATH_MAX];
	if (!path) {
		if (!progress_path(buf, sizeof buf)) {
			char why[300];
			progress_nowhere(why, sizeof why);
			say(msg, msglen, "%s; progress is not saved", why);
			p->warned = true;
			return 1;
		}
		path = buf;
	}
	p->path = strdup(path);
	if (!p->path)
		return -1;

	place pl;
	char why[4400];
	if (open_place(path, &pl, why, sizeof why) < 0) {
		if (why[0])
			return refuse(p, msg, msglen, "cannot use %s: %s", path, why);
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;   /* a first run; saving will say if it cannot */
		return refuse(p, msg, msglen, "cannot read %s: %s", path, strerror(errno));
	}
	size_t len = 0;
	int ret = 0;
	char *text = read_place(p, &pl, &len, &ret, msg, msglen);
	if (!text) {
		close(pl.dfd);
		return ret;
	}
	int bad_line = 0;
	const char *bad = "";
	int r = progress_parse(p, text, len, &bad_line, &bad);
	free(text);
	if (r < 0) {
		close(pl.dfd);
		return -1;
	}
	if (r == 1) {
		close(pl.dfd);
		say(msg, msglen, "%s was written by a newer whyrelu; it is read, not changed", path);
		p->readonly = true;
		return 1;
	}
	if (r == 0) {
		close(pl.dfd);
		return 0;
	}
	progress_reset(p);
	char aside[4200];
	if (set_aside(&pl, aside, sizeof aside) == 0) {
		say(msg, msglen, "progress file %s was damaged (line %d: %s); kept as %s, "
		    "starting afresh", path, bad_line, bad, aside);
	} else {
		/* saving would replace it: keep it, as the only copy there is */
		say(msg, msglen, "progress file %s was damaged (line %d: %s) and could not be "
		    "set aside (%s); it is left as it is and progress is not saved", path,
		    bad_line, bad, strerror(errno));
		p->readonly = true;
	}
	close(pl.dfd);
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

static void write_all(FILE *f, const progress *p)
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
}

char *progress_format(const progress *p, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	if (!f)
		return NULL;
	write_all(f, p);
	bool failed = ferror(f);
	if (fclose(f) != 0 || failed) {
		free(text);
		return NULL;
	}
	if (len)
		*len = n;
	return text;
}

/* What failed: the save of the progress, or the copy for the class. */
typedef enum { FAILED_SAVE, FAILED_CLASS } failure;

/* Tell a failure once for each kind: in msg the first time, then never
 * again for this progress. Returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static int failed(progress *p, failure what, char *msg, size_t msglen, const char *fmt, ...)
{
	bool *warned = what == FAILED_CLASS ? &p->class_warned : &p->warned;
	if (!*warned) {
		char why[600];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, sizeof why, fmt, ap);
		va_end(ap);
		if (what == FAILED_CLASS)
			say(msg, msglen, "no copy for the class (%s); your own progress is saved", why);
		else
			say(msg, msglen, "cannot save progress (%s); going on without saving", why);
	}
	*warned = true;
	return -1;
}

/* A new file in the directory, made for this save alone (O_EXCL, so
 * nothing planted at its name is written through). */
static int make_temp(const place *pl, char *name, size_t len)
{
	static unsigned seq;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	for (int k = 0; k < 100; k++) {
		snprintf(name, len, ".progress.tmp-%ld-%lx-%u", (long)getpid(),
		         (unsigned long)ts.tv_nsec, seq++);
		int fd = openat(pl->dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		                0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

static int write_fd(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Is the group gid one of this process's? */
static bool in_group(gid_t gid)
{
	if (gid == getegid())
		return true;
	gid_t list[256];
	int n = getgroups((int)(sizeof list / sizeof list[0]), list);
	for (int i = 0; i < n; i++)
		if (list[i] == gid)
			return true;
	return false;
}

/* The copy for the instructor in $WHYRELU_CLASS_DIR (see progress.h). The
 * directory is the administrator's choice, so it is opened as named; what
 * is written in it goes in the same way as the progress itself (a file
 * made for this save, renamed into place), without an fsync: it is a
 * copy, and a class of 200 need not wait on the disk twice. */
static void class_copy(progress *p, const char *text, size_t len, char *msg, size_t msglen)
{
	const char *dir = getenv("WHYRELU_CLASS_DIR");
	if (!dir || !*dir)
		return;
	if (dir[0] != '/') {
		failed(p, FAILED_CLASS, msg, msglen, "WHYRELU_CLASS_DIR must be an absolute path");
		return;
	}
	struct passwd *pw = getpwuid(geteuid());
	const char *login = pw ? pw->pw_name : NULL;
	if (!login || !*login || login[0] == '.' || strchr(login, '/')) {
		failed(p, FAILED_CLASS, msg, msglen, "no user name to name it by");
		return;
	}
	/* mode 3733: a learner may search it and add to it, not list it */
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	if (dfd < 0 || fstat(dfd, &st) < 0) {
		failed(p, FAILED_CLASS, msg, msglen, "%s: %s", dir, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return;
	}
	/* the copy is readable by the directory's group: when that is a group
	 * of this learner's, it is one of the other learners' too */
	if (in_group(st.st_gid)) {
		failed(p, FAILED_CLASS, msg, msglen, "%s belongs to a group you are in, so other "
		       "learners could read it", dir);
		close(dfd);
		return;
	}
	/* without setgid the copy gets this learner's own group, which the
	 * instructor is not in */
	if (!(st.st_mode & S_ISGID)) {
		failed(p, FAILED_CLASS, msg, msglen, "%s is not setgid (chmod g+s), so the instructor "
		       "could not read it", dir);
		close(dfd);
		return;
	}
	char tmp[300];
	snprintf(tmp, sizeof tmp, ".%.200s.tmp-%ld", login, (long)getpid());
	unlinkat(dfd, tmp, 0);   /* one this process left behind */
	int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	int e = 0;
	if (fd < 0) {
		e = errno;
	} else {
		/* exactly 0640 whatever the umask: the group, nobody else */
		if (fchmod(fd, 0640) < 0 || write_fd(fd, text, len) < 0)
			e = errno ? errno : EIO;
		if (close(fd) != 0 && !e)
			e = errno;
		/* in a sticky directory a name another learner took is theirs:
		 * the rename fails and the instructor sees whose it is */
		if (!e && renameat(dfd, tmp, dfd, login) != 0)
			e = errno;
		if (e)
			unlinkat(dfd, tmp, 0);
	}
	close(dfd);
	if (e)
		failed(p, FAILED_CLASS, msg, msglen, "writing %s/%s: %s", dir, login, strerror(e));
	else
		p->class_warned = false;
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
	place pl;
	char why[4400];
	if (open_place(p->path, &pl, why, sizeof why) < 0 && !why[0] &&
	    (errno == ENOENT || errno == ENOTDIR)) {
		if (make_dirs(pl.dir) < 0)
			return failed(p, FAILED_SAVE, msg, msglen, "making the directory for %s: %s",
			              p->path, strerror(errno));
		open_place(p->path, &pl, why, sizeof why);
	}
	if (pl.dfd < 0) {
		if (why[0])
			return failed(p, FAILED_SAVE, msg, msglen, "%s", why);
		return failed(p, FAILED_SAVE, msg, msglen, "opening the directory of %s: %s",
		              p->path, strerror(errno));
	}
	char tmp[64];
	int fd = make_temp(&pl, tmp, sizeof tmp);
	if (fd < 0) {
		int e = errno;
		close(pl.dfd);
		return failed(p, FAILED_SAVE, msg, msglen, "creating a file next to %s: %s",
		              p->path, strerror(e));
	}
	/* exactly 0600 whatever the umask */
	(void)fchmod(fd, 0600);
	size_t len = 0;
	char *text = progress_format(p, &len);
	int r = 0, e = 0;
	if (!text) {
		r = -1;
		e = ENOMEM;
	} else if (write_fd(fd, text, len) < 0 || fsync(fd) < 0) {
		r = -1;
		e = errno;
	}
	if (close(fd) != 0 && r == 0) {
		r = -1;
		e = errno;
	}
	/* the rename stays in the directory opened: it replaces whatever is at
	 * the name (a link too) and writes nothing anywhere else */
	if (r == 0 && renameat(pl.dfd, tmp, pl.dfd, pl.name) != 0) {
		r = -1;
		e = errno;
	}
	if (r != 0) {
		free(text);
		unlinkat(pl.dfd, tmp, 0);
		close(pl.dfd);
		return failed(p, FAILED_SAVE, msg, msglen, "writing %s: %s", p->path,
		              strerror(e ? e : EIO));
	}
	/* the rename itself must reach the disk */
	(void)fsync(pl.dfd);
	close(pl.dfd);
	p->warned = false;
	class_copy(p, text, len, msg, msglen);
	free(text);
	return 0;
}

/* Forgetting the progress forgets the class's copy too, when it is this
 * user's own: the instructor would see the old progress otherwise. */
static void class_copy_remove(void)
{
	const char *dir = getenv("WHYRELU_CLASS_DIR");
	struct passwd *pw = getpwuid(geteuid());
	if (!dir || dir[0] != '/' || !pw || !pw->pw_name[0] || pw->pw_name[0] == '.' ||
	    strchr(pw->pw_name, '/'))
		return;
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	struct stat st;
	if (fstatat(dfd, pw->pw_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	    st.st_uid == geteuid())
		unlinkat(dfd, pw->pw_name, 0);
	close(dfd);
}

int progress_remove(progress *p, char *msg, size_t msglen)
{
	say(msg, msglen, "%s", "");
	class_copy_remove();
	if (!p->path)
		return 0;
	/* the same checks as reading and saving: the directory opened without
	 * following a link and the user's own, then the file in it */
	place pl;
	char why[4400];
	if (open_place(p->path, &pl, why, sizeof why) < 0) {
		if (!why[0] && (errno == ENOENT || errno == ENOTDIR))
			return 0;   /* nothing there to forget */
		if (why[0])
			say(msg, msglen, "cannot reset %s: %s; nothing was removed", p->path, why);
		else
			say(msg, msglen, "cannot reset %s: %s", p->path, strerror(errno));
		return -1;
	}
	struct stat st;
	int r = 0;
	if (fstatat(pl.dfd, pl.name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT) {
			say(msg, msglen, "cannot reset %s: %s", p->path, strerror(errno));
			r = -1;
		}
	} else if (!file_usable(p->path, &st, why, sizeof why)) {
		say(msg, msglen, "cannot reset: %s; nothing was removed", why);
		r = -1;
	} else if (unlinkat(pl.dfd, pl.name, 0) < 0 && errno != ENOENT) {
		say(msg, msglen, "cannot remove %s: %s", p->path, strerror(errno));
		r = -1;
	}
	close(pl.dfd);
	return r;
}
