/* lesson_render.c - a lesson laid out for the lesson pane (see lesson.h):
 * blocks into lines of cells, word-wrapped to the width, with list and
 * quote prefixes, a one-line "try it" marker for each lab block and the
 * quiz as the learner last left it.
 *
 * Text is turned into cells before it is wrapped, so ASCII mode (where
 * "σ" becomes "sigma") wraps what is really shown, and a UTF-8 sequence is
 * never split: a cell holds a whole code point.
 */
#include "lesson.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A growing array of cells: one block's text before it is wrapped. */
typedef struct cellbuf {
	cell *c;
	int n, cap;
} cellbuf;

typedef struct render {
	lesson_page *pg;
	const lesson_render_opts *o;
	int nquizzes;
	bool oom;
} render;

/* Marks a hard line break inside a cellbuf; never shown. */
#define CELL_BREAK 0x0A

static void push(render *r, cellbuf *b, uint32_t ch, uint16_t style)
{
	if (b->n == b->cap) {
		int ncap = b->cap ? b->cap * 2 : 64;
		cell *nc = realloc(b->c, (size_t)ncap * sizeof *nc);
		if (!nc) {
			r->oom = true;
			return;
		}
		b->c = nc;
		b->cap = ncap;
	}
	b->c[b->n++] = (cell){ ch, style };
}

/* Append text (clean UTF-8 from the model, or a literal here) as cells, in
 * ASCII when the page is. */
static void put_text(render *r, cellbuf *b, const char *text, uint16_t style)
{
	char *conv = r->o->ascii ? lesson_ascii(text) : lesson_clean(text);
	if (!conv) {
		r->oom = true;
		return;
	}
	size_t n = strlen(conv);
	for (size_t i = 0; i < n && !r->oom;) {
		uint32_t cp;
		i += (size_t)lesson_utf8_next(conv + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			continue;
		/* a cell a column: a wide character takes two, a combining or
		 * other zero-width one none (it is left out) */
		int w = util_cp_width(cp);
		if (w == 0)
			continue;
		push(r, b, cp, style);
		if (w == 2)
			push(r, b, GRID_CONT, style);
	}
	free(conv);
}

static uint16_t run_style(unsigned role)
{
	uint16_t st = ST_NONE;
	if (role & (LESSON_R_STRONG | LESSON_R_EMPH))
		st |= ST_BOLD;
	if (role & LESSON_R_CODE)
		st |= ST_LABEL;
	if (role & LESSON_R_URL)
		st |= ST_DIM;
	return st;
}

/* ---- lines -------------------------------------------------------------- */

static lesson_line *new_line(render *r, int block, int len)
{
	lesson_page *pg = r->pg;
	if (pg->n == pg->cap) {
		int ncap = pg->cap ? pg->cap * 2 : 64;
		lesson_line *nl = realloc(pg->lines, (size_t)ncap * sizeof *nl);
		if (!nl) {
			r->oom = true;
			return NULL;
		}
		pg->lines = nl;
		pg->cap = ncap;
	}
	cell *c = malloc((size_t)(len > 0 ? len : 1) * sizeof *c);
	if (!c) {
		r->oom = true;
		return NULL;
	}
	lesson_line *ln = &pg->lines[pg->n++];
	*ln = (lesson_line){ c, 0, block };
	return ln;
}

static void blank_line(render *r)
{
	new_line(r, -1, 0);
}

/* How much of a prefix fits: the text keeps at least half the width. */
static int prefix_room(const render *r, int plen)
{
	int max = r->o->width / 2;
	return plen < max ? plen : max;
}

/* One output line: the prefix, then len cells of text, cut to the width. */
static void emit(render *r, int block, const cellbuf *pre, const cell *text, int len)
{
	int pl = prefix_room(r, pre->n);
	if (pl + len > r->o->width)
		len = r->o->width - pl;
	if (len < 0)
		len = 0;
	/* a wide character whose second column is cut off goes with it */
	if (len > 0 && text && text[len - 1].ch != GRID_CONT && util_cp_width(text[len - 1].ch) == 2)
		len--;
	lesson_line *ln = new_line(r, block, pl + len);
	if (!ln)
		return;
	if (pl > 0)
		memcpy(ln->cells, pre->c, (size_t)pl * sizeof *pre->c);
	if (len > 0)
		memcpy(ln->cells + pl, text, (size_t)len * sizeof *text);
	ln->len = pl + len;
}

/* Wrap text to the width: at spaces when words, at the width when code
 * (words longer than a line are cut too). first before the first line,
 * rest before the others. */
static void wrap(render *r, int block, const cellbuf *t, const cellbuf *first,
                 const cellbuf *rest, bool words)
{
	int pos = 0;
	bool at_first = true;
	if (t->n == 0) {
		emit(r, block, first, NULL, 0);
		return;
	}
	while (pos < t->n && !r->oom) {
		const cellbuf *pre = at_first ? first : rest;
		int avail = r->o->width - prefix_room(r, pre->n);
		if (avail < 1)
			avail = 1;
		if (words && !at_first)
			while (pos < t->n && t->c[pos].ch == ' ')
				pos++;
		if (pos >= t->n)
			break;
		int end = -1, next = -1;
		for (int j = pos; j < t->n && j - pos <= avail; j++) {
			if (t->c[j].ch == CELL_BREAK) {
				end = j;
				next = j + 1;
				break;
			}
		}
		if (end < 0 && t->n - pos <= avail) {
			end = t->n;
			next = t->n;
		}
		if (end < 0 && words) {
			/* the last space that leaves the line within the width */
			for (int j = pos + avail; j > pos; j--) {
				if (t->c[j].ch == ' ') {
					end = j;
					next = j + 1;
					break;
				}
			}
		}
		if (end < 0) {
			end = pos + avail;
			/* never between a wide character and its second column */
			if (end < t->n && t->c[end].ch == GRID_CONT && end - 1 > pos)
				end--;
			next = end;
		}
		int len = end - pos;
		if (words)
			while (len > 0 && t->c[pos + len - 1].ch == ' ')
				len--;
		emit(r, block, pre, t->c + pos, len);
		pos = next;
		at_first = false;
	}
}

/* ---- blocks ------------------------------------------------------------- */

static void text_block(render *r, int bi, const lesson_block *b, const cellbuf *fp,
                       const cellbuf *pp)
{
	cellbuf t = { 0 };
	uint16_t base = b->kind == LESSON_HEADING ? ST_BOLD : ST_NONE;
	for (int i = 0; i < b->nruns && !r->oom; i++) {
		if (b->runs[i].role & LESSON_R_BREAK)
			push(r, &t, CELL_BREAK, ST_NONE);
		else
			put_text(r, &t, b->runs[i].text, base | run_style(b->runs[i].role));
	}
	if (!r->oom)
		wrap(r, bi, &t, fp, pp, true);
	free(t.c);
}

/* A piece of a code line: where it starts (in code points) and its bytes. */
typedef struct code_piece {
	int col;
	const char *s;
	size_t len;
	int line;
	int gap;         /* the blanks before it */
} code_piece;

static int by_col(const void *a, const void *b)
{
	const code_piece *x = a, *y = b;
	return x->col != y->col ? (x->col > y->col) - (x->col < y->col) : x->line - y->line;
}

/* The lines of a code block in ASCII, with its columns kept: in
 * "sigma(x) = ...   between 0 and 1" the second column starts after a run
 * of two or more blanks, and transliterating (sigma for σ) must not push
 * it out of line with the rows above and below. Each piece after such a
 * run starts at its old column plus how far the pieces before it grew.
 * Returns n strings (free each and the array), or NULL when out of memory. */
static char **code_ascii(const lesson_block *b)
{
	int n = b->nlines;
	code_piece *pc = NULL;
	size_t np = 0, cap = 0;
	char **out = calloc((size_t)(n > 0 ? n : 1), sizeof *out);
	size_t *olen = calloc((size_t)(n > 0 ? n : 1), sizeof *olen);
	bool ok = out && olen;
	for (int i = 0; i < n && ok; i++) {
		const char *s = b->lines[i];
		size_t len = strlen(s), at = 0;
		int col = 0, blanks = 0, start_col = 0, gap = 0;
		size_t start = 0;
		while (at <= len && ok) {
			bool end = at == len;
			uint32_t cp = 0;
			int k = end ? 0 : lesson_utf8_next(s + at, len - at, &cp);
			/* a piece ends where a run of two blanks is followed by text */
			if (end || (cp != ' ' && blanks >= 2 && at > start)) {
				size_t plen = end ? len - start : at - blanks - start;
				if (np == cap) {
					cap = cap ? cap * 2 : 16;
					code_piece *q = realloc(pc, cap * sizeof *q);
					if (!q) {
						ok = false;
						break;
					}
					pc = q;
				}
				pc[np++] = (code_piece){ start_col, s + start, plen, i, gap };
				if (end)
					break;
				start = at;
				start_col = col;
				gap = blanks;
			}
			blanks = cp == ' ' ? blanks + 1 : 0;
			at += (size_t)k;
			col++;
		}
	}
	if (ok)
		qsort(pc, np, sizeof *pc, by_col);
	int shift = 0;
	for (size_t i = 0; i < np && ok;) {
		/* the pieces starting at one old column start at one new column */
		size_t j = i;
		int want = pc[i].col + shift;
		/* as far right as the longest row before it needs, keeping its gap */
		for (; j < np && pc[j].col == pc[i].col; j++)
			if (pc[j].col > 0 && (int)olen[pc[j].line] + pc[j].gap > want)
				want = (int)olen[pc[j].line] + pc[j].gap;
		for (size_t k = i; k < j && ok; k++) {
			char *piece = strndup(pc[k].s, pc[k].len);
			char *a = piece ? lesson_ascii(piece) : NULL;
			free(piece);
			int line = pc[k].line;
			size_t have = olen[line], pad = (size_t)want > have ? (size_t)want - have : 0;
			char *nl = a ? realloc(out[line], have + pad + strlen(a) + 1) : NULL;
			if (!nl) {
				free(a);
				ok = false;
				break;
			}
			memset(nl + have, ' ', pad);
			strcpy(nl + have + pad, a);
			out[line] = nl;
			olen[line] = have + pad + strlen(a);
			free(a);
		}
		shift = want - pc[i].col;
		i = j;
	}
	for (int i = 0; i < n && ok; i++)
		if (!out[i] && !(out[i] = strdup("")))
			ok = false;
	free(pc);
	free(olen);
	if (!ok && out) {
		for (int i = 0; i < n; i++)
			free(out[i]);
		free(out);
		return NULL;
	}
	return out;
}

static void code_block(render *r, int bi, const lesson_block *b, const cellbuf *fp,
                       const cellbuf *pp)
{
	/* code sits two columns in from the text around it */
	cellbuf f2 = { 0 }, p2 = { 0 };
	for (int i = 0; i < fp->n; i++)
		push(r, &f2, fp->c[i].ch, fp->c[i].style);
	for (int i = 0; i < pp->n; i++)
		push(r, &p2, pp->c[i].ch, pp->c[i].style);
	push(r, &f2, ' ', ST_NONE);
	push(r, &f2, ' ', ST_NONE);
	push(r, &p2, ' ', ST_NONE);
	push(r, &p2, ' ', ST_NONE);
	char **ascii = NULL;
	if (r->o->ascii && b->nlines > 0 && !(ascii = code_ascii(b)))
		r->oom = true;
	for (int i = 0; i < b->nlines && !r->oom; i++) {
		cellbuf t = { 0 };
		put_text(r, &t, ascii ? ascii[i] : b->lines[i], ST_LABEL);
		if (!r->oom)
			wrap(r, bi, &t, i == 0 ? &f2 : &p2, &p2, false);
		free(t.c);
	}
	if (ascii) {
		for (int i = 0; i < b->nlines; i++)
			free(ascii[i]);
		free(ascii);
	}
	free(f2.c);
	free(p2.c);
}

static void rule_block(render *r, int bi, const cellbuf *fp)
{
	cellbuf t = { 0 };
	int n = r->o->width - prefix_room(r, fp->n);
	for (int i = 0; i < n; i++)
		push(r, &t, r->o->ascii ? '-' : 0x2500, ST_DIM);
	if (!r->oom)
		emit(r, bi, fp, t.c, t.n);
	free(t.c);
}

/* Stands for a space inside one command while a try-it line wraps, so
 * lines break between commands ("set floor -1" stays whole); never shown. */
#define CELL_KEEP 0x01

/* "▶ try it: act leaky_relu; set slope 0.1", wrapped between commands
 * under the first one; "▶ set up:" (as long, so the layout does not move)
 * for the block the lab was last set up from. */
static void lab_block(render *r, int bi, const lesson_block *b, const cellbuf *fp,
                      const cellbuf *rest)
{
	cellbuf t = { 0 }, pp = { 0 };
	bool set_up = r->o->lab_set_up == b;
	put_text(r, &t, set_up ? "\u25B6 set up:" : "\u25B6 try it:",
	         set_up ? ST_MARKER | ST_BOLD | ST_REVERSE : ST_MARKER | ST_BOLD);
	for (int i = 0; i < rest->n; i++)
		push(r, &pp, rest->c[i].ch, rest->c[i].style);
	for (int i = t.n + 1 + fp->n - rest->n; i > 0; i--)
		push(r, &pp, ' ', ST_NONE);
	int cmds = 0;
	for (int i = 0; i < b->nlines && !r->oom; i++) {
		const char *s = b->lines[i];
		while (*s == ' ')
			s++;
		if (!*s || *s == '#')
			continue;
		put_text(r, &t, cmds ? "; " : " ", ST_NONE);
		int from = t.n;
		put_text(r, &t, s, ST_LABEL);
		while (t.n > from && t.c[t.n - 1].ch == ' ')
			t.n--;
		/* a command longer than a line breaks at its own spaces */
		if (t.n - from + 1 <= r->o->width - prefix_room(r, pp.n))
			for (int k = from; k < t.n; k++)
				if (t.c[k].ch == ' ')
					t.c[k].ch = CELL_KEEP;
		cmds++;
	}
	int first = r->pg->n;
	if (!r->oom)
		wrap(r, bi, &t, fp, &pp, true);
	for (int i = first; i < r->pg->n; i++)
		for (int k = 0; k < r->pg->lines[i].len; k++)
			if (r->pg->lines[i].cells[k].ch == CELL_KEEP)
				r->pg->lines[i].cells[k].ch = ' ';
	free(t.c);
	free(pp.c);
}

static void para(render *r, int bi, const char *lead, uint16_t lead_st, const char *text,
                 uint16_t st, const cellbuf *fp, const cellbuf *pp)
{
	cellbuf t = { 0 };
	if (lead)
		put_text(r, &t, lead, lead_st);
	if (text)
		put_text(r, &t, text, st);
	if (!r->oom)
		wrap(r, bi, &t, fp, pp, true);
	free(t.c);
}

/* The prefix pp followed by text, as a cellbuf (for choice hangs). */
static void prefix_plus(render *r, cellbuf *out, const cellbuf *pp, const char *text)
{
	for (int i = 0; i < pp->n; i++)
		push(r, out, pp->c[i].ch, pp->c[i].style);
	put_text(r, out, text, ST_NONE);
}

static void quiz_block(render *r, int bi, const lesson_block *b, const cellbuf *fp,
                       const cellbuf *pp)
{
	const lesson_quiz *q = b->quiz;
	if (!q)
		return;
	const lesson_quiz_view *v = r->o->quiz ? &r->o->quiz[q->index] : NULL;
	/* with more than one, each says which it is, as the answer entry does */
	char lead[48] = "Quiz: ";
	if (r->nquizzes > 1)
		snprintf(lead, sizeof lead, "Quiz %d of %d: ", q->index + 1, r->nquizzes);
	para(r, bi, lead, ST_BOLD, q->question ? q->question : "", ST_NONE, fp, pp);
	for (int i = 0; i < q->nchoices && !r->oom; i++) {
		char mark[8];
		snprintf(mark, sizeof mark, "  %c) ", 'a' + i);
		cellbuf f = { 0 }, h = { 0 };
		prefix_plus(r, &f, pp, mark);
		prefix_plus(r, &h, pp, "     ");
		para(r, bi, NULL, 0, q->choices[i], ST_NONE, &f, &h);
		free(f.c);
		free(h.c);
	}
	if (v && v->answered) {
		char shown[LESSON_ANSWER_MAX + 64];
		if (q->nchoices > 0 && q->answer_choice >= 0)
			snprintf(shown, sizeof shown, "%c) %s", 'a' + q->answer_choice,
			         q->choices[q->answer_choice]);
		else
			snprintf(shown, sizeof shown, "%s", q->answer_text ? q->answer_text : "");
		if (v->right) {
			para(r, bi, "Right: ", ST_GOOD | ST_BOLD, shown, ST_GOOD, fp, pp);
		} else {
			char said[LESSON_ANSWER_MAX + 96];
			snprintf(said, sizeof said, "you answered %.*s; the answer is ",
			         LESSON_ANSWER_MAX, v->answer ? v->answer : "");
			cellbuf t = { 0 };
			put_text(r, &t, "Not quite: ", ST_BAD | ST_BOLD);
			put_text(r, &t, said, ST_BAD);
			put_text(r, &t, shown, ST_BAD | ST_BOLD);
			if (!r->oom)
				wrap(r, bi, &t, fp, pp, true);
			free(t.c);
		}
		if (q->explain)
			para(r, bi, "Why: ", ST_BOLD, q->explain, ST_NONE, fp, pp);
		return;
	}
	if (v && v->show_hint && q->hint)
		para(r, bi, "Hint: ", ST_DIM | ST_BOLD, q->hint, ST_DIM, fp, pp);
	if (r->o->quiz_prompt)
		para(r, bi, NULL, 0, r->o->quiz_prompt, ST_DIM, fp, pp);
}

/* A block's prefix as cells: quote bars dim, list markers plain. */
static void prefix_cells(render *r, cellbuf *b, const char *prefix)
{
	put_text(r, b, prefix ? prefix : "", ST_NONE);
	for (int i = 0; i < b->n; i++)
		if (b->c[i].ch == 0x2502 || b->c[i].ch == '|')
			b->c[i].style = ST_DIM;
}

/* ---- the page ----------------------------------------------------------- */

static void clear_lines(lesson_page *pg)
{
	for (int i = 0; i < pg->n; i++)
		free(pg->lines[i].cells);
	pg->n = 0;
}

int lesson_render(const lesson *ls, const lesson_render_opts *o, lesson_page *pg)
{
	clear_lines(pg);
	lesson_render_opts opts = *o;
	if (opts.width < 1)
		opts.width = 1;
	pg->width = opts.width;
	pg->ascii = opts.ascii;
	render r = { .pg = pg, .o = &opts, .nquizzes = ls->nquizzes };
	for (int i = 0; i < ls->nblocks && !r.oom; i++) {
		const lesson_block *b = &ls->blocks[i];
		if (b->gap && pg->n > 0)
			blank_line(&r);
		cellbuf fp = { 0 }, pp = { 0 };
		prefix_cells(&r, &fp, b->first_prefix);
		prefix_cells(&r, &pp, b->prefix);
		switch (b->kind) {
		case LESSON_PARA:
		case LESSON_HEADING:
			text_block(&r, i, b, &fp, &pp);
			break;
		case LESSON_CODE:
			code_block(&r, i, b, &fp, &pp);
			break;
		case LESSON_RULE:
			rule_block(&r, i, &fp);
			break;
		case LESSON_LAB:
			lab_block(&r, i, b, &fp, &pp);
			break;
		case LESSON_QUIZ:
			quiz_block(&r, i, b, &fp, &pp);
			break;
		}
		free(fp.c);
		free(pp.c);
	}
	if (r.oom) {
		clear_lines(pg);
		return -1;
	}
	return 0;
}

void lesson_page_free(lesson_page *pg)
{
	clear_lines(pg);
	free(pg->lines);
	memset(pg, 0, sizeof *pg);
}

int lesson_page_line_of(const lesson_page *pg, int block)
{
	for (int i = 0; i < pg->n; i++)
		if (pg->lines[i].block == block)
			return i;
	return -1;
}

int lesson_page_source_line(const lesson *ls, const lesson_page *pg, int i)
{
	for (; i >= 0 && i < pg->n; i++) {
		int b = pg->lines[i].block;
		if (b >= 0 && b < ls->nblocks)
			return ls->blocks[b].line;
	}
	return 0;
}

int lesson_page_line_at(const lesson *ls, const lesson_page *pg, int src)
{
	for (int i = 0; i < pg->n; i++) {
		int b = pg->lines[i].block;
		if (b >= 0 && b < ls->nblocks && ls->blocks[b].line >= src)
			return i;
	}
	return pg->n > 0 ? pg->n - 1 : 0;
}

static uint32_t fold(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int lesson_needle(const char *needle, uint32_t *nd, int max)
{
	int nn = 0;
	size_t len = needle ? strlen(needle) : 0;
	for (size_t i = 0; i < len && nn < max;) {
		uint32_t cp;
		i += (size_t)lesson_utf8_next(needle + i, len - i, &cp);
		int w = util_cp_width(cp);
		if (w == 0)
			continue;
		nd[nn++] = fold(cp);
		if (w == 2 && nn < max)
			nd[nn++] = GRID_CONT;
	}
	return nn;
}

bool lesson_line_match(const lesson_line *ln, int col, const uint32_t *nd, int nn)
{
	if (col < 0 || col + nn > ln->len)
		return false;
	for (int j = 0; j < nn; j++)
		if (fold(ln->cells[col + j].ch) != nd[j])
			return false;
	return true;
}

int lesson_page_find(const lesson_page *pg, const char *needle, int from, int dir, int *col)
{
	uint32_t nd[256];
	int nn = lesson_needle(needle, nd, 256);
	if (nn == 0 || pg->n == 0)
		return -1;
	dir = dir < 0 ? -1 : 1;
	if (from < 0 || from >= pg->n)
		from = dir > 0 ? 0 : pg->n - 1;
	for (int k = 0; k < pg->n; k++) {
		int li = ((from + dir * k) % pg->n + pg->n) % pg->n;
		const lesson_line *ln = &pg->lines[li];
		for (int c = 0; c + nn <= ln->len; c++) {
			if (lesson_line_match(ln, c, nd, nn)) {
				if (col)
					*col = c;
				return li;
			}
		}
	}
	return -1;
}

void lesson_line_put(const lesson_line *ln, grid *g, int x, int y, int w)
{
	for (int i = 0; i < ln->len && i < w; i++) {
		uint32_t ch = ln->cells[i].ch;
		/* half of a wide character at the edge: a blank */
		if (i == w - 1 && i + 1 < ln->len && ln->cells[i + 1].ch == GRID_CONT)
			ch = ' ';
		grid_put(g, x + i, y, ch, ln->cells[i].style);
	}
}
