#!/bin/sh
# run.sh BIN - real-pty smoke tests (tests/smoke/smoke.py, then
# tests/smoke/class.py for `whyrelu class`) with Debian's python3 and its
# pyte; prints "N passed, M failed", fails if any failed.
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./whyrelu}
py=/usr/bin/python3
if ! "$py" -c 'import pyte' 2>/dev/null; then
	echo "smoke: $py with pyte is needed (Debian: apt-get install python3-pyte)" >&2
	exit 1
fi
status=0
"$py" "$here/smoke.py" "$bin" || status=1
# whyrelu class: fake homes, a damaged file, a link, an unreadable file
"$py" "$here/class.py" "$bin" || status=1
exit $status
