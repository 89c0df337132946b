/* test_act.c - unit test for the activation catalogue (src/act.c).
 *
 * Holds every f and f' to the high-precision references in
 * tests/ref/act_ref.tsv (written by tests/ref/gen_ref.py from the
 * mathematical definitions), checks the PyTorch conventions at kinks one by
 * one, and covers lookup, suggestions, parameter checks and the text fields.
 * With WHYRELU_REPORT set it prints the largest relative error per function.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"

#define REF_PATH TEST_SRCDIR "/tests/ref/act_ref.tsv"
#define REL_TOL 1e-12
/* Below this a relative error says nothing: compare absolutely. */
#define TINY 1e-300

typedef struct ref_row {
	char act[32];
	bool has_p;
	double p, x, f, df;
	int line;
} ref_row;

static ref_row *refs;
static size_t nrefs;

/* One tab-separated field; NULL when the line has too few. */
static char *next_field(char **s)
{
	char *start = *s, *tab;

	if (start == NULL)
		return NULL;
	tab = strchr(start, '\t');
	if (tab != NULL) {
		*tab = '\0';
		*s = tab + 1;
	} else {
		*s = NULL;
	}
	return start;
}

static bool parse_double(const char *s, double *out)
{
	char *end;

	/* Far-tail references underflow to 0 or a subnormal; that is fine. */
	*out = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(*out);
}

static int load_refs(void **state)
{
	FILE *fp = fopen(REF_PATH, "r");
	char line[512];
	size_t cap = 0;
	int lineno = 0;

	(void)state;
	if (fp == NULL) {
		print_error("cannot open %s\n", REF_PATH);
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		char *s = line, *fields[5];
		ref_row r;
		size_t len = strlen(line);

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (int i = 0; i < 5; i++)
			fields[i] = next_field(&s);
		memset(&r, 0, sizeof r);
		r.line = lineno;
		r.has_p = fields[1] != NULL && strcmp(fields[1], "-") != 0;
		if (fields[4] == NULL || s != NULL || strlen(fields[0]) >= sizeof r.act ||
		    (r.has_p && !parse_double(fields[1], &r.p)) ||
		    !parse_double(fields[2], &r.x) || !parse_double(fields[3], &r.f) ||
		    !parse_double(fields[4], &r.df)) {
			print_error("%s:%d: malformed row\n", REF_PATH, lineno);
			fclose(fp);
			return -1;
		}
		strcpy(r.act, fields[0]);
		if (nrefs == cap) {
			ref_row *grown;

			cap = cap ? 2 * cap : 1024;
			grown = realloc(refs, cap * sizeof *refs);
			if (grown == NULL) {
				fclose(fp);
				return -1;
			}
			refs = grown;
		}
		refs[nrefs++] = r;
	}
	fclose(fp);
	if (nrefs == 0) {
		print_error("%s: no rows\n", REF_PATH);
		return -1;
	}
	return 0;
}

static int free_refs(void **state)
{
	(void)state;
	free(refs);
	refs = NULL;
	nrefs = 0;
	return 0;
}

/* Within tolerance? *rel gets the relative error when it means something
 * (|want| >= TINY), else 0. */
static bool close_to(double got, double want, double *rel)
{
	double err = fabs(got - want);

	*rel = 0;
	if (!isfinite(got)) {
		*rel = INFINITY;
		return false;
	}
	if (fabs(want) < TINY)
		return err <= TINY;
	*rel = err / fabs(want);
	return *rel <= REL_TOL;
}

static void report_row(const ref_row *r, double p, const char *which,
                       double got, double want, double rel)
{
	char ptext[40] = "-";

	if (r->has_p)
		snprintf(ptext, sizeof ptext, "%a", p);
	print_error("FAIL %s p=%s x=%a (%.17g): %s got %.17g want %.17g rel err %.3g"
	            " (line %d)\n", r->act, ptext, r->x, r->x, which, got, want, rel,
	            r->line);
}

static void test_reference_values(void **state)
{
	size_t n;
	const act_def *tab = act_table(&n);
	double *max_f = calloc(n, sizeof *max_f);
	double *max_df = calloc(n, sizeof *max_df);
	size_t *count = calloc(n, sizeof *count);
	int failures = 0;

	(void)state;
	assert_non_null(max_f);
	assert_non_null(max_df);
	assert_non_null(count);
	for (size_t i = 0; i < nrefs; i++) {
		const ref_row *r = &refs[i];
		const act_def *a = act_find(r->act);
		double p, got, rel;
		int idx;

		if (a == NULL) {
			print_error("line %d: %s is not in the catalogue\n", r->line, r->act);
			failures++;
			continue;
		}
		if (r->has_p != act_has_param(a)) {
			print_error("line %d: %s: parameter column does not match the row\n",
			            r->line, r->act);
			failures++;
			continue;
		}
		p = r->has_p ? r->p : act_param_default(a);
		idx = act_index(a);
		count[idx]++;

		got = a->f(r->x, p);
		if (!close_to(got, r->f, &rel)) {
			report_row(r, p, "f", got, r->f, rel);
			failures++;
		}
		if (rel > max_f[idx])
			max_f[idx] = rel;

		got = a->df(r->x, p);
		if (!close_to(got, r->df, &rel)) {
			report_row(r, p, "f'", got, r->df, rel);
			failures++;
		}
		if (rel > max_df[idx])
			max_df[idx] = rel;
	}

	if (getenv("WHYRELU_REPORT") != NULL) {
		for (size_t i = 0; i < n; i++)
			printf("max rel err  %-12s f %-9.3g f' %-9.3g (%zu points)\n",
			       tab[i].name, max_f[i], max_df[i], count[i]);
	}
	free(max_f);
	free(max_df);
	free(count);
	if (failures > 0)
		fail_msg("%d of %zu reference checks failed", failures, 2 * nrefs);
}

/* A new catalogue row must come with reference values. */
/* act_eval (the pair the depth chain uses) gives exactly what f and df give,
 * bit for bit, at every reference point */
static bool same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static void test_pair_matches(void **state)
{
	(void)state;
	size_t bad = 0;
	assert_true(nrefs > 1000);
	for (size_t i = 0; i < nrefs; i++) {
		const act_def *a = act_find(refs[i].act);
		assert_non_null(a);
		double p = refs[i].has_p ? refs[i].p : act_param_default(a), f, df;
		act_eval(a, refs[i].x, p, &f, &df);
		if (!same_bits(f, a->f(refs[i].x, p)) || !same_bits(df, a->df(refs[i].x, p))) {
			printf("act_eval differs: %s x=%a\n", a->name, refs[i].x);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_every_row_has_references(void **state)
{
	size_t n;
	const act_def *tab = act_table(&n);
	int missing = 0;

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < nrefs && strcmp(refs[k].act, tab[i].name) != 0)
			k++;
		if (k == nrefs) {
			print_error("%s has no rows in %s (rerun tests/ref/gen_ref.py)\n",
			            tab[i].name, REF_PATH);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* Every parameter value in the references must be one the catalogue accepts. */
static void test_reference_params_valid(void **state)
{
	char err[128];
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < nrefs; i++) {
		const act_def *a = act_find(refs[i].act);

		if (a != NULL && refs[i].has_p &&
		    !act_param_check(a, refs[i].p, err, sizeof err)) {
			print_error("line %d: %s: %s\n", refs[i].line, refs[i].act, err);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* The value autograd gives at each kink: these conventions are the point of
 * several lessons, so each one is stated on its own. */
enum which { F, DF };

typedef struct kink_case {
	const char *what;
	const char *act;
	double p;
	double x;
	enum which which;
	double want;
} kink_case;

#define SELU_SCALE 1.0507009873554804934193349852946
#define SELU_ALPHA 1.6732632423543772848170429916717

static const kink_case kinks[] = {
	{ "relu'(0) = 0", "relu", 0, 0, DF, 0 },
	{ "relu(0) = 0", "relu", 0, 0, F, 0 },
	{ "step'(-5) = 0", "step", 0, -5, DF, 0 },
	{ "step'(-1e-300) = 0", "step", 0, -1e-300, DF, 0 },
	{ "step'(0) = 0", "step", 0, 0, DF, 0 },
	{ "step'(1e-300) = 0", "step", 0, 1e-300, DF, 0 },
	{ "step'(5) = 0", "step", 0, 5, DF, 0 },
	{ "step(0) = 0", "step", 0, 0, F, 0 },
	{ "step(1e-300) = 1", "step", 0, 1e-300, F, 1 },
	{ "max(-1, floor 0) = 0", "max", 0, -1, F, 0 },
	{ "max(2, floor 0) = 2", "max", 0, 2, F, 2 },
	{ "max(0.2, floor 0.3) = 0.3", "max", 0.3, 0.2, F, 0.3 },
	{ "max'(0) at floor 0 = 0.5 (tie splits the gradient)", "max", 0, 0, DF, 0.5 },
	{ "max'(0.3) at floor 0.3 = 0.5", "max", 0.3, 0.3, DF, 0.5 },
	{ "max'(-1) at floor -1 = 0.5", "max", -1, -1, DF, 0.5 },
	{ "max'(1) at floor 0 = 1", "max", 0, 1, DF, 1 },
	{ "max'(-1) at floor 0 = 0", "max", 0, -1, DF, 0 },
	{ "max'(0.31) at floor 0.3 = 1", "max", 0.3, 0.31, DF, 1 },
	{ "max'(0.29) at floor 0.3 = 0", "max", 0.3, 0.29, DF, 0 },
	{ "leaky_relu'(0) = slope 0.01", "leaky_relu", 0.01, 0, DF, 0.01 },
	{ "leaky_relu'(0) = slope 0.2", "leaky_relu", 0.2, 0, DF, 0.2 },
	{ "leaky_relu'(0) = slope 0", "leaky_relu", 0, 0, DF, 0 },
	{ "prelu'(0) = slope 0.25", "prelu", 0.25, 0, DF, 0.25 },
	{ "prelu'(0) = slope -0.5", "prelu", -0.5, 0, DF, -0.5 },
	{ "rrelu'(0) = (1/8 + 1/3) / 2", "rrelu", 0, 0, DF, (1.0 / 8 + 1.0 / 3) / 2 },
	{ "relu6'(0) = 0", "relu6", 0, 0, DF, 0 },
	{ "relu6'(6) = 0", "relu6", 0, 6, DF, 0 },
	{ "hardtanh'(-1) = 0", "hardtanh", 0, -1, DF, 0 },
	{ "hardtanh'(1) = 0", "hardtanh", 0, 1, DF, 0 },
	{ "elu'(0) = alpha 1", "elu", 1, 0, DF, 1 },
	{ "elu'(0) = alpha 0.5", "elu", 0.5, 0, DF, 0.5 },
	{ "celu'(0) = 1 (alpha 1)", "celu", 1, 0, DF, 1 },
	{ "celu'(0) = 1 (alpha 0.5)", "celu", 0.5, 0, DF, 1 },
	{ "selu'(0) = scale * alpha", "selu", 0, 0, DF, SELU_SCALE * SELU_ALPHA },
	{ "hardsigmoid'(-3) = 0", "hardsigmoid", 0, -3, DF, 0 },
	{ "hardsigmoid'(3) = 0", "hardsigmoid", 0, 3, DF, 0 },
	/* PyTorch's hardswish_backward: x/3 + 1/2 on the closed [-3, 3] */
	{ "hardswish'(-3) = -0.5", "hardswish", 0, -3, DF, -0.5 },
	{ "hardswish'(3) = 1.5", "hardswish", 0, 3, DF, 1.5 },
	{ "hardswish'(-3 - ulp) = 0", "hardswish", 0, -3.0000000000000004, DF, 0 },
	{ "hardswish'(3 + ulp) = 1", "hardswish", 0, 3.0000000000000004, DF, 1 },
	{ "hardswish(-3) = 0", "hardswish", 0, -3, F, 0 },
	{ "hardswish(3) = 3", "hardswish", 0, 3, F, 3 },
	{ "hardsigmoid(-3) = 0", "hardsigmoid", 0, -3, F, 0 },
	{ "hardsigmoid(3) = 1", "hardsigmoid", 0, 3, F, 1 },
	{ "relu6(6) = 6", "relu6", 0, 6, F, 6 },
	{ "softshrink(0.75) = 0.25 (lambda 0.5)", "softshrink", 0.5, 0.75, F, 0.25 },
	{ "elu(0) = 0", "elu", 1, 0, F, 0 },
	{ "selu(0) = 0", "selu", 0, 0, F, 0 },
	{ "softshrink'(0.5) = 0 (lambda 0.5)", "softshrink", 0.5, 0.5, DF, 0 },
	{ "softshrink'(-0.5) = 0 (lambda 0.5)", "softshrink", 0.5, -0.5, DF, 0 },
	{ "softshrink(0.5) = 0 (lambda 0.5)", "softshrink", 0.5, 0.5, F, 0 },
	{ "softshrink(-0.5) = 0 (lambda 0.5)", "softshrink", 0.5, -0.5, F, 0 },
	{ "softshrink'(2) = 0 (lambda 2)", "softshrink", 2, 2, DF, 0 },
	{ "softshrink(-2) = 0 (lambda 2)", "softshrink", 2, -2, F, 0 },
	{ "hardshrink'(0.5) = 0 (lambda 0.5)", "hardshrink", 0.5, 0.5, DF, 0 },
	{ "hardshrink'(-0.5) = 0 (lambda 0.5)", "hardshrink", 0.5, -0.5, DF, 0 },
	{ "hardshrink(0.5) = 0 (lambda 0.5)", "hardshrink", 0.5, 0.5, F, 0 },
	{ "hardshrink(-0.5) = 0 (lambda 0.5)", "hardshrink", 0.5, -0.5, F, 0 },
	{ "hardshrink'(2) = 0 (lambda 2)", "hardshrink", 2, 2, DF, 0 },
	{ "hardshrink(-2) = 0 (lambda 2)", "hardshrink", 2, -2, F, 0 },
};

static void test_kinks(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < sizeof kinks / sizeof kinks[0]; i++) {
		const kink_case *k = &kinks[i];
		const act_def *a = act_find(k->act);
		double got;

		if (a == NULL) {
			print_error("FAIL %s: %s not found\n", k->what, k->act);
			failures++;
			continue;
		}
		got = k->which == F ? a->f(k->x, k->p) : a->df(k->x, k->p);
		/* The wanted values are exact or a product of two doubles: a few
		 * ulps at most, and zero means zero. */
		if (!(fabs(got - k->want) <= 1e-15 * fabs(k->want))) {
			print_error("FAIL %s: got %.17g want %.17g\n", k->what, got, k->want);
			failures++;
		}
	}
	if (failures > 0)
		fail_msg("%d kink convention(s) wrong", failures);
}

static void test_find_and_suggest(void **state)
{
	const char *s;

	(void)state;
	assert_non_null(act_find("relu"));
	assert_ptr_equal(act_find("linear"), act_find("identity"));
	assert_ptr_equal(act_find("swish"), act_find("silu"));
	assert_non_null(act_find("identity"));
	assert_non_null(act_find("silu"));
	assert_null(act_find("nope"));
	assert_null(act_find(""));
	assert_null(act_find("ReLU"));  /* lookup is case-sensitive */

	s = act_suggest("reul");
	assert_non_null(s);
	assert_string_equal(s, "relu");
	s = act_suggest("leaky");
	assert_non_null(s);
	assert_true(strncmp(s, "leaky", 5) == 0);
	assert_null(act_suggest("zzzzzzzz"));
}

static void test_param_check(void **state)
{
	char err[128];
	size_t n;
	const act_def *tab = act_table(&n);
	const act_def *leaky = act_find("leaky_relu");
	const act_def *celu = act_find("celu");

	(void)state;
	assert_non_null(leaky);
	assert_non_null(celu);

	err[0] = '\0';
	assert_false(act_param_check(leaky, 3, err, sizeof err));
	assert_non_null(strstr(err, "slope"));
	assert_false(act_param_check(leaky, NAN, err, sizeof err));
	assert_false(act_param_check(leaky, -INFINITY, err, sizeof err));
	assert_true(act_param_check(leaky, 0, err, sizeof err));
	assert_true(act_param_check(leaky, 1, err, sizeof err));

	/* alpha = 0 would divide by zero in exp(x / alpha). */
	assert_false(act_param_check(celu, 0, err, sizeof err));
	assert_false(act_param_check(celu, NAN, err, sizeof err));
	assert_true(act_param_check(celu, 1e-3, err, sizeof err));

	for (size_t i = 0; i < n; i++) {
		const act_def *a = &tab[i];

		if (!act_has_param(a)) {
			assert_true(act_param_default(a) == 0);
			continue;
		}
		if (!act_param_check(a, act_param_default(a), err, sizeof err))
			fail_msg("%s: default %g rejected: %s", a->name, act_param_default(a), err);
		assert_false(act_param_check(a, NAN, err, sizeof err));
		assert_false(act_param_check(a, a->param.max + 1, err, sizeof err));
		assert_false(act_param_check(a, a->param.min - 1, err, sizeof err));
	}
}

static void test_text_fields(void **state)
{
	size_t n;
	const act_def *tab = act_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const act_def *a = &tab[i];

		assert_non_null(a->name);
		assert_true(a->name[0] != '\0');
		assert_non_null(a->formula);
		assert_true(a->formula[0] != '\0');
		assert_non_null(a->formula_ascii);
		assert_true(a->formula_ascii[0] != '\0');
		assert_non_null(a->summary);
		assert_true(a->summary[0] != '\0');
		assert_non_null(a->f);
		assert_non_null(a->df);
		for (const unsigned char *c = (const unsigned char *)a->formula_ascii; *c; c++) {
			if (*c < 0x20 || *c > 0x7e)
				fail_msg("%s: formula_ascii byte 0x%02x", a->name, *c);
		}
		/* Names and aliases find their own row. */
		assert_ptr_equal(act_find(a->name), a);
		assert_int_equal(act_index(a), (int)i);
		for (size_t k = 0; k < 3 && a->aliases[k] != NULL; k++)
			assert_ptr_equal(act_find(a->aliases[k]), a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_values),
		cmocka_unit_test(test_pair_matches),
		cmocka_unit_test(test_every_row_has_references),
		cmocka_unit_test(test_reference_params_valid),
		cmocka_unit_test(test_kinks),
		cmocka_unit_test(test_find_and_suggest),
		cmocka_unit_test(test_param_check),
		cmocka_unit_test(test_text_fields),
	};

	return cmocka_run_group_tests(tests, load_refs, free_refs);
}
