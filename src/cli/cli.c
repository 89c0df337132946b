/* cli.c - the command line's dispatch table, `whyrelu --help`, the output
 * check at exit, and the error reporting the subcommands share.
 *
 * Errors are one line on stderr ("whyrelu: eval: ...") naming the argument
 * and the problem, nothing on stdout, exit status 2.
 */
#include "cli_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "setting.h"
#include "util.h"
#include "num.h"

/* ---- error reporting ---------------------------------------------------- */

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "whyrelu: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_EXIT_USAGE;
}

/* Not a mistake in the arguments but too little memory for them: exit
 * status 1, as for any other failure to run. */
int cli_memory_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "whyrelu: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_load_lessons(const char *cmd, const char *dir_opt, lesson_set *set,
                     lesson_report_fn report, char *dir, size_t len)
{
	lesson_dir(dir_opt, dir, len);
	int problems = lesson_set_load(dir, set, NULL, report, NULL);
	if (problems < 0)
		fprintf(stderr, "whyrelu: %s: cannot read the lessons in %s ('whyrelu check-lessons "
		        "%s')\n", cmd, dir, dir);
	return problems;
}

/* An argument that starts with '-' but is not a shared option. */
int cli_unknown_option(const char *cmd, const char *arg, const char *const *known, size_t n)
{
	char name[48];
	snprintf(name, sizeof name, "%.40s", arg);
	char *eq = strchr(name, '=');
	if (eq)
		*eq = '\0';
	const char *s = util_nearest(name, known, n);
	if (s)
		return cli_usage_error(cmd, "unknown option '%s'; did you mean '%s'? ('whyrelu %s --help')", name, s, cmd);
	return cli_usage_error(cmd, "unknown option '%s' ('whyrelu %s --help')", name, cmd);
}

/* A number as an argument, not an option: "-2", "-.5", "-1e3"; also
 * "-inf" and "-nan", which then read as numbers that are not finite, not
 * as unknown options. */
bool cli_looks_numeric(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	return (*s >= '0' && *s <= '9') || (*s == '.' && s[1] >= '0' && s[1] <= '9') ||
	       !strncasecmp(s, "inf", 3) || !strncasecmp(s, "nan", 3);
}

const act_def *cli_activation_arg(const char *cmd, const char *name)
{
	const act_def *a = act_find(name);
	if (a)
		return a;
	const char *s = act_suggest(name);
	if (s)
		cli_usage_error(cmd, "unknown activation '%.40s'; did you mean '%s'? ('whyrelu list' shows all)", name, s);
	else
		cli_usage_error(cmd, "unknown activation '%.40s' ('whyrelu list' shows all)", name);
	return NULL;
}

/* A number in JSON: the shortest form that reads back exactly; null when
 * it is not finite. */
void cli_json_num(FILE *out, double v)
{
	char b[32];
	if (isfinite(v))
		fputs(num_shortest(v, b), out);
	else
		fputs("null", out);
}

/* ---- dispatch ----------------------------------------------------------- */

static const struct {
	const char *name;
	int (*run)(int, char **);
} commands[] = {
	{ "list", cli_list },
	{ "eval", cli_eval },
	{ "plot", cli_plot },
	{ "train", cli_train },
	{ "net", cli_net },
	{ "check-lessons", cli_check_lessons },
	{ "progress", cli_progress },
	{ "class", cli_class },
	{ "bench", cli_bench },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

bool cli_is_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return true;
	return false;
}

/* The first failure's errno: by exit time a later call may have changed it. */
static int out_errno;

bool cli_out_ok(bool flush)
{
	int e = errno;
	if (flush && fflush(stdout) != 0 && !out_errno)
		out_errno = errno;
	if (ferror(stdout) && !out_errno)
		out_errno = errno ? errno : EIO;
	errno = e;
	return !ferror(stdout);
}

int cli_out_close(int status)
{
	bool ok = cli_out_ok(true);
	if (fclose(stdout) != 0 && ok) {
		ok = false;
		out_errno = errno;
	}
	if (ok)
		return status;
	fprintf(stderr, "whyrelu: cannot write the output: %s\n", strerror(out_errno ? out_errno : EIO));
	return status ? status : CLI_EXIT_OUTPUT;
}

int cli_run(int argc, char **argv)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, argv[0]))
			return commands[i].run(argc, argv);
	const char *names[N_COMMANDS];
	for (size_t i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	const char *s = util_nearest(argv[0], names, N_COMMANDS);
	if (s)
		return cli_usage_error(NULL, "unknown command '%.40s'; did you mean '%s'? ('whyrelu --help')", argv[0], s);
	return cli_usage_error(NULL, "unknown command '%.40s' ('whyrelu --help')", argv[0]);
}

/* A round number short: %g without its exponent's sign and zeros. */
static const char *compact(double v, char buf[32])
{
	char t[32];
	snprintf(t, sizeof t, "%g", v);
	size_t o = 0;
	for (const char *p = t; *p; p++) {
		buf[o++] = *p;
		if (*p != 'e')
			continue;
		if (p[1] == '+')
			p++;
		else if (p[1] == '-')
			buf[o++] = *++p;
		while (p[1] == '0' && p[2])
			p++;
	}
	buf[o] = '\0';
	return buf;
}

void cli_help(FILE *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		char name[24];
		size_t n = end ? (size_t)(end - p - 1) : 0;
		bool dots = n > 2 && !strncmp(end - 2, "..", 2);
		if (dots)
			n -= 2;
		const setting *s = NULL;
		if (end && n < sizeof name) {
			memcpy(name, p + 1, n);
			name[n] = '\0';
			s = setting_find(name);
		}
		if (!s) {
			fputc(*p, out);
			continue;
		}
		char lo[32], hi[32];
		if (dots)   /* a range's ends are round: "-1e6..1e6" */
			fprintf(out, "%s..%s", compact(s->min, lo), compact(s->max, hi));
		else
			fprintf(out, "%s to %s", num_shortest(s->min, lo), num_shortest(s->max, hi));
		p = end;
	}
}

void cli_usage(FILE *out)
{
	cli_help(out, "usage: whyrelu [OPTIONS]                open the tutorial\n"
	      "       whyrelu list                     the activation catalogue\n"
	      "       whyrelu eval ACT X [X...] [...]  values, gradients, the depth chain\n"
	      "       whyrelu plot ACT [...]           a plot as text\n"
	      "       whyrelu train [...]              train a small network, print the loss\n"
	      "       whyrelu net [--act ACT] [...]    a wide network, layer by layer\n"
	      "       whyrelu progress [--reset]       how far you are; start over\n"
	      "       whyrelu class [FILE|DIR...]      the class's progress (instructors)\n"
	      "       whyrelu bench [--json]           what each activation costs here\n"
	      "       whyrelu check-lessons [DIR]      check lesson files\n"
	      "       whyrelu COMMAND --help           a command's options\n"
	      "\n"
	      "Options for the tutorial:\n"
	      "  --act NAME         start with this activation (default relu)\n"
	      "  --x X              start at this x\n"
	      "  --depth D          start with this chain depth ({depth})\n"
	      "  --gain G, --bias B the chain's weight and bias\n"
	      "  --slope S, --floor C, --alpha A, --beta B, --lambda L\n"
	      "                     the activation's parameter\n"
	      "  --lesson N|SLUG    start at this lesson (--lessons DIR: read them from DIR)\n"
	      "  --line             plain text in reading order and a prompt, for screen\n"
	      "                     readers and dumb terminals (also when TERM is dumb or\n"
	      "                     unset, or stdout is not a terminal but stdin is)\n"
	      "  --charset C        ascii, block or braille\n"
	      "  --no-color         no colour (also when NO_COLOR is set)\n"
	      "  --help, --version\n");
}
