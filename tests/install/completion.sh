#!/bin/sh
# completion.sh WHYRELU - the completion scripts. bash: assets/whyrelu.bash
# is sourced and its function called with COMP_WORDS set, in a directory
# that holds a file and a directory, as bash would call it. zsh (when
# installed): assets/_whyrelu parses, registers itself for whyrelu, and
# reads the activation names from `whyrelu list`. Run from the source tree.
set -u
bin=$1
src=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/whyrelu-comp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/sub"
: > "$tmp/subfile"
: > "$tmp/relu-notes"
"$bin" list --charset ascii | awk 'NR > 1 { print $1 }' | sort > "$tmp/acts"
failures=0

# One bash completion: the words, the last one being completed; what is
# offered, sorted and on one line.
cat > "$tmp/complete.bash" <<'EOF'
source "$1/assets/whyrelu.bash"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
_whyrelu "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
EOF
offers() {   # offers WANT WORD... (the words after the program's name)
	want=$1
	shift
	got=$(cd "$tmp" && bash --norc --noprofile "$tmp/complete.bash" "$src" "$w" "$@")
	if [ "$got" = "$want" ]; then
		echo "ok   bash: whyrelu $* -> ${want:-nothing}"
	else
		echo "FAIL bash: whyrelu $* -> '$got', want '$want'"
		failures=$((failures + 1))
	fi
}

# the program by its full path, as the completion is run from $tmp
case $bin in
/*) w=$bin ;;
*) w=$src/$bin ;;
esac
offers "bench check-lessons class eval list net plot progress train" ""
offers "--csv" class --cs
offers "sub" class ""
offers "sub" class --csv ""
offers "--json" bench --j
offers "" bench ""
offers "sawtooth sin square step" train --target s
offers "he xavier" train --init ""
offers "--lambda --layers --lr" train --l
offers "tanh tanhshrink" train --act tan
offers "" train --lr ""
offers "he" net --init h
offers "--width" net --wid
offers "" net --seed ""
offers "--charset" --ch
offers "--lesson --lessons" --less
offers "--line" --li
offers "block braille" --charset b
offers "block braille" --charset = b
offers "ascii block braille" --charset =
offers "sigmoid silu sine" --act si
offers "leaky_relu" --depth 3 eval le
offers "relu relu6" plot --charset ascii re
offers "--json" eval relu -1 --j
offers "--grad" plot relu --gr
offers "--help --lessons --reset --yes" progress --
offers "sub" --lessons su
offers "sub" progress --lessons s
offers "sub" check-lessons s
offers "" check-lessons sub ""
offers "" --x ""
offers "" --lesson ""
offers "" eval relu ""
offers "" list ""
offers "" plot relu --from ""
offers "" nosuchcommand ""
# every activation of `whyrelu list`, asked of the program
got=$(cd "$tmp" && bash --norc --noprofile "$tmp/complete.bash" "$src" "$w" --act "" | tr ' ' '\n')
if [ "$got" = "$(cat "$tmp/acts")" ]; then
	echo "ok   bash: --act offers every activation of whyrelu list"
else
	echo "FAIL bash: --act offers every activation of whyrelu list"
	failures=$((failures + 1))
fi

if command -v zsh >/dev/null 2>&1; then
	if zsh -n assets/_whyrelu; then
		echo "ok   zsh: _whyrelu parses"
	else
		echo "FAIL zsh: _whyrelu parses"
		failures=$((failures + 1))
	fi
	# compinit finds it on fpath by its #compdef line
	got=$(cd "$tmp" && HOME=$tmp zsh -f -c "fpath=('$src/assets' \$fpath)
		autoload -Uz compinit && compinit -u -D && print -r -- \${_comps[whyrelu]}")
	if [ "$got" = _whyrelu ]; then
		echo "ok   zsh: compinit registers _whyrelu for whyrelu"
	else
		echo "FAIL zsh: compinit registers _whyrelu for whyrelu (got '$got')"
		failures=$((failures + 1))
	fi
	# the activation names, with completion's own functions stubbed: after
	# the program's name, and as a command's argument ($words shifted)
	for where in --act eval; do
		got=$(cd "$tmp" && zsh -f -c '
			_call_program() { shift; "$@" }
			_describe() { print -rl -- ${(P)4} }
			_arguments() { return 1 }
			source "$1/assets/_whyrelu"
			if [[ $3 == eval ]]; then _whyrelu_prog=$2; words=(eval); else words=($2 --act); fi
			_whyrelu_acts' zsh "$src" "$w" "$where" | sort)
		if [ "$got" = "$(cat "$tmp/acts")" ]; then
			echo "ok   zsh: whyrelu $where offers the activations of whyrelu list"
		else
			echo "FAIL zsh: whyrelu $where offers the activations of whyrelu list"
			failures=$((failures + 1))
		fi
	done
else
	echo "skip zsh: not installed"
fi

[ "$failures" -eq 0 ]
