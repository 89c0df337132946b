/* describe.h - the lab in words, for the line mode (screen readers, braille
 * displays, TERM=dumb): the readout as two sentences, f and the chain at a
 * point, a comparison, and a sentence describing the curve of f over the
 * plotted range (where it is flat or straight, where it has kinks or
 * jumps, where it bends, where |f'| < 0.1). Plain ASCII text, free of
 * curses; the numbers are the readout's (4 significant digits, gradients
 * known by their log10 also far below the double range).
 *
 * Each function writes one NUL-terminated line (no newline) into buf,
 * cut to len, and returns buf.
 */
#ifndef WHYRELU_DESCRIBE_H
#define WHYRELU_DESCRIBE_H

#include <stddef.h>

#include "act.h"
#include "cost.h"
#include "lab.h"
#include "net.h"
#include "train.h"

#define DESCRIBE_SAT 0.1     /* |f'| below this is saturated, as the plot marks */
#define DESCRIBE_SAMPLES 512 /* points of the range looked at by describe_curve */

/* "relu at x = 1: f(x) = 1, f'(x) = 1. Depth 10: out 1, d out/dx = 1,
 * passes." With gain and bias when they are not 1 and 0, the parameter
 * after the name, and "vanishes from layer 7", "explodes from layer 12",
 * "dead from layer 1", "undefined (the chain overflowed)". */
char *describe_readout(const lab *l, char *buf, size_t len);
/* The same at another x (eval X), the lab unchanged. */
char *describe_at(const lab *l, double x, char *buf, size_t len);
/* Up to CMD_MAX_COMPARE activations at the lab's x: "At x = 1: relu
 * f = 1, f' = 1; sigmoid f = 0.7311, f' = 0.1966." The lab's own
 * activation with its parameter, the others with their defaults. */
char *describe_compare(const lab *l, const act_def *const *acts, int n, char *buf,
                       size_t len);
/* The curve of the lab's f over [from, to], as a sentence. */
char *describe_curve(const lab *l, char *buf, size_t len);

/* The training view's readout: "Step 500: relu loss 0.001234, < 0.01 at
 * step 145, dead units 0 of 64." ("< 0.01 not yet" before the loss fell
 * below TRAIN_FIT_LOSS; "diverged" when it did), and the rival's after it
 * when rival is not NULL and built. */
char *describe_train(const train_net *n, const train_net *rival, char *buf, size_t len);
/* A network after net_run: the ratio of layer 1's gradient norm to the
 * last layer's, the standard deviation at both ends, and the shares dead
 * (when any is) and saturated (when at least 1% more than the dead are)
 * at layer 1, the last and the most; or where float32 overflowed. */
char *describe_net(const net *n, char *buf, size_t len);
/* The cost table in a sentence: relu's times, and the dearest and the
 * cheapest of the others for f and f', as multiples of relu's. */
char *describe_cost(const cost_lab *c, char *buf, size_t len);

/* Wrap text at blanks into lines of at most width bytes (a word longer
 * than width is cut), each ending in '\n', indented by indent blanks after
 * the first. Returns the length written (out is always NUL-terminated);
 * width is at least indent + 10. */
size_t describe_wrap(const char *text, int width, int indent, char *out, size_t len);

#endif
