/* testutil.h - what several unit tests share: a command's main function
 * run in-process with its output captured, and a directory's listing.
 * Include after <cmocka.h>. */
#ifndef WHYRELU_TESTUTIL_H
#define WHYRELU_TESTUTIL_H

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct run {
	int status;
	char out[1 << 16];
	char err[4096];
} run;

static inline void test_slurp(FILE *f, char *buf, size_t len)
{
	rewind(f);
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
}

/* fn(argc, argv) with stdout and stderr captured, and stdin from in_fd
 * (-1: /dev/null; -2: left as it is). The result stays until the next
 * call. */
static inline run *capture(int (*fn)(int, char **), int argc, char **argv, int in_fd)
{
	static run r;
	FILE *fo = tmpfile(), *fe = tmpfile();
	assert_non_null(fo);
	assert_non_null(fe);
	int in = in_fd == -1 ? open("/dev/null", O_RDONLY) : in_fd;
	assert_true(in_fd == -2 || in >= 0);
	fflush(stdout);
	fflush(stderr);
	int si = in_fd == -2 ? -1 : dup(0), so = dup(1), se = dup(2);
	if (si >= 0) {
		dup2(in, 0);
		clearerr(stdin);
	}
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	r.status = fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	if (si >= 0) {
		dup2(si, 0);
		close(si);
		clearerr(stdin);
	}
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	if (in_fd == -1)
		close(in);
	test_slurp(fo, r.out, sizeof r.out);
	test_slurp(fe, r.err, sizeof r.err);
	fclose(fo);
	fclose(fe);
	return &r;
}

/* capture(fn, ...) for the arguments given, NULL-terminated; stdin as it
 * is. */
static inline run *capture_args(int (*fn)(int, char **), const char *first, ...)
{
	char *argv[64];
	int argc = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	return capture(fn, argc, argv, -2);
}

/* Names in dir other than . and .., sorted, space-separated. */
static inline char *dir_names(const char *dir)
{
	static char out[2048];
	char *names[64];
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strncat(out, names[i], sizeof out - strlen(out) - 2);
		free(names[i]);
	}
	return out;
}

#endif
