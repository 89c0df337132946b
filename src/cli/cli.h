/* cli.h - the command line: `whyrelu list|eval|plot|train|net|bench|
 * progress|class|check-lessons`, one file each beside the dispatch table in
 * cli.c; the options they share with the tutorial are opts.h's.
 *
 * Every error is one line naming the argument and the problem; the caller
 * prints it as "whyrelu: <message>" on stderr and exits with status 2.
 */
#ifndef WHYRELU_CLI_H
#define WHYRELU_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "cost.h"
#include "net.h"
#include "opts.h"
#include "train.h"

#define CLI_EXIT_USAGE 2
#define CLI_EXIT_OUTPUT 1  /* the output could not be written */

/* Is stdout still being written? False once a write failed (a full disk, a
 * reader gone while SIGPIPE is ignored), so long work stops instead of
 * running on for nobody; with flush, what is buffered goes out first. */
bool cli_out_ok(bool flush);
/* Close stdout at exit: when any of it could not be written, say so on
 * stderr and return CLI_EXIT_OUTPUT (or status, when already an error);
 * else status. */
int cli_out_close(int status);

/* The subcommands. argv[0] is the subcommand's name. Return exit status. */
int cli_list(int argc, char **argv);
int cli_eval(int argc, char **argv);
int cli_plot(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_net(int argc, char **argv);
/* What the subcommands print, for the line mode to print the same: the
 * table of `whyrelu net` (after net_run), of `whyrelu bench` (after
 * cost_run), and the first line of `whyrelu train` (no newline). */
void cli_net_table(FILE *out, const net *n);
void cli_cost_table(FILE *out, const cost_lab *c);
char *cli_train_title(const act_def *a, double p, const train_cfg *cfg, char *buf,
                      size_t len);
/* `whyrelu progress [--reset [--yes]] [--lessons DIR]`. */
int cli_progress(int argc, char **argv);
/* `whyrelu check-lessons [DIR]`: every problem as file:line: message, a
 * summary line on stdout; exit 0 when clean, 1 with problems, 2 when DIR
 * cannot be read or the arguments are wrong. */
int cli_check_lessons(int argc, char **argv);
/* `whyrelu class [--csv|--json] [--lessons DIR] [FILE|DIR...]`. */
int cli_class(int argc, char **argv);
/* The class's terminal view, set by the program (main.c) when it has one:
 * the command line and its tests have none. Returns the exit status. */
struct class_view_args;
extern int (*cli_class_view)(struct class_view_args *a);
/* Is name one of the subcommands? */
bool cli_is_command(const char *name);
int cli_run(int argc, char **argv);   /* dispatch on argv[0] */
void cli_usage(FILE *out);            /* `whyrelu --help` */

#endif
