#!/bin/sh
# check.sh - what the README's threat model promises, checked in the
# source (src/) so that a change breaking it fails `make test`:
#   - no other program is ever run: no system, popen, exec*, posix_spawn,
#     fork or vfork;
#   - the completion of the `:` prompt and of the line mode's prompt tells
#     readline not to fall back to file names (rl_attempted_completion_over),
#     and no other completion function is installed;
#   - every file created is opened with O_NOFOLLOW; fopen for writing only
#     for /dev/null and the --dump file named on the command line;
#   - `whyrelu class` (src/core/class.c, src/cli/cli_class.c,
#     src/tui/ui_class.c) writes nothing, and opens
#     below a named path only with O_NOFOLLOW.
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
	src/*.c src/*/*.c src/*/*.h | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
[ -z "$hits" ] || bad "runs another program:
$hits"

for f in src/rl/complete.c; do
	grep -q 'rl_attempted_completion_over = 1;' "$f" ||
		bad "$f: the completion does not set rl_attempted_completion_over: readline would list files"
done
hits=$(grep -nE 'rl_completion_entry_function|rl_filename_completion_function' src/*.c src/*/*.c)
[ -z "$hits" ] || bad "a completion that may list files:
$hits"

hits=$(grep -nE 'O_CREAT' src/*.c src/*/*.c | grep -v O_NOFOLLOW)
[ -z "$hits" ] || bad "a file created without O_NOFOLLOW:
$hits"
hits=$(grep -nE 'fopen\([^)]*"[wa]' src/*.c src/*/*.c | grep -vE 'fopen\("/dev/null", "w"\)|fopen\(ho->dump, "w"\)')
[ -z "$hits" ] || bad "a file opened for writing by name:
$hits"

# whyrelu class reads other people's files, often as root: it writes none
hits=$(grep -nE 'O_CREAT|O_WRONLY|O_RDWR|fopen|rename|unlink|mkdir|chmod|chown|fchmod' \
	src/core/class.c src/cli/cli_class.c src/tui/ui_class.c | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
[ -z "$hits" ] || bad "whyrelu class may write:
$hits"
hits=$(grep -nE '(^|[^a-z_])open(at)?\(' src/core/class.c src/cli/cli_class.c | grep -vE 'O_NOFOLLOW|O_DIRECTORY \| O_CLOEXEC')
[ -z "$hits" ] || bad "whyrelu class opens a learner's file without O_NOFOLLOW:
$hits"

[ "$fail" = 0 ] && echo "security: no program run, no file completion, no file created through a link," \
	"whyrelu class writes nothing"
exit "$fail"
