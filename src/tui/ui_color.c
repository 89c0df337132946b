/* ui_color.c - the terminal's colour pairs, started once, and colour
 * following the lab's setting (`color on|off`) where the terminal has
 * colours. Below both the main loop (ui.c) and the prompt.
 */
#include <curses.h>
#include <stdio.h>

#include "ui_impl.h"

/* The colour pairs, once; false when the terminal has no colours. */
bool ui_colors_start(void)
{
	static bool started;
	if (started)
		return true;
	if (!has_colors() || start_color() != OK)
		return false;
	short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	init_pair(PAIR_F, COLOR_CYAN, bg);
	init_pair(PAIR_DF, COLOR_YELLOW, bg);
	init_pair(PAIR_MARKER, COLOR_MAGENTA, bg);
	init_pair(PAIR_SAT, COLOR_BLUE, bg);
	init_pair(PAIR_BAD, COLOR_RED, bg);
	init_pair(PAIR_GOOD, COLOR_GREEN, bg);
	init_pair(PAIR_AXIS, COLOR_BLUE, bg);
	started = true;
	return true;
}

void ui_color_follow(ui *u)
{
	u->color = u->lab.color && ui_colors_start();
	if (u->lab.color && !u->color)
		snprintf(u->msg, sizeof u->msg, "this terminal shows no colours");
}
