#!/bin/sh
# run.sh BIN - the tutorial over a real SSH link. Starts sshd on 127.0.0.1
# on a free port, with a host key, a throwaway user and a client key made
# for this run; logs in with `ssh -tt` running BIN (copied where that user
# can run it, with the lessons), goes to lesson 3, scrolls, then kills the
# ssh client: the whyrelu on the server side must be gone within 2 s, with
# its progress recording lesson 3 and the place in it (ssh.py checks).
# The user, sshd and every file are removed afterwards, on failure too.
#
# Needs root (or sudo without a password) for the user, and sshd
# (openssh-server); without either it says why and skips.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-./whyrelu}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
lessons=$(cd "$here/../../lessons" && pwd)
sshd=/usr/sbin/sshd

if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		exec sudo -n sh "$here/run.sh" "$bin"
	fi
	echo "ssh: SKIPPED: adding a test user needs root or sudo without a password"
	exit 0
fi
for need in "$sshd" ssh ssh-keygen useradd userdel; do
	if ! command -v "$need" >/dev/null 2>&1; then
		echo "ssh: SKIPPED: no $need (Debian: apt-get install openssh-server openssh-client)"
		exit 0
	fi
done

tmp=$(mktemp -d /tmp/whyrelu-ssh.XXXXXX) || exit 1
user=whyrelu-ssh-$$
sshd_pid=
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	# whatever still runs as the test user was started by this test
	for p in $(pgrep -u "$user" 2>/dev/null); do
		kill -9 "$p" 2>/dev/null
	done
	id "$user" >/dev/null 2>&1 && userdel -f "$user" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

chmod 755 "$tmp"
mkdir -p "$tmp/home" "$tmp/app"
cp "$bin" "$tmp/app/whyrelu"
cp -r "$lessons" "$tmp/app/lessons"
chmod -R a+rX "$tmp/app"
# a password field of '*': no password, yet not locked (sshd without PAM
# refuses a locked account even with a key)
if ! useradd -M -d "$tmp/home" -s /bin/sh -p '*' "$user"; then
	echo "ssh: FAIL: useradd $user" >&2
	exit 1
fi
chown "$user" "$tmp/home"
chmod 700 "$tmp/home"

ssh-keygen -q -t ed25519 -N '' -C whyrelu-test-host -f "$tmp/host_key" || exit 1
ssh-keygen -q -t ed25519 -N '' -C whyrelu-test-client -f "$tmp/client_key" || exit 1
cp "$tmp/client_key.pub" "$tmp/authorized_keys"
chmod 644 "$tmp/authorized_keys"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "[127.0.0.1]:$port $(cat "$tmp/host_key.pub")" > "$tmp/known_hosts"
cat > "$tmp/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host_key
PidFile none
AuthorizedKeysFile $tmp/authorized_keys
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitTTY yes
PrintMotd no
PrintLastLog no
AllowTcpForwarding no
X11Forwarding no
LogLevel ERROR
CONF
mkdir -p /run/sshd    # the privilege separation directory
chmod 755 /run/sshd
"$sshd" -D -f "$tmp/sshd_config" -E "$tmp/sshd.log" &
sshd_pid=$!

WHYRELU_SSH_USER=$user WHYRELU_SSH_PORT=$port WHYRELU_SSH_DIR=$tmp \
	/usr/bin/python3 "$here/ssh.py"
status=$?
if [ "$status" != 0 ] && [ -s "$tmp/sshd.log" ]; then
	echo "ssh: sshd said:"
	cat "$tmp/sshd.log"
fi
exit "$status"
