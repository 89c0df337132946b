/* util.h - small text helpers shared by the core: nearest-name suggestions
 * for "did you mean" messages, and UTF-8 width counting for alignment. */
#ifndef WHYRELU_UTIL_H
#define WHYRELU_UTIL_H

#include <stddef.h>

/* Levenshtein distance between two short strings ((size_t)-1 past 63 bytes). */
size_t util_edit_distance(const char *a, const char *b);
/* The candidate nearest to name, or NULL when none is reasonably close
 * (a prefix of at least 3 bytes counts as close). */
const char *util_nearest(const char *name, const char *const *cands, size_t n);
/* Number of code points in a UTF-8 string (all our glyphs are one column). */
size_t util_utf8_len(const char *s);

#endif
