/* progress.h - what the learner has done, kept between runs: the current
 * lesson, where they were in each lesson, the lessons finished and their
 * quiz answers. Keyed by the lesson's slug (the file name without its
 * number), so renumbering the lessons keeps it. No curses here.
 *
 * The file is $XDG_STATE_HOME/whyrelu/progress (default
 * ~/.local/state/whyrelu/progress), a line-based text file:
 *
 *   whyrelu-progress 1
 *   current why-zero
 *   lesson welcome 0 1            slug, position, finished (0 or 1)
 *   quiz why-zero 1 right 0.25    slug, quiz number (from 1), right|wrong, answer
 *
 * It is written atomically (a new file in the same directory, fsync,
 * rename, fsync of the directory), mode 0600 in directories made 0700. A
 * damaged file is set aside as progress.corrupt-TIMESTAMP with a warning;
 * a file a newer whyrelu wrote is read as far as understood and never
 * overwritten. A progress file, or its directory (the last component of
 * the path), that is a symbolic link or belongs to another user is neither
 * read nor written, with a warning: nothing is followed through a link, and
 * every write stays in that directory. Saving can be called from the front
 * end's exit path (after a signal, outside the handler).
 *
 * With WHYRELU_CLASS_DIR set, each save also puts a copy in that directory
 * for the instructor (`whyrelu class`), named by the learner's login,
 * mode 0640: a setgid directory gives it the instructor's group. No copy is
 * written when the directory's group is one of the learner's own (the
 * other learners would read it); a failed copy warns once, and the
 * learner's own save stands.
 */
#ifndef WHYRELU_PROGRESS_H
#define WHYRELU_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"

#define PROGRESS_VERSION 1

/* The file's limits, one table for the writer and the reader: the model
 * never holds what the reader would refuse, so what is saved always reads
 * back the same. Slugs and answers are lesson.h's LESSON_SLUG_MAX and
 * LESSON_ANSWER_MAX; a quiz number is at most LESSON_MAX_QUIZZES, which a
 * lesson with more quizzes is refused for. A new lesson beyond
 * PROGRESS_MAX_LESSONS makes room by forgetting the one remembered longest
 * (never the current one). */
#define PROGRESS_MAX_LESSONS 256
#define PROGRESS_MAX_QUIZ LESSON_MAX_QUIZZES
#define PROGRESS_MAX_POS 100000000
/* the longest file the limits allow, with room to spare: a header, a
 * current line, and for each lesson its line and one line per quiz */
#define PROGRESS_LINE_MAX (LESSON_SLUG_MAX + LESSON_ANSWER_MAX + 32)
#define PROGRESS_MAX_BYTES \
	((long)PROGRESS_LINE_MAX * (2 + (long)PROGRESS_MAX_LESSONS * (1 + PROGRESS_MAX_QUIZ)))

typedef struct progress_quiz {
	int index;             /* 0-based, as lesson_quiz.index */
	bool right;
	char answer[LESSON_ANSWER_MAX];
} progress_quiz;

typedef struct progress_lesson {
	char slug[LESSON_SLUG_MAX + 1];
	int pos;               /* where the learner was; the front end chooses
	                          what it means (the source line at the top of
	                          the pane survives a change of width) */
	bool done;
	progress_quiz *quiz;
	int nquiz;
} progress_lesson;

typedef struct progress {
	char *path;            /* NULL when there is nowhere to keep it */
	char current[LESSON_SLUG_MAX + 1]; /* "" before the first lesson */
	progress_lesson *v;
	int n, cap;
	bool warned;           /* a save failure has been reported */
	bool class_warned;     /* a failure of the class copy has been */
	bool readonly;         /* not to be overwritten (newer format, unreadable) */
} progress;

/* The progress file's path into buf: $XDG_STATE_HOME when it is an absolute
 * path, else $HOME/.local/state (the home directory from the password file
 * when HOME is unset), then /whyrelu/progress. False when there is none. */
bool progress_path(char *buf, size_t len);
/* Why progress_path found no path, for a message: "no home directory to
 * keep progress in (set HOME or XDG_STATE_HOME)", or that the path would
 * be too long, naming the variable it came from. */
void progress_nowhere(char *why, size_t len);

/* Parse a progress file's text (len bytes, no NUL needed at the end) into
 * p, zeroed or fresh from progress_reset. Returns 0 for a whole version-1
 * file; 1 for a file a newer whyrelu wrote, read as far as understood;
 * 2 when damaged, with the line and the reason in *bad_line and *why (p
 * then holds the lines before it); -1 when out of memory. */
int progress_parse(progress *p, const char *text, size_t len, int *bad_line, const char **why);
/* The file's text for p (malloc'd, NUL-terminated, length in *len when not
 * NULL), as progress_save writes it and progress_parse reads it back to the
 * same; NULL when out of memory. */
char *progress_format(const progress *p, size_t *len);

/* The text of an open progress file: at most PROGRESS_MAX_BYTES + 1 bytes
 * (progress_parse calls more than the limit too large), malloc'd and
 * NUL-terminated, its length in *len; NULL with errno's value in *err.
 * The one reader of progress files, for the tutorial and for `whyrelu
 * class`. */
char *progress_read_fd(int fd, size_t *len, int *err);

/* Load from path (NULL: progress_path). p is always usable afterwards.
 * Returns 0, or 1 with a one-line warning in msg: a damaged file set aside,
 * an unreadable one, nowhere to keep progress. -1 when out of memory. */
int progress_load(progress *p, const char *path, char *msg, size_t msglen);
/* Write the file atomically. Returns 0, or -1 when it could not; msg gets
 * a one-line warning the first time saving fails and "" after that, so the
 * tutorial warns once and goes on. */
int progress_save(progress *p, char *msg, size_t msglen);
void progress_free(progress *p);

/* The entry for a lesson; created (pos 0, not done) when create is true.
 * NULL when absent, or out of memory, or slug is not a lesson slug. */
progress_lesson *progress_lesson_get(progress *p, const char *slug, bool create);
/* The learner is at pos in lesson slug. Returns 0 or -1. */
int progress_set_current(progress *p, const char *slug, int pos);
/* Lesson slug is finished. Returns 0 or -1. */
int progress_set_done(progress *p, const char *slug, bool done);
/* An answer to quiz index (0-based) of lesson slug; the last one counts.
 * Returns 0 or -1. */
int progress_record_quiz(progress *p, const char *slug, int index, const char *answer,
                         bool right);
/* The recorded answer, or NULL. */
const progress_quiz *progress_quiz_get(const progress *p, const char *slug, int index);
/* Forget everything (in memory; save or progress_remove to make it last). */
void progress_reset(progress *p);
/* Delete the progress file. Returns 0 (also when there was none), or -1
 * with the reason in msg. */
int progress_remove(progress *p, char *msg, size_t msglen);

#endif
