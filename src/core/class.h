/* class.h - the instructor's view of a class, from the learners' own
 * progress files: read them (read-only, never through a symbolic link
 * below a home or a class directory, at most PROGRESS_MAX_BYTES each),
 * sum them up against the lessons (who is where, which quiz most got
 * wrong, where learners stop) and print the table as CSV or JSON. The
 * terminal view is ui_class.c's; nothing here includes curses.
 *
 * A learner's progress is read with progress.c's reader and parser, so
 * the class sees exactly what the tutorial would.
 */
#ifndef WHYRELU_CLASS_H
#define WHYRELU_CLASS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "lesson.h"
#include "progress.h"

#define CLASS_NAME_MAX 64
#define CLASS_NOTE_MAX 200
/* Homes read by default (root): accounts with a uid in this range. */
#define CLASS_UID_MIN 1000
#define CLASS_UID_MAX 60000
/* At most this many learners are read; a row says how many more there were. */
#define CLASS_MAX_LEARNERS 10000

typedef enum class_status {
	CLASS_OK,          /* read and understood */
	CLASS_NEWER,       /* a newer whyrelu wrote it: read as far as understood */
	CLASS_NONE,        /* no progress file: not started */
	CLASS_DAMAGED,     /* not a progress file as written (note: line, reason) */
	CLASS_REFUSED,     /* a symbolic link, not a regular file, someone else's */
	CLASS_UNREADABLE,  /* the system said no (note: why) */
	CLASS_STATUSES
} class_status;

typedef struct class_learner {
	char name[CLASS_NAME_MAX];   /* safe to show: valid UTF-8, no controls */
	char path[1024];             /* the progress file, cleaned the same way */
	char watch[1024];            /* the directory its saves land in, or "" */
	class_status status;
	char note[CLASS_NOTE_MAX];   /* what is wrong, "" when nothing */
	progress prog;
	long long mtime;             /* the file's, seconds since 1970; 0: none */
	/* against the lessons (class_sum) */
	int current;                 /* index of the current lesson, -1: none */
	int done;                    /* lessons finished */
	int right, wrong, open;      /* quizzes: last answer right, wrong; none */
} class_learner;

typedef struct class_lesson_sum {
	int here;                    /* learners whose current lesson it is */
	int stuck;                   /* of them, not finished it */
	int done;                    /* learners who finished it */
	int first_quiz;              /* its first entry in class.quiz */
} class_lesson_sum;

typedef struct class_quiz_sum {
	int lesson, quiz;            /* lesson index, quiz index in it */
	int right, wrong, open;
} class_quiz_sum;

typedef struct class {
	class_learner *v;
	int n, cap;
	const lesson_set *set;       /* not owned */
	class_lesson_sum *lessons;   /* set->n of them, after class_sum */
	class_quiz_sum *quiz;
	int nquiz;
	int read;                    /* learners whose progress was read */
	int hardest;                 /* quiz most got wrong, -1: none wrong */
	int stop;                    /* lesson most learners stopped at, -1 */
} class;

typedef enum class_key {
	CLASS_BY_NAME, CLASS_BY_LESSON, CLASS_BY_DONE, CLASS_BY_WRONG, CLASS_BY_TIME,
	CLASS_KEYS
} class_key;

/* An empty class for the lessons of set. */
void class_init(class *c, const lesson_set *set);
void class_free(class *c);
/* Empty it again (a re-read), keeping the lessons. */
void class_clear(class *c);

/* A learner from the text of a progress file, as read (len bytes; text
 * NULL: no file). Returns the learner, or NULL when out of memory. */
class_learner *class_add_text(class *c, const char *name, const char *path,
                              const char *text, size_t len, long long mtime);
/* A learner that could not be read: status and the reason. */
class_learner *class_add_problem(class *c, const char *name, const char *path,
                                 class_status status, const char *note);

/* Read the learners. nargs 0: every home in the password database (uids
 * CLASS_UID_MIN to CLASS_UID_MAX whose home exists), each one's
 * ~/.local/state/whyrelu/progress. Otherwise each argument: a progress
 * file; or a directory, whose entries (dot files aside) are each a
 * learner: a file is a copy of a progress file named after its learner
 * (a class directory), a directory a home. Returns 0, or -1 with err for
 * an argument that is not there or out of memory. class_sum after it. */
int class_read(class *c, char *const *args, int nargs, char *err, size_t errlen);

/* Every learner against the lessons, and the summaries. */
void class_sum(class *c);
/* Sort the learners by key (ties by name); reverse turns it round. */
void class_sort(class *c, class_key key, bool reverse);
const char *class_key_name(class_key key);
const char *class_status_name(class_status s);

/* "03.1" for quiz entry k; lesson number and slug via c->set. */
void class_quiz_label(const class *c, int k, char *buf, size_t len);
/* How long ago t was, compactly: "12s", "5m", "3h", "2d", "-" for none. */
void class_ago(long long t, long long now, char *buf, size_t len);
/* Now, in seconds: WHYRELU_CLASS_NOW when set (tests pin it), else the
 * clock. */
long long class_now(void);

/* The table as CSV (RFC 4180) or JSON; 0, or -1 on a write error. */
int class_write_csv(const class *c, FILE *out);
int class_write_json(const class *c, FILE *out, long long now);

/* What the terminal view is given. */
typedef struct class_view_args {
	class *c;
	char *const *args;
	int nargs;
	bool ascii, color;
	int headless_w, headless_h;  /* 0: a real terminal */
	const char *keys, *dump;     /* headless: the key script, the dump file */
} class_view_args;


#endif
