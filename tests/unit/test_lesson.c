/* test_lesson.c - lessons: the model cmark gives (titles, blocks, source
 * lines), the layout for the lesson pane (headings, lists, quotes, code,
 * links, wrapping at many widths, ASCII mode with no byte above 0x7e,
 * escape sequences never reaching the output), lab blocks applied to the
 * lab, quiz answers, and `check-lessons` on broken files with exact
 * file:line messages. The course in lessons/ itself must be clean. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "lesson.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct reports {
	char text[16384];
	int n;
} reports;

static void collect(void *ctx, const char *path, int line, const char *msg)
{
	reports *r = ctx;
	size_t len = strlen(r->text);
	snprintf(r->text + len, sizeof r->text - len, "%s:%d: %s\n", path, line, msg);
	r->n++;
}

/* Parse text as lesson "t.md"; problems into rep (may be NULL). */
static int parse(const char *text, lesson *ls, reports *rep)
{
	if (rep)
		memset(rep, 0, sizeof *rep);
	return lesson_parse("t.md", "t.md", text, strlen(text), ls, rep ? collect : NULL, rep);
}

/* The rendered page as UTF-8 text, one line per row ('\n' after each). */
static char *page_text(const lesson_page *pg)
{
	size_t cap = 1;
	for (int i = 0; i < pg->n; i++)
		cap += (size_t)pg->lines[i].len * 4 + 1;
	char *s = malloc(cap), *o = s;
	assert_non_null(s);
	for (int i = 0; i < pg->n; i++) {
		for (int c = 0; c < pg->lines[i].len; c++)
			o += grid_utf8(pg->lines[i].cells[c].ch, o);
		*o++ = '\n';
	}
	*o = '\0';
	return s;
}

static char *render_text(const lesson *ls, int width, bool ascii, const lesson_quiz_view *qv,
                         const char *prompt)
{
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = width, .ascii = ascii, .quiz = qv, .quiz_prompt = prompt };
	assert_int_equal(lesson_render(ls, &o, &pg), 0);
	for (int i = 0; i < pg.n; i++)
		assert_true(pg.lines[i].len <= width);
	char *s = page_text(&pg);
	lesson_page_free(&pg);
	return s;
}

static void expect_render(const char *md, int width, bool ascii, const char *want)
{
	lesson ls;
	reports rep;
	parse(md, &ls, &rep);
	char *got = render_text(&ls, width, ascii, NULL, NULL);
	if (strcmp(got, want) != 0)
		fail_msg("width %d:\n--- got\n%s--- wanted\n%s---", width, got, want);
	free(got);
	lesson_free(&ls);
}

/* The style of the first cell showing text in the page. */
static uint16_t style_of(const lesson_page *pg, const char *text)
{
	int col;
	int li = lesson_page_find(pg, text, 0, 1, &col);
	assert_true(li >= 0);
	return pg->lines[li].cells[col].style;
}

static char tmpdir[] = "/tmp/whyrelu-lesson-XXXXXX";

static void write_file(const char *name, const char *content)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void clear_dir(void)
{
	char cmd_line[600];
	snprintf(cmd_line, sizeof cmd_line, "rm -f %s/* 2>/dev/null", tmpdir);
	assert_int_equal(system(cmd_line), 0);
}

/* cli_check_lessons with stdout and stderr captured. */
static run *check(const char *dir)
{
	char *argv[3] = { (char *)"check-lessons", (char *)dir, NULL };
	return capture(cli_check_lessons, dir ? 2 : 1, argv, -2);
}

/* ---- the model ---------------------------------------------------------- */

static void test_model(void **state)
{
	(void)state;
	const char *md =
		"# The *title*\n"                   /* 1 */
		"\n"
		"Some text.\n"                      /* 3 */
		"\n"
		"## Sub\n"                          /* 5 */
		"\n"
		"```lab\n"                          /* 7 */
		"act leaky_relu\n"
		"# a comment\n"
		"set slope 0.1\n"
		"```\n"
		"\n"
		"```quiz\n"                         /* 13 */
		"question: What is sigmoid'(0)?\n"
		"answer: 0.25\n"
		"tolerance: 0.001\n"
		"hint: at 0\n"
		"explain: 0.5 * 0.5\n"
		"  = 0.25\n"
		"```\n"
		"\n"
		"```python\n"                       /* 22 */
		"x = 1\n"
		"```\n";
	lesson ls;
	reports rep;
	assert_int_equal(parse(md, &ls, &rep), 0);
	assert_string_equal(rep.text, "");
	assert_string_equal(ls.title, "The title");
	assert_int_equal(ls.nblocks, 6);
	assert_int_equal(ls.nlabs, 1);
	assert_int_equal(ls.nquizzes, 1);
	lesson_block *b = ls.blocks;
	assert_int_equal(b[0].kind, LESSON_HEADING);
	assert_int_equal(b[0].level, 1);
	assert_int_equal(b[0].line, 1);
	assert_int_equal(b[1].kind, LESSON_PARA);
	assert_int_equal(b[1].line, 3);
	assert_int_equal(b[2].kind, LESSON_HEADING);
	assert_int_equal(b[2].level, 2);
	assert_int_equal(b[2].line, 5);
	assert_int_equal(b[3].kind, LESSON_LAB);
	assert_int_equal(b[3].line, 7);
	assert_int_equal(b[3].nlines, 3);
	assert_string_equal(b[3].lines[0], "act leaky_relu");
	assert_string_equal(b[3].lines[2], "set slope 0.1");
	assert_int_equal(b[4].kind, LESSON_QUIZ);
	assert_int_equal(b[4].line, 13);
	const lesson_quiz *q = lesson_quiz_at(&ls, 0);
	assert_ptr_equal(q, b[4].quiz);
	assert_null(lesson_quiz_at(&ls, 1));
	assert_string_equal(q->question, "What is sigmoid'(0)?");
	assert_true(q->answer == 0.25 && q->tolerance == 0.001);
	assert_int_equal(q->nchoices, 0);
	assert_int_equal(q->answer_choice, -1);
	assert_string_equal(q->explain, "0.5 * 0.5 = 0.25");
	assert_int_equal(b[5].kind, LESSON_CODE);
	assert_int_equal(b[5].line, 22);
	assert_string_equal(b[5].lines[0], "x = 1");
	lesson_free(&ls);
}

static void test_choice_quiz(void **state)
{
	(void)state;
	const char *md =
		"# Q\n\n```quiz\nquestion: Which?\nchoice: a) one\nchoice: b) two\n  more\n"
		"answer: B\nhint: h\nexplain: e\n```\n";
	lesson ls;
	reports rep;
	assert_int_equal(parse(md, &ls, &rep), 0);
	const lesson_quiz *q = lesson_quiz_at(&ls, 0);
	assert_int_equal(q->nchoices, 2);
	assert_string_equal(q->choices[0], "one");
	assert_string_equal(q->choices[1], "two more");
	assert_int_equal(q->answer_choice, 1);
	char err[128];
	assert_int_equal(lesson_quiz_check(q, "b", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, " B ", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, "b)", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, "a", err, sizeof err), 0);
	assert_int_equal(lesson_quiz_check(q, "c", err, sizeof err), -1);
	assert_string_equal(err, "answer with a letter, a to b");
	assert_int_equal(lesson_quiz_check(q, "bb", err, sizeof err), -1);
	assert_int_equal(lesson_quiz_check(q, "", err, sizeof err), -1);
	lesson_free(&ls);
}

static void test_number_quiz_check(void **state)
{
	(void)state;
	lesson ls;
	parse("# Q\n\n```quiz\nquestion: q\nanswer: 0.25\ntolerance: 0.1\nhint: h\nexplain: e\n```\n",
	      &ls, NULL);
	const lesson_quiz *q = lesson_quiz_at(&ls, 0);
	char err[128];
	assert_int_equal(lesson_quiz_check(q, "0.25", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, " .3 ", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, "0.35", err, sizeof err), 1);   /* the edge is in */
	assert_int_equal(lesson_quiz_check(q, "0.15", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, "0.36", err, sizeof err), 0);
	assert_int_equal(lesson_quiz_check(q, "-0.25", err, sizeof err), 0);
	assert_int_equal(lesson_quiz_check(q, "1e400", err, sizeof err), -1);
	assert_int_equal(lesson_quiz_check(q, "a quarter", err, sizeof err), -1);
	/* the example is never the answer */
	assert_string_equal(err, "answer with a number, like -1.5");
	lesson_free(&ls);
	parse("# Q\n\n```quiz\nquestion: q\nanswer: -1.5\ntolerance: 0.01\nhint: h\nexplain: e\n```\n",
	      &ls, NULL);
	q = lesson_quiz_at(&ls, 0);
	assert_int_equal(lesson_quiz_check(q, "x", err, sizeof err), -1);
	assert_string_equal(err, "answer with a number, like 2e-3");
	/* the minus sign the lessons print (U+2212) reads as '-' */
	assert_int_equal(lesson_quiz_check(q, "\xe2\x88\x92" "1.5", err, sizeof err), 1);
	assert_int_equal(lesson_quiz_check(q, "-15e" "\xe2\x88\x92" "1", err, sizeof err), 1);
	lesson_free(&ls);
}

/* ---- rendering ---------------------------------------------------------- */

static void test_render_inline(void **state)
{
	(void)state;
	expect_render("# Title\n\nSome **bold**, *it*, `code` and a [link](https://e.org/x).\n"
	              "See <https://auto.org>.\n", 80, false,
	              "Title\n"
	              "\n"
	              "Some bold, it, code and a link (https://e.org/x). See https://auto.org.\n");
	lesson ls;
	parse("# Title\n\nSome **bold**, *it*, `code` and a [link](https://e.org/x).\n", &ls, NULL);
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = 80 };
	assert_int_equal(lesson_render(&ls, &o, &pg), 0);
	assert_true(style_of(&pg, "Title") & ST_BOLD);
	assert_true(style_of(&pg, "bold") & ST_BOLD);
	assert_true(style_of(&pg, "it,") & ST_BOLD);
	assert_int_equal(style_of(&pg, "code") & ST_LABEL, ST_LABEL);
	assert_int_equal(style_of(&pg, "Some") & ST_BOLD, 0);
	assert_true(style_of(&pg, "https") & ST_DIM);
	assert_int_equal(lesson_page_line_of(&pg, 1), 2);
	assert_int_equal(pg.lines[1].block, -1);
	lesson_page_free(&pg);
	lesson_free(&ls);
}

static void test_render_lists(void **state)
{
	(void)state;
	expect_render("# L\n\n- one\n- two\n  - nested a\n    - deeper\n  - nested b\n- three\n\nAfter.\n",
	              80, false,
	              "L\n\n"
	              "\u2022 one\n"
	              "\u2022 two\n"
	              "  \u25E6 nested a\n"
	              "    \u25AA deeper\n"
	              "  \u25E6 nested b\n"
	              "\u2022 three\n"
	              "\n"
	              "After.\n");
	expect_render("# L\n\n- one\n- two\n  - nested\n", 80, true,
	              "L\n\n* one\n* two\n  - nested\n");
	/* numbers right-aligned, continuation lines under the text */
	expect_render("# L\n\n8. eight\n9. nine is long enough to wrap\n10. ten\n", 20, false,
	              "L\n\n"
	              " 8. eight\n"
	              " 9. nine is long\n"
	              "    enough to wrap\n"
	              "10. ten\n");
	/* a loose list keeps its blank lines, and a second paragraph hangs */
	expect_render("# L\n\n1) a\n\n2) b\n\n   more\n", 80, false,
	              "L\n\n1) a\n\n2) b\n\n   more\n");
}

static void test_render_quote_code_rule(void **state)
{
	(void)state;
	expect_render("# Q\n\n> quoted text that wraps here\n>\n> second\n\n```\ncode\tx\n\n  y\n```\n\n---\n",
	              20, false,
	              "Q\n\n"
	              "\u2502 quoted text that\n"
	              "\u2502 wraps here\n"
	              "\n"
	              "\u2502 second\n"
	              "\n"
	              "  code    x\n"
	              "  \n"
	              "    y\n"
	              "\n"
	              "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
	              "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n");
	expect_render("# Q\n\n> quoted\n\n    indented code that is longer than the width\n", 16, true,
	              "Q\n\n"
	              "| quoted\n"
	              "\n"
	              "  indented code \n"
	              "  that is longer\n"
	              "   than the widt\n"
	              "  h\n");
}

/* Words are never split when they fit, lines never pass the width, and no
 * text is lost, at every width from 1 to 100. */
static void test_wrap_widths(void **state)
{
	(void)state;
	const char *md = "# A heading that is long\n\n"
		"The quick brown fox jumps over the lazy dog; σ(x) ≈ 0.5 and x² − 1 → 0. "
		"Supercalifragilisticexpialidocious is long.\n\n- a list item that wraps\n";
	lesson ls;
	parse(md, &ls, NULL);
	for (int w = 1; w <= 100; w++) {
		char *got = render_text(&ls, w, false, NULL, NULL);
		/* the words, in order, with blanks and the bullet removed (below
		 * width 4 there is no room for it) */
		char flat[1024] = "";
		for (char *s = got; *s; s++) {
			if (*s == ' ' || *s == '\n')
				continue;
			if (!strncmp(s, "\u2022", 3)) {
				s += 2;
				continue;
			}
			strncat(flat, s, 1);
		}
		const char *want = "Aheadingthatislong" "Thequickbrownfoxjumpsoverthelazydog;σ(x)≈0.5andx²−1→0."
		                   "Supercalifragilisticexpialidociousislong.alistitemthatwraps";
		if (strcmp(flat, want) != 0)
			fail_msg("width %d lost text:\n%s", w, got);
		if (w >= 10 && strstr(got, "qu\nick"))
			fail_msg("width %d split a word:\n%s", w, got);
		free(got);
	}
	char *got = render_text(&ls, 30, false, NULL, NULL);
	assert_string_equal(got,
		"A heading that is long\n"
		"\n"
		"The quick brown fox jumps over\n"
		"the lazy dog; σ(x) ≈ 0.5 and\n"
		"x² − 1 → 0.\n"
		"Supercalifragilisticexpialidoc\n"
		"ious is long.\n"
		"\n"
		"• a list item that wraps\n");
	free(got);
	lesson_free(&ls);
}

/* A long word of multi-byte characters is cut between code points. */
static void test_utf8_not_split(void **state)
{
	(void)state;
	lesson ls;
	parse("# T\n\nσσσσσσσσσσσσσσσσσσσσ\n", &ls, NULL);
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = 7 };
	assert_int_equal(lesson_render(&ls, &o, &pg), 0);
	assert_int_equal(pg.n, 5);   /* title, blank, 7 + 7 + 6 */
	assert_int_equal(pg.lines[2].len, 7);
	assert_int_equal(pg.lines[4].len, 6);
	for (int i = 2; i < pg.n; i++)
		for (int c = 0; c < pg.lines[i].len; c++)
			assert_int_equal(pg.lines[i].cells[c].ch, 0x03C3);
	lesson_page_free(&pg);
	lesson_free(&ls);
}

static void test_ascii(void **state)
{
	(void)state;
	struct { const char *in, *out; } cases[] = {
		{ "σ(x) ≈ 0.5", "sigma(x) ~= 0.5" },
		{ "x² − 1 × 2 · 3", "x^2 - 1 x 2 * 3" },
		{ "e⁻ˣ and 10⁻⁷ and h₁₀", "e^-x and 10^-7 and h_10" },
		{ "a → b ≤ c ≥ d", "a -> b <= c >= d" },
		{ "α β λ Φ π √2", "alpha beta lambda Phi pi sqrt2" },
		{ "−λα and αx", "-lambda*alpha and alpha*x" },
		{ "“quoted” ‘single’ — and…", "\"quoted\" 'single' -- and..." },
		{ "▶ try", "> try" },
		{ "Bélisle, Müller", "Belisle, Muller" },
		{ "日本 \xf0\x9f\x98\x80", "?? ?" },
		{ "bad \xff byte", "bad ? byte" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *a = lesson_ascii(cases[i].in);
		if (strcmp(a, cases[i].out) != 0)
			fail_msg("'%s' gave '%s', wanted '%s'", cases[i].in, a, cases[i].out);
		free(a);
	}
	assert_null(lesson_ascii_of('a'));
	assert_string_equal(lesson_ascii_of(0x03C3), "sigma");
	assert_string_equal(lesson_ascii_of(0x00B2), "^2");
	assert_string_equal(lesson_ascii_of(0x4E00), "?");
}

/* Every lesson of the course, in ASCII at several widths: only bytes
 * 0x20-0x7e. In UTF-8: no control characters. */
static void test_course_ascii(void **state)
{
	(void)state;
	lesson_set set;
	reports rep = { .n = 0 };
	int files = 0;
	assert_int_equal(lesson_set_load(TEST_SRCDIR "/lessons", &set, &files, collect, &rep), 0);
	assert_int_equal(set.n, 20);
	assert_int_equal(files, 20);
	lesson_quiz_view qv[8];
	for (int k = 0; k < 8; k++)
		qv[k] = (lesson_quiz_view){ .answered = k % 2, .right = k % 4 == 1, .show_hint = true,
		                            .answer = "σ wrong" };
	int widths[] = { 1, 7, 20, 39, 80, 200 };
	for (int i = 0; i < set.n; i++) {
		/* every lesson has a lab and a quiz, but the reference lists at
		 * the end of the course, which have neither */
		if (!strncmp(set.v[i].slug, "references", 10)) {
			assert_true(i >= set.n - 2);
			assert_int_equal(set.v[i].nlabs, 0);
			assert_int_equal(set.v[i].nquizzes, 0);
		} else {
			assert_true(set.v[i].nlabs >= 1);
			assert_true(set.v[i].nquizzes >= 1 && set.v[i].nquizzes <= 8);
		}
		/* numbered from the file names, in order, with gaps left for
		 * lessons to come */
		assert_true(set.v[i].number > (i ? set.v[i - 1].number : 0));
		/* at most three 80x24 screens of text: 72 lines in the lesson
		 * pane's 78 columns, quizzes not yet answered */
		lesson_page fit = { 0 };
		lesson_render_opts fo = { .width = 78 };
		assert_int_equal(lesson_render(&set.v[i], &fo, &fit), 0);
		if (fit.n > 72)
			fail_msg("%s: %d lines at 78 columns, over three 80x24 screens", set.v[i].file,
			         fit.n);
		lesson_page_free(&fit);
		for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
			for (int ascii = 0; ascii < 2; ascii++) {
				lesson_page pg = { 0 };
				lesson_render_opts o = { .width = widths[w], .ascii = ascii, .quiz = qv,
				                         .quiz_prompt = "answer with :answer" };
				assert_int_equal(lesson_render(&set.v[i], &o, &pg), 0);
				for (int l = 0; l < pg.n; l++) {
					assert_true(pg.lines[l].len <= widths[w]);
					for (int c = 0; c < pg.lines[l].len; c++) {
						uint32_t ch = pg.lines[l].cells[c].ch;
						if (ascii && (ch < 0x20 || ch > 0x7E))
							fail_msg("lesson %d width %d: U+%04X", i + 1, widths[w], (unsigned)ch);
						if (ch < 0x20 || (ch >= 0x7F && ch <= 0x9F))
							fail_msg("lesson %d: control U+%04X", i + 1, (unsigned)ch);
					}
				}
				lesson_page_free(&pg);
			}
		}
	}
	assert_int_equal(lesson_set_find(&set, "4"), 3);
	assert_int_equal(lesson_set_find(&set, "04"), 3);
	assert_int_equal(lesson_set_find(&set, "why-zero"), 3);
	assert_int_equal(lesson_set_find(&set, "04-why-zero"), 3);
	assert_int_equal(lesson_set_find(&set, "04-why-zero.md"), 3);
	/* the last layer comes right after why-zero, where zeroing the
	 * negatives raises the question of negative outputs */
	assert_int_equal(lesson_set_find(&set, "last-layer"), 4);
	assert_int_equal(lesson_set_find(&set, "5"), 4);
	assert_int_equal(lesson_set_find(&set, "99"), -1);
	assert_int_equal(lesson_set_find(&set, "nope"), -1);
	assert_int_equal(lesson_set_find(&set, ""), -1);
	assert_string_equal(set.v[0].slug, "welcome");
	lesson_set_free(&set);
}

static void test_escapes_stripped(void **state)
{
	(void)state;
	const char *md =
		"# T\x1b[31mred\n"
		"\n"
		"a\x1b]0;evil title\x07 b \xc2\x9b""2J c \x7f d \xe2\x80\xae""e \x07 f \xff g\n"
		"\n"
		"```\n"
		"code\x1b[2Jx\n"
		"```\n";
	lesson ls;
	reports rep;
	int n = parse(md, &ls, &rep);
	assert_string_equal(rep.text,
		"t.md:1: control character U+001B (an escape sequence)\n"
		"t.md:3: control character U+001B (an escape sequence)\n"
		"t.md:3: control character U+0007\n"
		"t.md:3: control character U+009B\n"
		"t.md:3: control character U+007F\n"
		"t.md:3: invisible character U+202E\n"
		"t.md:3: control character U+0007\n"
		"t.md:3: invalid UTF-8 (byte 0xff)\n"
		"t.md:6: control character U+001B (an escape sequence)\n");
	assert_int_equal(n, 9);
	assert_string_equal(ls.title, "Tred");
	for (int ascii = 0; ascii < 2; ascii++) {
		char *got = render_text(&ls, 80, ascii, NULL, NULL);
		assert_string_equal(got, ascii ? "Tred\n\na b  c  d e  f ? g\n\n  codex\n"
		                               : "Tred\n\na b  c  d e  f \uFFFD g\n\n  codex\n");
		free(got);
	}
	lesson_free(&ls);
	char *c = lesson_clean("x\x1b" "cy\x1bPq\x1b\\z\ttab\nnl");
	assert_string_equal(c, "xyz tab nl");
	free(c);
}

/* The marks that hide or reorder text without being seen: the Arabic
 * letter mark, the interlinear annotation marks, the Mongolian vowel
 * separator, tag characters, a variation selector, a word joiner. */
static void test_invisible_marks(void **state)
{
	(void)state;
	const char *md =
		"# T\n"
		"\n"
		"a\xd8\x9c""b \xef\xbf\xb9""c\xef\xbf\xba""d\xef\xbf\xbb e\xe1\xa0\x8e""f\n"
		"g\xf3\xa0\x81\x81""h\xf3\xa0\x81\xbf i\xef\xb8\x8f j\xe2\x81\xa0""k\n";
	lesson ls;
	reports rep;
	parse(md, &ls, &rep);
	assert_string_equal(rep.text,
		"t.md:3: invisible character U+061C\n"
		"t.md:3: invisible character U+FFF9\n"
		"t.md:3: invisible character U+FFFA\n"
		"t.md:3: invisible character U+FFFB\n"
		"t.md:3: invisible character U+180E\n"
		"t.md:4: invisible character U+E0041\n"
		"t.md:4: invisible character U+E007F\n"
		"t.md:4: invisible character U+FE0F\n"
		"t.md:4: invisible character U+2060\n");
	char *got = render_text(&ls, 80, false, NULL, NULL);
	assert_string_equal(got, "T\n\nab cd ef gh i jk\n");
	free(got);
	lesson_free(&ls);
	/* a soft hyphen is dropped without a word, a byte-order mark at the
	 * start is no problem */
	parse("\xef\xbb\xbf# T\n\nsoft\xc2\xad""ly\n", &ls, &rep);
	assert_string_equal(rep.text, "");
	got = render_text(&ls, 80, false, NULL, NULL);
	assert_string_equal(got, "T\n\nsoftly\n");
	free(got);
	lesson_free(&ls);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	lesson ls;
	reports rep;
	/* a cut sequence, a lone continuation byte, an overlong form, a
	 * surrogate; a real U+FFFD is fine */
	assert_int_equal(parse("# T\n\na \xef\xbf b\n\xc0\xaf \xed\xa0\x80 \xef\xbf\xbd\n", &ls, &rep), 7);
	assert_string_equal(rep.text,
		"t.md:3: invalid UTF-8 (byte 0xef)\n"
		"t.md:3: invalid UTF-8 (byte 0xbf)\n"
		"t.md:4: invalid UTF-8 (byte 0xc0)\n"
		"t.md:4: invalid UTF-8 (byte 0xaf)\n"
		"t.md:4: invalid UTF-8 (byte 0xed)\n"
		"t.md:4: invalid UTF-8 (byte 0xa0)\n"
		"t.md:4: invalid UTF-8 (byte 0x80)\n");
	char *got = render_text(&ls, 80, true, NULL, NULL);
	assert_string_equal(got, "T\n\na ? b ? ? ?\n");  /* cmark makes each bad sequence one U+FFFD */
	free(got);
	lesson_free(&ls);
}

/* Transliterated in ASCII, a code block keeps its columns lined up. */
static void test_code_columns_ascii(void **state)
{
	(void)state;
	const char *md = "# T\n\n    \u03c3(x) = 1      one\n    tanh(x) = 2   two\n"
	                 "    plain\n";
	expect_render(md, 80, true, "T\n\n  sigma(x) = 1      one\n  tanh(x) = 2       two\n"
	              "  plain\n");
	/* UTF-8 is shown as written */
	expect_render(md, 80, false, "T\n\n  \u03c3(x) = 1      one\n  tanh(x) = 2   two\n"
	              "  plain\n");
}

static void test_lab_marker(void **state)
{
	(void)state;
	const char *md = "# T\n\n- item\n\n  ```lab\n  act leaky_relu\n\n  # comment\n  set slope 0.1\n  ```\n";
	expect_render(md, 80, false,
	              "T\n\n\u2022 item\n\n  \u25B6 try it: act leaky_relu; set slope 0.1\n");
	/* too long for a line: wrapped between commands, under the first */
	expect_render(md, 30, false, "T\n\n\u2022 item\n\n  \u25B6 try it: act leaky_relu;\n"
	              "            set slope 0.1\n");
	expect_render(md, 26, true, "T\n\n* item\n\n  > try it: act\n"
	              "            leaky_relu;\n            set slope 0.1\n");
	lesson ls;
	parse(md, &ls, NULL);
	assert_int_equal(ls.blocks[2].kind, LESSON_LAB);
	assert_int_equal(ls.blocks[2].line, 5);
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = 80 };
	lesson_render(&ls, &o, &pg);
	assert_int_equal(lesson_page_line_of(&pg, 2), 4);
	assert_int_equal(pg.lines[4].cells[2].style, ST_MARKER | ST_BOLD);
	lesson_page_free(&pg);
	lesson_free(&ls);
}

static void test_quiz_render(void **state)
{
	(void)state;
	const char *md = "# T\n\n```quiz\nquestion: Which one?\nchoice: a) first\nchoice: b) second choice\n"
		"answer: b\nhint: not a\nexplain: because\n```\n";
	lesson ls;
	parse(md, &ls, NULL);
	char *got = render_text(&ls, 80, false, NULL, NULL);
	assert_string_equal(got, "T\n\nQuiz: Which one?\n  a) first\n  b) second choice\n");
	free(got);
	lesson_quiz_view v = { .show_hint = true };
	got = render_text(&ls, 80, false, &v, ":answer X");
	assert_string_equal(got, "T\n\nQuiz: Which one?\n  a) first\n  b) second choice\n"
	                         "Hint: not a\n:answer X\n");
	free(got);
	v = (lesson_quiz_view){ .answered = true, .right = false, .answer = "a" };
	got = render_text(&ls, 16, false, &v, NULL);
	assert_string_equal(got, "T\n\nQuiz: Which one?\n  a) first\n  b) second\n     choice\n"
	                         "Not quite: you\nanswered a; the\nanswer is b)\nsecond choice\n"
	                         "Why: because\n");
	free(got);
	v = (lesson_quiz_view){ .answered = true, .right = true, .answer = "b" };
	got = render_text(&ls, 80, false, &v, NULL);
	assert_string_equal(got, "T\n\nQuiz: Which one?\n  a) first\n  b) second choice\n"
	                         "Right: b) second choice\nWhy: because\n");
	free(got);
	lesson_free(&ls);
}

static void test_find(void **state)
{
	(void)state;
	lesson ls;
	parse("# Alpha\n\nbeta GAMMA\n\ngamma delta\n", &ls, NULL);
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = 40 };
	lesson_render(&ls, &o, &pg);
	int col = -1;
	assert_int_equal(lesson_page_find(&pg, "gamma", 0, 1, &col), 2);
	assert_int_equal(col, 5);
	assert_int_equal(lesson_page_find(&pg, "gamma", 3, 1, &col), 4);
	assert_int_equal(col, 0);
	assert_int_equal(lesson_page_find(&pg, "gamma", 3, -1, &col), 2);
	assert_int_equal(lesson_page_find(&pg, "alpha", 3, 1, &col), 0);  /* wraps */
	assert_int_equal(lesson_page_find(&pg, "zeta", 0, 1, &col), -1);
	assert_int_equal(lesson_page_find(&pg, "", 0, 1, &col), -1);
	/* the needle as cells: a wide character takes two, a combining mark
	 * none, ASCII letters lower case; at most max */
	uint32_t nd[8];
	if (setlocale(LC_CTYPE, "C.UTF-8")) {
		assert_int_equal(lesson_needle("G\xe6\xbc\xa2" "e\xcc\x81", nd, 8), 4);
		assert_true(nd[0] == 'g' && nd[1] == 0x6f22 && nd[2] == GRID_CONT && nd[3] == 'e');
		setlocale(LC_CTYPE, "C");
	}
	assert_int_equal(lesson_needle("gamma", nd, 3), 3);
	assert_int_equal(lesson_needle(NULL, nd, 8), 0);
	assert_true(lesson_line_match(&pg.lines[2], 5, nd, 3));
	assert_false(lesson_line_match(&pg.lines[2], 4, nd, 3));
	assert_false(lesson_line_match(&pg.lines[2], 9, nd, 3));   /* past the end */
	/* positions by source line: "gamma delta" is on line 5 */
	assert_int_equal(lesson_page_source_line(&ls, &pg, 4), 5);
	assert_int_equal(lesson_page_source_line(&ls, &pg, 1), 3);   /* a blank: the next block */
	assert_int_equal(lesson_page_source_line(&ls, &pg, 99), 0);
	assert_int_equal(lesson_page_line_at(&ls, &pg, 5), 4);
	assert_int_equal(lesson_page_line_at(&ls, &pg, 2), 2);
	assert_int_equal(lesson_page_line_at(&ls, &pg, 1), 0);
	assert_int_equal(lesson_page_line_at(&ls, &pg, 99), 4);
	grid g;
	assert_int_equal(grid_init(&g, 10, 2), 0);
	lesson_line_put(&pg.lines[2], &g, 1, 1, 4);
	assert_int_equal(grid_at(&g, 1, 1)->ch, 'b');
	assert_int_equal(grid_at(&g, 4, 1)->ch, 'a');
	assert_int_equal(grid_at(&g, 5, 1)->ch, ' ');
	grid_free(&g);
	lesson_page_free(&pg);
	lesson_free(&ls);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t n = 5000;
	char *md = malloc(n + 64);
	strcpy(md, "# Deep\n\n");
	size_t l = strlen(md);
	memset(md + l, '>', n);
	strcpy(md + l + n, " text\n");
	lesson ls;
	reports rep;
	assert_int_equal(parse(md, &ls, &rep), 1);
	assert_string_equal(rep.text, "t.md:3: lists and quotes nested more than 16 deep\n");
	char *got = render_text(&ls, 40, true, NULL, NULL);
	assert_non_null(strstr(got, "text"));
	free(got);
	free(md);
	lesson_free(&ls);

	char *big = malloc((size_t)LESSON_MAX_BYTES + 2);
	memset(big, 'a', (size_t)LESSON_MAX_BYTES + 1);
	big[LESSON_MAX_BYTES + 1] = '\0';
	assert_int_equal(parse(big, &ls, &rep), 1);
	char want[128];
	snprintf(want, sizeof want, "t.md:1: too large: %ld bytes, at most %ld\n",
	         LESSON_MAX_BYTES + 1, LESSON_MAX_BYTES);
	assert_string_equal(rep.text, want);
	lesson_free(&ls);
	free(big);
}

/* ---- labs --------------------------------------------------------------- */

typedef struct others {
	int n;
	cmd_kind kinds[4];
} others;

static void other(void *ctx, const struct cmd *c)
{
	others *o = ctx;
	if (o->n < 4)
		o->kinds[o->n] = c->kind;
	o->n++;
}

static void test_lab_apply(void **state)
{
	(void)state;
	lesson ls;
	reports rep;
	parse("# T\n\n```lab\nact leaky_relu\nset slope 0.1\nset x -2\nset depth 10\n"
	      "compare relu gelu\nset range -3 3\neval 1\n```\n\n```lab\nset depth 3\n```\n", &ls, &rep);
	assert_string_equal(rep.text, "");
	lab l;
	lab_init(&l);
	l.cs = CS_BRAILLE;
	l.color = false;
	lab_update(&l, 10);
	others o = { 0 };
	int bad = 0;
	char err[256];
	assert_int_equal(lesson_lab_apply(&ls.blocks[1], &l, other, &o, &bad, err, sizeof err), 0);
	assert_string_equal(l.act->name, "leaky_relu");
	assert_true(l.p == 0.1 && l.x == -2 && l.depth == 10);
	assert_true(l.from == -3 && l.to == 3);
	assert_int_equal(l.cs, CS_BRAILLE);
	assert_false(l.color);
	assert_ptr_equal(l.home.act, l.act);
	assert_true(lab_home_value(&l, CMD_VAR_PARAM) == 0.1 && lab_home_value(&l, CMD_VAR_DEPTH) == 10);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.kinds[0], CMD_COMPARE);
	assert_int_equal(o.kinds[1], CMD_EVAL);
	assert_int_equal(lab_update(&l, 10), 0);
	assert_true(fabs(l.chain.grad - 1e-10) < 1e-20);
	/* each block starts from the opening state: relu again */
	assert_int_equal(lesson_lab_apply(&ls.blocks[2], &l, NULL, NULL, &bad, err, sizeof err), 0);
	assert_string_equal(l.act->name, "relu");
	assert_true(l.x == 1.0 && l.depth == 3);
	assert_int_equal(lesson_lab_apply(&ls.blocks[0], &l, NULL, NULL, &bad, err, sizeof err), -1);
	assert_string_equal(err, "not a lab block");
	lesson_free(&ls);

	/* a bad line: the lab is unchanged, the line and message come back */
	parse("# T\n\n```lab\nact elu\nset slope 0.1\n```\n", &ls, &rep);
	assert_string_equal(rep.text, "t.md:5: lab: elu takes alpha, not slope; 'set slope' needs "
	                              "leaky_relu or prelu (act leaky_relu first)\n");
	assert_int_equal(lesson_lab_apply(&ls.blocks[1], &l, NULL, NULL, &bad, err, sizeof err), -1);
	assert_int_equal(bad, 5);
	assert_non_null(strstr(err, "elu takes alpha"));
	assert_string_equal(l.act->name, "relu");
	assert_int_equal(l.depth, 3);
	lesson_free(&ls);
	lab_free(&l);
}

/* ---- figure checks ------------------------------------------------------ */

static void test_figure_parse(void **state)
{
	(void)state;
	const char *md =
		"# T\n"                                         /* 1 */
		"\n"
		"Ten layers give 0.1074; with tanh at x = 2, 0.00367; 9 dead, 48%.\n"
		"\n"
		"```lab\n"                                      /* 5 */
		"act identity\n"
		"set depth 10\n"
		"set gain 0.8\n"
		"check grad = 0.1074\n"                         /* 9 */
		"# a comment between checks\n"
		"check grad ~ 0.00367 when act tanh; set x 2;\n"/* 11 */
		"check train.dead@0 = 9\n"
		"check net.saturated@3 < 48%\n"
		"check train.diverged@100 = no\n"
		"check train.below@0.01 = never\n"
		"```\n";
	lesson ls;
	reports rep;
	assert_int_equal(parse(md, &ls, &rep), 0);
	const lesson_block *b = &ls.blocks[2];
	assert_int_equal(b->kind, LESSON_LAB);
	assert_int_equal(b->nlines, 3);      /* the checks are not commands */
	assert_int_equal(b->nfigs, 6);
	assert_int_equal(b->figs[0].line, 9);
	assert_int_equal(b->figs[0].q, LESSON_FQ_GRAD);
	assert_int_equal(b->figs[0].op, '=');
	assert_string_equal(b->figs[0].value_text, "0.1074");
	assert_int_equal(b->figs[1].line, 11);
	assert_int_equal(b->figs[1].op, '~');
	assert_int_equal(b->figs[1].nwhen, 2);
	assert_string_equal(b->figs[1].when[0], "act tanh");
	assert_string_equal(b->figs[1].when[1], "set x 2");
	assert_int_equal(b->figs[2].q, LESSON_FQ_TRAIN_DEAD);
	assert_true(b->figs[2].at == 0);
	assert_string_equal(b->figs[3].name, "net.saturated@3");
	assert_true(b->figs[3].at == 3);
	assert_true(fabs(b->figs[3].value - 0.48) < 1e-15);
	assert_true(b->figs[4].value == 0);
	assert_true(isinf(b->figs[5].value));
	lesson_free(&ls);
	/* the try-it line shows the commands only */
	expect_render("# T\n\n1\n\n```lab\nset x 1\ncheck f = 1\n```\n", 80, false,
	              "T\n\n1\n\n\u25B6 try it: set x 1\n");

	const char *bad =
		"# T\n"                                         /* 1 */
		"\n"
		"It says 0.5 and 2.\n"
		"\n"
		"```lab\n"                                      /* 5 */
		"act relu\n"
		"check gradd = 0.5\n"                           /* 7 */
		"check grad 0.5\n"                              /* 8 */
		"check grad != 0.5\n"                           /* 9 */
		"check train.loss = 0.5\n"                      /* 10 */
		"check f@3 = 0.5\n"                             /* 11 */
		"check net.mean@0 = 0.5\n"                      /* 12 */
		"check grad = abc\n"                            /* 13 */
		"check grad = 0.25\n"                           /* 14 */
		"check grad = 0.5 if x 2\n"                     /* 15 */
		"check grad = 0.5 when act reluu\n"             /* 16 */
		"check grad = 0.5 when view chain\n"            /* 17 */
		"check train.diverged@10 = maybe\n"             /* 18 */
		"check train.below@0 < 2\n"                     /* 19 */
		"set x 2\n"                                     /* 20 */
		"check train.below@0.1 < never\n"               /* 21 */
		"```\n";
	assert_true(parse(bad, &ls, &rep) > 0);
	assert_string_equal(rep.text,
		"t.md:7: check: unknown quantity 'gradd'; the quantities are f, df, out, grad, vanish, "
		"explode, train.loss@STEP, train.dead@STEP, train.diverged@STEP, train.below@LOSS, "
		"net.mean@LAYER, net.std@LAYER, net.z-mean@LAYER, net.z-std@LAYER, "
		"net.saturated@LAYER, net.dead@LAYER, net.grad@LAYER and net.ratio\n"
		"t.md:8: check: write 'check QUANTITY OP VALUE [when COMMAND; ...]', like "
		"'check grad = 0.1074'\n"
		"t.md:9: check: '!=' is not a comparison; use = (to the digits written), ~ (about), "
		"< or >\n"
		"t.md:10: check: train.loss needs '@STEP', like train.loss@1000\n"
		"t.md:11: check: f takes no '@'\n"
		"t.md:12: check: the layer must be between 1 and 100, got 0\n"
		"t.md:13: check: the value must be a finite number, got 'abc'\n"
		"t.md:14: check: the lesson's text does not say 0.25; a check is for a figure the "
		"text states\n"
		"t.md:15: check: unexpected 'if x 2' after the value; more settings go after 'when', "
		"like 'when act tanh; set x 2'\n"
		"t.md:16: check: unknown activation 'reluu'; did you mean 'relu'?\n"
		"t.md:17: check: 'when' takes act, set and range, not 'view chain'\n"
		"t.md:18: check: train.diverged is yes or no, got 'maybe'\n"
		"t.md:19: check: the loss after '@' must be above 0, got 0\n"
		"t.md:20: lab: a command after a check line; the checks come last, after the commands "
		"that set the lab up\n"
		"t.md:21: check: 'never' takes =, not <\n");
	lesson_free(&ls);
}

/* Compute the figures of md; the problems into rep. */
static int figures(const char *md, reports *rep)
{
	lesson ls;
	assert_int_equal(parse(md, &ls, rep), 0);
	memset(rep, 0, sizeof *rep);
	int n = lesson_figures_check(&ls, collect, rep);
	lesson_free(&ls);
	return n;
}

static void test_figure_check(void **state)
{
	(void)state;
	reports rep;
	/* right figures pass: to the digits written, about, bounds, across views */
	assert_int_equal(figures(
		"# T\n\nd out/dx is 0.1074 (above 0.1) and −0.5 and 0 and 0.107; tanh at 2 gives 0.0037;\n"
		"sigmoid vanishes at layer 10 (3.875e−07). relu starts with 9 dead, 12 at the end;\n"
		"below 0.01 by step 200; 50% of units off; the mean stays near 0.5.\n"
		"\n"
		"```lab\n"
		"act identity\n"
		"set depth 10\n"
		"set gain 0.8\n"
		"set x 1\n"
		"check grad = 0.1074\n"
		"check grad ~ 0.107\n"
		"check grad > 0.1\n"
		"check out = -0.5 when act max; set floor -1; set gain 1; set x -0.5\n"
		"check grad = 0 when act relu; set x -1\n"
		"check grad = 0.0037 when act tanh; set gain 1; set x 2\n"
		"check grad = 3.875e-07 when act sigmoid; set gain 1; set x 0\n"
		"check vanish = 10 when act sigmoid; set gain 1; set x 0\n"
		"check train.dead@0 = 9 when act relu\n"
		"check train.dead@5000 = 12 when act relu\n"
		"check train.below@0.01 < 200 when act relu\n"
		"check train.diverged@200 = no when act relu\n"
		"check net.dead@1 ~ 50% when act relu; set depth 3\n"
		"check net.saturated@1 ~ 50% when act relu; set depth 3\n"
		"```\n", &rep), 0);
	assert_string_equal(rep.text, "");

	/* a wrong figure fails, with what the lesson says and what the lab computes */
	assert_int_equal(figures(
		"# T\n\nTen identity layers of gain 0.8 give 0.1075, or 0.2, and tanh 1.\n"
		"relu starts with 8 dead units and diverged.\n"
		"\n"
		"```lab\n"                                      /* 6 */
		"act identity\n"
		"set depth 10\n"
		"set gain 0.8\n"
		"check grad = 0.1075\n"                         /* 10 */
		"check grad ~ 0.2\n"                            /* 11 */
		"check grad > 0.2\n"                            /* 12 */
		"check grad = 1 when act tanh; set gain 1; set x 2\n"  /* 13 */
		"check train.dead@0 = 8 when act relu\n"        /* 14 */
		"check train.diverged@10 = yes when act relu\n" /* 15 */
		"check net.mean@5 = 1 when set depth 3\n"       /* 16 */
		"check train.loss@100 = 8 when act relu; set lr 1\n" /* 17 */
		"```\n", &rep), 8);
	assert_string_equal(rep.text,
		"t.md:10: the lesson says grad = 0.1075, the lab computes 0.107374\n"
		"t.md:11: the lesson says grad is about 0.2, the lab computes 0.107374\n"
		"t.md:12: the lesson says grad > 0.2, the lab computes 0.107374\n"
		"t.md:13: the lesson says grad = 1, the lab computes 0.00367437\n"
		"t.md:14: the lesson says train.dead@0 = 8, the lab computes 9\n"
		"t.md:15: the lesson says train.diverged@10 = yes, the lab computes no\n"
		"t.md:16: check: net.mean@5 cannot be computed: the network has 3 layers, not 5\n"
		"t.md:17: the lesson says train.loss@100 = 8, the lab computes no number: the "
		"training diverged\n");

	/* and makes check-lessons fail */
	clear_dir();
	write_file("01-a.md", "# A\n\nrelu(2) is 3.\n\n```lab\nset x 2\ncheck f = 3\n```\n");
	run *r = check(tmpdir);
	char want[1024];
	snprintf(want, sizeof want, "%s/01-a.md:7: the lesson says f = 3, the lab computes 2\n"
	         "1 lesson, 1 problem\n", tmpdir);
	assert_string_equal(r->out, want);
	assert_int_equal(r->status, 1);
}

/* ---- bounds ------------------------------------------------------------- */

/* A growing string, for lessons made to the size of a bound. */
typedef struct sbuf {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *t, int times)
{
	size_t l = strlen(t);
	for (int i = 0; i < times; i++) {
		if (b->n + l + 1 > b->cap) {
			b->cap = (b->n + l + 1) * 2;
			b->s = realloc(b->s, b->cap);
			assert_non_null(b->s);
		}
		memcpy(b->s + b->n, t, l + 1);
		b->n += l;
	}
}

/* Parse the lesson in b; its problems in rep. */
static int parse_sb(sbuf *b, lesson *ls, reports *rep)
{
	int r = parse(b->s, ls, rep);
	free(b->s);
	memset(b, 0, sizeof *b);
	return r;
}

/* The cells a lesson lays out to at a width: what its page costs. */
static long page_cells(const lesson *ls, int width, bool ascii)
{
	lesson_page pg = { 0 };
	lesson_render_opts o = { .width = width, .ascii = ascii };
	assert_int_equal(lesson_render(ls, &o, &pg), 0);
	long cells = 0;
	for (int i = 0; i < pg.n; i++)
		cells += pg.lines[i].len > 0 ? pg.lines[i].len : 1;
	lesson_page_free(&pg);
	return cells;
}

/* Each bound: the lesson at it loads, one past it is refused with the
 * line and the bound; and a lesson at the bounds lays out to a page of
 * bounded size, however wide the pane. */
static void test_bounds(void **state)
{
	(void)state;
	lesson ls;
	reports rep;
	sbuf b = { 0 };
	char want[256];

	/* bytes */
	sb_add(&b, "# Big\n\n", 1);
	sb_add(&b, "x", (int)LESSON_MAX_BYTES - 7 - 1);
	sb_add(&b, "\n", 1);
	assert_int_equal(strlen(b.s), (size_t)LESSON_MAX_BYTES);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	lesson_free(&ls);
	sb_add(&b, "# Big\n\n", 1);
	sb_add(&b, "x", (int)LESSON_MAX_BYTES - 7);
	sb_add(&b, "\n", 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 1);
	snprintf(want, sizeof want, "t.md:1: too large: %ld bytes, at most %ld\n",
	         LESSON_MAX_BYTES + 1, LESSON_MAX_BYTES);
	assert_string_equal(rep.text, want);
	lesson_free(&ls);

	/* lines */
	sb_add(&b, "# Lines\n", 1);
	sb_add(&b, "\n", LESSON_MAX_LINES - 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	lesson_free(&ls);
	sb_add(&b, "# Lines\n", 1);
	sb_add(&b, "\n", LESSON_MAX_LINES - 1);
	sb_add(&b, "x", 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 1);
	snprintf(want, sizeof want, "t.md:%d: more than %d lines; split the lesson\n",
	         LESSON_MAX_LINES + 1, LESSON_MAX_LINES);
	assert_string_equal(rep.text, want);
	lesson_free(&ls);

	/* blocks: the title and rules */
	sb_add(&b, "# Rules\n\n", 1);
	sb_add(&b, "---\n\n", LESSON_MAX_BLOCKS - 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	assert_int_equal(ls.nblocks, LESSON_MAX_BLOCKS);
	/* at the widest pane, one rule a line: a few MB, not a GB */
	assert_true(page_cells(&ls, 1000, false) <= (long)LESSON_MAX_BLOCKS * 1000 * 2);
	lesson_free(&ls);
	sb_add(&b, "# Rules\n\n", 1);
	sb_add(&b, "---\n\n", LESSON_MAX_BLOCKS);
	assert_int_equal(parse_sb(&b, &ls, &rep), 1);
	snprintf(want, sizeof want, "t.md:%d: more than %d blocks (paragraphs, headings, code, "
	         "lab and quiz blocks, rules); split the lesson\n", 3 + 2 * (LESSON_MAX_BLOCKS - 1),
	         LESSON_MAX_BLOCKS);
	assert_string_equal(rep.text, want);
	assert_int_equal(ls.nblocks, LESSON_MAX_BLOCKS);
	lesson_free(&ls);

	/* commands in a lab block, and its one eval */
	sb_add(&b, "# Lab\n\n```lab\nact mish\nset depth 100000\neval 1\n", 1);
	sb_add(&b, "set x 1\n", LESSON_MAX_LAB_CMDS - 3);
	sb_add(&b, "```\n", 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	lesson_free(&ls);
	sb_add(&b, "# Lab\n\n```lab\n", 1);
	sb_add(&b, "set x 1\n", LESSON_MAX_LAB_CMDS);
	sb_add(&b, "\n# a comment is no command\n", 1);
	sb_add(&b, "eval 1\n", LESSON_MAX_LINES - 100);
	sb_add(&b, "```\n", 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 1);
	snprintf(want, sizeof want, "t.md:%d: lab: more than %d commands in one lab block; "
	         "split it\n", 4 + LESSON_MAX_LAB_CMDS + 2, LESSON_MAX_LAB_CMDS);
	assert_string_equal(rep.text, want);
	/* the tutorial's apply stops at the same bound */
	lab l;
	lab_init(&l);
	int bad = 0;
	char err[256];
	assert_int_equal(lesson_lab_apply(&ls.blocks[1], &l, NULL, NULL, &bad, err, sizeof err), -1);
	assert_int_equal(bad, 4 + LESSON_MAX_LAB_CMDS + 2);
	assert_non_null(strstr(err, "more than 32 commands"));
	lab_free(&l);
	lesson_free(&ls);
	parse("# Lab\n\n```lab\neval 1\nset depth 10\neval 2\n```\n", &ls, &rep);
	assert_string_equal(rep.text, "t.md:6: lab: a second eval (the first is on line 4): the "
	                    "status line shows one result, so a lab block has one eval\n");
	lesson_free(&ls);

	/* quizzes */
	const char *quiz = "```quiz\nquestion: q?\nanswer: 1\ntolerance: 0\nhint: h\n"
	                   "explain: e\n```\n\n";
	sb_add(&b, "# Quiz\n\n", 1);
	sb_add(&b, quiz, LESSON_MAX_QUIZZES);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	assert_int_equal(ls.nquizzes, LESSON_MAX_QUIZZES);
	lesson_free(&ls);
	sb_add(&b, "# Quiz\n\n", 1);
	sb_add(&b, quiz, LESSON_MAX_QUIZZES + 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 1);
	snprintf(want, sizeof want, "t.md:%d: more than %d quizzes in one lesson; split the "
	         "lesson\n", 3 + 8 * LESSON_MAX_QUIZZES, LESSON_MAX_QUIZZES);
	assert_string_equal(rep.text, want);
	lesson_free(&ls);

	/* the costliest pages within the bounds: empty code lines deep in
	 * quotes, one long word deep in quotes, sigmas spelled out in ASCII */
	sb_add(&b, "# Code\n\n", 1);
	sb_add(&b, ">>>>>>>>>>>>>>>> ```\n", 1);
	sb_add(&b, ">>>>>>>>>>>>>>>>\n", LESSON_MAX_LINES - 5);
	sb_add(&b, ">>>>>>>>>>>>>>>> ```\n", 1);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	for (int w = 20; w <= 1000; w *= 7)
		assert_true(page_cells(&ls, w, false) < 1L << 17);
	lesson_free(&ls);
	sb_add(&b, "# Word\n\n> > > > > > > > > > > > > > > > ", 1);
	sb_add(&b, "x", (int)LESSON_MAX_BYTES - 100);
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	for (int w = 20; w <= 1000; w *= 7)
		assert_true(page_cells(&ls, w, false) < 1L << 18);
	lesson_free(&ls);
	sb_add(&b, "# Sigma\n\n", 1);
	sb_add(&b, "\u03c3 ", (int)(LESSON_MAX_BYTES / 4));
	assert_int_equal(parse_sb(&b, &ls, &rep), 0);
	for (int w = 20; w <= 1000; w *= 7)
		assert_true(page_cells(&ls, w, true) < 1L << 18);
	lesson_free(&ls);
}

/* A directory holds at most LESSON_MAX_FILES lessons: the rest are named
 * and not read. */
static void test_bound_files(void **state)
{
	(void)state;
	clear_dir();
	for (int i = 0; i <= LESSON_MAX_FILES; i++) {
		char name[32];
		snprintf(name, sizeof name, "%03d-l%d.md", i + 1, i + 1);
		write_file(name, "# L\n\nText.\n");
	}
	write_file("notes.md", "not a lesson");   /* is not counted as one */
	run *r = check(tmpdir);
	char want[800];
	snprintf(want, sizeof want, "%s/%03d-l%d.md:1: more than %d lesson files in the "
	         "directory; this one is not read\n%s/notes.md:1: not a lesson file name: lessons "
	         "are NN-slug.md (a two-digit number, a hyphen, lowercase letters, digits and "
	         "hyphens)\n%d lessons, 2 problems\n", tmpdir, LESSON_MAX_FILES + 1,
	         LESSON_MAX_FILES + 1, LESSON_MAX_FILES, tmpdir, LESSON_MAX_FILES + 2);
	assert_string_equal(r->out, want);
	assert_int_equal(r->status, 1);
	clear_dir();
}

/* ---- check-lessons ------------------------------------------------------ */

static void test_check_clean_course(void **state)
{
	(void)state;
	run *r = check(TEST_SRCDIR "/lessons");
	assert_string_equal(r->out, "20 lessons, no problems\n");
	assert_string_equal(r->err, "");
	assert_int_equal(r->status, 0);
}

static void test_check_broken(void **state)
{
	(void)state;
	clear_dir();
	write_file("01-lab.md",
		"# Lab\n"                 /* 1 */
		"\n"
		"```lab\n"                /* 3 */
		"sett x 1\n"              /* 4 */
		"act reluu\n"             /* 5 */
		"act leaky_relu\n"
		"set slope 3\n"           /* 7 */
		"quit\n"                  /* 8 */
		"```\n"
		"\n"
		"```lab\n"                /* 11 */
		"# nothing\n"
		"```\n");
	write_file("02-notitle.md", "Text, no title.\n\n## Sub\n");
	write_file("03-quiz.md",
		"# Quiz\n"                /* 1 */
		"\n"
		"```quiz\n"               /* 3 */
		"question: What?\n"
		"answer: 0.5\n"
		"```\n"
		"\n"
		"```quiz\n"               /* 8 */
		"question: Which?\n"
		"choice: a) x\n"
		"choice: c) y\n"          /* 11 */
		"answer: b\n"
		"hint: h\n"
		"explain: e\n"
		"anwser: b\n"             /* 15 */
		"```\n"
		"\n"
		"```quiz\n"               /* 18 */
		"question: N?\n"
		"answer: abc\n"           /* 20 */
		"tolerance: -1\n"         /* 21 */
		"hint: h\n"
		"explain: e\n"            /* 23 */
		"explain: again\n"        /* 24 */
		"```\n");
	write_file("03-dup.md", "# Dup\n");
	write_file("04-utf.md", "# U\n\nok\n\xff bad\n");
	write_file("05-letters.md", "# Quiz\n\n```quiz\nquestion: Which?\nchoice: a) x\nchoice: b) y\n"
	                         "answer: c\ntolerance: 1\nhint: h\nexplain: e\n```\n");
	write_file("06-empty.md", "# Quiz\n\n```quiz\n```\n");
	write_file("5-bad.md", "# x\n");
	write_file("README.md", "\xff not a lesson\n");
	write_file("notes.txt", "not a lesson\n");
	run *r = check(tmpdir);
	char want[8192];
	const char *d = tmpdir;
	snprintf(want, sizeof want,
		"%s/01-lab.md:4: lab: unknown command 'sett'; did you mean 'set'?\n"
		"%s/01-lab.md:5: lab: unknown activation 'reluu'; did you mean 'relu'?\n"
		"%s/01-lab.md:7: lab: slope must be between 0 and 1, got 3\n"
		"%s/01-lab.md:8: lab: 'quit' is not for lab blocks, which hold act, set, compare, eval and view\n"
		"%s/01-lab.md:11: lab: an empty lab block\n"
		"%s/02-notitle.md:1: no title: a lesson starts with a '# Title' heading\n"
		"%s/03-quiz.md:1: lesson number 03 is also 03-dup.md's\n"
		"%s/03-quiz.md:3: quiz: a number answer needs a tolerance, like 'tolerance: 0.001'\n"
		"%s/03-quiz.md:3: quiz: no hint\n"
		"%s/03-quiz.md:3: quiz: no explain (the explanation shown after answering)\n"
		"%s/03-quiz.md:8: quiz: only one choice; give two or more, or a number answer\n"
		"%s/03-quiz.md:11: quiz: choices are lettered in order; expected 'b) ...'\n"
		"%s/03-quiz.md:15: quiz: unknown field 'anwser'; did you mean 'answer'?\n"
		"%s/03-quiz.md:20: quiz: answer must be a finite number, got 'abc' (or give choices)\n"
		"%s/03-quiz.md:21: quiz: tolerance must be 0 or more, got -1\n"
		"%s/03-quiz.md:24: quiz: a second 'explain' (the first is on line 23)\n"
		"%s/04-utf.md:4: invalid UTF-8 (byte 0xff)\n"
		"%s/05-letters.md:7: quiz: answer must be a choice letter, a to b, got 'c'\n"
		"%s/05-letters.md:8: quiz: tolerance is for number answers\n"
		"%s/5-bad.md:1: not a lesson file name: lessons are NN-slug.md (a two-digit number, "
		"a hyphen, lowercase letters, digits and hyphens)\n"
		"%s/06-empty.md:3: quiz: no question\n"
		"%s/06-empty.md:3: quiz: no answer\n"
		"%s/06-empty.md:3: quiz: no hint\n"
		"%s/06-empty.md:3: quiz: no explain (the explanation shown after answering)\n"
		"8 lessons, 24 problems\n",
		d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d);
	if (strcmp(r->out, want) != 0) {
		fprintf(stderr, "--- got\n%s--- wanted\n%s", r->out, want);
		fail();
	}
	assert_string_equal(r->err, "");
	assert_int_equal(r->status, 1);

	/* the tutorial loads what is sound and leaves the rest out */
	lesson_set set;
	reports rep = { .n = 0 };
	int files = 0;
	assert_int_equal(lesson_set_load(tmpdir, &set, &files, collect, &rep), 24);
	assert_int_equal(files, 8);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.v[0].slug, "dup");
	lesson_set_free(&set);

	/* in the order of the numbers, not of the names */
	clear_dir();
	write_file("99-b.md", "# B\n");
	write_file("100-a.md", "# A\n");
	write_file("07-c.md", "# C\n");
	assert_int_equal(lesson_set_load(tmpdir, &set, &files, collect, &rep), 0);
	assert_int_equal(set.n, 3);
	assert_int_equal(set.v[0].number, 7);
	assert_int_equal(set.v[1].number, 99);
	assert_int_equal(set.v[2].number, 100);
	assert_string_equal(set.v[2].title, "A");
	assert_int_equal(lesson_set_find(&set, "100"), 2);
	lesson_set_free(&set);

	/* a same slug under two numbers */
	clear_dir();
	write_file("01-a.md", "# A\n");
	write_file("02-a.md", "# A again\n");
	r = check(tmpdir);
	snprintf(want, sizeof want, "%s/02-a.md:1: the name 'a' is also 01-a.md's (progress is kept "
	         "by name)\n2 lessons, 1 problem\n", d);
	assert_string_equal(r->out, want);

	/* a FIFO or a directory named like a lesson is reported, not waited on */
	clear_dir();
	char fifo[600];
	snprintf(fifo, sizeof fifo, "%s/01-fifo.md", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	r = check(tmpdir);
	snprintf(want, sizeof want, "%s/01-fifo.md:1: cannot read: not a regular file\n"
	         "1 lesson, 1 problem\n", d);
	assert_string_equal(r->out, want);

	/* an escape sequence in a file name or a quoted line stays out */
	clear_dir();
	write_file("01-\x1b[2Jx.md", "# A\n\n<b \x1b[31m>\n");
	r = check(tmpdir);
	snprintf(want, sizeof want, "%s/01-x.md:1: not a lesson file name: lessons are NN-slug.md "
	         "(a two-digit number, a hyphen, lowercase letters, digits and hyphens)\n"
	         "1 lesson, 1 problem\n", d);
	assert_string_equal(r->out, want);
	clear_dir();
	write_file("01-a.md", "# A\n\ntext <b title=\"\x1b[31m\">\n");
	r = check(tmpdir);
	snprintf(want, sizeof want,
	         "%s/01-a.md:3: control character U+001B (an escape sequence)\n"
	         "%s/01-a.md:3: HTML is not shown in the lesson pane: <b title=\"\">\n"
	         "1 lesson, 2 problems\n", d, d);
	assert_string_equal(r->out, want);

	/* nothing to check is a problem too; no directory is an error */
	clear_dir();
	r = check(tmpdir);
	snprintf(want, sizeof want, "%s: no lesson files here (NN-slug.md)\n0 lessons, 1 problem\n", d);
	assert_string_equal(r->out, want);
	assert_int_equal(r->status, 1);
	/* and the directory's name is cleaned there too */
	char sub[600];
	snprintf(sub, sizeof sub, "%s/e\x1b[2Jx", tmpdir);
	assert_int_equal(mkdir(sub, 0700), 0);
	r = check(sub);
	snprintf(want, sizeof want, "%s/ex: no lesson files here (NN-slug.md)\n0 lessons, 1 problem\n",
	         d);
	assert_string_equal(r->out, want);
	assert_int_equal(rmdir(sub), 0);
	r = check("/nonexistent/lessons");
	assert_int_equal(r->status, 2);
	assert_string_equal(r->out, "");
	assert_string_equal(r->err, "whyrelu: check-lessons: /nonexistent/lessons: cannot read the "
	                            "lessons directory: No such file or directory\n");
}

static void test_check_args(void **state)
{
	(void)state;
	char *argv[4] = { (char *)"check-lessons", (char *)"--help", NULL, NULL };
	FILE *fo = tmpfile(), *fe = tmpfile();
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	int st = cli_check_lessons(2, argv);
	argv[1] = (char *)"--bogus";
	int st2 = cli_check_lessons(2, argv);
	argv[1] = (char *)"a";
	argv[2] = (char *)"b";
	int st3 = cli_check_lessons(3, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	char out[4096], err[4096];
	test_slurp(fo, out, sizeof out);
	test_slurp(fe, err, sizeof err);
	fclose(fo);
	fclose(fe);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "usage: whyrelu check-lessons [DIR]"));
	assert_int_equal(st2, 2);
	assert_int_equal(st3, 2);
	assert_string_equal(err,
		"whyrelu: check-lessons: unknown option '--bogus' ('whyrelu check-lessons --help')\n"
		"whyrelu: check-lessons: one directory at most, got 'a' and 'b'\n");
}

static void test_lesson_dir(void **state)
{
	(void)state;
	char buf[4096];
	unsetenv("WHYRELU_LESSONS");
	assert_string_equal(lesson_dir("/x/y", buf, sizeof buf), "--lessons");
	assert_string_equal(buf, "/x/y");
	setenv("WHYRELU_LESSONS", "/from/env", 1);
	assert_string_equal(lesson_dir(NULL, buf, sizeof buf), "WHYRELU_LESSONS");
	assert_string_equal(buf, "/from/env");
	assert_string_equal(lesson_dir("/opt", buf, sizeof buf), "--lessons");
	setenv("WHYRELU_LESSONS", "", 1);
	/* this test program lives in build/tests, with no lessons beside it */
	assert_string_equal(lesson_dir(NULL, buf, sizeof buf), "the installed lessons");
	assert_string_equal(buf, WHYRELU_DATADIR "/lessons");
	unsetenv("WHYRELU_LESSONS");
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	clear_dir();
	return rmdir(tmpdir);
}

int main(void)
{
	setlocale(LC_ALL, "C");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_choice_quiz),
		cmocka_unit_test(test_number_quiz_check),
		cmocka_unit_test(test_render_inline),
		cmocka_unit_test(test_render_lists),
		cmocka_unit_test(test_render_quote_code_rule),
		cmocka_unit_test(test_wrap_widths),
		cmocka_unit_test(test_utf8_not_split),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_course_ascii),
		cmocka_unit_test(test_escapes_stripped),
		cmocka_unit_test(test_invisible_marks),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_code_columns_ascii),
		cmocka_unit_test(test_lab_marker),
		cmocka_unit_test(test_quiz_render),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_lab_apply),
		cmocka_unit_test(test_figure_parse),
		cmocka_unit_test(test_figure_check),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_bound_files),
		cmocka_unit_test(test_check_clean_course),
		cmocka_unit_test(test_check_broken),
		cmocka_unit_test(test_check_args),
		cmocka_unit_test(test_lesson_dir),
	};
	return cmocka_run_group_tests_name("lesson", tests, setup, teardown);
}
