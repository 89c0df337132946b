/* ui.c - the terminal side of the tutorial: options, start-up checks,
 * signals, the key loop, and copying each composed frame to curses; also
 * the headless mode the golden-screen tests drive.
 *
 * Signal handlers only set a flag and write a byte to a pipe; the loop
 * waits on the terminal and that pipe together, so a signal is acted on at
 * once and no curses call ever runs inside a handler. The crash handler
 * restores the terminal before the process dies, with bytes and modes
 * made ready at start.
 */
#include <curses.h>
#include <term.h>
/* term.h names every terminfo capability as a macro; "lines" would
 * rename the lesson model's fields */
#undef lines

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "ui.h"
#include "ui_impl.h"
#include "util.h"

#define HEADLESS_TERM "xterm-256color"
/* a headless screen: at most what a terminal is drawn at (SCREEN_MAX_*) */
#define HEADLESS_MAX_W 1000
#define HEADLESS_MAX_H 300
#define MAX_KEYS 100000        /* keys in a headless script */
/* poll wake-ups with input ready but no key read before we decide the
 * terminal has gone (read returning end of file) */
#define MAX_IDLE_WAKEUPS 1000
/* Progress is saved (with fsync) at most this often while the tutorial
 * runs, and always on the way out: a class of 200 on one server, each
 * changing lessons every second, would otherwise ask the disk for 200
 * fsyncs a second, and a learner's next key would wait behind them. */
#define SAVE_EVERY_MS 2000
/* The largest screen drawn, whatever size the terminal says it has: any
 * SSH client can ask for 65535x65535, and curses keeps three copies of the
 * screen of about 30 bytes a cell (about 100 MB for 1000x1000). Beyond it
 * the top left part is drawn and the status line says so. */
#define SCREEN_MAX_COLS 1000
#define SCREEN_MAX_ROWS 300
/* On the way out the terminal may not take output (a stalled SSH link:
 * a write to it blocks for as long as the link stays up). A timer ticks
 * every WATCH_TICK_MS from a quit signal or the end of the loop; once the
 * terminal has taken nothing for WATCH_STALL_TICKS ticks, output goes to
 * /dev/null so the progress is saved and the process ends. It ends in any
 * case WATCH_HARD_MS after that, or WATCH_STUCK_MS after the quit when
 * the terminal takes output but something else holds the process (a disk
 * that does not answer; a slow one has that long to take the save). */
#define WATCH_TICK_MS 100
#define WATCH_STALL_TICKS 3
#define WATCH_HARD_MS 2000
#define WATCH_STUCK_MS 30000

static volatile sig_atomic_t sig_quit;   /* the first signal to quit seen */
static volatile sig_atomic_t sig_stop;   /* SIGTSTP seen */
static volatile sig_atomic_t sig_winch;  /* SIGWINCH seen: the size is read again */
static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t curses_on;  /* between start and endwin */
/* the watchdog of the way out: ticks since it was armed (-1: not armed),
 * ticks in a row the terminal could not be written, and whether output
 * was given up */
static volatile sig_atomic_t watch_ticks = -1;
static volatile sig_atomic_t watch_stalled;
static volatile sig_atomic_t out_dropped;   /* the tick it was given up at, from 1 */
/* the terminal opened again, non-blocking, in a file description of its
 * own (so the flag is not the shell's): to see whether it takes output
 * and to restore it when it does not; and /dev/null to write to instead */
static int tty_out = -1;
static int null_fd = -1;
static char size_note[120];              /* the terminal is larger than drawn */
/* for the crash handler: the terminal's modes as found, and what endwin()
 * would send (attributes off, keypad off, cursor on, screen left) */
static struct termios crash_tio;
static bool crash_tio_ok;
static char crash_seq[512];
static size_t crash_len;

/* ---- errors --------------------------------------------------------------- */

static int usage(const char *fmt, const char *arg)
{
	fputs("whyrelu: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

/* ---- signals ---------------------------------------------------------------- */

static void wake(void)
{
	if (sig_pipe[1] >= 0) {
		char c = 0;
		ssize_t r = write(sig_pipe[1], &c, 1);
		(void)r;   /* a full pipe already holds a wake-up */
	}
}

static void watch_arm(void)
{
	if (watch_ticks >= 0)
		return;
	watch_ticks = 0;
	watch_stalled = 0;
	struct itimerval it = { { 0, WATCH_TICK_MS * 1000 }, { 0, WATCH_TICK_MS * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

static void watch_disarm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &it, NULL);
	watch_ticks = -1;
}

/* Signals whose default action also dumps core: after tidying up, the
 * process dies of them without one (a core of a process that has tidied
 * up would only be litter). */
static bool dumps_core(int sig)
{
	return sig == SIGQUIT || sig == SIGXCPU || sig == SIGXFSZ || sig == SIGSYS ||
	       sig == SIGTRAP || sig == SIGABRT || sig == SIGSEGV || sig == SIGBUS ||
	       sig == SIGFPE || sig == SIGILL;
}

/* Die of sig with its default action, so the exit status says what
 * happened. Async-signal-safe. */
static void die_of(int sig, bool core)
{
	if (!core && dumps_core(sig)) {
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_CORE, &rl);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);   /* not reached: every signal caught ends the process */
}

/* The terminal's modes back and what endwin() would send, with write()
 * and tcsetattr() only: from a handler, and where endwin() could block
 * on a terminal that takes no output. The sequence goes through the
 * non-blocking descriptor: what does not fit is dropped. */
static void restore_raw(void)
{
	if (!curses_on && !out_dropped)
		return;
	int fd = tty_out >= 0 ? tty_out : STDOUT_FILENO;
	ssize_t r = write(fd, crash_seq, crash_len);
	(void)r;   /* nothing more can be done */
	if (crash_tio_ok)
		tcsetattr(tty_out >= 0 ? tty_out : STDIN_FILENO, TCSANOW, &crash_tio);
}

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGTSTP) {
		sig_stop = 1;
	} else {
		if (!sig_quit)
			sig_quit = sig;
		/* the loop may be blocked writing a frame the terminal does
		 * not take: the watchdog gets it out */
		watch_arm();
	}
	wake();
	errno = saved;
}

/* Whether the terminal takes output now. */
static bool tty_writable(void)
{
	if (tty_out < 0)
		return true;
	struct pollfd p = { tty_out, POLLOUT, 0 };
	return poll(&p, 1, 0) != 0;
}

/* SIGALRM: a tick of the watchdog once it is armed, before that a signal
 * to quit like any other. */
static void on_alarm(int sig)
{
	int saved = errno;
	if (watch_ticks < 0) {
		on_signal(sig);
		errno = saved;
		return;
	}
	watch_ticks++;
	if (out_dropped || tty_writable()) {
		watch_stalled = 0;
	} else if (++watch_stalled >= WATCH_STALL_TICKS && null_fd >= 0) {
		/* a write blocked on the terminal is restarted on the same
		 * descriptor number, which now leads to /dev/null, and so is
		 * every later one, stderr's too: the loop goes on to save */
		dup2(null_fd, STDOUT_FILENO);
		dup2(null_fd, STDERR_FILENO);
		out_dropped = watch_ticks;
	}
	if ((out_dropped && (watch_ticks - out_dropped) * WATCH_TICK_MS >= WATCH_HARD_MS) ||
	    watch_ticks * WATCH_TICK_MS >= WATCH_STUCK_MS) {
		/* stuck elsewhere (a disk that does not answer): end anyway */
		restore_raw();
		die_of(sig_quit ? sig_quit : SIGALRM, false);
	}
	errno = saved;
}

/* SIGXFSZ from our own write over the file size limit (ulimit -f): the
 * write fails with EFBIG and the progress writer says so; from anyone
 * else, a signal to quit. */
static void on_xfsz(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (si && si->si_pid == getpid())
		return;
	on_signal(sig);
}

static void on_winch(int sig)
{
	int saved = errno;
	(void)sig;
	sig_winch = 1;
	wake();
	errno = saved;
}

static void on_crash(int sig)
{
	/* write() and tcsetattr() only: endwin() could hang in a process that
	 * crashed inside malloc or curses, and the terminal would stay raw */
	restore_raw();
	die_of(sig, true);
}

static int crash_putc(int c)
{
	if (crash_len < sizeof crash_seq)
		crash_seq[crash_len++] = (char)c;
	return c;
}

/* With the terminal's entry loaded; tputs turns padding into what the
 * terminal needs, here and not in the handler. */
static void crash_prepare(void)
{
	static const char *const caps[] = { "sgr0", "rmkx", "cnorm", "rmcup" };
	crash_len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *str = tigetstr(caps[i]);
		if (str && str != (char *)-1)
			tputs(str, 1, crash_putc);
	}
}

static void catch(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

/* Every signal whose default action ends the process is caught, so the
 * terminal is restored on any of them: the faults (a real crash, or one
 * sent with kill) restore it and die at once; the others end the loop,
 * which saves the progress, restores the terminal and then dies of the
 * signal. Before curses starts, so ncurses installs none of its own
 * handlers (SIGWINCH included: the size is read here, and capped). */
static const int quit_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGXCPU,
	SIGVTALRM, SIGPROF, SIGIO,
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
#ifdef SIGEMT
	SIGEMT,
#endif
#ifdef SIGLOST
	SIGLOST,
#endif
};
static const int fault_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL, SIGTRAP, SIGSYS,
};

static int signals_start(void)
{
	if (pipe(sig_pipe) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
		catch(quit_signals[i], on_signal, 0);
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		catch(sig, on_signal, 0);
	/* restarted: a write blocked on the terminal goes on to /dev/null */
	catch(SIGALRM, on_alarm, SA_RESTART);
	catch(SIGTSTP, on_signal, 0);
	catch(SIGWINCH, on_winch, SA_RESTART);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_xfsz;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGXFSZ, &sa, NULL);
	for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
		catch(fault_signals[i], on_crash, (int)SA_RESETHAND);
	return 0;
}

static void drain_pipe(void)
{
	char buf[64];
	while (read(sig_pipe[0], buf, sizeof buf) > 0)
		;
}

/* ---- curses ----------------------------------------------------------------- */

static void end_curses(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}

static void curses_setup(ui *u)
{
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	typeahead(-1);
	curs_set(0);
	if (!u->color || !ui_colors_start())
		u->color = false;
}

/* The curses attributes and colour pair for a cell style. Colour first
 * goes by meaning (marker, bad, good, then the curves); without colour the
 * curves and states still differ by weight, and the glyphs differ anyway. */
static void style_attr(const ui *u, uint16_t st, attr_t *a, short *pair)
{
	attr_t at = A_NORMAL;
	short p = 0;
	if (st & ST_BOLD)
		at |= A_BOLD;
	if (st & ST_DIM)
		at |= A_DIM;
	if (st & ST_REVERSE)
		at |= A_REVERSE;
	if (u->color) {
		if (st & ST_MARKER) {
			p = PAIR_MARKER;
			at |= A_BOLD;
		} else if (st & ST_BAD) {
			p = PAIR_BAD;
		} else if (st & ST_GOOD) {
			p = PAIR_GOOD;
		} else if (st & ST_F) {
			p = PAIR_F;
		} else if (st & ST_DF) {
			p = PAIR_DF;
		} else if (st & ST_SAT) {
			p = PAIR_SAT;
		} else if (st & ST_AXIS) {
			p = PAIR_AXIS;
		}
	} else {
		if (st & (ST_MARKER | ST_F | ST_BAD))
			at |= A_BOLD;
		if (st & ST_SAT)
			at |= A_DIM;
	}
	*a = at;
	*pair = p;
}

#define N_STYLES 2048   /* every combination of the grid's style bits */

/* The frame stdscr holds: the next frame touches only the cells that
 * differ from it. ncurses would send only the difference either way, but
 * erase() and a full copy make it compare every cell of every line, and
 * a keypress at 200x60 changes a few hundred of 12000. */
static grid shown;
static bool shown_color, shown_ascii;

static void blit_forget(void)
{
	grid_free(&shown);
}

static void blit_cell(const ui *u, int y, int x, cell c, const attr_t *attr_of,
                      const short *pair_of)
{
	uint32_t ch = c.ch;
	uint16_t st = c.style & (N_STYLES - 1);
	if (ch < 0x20 || ch == 0x7f || (u->ascii && ch > 0x7e))
		ch = '?';   /* ASCII mode: no byte above 0x7e, whatever was drawn */
	if (ch < 0x80) {
		mvaddch(y, x, (chtype)ch | attr_of[st] | COLOR_PAIR(pair_of[st]));
	} else {
		wchar_t wc[2] = { (wchar_t)ch, 0 };
		cchar_t cc;
		setcchar(&cc, wc, attr_of[st], pair_of[st], NULL);
		mvadd_wch(y, x, &cc);
	}
}

/* Copy the frame to stdscr; ncurses compares with what the terminal shows
 * and sends only the difference. A new size, colour or charset, or Ctrl-L,
 * starts from erase() and copies every cell. */
static void blit(ui *u)
{
	static attr_t attr_of[N_STYLES];
	static short pair_of[N_STYLES];
	static bool known[N_STYLES];
	static bool known_color;
	if (known_color != u->color) {
		memset(known, 0, sizeof known);
		known_color = u->color;
	}
	const grid *g = &u->frame;
	bool all = !shown.cells || shown.w != g->w || shown.h != g->h ||
	           shown_color != u->color || shown_ascii != u->ascii || u->redraw_all;
	if (all) {
		erase();
		grid_free(&shown);
		if (grid_init(&shown, g->w, g->h) == 0) {
			shown_color = u->color;
			shown_ascii = u->ascii;
		}
	}
	for (int y = 0; y < g->h; y++) {
		const cell *row = &g->cells[(size_t)y * (size_t)g->w];
		cell *was = shown.cells ? &shown.cells[(size_t)y * (size_t)g->w] : NULL;
		/* a row with a wide character, now or before, is copied whole
		 * when any of it changed: a cell drawn over half of one changes
		 * what its neighbour shows */
		bool wide = false, changed = !was;
		for (int x = 0; x < g->w && !(wide && changed); x++) {
			if (row[x].ch == GRID_CONT || (was && was[x].ch == GRID_CONT))
				wide = true;
			if (was && (was[x].ch != row[x].ch || was[x].style != row[x].style))
				changed = true;
		}
		if (wide && !changed)
			continue;
		for (int x = 0; x < g->w; x++) {
			cell c = row[x];
			uint16_t st = c.style & (N_STYLES - 1);
			if (was) {
				/* after erase() every cell of stdscr is a plain blank,
				 * as grid_init leaves every cell of shown */
				bool same = was[x].ch == c.ch && was[x].style == c.style;
				was[x] = c;
				if (same && !wide)
					continue;
			} else if (c.ch == ' ' && st == 0) {
				continue;
			}
			c.ch = grid_shown(g, x, y);
			if (c.ch == GRID_CONT && !u->ascii)
				continue;   /* the wide character to its left took it */
			if (c.ch == GRID_CONT)
				c.ch = ' ';   /* in ASCII, that character is one '?' */
			if (!known[st]) {
				style_attr(u, st, &attr_of[st], &pair_of[st]);
				known[st] = true;
			}
			blit_cell(u, y, x, c, attr_of, pair_of);
		}
	}
}

/* The composed frame on the terminal, with the cursor where the frame
 * put one (the prompt) and hidden otherwise. */
static void show_frame(ui *u)
{
	blit(u);
	if (u->cursor_y >= 0) {
		move(u->cursor_y, u->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	if (u->redraw_all) {
		clearok(curscr, TRUE);
		u->redraw_all = false;
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static int render(ui *u)
{
	ui_views_leave(u);
	if (u->view->sync)
		u->view->sync(u);
	if (ui_layout_frame(u, COLS, LINES) < 0 || ui_compose(u, COLS, LINES) < 0)
		return -1;
	show_frame(u);
	return 0;
}

/* Ctrl-Z: leave curses, stop with the default action, and on `fg` come
 * back with the whole screen repainted (the shell drew over it). */
static void suspend(ui *u)
{
	end_curses();
	catch(SIGTSTP, SIG_DFL, 0);
	raise(SIGTSTP);
	catch(SIGTSTP, on_signal, 0);
	curses_on = 1;
	u->redraw_all = true;
}

/* ---- the interactive loop ----------------------------------------------- */

/* Why there is no terminal to draw on, or NULL. */
static const char *no_terminal(void)
{
	if (!isatty(STDIN_FILENO))
		return "stdin is not a terminal";
	if (!isatty(STDOUT_FILENO))
		return "stdout is not a terminal";
	const char *term = getenv("TERM");
	if (!term || !*term)
		return "TERM is not set";
	if (!strcmp(term, "dumb"))
		return "TERM=dumb cannot move the cursor";
	/* read the entry before newterm(), which on an unknown type would
	 * fail having allocated what it never frees */
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return "the terminal type in TERM is unknown";
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok)
		return "the terminal in TERM cannot move the cursor";
	return NULL;
}

static int need_terminal(const char *why)
{
	fprintf(stderr, "whyrelu: the full-screen tutorial needs an interactive terminal (%s); "
	        "try 'whyrelu --line' (plain text), 'whyrelu plot relu --grad' or "
	        "'whyrelu --help'\n", why);
	return CLI_EXIT_USAGE;
}

/* A signal to quit ends the loop, except that Ctrl-C while the `:` prompt
 * is open only drops the line, as in a shell; *frame then asks for one. */
static bool quitting(ui *u, bool *frame)
{
	if (sig_quit == SIGINT && u->mode == UI_PROMPT) {
		sig_quit = 0;
		watch_disarm();
		ui_prompt_cancel(u);
		*frame = true;
	}
	return sig_quit != 0;
}

/* Training runs this long between looks at the keys. */
/* A view's work between looks at the keyboard (one step of a network may
 * take longer: net.c bounds a step). */
#define UI_WORK_MS 4.0

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The terminal's size as the kernel has it, capped at SCREEN_MAX_COLS x
 * SCREEN_MAX_ROWS, given to curses: false when curses has no memory for
 * it. ncurses' own SIGWINCH handler, which would take the size uncapped,
 * is never installed. size_note says when the terminal is larger than that. */
static bool fit_screen(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return true;   /* no size known: the entry's stays */
	int rows = ws.ws_row, cols = ws.ws_col;
	size_note[0] = '\0';
	if (rows > SCREEN_MAX_ROWS || cols > SCREEN_MAX_COLS) {
		snprintf(size_note, sizeof size_note,
		         "this terminal is %dx%d; whyrelu draws at most %dx%d, at the top left",
		         cols, rows, SCREEN_MAX_COLS, SCREEN_MAX_ROWS);
		rows = rows > SCREEN_MAX_ROWS ? SCREEN_MAX_ROWS : rows;
		cols = cols > SCREEN_MAX_COLS ? SCREEN_MAX_COLS : cols;
	}
	if (rows == LINES && cols == COLS)
		return true;
	blit_forget();
	if (resizeterm(rows, cols) != OK)
		return false;
	/* what a terminal keeps of its old screen on a resize is its own
	 * business (cut, reflowed): the next frame repaints all of it */
	clearok(curscr, TRUE);
	return true;
}

/* curses takes its first size from LINES and COLUMNS when they are set,
 * else from the terminal: both are set here, for newterm() alone, to the
 * terminal's size capped, so curses never allocates a larger screen. */
static void size_env(void)
{
	struct winsize ws;
	int rows = 0, cols = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		rows = ws.ws_row;
		cols = ws.ws_col;
	}
	const char *e = getenv("LINES");
	if (rows <= 0 && e)
		rows = atoi(e);
	e = getenv("COLUMNS");
	if (cols <= 0 && e)
		cols = atoi(e);
	char num[16];
	if (rows > 0) {
		snprintf(num, sizeof num, "%d", rows > SCREEN_MAX_ROWS ? SCREEN_MAX_ROWS : rows);
		setenv("LINES", num, 1);
	}
	if (cols > 0) {
		snprintf(num, sizeof num, "%d", cols > SCREEN_MAX_COLS ? SCREEN_MAX_COLS : cols);
		setenv("COLUMNS", num, 1);
	}
}

/* The descriptors the watchdog and the restoring write use, opened while
 * nothing is in a hurry. */
static void tty_open(void)
{
	const char *name = ttyname(STDOUT_FILENO);
	if (name)
		tty_out = open(name, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
}

/* After endwin(), when output was given up: the terminal's modes and the
 * end of the alternate screen, waiting a little for it to take them. */
static void restore_dropped(void)
{
	if (!out_dropped)
		return;
	if (crash_tio_ok)
		tcsetattr(tty_out >= 0 ? tty_out : STDIN_FILENO, TCSANOW, &crash_tio);
	if (tty_out < 0)
		return;
	struct pollfd p = { tty_out, POLLOUT, 0 };
	if (poll(&p, 1, 200) > 0) {
		ssize_t r = write(tty_out, crash_seq, crash_len);
		(void)r;   /* the link is stalled: nothing more can be done */
	}
}

static int run_interactive(ui *u)
{
	const char *why = no_terminal();
	if (why)
		return need_terminal(why);
	if (signals_start() < 0) {
		fprintf(stderr, "whyrelu: cannot create a pipe: %s\n", strerror(errno));
		return 1;
	}
	crash_tio_ok = tcgetattr(STDIN_FILENO, &crash_tio) == 0;
	tty_open();
	size_env();
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		/* TERM was found and can move the cursor (no_terminal): what is
		 * left is memory */
		fprintf(stderr, "whyrelu: curses cannot start on this terminal: out of memory\n");
		return 1;
	}
	set_term(scr);
	crash_prepare();
	atexit(end_curses);
	curses_setup(u);
	if (!fit_screen()) {
		end_curses();
		delscreen(scr);
		fprintf(stderr, "whyrelu: out of memory for a screen of this size\n");
		return 1;
	}
	if (size_note[0] && !u->msg[0])
		snprintf(u->msg, sizeof u->msg, "%s", size_note);
	/* ncurses flushes its output at every cursor movement until the
	 * screen has been through endwin() once (its state stays "initial"):
	 * one round trip now lets each frame go out in one write instead of
	 * one per row, which is what a frame costs over SSH */
	endwin();
	doupdate();
	nodelay(stdscr, TRUE);

	int status = 0;
	int idle = 0;
	struct pollfd pf[2] = {
		{ STDIN_FILENO, POLLIN, 0 },
		{ sig_pipe[0], POLLIN, 0 },
	};
	if (render(u) < 0)
		status = 1;
	bool frame = false;
	double saved_at = now_ms() - SAVE_EVERY_MS;
	while (!status && !u->quit && !quitting(u, &frame)) {
		if (sig_stop) {
			sig_stop = 0;
			suspend(u);
			sig_winch = 1;   /* the size may have changed meanwhile */
			if (render(u) < 0)
				status = 1;
			continue;
		}
		/* every key already typed, then one frame: a held key or a
		 * burst of resizes costs one redraw, not one per event */
		bool any = false;
		if (sig_winch) {
			sig_winch = 0;
			if (!fit_screen()) {
				status = 1;
				continue;
			}
			ui_key(u, KEY_RESIZE);
			if (size_note[0])
				snprintf(u->msg, sizeof u->msg, "%s", size_note);
			any = true;
		}
		int ch;
		while (!u->quit && (ch = getch()) != ERR) {
			if (ch == KEY_RESIZE)
				continue;   /* sizes are read above, capped */
			ui_key(u, ch);
			any = true;
		}
		if (any || frame) {
			idle = 0;
			frame = false;
			if (render(u) < 0)
				status = 1;
		}
		/* the frame is out: now the disk, if it is time */
		int wait = -1;
		if (!status && ui_lesson_unsaved(u)) {
			double since = now_ms() - saved_at;
			if (since >= SAVE_EVERY_MS) {
				saved_at = now_ms();
				if (ui_lesson_flush(u) && render(u) < 0)
					status = 1;
			} else {
				wait = (int)(SAVE_EVERY_MS - since) + 1;
			}
		}
		if (u->quit || sig_quit || sig_stop || status)
			continue;
		/* the view's work (a network computed, training, the cost view
		 * measuring) gets a slice, then keys again without waiting; a
		 * frame once one is worked out, while training at most every
		 * 100 ms (ui_train.c), so a slow link is not flooded. The view
		 * selected works on while a comparison is drawn over it. */
		const view_ops *v = u->view;
		if (v->busy && v->busy(u)) {
			int r = v->work(u, UI_WORK_MS);
			if (r < 0)
				status = 1;
			else if (r > 0)
				frame = true;
		}
		/* a frame still owed is drawn before the loop waits */
		int timeout = frame ? 0 : wait;
		if (timeout != 0 && v->busy && v->busy(u)) {
			/* a paced run waits for keys until its next step is due */
			int tw = v->wait_ms ? v->wait_ms(u) : 0;
			timeout = timeout < 0 || tw < timeout ? tw : timeout;
		}
		int ready = poll(pf, 2, timeout);
		if (ready < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		if (ready == 0)
			continue;
		if (pf[1].revents)
			drain_pipe();
		if (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;   /* the terminal is gone */
		if ((pf[0].revents & POLLIN) && !any && ++idle > MAX_IDLE_WAKEUPS)
			break;   /* readable, yet no key: end of file */
	}
	/* q, a signal to quit and a terminal gone all end up here: the place
	 * and the answers are saved outside any signal handler, and from now
	 * on the watchdog sees that a terminal taking no output cannot hold
	 * the process */
	watch_arm();
	char warn[512];
	ui_lesson_save(u, warn, sizeof warn);
	end_curses();
	delscreen(scr);
	blit_forget();
	restore_dropped();
	if (status)
		fprintf(stderr, "whyrelu: out of memory\n");
	if (warn[0])
		fprintf(stderr, "whyrelu: %s\n", warn);
	watch_disarm();
	int sig = sig_quit;
	/* Ctrl-C is the ordinary way out; any other signal, now that the
	 * terminal is restored and the progress saved, ends the process as
	 * it would have without a handler */
	if (sig && sig != SIGINT)
		die_of(sig, false);
	return status;
}

/* ---- headless mode ------------------------------------------------------ */

/* The key script of --keys FILE:
 *   - each character is the key it names ("l" is l, "+" is +);
 *   - whitespace and newlines are ignored, so scripts can be laid out;
 *   - "text" types the text between the quotes, blanks and all;
 *   - a line whose first non-blank character is '#' is a comment;
 *   - <Name> is a special key, case-insensitive: <Left> <Right> <Up>
 *     <Down> <S-Left> <S-Right> <Tab> <S-Tab> <PgUp> <PgDn> <Home> <End>
 *     <Enter> <Esc> <Space> <lt> (a '<') <gt> <quot> (a '"') <BS>
 *     (Backspace) <Del> <C-x> (Ctrl and a letter) <M-x> (Alt and a
 *     printable character, whose case counts);
 *   - a byte above 0x7f is a key of its own, so UTF-8 text in the
 *     script arrives as the terminal would send it;
 *   - <resize WxH> resizes the screen, as a SIGWINCH would. */
#define RESIZE_KEY (-2)

typedef struct key_script {
	int *keys;
	int (*size)[2];      /* for each RESIZE_KEY, in order: w, h */
	int n, nresize;
} key_script;

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "left", KEY_LEFT }, { "right", KEY_RIGHT }, { "up", KEY_UP }, { "down", KEY_DOWN },
	{ "s-left", KEY_SLEFT }, { "s-right", KEY_SRIGHT }, { "tab", '\t' },
	{ "s-tab", KEY_BTAB }, { "pgup", KEY_PPAGE }, { "pgdn", KEY_NPAGE },
	{ "home", KEY_HOME }, { "end", KEY_END }, { "enter", '\n' }, { "esc", 27 },
	{ "space", ' ' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "bs", KEY_BACKSPACE }, { "del", KEY_DC },
};

static int script_add(key_script *ks, int key)
{
	if (ks->n >= MAX_KEYS)
		return -1;
	ks->keys[ks->n++] = key;
	return 0;
}

static int read_script(const char *path, key_script *ks, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read --keys file '%.100s': %s", path, strerror(errno));
		return -1;
	}
	ks->keys = malloc(MAX_KEYS * sizeof *ks->keys);
	ks->size = malloc(MAX_KEYS * sizeof *ks->size);
	if (!ks->keys || !ks->size) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	char line[1024];
	int lineno = 0;
	int status = 0;
	while (!status && fgets(line, sizeof line, f)) {
		lineno++;
		const char *p = line + strspn(line, " \t");
		if (*p == '#')
			continue;
		for (; *p && !status; p++) {
			if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				continue;
			if (*p == '"') {
				/* typed text: every character up to the closing quote */
				const char *q = strchr(p + 1, '"');
				if (!q) {
					snprintf(err, errlen, "--keys line %d: a '\"' starts text that no '\"' "
					         "ends (write <quot> for the key)", lineno);
					status = -2;
					break;
				}
				while (++p < q && !status)
					status = script_add(ks, (unsigned char)*p);
				continue;
			}
			if (*p != '<') {
				status = script_add(ks, (unsigned char)*p);
				continue;
			}
			const char *e = strchr(p, '>');
			char name[64];
			size_t len = e ? (size_t)(e - p - 1) : 0;
			if (!e || len == 0 || len >= sizeof name) {
				snprintf(err, errlen, "--keys line %d: '<' starts no <key> (write <lt>)", lineno);
				status = -2;
				break;
			}
			for (size_t i = 0; i < len; i++)
				name[i] = (char)((p[1 + i] >= 'A' && p[1 + i] <= 'Z') ? p[1 + i] + 32 : p[1 + i]);
			name[len] = '\0';
			p = e;
			int key = 0;
			for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
				if (!strcmp(name, key_names[i].name))
					key = key_names[i].key;
			if (!key && len == 3 && name[0] == 'c' && name[1] == '-' && name[2] >= 'a'
			    && name[2] <= 'z')
				key = name[2] & 0x1f;
			/* the case of the character itself counts: <M-b> is not <M-B> */
			if (!key && len == 3 && name[0] == 'm' && name[1] == '-' && p[-1] > 0x20
			    && p[-1] < 0x7f)
				key = UI_KEY_META | p[-1];
			if (!key && !strncmp(name, "resize ", 7)) {
				int w, h;
				if (!util_parse_size(name + 7, HEADLESS_MAX_W, HEADLESS_MAX_H, &w, &h)) {
					snprintf(err, errlen, "--keys line %d: <resize WxH> needs a size like 80x24, at most %dx%d",
					         lineno, HEADLESS_MAX_W, HEADLESS_MAX_H);
					status = -2;
					break;
				}
				ks->size[ks->nresize][0] = w;
				ks->size[ks->nresize][1] = h;
				ks->nresize++;
				key = RESIZE_KEY;
			}
			if (!key) {
				snprintf(err, errlen, "--keys line %d: unknown key <%s>", lineno, name);
				status = -2;
				break;
			}
			status = script_add(ks, key);
		}
	}
	fclose(f);
	if (status == -1)
		snprintf(err, errlen, "--keys: more than %d keys", MAX_KEYS);
	return status < 0 ? -1 : 0;
}

static void put_utf8(FILE *out, uint32_t cp)
{
	char buf[8];
	int n = grid_utf8(cp, buf);
	fwrite(buf, 1, (size_t)n, out);
}

/* The screen as the terminal would show it (curscr), as text, then the
 * colour pair and the attributes of each cell, so a golden file catches a
 * lost colour or a monochrome screen that lost its emphasis. */
static void dump_screen(FILE *out)
{
	int h = getmaxy(curscr), w = getmaxx(curscr);
	static const char pair_code[] = ".FDMSBGA";
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 1)
			fputs("-- colours: F f, D f', M marker, S saturated, B bad, G good, A axis\n", out);
		if (pass == 2)
			fputs("-- attributes: b bold, d dim, r reverse, B bold+reverse\n", out);
		for (int y = 0; y < h; y++) {
			char codes[HEADLESS_MAX_W + 1];
			uint32_t chars[HEADLESS_MAX_W];
			int end = 0;
			for (int x = 0; x < w; x++) {
				cchar_t cc;
				wchar_t wc[CCHARW_MAX + 1] = { 0 };
				attr_t a = 0;
				short p = 0;
				mvwin_wch(curscr, y, x, &cc);
				getcchar(&cc, wc, &a, &p, NULL);
				chars[x] = wc[0] ? (uint32_t)wc[0] : ' ';
				/* curses gives a wide character's second column the
				 * same character: printed once, it takes both */
				if (x > 0 && chars[x - 1] != GRID_CONT && chars[x - 1] >= 0x80 &&
				    util_cp_width(chars[x - 1]) == 2)
					chars[x] = GRID_CONT;
				char c = '.';
				if (pass == 1 && p > 0 && p < (short)sizeof pair_code - 1)
					c = pair_code[p];
				if (pass == 2) {
					bool b = a & A_BOLD, r = a & A_REVERSE;
					c = b && r ? 'B' : r ? 'r' : b ? 'b' : (a & A_DIM) ? 'd' : '.';
				}
				codes[x] = c;
				if (pass == 0 ? chars[x] != ' ' : c != '.')
					end = x + 1;
			}
			for (int x = 0; x < end; x++) {
				if (pass == 0) {
					if (chars[x] != GRID_CONT)
						put_utf8(out, chars[x]);
				}
				else
					fputc(codes[x], out);
			}
			fputc('\n', out);
		}
	}
}

/* A headless frame comes after all the measuring the keys asked for, as
 * if the script were typed slowly: the screen does not depend on speed. */
static int headless_render(ui *u, bool after_key)
{
	if (u->view->finish && u->view->finish(u, after_key) < 0)
		return -1;
	return render(u);
}

typedef struct headless_opts {
	int w, h;
	const char *keys, *dump;
} headless_opts;

/* What a headless run holds: the key script, the dump's file, and the
 * screen, which writes to /dev/null. */
typedef struct headless_run {
	key_script ks;
	FILE *out, *null_in, *null_out;
	SCREEN *scr;
} headless_run;

/* The key script read, the dump's file open, and a screen of the size
 * asked for made current and set up for u. 0, or the status of a usage
 * error (said); headless_close closes what was opened either way. */
static int headless_open(headless_run *h, ui *u, const headless_opts *ho)
{
	char err[200];
	memset(h, 0, sizeof *h);
	h->out = stdout;
	if (ho->keys && read_script(ho->keys, &h->ks, err, sizeof err) < 0)
		return usage("%s", err);
	if (ho->dump && strcmp(ho->dump, "-") != 0) {
		h->out = fopen(ho->dump, "w");
		if (!h->out) {
			h->out = stdout;
			snprintf(err, sizeof err, "cannot write --dump file '%.100s': %s", ho->dump,
			         strerror(errno));
			return usage("%s", err);
		}
	}
	h->null_out = fopen("/dev/null", "w");
	h->null_in = fopen("/dev/null", "r");
	if (h->null_out && h->null_in)
		h->scr = newterm(HEADLESS_TERM, h->null_out, h->null_in);
	if (!h->scr)
		return usage("headless mode needs the terminfo entry %s", HEADLESS_TERM);
	set_term(h->scr);
	curses_setup(u);
	resizeterm(ho->h, ho->w);
	return 0;
}

/* The screen ended and the files closed: status, or a usage error when the
 * dump could not be written. */
static int headless_close(headless_run *h, const headless_opts *ho, int status)
{
	if (h->scr) {
		end_curses();
		delscreen(h->scr);
		blit_forget();
	}
	if (h->null_out)
		fclose(h->null_out);
	if (h->null_in)
		fclose(h->null_in);
	if (h->out != stdout && fclose(h->out) != 0 && !status)
		status = usage("cannot write --dump file '%s'", ho->dump);
	free(h->ks.keys);
	free(h->ks.size);
	return status;
}

static int run_headless(ui *u, const headless_opts *ho)
{
	headless_run h;
	int status = headless_open(&h, u, ho);
	if (!status) {
		const key_script *ks = &h.ks;
		int r = 0;
		status = headless_render(u, false);
		for (int i = 0; i < ks->n && !status && !u->quit; i++) {
			if (ks->keys[i] == RESIZE_KEY) {
				resizeterm(ks->size[r][1], ks->size[r][0]);
				blit_forget();
				r++;
				ui_key(u, KEY_RESIZE);
			} else {
				ui_key(u, ks->keys[i]);
			}
			status = headless_render(u, true);
			if (!status && ui_lesson_flush(u))
				status = headless_render(u, false);
		}
		/* where the terminal cursor is, when one is shown (the prompt);
		 * read before the dump moves it */
		int cy = getcury(curscr), cx = getcurx(curscr);
		if (status)
			fprintf(stderr, "whyrelu: out of memory\n");
		else
			dump_screen(h.out);
		if (!status && u->cursor_y >= 0)
			fprintf(h.out, "-- cursor: row %d, column %d\n", cy, cx);
		char warn[512];
		ui_lesson_save(u, warn, sizeof warn);
	}
	return headless_close(&h, ho, status);
}

/* ---- entry -------------------------------------------------------------------- */

/* The tutorial's own options: the headless mode's. */
static int ui_option(void *ctx, int argc, char **argv, int *i, char *err, size_t len)
{
	headless_opts *ho = ctx;
	const char *a = argv[*i];
	bool is_keys = !strcmp(a, "--keys"), is_dump = !strcmp(a, "--dump");
	if (strcmp(a, "--headless") && !is_keys && !is_dump)
		return 0;
	if (*i + 1 >= argc) {
		snprintf(err, len, "%s needs a value", a);
		return -1;
	}
	const char *v = argv[++*i];
	if (is_keys) {
		ho->keys = v;
	} else if (is_dump) {
		ho->dump = v;
	} else if (!util_parse_size(v, HEADLESS_MAX_W, HEADLESS_MAX_H, &ho->w, &ho->h)) {
		snprintf(err, len, "--headless needs a size WxH like 80x24, at most %dx%d, got '%.40s'",
		         HEADLESS_MAX_W, HEADLESS_MAX_H, v);
		return -1;
	}
	return 1;
}

int ui_main(int argc, char **argv)
{
	opts_state st;
	opts_init(&st);
	headless_opts ho = { 0, 0, NULL, NULL };
	opts_front f;
	char err[300];
	if (opts_front_parse(&st, argc, argv, ui_option, &ho, &f, err, sizeof err) != 0)
		return usage("%s", err);
	bool headless = ho.w > 0;
	if ((ho.keys || ho.dump) && !headless)
		return usage("%s", "--keys and --dump go with --headless WxH");

	ui u;
	memset(&u, 0, sizeof u);
	if (ui_views_start(&u) < 0) {
		ui_views_free(&u);
		fprintf(stderr, "whyrelu: out of memory\n");
		return 1;
	}
	lab_init(&u.lab);
	lab_apply_opts(&u.lab, &st);
	u.lab.cs = opts_charset_shown(u.lab.cs);
	u.ascii = u.lab.cs == CS_ASCII;
	const char *nc = getenv("NO_COLOR");
	u.color = u.lab.color && !(nc && *nc);
	/* lab options given: the lesson's first try-it must not undo them */
	u.lab_from_options = f.lab_given;
	u.run_lesson_cmd = ui_lesson_cmd;

	/* before curses: a --lesson naming no lesson is a usage error on a
	 * terminal still in its normal state */
	int r = ui_lesson_start(&u, f.dir, f.start, err, sizeof err);
	int status;
	if (r == -1) {
		status = usage("%s", err);
	} else if (r < 0) {
		fprintf(stderr, "whyrelu: %s\n", err);
		status = 1;
	} else {
		status = headless ? run_headless(&u, &ho) : run_interactive(&u);
	}
	ui_lesson_end(&u);
	ui_views_free(&u);
	lab_free(&u.lab);
	ui_view_free(&u);
	return status;
}

/* ---- another full-screen view ---------------------------------------------- */

/* A view other than the tutorial (whyrelu class) gets the same terminal:
 * the start-up checks, the signals, the crash handler, the restore on
 * every way out, the copy of a composed frame, and the headless mode. Its
 * frame lives in this ui, of which only the terminal's fields are used. */
static ui screen_ui;

static int screen_render(ui_screen *s)
{
	ui *u = &screen_ui;
	int w = COLS, h = LINES;
	if (grid_fit(&u->frame, w, h) < 0)
		return -1;
	if (s->compose(s->ctx, &u->frame) < 0)
		return -1;
	show_frame(u);
	return 0;
}

/* The terminal's size as the kernel has it, given to curses when it
 * changed, read at every wake-up: so a resize reaches the view whoever
 * handles SIGWINCH. True when it changed (the view got a KEY_RESIZE). */
static bool screen_fit(ui_screen *s, bool *quit)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || !ws.ws_row || !ws.ws_col)
		return false;
	int rows = ws.ws_row > SCREEN_MAX_ROWS ? SCREEN_MAX_ROWS : ws.ws_row;
	int cols = ws.ws_col > SCREEN_MAX_COLS ? SCREEN_MAX_COLS : ws.ws_col;
	if (rows == LINES && cols == COLS)
		return false;
	blit_forget();
	resizeterm(rows, cols);
	*quit = s->key(s->ctx, KEY_RESIZE);
	return true;
}

static int screen_interactive(ui_screen *s)
{
	ui *u = &screen_ui;
	const char *why = no_terminal();
	if (why) {
		fprintf(stderr, "whyrelu: %s needs an interactive terminal (%s); %s\n", s->name, why,
		        s->instead);
		return CLI_EXIT_USAGE;
	}
	/* the tutorial's start (run_interactive); a resize interrupts or
	 * wakes the poll below, and screen_fit reads the new size */
	if (signals_start() < 0) {
		fprintf(stderr, "whyrelu: cannot create a pipe: %s\n", strerror(errno));
		return 1;
	}
	crash_tio_ok = tcgetattr(STDIN_FILENO, &crash_tio) == 0;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return need_terminal("the terminal type in TERM is unknown");
	set_term(scr);
	crash_prepare();
	atexit(end_curses);
	curses_setup(u);
	endwin();   /* one round trip: frames go out in one write (run_interactive) */
	doupdate();
	nodelay(stdscr, TRUE);
	int status = 0;
	s->color = u->color;
	struct pollfd pf[3] = {
		{ STDIN_FILENO, POLLIN, 0 },
		{ sig_pipe[0], POLLIN, 0 },
		{ s->fd, POLLIN, 0 },
	};
	int idle = 0;
	bool quit = false, frame = true;
	while (!status && !quit && !sig_quit) {
		if (sig_stop) {
			sig_stop = 0;
			suspend(u);
			frame = true;
		}
		bool any = screen_fit(s, &quit);
		int ch;
		while (!quit && (ch = getch()) != ERR) {
			if (ch == KEY_RESIZE)
				blit_forget();
			if (ch == 12)   /* Ctrl-L */
				u->redraw_all = true;
			quit = s->key(s->ctx, ch);
			any = true;
		}
		if (any)
			idle = 0;
		if ((any || frame) && !quit) {
			frame = false;
			if (screen_render(s) < 0)
				status = 1;
		}
		if (quit || status || sig_quit || sig_stop)
			continue;
		int ready = poll(pf, s->fd >= 0 ? 3 : 2, s->wait_ms);
		if (ready < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		if (ready == 0 || (s->fd >= 0 && pf[2].revents)) {
			int r = s->tick(s->ctx, ready > 0);
			if (r < 0)
				status = 1;
			frame = frame || r > 0;
			continue;
		}
		if (pf[1].revents)
			drain_pipe();
		if (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
		if ((pf[0].revents & POLLIN) && !any && ++idle > MAX_IDLE_WAKEUPS)
			break;
	}
	end_curses();
	delscreen(scr);
	blit_forget();
	grid_free(&u->frame);
	if (status)
		fprintf(stderr, "whyrelu: out of memory\n");
	/* as the tutorial: die of SIGTERM, SIGHUP or SIGQUIT now that the
	 * terminal is restored, without a core */
	int sig = sig_quit;
	if (sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT) {
		struct rlimit rl;
		if (sig == SIGQUIT && getrlimit(RLIMIT_CORE, &rl) == 0) {
			rl.rlim_cur = 0;
			setrlimit(RLIMIT_CORE, &rl);
		}
		catch(sig, SIG_DFL, 0);
		raise(sig);
	}
	return status;
}

static int screen_headless(ui_screen *s, const headless_opts *ho)
{
	ui *u = &screen_ui;
	headless_run h;
	int status = headless_open(&h, u, ho);
	if (!status) {
		const key_script *ks = &h.ks;
		s->color = u->color;
		status = screen_render(s);
		bool quit = false;
		for (int i = 0, r = 0; i < ks->n && !status && !quit; i++) {
			int key = ks->keys[i];
			if (key == RESIZE_KEY) {
				resizeterm(ks->size[r][1], ks->size[r][0]);
				blit_forget();
				r++;
				key = KEY_RESIZE;
			}
			quit = s->key(s->ctx, key);
			status = screen_render(s);
		}
		if (status)
			fprintf(stderr, "whyrelu: out of memory\n");
		else
			dump_screen(h.out);
	}
	status = headless_close(&h, ho, status);
	grid_free(&u->frame);
	return status;
}

int ui_screen_run(ui_screen *s, int w, int h, const char *keys, const char *dump)
{
	memset(&screen_ui, 0, sizeof screen_ui);
	screen_ui.cursor_y = -1;   /* the view shows no cursor */
	screen_ui.ascii = s->ascii;
	screen_ui.color = s->color;
	headless_opts ho = { w, h, keys, dump };
	return w > 0 ? screen_headless(s, &ho) : screen_interactive(s);
}
