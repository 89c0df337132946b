/* fuzz.h - what every fuzz target shares: the entry point libFuzzer calls
 * under `make fuzz` and replay.c calls under `make test`, and the checks
 * that turn a broken promise of the code under test into a crash, so the
 * fuzzer finds wrong answers as well as memory errors.
 */
#ifndef WHYRELU_FUZZ_H
#define WHYRELU_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(#cond, __FILE__, __LINE__); \
	} while (0)

/* The input as a C string: a copy ending in NUL (input bytes after a NUL
 * are cut off, as they would be from any C string the program gets). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A message for the status line: one line of printable ASCII. */
static inline bool fuzz_ascii_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* Text that is safe to show (lesson_clean's promise): valid UTF-8, no
 * control characters (tabs are spaces by now), no invisible marks. */
static inline bool fuzz_clean_text(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = lesson_utf8_next(s + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			return false;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return false;
		if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
			return false;
		i += (size_t)l;
	}
	return true;
}

#endif
