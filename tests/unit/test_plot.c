/* test_plot.c - the plot rasteriser: golden grids for relu, sigmoid and tanh
 * in every charset, and properties read back from the drawn cells (ascii
 * stays ascii, steep curves stay connected, the marker and the saturation
 * strip sit in the right columns, labels are numbers that do not collide).
 *
 * The curves are defined here rather than taken from act.c, so a fault in
 * the activation table cannot hide or fake a fault in the rasteriser.
 *
 * WHYRELU_UPDATE_GOLDEN=1 rewrites tests/golden/plot/ instead of comparing;
 * look at the result before keeping it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plot.h"

#define GOLDEN_DIR TEST_SRCDIR "/tests/golden/plot/"

/* ---- the curves ---- */

static double relu(void *c, double x) { (void)c; return x > 0 ? x : 0; }
static double relu_d(void *c, double x) { (void)c; return x > 0 ? 1 : 0; }
static double sigm(void *c, double x) { (void)c; return 1 / (1 + exp(-x)); }
static double sigm_d(void *c, double x)
{
	double s = sigm(c, x);
	return s * (1 - s);
}
static double tanh_f(void *c, double x) { (void)c; return tanh(x); }
static double tanh_d(void *c, double x)
{
	(void)c;
	double t = tanh(x);
	return 1 - t * t;
}
/* steep: 50x clipped to [-1, 1], and a jump at 0.3 */
static double steep(void *c, double x)
{
	(void)c;
	double v = 50 * x;
	return v > 1 ? 1 : v < -1 ? -1 : v;
}
static double jump(void *c, double x) { (void)c; return x < 0.3 ? -1 : 2; }
static double wave(void *c, double x) { (void)c; return sin(7 * x); }
static double one(void *c, double x) { (void)c; (void)x; return 1; }
/* NaN left of 0 (log), NaN everywhere, NaN in the middle */
static double log_x(void *c, double x) { (void)c; return log(x); }
static double nan_f(void *c, double x) { (void)c; (void)x; return NAN; }
static double holed(void *c, double x) { (void)c; return fabs(x) < 1 ? NAN : x; }
static double flat3(void *c, double x) { (void)c; (void)x; return 3; }
static double expexp(void *c, double x) { (void)c; return exp(exp(x)); }
static double huge(void *c, double x) { (void)c; return 1e300 * x; }
static double neg_inf_left(void *c, double x) { (void)c; return x < 0 ? -INFINITY : x; }

typedef struct curve {
	const char *name;
	plot_fn f, df;
} curve;

static const curve curves[] = {
	{"relu", relu, relu_d},
	{"sigmoid", sigm, sigm_d},
	{"tanh", tanh_f, tanh_d},
	{"steep", steep, one},
	{"jump", jump, one},
	{"wave", wave, one},
	{"log", log_x, one},
	{"nan", nan_f, nan_f},
	{"holed", holed, one},
	{"flat", flat3, one},
	{"expexp", expexp, expexp},
	{"huge", huge, huge},
	{"neginf", neg_inf_left, one},
};
#define NCURVES (sizeof curves / sizeof curves[0])

static const char *const cs_name[] = {"ascii", "block", "braille"};

static plot_spec spec_for(plot_fn f, plot_fn df, const char *label, charset cs)
{
	plot_spec s;
	memset(&s, 0, sizeof s);
	s.from = -6;
	s.to = 6;
	s.f = f;
	s.df = df;
	s.show_df = true;
	s.show_sat = true;
	s.legend = true;
	s.f_label = label;
	s.cs = cs;
	return s;
}

/* ---- reading a drawn grid back ---- */

static char *render(const grid *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	grid_print(g, f);
	fclose(f);
	return buf;
}

static cell *at(grid *g, int x, int y)
{
	cell *c = grid_at(g, x, y);
	assert_non_null(c);
	return c;
}

/* Where the plot area is, found from the drawing: the bottom frame is the
 * last row with frame cells, its first one is the corner. */
typedef struct area {
	int frame, corner;   /* row of the bottom frame, column of its corner */
	int x0, pw;          /* plot columns */
	int top, bottom;     /* plot rows, bottom exclusive (strip excluded) */
} area;

static area find_area(grid *g, const plot_spec *s)
{
	area a = {-1, -1, 0, 0, 0, 0};
	for (int y = g->h - 1; y >= 0 && a.frame < 0; y--)
		for (int x = 0; x < g->w; x++)
			if (at(g, x, y)->style & ST_AXIS) {
				a.frame = y;
				a.corner = x;
				break;
			}
	assert_true(a.frame > 0);
	uint32_t corner = at(g, a.corner, a.frame)->ch;
	assert_true(corner == (s->cs == CS_ASCII ? '+' : 0x2514));
	a.x0 = a.corner + 1;
	a.pw = g->w - a.x0;
	a.top = s->legend ? 1 : 0;
	a.bottom = s->show_sat ? a.frame - 1 : a.frame;
	return a;
}

static int col_of(const plot_spec *s, const area *a, double x)
{
	int c = (int)floor((x - s->from) / (s->to - s->from) * a->pw);
	return c < 0 ? 0 : c > a->pw - 1 ? a->pw - 1 : c;
}

/* Pixel bits of a curve cell, as (row, column) within the cell. */
static int cell_pixels(charset cs, uint32_t ch, int px[8][2])
{
	static const struct {
		uint32_t ch;
		int mask;   /* 1 upper left, 2 upper right, 4 lower left, 8 lower right */
	} quad[] = {
		{0x2598, 1}, {0x259d, 2}, {0x2580, 3}, {0x2596, 4}, {0x258c, 5},
		{0x259e, 6}, {0x259b, 7}, {0x2597, 8}, {0x259a, 9}, {0x2590, 10},
		{0x259c, 11}, {0x2584, 12}, {0x2599, 13}, {0x259f, 14}, {0x2588, 15},
	};
	/* braille dots 1-8 as bits 0-7 */
	static const int dot_pos[8][2] = {
		{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {3, 0}, {3, 1},
	};
	int n = 0;
	if (cs == CS_ASCII) {
		px[0][0] = px[0][1] = 0;
		return 1;
	}
	if (cs == CS_BLOCK) {
		for (size_t i = 0; i < sizeof quad / sizeof quad[0]; i++) {
			if (quad[i].ch != ch)
				continue;
			for (int b = 0; b < 4; b++) {
				if (quad[i].mask & (1 << b)) {
					px[n][0] = b / 2;
					px[n][1] = b % 2;
					n++;
				}
			}
			return n;
		}
		fail_msg("U+%04X is not a quadrant glyph", (unsigned)ch);
	}
	assert_true(ch >= 0x2801 && ch <= 0x28ff);
	for (int b = 0; b < 8; b++) {
		if ((ch - 0x2800) & (1u << b)) {
			px[n][0] = dot_pos[b][0];
			px[n][1] = dot_pos[b][1];
			n++;
		}
	}
	return n;
}

/* ---- golden grids ---- */

typedef struct golden_case {
	const char *name;
	int curve;            /* index into curves */
	charset cs;
	int w, h;
	bool marker;
	double marker_x;
} golden_case;

static bool update_golden(void)
{
	const char *e = getenv("WHYRELU_UPDATE_GOLDEN");
	return e && strcmp(e, "1") == 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int c;
	while ((c = fgetc(f)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? 2 * cap : 4096;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		buf[len++] = (char)c;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	assert_non_null(buf);
	buf[len] = '\0';
	return buf;
}

static void test_golden(void **state)
{
	(void)state;
	static const char *const labels[] = {"relu(x)", "sigmoid(x)", "tanh(x)"};
	golden_case cases[32];
	int n = 0, failed = 0;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		static const char *const fn[] = {"relu", "sigmoid", "tanh"};
		for (int i = 0; i < 3; i++)
			cases[n++] = (golden_case){fn[i], i, (charset)cs, 60, 16, false, 0};
		cases[n++] = (golden_case){"sigmoid-marker", 1, (charset)cs, 60, 16, true, 1.5};
		cases[n++] = (golden_case){"tiny", 1, (charset)cs, 20, 6, false, 0};
	}
	for (int i = 0; i < n; i++) {
		const golden_case *gc = &cases[i];
		plot_spec s = spec_for(curves[gc->curve].f, curves[gc->curve].df,
		                       labels[gc->curve], gc->cs);
		s.show_marker = gc->marker;
		s.marker_x = gc->marker_x;
		grid g;
		assert_int_equal(grid_init(&g, gc->w, gc->h), 0);
		assert_int_equal(plot_draw(&g, &s), 0);
		char *got = render(&g);
		char path[512];
		snprintf(path, sizeof path, GOLDEN_DIR "%s-%s.txt", gc->name, cs_name[gc->cs]);
		if (update_golden()) {
			FILE *f = fopen(path, "wb");
			if (!f)
				fail_msg("cannot write %s", path);
			fputs(got, f);
			fclose(f);
			printf("note: wrote %s\n", path);
		} else {
			char *want = read_file(path);
			if (!want) {
				printf("missing %s (run with WHYRELU_UPDATE_GOLDEN=1 to create it)\n", path);
				failed++;
			} else if (strcmp(want, got) != 0) {
				printf("mismatch: %s\n--- want\n%s--- got\n%s---\n", path, want, got);
				failed++;
			}
			free(want);
		}
		free(got);
		grid_free(&g);
	}
	if (failed)
		fail_msg("%d golden grid(s) differ", failed);
}

/* ---- properties ---- */

static void test_ascii_only(void **state)
{
	(void)state;
	static const int sizes[][2] = {{20, 6}, {37, 9}, {60, 16}, {133, 41}};
	for (size_t c = 0; c < NCURVES; c++) {
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
			/* a non-ascii label must not leak into an ascii grid */
			plot_spec s = spec_for(curves[c].f, curves[c].df, "\xcf\x83(x) \xe2\x80\x94 x", CS_ASCII);
			s.show_marker = true;
			s.marker_x = 0.7;
			grid g;
			assert_int_equal(grid_init(&g, sizes[z][0], sizes[z][1]), 0);
			assert_int_equal(plot_draw(&g, &s), 0);
			for (int i = 0; i < g.w * g.h; i++)
				if (g.cells[i].ch < 0x20 || g.cells[i].ch > 0x7e)
					fail_msg("%s %dx%d: cell %d is U+%04X", curves[c].name, g.w, g.h,
					         i, (unsigned)g.cells[i].ch);
			char *out = render(&g);
			for (const char *p = out; *p; p++)
				assert_true(*p == '\n' || (*p >= 0x20 && *p <= 0x7e));
			free(out);
			grid_free(&g);
		}
	}
}

/* Every pixel column of f holds one vertical run, and each run touches the
 * run of the column before it, so the curve reads as one connected line
 * however steep it is. */
static void check_connected(plot_fn f, charset cs, int w, int h)
{
	plot_spec s = spec_for(f, one, "f", cs);
	s.show_df = false;
	grid g;
	assert_int_equal(grid_init(&g, w, h), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	area a = find_area(&g, &s);
	int sx = cs == CS_ASCII ? 1 : 2, sy = cs == CS_ASCII ? 1 : cs == CS_BLOCK ? 2 : 4;
	int pxw = a.pw * sx;
	int *lo = malloc(sizeof(int) * (size_t)pxw), *hi = malloc(sizeof(int) * (size_t)pxw);
	int *count = calloc((size_t)pxw, sizeof(int));
	assert_true(lo && hi && count);
	for (int i = 0; i < pxw; i++) {
		lo[i] = 1 << 30;
		hi[i] = -1;
	}
	for (int y = a.top; y < a.bottom; y++) {
		for (int x = a.x0; x < g.w; x++) {
			cell *c = at(&g, x, y);
			if (!(c->style & ST_F))
				continue;
			int px[8][2];
			int n = cell_pixels(cs, c->ch, px);
			for (int k = 0; k < n; k++) {
				int pc = (x - a.x0) * sx + px[k][1], pr = (y - a.top) * sy + px[k][0];
				count[pc]++;
				if (pr < lo[pc])
					lo[pc] = pr;
				if (pr > hi[pc])
					hi[pc] = pr;
			}
		}
	}
	char *pic = render(&g);
	for (int i = 0; i < pxw; i++) {
		if (count[i] == 0 || count[i] != hi[i] - lo[i] + 1)
			fail_msg("%s %dx%d: pixel column %d is not one run (%d pixels in rows %d..%d)\n%s",
			         cs_name[cs], w, h, i, count[i], lo[i], hi[i], pic);
		if (i > 0 && (lo[i] > hi[i - 1] + 1 || hi[i] < lo[i - 1] - 1))
			fail_msg("%s %dx%d: gap between pixel columns %d and %d\n%s",
			         cs_name[cs], w, h, i - 1, i, pic);
	}
	free(pic);
	free(lo);
	free(hi);
	free(count);
	grid_free(&g);
}

static void test_continuity(void **state)
{
	(void)state;
	static const int sizes[][2] = {{20, 6}, {60, 16}, {101, 37}, {300, 100}};
	plot_fn fs[] = {steep, jump, wave, sigm, relu};
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++)
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
			for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
				check_connected(fs[i], (charset)cs, sizes[z][0], sizes[z][1]);
}

/* f' must not be solid where f would be: ascii gives it its own glyph, the
 * others dash it (a flat f' leaves about every other cell empty). */
static void test_df_distinct(void **state)
{
	(void)state;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		plot_spec s = spec_for(relu, relu_d, "relu(x)", (charset)cs);
		grid g;
		assert_int_equal(grid_init(&g, 60, 16), 0);
		assert_int_equal(plot_draw(&g, &s), 0);
		area a = find_area(&g, &s);
		/* the row of f' = 1 (the one with most f' cells right of 0) */
		int row = -1, best = 0, on = 0, off = 0;
		for (int y = a.top; y < a.bottom; y++) {
			int n = 0;
			for (int c = col_of(&s, &a, 0.5); c < a.pw; c++)
				n += (at(&g, a.x0 + c, y)->style & ST_DF) != 0;
			if (n > best) {
				best = n;
				row = y;
			}
		}
		assert_true(row >= 0);
		for (int c = col_of(&s, &a, 2.0); c <= col_of(&s, &a, 5.5); c++) {
			cell *ce = at(&g, a.x0 + c, row);
			if (ce->style & ST_F)
				continue;
			if (ce->style & ST_DF) {
				on++;
				if (cs == CS_ASCII)
					assert_int_equal(ce->ch, '.');
			} else {
				off++;
			}
		}
		if (cs == CS_ASCII) {
			assert_int_equal(off, 0);
		} else {
			if (on < 5 || off < 5 || abs(on - off) > 2) {
				char *pic = render(&g);
				fail_msg("%s: row %d has %d f' cells and %d gaps\n%s", cs_name[cs], row, on, off, pic);
			}
		}
		/* f is '*' in ascii wherever it is alone */
		if (cs == CS_ASCII)
			for (int i = 0; i < g.w * g.h; i++)
				if (g.cells[i].style == ST_F)
					assert_int_equal(g.cells[i].ch, '*');
		grid_free(&g);
	}
}

static void test_marker(void **state)
{
	(void)state;
	static const double xs[] = {-6, -2.7, 0, 1.3, 5.99, 6};
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
			plot_spec s = spec_for(sigm, sigm_d, "sigmoid(x)", (charset)cs);
			s.show_marker = true;
			s.marker_x = xs[i];
			grid g;
			assert_int_equal(grid_init(&g, 71, 19), 0);
			assert_int_equal(plot_draw(&g, &s), 0);
			area a = find_area(&g, &s);
			int want = a.x0 + col_of(&s, &a, xs[i]);
			uint32_t dot = cs == CS_ASCII ? 'O' : 0x25cf;
			int dots = 0, lines = 0, dot_row = -1;
			for (int y = a.top; y < a.frame; y++) {
				for (int x = 0; x < g.w; x++) {
					cell *c = at(&g, x, y);
					if (!(c->style & ST_MARKER))
						continue;
					if (x != want)
						fail_msg("%s x=%g: marker cell at column %d, want %d",
						         cs_name[cs], xs[i], x, want);
					if (c->ch == dot) {
						dots++;
						dot_row = y;
					} else {
						lines++;
					}
				}
			}
			assert_int_equal(dots, 1);
			assert_true(lines >= 3);
			/* the dot sits on the curve: f passes through a cell next to it */
			bool near = false;
			for (int dx = -1; dx <= 1; dx += 2)
				for (int dy = -1; dy <= 1; dy++) {
					cell *c = grid_at(&g, want + dx, dot_row + dy);
					if (c && (c->style & ST_F) && !(c->style & ST_MARKER))
						near = true;
				}
			assert_true(near);
			grid_free(&g);
		}
		/* outside the range: no marker at all */
		plot_spec s = spec_for(sigm, sigm_d, "sigmoid(x)", (charset)cs);
		s.show_marker = true;
		s.marker_x = 6.5;
		grid g;
		assert_int_equal(grid_init(&g, 60, 16), 0);
		assert_int_equal(plot_draw(&g, &s), 0);
		for (int k = 0; k < g.w * g.h; k++)
			assert_false(g.cells[k].style & ST_MARKER);
		grid_free(&g);
	}
}

static double max_abs_d(plot_fn df, double a, double b, bool want_max)
{
	double m = want_max ? 0 : INFINITY;
	for (int k = 0; k <= 64; k++) {
		double v = fabs(df(NULL, a + (b - a) * k / 64));
		m = want_max ? fmax(m, v) : fmin(m, v);
	}
	return m;
}

/* Cells of the strip are shaded where |f'| < 0.1 over the whole column and
 * never where |f'| >= 0.1 over the whole column. */
static void check_saturation(plot_fn f, plot_fn df, double from, double to,
                             charset cs, int w, int h, int *left, int *right)
{
	plot_spec s = spec_for(f, df, "f", cs);
	s.from = from;
	s.to = to;
	grid g;
	assert_int_equal(grid_init(&g, w, h), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	area a = find_area(&g, &s);
	int strip = a.frame - 1;
	uint32_t shade = cs == CS_ASCII ? '=' : 0x2591;
	double dx = (to - from) / a.pw;
	*left = *right = 0;
	for (int c = 0; c < a.pw; c++) {
		cell *ce = at(&g, a.x0 + c, strip);
		double x0 = from + c * dx, x1 = x0 + dx;
		bool sat = (ce->style & ST_SAT) != 0;
		if (sat)
			assert_int_equal(ce->ch, shade);
		if (max_abs_d(df, x0, x1, true) < 0.1 && !sat)
			fail_msg("%s: column %d (x %g..%g) saturated but not marked", cs_name[cs], c, x0, x1);
		if (max_abs_d(df, x0, x1, false) >= 0.1 && sat)
			fail_msg("%s: column %d (x %g..%g) marked but not saturated", cs_name[cs], c, x0, x1);
		if (sat && x1 < 0)
			(*left)++;
		if (sat && x0 > 0)
			(*right)++;
	}
	/* no ST_SAT anywhere else but the legend */
	for (int y = 1; y < g.h; y++)
		for (int x = 0; x < g.w; x++)
			if (y != strip)
				assert_false(at(&g, x, y)->style & ST_SAT);
	grid_free(&g);
}

static void test_saturation(void **state)
{
	(void)state;
	int l, r;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		check_saturation(sigm, sigm_d, -8, 8, (charset)cs, 60, 16, &l, &r);
		assert_true(l > 5 && r > 5);
		check_saturation(sigm, sigm_d, -8, 8, (charset)cs, 97, 20, &l, &r);
		check_saturation(tanh_f, tanh_d, -3, 5, (charset)cs, 41, 12, &l, &r);
		assert_true(l > 2 && r > 2);
		check_saturation(relu, relu_d, -6, 6, (charset)cs, 60, 16, &l, &r);
		assert_true(l > 20 && r == 0);
		check_saturation(sigm, sigm_d, -1, 1, (charset)cs, 60, 16, &l, &r);
		assert_true(l == 0 && r == 0);
	}
	/* off: no strip, no ST_SAT at all */
	plot_spec s = spec_for(sigm, sigm_d, "sigmoid(x)", CS_BLOCK);
	s.show_sat = false;
	grid g;
	assert_int_equal(grid_init(&g, 60, 16), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	for (int k = 0; k < g.w * g.h; k++)
		assert_false(g.cells[k].style & ST_SAT);
	grid_free(&g);
}

static void test_too_small(void **state)
{
	(void)state;
	plot_spec s = spec_for(sigm, sigm_d, "sigmoid(x)", CS_BRAILLE);
	grid g;
	assert_int_equal(grid_init(&g, PLOT_MIN_W - 1, PLOT_MIN_H), 0);
	assert_int_equal(plot_draw(&g, &s), -1);
	grid_free(&g);
	assert_int_equal(grid_init(&g, PLOT_MIN_W, PLOT_MIN_H - 1), 0);
	assert_int_equal(plot_draw(&g, &s), -1);
	grid_free(&g);
	assert_int_equal(grid_init(&g, PLOT_MIN_W, PLOT_MIN_H), 0);
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		s.cs = (charset)cs;
		s.show_marker = cs == CS_BLOCK;
		assert_int_equal(plot_draw(&g, &s), 0);
	}
	/* an unusable range is refused too */
	s.from = 1;
	s.to = 1;
	assert_int_equal(plot_draw(&g, &s), -1);
	s.from = 2;
	assert_int_equal(plot_draw(&g, &s), -1);
	s.from = NAN;
	assert_int_equal(plot_draw(&g, &s), -1);
	s.from = -1e308;
	s.to = 1e308;
	assert_int_equal(plot_draw(&g, &s), -1);
	s = spec_for(NULL, sigm_d, "x", CS_ASCII);
	assert_int_equal(plot_draw(&g, &s), -1);
	grid_free(&g);
}

static int f_cells_in(grid *g, const area *a, int c_from, int c_to)
{
	int n = 0;
	for (int y = a->top; y < a->bottom; y++)
		for (int c = c_from; c <= c_to; c++)
			if (at(g, a->x0 + c, y)->style & ST_F)
				n++;
	return n;
}

static void test_non_finite(void **state)
{
	(void)state;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		grid g;
		assert_int_equal(grid_init(&g, 60, 16), 0);

		/* log: nothing left of 0, a curve right of it */
		plot_spec s = spec_for(log_x, one, "log(x)", (charset)cs);
		s.from = -3;
		s.to = 3;
		s.show_df = false;
		s.show_marker = true;
		s.marker_x = -1;  /* f is NaN there: a line, no dot */
		assert_int_equal(plot_draw(&g, &s), 0);
		area a = find_area(&g, &s);
		int c0 = col_of(&s, &a, 0);
		assert_int_equal(f_cells_in(&g, &a, 0, c0 - 1), 0);
		assert_true(f_cells_in(&g, &a, c0, a.pw - 1) > a.pw / 2);

		/* a hole in the middle */
		s = spec_for(holed, one, "f", (charset)cs);
		assert_int_equal(plot_draw(&g, &s), 0);
		a = find_area(&g, &s);
		/* columns wholly inside (-1, 1) */
		assert_int_equal(f_cells_in(&g, &a, col_of(&s, &a, -1) + 1, col_of(&s, &a, 1) - 1), 0);
		assert_true(f_cells_in(&g, &a, 0, col_of(&s, &a, -1.2)) > 0);
		assert_true(f_cells_in(&g, &a, col_of(&s, &a, 1.2), a.pw - 1) > 0);

		/* nothing finite at all: axes and labels, no curve */
		s = spec_for(nan_f, nan_f, "f", (charset)cs);
		s.show_marker = true;
		s.marker_x = 1;
		assert_int_equal(plot_draw(&g, &s), 0);
		a = find_area(&g, &s);
		assert_int_equal(f_cells_in(&g, &a, 0, a.pw - 1), 0);

		/* -inf and 1e300*x: drawn, and no label says inf or nan */
		plot_fn odd[] = {neg_inf_left, huge, expexp};
		for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
			s = spec_for(odd[i], odd[i], "f", (charset)cs);
			assert_int_equal(plot_draw(&g, &s), 0);
			a = find_area(&g, &s);
			assert_true(f_cells_in(&g, &a, 0, a.pw - 1) > 0);
			char *out = render(&g);
			assert_null(strstr(out, "inf"));
			assert_null(strstr(out, "nan"));
			free(out);
		}
		grid_free(&g);
	}
}

static bool row_has(grid *g, int y, const char *text)
{
	char line[1024];
	size_t n = 0;
	for (int x = 0; x < g->w && n + 5 < sizeof line; x++)
		n += (size_t)grid_utf8(at(g, x, y)->ch, line + n);
	line[n] = '\0';
	return strstr(line, text) != NULL;
}

static void test_legend(void **state)
{
	(void)state;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		grid g;
		assert_int_equal(grid_init(&g, 60, 16), 0);
		plot_spec s = spec_for(relu, relu_d, "relu(x)", (charset)cs);
		assert_int_equal(plot_draw(&g, &s), 0);
		assert_true(row_has(&g, 0, "relu(x)"));
		assert_true(row_has(&g, 0, "f'(x)"));
		assert_true(row_has(&g, 0, "|f'|<0.1"));
		bool f_key = false, df_key = false;
		for (int x = 0; x < g.w; x++) {
			cell *c = at(&g, x, 0);
			f_key |= c->style == ST_F;
			df_key |= c->style == ST_DF;
		}
		assert_true(f_key && df_key);

		s.show_df = false;
		s.show_sat = false;
		s.f_label = NULL;
		assert_int_equal(plot_draw(&g, &s), 0);
		assert_true(row_has(&g, 0, "f(x)"));
		assert_false(row_has(&g, 0, "f'(x)"));
		assert_false(row_has(&g, 0, "0.1"));

		s.legend = false;
		s.f_label = "relu(x)";
		assert_int_equal(plot_draw(&g, &s), 0);
		for (int y = 0; y < g.h; y++)
			assert_false(row_has(&g, y, "relu(x)"));
		grid_free(&g);
	}
}

/* Labels are whole numbers of at most 7 characters with blanks between
 * them; x labels sit under their column, y labels go down as the rows do
 * and have a tick on the frame. */
static void check_labels(const curve *cv, charset cs, int w, int h, double from, double to)
{
	plot_spec s = spec_for(cv->f, cv->df, cv->name, cs);
	s.from = from;
	s.to = to;
	grid g;
	assert_int_equal(grid_init(&g, w, h), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	area a = find_area(&g, &s);
	char *pic = render(&g);
	int row = a.frame + 1, xlabels = 0;
	for (int x = 0; x < g.w;) {
		char tok[64];
		int n = 0, start = x;
		while (x < g.w && at(&g, x, row)->ch != ' ' && n < 63)
			tok[n++] = (char)at(&g, x++, row)->ch;
		tok[n] = '\0';
		if (!n) {
			x++;
			continue;
		}
		char *end;
		double v = strtod(tok, &end);
		if (*end || n > 7)
			fail_msg("x label '%s' at %d (%dx%d %s)\n%s", tok, start, w, h, cs_name[cs], pic);
		int want = a.x0 + col_of(&s, &a, v);
		if (want < start - 1 || want > start + n)
			fail_msg("x label '%s' at %d..%d, its column is %d\n%s", tok, start, start + n - 1, want, pic);
		xlabels++;
	}
	if (xlabels < 2)
		fail_msg("%d x labels (%dx%d %s)\n%s", xlabels, w, h, cs_name[cs], pic);

	double prev = INFINITY;
	int ylabels = 0;
	for (int y = a.top; y < a.bottom; y++) {
		char tok[64];
		int n = 0, x = 0;
		while (x < a.corner && at(&g, x, y)->ch == ' ')
			x++;
		while (x < a.corner && at(&g, x, y)->ch != ' ' && n < 63)
			tok[n++] = (char)at(&g, x++, y)->ch;
		tok[n] = '\0';
		if (!n)
			continue;
		char *end;
		double v = strtod(tok, &end);
		if (*end || n > 7 || x != a.corner - 1 || !(v < prev))
			fail_msg("y label '%s' on row %d\n%s", tok, y, pic);
		uint32_t tick = at(&g, a.corner, y)->ch;
		if (cs == CS_ASCII)
			assert_int_equal(tick, '+');
		else
			assert_true(tick == (v == 0 ? 0x253c : 0x2524));
		prev = v;
		ylabels++;
	}
	/* two rows leave room for one label only */
	if (ylabels < (a.bottom - a.top >= 4 ? 2 : 1))
		fail_msg("%d y labels (%dx%d %s)\n%s", ylabels, w, h, cs_name[cs], pic);
	free(pic);
	grid_free(&g);
}

static void test_labels(void **state)
{
	(void)state;
	static const int sizes[][2] = {{20, 6}, {23, 7}, {31, 9}, {60, 16}, {87, 23}, {200, 60}, {300, 100}};
	static const double ranges[][2] = {{-6, 6}, {-5.3, 7.9}, {0, 1e-4}, {-3e5, 1e5}, {0.1, 0.3}};
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++)
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
			for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
				for (size_t c = 0; c < 3; c++)
					check_labels(&curves[c], (charset)cs, sizes[z][0], sizes[z][1],
					             ranges[r][0], ranges[r][1]);
	/* odd curves too: flat, exploding, tiny */
	for (size_t c = 0; c < NCURVES; c++)
		if (strcmp(curves[c].name, "nan") != 0)
			check_labels(&curves[c], CS_BRAILLE, 60, 16, -6, 6);
}

static void test_zero_lines(void **state)
{
	(void)state;
	/* tanh on [-6, 6]: both zero lines, crossing in the middle */
	plot_spec s = spec_for(tanh_f, tanh_d, "tanh(x)", CS_BLOCK);
	s.show_df = false;
	grid g;
	assert_int_equal(grid_init(&g, 60, 16), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	area a = find_area(&g, &s);
	int c0 = a.x0 + col_of(&s, &a, 0), r0 = -1;
	for (int y = a.top; y < a.bottom; y++)
		if (at(&g, a.corner, y)->ch == 0x253c)
			r0 = y;
	assert_true(r0 > a.top && r0 < a.bottom - 1);
	int horiz = 0, vert = 0;
	for (int x = a.x0; x < g.w; x++) {
		cell *c = at(&g, x, r0);
		assert_true(c->style == ST_F || c->style == ST_AXIS);
		horiz += c->ch == 0x2500;
	}
	for (int y = a.top; y < a.bottom; y++) {
		cell *c = at(&g, c0, y);
		assert_true(c->style == ST_F || c->style == ST_AXIS);
		vert += c->ch == 0x2502;
	}
	assert_true(horiz > a.pw / 2);
	assert_true(vert > (a.bottom - a.top) / 2);
	assert_int_equal(at(&g, c0, a.frame)->ch, 0x253c);  /* tick at 0 */
	grid_free(&g);

	/* no zero lines out of range: sigmoid on [1, 5] */
	s = spec_for(sigm, sigm_d, "sigmoid(x)", CS_BRAILLE);
	s.from = 1;
	s.to = 5;
	s.show_df = false;
	assert_int_equal(grid_init(&g, 60, 16), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	a = find_area(&g, &s);
	for (int y = a.top; y < a.bottom; y++)
		for (int x = a.x0; x < g.w; x++)
			assert_false(at(&g, x, y)->ch == 0x2502 || at(&g, x, y)->ch == 0x2500);
	grid_free(&g);
}

static void test_big_and_fast(void **state)
{
	(void)state;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		plot_spec s = spec_for(sigm, sigm_d, "sigmoid(x)", (charset)cs);
		s.show_marker = true;
		s.marker_x = 0.5;
		grid g;
		assert_int_equal(grid_init(&g, 300, 100), 0);
		assert_int_equal(plot_draw(&g, &s), 0);
		area a = find_area(&g, &s);
		assert_true(f_cells_in(&g, &a, 0, a.pw - 1) >= a.pw);
		grid_free(&g);

		/* the lab redraws on every key: about 1 ms at 200x60 is the budget;
		 * the bound here is loose so a busy or sanitised build passes */
		assert_int_equal(grid_init(&g, 200, 60), 0);
		struct timespec t0, t1;
		const int reps = 200;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < reps; i++)
			assert_int_equal(plot_draw(&g, &s), 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / reps / 1e3;
		printf("plot_draw 200x60 %s: %.0f us\n", cs_name[cs], us);
		assert_true(us < 10000);
		grid_free(&g);
	}
}

/* Switch LC_NUMERIC to name; when it is not installed, build it with
 * localedef into build/tests/locale (once: later runs reuse it). Returns
 * whether printf now writes something other than "1.5". */
static bool use_locale(const char *src, const char *name)
{
	const char *dir = TEST_SRCDIR "/build/tests/locale";
	if (!setlocale(LC_NUMERIC, name)) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd,
		         "test -f '%s/%s/LC_NUMERIC' || { mkdir -p '%s' && "
		         "localedef -i %s -f UTF-8 '%s/%s'; } >/dev/null 2>&1",
		         dir, name, dir, src, dir, name);
		/* localedef may warn and still succeed: judge by setlocale */
		if (system(cmd) == -1)
			return false;
		setenv("LOCPATH", dir, 1);
		if (!setlocale(LC_NUMERIC, name))
			return false;
	}
	char buf[16];
	snprintf(buf, sizeof buf, "%.1f", 1.5);
	if (strcmp(buf, "1.5") == 0) {
		setlocale(LC_NUMERIC, "C");
		return false;
	}
	return true;
}

/* Same picture whatever was in the grid before, and whatever the locale's
 * decimal point is. */
static void test_deterministic(void **state)
{
	(void)state;
	plot_spec s = spec_for(tanh_f, tanh_d, "tanh(x)", CS_BRAILLE);
	s.from = -2.5;
	s.to = 2.5;
	s.show_marker = true;
	s.marker_x = 0.25;
	grid g;
	assert_int_equal(grid_init(&g, 60, 16), 0);
	assert_int_equal(plot_draw(&g, &s), 0);
	char *first = render(&g);
	for (int i = 0; i < g.w * g.h; i++) {
		g.cells[i].ch = '@';
		g.cells[i].style = ST_BAD;
	}
	assert_int_equal(plot_draw(&g, &s), 0);
	char *again = render(&g);
	assert_string_equal(first, again);
	free(again);
	for (int i = 0; i < g.w * g.h; i++)
		assert_false(g.cells[i].style & ST_BAD);

	/* a decimal comma, and a decimal point of two bytes (U+066B) */
	static const char *const locs[][2] = {{"de_DE", "de_DE.UTF-8"}, {"ps_AF", "ps_AF.UTF-8"}};
	int tried = 0;
	for (size_t i = 0; i < sizeof locs / sizeof locs[0]; i++) {
		if (!use_locale(locs[i][0], locs[i][1]))
			continue;
		tried++;
		assert_int_equal(plot_draw(&g, &s), 0);
		again = render(&g);
		setlocale(LC_NUMERIC, "C");
		assert_string_equal(first, again);
		free(again);
	}
	free(first);
	grid_free(&g);
	if (!tried)
		skip();  /* no such locale, and localedef could not make one */
}

/* ---- comparisons ---- */

static double level(void *c, double x) { (void)x; return *(const double *)c; }

/* Four flat curves at 3, 1, -1 and -3, each on a row of its own: the row
 * shows each curve's look. Returns the row of the curve with style st. */
static int row_of_style(grid *g, const area *a, uint16_t st)
{
	int row = -1, best = 0;
	for (int y = a->top; y < a->bottom; y++) {
		int n = 0;
		for (int c = 0; c < a->pw; c++)
			n += (at(g, a->x0 + c, y)->style & st) != 0;
		if (n > best) {
			best = n;
			row = y;
		}
	}
	return row;
}

static int dots(uint32_t ch)
{
	int n = 0;
	if (ch >= 0x2800 && ch <= 0x28ff)
		for (uint32_t m = ch - 0x2800; m; m >>= 1)
			n += (int)(m & 1);
	else if (ch == 0x2580 || ch == 0x2584)
		n = 2;   /* half blocks: two quadrants */
	else if (ch == 0x2598 || ch == 0x259d || ch == 0x2596 || ch == 0x2597)
		n = 1;
	return n;
}

static void test_compare_looks(void **state)
{
	(void)state;
	static const double lv[4] = { 3, 1, -1, -3 };
	static const uint16_t style[4] = { ST_F, ST_DF, ST_GOOD, ST_BAD };
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		plot_curve ex[3] = {
			{ level, (void *)&lv[1], "one" }, { level, (void *)&lv[2], "minus one" },
			{ level, (void *)&lv[3], NULL },
		};
		plot_spec s = spec_for(level, NULL, "three", (charset)cs);
		s.ctx = (void *)&lv[0];
		s.show_df = false;
		s.show_sat = false;
		s.extra = ex;
		s.nextra = 3;
		grid g;
		assert_int_equal(grid_init(&g, 60, 16), 0);
		assert_int_equal(plot_draw(&g, &s), 0);
		char *pic = render(&g);
		area a = find_area(&g, &s);
		/* the legend names each curve with its mark */
		assert_true(row_has(&g, 0, cs == CS_ASCII ? "a three" : "\u2501 three"));
		assert_true(row_has(&g, 0, cs == CS_ASCII ? "b one" : "\u2504 one"));
		assert_true(row_has(&g, 0, cs == CS_ASCII ? "c minus one" : "\u2508 minus one"));
		assert_true(row_has(&g, 0, cs == CS_ASCII ? "d g(x)" : "\u254c g(x)"));
		assert_false(row_has(&g, 0, "overlap"));
		int on[4] = { 0 }, off[4] = { 0 }, px[4] = { 0 };
		for (int k = 0; k < 4; k++) {
			int row = row_of_style(&g, &a, style[k]);
			if (row < 0)
				fail_msg("%s: curve %d not drawn\n%s", cs_name[cs], k, pic);
			for (int c = 1; c < a.pw - 1; c++) {
				cell *ce = at(&g, a.x0 + c, row);
				if (ce->style & style[k]) {
					on[k]++;
					px[k] += dots(ce->ch);
					/* nothing else shares the row */
					assert_int_equal(ce->style, style[k]);
					if (cs == CS_ASCII)
						assert_int_equal(ce->ch, 'a' + k);
				} else {
					off[k]++;
				}
			}
		}
		int n = a.pw - 2;
		if (cs == CS_ASCII) {
			for (int k = 0; k < 4; k++)
				assert_int_equal(on[k], n);
		} else {
			/* solid; a cell on, a cell off; every cell, half the dots;
			 * two cells on, one off */
			assert_int_equal(on[0], n);
			assert_true(abs(on[1] - off[1]) <= 1);
			assert_int_equal(on[2], n);
			assert_true(px[2] * 2 <= px[0] + 1 && px[2] > 0);
			assert_true(abs(on[3] - 2 * off[3]) <= 2);
		}
		free(pic);
		grid_free(&g);
	}
}

static void test_compare_overlap_and_refusals(void **state)
{
	(void)state;
	grid g;
	assert_int_equal(grid_init(&g, 60, 16), 0);
	/* relu and sigmoid meet nowhere on a row but where they cross; the
	 * same curve twice overlaps everywhere */
	plot_curve ex[3] = { { relu, NULL, "relu again" }, { sigm, NULL, "sigmoid" },
	                     { tanh_f, NULL, "tanh" } };
	plot_spec s = spec_for(relu, NULL, "relu", CS_ASCII);
	s.show_df = false;
	s.show_sat = false;
	s.extra = ex;
	s.nextra = 1;
	assert_int_equal(plot_draw(&g, &s), 0);
	assert_true(row_has(&g, 0, "# overlap"));
	int hashes = 0;
	for (int i = g.w; i < g.w * g.h; i++) {   /* below the legend */
		cell *c = &g.cells[i];
		if (c->style & (ST_F | ST_DF)) {
			assert_int_equal(c->style & (ST_F | ST_DF), ST_F | ST_DF);
			hashes += c->ch == '#';
		}
	}
	assert_true(hashes > 20);
	/* the saturation strip still works with extra curves */
	s.df = relu_d;
	s.show_sat = true;
	s.nextra = 3;
	assert_int_equal(plot_draw(&g, &s), 0);
	int sat = 0;
	for (int i = g.w; i < g.w * g.h; i++)
		sat += g.cells[i].style == ST_SAT;
	assert_true(sat > 10);

	/* refused, and g left as it was */
	char *before = render(&g);
	s.show_df = true;
	assert_int_equal(plot_draw(&g, &s), -1);
	s.show_df = false;
	s.nextra = PLOT_MAX_EXTRA + 1;
	assert_int_equal(plot_draw(&g, &s), -1);
	s.nextra = -1;
	assert_int_equal(plot_draw(&g, &s), -1);
	s.nextra = 1;
	s.extra = NULL;
	assert_int_equal(plot_draw(&g, &s), -1);
	ex[0].f = NULL;
	s.extra = ex;
	assert_int_equal(plot_draw(&g, &s), -1);
	char *after = render(&g);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* a label for f' */
	s = spec_for(relu, relu_d, "out(x)", CS_BRAILLE);
	s.df_label = "d out/dx";
	assert_int_equal(plot_draw(&g, &s), 0);
	assert_true(row_has(&g, 0, "d out/dx"));
	assert_false(row_has(&g, 0, "f'(x)"));
	grid_free(&g);
}

static void test_compare_golden(void **state)
{
	(void)state;
	int failed = 0;
	for (int cs = CS_ASCII; cs <= CS_BRAILLE; cs++) {
		plot_curve ex[3] = { { sigm, NULL, "sigmoid" }, { tanh_f, NULL, "tanh" },
		                     { steep, NULL, "steep" } };
		plot_spec s = spec_for(relu, NULL, "relu", (charset)cs);
		s.from = -3;
		s.to = 3;
		s.show_df = false;
		s.show_sat = false;
		s.show_marker = true;
		s.marker_x = 1;
		s.extra = ex;
		s.nextra = 3;
		grid g;
		assert_int_equal(grid_init(&g, 60, 16), 0);
		assert_int_equal(plot_draw(&g, &s), 0);
		char *got = render(&g);
		char path[512];
		snprintf(path, sizeof path, GOLDEN_DIR "compare-%s.txt", cs_name[cs]);
		if (update_golden()) {
			FILE *f = fopen(path, "wb");
			if (!f)
				fail_msg("cannot write %s", path);
			fputs(got, f);
			fclose(f);
			printf("note: wrote %s\n", path);
		} else {
			char *want = read_file(path);
			if (!want) {
				printf("missing %s (run with WHYRELU_UPDATE_GOLDEN=1 to create it)\n", path);
				failed++;
			} else if (strcmp(want, got) != 0) {
				printf("mismatch: %s\n--- want\n%s--- got\n%s---\n", path, want, got);
				failed++;
			}
			free(want);
		}
		free(got);
		grid_free(&g);
	}
	if (failed)
		fail_msg("%d golden grid(s) differ", failed);
}

/* Data points: drawn where no curve is, with their own glyph and style,
 * in the legend, and counted in the y range; refused without arrays. */
static void test_points(void **state)
{
	(void)state;
	const double px[] = { -5, -2, 0.5, 4, 5.5, 100 };
	const double py[] = { 3, -4, 0.5, 40, NAN, 1 };
	for (int k = 0; k < 3; k++) {
		grid g;
		assert_int_equal(grid_init(&g, 60, 20), 0);
		plot_spec s = spec_for(relu, relu_d, "relu(x)", (charset)k);
		s.show_df = false;
		s.show_sat = false;
		s.px = px;
		s.py = py;
		s.npoints = 6;
		s.points_label = "target";
		assert_int_equal(plot_draw(&g, &s), 0);
		uint32_t glyph = k == CS_ASCII ? 'o' : 0x2022;
		int n = 0, top_row = -1;
		for (int y = 0; y < g.h; y++)
			for (int x = 0; x < g.w; x++) {
				cell *c = at(&g, x, y);
				if (c->ch == glyph && c->style == ST_GOOD && y > 0) {
					n++;
					if (top_row < 0)
						top_row = y;
				}
			}
		/* (-5, 3), (-2, -4) and (4, 40) are off relu's curve; (0.5, 0.5) is on
		 * it, (5.5, NaN) is no point and x = 100 is out of range */
		assert_int_equal(n, 3);
		/* y = 40 set the top of the range (relu alone reaches 6): its point
		 * is within the padding of the top, in the first two plot rows */
		assert_true(top_row >= 1 && top_row <= 2);
		char *text = render(&g);
		assert_non_null(strstr(text, "target"));
		free(text);
		s.px = NULL;
		assert_int_equal(plot_draw(&g, &s), -1);
		s.px = px;
		s.npoints = -1;
		assert_int_equal(plot_draw(&g, &s), -1);
		grid_free(&g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_ascii_only),
		cmocka_unit_test(test_continuity),
		cmocka_unit_test(test_df_distinct),
		cmocka_unit_test(test_marker),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_non_finite),
		cmocka_unit_test(test_legend),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_zero_lines),
		cmocka_unit_test(test_big_and_fast),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_compare_looks),
		cmocka_unit_test(test_compare_overlap_and_refusals),
		cmocka_unit_test(test_compare_golden),
		cmocka_unit_test(test_points),
	};
	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
