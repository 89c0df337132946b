# whyrelu - hand-written Makefile.
# User CFLAGS/LDFLAGS/CPPFLAGS add to the flags the build needs.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
VERSION = 0.1.0

CC ?= cc
PKG_CONFIG ?= pkg-config

# Debian packages: to build and run, and also to test.
DEB_BUILD = gcc make pkg-config libncurses-dev libreadline-dev libcmark-dev libopenblas-serial-dev
# openssh-server for the SSH test (installing it also starts the system's sshd)
DEB_TEST = libcmocka-dev python3 python3-pyte less valgrind openssh-client openssh-server
PKGS = ncursesw readline libcmark

# Recursive (=) so pkg-config runs when a recipe needs it, after `deps`.
# OpenBLAS: its header at build time; net.c opens the library when a
# network is first computed, so it is not linked.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) openblas 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs libcmark 2>/dev/null)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS = -std=c11 -O2 -g $(WARN) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
	-DWHYRELU_VERSION='"$(VERSION)"' -DWHYRELU_DATADIR='"$(DATADIR)/whyrelu"'
ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)
ALL_CPPFLAGS = $(CPPFLAGS)

# The program by folder; each folder sees only the headers of the folders
# below it, so a wrong include fails to compile:
#   src/core  the model, the lessons, the command language, the plot
#             rasteriser: no curses, no readline (the unit tests and the
#             fuzzers link only this, the command line's tests the
#             command line too, and the layout test the front end too)
#   src/cli   the subcommands, one file each, and their dispatch table
#   src/rl    readline's side shared by both front ends: completion of
#             the command language (readline, no curses)
#   src/tui   the full-screen tutorial (curses, readline)
#   src/line  the line mode (readline)
#   src/main.c  which of them runs
CORE_SRC = $(wildcard src/core/*.c)
CLI_SRC = $(wildcard src/cli/*.c)
TUI_SRC = $(wildcard src/tui/*.c)
LINE_SRC = $(wildcard src/line/*.c)
RL_SRC = $(wildcard src/rl/*.c)
CORE_INC = -Isrc/core
CLI_INC = $(CORE_INC) -Isrc/cli
RL_INC = $(CORE_INC) -Isrc/rl
# B is the build directory and BIN the program: the sanitizer build uses
# build/san and build/san/whyrelu.
B ?= build
BIN ?= whyrelu
CORE_OBJ = $(CORE_SRC:src/%.c=$(B)/%.o)
CLI_OBJ = $(CLI_SRC:src/%.c=$(B)/%.o)
UI_OBJ = $(RL_SRC:src/%.c=$(B)/%.o) $(TUI_SRC:src/%.c=$(B)/%.o) $(LINE_SRC:src/%.c=$(B)/%.o) $(B)/main.o
PROG_OBJ = $(CORE_OBJ) $(CLI_OBJ) $(UI_OBJ)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all run test unit unit-bins check-lessons golden line-test smoke smoke-valgrind ssh-test security layers thread-check \
	sanitize bench bench-class install uninstall clean deps hostile test-hostile

all: $(BIN)

# --as-needed: readline and cmark are linked but not loaded until used
$(BIN): $(PROG_OBJ)
	$(CC) $(ALL_CFLAGS) -Wl,--as-needed $(LDFLAGS) -o $@ $(PROG_OBJ) $(PKG_LIBS) -lm

$(B)/core/%.o: INC = $(CORE_INC)
$(B)/cli/%.o: INC = $(CLI_INC)
$(B)/rl/%.o: INC = $(RL_INC)
$(B)/tui/%.o: INC = $(CLI_INC) -Isrc/rl -Isrc/tui
$(B)/line/%.o: INC = $(CLI_INC) -Isrc/rl -Isrc/line
$(B)/main.o: INC = $(CLI_INC) -Isrc/tui -Isrc/line

$(B)/%.o: src/%.c | $(B)/tests
	@mkdir -p $(@D)
	$(CC) $(INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# gcc assumes by default that a floating-point exception may trap, so it will
# not compute a piece such as leaky_relu's s*x for an x that does not need it:
# the straight-piece activations' loops stay branches, mispredicted on
# random-signed inputs, and unvectorised (about 20 times relu's time). The
# program never reads the exception flags, and the values are the same bit
# for bit; clang assumes this already.
$(B)/core/act.o: ALL_CFLAGS += -fno-trapping-math

# The tests that run a subcommand link the command line too; the others
# see the core's headers only.
UNIT_CLI = test_class test_cli test_lesson test_net test_progress
$(B)/tests/%: tests/unit/%.c tests/unit/testutil.h $(CORE_OBJ) $(CLI_OBJ) | $(B)/tests
	$(CC) $(if $(filter $*,$(UNIT_CLI)),$(CLI_INC),$(CORE_INC)) $(ALL_CPPFLAGS) $(ALL_CFLAGS) \
		$(CMOCKA_CFLAGS) -DTEST_SRCDIR='"$(CURDIR)"' -o $@ $< $(CORE_OBJ) \
		$(if $(filter $*,$(UNIT_CLI)),$(CLI_OBJ)) $(LDFLAGS) $(CMOCKA_LIBS) $(CORE_LIBS) -lm

# The layout test drives the full-screen front end without a terminal:
# it links the front end, and so curses and readline, too.
TUI_OBJ = $(TUI_SRC:src/%.c=$(B)/%.o) $(RL_SRC:src/%.c=$(B)/%.o)
$(B)/tests/test_ui_layout: tests/unit/test_ui_layout.c $(CORE_OBJ) $(CLI_OBJ) $(TUI_OBJ) | $(B)/tests
	$(CC) $(CLI_INC) -Isrc/rl -Isrc/tui $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CMOCKA_CFLAGS) \
		-o $@ $< $(TUI_OBJ) $(CLI_OBJ) $(CORE_OBJ) $(LDFLAGS) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

$(B)/tests:
	@mkdir -p $@

-include $(PROG_OBJ:.o=.d)

run: deps
	@$(MAKE) --no-print-directory all
	./whyrelu

# Unit tests (cmocka), then golden screens, then real-pty smoke tests.
# Then the unit tests and golden screens again, built with ASan and UBSan,
# and the network's tests with ThreadSanitizer.
test: deps
	@$(MAKE) --no-print-directory all unit-bins
	@$(MAKE) --no-print-directory unit fuzz-replay check-lessons golden line-test smoke hostile smoke-valgrind \
		ssh-test security layers install-test
	@$(MAKE) --no-print-directory sanitize thread-check

# The network's worker thread under ThreadSanitizer: the network tests.
thread-check:
	@$(MAKE) --no-print-directory B=build/tsan CFLAGS="$(CFLAGS) -fsanitize=thread" \
		LDFLAGS="$(LDFLAGS) -fsanitize=thread" build/tsan/tests/test_net
	@echo "== the network tests under ThreadSanitizer"
	@TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/test_net >/dev/null

sanitize:
	@$(MAKE) --no-print-directory B=build/san BIN=build/san/whyrelu \
		CFLAGS="$(CFLAGS) $(SAN_FLAGS)" LDFLAGS="$(LDFLAGS) $(SAN_FLAGS)" \
		build/san/whyrelu unit-bins fuzz-bins
	@echo "== unit tests, fuzz corpus, golden screens and line-mode transcripts under ASan/UBSan"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) --no-print-directory B=build/san BIN=build/san/whyrelu unit fuzz-replay golden \
		line-test

check-lessons: all
	./$(BIN) check-lessons lessons

golden: all
	@tests/golden/run.sh ./$(BIN)

# The line mode: scripted sessions through a pipe and a pty, as transcripts.
line-test: all
	@sh tests/line/run.sh ./$(BIN)

smoke: all
	@tests/smoke/run.sh ./$(BIN)

# What a learner can do to the tutorial that a session never does: every
# signal, quitting while the terminal takes no output (tests/hostile).
hostile: all
	@/usr/bin/python3 tests/hostile/hostile.py ./$(BIN)

# The expensive ones, apart from `make test`: terminal sizes up to
# 65535x65535 and memory limits (about half a minute).
test-hostile: all
	@/usr/bin/python3 tests/hostile/hostile.py --expensive ./$(BIN)

# The smoke tests again with the program under valgrind's memcheck.
smoke-valgrind: all
	@tests/smoke/valgrind.sh ./$(BIN)

# A real SSH link to a throwaway sshd and user (root or sudo; else skipped).
ssh-test: all
	@sh tests/ssh/run.sh ./$(BIN)

# The threat model's promises, checked in the source.
security:
	@sh tests/security/check.sh

# The core and the command line free of curses and readline.
layers:
	@sh tests/layers.sh

unit-bins: $(UNIT_BIN)

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

# ---- fuzzing ---------------------------------------------------------------

# Each target is tests/fuzz/fuzz_NAME.c, with its seeds in
# tests/fuzz/corpus/NAME and the crash inputs found in tests/fuzz/crashes/NAME.
# `make fuzz` runs them under libFuzzer (clang); fuzz-replay feeds the seeds
# and every crash input to the same code through tests/fuzz/replay.c, with
# the normal compiler, so `make test` needs no clang.
FUZZ_TARGETS = lesson cmd num progress
FUZZ_SECONDS ?= 60
# executions per target; -1: as many as FUZZ_SECONDS allows
FUZZ_RUNS ?= -1
FUZZ_CC ?= clang
FUZZ_FLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# Bytes per input: a lesson is a few KB (the longest 6.4 KB), a command
# line at most 511 bytes.
FUZZ_MAXLEN_lesson = 8192
FUZZ_MAXLEN_cmd = 2048
FUZZ_MAXLEN_num = 64
FUZZ_MAXLEN_progress = 8192
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(B)/fuzz/replay-%)

.PHONY: fuzz fuzz-bins fuzz-build fuzz-merge fuzz-replay fuzz-targets

$(B)/fuzz/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(CORE_OBJ) | $(B)/fuzz
	$(CC) $(CORE_INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c \
		$(CORE_OBJ) $(LDFLAGS) $(CORE_LIBS) -lm

$(B)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(CORE_OBJ) | $(B)/fuzz
	$(CC) $(CORE_INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz/fuzz_$*.c \
		$(CORE_OBJ) $(LDFLAGS) $(CORE_LIBS) -lm

$(B)/fuzz:
	@mkdir -p $@

fuzz-bins: $(FUZZ_REPLAY)

fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_TARGETS); do \
		$(B)/fuzz/replay-$$t tests/fuzz/corpus/$$t \
			$$(test -d tests/fuzz/crashes/$$t && echo tests/fuzz/crashes/$$t) || exit 1; \
	done

fuzz-targets: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)

# New inputs go to build/libfuzzer/corpus/NAME (the seeds stay as they are); a
# crash is written to tests/fuzz/crashes/NAME, to be kept once fixed.
fuzz: fuzz-build
	@$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t)) &&) true

# After long runs build/libfuzzer/corpus/NAME holds many times the inputs
# that count (18,000 files, 78 MB, for 2,000), and each start of a fuzzer runs
# all of them first. fuzz-merge keeps only the inputs that add coverage.
fuzz-merge: fuzz-build
	@$(foreach t,$(FUZZ_TARGETS),$(call fuzz_merge,$(t)) &&) true

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang and libFuzzer" \
		"(Debian: apt-get install clang libclang-rt-14-dev)"; exit 2; }
	@$(MAKE) --no-print-directory B=build/libfuzzer CC=$(FUZZ_CC) \
		CFLAGS="$(CFLAGS) $(FUZZ_FLAGS)" fuzz-targets

# $(call fuzz_run,NAME): one target for FUZZ_SECONDS; its crash directory
# is removed again when nothing was found.
define fuzz_run
mkdir -p build/libfuzzer/corpus/$(1) tests/fuzz/crashes/$(1) && \
echo "== fuzz $(1) for $(FUZZ_SECONDS) s or $(FUZZ_RUNS) runs" && \
build/libfuzzer/fuzz/fuzz-$(1) -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -timeout=10 \
	-max_len=$(FUZZ_MAXLEN_$(1)) -print_final_stats=1 \
	-artifact_prefix=tests/fuzz/crashes/$(1)/ build/libfuzzer/corpus/$(1) \
	tests/fuzz/corpus/$(1) && \
{ rmdir tests/fuzz/crashes/$(1) 2>/dev/null || true; }
endef

# $(call fuzz_merge,NAME): the corpus directory is replaced only once the
# merge has succeeded.
define fuzz_merge
{ test -z "$$(ls build/libfuzzer/corpus/$(1) 2>/dev/null)" || { \
	echo "== merge build/libfuzzer/corpus/$(1)" && \
	rm -rf build/libfuzzer/corpus/$(1).new && mkdir build/libfuzzer/corpus/$(1).new && \
	build/libfuzzer/fuzz/fuzz-$(1) -merge=1 -timeout=10 -max_len=$(FUZZ_MAXLEN_$(1)) \
		build/libfuzzer/corpus/$(1).new build/libfuzzer/corpus/$(1) && \
	test -n "$$(ls build/libfuzzer/corpus/$(1).new)" && \
	rm -rf build/libfuzzer/corpus/$(1) && \
	mv build/libfuzzer/corpus/$(1).new build/libfuzzer/corpus/$(1); }; }
endef

bench: deps
	@$(MAKE) --no-print-directory all
	@# every part runs; the target fails at the end when any part did
	@ok=0; sh tests/bench/run.sh ./whyrelu || ok=1; \
	/usr/bin/python3 tests/bench/cost.py ./whyrelu || ok=1; \
	/usr/bin/python3 tests/bench/train.py ./whyrelu || ok=1; \
	/usr/bin/python3 tests/bench/class_read.py ./whyrelu || ok=1; \
	$(MAKE) --no-print-directory net-bench || ok=1; \
	exit $$ok

# 200 learners at once for 60 s; CLASS_ARGS="--sessions 20 --seconds 5"
# for a quicker run.
bench-class: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/class.sh ./whyrelu $(CLASS_ARGS)

# The network lab's speed (tests/bench/net_bench.c), apart from bench.py.
.PHONY: net-bench
net-bench: $(B)/bench/net_bench
	$(B)/bench/net_bench

$(B)/bench/net_bench: tests/bench/net_bench.c $(CORE_OBJ)
	@mkdir -p $(B)/bench
	$(CC) $(CORE_INC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(CORE_OBJ) $(LDFLAGS) $(CORE_LIBS) \
		$(shell $(PKG_CONFIG) --libs openblas 2>/dev/null) -lm

# ---- install, uninstall, a Debian package --------------------------------

MAN1DIR ?= $(MANDIR)/man1
DOCDIR ?= $(DATADIR)/doc/whyrelu
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
LESSONDIR = $(DATADIR)/whyrelu/lessons
LESSONS = $(wildcard lessons/[0-9][0-9]-*.md lessons/[0-9][0-9][0-9]-*.md)

.PHONY: install-test deb FORCE

# The program has the installed lessons' directory built in: when DATADIR
# changes (`make`, then `make install PREFIX=...`), lesson.o is rebuilt.
$(B)/datadir: FORCE | $(B)/tests
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/core/lesson.o: $(B)/datadir

# The man page names the installed paths as they are.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LESSONDIR) $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(MAN1DIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/whyrelu
	@# an older course's lesson files go first: one renumbered since (a
	@# recap moved from 16 to 18) would clash with its new number and name
	rm -f $(DESTDIR)$(LESSONDIR)/[0-9][0-9]-*.md $(DESTDIR)$(LESSONDIR)/[0-9][0-9][0-9]-*.md
	install -m 644 $(LESSONS) $(DESTDIR)$(LESSONDIR)
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 lessons/README.md $(DESTDIR)$(DOCDIR)/README.lessons.md
	sed -e 's,/usr/local/share/whyrelu,$(DATADIR)/whyrelu,g' \
		-e 's,/usr/local/share/doc/whyrelu,$(DOCDIR),g' \
		assets/whyrelu.1 > $(DESTDIR)$(MAN1DIR)/whyrelu.1
	chmod 644 $(DESTDIR)$(MAN1DIR)/whyrelu.1
	install -m 644 assets/whyrelu.bash $(DESTDIR)$(BASHCOMPDIR)/whyrelu
	install -m 644 assets/_whyrelu $(DESTDIR)$(ZSHCOMPDIR)/_whyrelu

# Removes what install put there, and the directories that are whyrelu's
# own when they are empty; bin, man1 and the completion directories stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/whyrelu $(DESTDIR)$(MAN1DIR)/whyrelu.1 \
		$(DESTDIR)$(BASHCOMPDIR)/whyrelu $(DESTDIR)$(ZSHCOMPDIR)/_whyrelu \
		$(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/README.lessons.md \
		$(LESSONS:lessons/%=$(DESTDIR)$(LESSONDIR)/%)
	@for d in $(DESTDIR)$(LESSONDIR) $(DESTDIR)$(DATADIR)/whyrelu $(DESTDIR)$(DOCDIR); do \
		[ ! -d "$$d" ] || rmdir "$$d" 2>/dev/null || \
		echo "uninstall: $$d is not empty: left in place"; \
	done

# Installs into a temporary directory and runs the installed program.
install-test: all
	@MAKE="$(MAKE)" sh tests/install/run.sh

# whyrelu_VERSION-1_ARCH.deb here, built with PREFIX=/usr in build/deb.
deb:
	@MAKE="$(MAKE)" sh assets/deb/build.sh $(VERSION)

clean:
	rm -rf build whyrelu whyrelu_*.deb

# Install what is missing (Debian), or say exactly what to install.
deps:
	@sh tests/deps.sh $(DEB_BUILD) $(DEB_TEST)
