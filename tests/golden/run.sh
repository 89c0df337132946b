#!/bin/sh
# run.sh BIN - golden-screen tests of the tutorial's front end.
#
# Each case runs BIN in headless mode (a virtual screen of a given size, a
# script of keys) and compares the dumped screen - text, colours and
# attributes - with tests/golden/screens/NAME.txt. Size, locale and terminal
# are pinned and the rest of the environment is cleared (INPUTRC too: the `:`
# prompt reads no inputrc), so a case gives the same screen on every machine. WHYRELU_UPDATE_GOLDEN=1 rewrites the files.
#
# The lessons are the source tree's (WHYRELU_LESSONS, so a binary built
# elsewhere, like build/san/whyrelu, reads the same ones), and each case
# keeps its progress in a fresh directory of its own (XDG_STATE_HOME), so
# no case reads or writes a learner's progress or another case's.
#
# A case is one line: NAME|SIZE|LOCALE|ENV|OPTIONS|KEYS
#   ENV      extra VAR=value words for the environment (may be empty)
#   OPTIONS  @GOLDEN@ stands for this directory (fixtures)
#   KEYS     the key script (see ui.c: <Left>, <Tab>, <resize WxH>...)
set -u

bin=${1:-./whyrelu}
here=$(cd "$(dirname "$0")" && pwd)
screens=$here/screens
lessons=$(cd "$here/../../lessons" && pwd)
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

# The class view's learners (tests/golden/class): a copy, each file's time
# set from .times against a pinned WHYRELU_CLASS_NOW, as git keeps none.
class_now=1796000000
cp -R "$here/class" "$tmp/class"
while read -r who ago; do
	case "$who" in '#'*|'') continue ;; esac
	touch -d "@$((class_now - ago))" "$tmp/class/$who"
done <"$here/class/.times"

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
relu-fprime-step-132x40|132x40|C.UTF-8||--x -1|
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
coarse-x-steps|80x24|C||--x 0.5|H
tab-back-keeps-param|80x24|C||--act leaky_relu|}} <Tab><S-Tab>
help-overlay|80x24|C.UTF-8|||?
help-overlay-ascii|80x24|C|||?
help-closed|80x24|C.UTF-8|||? x
help-paged|80x24|C.UTF-8|||? <Space>
search-q-ends|80x24|C.UTF-8|||/sigmoid<Enter> q
prompt-reset|80x24|C|||:"set x 3"<Enter>:"reset"<Enter>
pick-list|80x24|C.UTF-8|||a jjj
layout-lab-only|80x24|C.UTF-8|||w
layout-lesson-only|80x24|C.UTF-8|||ww
lesson-scrolled|80x24|C.UTF-8|||jjj
lesson-page-2|132x40|C.UTF-8|||n
lesson-01-utf8|80x24|C.UTF-8||--lesson 1|ww
lesson-01-ascii|80x24|C||--lesson 1|ww
lesson-02-utf8|80x24|C.UTF-8||--lesson 2|ww
lesson-02-ascii|80x24|C||--lesson 2|ww
lesson-03-utf8|80x24|C.UTF-8||--lesson 3|ww
lesson-03-ascii|80x24|C||--lesson 3|ww
lesson-04-utf8|80x24|C.UTF-8||--lesson 4|ww
lesson-04-ascii|80x24|C||--lesson 4|ww
lesson-05-utf8|80x24|C.UTF-8||--lesson 5|ww
lesson-05-ascii|80x24|C||--lesson 5|ww
lesson-06-utf8|80x24|C.UTF-8||--lesson 6|ww
lesson-06-ascii|80x24|C||--lesson 6|ww
lesson-07-utf8|80x24|C.UTF-8||--lesson 7|ww
lesson-07-ascii|80x24|C||--lesson 7|ww
lesson-08-utf8|80x24|C.UTF-8||--lesson 8|ww
lesson-08-ascii|80x24|C||--lesson 8|ww
lesson-09-utf8|80x24|C.UTF-8||--lesson 9|ww
lesson-09-ascii|80x24|C||--lesson 9|ww
lesson-10-utf8|80x24|C.UTF-8||--lesson 10|ww
lesson-10-ascii|80x24|C||--lesson 10|ww
lesson-11-utf8|80x24|C.UTF-8||--lesson 11|ww
lesson-11-ascii|80x24|C||--lesson 11|ww
net-tanh-80x24-utf8|80x24|C.UTF-8||--act tanh --depth 20|: "view net" <Enter>
net-tanh-80x24-ascii|80x24|C||--act tanh --depth 20|: "view net" <Enter>
net-relu-keys-80x24-ascii|80x24|C||--depth 50|: "view net" <Enter> ii s U o
net-132x40-ascii|132x40|C||--act sigmoid --depth 30|: "view net" <Enter> o o
net-200x60-utf8|200x60|C.UTF-8||--depth 100|: "view net" <Enter> : "set net-width 256" <Enter> : "set net-init he" <Enter>
net-overflow-80x24-ascii|80x24|C||--depth 60 --gain 100|: "view net" <Enter>
sigmoid-underflow-80x24-ascii|80x24|C||--act sigmoid --x 800 --depth 3|
lesson-12-utf8|80x24|C.UTF-8||--lesson 12|ww
lesson-12-ascii|80x24|C||--lesson 12|ww
lesson-13-utf8|80x24|C.UTF-8||--lesson 13|ww
lesson-13-ascii|80x24|C||--lesson 13|ww
lesson-14-utf8|80x24|C.UTF-8||--lesson 14|ww
lesson-14-ascii|80x24|C||--lesson 14|ww
lesson-15-utf8|80x24|C.UTF-8||--lesson 15|ww
lesson-15-ascii|80x24|C||--lesson 15|ww
lesson-16-utf8|80x24|C.UTF-8||--lesson 16|ww
lesson-16-ascii|80x24|C||--lesson 16|ww
lesson-17-utf8|80x24|C.UTF-8||--lesson 17|ww
lesson-17-ascii|80x24|C||--lesson 17|ww
lesson-18-utf8|80x24|C.UTF-8||--lesson 18|ww
lesson-18-ascii|80x24|C||--lesson 18|ww
lesson-19-utf8|80x24|C.UTF-8||--lesson 19|ww
lesson-19-ascii|80x24|C||--lesson 19|ww
lesson-20-utf8|80x24|C.UTF-8||--lesson 20|ww
lesson-20-ascii|80x24|C||--lesson 20|ww
lesson-by-slug|80x24|C.UTF-8||--lesson why-zero|
lesson-next-prev|80x24|C.UTF-8|||nnp
lesson-last-next|80x24|C.UTF-8||--lesson 20|n
try-it-reached|80x24|C.UTF-8||--lesson 3|jjjjjjjjjjjjjj
try-it-reapplied|80x24|C.UTF-8||--lesson 3|jjjjjjjjjjjjjj ll <Tab> r
try-it-reset|80x24|C.UTF-8||--lesson 3|jjjjjjjjjjjjjj lll 0
try-it-options-win|132x40|C.UTF-8||--lesson 3 --act tanh|
toc-utf8|80x24|C.UTF-8||--lesson 1|ww <End> A 5 <Enter> nn <End> A 0 <Enter> n <End> A a <Enter> t
toc-ascii|80x24|C||--lesson 1|ww <End> A 5 <Enter> nn <End> A 0 <Enter> n <End> A a <Enter> t
toc-open|80x24|C.UTF-8|||t jjjjj <Enter>
toc-scrolled-ascii|80x24|C||--lesson 20|t
search|80x24|C.UTF-8|||/sigmoid<Enter>
search-ascii|80x24|C|||/sigmoid<Enter>
search-next|80x24|C.UTF-8|||/sigmoid<Enter> nnn
search-then-key|80x24|C.UTF-8|||/sigmoid<Enter> n p
search-entry|80x24|C.UTF-8|||/sigm
search-none|80x24|C.UTF-8|||/zzzz<Enter>
quiz-entry-hint|80x24|C.UTF-8||--lesson 3|ww <End> A ? 0
quiz-right|80x24|C.UTF-8||--lesson 3|ww <End> A 0 <Enter>
quiz-wrong|80x24|C.UTF-8||--lesson 3|ww <End> A 1 <Enter>
quiz-choice-right|80x24|C.UTF-8||--lesson 14|ww <End> A b <Enter>
quiz-choice-wrong-ascii|80x24|C||--lesson 14|ww <End> A a <Enter>
quiz-not-an-answer|80x24|C.UTF-8||--lesson 3|ww <End> A abc <Enter>
quiz-second-in-view|132x40|C||--lesson 4|<End> A 0.5 <Enter> A b <Enter>
quiz-step-entry|80x24|C.UTF-8||--lesson 4|ww <End> A <Down>
quiz-answer-command-second|132x40|C.UTF-8||--lesson 4|<End> :"answer 0.5"<Enter> :"answer b"<Enter>
try-it-wrapped|80x24|C.UTF-8||--lesson 5|ww jjjjjjjjjjjjjjjjjjjj
try-it-after-end|80x24|C||--lesson 4|<End>
try-it-scrolled-back|80x24|C.UTF-8||--lesson 3|jjjjjjjjjjjjjj kkkkkkkkkkkkkk
no-lessons|80x24|C|WHYRELU_LESSONS=/nonexistent||ww
broken-lesson|80x24|C.UTF-8||--lessons @GOLDEN@/broken|
wide-text|80x24|C.UTF-8||--lessons @GOLDEN@/wide|
wide-text-side|132x30|C.UTF-8||--lessons @GOLDEN@/wide|
wide-text-scrolled-narrow|80x24|C.UTF-8||--lessons @GOLDEN@/wide|jjjj<resize 61x24>
wide-text-ascii|80x24|C||--lessons @GOLDEN@/wide|
wide-text-toc|80x24|C.UTF-8||--lessons @GOLDEN@/wide|t
wide-text-search|80x24|C.UTF-8||--lessons @GOLDEN@/wide|/一二<Enter>
wide-text-search-entry|80x24|C.UTF-8||--lessons @GOLDEN@/wide|/漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字
progress-unwritable|80x24|C.UTF-8|XDG_STATE_HOME=/proc/whyrelu-none||n
class-80x24-utf8|80x24|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|
class-80x24-ascii|80x24|C|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|
class-132x40-utf8|132x40|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|
class-132x40-ascii|132x40|C|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|
class-80x24-lessons|80x24|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|<Tab>
class-80x24-by-lesson|80x24|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|l
class-80x24-by-wrong-reversed|80x24|C|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|w r
class-80x24-help|80x24|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|?
class-too-small-then-grown|50x10|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|<resize 80x24>
class-mono|80x24|C.UTF-8|WHYRELU_CLASS_NOW=1796000000 NO_COLOR=1|class @CLASS@|a
class-132x40-tab|132x40|C|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|<Tab> j
class-80x20-scrolled|80x20|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|jjj
class-unknown-key|80x24|C.UTF-8|WHYRELU_CLASS_NOW=1796000000|class @CLASS@|x
unknown-key-message|80x24|C.UTF-8|||%
param-message|80x24|C.UTF-8||--act sigmoid|]
too-small|50x15|C.UTF-8|||
too-small-then-grown|50x15|C.UTF-8|||<resize 80x24>
resized-wide|80x24|C.UTF-8||--act sigmoid --depth 10|<resize 132x40>
prompt-typing|80x24|C.UTF-8||--act leaky_relu|:"set slope 0.2"<Left><Left>
prompt-utf8-cursor|80x24|C.UTF-8|||:"set x 1"<Left><Left>"é"
prompt-ascii|80x24|C|||:"act tanh"<Home>
prompt-long-line|80x24|C.UTF-8|||:"compare relu leaky_relu gelu sigmoid tanh softplus mish swish and a few more names"
prompt-long-line-home|80x24|C.UTF-8|||:"compare relu leaky_relu gelu sigmoid tanh softplus mish swish and a few more names"<Home><M-f>
prompt-runs|80x24|C.UTF-8|||:"act sigmoid"<Enter>:"set depth 10"<Enter>:"set x -1.5"<Enter>
prompt-error|80x24|C.UTF-8|||:"sett x 2"<Enter>
prompt-number-error|80x24|C.UTF-8||--act leaky_relu|:"set slope abc"<Enter>
prompt-range-error|80x24|C|||:"set depth 100001"<Enter>
prompt-compare|80x24|C.UTF-8|||:"compare relu gelu sigmoid tanh"<Enter>
prompt-compare-ascii|80x24|C|||:"compare relu leaky_relu elu"<Enter>
prompt-compare-block|80x24|C.UTF-8||--charset block|:"compare relu gelu silu"<Enter>
prompt-compare-mono|80x24|C.UTF-8||--no-color|:"compare relu gelu silu mish"<Enter>
lesson-13-compare-mono|132x40|C.UTF-8|NO_COLOR=1|--lesson 13|jjjjjjjjjjjj
prompt-compare-gradients|132x40|C.UTF-8|||:"compare relu sigmoid tanh"<Enter>g
prompt-compare-ended|80x24|C.UTF-8|||:"compare relu gelu"<Enter>:"compare"<Enter>
prompt-eval|80x24|C.UTF-8||--act sigmoid --depth 10|:"eval -2"<Enter>
prompt-view-chain|80x24|C.UTF-8||--act tanh --gain 1.5 --depth 100000|:"view chain"<Enter>
prompt-view-chain-ascii|132x40|C||--act sigmoid --depth 5|:"view chain"<Enter>
cost-80x24-utf8|80x24|C.UTF-8|WHYRELU_COST_FIXED=1||:"view cost"<Enter>
cost-80x24-ascii|80x24|C|WHYRELU_COST_FIXED=1||:"view cost"<Enter>
cost-132x40-utf8|132x40|C.UTF-8|WHYRELU_COST_FIXED=1||:"view cost"<Enter>
cost-lab-only-tab-ascii|80x24|C|WHYRELU_COST_FIXED=1||:"view cost"<Enter> w <Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>
cost-last-row|80x24|C.UTF-8|WHYRELU_COST_FIXED=1|--act arctan|:"view cost"<Enter>
cost-measure-again|80x24|C.UTF-8|WHYRELU_COST_FIXED=1||:"view cost"<Enter> m
cost-m-outside-cost-view|80x24|C.UTF-8|WHYRELU_COST_FIXED=1||m
cost-lesson-14-block|80x24|C.UTF-8|WHYRELU_COST_FIXED=1|--lesson 14|jjjjjjjjjjj
cost-back-to-plot|80x24|C.UTF-8|WHYRELU_COST_FIXED=1||:"view cost"<Enter>:"view plot"<Enter>
prompt-help-line|80x24|C.UTF-8|||:"help eval"<Enter>
prompt-help-set-line|80x24|C.UTF-8|||:"help set"<Enter>
prompt-complete-long-ascii|80x24|C|||:"set "<Tab><Tab>
prompt-help-overlay|80x24|C.UTF-8|||:"help"<Enter>
prompt-help-overlay-ascii|132x40|C|||:"help"<Enter>
prompt-complete-list|80x24|C.UTF-8|||:"act rel"<Tab>
prompt-complete-set|80x24|C.UTF-8|||:"se"<Tab>"sl"<Tab>
prompt-complete-race|80x24|C|||:"set race sig"<Tab>
prompt-history-search|80x24|C.UTF-8|||:"act tanh"<Enter>:"set x 2"<Enter>:<C-r>"ta"
prompt-history-up|80x24|C.UTF-8|||:"act tanh"<Enter>:"set x 2"<Enter>:<Up><Up>
prompt-esc|80x24|C.UTF-8|||:"set x 3"<Esc>
prompt-meta-keys|80x24|C.UTF-8|||:"set x 3"<M-b><M-b>"y"<M-f><M-d>
prompt-resize|80x24|C.UTF-8|||:"set depth 12"<resize 132x40>
prompt-charset-ascii|80x24|C.UTF-8|||:"charset ascii"<Enter>:"compare relu tanh"<Enter>
prompt-color-off|80x24|C.UTF-8|||:"color off"<Enter>
prompt-history-unwritable|80x24|C.UTF-8|XDG_STATE_HOME=/proc/whyrelu-none||:
prompt-lesson|80x24|C.UTF-8|||:"lesson why-zero"<Enter>
prompt-lesson-0|80x24|C.UTF-8|||:"lesson 0"<Enter>
train-view|80x24|C.UTF-8|||:"view train"<Enter>
train-view-ascii|80x24|C|||:"view train"<Enter>
train-running|80x24|C.UTF-8|||:"view train"<Enter>c <C-l><C-l><C-l><C-l><C-l><C-l><C-l><C-l>
train-running-ascii|80x24|C|||:"view train"<Enter>c <C-l><C-l><C-l><C-l><C-l><C-l><C-l><C-l>
train-paused|80x24|C.UTF-8|||:"view train"<Enter>c <C-l><C-l><C-l> c <C-l><C-l>
train-keys|80x24|C.UTF-8|||:"view train"<Enter>T E yy d .
train-tab-restarts|80x24|C.UTF-8|||:"view train"<Enter>c <C-l><C-l> <Tab>
train-diverged|80x24|C|||:"view train"<Enter>:"set lr 1"<Enter>c <C-l><C-l>
train-wide|132x40|C.UTF-8|||:"view train"<Enter>:"set target sawtooth"<Enter>:"train run"<Enter><C-l><C-l><C-l><C-l>
train-key-outside|80x24|C.UTF-8|||c
keys-other-view-train|80x24|C|||:"view train"<Enter> l
keys-other-view-net|80x24|C|||:"view net"<Enter> z
keys-other-view-cost|80x24|C|WHYRELU_COST_FIXED=1||:"view cost"<Enter> +
train-prompt-over-paused|80x24|C.UTF-8|||:"view train"<Enter>. . :"set l"
train-lesson-lab|80x24|C.UTF-8||--lesson 9|jjjjjjjjj
layout-80x24-utf8|80x24|C.UTF-8||--lessons @GOLDEN@/layout --lesson 1|
layout-80x24-ascii|80x24|C||--lessons @GOLDEN@/layout --lesson 1|
layout-100x30-utf8|100x30|C.UTF-8||--lessons @GOLDEN@/layout --lesson 1|
layout-100x30-ascii|100x30|C||--lessons @GOLDEN@/layout --lesson 1|
layout-132x40-utf8|132x40|C.UTF-8||--lessons @GOLDEN@/layout --lesson 1|
layout-132x40-ascii|132x40|C||--lessons @GOLDEN@/layout --lesson 1|
layout-60x18-ascii|60x18|C||--lessons @GOLDEN@/layout --lesson 1|jjjjj
layout-chain-80x24-utf8|80x24|C.UTF-8||--lessons @GOLDEN@/layout --lesson 2|
layout-chain-80x24-ascii|80x24|C||--lessons @GOLDEN@/layout --lesson 2|
layout-chain-100x30-utf8|100x30|C.UTF-8||--lessons @GOLDEN@/layout --lesson 2|
layout-net-80x24-utf8|80x24|C.UTF-8||--lessons @GOLDEN@/layout --lesson 3|<C-l>
layout-net-80x24-ascii|80x24|C||--lessons @GOLDEN@/layout --lesson 3|<C-l>
layout-cost-80x24-utf8|80x24|C.UTF-8|WHYRELU_COST_FIXED=1|--lessons @GOLDEN@/layout --lesson 4|<C-l>
layout-cost-80x24-ascii|80x24|C|WHYRELU_COST_FIXED=1|--lessons @GOLDEN@/layout --lesson 4|<C-l>
layout-train-80x24-utf8|80x24|C.UTF-8||--lessons @GOLDEN@/layout --lesson 5|c <C-l><C-l><C-l><C-l>
layout-train-80x24-ascii|80x24|C||--lessons @GOLDEN@/layout --lesson 5|c <C-l><C-l><C-l><C-l>
layout-train-100x30-utf8|100x30|C.UTF-8||--lessons @GOLDEN@/layout --lesson 5|c <C-l><C-l><C-l><C-l>
layout-train-132x40-utf8|132x40|C.UTF-8||--lessons @GOLDEN@/layout --lesson 5|c <C-l><C-l><C-l><C-l>
layout-full-lab-80x24-utf8|80x24|C.UTF-8||--lessons @GOLDEN@/layout --lesson 1|f
layout-full-lab-back-80x24-utf8|80x24|C.UTF-8||--lessons @GOLDEN@/layout --lesson 1|f f
layout-full-lab-132x40-ascii|132x40|C||--lessons @GOLDEN@/layout --lesson 5|f
train-race-paced-ascii|80x24|C|||:"view train"<Enter>:"set race sigmoid"<Enter>:"set pace 100"<Enter>c <C-l><C-l><C-l>
train-race-lesson|80x24|C.UTF-8||--lesson 9|jjjjjjjjjjjjjjjjjjjjjjjjjj c <C-l><C-l>
CASES
}

pass=0
fail=0
failed=
while IFS='|' read -r name size loc envs opts keys; do
	[ -n "$name" ] || continue
	printf '%s\n' "$keys" >"$tmp/keys"
	rm -rf "$tmp/state"
	opts=$(printf '%s' "$opts" | sed -e "s|@GOLDEN@|$here|g" -e "s|@CLASS@|$tmp/class|g")
	# shellcheck disable=SC2086 # envs and opts are word lists
	env -i PATH=/usr/bin:/bin HOME=/ TERM=xterm-256color LC_ALL="$loc" INPUTRC=/dev/null \
		WHYRELU_LESSONS="$lessons" XDG_STATE_HOME="$tmp/state" $envs \
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
	"$screens"/no-lessons.txt "$screens"/train-diverged.txt \
	"$screens"/gain-keys.txt; do
	[ -f "$f" ] || continue
	if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$f"; then
		fail=$((fail + 1))
		echo "FAIL $(basename "$f" .txt): a byte above 0x7e in an ASCII screen"
	fi
done

# At 80x24 a learner reads at least 8 lines of the lesson with the lab
# beside it: the lesson pane is the rows above the lab's title row (the
# first to start with a rule), and the lab from there to the status line
# keeps 12 rows; in the views that plot, the plot's x axis is among them.
rule=$(printf '\342\224\200\342\224\200 ')   # "── "
corner=$(printf '\342\224\224')                 # "└"
for spec in layout-80x24-utf8:plot layout-80x24-ascii:plot layout-chain-80x24-utf8:plot \
	layout-chain-80x24-ascii:plot layout-train-80x24-utf8:plot layout-train-80x24-ascii:plot \
	layout-net-80x24-utf8:net layout-net-80x24-ascii:net layout-cost-80x24-utf8:cost \
	layout-cost-80x24-ascii:cost; do
	name=${spec%%:*}
	f=$screens/$name.txt
	top=$(head -n 22 "$f" 2>/dev/null | LC_ALL=C grep -n -m 1 -e "^$rule" -e '^-- ' | cut -d: -f1)
	if [ -z "$top" ]; then
		fail=$((fail + 1))
		echo "FAIL $name: no lab title row in the first 22 rows of $f"
		continue
	fi
	lesson=$((top - 1))
	labrows=$((22 - lesson))
	axis=$(head -n 22 "$f" | tail -n "$labrows" | LC_ALL=C grep -c -e "^ *$corner" -e '^ *+[-+]')
	if [ $lesson -lt 8 ] || [ $labrows -lt 12 ]; then
		fail=$((fail + 1))
		echo "FAIL $name: $lesson lesson rows above the lab (8 wanted), $labrows lab rows (12 wanted)"
	elif [ "${spec#*:}" = plot ] && [ "$axis" -ne 1 ]; then
		fail=$((fail + 1))
		echo "FAIL $name: the lab shows no plot axis ($axis found)"
	fi
done

[ "$update" = 1 ] && echo "golden: rewrote $pass screens in $screens"
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
