/* util.h - small text helpers shared by the core: nearest-name suggestions
 * for "did you mean" messages, and UTF-8 width counting for alignment. */
#ifndef WHYRELU_UTIL_H
#define WHYRELU_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Levenshtein distance between two short strings ((size_t)-1 past 63 bytes). */
size_t util_edit_distance(const char *a, const char *b);
/* The candidate nearest to name, or NULL when none is reasonably close
 * (a prefix of at least 3 bytes counts as close). */
const char *util_nearest(const char *name, const char *const *cands, size_t n);
/* Number of code points in a UTF-8 string (all our glyphs are one column). */
size_t util_utf8_len(const char *s);
/* The columns a code point takes on a terminal, by wcwidth in the current
 * locale: 2 for a wide one (CJK, most emoji), 0 for a combining or other
 * zero-width one, 1 for the rest and where the locale does not know. */
int util_cp_width(uint32_t cp);
/* The columns of UTF-8 text, and how many of its bytes fit in cols
 * columns without splitting a character (*width: the columns they take). */
int util_utf8_width(const char *s);
size_t util_utf8_fit(const char *s, int cols, int *width);

/* "WxH" (or "wxH"), both whole numbers from 1 to max; false otherwise. */
bool util_parse_size(const char *s, int max_w, int max_h, int *w, int *h);

#endif
