#!/bin/sh
# class.sh [BIN [OPTIONS]] - the class load test (tests/bench/class.py): 200
# sessions on pseudo-terminals for 60 s; OPTIONS (--sessions N, --seconds S)
# make it quicker. Fails when a session failed or lost its progress.
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./whyrelu}
[ $# -gt 0 ] && shift
exec /usr/bin/python3 "$here/class.py" "$bin" "$@"
