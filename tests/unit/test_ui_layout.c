/* test_ui_layout.c - a frame is laid out, then composed: the layout pass
 * makes every change a frame brings (a try-it line that came into view
 * sets the lab up, scroll positions are kept in range, the sizes the keys
 * page by are recorded), and composing only reads the state. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui_impl.h"

static char tmpdir[] = "/tmp/whyrelu-layout-XXXXXX";
static char lessons[600];

/* A try-it line well below the first screen of the lesson pane. */
static const char far_lesson[] =
	"# Far\n"
	"\n"
	"One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\nEight.\n\n"
	"Nine.\n\nTen.\n\nEleven.\n\nTwelve.\n\n"
	"```lab\n"
	"act tanh\n"
	"set x 0.5\n"
	"```\n"
	"\n"
	"The end.\n";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(lessons, sizeof lessons, "%s/lessons", tmpdir);
	if (mkdir(lessons, 0700) < 0)
		return -1;
	char path[700];
	snprintf(path, sizeof path, "%s/01-far.md", lessons);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(far_lesson, f);
	fclose(f);
	/* progress is saved only on a flush, which nothing here asks for;
	 * should that change, it goes here and not to the real home */
	setenv("XDG_STATE_HOME", tmpdir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char rm[700];
	snprintf(rm, sizeof rm, "rm -rf '%s'", tmpdir);
	return system(rm) == 0 ? 0 : -1;
}

static void open_ui(ui *u)
{
	memset(u, 0, sizeof *u);
	assert_int_equal(ui_views_start(u), 0);
	lab_init(&u->lab);
	u->ascii = true;
	u->run_lesson_cmd = ui_lesson_cmd;
	char err[300];
	assert_int_equal(ui_lesson_start(u, lessons, NULL, err, sizeof err), 0);
}

static void close_ui(ui *u)
{
	ui_lesson_end(u);
	ui_views_free(u);
	lab_free(&u->lab);
	ui_view_free(u);
}

/* Whether the frame shows s on some row. */
static bool frame_has(const grid *g, const char *s)
{
	size_t n = strlen(s);
	for (int y = 0; y < g->h; y++) {
		char row[512];
		int w = g->w < (int)sizeof row - 1 ? g->w : (int)sizeof row - 1;
		for (int x = 0; x < w; x++) {
			uint32_t ch = g->cells[(size_t)y * (size_t)g->w + (size_t)x].ch;
			row[x] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
		}
		row[w] = '\0';
		if (n <= (size_t)w && strstr(row, s))
			return true;
	}
	return false;
}

/* ui_compose leaves every byte of the ui but the frame, the plot grid
 * and the terminal cursor as it found it. */
static void assert_compose_reads_only(ui *u, int w, int h)
{
	ui *before = malloc(sizeof *u);
	assert_non_null(before);
	memcpy(before, u, sizeof *u);
	assert_int_equal(ui_compose(u, w, h), 0);
	before->frame = u->frame;
	before->plot = u->plot;
	before->cursor_x = u->cursor_x;
	before->cursor_y = u->cursor_y;
	assert_memory_equal(before, u, sizeof *u);
	free(before);
}

static void frame(ui *u, int w, int h)
{
	assert_int_equal(ui_layout_frame(u, w, h), 0);
	assert_int_equal(ui_compose(u, w, h), 0);
}

static void test_try_it_applied_by_the_layout(void **state)
{
	(void)state;
	ui u;
	open_ui(&u);
	frame(&u, 80, 24);
	assert_string_equal(u.lab.act->name, "relu");   /* no try-it in view yet */
	assert_int_equal(u.course.lab_set_up, -1);
	assert_true(u.lesson_rows > 0 && u.lesson_lines > u.lesson_rows);

	/* End brings the try-it line into view; composing alone must not set
	 * the lab up by it (nor move the view): drawing reads the state */
	ui_key(&u, KEY_END);
	u.msg[0] = '\0';
	assert_compose_reads_only(&u, 80, 24);
	assert_string_equal(u.lab.act->name, "relu");
	assert_int_equal(u.course.lab_set_up, -1);
	assert_true(frame_has(&u.frame, " relu: "));

	/* the layout pass does it, before anything is drawn */
	assert_int_equal(ui_layout_frame(&u, 80, 24), 0);
	assert_string_equal(u.lab.act->name, "tanh");
	assert_true(u.lab.x == 0.5);
	assert_true(u.course.lab_set_up >= 0);
	assert_non_null(strstr(u.msg, "try it: the lab is set up"));
	assert_int_equal(u.scroll, u.lesson_lines - u.lesson_rows);

	/* and the frame composed after it shows the lab as set up; composing
	 * again without a key gives the same frame and the same state */
	assert_compose_reads_only(&u, 80, 24);
	assert_true(frame_has(&u.frame, " tanh: "));
	assert_true(frame_has(&u.frame, "> set up:"));
	grid first;
	assert_int_equal(grid_init(&first, u.frame.w, u.frame.h), 0);
	memcpy(first.cells, u.frame.cells, (size_t)first.w * (size_t)first.h * sizeof *first.cells);
	assert_compose_reads_only(&u, 80, 24);
	assert_memory_equal(first.cells, u.frame.cells,
	                    (size_t)first.w * (size_t)first.h * sizeof *first.cells);
	grid_free(&first);

	/* a second layout with nothing changed changes nothing */
	ui *before = malloc(sizeof u);
	assert_non_null(before);
	memcpy(before, &u, sizeof u);
	assert_int_equal(ui_layout_frame(&u, 80, 24), 0);
	assert_string_equal(u.lab.act->name, "tanh");
	assert_int_equal(u.course.lab_set_up, before->course.lab_set_up);
	assert_int_equal(u.scroll, before->scroll);
	free(before);
	close_ui(&u);
}

/* A scroll out of range is brought back by the layout, not the drawing. */
static void test_scroll_clamped_by_the_layout(void **state)
{
	(void)state;
	ui u;
	open_ui(&u);
	frame(&u, 80, 24);
	u.scroll = 100000;
	assert_compose_reads_only(&u, 80, 24);
	assert_int_equal(u.scroll, 100000);
	assert_int_equal(ui_layout_frame(&u, 80, 24), 0);
	assert_int_equal(u.scroll, u.lesson_lines - u.lesson_rows);
	close_ui(&u);
}

/* Every screen shape and overlay: the layout places and sizes, the
 * drawing only reads (the training, network and cost views keep caches
 * of their own drawing and are not among these). A frame is composed
 * only after its layout: a help overlay's scroll out of range is not
 * drawn, it is brought back first. */
static void test_overlays_placed_by_the_layout(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 80, 24 }, { 140, 40 }, { 60, 18 }, { 40, 10 } };
	ui u;
	open_ui(&u);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		int w = sizes[s][0], h = sizes[s][1];
		bool small = w < UI_MIN_W || h < UI_MIN_H;
		for (int layout = UI_BOTH; layout < UI_LAYOUTS; layout++) {
			u.layout = (ui_layout)layout;
			u.mode = UI_MAIN;
			frame(&u, w, h);
			assert_compose_reads_only(&u, w, h);

			u.mode = UI_HELP;
			u.help_scroll = 100000;
			assert_int_equal(ui_layout_frame(&u, w, h), 0);
			if (!small) {
				assert_int_equal(u.help_scroll, u.help_lines - u.help_rows);
				assert_true(u.help_rows > 0);
			}
			assert_compose_reads_only(&u, w, h);

			u.mode = UI_CMDHELP;
			u.help_scroll = 100000;
			assert_int_equal(ui_layout_frame(&u, w, h), 0);
			if (!small)
				assert_int_equal(u.help_scroll, u.help_lines - u.help_rows);
			assert_compose_reads_only(&u, w, h);

			u.mode = UI_PICK;
			u.pick = 3;
			u.pick_top = -1;   /* centred on the first frame */
			assert_compose_reads_only(&u, w, h);
			assert_int_equal(ui_layout_frame(&u, w, h), 0);
			if (!small) {
				assert_true(u.pick_top >= 0 && u.pick_top <= u.pick);
				assert_true(u.pick < u.pick_top + u.pick_rows);
			}
			assert_compose_reads_only(&u, w, h);

			u.mode = UI_MAIN;
			ui_toc_open(&u);
			assert_int_equal(u.toc_top, -1);
			assert_compose_reads_only(&u, w, h);
			assert_int_equal(u.toc_top, -1);
			assert_int_equal(ui_layout_frame(&u, w, h), 0);
			if (!small)
				assert_true(u.toc_top == 0 && u.toc_rows == 1);
			assert_compose_reads_only(&u, w, h);
		}
	}
	close_ui(&u);
}

/* Every view the command language names has a row of the table, each row
 * has what the key loop and the frame call, and `view NAME` shows it. */
static void test_every_view_of_the_language_is_in_the_table(void **state)
{
	(void)state;
	size_t n;
	const char *const *words = cmd_words("view", &n);
	assert_true(n > 0);
	int rows = 0;
	while (ui_view_at(rows))
		rows++;
	assert_int_equal(rows, (int)n);
	ui u;
	open_ui(&u);
	for (size_t i = 0; i < n; i++) {
		const view_ops *v = ui_view_named(words[i]);
		assert_non_null(v);
		assert_string_equal(v->name, words[i]);
		assert_non_null(v->draw);
		assert_non_null(v->title);
		/* work goes with busy, both or neither */
		assert_true((v->busy == NULL) == (v->work == NULL));
		cmd c;
		char err[200];
		char line[80];
		snprintf(line, sizeof line, "view %s", words[i]);
		assert_int_equal(cmd_parse(line, &c, err, sizeof err), 0);
		ui_cmd_run(&u, &c);
		assert_ptr_equal(u.view, v);
		assert_ptr_equal(ui_view_shown(&u), v);
		assert_non_null(ui_view_state(&u, v));
	}
	close_ui(&u);
}

/* A view's own key is not a key of the lab too (the view's would hide
 * it), and each view's key does something only where it belongs: in the
 * plot view it says which view it is a key of. */
static void test_view_keys_are_their_own(void **state)
{
	(void)state;
	ui u;
	open_ui(&u);
	for (int i = 0; ui_view_at(i); i++) {
		const view_ops *v = ui_view_at(i);
		for (const view_key *k = v->keys; k && k->keys[0]; k++) {
			for (int j = 0; j < 5 && k->keys[j]; j++) {
				u.view = ui_view_at(0);
				u.mode = UI_MAIN;
				ui_key(&u, k->keys[j]);
				char want[80];
				snprintf(want, sizeof want, "is a key of the %s view: :view %s", v->title,
				         v->name);
				assert_non_null(strstr(u.msg, want));
			}
		}
	}
	/* and a lab key in a view that does not take it names the ones that do */
	u.view = ui_view_named("cost");
	ui_key(&u, '[');
	assert_string_equal(u.msg, "[ is a key of the plot, chain, net and training views: :view plot");
	close_ui(&u);
}

/* A key bound to a command runs a line of the command language: each
 * parses, and runs as the same line typed at the prompt does. */
static void check_key_commands(const view_key *t)
{
	for (const view_key *k = t; k && k->keys[0]; k++) {
		if (!k->cmd)
			continue;
		cmd c;
		char err[200];
		if (cmd_parse(k->cmd, &c, err, sizeof err) != 0)
			fail_msg("key command '%s': %s", k->cmd, err);
		assert_null(k->fn);
	}
}

static void test_keys_run_commands(void **state)
{
	(void)state;
	check_key_commands(ui_key_table());
	for (int i = 0; ui_view_at(i); i++)
		check_key_commands(ui_view_at(i)->keys);
	/* l and :step x up, from the same lab, end in the same lab */
	ui a, b;
	open_ui(&a);
	open_ui(&b);
	static const struct { int key; const char *line; } same[] = {
		{ 'l', "step x up" }, { ']', "step param up" }, { '+', "step depth up" },
		{ 'H', "step x down coarse" }, { '-', "step depth down" }, { '-', "step depth down" },
		{ '-', "step depth down" }, { '<', "step gain down" }, { 'p', "prev" },
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		ui_key(&a, same[i].key);
		b.msg[0] = '\0';
		ui_cmd_line(&b, same[i].line);
		assert_true(a.lab.x == b.lab.x && a.lab.depth == b.lab.depth &&
		            a.lab.p == b.lab.p && a.lab.gain == b.lab.gain);
		assert_int_equal(ui_lesson_index(&a), ui_lesson_index(&b));
		/* the same words: "relu takes no parameter", "depth is at its
		 * minimum, 0", "this is the first lesson" */
		assert_string_equal(a.msg, b.msg);
	}
	close_ui(&a);
	close_ui(&b);
}

/* `view net` while comparing shows the net: asked for by name, a view
 * that a comparison is drawn over ends the comparison; the cost view,
 * drawn beside none, keeps it. */
static void test_view_by_name_ends_a_comparison(void **state)
{
	(void)state;
	ui u;
	open_ui(&u);
	ui_cmd_line(&u, "compare relu gelu");
	assert_int_equal(u.ncompare, 2);
	ui_cmd_line(&u, "view cost");
	assert_int_equal(u.ncompare, 2);
	assert_ptr_equal(ui_view_shown(&u), ui_view_named("cost"));
	ui_cmd_line(&u, "view net");
	assert_int_equal(u.ncompare, 0);
	assert_ptr_equal(ui_view_shown(&u), ui_view_named("net"));
	close_ui(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_try_it_applied_by_the_layout),
		cmocka_unit_test(test_scroll_clamped_by_the_layout),
		cmocka_unit_test(test_overlays_placed_by_the_layout),
		cmocka_unit_test(test_every_view_of_the_language_is_in_the_table),
		cmocka_unit_test(test_view_keys_are_their_own),
		cmocka_unit_test(test_keys_run_commands),
		cmocka_unit_test(test_view_by_name_ends_a_comparison),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
