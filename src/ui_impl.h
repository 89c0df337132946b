/* ui_impl.h - what the front end's files share: the UI state, and what each
 * file offers the others.
 *
 * ui.c       the terminal: start, signals, the key loop, headless mode,
 *            copying the composed frame to curses;
 * ui_keys.c  one key table per mode, and the actions keys run;
 * ui_view.c  composing a frame (a grid of cells) from the state;
 * ui_lesson.c the built-in lesson text and its word wrapping.
 */
#ifndef WHYRELU_UI_IMPL_H
#define WHYRELU_UI_IMPL_H

#include <stdbool.h>

#include "grid.h"
#include "lab.h"

/* Below this the frame says "terminal too small". */
#define UI_MIN_W 60
#define UI_MIN_H 18
/* From this width the lesson and the lab stand side by side. */
#define UI_WIDE_W 120

typedef enum ui_mode { UI_MAIN, UI_HELP, UI_PICK, UI_MODES } ui_mode;
typedef enum ui_layout { UI_BOTH, UI_LAB_ONLY, UI_LESSON_ONLY, UI_LAYOUTS } ui_layout;

typedef struct ui {
	lab lab;
	ui_mode mode;
	ui_layout layout;
	bool ascii;          /* only bytes 0x20-0x7e in anything drawn */
	bool color;
	bool quit;
	bool redraw_all;     /* Ctrl-L: repaint every cell once */
	int lesson;          /* index of the lesson shown */
	int scroll;          /* first wrapped line shown */
	int help_scroll;
	int pick;            /* highlighted row of the pick list */
	int pick_top;        /* first row shown */
	char msg[160];       /* one-shot status message, cleared by the next key */
	/* sizes seen by the last frame, for paging and clamping */
	int lesson_rows, lesson_lines;
	int help_rows, help_lines;
	int pick_rows;
	grid frame;          /* the whole screen, composed */
	grid plot;           /* the plot, before it is placed in the frame */
} ui;

/* ui_view.c: compose the frame for a w x h screen (resizes u->frame).
 * Returns 0, or -1 when out of memory. */
int ui_compose(ui *u, int w, int h);
void ui_view_free(ui *u);

/* ui_keys.c: one key, dispatched through the current mode's table. */
void ui_key(ui *u, int key);
/* The help overlay's lines, from the main mode's table. */
int ui_help_count(void);
void ui_help_line(const ui *u, int i, const char **keys, const char **what);
/* The short key hints for the bottom line, in the current mode: pairs of
 * (keys, what), NULL-terminated; the caller shows as many as fit. */
const char *const *ui_hints(const ui *u);

/* ui_lesson.c */
int ui_lesson_count(void);
const char *ui_lesson_title(int i);
/* Wrap lesson i to width columns: calls line() once per output line with
 * its text (not NUL-terminated), length, indent, and whether it is a
 * heading. Returns the number of lines. */
typedef void (*ui_line_fn)(void *ctx, int n, const char *text, int len, int indent,
                           bool heading);
int ui_lesson_wrap(int i, int width, ui_line_fn line, void *ctx);

#endif
