/* ui.h - the interactive tutorial: a curses front end with the lesson on one
 * side and the lab on the other. Only src/ui*.c include curses.
 *
 * ui_main takes the whole command line (argv[0] is the program name):
 * the shared state options (--act, --x, --depth, --gain, --bias, the
 * parameter options, --charset, --no-color), --lesson N|SLUG (where to
 * start), --lessons DIR (where the lessons are) and, for tests,
 * --headless WxH --keys FILE --dump FILE. It returns the exit status:
 * 0, or 2 for bad options or when there is no usable terminal.
 */
#ifndef WHYRELU_UI_H
#define WHYRELU_UI_H

int ui_main(int argc, char **argv);

/* `whyrelu class` on a terminal (or headless): ui_class.c. */
struct class_view_args;
int ui_class_view(struct class_view_args *a);

#endif
