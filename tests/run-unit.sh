#!/bin/sh
# run-unit.sh BIN... - run each cmocka test program; fail if any fails.
status=0
for t in "$@"; do
	"$t" || status=1
done
exit $status
