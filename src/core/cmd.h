/* cmd.h - the one command language: the `:` prompt, a lesson's lab blocks
 * and the test scripts all go through cmd_parse, and lab-changing commands
 * through cmd_apply.
 *
 *   act NAME                 switch activation (aliases accepted)
 *   set x|depth|gain|bias|slope|floor|alpha|beta|lambda VALUE
 *   set width|batch|seed N, set init standard|xavier|he   (the network lab)
 *   set range A B            the plot's x range
 *   set lr|momentum|width|layers|batch|points|noise|seed VALUE,
 *   set target abs|sin|step|square|sawtooth, set init he|xavier
 *                            the training view's network and data
 *   step NAME up|down [coarse]   a setting one key's step (x, depth, gain,
 *                            the parameter, lr, width, ...): what the keys run
 *   train run|pause|step|restart   the training view
 *   reset                    back to the lesson's (or the opening) lab state
 *   compare [NAME...]        overlay up to four activations; alone: end it
 *   eval X                   f(X), f'(X) and the chain at X, marker stays
 *   view NAME                the lab's view (plot, chain, ...)
 *   lesson N|slug, next, prev, toc, answer VALUE
 *   charset ascii|block|braille, color on|off, help [COMMAND], quit
 *
 * Errors are one line saying what was wrong and how to write it; a command
 * that fails changes nothing.
 */
#ifndef WHYRELU_CMD_H
#define WHYRELU_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "act.h"
#include "grid.h"
#include "lab.h"
#include "setting.h"

#define CMD_MAX_COMPARE 4

typedef enum cmd_kind {
	CMD_ACT, CMD_SET, CMD_RANGE, CMD_RESET, CMD_COMPARE, CMD_EVAL, CMD_VIEW,
	CMD_LESSON, CMD_NEXT, CMD_PREV, CMD_TOC, CMD_ANSWER, CMD_CHARSET,
	CMD_COLOR, CMD_HELP, CMD_QUIT, CMD_TRAIN, CMD_STEP,
} cmd_kind;

typedef struct cmd {
	cmd_kind kind;
	const act_def *act;                  /* CMD_ACT; CMD_SET race (NULL: none) */
	cmd_var var;                         /* CMD_SET, CMD_STEP */
	const char *param_name;              /* CMD_SET of CMD_VAR_PARAM: "slope", ... */
	double value, value2;                /* CMD_SET, CMD_RANGE (from, to), CMD_EVAL;
	                                        CMD_STEP: +1 up, -1 down */
	long n;                              /* CMD_SET depth, width, layers, batch,
	                                        points, seed, target and init (their
	                                        index), net-width, net-batch, net-seed,
	                                        net-init (a net_init), CMD_LESSON
	                                        number (0: by slug) */
	const act_def *compare[CMD_MAX_COMPARE]; /* CMD_COMPARE */
	int ncompare;                        /* 0: end the comparison */
	charset cs;                          /* CMD_CHARSET */
	bool on;                             /* CMD_COLOR; CMD_STEP coarse */
	char word[64];                       /* CMD_LESSON slug, CMD_ANSWER text,
	                                        CMD_HELP topic, CMD_VIEW name,
	                                        CMD_TRAIN run|pause|step|restart */
} cmd;

/* Parse one line (leading/trailing blanks ignored). Returns 0, or -1 with a
 * one-line message in err ("unknown command 'sett'; did you mean 'set'?",
 * "slope must be a finite number, got 'abc'"). Blank lines and lines
 * starting with '#' parse as nothing: return 1. */
int cmd_parse(const char *line, cmd *c, char *err, size_t errlen);

/* Apply a lab command (act, set, range, reset, charset, color) to the lab.
 * Checks what depends on the state (the parameter belongs to the current
 * activation, its range). Returns 0, or -1 with a message and the lab
 * unchanged. Other kinds (view and compare too: the lab keeps no view or
 * overlay list) return 1: the caller (front end) handles them. */
int cmd_apply(lab *l, const cmd *c, char *err, size_t errlen);

/* The command names, for completion and "did you mean". */
const char *const *cmd_names(size_t *n);
/* One line of help for a command, or NULL when unknown. */
const char *cmd_help(const char *name);
/* Its usage line ("set NAME VALUE"), or NULL when unknown. */
const char *cmd_usage(const char *name);
/* The fixed words a command's first argument takes, for completion: set's
 * names, view's views, charset's and color's values, help's commands.
 * NULL (and *n = 0) for other commands: act and compare take activation
 * names (act_table), lesson a number or a lesson's slug. */
const char *const *cmd_words(const char *name, size_t *n);

#endif
