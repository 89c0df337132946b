/* lesson.h - the course: lesson files loaded into a model, laid out for the
 * lesson pane, and checked. No curses here.
 *
 * A lessons directory holds one CommonMark file per lesson, NN-slug.md
 * (README.md and files not ending in .md are not lessons). The first "#"
 * heading is the title. A ```lab fenced block holds lines of the command
 * language (cmd.h); a ```quiz block holds "field: value" lines (see
 * lessons/README.md). Files are parsed with cmark into blocks, each keeping
 * its source line for file:line messages; every string in the model is
 * valid UTF-8 with no control characters.
 *
 * lesson_render lays a lesson out for a width as lines of cells (a code
 * point and a grid.h style each), wrapped at spaces, with a one-line "try
 * it" marker for each lab block and the quiz with the learner's answer;
 * in ASCII mode every cell is a byte 0x20-0x7e (sigma, ~=, x^2, ...).
 */
#ifndef WHYRELU_LESSON_H
#define WHYRELU_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grid.h"
#include "lab.h"

struct cmd;   /* cmd.h; not included here, so the command line can use this header */

/* Lessons are untrusted data: what one may hold is bounded, so that no
 * lesson can make the tutorial large or slow (a lesson past a bound is
 * reported, by check-lessons as by the tutorial, and left out). In the
 * course itself a lesson has at most 6.4 KB, 106 lines, 6 commands in a lab
 * block and 4 quizzes. */
#define LESSON_MAX_BYTES (64L << 10) /* a larger file is refused */
#define LESSON_MAX_LINES 2000        /* source lines */
#define LESSON_MAX_BLOCKS 400        /* paragraphs, headings, rules, code, lab, quiz */
#define LESSON_MAX_LAB_CMDS 32       /* commands in one lab block */
#define LESSON_MAX_LAB_EVALS 1       /* eval lines in one (the status line shows one) */
#define LESSON_MAX_QUIZZES 50        /* quizzes in one lesson */
#define LESSON_MAX_FILES 100         /* lesson files in a directory */
#define LESSON_SLUG_MAX 40           /* bytes of the slug, "why-zero" */
#define LESSON_MAX_CHOICES 8         /* a) .. h) */
#define LESSON_ANSWER_MAX 64         /* bytes of an answer kept */

/* ---- the model ---------------------------------------------------------- */

/* The look of inline text; lesson_render maps it to grid styles. */
enum {
	LESSON_R_STRONG = 1 << 0,
	LESSON_R_EMPH   = 1 << 1,
	LESSON_R_CODE   = 1 << 2,
	LESSON_R_LINK   = 1 << 3,  /* a link's text */
	LESSON_R_URL    = 1 << 4,  /* its address, shown after the text */
	LESSON_R_BREAK  = 1 << 5,  /* a hard line break; text is "" */
};

typedef struct lesson_run {
	char *text;
	unsigned role;
} lesson_run;

typedef struct lesson_quiz {
	int index;               /* 0-based among the lesson's quizzes */
	char *question;
	char *choices[LESSON_MAX_CHOICES]; /* text after "a) " */
	int nchoices;            /* 0: the answer is a number */
	char *answer_text;       /* as written: "0.25", "b" */
	double answer, tolerance;/* number quizzes */
	int answer_choice;       /* choice quizzes: 0 for a), ...; -1 otherwise */
	char *hint, *explain;
} lesson_quiz;

/* A figure the lesson states, checked against what the lab computes: a
 * line "check QUANTITY OP VALUE [when COMMAND; ...]" at the end of a lab
 * block (see lessons/README.md). Parsing checks its form; check-lessons
 * computes it (lesson_figures_check). */
typedef enum lesson_fig_q {
	LESSON_FQ_F, LESSON_FQ_DF, LESSON_FQ_OUT, LESSON_FQ_GRAD, LESSON_FQ_VANISH,
	LESSON_FQ_EXPLODE,
	LESSON_FQ_TRAIN_LOSS, LESSON_FQ_TRAIN_DEAD, LESSON_FQ_TRAIN_DIVERGED,
	LESSON_FQ_TRAIN_BELOW,
	LESSON_FQ_NET_MEAN, LESSON_FQ_NET_STD, LESSON_FQ_NET_Z_MEAN, LESSON_FQ_NET_Z_STD,
	LESSON_FQ_NET_SATURATED, LESSON_FQ_NET_DEAD, LESSON_FQ_NET_GRAD, LESSON_FQ_NET_RATIO,
} lesson_fig_q;

typedef struct lesson_figure {
	int line;              /* its source line */
	lesson_fig_q q;
	char *name;            /* the quantity as written: "train.loss@1000" */
	double at;             /* the @ argument: a step, a layer, a loss; 0 when none */
	char op;               /* '=' to the digits written, '~' about (an integer's
	                          trailing zeros not significant), '<', '>' */
	char *value_text;      /* as written: "0.52", "48%", "yes", "never" */
	double value;          /* its number (a percentage divided by 100);
	                          yes 1, no 0, never INFINITY */
	char **when;           /* commands applied after the block's, for this check only */
	int nwhen;
} lesson_figure;

typedef enum lesson_block_kind {
	LESSON_PARA, LESSON_HEADING, LESSON_CODE, LESSON_RULE, LESSON_LAB, LESSON_QUIZ,
} lesson_block_kind;

typedef struct lesson_block {
	lesson_block_kind kind;
	int line;              /* source line where the block starts (1-based);
	                          for code, lab and quiz: the opening fence */
	int level;             /* heading level 1-6 */
	bool gap;              /* a blank line before it */
	/* what list items and block quotes put before the block's first line
	 * and before its other lines ("• ", "  ", "│ ") */
	char *first_prefix, *prefix;
	lesson_run *runs;      /* LESSON_PARA, LESSON_HEADING */
	int nruns;
	char **lines;          /* LESSON_CODE, LESSON_LAB: the lines as written;
	                          line i is on source line line + 1 + i */
	int nlines;
	lesson_quiz *quiz;     /* LESSON_QUIZ */
	lesson_figure *figs;   /* LESSON_LAB: its check lines (not in lines) */
	int nfigs;
} lesson_block;

typedef struct lesson {
	int number;            /* from the file name */
	char slug[LESSON_SLUG_MAX + 1]; /* "why-zero": the name without number and
	                          .md, so renumbering keeps saved progress */
	char *file;            /* "04-why-zero.md" */
	char *path;            /* the directory joined with file */
	char *title;           /* "" when missing (a problem) */
	lesson_block *blocks;
	int nblocks;
	int nlabs, nquizzes;
} lesson;

typedef struct lesson_set {
	lesson *v;             /* in order of number */
	int n;
} lesson_set;

/* Problems found while loading: "path:line: msg". Line 0 is a problem with
 * the directory itself (path is the directory); a file as a whole (its name,
 * a duplicate number) is reported at its line 1. */
typedef void (*lesson_report_fn)(void *ctx, const char *path, int line, const char *msg);

/* ---- loading ------------------------------------------------------------ */

/* Where the lessons are: dir_opt (--lessons) when not NULL; else
 * $WHYRELU_LESSONS when set and not empty; else the lessons directory next
 * to the running program when it holds a file NN-*.md (a build in the
 * source tree); else WHYRELU_DATADIR "/lessons" (the installed ones).
 * Writes the directory to buf; returns what chose it, for messages
 * ("--lessons", "WHYRELU_LESSONS", "the source tree", "the installed lessons"). */
const char *lesson_dir(const char *dir_opt, char *buf, size_t len);

/* Parse one lesson from text (path and file name for the model and the
 * messages). Every problem is reported; returns their number, or -1 when
 * out of memory. The lesson is filled even when there are problems (free
 * it with lesson_free). Lab blocks are checked by applying them to a
 * scratch lab. Checks of the set as a whole (file names, duplicate numbers)
 * are lesson_set_load's. */
int lesson_parse(const char *path, const char *file, const char *text, size_t len,
                 lesson *out, lesson_report_fn report, void *ctx);
void lesson_free(lesson *ls);

/* Load every lesson file of dir, sorted by number. A file with any problem
 * is reported and left out; the others load. Returns the number of
 * problems, or -1 when dir cannot be read (reported with line 0). nfiles,
 * when not NULL, gets the number of lesson files looked at. */
int lesson_set_load(const char *dir, lesson_set *set, int *nfiles,
                    lesson_report_fn report, void *ctx);
void lesson_set_free(lesson_set *set);
/* The index of a lesson by number ("4", "04") or slug ("why-zero", or the
 * file name without .md, "04-why-zero"); -1 when there is none. */
int lesson_set_find(const lesson_set *set, const char *key);

/* The i-th quiz of a lesson (0-based), or NULL. */
const lesson_quiz *lesson_quiz_at(const lesson *ls, int i);

/* ---- labs and quizzes --------------------------------------------------- */

/* Called for each command of a lab block that the lab does not apply itself
 * (compare, eval, view), in order, after the block applied without error. */
typedef void (*lesson_cmd_fn)(void *ctx, const struct cmd *c);

/* Give the lab the state of a lab block: start from the opening state
 * (lab_init's; the charset and colour are kept), run each line through
 * cmd_parse and cmd_apply, and make the result the lab's home state (what
 * `reset` returns to). A block starting from a known state reads the same
 * whichever way the learner arrived. On an error the lab is unchanged,
 * *bad_line (when not NULL) gets the source line and err the message;
 * returns -1. Returns 0 on success. */
int lesson_lab_apply(const lesson_block *b, lab *l, lesson_cmd_fn other, void *ctx,
                     int *bad_line, char *err, size_t errlen);

/* Check an answer: 1 right, 0 wrong, -1 when it is not an answer to this
 * quiz at all (err says how to answer: "answer with a number, like 0.25",
 * "answer with a letter, a to c"). Choice answers take "b", "B", "b)". */
int lesson_quiz_check(const lesson_quiz *q, const char *answer, char *err, size_t errlen);

/* Compute every figure the lesson's lab blocks check and report each one
 * that is not what the lab computes ("the lesson says 0.52, the lab
 * computes 0.4113"), at the check line. This trains and builds networks,
 * so only check-lessons does it, not loading. Returns the number of
 * problems, or -1 when out of memory. */
/* The line a report gives when the machine, not the lesson, stopped the
 * check (out of memory): the reader says so once and checks no further. */
#define LESSON_LINE_MACHINE (-1)
int lesson_figures_check(const lesson *ls, lesson_report_fn report, void *ctx);

/* ---- the lesson pane ---------------------------------------------------- */

/* The learner's side of a quiz, for rendering. */
typedef struct lesson_quiz_view {
	bool answered;
	bool right;
	bool show_hint;
	const char *answer;    /* what was answered (shown when wrong) */
} lesson_quiz_view;

typedef struct lesson_render_opts {
	int width;             /* columns; at least 1 */
	bool ascii;            /* bytes 0x20-0x7e only */
	const lesson_quiz_view *quiz; /* lesson->nquizzes entries, or NULL */
	const char *quiz_prompt; /* a line under an unanswered quiz, or NULL */
	const lesson_block *lab_set_up; /* the lab block the lab was last set
	                          up from ("▶ set up:"), or NULL */
} lesson_render_opts;

typedef struct lesson_line {
	cell *cells;           /* len cells; every code point one column */
	int len;
	int block;             /* the block it shows, -1 for a blank line */
} lesson_line;

typedef struct lesson_page {
	lesson_line *lines;
	int n, cap;
	int width;
	bool ascii;
} lesson_page;

/* Lay the lesson out. Styles: headings and strong text ST_BOLD, emphasis
 * ST_BOLD, code ST_LABEL, link addresses and quote bars ST_DIM, the "try it"
 * marker ST_MARKER|ST_BOLD, a right answer ST_GOOD, a wrong one ST_BAD, the
 * hint ST_DIM. Returns 0, or -1 when out of memory (page emptied). Start
 * with a zeroed page; it is reused from call to call: free it once with
 * lesson_page_free. */
int lesson_render(const lesson *ls, const lesson_render_opts *o, lesson_page *page);
void lesson_page_free(lesson_page *page);
/* The first line showing block b, or -1. */
int lesson_page_line_of(const lesson_page *page, int block);
/* A place in the lesson that survives a change of width, for scrolling and
 * saved progress: the source line of the block shown at page line i (of
 * the next block for a blank line; 0 past the end), and back: the first
 * page line of the first block starting at or after source line src (the
 * last line when there is none; 0 for an empty page). */
int lesson_page_source_line(const lesson *ls, const lesson_page *page, int i);
int lesson_page_line_at(const lesson *ls, const lesson_page *page, int src);
/* Search the page for needle (ASCII letters match either case), from line
 * from in direction dir (+1 or -1), wrapping around; the match is within
 * one line. Returns the line, or -1, with the column in *col. */
int lesson_page_find(const lesson_page *page, const char *needle, int from, int dir, int *col);
/* What a search looks for, as cells: needle laid out as a page lays text
 * out (a wide character and its second column, no zero-width one), ASCII
 * letters in lower case; at most max. Returns how many. */
int lesson_needle(const char *needle, uint32_t *nd, int max);
/* Do the nn cells of lesson_needle's nd stand at column col of ln? (ASCII
 * letters match either case.) */
bool lesson_line_match(const lesson_line *ln, int col, const uint32_t *nd, int nn);
/* Copy a line into a grid at (x, y), clipped to w columns. */
void lesson_line_put(const lesson_line *ln, grid *g, int x, int y, int w);

/* ---- text --------------------------------------------------------------- */

/* Decode one code point from s (at most n bytes): returns its length, with
 * U+FFFD and length 1 for an invalid or truncated sequence (overlong forms,
 * surrogates and values above U+10FFFF are invalid). */
int lesson_utf8_next(const char *s, size_t n, uint32_t *cp);
/* The ASCII form of a code point ("sigma" for σ, "~=" for ≈, "?" when it
 * has none), for code points above 0x7e; NULL for printable ASCII. */
const char *lesson_ascii_of(uint32_t cp);
/* A copy of s that is safe to show: invalid UTF-8 becomes U+FFFD, escape
 * sequences (ESC [ ... and the like) and control characters (C0 but tab,
 * DEL, C1) are dropped, a tab becomes a space, and so do invisible
 * direction and formatting marks. NULL when out of memory. */
char *lesson_clean(const char *s);
/* Whether cp is an invisible mark lesson_clean drops and check-lessons
 * reports: bidi controls, zero-width and format characters, tags,
 * variation selectors and the other default-ignorable code points. */
bool lesson_invisible(uint32_t cp);
/* s in ASCII: lesson_clean, then each code point above 0x7e transliterated
 * (a run of superscripts becomes ^..., of subscripts _...). */
char *lesson_ascii(const char *s);

#endif
