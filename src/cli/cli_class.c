/* cli_class.c - `whyrelu class`: the class's progress, read from the
 * learners' files, printed as a table or shown on a terminal by the view
 * the program sets (cli_class_view).
 */
#define _GNU_SOURCE
#include "cli_impl.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "class.h"
#include "lesson.h"
#include "util.h"

int (*cli_class_view)(class_view_args *a);

static const char class_help[] =
	"usage: whyrelu class [--csv | --json] [--lessons DIR] [FILE | DIR ...]\n"
	"\n"
	"The class at a glance, from the learners' progress files: one row per\n"
	"learner (current lesson, lessons finished, quizzes right, wrong and\n"
	"unanswered, last activity), the quiz most of the class got wrong and the\n"
	"lesson where most have stopped. On a terminal it is a screen that sorts\n"
	"(n l f w a, r reverses) and follows the files as learners work; without\n"
	"one, or with --csv or --json, the table is printed. It only reads.\n"
	"\n"
	"Run as root with no arguments, it reads every home in the password\n"
	"database (uids 1000 to 60000): ~/.local/state/whyrelu/progress (a\n"
	"learner's own XDG_STATE_HOME cannot be known, so the default place).\n"
	"Otherwise name them: a FILE is one progress file; each entry of a DIR is\n"
	"a learner, a file being a copy of a progress file named after its learner\n"
	"(a class directory, see WHYRELU_CLASS_DIR) and a directory a home. With\n"
	"no argument and not root, $WHYRELU_CLASS_DIR is read. No symbolic link\n"
	"below a home or a DIR is followed.\n"
	"\n"
	"  --csv, --json      print the table (the default without a terminal)\n"
	"  --lessons DIR      the course the learners follow\n"
	"  --charset C        ascii, or block or braille for UTF-8 marks\n"
	"  --no-color         no colour (also when NO_COLOR is set)\n";

static int usage(const char *fmt, const char *arg)
{
	fputs("whyrelu: class: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

static void lesson_problem(void *ctx, const char *path, int line, const char *msg)
{
	(void)ctx;
	(void)path;
	(void)line;
	(void)msg;   /* 'whyrelu check-lessons' tells them; the count is enough */
}

int cli_class(int argc, char **argv)
{
	bool csv = false, json = false, no_color = false, force_ascii = false, cs_given = false;
	const char *dir_opt = NULL;
	class_view_args va;
	memset(&va, 0, sizeof va);
	char **args = calloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof *args);
	if (!args) {
		fputs("whyrelu: class: out of memory\n", stderr);
		return 1;
	}
	int nargs = 0;
	bool dashdash = false;
	int status = -1;
	for (int i = 1; i < argc && status < 0; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || !a[1]) {
			args[nargs++] = argv[i];
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(class_help, stdout);
			status = 0;
		} else if (!strcmp(a, "--csv")) {
			csv = true;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour")) {
			no_color = true;
		} else if (!strcmp(a, "--lessons") || !strcmp(a, "--charset") ||
		           !strcmp(a, "--headless") || !strcmp(a, "--keys") || !strcmp(a, "--dump")) {
			if (i + 1 >= argc) {
				status = usage("%s needs a value", a);
				break;
			}
			const char *v = argv[++i];
			if (!strcmp(a, "--lessons")) {
				dir_opt = v;
			} else if (!strcmp(a, "--charset")) {
				charset cs;
				char err[120];
				if (!opts_parse_charset(v, &cs, err, sizeof err))
					status = usage("%s", err);
				force_ascii = cs == CS_ASCII;
				cs_given = true;
			} else if (!strcmp(a, "--keys")) {
				va.keys = v;
			} else if (!strcmp(a, "--dump")) {
				va.dump = v;
			} else if (!util_parse_size(v, 1000, 300, &va.headless_w, &va.headless_h)) {
				status = usage("--headless needs a size WxH like 80x24, at most 1000x300, got '%.40s'", v);
			}
		} else {
			status = usage("unknown option '%.40s' ('whyrelu class --help')", a);
		}
	}
	if (status < 0 && csv && json)
		status = usage("%s", "--csv and --json: choose one");
	if (status < 0 && (va.keys || va.dump) && !va.headless_w)
		status = usage("%s", "--keys and --dump go with --headless WxH");
	if (status < 0 && nargs == 0 && geteuid() != 0) {
		const char *cd = getenv("WHYRELU_CLASS_DIR");
		if (cd && cd[0] == '/')
			args[nargs++] = (char *)cd;
		else
			status = usage("%s", "name the learners' progress files or directories, or set "
			               "WHYRELU_CLASS_DIR to the class directory (only root reads every "
			               "home)");
	}
	if (status >= 0) {
		free(args);
		return status;
	}

	char dir[4096];
	lesson_set set;
	int problems = cli_load_lessons("class", dir_opt, &set, lesson_problem, dir, sizeof dir);
	if (problems < 0) {
		free(args);
		return 1;
	}
	if (problems > 0)
		fprintf(stderr, "whyrelu: class: %d problem%s in the lessons in %s, their lessons "
		        "are not counted ('whyrelu check-lessons')\n", problems,
		        problems == 1 ? "" : "s", dir);
	class c;
	class_init(&c, &set);
	char err[200];
	if (class_read(&c, args, nargs, err, sizeof err) < 0) {
		fprintf(stderr, "whyrelu: class: %s\n", err);
		status = 1;
	} else {
		class_sum(&c);
		class_sort(&c, CLASS_BY_NAME, false);
		bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
		if (!csv && !json && cli_class_view && (tty || va.headless_w)) {
			va.c = &c;
			va.args = args;
			va.nargs = nargs;
			va.ascii = force_ascii || (!cs_given && !opts_utf8_locale());
			const char *nc = getenv("NO_COLOR");
			va.color = !no_color && !(nc && *nc);
			status = cli_class_view(&va);
		} else if (json) {
			status = class_write_json(&c, stdout, class_now()) < 0 ? 1 : 0;
		} else {
			status = class_write_csv(&c, stdout) < 0 ? 1 : 0;
		}
	}
	class_free(&c);
	lesson_set_free(&set);
	free(args);
	return status;
}
