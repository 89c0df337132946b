#!/bin/sh
# run.sh [BIN] - the speed and size benchmark (tests/bench/bench.py) against
# less on a text file, and vim when installed; prints medians and ratios,
# fails when a figure is over its budget.
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./whyrelu}
if [ ! -x /usr/bin/less ]; then
	echo "bench: /usr/bin/less is needed as the baseline (Debian: apt-get install less)" >&2
	exit 1
fi
exec /usr/bin/python3 "$here/bench.py" "$bin"
