/* fuzz_progress.c - the progress-file reader on whole files. Checked: the
 * result is one of the four promised; a damaged file says where and why;
 * what is kept is well-formed (lesson slugs, clean answers that fit); and
 * a file that loads saves to text that loads back to the same text; and
 * whatever the tutorial records (the input read as a list of changes:
 * lessons, positions, answers and quiz numbers past every limit), what is
 * written reads back the same.
 */
#include "fuzz.h"

#include "progress.h"

static bool slug_ok(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= LESSON_SLUG_MAX && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static void check_model(const progress *p)
{
	FUZZ_CHECK(p->current[0] == '\0' || slug_ok(p->current));
	FUZZ_CHECK(p->n >= 0 && p->n <= p->cap);
	for (int i = 0; i < p->n; i++) {
		const progress_lesson *l = &p->v[i];
		FUZZ_CHECK(slug_ok(l->slug));
		FUZZ_CHECK(l->pos >= 0);
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(p->v[j].slug, l->slug) != 0);
		for (int k = 0; k < l->nquiz; k++) {
			const progress_quiz *q = &l->quiz[k];
			FUZZ_CHECK(q->index >= 0);
			FUZZ_CHECK(memchr(q->answer, '\0', sizeof q->answer) != NULL);
			FUZZ_CHECK(fuzz_clean_text(q->answer));
			FUZZ_CHECK(progress_quiz_get(p, l->slug, q->index) == q);
		}
	}
}

/* The input as changes to a fresh progress, 4 bytes each; then the
 * property: the writer's text parses whole (never set aside) and formats
 * back to itself. */
static void written_reads_back(const uint8_t *data, size_t size)
{
	progress p;
	memset(&p, 0, sizeof p);
	for (size_t i = 0; i + 4 <= size; i += 4) {
		char slug[16], answer[LESSON_ANSWER_MAX * 2];
		/* up to 1024 slugs, more than the table keeps */
		snprintf(slug, sizeof slug, "s%u", (unsigned)(data[i + 1] | (data[i + 2] & 3) << 8));
		int arg = data[i + 2] << 8 | data[i + 3];
		switch (data[i] % 4) {
		case 0:   /* positions up to 2^30, past the limit */
			progress_set_current(&p, slug, arg << 14);
			break;
		case 1:
			progress_set_done(&p, slug, arg & 1);
			break;
		default: { /* quiz numbers up to 4095; an answer from the input */
			size_t n = size - i - 4 < sizeof answer - 1 ? size - i - 4 : sizeof answer - 1;
			memcpy(answer, data + i + 4, n);
			answer[n] = '\0';
			progress_record_quiz(&p, slug, arg & 4095, answer, data[i] & 8);
			break;
		}
		}
	}
	FUZZ_CHECK(p.n <= PROGRESS_MAX_LESSONS);
	check_model(&p);
	size_t n1 = 0, n2 = 0;
	char *t1 = progress_format(&p, &n1);
	FUZZ_CHECK(t1 != NULL && n1 <= (size_t)PROGRESS_MAX_BYTES);
	progress q;
	memset(&q, 0, sizeof q);
	int line;
	const char *why;
	FUZZ_CHECK(progress_parse(&q, t1, n1, &line, &why) == 0);
	FUZZ_CHECK(q.n == p.n && !strcmp(q.current, p.current));
	char *t2 = progress_format(&q, &n2);
	FUZZ_CHECK(t2 != NULL && n1 == n2 && !memcmp(t1, t2, n1));
	free(t1);
	free(t2);
	progress_free(&q);
	progress_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	written_reads_back(data, size);

	progress p;
	memset(&p, 0, sizeof p);
	int line = -7;
	const char *why = NULL;
	int r = progress_parse(&p, (const char *)data, size, &line, &why);
	FUZZ_CHECK(r >= -1 && r <= 2);
	FUZZ_CHECK(why != NULL);
	if (r == 2)
		FUZZ_CHECK(line >= 1 && why[0] && fuzz_ascii_line(why));
	if (r < 0) {
		progress_free(&p);
		return 0;
	}
	check_model(&p);
	if (r == 0) {
		size_t n1 = 0, n2 = 0;
		char *t1 = progress_format(&p, &n1);
		FUZZ_CHECK(t1 != NULL && strlen(t1) == n1);
		progress q;
		memset(&q, 0, sizeof q);
		FUZZ_CHECK(progress_parse(&q, t1, n1, &line, &why) == 0);
		char *t2 = progress_format(&q, &n2);
		FUZZ_CHECK(t2 != NULL && n1 == n2 && !memcmp(t1, t2, n1));
		free(t1);
		free(t2);
		progress_free(&q);
	}
	/* what the tutorial does next: record and move */
	if (progress_set_current(&p, "welcome", 3) == 0)
		FUZZ_CHECK(!strcmp(p.current, "welcome"));
	progress_record_quiz(&p, "welcome", 0, (const char *)"x\x1b[2Jy", true);
	const progress_quiz *q = progress_quiz_get(&p, "welcome", 0);
	FUZZ_CHECK(q && !strcmp(q->answer, "xy"));
	progress_free(&p);
	return 0;
}
