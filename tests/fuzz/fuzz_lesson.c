/* fuzz_lesson.c - the lesson parser on whole files, and what the tutorial
 * then does with a lesson: lay it out at several widths in UTF-8 and ASCII,
 * search it, set the lab up from its lab blocks and check answers to its
 * quizzes. Checked on the way: every string in the model is safe to show
 * (lesson.h's promise), an ASCII layout holds bytes 0x20-0x7e only, every
 * message is clean, and page positions map back and forth within range.
 */
#include "fuzz.h"

#include "cmd.h"
#include "lab.h"
#include "lesson.h"

static void on_problem(void *ctx, const char *path, int line, const char *msg)
{
	int *n = ctx;
	FUZZ_CHECK(line >= 1);
	FUZZ_CHECK(fuzz_clean_text(path));
	FUZZ_CHECK(fuzz_clean_text(msg));
	(*n)++;
}

static void check_model(const lesson *ls)
{
	FUZZ_CHECK(ls->title && fuzz_clean_text(ls->title));
	int labs = 0, quizzes = 0;
	for (int i = 0; i < ls->nblocks; i++) {
		const lesson_block *b = &ls->blocks[i];
		FUZZ_CHECK(b->line >= 1);
		if (b->first_prefix)
			FUZZ_CHECK(fuzz_clean_text(b->first_prefix));
		if (b->prefix)
			FUZZ_CHECK(fuzz_clean_text(b->prefix));
		for (int k = 0; k < b->nruns; k++)
			FUZZ_CHECK(fuzz_clean_text(b->runs[k].text));
		for (int k = 0; k < b->nlines; k++)
			FUZZ_CHECK(fuzz_clean_text(b->lines[k]));
		labs += b->kind == LESSON_LAB;
		if (b->kind != LESSON_QUIZ)
			continue;
		const lesson_quiz *q = b->quiz;
		FUZZ_CHECK(q && q->index == quizzes);
		quizzes++;
		FUZZ_CHECK(q->nchoices >= 0 && q->nchoices <= LESSON_MAX_CHOICES);
		const char *fields[] = { q->question, q->answer_text, q->hint, q->explain };
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
			if (fields[k])
				FUZZ_CHECK(fuzz_clean_text(fields[k]));
		for (int k = 0; k < q->nchoices; k++)
			FUZZ_CHECK(fuzz_clean_text(q->choices[k]));
		FUZZ_CHECK(lesson_quiz_at(ls, q->index) == q);
	}
	FUZZ_CHECK(labs == ls->nlabs && quizzes == ls->nquizzes);
}

static void check_page(const lesson *ls, const lesson_page *pg, int width, bool ascii)
{
	for (int i = 0; i < pg->n; i++) {
		const lesson_line *ln = &pg->lines[i];
		FUZZ_CHECK(ln->len >= 0 && ln->len <= width);
		FUZZ_CHECK(ln->block >= -1 && ln->block < ls->nblocks);
		for (int k = 0; k < ln->len; k++) {
			uint32_t ch = ln->cells[k].ch;
			FUZZ_CHECK(ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch <= 0x9f));
			if (ascii)
				FUZZ_CHECK(ch <= 0x7e);
		}
	}
	for (int i = 0; i < pg->n; i += 1 + pg->n / 8) {
		int src = lesson_page_source_line(ls, pg, i);
		FUZZ_CHECK(src >= 0);
		int back = lesson_page_line_at(ls, pg, src);
		FUZZ_CHECK(back >= 0 && back < pg->n);
	}
	for (int b = 0; b < ls->nblocks; b += 1 + ls->nblocks / 8) {
		int at = lesson_page_line_of(pg, b);
		FUZZ_CHECK(at >= -1 && at < pg->n);
	}
}

static void on_cmd(void *ctx, const struct cmd *c)
{
	int *n = ctx;
	FUZZ_CHECK(c->kind == CMD_COMPARE || c->kind == CMD_EVAL || c->kind == CMD_VIEW);
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lesson ls;
	int reported = 0;
	int problems = lesson_parse("lessons/00-fuzz.md", "00-fuzz.md", (const char *)data, size,
	                            &ls, on_problem, &reported);
	if (problems < 0)
		return 0;   /* out of memory: lesson_parse freed it */
	FUZZ_CHECK(problems == reported);
	check_model(&ls);

	/* the quizzes answered, right and wrong, for the layout */
	int nq = ls.nquizzes;
	lesson_quiz_view *qv = calloc((size_t)(nq ? nq : 1), sizeof *qv);
	FUZZ_CHECK(qv != NULL);
	for (int i = 0; i < nq; i++)
		qv[i] = (lesson_quiz_view){ i % 3 != 0, i % 2 == 0, i % 4 == 1, "b" };
	/* a pane as wide as usual in either charset, and narrow ones, where
	 * prefixes and markers no longer fit: each render costs, so four */
	static const lesson_render_opts opts[] = {
		{ .width = 80, .quiz_prompt = "answer with A" },
		{ .width = 80, .ascii = true },
		{ .width = 1 },
		{ .width = 6, .ascii = true, .quiz_prompt = "answer with A" },
	};
	/* the "set up" marker on a lab block, in half the renders */
	const lesson_block *lab_block = NULL;
	for (int i = 0; i < ls.nblocks && !lab_block; i++)
		if (ls.blocks[i].kind == LESSON_LAB)
			lab_block = &ls.blocks[i];
	lesson_page pg = { 0 };
	for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
		lesson_render_opts o = opts[k];
		o.quiz = k % 2 ? NULL : qv;
		o.lab_set_up = k % 2 ? lab_block : NULL;
		if (lesson_render(&ls, &o, &pg) < 0)
			continue;
		check_page(&ls, &pg, o.width, o.ascii);
		int col = -1;
		int at = lesson_page_find(&pg, "re", 0, 1, &col);
		FUZZ_CHECK(at >= -1 && at < pg.n);
		if (at >= 0)
			FUZZ_CHECK(col >= 0 && col < pg.lines[at].len);
		at = lesson_page_find(&pg, "\xcf\x83", pg.n ? pg.n - 1 : 0, -1, &col);
		FUZZ_CHECK(at >= -1 && at < pg.n);
	}
	lesson_page_free(&pg);
	free(qv);

	/* lab blocks on a lab that has been moved: a failed block leaves it as it was */
	lab l;
	lab_init(&l);
	l.x = -3;
	l.depth = 7;
	for (int i = 0; i < ls.nblocks; i++) {
		const lesson_block *b = &ls.blocks[i];
		int others = 0, bad_line = 0;
		char err[256];
		double x = l.x;
		long depth = l.depth;
		int r = lesson_lab_apply(b, &l, on_cmd, &others, &bad_line, err, sizeof err);
		if (b->kind != LESSON_LAB) {
			FUZZ_CHECK(r == -1);
			continue;
		}
		if (r < 0) {
			FUZZ_CHECK(bad_line > b->line && bad_line <= b->line + b->nlines);
			FUZZ_CHECK(fuzz_ascii_line(err));
			FUZZ_CHECK(l.x == x && l.depth == depth);
		} else {
			FUZZ_CHECK(l.from < l.to && l.x >= -LAB_X_MAX && l.x <= LAB_X_MAX);
		}
	}
	lab_free(&l);

	/* answers go only to lessons without problems (lesson_set_load leaves
	 * the others out), so a quiz's answer is a checked number or letter */
	for (int i = 0; problems == 0 && i < ls.nquizzes; i++) {
		const lesson_quiz *q = lesson_quiz_at(&ls, i);
		static const char *const answers[] = { "a", "B)", "0.25", " -0 ", "1e999", "nan",
		                                       "", "zz" };
		for (size_t k = 0; k < sizeof answers / sizeof answers[0]; k++) {
			char err[256] = "";
			int r = lesson_quiz_check(q, answers[k], err, sizeof err);
			FUZZ_CHECK(r >= -1 && r <= 1);
			if (r < 0)
				FUZZ_CHECK(fuzz_clean_text(err));
		}
	}
	lesson_free(&ls);
	return 0;
}
