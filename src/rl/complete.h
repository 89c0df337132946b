/* complete.h - readline's Tab completion for the command language, the
 * same at the full-screen prompt and in the line mode: command names
 * first, then what the command takes (activations, lesson slugs, its own
 * words); never file names. No curses here. */
#ifndef WHYRELU_COMPLETE_H
#define WHYRELU_COMPLETE_H

#include <stddef.h>

#include "lesson.h"

/* What a front end adds: own, its words on top of the command language,
 * offered before the command names and after `help`; lessons, the course
 * whose slugs follow `lesson` (NULL: none). Both are read at each Tab, so
 * they must stay valid until the next call. */
void complete_use(const char *const *own, size_t n_own, const lesson_set *lessons);

/* The completion settings every front end wants; before rl_initialize. */
void complete_setup(void);

#endif
