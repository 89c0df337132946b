/* lab.h - the interactive lab's model, free of curses.
 *
 * The state the learner moves with keys (activation, its parameter, x, depth,
 * gain, bias, the plotted x range, whether f' is drawn), the actions keys map
 * to, and what the lab shows: f(x), f'(x), the depth chain at x, and a strip
 * of log10 |d h_k / d x| per layer, aggregated into columns when the depth is
 * larger than the room on screen. The chain is evaluated only when one of its
 * inputs changed, so a deep chain costs nothing on keys that don't touch it.
 */
#ifndef WHYRELU_LAB_H
#define WHYRELU_LAB_H

#include <stdbool.h>
#include <stddef.h>

#include "act.h"
#include "chain.h"
#include "opts.h"
#include "setting.h"
#include "grid.h"
#include "train.h"
#include "net.h"

#define LAB_X_MAX 1e6        /* |x| and the plotted range stay within this */
#define LAB_SPAN_MIN 1e-3    /* zoom limits for the width of the x range */
#define LAB_SPAN_MAX 1e6
#define LAB_DEFAULT_X 1.0    /* x = 0 sits on relu's kink: start where it passes */

typedef enum lab_action {
	/* the settings' steps are lab_step's (`step`) */
	LAB_ACT_NEXT, LAB_ACT_PREV,     /* catalogue order, wrapping */
	LAB_ZOOM_IN, LAB_ZOOM_OUT,      /* halve / double the x range */
	LAB_TOGGLE_DF,
	LAB_RESET,                      /* back to the state the lab opened in */
	LAB_NET_WHAT_NEXT,              /* view net: activations, pre-activations, gradients */
} lab_action;

/* The network lab's own settings; the activation, its parameter, the depth
 * (capped, see lab_net_params) and the gain are the lab's. */
typedef struct lab_net {
	long width, batch, seed;
	net_init init;
	net_what what;       /* what the histograms show */
} lab_net;

/* One column of the per-layer strip: layers k0..k1 (1-based, inclusive).
 * The value shown is the gradient after the column's last layer. */
typedef struct lab_strip_col {
	long k0, k1;
	double log10_grad;   /* log10 |d h_k1 / d x|: -INFINITY dead, NAN undefined */
	chain_state state;   /* of layer k1, by the chain's thresholds */
} lab_strip_col;

/* `set pace`: training steps a second at most (0: no limit). */
#define LAB_PACE_MAX 100000L

/* Activations whose parameter a switch away keeps (the catalogue has fewer). */
#define LAB_KEPT_ACTS 64

/* Settings a lab has at most (setting.h's table has fewer). */
#define LAB_SETTINGS_MAX 32

/* What `0` and `reset` go back to: the value of each setting the table
 * marks as reset, by its row, and what is not a setting of the table. */
typedef struct lab_home {
	double v[LAB_SETTINGS_MAX];
	const act_def *act;
	double from, to;
	bool show_df;
	net_what what;
} lab_home;

typedef struct lab {
	/* moved by the learner */
	const act_def *act;
	double p;            /* the activation's parameter (0 when it takes none) */
	double x;
	long depth;          /* 0..CHAIN_MAX_DEPTH */
	double gain, bias;
	double from, to;     /* plotted x range */
	bool show_df;
	train_cfg train;     /* the training view's network and data */
	long pace;           /* training steps a second, 0: as fast as it goes */
	const act_def *race; /* trained beside the lab's activation on the same
	                        data and seed, or NULL */
	lab_net net;
	/* how it is shown; set from the options, not by keys */
	charset cs;
	bool color;
	lab_home home;
	/* the parameter each activation had when Tab or the pick list left it,
	 * by act_index, so coming back finds it as it was */
	double kept_p[LAB_KEPT_ACTS];
	bool kept[LAB_KEPT_ACTS];

	/* derived, read after lab_update() */
	double fx, dfx;
	chain_result chain;
	lab_strip_col *strip; /* nstrip columns */
	int nstrip;
	long evals;          /* chain evaluations so far (tests check the cache) */

	/* cache key of chain and strip */
	bool valid;
	chain_params key_cp;
	double key_x;
	int key_cols;
	int strip_cap;
} lab;

/* Defaults: relu, x = 1, depth 1, gain 1, bias 0, x in [-5, 5], f' shown,
 * ASCII, colour on. Also the home state. */
void lab_init(lab *l);
/* Open in the state the command-line options name (after opts_finish);
 * options not given keep their defaults. Becomes the home state. */
void lab_apply_opts(lab *l, const opts_state *st);
void lab_free(lab *l);
/* The state as it is becomes the home state. */
void lab_set_home(lab *l);
/* The home state's value of setting v (an index for names). */
double lab_home_value(const lab *l, int v);

/* Apply an action. Returns false when it changed nothing (a limit reached,
 * or no parameter to move), with a one-line reason in msg when msg is not NULL. */
bool lab_do(lab *l, lab_action a, char *msg, size_t msglen);
/* Step setting v up (dir +1) or down (-1) by its key step (`step`): x and
 * the parameter by a fine or coarse one, the others by their table rule.
 * False when it changed nothing, with which limit in msg. */
bool lab_step(lab *l, cmd_var v, int dir, bool coarse, char *msg, size_t msglen);
/* Switch to activation a with its default parameter (`act NAME`). */
void lab_set_act(lab *l, const act_def *a);
/* Switch as Tab and the pick list do: the parameter left behind is kept,
 * and a comes back with the one it had (its default the first time). */
void lab_switch_act(lab *l, const act_def *a);

/* The steps x moves by: fine and coarse, from the width of the range. */
double lab_x_step(const lab *l, bool coarse);

/* Recompute f(x), f'(x), and - when x, the activation, its parameter, depth,
 * gain, bias or the column count changed - the chain and its strip with at
 * most max_cols columns (one per layer when depth <= max_cols). */
int lab_update(lab *l, int max_cols);

/* The layer state of a gradient known as sign and log10, by the chain's
 * thresholds. */
chain_state lab_grad_state(int sign, double log10_grad);

/* The network the lab's state describes: its activation, parameter and
 * gain, the net settings, and the lab's depth capped to what the width
 * allows (net_max_depth), at least 1. */
net_params lab_net_params(const lab *l);

/* f and f' of the current activation and parameter, as plot callbacks
 * (ctx is the lab). */
double lab_plot_f(void *ctx, double x);
double lab_plot_df(void *ctx, double x);

#endif
