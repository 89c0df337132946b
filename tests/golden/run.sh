#!/bin/sh
# run.sh BIN - golden-screen tests of the tutorial's front end.
#
# Each case runs BIN in headless mode (a virtual screen of a given size, a
# script of keys) and compares the dumped screen - text, colours and
# attributes - with tests/golden/screens/NAME.txt. Size, locale and terminal
# are pinned and the rest of the environment is cleared, so a case gives the
# same screen on every machine. WHYRELU_UPDATE_GOLDEN=1 rewrites the files.
#
# A case is one line: NAME|SIZE|LOCALE|ENV|OPTIONS|KEYS
#   ENV      extra VAR=value words for the environment (may be empty)
#   KEYS     the key script (see ui.c: <Left>, <Tab>, <resize WxH>...)
set -u

bin=${1:-./whyrelu}
here=$(cd "$(dirname "$0")" && pwd)
screens=$here/screens
update=${WHYRELU_UPDATE_GOLDEN:-0}

case "$bin" in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
if [ ! -x "$bin" ]; then
	echo "golden: no executable at $bin" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/whyrelu-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

cases() {
	cat <<'CASES'
open-80x24-utf8|80x24|C.UTF-8|||
open-80x24-ascii|80x24|C|||
open-132x40-utf8|132x40|C.UTF-8|||
open-132x40-ascii|132x40|C|||
open-200x60-utf8|200x60|C.UTF-8|||
charset-block|80x24|C.UTF-8||--charset block|
charset-braille-in-c-locale|80x24|C||--charset braille|
charset-ascii-in-utf8|80x24|C.UTF-8||--charset ascii|
mono-no-color-option|80x24|C.UTF-8||--no-color|
mono-no-color-env|80x24|C|NO_COLOR=1||
sigmoid-depth-1|80x24|C.UTF-8||--act sigmoid|
sigmoid-depth-10|80x24|C.UTF-8||--act sigmoid|+++++++++
sigmoid-depth-100|80x24|C|||a jjjjjjjjjjjj <Enter> +++++++++ +++++++++
relu-passes-depth-100|80x24|C.UTF-8||--depth 100|
relu-dead-x-below-0|80x24|C.UTF-8||--depth 100|HH
relu-depth-100000|132x40|C.UTF-8||--depth 100000 --x 0.5|
leaky-relu-slope-moved|80x24|C.UTF-8||--act leaky_relu --depth 10|HH }}}
leaky-relu-slope-moved-ascii|80x24|C||--act leaky_relu --depth 10|HH } ] ]
max-floor-minus-1|80x24|C.UTF-8||--act max|{ hhhh
elu-alpha-moved|80x24|C.UTF-8||--act elu --depth 5|HH [[[
gain-explodes|80x24|C.UTF-8||--gain 2 --depth 30|
gain-keys|80x24|C||--act tanh --depth 20|>>>>> <lt><lt>
tab-cycles|80x24|C.UTF-8|||<Tab><Tab><Tab><S-Tab>
zoom-and-hide-f-prime|80x24|C.UTF-8|||zz g Z
reset|80x24|C.UTF-8||--act sigmoid --depth 3|<Tab> ++++ LL g 0
help-overlay|80x24|C.UTF-8|||?
help-overlay-ascii|80x24|C|||?
help-closed|80x24|C.UTF-8|||? x
pick-list|80x24|C.UTF-8|||a jjj
layout-lab-only|80x24|C.UTF-8|||w
layout-lesson-only|80x24|C.UTF-8|||ww
lesson-scrolled|80x24|C.UTF-8|||jjj
lesson-page-2|132x40|C.UTF-8|||n
unknown-key-message|80x24|C.UTF-8|||%
param-message|80x24|C.UTF-8||--act sigmoid|]
too-small|50x15|C.UTF-8|||
too-small-then-grown|50x15|C.UTF-8|||<resize 80x24>
resized-wide|80x24|C.UTF-8||--act sigmoid --depth 10|<resize 132x40>
CASES
}

pass=0
fail=0
failed=
while IFS='|' read -r name size loc envs opts keys; do
	[ -n "$name" ] || continue
	printf '%s\n' "$keys" >"$tmp/keys"
	# shellcheck disable=SC2086 # envs and opts are word lists
	env -i PATH=/usr/bin:/bin HOME=/ TERM=xterm-256color LC_ALL="$loc" $envs \
		"$bin" $opts --headless "$size" --keys "$tmp/keys" --dump "$tmp/out" \
		2>"$tmp/err"
	rc=$?
	want=$screens/$name.txt
	if [ $rc -ne 0 ]; then
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL $name: exit status $rc: $(head -n 1 "$tmp/err")"
		continue
	fi
	if [ "$update" = 1 ]; then
		cp "$tmp/out" "$want"
		pass=$((pass + 1))
		continue
	fi
	if [ ! -f "$want" ]; then
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL $name: no golden file $want (WHYRELU_UPDATE_GOLDEN=1 writes it)"
	elif cmp -s "$tmp/out" "$want"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL $name: screen differs from $want:"
		diff -u "$want" "$tmp/out" | head -n 40
	fi
done <<EOF2
$(cases)
EOF2

# ASCII cases must not put a byte above 0x7e on the screen
for f in "$screens"/*ascii*.txt "$screens"/mono-no-color-env.txt "$screens"/sigmoid-depth-100.txt \
	"$screens"/gain-keys.txt; do
	[ -f "$f" ] || continue
	if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$f"; then
		fail=$((fail + 1))
		echo "FAIL $(basename "$f" .txt): a byte above 0x7e in an ASCII screen"
	fi
done

[ "$update" = 1 ] && echo "golden: rewrote $pass screens in $screens"
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
