/* opts.c - the start options shared by the subcommands, the line mode and
 * the tutorial: parsed and checked here, so each front end opens in the
 * same state from the same words and reports the same errors.
 */
#include "opts.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "setting.h"

static const char *const param_names[] = { "slope", "floor", "alpha", "beta", "lambda" };
#define N_PARAM_NAMES (sizeof param_names / sizeof param_names[0])


void opts_init(opts_state *st)
{
	memset(st, 0, sizeof *st);
	st->gain = 1.0;
	st->cs = CS_ASCII;
}

const char *opts_value(int argc, char **argv, int *i, const char *eq,
                       const char *name, char *err, size_t errlen)
{
	if (eq)
		return eq + 1;
	if (*i + 1 >= argc) {
		snprintf(err, errlen, "--%s needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

int opts_option_of(opts_state *st, unsigned allowed, int argc, char **argv,
                   int *i, char *err, size_t errlen)
{
	const char *arg = argv[*i];
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	char name[32];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	if (len == 0 || len >= sizeof name)
		return 0;
	memcpy(name, arg + 2, len);
	name[len] = '\0';

	unsigned kind = 0;
	if (!strcmp(name, "act")) kind = OPTS_ACT;
	else if (!strcmp(name, "x")) kind = OPTS_X;
	else if (!strcmp(name, "depth")) kind = OPTS_DEPTH;
	else if (!strcmp(name, "gain")) kind = OPTS_GAIN;
	else if (!strcmp(name, "bias")) kind = OPTS_BIAS;
	else if (!strcmp(name, "charset")) kind = OPTS_CHARSET;
	else if (!strcmp(name, "no-color") || !strcmp(name, "no-colour")) kind = OPTS_COLOR;
	for (size_t k = 0; k < N_PARAM_NAMES; k++)
		if (!strcmp(name, param_names[k]))
			kind = OPTS_PARAM;
	if (!(kind & allowed))
		return 0;
	if (kind == OPTS_COLOR) {
		if (eq) {
			snprintf(err, errlen, "--%s takes no value", name);
			return -1;
		}
		st->no_color = true;
		return 1;
	}
	const char *v = opts_value(argc, argv, i, eq, name, err, errlen);
	if (!v)
		return -1;
	char what[40];
	snprintf(what, sizeof what, "--%s", name);
	switch (kind) {
	case OPTS_ACT: {
		const act_def *a = act_find(v);
		if (!a) {
			const char *s = act_suggest(v);
			char q[48];
			snprintf(q, sizeof q, "%.40s", v);
			if (s)
				snprintf(err, errlen, "unknown activation '%s'; did you mean '%s'? ('whyrelu list' shows all)", q, s);
			else
				snprintf(err, errlen, "unknown activation '%s' ('whyrelu list' shows all)", q);
			return -1;
		}
		st->act = a;
		return 1;
	}
	case OPTS_X:
		/* the lab's limit, and plot's for --from and --to: an x beyond
		 * it has no range around it to show */
		st->x_given = true;
		return setting_parse(setting_of(CMD_VAR_X), v, what, &st->x, NULL, err, errlen) ? 1 : -1;
	case OPTS_DEPTH:
		st->depth_given = true;
		return setting_parse(setting_of(CMD_VAR_DEPTH), v, what, NULL, &st->depth, err,
		                     errlen) ? 1 : -1;
	case OPTS_GAIN:
		st->gain_given = true;
		return setting_parse(setting_of(CMD_VAR_GAIN), v, what, &st->gain, NULL, err,
		                     errlen) ? 1 : -1;
	case OPTS_BIAS:
		st->bias_given = true;
		return setting_parse(setting_of(CMD_VAR_BIAS), v, what, &st->bias, NULL, err,
		                     errlen) ? 1 : -1;
	case OPTS_CHARSET:
		st->cs_given = true;
		return opts_parse_charset(v, &st->cs, err, errlen) ? 1 : -1;
	case OPTS_PARAM:
		for (size_t k = 0; k < N_PARAM_NAMES; k++)
			if (!strcmp(name, param_names[k]))
				st->p_opt = param_names[k];
		st->p_text = v;
		return num_parse(v, what, &st->p, err, errlen) ? 1 : -1;
	}
	return 0;
}

int opts_option(opts_state *st, int argc, char **argv, int *i,
                     char *err, size_t errlen)
{
	return opts_option_of(st, ~0u, argc, argv, i, err, errlen);
}

int opts_finish(opts_state *st, char *err, size_t errlen)
{
	if (!st->act)
		st->act = act_find("relu");
	const act_def *a = st->act;
	if (!st->p_opt) {
		st->p = act_param_default(a);
		return 0;
	}
	if (!act_has_param(a)) {
		snprintf(err, errlen, "%s takes no parameter, but --%s was given", a->name, st->p_opt);
		return -1;
	}
	if (strcmp(a->param.name, st->p_opt) != 0) {
		snprintf(err, errlen, "%s takes --%s, not --%s", a->name, a->param.name, st->p_opt);
		return -1;
	}
	char msg[256];
	if (!act_param_check(a, st->p, msg, sizeof msg)) {
		snprintf(err, errlen, "--%s", msg);
		return -1;
	}
	return 0;
}

bool opts_parse_charset(const char *s, charset *cs, char *err, size_t errlen)
{
	static const char *const names[] = { "ascii", "block", "braille" };
	for (int k = 0; k < 3; k++) {
		if (!strcmp(s, names[k])) {
			*cs = (charset)k;
			return true;
		}
	}
	snprintf(err, errlen, "--charset must be ascii, block or braille, got '%.40s'", s);
	return false;
}

bool opts_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

charset opts_default_charset(void)
{
	return opts_utf8_locale() ? CS_BRAILLE : CS_ASCII;
}

int opts_front_option(opts_state *st, int argc, char **argv, int *i, const char **start,
                      const char **dir, char *err, size_t errlen)
{
	int r = opts_option(st, argc, argv, i, err, errlen);
	if (r != 0)
		return r;
	const char *a = argv[*i];
	bool is_lesson = !strcmp(a, "--lesson"), is_dir = !strcmp(a, "--lessons");
	if (!is_lesson && !is_dir)
		return 0;
	if (*i + 1 >= argc) {
		snprintf(err, errlen, "%s needs a value", is_lesson ? "--lesson (a number or a "
		         "name, like 3 or relu)" : "--lessons (a directory)");
		return -1;
	}
	*(is_lesson ? start : dir) = argv[++*i];
	return 1;
}

bool opts_lab_given(const opts_state *st)
{
	return st->act || st->p_opt || st->x_given || st->depth_given || st->gain_given ||
	       st->bias_given;
}

charset opts_charset_shown(charset cs)
{
	if (cs != CS_ASCII && !opts_utf8_locale()) {
		if (!setlocale(LC_CTYPE, "C.UTF-8") || !opts_utf8_locale())
			return CS_ASCII;
	}
	return cs;
}

int opts_front_parse(opts_state *st, int argc, char **argv, opts_own_fn own, void *ctx,
                     opts_front *f, char *err, size_t errlen)
{
	f->start = f->dir = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r = opts_front_option(st, argc, argv, &i, &f->start, &f->dir, err, errlen);
		if (r == 0)
			r = own(ctx, argc, argv, &i, err, errlen);
		if (r < 0 || r == 2)
			return r;
		if (r > 0)
			continue;
		if (a[0] == '-')
			snprintf(err, errlen, "unknown option '%.60s' ('whyrelu --help' lists the "
			         "options)", a);
		else
			snprintf(err, errlen, "unexpected argument '%.60s' ('whyrelu --help')", a);
		return -1;
	}
	f->lab_given = opts_lab_given(st);
	return opts_finish(st, err, errlen) < 0 ? -1 : 0;
}
