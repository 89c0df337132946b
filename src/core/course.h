/* course.h - the learner's walk through the course, free of curses: the
 * lessons and the saved progress together; the current lesson laid out for
 * the lesson pane (kept until the width, the character set or a quiz
 * changes); the "try it" blocks the reader reaches; quiz answers and
 * hints; search across the lessons.
 *
 * A place in a lesson is kept as a source line (lesson_page_source_line),
 * so it survives a change of width and a restart. A lesson counts as
 * finished when every quiz in it has been answered, right or wrong, or,
 * for a lesson without a quiz, when its last line has been in view.
 * Progress is saved on every change of lesson and every answer (or, with
 * defer_save, when the front end calls course_flush); the front end calls
 * course_save on its way out.
 */
#ifndef WHYRELU_COURSE_H
#define WHYRELU_COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"
#include "progress.h"

#define COURSE_DIR_MAX 4096

typedef struct course {
	lesson_set set;
	char dir[COURSE_DIR_MAX];   /* where the lessons were looked for */
	const char *from;           /* what chose dir, from lesson_dir */
	int nfiles;                 /* lesson files looked at */
	char **ascii_titles;        /* set.n titles in ASCII */
	lesson none;                /* shown when no lesson loaded */
	progress prog;
	int cur;                    /* the lesson shown (0 with none loaded) */
	const char *quiz_prompt;    /* under each unanswered quiz, or NULL */
	/* the current lesson laid out */
	lesson_page page;
	int page_lesson;            /* the lesson page holds, -1: none */
	bool page_ok;               /* page is up to date */
	int page_width;
	bool page_ascii;
	lesson_quiz_view *qv;       /* per quiz of the current lesson */
	bool *hint;                 /* per quiz: the hint was asked for */
	int lab_block;              /* the lab block governing the view at the
	                               last course_reach, -1: none */
	int lab_set_up;             /* the lab block the lab was set up from, -1 */
	int want_src;               /* a source line to bring to the top, -1: none */
	lesson_page scratch;        /* other lessons, laid out for search */
	bool defer_save;            /* changes wait for course_flush */
	bool unsaved;               /* a change waits for course_flush */
} course;

/* Load the lessons (from dir_opt or where lesson_dir looks) and the
 * progress (from progress_file, or progress_path's file when NULL), and
 * open the lesson the learner was in, at their place. msg gets what the
 * learner should be told, or "": the first broken lesson as
 * "file:line: message, skipped", a progress warning; when there are both,
 * the progress warning first (it is about the learner's own work) and the
 * lesson problem after a newline, for the front end to show one after the
 * other. Returns 0, or -1 when
 * out of memory (course_close it all the same). */
int course_open(course *c, const char *dir_opt, const char *progress_file, char *msg,
                size_t len);
void course_close(course *c);
/* course_open with quiz_prompt, then, when start is not NULL, the lesson
 * it names (--lesson: a number or a slug) opened at its top; its saving
 * warning goes in msg when course_open had nothing to say. Returns 0; -1
 * when start names no lesson, -2 out of memory, with err saying so
 * (course_close it all the same). */
int course_start(course *c, const char *dir_opt, const char *start, const char *quiz_prompt,
                 char *msg, size_t msglen, char *err, size_t errlen);

/* The number of lessons loaded (0: the pane shows where they were looked
 * for), the one shown, a lesson's title. */
int course_count(const course *c);
/* The lesson dir (+1 next, -1 previous) from the current one, or -1 with
 * why not in why ("this is the first lesson"; toc names the way to the
 * contents, "t" or "toc"). */
int course_neighbour(const course *c, int dir, const char *toc, char *why, size_t len);
const lesson *course_lesson(const course *c);
const char *course_title(const course *c, int i, bool ascii);
/* A lesson by number or slug (lesson_set_find), or -1. */
int course_find_lesson(const course *c, const char *key);

/* Open lesson i at source line src (0: its top), keeping top_src as the
 * place in the lesson left; progress is saved. warn gets a warning the
 * first time saving fails, else "". Returns 0, or -1 when i is no lesson. */
int course_goto(course *c, int i, int top_src, int src, char *warn, size_t len);
/* Record the place (top_src in the current lesson) and save. */
int course_save(course *c, int top_src, char *warn, size_t len);
/* With c->defer_save set, course_goto and course_answer only note that
 * there is something to save, and course_flush saves it (warn as for
 * course_goto): the front end flushes once the screen is drawn, so a
 * learner's key does not wait for the disk. Returns 0 when there was
 * nothing to save or it was saved, -1 when saving failed. course_save
 * always saves. */
int course_flush(course *c, char *warn, size_t len);

/* The current lesson laid out width columns wide. *scroll (the first line
 * shown) stays on the same text when the width changes, and moves to the
 * place asked for by course_open and course_goto. An empty page when out
 * of memory. */
const lesson_page *course_page(course *c, int width, bool ascii, int *scroll);
/* The source line shown at page line top, for saving a place. */
int course_src(const course *c, int top);

/* The reader sees page lines [top, top + rows). The view's part of the
 * lesson is that of the last lab block at or above its bottom line;
 * returns that block when it differs from the last call's (the lab is to
 * be set up by it), else -1. Notes the end of a lesson seen (a lesson
 * without quizzes is then finished). */
int course_reach(course *c, int top, int rows);
/* The lab was set up from lab block b (-1: from nothing in the lesson);
 * the page marks it "set up". */
void course_set_up(course *c, int b);
/* The lab block for "apply it again": the last one starting above the
 * bottom of the view, else the first in the lesson; -1 when none. */
int course_lab_near(const course *c, int top, int rows);
/* The quiz block to answer: the first one in view not answered yet, else
 * the first one in view, else the last one above it, else the first one
 * below; -1 when the lesson has none. */
int course_quiz_near(const course *c, int top, int rows);
/* The quiz block after (dir +1) or before (-1) block b, or -1. */
int course_quiz_other(const course *c, int b, int dir);
/* The page lines of block b: first and last, or -1 when not laid out. */
int course_block_lines(const course *c, int b, int *last);
/* The first page line of a quiz block's verdict (after it was answered),
 * or -1. */
int course_verdict_line(const course *c, int b);

/* Answer the quiz of block b: 1 right, 0 wrong (recorded and saved; warn
 * as for course_goto), -1 when text is no answer to it (err says how to
 * answer; nothing recorded). */
int course_answer(course *c, int b, const char *text, char *err, size_t errlen,
                  char *warn, size_t warnlen);
/* Show the hint of the quiz of block b. */
void course_show_hint(course *c, int b);
/* Quiz q of lesson i: 1 answered right, 0 wrong, -1 not yet. */
int course_quiz_state(const course *c, int i, int q);
bool course_done(const course *c, int i);

/* A match of a search: lesson, page line and column, length in cells. */
typedef struct course_match {
	int lesson, line, col, len;
} course_match;

/* Search the lessons, laid out as the current one is (call course_page
 * first), for needle (ASCII letters match either case). From m (lesson -1:
 * from the top of the current lesson) onward in direction dir (+1 or -1):
 * the rest of that lesson, then the other lessons in order, wrapping
 * around the course. Returns 1 with m set, 0 when there is no match
 * anywhere, -1 when out of memory. *wrapped (when not NULL) tells when the
 * match came by wrapping past the last (or first) lesson. */
int course_find(course *c, const char *needle, int dir, course_match *m, bool *wrapped);

#endif
