#!/bin/sh
# check.sh - what the README's threat model promises, checked in the
# source (src/) so that a change breaking it fails `make test`:
#   - no other program is ever run: no system, popen, exec*, posix_spawn,
#     fork or vfork;
#   - the completion of the `:` prompt and of the line mode's prompt tells
#     readline not to fall back to file names (rl_attempted_completion_over),
#     and no other completion function is installed;
#   - every file created is opened with O_NOFOLLOW; fopen for writing only
#     for /dev/null and the --dump file named on the command line.
# The behaviour itself is tested through a pty (tests/smoke: planted
# links, completion of "/").
set -u
cd "$(dirname "$0")/../.." || exit 1
fail=0
bad() {
	echo "security: $1" >&2
	fail=1
}

# comments and strings could name these; calls are NAME followed by (
hits=$(grep -nE '(^|[^a-z_.>])(system|popen|exec[lv]p?e?|execvpe|fexecve|posix_spawnp?|fork|vfork)[[:space:]]*\(' \
	src/*.c src/*.h | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
[ -z "$hits" ] || bad "runs another program:
$hits"

for f in src/ui_prompt.c src/line.c; do
	grep -q 'rl_attempted_completion_over = 1;' "$f" ||
		bad "$f: the completion does not set rl_attempted_completion_over: readline would list files"
done
hits=$(grep -nE 'rl_completion_entry_function|rl_filename_completion_function' src/*.c)
[ -z "$hits" ] || bad "a completion that may list files:
$hits"

hits=$(grep -nE 'O_CREAT' src/*.c | grep -v O_NOFOLLOW)
[ -z "$hits" ] || bad "a file created without O_NOFOLLOW:
$hits"
hits=$(grep -nE 'fopen\([^)]*"[wa]' src/*.c | grep -vE 'fopen\("/dev/null", "w"\)|fopen\(ho->dump, "w"\)')
[ -z "$hits" ] || bad "a file opened for writing by name:
$hits"

[ "$fail" = 0 ] && echo "security: no program run, no file completion, no file created through a link"
exit "$fail"
