/* cli_impl.h - what the subcommands' files share: the error reporting
 * (one line on stderr, exit status 2) and the JSON number format.
 */
#ifndef WHYRELU_CLI_IMPL_H
#define WHYRELU_CLI_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include "act.h"
#include "cli.h"
#include "lesson.h"

#define CLI_ERRLEN 256

/* "whyrelu: CMD: message" on stderr (no "CMD: " when cmd is NULL);
 * returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Not a mistake in the arguments but too little memory for them:
 * "whyrelu: CMD: message" on stderr; returns 1. */
int cli_memory_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An argument that starts with '-' but is not one of known: names the
 * nearest of them when one is close. Returns CLI_EXIT_USAGE. */
int cli_unknown_option(const char *cmd, const char *arg, const char *const *known, size_t n);
/* "-2", "-.5", "-inf": a number as an argument, not an option. */
bool cli_looks_numeric(const char *s);
/* The activation named, or NULL after saying so (with the nearest name). */
const act_def *cli_activation_arg(const char *cmd, const char *name);
/* A help text on out, each {NAME} in it the limits of the setting NAME
 * ("0 to 100000"), each {NAME..} the same as "MIN..MAX", so a limit is
 * written once, in the settings table. */
void cli_help(FILE *out, const char *text);
/* The lessons a report counts against (class, progress): lesson_dir's
 * directory (its name in dir) loaded into set, each problem to report.
 * Returns the number of problems, or -1 after saying on stderr that the
 * directory cannot be read. */
int cli_load_lessons(const char *cmd, const char *dir_opt, lesson_set *set,
                     lesson_report_fn report, char *dir, size_t len);
/* A number in JSON: the shortest form that reads back exactly, or null. */
void cli_json_num(FILE *out, double v);

#endif
