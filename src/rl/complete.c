/* complete.c - Tab completion for the command language (see complete.h).
 * Readline asks for the matches one at a time, so the candidates are
 * gathered once per Tab into a table and handed out from there. */
#include "complete.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "act.h"
#include "cmd.h"

#define MAX_COMPLETIONS 256
static const char *comp_words[MAX_COMPLETIONS];
static size_t comp_n, comp_i;
static const char *const *own_words;
static size_t n_own_words;
static const lesson_set *course_lessons;

void complete_use(const char *const *own, size_t n_own, const lesson_set *lessons)
{
	own_words = own;
	n_own_words = own ? n_own : 0;
	course_lessons = lessons;
}

static void comp_add(const char *w)
{
	if (w && comp_n < MAX_COMPLETIONS)
		comp_words[comp_n++] = w;
}

static void comp_add_own(void)
{
	for (size_t i = 0; i < n_own_words; i++)
		comp_add(own_words[i]);
}

static char *comp_next(const char *text, int state)
{
	if (state == 0)
		comp_i = 0;
	size_t len = strlen(text);
	while (comp_i < comp_n) {
		const char *w = comp_words[comp_i++];
		if (!strncmp(w, text, len))
			return strdup(w);
	}
	return NULL;
}

/* The words that fit where the cursor is, from the words typed before it. */
static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	comp_n = 0;
	char first[32] = "", second[32] = "";
	int nwords = 0;
	for (int i = 0; i < start;) {
		while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
			i++;
		if (i >= start)
			break;
		int b = i;
		while (i < start && rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t')
			i++;
		if (nwords == 0)
			snprintf(first, sizeof first, "%.*s", i - b, rl_line_buffer + b);
		else if (nwords == 1)
			snprintf(second, sizeof second, "%.*s", i - b, rl_line_buffer + b);
		nwords++;
	}
	size_t n;
	if (nwords == 0) {
		comp_add_own();
		const char *const *names = cmd_names(&n);
		for (size_t i = 0; i < n; i++)
			comp_add(names[i]);
	} else if (cmd_usage(first)) {
		/* the command's own name from its usage line: aliases (`colour`,
		 * `q`) complete as the command does */
		const char *usage = cmd_usage(first);
		char name[16];
		snprintf(name, sizeof name, "%.*s", (int)strcspn(usage, " "), usage);
		const char *const *w = cmd_words(name, &n);
		bool race = !strcmp(name, "set") && nwords == 2 && !strcmp(second, "race");
		if (race)
			comp_add("none");
		if ((!strcmp(name, "act") && nwords == 1) || race ||
		    (!strcmp(name, "compare") && nwords <= CMD_MAX_COMPARE)) {
			const act_def *t = act_table(&n);
			for (size_t i = 0; i < n; i++)
				comp_add(t[i].name);
		} else if (!strcmp(name, "lesson") && nwords == 1 && course_lessons) {
			for (int i = 0; i < course_lessons->n; i++)
				comp_add(course_lessons->v[i].slug);
		} else if (w && nwords == 1) {
			if (!strcmp(name, "help"))
				comp_add_own();
			for (size_t i = 0; i < n; i++)
				comp_add(w[i]);
		}
	}
	if (comp_n == 0)
		return NULL;
	return rl_completion_matches(text, comp_next);
}

void complete_setup(void)
{
	rl_readline_name = "whyrelu";
	/* the front end watches the signals and the window size, and the
	 * environment's LINES and COLUMNS are the user's */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = " \t";
}
