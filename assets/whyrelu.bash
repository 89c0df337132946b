# bash completion for whyrelu(1)
#
# Completes commands, options, activation names (asked of the program
# itself, `whyrelu list`) and charset values. File names are never offered;
# directory names only where a directory goes (--lessons DIR,
# check-lessons DIR, the class directories and homes of class).

# The activation names: the first column of `whyrelu list`, header skipped.
# $1 is the program as typed, so ./whyrelu in a source tree asks itself.
_whyrelu_acts()
{
	local prog=$1
	[[ $prog == */* && -x $prog ]] || prog=whyrelu
	"$prog" list --charset ascii 2>/dev/null | while read -r name _; do
		[[ $name == NAME ]] || printf '%s\n' "$name"
	done
}

_whyrelu()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=''
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# bash splits "--act=relu" into "--act" "=" "relu" when '=' is in
	# COMP_WORDBREAKS (the default): the option is then the word before.
	local opt=$prev
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
	fi

	# The command is the first word that is not an option or an option's
	# value; the tutorial's options all take a value but --no-color.
	local cmd='' i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--no-color | --help | -h | --version | --*=*) ;;
		-*) [[ ${COMP_WORDS[i + 1]} == = ]] && ((i++)); ((i++)) ;;
		*) cmd=$w; break ;;
		esac
	done

	local params='--slope --floor --alpha --beta --lambda'
	local opts
	case $cmd in
	'') opts="--act --x --depth --gain --bias $params --lesson --lessons --line
		--charset --no-color --help --version" ;;
	list) opts='--charset --help' ;;
	eval) opts="$params --depth --gain --bias --layers --json --help" ;;
	plot) opts="$params --from --to --width --height --grad --charset
		--depth --gain --bias --x --help" ;;
	train) opts="--act $params --target --width --layers --lr --momentum --batch
		--points --noise --init --steps --seed --every --json --help" ;;
	net) opts="--act $params --width --depth --batch --init --gain --seed --json --help" ;;
	progress) opts='--reset --yes --lessons --help' ;;
	check-lessons) opts='--help' ;;
	bench) opts='--json --help' ;;
	class) opts='--csv --json --lessons --charset --no-color --help' ;;
	*) return 0 ;;
	esac

	case $opt in
	--act)
		mapfile -t COMPREPLY < <(compgen -W "$(_whyrelu_acts "${COMP_WORDS[0]}")" -- "$cur")
		return 0 ;;
	--charset)
		mapfile -t COMPREPLY < <(compgen -W 'ascii block braille' -- "$cur")
		return 0 ;;
	--target)
		mapfile -t COMPREPLY < <(compgen -W 'abs sin step square sawtooth' -- "$cur")
		return 0 ;;
	--init)
		if [[ $cmd == train ]]; then
			mapfile -t COMPREPLY < <(compgen -W 'he xavier' -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W 'standard xavier he' -- "$cur")
		fi
		return 0 ;;
	--lessons)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0 ;;
	--x | --depth | --gain | --bias | --slope | --floor | --alpha | --beta | \
	--lambda | --lesson | --from | --to | --width | --height | --layers | --lr | \
	--momentum | --batch | --points | --noise | --steps | --seed | --every)
		return 0 ;;   # a number or a lesson: nothing to offer
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return 0
	fi
	if [[ -z $cmd ]]; then
		mapfile -t COMPREPLY < <(compgen -W 'list eval plot progress check-lessons class bench train net' -- "$cur")
		return 0
	fi

	# The command's own arguments: eval and plot take an activation first,
	# check-lessons one directory, class any number.
	local nargs=0
	for ((i++; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--layers | --json | --grad | --reset | --yes | -y | --help | --csv | --no-color | \
		--*=*) ;;
		--*) [[ ${COMP_WORDS[i + 1]} == = ]] && ((i++)); ((i++)) ;;
		*) ((nargs++)) ;;
		esac
	done
	case $cmd in
	eval | plot)
		((nargs == 0)) &&
			mapfile -t COMPREPLY < <(compgen -W "$(_whyrelu_acts "${COMP_WORDS[0]}")" -- "$cur") ;;
	check-lessons)
		if ((nargs == 0)); then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		fi ;;
	class)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
	esac
	return 0
}

complete -F _whyrelu whyrelu
