/* cli_list.c - `whyrelu list`: the activation catalogue as a table.
 */
#include "cli_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "util.h"

/* ---- list --------------------------------------------------------------- */

static const char list_help[] =
	"usage: whyrelu list [--charset ascii|block|braille]\n"
	"\n"
	"Print the activation catalogue: name, formula, parameter=default.\n"
	"Formulas are in Unicode in a UTF-8 locale, ASCII otherwise\n"
	"(--charset ascii forces ASCII).\n";

static void pad(FILE *out, size_t have, size_t want)
{
	for (; have < want; have++)
		fputc(' ', out);
}

int cli_list(int argc, char **argv)
{
	opts_state st;
	opts_init(&st);
	static const char *const known[] = { "--charset", "--help" };
	char err[CLI_ERRLEN];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(list_help, stdout);
			return 0;
		}
		int r = opts_option_of(&st, OPTS_CHARSET, argc, argv, &i, err, sizeof err);
		if (r < 0)
			return cli_usage_error("list", "%s", err);
		if (r == 0) {
			if (argv[i][0] == '-')
				return cli_unknown_option("list", argv[i], known, 2);
			return cli_usage_error("list", "unexpected argument '%.40s' (list takes no arguments)", argv[i]);
		}
	}
	bool ascii = st.cs_given ? st.cs == CS_ASCII : !opts_utf8_locale();
	size_t n, wname = 4, wform = 7;
	const act_def *t = act_table(&n);
	for (size_t i = 0; i < n; i++) {
		size_t ln = strlen(t[i].name), lf = util_utf8_len(ascii ? t[i].formula_ascii : t[i].formula);
		if (ln > wname) wname = ln;
		if (lf > wform) wform = lf;
	}
	printf("NAME");
	pad(stdout, 4, wname + 2);
	printf("FORMULA");
	pad(stdout, 7, wform + 2);
	printf("PARAMETER\n");
	for (size_t i = 0; i < n; i++) {
		const char *f = ascii ? t[i].formula_ascii : t[i].formula;
		printf("%s", t[i].name);
		pad(stdout, strlen(t[i].name), wname + 2);
		printf("%s", f);
		if (t[i].param.name) {
			char d[32];
			pad(stdout, util_utf8_len(f), wform + 2);
			printf("%s=%s", t[i].param.name, num_shortest(t[i].param.def, d));
		}
		if (t[i].aliases[0]) {
			printf(t[i].param.name ? "  " : "");
			if (!t[i].param.name)
				pad(stdout, util_utf8_len(f), wform + 2);
			printf("(also");
			for (int j = 0; t[i].aliases[j]; j++)
				printf(" %s", t[i].aliases[j]);
			printf(")");
		}
		putchar('\n');
	}
	return ferror(stdout) ? 1 : 0;
}
