/* main.c - entry point: the subcommands (list, eval, plot) go to the command
 * line module; anything else opens the interactive tutorial, full-screen or,
 * with --line or where a screen cannot be drawn, in line mode. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "class.h"
#include "cli.h"
#include "line.h"
#include "ui.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* numbers are read and printed with '.', whatever the locale */
	setlocale(LC_NUMERIC, "C");
	cli_class_view = ui_class_view;

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
	if (line_asked(argc, argv) || line_auto(argc, argv))
		return line_main(argc, argv);
	return ui_main(argc, argv);
}
