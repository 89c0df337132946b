/* line.h - the line mode: the whole course as plain text in reading order,
 * for screen readers, braille displays, TERM=dumb and Emacs shells. The
 * lesson comes paragraph by paragraph; a prompt (GNU readline at a
 * terminal, plain lines from a pipe or a file) takes the command language
 * of the `:` prompt (cmd.h) and the line mode's own words (more, again,
 * lab, plot, describe, hint); the lab answers in words (describe.h);
 * progress goes to the same file as the full-screen tutorial's. No cursor
 * movement, no colour, no escape sequence; lines at most 80 columns (or
 * $COLUMNS when smaller).
 */
#ifndef WHYRELU_LINE_H
#define WHYRELU_LINE_H

#include <stdbool.h>

/* Should the tutorial start in line mode without --line: TERM unset or
 * dumb, or stdout not a terminal while stdin is (and no --headless). */
bool line_auto(int argc, char **argv);
/* Is --line among the options? */
bool line_asked(int argc, char **argv);
/* The whole command line, as ui_main takes it (argv[0] the program). The
 * exit status: 0; 2 for bad options, or when a command read from a pipe
 * or a file was wrong (each is reported and the rest still run). */
int line_main(int argc, char **argv);

#endif
