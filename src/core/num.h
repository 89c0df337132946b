/* num.h - parsing and printing numbers.
 *
 * Every parse checks the whole string, finiteness and range, and explains a
 * failure in one line. Printing gives the shortest form that reads back to
 * the same double, a fixed number of significant digits, or a value known
 * only by its log10 (a gradient far below the float64 range).
 */
#ifndef WHYRELU_NUM_H
#define WHYRELU_NUM_H

#include <stdbool.h>
#include <stddef.h>

/* Parse a finite double from the whole of s. what names the quantity in the
 * error ("x", "slope"). On failure returns false and writes e.g.
 * "slope must be a finite number, got 'abc'" to err. */
bool num_parse(const char *s, const char *what, double *out, char *err, size_t errlen);
/* As num_parse, and also require min <= v <= max. */
bool num_parse_range(const char *s, const char *what, double min, double max,
                     double *out, char *err, size_t errlen);
/* Parse a whole decimal integer in [min, max]. */
bool num_parse_long(const char *s, const char *what, long min, long max,
                    long *out, char *err, size_t errlen);

/* Shortest decimal that strtod reads back as v ("0.1", "1e+300", "-0").
 * buf must hold 32 bytes. Returns buf. */
char *num_shortest(double v, char *buf);
/* v to sig significant digits, %g style ("0.7311", "1.234e-05"). */
char *num_sig(double v, int sig, char *buf, size_t len);
/* A number given as sign * 10^log10abs, in scientific notation with sig
 * significant digits, also outside the double range ("1.3e-602").
 * sign is -1, 0 or +1; sign 0 prints "0". */
char *num_sci_log10(int sign, double log10abs, int sig, char *buf, size_t len);
/* A "nice" tick step (1, 2 or 5 times a power of 10) near span/n. */
double num_nice_step(double span, int n);

#endif
