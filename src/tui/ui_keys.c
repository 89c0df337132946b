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
#define KEY_ARG VIEW_KEY_ARG /* as a row's arg: the function gets the key itself */

#define VIEWS_HELP (-2)  /* a row where the help lists views' own keys */

typedef view_key key_binding;

/* ---- actions ------------------------------------------------------------ */

void ui_lab_do(ui *u, int arg)
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

/* at moved by n (END-ish: to an end), within 0 and max. */
static int moved(int at, int n, long max)
{
	long s = (long)at + n;
	if (s > max)
		s = max;
	return s < 0 ? 0 : (int)s;
}

/* Scroll the lesson by n lines, within the wrapped length the last
 * layout found. */
static void scroll_lesson(ui *u, int n)
{
	if (u->layout == UI_LAB_ONLY)
		u->layout = UI_BOTH;  /* scrolling text nobody sees would be lost */
	u->scroll = moved(u->scroll, n, (long)u->lesson_lines - u->lesson_rows);
}

#define END 1000000   /* a scroll past either end: to the end */

static void page_lesson(ui *u, int dir)
{
	int page = u->lesson_rows > 2 ? u->lesson_rows - 1 : 1;
	scroll_lesson(u, dir * page);
}

static void redraw(ui *u, int arg)
{
	(void)arg;
	u->redraw_all = true;
}

static void help_scroll(ui *u, int n)
{
	u->help_scroll = moved(u->help_scroll, n, (long)u->help_lines - u->help_rows);
}

static void help_page(ui *u, int dir)
{
	help_scroll(u, dir * (u->help_rows > 2 ? u->help_rows - 1 : 1));
}

static void pick_move(ui *u, int n)
{
	size_t count;
	act_table(&count);
	u->pick = moved(u->pick, n, (long)count - 1);
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
	{ { KEY_LEFT, 'h' }, "\u2190/\u2192 h/l", "Left/Right h/l", "move x by a fine step", NULL, 0, VIEW_KEYS_X, "step x down" },
	{ { KEY_RIGHT, 'l' }, NULL, NULL, NULL, NULL, 0, VIEW_KEYS_X, "step x up" },
	{ { KEY_SLEFT, 'H' }, "H/L S-\u2190/\u2192", "H/L S-Left/S-Right", "move x by a coarse step", NULL, 0, VIEW_KEYS_X, "step x down coarse" },
	{ { KEY_SRIGHT, 'L' }, NULL, NULL, NULL, NULL, 0, VIEW_KEYS_X, "step x up coarse" },
	{ { '[' }, "[ ]", "[ ]", "parameter down/up (slope, floor, alpha...)", NULL, 0, VIEW_KEYS_PARAM, "step param down" },
	{ { ']' }, NULL, NULL, NULL, NULL, 0, VIEW_KEYS_PARAM, "step param up" },
	{ { '{' }, "{ }", "{ }", "parameter down/up, coarse", NULL, 0, VIEW_KEYS_PARAM, "step param down coarse" },
	{ { '}' }, NULL, NULL, NULL, NULL, 0, VIEW_KEYS_PARAM, "step param up coarse" },
	{ { '-', '_' }, "- +", "- +", "depth down/up (also _ =)", NULL, 0, VIEW_KEYS_CHAIN, "step depth down" },
	{ { '+', '=' }, NULL, NULL, NULL, NULL, 0, VIEW_KEYS_CHAIN, "step depth up" },
	{ { '<' }, "< >", "< >", "gain down/up", NULL, 0, VIEW_KEYS_CHAIN, "step gain down" },
	{ { '>' }, NULL, NULL, NULL, NULL, 0, VIEW_KEYS_CHAIN, "step gain up" },
	{ { '\t' }, "Tab S-Tab", "Tab S-Tab", "next/previous activation", ui_lab_do, LAB_ACT_NEXT, 0, NULL },
	{ { KEY_BTAB }, NULL, NULL, NULL, ui_lab_do, LAB_ACT_PREV, 0, NULL },
	{ { 'a' }, "a", "a", "pick an activation from a list", set_mode, UI_PICK, 0, NULL },
	{ { 'g' }, "g", "g", "show/hide the f' curve (comparing: the gradients)", ui_plot_toggle_df, 0, VIEW_KEYS_X, NULL },
	{ { 'z' }, "z Z", "z Z", "zoom the x range in/out", ui_lab_do, LAB_ZOOM_IN, VIEW_KEYS_X, NULL },
	{ { 'Z' }, NULL, NULL, NULL, ui_lab_do, LAB_ZOOM_OUT, VIEW_KEYS_X, NULL },
	{ { '0' }, "0", "0", "reset the lab (to the last try-it line)", NULL, 0, 0, "reset" },
	{ { 'w' }, "w", "w", "layout: both panes, lab only, lesson only", cycle_layout, 0, 0, NULL },
	{ { 'f' }, "f", "f", "the lab on the whole screen, and back again", zoom_lab, 0, 0, NULL },
	{ { VIEWS_HELP }, "cost", NULL, NULL, NULL, 0, 0, NULL },
	{ { VIEWS_HELP }, "net", NULL, NULL, NULL, 0, 0, NULL },
	{ { KEY_UP, 'k' }, "\u2191/\u2193 k/j", "Up/Down k/j", "scroll the lesson a line", scroll_lesson, -1, 0, NULL },
	{ { KEY_DOWN, 'j' }, NULL, NULL, NULL, scroll_lesson, 1, 0, NULL },
	{ { KEY_PPAGE, 'b' }, "PgUp/PgDn b/Space", "PgUp/PgDn b/Space", "scroll the lesson a page", page_lesson, -1, 0, NULL },
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, page_lesson, 1, 0, NULL },
	{ { KEY_HOME }, "Home/End", "Home/End", "top/end of the lesson", scroll_lesson, -END, 0, NULL },
	{ { KEY_END }, NULL, NULL, NULL, scroll_lesson, END, 0, NULL },
	{ { 'p' }, "p n", "p n", "previous/next lesson", NULL, 0, 0, "prev" },
	{ { 'n' }, NULL, NULL, NULL, NULL, 0, 0, "next" },
	{ { 't' }, "t", "t", "table of contents: lessons, finished, quizzes", NULL, 0, 0, "toc" },
	{ { '/' }, "/", "/", "search the lessons; then n/N: next/previous match", ui_search_key, 0, 0, NULL },
	{ { ':' }, ":", ":", "command prompt: set slope 0.1, compare relu gelu, help", ui_prompt_open, 0, 0, NULL },
	{ { 'r' }, "r", "r", "set the lab up as in the try-it line again", ui_lesson_reapply, 0, 0, NULL },
	{ { 'A' }, "A", "A", "answer the quiz in view (? there: a hint)", ui_quiz_key, 0, 0, NULL },
	/* the keys of views not listed above */
	{ { VIEWS_HELP }, NULL, NULL, NULL, NULL, 0, 0, NULL },
	{ { CTRL('l') }, "Ctrl-L", "Ctrl-L", "repaint the screen", redraw, 0, 0, NULL },
	{ { '?' }, "?", "?", "this help", set_mode, UI_HELP, 0, NULL },
	{ { 'q', CTRL('c') }, "q Ctrl-C", "q Ctrl-C", "quit", NULL, 0, 0, "quit" },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

static const key_binding help_keys[] = {
	{ { KEY_DOWN, 'j' }, NULL, NULL, NULL, help_scroll, 1, 0, NULL },
	{ { KEY_UP, 'k' }, NULL, NULL, NULL, help_scroll, -1, 0, NULL },
	/* paging keys page, as in the lesson: a reader paging on must not lose
	 * the overlay */
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, help_page, 1, 0, NULL },
	{ { KEY_PPAGE, 'b' }, NULL, NULL, NULL, help_page, -1, 0, NULL },
	{ { KEY_HOME }, NULL, NULL, NULL, help_scroll, -END, 0, NULL },
	{ { KEY_END }, NULL, NULL, NULL, help_scroll, END, 0, NULL },
	{ { CTRL('c') }, NULL, NULL, NULL, NULL, 0, 0, "quit" },
	{ { ANY_KEY }, NULL, NULL, NULL, set_mode, UI_MAIN, 0, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

/* The pick list and the contents are lists alike: moved, paged, chosen,
 * closed (and by the key that opened them: a, t). */
typedef struct list_ops {
	void (*line)(ui *u, int n);
	void (*page)(ui *u, int dir);
	void (*choose)(ui *u, int arg);
	int opener;
} list_ops;

static const list_ops *list_of(const ui *u)
{
	static const list_ops pick = { pick_move, pick_page, pick_choose, 'a' };
	static const list_ops toc = { ui_toc_move, ui_toc_page, ui_toc_choose, 't' };
	return u->mode == UI_TOC ? &toc : &pick;
}

static void list_move(ui *u, int n) { list_of(u)->line(u, n); }
static void list_page(ui *u, int dir) { list_of(u)->page(u, dir); }
static void list_choose(ui *u, int arg) { list_of(u)->choose(u, arg); }

static void list_toggle(ui *u, int key)
{
	if (key == list_of(u)->opener)
		set_mode(u, UI_MAIN);
}

static const key_binding list_keys[] = {
	{ { KEY_DOWN, 'j', '\t' }, NULL, NULL, NULL, list_move, 1, 0, NULL },
	{ { KEY_UP, 'k', KEY_BTAB }, NULL, NULL, NULL, list_move, -1, 0, NULL },
	{ { KEY_NPAGE, ' ' }, NULL, NULL, NULL, list_page, 1, 0, NULL },
	{ { KEY_PPAGE, 'b' }, NULL, NULL, NULL, list_page, -1, 0, NULL },
	{ { KEY_HOME }, NULL, NULL, NULL, list_move, -END, 0, NULL },
	{ { KEY_END }, NULL, NULL, NULL, list_move, END, 0, NULL },
	{ { '\n', '\r', KEY_ENTER, 'l', KEY_RIGHT }, NULL, NULL, NULL, list_choose, 0, 0, NULL },
	{ { KEY_ESC, 'q', 'h', KEY_LEFT }, NULL, NULL, NULL, set_mode, UI_MAIN, 0, NULL },
	{ { 'a', 't' }, NULL, NULL, NULL, list_toggle, KEY_ARG, 0, NULL },
	{ { CTRL('c') }, NULL, NULL, NULL, NULL, 0, 0, "quit" },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

/* the search entry and the quiz answer: keys edit the text */
static const key_binding entry_keys[] = {
	{ { CTRL('c') }, NULL, NULL, NULL, NULL, 0, 0, "quit" },
	{ { ANY_KEY }, NULL, NULL, NULL, ui_entry_key, KEY_ARG, 0, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

/* the `:` prompt: readline has the keys */
static const key_binding prompt_keys[] = {
	{ { CTRL('l') }, NULL, NULL, NULL, redraw, 0, 0, NULL },
	{ { ANY_KEY }, NULL, NULL, NULL, ui_prompt_key, KEY_ARG, 0, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

/* after a search; any other key ends it and goes to the main table */
static const key_binding found_keys[] = {
	{ { 'n' }, NULL, NULL, NULL, ui_found_step, 1, 0, NULL },
	{ { 'N' }, NULL, NULL, NULL, ui_found_step, -1, 0, NULL },
	{ { 0 }, NULL, NULL, NULL, NULL, 0, 0, NULL },
};

/* A mode that a key not its own ends: false when the key then goes to the
 * mode now current (the key is not handled), true when ending was all. */
static bool (*const mode_ends[UI_MODES])(ui *u, int key) = {
	[UI_FOUND] = ui_found_other,
};

static const key_binding *const tables[UI_MODES] = {
	[UI_MAIN] = main_keys, [UI_HELP] = help_keys, [UI_PICK] = list_keys,
	[UI_TOC] = list_keys, [UI_SEARCH] = entry_keys, [UI_FOUND] = found_keys,
	[UI_QUIZ] = entry_keys, [UI_PROMPT] = prompt_keys, [UI_CMDHELP] = help_keys,
};

/* The bottom line's hints a mode, as pairs of keys and what they do; the
 * arrows are spelt as the keys beside them in ASCII (ui_hint_keys). */
static const char *const main_hints[] = {
	"?", "help", "q", "quit", ":", "command", "n p", "lesson", "f", "full lab", "\u2190\u2192", "x",
	"[ ]", "param", "- +", "depth", "a", "pick", "Tab", "next", "< >", "gain", "w", "layout",
	"t", "contents", "g", "f'", "z Z", "zoom", NULL,
};
static const char *const scroll_hints[] = {
	"\u2191\u2193", "scroll", "Space b", "page", "other keys", "close", NULL,
};
static const char *const pick_hints[] = {
	"\u2191\u2193", "move", "Enter", "pick", "Esc", "close", NULL,
};
static const char *const toc_hints[] = {
	"\u2191\u2193", "move", "Enter", "open", "Esc", "close", NULL,
};
static const char *const found_hints[] = {
	"n", "next match", "N", "previous", "Esc q", "end the search", "?", "help", NULL,
};
static const char *const no_hints[] = { NULL };

/* UI_SEARCH and UI_QUIZ: the entry takes the bottom line */
static const char *const *const hints[UI_MODES] = {
	[UI_MAIN] = main_hints, [UI_HELP] = scroll_hints, [UI_CMDHELP] = scroll_hints,
	[UI_PICK] = pick_hints, [UI_TOC] = toc_hints, [UI_FOUND] = found_hints,
	[UI_SEARCH] = no_hints, [UI_QUIZ] = no_hints, [UI_PROMPT] = no_hints,
};

/* ---- keys that belong to some views ------------------------------------- */

/* "the plot, chain and net views" (group: the views taking a lab key), or
 * "the training view" (v: a view's own key); the first of them in *first. */
static void views_named(unsigned group, const view_ops *v, char *buf, size_t len,
                        const view_ops **first)
{
	const char *names[UI_VIEWS_MAX];
	int n = 0;
	*first = v;
	if (v)
		names[n++] = v->title;
	for (int i = 0; !v && ui_view_at(i); i++) {
		const view_ops *o = ui_view_at(i);
		if (o->lab_keys & group) {
			if (!n)
				*first = o;
			names[n++] = o->title;
		}
	}
	size_t at = (size_t)snprintf(buf, len, "the ");
	for (int i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", names[i],
		                       i == n - 1 ? "" : i == n - 2 ? " and " : ", ");
	if (at < len)
		snprintf(buf + at, len - at, " view%s", n > 1 ? "s" : "");
}

/* Keys of other views than the one shown do nothing but say which views
 * they belong to: in another view a key would change what is not shown
 * (x in the training view) or nothing at all. */
static void other_views_key(ui *u, int key, unsigned group, const view_ops *v)
{
	char name[16], where[96];
	const view_ops *first;
	key_label(key, name, sizeof name);
	views_named(group, v, where, sizeof where, &first);
	snprintf(u->msg, sizeof u->msg, "%s is a key of %s: :view %s", name, where,
	         first ? first->name : "plot");
}

/* ---- dispatch ------------------------------------------------------------- */

/* The row of a table that takes key, or NULL. */
static const key_binding *find_binding(const key_binding *t, int key)
{
	for (const key_binding *b = t; t && b->keys[0]; b++)
		for (int i = 0; i < 5 && b->keys[i]; i++)
			if (b->keys[i] == key || b->keys[i] == ANY_KEY)
				return b;
	return NULL;
}

static void run_binding(ui *u, const key_binding *b, int key)
{
	if (b->cmd)
		ui_cmd_line(u, b->cmd);
	else if (b->fn)
		b->fn(u, b->arg == KEY_ARG ? key : b->arg);
}

/* The main mode: the shown view's own keys, then the lab's (in the views
 * that take them), then other views' keys, which only say where they
 * belong. True when the key was one of them. */
static bool main_key(ui *u, int key)
{
	const view_ops *shown = ui_view_shown(u);
	const key_binding *b = find_binding(shown->keys, key);
	if (b) {
		run_binding(u, b, key);
		return true;
	}
	if ((b = find_binding(main_keys, key))) {
		if (b->group && !(shown->lab_keys & b->group))
			other_views_key(u, key, b->group, NULL);
		else
			run_binding(u, b, key);
		return true;
	}
	for (int i = 0; ui_view_at(i); i++) {
		if (find_binding(ui_view_at(i)->keys, key)) {
			other_views_key(u, key, 0, ui_view_at(i));
			return true;
		}
	}
	return false;
}

static void dispatch(ui *u, int key)
{
	if (key == KEY_RESIZE)
		return;   /* the next frame is composed at the new size anyway */
	/* once more at most: a mode that ends passes the key to the next */
	for (int pass = 0; pass < 2; pass++) {
		if (u->mode == UI_MAIN) {
			if (!main_key(u, key))
				strcpy(u->msg, "no such key: ? lists the keys");
			return;
		}
		const key_binding *b = find_binding(tables[u->mode], key);
		if (!b && mode_ends[u->mode]) {
			if (mode_ends[u->mode](u, key))
				return;
			continue;
		}
		if (b)
			run_binding(u, b, key);
		return;
	}
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

/* The help overlay's rows: the lab's table, with each view's own keys
 * where a VIEWS_HELP row names the view, and at the one naming none those
 * of the views no row names. visit returns true to stop. */
static bool help_named(const char *name)
{
	for (const key_binding *b = main_keys; b->keys[0]; b++)
		if (b->keys[0] == VIEWS_HELP && b->label && !strcmp(b->label, name))
			return true;
	return false;
}

static const key_binding *help_row(int i)
{
	for (const key_binding *b = main_keys; b->keys[0]; b++) {
		if (b->keys[0] != VIEWS_HELP) {
			if (b->help && i-- == 0)
				return b;
			continue;
		}
		for (int v = 0; ui_view_at(v); v++) {
			const view_ops *o = ui_view_at(v);
			if (b->label ? strcmp(o->name, b->label) != 0 : help_named(o->name))
				continue;
			for (const key_binding *k = o->keys; k && k->keys[0]; k++)
				if (k->help && i-- == 0)
					return k;
		}
	}
	return NULL;
}

const view_key *ui_key_table(void)
{
	return main_keys;
}

int ui_help_count(void)
{
	int n = 0;
	while (help_row(n))
		n++;
	return n;
}

void ui_help_line(const ui *u, int i, const char **keys, const char **what)
{
	const key_binding *b = help_row(i);
	*keys = b ? (u->ascii ? b->label_ascii : b->label) : "";
	*what = b ? b->help : "";
}

const char *const *ui_hints(const ui *u)
{
	/* the hints follow the view, as the keys do */
	const view_ops *v = ui_view_shown(u);
	if (u->mode == UI_MAIN && v->hints)
		return v->hints;
	return hints[u->mode];
}

const char *ui_hint_keys(const ui *u, const char *keys)
{
	if (!u->ascii)
		return keys;
	if (!strcmp(keys, "\u2191\u2193"))
		return "j k";
	if (!strcmp(keys, "\u2190\u2192"))
		return "h l";
	return keys;
}
