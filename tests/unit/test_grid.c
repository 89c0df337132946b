/* test_grid.c - the text grid: bounds, UTF-8 decoding (damaged input shows
 * as '?', never as a broken cell), encoding, and printing with trailing
 * blanks trimmed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "util.h"

static char *print_to_string(const grid *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	grid_print(g, f);
	fclose(f);
	return buf;
}

static void test_init_and_bounds(void **state)
{
	(void)state;
	grid g;
	assert_int_equal(grid_init(&g, 5, 3), 0);
	assert_int_equal(g.w, 5);
	assert_int_equal(g.h, 3);
	for (int i = 0; i < 15; i++) {
		assert_int_equal(g.cells[i].ch, ' ');
		assert_int_equal(g.cells[i].style, ST_NONE);
	}
	assert_null(grid_at(&g, -1, 0));
	assert_null(grid_at(&g, 5, 0));
	assert_null(grid_at(&g, 0, 3));
	assert_non_null(grid_at(&g, 4, 2));
	grid_put(&g, 7, 1, 'x', ST_F);   /* ignored */
	grid_put(&g, -1, 1, 'x', ST_F);  /* ignored */
	grid_put(&g, 4, 2, 'z', ST_AXIS);
	assert_int_equal(grid_at(&g, 4, 2)->ch, 'z');
	assert_int_equal(grid_at(&g, 4, 2)->style, ST_AXIS);
	grid_clear(&g);
	assert_int_equal(grid_at(&g, 4, 2)->ch, ' ');
	assert_int_equal(grid_at(&g, 4, 2)->style, ST_NONE);
	grid_free(&g);
	assert_null(g.cells);

	assert_int_equal(grid_init(&g, -1, 3), -1);
	assert_int_equal(grid_init(&g, 1 << 20, 1 << 20), -1);  /* w*h overflows int */
	assert_int_equal(grid_init(&g, 0, 0), 0);
	char *s = print_to_string(&g);
	assert_string_equal(s, "");
	free(s);
	grid_free(&g);
}

/* A frame reused: cleared when the size is the same, made anew when not,
 * and made from a freed grid. */
static void test_fit(void **state)
{
	(void)state;
	grid g;
	assert_int_equal(grid_init(&g, 4, 2), 0);
	grid_put(&g, 1, 1, 'x', ST_NONE);
	cell *before = g.cells;
	assert_int_equal(grid_fit(&g, 4, 2), 0);
	assert_ptr_equal(g.cells, before);
	assert_int_equal(grid_at(&g, 1, 1)->ch, ' ');
	grid_put(&g, 0, 0, 'y', ST_NONE);
	assert_int_equal(grid_fit(&g, 3, 5), 0);
	assert_true(g.w == 3 && g.h == 5);
	assert_int_equal(grid_at(&g, 0, 0)->ch, ' ');
	grid_free(&g);
	assert_int_equal(grid_fit(&g, 2, 2), 0);
	assert_true(g.w == 2 && g.h == 2 && g.cells);
	assert_int_equal(grid_fit(&g, -1, 2), -1);
	grid_free(&g);
}

static void test_puts_utf8(void **state)
{
	(void)state;
	grid g;
	assert_int_equal(grid_init(&g, 12, 2), 0);
	/* σ (2 bytes), ─ (3 bytes), 𝑥 (4 bytes) */
	assert_int_equal(grid_puts(&g, 0, 0, "a\xcf\x83\xe2\x94\x80\xf0\x9d\x91\xa5z", ST_LABEL), 5);
	assert_int_equal(grid_at(&g, 0, 0)->ch, 'a');
	assert_int_equal(grid_at(&g, 1, 0)->ch, 0x3c3);
	assert_int_equal(grid_at(&g, 2, 0)->ch, 0x2500);
	assert_int_equal(grid_at(&g, 3, 0)->ch, 0x1d465);
	assert_int_equal(grid_at(&g, 4, 0)->ch, 'z');
	assert_int_equal(grid_at(&g, 4, 0)->style, ST_LABEL);
	assert_int_equal(grid_at(&g, 5, 0)->ch, ' ');

	/* damaged input: one '?' per damaged character, the rest survives */
	struct {
		const char *in;
		const char *out;
	} bad[] = {
		{"\xff" "a", "?a"},
		{"\xc0\xaf" "b", "??b"},            /* overlong '/' */
		{"\xe0\x80\x80" "c", "???c"},       /* overlong */
		{"\xed\xa0\x80" "d", "???d"},       /* surrogate */
		{"\xf4\x90\x80\x80" "e", "????e"},  /* past U+10FFFF */
		{"\xe2\x94" "f", "?f"},             /* cut short */
		{"\xe2\x94", "?"},                  /* cut short at the end */
		{"\x80" "g", "?g"},                 /* stray continuation */
		{"\t\x1b[1m", "??[1m"},             /* controls */
		{"\xc2\x9b" "h", "?h"},             /* C1 control */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		grid_clear(&g);
		int n = grid_puts(&g, 0, 1, bad[i].in, ST_NONE);
		assert_int_equal(n, (int)strlen(bad[i].out));
		for (int x = 0; x < n; x++)
			if (grid_at(&g, x, 1)->ch != (uint32_t)(unsigned char)bad[i].out[x])
				fail_msg("case %zu: cell %d is U+%04X, want '%c'", i, x,
				         (unsigned)grid_at(&g, x, 1)->ch, bad[i].out[x]);
	}
	grid_free(&g);
}

static void test_puts_clips(void **state)
{
	(void)state;
	grid g;
	assert_int_equal(grid_init(&g, 6, 2), 0);
	assert_int_equal(grid_puts(&g, -2, 0, "abcdef", ST_NONE), 4);
	assert_int_equal(grid_at(&g, 0, 0)->ch, 'c');
	assert_int_equal(grid_at(&g, 3, 0)->ch, 'f');
	assert_int_equal(grid_puts(&g, 4, 1, "\xe2\x94\x80xyz", ST_NONE), 2);
	assert_int_equal(grid_at(&g, 4, 1)->ch, 0x2500);
	assert_int_equal(grid_at(&g, 5, 1)->ch, 'x');
	assert_int_equal(grid_puts(&g, 0, 2, "abc", ST_NONE), 0);
	assert_int_equal(grid_puts(&g, 0, -1, "abc", ST_NONE), 0);
	assert_int_equal(grid_puts(&g, 9, 0, "abc", ST_NONE), 0);
	grid_free(&g);
}

static void test_utf8_round_trip(void **state)
{
	(void)state;
	uint32_t cps[] = {'A', 0x7e, 0xa0, 0x7ff, 0x800, 0x2591, 0x28ff, 0xfffd, 0x10000, 0x10ffff};
	grid g;
	assert_int_equal(grid_init(&g, 2, 1), 0);
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[8];
		int n = grid_utf8(cps[i], buf);
		assert_int_equal((size_t)n, strlen(buf));
		assert_int_equal(grid_puts(&g, 0, 0, buf, ST_NONE), 1);
		assert_int_equal(grid_at(&g, 0, 0)->ch, cps[i]);
	}
	char buf[8];
	assert_int_equal(grid_utf8(0xd800, buf), 1);
	assert_string_equal(buf, "?");
	assert_int_equal(grid_utf8(0x110000, buf), 1);
	assert_string_equal(buf, "?");
	grid_free(&g);
}

static void test_print(void **state)
{
	(void)state;
	grid g;
	assert_int_equal(grid_init(&g, 6, 3), 0);
	grid_puts(&g, 1, 0, "ab", ST_NONE);
	grid_puts(&g, 0, 2, "\xe2\x94\x94\xe2\x94\x80 x ", ST_NONE);
	char *s = print_to_string(&g);
	assert_string_equal(s, " ab\n\n\xe2\x94\x94\xe2\x94\x80 x\n");
	free(s);
	grid_free(&g);
}

/* By columns, as a terminal draws: a wide character takes two cells (the
 * second GRID_CONT), a combining mark none, and one that does not fit
 * whole is a blank. */
static void test_wide_characters(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	/* 漢 (wide), e + U+0301 (combining), 😀 (wide) */
	const char *s = "\xe6\xbc\xa2" "e\xcc\x81" "\xf0\x9f\x98\x80";
	assert_int_equal(util_utf8_width(s), 5);
	int w;
	assert_int_equal(util_utf8_fit(s, 2, &w), 3);
	assert_int_equal(w, 2);
	assert_int_equal(util_utf8_fit(s, 4, &w), 6);   /* the mark goes with its letter */
	assert_int_equal(w, 3);
	grid g;
	assert_int_equal(grid_init(&g, 6, 2), 0);
	assert_int_equal(grid_puts(&g, 0, 0, s, ST_NONE), 5);
	assert_int_equal(grid_at(&g, 0, 0)->ch, 0x6F22);
	assert_int_equal(grid_at(&g, 1, 0)->ch, GRID_CONT);
	assert_int_equal(grid_at(&g, 2, 0)->ch, 'e');
	assert_int_equal(grid_at(&g, 3, 0)->ch, 0x1F600);
	assert_int_equal(grid_at(&g, 4, 0)->ch, GRID_CONT);
	/* at the edge: no room for its second column */
	assert_int_equal(grid_puts(&g, 5, 1, "\xe6\xbc\xa2", ST_NONE), 1);
	assert_int_equal(grid_at(&g, 5, 1)->ch, ' ');
	/* half of one drawn over: the other half shows as a blank */
	grid_put(&g, 4, 0, 'x', ST_NONE);
	assert_int_equal(grid_shown(&g, 3, 0), ' ');
	assert_int_equal(grid_shown(&g, 1, 0), GRID_CONT);
	grid_put(&g, 0, 0, 'y', ST_NONE);
	assert_int_equal(grid_shown(&g, 1, 0), ' ');
	char *out = print_to_string(&g);
	assert_string_equal(out, "y e x\n\n");
	free(out);
	grid_free(&g);
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_bounds),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_puts_utf8),
		cmocka_unit_test(test_puts_clips),
		cmocka_unit_test(test_utf8_round_trip),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_wide_characters),
	};
	return cmocka_run_group_tests_name("grid", tests, NULL, NULL);
}
