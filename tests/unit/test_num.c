/* test_num.c - strict number parsing and the printers: shortest round-trip,
 * significant digits, and numbers known only by their log10. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "util.h"

static void test_parse_good(void **state)
{
	(void)state;
	char err[128];
	double v;
	assert_true(num_parse("0.1", "x", &v, err, sizeof err));
	assert_true(v == 0.1);
	assert_true(num_parse("-2", "x", &v, err, sizeof err));
	assert_true(v == -2);
	assert_true(num_parse("1e300", "x", &v, err, sizeof err));
	assert_true(v == 1e300);
	assert_true(num_parse("+.5", "x", &v, err, sizeof err));
	assert_true(v == 0.5);
	assert_false(num_parse("1e-400", "x", &v, err, sizeof err)); /* would read as 0 */
	assert_string_equal(err, "x is too small to tell from 0: '1e-400' (the smallest is about "
	                    "4.9e-324)");
	assert_true(num_parse("4.9e-324", "x", &v, err, sizeof err) && v > 0);
}

static void check_bad(const char *s, const char *want)
{
	char err[128] = "";
	double v = 42;
	assert_false(num_parse(s, "slope", &v, err, sizeof err));
	assert_true(v == 42); /* untouched */
	if (!strstr(err, want))
		fail_msg("parse '%s': message '%s' lacks '%s'", s, err, want);
}

static void test_parse_bad(void **state)
{
	(void)state;
	check_bad("abc", "slope must be a finite number, got 'abc'");
	check_bad("1.5x", "got '1.5x'");
	check_bad("inf", "finite");
	check_bad("nan", "finite");
	check_bad("0x10", "finite");
	check_bad(" 1", "finite");
	check_bad("1 ", "finite");
	check_bad("", "needs a number");
	check_bad("1e999", "too large");
	check_bad("--1", "finite");
	check_bad("\x1b[31m", "'?[31m'"); /* control bytes never echoed */
}

static void test_parse_range_and_long(void **state)
{
	(void)state;
	char err[128];
	double v;
	long n;
	assert_false(num_parse_range("3", "slope", 0, 1, &v, err, sizeof err));
	assert_string_equal(err, "slope must be between 0 and 1, got 3");
	assert_true(num_parse_range("0.5", "slope", 0, 1, &v, err, sizeof err) && v == 0.5);
	assert_true(num_parse_long("100000", "depth", 0, 100000, &n, err, sizeof err) && n == 100000);
	assert_false(num_parse_long("100001", "depth", 0, 100000, &n, err, sizeof err));
	assert_string_equal(err, "depth must be between 0 and 100000, got 100001");
	assert_false(num_parse_long("1.5", "depth", 0, 100000, &n, err, sizeof err));
	assert_string_equal(err, "depth must be a whole number from 0 to 100000, got 1.5");
	/* a number, but written otherwise: the range, or how to write it */
	assert_false(num_parse_long("1e9", "--depth", 0, 100000, &n, err, sizeof err));
	assert_string_equal(err, "--depth must be between 0 and 100000, got 1e9");
	assert_false(num_parse_long("1e3", "--depth", 0, 100000, &n, err, sizeof err));
	assert_string_equal(err, "--depth must be written in digits, like 1000, got 1e3");
	assert_false(num_parse_long("abc", "depth", 0, 100000, &n, err, sizeof err));
	assert_string_equal(err, "depth must be a whole number, got 'abc'");
	assert_false(num_parse_long("99999999999999999999999", "depth", 0, 100000, &n, err, sizeof err));
	assert_false(num_parse_long("", "depth", 0, 10, &n, err, sizeof err));
}

static void test_shortest(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(num_shortest(0.1, b), "0.1");
	assert_string_equal(num_shortest(-2, b), "-2");
	assert_string_equal(num_shortest(40, b), "40");
	assert_string_equal(num_shortest(1e300, b), "1e+300");
	assert_string_equal(num_shortest(-0.0, b), "-0");
	assert_string_equal(num_shortest(1.0 / 3, b), "0.3333333333333333");
	assert_string_equal(num_shortest(INFINITY, b), "inf");
	/* round trip for many values */
	double vals[] = { 5e-324, 2.2250738585072014e-308, 0.7310585786300049, 123456789.125,
	                  1.7976931348623157e308, -1.2345678901234567e-100 };
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
		assert_true(strtod(num_shortest(vals[i], b), NULL) == vals[i]);
}

static void test_sci_log10(void **state)
{
	(void)state;
	char b[48];
	assert_string_equal(num_sci_log10(1, log10(1.3) - 602, 2, b, sizeof b), "1.3e-602");
	assert_string_equal(num_sci_log10(-1, log10(2.5), 4, b, sizeof b), "-2.500e+00");
	assert_string_equal(num_sci_log10(0, -INFINITY, 4, b, sizeof b), "0");
	/* mantissa rounding carries into the exponent */
	assert_string_equal(num_sci_log10(1, log10(9.99996) + 5, 4, b, sizeof b), "1.000e+06");
	assert_string_equal(num_sci_log10(1, 1000.5, 2, b, sizeof b), "3.2e+1000");
}

static void test_sig_and_steps(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(num_sig(0.731058578, 4, b, sizeof b), "0.7311");
	assert_string_equal(num_sig(-0.0, 4, b, sizeof b), "0");
	assert_true(num_nice_step(10, 5) == 2);
	assert_true(num_nice_step(1, 4) == 0.2 || fabs(num_nice_step(1, 4) - 0.2) < 1e-15);
	assert_true(num_nice_step(7, 7) == 1);
	assert_true(num_nice_step(0, 5) == 1);
	/* the ends of the double range: a step always positive and finite
	 * (5e-324 / 7 underflowed to 0; 1.7e308 rounded up to infinity) */
	assert_true(num_nice_step(5e-324, 7) == 5e-324);
	assert_true(num_nice_step(1e-320, 7) > 0);
	double big = num_nice_step(1.7e308, 1);
	assert_true(isfinite(big) && big == 1.7e308);
}

static void test_nearest(void **state)
{
	(void)state;
	const char *c[] = { "set", "act", "eval", "compare" };
	assert_string_equal(util_nearest("sett", c, 4), "set");
	assert_string_equal(util_nearest("cmopare", c, 4), "compare");
	assert_string_equal(util_nearest("comp", c, 4), "compare");
	assert_null(util_nearest("zzzzzz", c, 4));
	assert_int_equal(util_edit_distance("reul", "relu"), 1);
	assert_int_equal(util_edit_distance("", "abc"), 3);
	assert_int_equal(util_utf8_len("x·σ(x)"), 6);
}

/* The one "WxH" parser of --headless (the tutorial's and the class
 * view's): whole numbers from 1 to the maximum, nothing after them. */
static void test_parse_size(void **state)
{
	(void)state;
	int w = 0, h = 0;
	assert_true(util_parse_size("80x24", 1000, 300, &w, &h));
	assert_int_equal(w, 80);
	assert_int_equal(h, 24);
	assert_true(util_parse_size("1000X1", 1000, 300, &w, &h));
	assert_int_equal(w, 1000);
	assert_true(util_parse_size("5x300", 1000, 300, &w, &h));
	assert_int_equal(h, 300);
	static const char *const bad[] = { "0x24", "80x0", "1001x5", "1000x301", "1000x1000", "80x",
	                                   "x24", "80x24 ", "80*24",
	                                   "-5x5", "" };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		if (util_parse_size(bad[k], 1000, 300, &w, &h))
			fail_msg("'%s' was taken", bad[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_range_and_long),
		cmocka_unit_test(test_shortest),
		cmocka_unit_test(test_sci_log10),
		cmocka_unit_test(test_sig_and_steps),
		cmocka_unit_test(test_nearest),
	};
	return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
