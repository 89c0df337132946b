/* test_setting.c - the settings table is the one place a limit is written:
 * for every number setting, `set` takes its limits and refuses one past
 * them, the start options agree where they exist, and a key stepping it
 * stops at the same limits; every word setting's names are what `set`
 * takes and completion offers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lab.h"
#include "num.h"
#include "opts.h"
#include "setting.h"

static int run(lab *l, const char *line, char *err, size_t errlen)
{
	cmd c;
	memset(&c, 0, sizeof c);
	if (cmd_parse(line, &c, err, errlen) != 0)
		return -1;
	return cmd_apply(l, &c, err, errlen);
}

/* A whole number or a number past a limit by a little. */
static void beyond(const setting *s, double v, int dir, char *buf)
{
	double past = s->type == SETTING_WHOLE ? v + dir : v + dir * (fabs(v) * 1e-3 + 1e-3);
	num_shortest(past, buf);
}

static void test_set_takes_the_limits_and_no_more(void **state)
{
	(void)state;
	size_t n;
	const setting *t = setting_table(&n);
	for (size_t i = 0; i < n; i++) {
		const setting *s = &t[i];
		if (s->type != SETTING_REAL && s->type != SETTING_WHOLE)
			continue;
		char line[96], num[32], err[256];
		double ends[2] = { s->min, s->max };
		for (int e = 0; e < 2; e++) {
			bool open = e == 0 ? s->above_min : s->below_max;
			lab l;
			lab_init(&l);
			/* batch is checked against points: give it all the room */
			snprintf(line, sizeof line, "set points %ld", (long)setting_of(CMD_VAR_POINTS)->max);
			assert_int_equal(run(&l, line, err, sizeof err), 0);
			snprintf(line, sizeof line, "set %s %s", s->name, num_shortest(ends[e], num));
			int rc = run(&l, line, err, sizeof err);
			if (open) {
				assert_int_equal(rc, -1);
			} else {
				if (rc != 0)
					fail_msg("'%s': %s", line, err);
				assert_true(setting_get(s, &l) == ends[e]);
			}
			beyond(s, ends[e], e == 0 ? -1 : +1, num);
			snprintf(line, sizeof line, "set %s %s", s->name, num);
			if (run(&l, line, err, sizeof err) != -1)
				fail_msg("'%s' was taken", line);
		}
	}
}

static void test_options_use_the_same_limits(void **state)
{
	(void)state;
	static const cmd_var vars[] = { CMD_VAR_X, CMD_VAR_DEPTH, CMD_VAR_GAIN, CMD_VAR_BIAS };
	for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++) {
		const setting *s = setting_of(vars[k]);
		char opt[40], val[32], err[256];
		snprintf(opt, sizeof opt, "--%s", s->name);
		for (int e = 0; e < 2; e++) {
			double v = e ? s->max : s->min;
			opts_state st;
			opts_init(&st);
			int i = 0;
			num_shortest(v, val);
			char *argv[] = { opt, val };
			assert_int_equal(opts_option(&st, 2, argv, &i, err, sizeof err), 1);
			beyond(s, v, e ? +1 : -1, val);
			i = 0;
			assert_int_equal(opts_option(&st, 2, argv, &i, err, sizeof err), -1);
			assert_non_null(strstr(err, opt));
		}
	}
}

/* A key held down walks a stepped setting to its limit and stops there,
 * saying which limit it is at. */
static void test_keys_stop_at_the_limits(void **state)
{
	(void)state;
	static const cmd_var keys[] = {
		CMD_VAR_DEPTH, CMD_VAR_GAIN, CMD_VAR_LR, CMD_VAR_WIDTH, CMD_VAR_LAYERS, CMD_VAR_NET_WIDTH,
	};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		const setting *s = setting_of(keys[k]);
		lab l;
		lab_init(&l);
		char msg[128], want[128], num[32];
		int guard = 0;
		while (lab_step(&l, keys[k], 1, false, msg, sizeof msg))
			assert_true(++guard < 100000);
		double top = setting_get(s, &l);
		assert_true(top <= s->max && top > s->max / 2.5);
		snprintf(want, sizeof want, "%s is at its maximum, %s", s->name, num_shortest(top, num));
		assert_string_equal(msg, want);
		guard = 0;
		while (lab_step(&l, keys[k], -1, false, msg, sizeof msg))
			assert_true(++guard < 100000);
		double bottom = setting_get(s, &l);
		assert_true(bottom >= s->min);
		snprintf(want, sizeof want, "%s is at its minimum, %s", s->name, num_shortest(bottom, num));
		assert_string_equal(msg, want);
	}
}

static void test_words_are_sets_and_completions(void **state)
{
	(void)state;
	size_t n, nw;
	const setting *t = setting_table(&n);
	const char *const *comp = cmd_words("set", &nw);
	assert_int_equal(nw, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(comp[i], t[i].name);
		assert_ptr_equal(setting_find(t[i].name), &t[i]);
		if (t[i].type != SETTING_WORD)
			continue;
		size_t k;
		const char *const *names = t[i].names(&k);
		assert_int_equal((long)k, (long)t[i].max + 1);
		for (size_t j = 0; j < k; j++) {
			lab l;
			lab_init(&l);
			char line[96], err[256];
			snprintf(line, sizeof line, "set %s %s", t[i].name, names[j]);
			assert_int_equal(run(&l, line, err, sizeof err), 0);
			assert_true(setting_get(&t[i], &l) == (double)j);
		}
	}
}

/* reset brings back every setting the table marks, whatever moved it, and
 * leaves the others (pace, race) as they are. */
static void test_reset_follows_the_table(void **state)
{
	(void)state;
	size_t n;
	const setting *t = setting_table(&n);
	lab l;
	lab_init(&l);
	char err[256];
	assert_int_equal(run(&l, "set pace 7", err, sizeof err), 0);
	for (size_t i = 0; i < n; i++) {
		const setting *s = &t[i];
		if (s->type != SETTING_REAL && s->type != SETTING_WHOLE && s->type != SETTING_WORD)
			continue;
		if (s->var == CMD_VAR_PACE)
			continue;
		/* the far end from home, inside the open ends */
		double home = setting_get(s, &l);
		double v = home == s->max ? s->min : s->max;
		if (s->below_max && v == s->max)
			v = s->max / 2;
		if (s->above_min && v == s->min)
			v = s->max;
		if (s->var == CMD_VAR_BATCH)
			v = 2;   /* within the points */
		setting_put(s, &l, v);
	}
	lab_do(&l, LAB_RESET, NULL, 0);
	for (size_t i = 0; i < n; i++) {
		const setting *s = &t[i];
		if (!s->reset || s->field == FIELD_NONE)
			continue;
		if (setting_get(s, &l) != lab_home_value(&l, (int)s->var))
			fail_msg("%s not reset", s->name);
	}
	assert_int_equal(l.pace, 7);
	lab h;
	lab_init(&h);
	assert_true(train_cfg_equal(&l.train, &h.train));
	assert_true(l.depth == h.depth && l.gain == h.gain && l.x == h.x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_takes_the_limits_and_no_more),
		cmocka_unit_test(test_options_use_the_same_limits),
		cmocka_unit_test(test_keys_stop_at_the_limits),
		cmocka_unit_test(test_words_are_sets_and_completions),
		cmocka_unit_test(test_reset_follows_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
