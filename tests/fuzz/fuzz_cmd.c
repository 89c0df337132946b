/* fuzz_cmd.c - the command language: each line of the input through
 * cmd_parse, and what parses through cmd_apply on one lab, as a script
 * would. Checked: messages are one line of printable ASCII; a command that
 * fails changes nothing (neither the parsed command nor the lab); after a
 * command the lab is within its limits; help and completion answer for
 * whatever word came first.
 */
#include "fuzz.h"

#include <math.h>

#include "chain.h"
#include "cmd.h"
#include "lab.h"

#define MAX_LINES 64
/* A deep chain takes milliseconds to evaluate: past this depth the fuzzer
 * would spend its time there, not in the command language. */
#define UPDATE_DEPTH_MAX 256

/* What a command may change, compared bit for bit. */
typedef struct lab_state {
	const act_def *act;
	double p, x, gain, bias, from, to;
	long depth;
	bool show_df, color;
	charset cs;
	lab_home home;
	train_cfg train;
} lab_state;

static void snapshot(const lab *l, lab_state *s)
{
	memset(s, 0, sizeof *s);
	s->act = l->act;
	s->p = l->p;
	s->x = l->x;
	s->gain = l->gain;
	s->bias = l->bias;
	s->from = l->from;
	s->to = l->to;
	s->depth = l->depth;
	s->show_df = l->show_df;
	s->color = l->color;
	s->cs = l->cs;
	s->home = l->home;
	s->train = l->train;
}

static bool same_state(const lab_state *a, const lab_state *b)
{
	return a->act == b->act && !memcmp(&a->p, &b->p, sizeof a->p) &&
	       !memcmp(&a->x, &b->x, sizeof a->x) && !memcmp(&a->gain, &b->gain, sizeof a->gain) &&
	       !memcmp(&a->bias, &b->bias, sizeof a->bias) &&
	       !memcmp(&a->from, &b->from, sizeof a->from) &&
	       !memcmp(&a->to, &b->to, sizeof a->to) && a->depth == b->depth &&
	       a->show_df == b->show_df && a->color == b->color && a->cs == b->cs &&
	       !memcmp(&a->home, &b->home, sizeof a->home) && train_cfg_equal(&a->train, &b->train);
}

static void check_lab(const lab *l)
{
	FUZZ_CHECK(l->act && act_index(l->act) >= 0);
	FUZZ_CHECK(isfinite(l->x) && fabs(l->x) <= LAB_X_MAX);
	FUZZ_CHECK(l->from < l->to && l->from >= -LAB_X_MAX && l->to <= LAB_X_MAX);
	FUZZ_CHECK(l->depth >= 0 && l->depth <= CHAIN_MAX_DEPTH);
	FUZZ_CHECK(isfinite(l->gain) && fabs(l->gain) <= setting_of(CMD_VAR_GAIN)->max);
	FUZZ_CHECK(isfinite(l->bias));
	if (act_has_param(l->act))
		FUZZ_CHECK(act_param_check(l->act, l->p, NULL, 0));
	FUZZ_CHECK((unsigned)l->cs <= CS_BRAILLE);
	FUZZ_CHECK(train_cfg_check(&l->train, NULL, 0));
}

static void check_help(const char *line)
{
	char word[32];
	if (sscanf(line, " %31s", word) != 1)
		return;
	const char *h = cmd_help(word), *u = cmd_usage(word);
	FUZZ_CHECK((h == NULL) == (u == NULL));
	size_t n = 99;
	const char *const *w = cmd_words(word, &n);
	FUZZ_CHECK(w ? n > 0 : n == 0);
	for (size_t i = 0; w && i < n; i++)
		FUZZ_CHECK(w[i] && w[i][0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	lab l;
	lab_init(&l);
	char *line = text;
	for (int k = 0; line && k < MAX_LINES; k++) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		cmd c, before;
		memset(&c, 0x5a, sizeof c);
		before = c;
		char err[256];
		memset(err, 'x', sizeof err);
		int r = cmd_parse(line, &c, err, sizeof err);
		FUZZ_CHECK(r >= -1 && r <= 1);
		FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_CHECK(fuzz_ascii_line(err));
		if (r != 0) {
			FUZZ_CHECK(!memcmp(&c, &before, sizeof c));
			FUZZ_CHECK(r == 1 ? err[0] == '\0' : err[0] != '\0');
		} else {
			FUZZ_CHECK(err[0] == '\0');
			FUZZ_CHECK(memchr(c.word, '\0', sizeof c.word) != NULL);
			lab_state s0, s1;
			snapshot(&l, &s0);
			int a = cmd_apply(&l, &c, err, sizeof err);
			FUZZ_CHECK(a >= -1 && a <= 1);
			FUZZ_CHECK(fuzz_ascii_line(err));
			snapshot(&l, &s1);
			if (a != 0)
				FUZZ_CHECK(same_state(&s0, &s1));
			if (a < 0)
				FUZZ_CHECK(err[0] != '\0');
			check_lab(&l);
		}
		check_help(line);
		line = nl ? nl + 1 : NULL;
	}
	if (l.depth <= UPDATE_DEPTH_MAX) {
		FUZZ_CHECK(lab_update(&l, 40) == 0);
		FUZZ_CHECK(l.nstrip >= 0 && l.nstrip <= 40);
	}
	lab_free(&l);
	free(text);
	return 0;
}
