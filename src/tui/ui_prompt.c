/* ui_prompt.c - the `:` prompt: a line edited with GNU readline on the
 * bottom row, run through the command language (cmd.h), and the overlay
 * listing the commands.
 *
 * Readline runs inside curses through its callback interface, and only
 * while the prompt is open. The key loop hands each key to ui_prompt_key,
 * which turns curses' key codes back into the bytes readline binds
 * (arrows, Home, End, Delete), gathers the bytes of a UTF-8 character so
 * that readline gets it whole (an incremental search reads all of a
 * character at once), and feeds them through rl_getc_function. Readline
 * never touches the terminal: preparing it is a no-op, it catches no
 * signals, it writes only to /dev/null, and its redisplay function draws
 * nothing; each frame shows rl_display_prompt, rl_line_buffer and rl_point
 * like any other state. With a redisplay function of its own readline also
 * leaves the terminfo entry alone (tgetent would replace curses' one).
 *
 * A lone ESC: readline takes ESC as the start of a key sequence and would
 * wait for the next byte. curses has already waited ESCDELAY for one, so
 * an ESC with no key behind it was pressed alone, and closes the prompt;
 * in vi insert mode and in a search it goes to readline, which leaves the
 * mode. ESC followed by a key is Meta-key.
 *
 * History is read on the first `:`, not at start-up, and each line is
 * appended as it is run; the file is cut to HISTORY_MAX lines. Neither
 * happens through a symbolic link (history_safe).
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cli.h"
#include "cmd.h"
#include "complete.h"
#include "draw.h"
#include "num.h"
#include "progress.h"
#include "ui_impl.h"

#define KEY_ESC 27
#define CTRL_KEY(c) ((c) & 0x1f)
#define HISTORY_MAX 1000
#define PROMPT ":"
/* the keys the prompt takes, right of the line while there is room */
#define PROMPT_KEYS "Enter runs, Tab completes, Esc cancels, help lists commands"

/* Readline is one per process, and so is what feeds it. */
static ui *cur;                  /* the ui while the prompt is open */
static bool ready;               /* readline set up */
static bool open_;               /* the line handler is installed */
static unsigned char queue[64];  /* bytes for rl_getc_function */
static int q_head, q_len;
static unsigned char pending[8]; /* the start of a UTF-8 character */
static int pending_len, pending_need;
static FILE *null_in, *null_out;

static bool history_read;
static bool history_ok;          /* the file can be written */
static char history_file[4096 + 16];

/* A message for the status line; long ones are cut where the line ends
 * anyway. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void say(ui *u, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
}

/* ---- readline's side ------------------------------------------------------ */

static void prep_term(int meta)
{
	(void)meta;   /* curses owns the terminal */
}

static void deprep_term(void)
{
}

static void redisplay(void)
{
	/* the next frame draws the line (ui_prompt_draw) */
}

/* Readline reads no further than the bytes of the key it was given (a
 * UTF-8 character comes whole, and in callback mode readline waits for
 * the rest of a key sequence by returning); EOF is only a guard. */
static int next_byte(FILE *in)
{
	(void)in;
	if (q_head < q_len)
		return queue[q_head++];
	return EOF;
}

static int bytes_waiting(void)
{
	return q_head < q_len;
}

/* Feed bytes to readline, a whole key at a time; what is left when the
 * line is done (Enter) is dropped: the keys after it are the lab's. */
static void feed(const unsigned char *b, int n)
{
	if (n <= 0 || n > (int)sizeof queue)
		return;
	memcpy(queue, b, (size_t)n);
	q_head = 0;
	q_len = n;
	/* each call reads at least one byte; the bound only guards against a
	 * readline that stops reading */
	for (int guard = 0; open_ && q_head < q_len && guard < 4 * n; guard++)
		rl_callback_read_char();
	q_head = q_len = 0;
}

static void feed_str(const char *s)
{
	feed((const unsigned char *)s, (int)strlen(s));
}

/* The choices, in the status line instead of printed below the prompt. */
static void show_matches(char **matches, int num, int max)
{
	(void)max;
	if (!cur)
		return;
	char *m = cur->msg;
	size_t len = sizeof cur->msg, o = 0;
	for (int i = 1; i <= num; i++) {
		const char *w = matches[i];
		size_t wl = strlen(w);
		/* room for the word, its blanks and a final "..." */
		if (o + wl + 2 + 4 >= len) {
			snprintf(m + o, len - o, "...");
			return;
		}
		o += (size_t)snprintf(m + o, len - o, "%s%s", i > 1 ? "  " : "", w);
	}
}

/* ---- history -------------------------------------------------------------- */

/* The reason first: a long path is what the status line cuts. */
static void warn(ui *u, const char *path, int err)
{
	say(u, "history not saved: %s: %s", strerror(err), path);
}

/* mkdir -p, each new directory 0700 */
static int make_dirs(char *dir)
{
	for (char *s = dir + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		int r = mkdir(dir, 0700);
		*s = c;
		if (r < 0 && errno != EEXIST)
			return -1;
		if (!c)
			return 0;
	}
}

/* Readline opens the history file by name and would follow a symbolic
 * link planted there. So before each read and write: the directory is
 * ours and nobody else can write to it (nothing can be swapped in between
 * this check and readline's open), and the file is absent or our own
 * regular file with no other name. False with the reason in why, first,
 * as in warn(). */
static bool history_safe(const char *dir, char *why, size_t len)
{
	int dfd = open(dir, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ELOOP)
			snprintf(why, len, "a symbolic link, which whyrelu does not follow: %s", dir);
		else
			snprintf(why, len, "%s: %s", strerror(errno), dir);
		return false;
	}
	struct stat st;
	const char *bad = NULL;
	if (fstat(dfd, &st) < 0 || !S_ISDIR(st.st_mode))
		bad = "not a directory";
	else if (st.st_uid != geteuid())
		bad = "belongs to another user";
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		bad = "writable by other users (chmod 700 it)";
	if (bad) {
		close(dfd);
		snprintf(why, len, "%s: %s", bad, dir);
		return false;
	}
	if (fstatat(dfd, "history", &st, AT_SYMLINK_NOFOLLOW) < 0) {
		int e = errno;
		close(dfd);
		if (e == ENOENT)
			return true;
		snprintf(why, len, "%s: %s", strerror(e), history_file);
		return false;
	}
	close(dfd);
	if (S_ISLNK(st.st_mode))
		bad = "a symbolic link, which whyrelu does not follow";
	else if (!S_ISREG(st.st_mode))
		bad = "not a regular file";
	else if (st.st_uid != geteuid())
		bad = "belongs to another user";
	else if (st.st_nlink != 1)
		bad = "a file with other names (hard links)";
	if (bad) {
		snprintf(why, len, "%s: %s", bad, history_file);
		return false;
	}
	return true;
}

/* Next to the progress file: $XDG_STATE_HOME/whyrelu/history. */
static void history_start(ui *u)
{
	history_read = true;
	stifle_history(HISTORY_MAX);
	char path[PATH_MAX];
	if (!progress_path(path, sizeof path)) {
		char why[300];
		progress_nowhere(why, sizeof why);
		say(u, "history not saved: %s", why);
		return;
	}
	char *slash = strrchr(path, '/');
	*slash = '\0';
	snprintf(history_file, sizeof history_file, "%s/history", path);
	/* make sure it can be written now, so a problem is told once, here */
	if (make_dirs(path) < 0) {
		warn(u, path, errno);
		return;
	}
	char why[4400];
	if (!history_safe(path, why, sizeof why)) {
		say(u, "history not saved: %s", why);
		return;
	}
	read_history(history_file);   /* none yet is no error */
	int fd = open(history_file, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		warn(u, history_file, errno);
		return;
	}
	/* exactly 0600, whatever the umask was when it was made */
	(void)fchmod(fd, 0600);
	close(fd);
	history_ok = true;
}

static void remember(ui *u, const char *line)
{
	if (!line[strspn(line, " \t")])
		return;
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	if (!history_ok)
		return;
	char dir[sizeof history_file], why[4400];
	snprintf(dir, sizeof dir, "%s", history_file);
	*strrchr(dir, '/') = '\0';
	if (!history_safe(dir, why, sizeof why)) {
		history_ok = false;
		say(u, "history not saved: %s", why);
		return;
	}
	int r = append_history(1, history_file);
	if (r == 0)
		r = history_truncate_file(history_file, HISTORY_MAX);
	if (r != 0) {
		history_ok = false;   /* one warning, then the history stays in memory */
		warn(u, history_file, r);
	}
}

/* ---- running a line ----------------------------------------------------- */

static void eval_at(ui *u, double x)
{
	const lab *l = &u->lab;
	double f, df;
	act_eval(l->act, x, l->p, &f, &df);
	chain_params cp = { l->act, l->p, l->depth, l->gain, l->bias };
	chain_result r;
	chain_eval(&cp, x, &r, NULL, NULL);
	char xs[32], fs[32], dfs[32], outs[32], gs[40];
	num_sig(x, 6, xs, sizeof xs);
	num_sig(f, 4, fs, sizeof fs);
	num_sig(df, 4, dfs, sizeof dfs);
	num_sig(r.out, 4, outs, sizeof outs);
	if (r.state == CHAIN_UNDEFINED)
		snprintf(gs, sizeof gs, "undefined");
	else
		num_sci_log10(r.grad_sign, r.log10_grad, 4, gs, sizeof gs);
	/* short enough for an 80-column status line: the title names f */
	say(u, "f(%s)=%s f'(%s)=%s; depth %ld: out %s, d out/dx %s (%s)", xs, fs, xs, dfs,
	    l->depth, outs, gs, chain_state_name(r.state));
}

/* charset: block and braille need a UTF-8 locale, known at start-up */
static void set_charset(ui *u, charset before)
{
	if (u->lab.cs != CS_ASCII && !opts_utf8_locale()) {
		const char *name = u->lab.cs == CS_BLOCK ? "block" : "braille";
		u->lab.cs = before;
		say(u, "%s needs a UTF-8 locale: start whyrelu with --charset %s", name, name);
		return;
	}
	u->ascii = u->lab.cs == CS_ASCII;
}

void ui_cmd_run(ui *u, const cmd *c)
{
	char msg[sizeof u->msg];
	msg[0] = '\0';
	switch (c->kind) {
	case CMD_COMPARE:
		if (u->layout == UI_LESSON_ONLY)
			u->layout = UI_BOTH;   /* the plot changes: show it */
		u->ncompare = c->ncompare;
		for (int i = 0; i < c->ncompare; i++)
			u->compare[i] = c->compare[i];
		if (c->ncompare == 0)
			say(u, "comparison ended");
		else
			say(u, "comparing %d: g shows the %s; compare alone ends it", c->ncompare,
			    u->compare_df ? "functions" : "gradients");
		break;
	case CMD_EVAL:
		eval_at(u, c->value);
		break;
	case CMD_VIEW: {
		const view_ops *v = ui_view_named(c->word);
		if (v)
			ui_view_show(u, v);
		else   /* a view of the language the table lacks */
			say(u, "view %s: not in this front end", c->word);
		break;
	}
	case CMD_LESSON: {
		char key[sizeof c->word + 24];
		if (c->n > 0)
			snprintf(key, sizeof key, "%ld", c->n);
		else
			snprintf(key, sizeof key, "%s", c->word);
		ui_lesson_goto(u, key, msg, sizeof msg);
		say(u, "%s", msg);
		break;
	}
	case CMD_NEXT:
	case CMD_PREV:
		ui_lesson_step(u, c->kind == CMD_NEXT ? 1 : -1);
		break;
	case CMD_TOC:
		ui_toc_open(u);
		break;
	case CMD_ANSWER:
		ui_quiz_answer(u, c->word, msg, sizeof msg);
		say(u, "%s", msg);
		break;
	case CMD_HELP:
		if (c->word[0]) {
			say(u, "%s: %s", cmd_usage(c->word), cmd_help(c->word));
		} else {
			u->mode = UI_CMDHELP;
			u->help_scroll = 0;
		}
		break;
	case CMD_QUIT:
		u->quit = true;
		break;
	case CMD_TRAIN:
		ui_train_cmd(u, c->word);
		break;
	case CMD_ACT: case CMD_SET: case CMD_RANGE: case CMD_RESET: case CMD_CHARSET: case CMD_STEP:
	case CMD_COLOR:
		break;   /* the lab's own: cmd_apply */
	}
}

/* A lesson's try-it keeps the layout the learner chose, and says only what
 * eval has to say: the lesson's own message follows. A warning already on
 * the status line (a start-up one, on arriving) stays: the chain's values
 * are in the readouts too. */
void ui_lesson_cmd(void *ctx, const struct cmd *c)
{
	ui *u = ctx;
	ui_layout layout = u->layout;
	char msg[sizeof u->msg];
	memcpy(msg, u->msg, sizeof msg);
	ui_cmd_run(u, c);
	u->layout = layout;
	if (c->kind != CMD_EVAL || msg[0])
		memcpy(u->msg, msg, sizeof msg);
}

void ui_cmd_line(ui *u, const char *line)
{
	cmd c;
	char err[sizeof u->msg];
	int r = cmd_parse(line, &c, err, sizeof err);
	if (r == 1)
		return;   /* blank, or a comment */
	charset cs = u->lab.cs;
	if (r == 0)
		r = cmd_apply(&u->lab, &c, err, sizeof err);
	if (r < 0) {
		say(u, "%s", err);
		return;
	}
	if (r == 1) {
		ui_cmd_run(u, &c);
		return;
	}
	if (c.kind == CMD_RESET)
		ui_lab_reset_said(u);
	if (c.kind == CMD_CHARSET)
		set_charset(u, cs);
	else if (c.kind == CMD_COLOR)
		ui_color_follow(u);
	else if (u->layout == UI_LESSON_ONLY)
		u->layout = UI_BOTH;   /* the lab just changed: show it */
}

/* ---- opening and closing ------------------------------------------------- */

static void close_prompt(ui *u)
{
	if (open_)
		rl_callback_handler_remove();
	open_ = false;
	complete_use(NULL, 0, NULL);
	cur = NULL;
	if (u->mode == UI_PROMPT)
		u->mode = UI_MAIN;
}

static void on_line(char *line)
{
	ui *u = cur;
	close_prompt(u);
	if (line) {
		remember(u, line);
		ui_cmd_line(u, line);
	}
	free(line);
}

static void setup(void)
{
	ready = true;
	null_in = fopen("/dev/null", "r");
	null_out = fopen("/dev/null", "w");
	complete_setup();
	rl_instream = null_in;
	rl_outstream = null_out;
	rl_prep_term_function = prep_term;
	rl_deprep_term_function = deprep_term;
	rl_redisplay_function = redisplay;
	rl_getc_function = next_byte;
	rl_input_available_hook = bytes_waiting;
	rl_completion_display_matches_hook = show_matches;
	/* choices show at the first Tab; the user's inputrc may say otherwise */
	rl_variable_bind("show-all-if-ambiguous", "on");
	rl_initialize();
	/* what the translated keys send, where the inputrc left it unbound */
	static const struct {
		const char *seq;
		rl_command_func_t *fn;
	} keys[] = {
		{ "\033[H", rl_beg_of_line }, { "\033[F", rl_end_of_line },
		{ "\033[3~", rl_delete }, { "\033[1;5C", rl_forward_word },
		{ "\033[1;5D", rl_backward_word },
	};
	Keymap maps[] = { emacs_standard_keymap, vi_insertion_keymap, vi_movement_keymap };
	for (size_t m = 0; m < sizeof maps / sizeof maps[0]; m++)
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			rl_bind_keyseq_if_unbound_in_map(keys[i].seq, keys[i].fn, maps[m]);
}

void ui_prompt_open(ui *u, int arg)
{
	(void)arg;
	if (!ready)
		setup();
	if (!history_read)
		history_start(u);
	cur = u;
	complete_use(NULL, 0, &u->course.set);
	pending_len = pending_need = 0;
	u->mode = UI_PROMPT;
	open_ = true;
	rl_callback_handler_install(PROMPT, on_line);
}

void ui_prompt_cancel(ui *u)
{
	if (!open_)
		return;
	/* out of a search or a half-typed key sequence, and the line dropped */
	rl_callback_sigcleanup();
	rl_free_line_state();
	close_prompt(u);
}

/* ---- keys ---------------------------------------------------------------------- */

static const struct {
	int key;
	const char *seq;
} key_seqs[] = {
	{ KEY_UP, "\033[A" }, { KEY_DOWN, "\033[B" }, { KEY_RIGHT, "\033[C" },
	{ KEY_LEFT, "\033[D" }, { KEY_HOME, "\033[H" }, { KEY_END, "\033[F" },
	{ KEY_DC, "\033[3~" }, { KEY_BACKSPACE, "\177" }, { KEY_ENTER, "\r" },
	{ KEY_SLEFT, "\033[1;5D" }, { KEY_SRIGHT, "\033[1;5C" },
};

/* Ctrl- and Alt-arrows have no fixed KEY_ codes; curses names them. */
static const struct {
	const char *name;
	const char *seq;
} named_seqs[] = {
	{ "kLFT5", "\033[1;5D" }, { "kRIT5", "\033[1;5C" },
	{ "kLFT3", "\033[1;3D" }, { "kRIT3", "\033[1;3C" },
};

static bool searching(void)
{
	return RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH);
}

/* rl_editing_mode is 0 in vi mode, 1 in emacs mode */
static bool vi_inserting(void)
{
	return rl_editing_mode == 0 && rl_get_keymap() == vi_insertion_keymap;
}

/* A byte of typed text: UTF-8 characters go to readline whole. */
static void feed_byte(int b)
{
	unsigned char c = (unsigned char)b;
	if (MB_CUR_MAX > 1 && pending_need > 0) {
		if ((c & 0xc0) == 0x80) {
			pending[pending_len++] = c;
			if (pending_len == pending_need) {
				pending_need = 0;
				feed(pending, pending_len);
			}
			return;
		}
		/* a broken character: what there was, then this byte afresh */
		pending_need = 0;
		feed(pending, pending_len);
	}
	int need = c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (MB_CUR_MAX > 1 && c >= 0xc0 && c < 0xf8) {
		pending[0] = c;
		pending_len = 1;
		pending_need = need;
		return;
	}
	feed(&c, 1);
}

static void feed_key(int key)
{
	if (key >= 0 && key <= 0xff) {
		feed_byte(key);
		return;
	}
	for (size_t i = 0; i < sizeof key_seqs / sizeof key_seqs[0]; i++) {
		if (key_seqs[i].key == key) {
			feed_str(key_seqs[i].seq);
			return;
		}
	}
	const char *name = keyname(key);
	for (size_t i = 0; name && i < sizeof named_seqs / sizeof named_seqs[0]; i++) {
		if (!strcmp(name, named_seqs[i].name)) {
			feed_str(named_seqs[i].seq);
			return;
		}
	}
	/* function keys and the like do nothing here */
}

void ui_prompt_key(ui *u, int key)
{
	if (!open_)
		return;
	if (key & UI_KEY_META) {
		unsigned char seq[2] = { KEY_ESC, (unsigned char)(key & 0xff) };
		feed(seq, 2);
		return;
	}
	if (key == KEY_ESC) {
		/* with a key right behind it, ESC is Meta: curses had waited for
		 * it. A resize is no key (the next frame has the new size). */
		int next = getch();
		if (next == KEY_ESC) {
			ungetch(next);   /* two presses of ESC: this one was alone */
			next = ERR;
		}
		if (next != ERR && next != KEY_RESIZE) {
			unsigned char esc = KEY_ESC;
			if (next >= 0 && next < 0x80) {
				unsigned char seq[2] = { KEY_ESC, (unsigned char)next };
				feed(seq, 2);
			} else {
				feed(&esc, 1);
				feed_key(next);
			}
			return;
		}
		if (searching() || vi_inserting()) {
			unsigned char esc = KEY_ESC;
			feed(&esc, 1);
		} else {
			ui_prompt_cancel(u);
		}
		return;
	}
	if (key == CTRL_KEY('g') && !searching()) {
		ui_prompt_cancel(u);
		return;
	}
	if (key == CTRL_KEY('c')) {
		ui_prompt_cancel(u);
		return;
	}
	feed_key(key);
}

/* ---- drawing ------------------------------------------------------------------- */

/* One character of s at byte i (of n): its code point as shown, its
 * columns and its bytes. In ASCII every character is one column, '?' when
 * it is not ASCII; control characters show as ^X, as readline shows them. */
static int next_char(const ui *u, const char *s, size_t n, size_t i, uint32_t *cp, int *cols,
                     bool *caret)
{
	unsigned char c = (unsigned char)s[i];
	*caret = false;
	if (c < 0x20 || c == 0x7f) {
		*cp = c == 0x7f ? '?' : c + '@';
		*cols = 2;
		*caret = true;
		return 1;
	}
	if (c < 0x80) {
		*cp = c;
		*cols = 1;
		return 1;
	}
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t k = mbrtowc(&wc, s + i, n - i, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*cp = '?';
		*cols = 1;
		return 1;
	}
	int w = wcwidth(wc);
	if (u->ascii || w < 0) {
		*cp = '?';
		*cols = 1;
	} else {
		*cp = (uint32_t)wc;
		*cols = w;
	}
	return (int)k;
}

/* The prompt's text (readline's markers of invisible parts left out) and
 * the line, from column `skip` on, into row y from column x0, at most
 * width columns; returns the columns the whole would take. The cursor's
 * column (before skipping) goes to *cursor. */
static int put_line(const ui *u, grid *g, int y, int x0, int width, int skip, int *cursor)
{
	const char *parts[2] = { rl_display_prompt ? rl_display_prompt : PROMPT, rl_line_buffer };
	size_t lens[2] = { strlen(parts[0]), rl_line_buffer ? (size_t)rl_end : 0 };
	int col = 0;
	*cursor = -1;
	for (int p = 0; p < 2; p++) {
		const char *s = parts[p];
		for (size_t i = 0; s && i < lens[p];) {
			if (p == 1 && (int)i == rl_point)
				*cursor = col;
			if (s[i] == RL_PROMPT_START_IGNORE || s[i] == RL_PROMPT_END_IGNORE) {
				i++;
				continue;
			}
			uint32_t cp;
			int cols;
			bool caret;
			i += (size_t)next_char(u, s, lens[p], i, &cp, &cols, &caret);
			int x = col - skip;
			uint16_t st = p == 0 ? ST_BOLD : ST_NONE;
			if (x >= 0 && x + cols <= width) {
				if (caret) {
					grid_put(g, x0 + x, y, '^', st);
					grid_put(g, x0 + x + 1, y, cp, st);
				} else if (cols > 0) {
					/* a wide character takes the next cell too */
					grid_put(g, x0 + x, y, cp, st);
					if (cols == 2)
						grid_put(g, x0 + x + 1, y, GRID_CONT, st);
				}
			}
			col += cols;
		}
	}
	if (*cursor < 0)
		*cursor = col;
	return col;
}

void ui_prompt_draw(const ui *u, grid *g, int y, int w, int *cursor_x, int *cursor_y)
{
	if (!open_)
		return;
	int x0 = 1, width = w - 2;
	int cursor;
	int total = put_line(u, g, y, x0, 0, 0, &cursor);
	/* a long line scrolls so the cursor stays in view, a third of the
	 * width from the right edge when it moves past it */
	int skip = 0;
	if (cursor >= width) {
		skip = cursor - width + 1 + width / 3;
		if (skip > total + 1 - width)
			skip = total + 1 - width;
		if (skip > cursor)
			skip = cursor;
	}
	put_line(u, g, y, x0, width, skip, &cursor);
	/* marks where the line goes on out of view */
	if (skip > 0)
		grid_put(g, 0, y, '<', ST_BOLD);
	if (total - skip > width)
		grid_put(g, x0 + width, y, '>', ST_BOLD);
	*cursor_x = x0 + cursor - skip;
	*cursor_y = y;
	int kx = x0 + total - skip + 3;
	int kw = (int)strlen(PROMPT_KEYS);
	if (kx + kw < w && !searching())
		grid_puts(g, kx, y, PROMPT_KEYS, ST_DIM);
}

/* ---- the commands' overlay -------------------------------------------------- */

#define KEYS_TEXT "In the prompt: Tab completes; Up and Down go through the history " \
	"(kept between runs); Ctrl-R searches it; Ctrl-A, Ctrl-E, Ctrl-W and the other " \
	"readline keys edit; Enter runs the line; Esc or Ctrl-G cancels; Ctrl-D on an " \
	"empty line closes."

/* The length of the next line of s at most width columns wide, breaking at
 * a blank; *next is where the line after it starts. */
static int wrap(const char *s, int width, const char **next)
{
	int n = (int)strlen(s);
	if (n <= width) {
		*next = s + n;
		return n;
	}
	int cut = width;
	while (cut > 0 && s[cut] != ' ')
		cut--;
	if (cut == 0)
		cut = width;
	*next = s + cut;
	while (**next == ' ')
		(*next)++;
	return cut;
}

typedef struct help_row {
	const char *usage;   /* NULL on a continuation line */
	const char *text;
	int len;
} help_row;

static int help_rows(help_row *rows, int max, int tw, int full)
{
	size_t n;
	const char *const *names = cmd_names(&n);
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = cmd_help(names[i]), *next;
		bool first = true;
		while (*s || first) {
			int len = wrap(s, tw, &next);
			if (r < max)
				rows[r] = (help_row){ first ? cmd_usage(names[i]) : NULL, s, len };
			r++;
			s = next;
			first = false;
		}
	}
	if (r < max)
		rows[r] = (help_row){ NULL, "", 0 };
	r++;
	for (const char *s = KEYS_TEXT, *next; *s; s = next) {
		int len = wrap(s, full, &next);
		if (r < max)
			rows[r] = (help_row){ "", s, len };
		r++;
	}
	return r;
}

/* The overlay's rows and its box for a w x h screen, with the width of
 * the usage column (uw); returns the number of rows (at most max). The
 * layout pages by it and the drawing draws by it. */
typedef struct cmd_box {
	int x, y, w, h, uw;
} cmd_box;

static int cmd_help_rows(int w, int h, help_row *rows, int max, cmd_box *b)
{
	size_t n;
	const char *const *names = cmd_names(&n);
	b->uw = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(cmd_usage(names[i])) > b->uw)
			b->uw = (int)strlen(cmd_usage(names[i]));
	b->w = w - 2 < 96 ? w - 2 : 96;
	int inner = b->w - 4;
	int tw = inner - b->uw - 2;
	if (tw < 10)
		tw = 10;
	int nrows = help_rows(rows, max, tw, inner);
	if (nrows > max)
		nrows = max;
	b->h = nrows + 2 < h - 2 ? nrows + 2 : h - 2;
	b->x = (w - b->w) / 2;
	b->y = (h - 2 - b->h) / 2;
	return nrows;
}

void ui_cmd_help_layout(ui *u, int w, int h)
{
	help_row rows[256];
	cmd_box b;
	int nrows = cmd_help_rows(w, h, rows, 256, &b);
	u->help_rows = b.h - 2;
	u->help_lines = nrows;
	u->help_scroll = draw_scroll_clamp(u->help_scroll, nrows, u->help_rows);
}

void ui_cmd_help_draw(const ui *u, grid *g, int w, int h)
{
	help_row rows[256];
	cmd_box b;
	int nrows = cmd_help_rows(w, h, rows, 256, &b);
	int bx = b.x, by = b.y, bw = b.w, bh = b.h, uw = b.uw;

	rect box = { bx, by, bw, bh };
	/* as the layout placed it; kept in range here too, by reading only */
	int shown = bh - 2, top = draw_scroll_clamp(u->help_scroll, nrows, shown);
	draw_scroll_box(g, draw_glyphs(u->ascii), box, " commands: type : then one of these ",
	                top, nrows);

	char buf[128];
	for (int i = 0; i < shown && top + i < nrows; i++) {
		const help_row *r = &rows[top + i];
		int y = by + 1 + i;
		int tx = bx + 2;
		if (r->usage && r->usage[0]) {
			grid_puts(g, tx, y, r->usage, ST_BOLD);
			tx += uw + 2;
		} else if (!r->usage) {
			tx += uw + 2;
		}
		snprintf(buf, sizeof buf, "%.*s", r->len, r->text);
		grid_puts(g, tx, y, buf, ST_NONE);
	}
}
