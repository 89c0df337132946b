/* cli_check.c - `whyrelu check-lessons [DIR]`: load a lessons directory
 * the way the tutorial does and print every problem as file:line: message,
 * so an instructor can fix a lesson before a learner meets it.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

static const char check_help[] =
	"usage: whyrelu check-lessons [DIR]\n"
	"\n"
	"Check every lesson file (NN-slug.md) in DIR, by default the lessons the\n"
	"tutorial would use: a title, lab commands that parse and apply, complete\n"
	"quizzes, unique numbers and names, clean UTF-8 without control characters,\n"
	"and every figure a lab block's check lines state, computed by the lab.\n"
	"Each problem is printed as file:line: message. Exit status 0 when there\n"
	"are none, 1 when there are, 2 when DIR cannot be read.\n";

typedef struct tally {
	int problems;
	bool dir_failed;
	bool machine;   /* out of memory: no further figure is checked */
} tally;

static void print_problem(void *ctx, const char *path, int line, const char *msg)
{
	tally *t = ctx;
	if (line == LESSON_LINE_MACHINE) {
		fprintf(stderr, "whyrelu: check-lessons: %s\n", msg);
		t->machine = true;
		t->problems++;
		return;
	}
	if (line <= 0) {
		/* the directory itself: not a lesson problem */
		fprintf(stderr, "whyrelu: check-lessons: %s: %s\n", path, msg);
		t->dir_failed = true;
		return;
	}
	printf("%s:%d: %s\n", path, line, msg);
	t->problems++;
}

int cli_check_lessons(int argc, char **argv)
{
	const char *dir_arg = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(check_help, stdout);
			return 0;
		}
		if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "whyrelu: check-lessons: unknown option '%.40s' "
			        "('whyrelu check-lessons --help')\n", a);
			return CLI_EXIT_USAGE;
		}
		if (dir_arg) {
			fprintf(stderr, "whyrelu: check-lessons: one directory at most, got '%.40s' "
			        "and '%.40s'\n", dir_arg, a);
			return CLI_EXIT_USAGE;
		}
		dir_arg = a;
	}
	char dir[4096];
	lesson_dir(dir_arg, dir, sizeof dir);
	tally t = { 0, false, false };
	lesson_set set;
	int files = 0;
	int r = lesson_set_load(dir, &set, &files, print_problem, &t);
	/* the figures of the lessons that load: a wrong one is the author's
	 * to fix, not a reason to leave the lesson out */
	for (int i = 0; r >= 0 && !t.machine && i < set.n; i++)
		lesson_figures_check(&set.v[i], print_problem, &t);
	lesson_set_free(&set);
	if (r < 0 || t.dir_failed)
		return CLI_EXIT_USAGE;
	if (files == 0) {
		/* the name is the learner's or the instructor's: cleaned like
		 * every file name in a message */
		char *shown = lesson_clean(dir);
		printf("%s: no lesson files here (NN-slug.md)\n", shown ? shown : "?");
		free(shown);
		t.problems++;
	}
	if (t.problems == 0)
		printf("%d lesson%s, no problems\n", files, files == 1 ? "" : "s");
	else
		printf("%d lesson%s, %d problem%s\n", files, files == 1 ? "" : "s",
		       t.problems, t.problems == 1 ? "" : "s");
	fflush(stdout);
	return t.problems ? 1 : 0;
}
