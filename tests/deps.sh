#!/bin/sh
# deps.sh PACKAGE... - make sure the named Debian packages are installed.
# Installs the missing ones with apt-get (through sudo when not root); when
# that is impossible, names them and exits 1.
set -u
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in "$@"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
		case "$st" in
		*" installed") ;;
		*) missing="$missing $p" ;;
		esac
	done
else
	echo "whyrelu: this is not a Debian system (no dpkg-query)." >&2
	echo "whyrelu: install the equivalents of:$*" >&2
	echo "whyrelu: (a C11 compiler, make, pkg-config, ncursesw, GNU readline, cmark, OpenBLAS, cmocka, python3 with pyte)" >&2
	# Carry on if the libraries are there anyway.
	if command -v pkg-config >/dev/null 2>&1 &&
	   pkg-config --exists ncursesw readline libcmark openblas cmocka; then
		exit 0
	fi
	exit 1
fi
[ -z "$missing" ] && exit 0

echo "whyrelu: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
	sudo="sudo"
else
	echo "whyrelu: cannot install packages (not root, and no usable sudo)." >&2
	echo "whyrelu: as root, run: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get update -qq || ! $sudo apt-get install -y -qq --no-install-recommends $missing; then
	echo "whyrelu: apt-get could not install:$missing" >&2
	echo "whyrelu: install them by hand, then run make again." >&2
	exit 1
fi
