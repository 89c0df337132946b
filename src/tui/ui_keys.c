/* ui_keys.c - every key binding, one table per mode (main, help overlay,
 * activation pick list, table of contents, the entry on the bottom line,
 * after a search), and the small actions they run. The main table also
 * writes the help overlay, so a key and its description live in one row.
 * Keys change state only; the next frame shows the result.
 */
#include <curses.h>
#include <limits.h>
#include <string.h>

#include "ui_impl.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define ANY_KEY (-1)    /* a row that takes every key not matched above it */
#define KEY_ARG INT_MIN /* as a row's arg: the function gets the key itself */

typedef void (*key_fn)(ui *u, int arg);

typedef struct key_binding {
	int keys[5];              /* 0-terminated */
	const char *label;        /* for help and hints, UTF-8 */
	const char *label_ascii;  /* the same in ASCII */
	const char *help;         /* help line; NULL: not listed */
	key_fn fn;
	int arg;
} key_binding;

/* ---- actions ------------------------------------------------------------ */

static void do_lab(ui *u, int arg)
{
	lab_do(&u->lab, (lab_action)arg, u->msg, sizeof u->msg);
}

static void set_mode(ui *u, int mode)
{
	u->mode = (ui_mode)mode;
	if (u->mode == UI_HELP)
		u->help_scroll = 0;
	if (u->mode == UI_PICK) {
		u->pick = act_index(u->lab.act);
		u->pick_top = -1;   /* the view centres the pick on the first frame */
	}
}

static void open_toc(ui *u, int arg)
{
	(void)arg;
	ui_toc_open(u);
}

static void cycle_layout(ui *u, int arg)
{
	(void)arg;
	u->layout = (ui_layout)((u->layout + 1) % UI_LAYOUTS);
	static const char *const names[] = {
		"layout: lesson and lab", "layout: lab only", "layout: lesson only",
	};
	strcpy(u->msg, names[u->layout]);
}

/* f: the lab on the whole screen, and back. On a short terminal the stacked
 * layout gives the lesson a paragraph's rows and the lab a compact pane;
 * this lends the lab every row while it is being looked at closely. */
static void zoom_lab(ui *u, int arg)
{
	(void)arg;
	u->layout = u->layout == UI_LAB_ONLY ? UI_BOTH : UI_LAB_ONLY;
	strcpy(u->msg, u->layout == UI_LAB_ONLY ? "the lab on the whole screen: f brings the lesson back"
	                                        : "layout: lesson and lab");
}

/* Scroll the lesson by n lines; INT_MAX-ish values go to an end. The view
 * clamps against the wrapped length, which only it knows. */
static void scroll_lesson(ui *u, int n)
{
	if (u->layout == UI_LAB_ONLY)
		u->layout = UI_BOTH;  /* scrolling text nobody sees would be lost */
	long s = (long)u->scroll + n;
	long max = u->lesson_lines - u->lesson_rows;
	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	u->scroll = (int)s;
}

#define END 1000000   /* a scroll past either end: to the end */

static void page_lesson(ui *u, int dir)
{
	int page = u->lesson_rows > 2 ? u->lesson_rows - 1 : 1;
	scroll_lesson(u, dir * page);
}

static void quit(ui *u, int arg)
{
	(void)arg;
	u->quit = true;
}

static void redraw(ui *u, int arg)
{
	(void)arg;
	u->redraw_all = true;
}

static void help_scroll(ui *u, int n)
{
	long s = (long)u->help_scroll + n;
	long max = u->help_lines - u->help_rows;
	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	u->help_scroll = (int)s;
}

static void help_page(ui *u, int dir)
{
	help_scroll(u, dir * (u->help_rows > 2 ? u->help_rows - 1 : 1));
}

static void pick_move(ui *u, int n)
{
	size_t count;
	act_table(&count);
	long p = (long)u->pick + n;
	if (p >= (long)count)
		p = (long)count - 1;
	if (p < 0)
		p = 0;
	u->pick = (int)p;
}

static void pick_page(ui *u, int dir)
{
	pick_move(u, dir * (u->pick_rows > 1 ? u->pick_rows - 1 : 1));
}

static void pick_choose(ui *u, int arg)
{
	(void)arg;
	size_t count;
	const act_def *t = act_table(&count);
	if (u->pick >= 0 && (size_t)u->pick < count)
		lab_switch_act(&u->lab, &t[u->pick]);
	u->mode = UI_MAIN;
}

/* A key as the help names it: "l", "Left", "S-Right". */
static void key_label(int key, char *buf, size_t len)
{
	switch (key) {
	case KEY_LEFT: snprintf(buf, len, "Left"); break;
	case KEY_RIGHT: snprintf(buf, len, "Right"); break;
	case KEY_SLEFT: snprintf(buf, len, "S-Left"); break;
	case KEY_SRIGHT: snprintf(buf, len, "S-Right"); break;
	default: snprintf(buf, len, "%c", key); break;
	}
}

/* ---- the tables ----------------------------------------------------------- */

static const key_binding main_keys[] = {
	{ { KEY_LEFT, 'h' }, "\u2190/\u2192 h/l", "Left/Right h/l", "move x by a fine step", do_lab, LAB_X_DOWN },
	{ { KEY_RIGHT, 'l' }, NULL, NULL, NULL, do_lab, LAB_X_UP },
	{ { KEY_SLEFT, 'H' }, "H/L S-\u2190/\u2192", "H/L S-Left/S-Right", "move x by a coarse step", do_lab, LAB_X_DOWN_COARSE },
	{ { KEY_SRIGHT, 'L' }, NULL, NULL, NULL, do_lab, LAB_X_UP_COARSE },
	{ { '[' }, "[ ]", "[ ]", "parameter down/up (slope, floor, alpha...)", do_lab, LAB_P_DOWN },
	{ { ']' }, NULL, NULL, NULL, do_lab, LAB_P_UP },
	{ { '{' }, "{ }", "{ }", "parameter down/up, coarse", do_lab, LAB_P_DOWN_COARSE },
	{ { '}' }, NULL, NULL, NULL, do_lab, LAB_P_UP_COARSE },
	{ { '-', '_' }, "- +", "- +", "depth down/up (also _ =)", do_lab, LAB_DEPTH_DOWN },
	{ { '+', '=' }, NULL, NULL, NULL, do_lab, LAB_DEPTH_UP },
	{ { '<' }, "< >", "< >", "gain down/up", do_lab, LAB_GAIN_DOWN },
	{ { '>' }, NULL, NULL, NULL, do_lab, LAB_GAIN_UP },
	{ { '\t' }, "Tab S-Tab", "Tab S-Tab", "next/previous activation", do_lab, LAB_ACT_NEXT },
	{ { KEY_BTAB }, NULL, NULL, NULL, do_lab, LAB_ACT_PREV },
	{ { 'a' }, "a", "a", "pick an activation from a list", set_mode, UI_PICK },
	{ { 'g' }, "g", "g", "show/hide the f' curve (comparing: the gradients)", ui_plot_toggle_df, 0 },
	{ { 'z' }, "z Z", "z Z", "zoom the x range in/out", do_lab, LAB_ZOOM_IN },
	{ { 'Z' }, NULL, NULL, NULL, do_lab, LAB_ZOOM_OUT },
	{ { '0' }, "0", "0", "reset the lab (to the last try-it line)", ui_lab_reset, 0 },
	{ { 'w' }, "w", "w", "layout: both panes, lab only, lesson only", cycle_layout, 0 },
	{ { 'f' }, "f", "f", "the lab on the whole screen, and back again", zoom_lab, 0 },
	{ { 'm' }, "m", "m", "view cost: measure again", ui_cost_measure, 0 },
	{ { 'i' }, "i", "i", "view net: next init scheme (standard, xavier, he)", do_lab, LAB_NET_INIT_NEXT },
	{ { 's' }, "s", "s", "view net: a new seed (the next one)", do_lab, LAB_NET_SEED_NEXT },
	{ { 'u' }, "u U", "u U", "view net: halve/double the width", do_lab, LAB_NET_WIDTH_DOWN },
	{ { 'U' }, NULL, NULL, NULL, do_lab, LAB_NET_WIDTH_UP },
	{ { 'o' }, "o", "o", "view net: activations, pre-activations, gradients", do_lab, LAB_NET_WHAT_NEXT },
	{ { KEY_UP, 'k' }, "\u2191/\u2193 k/j", "Up/Down k/j", "scroll the lesson a line", scroll_lesson, -1 },
	{ { KEY_DOWN, 'j' }, NULL, NULL, NULL, scroll_lesson, 1 },
	{ { KEY_PPAGE, 'b' }, "PgUp/PgDn b/Space", "PgUp/PgDn b/Space", "scroll the lesson a page", page_lesson, -1 },
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, page_lesson, 1 },
	{ { KEY_HOME }, "Home/End", "Home/End", "top/end of the lesson", scroll_lesson, -END },
	{ { KEY_END }, NULL, NULL, NULL, scroll_lesson, END },
	{ { 'p' }, "p n", "p n", "previous/next lesson", ui_lesson_step, -1 },
	{ { 'n' }, NULL, NULL, NULL, ui_lesson_step, 1 },
	{ { 't' }, "t", "t", "table of contents: lessons, finished, quizzes", open_toc, 0 },
	{ { '/' }, "/", "/", "search the lessons; then n/N: next/previous match", ui_search_key, 0 },
	{ { ':' }, ":", ":", "command prompt: set slope 0.1, compare relu gelu, help", ui_prompt_open, 0 },
	{ { 'r' }, "r", "r", "set the lab up as in the try-it line again", ui_lesson_reapply, 0 },
	{ { 'A' }, "A", "A", "answer the quiz in view (? there: a hint)", ui_quiz_key, 0 },
	{ { 'c' }, "c", "c", "training view: run/pause the training", ui_train_key, KEY_ARG },
	{ { '.' }, ".", ".", "training view: one step (and pause)", ui_train_key, KEY_ARG },
	{ { 'R' }, "R", "R", "training view: restart from the seed's weights", ui_train_key, KEY_ARG },
	{ { 'T' }, "T", "T", "training view: next target (abs, sin, step, ...)", ui_train_key, KEY_ARG },
	{ { 'e', 'E' }, "e E", "e E", "training view: learning rate down/up", ui_train_key, KEY_ARG },
	{ { 'y', 'Y' }, "y Y", "y Y", "training view: width down/up (halve, double)", ui_train_key, KEY_ARG },
	{ { 'd', 'D' }, "d D", "d D", "training view: hidden layers down/up", ui_train_key, KEY_ARG },
	{ { CTRL('l') }, "Ctrl-L", "Ctrl-L", "repaint the screen", redraw, 0 },
	{ { '?' }, "?", "?", "this help", set_mode, UI_HELP },
	{ { 'q', CTRL('c') }, "q Ctrl-C", "q Ctrl-C", "quit", quit, 0 },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

static const key_binding help_keys[] = {
	{ { KEY_DOWN, 'j' }, NULL, NULL, NULL, help_scroll, 1 },
	{ { KEY_UP, 'k' }, NULL, NULL, NULL, help_scroll, -1 },
	/* paging keys page, as in the lesson: a reader paging on must not lose
	 * the overlay */
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, help_page, 1 },
	{ { KEY_PPAGE, 'b' }, NULL, NULL, NULL, help_page, -1 },
	{ { KEY_HOME }, NULL, NULL, NULL, help_scroll, -END },
	{ { KEY_END }, NULL, NULL, NULL, help_scroll, END },
	{ { CTRL('c') }, NULL, NULL, NULL, quit, 0 },
	{ { ANY_KEY }, NULL, NULL, NULL, set_mode, UI_MAIN },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

static const key_binding pick_keys[] = {
	{ { KEY_DOWN, 'j', '\t' }, NULL, NULL, NULL, pick_move, 1 },
	{ { KEY_UP, 'k', KEY_BTAB }, NULL, NULL, NULL, pick_move, -1 },
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, pick_page, 1 },
	{ { KEY_PPAGE, 'b' }, NULL, NULL, NULL, pick_page, -1 },
	{ { KEY_HOME }, NULL, NULL, NULL, pick_move, -END },
	{ { KEY_END }, NULL, NULL, NULL, pick_move, END },
	{ { '\n', '\r', KEY_ENTER, 'l', KEY_RIGHT }, NULL, NULL, NULL, pick_choose, 0 },
	{ { KEY_ESC, 'q', 'a', 'h', KEY_LEFT }, NULL, NULL, NULL, set_mode, UI_MAIN },
	{ { CTRL('c') }, NULL, NULL, NULL, quit, 0 },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

static const key_binding toc_keys[] = {
	{ { KEY_DOWN, 'j', '\t' }, NULL, NULL, NULL, ui_toc_move, 1 },
	{ { KEY_UP, 'k', KEY_BTAB }, NULL, NULL, NULL, ui_toc_move, -1 },
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, ui_toc_page, 1 },
	{ { KEY_PPAGE, 'b' }, NULL, NULL, NULL, ui_toc_page, -1 },
	{ { KEY_HOME }, NULL, NULL, NULL, ui_toc_move, -END },
	{ { KEY_END }, NULL, NULL, NULL, ui_toc_move, END },
	{ { '\n', '\r', KEY_ENTER, 'l', KEY_RIGHT }, NULL, NULL, NULL, ui_toc_choose, 0 },
	{ { KEY_ESC, 'q', 't', 'h', KEY_LEFT }, NULL, NULL, NULL, set_mode, UI_MAIN },
	{ { CTRL('c') }, NULL, NULL, NULL, quit, 0 },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

/* the search entry and the quiz answer: keys edit the text */
static const key_binding entry_keys[] = {
	{ { CTRL('c') }, NULL, NULL, NULL, quit, 0 },
	{ { ANY_KEY }, NULL, NULL, NULL, ui_entry_key, KEY_ARG },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

/* the `:` prompt: readline has the keys */
static const key_binding prompt_keys[] = {
	{ { CTRL('l') }, NULL, NULL, NULL, redraw, 0 },
	{ { ANY_KEY }, NULL, NULL, NULL, ui_prompt_key, KEY_ARG },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

/* after a search; any other key ends it and goes to the main table */
static const key_binding found_keys[] = {
	{ { 'n' }, NULL, NULL, NULL, ui_found_step, 1 },
	{ { 'N' }, NULL, NULL, NULL, ui_found_step, -1 },
	{ { 0 }, NULL, NULL, NULL, NULL, 0 },
};

/* A mode that a key not its own ends: false when the key then goes to the
 * mode now current (the key is not handled), true when ending was all. */
static bool (*const mode_ends[UI_MODES])(ui *u, int key) = {
	[UI_FOUND] = ui_found_other,
};

static const key_binding *const tables[UI_MODES] = {
	[UI_MAIN] = main_keys, [UI_HELP] = help_keys, [UI_PICK] = pick_keys,
	[UI_TOC] = toc_keys, [UI_SEARCH] = entry_keys, [UI_FOUND] = found_keys,
	[UI_QUIZ] = entry_keys, [UI_PROMPT] = prompt_keys, [UI_CMDHELP] = help_keys,
};

static const char *const hints[UI_MODES][2][32] = {
	[UI_MAIN] = {
		{ "?", "help", "q", "quit", ":", "command", "n p", "lesson", "f", "full lab", "\u2190\u2192", "x", "[ ]", "param",
		  "- +", "depth", "a", "pick", "Tab", "next", "< >", "gain", "w", "layout",
		  "t", "contents", "g", "f'", "z Z", "zoom", NULL },
		{ "?", "help", "q", "quit", ":", "command", "n p", "lesson", "f", "full lab", "h l", "x", "[ ]", "param",
		  "- +", "depth", "a", "pick", "Tab", "next", "< >", "gain", "w", "layout",
		  "t", "contents", "g", "f'", "z Z", "zoom", NULL },
	},
	[UI_HELP] = {
		{ "\u2191\u2193", "scroll", "Space b", "page", "other keys", "close", NULL },
		{ "j k", "scroll", "Space b", "page", "other keys", "close", NULL },
	},
	[UI_CMDHELP] = {
		{ "\u2191\u2193", "scroll", "Space b", "page", "other keys", "close", NULL },
		{ "j k", "scroll", "Space b", "page", "other keys", "close", NULL },
	},
	[UI_PICK] = {
		{ "\u2191\u2193", "move", "Enter", "pick", "Esc", "close", NULL },
		{ "j k", "move", "Enter", "pick", "Esc", "close", NULL },
	},
	[UI_TOC] = {
		{ "\u2191\u2193", "move", "Enter", "open", "Esc", "close", NULL },
		{ "j k", "move", "Enter", "open", "Esc", "close", NULL },
	},
	/* UI_SEARCH and UI_QUIZ: the entry takes the bottom line */
	[UI_FOUND] = {
		{ "n", "next match", "N", "previous", "Esc q", "end the search", "?", "help", NULL },
		{ "n", "next match", "N", "previous", "Esc q", "end the search", "?", "help", NULL },
	},
};

/* ---- keys that belong to some views ------------------------------------- */

#define V(v) (1u << (v))
#define V_PLOTS (V(UI_VIEW_PLOT) | V(UI_VIEW_CHAIN))

/* The lab keys that act only in some views. In another view a key would
 * change what is not shown (x in the training view) or nothing at all, so
 * it does nothing and the status line names the views it belongs to. */
static const struct view_key {
	int keys[12];          /* 0-terminated */
	unsigned views;
	const char *where;     /* "the cost view: :view cost" */
} view_keys[] = {
	{ { KEY_LEFT, KEY_RIGHT, 'h', 'l', KEY_SLEFT, KEY_SRIGHT, 'H', 'L' }, V_PLOTS,
	  "the plot and chain views: :view plot" },
	{ { 'g', 'z', 'Z' }, V_PLOTS, "the plot and chain views: :view plot" },
	{ { '[', ']', '{', '}' }, V_PLOTS | V(UI_VIEW_NET) | V(UI_VIEW_TRAIN),
	  "the plot, chain, net and training views: :view plot" },
	{ { '-', '_', '+', '=', '<', '>' }, V_PLOTS | V(UI_VIEW_NET),
	  "the plot, chain and net views: :view plot" },
	{ { 'm' }, V(UI_VIEW_COST), "the cost view: :view cost" },
	{ { 'i', 's', 'u', 'U', 'o' }, V(UI_VIEW_NET), "the net view: :view net" },
	{ { 'c', '.', 'R', 'T', 'e', 'E', 'y', 'Y', 'd', 'D' }, V(UI_VIEW_TRAIN),
	  "the training view: :view train" },
};

/* What the lab shows: a comparison takes the place of the net and
 * training views (as draw_lab does), not of the cost view. */
static ui_view shown_view(const ui *u)
{
	if (u->ncompare > 0 && u->view != UI_VIEW_COST)
		return UI_VIEW_PLOT;
	return u->view;
}

/* True when key belongs to other views than the one shown (msg says so). */
static bool other_views_key(ui *u, int key)
{
	for (size_t i = 0; i < sizeof view_keys / sizeof view_keys[0]; i++) {
		const struct view_key *v = &view_keys[i];
		for (int k = 0; k < 12 && v->keys[k]; k++) {
			if (v->keys[k] != key)
				continue;
			if (v->views & V(shown_view(u)))
				return false;
			char name[16];
			key_label(key, name, sizeof name);
			snprintf(u->msg, sizeof u->msg, "%s is a key of %s", name, v->where);
			return true;
		}
	}
	return false;
}

/* ---- dispatch ------------------------------------------------------------- */

/* The row of a table that takes key, or NULL. */
static const key_binding *find_binding(const key_binding *t, int key)
{
	for (const key_binding *b = t; b->keys[0]; b++)
		for (int i = 0; i < 5 && b->keys[i]; i++)
			if (b->keys[i] == key || b->keys[i] == ANY_KEY)
				return b;
	return NULL;
}

static void dispatch(ui *u, int key)
{
	if (key == KEY_RESIZE)
		return;   /* the next frame is composed at the new size anyway */
	const key_binding *b;
	/* once more at most: a mode that ends passes the key to the next */
	for (int pass = 0; pass < 2; pass++) {
		if (u->mode == UI_MAIN && other_views_key(u, key))
			return;
		b = find_binding(tables[u->mode], key);
		if (!b && mode_ends[u->mode]) {
			if (mode_ends[u->mode](u, key))
				return;
			continue;
		}
		if (!b)
			break;
		if (b->fn)
			b->fn(u, b->arg == KEY_ARG ? key : b->arg);
		return;
	}
	if (u->mode == UI_MAIN)
		strcpy(u->msg, "no such key: ? lists the keys");
}

void ui_key(ui *u, int key)
{
	u->msg[0] = '\0';
	dispatch(u, key);
	/* a second start-up warning waits for a key that says nothing else */
	if (!u->msg[0] && u->later[0]) {
		memcpy(u->msg, u->later, sizeof u->msg);
		u->later[0] = '\0';
	}
}

int ui_help_count(void)
{
	int n = 0;
	for (const key_binding *b = main_keys; b->keys[0]; b++)
		n += b->help != NULL;
	return n;
}

void ui_help_line(const ui *u, int i, const char **keys, const char **what)
{
	for (const key_binding *b = main_keys; b->keys[0]; b++) {
		if (!b->help)
			continue;
		if (i-- == 0) {
			*keys = u->ascii ? b->label_ascii : b->label;
			*what = b->help;
			return;
		}
	}
	*keys = *what = "";
}

static const char *const train_hints[] = {
	"?", "help", "q", "quit", ":", "command", "c", "run", ".", "step", "R", "restart", "f", "full lab",
	"T", "target", "e E", "lr", "y Y", "width", "d D", "layers", "Tab", "act", NULL,
};

/* The keys the net and cost views take (their lab keys, as view_keys). */
static const char *const net_hints[] = {
	"?", "help", "q", "quit", ":", "command", "n p", "lesson", "o", "what", "i", "init",
	"s", "seed", "u U", "width", "[ ]", "param", "- +", "depth", "< >", "gain",
	"Tab", "next", NULL,
};
static const char *const cost_hints[] = {
	"?", "help", "q", "quit", ":", "command", "n p", "lesson", "m", "measure again",
	"Tab", "next", "a", "pick", "w", "layout", "t", "contents", NULL,
};

const char *const *ui_hints(const ui *u)
{
	/* the hints follow the view, as the keys do */
	if (u->mode == UI_MAIN && shown_view(u) == UI_VIEW_TRAIN)
		return train_hints;
	if (u->mode == UI_MAIN && shown_view(u) == UI_VIEW_NET)
		return net_hints;
	if (u->mode == UI_MAIN && shown_view(u) == UI_VIEW_COST)
		return cost_hints;
	return hints[u->mode][u->ascii ? 1 : 0];
}
