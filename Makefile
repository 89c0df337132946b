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
DEB_BUILD = gcc make pkg-config libncurses-dev libreadline-dev libcmark-dev
DEB_TEST = libcmocka-dev python3 python3-pyte less
PKGS = ncursesw readline libcmark

# Recursive (=) so pkg-config runs when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs libcmark 2>/dev/null)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS = -std=c11 -O2 -g $(WARN) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
	-DWHYRELU_VERSION='"$(VERSION)"' -DWHYRELU_DATADIR='"$(DATADIR)/whyrelu"'
ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)
ALL_CPPFLAGS = -Isrc $(CPPFLAGS)

# The curses-free core: unit-tested without a terminal.
# Every src/*.c except main.c and the curses front end (src/ui*.c).
UI_SRC = src/main.c $(wildcard src/ui*.c)
CORE_SRC = $(filter-out $(UI_SRC),$(wildcard src/*.c))
# B is the build directory and BIN the program: the sanitizer build uses
# build/san and build/san/whyrelu.
B ?= build
BIN ?= whyrelu
CORE_OBJ = $(CORE_SRC:src/%.c=$(B)/%.o)
UI_OBJ = $(UI_SRC:src/%.c=$(B)/%.o)

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all run test unit unit-bins check-lessons golden smoke sanitize bench install uninstall clean deps

all: $(BIN)

# --as-needed: readline and cmark are linked but not loaded until used
$(BIN): $(CORE_OBJ) $(UI_OBJ)
	$(CC) $(ALL_CFLAGS) -Wl,--as-needed $(LDFLAGS) -o $@ $(CORE_OBJ) $(UI_OBJ) $(PKG_LIBS) -lm

$(B)/%.o: src/%.c | $(B)/tests
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(CORE_OBJ) | $(B)/tests
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -DTEST_SRCDIR='"$(CURDIR)"' \
		-o $@ $< $(CORE_OBJ) $(LDFLAGS) $(CMOCKA_LIBS) $(CORE_LIBS) -lm

$(B)/tests:
	@mkdir -p $@

-include $(CORE_OBJ:.o=.d) $(UI_OBJ:.o=.d)

run: deps
	@$(MAKE) --no-print-directory all
	./whyrelu

# Unit tests (cmocka), then golden screens, then real-pty smoke tests.
# Then the unit tests and golden screens again, built with ASan and UBSan.
test: deps
	@$(MAKE) --no-print-directory all unit-bins
	@$(MAKE) --no-print-directory unit check-lessons golden smoke
	@$(MAKE) --no-print-directory sanitize

sanitize:
	@$(MAKE) --no-print-directory B=build/san BIN=build/san/whyrelu \
		CFLAGS="$(CFLAGS) $(SAN_FLAGS)" LDFLAGS="$(LDFLAGS) $(SAN_FLAGS)" \
		build/san/whyrelu unit-bins
	@echo "== unit tests and golden screens under ASan/UBSan"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) --no-print-directory B=build/san BIN=build/san/whyrelu unit golden

check-lessons: all
	./$(BIN) check-lessons lessons

golden: all
	@tests/golden/run.sh ./$(BIN)

smoke: all
	@tests/smoke/run.sh ./$(BIN)

unit-bins: $(UNIT_BIN)

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh ./whyrelu

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/whyrelu/lessons
	install -m 755 whyrelu $(DESTDIR)$(BINDIR)/whyrelu
	install -m 644 lessons/[0-9][0-9]-*.md $(DESTDIR)$(DATADIR)/whyrelu/lessons

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/whyrelu
	rm -rf $(DESTDIR)$(DATADIR)/whyrelu

clean:
	rm -rf build whyrelu

# Install what is missing (Debian), or say exactly what to install.
deps:
	@sh tests/deps.sh $(DEB_BUILD) $(DEB_TEST)
