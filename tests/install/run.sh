#!/bin/sh
# run.sh - whyrelu as installed: `make install` into a temporary PREFIX and
# into a DESTDIR, the installed program run from another directory with no
# source tree in reach, `make uninstall` leaving nothing of whyrelu's; then
# the man page against the program (manpage.sh) and the completion scripts
# (completion.sh). Run from anywhere; MAKE names the make to use.
set -u
cd "$(dirname "$0")/../.." || exit 1
# make, in a build directory of its own: the tree's ./whyrelu is left alone
mk() { ${MAKE:-make} --no-print-directory B=build/inst BIN=build/inst/whyrelu "$@"; }

failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
check() {   # check NAME COMMAND...: passes when the command succeeds
	name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
equal() {   # equal NAME GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; echo "     got:  '$2'"; echo "     want: '$3'"; fi
}
same_files() {
	cmp -s "$1" "$2" || { diff "$1" "$2" | sed 's/^/     /'; return 1; }
}
# A make that fails stops the test: what follows would only fail with it.
must() {   # must NAME COMMAND...
	name=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		pass "$name"
	else
		tail -n 30 "$tmp/log" | sed 's/^/     /'
		fail "$name"
		echo "install tests: stopped"
		exit 1
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/whyrelu-inst.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
prefix=$tmp/prefix
mkdir -p "$tmp/elsewhere" "$tmp/state"

# Run an installed whyrelu as a user would: from another directory, with
# no WHYRELU_LESSONS, progress in a scratch directory.
run() {
	(cd "$tmp/elsewhere" && env -u WHYRELU_LESSONS XDG_STATE_HOME="$tmp/state" \
		TERM=xterm-256color LC_ALL=C.UTF-8 "$@")
}

# What `make install` should put under a prefix, sorted.
expected() {
	{
		echo bin/whyrelu
		for f in lessons/[0-9]*-*.md; do
			echo "share/whyrelu/lessons/${f#lessons/}"
		done
		echo share/doc/whyrelu/README.md
		echo share/doc/whyrelu/README.lessons.md
		echo share/man/man1/whyrelu.1
		echo share/bash-completion/completions/whyrelu
		echo share/zsh/site-functions/_whyrelu
	} | sort
}
installed() { (cd "$1" && find . -type f | sed 's,^\./,,' | sort); }

# Directories uninstall may leave: the shared ones, never whyrelu's own.
only_shared_dirs() {
	left=$(cd "$1" && find . -mindepth 1 -type d | sed 's,^\./,,' | grep -v -x -e bin \
		-e share -e share/man -e share/man/man1 -e share/doc \
		-e share/bash-completion -e share/bash-completion/completions \
		-e share/zsh -e share/zsh/site-functions)
	[ -z "$left" ] || { echo "     left behind: $left"; return 1; }
	[ -z "$(installed "$1")" ] || { echo "     files left: $(installed "$1")"; return 1; }
}

set -- lessons/[0-9]*-*.md
lessons=$#
title=$(sed -n 's/^# //p' "$1" | head -n 1)

# 1. A prefix of its own. Built first for the default prefix, as `make`
#    then `make install PREFIX=...` would: the install must rebuild what
#    has the lessons' directory in it.
echo "== make install PREFIX=$prefix"
must "build for the default prefix" mk all
must "make install PREFIX=..." mk install PREFIX="$prefix"
expected > "$tmp/want"
installed "$prefix" > "$tmp/got"
check "installs the program, lessons, docs, man page, completions" \
	same_files "$tmp/want" "$tmp/got"
check "no source tree next to the installed program" test ! -e "$prefix/bin/lessons"

equal "check-lessons with no DIR finds the installed lessons" \
	"$(run "$prefix/bin/whyrelu" check-lessons 2>&1)" "$lessons lessons, no problems"
equal "the tutorial opens on lesson 1" \
	"$(run "$prefix/bin/whyrelu" --headless 80x24 --dump - 2>&1 | head -n 1)" " $title"
check "the installed man page names the installed lessons" \
	grep -q "$prefix/share/whyrelu/lessons" "$prefix/share/man/man1/whyrelu.1"

# An install over an older course: a lesson it had under another number
# (the recap was 16; the last layer was 14 and sigmoid-tanh 05, before the
# last layer moved up to follow why-zero) is replaced, not left to clash
# with the new one.
cp lessons/[0-9]*-recap.md "$prefix/share/whyrelu/lessons/16-recap.md"
cp lessons/[0-9]*-last-layer.md "$prefix/share/whyrelu/lessons/14-last-layer.md"
cp lessons/[0-9]*-sigmoid-tanh.md "$prefix/share/whyrelu/lessons/05-sigmoid-tanh.md"
check "the older course's files clash with the new ones before the install" \
	sh -c '! "$1" check-lessons "$2" >/dev/null 2>&1' sh "$prefix/bin/whyrelu" \
	"$prefix/share/whyrelu/lessons"
must "make install again, over an older course" mk install PREFIX="$prefix"
installed "$prefix" > "$tmp/got"
check "an older course's lesson files are gone" same_files "$tmp/want" "$tmp/got"
equal "the course is whole again" \
	"$(run "$prefix/bin/whyrelu" check-lessons 2>&1)" "$lessons lessons, no problems"

must "make uninstall PREFIX=..." mk uninstall PREFIX="$prefix"
check "make uninstall leaves nothing behind" only_shared_dirs "$prefix"

# 2. DESTDIR: a staged install for a package, PREFIX=/opt/x. The program
#    looks in /opt/x, where nothing is installed, and says so.
dest=$tmp/dest
echo "== make install DESTDIR=$dest PREFIX=/opt/x"
must "make install DESTDIR=... PREFIX=/opt/x" mk install DESTDIR="$dest" PREFIX=/opt/x
installed "$dest/opt/x" > "$tmp/got"
check "installs everything under DESTDIR/PREFIX" same_files "$tmp/want" "$tmp/got"
equal "nothing outside DESTDIR/PREFIX" "$(ls "$dest")" opt
equal "the staged program looks in PREFIX, not in DESTDIR" \
	"$(run "$dest/opt/x/bin/whyrelu" check-lessons 2>&1 | cut -d: -f3)" " /opt/x/share/whyrelu/lessons"
equal "--lessons DIR finds the staged lessons" \
	"$(run "$dest/opt/x/bin/whyrelu" --lessons "$dest/opt/x/share/whyrelu/lessons" \
		--headless 80x24 --dump - 2>&1 | head -n 1)" " $title"
must "make uninstall DESTDIR=..." mk uninstall DESTDIR="$dest" PREFIX=/opt/x
check "make uninstall DESTDIR=... leaves nothing behind" only_shared_dirs "$dest/opt/x"

# 3. The documentation and the completions against the program.
echo "== man page"
sh tests/install/manpage.sh ./whyrelu || failures=$((failures + 1))
echo "== completions"
sh tests/install/completion.sh ./whyrelu || failures=$((failures + 1))

if [ "$failures" -gt 0 ]; then
	echo "install tests: $failures failed"
	exit 1
fi
echo "install tests: all passed"
