"""ssh.py - the SSH half of tests/ssh/run.sh, which has started sshd and
made the user: log in with `ssh -tt` on a pseudo-terminal, go to lesson 3
of the tutorial on the server and scroll, then kill the ssh client as a
dropped link would. The server-side whyrelu must exit within 2 s, its
progress file whole and recording lesson 3 and the place scrolled to.
Uses the pty and screen helpers of tests/smoke/smoke.py."""

import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "smoke"))
import smoke  # noqa: E402

USER = os.environ["WHYRELU_SSH_USER"]
PORT = os.environ["WHYRELU_SSH_PORT"]
DIR = os.environ["WHYRELU_SSH_DIR"]
NLESSONS = smoke.NLESSONS


def server_pids():
    p = subprocess.run(["pgrep", "-u", USER, "-x", "whyrelu"], stdout=subprocess.PIPE)
    return [int(x) for x in p.stdout.split()]


def running(pid):
    """The process has not exited (gone, or a zombie its parent has yet to
    reap, is exited)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def main():
    progress = os.path.join(DIR, "home", ".local", "state", "whyrelu", "progress")
    ssh = ["ssh", "-tt", "-F", "/dev/null", "-p", PORT, "-i", os.path.join(DIR, "client_key"),
           "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
           "-o", "UserKnownHostsFile=" + os.path.join(DIR, "known_hosts"),
           "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes",
           "-o", "ConnectTimeout=5", USER + "@127.0.0.1",
           os.path.join(DIR, "app", "whyrelu") + " --lessons " + os.path.join(DIR, "app", "lessons")]
    # sshd may still be starting: a refused connection is tried again
    end = time.monotonic() + 10
    while True:
        t = smoke.Term(ssh)
        try:
            t.wait_for(lambda s: smoke.lab_ready(s) or s.proc.poll() is not None,
                       "the tutorial over ssh", deadline=10)
        except AssertionError:
            t.close()
            raise
        if smoke.lab_ready(t):
            break
        t.close()
        if time.monotonic() > end:
            raise AssertionError("ssh did not connect:\n" + t.text())
        time.sleep(0.2)
    try:
        t.send("nn")
        t.wait_text(f"3/{NLESSONS} ReLU is max(x, 0)")
        t.wait_for(lambda s: os.path.exists(progress) and "current relu\n" in open(progress).read(),
                   "the lesson change saved on the server")
        t.send("jj")
        t.wait_for(lambda s: s.screen.display[0].startswith(" The book's"), "scrolled")
        pids = server_pids()
        assert len(pids) == 1, "whyrelu processes of %s on the server: %r" % (USER, pids)
        os.kill(t.proc.pid, signal.SIGKILL)
        t0 = time.monotonic()
        while running(pids[0]) and time.monotonic() - t0 < 5:
            time.sleep(0.005)
        took = time.monotonic() - t0
        assert not running(pids[0]), "whyrelu still runs 5 s after the link died"
        assert took < 2.0, "whyrelu took %.2f s to exit after the link died" % took
    finally:
        t.close()
    saved = open(progress).read()
    why = smoke.progress_problem(saved)
    assert why is None, "%s:\n%s" % (why, saved)
    assert "current relu\n" in saved and "lesson relu 3 " in saved, saved
    st = os.stat(progress)
    assert st.st_mode & 0o777 == 0o600, oct(st.st_mode)
    print("ssh: ok: the link killed, whyrelu on the server gone in %.2f s, lesson 3 saved" % took)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("ssh: FAIL: %s" % e)
        sys.exit(1)
    finally:
        for d in smoke.STATE_DIRS:
            shutil.rmtree(d, ignore_errors=True)
