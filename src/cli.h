/* cli.h - the command line: `whyrelu list|eval|plot`, and the options that
 * eval, plot and the interactive lab share (--act, --x, --depth, --gain,
 * --bias, the parameter options, --charset, --no-color).
 *
 * Every error is one line naming the argument and the problem; the caller
 * prints it as "whyrelu: <message>" on stderr and exits with status 2.
 */
#ifndef WHYRELU_CLI_H
#define WHYRELU_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "act.h"
#include "cost.h"
#include "grid.h"
#include "net.h"
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

typedef struct cli_state {
	const act_def *act;      /* NULL until --act (or a positional ACT) */
	double p;                /* parameter, valid for act after cli_state_finish */
	const char *p_opt;       /* the parameter option given ("slope"), or NULL */
	const char *p_text;      /* its value as typed */
	double x;       bool x_given;
	long depth;     bool depth_given;
	double gain;    bool gain_given;
	double bias;    bool bias_given;
	charset cs;     bool cs_given;
	bool no_color;
} cli_state;

/* Defaults: no act, x 0, depth 0 (not given), gain 1, bias 0. */
void cli_state_init(cli_state *st);
/* Try argv[*i] as a shared option ("--depth 10" or "--depth=10"). Returns 1
 * and advances *i past its value when consumed, 0 when argv[*i] is not a
 * shared option, -1 on error (message in err). */
int cli_state_option(cli_state *st, int argc, char **argv, int *i,
                     char *err, size_t errlen);
/* After all options: default act (relu) if none, check the parameter option
 * belongs to the act and is in range, else set the act's default. */
int cli_state_finish(cli_state *st, char *err, size_t errlen);
/* Parse --charset's value. */
bool cli_parse_charset(const char *s, charset *cs, char *err, size_t errlen);
/* The default charset: braille in a UTF-8 locale, ascii otherwise
 * (call after setlocale). */
charset cli_default_charset(void);
/* Is the locale's character set UTF-8? (call after setlocale) */
bool cli_utf8_locale(void);

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
/* Is name one of the subcommands? */
bool cli_is_command(const char *name);
int cli_run(int argc, char **argv);   /* dispatch on argv[0] */
void cli_usage(FILE *out);            /* `whyrelu --help` */

#endif
