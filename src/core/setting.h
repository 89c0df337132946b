/* setting.h - the lab's settings as one table: each row's name (as `set`
 * and completion spell it), its type, its limits, how a key steps it, and
 * the field of the lab it lives in. `set`, the start options and the
 * subcommands' options parse by it, cmd_apply checks and stores by it, the
 * keys step by it and `reset` restores by it, so a limit is written once.
 */
#ifndef WHYRELU_SETTING_H
#define WHYRELU_SETTING_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cmd_var {
	CMD_VAR_X, CMD_VAR_DEPTH, CMD_VAR_GAIN, CMD_VAR_BIAS, CMD_VAR_PARAM,
	CMD_VAR_LR, CMD_VAR_MOMENTUM, CMD_VAR_WIDTH, CMD_VAR_LAYERS, CMD_VAR_BATCH,
	CMD_VAR_POINTS, CMD_VAR_NOISE, CMD_VAR_SEED, CMD_VAR_TARGET, CMD_VAR_INIT,
	CMD_VAR_NET_WIDTH, CMD_VAR_NET_BATCH, CMD_VAR_NET_SEED, CMD_VAR_NET_INIT, /* view net */
	CMD_VAR_PACE, CMD_VAR_RACE,          /* the training view's pace and rival */
	CMD_VAR_RANGE,                       /* set range A B: the plotted x range */
} cmd_var;

typedef enum setting_type {
	SETTING_REAL,    /* a number in [min, max] (open ends below) */
	SETTING_WHOLE,   /* a whole number in [min, max] */
	SETTING_WORD,    /* one of the row's names, stored as its index */
	SETTING_PARAM,   /* the activation's parameter: the activation's limits */
	SETTING_ACT,     /* an activation, or none */
	SETTING_RANGE,   /* two numbers in [min, max], the plotted range */
} setting_type;

typedef enum setting_step {
	STEP_NONE,       /* no key steps it */
	STEP_X,          /* a hundredth (coarse: a tenth) of the plotted range */
	STEP_PARAM,      /* the activation's fine and coarse steps */
	STEP_GRID,       /* to the next multiple of by */
	STEP_DEPTH,      /* 0..10 by one, then 20, 30 .. 100, 200 .. */
	STEP_125,        /* 1, 2 and 5 times a power of 10, down to by */
	STEP_DOUBLE,     /* halve or double */
	STEP_ONE,        /* by one */
	STEP_CYCLE,      /* the next name, wrapping */
	STEP_WRAP,       /* one up, back to min past max: a new draw */
} setting_step;

typedef enum setting_field {
	FIELD_NONE, FIELD_DOUBLE, FIELD_LONG, FIELD_INT, FIELD_ULONG, FIELD_ENUM, FIELD_ACT,
} setting_field;

typedef struct setting {
	const char *name;
	cmd_var var;
	setting_type type;
	double min, max;
	bool above_min;      /* min itself is refused: lr > 0 */
	bool below_max;      /* max itself is refused: momentum < 1 */
	setting_step step;
	double by;           /* STEP_GRID's step; STEP_125's smallest value */
	setting_field field; /* where it is kept in the lab ... */
	size_t offset;       /* ... at this offset (FIELD_NONE: kept elsewhere) */
	bool reset;          /* `reset` and 0 bring it back to the home state */
	const char *example; /* a value for "set NAME VALUE" examples */
	const char *const *(*names)(size_t *n); /* SETTING_WORD's names */
} setting;

/* The table, in `set`'s order (the order completion and help list). */
const setting *setting_table(size_t *n);
/* The row named name, or NULL. */
const setting *setting_find(const char *name);
/* The row of v (every cmd_var has one). */
const setting *setting_of(cmd_var v);
/* The names, for completion and "did you mean". */
const char *const *setting_names(size_t *n);

/* Parse text as s's value, naming it what in a message ("depth",
 * "--depth"): a number within the limits, or a name's index in *n. Sets
 * *v (REAL, PARAM) or *n (WHOLE, WORD); false with err set. */
bool setting_parse(const setting *s, const char *text, const char *what, double *v, long *n,
                   char *err, size_t errlen);
/* Check a value already parsed (a command built by hand too). */
bool setting_check(const setting *s, double v, char *err, size_t errlen);

/* The field of s in the lab at base, as a number (an index for names),
 * and set it; FIELD_NONE and FIELD_ACT read 0 and set nothing. */
double setting_get(const setting *s, const void *base);
void setting_put(const setting *s, void *base, double v);

/* The value a key step in direction dir (+1, -1) reaches from v by the
 * row's rule, or v itself at the limit; coarse for the x and parameter
 * steps' larger step. The caller supplies STEP_X's step. */
double setting_next(const setting *s, double v, int dir, double x_step);

/* Round to 12 significant digits (0.1 stepped thrice reads 0.3), and the
 * next multiple of step above (dir > 0) or below v. */
double setting_tidy(double v);
double setting_snap(double v, double step, int dir);

#endif
