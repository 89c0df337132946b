/* act.h - the activation catalogue: one table row per function.
 *
 * Each row names a function, its aliases, its formula (Unicode and ASCII), an
 * optional parameter with its default and valid range, and f(x), f'(x).
 * Definitions follow PyTorch's torch.nn in float64 (softplus without its
 * threshold); at kinks f' is the value PyTorch's autograd gives there.
 */
#ifndef WHYRELU_ACT_H
#define WHYRELU_ACT_H

#include <stdbool.h>
#include <stddef.h>

typedef double (*act_fn)(double x, double p);

typedef struct act_param {
	const char *name;   /* "slope", "floor", "alpha", "beta", "lambda"; NULL if none */
	double def;         /* default value */
	double min, max;    /* valid range */
	bool min_open;      /* true when min itself is excluded (alpha > 0) */
	double fine, coarse; /* step sizes for interactive adjustment */
} act_param;

typedef struct act_def {
	const char *name;
	const char *aliases[3];      /* NULL-terminated */
	const char *formula;         /* UTF-8 */
	const char *formula_ascii;   /* bytes 0x20-0x7e only */
	const char *summary;         /* one short line: what it is, where it comes from */
	act_param param;
	act_fn f;                    /* f(x, p); p is ignored when param.name is NULL */
	act_fn df;                   /* df/dx (x, p) */
	/* both at once, where they share work (NULL: call f and df) */
	void (*fdf)(double x, double p, double *f, double *df);
	/* f' is 0 only at isolated points: a smooth function with exponential
	 * tails, whose f'(x) computed as exactly 0 away from x = 0 is an
	 * underflow, not a dead unit (with a parameter of 0, elu's flat
	 * side is a true 0). False for the piecewise ones, which are flat. */
	bool smooth;
} act_def;

/* Is f'(x) == 0, as computed, an underflow of a tiny non-zero slope
 * rather than a true 0? */
static inline bool act_df_underflows(const act_def *a, double x, double p)
{
	return a->smooth && x != 0 && !(a->param.name && p == 0);
}

/* The whole catalogue, in display order. */
const act_def *act_table(size_t *count);
/* Lookup by name or alias (exact, case-sensitive); NULL if unknown. */
const act_def *act_find(const char *name);
/* Index of a row in act_table, or -1. */
int act_index(const act_def *a);
/* The catalogue name nearest to an unknown one (edit distance), or NULL
 * when nothing is reasonably close. */
const char *act_suggest(const char *name);
/* Does the row take a parameter? */
static inline bool act_has_param(const act_def *a) { return a->param.name != NULL; }
/* Check p against the row's range; on failure write a one-line message
 * ("slope must be between 0 and 1, got 3") into err and return false. */
bool act_param_check(const act_def *a, double p, char *err, size_t errlen);
/* f(x) and f'(x) together, exactly as f and df give them. */
static inline void act_eval(const act_def *a, double x, double p, double *f, double *df)
{
	if (a->fdf) {
		a->fdf(x, p, f, df);
	} else {
		*f = a->f(x, p);
		*df = a->df(x, p);
	}
}
/* |f'| below this is "saturated", for the whole course: the plot shades
 * where |f'(x)| < ACT_SAT_DF and the network lab counts the units there
 * (those with f' = 0 included: a unit passing nothing back passes less
 * than a tenth). */
#define ACT_SAT_DF 0.1

/* The default parameter (0 when the row takes none). */
double act_param_default(const act_def *a);
/* y[i] = f(x[i], p), or f'(x[i], p) when deriv, for i < n (x and y do not
 * overlap): the values f and df give, from a loop with the function
 * inlined, fastest when n is a multiple of ACT_MAP_BLOCK. */
#define ACT_MAP_BLOCK 8
void act_map(const act_def *a, bool deriv, const double *x, double *y, size_t n, double p);
/* Does the row's f (or f') have a loop of its own? (Else act_map calls it
 * through the pointer for each element.) */
bool act_map_inlined(const act_def *a, bool deriv);

#endif
