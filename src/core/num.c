/* num.c - parsing and printing numbers (see num.h).
 *
 * The program sets LC_NUMERIC to "C" at start, so strtod and printf use '.'
 * whatever the user's locale.
 */
#include "num.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Quote at most 40 bytes of what the user typed, printable ASCII only, so
 * an error message stays one short line and safe to show. */
static void quote(const char *s, char *out, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; s[i] && o + 4 < len && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];
		out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (strlen(s) > 40 && o + 4 < len) {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
}

/* Does the significand of a decimal literal have a digit other than 0? */
static bool nonzero_digits(const char *s)
{
	for (; *s && *s != 'e' && *s != 'E'; s++)
		if (*s >= '1' && *s <= '9')
			return true;
	return false;
}

bool num_parse(const char *s, const char *what, double *out, char *err, size_t errlen)
{
	char q[64];
	if (!s || !*s) {
		snprintf(err, errlen, "%s needs a number, got nothing", what);
		return false;
	}
	quote(s, q, sizeof q);
	/* strtod also takes "inf", "nan", hex and leading blanks: be strict */
	for (const char *p = s; *p; p++) {
		if (!strchr("0123456789+-.eE", *p)) {
			snprintf(err, errlen, "%s must be a finite number, got '%s'", what, q);
			return false;
		}
	}
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end != '\0') {
		snprintf(err, errlen, "%s must be a finite number, got '%s'", what, q);
		return false;
	}
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0)) {
		snprintf(err, errlen, "%s is too large to be a finite number: '%s'", what, q);
		return false;
	}
	/* The same rule both ways: a number is refused when it cannot be
	 * told apart from another, too large to be finite or so small that it
	 * reads as 0 (a subnormal is still told from 0, and kept). */
	if (v == 0 && nonzero_digits(s)) {
		snprintf(err, errlen, "%s is too small to tell from 0: '%s' (the smallest is "
		         "about 4.9e-324)", what, q);
		return false;
	}
	*out = v;
	return true;
}

bool num_parse_range(const char *s, const char *what, double min, double max,
                     double *out, char *err, size_t errlen)
{
	double v;
	if (!num_parse(s, what, &v, err, errlen))
		return false;
	if (v < min || v > max) {
		char a[32], b[32], q[64];
		quote(s, q, sizeof q);
		snprintf(err, errlen, "%s must be between %s and %s, got %s", what,
		         num_shortest(min, a), num_shortest(max, b), q);
		return false;
	}
	*out = v;
	return true;
}

bool num_parse_long(const char *s, const char *what, long min, long max,
                    long *out, char *err, size_t errlen)
{
	char q[64];
	if (!s || !*s) {
		snprintf(err, errlen, "%s needs a whole number, got nothing", what);
		return false;
	}
	quote(s, q, sizeof q);
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p || strspn(p, "0123456789") != strlen(p)) {
		/* a number, but not written as a whole one ("1e9", "2.5"): say
		 * what would do, with the range */
		double v;
		char e[8];
		/* 2^63 compares equal to (double)LONG_MAX but is no long */
		if (num_parse(s, what, &v, e, sizeof e) &&
		    (v < (double)min || v > (double)max || v >= 0x1p63 || v < -0x1p63))
			snprintf(err, errlen, "%s must be between %ld and %ld, got %s", what, min, max, q);
		else if (num_parse(s, what, &v, e, sizeof e) && v == floor(v))
			snprintf(err, errlen, "%s must be written in digits, like %ld, got %s", what,
			         (long)v, q);
		else if (num_parse(s, what, &v, e, sizeof e))
			snprintf(err, errlen, "%s must be a whole number from %ld to %ld, got %s", what,
			         min, max, q);
		else
			snprintf(err, errlen, "%s must be a whole number, got '%s'", what, q);
		return false;
	}
	errno = 0;
	long v = strtol(s, NULL, 10);
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "%s must be between %ld and %ld, got %s", what, min, max, q);
		return false;
	}
	*out = v;
	return true;
}

char *num_shortest(double v, char *buf)
{
	if (isnan(v)) {
		strcpy(buf, "nan");
		return buf;
	}
	if (isinf(v)) {
		strcpy(buf, v > 0 ? "inf" : "-inf");
		return buf;
	}
	int prec = 1;
	for (; prec < 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* whole numbers below 1e15 in plain digits: "40", not "4e+01" */
	double a = fabs(v);
	if (a >= 1 && a < 1e15) {
		int digits = (int)floor(log10(a)) + 1;
		if (digits > prec)
			prec = digits;
	}
	snprintf(buf, 32, "%.*g", prec, v);
	return buf;
}

char *num_sig(double v, int sig, char *buf, size_t len)
{
	if (sig < 1)
		sig = 1;
	if (v == 0)
		v = 0; /* no "-0" in readouts */
	snprintf(buf, len, "%.*g", sig, v);
	return buf;
}

char *num_sci_log10(int sign, double log10abs, int sig, char *buf, size_t len)
{
	if (sign == 0) {
		snprintf(buf, len, "0");
		return buf;
	}
	if (!isfinite(log10abs)) {
		snprintf(buf, len, "%s%s", sign < 0 ? "-" : "", log10abs > 0 ? "inf" : "0");
		return buf;
	}
	if (sig < 1)
		sig = 1;
	if (sig > 15)
		sig = 15;
	double e = floor(log10abs);
	double m = pow(10.0, log10abs - e);
	/* rounding the mantissa to sig digits may carry: 9.9996 -> 10.00 */
	double scale = pow(10.0, sig - 1);
	m = round(m * scale) / scale;
	if (m >= 10.0) {
		m /= 10.0;
		e += 1.0;
	}
	snprintf(buf, len, "%s%.*fe%s%02.0f", sign < 0 ? "-" : "", sig - 1, m,
	         e < 0 ? "-" : "+", fabs(e));
	return buf;
}

double num_nice_step(double span, int n)
{
	if (!(span > 0) || n < 1 || !isfinite(span))
		return 1.0;
	double raw = span / n;
	/* at the ends of the double range the rounding cannot be done: a span
	 * whose n-th underflows to 0, a step that would round up to infinity */
	if (!(raw > 0))
		return span;
	double p = pow(10.0, floor(log10(raw)));
	double f = raw / p;
	double nice = f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0;
	double step = nice * p;
	return step > 0 && isfinite(step) ? step : raw;
}
