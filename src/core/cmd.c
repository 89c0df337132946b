/* cmd.c - the one command language (see cmd.h): a line split into words,
 * the first word looked up in the command table, and the row's parser
 * checking the rest; then cmd_apply for what changes the lab.
 *
 * The command table drives dispatch, `help` and completion alike, and the
 * `set` names, the views and the fixed argument words are tables too, so a
 * new command or view is one row. Every message quotes what the user typed
 * through quote(): printable ASCII only and truncated, so a status line
 * never receives control bytes or half a UTF-8 sequence.
 */
#include "cmd.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "setting.h"
#include "num.h"
#include "train.h"
#include "util.h"

/* Longer lines are refused before they are split: no command comes near
 * this, and a fixed buffer keeps the parser free of allocation. */
#define LINE_MAX_LEN 511
/* Words kept from a line; more are only counted. No command takes more,
 * and rows taking any count check it before reading the words. */
#define MAX_WORDS 8
/* Bytes of user text shown in a message. */
#define QUOTE_MAX 32
#define LESSON_MAX 9999L
#define WORD_MAX ((int)sizeof(((cmd *)0)->word) - 1)

/* ---- messages ------------------------------------------------------------ */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* User text for a message: printable ASCII only ('?' for anything else)
 * and at most QUOTE_MAX bytes, so a message stays one short, safe line. */
static const char *quote(const char *s, char out[QUOTE_MAX + 4])
{
	size_t i = 0;
	for (; s[i] && i < QUOTE_MAX; i++) {
		unsigned char ch = (unsigned char)s[i];
		out[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
	}
	if (s[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* "a", "a or b", "a, b or c" */
static void join_or(const char *const *w, size_t n, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o < len; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int k = snprintf(out + o, len - o, "%s%s", sep, w[i]);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

/* For "did you mean": commands and names are lowercase, so 'SET' should
 * still find 'set'. */
static void lower(const char *s, char *out, size_t len)
{
	size_t i = 0;
	for (; s[i] && i + 1 < len; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[i] = '\0';
}

static const char *nearest(const char *name, const char *const *cands, size_t n)
{
	char low[64];
	lower(name, low, sizeof low);
	return util_nearest(low, cands, n);
}

static bool range_ok(double v, double min, double max)
{
	return isfinite(v) && v >= min && v <= max;
}

static int range_fail(const char *what, double v, double min, double max,
                      char *err, size_t errlen)
{
	char a[32], b[32], g[32];
	return fail(err, errlen, "%s must be between %s and %s, got %s", what,
	            num_shortest(min, a), num_shortest(max, b), num_shortest(v, g));
}

/* A plotted range: from < to, and a width the plot can zoom to. */
static int range_order(double a, double b, char *err, size_t errlen)
{
	char sa[32], sb[32], smin[32], smax[32];
	if (!(a < b))
		return fail(err, errlen, "set range needs A < B, got %s and %s: set range -6 6",
		            num_shortest(a, sa), num_shortest(b, sb));
	/* the same slack as zooming, so 0.1 .. 0.101 counts as 0.001 wide */
	double span = b - a;
	if (span < LAB_SPAN_MIN * (1 - 1e-9) || span > LAB_SPAN_MAX * (1 + 1e-9))
		return fail(err, errlen, "the range must be %s to %s wide, got %s .. %s",
		            num_shortest(LAB_SPAN_MIN, smin), num_shortest(LAB_SPAN_MAX, smax),
		            num_shortest(a, sa), num_shortest(b, sb));
	return 0;
}

/* ---- fixed word lists -------------------------------------------------- */

#define NAME_OF(name, ...) name,

/* The lab's views. Later views (net, cost, train) are a row each. */
static const char *const view_words[] = { "plot", "chain", "net", "cost", "train" };
#define N_VIEW (sizeof view_words / sizeof view_words[0])

/* In charset order: the index is the charset value. */
static const char *const charset_words[] = { "ascii", "block", "braille" };
#define N_CHARSET (sizeof charset_words / sizeof charset_words[0])

static const char *const onoff_words[] = { "on", "off" };

static const char *const train_words[] = { "run", "pause", "step", "restart" };
#define N_TRAIN (sizeof train_words / sizeof train_words[0])

/* The settings a key steps (setting.c's rows with a step rule), and
 * param for the activation's, whatever its name. */
static const char *const step_words[] = {
	"x", "depth", "gain", "param", "lr", "width", "layers", "target", "net-width", "net-seed",
	"net-init",
};
#define N_STEP (sizeof step_words / sizeof step_words[0])
static const char *const updown_words[] = { "up", "down" };

/* ---- the command table ---------------------------------------------------- */

#define ARGS_ANY (-1)

typedef struct row row;
typedef int (*parse_fn)(const row *r, char **arg, int nargs, cmd *c,
                        char *err, size_t errlen);

struct row {
	const char *name;
	const char *alias;     /* another spelling, or NULL */
	cmd_kind kind;
	int min_args, max_args; /* max ARGS_ANY: the parser counts itself */
	const char *needs;     /* "a name and a value", for "set needs ...: " */
	const char *example;   /* a correct line */
	const char *usage;
	const char *help;
	parse_fn parse;        /* NULL: takes no arguments */
	const char *const *words; /* fixed words its argument takes, for completion */
	size_t nwords;
};

static int parse_act(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int pick_word(const char *what, const char *s, const char *const *w, size_t n,
                     size_t *out, char *err, size_t errlen);
static int parse_set(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_compare(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_eval(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_view(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_lesson(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_answer(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_charset(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_color(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_help(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_train(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);
static int parse_step(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen);

/* name, alias, kind, min and max arguments, what it needs, an example,
 * usage, help, parser, the fixed words its argument takes */
#define CMD_TABLE(X) \
	X("act", NULL, CMD_ACT, 1, 1, "a name", "act leaky_relu", \
	  "act NAME", "switch to another activation (aliases work: leaky, swish, ...)", \
	  parse_act, NULL, 0) \
	X("set", NULL, CMD_SET, 1, ARGS_ANY, "a name and a value", "set slope 0.1", \
	  "set NAME VALUE", "set x, depth, gain, bias or the parameter (slope, floor, " \
	  "alpha, beta, lambda); set range A B for the plot; net-width, net-batch, " \
	  "net-seed, net-init for view net; lr, momentum, width, layers, batch, " \
	  "points, noise, seed, target, init for training; pace (steps a second, " \
	  "0: flat out) and race (a second activation, or none) for the training view", \
	  parse_set, NULL, 0) \
	X("reset", NULL, CMD_RESET, 0, 0, NULL, "reset", \
	  "reset", "back to the lab state the lesson opened with", \
	  NULL, NULL, 0) \
	X("compare", NULL, CMD_COMPARE, 0, ARGS_ANY, NULL, "compare relu gelu", \
	  "compare [NAME...]", "overlay up to 4 activations in one plot; compare alone ends it", \
	  parse_compare, NULL, 0) \
	X("eval", NULL, CMD_EVAL, 1, 1, "a number", "eval -2", \
	  "eval X", "show f(X), f'(X) and the chain at X; the marker stays", \
	  parse_eval, NULL, 0) \
	X("view", NULL, CMD_VIEW, 1, 1, "a name", "view chain", \
	  "view NAME", "what the lab shows: plot (f and f'), chain (the depth chain), " \
	  "net (a wide network, layer by layer), cost (what each activation costs " \
	  "here) or train (a small network learning)", \
	  parse_view, view_words, N_VIEW) \
	X("lesson", NULL, CMD_LESSON, 1, 1, "a number or a name", "lesson 2", \
	  "lesson N|NAME", "go to lesson N, or to the lesson called NAME", \
	  parse_lesson, NULL, 0) \
	X("next", NULL, CMD_NEXT, 0, 0, NULL, "next", \
	  "next", "the next lesson", \
	  NULL, NULL, 0) \
	X("prev", NULL, CMD_PREV, 0, 0, NULL, "prev", \
	  "prev", "the previous lesson", \
	  NULL, NULL, 0) \
	X("toc", NULL, CMD_TOC, 0, 0, NULL, "toc", \
	  "toc", "the table of contents", \
	  NULL, NULL, 0) \
	X("answer", NULL, CMD_ANSWER, 1, 1, "a value", "answer b", \
	  "answer VALUE", "answer the quiz: a number or a choice letter", \
	  parse_answer, NULL, 0) \
	X("charset", NULL, CMD_CHARSET, 1, 1, "ascii, block or braille", "charset ascii", \
	  "charset ascii|block|braille", "draw plots with ASCII, block or braille characters", \
	  parse_charset, charset_words, N_CHARSET) \
	X("color", "colour", CMD_COLOR, 1, 1, "on or off", "color off", \
	  "color on|off", "colours on or off (colour works too)", \
	  parse_color, onoff_words, 2) \
	X("help", NULL, CMD_HELP, 0, 1, NULL, "help set", \
	  "help [COMMAND]", "list the commands, or explain one", \
	  parse_help, command_words, N_CMD) \
	X("quit", "q", CMD_QUIT, 0, 0, NULL, "quit", \
	  "quit", "leave whyrelu (q works too)", \
	  NULL, NULL, 0) \
	X("train", NULL, CMD_TRAIN, 1, 1, "run, pause, step or restart", "train run", \
	  "train run|pause|step|restart", "the training view: run, pause, one step, " \
	  "start again from the seed's weights", \
	  parse_train, train_words, N_TRAIN) \
	X("step", NULL, CMD_STEP, 2, 3, "a name and up or down", "step depth up", \
	  "step NAME up|down [coarse]", "move a setting by a key's step: x, depth, gain or " \
	  "param (the parameter; coarse: x and param only), net-width, net-seed, " \
	  "net-init for view net, lr, width, layers, target for training", \
	  parse_step, step_words, N_STEP)

static const char *const command_words[] = { CMD_TABLE(NAME_OF) };
#define N_CMD (sizeof command_words / sizeof command_words[0])

#define ROW_OF(name, alias, kind, min, max, needs, example, usage, help, parse, words, nwords) \
	{ name, alias, kind, min, max, needs, example, usage, help, parse, words, nwords },
static const row table[] = { CMD_TABLE(ROW_OF) };
#undef ROW_OF

static const row *find_row(const char *name)
{
	for (size_t i = 0; i < N_CMD; i++)
		if (!strcmp(table[i].name, name) || (table[i].alias && !strcmp(table[i].alias, name)))
			return &table[i];
	return NULL;
}

static int unknown_command(const char *prefix, const char *name, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 4];
	const char *s = nearest(name, command_words, N_CMD);
	if (s)
		return fail(err, errlen, "%sunknown command '%s'; did you mean '%s'?",
		            prefix, quote(name, q), s);
	return fail(err, errlen, "%sunknown command '%s'; 'help' lists the commands",
	            prefix, quote(name, q));
}

/* ---- the parsers -------------------------------------------------------- */

/* An activation by name or alias, or an error with a suggestion. */
static const act_def *find_act(const char *prefix, const char *name, char *err, size_t errlen)
{
	const act_def *a = act_find(name);
	if (a)
		return a;
	char q[QUOTE_MAX + 4], low[64];
	lower(name, low, sizeof low);
	const char *s = act_suggest(low);
	if (s)
		fail(err, errlen, "%sunknown activation '%s'; did you mean '%s'?",
		     prefix, quote(name, q), s);
	else
		fail(err, errlen, "%sunknown activation '%s' (relu, leaky_relu, gelu, "
		     "sigmoid, tanh, ...)", prefix, quote(name, q));
	return NULL;
}

static int parse_act(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	c->act = find_act("", arg[0], err, errlen);
	return c->act ? 0 : -1;
}

static int pick_word(const char *what, const char *s, const char *const *w, size_t n,
                     size_t *out, char *err, size_t errlen);

/* A word setting's value that is none of its names: say which, with the
 * nearest when one is close. */
static int word_fail(const setting *s, const char *v, char *err, size_t errlen)
{
	size_t n, i = 0;
	const char *const *names = s->names(&n);
	if (pick_word(s->name, v, names, n, &i, err, errlen) < 0) {
		const char *near = nearest(v, names, n);
		char q[QUOTE_MAX + 4];
		if (near)
			fail(err, errlen, "unknown %s '%s'; did you mean '%s'?", s->name, quote(v, q), near);
	}
	return -1;
}

static int parse_set(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	char q[QUOTE_MAX + 4];
	size_t nset;
	const char *const *set_words = setting_names(&nset);
	const setting *s = setting_find(arg[0]);
	if (!s) {
		const char *near = nearest(arg[0], set_words, nset);
		if (near)
			return fail(err, errlen, "set: unknown name '%s'; did you mean '%s'?",
			            quote(arg[0], q), near);
		/* the whole list is too long for a status line: the lab's own
		 * names here, all of them in help set */
		return fail(err, errlen, "set: unknown name '%s'; names are x, depth, gain, bias, "
		            "range, the activation's parameter, and the net and train views' "
		            "(help set lists them)", quote(arg[0], q));
	}
	/* the row takes one word or more, so that a missing value or an extra
	 * word is told about 'set range' or 'set x': count before reading
	 * past arg[0] */
	bool range = s->type == SETTING_RANGE;
	int want = range ? 3 : 2;
	if (nargs > want)
		return fail(err, errlen, "too many arguments to 'set %s': set %s %s",
		            s->name, s->name, s->example);
	if (range) {
		if (nargs < 3)
			return fail(err, errlen, "set range needs two numbers: set range %s", s->example);
		double a, b;
		if (!setting_parse(s, arg[1], "range start", &a, NULL, err, errlen) ||
		    !setting_parse(s, arg[2], "range end", &b, NULL, err, errlen) ||
		    range_order(a, b, err, errlen) < 0)
			return -1;
		c->kind = CMD_RANGE;
		c->value = a;
		c->value2 = b;
		return 0;
	}
	if (nargs < 2)
		return fail(err, errlen, "set %s needs a value: set %s %s", s->name, s->name, s->example);
	c->var = s->var;
	switch (s->type) {
	case SETTING_ACT:
		if (!strcmp(arg[1], "none")) {
			c->act = NULL;
			return 0;
		}
		c->act = find_act("race: ", arg[1], err, errlen);
		return c->act ? 0 : -1;
	case SETTING_WORD:
		if (!setting_parse(s, arg[1], s->name, NULL, &c->n, err, errlen))
			return word_fail(s, arg[1], err, errlen);
		return 0;
	case SETTING_PARAM:
		c->param_name = s->name;
		break;
	case SETTING_REAL: case SETTING_WHOLE: case SETTING_RANGE:
		break;
	}
	if (!setting_parse(s, arg[1], s->name, &c->value, &c->n, err, errlen))
		return -1;
	if (s->type == SETTING_WHOLE)
		c->value = (double)c->n;
	return 0;
}

static int parse_compare(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	char q[QUOTE_MAX + 4];
	if (nargs > CMD_MAX_COMPARE)
		return fail(err, errlen, "compare takes at most %d activations", CMD_MAX_COMPARE);
	for (int i = 0; i < nargs; i++) {
		const act_def *a = find_act("compare: ", arg[i], err, errlen);
		if (!a)
			return -1;
		for (int j = 0; j < i; j++) {
			if (c->compare[j] != a)
				continue;
			if (!strcmp(arg[i], a->name) && !strcmp(arg[j], a->name))
				return fail(err, errlen, "compare: %s appears twice", a->name);
			return fail(err, errlen, "compare: %s appears twice (%s is %s)", a->name,
			            quote(strcmp(arg[i], a->name) ? arg[i] : arg[j], q), a->name);
		}
		c->compare[i] = a;
	}
	c->ncompare = nargs;
	return 0;
}

static int parse_eval(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	return num_parse_range(arg[0], "x", -LAB_X_MAX, LAB_X_MAX, &c->value, err, errlen) ? 0 : -1;
}

/* One of a fixed list of words, or an error naming them all. */
static int pick_word(const char *what, const char *s, const char *const *w, size_t n,
                     size_t *out, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(s, w[i])) {
			*out = i;
			return 0;
		}
	}
	char q[QUOTE_MAX + 4], list[128];
	join_or(w, n, list, sizeof list);
	return fail(err, errlen, "%s must be %s, got '%s'", what, list, quote(s, q));
}

static int parse_view(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	size_t i = 0;
	if (pick_word("view", arg[0], view_words, N_VIEW, &i, err, errlen) < 0) {
		const char *s = nearest(arg[0], view_words, N_VIEW);
		char q[QUOTE_MAX + 4];
		if (s)
			fail(err, errlen, "unknown view '%s'; did you mean '%s'?", quote(arg[0], q), s);
		return -1;
	}
	snprintf(c->word, sizeof c->word, "%s", view_words[i]);
	return 0;
}

static int parse_lesson(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	const char *s = arg[0];
	char q[QUOTE_MAX + 4];
	/* a number when it looks like one ("12", "-1", "1.5"), else a name */
	if (strspn(s, "0123456789+-.eE") == strlen(s) && strpbrk(s, "0123456789")) {
		const char *d = s + (s[0] == '+' || s[0] == '-');
		bool whole = d[0] && strspn(d, "0123456789") == strlen(d);
		if (num_parse_long(s, "lesson", 1, LESSON_MAX, &c->n, err, errlen))
			return 0;
		if (!whole)
			return -1;   /* "1.5": err says it must be a whole number */
		/* a whole number that is no lesson's: the course says which numbers
		 * there are, the same way for 0 as for one past the last */
		if ((int)strlen(s) > WORD_MAX)
			return fail(err, errlen, "lesson number is too long (at most %d characters)",
			            WORD_MAX);
		c->n = 0;
		snprintf(c->word, sizeof c->word, "%s", s);
		if (errlen)
			err[0] = '\0';   /* the range message above is no error here */
		return 0;
	}
	if (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(s) || s[0] == '-')
		return fail(err, errlen, "lesson names use a-z, 0-9 and -, got '%s': lesson %s",
		            quote(s, q), "why-relu");
	if ((int)strlen(s) > WORD_MAX)
		return fail(err, errlen, "lesson name is too long (at most %d characters)", WORD_MAX);
	c->n = 0;
	snprintf(c->word, sizeof c->word, "%s", s);
	return 0;
}

static int parse_answer(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	if ((int)strlen(arg[0]) > WORD_MAX)
		return fail(err, errlen, "answer is too long (at most %d characters)", WORD_MAX);
	snprintf(c->word, sizeof c->word, "%s", arg[0]);
	return 0;
}

static int parse_charset(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	size_t i = 0;
	if (pick_word("charset", arg[0], charset_words, N_CHARSET, &i, err, errlen) < 0)
		return -1;
	c->cs = (charset)i;
	return 0;
}

static int parse_color(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)nargs;
	size_t i = 0;
	if (pick_word(r->name, arg[0], onoff_words, 2, &i, err, errlen) < 0)
		return -1;
	c->on = i == 0;
	return 0;
}

static int parse_train(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	(void)nargs;
	size_t i = 0;
	if (pick_word("train", arg[0], train_words, N_TRAIN, &i, err, errlen) < 0) {
		const char *s = nearest(arg[0], train_words, N_TRAIN);
		char q[QUOTE_MAX + 4];
		if (s)
			fail(err, errlen, "train: unknown action '%s'; did you mean '%s'?",
			     quote(arg[0], q), s);
		return -1;
	}
	snprintf(c->word, sizeof c->word, "%s", train_words[i]);
	return 0;
}

static int parse_step(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	char q[QUOTE_MAX + 4];
	const setting *s = setting_find(arg[0]);
	bool param = !strcmp(arg[0], "param") || (s && s->var == CMD_VAR_PARAM);
	if (!param && (!s || s->step == STEP_NONE)) {
		const char *near = nearest(arg[0], step_words, N_STEP);
		if (s)
			return fail(err, errlen, "step: no key steps %s; set %s %s", s->name, s->name,
			            s->example);
		if (near)
			return fail(err, errlen, "step: unknown name '%s'; did you mean '%s'?",
			            quote(arg[0], q), near);
		return fail(err, errlen, "step: unknown name '%s' (help step lists the names)",
		            quote(arg[0], q));
	}
	size_t i = 0;
	if (pick_word("step", arg[1], updown_words, 2, &i, err, errlen) < 0)
		return fail(err, errlen, "step %s takes up or down, got '%s': step %s up", arg[0],
		            quote(arg[1], q), arg[0]);
	c->var = param ? CMD_VAR_PARAM : s->var;
	/* a parameter by its name must be the activation's, as for set */
	c->param_name = param && s ? s->name : NULL;
	c->value = i == 0 ? 1 : -1;
	c->on = false;
	if (nargs == 3) {
		if (strcmp(arg[2], "coarse") != 0)
			return fail(err, errlen, "step: '%s' after up or down; only coarse goes there: "
			            "step %s %s coarse", quote(arg[2], q), arg[0], arg[1]);
		if (c->var != CMD_VAR_X && c->var != CMD_VAR_PARAM)
			return fail(err, errlen, "step %s has one step; coarse goes with x and param",
			            arg[0]);
		c->on = true;
	}
	return 0;
}

static int parse_help(const row *r, char **arg, int nargs, cmd *c, char *err, size_t errlen)
{
	(void)r;
	if (nargs == 0)
		return 0;
	const row *t = find_row(arg[0]);
	if (!t)
		return unknown_command("help: ", arg[0], err, errlen);
	snprintf(c->word, sizeof c->word, "%s", t->name);
	return 0;
}

/* ---- the line ------------------------------------------------------------- */

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool edge_blank(char ch)
{
	return blank(ch) || ch == '\r' || ch == '\n';
}

int cmd_parse(const char *line, cmd *c, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!line)
		return 1;
	const char *start = line;
	while (edge_blank(*start))
		start++;
	if (!*start || *start == '#')
		return 1;
	size_t len = strlen(start);
	while (len > 0 && edge_blank(start[len - 1]))
		len--;
	if (len > LINE_MAX_LEN)
		return fail(err, errlen, "line too long: %zu characters, a command has at most %d",
		            len, LINE_MAX_LEN);
	/* commands, names and numbers are plain ASCII: refuse anything else
	 * here, once, with where it is */
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)start[i];
		size_t col = (size_t)(start - line) + i + 1;
		if (ch >= 0x80)
			return fail(err, errlen, "only plain ASCII is understood; found a non-ASCII "
			            "character at column %zu", col);
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return fail(err, errlen, "control character 0x%02x at column %zu; commands "
			            "are plain text", ch, col);
	}

	char buf[LINE_MAX_LEN + 1];
	memcpy(buf, start, len);
	buf[len] = '\0';
	char *word[MAX_WORDS];
	int nw = 0;
	for (char *p = buf; *p;) {
		while (blank(*p))
			p++;
		if (!*p)
			break;
		if (nw < MAX_WORDS)
			word[nw] = p;
		nw++;
		while (*p && !blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}

	const row *r = find_row(word[0]);
	if (!r)
		return unknown_command("", word[0], err, errlen);
	int nargs = nw - 1;
	if (nargs < r->min_args)
		return fail(err, errlen, "%s needs %s: %s", r->name, r->needs, r->example);
	if (r->max_args != ARGS_ANY && nargs > r->max_args) {
		if (r->max_args == 0)
			return fail(err, errlen, "too many arguments to '%s'", r->name);
		return fail(err, errlen, "too many arguments to '%s': %s", r->name, r->usage);
	}

	/* parse into a scratch command: on failure *c is left as it was */
	cmd t;
	memset(&t, 0, sizeof t);
	t.kind = r->kind;
	if (r->parse && r->parse(r, word + 1, nargs, &t, err, errlen) < 0)
		return -1;
	*c = t;
	return 0;
}

/* ---- applying to the lab ---------------------------------------------------- */

/* The activations whose parameter is called name, for "'set slope' needs
 * leaky_relu or prelu". Returns how many; the first is in *first. */
static size_t acts_with_param(const char *name, char *list, size_t len, const char **first)
{
	size_t n;
	const act_def *t = act_table(&n);
	const char *names[16] = { NULL };
	size_t k = 0;
	for (size_t i = 0; i < n && k < 16; i++)
		if (t[i].param.name && !strcmp(t[i].param.name, name))
			names[k++] = t[i].name;
	join_or(names, k, list, len);
	*first = k ? names[0] : NULL;
	return k;
}

static int apply_param(lab *l, const cmd *c, char *err, size_t errlen)
{
	const act_def *a = l->act;
	const char *name = c->param_name ? c->param_name : "";
	if (!act_has_param(a) || strcmp(a->param.name, name) != 0) {
		char list[128], what[64];
		const char *first;
		if (act_has_param(a))
			snprintf(what, sizeof what, "%s takes %s, not %s", a->name, a->param.name, name);
		else
			snprintf(what, sizeof what, "%s takes no parameter", a->name);
		if (!acts_with_param(name, list, sizeof list, &first))
			return fail(err, errlen, "%s", what);
		return fail(err, errlen, "%s; 'set %s' needs %s (act %s first)",
		            what, name, list, first);
	}
	if (!act_param_check(a, c->value, err, errlen))
		return -1;
	l->p = c->value;
	return 0;
}

/* Move x, and the range with it when x would leave the plot, keeping the
 * range's width, as the x keys do. */
static void move_x(lab *l, double x)
{
	l->x = x;
	if (x >= l->from && x <= l->to)
		return;
	double span = l->to - l->from;
	double from = x - span / 2, to = from + span;
	if (to > LAB_X_MAX) {
		to = LAB_X_MAX;
		from = to - span;
	}
	if (from < -LAB_X_MAX) {
		from = -LAB_X_MAX;
		to = from + span;
	}
	/* rounded ends read better, unless rounding would change the width
	 * (a narrow range far from 0) or put x outside */
	double tf = setting_tidy(from), tt = setting_tidy(to);
	if (fabs((tt - tf) - span) <= 1e-9 * span && x >= tf && x <= tt) {
		from = tf;
		to = tt;
	}
	l->from = from;
	l->to = to;
}

/* Checked again here, as every apply is: a command built by hand must not
 * put a setting out of range. The training view's settings are checked
 * together (batch against points) by train_cfg_check. */
static int apply_set(lab *l, const cmd *c, char *err, size_t errlen)
{
	const setting *s = setting_of(c->var);
	if (!s || s->type == SETTING_RANGE)
		return fail(err, errlen, "set: unknown name");
	double v = s->type == SETTING_WHOLE || s->type == SETTING_WORD ? (double)c->n : c->value;
	if (!setting_check(s, v, err, errlen))
		return -1;
	switch (c->var) {
	case CMD_VAR_X:
		move_x(l, c->value);
		return 0;
	case CMD_VAR_PARAM:
		return apply_param(l, c, err, errlen);
	case CMD_VAR_RACE:
		l->race = c->act;
		return 0;
	case CMD_VAR_LR: case CMD_VAR_MOMENTUM: case CMD_VAR_WIDTH: case CMD_VAR_LAYERS:
	case CMD_VAR_BATCH: case CMD_VAR_POINTS: case CMD_VAR_NOISE: case CMD_VAR_SEED:
	case CMD_VAR_TARGET: case CMD_VAR_INIT: {
		lab t = *l;
		setting_put(s, &t, v);
		if (!train_cfg_check(&t.train, err, errlen))
			return -1;
		l->train = t.train;
		return 0;
	}
	default:
		setting_put(s, l, v);
		return 0;
	}
}

static int apply_range(lab *l, const cmd *c, char *err, size_t errlen)
{
	double a = c->value, b = c->value2;
	if (!range_ok(a, -LAB_X_MAX, LAB_X_MAX))
		return range_fail("range start", a, -LAB_X_MAX, LAB_X_MAX, err, errlen);
	if (!range_ok(b, -LAB_X_MAX, LAB_X_MAX))
		return range_fail("range end", b, -LAB_X_MAX, LAB_X_MAX, err, errlen);
	if (range_order(a, b, err, errlen) < 0)
		return -1;
	l->from = a;
	l->to = b;
	return 0;
}

int cmd_apply(lab *l, const cmd *c, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	switch (c->kind) {
	case CMD_ACT:
		if (!c->act || act_index(c->act) < 0)
			return fail(err, errlen, "act needs a name: act leaky_relu");
		lab_set_act(l, c->act);
		return 0;
	case CMD_SET:
		return apply_set(l, c, err, errlen);
	case CMD_RANGE:
		return apply_range(l, c, err, errlen);
	case CMD_RESET:
		lab_do(l, LAB_RESET, NULL, 0);
		return 0;
	case CMD_CHARSET:
		if ((unsigned)c->cs >= N_CHARSET)
			return fail(err, errlen, "charset must be ascii, block or braille");
		l->cs = c->cs;
		return 0;
	case CMD_COLOR:
		l->color = c->on;
		return 0;
	case CMD_STEP:
		if (c->var == CMD_VAR_PARAM && c->param_name) {
			const act_def *a = l->act;
			if (!act_has_param(a))
				return fail(err, errlen, "%s takes no parameter", a->name);
			if (strcmp(a->param.name, c->param_name) != 0)
				return fail(err, errlen, "%s takes %s, not %s: step %s up", a->name,
				            a->param.name, c->param_name, a->param.name);
		}
		/* a limit reached changes nothing, and says which */
		return lab_step(l, c->var, c->value > 0 ? 1 : -1, c->on, err, errlen) ? 0 : -1;
	case CMD_COMPARE: case CMD_EVAL: case CMD_VIEW: case CMD_LESSON: case CMD_NEXT:
	case CMD_PREV: case CMD_TOC: case CMD_ANSWER: case CMD_HELP: case CMD_QUIT:
	case CMD_TRAIN:
		return 1;
	}
	return 1;
}

/* ---- names and help ------------------------------------------------------ */

const char *const *cmd_names(size_t *n)
{
	if (n)
		*n = N_CMD;
	return command_words;
}

const char *cmd_help(const char *name)
{
	const row *r = name ? find_row(name) : NULL;
	return r ? r->help : NULL;
}

const char *cmd_usage(const char *name)
{
	const row *r = name ? find_row(name) : NULL;
	return r ? r->usage : NULL;
}

const char *const *cmd_words(const char *name, size_t *n)
{
	const row *r = name ? find_row(name) : NULL;
	if (r && r->kind == CMD_SET)
		return setting_names(n ? n : &(size_t){0});
	if (!r || !r->words) {
		if (n)
			*n = 0;
		return NULL;
	}
	if (n)
		*n = r->words == command_words ? N_CMD : r->nwords;
	return r->words;
}
