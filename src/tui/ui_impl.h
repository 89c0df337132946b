/* ui_impl.h - what the front end's files share: the UI state, and what each
 * file offers the others.
 *
 * ui.c       the terminal: start, signals, the key loop, headless mode,
 *            copying the composed frame to curses;
 * ui_keys.c  one key table per mode, and the actions keys run;
 * ui_view.c  laying a frame out (the state it depends on) and then
 *            composing it (a grid of cells) from the state;
 * ui_lesson.c the course in the lesson pane: lessons, try-it blocks,
 *            quizzes, saved progress (the rules are course.c's);
 * ui_toc.c   the table of contents;
 * ui_search.c the entry on the bottom line (search, quiz answers) and
 *            search;
 * ui_prompt.c the `:` prompt (readline) and running its commands;
 * ui_views.c the table of the lab pane's views (view.h): one file each,
 *            state private to it:
 * ui_plot.c    the plot and chain views: f, the depth chain, a comparison;
 * ui_net.c     `view net`: the wide network, computed in steps;
 * ui_cost.c    the cost view: bars of measured time, measured between keys;
 * ui_train.c   the training view: the network it trains, its keys, the
 *              slices of training between frames, and its pane.
 * ui_class.c `whyrelu class`: the instructor's view of the class.
 */
#ifndef WHYRELU_UI_IMPL_H
#define WHYRELU_UI_IMPL_H

#include <stdbool.h>

#include "cmd.h"
#include "course.h"
#include "grid.h"
#include "lab.h"
#include "net.h"
#include "plot.h"
#include "view.h"

/* Below this the frame says "terminal too small". */
#define UI_MIN_W 60
#define UI_MIN_H 18
/* From this width the lesson and the lab stand side by side. */
#define UI_WIDE_W 120

/* UI_SEARCH and UI_QUIZ edit the entry on the bottom line; UI_FOUND is
 * the main mode with n/N moving between the matches of a search.
 * UI_PROMPT is the `:` prompt, UI_CMDHELP the overlay listing commands. */
typedef enum ui_mode {
	UI_MAIN, UI_HELP, UI_PICK, UI_TOC, UI_SEARCH, UI_FOUND, UI_QUIZ, UI_PROMPT,
	UI_CMDHELP, UI_MODES
} ui_mode;
/* Views the table may hold at most (ui_views.c). */
#define UI_VIEWS_MAX 8
/* A key with Meta (Alt) held, as the headless key script writes <M-x>. */
#define UI_KEY_META 0x100000
/* The chain view draws at most this many layers (ui_plot.c says why). */
#define UI_CHAIN_PLOT_DEPTH 100
/* The columns left of the per-layer strip's bars (its labels); the strip
 * has a column for every other one of the lab pane. */
#define UI_STRIP_GUTTER 10
typedef enum ui_layout { UI_BOTH, UI_LAB_ONLY, UI_LESSON_ONLY, UI_LAYOUTS } ui_layout;

typedef struct ui {
	lab lab;
	ui_mode mode;
	ui_layout layout;
	bool ascii;          /* only bytes 0x20-0x7e in anything drawn */
	bool color;
	bool quit;
	bool redraw_all;     /* Ctrl-L: repaint every cell once */
	int scroll;          /* first wrapped line shown */
	int help_scroll;
	int pick;            /* highlighted row of the pick list */
	int pick_top;        /* first row shown */
	char msg[160];       /* one-shot status message, cleared by the next key */
	char later[160];     /* a start-up warning waiting for msg to clear */
	/* sizes of the last layout (ui_layout_frame), for paging and clamping */
	int lesson_rows, lesson_lines;
	int help_rows, help_lines;
	int pick_rows;
	/* caches of drawing, written by ui_compose and nothing else */
	grid frame;          /* the whole screen, composed */
	grid plot;           /* the plot, before it is placed in the frame */
	/* the course */
	course course;
	/* runs the commands of a lesson's lab block that cmd_apply leaves to
	 * the front end (the command runner's, set by ui.c: the lesson pane
	 * sits below the commands that open lessons) */
	void (*run_lesson_cmd)(void *ctx, const struct cmd *c);
	bool lab_from_options; /* the options set the lab up: the first view
	                          of the lesson leaves it so */
	int quiz_block;      /* UI_QUIZ: the quiz block being answered */
	int reveal_block;    /* a block to bring into view at the next layout */
	int reveal;          /* how (ui_lesson.c), 0: nothing to do */
	/* the table of contents */
	int toc, toc_top, toc_rows;
	/* the entry on the bottom line, and the last search */
	char entry[LESSON_ANSWER_MAX];
	int entry_len;
	char needle[LESSON_ANSWER_MAX];
	course_match match;  /* lesson -1: no match shown */
	int match_width;     /* the layout width the match was found in */
	/* the terminal cursor, placed by the frame (the prompt's); y -1: hidden */
	int cursor_x, cursor_y;
	/* what the lab pane shows (`view`, `compare`) */
	const view_ops *view;
	const view_ops *drawn_view;  /* the view of the last frame drawn */
	void *view_state[UI_VIEWS_MAX]; /* each view's own, by its row */
	const act_def *compare[CMD_MAX_COMPARE];
	int ncompare;        /* 0: no comparison */
	bool compare_df;     /* compare the gradients (g) */
} ui;

/* ui_view.c: a frame for a w x h screen in two passes. ui_layout_frame does
 * all a frame changes in the state, before anything is drawn: it lays the
 * lesson out for its pane, keeps the scroll positions in range, records
 * the sizes the keys page by, places the lists' first rows, works the lab
 * out for its pane, and sets the lab up by a try-it line that came into
 * view. ui_compose then draws the frame from the state, writing only the
 * frame (resized to w x h), the terminal cursor and caches of drawing
 * (the plot grid, the lab views' own; the training view's pane still
 * builds its network again for a changed lab as it draws). Both return
 * 0, or -1 when out of memory. */
int ui_layout_frame(ui *u, int w, int h);
int ui_compose(ui *u, int w, int h);
void ui_view_free(ui *u);

/* ui_keys.c: one key, dispatched through the current mode's table. */
void ui_key(ui *u, int key);
/* A key's lab action (arg: a lab_action), its message on the status line. */
void ui_lab_do(ui *u, int arg);
/* The main mode's table ({0}-ended), as the tests read it. */
const view_key *ui_key_table(void);
/* The help overlay's lines, from the main mode's table. */
int ui_help_count(void);
void ui_help_line(const ui *u, int i, const char **keys, const char **what);
/* The short key hints for the bottom line, in the current mode: pairs of
 * (keys, what), NULL-terminated; the caller shows as many as fit. */
const char *const *ui_hints(const ui *u);
/* A hint's keys as the charset spells them: the arrows in ASCII are the
 * letter keys beside them. */
const char *ui_hint_keys(const ui *u, const char *keys);

/* ui_lesson.c: the course. Load the lessons and the progress before
 * curses starts (dir: --lessons, or NULL; start: --lesson, or NULL).
 * Returns 0, -1 with a message in err for a --lesson that names no
 * lesson, -2 when out of memory. Messages for the learner (a broken
 * lesson, a progress warning) go to u->msg. */
int ui_lesson_start(ui *u, const char *dir, const char *start, char *err, size_t len);
/* Save the place and the progress, on every way out; warn gets a warning
 * when saving failed, else "". Then free it all with ui_lesson_end. */
void ui_lesson_save(ui *u, char *warn, size_t len);
void ui_lesson_end(ui *u);
/* A change of lesson or an answer is saved after the frame showing it is
 * out (a key does not wait for the disk): ui_lesson_unsaved tells there is
 * one; ui_lesson_flush saves it, true when saving failed and u->msg has
 * the warning (draw again). */
bool ui_lesson_unsaved(const ui *u);
bool ui_lesson_flush(ui *u);
/* The number of lessons (0: none loaded), the one shown, a title. */
int ui_lesson_count(const ui *u);
int ui_lesson_index(const ui *u);
const char *ui_lesson_title(const ui *u, int i);
/* The current lesson laid out for a pane width x rows (may move
 * u->scroll: a new width, a lesson just opened, a quiz brought into view). */
const lesson_page *ui_lesson_page(ui *u, int width, int rows);
/* The page as ui_lesson_page laid it out last, for drawing. */
const lesson_page *ui_lesson_shown(const ui *u);
/* Laying the pane out: the reader sees page lines [top, top + rows);
 * a try-it line that came into view sets the lab up. */
void ui_lesson_viewed(ui *u, int top, int rows);
/* For the prompt and the keys: `lesson N|slug` (0, or -1 with msg),
 * lesson i at its top, `next`/`prev` (dir +1/-1; n/p), `answer VALUE`
 * (1 right, 0 wrong, -1 no answer, with a message for the status line). */
int ui_lesson_goto(ui *u, const char *key, char *msg, size_t len);
void ui_lesson_open(ui *u, int i);
/* Forget the search's match (its highlight goes, and the mode after a
 * search with it): opening another lesson or the contents does. */
void ui_match_forget(ui *u);
void ui_lesson_step(ui *u, int dir);
int ui_quiz_answer(ui *u, const char *text, char *msg, size_t len);
/* Keys: r sets the lab up as the try-it line above (or in) the view
 * again; A opens the answer entry for the quiz nearest the view. */
void ui_lesson_reapply(ui *u, int arg);
/* `reset` (and 0) has put the lab back to its home state: say which. */
void ui_lab_reset_said(ui *u);
void ui_quiz_key(ui *u, int arg);
/* In UI_QUIZ: the entry was submitted, or '?' asked for the hint; step
 * goes to the lesson's next (dir +1) or previous (-1) quiz. */
void ui_quiz_submit(ui *u);
void ui_quiz_step(ui *u, int dir);
void ui_quiz_hint(ui *u);

/* ui_toc.c: the table of contents (`t`, `toc`) and its keys. */
void ui_toc_open(ui *u);
void ui_toc_move(ui *u, int n);
void ui_toc_page(ui *u, int dir);
void ui_toc_choose(ui *u, int arg);
/* For drawing: the row of lesson i, its quiz marks ("" without quizzes),
 * the summary line; *current tells the lesson shown. */
void ui_toc_row(const ui *u, int i, char *buf, size_t len, bool *current);
void ui_toc_quizzes(const ui *u, int i, char *buf, size_t len);
void ui_toc_summary(const ui *u, char *buf, size_t len);

/* ui_search.c: `/` opens the search entry; keys while an entry is open;
 * n/N and the other keys after a search (UI_FOUND). */
void ui_search_key(ui *u, int arg);
void ui_entry_key(ui *u, int key);
void ui_found_step(ui *u, int dir);
/* Any other key ends the search: true when it was only that (Esc, q),
 * false when the key is for the mode the search returned to. */
bool ui_found_other(ui *u, int key);
/* The entry's label ("/", "answer (a to c): ") into label, its text, and
 * the keys it takes, for the bottom line; false when no entry is open. */
bool ui_entry_line(const ui *u, char *label, size_t len, const char **text, const char **keys);
/* The match to highlight in the current lesson's page. */
bool ui_search_match(const ui *u, int *line, int *col, int *len);

/* ui_prompt.c: `:` opens the prompt; while it is open every key goes to
 * ui_prompt_key (readline); Ctrl-C, or ESC and Ctrl-G outside a search,
 * cancel it. ui_prompt_draw puts the line on row y of g and says where
 * the terminal cursor goes in it; ui_cmd_help_layout sizes the overlay of
 * commands (its rows and scroll, for paging) and ui_cmd_help_draw draws it. */
void ui_prompt_open(ui *u, int arg);
void ui_prompt_key(ui *u, int key);
void ui_prompt_cancel(ui *u);
void ui_prompt_draw(const ui *u, grid *g, int y, int w, int *cursor_x, int *cursor_y);
void ui_cmd_help_layout(ui *u, int w, int h);
void ui_cmd_help_draw(const ui *u, grid *g, int w, int h);
/* The commands cmd_apply leaves to the front end (compare, eval, view,
 * lesson, next, prev, toc, answer, help, quit); ui_lesson_cmd is the same
 * as a lesson_cmd_fn for lesson_lab_apply (ctx: the ui). */
void ui_cmd_run(ui *u, const cmd *c);
/* A line of the command language run as the prompt runs it: parsed, the
 * lab's part applied, the rest run (what a key bound to a command does);
 * an error goes to the status line. */
void ui_cmd_line(ui *u, const char *line);
void ui_lesson_cmd(void *ctx, const struct cmd *c);

/* ui_plot.c: the lab pane's title row (the activation and its formula),
 * which the views draw at the top of the pane; g's action, which switches
 * a comparison between functions and gradients. */
void ui_lab_title(ui *u, int x, int y, int w);
void ui_plot_toggle_df(ui *u, int arg);
/* ui_train.c: `train run|pause|step|restart` (shows the training view).
 * Headless runs train this many steps after each key. */
#define UI_TRAIN_HEADLESS_STEPS 25
void ui_train_cmd(ui *u, const char *what);

/* ui_color.c: the colour pairs of the cell styles. */
enum {
	PAIR_F = 1, PAIR_DF, PAIR_MARKER, PAIR_SAT, PAIR_BAD, PAIR_GOOD, PAIR_AXIS,
};
/* Start the colour pairs, once; false when the terminal has no colours. */
bool ui_colors_start(void);
/* `color on|off`: colour follows u->lab.color where the terminal has
 * colours. */
void ui_color_follow(ui *u);

/* ui.c: the tutorial's terminal for another full-screen view (ui_class.c):
 * compose draws the whole frame (g is sized to the screen and blank);
 * key takes one key (KEY_RESIZE too) and returns true to quit; fd (-1:
 * none) is waited on with the keys, and tick runs when it is readable or
 * wait_ms passed without a key (returns 1 for a new frame, 0, -1 when out
 * of memory). color is set to whether colours are shown. Without a usable
 * terminal the message names the view and what to do instead. w > 0: headless,
 * w x h with the key script keys and the screen dumped to dump. Returns
 * the exit status. */
typedef struct ui_screen {
	const char *name, *instead;   /* for "NAME needs a terminal; INSTEAD" */
	void *ctx;
	int (*compose)(void *ctx, grid *g);
	bool (*key)(void *ctx, int key);
	int (*tick)(void *ctx, bool readable);
	int fd, wait_ms;
	bool ascii, color;
} ui_screen;
int ui_screen_run(ui_screen *s, int w, int h, const char *keys, const char *dump);

#endif
