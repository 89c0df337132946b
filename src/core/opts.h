/* opts.h - the start options that eval, plot, the line mode and the
 * tutorial share (--act, --x, --depth, --gain, --bias, the parameter
 * options, --charset, --no-color), and the charset the locale allows.
 *
 * Errors are one line in err naming the option and the problem.
 */
#ifndef WHYRELU_OPTS_H
#define WHYRELU_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "act.h"
#include "grid.h"

typedef struct opts_state {
	const act_def *act;      /* NULL until --act (or a positional ACT) */
	double p;                /* parameter, valid for act after opts_finish */
	const char *p_opt;       /* the parameter option given ("slope"), or NULL */
	const char *p_text;      /* its value as typed */
	double x;       bool x_given;
	long depth;     bool depth_given;
	double gain;    bool gain_given;
	double bias;    bool bias_given;
	charset cs;     bool cs_given;
	bool no_color;
} opts_state;

/* Which of the options a command takes (opts_option_of's allowed). */
enum {
	OPTS_ACT = 1 << 0, OPTS_X = 1 << 1, OPTS_DEPTH = 1 << 2, OPTS_GAIN = 1 << 3,
	OPTS_BIAS = 1 << 4, OPTS_PARAM = 1 << 5, OPTS_CHARSET = 1 << 6, OPTS_COLOR = 1 << 7,
};

/* Defaults: no act, x 0, depth 0 (not given), gain 1, bias 0. */
void opts_init(opts_state *st);
/* Try argv[*i] as one of the options ("--depth 10" or "--depth=10"). Returns
 * 1 and advances *i past its value when consumed, 0 when argv[*i] is not one
 * of them, -1 on error (message in err). */
int opts_option(opts_state *st, int argc, char **argv, int *i, char *err, size_t errlen);
/* The same, taking only the options in allowed (OPTS_ACT | ...). */
int opts_option_of(opts_state *st, unsigned allowed, int argc, char **argv, int *i,
                   char *err, size_t errlen);
/* The value of option argv[*i] named name: after its '=' (eq, when not
 * NULL) or the next argument (*i advanced); NULL when there is none, err set. */
const char *opts_value(int argc, char **argv, int *i, const char *eq,
                       const char *name, char *err, size_t errlen);
/* What the tutorial and the line mode both take: opts_option's options,
 * and --lesson N and --lessons DIR (*start or *dir set). As opts_option:
 * 1 consumed, 0 none of them, -1 error (err). */
int opts_front_option(opts_state *st, int argc, char **argv, int *i, const char **start,
                      const char **dir, char *err, size_t errlen);
/* A front end's own option at argv[*i]: 1 consumed (*i past its value),
 * 0 not one of its own, -1 an error (err), 2 nothing more to do (it has
 * answered, as --help does). */
typedef int (*opts_own_fn)(void *ctx, int argc, char **argv, int *i, char *err,
                           size_t errlen);

/* What the tutorial's and the line mode's command lines give. */
typedef struct opts_front {
	const char *start;       /* --lesson, or NULL */
	const char *dir;         /* --lessons, or NULL */
	bool lab_given;          /* opts_lab_given, before opts_finish */
} opts_front;

/* A front end's whole command line: opts_front_option's options, then
 * own's (with ctx), anything else a mistake; then opts_finish. Returns 0,
 * 2 when own said so, -1 with err a usage error. */
int opts_front_parse(opts_state *st, int argc, char **argv, opts_own_fn own, void *ctx,
                     opts_front *f, char *err, size_t errlen);
/* Was a lab option given? Then a lesson's first try-it must not undo it. */
bool opts_lab_given(const opts_state *st);
/* The charset cs can be shown in: block and braille need UTF-8 output, so
 * in a locale that is not UTF-8 the character type is switched to C.UTF-8,
 * and where there is none, ascii. */
charset opts_charset_shown(charset cs);
/* After all options: default act (relu) if none, check the parameter option
 * belongs to the act and is in range, else set the act's default. */
int opts_finish(opts_state *st, char *err, size_t errlen);
/* Parse --charset's value. */
bool opts_parse_charset(const char *s, charset *cs, char *err, size_t errlen);
/* The default charset: braille in a UTF-8 locale, ascii otherwise
 * (call after setlocale). */
charset opts_default_charset(void);
/* Is the locale's character set UTF-8? (call after setlocale) */
bool opts_utf8_locale(void);

#endif
