/* lesson.c - lesson files into the lesson model (see lesson.h): finding the
 * lessons directory, reading and parsing each file with cmark, its lab
 * blocks tried on a scratch lab, its quizzes read and checked, and the
 * learner's answers checked against them.
 *
 * Loading and `check-lessons` are the same code: a file the checker would
 * complain about is one the tutorial leaves out, so an instructor who runs
 * check-lessons sees exactly what learners will get.
 */
#include "lesson.h"

#include <cmark.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "num.h"
#include "util.h"

#ifndef WHYRELU_DATADIR
#define WHYRELU_DATADIR "/usr/local/share/whyrelu"
#endif

#define MSGLEN 320
#define MAX_NEST 16          /* lists and quotes deeper than this are refused */
#define TAB_STOP 4           /* tabs in code blocks */
#define MAX_TEXT_REPORTS 10  /* encoding problems reported per file */

/* ---- small helpers ------------------------------------------------------ */

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static char *join_path(const char *dir, const char *file)
{
	size_t ld = strlen(dir), lf = strlen(file);
	bool slash = ld > 0 && dir[ld - 1] == '/';
	char *p = malloc(ld + lf + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, ld);
	if (!slash)
		p[ld++] = '/';
	memcpy(p + ld, file, lf + 1);
	return p;
}

/* ---- where the lessons are ---------------------------------------------- */

/* Does dir hold a file that looks like a lesson (NN-*.md)? */
static bool has_lessons(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		size_t l = strlen(n);
		found = isdigit((unsigned char)n[0]) && isdigit((unsigned char)n[1]) &&
		        n[2] == '-' && l > 6 && !strcmp(n + l - 3, ".md");
	}
	closedir(d);
	return found;
}

const char *lesson_dir(const char *dir_opt, char *buf, size_t len)
{
	if (dir_opt) {
		snprintf(buf, len, "%s", dir_opt);
		return "--lessons";
	}
	const char *env = getenv("WHYRELU_LESSONS");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return "WHYRELU_LESSONS";
	}
	/* The program's own directory, not the working directory: a build in
	 * the source tree finds its lessons from anywhere, and an installed
	 * whyrelu never picks up a stray ./lessons. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash && (size_t)(slash - exe) + sizeof "/lessons" < sizeof exe) {
			strcpy(slash, "/lessons");
			if (has_lessons(exe)) {
				snprintf(buf, len, "%s", exe);
				return "the source tree";
			}
		}
	}
	snprintf(buf, len, "%s", WHYRELU_DATADIR "/lessons");
	return "the installed lessons";
}

/* ---- problems ----------------------------------------------------------- */

/* Pass a problem on, path and message cleaned: a file name or a quoted
 * piece of a lesson may hold escape sequences, and check-lessons prints
 * them on a terminal. */
static void say(lesson_report_fn report, void *ctx, const char *path, int line, const char *msg)
{
	char *cp = lesson_clean(path), *cm = lesson_clean(msg);
	report(ctx, cp ? cp : "?", line, cm ? cm : "out of memory");
	free(cp);
	free(cm);
}

/* A problem waiting to be reported: a file's problems go out sorted by
 * line, though a quiz's missing fields are only known at its end. */
typedef struct note {
	int line, seq;
	char *msg;
} note;

typedef struct parser {
	const char *path;
	lesson_report_fn report;
	void *ctx;
	int problems;
	bool oom;
	lesson *ls;
	int cap;             /* of ls->blocks */
	note *notes;
	int nnotes, notes_cap;
	bool full;           /* LESSON_MAX_BLOCKS reached: reported, no more kept */
} parser;

static void problem(parser *p, int line, const char *fmt, ...)
{
	char msg[MSGLEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->problems++;
	if (!p->report)
		return;
	if (p->nnotes == p->notes_cap) {
		int ncap = p->notes_cap ? p->notes_cap * 2 : 8;
		note *nn = realloc(p->notes, (size_t)ncap * sizeof *nn);
		if (nn) {
			p->notes = nn;
			p->notes_cap = ncap;
		}
	}
	char *copy = p->nnotes < p->notes_cap ? dup_str(msg) : NULL;
	if (!copy) {
		/* no room to wait: say it now rather than lose it */
		say(p->report, p->ctx, p->path, line, msg);
		return;
	}
	p->notes[p->nnotes] = (note){ line, p->nnotes, copy };
	p->nnotes++;
}

static int cmp_notes(const void *a, const void *b)
{
	const note *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void flush_notes(parser *p)
{
	if (p->nnotes > 1)
		qsort(p->notes, (size_t)p->nnotes, sizeof *p->notes, cmp_notes);
	for (int i = 0; i < p->nnotes; i++) {
		say(p->report, p->ctx, p->path, p->notes[i].line, p->notes[i].msg);
		free(p->notes[i].msg);
	}
	free(p->notes);
	p->notes = NULL;
	p->nnotes = p->notes_cap = 0;
}

/* ---- the raw text ------------------------------------------------------- */

/* What cmark would pass on quietly: invalid UTF-8 (it substitutes U+FFFD),
 * control characters and invisible marks (a soft hyphen, which only says
 * where a word may break, is dropped without a word). The model is cleaned
 * anyway; this is so the author hears of them, at the right line. */
static void check_text(parser *p, const char *text, size_t len)
{
	int line = 1, reports = 0;
	for (size_t i = 0; i < len && reports < MAX_TEXT_REPORTS;) {
		unsigned char b = (unsigned char)text[i];
		if (b >= 0x20 && b < 0x7F) {
			i++;   /* printable ASCII: nothing to report, no need to decode */
			continue;
		}
		uint32_t cp;
		int l = lesson_utf8_next(text + i, len - i, &cp);
		if (b >= 0x80 && l == 1) {
			problem(p, line, "invalid UTF-8 (byte 0x%02x)", b);
			reports++;
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		           (cp >= 0x7F && cp <= 0x9F)) {
			problem(p, line, "control character U+%04X%s", (unsigned)cp,
			        cp == 0x1B ? " (an escape sequence)" : "");
			reports++;
		} else if (cp == '\r' && !(i + 1 < len && text[i + 1] == '\n')) {
			problem(p, line, "carriage return not ending a line");
			reports++;
		} else if (lesson_invisible(cp) && !(cp == 0xFEFF && i == 0) && cp != 0x00AD) {
			problem(p, line, "invisible character U+%04X", (unsigned)cp);
			reports++;
		}
		if (cp == '\n')
			line++;
		i += (size_t)l;
	}
}

/* ---- the model ---------------------------------------------------------- */

static lesson_block *new_block(parser *p, lesson_block_kind kind, int line)
{
	lesson *ls = p->ls;
	if (ls->nblocks >= LESSON_MAX_BLOCKS) {
		if (!p->full)
			problem(p, line, "more than %d blocks (paragraphs, headings, code, lab and "
			        "quiz blocks, rules); split the lesson", LESSON_MAX_BLOCKS);
		p->full = true;
		return NULL;
	}
	if (ls->nblocks == p->cap) {
		int ncap = p->cap ? p->cap * 2 : 16;
		lesson_block *nb = realloc(ls->blocks, (size_t)ncap * sizeof *nb);
		if (!nb) {
			p->oom = true;
			return NULL;
		}
		ls->blocks = nb;
		p->cap = ncap;
	}
	lesson_block *b = &ls->blocks[ls->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	return b;
}

static void free_quiz(lesson_quiz *q)
{
	if (!q)
		return;
	free(q->question);
	for (int i = 0; i < q->nchoices; i++)
		free(q->choices[i]);
	free(q->answer_text);
	free(q->hint);
	free(q->explain);
	free(q);
}

static void free_figure(lesson_figure *f);

static void free_block(lesson_block *b)
{
	free(b->first_prefix);
	free(b->prefix);
	for (int i = 0; i < b->nruns; i++)
		free(b->runs[i].text);
	free(b->runs);
	for (int i = 0; i < b->nlines; i++)
		free(b->lines[i]);
	free(b->lines);
	free_quiz(b->quiz);
	for (int i = 0; i < b->nfigs; i++)
		free_figure(&b->figs[i]);
	free(b->figs);
}

void lesson_free(lesson *ls)
{
	for (int i = 0; i < ls->nblocks; i++)
		free_block(&ls->blocks[i]);
	free(ls->blocks);
	free(ls->file);
	free(ls->path);
	free(ls->title);
	memset(ls, 0, sizeof *ls);
}

/* Append text with a role to a block's runs, joining it to the last run
 * when the role is the same (cmark splits text at every special
 * character). Takes ownership of text. */
static void add_run(parser *p, lesson_block *b, char *text, unsigned role)
{
	if (!text) {
		p->oom = true;
		return;
	}
	if (b->nruns > 0 && b->runs[b->nruns - 1].role == role && !(role & LESSON_R_BREAK)) {
		lesson_run *r = &b->runs[b->nruns - 1];
		size_t a = strlen(r->text), c = strlen(text);
		char *j = realloc(r->text, a + c + 1);
		if (!j) {
			free(text);
			p->oom = true;
			return;
		}
		memcpy(j + a, text, c + 1);
		r->text = j;
		free(text);
		return;
	}
	/* grow by doubling: nruns is a power of two when full */
	if ((b->nruns & (b->nruns - 1)) == 0) {
		size_t ncap = b->nruns ? (size_t)b->nruns * 2 : 4;
		lesson_run *nr = realloc(b->runs, ncap * sizeof *nr);
		if (!nr) {
			free(text);
			p->oom = true;
			return;
		}
		b->runs = nr;
	}
	b->runs[b->nruns++] = (lesson_run){ text, role };
}

/* The runs from index from on, as one string (to compare a link's text
 * with its address). */
static char *runs_text(const lesson_block *b, int from)
{
	size_t n = 1;
	for (int i = from; i < b->nruns; i++)
		n += strlen(b->runs[i].text) + 1;
	char *s = malloc(n);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = from; i < b->nruns; i++)
		strcat(s, b->runs[i].role & LESSON_R_BREAK ? " " : b->runs[i].text);
	return s;
}

/* The inline content of a paragraph or heading as runs. */
static void add_inlines(parser *p, lesson_block *b, cmark_node *leaf)
{
	cmark_iter *it = cmark_iter_new(leaf);
	if (!it) {
		p->oom = true;
		return;
	}
	int strong = 0, emph = 0, link = 0;
	int link_start[8];  /* run index where each open link's text began */
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !p->oom) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		int d = enter ? 1 : -1;
		unsigned role = (strong ? LESSON_R_STRONG : 0) | (emph ? LESSON_R_EMPH : 0) |
		                (link ? LESSON_R_LINK : 0);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_STRONG:
			strong += d;
			break;
		case CMARK_NODE_EMPH:
			emph += d;
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE: {
			bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
			if (enter) {
				if (link < 8)
					link_start[link] = b->nruns;
				link++;
				if (image)
					add_run(p, b, dup_str("[image: "), role | LESSON_R_LINK);
				break;
			}
			link--;
			if (image)
				add_run(p, b, dup_str("]"), role);
			const char *url = cmark_node_get_url(n);
			if (!url || !*url)
				break;
			char *shown = link < 8 ? runs_text(b, link_start[link]) : NULL;
			const char *bare = !strncmp(url, "mailto:", 7) ? url + 7 : url;
			/* an autolink shows its address once */
			bool same = shown && (!strcmp(shown, url) || !strcmp(shown, bare));
			free(shown);
			if (same)
				break;
			char *clean = lesson_clean(url);
			if (!clean) {
				p->oom = true;
				break;
			}
			char *t = malloc(strlen(clean) + 4);
			if (t)
				sprintf(t, " (%s)", clean);
			free(clean);
			add_run(p, b, t, (role & ~(unsigned)LESSON_R_LINK) | LESSON_R_URL);
			break;
		}
		case CMARK_NODE_TEXT:
			add_run(p, b, lesson_clean(cmark_node_get_literal(n)), role);
			break;
		case CMARK_NODE_CODE:
			add_run(p, b, lesson_clean(cmark_node_get_literal(n)), role | LESSON_R_CODE);
			break;
		case CMARK_NODE_SOFTBREAK:
			add_run(p, b, dup_str(" "), role);
			break;
		case CMARK_NODE_LINEBREAK:
			add_run(p, b, dup_str(""), LESSON_R_BREAK);
			break;
		case CMARK_NODE_HTML_INLINE: {
			const char *h = cmark_node_get_literal(n);
			if (h && strncmp(h, "<!--", 4) != 0)
				problem(p, cmark_node_get_start_line(leaf),
				        "HTML is not shown in the lesson pane: %.40s", h);
			break;
		}
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/* ---- containers: list items and block quotes ---------------------------- */

typedef struct container {
	cmark_node_type type;    /* CMARK_NODE_LIST, _ITEM or _BLOCK_QUOTE */
	bool tight;              /* lists */
	bool has_leaf;           /* a block was emitted inside it */
	bool bullet;             /* items of a bullet list */
	char marker[16];         /* items: "• ", "12. " */
	int width;               /* items: columns of the marker */
} container;

typedef struct walk {
	container stack[MAX_NEST];
	int depth;               /* containers open, may exceed MAX_NEST */
	int too_deep;            /* the line where nesting first went too deep, 0 */
} walk;

static int count_digits(int n)
{
	int d = 1;
	while (n >= 10 || n <= -10) {
		n /= 10;
		d++;
	}
	return d;
}

static void open_container(walk *w, cmark_node *n)
{
	if (w->depth++ >= MAX_NEST) {
		if (!w->too_deep)
			w->too_deep = cmark_node_get_start_line(n) > 0 ? cmark_node_get_start_line(n) : 1;
		return;
	}
	container *c = &w->stack[w->depth - 1];
	memset(c, 0, sizeof *c);
	c->type = cmark_node_get_type(n);
	if (c->type == CMARK_NODE_LIST) {
		c->tight = cmark_node_get_list_tight(n);
		return;
	}
	if (c->type != CMARK_NODE_ITEM)
		return;
	cmark_node *list = cmark_node_parent(n);
	if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		int start = cmark_node_get_list_start(list), count = 0, pos = 0;
		for (cmark_node *k = cmark_node_first_child(list); k; k = cmark_node_next(k)) {
			if (k == n)
				pos = count;
			count++;
		}
		int wide = count_digits(start + count - 1);
		bool paren = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM;
		snprintf(c->marker, sizeof c->marker, "%*d%c ", wide, start + pos, paren ? ')' : '.');
		c->width = wide + 2;
		return;
	}
	/* the bullet changes with the depth of bullet lists */
	int level = 0;
	for (int i = 0; i < w->depth - 1; i++)
		if (w->stack[i].type == CMARK_NODE_ITEM && w->stack[i].bullet)
			level++;
	static const char *const bullets[] = { "\u2022 ", "\u25E6 ", "\u25AA " };
	snprintf(c->marker, sizeof c->marker, "%s", bullets[level < 2 ? level : 2]);
	c->width = 2;
	c->bullet = true;
}

static void pad_spaces(char *s, int n)
{
	size_t l = strlen(s);
	memset(s + l, ' ', (size_t)n);
	s[l + (size_t)n] = '\0';
}

static void close_container(walk *w)
{
	if (w->depth > 0)
		w->depth--;
}

/* Give a new block its prefixes and its gap from the containers around it,
 * and mark them as holding a block. */
static void place_block(parser *p, walk *w, lesson_block *b)
{
	int open = w->depth < MAX_NEST ? w->depth : MAX_NEST;
	/* a blank line before it, except inside a tight list after its first
	 * block: items of a tight list follow each other directly */
	b->gap = p->ls->nblocks > 1;
	for (int i = open - 1; i >= 0; i--) {
		container *c = &w->stack[i];
		if (c->type != CMARK_NODE_LIST)
			continue;
		if (!c->tight)
			break;
		if (c->has_leaf) {
			b->gap = false;
			break;
		}
	}
	size_t cap = 1;
	for (int i = 0; i < open; i++)
		cap += strlen(w->stack[i].marker) + 8;
	b->first_prefix = malloc(cap);
	b->prefix = malloc(cap);
	if (!b->first_prefix || !b->prefix) {
		p->oom = true;
		return;
	}
	b->first_prefix[0] = b->prefix[0] = '\0';
	for (int i = 0; i < open; i++) {
		container *c = &w->stack[i];
		if (c->type == CMARK_NODE_BLOCK_QUOTE) {
			strcat(b->first_prefix, "\u2502 ");
			strcat(b->prefix, "\u2502 ");
		} else if (c->type == CMARK_NODE_ITEM) {
			/* the marker on the item's first line, its width in spaces after */
			if (!c->has_leaf)
				strcat(b->first_prefix, c->marker);
			else
				pad_spaces(b->first_prefix, c->width);
			pad_spaces(b->prefix, c->width);
		}
		c->has_leaf = true;
	}
}

/* ---- code, lab and quiz blocks ------------------------------------------ */

/* Split a code block's text into lines: tabs expanded, a CR before the
 * line end dropped, each line cleaned. */
static void add_lines(parser *p, lesson_block *b, const char *text)
{
	const char *s = text ? text : "";
	int count = 0;
	for (const char *q = s; *q; q++)
		count += *q == '\n';
	if (*s && s[strlen(s) - 1] != '\n')
		count++;
	b->lines = calloc((size_t)(count ? count : 1), sizeof *b->lines);
	if (!b->lines) {
		p->oom = true;
		return;
	}
	while (*s && b->nlines < count) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		size_t tabs = 0;
		for (size_t i = 0; i < len; i++)
			tabs += s[i] == '\t';
		char *raw = malloc(len + tabs * TAB_STOP + 1);
		if (!raw) {
			p->oom = true;
			return;
		}
		size_t o = 0, col = 0;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\t') {
				do {
					raw[o++] = ' ';
					col++;
				} while (col % TAB_STOP);
			} else {
				raw[o++] = s[i];
				/* columns count code points: skip continuation bytes */
				if (((unsigned char)s[i] & 0xC0) != 0x80)
					col++;
			}
		}
		raw[o] = '\0';
		b->lines[b->nlines] = lesson_clean(raw);
		free(raw);
		if (!b->lines[b->nlines]) {
			p->oom = true;
			return;
		}
		b->nlines++;
		s += len;
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
	}
}

static bool space(char c)
{
	return c == ' ' || c == '\t';
}

static char *trim_dup(const char *s, size_t len)
{
	while (len > 0 && space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && space(s[len - 1]))
		len--;
	char *d = malloc(len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

/* Append " more" to a field's text (a continuation line). */
static char *append_text(char *field, const char *more)
{
	size_t a = strlen(field), b = strlen(more);
	char *j = realloc(field, a + b + 2);
	if (!j)
		return NULL;
	j[a] = ' ';
	memcpy(j + a + 1, more, b + 1);
	return j;
}

static const char *const quiz_fields[] = {
	"question", "choice", "answer", "tolerance", "hint", "explain",
};
enum { F_QUESTION, F_CHOICE, F_ANSWER, F_TOLERANCE, F_HINT, F_EXPLAIN, N_FIELDS };

/* A quiz block: "field: value" lines; a line starting with a blank goes on
 * with the field above it. */
static void parse_quiz(parser *p, lesson_block *b)
{
	lesson_quiz *q = calloc(1, sizeof *q);
	if (!q) {
		p->oom = true;
		return;
	}
	b->quiz = q;
	q->answer_choice = -1;
	q->index = p->ls->nquizzes++;
	if (q->index == LESSON_MAX_QUIZZES)
		problem(p, b->line, "more than %d quizzes in one lesson; split the lesson",
		        LESSON_MAX_QUIZZES);
	char **last = NULL;         /* the field a continuation line extends */
	int field_line[N_FIELDS] = { 0 };
	char *tol_text = NULL;
	for (int i = 0; i < b->nlines && !p->oom; i++) {
		const char *s = b->lines[i];
		int line = b->line + 1 + i;
		size_t len = strlen(s);
		char *t = trim_dup(s, len);
		if (!t) {
			p->oom = true;
			break;
		}
		if (!*t) {
			free(t);
			last = NULL;
			continue;
		}
		if (space(s[0])) {
			if (!last) {
				problem(p, line, "quiz: an indented line continues a field, but none is above it");
			} else {
				char *j = append_text(*last, t);
				if (j)
					*last = j;
				else
					p->oom = true;
			}
			free(t);
			continue;
		}
		char *colon = strchr(t, ':');
		char key[16] = "";
		if (colon && (size_t)(colon - t) < sizeof key) {
			memcpy(key, t, (size_t)(colon - t));
			key[colon - t] = '\0';
			for (char *k = key; *k; k++)
				*k = (char)tolower((unsigned char)*k);
		}
		int f = -1;
		for (int k = 0; k < N_FIELDS; k++)
			if (!strcmp(key, quiz_fields[k]))
				f = k;
		if (f < 0) {
			const char *near = key[0] ? util_nearest(key, quiz_fields, N_FIELDS) : NULL;
			if (!colon)
				problem(p, line, "quiz: expected 'field: value' (question, choice, answer, "
				        "tolerance, hint, explain)");
			else if (near)
				problem(p, line, "quiz: unknown field '%.20s'; did you mean '%s'?", key, near);
			else
				problem(p, line, "quiz: unknown field '%.20s' (question, choice, answer, "
				        "tolerance, hint, explain)", key);
			free(t);
			last = NULL;
			continue;
		}
		char *value = trim_dup(colon + 1, strlen(colon + 1));
		free(t);
		if (!value) {
			p->oom = true;
			break;
		}
		last = NULL;
		if (f == F_CHOICE) {
			int k = q->nchoices;
			char want = (char)('a' + k);
			if (k >= LESSON_MAX_CHOICES) {
				problem(p, line, "quiz: at most %d choices", LESSON_MAX_CHOICES);
			} else if (tolower((unsigned char)value[0]) != want || value[1] != ')') {
				problem(p, line, "quiz: choices are lettered in order; expected '%c) ...'", want);
			} else {
				char *text = trim_dup(value + 2, strlen(value + 2));
				if (!text) {
					p->oom = true;
				} else if (!*text) {
					problem(p, line, "quiz: choice %c) has no text", want);
					free(text);
				} else {
					q->choices[q->nchoices++] = text;
					last = &q->choices[k];
				}
			}
			free(value);
			continue;
		}
		if (field_line[f]) {
			problem(p, line, "quiz: a second '%s' (the first is on line %d)",
			        quiz_fields[f], field_line[f]);
			free(value);
			continue;
		}
		field_line[f] = line;
		if (!*value) {
			problem(p, line, "quiz: '%s' is empty", quiz_fields[f]);
			free(value);
			continue;
		}
		char **slot = f == F_QUESTION ? &q->question : f == F_ANSWER ? &q->answer_text :
		              f == F_HINT ? &q->hint : f == F_EXPLAIN ? &q->explain : &tol_text;
		*slot = value;
		last = f == F_ANSWER || f == F_TOLERANCE ? NULL : slot;
	}

	if (!q->question && !field_line[F_QUESTION])
		problem(p, b->line, "quiz: no question");
	if (q->nchoices == 1)
		problem(p, b->line, "quiz: only one choice; give two or more, or a number answer");
	char err[MSGLEN];
	if (!q->answer_text) {
		if (!field_line[F_ANSWER])
			problem(p, b->line, "quiz: no answer");
	} else if (q->nchoices == 1) {
		/* reported above; a letter check would only repeat it */
	} else if (q->nchoices > 0) {
		const char *a = q->answer_text;
		int k = tolower((unsigned char)a[0]) - 'a';
		bool letter = (a[1] == '\0' || (a[1] == ')' && a[2] == '\0'));
		if (!letter || k < 0 || k >= q->nchoices)
			problem(p, field_line[F_ANSWER], "quiz: answer must be a choice letter, a to %c, "
			        "got '%.20s'", 'a' + q->nchoices - 1, a);
		else
			q->answer_choice = k;
		if (field_line[F_TOLERANCE])
			problem(p, field_line[F_TOLERANCE], "quiz: tolerance is for number answers");
	} else {
		if (!num_parse(q->answer_text, "answer", &q->answer, err, sizeof err))
			problem(p, field_line[F_ANSWER], "quiz: %s (or give choices)", err);
		if (!field_line[F_TOLERANCE])
			problem(p, b->line, "quiz: a number answer needs a tolerance, like 'tolerance: 0.001'");
		else if (tol_text && !num_parse(tol_text, "tolerance", &q->tolerance, err, sizeof err))
			problem(p, field_line[F_TOLERANCE], "quiz: %s", err);
		else if (tol_text && q->tolerance < 0)
			problem(p, field_line[F_TOLERANCE], "quiz: tolerance must be 0 or more, got %s",
			        tol_text);
	}
	free(tol_text);
	if (!q->hint && !field_line[F_HINT])
		problem(p, b->line, "quiz: no hint");
	if (!q->explain && !field_line[F_EXPLAIN])
		problem(p, b->line, "quiz: no explain (the explanation shown after answering)");
}

/* ---- figure checks ------------------------------------------------------ */

/* The quantities a check line can name; "at" says what follows '@'. */
enum { AT_NONE, AT_STEP, AT_LAYER, AT_LOSS };

static const struct fig_name {
	const char *name;
	lesson_fig_q q;
	int at;
} fig_names[] = {
	{ "f", LESSON_FQ_F, AT_NONE },
	{ "df", LESSON_FQ_DF, AT_NONE },
	{ "out", LESSON_FQ_OUT, AT_NONE },
	{ "grad", LESSON_FQ_GRAD, AT_NONE },
	{ "vanish", LESSON_FQ_VANISH, AT_NONE },
	{ "explode", LESSON_FQ_EXPLODE, AT_NONE },
	{ "train.loss", LESSON_FQ_TRAIN_LOSS, AT_STEP },
	{ "train.dead", LESSON_FQ_TRAIN_DEAD, AT_STEP },
	{ "train.diverged", LESSON_FQ_TRAIN_DIVERGED, AT_STEP },
	{ "train.below", LESSON_FQ_TRAIN_BELOW, AT_LOSS },
	{ "net.mean", LESSON_FQ_NET_MEAN, AT_LAYER },
	{ "net.std", LESSON_FQ_NET_STD, AT_LAYER },
	{ "net.z-mean", LESSON_FQ_NET_Z_MEAN, AT_LAYER },
	{ "net.z-std", LESSON_FQ_NET_Z_STD, AT_LAYER },
	{ "net.saturated", LESSON_FQ_NET_SATURATED, AT_LAYER },
	{ "net.dead", LESSON_FQ_NET_DEAD, AT_LAYER },
	{ "net.grad", LESSON_FQ_NET_GRAD, AT_LAYER },
	{ "net.ratio", LESSON_FQ_NET_RATIO, AT_NONE },
};

#define FIG_MAX_STEPS 100000L    /* a check trains at most this long */

static void free_figure(lesson_figure *f)
{
	free(f->name);
	free(f->value_text);
	for (int i = 0; i < f->nwhen; i++)
		free(f->when[i]);
	free(f->when);
}

/* The next blank-separated word of *s, copied into w (cut at len - 1). */
static bool next_word(const char **s, char *w, size_t len)
{
	const char *q = *s;
	while (space(*q))
		q++;
	if (!*q)
		return false;
	size_t n = 0;
	while (*q && !space(*q)) {
		if (n + 1 < len)
			w[n++] = *q;
		q++;
	}
	w[n] = '\0';
	*s = q;
	return true;
}

/* Read "QUANTITY OP VALUE [when CMD; CMD ...]" (after the word check) into
 * f; false with a problem reported. */
static bool parse_figure(parser *p, int line, const char *s, lesson_figure *f)
{
	static const char form[] = "write 'check QUANTITY OP VALUE [when COMMAND; ...]', "
	                           "like 'check grad = 0.1074'";
	char name[48], op[8], val[40];
	if (!next_word(&s, name, sizeof name) || !next_word(&s, op, sizeof op) ||
	    !next_word(&s, val, sizeof val)) {
		problem(p, line, "check: %s", form);
		return false;
	}
	char at_text[40] = "";
	char *at = strchr(name, '@');
	if (at) {
		snprintf(at_text, sizeof at_text, "%s", at + 1);
		*at = '\0';
	}
	const struct fig_name *fn = NULL;
	for (size_t i = 0; i < sizeof fig_names / sizeof *fig_names; i++)
		if (!strcmp(fig_names[i].name, name))
			fn = &fig_names[i];
	if (!fn) {
		problem(p, line, "check: unknown quantity '%s'; the quantities are f, df, out, grad, "
		        "vanish, explode, train.loss@STEP, train.dead@STEP, train.diverged@STEP, "
		        "train.below@LOSS, net.mean@LAYER, net.std@LAYER, net.z-mean@LAYER, "
		        "net.z-std@LAYER, net.saturated@LAYER, net.dead@LAYER, net.grad@LAYER "
		        "and net.ratio", name);
		return false;
	}
	char msg[MSGLEN];
	f->q = fn->q;
	if (fn->at == AT_NONE && at) {
		problem(p, line, "check: %s takes no '@'", name);
		return false;
	}
	if (fn->at != AT_NONE && !at) {
		problem(p, line, "check: %s needs '@%s', like %s@%s", name,
		        fn->at == AT_STEP ? "STEP" : fn->at == AT_LAYER ? "LAYER" : "LOSS", name,
		        fn->at == AT_STEP ? "1000" : fn->at == AT_LAYER ? "10" : "0.01");
		return false;
	}
	long n;
	if (fn->at == AT_STEP) {
		if (!num_parse_long(at_text, "the step", 0, FIG_MAX_STEPS, &n, msg, sizeof msg)) {
			problem(p, line, "check: %s", msg);
			return false;
		}
		f->at = (double)n;
	} else if (fn->at == AT_LAYER) {
		if (!num_parse_long(at_text, "the layer", 1, NET_MAX_DEPTH, &n, msg, sizeof msg)) {
			problem(p, line, "check: %s", msg);
			return false;
		}
		f->at = (double)n;
	} else if (fn->at == AT_LOSS) {
		if (!num_parse(at_text, "the loss", &f->at, msg, sizeof msg)) {
			problem(p, line, "check: %s", msg);
			return false;
		}
		if (!(f->at > 0)) {
			problem(p, line, "check: the loss after '@' must be above 0, got %s", at_text);
			return false;
		}
	}
	if (strlen(op) != 1 || !strchr("=~<>", op[0])) {
		problem(p, line, "check: '%s' is not a comparison; use = (to the digits written), "
		        "~ (about), < or >", op);
		return false;
	}
	f->op = op[0];
	bool word = false;
	if (fn->q == LESSON_FQ_TRAIN_DIVERGED) {
		if (strcmp(val, "yes") && strcmp(val, "no")) {
			problem(p, line, "check: %s is yes or no, got '%s'", name, val);
			return false;
		}
		f->value = !strcmp(val, "yes");
		word = true;
	} else if (fn->q == LESSON_FQ_TRAIN_BELOW && !strcmp(val, "never")) {
		f->value = INFINITY;
		word = true;
	} else {
		char num[40];
		snprintf(num, sizeof num, "%s", val);
		size_t l = strlen(num);
		bool pct = l > 1 && num[l - 1] == '%';
		if (pct)
			num[l - 1] = '\0';
		if (!num_parse(num, "the value", &f->value, msg, sizeof msg)) {
			problem(p, line, "check: %s", msg);
			return false;
		}
		if (pct)
			f->value /= 100;
	}
	if (word && f->op != '=') {
		problem(p, line, "check: '%s' takes =, not %s", val, op);
		return false;
	}
	while (space(*s))
		s++;
	if (*s) {
		if (strncmp(s, "when", 4) || !(space(s[4]) || !s[4])) {
			problem(p, line, "check: unexpected '%.20s' after the value; more settings "
			        "go after 'when', like 'when act tanh; set x 2'", s);
			return false;
		}
		s += 4;
		int count = 1;
		for (const char *q = s; *q; q++)
			count += *q == ';';
		f->when = calloc((size_t)count, sizeof *f->when);
		if (!f->when) {
			p->oom = true;
			return false;
		}
		while (*s) {
			const char *e = strchr(s, ';');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			char *c = trim_dup(s, len);
			if (!c) {
				p->oom = true;
				return false;
			}
			if (*c)
				f->when[f->nwhen++] = c;
			else
				free(c);
			s += len;
			if (*s == ';')
				s++;
		}
		if (f->nwhen == 0) {
			problem(p, line, "check: 'when' needs a command, like 'when set x 2'");
			return false;
		}
	}
	f->name = dup_str(at ? (*at = '@', name) : name);
	f->value_text = dup_str(val);
	if (!f->name || !f->value_text)
		p->oom = true;
	f->line = line;
	return !p->oom;
}

/* Is the line "check ..."? */
static bool check_line(const char *s)
{
	while (space(*s))
		s++;
	return !strncmp(s, "check", 5) && (space(s[5]) || !s[5]);
}

/* Take a lab block's check lines out of its lines into its figures: they
 * come after its commands, so the lines left keep their source lines. */
static void split_figures(parser *p, lesson_block *b)
{
	int first = -1, nfig = 0;
	for (int i = 0; i < b->nlines; i++)
		if (check_line(b->lines[i])) {
			if (first < 0)
				first = i;
			nfig++;
		}
	if (first < 0)
		return;
	b->figs = calloc((size_t)nfig, sizeof *b->figs);
	if (!b->figs) {
		p->oom = true;
		return;
	}
	for (int i = first; i < b->nlines; i++) {
		int line = b->line + 1 + i;
		const char *s = b->lines[i];
		while (space(*s))
			s++;
		if (check_line(s)) {
			lesson_figure *f = &b->figs[b->nfigs];
			if (parse_figure(p, line, s + 5, f))
				b->nfigs++;
			else
				free_figure(f), memset(f, 0, sizeof *f);
		} else if (*s && *s != '#') {
			problem(p, line, "lab: a command after a check line; the checks come last, "
			        "after the commands that set the lab up");
		}
	}
	for (int i = first; i < b->nlines; i++)
		free(b->lines[i]);
	b->nlines = first;
}

/* A check's 'when' commands, on the block's state: each must be one the
 * lab applies. */
static void check_when(parser *p, const lesson_block *b, const lab *after)
{
	for (int i = 0; i < b->nfigs; i++) {
		const lesson_figure *f = &b->figs[i];
		if (f->nwhen == 0)
			continue;
		lab s = *after;
		for (int k = 0; k < f->nwhen; k++) {
			char msg[MSGLEN];
			cmd c;
			int r = cmd_parse(f->when[k], &c, msg, sizeof msg);
			if (r == 0 && !(c.kind == CMD_ACT || c.kind == CMD_SET || c.kind == CMD_RANGE)) {
				snprintf(msg, sizeof msg, "'when' takes act, set and range, not '%.20s'",
				         f->when[k]);
				r = -1;
			} else if (r == 0) {
				r = cmd_apply(&s, &c, msg, sizeof msg) < 0 ? -1 : 0;
			} else if (r == 1) {
				snprintf(msg, sizeof msg, "an empty 'when' command");
				r = -1;
			}
			if (r < 0) {
				problem(p, f->line, "check: %s", msg);
				break;
			}
		}
	}
}

/* Append s to a growing buffer, U+2212 minus as '-' (a lesson writes −0.5
 * in prose and -0.5 in a check). */
static void text_add(parser *p, char **buf, size_t *len, size_t *cap, const char *s)
{
	if (!s)
		return;
	size_t need = *len + strlen(s) + 2;
	if (need > *cap) {
		size_t ncap = need * 2;
		char *nb = realloc(*buf, ncap);
		if (!nb) {
			p->oom = true;
			return;
		}
		*buf = nb;
		*cap = ncap;
	}
	for (; *s; s++) {
		if (!strncmp(s, "\xe2\x88\x92", 3)) {
			(*buf)[(*len)++] = '-';
			s += 2;
		} else {
			(*buf)[(*len)++] = *s;
		}
	}
	(*buf)[(*len)++] = '\n';
	(*buf)[*len] = '\0';
}

/* Does the number text occur in hay as a whole number (not inside a longer
 * one: "0.5" is not in "0.52" nor in "10.5" nor in "0.5e-3")? */
static bool has_number(const char *hay, const char *num)
{
	size_t n = strlen(num);
	for (const char *q = hay; (q = strstr(q, num)) != NULL; q++) {
		char before = q > hay ? q[-1] : ' ';
		const char *a = q + n;
		if (isdigit((unsigned char)before) || before == '.')
			continue;
		if (isdigit((unsigned char)a[0]) || (a[0] == '.' && isdigit((unsigned char)a[1])))
			continue;
		if ((a[0] == 'e' || a[0] == 'E') &&
		    (isdigit((unsigned char)a[1]) || a[1] == '-' || a[1] == '+'))
			continue;
		return true;
	}
	return false;
}

/* A check is for a figure the lesson states: its value must be in the
 * lesson's text, so the two cannot drift apart. */
static void figures_in_text(parser *p)
{
	const lesson *ls = p->ls;
	int nfigs = 0;
	for (int i = 0; i < ls->nblocks; i++)
		nfigs += ls->blocks[i].nfigs;
	if (nfigs == 0)
		return;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (int i = 0; i < ls->nblocks && !p->oom; i++) {
		const lesson_block *b = &ls->blocks[i];
		if (b->kind == LESSON_PARA || b->kind == LESSON_HEADING) {
			char *t = runs_text(b, 0);
			if (!t)
				p->oom = true;
			text_add(p, &buf, &len, &cap, t);
			free(t);
		} else if (b->kind == LESSON_CODE) {
			for (int k = 0; k < b->nlines; k++)
				text_add(p, &buf, &len, &cap, b->lines[k]);
		} else if (b->kind == LESSON_QUIZ && b->quiz) {
			const lesson_quiz *q = b->quiz;
			text_add(p, &buf, &len, &cap, q->question);
			for (int k = 0; k < q->nchoices; k++)
				text_add(p, &buf, &len, &cap, q->choices[k]);
			text_add(p, &buf, &len, &cap, q->hint);
			text_add(p, &buf, &len, &cap, q->explain);
		}
	}
	for (int i = 0; i < ls->nblocks && !p->oom; i++) {
		const lesson_block *b = &ls->blocks[i];
		for (int k = 0; k < b->nfigs; k++) {
			const lesson_figure *f = &b->figs[k];
			if (!isdigit((unsigned char)f->value_text[0]) && f->value_text[0] != '-' &&
			    f->value_text[0] != '.')
				continue;   /* yes, no, never */
			if (!buf || !has_number(buf, f->value_text))
				problem(p, f->line, "check: the lesson's text does not say %s; a check "
				        "is for a figure the text states", f->value_text);
		}
	}
	free(buf);
}

/* May a lab block hold this command? Lab blocks set up the lab; moving
 * between lessons or quitting from one would surprise the reader. */
static bool lab_kind(cmd_kind k)
{
	return k == CMD_ACT || k == CMD_SET || k == CMD_RANGE || k == CMD_COMPARE ||
	       k == CMD_EVAL || k == CMD_VIEW;
}

/* Run a lab block's lines on l. With p, every bad line is reported and the
 * rest still run (a failed command changes nothing); without, the first
 * bad line stops it. Returns the number of bad lines. */
static int run_lab(const lesson_block *b, lab *l, parser *p, int *bad_line,
                   char *err, size_t errlen)
{
	int bad = 0, cmds = 0, evals = 0, eval_line = 0;
	for (int i = 0; i < b->nlines; i++) {
		int line = b->line + 1 + i;
		char msg[MSGLEN];
		cmd c;
		int r = cmd_parse(b->lines[i], &c, msg, sizeof msg);
		if (r == 1)
			continue;
		/* the bounds that keep a block's work within a frame: the
		 * tutorial applies a block between two keys */
		if (++cmds > LESSON_MAX_LAB_CMDS) {
			snprintf(msg, sizeof msg, "lab: more than %d commands in one lab block; split it",
			         LESSON_MAX_LAB_CMDS);
			bad++;
			if (p)
				problem(p, line, "%s", msg);
			else if (bad_line)
				*bad_line = line;
			if (!p && err && errlen)
				snprintf(err, errlen, "%s", msg);
			return bad;
		}
		if (r == 0 && c.kind == CMD_EVAL && ++evals > LESSON_MAX_LAB_EVALS) {
			snprintf(msg, sizeof msg, "a second eval (the first is on line %d): the status "
			         "line shows one result, so a lab block has one eval", eval_line);
			r = -1;
		} else if (r == 0 && !lab_kind(c.kind)) {
			char word[24];
			sscanf(b->lines[i], " %23s", word);
			snprintf(msg, sizeof msg, "'%s' is not for lab blocks, which hold act, set, "
			         "compare, eval and view", word);
			r = -1;
		} else if (r == 0 && cmd_apply(l, &c, msg, sizeof msg) < 0) {
			r = -1;
		}
		if (r == 0 && c.kind == CMD_EVAL && !eval_line)
			eval_line = line;
		if (r < 0) {
			bad++;
			if (p) {
				problem(p, line, "lab: %s", msg);
				continue;
			}
			if (bad_line)
				*bad_line = line;
			if (err && errlen)
				snprintf(err, errlen, "%s", msg);
			return bad;
		}
	}
	if (p && cmds == 0)
		problem(p, b->line, "lab: an empty lab block");
	return bad;
}

/* The lab state every lab block starts from. */
static void scratch_lab(lab *s, const lab *like)
{
	lab_init(s);
	if (like) {
		s->cs = like->cs;
		s->color = like->color;
	}
}

int lesson_lab_apply(const lesson_block *b, lab *l, lesson_cmd_fn other, void *ctx,
                     int *bad_line, char *err, size_t errlen)
{
	if (!b || b->kind != LESSON_LAB) {
		if (err && errlen)
			snprintf(err, errlen, "not a lab block");
		return -1;
	}
	lab s;
	scratch_lab(&s, l);
	if (run_lab(b, &s, NULL, bad_line, err, errlen) > 0) {
		lab_free(&s);
		return -1;
	}
	/* the new state in, the lab's own buffers kept */
	lab_strip_col *strip = l->strip;
	int strip_cap = l->strip_cap;
	long evals = l->evals;
	lab_strip_col *scratch_strip = s.strip;
	*l = s;
	l->strip = strip;
	l->strip_cap = strip_cap;
	l->nstrip = 0;
	l->evals = evals;
	l->valid = false;
	lab_set_home(l);
	free(scratch_strip);
	if (other) {
		for (int i = 0; i < b->nlines; i++) {
			cmd c;
			if (cmd_parse(b->lines[i], &c, NULL, 0) == 0 &&
			    (c.kind == CMD_COMPARE || c.kind == CMD_EVAL || c.kind == CMD_VIEW))
				other(ctx, &c);
		}
	}
	return 0;
}

/* ---- the document ------------------------------------------------------- */

/* The first word of a fence's info string: "lab", "quiz", "python". */
static void fence_word(cmark_node *n, char *out, size_t len)
{
	const char *info = cmark_node_get_fence_info(n);
	size_t i = 0;
	if (info)
		while (info[i] && !isspace((unsigned char)info[i]) && i + 1 < len) {
			out[i] = info[i];
			i++;
		}
	out[i] = '\0';
}

static void leaf(parser *p, walk *w, cmark_node *n)
{
	int line = cmark_node_get_start_line(n);
	lesson_block *b = NULL;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING: {
		bool heading = cmark_node_get_type(n) == CMARK_NODE_HEADING;
		if (!(b = new_block(p, heading ? LESSON_HEADING : LESSON_PARA, line)))
			return;
		place_block(p, w, b);
		if (heading)
			b->level = cmark_node_get_heading_level(n);
		add_inlines(p, b, n);
		if (heading && b->level == 1 && !p->ls->title && !p->oom) {
			p->ls->title = runs_text(b, 0);
			if (!p->ls->title)
				p->oom = true;
		}
		return;
	}
	case CMARK_NODE_CODE_BLOCK: {
		char word[16];
		fence_word(n, word, sizeof word);
		lesson_block_kind k = !strcmp(word, "lab") ? LESSON_LAB :
		                      !strcmp(word, "quiz") ? LESSON_QUIZ : LESSON_CODE;
		if (!(b = new_block(p, k, line)))
			return;
		place_block(p, w, b);
		add_lines(p, b, cmark_node_get_literal(n));
		if (p->oom)
			return;
		if (k == LESSON_LAB) {
			p->ls->nlabs++;
			split_figures(p, b);
			if (p->oom)
				return;
			lab s;
			scratch_lab(&s, NULL);
			run_lab(b, &s, p, NULL, NULL, 0);
			check_when(p, b, &s);
			lab_free(&s);
		} else if (k == LESSON_QUIZ) {
			parse_quiz(p, b);
		}
		return;
	}
	case CMARK_NODE_THEMATIC_BREAK:
		if ((b = new_block(p, LESSON_RULE, line)))
			place_block(p, w, b);
		return;
	case CMARK_NODE_HTML_BLOCK: {
		const char *h = cmark_node_get_literal(n);
		if (h && strncmp(h, "<!--", 4) != 0)
			problem(p, line, "HTML is not shown in the lesson pane; write it in Markdown");
		return;
	}
	default:
		return;
	}
}

/* lesson_parse, with the problems held in p: 0, or -1 when out of memory. */
static int parse_lesson(parser *p, const char *file, const char *text, size_t len)
{
	lesson *out = p->ls;
	out->file = dup_str(file);
	out->path = dup_str(p->path);
	if (!out->file || !out->path)
		return -1;
	if (len > (size_t)LESSON_MAX_BYTES) {
		problem(p, 1, "too large: %zu bytes, at most %ld", len, LESSON_MAX_BYTES);
		out->title = dup_str("");
		return out->title ? 0 : -1;
	}
	int lines = 1;
	for (const char *q = text, *end = text + len; (q = memchr(q, '\n', (size_t)(end - q)));
	     q++)
		lines += q + 1 < end;
	if (lines > LESSON_MAX_LINES) {
		problem(p, LESSON_MAX_LINES + 1, "more than %d lines; split the lesson",
		        LESSON_MAX_LINES);
		out->title = dup_str("");
		return out->title ? 0 : -1;
	}
	check_text(p, text, len);
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_VALIDATE_UTF8);
	cmark_iter *it = doc ? cmark_iter_new(doc) : NULL;
	if (!it) {
		cmark_node_free(doc);
		return -1;
	}
	walk w = { .depth = 0 };
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !p->oom) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE) {
			if (ev == CMARK_EVENT_ENTER)
				open_container(&w, n);
			else
				close_container(&w);
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || t == CMARK_NODE_DOCUMENT)
			continue;
		leaf(p, &w, n);
		/* its inlines are done: go on after it */
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (p->oom)
		return -1;
	figures_in_text(p);
	if (p->oom)
		return -1;
	if (w.too_deep)
		problem(p, w.too_deep, "lists and quotes nested more than %d deep", MAX_NEST);
	if (!out->title) {
		problem(p, 1, "no title: a lesson starts with a '# Title' heading");
		out->title = dup_str("");
	} else if (!*out->title) {
		problem(p, 1, "the title heading is empty");
	}
	return out->title ? 0 : -1;
}

int lesson_parse(const char *path, const char *file, const char *text, size_t len,
                 lesson *out, lesson_report_fn report, void *ctx)
{
	memset(out, 0, sizeof *out);
	parser p = { .path = path, .report = report, .ctx = ctx, .ls = out };
	int r = parse_lesson(&p, file, text, len);
	if (r < 0) {
		/* out of memory: what was found so far is still worth saying */
		flush_notes(&p);
		lesson_free(out);
		return -1;
	}
	flush_notes(&p);
	return p.problems;
}

/* ---- the set ------------------------------------------------------------ */

/* "NN-slug.md": two or three digits, a hyphen, lowercase letters, digits
 * and single hyphens. Fills number and slug. */
static bool lesson_name(const char *name, int *number, char *slug)
{
	int digits = 0, num = 0;
	while (isdigit((unsigned char)name[digits]) && digits < 4) {
		num = num * 10 + (name[digits] - '0');
		digits++;
	}
	if (digits < 2 || digits > 3 || name[digits] != '-')
		return false;
	const char *s = name + digits + 1;
	size_t len = strlen(s);
	if (len < 4 || strcmp(s + len - 3, ".md") != 0)
		return false;
	len -= 3;
	if (len == 0 || len > LESSON_SLUG_MAX || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (c == '-' && s[i + 1] == '-')
			return false;
	}
	memcpy(slug, s, len);
	slug[len] = '\0';
	*number = num;
	return true;
}

/* By the leading number, so 100-x.md comes after 99-x.md; then by name. */
static int cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	long nx = isdigit((unsigned char)*x) ? strtol(x, NULL, 10) : LONG_MAX;
	long ny = isdigit((unsigned char)*y) ? strtol(y, NULL, 10) : LONG_MAX;
	if (nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x, y);
}

/* Read a whole file (at most LESSON_MAX_BYTES + 1 bytes, so a larger one
 * is seen as such). */
static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	/* not blocking on open: a FIFO named like a lesson must not hang
	 * the tutorial */
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read: not a regular file");
		close(fd);
		return NULL;
	}
	/* refused unread, with its real size: the read below stops soon
	 * after the limit, so its count would understate a large file */
	if (st.st_size > LESSON_MAX_BYTES) {
		snprintf(err, errlen, "too large: %lld bytes, at most %ld", (long long)st.st_size,
		         LESSON_MAX_BYTES);
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n == cap) {
			if (cap > (size_t)LESSON_MAX_BYTES)
				break;
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	bool failed = ferror(f);
	int e = errno;
	fclose(f);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (failed) {
		snprintf(err, errlen, "cannot read: %s", strerror(e));
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

void lesson_set_free(lesson_set *set)
{
	for (int i = 0; i < set->n; i++)
		lesson_free(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

static void report_now(lesson_report_fn report, void *ctx, const char *path, int line,
                       const char *fmt, ...)
{
	char msg[MSGLEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (report)
		say(report, ctx, path, line, msg);
}

/* The lesson files of a directory: names ending in .md, but README.md and
 * hidden files, sorted. */
static char **list_dir(const char *dir, int *count, int *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		*err = errno;
		return NULL;
	}
	int n = 0, cap = 16;
	char **names = malloc((size_t)cap * sizeof *names);
	struct dirent *e;
	while (names && (e = readdir(d)) != NULL) {
		const char *nm = e->d_name;
		size_t l = strlen(nm);
		if (nm[0] == '.' || l < 4 || strcmp(nm + l - 3, ".md") != 0 ||
		    !strcasecmp(nm, "README.md"))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (size_t)cap * 2 * sizeof *nn);
			if (!nn)
				break;
			names = nn;
			cap *= 2;
		}
		if (!(names[n] = dup_str(nm)))
			break;
		n++;
	}
	closedir(d);
	if (!names) {
		*err = ENOMEM;
		return NULL;
	}
	qsort(names, (size_t)n, sizeof *names, cmp_names);
	*count = n;
	return names;
}

int lesson_set_load(const char *dir, lesson_set *set, int *nfiles,
                    lesson_report_fn report, void *ctx)
{
	memset(set, 0, sizeof *set);
	if (nfiles)
		*nfiles = 0;
	int n = 0, e = 0;
	char **names = list_dir(dir, &n, &e);
	if (!names) {
		report_now(report, ctx, dir, 0, "cannot read the lessons directory: %s", strerror(e));
		return -1;
	}
	if (nfiles)
		*nfiles = n;
	set->v = calloc((size_t)(n ? n : 1), sizeof *set->v);
	/* number and slug of every well-named file, loaded or not, so a
	 * duplicate is found whichever of the two is broken */
	struct seen { int number; char slug[LESSON_SLUG_MAX + 1]; const char *file; } *seen =
		calloc((size_t)(n ? n : 1), sizeof *seen);
	int nseen = 0, problems = 0;
	if (!set->v || !seen) {
		free(seen);
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
		free(set->v);
		set->v = NULL;
		report_now(report, ctx, dir, 0, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *path = join_path(dir, names[i]);
		int number;
		char slug[LESSON_SLUG_MAX + 1];
		if (!path) {
			report_now(report, ctx, dir, 0, "out of memory");
			problems++;
			continue;
		}
		if (!lesson_name(names[i], &number, slug)) {
			report_now(report, ctx, path, 1, "not a lesson file name: lessons are NN-slug.md "
			           "(a two-digit number, a hyphen, lowercase letters, digits and hyphens)");
			problems++;
			free(path);
			continue;
		}
		if (nseen >= LESSON_MAX_FILES) {
			report_now(report, ctx, path, 1, "more than %d lesson files in the directory; "
			           "this one is not read", LESSON_MAX_FILES);
			problems++;
			free(path);
			continue;
		}
		/* each clash once, against the first file that has it */
		int k = 0, dup_number = -1, dup_slug = -1;
		for (int j = 0; j < nseen; j++) {
			if (seen[j].number == number && dup_number < 0)
				dup_number = j;
			if (!strcmp(seen[j].slug, slug) && dup_slug < 0)
				dup_slug = j;
		}
		if (dup_number >= 0) {
			report_now(report, ctx, path, 1, "lesson number %02d is also %s's", number,
			           seen[dup_number].file);
			k++;
		}
		if (dup_slug >= 0) {
			report_now(report, ctx, path, 1, "the name '%s' is also %s's (progress is "
			           "kept by name)", slug, seen[dup_slug].file);
			k++;
		}
		seen[nseen].number = number;
		snprintf(seen[nseen].slug, sizeof seen[nseen].slug, "%s", slug);
		seen[nseen].file = names[i];
		nseen++;

		char err[MSGLEN];
		size_t len = 0;
		char *text = read_file(path, &len, err, sizeof err);
		if (!text) {
			report_now(report, ctx, path, 1, "%s", err);
			problems += k + 1;
			free(path);
			continue;
		}
		lesson *ls = &set->v[set->n];
		int r = lesson_parse(path, names[i], text, len, ls, report, ctx);
		free(text);
		free(path);
		if (r < 0) {
			report_now(report, ctx, dir, 0, "out of memory");
			problems += k + 1;
			continue;
		}
		ls->number = number;
		snprintf(ls->slug, sizeof ls->slug, "%s", slug);
		k += r;
		problems += k;
		if (k == 0)
			set->n++;
		else
			lesson_free(ls);
	}
	free(seen);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return problems;
}

int lesson_set_find(const lesson_set *set, const char *key)
{
	if (!key || !*key)
		return -1;
	bool digits = true;
	for (const char *c = key; *c; c++)
		digits = digits && isdigit((unsigned char)*c);
	if (digits) {
		long n = strlen(key) <= 4 ? strtol(key, NULL, 10) : -1;
		for (int i = 0; i < set->n; i++)
			if (set->v[i].number == n)
				return i;
		return -1;
	}
	for (int i = 0; i < set->n; i++) {
		const lesson *ls = &set->v[i];
		size_t fl = strlen(ls->file);
		if (!strcmp(ls->slug, key) || !strcmp(ls->file, key) ||
		    (fl > 3 && strlen(key) == fl - 3 && !strncmp(ls->file, key, fl - 3)))
			return i;
	}
	return -1;
}

const lesson_quiz *lesson_quiz_at(const lesson *ls, int i)
{
	for (int k = 0; k < ls->nblocks; k++)
		if (ls->blocks[k].kind == LESSON_QUIZ && ls->blocks[k].quiz &&
		    ls->blocks[k].quiz->index == i)
			return ls->blocks[k].quiz;
	return NULL;
}

/* ---- answers ------------------------------------------------------------ */

int lesson_quiz_check(const lesson_quiz *q, const char *answer, char *err, size_t errlen)
{
	char buf[LESSON_ANSWER_MAX];
	const char *s = answer ? answer : "";
	while (space(*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && space(s[len - 1]))
		len--;
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (q->nchoices > 0) {
		int k = tolower((unsigned char)buf[0]) - 'a';
		bool letter = len == 1 || (len == 2 && buf[1] == ')');
		if (!letter || k < 0 || k >= q->nchoices) {
			if (err && errlen)
				snprintf(err, errlen, "answer with a letter, a to %c", 'a' + q->nchoices - 1);
			return -1;
		}
		return k == q->answer_choice;
	}
	/* the lessons print minus signs as U+2212; a learner copying one
	 * from the text means the ASCII one */
	for (char *m; (m = strstr(buf, "\xe2\x88\x92")) != NULL;) {
		*m = '-';
		memmove(m + 1, m + 3, strlen(m + 3) + 1);
	}
	double v;
	char msg[MSGLEN];
	if (!num_parse(buf, "the answer", &v, msg, sizeof msg)) {
		/* the example must not be the answer itself */
		static const char *const examples[] = { "-1.5", "2e-3", "42" };
		const char *ex = examples[0];
		for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
			ex = examples[i];
			if (fabs(strtod(ex, NULL) - q->answer) > q->tolerance)
				break;
		}
		if (err && errlen)
			snprintf(err, errlen, "answer with a number, like %s", ex);
		return -1;
	}
	/* a hair of slack so 0.35 - 0.25 <= 0.1 holds in binary too */
	double slack = 1e-12 * fmax(fabs(q->answer), q->tolerance);
	return fabs(v - q->answer) <= q->tolerance + slack;
}
