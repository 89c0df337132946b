/* view.h - what a view of the lab pane offers the rest of the front end.
 *
 * A view (plot, chain, net, cost, train) is one file that defines one
 * view_ops and keeps its state private: the key loop, the frame, the
 * status line, the hints and the help reach it only through these. Adding a
 * view is its file and a row of the table in ui_views.c.
 *
 * The key loop asks the shown view whether it is busy (work to do before
 * the next frame, so the loop must not sleep), how long it may wait for
 * keys meanwhile, and gives it slices of time to work in; a headless run
 * asks it to finish all of a frame's work, so a screen does not depend on
 * the machine's speed. Before a frame is composed, sync brings what the
 * view shows in line with the lab and the layout works out the chain it
 * shows; draw only draws.
 */
#ifndef WHYRELU_VIEW_H
#define WHYRELU_VIEW_H

#include <stdbool.h>
#include <stddef.h>

struct ui;

/* Groups of the lab's keys a view takes (the others name the views that
 * do): x moves and the plot's zoom and f', the activation's parameter,
 * depth and gain. */
enum {
	VIEW_KEYS_X = 1u << 0,
	VIEW_KEYS_PARAM = 1u << 1,
	VIEW_KEYS_CHAIN = 1u << 2,
};

/* A key a view takes: its keys (0-terminated), how the help names them
 * (UTF-8 and ASCII; NULL: a row continuing the one above), the help line,
 * and what it does (fn gets arg, or the key itself when arg is
 * VIEW_KEY_ARG). The lab's own key table (ui_keys.c) is of these rows
 * too, group naming the VIEW_KEYS_* views that take a lab key (0: all). */
#define VIEW_KEY_ARG (-0x7fffffff - 1)
typedef struct view_key {
	int keys[5];
	const char *label, *label_ascii, *help;
	void (*fn)(struct ui *u, int arg);
	int arg;
	unsigned group;
	/* or: the command it runs, as typed at the `:` prompt (the one parser
	 * and the same runner), so a key and its command are one action */
	const char *cmd;
} view_key;

/* What of the lab's depth chain a view needs worked out before a frame:
 * nothing (the status line names the view's state), the chain at x (the
 * status line names its state), or that and the per-layer strip for the
 * pane's width too. */
typedef enum view_chain { VIEW_CHAIN_NONE, VIEW_CHAIN_AT_X, VIEW_CHAIN_STRIP } view_chain_need;

typedef struct view_ops {
	const char *name;         /* as `view NAME` takes it */
	const char *title;        /* as messages name it: "the %s view" */
	size_t state_size;        /* its private state, zeroed at start */
	/* a comparison (`compare`) is drawn in its place */
	bool gives_way_to_compare;
	unsigned lab_keys;        /* VIEW_KEYS_*: the lab keys it takes */
	view_chain_need chain;    /* the lab's chain it shows */
	const view_key *keys;     /* its own keys, {0}-terminated; may be NULL */
	const char *const *hints; /* its key hints (pairs, NULL-ended); NULL: the lab's */
	/* `view NAME` showed it: say what it is (may be NULL) */
	void (*enter)(struct ui *u);
	/* another view is drawn: let go of what only it needed */
	void (*leave)(struct ui *u);
	/* before a frame: what it shows follows the lab */
	void (*sync)(struct ui *u);
	bool (*busy)(const struct ui *u);
	/* while busy: milliseconds the loop may wait for keys (0: none) */
	int (*wait_ms)(struct ui *u);
	/* about budget_ms of work: 1 a frame to draw, 0, -1 out of memory */
	int (*work)(struct ui *u, double budget_ms);
	/* headless: all of a frame's work (after a key: steps of training
	 * too); -1 out of memory */
	int (*finish)(struct ui *u, bool after_key);
	/* the lab pane at (x, y), w x h: its title row too; -1 out of memory */
	int (*draw)(struct ui *u, int x, int y, int w, int h);
	/* the status line's right part while no message shows; false: the lab's */
	bool (*status)(const struct ui *u, char *buf, size_t len);
	void (*free)(struct ui *u);
} view_ops;

/* The table: views in `view`'s order; the first is the one a lesson opens
 * with. NULL past the end. */
const view_ops *ui_view_at(int i);
const view_ops *ui_view_named(const char *name);
/* What the lab pane shows: a comparison takes the place of a view that
 * gives way to it. */
const view_ops *ui_view_shown(const struct ui *u);
/* `view NAME` and the commands that show a view: show v and let it say so. */
void ui_view_show(struct ui *u, const view_ops *v);
/* v's private state (state_size bytes, zeroed at start). */
void *ui_view_state(const struct ui *u, const view_ops *v);
/* Allocate every view's state (-1: out of memory); free them all. */
int ui_views_start(struct ui *u);
void ui_views_free(struct ui *u);
/* The view drawn last is not the one shown: let it go. */
void ui_views_leave(struct ui *u);

#endif
