#!/bin/sh
# valgrind.sh BIN - the real-pty smoke tests once more, with BIN run under
# valgrind's memcheck: an error, or a block definitely lost, in any run of
# the program fails. Each run writes its own log; memcheck is quiet (-q), so
# a log with anything in it is a failure, also for the runs the tests end
# with a signal, whose exit status cannot carry --error-exitcode.
#
# The tests run in two halves at once (a run under memcheck is mostly
# one busy core). Deadlines and time limits are scaled
# (WHYRELU_SMOKE_SCALE) for a program many times slower. Left out: the two-session test (10 s of saving; the
# saving code runs in the other tests), the terminal types (twelve starts,
# a minute under memcheck, for what xterm-256color in both locales already
# runs here), Ctrl-Z in both modes (memcheck 3.19 does not stop a program that raises
# SIGTSTP with the default action, so the test would wait for a stop that
# never comes) and the crash signals (memcheck now and then drops a
# SIGSEGV sent with kill() to a program waiting in poll: about 1 run in 25
# here, the handler never runs and the program sleeps on; a process that
# dies of a crash has no leak to find anyway).
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./whyrelu}
if ! command -v valgrind >/dev/null; then
	echo "smoke-valgrind: valgrind is needed (Debian: apt-get install valgrind)" >&2
	exit 1
fi
logs=$(mktemp -d "${TMPDIR:-/tmp}/whyrelu-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$logs"' EXIT INT TERM
echo "== smoke tests under valgrind memcheck (two halves at once)"
status=0
pids=
for k in 0 1; do
	WHYRELU_SMOKE_WRAP="valgrind --tool=memcheck -q --leak-check=full --show-leak-kinds=definite \
--errors-for-leak-kinds=definite --error-exitcode=99 --log-file=$logs/vg.%p" \
	WHYRELU_SMOKE_SCALE=${WHYRELU_SMOKE_SCALE:-10} \
	WHYRELU_SMOKE_SKIP=test_two_sessions,test_ctrl_z,test_line_ctrl_z,test_terminal_types,test_crash WHYRELU_SMOKE_SHARD=$k/2 \
		sh "$here/run.sh" "$bin" > "$logs/out.$k" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || status=1
done
cat "$logs/out.0" "$logs/out.1"
runs=$(ls "$logs" | grep -c "^vg\\.")
bad=0
for f in "$logs"/vg.*; do
	[ -s "$f" ] || continue
	bad=$((bad + 1))
	echo "== memcheck, process ${f##*.}:"
	cat "$f"
done
echo "smoke-valgrind: $runs runs of the program, $bad with memcheck errors or leaks"
[ "$status" = 0 ] && [ "$bad" = 0 ] && [ "$runs" -gt 0 ]
