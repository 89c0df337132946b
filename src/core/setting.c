/* setting.c - the table of the lab's settings (see setting.h) and what is
 * done by it: parsing and checking a value, reading and storing the field,
 * and a key's step.
 */
#include "setting.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "lab.h"
#include "net.h"
#include "num.h"
#include "train.h"

#define AT(f) offsetof(lab, f)

/* name, id, type, min, max, open ends, step rule and its size, field,
 * reset by `reset`, an example value, the names of a word */
#define SETTING_TABLE(X) \
	X("x",      CMD_VAR_X,     SETTING_REAL,  -LAB_X_MAX, LAB_X_MAX, false, false, \
	  STEP_X, 0, FIELD_DOUBLE, AT(x), true, "-2", NULL) \
	X("depth",  CMD_VAR_DEPTH, SETTING_WHOLE, 0, CHAIN_MAX_DEPTH, false, false, \
	  STEP_DEPTH, 0, FIELD_LONG, AT(depth), true, "10", NULL) \
	X("gain",   CMD_VAR_GAIN,  SETTING_REAL,  -100, 100, false, false, \
	  STEP_GRID, 0.1, FIELD_DOUBLE, AT(gain), true, "1.5", NULL) \
	X("bias",   CMD_VAR_BIAS,  SETTING_REAL,  -100, 100, false, false, \
	  STEP_NONE, 0, FIELD_DOUBLE, AT(bias), true, "0.5", NULL) \
	X("range",  CMD_VAR_RANGE, SETTING_RANGE, -LAB_X_MAX, LAB_X_MAX, false, false, \
	  STEP_NONE, 0, FIELD_NONE, 0, true, "-6 6", NULL) \
	X("slope",  CMD_VAR_PARAM, SETTING_PARAM, 0, 0, false, false, \
	  STEP_PARAM, 0, FIELD_DOUBLE, AT(p), true, "0.1", NULL) \
	X("floor",  CMD_VAR_PARAM, SETTING_PARAM, 0, 0, false, false, \
	  STEP_PARAM, 0, FIELD_DOUBLE, AT(p), true, "-1", NULL) \
	X("alpha",  CMD_VAR_PARAM, SETTING_PARAM, 0, 0, false, false, \
	  STEP_PARAM, 0, FIELD_DOUBLE, AT(p), true, "1", NULL) \
	X("beta",   CMD_VAR_PARAM, SETTING_PARAM, 0, 0, false, false, \
	  STEP_PARAM, 0, FIELD_DOUBLE, AT(p), true, "2", NULL) \
	X("lambda", CMD_VAR_PARAM, SETTING_PARAM, 0, 0, false, false, \
	  STEP_PARAM, 0, FIELD_DOUBLE, AT(p), true, "0.5", NULL) \
	X("lr",       CMD_VAR_LR,       SETTING_REAL,  0, TRAIN_LR_MAX, true, false, \
	  STEP_125, 1e-6, FIELD_DOUBLE, AT(train.lr), true, "0.05", NULL) \
	X("momentum", CMD_VAR_MOMENTUM, SETTING_REAL,  0, 1, false, true, \
	  STEP_NONE, 0, FIELD_DOUBLE, AT(train.momentum), true, "0.9", NULL) \
	X("width",    CMD_VAR_WIDTH,    SETTING_WHOLE, TRAIN_MIN_WIDTH, TRAIN_MAX_WIDTH, false, false, \
	  STEP_DOUBLE, 0, FIELD_INT, AT(train.width), true, "32", NULL) \
	X("layers",   CMD_VAR_LAYERS,   SETTING_WHOLE, 1, TRAIN_MAX_LAYERS, false, false, \
	  STEP_ONE, 0, FIELD_INT, AT(train.layers), true, "2", NULL) \
	X("batch",    CMD_VAR_BATCH,    SETTING_WHOLE, 1, TRAIN_MAX_POINTS, false, false, \
	  STEP_NONE, 0, FIELD_INT, AT(train.batch), true, "16", NULL) \
	X("points",   CMD_VAR_POINTS,   SETTING_WHOLE, TRAIN_MIN_POINTS, TRAIN_MAX_POINTS, false, false, \
	  STEP_NONE, 0, FIELD_INT, AT(train.points), true, "64", NULL) \
	X("noise",    CMD_VAR_NOISE,    SETTING_REAL,  0, TRAIN_NOISE_MAX, false, false, \
	  STEP_NONE, 0, FIELD_DOUBLE, AT(train.noise), true, "0.1", NULL) \
	X("seed",     CMD_VAR_SEED,     SETTING_WHOLE, 0, TRAIN_SEED_MAX, false, false, \
	  STEP_NONE, 0, FIELD_ULONG, AT(train.seed), true, "3", NULL) \
	X("target",   CMD_VAR_TARGET,   SETTING_WORD,  0, TRAIN_TARGETS - 1, false, false, \
	  STEP_CYCLE, 0, FIELD_ENUM, AT(train.target), true, "sin", train_target_names) \
	X("init",     CMD_VAR_INIT,     SETTING_WORD,  0, TRAIN_INITS - 1, false, false, \
	  STEP_NONE, 0, FIELD_ENUM, AT(train.init), true, "xavier", train_init_names) \
	X("net-width", CMD_VAR_NET_WIDTH, SETTING_WHOLE, NET_MIN_WIDTH, NET_MAX_WIDTH, false, false, \
	  STEP_DOUBLE, 0, FIELD_LONG, AT(net.width), true, "256", NULL) \
	X("net-batch", CMD_VAR_NET_BATCH, SETTING_WHOLE, NET_MIN_BATCH, NET_MAX_BATCH, false, false, \
	  STEP_NONE, 0, FIELD_LONG, AT(net.batch), true, "512", NULL) \
	X("net-seed",  CMD_VAR_NET_SEED,  SETTING_WHOLE, 0, NET_MAX_SEED, false, false, \
	  STEP_WRAP, 0, FIELD_LONG, AT(net.seed), true, "7", NULL) \
	X("net-init",  CMD_VAR_NET_INIT,  SETTING_WORD,  0, NET_INITS - 1, false, false, \
	  STEP_CYCLE, 0, FIELD_ENUM, AT(net.init), true, "he", net_init_names) \
	X("pace",      CMD_VAR_PACE,      SETTING_WHOLE, 0, LAB_PACE_MAX, false, false, \
	  STEP_NONE, 0, FIELD_LONG, AT(pace), false, "100", NULL) \
	X("race",      CMD_VAR_RACE,      SETTING_ACT,   0, 0, false, false, \
	  STEP_NONE, 0, FIELD_ACT, AT(race), false, "sigmoid", NULL)

#define ROW_OF(name, var, type, min, max, amin, bmax, step, by, field, off, reset, ex, names) \
	{ name, var, type, min, max, amin, bmax, step, by, field, off, reset, ex, names },
#define NAME_OF(name, ...) name,
static const setting table[] = { SETTING_TABLE(ROW_OF) };
static const char *const names[] = { SETTING_TABLE(NAME_OF) };
#define N_SETTING (sizeof table / sizeof table[0])
_Static_assert(N_SETTING <= LAB_SETTINGS_MAX, "the lab's home state keeps LAB_SETTINGS_MAX settings");

const setting *setting_table(size_t *n)
{
	*n = N_SETTING;
	return table;
}

const char *const *setting_names(size_t *n)
{
	*n = N_SETTING;
	return names;
}

const setting *setting_find(const char *name)
{
	for (size_t i = 0; name && i < N_SETTING; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

const setting *setting_of(cmd_var v)
{
	for (size_t i = 0; i < N_SETTING; i++)
		if (table[i].var == v)
			return &table[i];
	return NULL;
}

/* An open end's message, the same for `set` and an option. */
static bool open_end(const setting *s, double v, const char *what, const char *text,
                     char *err, size_t errlen)
{
	char lim[32];
	if (s->above_min && v <= s->min) {
		snprintf(err, errlen, "%s must be above %s, got %.40s", what, num_shortest(s->min, lim),
		         text);
		return false;
	}
	if (s->below_max && v >= s->max) {
		snprintf(err, errlen, "%s must be below %s, got %.40s", what, num_shortest(s->max, lim),
		         text);
		return false;
	}
	return true;
}

bool setting_parse(const setting *s, const char *text, const char *what, double *v, long *n,
                   char *err, size_t errlen)
{
	switch (s->type) {
	case SETTING_REAL:
		return num_parse_range(text, what, s->min, s->max, v, err, errlen) &&
		       open_end(s, *v, what, text, err, errlen);
	case SETTING_WHOLE:
		return num_parse_long(text, what, (long)s->min, (long)s->max, n, err, errlen);
	case SETTING_PARAM:
		/* the range depends on the activation: act_param_check has it */
		return num_parse(text, what, v, err, errlen);
	case SETTING_WORD: {
		size_t k;
		const char *const *w = s->names(&k);
		for (size_t i = 0; i < k; i++) {
			if (!strcmp(text, w[i])) {
				*n = (long)i;
				return true;
			}
		}
		snprintf(err, errlen, "unknown %s '%.40s'", what, text);
		return false;
	}
	case SETTING_RANGE:
		return num_parse_range(text, what, s->min, s->max, v, err, errlen);
	case SETTING_ACT:
		break;
	}
	snprintf(err, errlen, "%s: not a number", what);
	return false;
}

bool setting_check(const setting *s, double v, char *err, size_t errlen)
{
	char a[32], b[32], g[32];
	if (s->type == SETTING_PARAM || s->type == SETTING_ACT)
		return true;
	if (!(isfinite(v) && v >= s->min && v <= s->max)) {
		if (s->type == SETTING_WORD)
			snprintf(err, errlen, "%s: no such value", s->name);
		else
			snprintf(err, errlen, "%s must be between %s and %s, got %s", s->name,
			         num_shortest(s->min, a), num_shortest(s->max, b), num_shortest(v, g));
		return false;
	}
	return open_end(s, v, s->name, num_shortest(v, g), err, errlen);
}

double setting_get(const setting *s, const void *base)
{
	const char *p = (const char *)base + s->offset;
	switch (s->field) {
	case FIELD_DOUBLE: return *(const double *)p;
	case FIELD_LONG:   return (double)*(const long *)p;
	case FIELD_INT:    return *(const int *)p;
	case FIELD_ULONG:  return (double)*(const unsigned long *)p;
	case FIELD_ENUM:   return *(const int *)p;
	case FIELD_NONE: case FIELD_ACT: break;
	}
	return 0;
}

void setting_put(const setting *s, void *base, double v)
{
	char *p = (char *)base + s->offset;
	switch (s->field) {
	case FIELD_DOUBLE: *(double *)p = v; break;
	case FIELD_LONG:   *(long *)p = (long)v; break;
	case FIELD_INT:    *(int *)p = (int)v; break;
	case FIELD_ULONG:  *(unsigned long *)p = (unsigned long)v; break;
	case FIELD_ENUM:   *(int *)p = (int)v; break;
	case FIELD_NONE: case FIELD_ACT: break;
	}
}

/* Round to 12 significant digits, so repeated steps of 0.1 read as 0.3,
 * not 0.30000000000000004, when shown in full or passed on. */
double setting_tidy(double v)
{
	if (v == 0 || !isfinite(v))
		return v == 0 ? 0.0 : v;
	char buf[32];
	snprintf(buf, sizeof buf, "%.12g", v);
	return strtod(buf, NULL);
}

/* The next multiple of step above (dir > 0) or below v, so stepping from an
 * odd value lands on the grid: 0.01 up by 0.1 gives 0.1, not 0.11. */
double setting_snap(double v, double step, int dir)
{
	double k = v / step;
	double n = dir > 0 ? floor(k + 1e-9) + 1 : ceil(k - 1e-9) - 1;
	return setting_tidy(n * step);
}

/* Depths a key reaches: 0..10, then 20, 30 .. 100, 200 .. up to the
 * maximum, so sigmoid's vanishing (about 10 layers) is seen one layer at a
 * time and 100000 is still a few keys away. */
static double depth_next(double dd, double max)
{
	long d = (long)dd;
	if (d < 10)
		return d + 1;
	long p = 1;
	while (p * 10 <= d)
		p *= 10;
	long n = (d / p + 1) * p;
	return n > max ? max : (double)n;
}

static double depth_prev(double dd)
{
	long d = (long)dd;
	if (d <= 10)
		return d > 0 ? d - 1 : 0;
	long p = 1;
	while (p * 10 < d)
		p *= 10;
	/* d = 20 gives p = 10 and 10; d = 15 gives 10; d = 100 gives 90 */
	long n = ((d - 1) / p) * p;
	return n < 10 ? 10 : (double)n;
}

/* 1, 2 and 5 times each power of 10, so that e and E walk 0.01, 0.02,
 * 0.05, 0.1 from wherever it was set. */
static double step_125(double v, int dir)
{
	double e = floor(log10(v)), base = pow(10, e);
	static const double m[] = { 1, 2, 5, 10 };
	double next = v;
	if (dir > 0) {
		for (int i = 0; i < 4 && next <= v * (1 + 1e-9); i++)
			next = setting_tidy(m[i] * base);
		return next;
	}
	next = setting_tidy(base / 2);   /* 5 of the power below */
	for (int i = 2; i >= 0; i--)
		if (setting_tidy(m[i] * base) < v * (1 - 1e-9))
			return setting_tidy(m[i] * base);
	return next;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

double setting_next(const setting *s, double v, int dir, double x_step)
{
	double n = v;
	switch (s->step) {
	case STEP_NONE: case STEP_PARAM:
		return v;
	case STEP_X:
		return clamp(setting_snap(v, x_step, dir), s->min, s->max);
	case STEP_GRID:
		return clamp(setting_snap(v, s->by, dir), s->min, s->max);
	case STEP_DEPTH:
		return dir > 0 ? depth_next(v, s->max) : depth_prev(v);
	case STEP_125:
		n = step_125(v, dir);
		return n > s->max || n < s->by ? v : n;
	case STEP_DOUBLE:
		n = dir > 0 ? v * 2 : floor(v / 2);
		return n < s->min || n > s->max ? v : n;
	case STEP_ONE:
		n = v + dir;
		return n < s->min || n > s->max ? v : n;
	case STEP_CYCLE: {
		long k = (long)s->max + 1;
		return (double)(((long)v + k + (dir > 0 ? 1 : k - 1)) % k);
	}
	case STEP_WRAP:
		return v < s->max ? v + 1 : s->min;
	}
	return v;
}
