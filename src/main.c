/* main.c - entry point: the subcommands (list, eval, plot) go to the command
 * line module; anything else opens the interactive tutorial. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* numbers are read and printed with '.', whatever the locale */
	setlocale(LC_NUMERIC, "C");

	if (argc > 1) {
		const char *a = argv[1];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_usage(stdout);
			return cli_out_close(0);
		}
		if (!strcmp(a, "--version")) {
			printf("whyrelu %s\n", WHYRELU_VERSION);
			return cli_out_close(0);
		}
		if (a[0] != '-')
			return cli_out_close(cli_run(argc - 1, argv + 1));
	}
	return ui_main(argc, argv);
}
