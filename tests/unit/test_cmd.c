/* test_cmd.c - the command language: every command parses to what it says,
 * every error message word for word, numbers at their edges, cmd_apply
 * changing exactly its part of the lab and nothing when it fails, a lesson's
 * lab block, and random bytes never crashing or leaking into a message. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static char err[256];

static int parse(const char *line, cmd *c)
{
	memset(c, 0, sizeof *c);
	return cmd_parse(line, c, err, sizeof err);
}

/* Parse a line that must be fine, and return the command. */
static cmd ok(const char *line)
{
	cmd c;
	int rc = parse(line, &c);
	if (rc != 0)
		fail_msg("'%s' did not parse: %s", line, err);
	return c;
}

/* Parse, then apply to l: the result of whichever failed, else of cmd_apply. */
static int run(lab *l, const char *line)
{
	cmd c;
	int rc = parse(line, &c);
	if (rc != 0)
		return rc;
	return cmd_apply(l, &c, err, sizeof err);
}

static void run_ok(lab *l, const char *line)
{
	int rc = run(l, line);
	if (rc != 0)
		fail_msg("'%s' gave %d: %s", line, rc, err);
}

/* ---- parsing ------------------------------------------------------------- */

static void test_nothing(void **state)
{
	(void)state;
	cmd c;
	const char *blank[] = { "", " ", "\t \t", "\r\n", "# a comment", "   # λ ≠ x",
	                        "#set x 1", "\n" };
	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		assert_int_equal(parse(blank[i], &c), 1);
		assert_string_equal(err, "");
	}
	assert_int_equal(cmd_parse(NULL, &c, err, sizeof err), 1);
}

static void test_every_command(void **state)
{
	(void)state;
	cmd c = ok("act leaky_relu");
	assert_int_equal(c.kind, CMD_ACT);
	assert_ptr_equal(c.act, act_find("leaky_relu"));
	c = ok("  act   swish  \r\n");
	assert_ptr_equal(c.act, act_find("silu"));
	c = ok("act\tleaky");
	assert_ptr_equal(c.act, act_find("leaky_relu"));

	c = ok("set x -2");
	assert_int_equal(c.kind, CMD_SET);
	assert_int_equal(c.var, CMD_VAR_X);
	assert_true(c.value == -2.0);
	c = ok("set depth 10");
	assert_int_equal(c.var, CMD_VAR_DEPTH);
	assert_int_equal(c.n, 10);
	c = ok("set gain 1.5");
	assert_int_equal(c.var, CMD_VAR_GAIN);
	assert_true(c.value == 1.5);
	c = ok("set bias -0.25");
	assert_int_equal(c.var, CMD_VAR_BIAS);
	assert_true(c.value == -0.25);
	const char *params[] = { "slope", "floor", "alpha", "beta", "lambda" };
	for (size_t i = 0; i < 5; i++) {
		char line[64];
		snprintf(line, sizeof line, "set %s 0.5", params[i]);
		c = ok(line);
		assert_int_equal(c.kind, CMD_SET);
		assert_int_equal(c.var, CMD_VAR_PARAM);
		assert_string_equal(c.param_name, params[i]);
		assert_true(c.value == 0.5);
	}
	c = ok("set range -6 6");
	assert_int_equal(c.kind, CMD_RANGE);
	assert_true(c.value == -6.0 && c.value2 == 6.0);

	assert_int_equal(ok("reset").kind, CMD_RESET);

	c = ok("compare relu gelu logistic swish");
	assert_int_equal(c.kind, CMD_COMPARE);
	assert_int_equal(c.ncompare, 4);
	assert_ptr_equal(c.compare[0], act_find("relu"));
	assert_ptr_equal(c.compare[1], act_find("gelu"));
	assert_ptr_equal(c.compare[2], act_find("sigmoid"));
	assert_ptr_equal(c.compare[3], act_find("silu"));
	c = ok("compare tanh");
	assert_int_equal(c.ncompare, 1);
	c = ok("compare");
	assert_int_equal(c.kind, CMD_COMPARE);
	assert_int_equal(c.ncompare, 0);

	c = ok("eval -2.5");
	assert_int_equal(c.kind, CMD_EVAL);
	assert_true(c.value == -2.5);

	c = ok("view plot");
	assert_int_equal(c.kind, CMD_VIEW);
	assert_string_equal(c.word, "plot");
	c = ok("view chain");
	assert_string_equal(c.word, "chain");
	c = ok("view cost");
	assert_string_equal(c.word, "cost");

	c = ok("lesson 3");
	assert_int_equal(c.kind, CMD_LESSON);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.word, "");
	c = ok("lesson why-relu");
	assert_int_equal(c.n, 0);
	assert_string_equal(c.word, "why-relu");
	c = ok("lesson 2nd-try");
	assert_int_equal(c.n, 0);
	assert_string_equal(c.word, "2nd-try");
	c = ok("lesson +7");
	assert_int_equal(c.n, 7);
	/* numbers of no lesson go to the course, which names the real range */
	c = ok("lesson 0");
	assert_true(c.n == 0 && !strcmp(c.word, "0"));
	c = ok("lesson -1");
	assert_true(c.n == 0 && !strcmp(c.word, "-1"));
	c = ok("lesson 10000");
	assert_true(c.n == 0 && !strcmp(c.word, "10000"));

	assert_int_equal(ok("next").kind, CMD_NEXT);
	assert_int_equal(ok("prev").kind, CMD_PREV);
	assert_int_equal(ok("toc").kind, CMD_TOC);

	c = ok("answer b");
	assert_int_equal(c.kind, CMD_ANSWER);
	assert_string_equal(c.word, "b");
	c = ok("answer -0.5e1");
	assert_string_equal(c.word, "-0.5e1");

	const char *cs[] = { "ascii", "block", "braille" };
	const charset csv[] = { CS_ASCII, CS_BLOCK, CS_BRAILLE };
	for (int i = 0; i < 3; i++) {
		char line[32];
		snprintf(line, sizeof line, "charset %s", cs[i]);
		c = ok(line);
		assert_int_equal(c.kind, CMD_CHARSET);
		assert_int_equal(c.cs, csv[i]);
	}

	c = ok("color on");
	assert_int_equal(c.kind, CMD_COLOR);
	assert_true(c.on);
	c = ok("color off");
	assert_false(c.on);
	c = ok("colour on");
	assert_int_equal(c.kind, CMD_COLOR);
	assert_true(c.on);

	c = ok("help");
	assert_int_equal(c.kind, CMD_HELP);
	assert_string_equal(c.word, "");
	c = ok("help set");
	assert_string_equal(c.word, "set");
	c = ok("help colour");
	assert_string_equal(c.word, "color");
	c = ok("help q");
	assert_string_equal(c.word, "quit");

	assert_int_equal(ok("quit").kind, CMD_QUIT);
	assert_int_equal(ok("q").kind, CMD_QUIT);
}

/* line, the exact message */
static const char *const parse_errors[][2] = {
	{ "sett x 1", "unknown command 'sett'; did you mean 'set'?" },
	{ "SET x 1", "unknown command 'SET'; did you mean 'set'?" },
	{ "qit", "unknown command 'qit'; did you mean 'quit'?" },
	{ "frobnicate", "unknown command 'frobnicate'; 'help' lists the commands" },
	{ "set", "set needs a name and a value: set slope 0.1" },
	{ "set slope", "set slope needs a value: set slope 0.1" },
	{ "set depth ", "set depth needs a value: set depth 10" },
	{ "set slop 0.1", "set: unknown name 'slop'; did you mean 'slope'?" },
	{ "set zzz 1", "set: unknown name 'zzz'; names are x, depth, gain, bias, range, the activation's parameter, and the net and train views' (help set lists them)" },
	{ "set slope abc", "slope must be a finite number, got 'abc'" },
	{ "set x 1 2", "too many arguments to 'set x': set x -2" },
	{ "set range 1", "set range needs two numbers: set range -6 6" },
	{ "set range 1 2 3", "too many arguments to 'set range': set range -6 6" },
	{ "set range a 2", "range start must be a finite number, got 'a'" },
	{ "set range 1 2e6", "range end must be between -1000000 and 1000000, got 2e6" },
	{ "set range 6 -6", "set range needs A < B, got 6 and -6: set range -6 6" },
	{ "set range 1 1", "set range needs A < B, got 1 and 1: set range -6 6" },
	{ "set range 0 0.0005", "the range must be 0.001 to 1000000 wide, got 0 .. 0.0005" },
	{ "set range -1e6 1e6", "the range must be 0.001 to 1000000 wide, got -1000000 .. 1000000" },
	{ "next 1", "too many arguments to 'next'" },
	{ "prev x", "too many arguments to 'prev'" },
	{ "toc 1", "too many arguments to 'toc'" },
	{ "reset all", "too many arguments to 'reset'" },
	{ "quit now", "too many arguments to 'quit'" },
	{ "act", "act needs a name: act leaky_relu" },
	{ "act reul", "unknown activation 'reul'; did you mean 'relu'?" },
	{ "act ReLU", "unknown activation 'ReLU'; did you mean 'relu'?" },
	{ "act qqqqqq", "unknown activation 'qqqqqq' (relu, leaky_relu, gelu, sigmoid, tanh, ...)" },
	{ "act relu gelu", "too many arguments to 'act': act NAME" },
	{ "compare a b c d e", "compare takes at most 4 activations" },
	{ "compare relu relu relu relu relu relu relu relu relu relu",
	  "compare takes at most 4 activations" },
	{ "compare relu reluu", "compare: unknown activation 'reluu'; did you mean 'relu'?" },
	{ "compare relu relu", "compare: relu appears twice" },
	{ "compare sigmoid logistic", "compare: sigmoid appears twice (logistic is sigmoid)" },
	{ "compare logistic tanh sigmoid", "compare: sigmoid appears twice (logistic is sigmoid)" },
	{ "eval", "eval needs a number: eval -2" },
	{ "eval abc", "x must be a finite number, got 'abc'" },
	{ "eval 1 2", "too many arguments to 'eval': eval X" },
	{ "view", "view needs a name: view chain" },
	{ "view chian", "unknown view 'chian'; did you mean 'chain'?" },
		{ "view trian", "unknown view 'trian'; did you mean 'train'?" },
	{ "set lr 0", "lr must be above 0, got 0" },
	{ "set lr 11", "lr must be between 0 and 10, got 11" },
	{ "set lr fast", "lr must be a finite number, got 'fast'" },
	{ "set momentum 1", "momentum must be below 1, got 1" },
	{ "set momentum -0.1", "momentum must be between 0 and 1, got -0.1" },
	{ "set width 3", "width must be between 4 and 256, got 3" },
	{ "set width 300", "width must be between 4 and 256, got 300" },
	{ "set width 8.5", "width must be a whole number from 4 to 256, got 8.5" },
	{ "set layers 0", "layers must be between 1 and 3, got 0" },
	{ "set layers 4", "layers must be between 1 and 3, got 4" },
	{ "set batch 0", "batch must be between 1 and 1024, got 0" },
	{ "set points 1", "points must be between 2 and 1024, got 1" },
	{ "set noise 2", "noise must be between 0 and 1, got 2" },
	{ "set seed -1", "seed must be between 0 and 2147483647, got -1" },
	{ "set target sinn", "unknown target 'sinn'; did you mean 'sin'?" },
	{ "set target cosine", "target must be abs, sin, step, square or sawtooth, got 'cosine'" },
	{ "set init glorot", "init must be he or xavier, got 'glorot'" },
	{ "set init hee", "unknown init 'hee'; did you mean 'he'?" },
	{ "set lr", "set lr needs a value: set lr 0.05" },
	{ "set target sin cos", "too many arguments to 'set target': set target sin" },
	{ "train", "train needs run, pause, step or restart: train run" },
	{ "train go", "train must be run, pause, step or restart, got 'go'" },
	{ "train rn", "train: unknown action 'rn'; did you mean 'run'?" },
	{ "train run now", "too many arguments to 'train': train run|pause|step|restart" },
	{ "view nets", "unknown view 'nets'; did you mean 'net'?" },
	{ "view cloud", "view must be plot, chain, net, cost or train, got 'cloud'" },
	{ "set net-width 1", "net-width must be between 2 and 1024, got 1" },
	{ "set net-width 64.5", "net-width must be a whole number from 2 to 1024, got 64.5" },
	{ "set net-batch 0", "net-batch must be between 1 and 4096, got 0" },
	{ "set net-seed -3", "net-seed must be between 0 and 2147483647, got -3" },
	{ "set net-init kaiming", "net-init must be standard, xavier or he, got 'kaiming'" },
	{ "set net-init xavir", "unknown net-init 'xavir'; did you mean 'xavier'?" },
	{ "set net-init", "set net-init needs a value: set net-init he" },
	{ "set widht 3", "set: unknown name 'widht'; did you mean 'width'?" },
	{ "lesson", "lesson needs a number or a name: lesson 2" },
	{ "lesson 1.5", "lesson must be a whole number from 1 to 9999, got 1.5" },
	{ "lesson Why", "lesson names use a-z, 0-9 and -, got 'Why': lesson why-relu" },
	{ "lesson -why", "lesson names use a-z, 0-9 and -, got '-why': lesson why-relu" },
	{ "lesson why_relu", "lesson names use a-z, 0-9 and -, got 'why_relu': lesson why-relu" },
	{ "lesson aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "lesson name is too long (at most 63 characters)" },
	{ "answer", "answer needs a value: answer b" },
	{ "answer a b", "too many arguments to 'answer': answer VALUE" },
	{ "answer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "answer is too long (at most 63 characters)" },
	{ "charset", "charset needs ascii, block or braille: charset ascii" },
	{ "charset utf8", "charset must be ascii, block or braille, got 'utf8'" },
	{ "charset ascii block", "too many arguments to 'charset': charset ascii|block|braille" },
	{ "color", "color needs on or off: color off" },
	{ "colour maybe", "color must be on or off, got 'maybe'" },
	{ "color ON", "color must be on or off, got 'ON'" },
	{ "help sett", "help: unknown command 'sett'; did you mean 'set'?" },
	{ "help xyzzy", "help: unknown command 'xyzzy'; 'help' lists the commands" },
	{ "help a b", "too many arguments to 'help': help [COMMAND]" },
	{ "set x 1\x1b", "control character 0x1b at column 8; commands are plain text" },
	{ "set x\x7f 1", "control character 0x7f at column 6; commands are plain text" },
	{ "  set x\n1", "control character 0x0a at column 8; commands are plain text" },
	{ "act g\xc3\xa9lu", "only plain ASCII is understood; found a non-ASCII character at column 6" },
	{ "act \xff", "only plain ASCII is understood; found a non-ASCII character at column 5" },
	{ "sett\xe2\x80", "only plain ASCII is understood; found a non-ASCII character at column 5" },
};

static void test_parse_errors(void **state)
{
	(void)state;
	cmd c;
	for (size_t i = 0; i < sizeof parse_errors / sizeof parse_errors[0]; i++) {
		const char *line = parse_errors[i][0], *want = parse_errors[i][1];
		int rc = parse(line, &c);
		if (rc != -1 || strcmp(err, want) != 0)
			fail_msg("'%s': got %d '%s', want '%s'", line, rc, err, want);
	}
}

/* User text in a message is cut at 32 bytes. */
static void test_quote_cut(void **state)
{
	(void)state;
	cmd c;
	char line[128];
	memset(line, 'z', 100);
	line[100] = '\0';
	assert_int_equal(parse(line, &c), -1);
	char want[160];
	snprintf(want, sizeof want, "unknown command '%.32s...'; 'help' lists the commands", line);
	assert_string_equal(err, want);
}

static void expect(const char *line, const char *want)
{
	cmd c;
	int rc = parse(line, &c);
	if (want == NULL) {
		if (rc != 0)
			fail_msg("'%s' should parse, got: %s", line, err);
		return;
	}
	if (rc != -1 || strcmp(err, want) != 0)
		fail_msg("'%s': got %d '%s', want '%s'", line, rc, err, want);
}

static void test_numbers_at_edges(void **state)
{
	(void)state;
	cmd c;
	c = ok("set depth 0");
	assert_int_equal(c.n, 0);
	c = ok("set depth 100000");
	assert_int_equal(c.n, 100000);
	c = ok("set depth +00042");
	assert_int_equal(c.n, 42);
	expect("set depth 100001", "depth must be between 0 and 100000, got 100001");
	expect("set depth -1", "depth must be between 0 and 100000, got -1");
	expect("set depth 1.5", "depth must be a whole number from 0 to 100000, got 1.5");
	expect("set depth 1e3", "depth must be written in digits, like 1000, got 1e3");
	expect("set depth 1e308", "depth must be between 0 and 100000, got 1e308");
	expect("set depth 1e9", "depth must be between 0 and 100000, got 1e9");
	expect("set depth nan", "depth must be a whole number, got 'nan'");
	expect("set depth inf", "depth must be a whole number, got 'inf'");
	expect("set depth -", "depth must be a whole number, got '-'");
	expect("set depth \"\"", "depth must be a whole number, got '\"\"'");
	expect("set depth 99999999999999999999999",
	       "depth must be between 0 and 100000, got 99999999999999999999999");

	c = ok("set x 1000000");
	assert_true(c.value == 1e6);
	c = ok("set x -1e6");
	assert_true(c.value == -1e6);
	c = ok("set x -0");
	assert_true(c.value == 0 && signbit(c.value));
	c = ok("set x 4.9e-324");
	assert_true(c.value > 0);
	c = ok("set x .5");
	assert_true(c.value == 0.5);
	expect("set x 1000000.0001", "x must be between -1000000 and 1000000, got 1000000.0001");
	expect("set x 1e308", "x must be between -1000000 and 1000000, got 1e308");
	expect("set x -1e308", "x must be between -1000000 and 1000000, got -1e308");
	expect("set x 1e309", "x is too large to be a finite number: '1e309'");
	expect("set x nan", "x must be a finite number, got 'nan'");
	expect("set x inf", "x must be a finite number, got 'inf'");
	expect("set x -inf", "x must be a finite number, got '-inf'");
	expect("set x 0x10", "x must be a finite number, got '0x10'");
	expect("set x 1e", "x must be a finite number, got '1e'");
	expect("set x .", "x must be a finite number, got '.'");
	expect("set x 1..2", "x must be a finite number, got '1..2'");
	expect("set x --1", "x must be a finite number, got '--1'");
	expect("set x 1,5", "x must be a finite number, got '1,5'");

	expect("set gain 100", NULL);
	expect("set gain -100", NULL);
	expect("set gain 100.5", "gain must be between -100 and 100, got 100.5");
	expect("set gain -1e308", "gain must be between -100 and 100, got -1e308");
	expect("set bias 100", NULL);
	expect("set bias -100.01", "bias must be between -100 and 100, got -100.01");
	expect("set slope 1e308", NULL);   /* finite: the activation decides */
	expect("set slope 1e309", "slope is too large to be a finite number: '1e309'");
	expect("set alpha nan", "alpha must be a finite number, got 'nan'");

	expect("eval 1e6", NULL);
	expect("eval 1e7", "x must be between -1000000 and 1000000, got 1e7");
	expect("set range -1000000 -999999.999", NULL);
	expect("set range 0.1 0.101", NULL);        /* 0.001 wide, give or take rounding */
	expect("set range -500000 500000", NULL);
	expect("set range -500000 500000.01",
	       "the range must be 0.001 to 1000000 wide, got -500000 .. 500000.01");
	expect("lesson 9999", NULL);
	expect("lesson 10000", NULL);   /* no lesson: the course says which there are */
	expect("lesson 99999999999999999999999", NULL);

	/* a huge number: quoted, cut at 40 bytes by the number parser */
	char line[600], want[200];
	strcpy(line, "set depth ");
	memset(line + 10, '9', 400);
	line[410] = '\0';
	snprintf(want, sizeof want, "depth must be between 0 and 100000, got %.40s...", line + 10);
	expect(line, want);
	strcpy(line, "set x ");
	memset(line + 6, '1', 400);
	line[406] = '\0';
	snprintf(want, sizeof want, "x is too large to be a finite number: '%.40s...'", line + 6);
	expect(line, want);
	/* 400 digits that fit: 1e-399 would read as 0, refused as the huge
	 * one is; the same digits all zero are a zero */
	strcpy(line, "set x 0.");
	memset(line + 8, '0', 398);
	strcpy(line + 406, "1");
	snprintf(want, sizeof want, "x is too small to tell from 0: '%.40s...' (the smallest is "
	         "about 4.9e-324)", line + 6);
	expect(line, want);
	line[406] = '0';
	assert_true(ok(line).value == 0.0);
}

static void test_long_lines(void **state)
{
	(void)state;
	cmd c;
	static char line[10241];
	memset(line, 'a', 10240);
	line[10240] = '\0';
	expect(line, "line too long: 10240 characters, a command has at most 511");
	/* blanks around do not count; a long comment is still a comment */
	memset(line, ' ', 10240);
	memcpy(line + 5000, "next", 4);
	assert_int_equal(parse(line, &c), 0);
	assert_int_equal(c.kind, CMD_NEXT);
	line[0] = '#';
	assert_int_equal(parse(line, &c), 1);
	/* 511 is still a line; it fails on what it says */
	memset(line, 'x', 511);
	memcpy(line, "set x ", 6);
	line[511] = '\0';
	assert_int_equal(parse(line, &c), -1);
	assert_int_equal(strncmp(err, "x must be a finite number, got 'xxx", 35), 0);
	line[511] = 'x';
	line[512] = '\0';
	expect(line, "line too long: 512 characters, a command has at most 511");
}

/* A failed parse leaves the caller's command as it was. */
static void test_parse_failure_keeps_cmd(void **state)
{
	(void)state;
	cmd c, before;
	memset(&c, 0x5a, sizeof c);
	memcpy(&before, &c, sizeof c);
	assert_int_equal(cmd_parse("set slope abc", &c, err, sizeof err), -1);
	assert_memory_equal(&c, &before, sizeof c);
	assert_int_equal(cmd_parse("compare relu gelu relu", &c, err, sizeof err), -1);
	assert_memory_equal(&c, &before, sizeof c);
	assert_int_equal(cmd_parse("# nothing", &c, err, sizeof err), 1);
	assert_memory_equal(&c, &before, sizeof c);
}

/* A short or absent message buffer is not overrun. */
static void test_small_err(void **state)
{
	(void)state;
	cmd c;
	char small[8] = "xxxxxxx";
	char guard[8] = "GGGGGGG";
	char buf[16];
	memcpy(buf, small, 8);
	memcpy(buf + 8, guard, 8);
	assert_int_equal(cmd_parse("set slop 1", &c, buf, 8), -1);
	assert_string_equal(buf, "set: un");
	assert_memory_equal(buf + 8, guard, 8);
	assert_int_equal(cmd_parse("set slop 1", &c, NULL, 0), -1);
	lab l;
	lab_init(&l);
	c = ok("set slope 1");
	assert_int_equal(cmd_apply(&l, &c, NULL, 0), -1);
	lab_free(&l);
}

/* ---- applying -------------------------------------------------------------- */

static void test_apply_changes_exactly(void **state)
{
	(void)state;
	lab l, want;
	lab_init(&l);

	memcpy(&want, &l, sizeof l);
	run_ok(&l, "act leaky_relu");
	want.act = act_find("leaky_relu");
	want.p = 0.01;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set slope 0.2");
	want.p = 0.2;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set x -2");
	want.x = -2.0;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set depth 100000");
	want.depth = 100000;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set depth 0");
	want.depth = 0;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set gain -100");
	want.gain = -100.0;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set bias 0.5");
	want.bias = 0.5;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "set range -6 6");
	want.from = -6.0;
	want.to = 6.0;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "charset braille");
	want.cs = CS_BRAILLE;
	assert_memory_equal(&l, &want, sizeof l);

	run_ok(&l, "colour off");
	want.color = false;
	assert_memory_equal(&l, &want, sizeof l);

	/* act again resets the parameter to the new activation's default */
	run_ok(&l, "act prelu");
	want.act = act_find("prelu");
	want.p = 0.25;
	assert_memory_equal(&l, &want, sizeof l);
	run_ok(&l, "set slope -1");
	want.p = -1.0;
	assert_memory_equal(&l, &want, sizeof l);
	run_ok(&l, "act relu");
	want.act = act_find("relu");
	want.p = 0.0;
	assert_memory_equal(&l, &want, sizeof l);

	/* reset: back home; what is shown (charset, colour) is not the lab's state */
	run_ok(&l, "reset");
	want.act = act_find("relu");
	want.p = 0;
	want.x = LAB_DEFAULT_X;
	want.depth = 1;
	want.gain = 1;
	want.bias = 0;
	want.from = -5;
	want.to = 5;
	assert_memory_equal(&l, &want, sizeof l);
	lab_free(&l);
}

/* Commands for the front end leave the lab alone and say so with 1. */
static void test_apply_front_end_kinds(void **state)
{
	(void)state;
	const char *lines[] = { "compare relu gelu", "compare", "eval 3", "view chain",
	                        "view plot", "lesson 2", "lesson why-relu", "next",
	                        "prev", "toc", "answer b", "help", "help set", "quit", "q",
	                        "view train", "train run", "train pause", "train step",
	                        "train restart" };
	lab l, before;
	lab_init(&l);
	run_ok(&l, "act elu");
	memcpy(&before, &l, sizeof l);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		assert_int_equal(run(&l, lines[i]), 1);
		assert_string_equal(err, "");
		assert_memory_equal(&l, &before, sizeof l);
	}
	lab_free(&l);
}

/* activation, line, the exact message: valid lines the lab refuses */
static const char *const apply_errors[][3] = {
	{ "relu", "set slope 0.1",
	  "relu takes no parameter; 'set slope' needs leaky_relu or prelu (act leaky_relu first)" },
	{ "elu", "set slope 0.1",
	  "elu takes alpha, not slope; 'set slope' needs leaky_relu or prelu (act leaky_relu first)" },
	{ "relu", "set floor 1", "relu takes no parameter; 'set floor' needs max (act max first)" },
	{ "gelu", "set lambda 1",
	  "gelu takes no parameter; 'set lambda' needs softshrink or hardshrink (act softshrink first)" },
	{ "softplus", "set alpha 1",
	  "softplus takes beta, not alpha; 'set alpha' needs elu or celu (act elu first)" },
	{ "leaky_relu", "set slope 3", "slope must be between 0 and 1, got 3" },
	{ "leaky_relu", "set slope -0.1", "slope must be between 0 and 1, got -0.1" },
	{ "leaky_relu", "set slope 1e308", "slope must be between 0 and 1, got 1e+308" },
	{ "prelu", "set slope -1.5", "slope must be between -1 and 1, got -1.5" },
	{ "celu", "set alpha 0", "alpha must be greater than 0 and at most 10, got 0" },
	{ "softplus", "set beta 101", "beta must be greater than 0 and at most 100, got 101" },
	{ "max", "set floor -10.5", "floor must be between -10 and 10, got -10.5" },
};

static void test_apply_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof apply_errors / sizeof apply_errors[0]; i++) {
		lab l, before;
		lab_init(&l);
		lab_set_act(&l, act_find(apply_errors[i][0]));
		memcpy(&before, &l, sizeof l);
		int rc = run(&l, apply_errors[i][1]);
		if (rc != -1 || strcmp(err, apply_errors[i][2]) != 0)
			fail_msg("%s, '%s': got %d '%s', want '%s'", apply_errors[i][0],
			         apply_errors[i][1], rc, err, apply_errors[i][2]);
		assert_memory_equal(&l, &before, sizeof l);
		lab_free(&l);
	}
	/* the edges of each parameter are accepted */
	lab l;
	lab_init(&l);
	run_ok(&l, "act leaky_relu");
	run_ok(&l, "set slope 0");
	run_ok(&l, "set slope 1");
	run_ok(&l, "act celu");
	run_ok(&l, "set alpha 1e-300");
	run_ok(&l, "set alpha 10");
	assert_true(l.p == 10.0);
	lab_free(&l);
}

/* The training settings: each sets its field of lab.train and nothing else. */
static void test_train_settings(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	train_cfg d;
	train_cfg_default(&d);
	assert_true(train_cfg_equal(&l.train, &d));
	run_ok(&l, "set lr 0.05");
	assert_true(l.train.lr == 0.05);
	run_ok(&l, "set momentum 0");
	assert_true(l.train.momentum == 0);
	run_ok(&l, "set width 64");
	assert_int_equal(l.train.width, 64);
	run_ok(&l, "set layers 3");
	assert_int_equal(l.train.layers, 3);
	run_ok(&l, "set batch 64");
	assert_int_equal(l.train.batch, 64);
	run_ok(&l, "set points 128");
	assert_int_equal(l.train.points, 128);
	run_ok(&l, "set noise 0.2");
	assert_true(l.train.noise == 0.2);
	run_ok(&l, "set seed 2147483647");
	assert_true(l.train.seed == 2147483647UL);
	run_ok(&l, "set target sawtooth");
	assert_int_equal(l.train.target, TRAIN_SAWTOOTH);
	run_ok(&l, "set init xavier");
	assert_int_equal(l.train.init, TRAIN_INIT_XAVIER);
	run_ok(&l, "set lr 10");
	run_ok(&l, "set width 4");
	/* the rest of the lab did not move */
	assert_string_equal(l.act->name, "relu");
	assert_int_equal(l.depth, 1);
	/* reset goes back to the home state, settings and all */
	run_ok(&l, "reset");
	assert_true(train_cfg_equal(&l.train, &d));
	/* a command built by hand out of range is refused, the lab unchanged */
	lab before;
	memcpy(&before, &l, sizeof l);
	cmd c;
	memset(&c, 0, sizeof c);
	c.kind = CMD_SET;
	c.var = CMD_VAR_WIDTH;
	c.n = 1000;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "width must be between 4 and 256, got 1000");
	c.var = CMD_VAR_TARGET;
	c.n = 99;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	c.var = CMD_VAR_LR;
	c.value = NAN;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_memory_equal(&l, &before, sizeof l);
	/* the train command is the front end's */
	c = ok("train step");
	assert_int_equal(c.kind, CMD_TRAIN);
	assert_string_equal(c.word, "step");
	lab_free(&l);
}

/* Commands built by hand (not by cmd_parse) are checked again. */
static void test_apply_checks_hand_built(void **state)
{
	(void)state;
	lab l, before;
	lab_init(&l);
	memcpy(&before, &l, sizeof l);
	cmd c;

	memset(&c, 0, sizeof c);
	c.kind = CMD_SET;
	c.var = CMD_VAR_X;
	c.value = NAN;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "x must be between -1000000 and 1000000, got nan");
	c.value = 2e6;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "x must be between -1000000 and 1000000, got 2000000");

	c.var = CMD_VAR_DEPTH;
	c.n = -1;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "depth must be between 0 and 100000, got -1");
	c.n = CHAIN_MAX_DEPTH + 1;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);

	c.var = CMD_VAR_GAIN;
	c.value = INFINITY;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "gain must be between -100 and 100, got inf");
	c.var = CMD_VAR_BIAS;
	c.value = -101;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "bias must be between -100 and 100, got -101");

	lab_set_act(&l, act_find("leaky_relu"));
	memcpy(&before, &l, sizeof l);
	c.var = CMD_VAR_PARAM;
	c.param_name = "slope";
	c.value = NAN;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "slope must be a finite number, got nan");
	c.param_name = NULL;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);

	memset(&c, 0, sizeof c);
	c.kind = CMD_RANGE;
	c.value = 1;
	c.value2 = NAN;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "range end must be between -1000000 and 1000000, got nan");
	c.value = 3;
	c.value2 = 2;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "set range needs A < B, got 3 and 2: set range -6 6");

	memset(&c, 0, sizeof c);
	c.kind = CMD_ACT;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);
	assert_string_equal(err, "act needs a name: act leaky_relu");

	c.kind = CMD_CHARSET;
	c.cs = (charset)7;
	assert_int_equal(cmd_apply(&l, &c, err, sizeof err), -1);

	assert_memory_equal(&l, &before, sizeof l);
	lab_free(&l);
}

/* set x outside the plotted range moves the range with it, as the keys do. */
/* The network lab's settings: set, the keys' actions, reset, and the
 * network they describe (depth capped by the width, at least 1). */
static void test_net_settings(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	net_params p = lab_net_params(&l);
	assert_int_equal(p.width, 128);
	assert_int_equal(p.batch, 256);
	assert_int_equal(p.init, NET_STANDARD);
	assert_int_equal(p.depth, 1);
	run_ok(&l, "set net-width 512");
	run_ok(&l, "set net-batch 64");
	run_ok(&l, "set net-seed 7");
	run_ok(&l, "set net-init he");
	run_ok(&l, "set depth 1000");
	run_ok(&l, "act tanh");
	run_ok(&l, "set gain 1.5");
	p = lab_net_params(&l);
	assert_int_equal(p.width, 512);
	assert_int_equal(p.batch, 64);
	assert_int_equal(p.seed, 7);
	assert_int_equal(p.init, NET_HE);
	assert_int_equal(p.depth, 64);   /* 512 wide: at most 64 layers */
	assert_ptr_equal(p.act, act_find("tanh"));
	assert_true(p.gain == 1.5);
	char msg[128];
	assert_true(lab_step(&l, CMD_VAR_NET_WIDTH, 1, false, msg, sizeof msg));
	assert_int_equal(l.net.width, 1024);
	assert_false(lab_step(&l, CMD_VAR_NET_WIDTH, 1, false, msg, sizeof msg));
	assert_string_equal(msg, "net-width is at its maximum, 1024");
	assert_int_equal(lab_net_params(&l).depth, 16);
	assert_true(lab_step(&l, CMD_VAR_NET_INIT, 1, false, msg, sizeof msg));
	assert_int_equal(l.net.init, NET_STANDARD);
	assert_true(lab_step(&l, CMD_VAR_NET_SEED, 1, false, msg, sizeof msg));
	assert_int_equal(l.net.seed, 8);
	assert_true(lab_do(&l, LAB_NET_WHAT_NEXT, msg, sizeof msg));
	assert_int_equal(l.net.what, NET_PRE);
	run_ok(&l, "set net-width 2");
	assert_false(lab_step(&l, CMD_VAR_NET_WIDTH, -1, false, msg, sizeof msg));
	assert_string_equal(msg, "net-width is at its minimum, 2");
	/* a failed set changes nothing */
	assert_int_equal(run(&l, "set init none"), -1);
	assert_int_equal(l.net.init, NET_STANDARD);
	lab_do(&l, LAB_RESET, NULL, 0);
	assert_int_equal(l.net.width, 128);
	assert_int_equal(l.net.seed, 1);
	lab_free(&l);
}

static void test_set_x_keeps_it_in_view(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	run_ok(&l, "set x 5");           /* on the edge: stays */
	assert_true(l.from == -5 && l.to == 5);
	run_ok(&l, "set x 7.3");
	assert_true(l.x == 7.3);
	assert_true(l.from == 2.3 && l.to == 12.3);
	run_ok(&l, "set x 1e6");
	assert_true(l.to == 1e6 && l.from == 1e6 - 10);
	run_ok(&l, "set x -1e6");
	assert_true(l.from == -1e6 && l.to == -1e6 + 10);
	run_ok(&l, "set range -500000 500000");
	run_ok(&l, "set x 1e6");
	assert_true(l.from == 0 && l.to == 1e6);
	/* set range does not move x: the author asked for that range */
	run_ok(&l, "set range -6 6");
	assert_true(l.x == 1e6);
	/* a narrow range far out keeps its width exactly */
	run_ok(&l, "set range 999990.1234567 999990.1244567");
	double span = l.to - l.from;
	run_ok(&l, "set x 999999.98765432");
	assert_true(l.to - l.from == span);
	assert_true(l.x >= l.from && l.x <= l.to);
	lab_free(&l);
}

/* A lesson's lab block, line by line, leaves the lab in its state; reset
 * goes back to the home the front end marks. */
static void test_lesson_block(void **state)
{
	(void)state;
	const char *block[] = {
		"# dead units: leaky relu keeps a little gradient",
		"act leaky_relu",
		"set slope 0.1",
		"",
		"set x -2",
		"set depth 10",
		"set range -6 6",
	};
	lab l;
	lab_init(&l);
	for (size_t i = 0; i < sizeof block / sizeof block[0]; i++) {
		cmd c;
		int rc = parse(block[i], &c);
		assert_true(rc >= 0);
		if (rc == 0)
			assert_int_equal(cmd_apply(&l, &c, err, sizeof err), 0);
	}
	assert_ptr_equal(l.act, act_find("leaky_relu"));
	assert_true(l.p == 0.1);
	assert_true(l.x == -2.0);
	assert_int_equal(l.depth, 10);
	assert_true(l.gain == 1.0 && l.bias == 0.0);
	assert_true(l.from == -6.0 && l.to == 6.0);

	/* the chain at x = -2: ten layers of slope 0.1 */
	assert_int_equal(lab_update(&l, 80), 0);
	assert_true(fabs(l.chain.log10_grad - -10.0) < 1e-12);
	assert_int_equal(l.chain.state, CHAIN_VANISHES);
	lab_free(&l);
}

/* ---- step: what the keys run ------------------------------------------- */

/* step NAME up|down [coarse] moves the setting it names, the way it names,
 * by the key step (lab_step) on a copy of the same lab, for every key step
 * there is. */
static void test_step_is_the_key_step(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		cmd_var var;
		int dir;
		bool coarse;
		const char *act;
	} same[] = {
		{ "step x up", CMD_VAR_X, 1, false, "relu" },
		{ "step x down", CMD_VAR_X, -1, false, "relu" },
		{ "step x up coarse", CMD_VAR_X, 1, true, "relu" },
		{ "step x down coarse", CMD_VAR_X, -1, true, "relu" },
		{ "step param up", CMD_VAR_PARAM, 1, false, "leaky_relu" },
		{ "step slope down", CMD_VAR_PARAM, -1, false, "leaky_relu" },
		{ "step param up coarse", CMD_VAR_PARAM, 1, true, "elu" },
		{ "step alpha down coarse", CMD_VAR_PARAM, -1, true, "elu" },
		{ "step depth up", CMD_VAR_DEPTH, 1, false, "relu" },
		{ "step depth down", CMD_VAR_DEPTH, -1, false, "relu" },
		{ "step gain up", CMD_VAR_GAIN, 1, false, "relu" },
		{ "step gain down", CMD_VAR_GAIN, -1, false, "relu" },
		{ "step lr up", CMD_VAR_LR, 1, false, "relu" },
		{ "step lr down", CMD_VAR_LR, -1, false, "relu" },
		{ "step width up", CMD_VAR_WIDTH, 1, false, "relu" },
		{ "step layers up", CMD_VAR_LAYERS, 1, false, "relu" },
		{ "step target up", CMD_VAR_TARGET, 1, false, "relu" },
		{ "step net-init up", CMD_VAR_NET_INIT, 1, false, "relu" },
		{ "step net-seed up", CMD_VAR_NET_SEED, 1, false, "relu" },
		{ "step net-width down", CMD_VAR_NET_WIDTH, -1, false, "relu" },
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		lab a, b;
		lab_init(&a);
		lab_set_act(&a, act_find(same[i].act));
		lab_init(&b);
		lab_set_act(&b, act_find(same[i].act));
		run_ok(&a, same[i].line);
		assert_true(lab_step(&b, same[i].var, same[i].dir, same[i].coarse, NULL, 0));
		if (a.x != b.x || a.p != b.p || a.depth != b.depth || a.gain != b.gain ||
		    a.from != b.from || a.to != b.to || !train_cfg_equal(&a.train, &b.train) ||
		    a.net.width != b.net.width || a.net.seed != b.net.seed || a.net.init != b.net.init)
			fail_msg("'%s' does not step what it names", same[i].line);
		lab_free(&a);
		lab_free(&b);
	}
}

static void test_step_errors(void **state)
{
	(void)state;
	lab l;
	lab_init(&l);
	cmd c;
	assert_int_equal(parse("step dpth up", &c), -1);
	assert_string_equal(err, "step: unknown name 'dpth'; did you mean 'depth'?");
	assert_int_equal(parse("step bias up", &c), -1);
	assert_string_equal(err, "step: no key steps bias; set bias 0.5");
	assert_int_equal(parse("step x sideways", &c), -1);
	assert_string_equal(err, "step x takes up or down, got 'sideways': step x up");
	assert_int_equal(parse("step depth up coarse", &c), -1);
	assert_string_equal(err, "step depth has one step; coarse goes with x and param");
	assert_int_equal(parse("step x up fine", &c), -1);
	assert_int_equal(parse("step x", &c), -1);
	assert_int_equal(parse("step", &c), -1);
	/* the parameter by a name that is not the activation's */
	assert_int_equal(run(&l, "step slope up"), -1);
	assert_string_equal(err, "relu takes no parameter");
	lab_set_act(&l, act_find("elu"));
	assert_int_equal(run(&l, "step slope up"), -1);
	assert_string_equal(err, "elu takes alpha, not slope: step alpha up");
	/* at a limit: nothing changes, and the message says which */
	lab_set_act(&l, act_find("relu"));
	run_ok(&l, "set depth 0");
	assert_int_equal(run(&l, "step depth down"), -1);
	assert_string_equal(err, "depth is at its minimum, 0");
	assert_int_equal(l.depth, 0);
	lab_free(&l);
}

/* ---- names, help, completion words -------------------------------------- */

static void test_names_and_help(void **state)
{
	(void)state;
	size_t n;
	const char *const *names = cmd_names(&n);
	assert_int_equal(n, 17);
	for (size_t i = 0; i < n; i++) {
		const char *h = cmd_help(names[i]);
		const char *u = cmd_usage(names[i]);
		assert_non_null(h);
		assert_non_null(u);
		assert_int_equal(strncmp(u, names[i], strlen(names[i])), 0);
		for (const char *p = h; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
		/* help and completion know the same commands the parser does */
		char line[64];
		snprintf(line, sizeof line, "help %s", names[i]);
		assert_string_equal(ok(line).word, names[i]);
		cmd c;
		assert_int_not_equal(parse(names[i], &c), 1);
		assert_false(strncmp(err, "unknown command", 15) == 0);
	}
	assert_null(cmd_help("nope"));
	assert_null(cmd_help(NULL));
	assert_null(cmd_usage("Set"));
	assert_string_equal(cmd_help("q"), cmd_help("quit"));
	assert_string_equal(cmd_usage("colour"), "color on|off");
	assert_string_equal(cmd_usage("set"), "set NAME VALUE");
	/* restart draws the seed's weights again (train.c), not new ones */
	assert_non_null(strstr(cmd_help("train"), "the seed's weights"));
	assert_non_null(cmd_names(NULL));
}

static bool has_word(const char *const *w, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w[i], s))
			return true;
	return false;
}

static void test_words(void **state)
{
	(void)state;
	size_t n, na;
	const char *const *w = cmd_words("set", &n);
	assert_non_null(w);
	assert_true(has_word(w, n, "x") && has_word(w, n, "depth") && has_word(w, n, "range"));
	/* every parameter in the catalogue can be set by name */
	const act_def *t = act_table(&na);
	for (size_t i = 0; i < na; i++) {
		if (!act_has_param(&t[i]))
			continue;
		assert_true(has_word(w, n, t[i].param.name));
		char line[64];
		snprintf(line, sizeof line, "set %s %.17g", t[i].param.name, t[i].param.def);
		lab l;
		lab_init(&l);
		lab_set_act(&l, &t[i]);
		run_ok(&l, line);
		lab_free(&l);
	}
	/* each completion word is accepted after its command */
	const char *cmds[] = { "view", "charset", "color", "help" };
	for (size_t k = 0; k < 4; k++) {
		w = cmd_words(cmds[k], &n);
		assert_non_null(w);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			char line[64];
			snprintf(line, sizeof line, "%s %s", cmds[k], w[i]);
			ok(line);
		}
	}
	w = cmd_words("view", &n);
	assert_true(has_word(w, n, "plot") && has_word(w, n, "chain") && has_word(w, n, "cost"));
	w = cmd_words("help", &n);
	assert_int_equal(n, 17);
	assert_null(cmd_words("act", &n));
	assert_int_equal(n, 0);
	assert_null(cmd_words("nope", &n));
	assert_null(cmd_words(NULL, NULL));
}

/* ---- robustness ------------------------------------------------------------- */

static void check_message(const char *m)
{
	size_t len = strlen(m);
	assert_true(len > 0);
	assert_true(len < 200);
	for (size_t i = 0; i < len; i++)
		if (!((unsigned char)m[i] >= 0x20 && (unsigned char)m[i] < 0x7f))
			fail_msg("byte 0x%02x in message '%s'", (unsigned char)m[i], m);
}

/* After any command, the lab still holds a state the rest relies on. */
static void check_lab(const lab *l)
{
	assert_true(act_index(l->act) >= 0);
	if (act_has_param(l->act))
		assert_true(act_param_check(l->act, l->p, err, sizeof err));
	assert_true(isfinite(l->x) && fabs(l->x) <= LAB_X_MAX);
	assert_true(l->depth >= 0 && l->depth <= CHAIN_MAX_DEPTH);
	assert_true(fabs(l->gain) <= setting_of(CMD_VAR_GAIN)->max && fabs(l->bias) <= 100);
	assert_true(l->from < l->to && l->from >= -LAB_X_MAX && l->to <= LAB_X_MAX);
	double span = l->to - l->from;
	assert_true(span >= LAB_SPAN_MIN * (1 - 1e-9) && span <= LAB_SPAN_MAX * (1 + 1e-9));
	assert_true((unsigned)l->cs <= CS_BRAILLE);
}

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void feed(lab *l, const char *line)
{
	cmd c;
	memset(&c, 0, sizeof c);
	err[0] = 'X';
	err[1] = '\0';
	int rc = cmd_parse(line, &c, err, sizeof err);
	assert_true(rc >= -1 && rc <= 1);
	if (rc == -1) {
		check_message(err);
		return;
	}
	if (rc == 1)
		return;
	lab before;
	memcpy(&before, l, sizeof *l);
	rc = cmd_apply(l, &c, err, sizeof err);
	assert_true(rc >= -1 && rc <= 1);
	if (rc == -1) {
		check_message(err);
		assert_memory_equal(l, &before, sizeof *l);
	}
	check_lab(l);
}

static void test_random_bytes(void **state)
{
	(void)state;
	static char line[12000];
	lab l;
	lab_init(&l);
	/* raw bytes, any length up to 10 KB */
	for (int i = 0; i < 3000; i++) {
		size_t len = rnd() % 8 == 0 ? rnd() % 11000 : rnd() % 40;
		for (size_t k = 0; k < len; k++)
			line[k] = (char)(1 + rnd() % 255);
		line[len] = '\0';
		feed(&l, line);
	}
	/* valid lines with words and bytes mutated: reaches the parsers */
	static const char *const seeds[] = {
		"act leaky_relu", "set slope 0.1", "set x -2", "set depth 10", "set range -6 6",
		"set gain 1.5", "set bias 0.5", "set alpha 1", "compare relu gelu tanh sigmoid",
		"eval 3", "view chain", "lesson 2", "lesson why-relu", "answer b", "charset block",
		"color off", "help set", "quit", "reset", "act celu", "act softplus", "act max",
		"set floor -1", "set beta 2", "set lambda 0.5", "act prelu",
	};
	static const char alphabet[] = "0123456789+-.eE abcxyz\t#_-\x1b\xc3\xa9\xff";
	size_t nseeds = sizeof seeds / sizeof seeds[0];
	for (int i = 0; i < 20000; i++) {
		const char *s = seeds[rnd() % nseeds];
		size_t len = strlen(s);
		memcpy(line, s, len + 1);
		int edits = (int)(rnd() % 4);
		for (int e = 0; e < edits && len > 0 && len < 100; e++) {
			size_t at = rnd() % len;
			char ch = alphabet[rnd() % (sizeof alphabet - 1)];
			switch (rnd() % 3) {
			case 0: line[at] = ch; break;
			case 1:
				memmove(line + at + 1, line + at, len - at + 1);
				line[at] = ch;
				len++;
				break;
			default:
				memmove(line + at, line + at + 1, len - at);
				len--;
				break;
			}
		}
		feed(&l, line);
	}
	lab_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_quote_cut),
		cmocka_unit_test(test_numbers_at_edges),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_parse_failure_keeps_cmd),
		cmocka_unit_test(test_small_err),
		cmocka_unit_test(test_apply_changes_exactly),
		cmocka_unit_test(test_apply_front_end_kinds),
		cmocka_unit_test(test_apply_errors),
		cmocka_unit_test(test_apply_checks_hand_built),
		cmocka_unit_test(test_train_settings),
		cmocka_unit_test(test_set_x_keeps_it_in_view),
		cmocka_unit_test(test_net_settings),
		cmocka_unit_test(test_lesson_block),
		cmocka_unit_test(test_step_is_the_key_step),
		cmocka_unit_test(test_step_errors),
		cmocka_unit_test(test_names_and_help),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
