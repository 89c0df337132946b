#!/bin/sh
# layers.sh - the folders of src/ stay layers: the core (src/core) and the
# command line (src/cli) include neither curses nor readline, so the unit
# tests and fuzzers run without a terminal; the line mode and the readline
# glue (src/rl) do without curses. The Makefile's include paths catch a
# header of a higher folder; this catches the libraries' own headers, and
# layers_calls.py a circle of calls among the front end's files.
set -u
cd "$(dirname "$0")/.." || exit 1
fail=0
check() {
	hits=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($2)" $1)
	[ -z "$hits" ] || { echo "layers: $3:
$hits" >&2; fail=1; }
}
check "src/core/*.c src/core/*.h src/cli/*.c src/cli/*.h" 'n?curses|readline/|term\.h' \
	"the core or the command line includes curses or readline"
check "src/line/*.c src/line/*.h" 'n?curses' "the line mode includes curses"
check "src/rl/*.c src/rl/*.h" 'n?curses' "the readline glue includes curses"
/usr/bin/python3 tests/layers_calls.py || fail=1
[ "$fail" = 0 ] && echo "layers: core and command line free of curses and readline, line mode" \
	"and readline glue of curses; no circle among the front end's files"
exit "$fail"
