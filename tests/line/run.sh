#!/bin/sh
# run.sh BIN - the line mode's transcripts: scripted sessions through a
# pipe, compared with tests/line/transcripts/NAME.txt (what the program
# printed, then its exit status), and for every one a check that the output
# has no byte outside printable ASCII and newline (the C locale) and no line
# wider than 80 columns (or COLUMNS). Then the same through a pty
# (tests/line/session.py). WHYRELU_UPDATE_GOLDEN=1 rewrites the transcripts.
#
# The environment is cleared and pinned (LANG=C, TERM=xterm-256color unless
# a case says otherwise, the source tree's lessons, no INPUTRC), and each
# case keeps its progress in a directory of its own, except the resume-*
# cases, which share one: the second starts where the first left off, and
# the full-screen tutorial opens there too.
#
# A case is one line: NAME|ENV|OPTIONS|SCRIPT|STATE
#   ENV     extra VAR=value words (TERM=unset: no TERM at all)
#   SCRIPT  tests/line/scripts/SCRIPT.txt, fed on stdin
#   STATE   a name shared by cases that keep the same progress, or empty
set -u

bin=${1:-./whyrelu}
here=$(cd "$(dirname "$0")" && pwd)
lessons=$(cd "$here/../../lessons" && pwd)
update=${WHYRELU_UPDATE_GOLDEN:-0}
case "$bin" in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
[ -x "$bin" ] || { echo "line: no executable at $bin" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/whyrelu-line.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

cases() {
	cat <<'CASES'
read-lesson||--line --lesson 3|read-lesson|
lab-in-words||--line --lesson 1|lab-in-words|
errors||--line --lesson 3|errors|
navigate||--line|navigate|
resume-1||--line|resume-1|resume
resume-2||--line|resume-2|resume
narrow|COLUMNS=40|--line --lesson 7|narrow|
auto-term-dumb|TERM=dumb|--lesson 7|narrow|
auto-term-unset|TERM=unset|--lesson 7 --act sigmoid --depth 5|narrow|
train-race||--line --lesson train|train-race|
net-view||--line --lesson why-zero|net-view|
cost-view|WHYRELU_COST_FIXED=1|--line --lesson cost|cost-view|
CASES
}

failures=0
pass() { echo "ok   line: $1"; }
fail() { echo "FAIL line: $1"; failures=$((failures + 1)); }

# No byte but printable ASCII and newline; no line wider than $2.
clean_bytes() {   # clean_bytes FILE WIDTH NAME
	bad=$(LC_ALL=C tr -d '\n\040-\176' < "$1" | wc -c)
	[ "$bad" -eq 0 ] || { fail "$3: $bad bytes outside printable ASCII and newline"; return; }
	long=$(LC_ALL=C awk -v w="$2" 'length($0) > w { n++ } END { print n + 0 }' "$1")
	[ "$long" -eq 0 ] || { fail "$3: $long lines wider than $2 columns"; return; }
	pass "$3: printable ASCII and newline only, lines at most $2 columns"
}

compare() {   # compare NAME GOT
	want=$here/transcripts/$1.txt
	if [ "$update" = 1 ]; then
		cp "$2" "$want"
		echo "upd  line: $1"
	elif [ ! -f "$want" ]; then
		fail "$1: no transcript $want (WHYRELU_UPDATE_GOLDEN=1 records it)"
	elif cmp -s "$2" "$want"; then
		pass "$1: the transcript"
	else
		fail "$1: the transcript differs"
		diff -u "$want" "$2" | head -40 | sed 's/^/     /'
	fi
}

while IFS='|' read -r name envs opts script state; do
	[ -n "$name" ] || continue
	sdir=$tmp/state-${state:-$name}
	mkdir -p "$sdir"
	term=TERM=xterm-256color
	width=80
	extra=
	for e in $envs; do
		case $e in
		TERM=unset) term= ;;
		TERM=*) term=$e ;;
		COLUMNS=*) width=${e#COLUMNS=}; extra="$extra $e" ;;
		*) extra="$extra $e" ;;
		esac
	done
	out=$tmp/$name.out
	# shellcheck disable=SC2086
	env -i PATH=/usr/bin:/bin HOME="$sdir" LANG=C LC_ALL=C XDG_STATE_HOME="$sdir" \
		WHYRELU_LESSONS="$lessons" INPUTRC=/dev/null $term $extra \
		"$bin" $opts < "$here/scripts/$script.txt" > "$out" 2> "$tmp/$name.err"
	rc=$?
	clean_bytes "$out" "$width" "$name"
	if [ -s "$tmp/$name.err" ]; then
		fail "$name: wrote to stderr: $(head -c 200 "$tmp/$name.err")"
	fi
	echo "-- exit $rc" >> "$out"
	if [ "$name" = resume-2 ]; then
		# the same file the full-screen tutorial reads, and it opens there
		echo "-- progress file" >> "$out"
		cat "$sdir/whyrelu/progress" >> "$out"
		env -i PATH=/usr/bin:/bin HOME="$sdir" LANG=C LC_ALL=C XDG_STATE_HOME="$sdir" \
			WHYRELU_LESSONS="$lessons" "$bin" --headless 80x24 --dump "$tmp/screen" \
			< /dev/null > /dev/null 2>&1
		# at the place: what the line mode read last in lesson 4, its first
		# try-it line, at the top of the pane
		if head -1 "$tmp/screen" | grep -q -F "set up: act max; set floor -1; view train"; then
			pass "resume-2: the full-screen tutorial opens where the line mode left off"
		else
			fail "resume-2: the full-screen tutorial does not open at the place in lesson 4"
			head -3 "$tmp/screen" | sed 's/^/     /'
		fi
	fi
	compare "$name" "$out"
done <<EOF
$(cases)
EOF

# options: a bad one is a usage error on stderr, before anything is printed
env -i PATH=/usr/bin:/bin HOME="$tmp" XDG_STATE_HOME="$tmp" "$bin" --line --bogus \
	< /dev/null > "$tmp/opt.out" 2> "$tmp/opt.err"
rc=$?
if [ "$rc" = 2 ] && [ ! -s "$tmp/opt.out" ] && grep -q "unknown option '--bogus'" "$tmp/opt.err"; then
	pass "--line --bogus: exit 2, the option named on stderr"
else
	fail "--line --bogus: exit $rc, $(head -c 200 "$tmp/opt.err")"
fi
env -i PATH=/usr/bin:/bin HOME="$tmp" XDG_STATE_HOME="$tmp" WHYRELU_LESSONS="$lessons" \
	"$bin" --line --lesson 99 < /dev/null > "$tmp/opt.out" 2> "$tmp/opt.err"
rc=$?
if [ "$rc" = 2 ] && [ ! -s "$tmp/opt.out" ] && grep -q "no such lesson" "$tmp/opt.err"; then
	pass "--line --lesson 99: exit 2, no such lesson"
else
	fail "--line --lesson 99: exit $rc, $(head -c 200 "$tmp/opt.err")"
fi
if "$bin" --line --help | grep -q -- "--line "; then
	pass "--line --help: the usage"
else
	fail "--line --help: no usage"
fi

# through a pty: readline at a real terminal
if command -v python3 >/dev/null 2>&1; then
	WHYRELU_LESSONS=$lessons python3 "$here/session.py" "$bin" "$here/transcripts" "$update" ||
		failures=$((failures + 1))
else
	echo "skip line: the pty sessions need python3"
fi

if [ "$failures" -ne 0 ]; then
	echo "line: $failures failed"
	exit 1
fi
echo "line: all passed"
