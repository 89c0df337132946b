#!/bin/sh
# manpage.sh WHYRELU - assets/whyrelu.1 against the program: it renders
# without warnings, names the program's version, lists exactly the options
# of `whyrelu --help` and of each `whyrelu COMMAND --help`, every key of
# the help overlay, every command of the command language (src/core/cmd.c) and
# every environment variable the program reads. Run from the source tree.
set -u
bin=$1
page=assets/whyrelu.1
failures=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/whyrelu-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Two sets, one word a line, compared; the difference is shown.
same_set() {   # same_set NAME FILE_FROM_PROGRAM FILE_FROM_PAGE
	sort -u "$2" > "$tmp/a"
	sort -u "$3" > "$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then
		pass "$1"
	else
		fail "$1"
		comm -23 "$tmp/a" "$tmp/b" | sed 's/^/     not in the man page: /'
		comm -13 "$tmp/a" "$tmp/b" | sed 's/^/     only in the man page: /'
	fi
}

# The page as plain roff source: no comments, \- as -, no font changes.
plain() {
	grep -v '^\.\\"' "$page" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g'
}

# The lines of one section (.SH NAME), or of one .SS in it whose title's
# second word is SUB (.SS "whyrelu eval ..." is eval).
section() {   # section NAME [SUB]
	plain | awk -v sh="$1" -v ss="${2:-}" '
		/^\.SH / { t = $0; sub(/^\.SH +/, "", t); gsub(/"/, "", t); in_sh = (t == sh); in_ss = 0; next }
		/^\.SS / { t = $0; sub(/^\.SS +/, "", t); gsub(/"/, "", t); split(t, w, " ")
		           in_ss = (w[2] == ss || t == ss); next }
		in_sh && (ss == "" || in_ss)'
}
long_opts() { grep -o -- '--[a-z][a-z-]*' | grep -v -x -e --help | sort -u; }

# 1. It renders.
if ! command -v groff >/dev/null 2>&1; then
	echo "skip groff is not installed (Debian: groff-base)"
elif groff -ww -z -man "$page" 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
	pass "groff -ww renders it without a warning"
else
	fail "groff -ww renders it without a warning"
	sed 's/^/     /' "$tmp/err"
fi
if command -v man >/dev/null 2>&1; then
	if MANWIDTH=80 man --warnings -l "$page" >/dev/null 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
		pass "man --warnings renders it without a warning"
	else
		fail "man --warnings renders it without a warning"
		sed 's/^/     /' "$tmp/err"
	fi
fi

# 2. The version.
version=$("$bin" --version | sed -n 's/^whyrelu //p')
if grep -q "^\.TH WHYRELU 1 .*\"whyrelu $version\"" "$page"; then
	pass "the page is for version $version"
else
	fail "the page is for version $version ($(grep '^\.TH' "$page"))"
fi

# 3. Options: the tutorial's, from "Options for the tutorial:" on, then
#    each command's (--help aside: every command takes it).
"$bin" --help | sed -n '/^Options/,$p' | long_opts > "$tmp/prog"
"$bin" --help | grep -q -- '--help' && echo --help >> "$tmp/prog"
section OPTIONS | grep -o -- '--[a-z][a-z-]*' | sort -u > "$tmp/page"
same_set "options of whyrelu --help and OPTIONS agree" "$tmp/prog" "$tmp/page"
for cmd in list eval plot train progress check-lessons class bench; do
	"$bin" "$cmd" --help | long_opts > "$tmp/prog"
	section COMMANDS "$cmd" | long_opts > "$tmp/page"
	if [ -z "$(section COMMANDS "$cmd")" ]; then
		fail "COMMANDS has a part for $cmd"
		continue
	fi
	same_set "options of whyrelu $cmd --help and the page agree" "$tmp/prog" "$tmp/page"
done

# 4. Keys: every key of the help overlay (as drawn in ASCII) is in
#    KEYS, Main screen, one entry a row. Arrows are named differently.
printf '?' > "$tmp/keys"
XDG_STATE_HOME="$tmp" TERM=xterm-256color LC_ALL=C \
	"$bin" --headless 100x60 --keys "$tmp/keys" --dump "$tmp/screen"
awk '
	/\+- keys / { col = index($0, "+- keys"); inside = 1; next }
	inside && /\+- any key/ { exit }
	inside { row = substr($0, col + 2); sub(/  .*/, "", row); print row }
' "$tmp/screen" > "$tmp/rows"
tr ' /' '\n\n' < "$tmp/rows" | grep -v -x -e '' -e Left -e Right -e Up -e Down \
	-e S-Left -e S-Right -e S-Tab > "$tmp/prog"
section KEYS "Main screen" | awk '/^\.TP/ { tag = 1; next } tag { print; tag = 0 }' \
	> "$tmp/tags"
sed -e 's/^\.[A-Z]* *//' -e 's/[",]/ /g' "$tmp/tags" | tr ' ' '\n' | grep -v -x '' > "$tmp/page"
grep -v -x -F -f "$tmp/page" "$tmp/prog" | sort -u > "$tmp/missing"
if [ -s "$tmp/rows" ] && [ ! -s "$tmp/missing" ]; then
	pass "every key of the help overlay is in KEYS"
else
	fail "every key of the help overlay is in KEYS"
	sed 's/^/     not in the man page: /' "$tmp/missing"
fi
rows=$(wc -l < "$tmp/rows" | tr -d ' ')
tags=$(wc -l < "$tmp/tags" | tr -d ' ')
if [ "$rows" = "$tags" ]; then
	pass "KEYS has one entry for each of the $rows rows of the help overlay"
else
	fail "KEYS has $tags entries, the help overlay $rows rows"
fi

# 5. The command language: each command of src/core/cmd.c's table is an entry.
sed -n 's/^[[:space:]]*X("\([a-z]*\)", [A-Za-z"]*, CMD_.*/\1/p' src/core/cmd.c | sort -u > "$tmp/prog"
section "LAB COMMANDS" | awk '/^\.TP/ { tag = 1; next } tag { print; tag = 0 }' |
	sed -e 's/^\.[A-Z]* *//' -e 's/^"//' | awk '{ print $1 }' | sort -u > "$tmp/page"
same_set "the commands of src/core/cmd.c and LAB COMMANDS agree" "$tmp/prog" "$tmp/page"

# 6. Environment: every variable the program reads is in ENVIRONMENT.
cat src/*.c src/*/*.c | grep -o 'getenv("[A-Z_]*")' | sed 's/getenv("\(.*\)")/\1/' | sort -u > "$tmp/prog"
section ENVIRONMENT | sed 's/"//g' | grep -o '^\.[A-Z]* [A-Z_, ]*' | sed 's/^\.[A-Z]* //' |
	tr ', ' '\n\n' | grep -v -x '' | sort -u > "$tmp/page"
grep -v -x -F -f "$tmp/page" "$tmp/prog" > "$tmp/missing"
if [ ! -s "$tmp/missing" ]; then
	pass "every variable the program reads is in ENVIRONMENT"
else
	fail "every variable the program reads is in ENVIRONMENT"
	sed 's/^/     not in the man page: /' "$tmp/missing"
fi

[ "$failures" -eq 0 ]
