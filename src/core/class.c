/* class.c - `whyrelu class`: the learners' progress files read, summed up
 * against the lessons, and printed as CSV or JSON (see class.h).
 *
 * Reading is for an instructor who may be root, over files the learners
 * control. So nothing is followed through a symbolic link below a home or
 * a named directory (each component is opened with O_NOFOLLOW, relative
 * to the one before, so nothing can be swapped in between); nothing but a
 * regular file is opened (a FIFO would hang, a device could act on open);
 * no file is read past PROGRESS_MAX_BYTES; and nothing is ever written.
 * Whatever goes wrong with one learner is that learner's row.
 */
/* O_PATH (Linux): a symbolic link opened as itself, to check its owner and
 * read its target without a race */
#define _GNU_SOURCE
#include "class.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const status_names[CLASS_STATUSES] = {
	"ok", "newer", "none", "damaged", "refused", "unreadable",
};

const char *class_status_name(class_status s)
{
	return s >= 0 && s < CLASS_STATUSES ? status_names[s] : "?";
}

static const char *const key_names[CLASS_KEYS] = {
	"name", "lesson", "finished", "wrong", "last activity",
};

const char *class_key_name(class_key key)
{
	return key >= 0 && key < CLASS_KEYS ? key_names[key] : "?";
}

/* ---- the model ---------------------------------------------------------- */

void class_init(class *c, const lesson_set *set)
{
	memset(c, 0, sizeof *c);
	c->set = set;
	c->hardest = c->stop = -1;
}

void class_clear(class *c)
{
	for (int i = 0; i < c->n; i++)
		progress_free(&c->v[i].prog);
	c->n = 0;
	c->read = 0;
	c->hardest = c->stop = -1;
}

void class_free(class *c)
{
	class_clear(c);
	free(c->v);
	free(c->lessons);
	free(c->quiz);
	const lesson_set *set = c->set;
	class_init(c, set);
}

/* src made safe to show into dst: what lesson_clean leaves (valid UTF-8,
 * no escapes or controls), cut at a character boundary. A learner names
 * their own files and directories, and names reach the instructor's
 * terminal and spreadsheet. */
static void clean_copy(char *dst, size_t len, const char *src)
{
	char *s = lesson_clean(src ? src : "");
	const char *t = s ? s : "?";
	size_t n = strlen(t);
	if (n > len - 1) {
		n = len - 1;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, t, n);
	dst[n] = '\0';
	free(s);
}

static class_learner *add(class *c, const char *name, const char *path)
{
	if (c->n == c->cap) {
		int ncap = c->cap ? c->cap * 2 : 64;
		class_learner *nv = realloc(c->v, (size_t)ncap * sizeof *nv);
		if (!nv)
			return NULL;
		c->v = nv;
		c->cap = ncap;
	}
	class_learner *l = &c->v[c->n++];
	memset(l, 0, sizeof *l);
	clean_copy(l->name, sizeof l->name, name);
	clean_copy(l->path, sizeof l->path, path);
	l->current = -1;
	return l;
}

class_learner *class_add_problem(class *c, const char *name, const char *path,
                                 class_status status, const char *note)
{
	class_learner *l = add(c, name, path);
	if (l) {
		l->status = status;
		clean_copy(l->note, sizeof l->note, note);
	}
	return l;
}

class_learner *class_add_text(class *c, const char *name, const char *path,
                              const char *text, size_t len, long long mtime)
{
	if (!text)
		return class_add_problem(c, name, path, CLASS_NONE, "no progress yet");
	class_learner *l = add(c, name, path);
	if (!l)
		return NULL;
	l->mtime = mtime;
	int bad_line;
	const char *why;
	int r = progress_parse(&l->prog, text, len, &bad_line, &why);
	if (r < 0) {
		progress_free(&l->prog);
		c->n--;
		return NULL;
	}
	if (r == 0) {
		l->status = CLASS_OK;
	} else if (r == 1) {
		l->status = CLASS_NEWER;
		snprintf(l->note, sizeof l->note, "written by a newer whyrelu; read as far as "
		         "understood");
	} else {
		/* the tutorial would start afresh from such a file: so does
		 * the count */
		progress_reset(&l->prog);
		l->status = CLASS_DAMAGED;
		snprintf(l->note, sizeof l->note, "damaged: line %d: %s", bad_line, why);
	}
	return l;
}

/* ---- reading ------------------------------------------------------------ */

/* The password database's accounts, read once for a class directory's
 * owner checks. */
typedef struct account {
	char *name;
	uid_t uid;
} account;

typedef struct reader {
	class *c;
	account *acct;
	int nacct;
	bool acct_read;
	bool oom;
	long more;           /* learners past CLASS_MAX_LEARNERS, not read */
} reader;

/* A class directory lets anyone add names to it: past the limit the rest
 * are counted, not read, so a flood of files cannot eat the memory. */
static bool full(reader *rd)
{
	if (rd->c->n < CLASS_MAX_LEARNERS)
		return false;
	rd->more++;
	return true;
}

static int acct_cmp(const void *a, const void *b)
{
	return strcmp(((const account *)a)->name, ((const account *)b)->name);
}

static void accounts_free(reader *rd)
{
	for (int i = 0; i < rd->nacct; i++)
		free(rd->acct[i].name);
	free(rd->acct);
	rd->acct = NULL;
	rd->nacct = 0;
}

static void accounts_read(reader *rd)
{
	if (rd->acct_read)
		return;
	rd->acct_read = true;
	int cap = 0;
	setpwent();
	for (struct passwd *pw; (pw = getpwent()) != NULL;) {
		if (rd->nacct == cap) {
			int ncap = cap ? cap * 2 : 64;
			account *na = realloc(rd->acct, (size_t)ncap * sizeof *na);
			if (!na)
				break;
			rd->acct = na;
			cap = ncap;
		}
		rd->acct[rd->nacct].name = strdup(pw->pw_name);
		if (!rd->acct[rd->nacct].name)
			break;
		rd->acct[rd->nacct++].uid = pw->pw_uid;
	}
	endpwent();
	qsort(rd->acct, (size_t)rd->nacct, sizeof *rd->acct, acct_cmp);
}

static const account *account_named(reader *rd, const char *name)
{
	accounts_read(rd);
	account key = { (char *)name, 0 };
	return bsearch(&key, rd->acct, (size_t)rd->nacct, sizeof *rd->acct, acct_cmp);
}

static void problem(reader *rd, const char *name, const char *path, class_status st,
                    const char *fmt, const char *arg)
{
	char note[CLASS_NOTE_MAX];
	snprintf(note, sizeof note, fmt, arg);
	if (!class_add_problem(rd->c, name, path, st, note))
		rd->oom = true;
}

/* The progress file `file` in the open directory dfd. owner >= 0: the
 * uid it must belong to; by_name: the name is an account's, and if so
 * the file must be that account's (a class directory's copies). */
static class_learner *read_at(reader *rd, const char *name, const char *path, int dfd,
                              const char *file, long long owner, bool by_name)
{
	struct stat st;
	if (fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			problem(rd, name, path, CLASS_NONE, "%s", "no progress yet");
		else
			problem(rd, name, path, CLASS_UNREADABLE, "%s", strerror(errno));
		return NULL;
	}
	if (S_ISLNK(st.st_mode)) {
		problem(rd, name, path, CLASS_REFUSED, "%s", "a symbolic link, not followed");
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		problem(rd, name, path, CLASS_REFUSED, "%s", "not a regular file");
		return NULL;
	}
	/* O_NONBLOCK and O_NOCTTY: if a FIFO or a terminal is swapped in
	 * after the check, the open neither hangs nor takes it over; the
	 * fstat below then refuses it */
	int fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			problem(rd, name, path, CLASS_REFUSED, "%s", "a symbolic link, not followed");
		else if (errno == ENOENT)
			problem(rd, name, path, CLASS_NONE, "%s", "no progress yet");
		else
			problem(rd, name, path, CLASS_UNREADABLE, "%s", strerror(errno));
		return NULL;
	}
	struct stat fst;
	if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode)) {
		close(fd);
		problem(rd, name, path, CLASS_REFUSED, "%s", "not a regular file");
		return NULL;
	}
	const account *a = by_name ? account_named(rd, name) : NULL;
	if (a)
		owner = a->uid;
	if (owner >= 0 && (long long)fst.st_uid != owner) {
		close(fd);
		char note[CLASS_NOTE_MAX];
		struct passwd *pw = getpwuid(fst.st_uid);
		if (pw)
			snprintf(note, sizeof note, "belongs to %.40s, not to the learner", pw->pw_name);
		else
			snprintf(note, sizeof note, "belongs to uid %u, not to the learner",
			         (unsigned)fst.st_uid);
		problem(rd, name, path, CLASS_REFUSED, "%s", note);
		return NULL;
	}
	size_t len = 0;
	int err = 0;
	char *text = progress_read_fd(fd, &len, &err);
	close(fd);
	if (!text) {
		if (err == ENOMEM)
			rd->oom = true;
		else
			problem(rd, name, path, CLASS_UNREADABLE, "%s", strerror(err));
		return NULL;
	}
	class_learner *l = class_add_text(rd->c, name, path, text, len, (long long)fst.st_mtime);
	free(text);
	if (!l)
		rd->oom = true;
	return l;
}

/* A directory as named on the command line or in the password database,
 * opened following only the symbolic links that root or this user own: a
 * link a learner made (~/.local pointing into /root, say) is not followed.
 * Race-free: each component is opened in the one before it with O_PATH
 * and O_NOFOLLOW, so a link is opened as itself; its owner is checked and
 * its target read on that open link, and the directory reached is opened
 * for reading as "." of itself. Returns the fd, or -1 with errno (ELOOP
 * for a link not followed, with why set). */
static int open_trusted_dir(const char *path, char *why, size_t whylen)
{
	char a[4096], b[4096];
	why[0] = '\0';
	if (snprintf(a, sizeof a, "%s", path) >= (int)sizeof a) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(path[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	char *rest = a;
	int links = 0;
	while (fd >= 0) {
		while (*rest == '/')
			rest++;
		if (!*rest)
			break;
		size_t n = strcspn(rest, "/");
		char comp[256];
		if (n >= sizeof comp) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(comp, rest, n);
		comp[n] = '\0';
		rest += n;
		int next = openat(fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (next < 0 || fstat(next, &st) < 0) {
			int e = errno;
			if (next >= 0)
				close(next);
			close(fd);
			errno = e;
			return -1;
		}
		if (S_ISLNK(st.st_mode)) {
			ssize_t len = -1;
			if (st.st_uid != 0 && st.st_uid != geteuid()) {
				snprintf(why, whylen, "%s is a symbolic link of uid %u, not followed", comp,
				         (unsigned)st.st_uid);
			} else if (++links > 40) {
				snprintf(why, whylen, "too many symbolic links");
			} else {
				len = readlinkat(next, "", b, sizeof b - 1);
			}
			close(next);
			if (len <= 0 || (size_t)len + strlen(rest) + 2 > sizeof b) {
				close(fd);
				errno = why[0] ? ELOOP : len < 0 ? errno : ENAMETOOLONG;
				return -1;
			}
			b[len] = '\0';
			/* the target, then what was left of the path */
			snprintf(b + len, sizeof b - (size_t)len, "/%s", rest);
			memcpy(a, b, strlen(b) + 1);
			rest = a;
			if (a[0] == '/') {
				close(fd);
				fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
			}
			continue;
		}
		close(fd);
		if (!S_ISDIR(st.st_mode)) {
			close(next);
			errno = ENOTDIR;
			return -1;
		}
		fd = next;
	}
	if (fd < 0)
		return -1;
	int rfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int e = errno;
	close(fd);
	errno = e;
	return rfd;
}

static const char *const state_dirs[] = { ".local", "state", "whyrelu" };
#define N_STATE_DIRS (sizeof state_dirs / sizeof state_dirs[0])

/* A home, open as hfd (closed here): its progress file, one directory at
 * a time, none of them through a link. owner < 0: the home's own owner. */
static void read_home(reader *rd, const char *name, const char *home, int hfd,
                      long long owner)
{
	char path[1200];
	snprintf(path, sizeof path, "%s/.local/state/whyrelu/progress", home);
	struct stat st;
	if (owner < 0 && fstat(hfd, &st) == 0)
		owner = st.st_uid;
	int fd = hfd;
	for (size_t k = 0; k < N_STATE_DIRS; k++) {
		int next = openat(fd, state_dirs[k], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		if (next < 0) {
			bool link = fstatat(fd, state_dirs[k], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			            S_ISLNK(st.st_mode);
			close(fd);
			if (link) {
				char note[CLASS_NOTE_MAX];
				snprintf(note, sizeof note, "%s is a symbolic link, not followed",
				         k == 0 ? "~/.local" : k == 1 ? "~/.local/state"
				         : "~/.local/state/whyrelu");
				problem(rd, name, path, CLASS_REFUSED, "%s", note);
			} else if (e == ENOENT || e == ENOTDIR) {
				problem(rd, name, path, CLASS_NONE, "%s", "no progress yet");
			} else {
				problem(rd, name, path, CLASS_UNREADABLE, "%s", strerror(e));
			}
			return;
		}
		close(fd);
		fd = next;
	}
	class_learner *l = read_at(rd, name, path, fd, "progress", owner, false);
	close(fd);
	if (l) {
		snprintf(l->watch, sizeof l->watch, "%s/.local/state/whyrelu", home);
		return;
	}
	/* no file (yet): the view can still watch for the first save */
	if (rd->c->n > 0 && rd->c->v[rd->c->n - 1].status == CLASS_NONE)
		snprintf(rd->c->v[rd->c->n - 1].watch, sizeof rd->c->v[0].watch,
		         "%s/.local/state/whyrelu", home);
}

typedef struct home_entry {
	char *name, *dir;
	uid_t uid;
} home_entry;

static int home_cmp(const void *a, const void *b)
{
	return strcmp(((const home_entry *)a)->name, ((const home_entry *)b)->name);
}

/* Root's default: every account in the uid range whose home is there. */
static int read_all_homes(reader *rd)
{
	home_entry *h = NULL;
	int n = 0, cap = 0;
	setpwent();
	for (struct passwd *pw; (pw = getpwent()) != NULL;) {
		if (pw->pw_uid < CLASS_UID_MIN || pw->pw_uid > CLASS_UID_MAX || !pw->pw_dir ||
		    pw->pw_dir[0] != '/' || !strcmp(pw->pw_dir, "/"))
			continue;
		if (n == cap) {
			int ncap = cap ? cap * 2 : 64;
			home_entry *nh = realloc(h, (size_t)ncap * sizeof *nh);
			if (!nh) {
				rd->oom = true;
				break;
			}
			h = nh;
			cap = ncap;
		}
		h[n].name = strdup(pw->pw_name);
		h[n].dir = strdup(pw->pw_dir);
		h[n].uid = pw->pw_uid;
		if (!h[n].name || !h[n].dir) {
			free(h[n].name);
			free(h[n].dir);
			rd->oom = true;
			break;
		}
		n++;
	}
	endpwent();
	qsort(h, (size_t)n, sizeof *h, home_cmp);
	for (int i = 0; i < n && !rd->oom; i++) {
		if (i > 0 && !strcmp(h[i].name, h[i - 1].name))
			continue;   /* the same account twice (files and another source) */
		if (full(rd))
			continue;
		char why[300];
		int hfd = open_trusted_dir(h[i].dir, why, sizeof why);
		if (hfd < 0) {
			if (why[0])
				problem(rd, h[i].name, h[i].dir, CLASS_REFUSED, "%s", why);
			else if (errno != ENOENT && errno != ENOTDIR)
				problem(rd, h[i].name, h[i].dir, CLASS_UNREADABLE, "%s", strerror(errno));
			continue;   /* an account without a home is no learner */
		}
		read_home(rd, h[i].name, h[i].dir, hfd, (long long)h[i].uid);
	}
	for (int i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].dir);
	}
	free(h);
	return rd->oom ? -1 : 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A named directory: each entry a learner, in name order. */
static int read_dir(reader *rd, const char *dir, int dfd)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		problem(rd, dir, dir, CLASS_UNREADABLE, "%s", strerror(errno));
		return 0;
	}
	char **names = NULL;
	int n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;   /* ., .., and the temporary files of a save */
		if (n >= CLASS_MAX_LEARNERS) {
			rd->more++;   /* names past the limit are not even kept */
			continue;
		}
		if (n == cap) {
			int ncap = cap ? cap * 2 : 256;
			char **nn = realloc(names, (size_t)ncap * sizeof *nn);
			if (!nn) {
				rd->oom = true;
				break;
			}
			names = nn;
			cap = ncap;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rd->oom = true;
			break;
		}
		n++;
	}
	qsort(names, (size_t)n, sizeof *names, name_cmp);
	const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
	for (int i = 0; i < n && !rd->oom; i++) {
		if (full(rd))
			continue;
		char path[1200];
		snprintf(path, sizeof path, "%s%s%s", dir, sep, names[i]);
		struct stat st;
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			problem(rd, names[i], path, CLASS_UNREADABLE, "%s", strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			int hfd = openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			                 O_CLOEXEC);
			if (hfd < 0)
				problem(rd, names[i], path, errno == ELOOP || errno == ENOTDIR ?
				        CLASS_REFUSED : CLASS_UNREADABLE, "%s", errno == ELOOP ||
				        errno == ENOTDIR ? "a symbolic link, not followed" : strerror(errno));
			else
				read_home(rd, names[i], path, hfd, -1);
		} else {
			class_learner *l = read_at(rd, names[i], path, dirfd(d), names[i], -1, true);
			if (l)
				snprintf(l->watch, sizeof l->watch, "%s", dir);
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rd->oom ? -1 : 0;
}

/* A named file: the learner is its owner when it is called "progress",
 * else its name; the path when its directory cannot be opened. */
static void read_file(reader *rd, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char dir[1024];
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	char why[300];
	int dfd = open_trusted_dir(dir, why, sizeof why);
	if (dfd < 0) {
		if (why[0])
			problem(rd, path, path, CLASS_REFUSED, "%s", why);
		else
			problem(rd, path, path, errno == ENOENT ? CLASS_NONE : CLASS_UNREADABLE, "%s",
			        errno == ENOENT ? "not there" : strerror(errno));
		return;
	}
	char name[CLASS_NAME_MAX];
	snprintf(name, sizeof name, "%s", base);
	struct stat st;
	if (!strcmp(base, "progress") && fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		struct passwd *pw = getpwuid(st.st_uid);
		if (pw)
			snprintf(name, sizeof name, "%s", pw->pw_name);
	}
	class_learner *l = read_at(rd, name, path, dfd, base, -1, false);
	close(dfd);
	if (l)
		snprintf(l->watch, sizeof l->watch, "%s", dir);
}

int class_read(class *c, char *const *args, int nargs, char *err, size_t errlen)
{
	class_clear(c);
	reader rd;
	memset(&rd, 0, sizeof rd);
	rd.c = c;
	int r = 0;
	if (nargs == 0)
		r = read_all_homes(&rd);
	for (int i = 0; i < nargs && !r && !rd.oom; i++) {
		const char *a = args[i];
		if (full(&rd))
			continue;
		/* a named path is followed through the links of root and of
		 * whoever runs this; what is below it through none */
		char why[300];
		int fd = open_trusted_dir(a, why, sizeof why);
		if (fd >= 0)
			r = read_dir(&rd, a, fd);
		else if (why[0])
			problem(&rd, a, a, CLASS_REFUSED, "%s", why);
		else if (errno == ENOTDIR)
			read_file(&rd, a);
		else if (errno == ENOENT)
			problem(&rd, a, a, CLASS_NONE, "%s", "not there");
		else
			problem(&rd, a, a, CLASS_UNREADABLE, "%s", strerror(errno));
	}
	accounts_free(&rd);
	if (rd.more && !rd.oom && r == 0) {
		char note[CLASS_NOTE_MAX];
		snprintf(note, sizeof note, "%ld more not read: at most %d learners", rd.more,
		         CLASS_MAX_LEARNERS);
		if (!class_add_problem(c, "...", "", CLASS_REFUSED, note))
			rd.oom = true;
	}
	if (rd.oom || r < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- sums --------------------------------------------------------------- */

static int lesson_index(const lesson_set *set, const char *slug)
{
	if (!slug[0])
		return -1;
	for (int i = 0; i < set->n; i++)
		if (!strcmp(set->v[i].slug, slug))
			return i;
	return -1;
}

void class_sum(class *c)
{
	const lesson_set *set = c->set;
	int nl = set ? set->n : 0, nq = 0;
	for (int i = 0; i < nl; i++)
		nq += set->v[i].nquizzes;
	free(c->lessons);
	free(c->quiz);
	c->lessons = calloc(nl > 0 ? (size_t)nl : 1, sizeof *c->lessons);
	c->quiz = calloc(nq > 0 ? (size_t)nq : 1, sizeof *c->quiz);
	c->nquiz = c->lessons && c->quiz ? nq : 0;
	c->read = 0;
	c->hardest = c->stop = -1;
	if (!c->lessons || !c->quiz)
		nl = 0;
	for (int i = 0, k = 0; i < nl; i++) {
		c->lessons[i].first_quiz = k;
		for (int q = 0; q < set->v[i].nquizzes; q++, k++) {
			c->quiz[k].lesson = i;
			c->quiz[k].quiz = q;
		}
	}
	for (int j = 0; j < c->n; j++) {
		class_learner *l = &c->v[j];
		l->current = -1;
		l->done = l->right = l->wrong = l->open = 0;
		if (l->status != CLASS_OK && l->status != CLASS_NEWER)
			continue;
		c->read++;
		l->current = set ? lesson_index(set, l->prog.current) : -1;
		for (int i = 0; i < nl; i++) {
			const progress_lesson *pl = progress_lesson_get(&l->prog, set->v[i].slug, false);
			bool done = pl && pl->done;
			l->done += done;
			c->lessons[i].done += done;
			if (i == l->current) {
				c->lessons[i].here++;
				c->lessons[i].stuck += !done;
			}
			for (int q = 0; q < set->v[i].nquizzes; q++) {
				const progress_quiz *pq = progress_quiz_get(&l->prog, set->v[i].slug, q);
				class_quiz_sum *s = &c->quiz[c->lessons[i].first_quiz + q];
				if (!pq) {
					l->open++;
					s->open++;
				} else if (pq->right) {
					l->right++;
					s->right++;
				} else {
					l->wrong++;
					s->wrong++;
				}
			}
		}
	}
	/* the quiz most got wrong; a tie goes to the larger share of wrong
	 * answers among those given, then to the earlier quiz */
	for (int k = 0; k < c->nquiz; k++) {
		const class_quiz_sum *s = &c->quiz[k];
		if (s->wrong == 0)
			continue;
		if (c->hardest < 0) {
			c->hardest = k;
			continue;
		}
		const class_quiz_sum *h = &c->quiz[c->hardest];
		long lhs = (long)s->wrong * (h->right + h->wrong), rhs = (long)h->wrong * (s->right + s->wrong);
		if (s->wrong > h->wrong || (s->wrong == h->wrong && lhs > rhs))
			c->hardest = k;
	}
	for (int i = 0; i < nl; i++)
		if (c->lessons[i].stuck > 0 &&
		    (c->stop < 0 || c->lessons[i].stuck > c->lessons[c->stop].stuck))
			c->stop = i;
}

/* ---- sorting ------------------------------------------------------------ */

/* qsort has no context: the order of the sort in progress. */
static class_key sort_key;
static bool sort_reverse;

static int by_key(const void *pa, const void *pb)
{
	const class_learner *a = pa, *b = pb;
	int d = 0;
	/* each key's order puts first whom the instructor may want to see
	 * first: the furthest behind, the most wrong, the longest quiet */
	switch (sort_key) {
	case CLASS_BY_NAME:
		break;
	case CLASS_BY_LESSON:
		d = (a->current > b->current) - (a->current < b->current);
		if (!d)
			d = (a->done > b->done) - (a->done < b->done);
		break;
	case CLASS_BY_DONE:
		d = (a->done > b->done) - (a->done < b->done);
		break;
	case CLASS_BY_WRONG:
		d = (a->wrong < b->wrong) - (a->wrong > b->wrong);
		break;
	case CLASS_BY_TIME:
		d = (a->mtime > b->mtime) - (a->mtime < b->mtime);
		break;
	case CLASS_KEYS:
		break;
	}
	if (!d)
		d = strcmp(a->name, b->name);
	if (!d)
		d = strcmp(a->path, b->path);
	return sort_reverse ? -d : d;
}

void class_sort(class *c, class_key key, bool reverse)
{
	sort_key = key;
	sort_reverse = reverse;
	if (c->n > 1)
		qsort(c->v, (size_t)c->n, sizeof *c->v, by_key);
}

/* ---- labels ------------------------------------------------------------- */

void class_quiz_label(const class *c, int k, char *buf, size_t len)
{
	if (k < 0 || k >= c->nquiz) {
		snprintf(buf, len, "-");
		return;
	}
	snprintf(buf, len, "%02d.%d", c->set->v[c->quiz[k].lesson].number, c->quiz[k].quiz + 1);
}

void class_ago(long long t, long long now, char *buf, size_t len)
{
	if (t <= 0) {
		snprintf(buf, len, "-");
		return;
	}
	long long d = now - t;
	if (d < 0)
		d = 0;   /* a clock behind the file's: just now */
	if (d < 60)
		snprintf(buf, len, "%llds", d);
	else if (d < 3600)
		snprintf(buf, len, "%lldm", d / 60);
	else if (d < 86400)
		snprintf(buf, len, "%lldh", d / 3600);
	else
		snprintf(buf, len, "%lldd", d / 86400);
}

long long class_now(void)
{
	const char *s = getenv("WHYRELU_CLASS_NOW");
	if (s && *s) {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (!errno && !*end && v > 0)
			return v;
	}
	return (long long)time(NULL);
}

static void iso_time(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || !gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		buf[0] = '\0';
}

/* ---- CSV and JSON ------------------------------------------------------- */

/* One CSV field: quoted when it holds a comma, a quote, a line break or
 * blanks at an end (RFC 4180), quotes doubled. A text field that a
 * spreadsheet would take for a formula (= + - @ first) gets a ' before
 * it: names come from learners. */
static void csv_field(FILE *out, const char *s, bool text)
{
	size_t n = strlen(s);
	bool formula = text && n && strchr("=+-@\t\r", s[0]);
	bool quote = formula || strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

int class_write_csv(const class *c, FILE *out)
{
	fputs("name,status,lesson,lesson_slug,finished,lessons,right,wrong,unanswered,"
	      "last_activity,note,path\r\n", out);
	int nl = c->set ? c->set->n : 0;
	for (int j = 0; j < c->n; j++) {
		const class_learner *l = &c->v[j];
		bool has = l->status == CLASS_OK || l->status == CLASS_NEWER;
		csv_field(out, l->name, true);
		fprintf(out, ",%s,", class_status_name(l->status));
		if (l->current >= 0)
			fprintf(out, "%d", c->set->v[l->current].number);
		fputc(',', out);
		csv_field(out, has ? l->prog.current : "", true);
		if (has)
			fprintf(out, ",%d,%d,%d,%d,%d,", l->done, nl, l->right, l->wrong, l->open);
		else
			fprintf(out, ",,%d,,,,", nl);
		char t[40];
		iso_time(l->mtime, t, sizeof t);
		fputs(t, out);
		fputc(',', out);
		csv_field(out, l->note, true);
		fputc(',', out);
		csv_field(out, l->path, true);
		fputs("\r\n", out);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* A JSON string: quotes, backslashes and every control character escaped
 * (the text is valid UTF-8 already: names are cleaned when read). */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

int class_write_json(const class *c, FILE *out, long long now)
{
	const lesson_set *set = c->set;
	int nl = set ? set->n : 0;
	fprintf(out, "{\"lessons\":%d,\"quizzes\":%d,\"learners_read\":%d,\"learners\":[", nl,
	        c->nquiz, c->read);
	for (int j = 0; j < c->n; j++) {
		const class_learner *l = &c->v[j];
		bool has = l->status == CLASS_OK || l->status == CLASS_NEWER;
		fputs(j ? ",{\"name\":" : "{\"name\":", out);
		json_str(out, l->name);
		fputs(",\"status\":", out);
		json_str(out, class_status_name(l->status));
		if (l->current >= 0)
			fprintf(out, ",\"lesson\":%d", set->v[l->current].number);
		else
			fputs(",\"lesson\":null", out);
		fputs(",\"lesson_slug\":", out);
		if (has && l->prog.current[0])
			json_str(out, l->prog.current);
		else
			fputs("null", out);
		if (has)
			fprintf(out, ",\"finished\":%d,\"right\":%d,\"wrong\":%d,\"unanswered\":%d",
			        l->done, l->right, l->wrong, l->open);
		else
			fputs(",\"finished\":null,\"right\":null,\"wrong\":null,\"unanswered\":null", out);
		char t[40];
		iso_time(l->mtime, t, sizeof t);
		if (t[0]) {
			fputs(",\"last_activity\":", out);
			json_str(out, t);
			fprintf(out, ",\"idle_seconds\":%lld", now > l->mtime ? now - l->mtime : 0);
		} else {
			fputs(",\"last_activity\":null,\"idle_seconds\":null", out);
		}
		fputs(",\"note\":", out);
		json_str(out, l->note);
		fputs(",\"path\":", out);
		json_str(out, l->path);
		fputc('}', out);
	}
	fputs("],\"by_lesson\":[", out);
	for (int i = 0; i < nl && c->lessons; i++) {
		const class_lesson_sum *s = &c->lessons[i];
		fprintf(out, "%s{\"lesson\":%d,\"slug\":", i ? "," : "", set->v[i].number);
		json_str(out, set->v[i].slug);
		fprintf(out, ",\"here\":%d,\"here_unfinished\":%d,\"finished\":%d}", s->here,
		        s->stuck, s->done);
	}
	fputs("],\"by_quiz\":[", out);
	for (int k = 0; k < c->nquiz; k++) {
		const class_quiz_sum *s = &c->quiz[k];
		fprintf(out, "%s{\"lesson\":%d,\"slug\":", k ? "," : "", set->v[s->lesson].number);
		json_str(out, set->v[s->lesson].slug);
		fprintf(out, ",\"quiz\":%d,\"right\":%d,\"wrong\":%d,\"unanswered\":%d}", s->quiz + 1,
		        s->right, s->wrong, s->open);
	}
	fputs("],\"hardest_quiz\":", out);
	if (c->hardest >= 0)
		fprintf(out, "{\"lesson\":%d,\"quiz\":%d}",
		        set->v[c->quiz[c->hardest].lesson].number, c->quiz[c->hardest].quiz + 1);
	else
		fputs("null", out);
	fputs(",\"most_stopped_at\":", out);
	if (c->stop >= 0) {
		fprintf(out, "{\"lesson\":%d,\"slug\":", set->v[c->stop].number);
		json_str(out, set->v[c->stop].slug);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs("}\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
