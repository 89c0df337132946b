/* fuzz_num.c - number parsing and printing. The input, as a string, goes
 * through num_parse, num_parse_range and num_parse_long, checked against
 * what they promise (the whole string, finite, in range, the same value as
 * a strict reading by strtod/strtol, never a silent 0 from an underflow)
 * and against each other; its first
 * eight bytes, as a double, through the printers: num_shortest reads back
 * to the same double, and nothing overflows its buffer.
 */
#include "fuzz.h"

#include <errno.h>
#include <limits.h>
#include <math.h>

#include "num.h"

static bool only(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

static void check_err(bool ok, const char *err)
{
	FUZZ_CHECK(fuzz_ascii_line(err));
	FUZZ_CHECK(ok || err[0] != '\0');
}

static void check_doubles(const char *s)
{
	char err[128] = "";
	double v = 0;
	bool ok = num_parse(s, "x", &v, err, sizeof err);
	check_err(ok, err);
	if (ok) {
		FUZZ_CHECK(isfinite(v));
		FUZZ_CHECK(s[0] && only(s, "0123456789+-.eE"));
		char *end;
		double w = strtod(s, &end);
		FUZZ_CHECK(*end == '\0' && !memcmp(&v, &w, sizeof v));
		/* a 0 only from a literal that says 0: no non-zero digit before
		 * the exponent (1e-400 is refused, as 1e400 is) */
		if (v == 0)
			for (const char *c = s; *c && *c != 'e' && *c != 'E'; c++)
				FUZZ_CHECK(*c < '1' || *c > '9');
	}
	double r = 0;
	char err2[128] = "";
	bool ok2 = num_parse_range(s, "x", -1e6, 1e6, &r, err2, sizeof err2);
	check_err(ok2, err2);
	FUZZ_CHECK(ok2 == (ok && v >= -1e6 && v <= 1e6));
	if (ok2)
		FUZZ_CHECK(!memcmp(&r, &v, sizeof r));
	/* a tiny buffer: cut, never overrun */
	char tiny[8];
	num_parse(s, "a long name for it", &v, tiny, sizeof tiny);
	FUZZ_CHECK(strlen(tiny) < sizeof tiny);
}

static void check_long(const char *s, long min, long max)
{
	char err[160] = "";
	long v = 12345;
	bool ok = num_parse_long(s, "n", min, max, &v, err, sizeof err);
	check_err(ok, err);
	if (!ok) {
		FUZZ_CHECK(v == 12345);
		return;
	}
	FUZZ_CHECK(v >= min && v <= max);
	const char *d = s + (*s == '+' || *s == '-');
	FUZZ_CHECK(*d && only(d, "0123456789"));
	errno = 0;
	FUZZ_CHECK(strtol(s, NULL, 10) == v && errno == 0);
}

static void check_print(double v)
{
	char buf[32], big[64];
	num_shortest(v, buf);
	FUZZ_CHECK(strlen(buf) < sizeof buf);
	if (isfinite(v)) {
		char *end;
		double back = strtod(buf, &end);
		FUZZ_CHECK(*end == '\0' && back == v && signbit(back) == signbit(v));
		/* and what it prints is something num_parse takes */
		double again;
		char err[128];
		FUZZ_CHECK(num_parse(buf, "x", &again, err, sizeof err) && again == v);
	}
	for (int sig = -1; sig <= 20; sig += 3) {
		num_sig(v, sig, big, sizeof big);
		FUZZ_CHECK(strlen(big) < sizeof big);
		num_sci_log10(sig % 3 - 1, v, sig, big, sizeof big);
		FUZZ_CHECK(strlen(big) < sizeof big);
	}
	double step = num_nice_step(v, 7);
	FUZZ_CHECK(step > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	check_doubles(s);
	check_long(s, -1000, 1000);
	check_long(s, LONG_MIN, LONG_MAX);
	check_long(s, 0, 0);
	if (size >= sizeof(double)) {
		double v;
		memcpy(&v, data, sizeof v);
		check_print(v);
	}
	free(s);
	return 0;
}
