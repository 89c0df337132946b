/* cli_progress.c - `whyrelu progress`: how far the learner is, lesson by
 * lesson, and --reset to start over (asked first on a terminal).
 */
#include "cli_impl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lesson.h"
#include "progress.h"
#include "util.h"

#define MSGLEN 512

static const char progress_help[] =
	"usage: whyrelu progress [--lessons DIR]\n"
	"       whyrelu progress --reset [--yes]\n"
	"\n"
	"Show how far you are: a bar and the lessons, with a mark for each one\n"
	"finished and your quiz answers. --reset forgets all progress (it asks\n"
	"first when run on a terminal; --yes does not ask). Progress is kept in\n"
	"$XDG_STATE_HOME/whyrelu/progress (default ~/.local/state/whyrelu/).\n";

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "whyrelu: progress: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

static bool ask(const char *path)
{
	printf("Forget all progress in %s? [y/N] ", path);
	fflush(stdout);
	char line[64];
	if (!fgets(line, sizeof line, stdin))
		return false;
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	return !strcasecmp(line, "y") || !strcasecmp(line, "yes");
}

static int reset(progress *p, bool yes)
{
	if (!p->path) {
		char why[300];
		progress_nowhere(why, sizeof why);
		printf("No progress is kept (%s), nothing to reset.\n", why);
		return 0;
	}
	if (!yes && isatty(STDIN_FILENO) && !ask(p->path)) {
		puts("Nothing changed.");
		return 0;
	}
	char msg[MSGLEN];
	if (progress_remove(p, msg, sizeof msg) < 0) {
		fprintf(stderr, "whyrelu: progress: %s\n", msg);
		return 1;
	}
	progress_reset(p);
	printf("Progress reset: the next lesson is lesson 1.\n");
	return 0;
}

/* Marks in the locale's character set. */
typedef struct marks {
	const char *done, *current, *todo, *full, *empty, *right, *wrong;
} marks;

static const marks utf8_marks = { "\u2713", "\u25B8", " ", "\u2588", "\u2591", "\u2713", "\u2717" };
static const marks ascii_marks = { "x", ">", " ", "#", ".", "+", "-" };

#define BAR_WIDTH 30
#define TITLE_COLS 44

static void summary(const progress *p, const lesson_set *set, bool ascii)
{
	const marks *m = ascii ? &ascii_marks : &utf8_marks;
	int done = 0, quizzes = 0, right = 0;
	for (int i = 0; i < set->n; i++) {
		const progress_lesson *pl = NULL;
		for (int k = 0; k < p->n; k++)
			if (!strcmp(p->v[k].slug, set->v[i].slug))
				pl = &p->v[k];
		done += pl && pl->done;
		quizzes += set->v[i].nquizzes;
		for (int q = 0; q < set->v[i].nquizzes; q++) {
			const progress_quiz *pq = progress_quiz_get(p, set->v[i].slug, q);
			right += pq && pq->right;
		}
	}
	int fill = set->n ? done * BAR_WIDTH / set->n : 0;
	fputs("[", stdout);
	for (int i = 0; i < BAR_WIDTH; i++)
		fputs(i < fill ? m->full : m->empty, stdout);
	printf("] %d of %d lessons finished, %d of %d quiz%s right\n\n", done, set->n, right,
	       quizzes, quizzes == 1 ? "" : "zes");
	for (int i = 0; i < set->n; i++) {
		const lesson *ls = &set->v[i];
		const progress_lesson *pl = NULL;
		for (int k = 0; k < p->n; k++)
			if (!strcmp(p->v[k].slug, ls->slug))
				pl = &p->v[k];
		bool cur = !strcmp(p->current, ls->slug);
		const char *mark = pl && pl->done ? m->done : cur ? m->current : m->todo;
		char *title = ascii ? lesson_ascii(ls->title) : lesson_clean(ls->title);
		const char *t = title ? title : "";
		printf(" %s %02d  ", mark, ls->number);
		/* cut a long title at a character boundary, by columns (a wide
		 * character takes two), and pad it to TITLE_COLS */
		int cols;
		size_t bytes = util_utf8_fit(t, TITLE_COLS, &cols);
		fwrite(t, 1, bytes, stdout);
		for (int c = cols; c < TITLE_COLS; c++)
			putchar(' ');
		free(title);
		if (ls->nquizzes > 0) {
			fputs("  quiz", stdout);
			for (int q = 0; q < ls->nquizzes; q++) {
				const progress_quiz *pq = progress_quiz_get(p, ls->slug, q);
				printf(" %s", pq ? (pq->right ? m->right : m->wrong) : ascii ? "." : "\u00B7");
			}
		}
		if (cur)
			fputs("   (you are here)", stdout);
		putchar('\n');
	}
}

int cli_progress(int argc, char **argv)
{
	bool do_reset = false, yes = false;
	const char *dir_opt = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(progress_help, stdout);
			return 0;
		} else if (!strcmp(a, "--reset")) {
			do_reset = true;
		} else if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
			yes = true;
		} else if (!strcmp(a, "--lessons")) {
			if (i + 1 >= argc)
				return usage("%s needs a directory", a);
			dir_opt = argv[++i];
		} else if (!strncmp(a, "--lessons=", 10)) {
			dir_opt = a + 10;
		} else if (a[0] == '-') {
			return usage("unknown option '%.40s' ('whyrelu progress --help')", a);
		} else {
			return usage("unexpected argument '%.40s' ('whyrelu progress --help')", a);
		}
	}
	if (yes && !do_reset)
		return usage("%s goes with --reset", "--yes");

	progress p;
	char msg[MSGLEN];
	int r = progress_load(&p, NULL, msg, sizeof msg);
	if (r < 0) {
		fprintf(stderr, "whyrelu: progress: out of memory\n");
		return 1;
	}
	if (r > 0)
		fprintf(stderr, "whyrelu: %s\n", msg);
	if (do_reset) {
		int status = reset(&p, yes);
		progress_free(&p);
		return status;
	}

	char dir[4096];
	lesson_set set;
	int problems = cli_load_lessons("progress", dir_opt, &set, NULL, dir, sizeof dir);
	if (problems < 0) {
		progress_free(&p);
		return 1;
	}
	summary(&p, &set, !opts_utf8_locale());
	if (problems > 0)
		fprintf(stderr, "whyrelu: progress: %d problem%s in the lessons, their lessons are "
		        "not listed ('whyrelu check-lessons')\n", problems, problems == 1 ? "" : "s");
	if (p.path)
		printf("\nProgress is kept in %s.\n", p.path);
	lesson_set_free(&set);
	progress_free(&p);
	return ferror(stdout) ? 1 : 0;
}
