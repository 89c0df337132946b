"""smoke.py BIN - real-pty smoke tests of the tutorial's front end.

Each test starts BIN on a fresh pseudo-terminal, reads what it sends into a
pyte screen, types keys, resizes the terminal (TIOCSWINSZ and SIGWINCH) and
checks the screen and, when the program has gone, that the terminal was
restored: the same termios as before, the alternate screen left and the
cursor visible again. Every wait is for a condition with a deadline, never
a fixed sleep. Run with Debian's /usr/bin/python3 (python3-pyte).
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pyte

DEADLINE = 5.0          # seconds for any one condition
BIN = None

SMCUP = b"\x1b[?1049h"
RMCUP = b"\x1b[?1049l"
CIVIS = b"\x1b[?25l"
CNORM = b"\x1b[?25h"


class Term:
    """A program on a pty, with a pyte screen of what it drew."""

    def __init__(self, args, cols=80, rows=24, env=None, lang="C.UTF-8", shell=False):
        self.master, slave = pty.openpty()
        self.set_size_fd(slave, cols, rows)
        self.termios_before = termios.tcgetattr(self.master)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        e = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/"),
             "TERM": "xterm-256color", "LANG": lang, "LC_ALL": lang}
        if env:
            e.update(env)
        e = {k: v for k, v in e.items() if v is not None}

        def controlling_tty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=e,
            start_new_session=True, preexec_fn=controlling_tty, close_fds=True)
        os.close(slave)
        self.shell = shell

    @staticmethod
    def set_size_fd(fd, cols, rows):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def resize(self, cols, rows, pid=None):
        self.screen.resize(rows, cols)
        self.set_size_fd(self.master, cols, rows)
        # the kernel signals the foreground group; say it again to be sure
        try:
            os.kill(pid or self.proc.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    def pump(self, timeout):
        """Read what is there (waiting at most timeout); False at EOF."""
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.raw += data
        self.stream.feed(data)
        return True

    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, pred, what, deadline=DEADLINE):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if pred(self):
                return
            if not self.pump(min(0.05, max(0.0, end - time.monotonic()))):
                if pred(self):
                    return
                break
        raise AssertionError("timed out waiting for %s; screen:\n%s" % (what, self.text()))

    def wait_text(self, s, deadline=DEADLINE):
        self.wait_for(lambda t: s in t.text(), repr(s), deadline)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.master, data)

    def settle(self, quiet=0.15, deadline=DEADLINE):
        """Read until nothing arrives for `quiet` seconds: the screen is
        settled (a condition, bounded by the deadline)."""
        end = time.monotonic() + deadline
        last = time.monotonic()
        n = len(self.raw)
        while time.monotonic() < end:
            if not self.pump(0.02):
                return
            if len(self.raw) != n:
                n = len(self.raw)
                last = time.monotonic()
            elif time.monotonic() - last >= quiet:
                return

    def wait_exit(self, deadline=DEADLINE):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            self.pump(0.02)
            rc = self.proc.poll()
            if rc is not None:
                while self.pump(0.01) and select.select([self.master], [], [], 0)[0]:
                    pass
                return rc
        raise AssertionError("the program did not exit; screen:\n%s" % self.text())

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)

    def check_restored(self):
        """Same termios as before the start, alternate screen left, cursor
        visible: the terminal is as the program found it."""
        now = termios.tcgetattr(self.master)
        assert now == self.termios_before, "termios not restored:\n%r\n%r" % (
            self.termios_before, now)
        raw = bytes(self.raw)
        assert raw.rfind(SMCUP) >= 0, "never entered the alternate screen"
        assert raw.rfind(RMCUP) > raw.rfind(SMCUP), "alternate screen not left"
        if raw.rfind(CIVIS) >= 0:
            assert raw.rfind(CNORM) > raw.rfind(CIVIS), "cursor left invisible"


def lab_ready(t):
    # the hint line is the last row drawn: with it the frame is complete
    s = t.text()
    return "relu: max(x, 0)" in s and "passes" in s and "? help" in s


def readout(t, label):
    # a readout row: the label, two or more blanks, the value
    m = re.search(r"(?:^|\s)%s {2,}(\S+)" % re.escape(label), t.text(), re.M)
    return m.group(1) if m else None


def start(*args, **kw):
    t = Term([BIN] + list(args), **kw)
    t.wait_for(lab_ready, "the first screen")
    return t


# ---- tests -------------------------------------------------------------------

def test_start_utf8():
    t = start()
    try:
        assert "Why max(x, 0)?" in t.text(), t.text()
        assert "whyrelu" in t.text(), t.text()
        assert any(0x2800 <= ord(c) <= 0x28ff for c in t.text()), "no braille in UTF-8"
        t.send("q")
        rc = t.wait_exit()
        assert rc == 0, "exit status %r" % rc
        t.check_restored()
    finally:
        t.close()


def test_start_ascii_no_high_bytes():
    for lang, args in (("C", []), ("C.UTF-8", ["--charset", "ascii"])):
        t = start(*args, lang=lang)
        try:
            # walk through a few screens that draw a lot: help, pick list,
            # a deep chain, a resize
            for k in ("?", "x", "a", "jjjjjjjjjjjj\r", "+++++++++", "w", "w", "w", "n"):
                t.send(k)
            t.wait_text("depth     10")
            t.resize(132, 40)
            t.wait_text("What the lab shows")
            t.send("q")
            assert t.wait_exit() == 0
            high = [b for b in bytes(t.raw) if b > 0x7e]
            assert not high, "%s %s: %d bytes above 0x7e" % (lang, args, len(high))
            t.check_restored()
        finally:
            t.close()


def test_keys_sigmoid_vanishes():
    t = start()
    try:
        t.send("a")
        t.wait_text("activations (")
        t.send("jjjjjjjjjjjj\r")
        t.wait_text("sigmoid: 1/(1 + e")
        assert readout(t, "depth") == "1"
        t.send("+")
        t.wait_for(lambda s: readout(s, "depth") == "2", "depth 2")
        for _ in range(8):
            t.send("+")
        t.wait_for(lambda s: readout(s, "depth") == "10", "depth 10")
        t.wait_text("vanishes")
        t.send("l")
        t.wait_for(lambda s: readout(s, "x") == "1.1", "x 1.1")
        t.send("?")
        t.wait_text("keys")
        t.send(" ")
        t.wait_for(lambda s: "any key closes" not in s.text(), "help closed")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_keys_relu_dies_and_leaky_survives():
    t = start("--depth", "10")
    try:
        t.wait_text("passes")
        t.send("H")
        t.send("H")
        t.wait_for(lambda s: readout(s, "x") == "-1", "x -1")
        t.wait_text("dead")
        t.send("\t\t")   # relu -> max -> leaky_relu
        t.wait_text("leaky_relu:")
        t.wait_text("vanishes")
        t.send("}}}")
        t.wait_for(lambda s: readout(s, "slope") == "0.3", "slope 0.3")
        t.wait_text("passes")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_resize():
    t = start()
    try:
        t.resize(132, 40)
        t.wait_for(lambda s: "│── relu" in s.text(), "side-by-side layout")
        t.resize(50, 15)
        t.wait_text("terminal too small")
        t.resize(80, 24)
        t.wait_for(lab_ready, "the lab back after growing")
        assert "terminal too small" not in t.text()
        # a storm of resizes: no crash, and the last size wins
        sizes = [(60 + (i * 37) % 140, 12 + (i * 11) % 50) for i in range(60)]
        for c, r in sizes:
            t.set_size_fd(t.master, c, r)
            os.kill(t.proc.pid, signal.SIGWINCH)
        t.resize(100, 30)
        t.wait_for(lambda s: lab_ready(s) and s.proc.poll() is None, "the lab at 100x30")
        t.settle()
        lines = t.screen.display
        assert "? help" in lines[29], "hint line not on the last row:\n" + t.text()
        assert t.proc.poll() is None
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def signal_test(sig, expect_rc):
    t = start()
    try:
        t.send("l")
        t.wait_for(lambda s: readout(s, "x") == "1.1", "x 1.1")
        os.kill(t.proc.pid, sig)
        rc = t.wait_exit()
        assert rc == expect_rc, "exit status %r after signal %d" % (rc, sig)
        t.check_restored()
    finally:
        t.close()


def test_sigterm():
    signal_test(signal.SIGTERM, -signal.SIGTERM)


def test_sighup():
    signal_test(signal.SIGHUP, -signal.SIGHUP)


def test_ctrl_c():
    t = start()
    try:
        t.send("\x03")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_crash_handler():
    signal_test(signal.SIGSEGV, -signal.SIGSEGV)


def test_ctrl_z_and_fg():
    """Under a job-control shell: Ctrl-Z gives the shell a sane terminal
    back, fg brings the lab back redrawn."""
    sh = Term(["/bin/bash", "--norc", "--noprofile", "-i"], env={"PS1": "PROMPT$ "})
    try:
        sh.wait_text("PROMPT$")
        sh.send("stty -g > /tmp/whyrelu-smoke-stty.$$; exec 9</tmp/whyrelu-smoke-stty.$$; "
                "rm /tmp/whyrelu-smoke-stty.$$\r")
        sh.wait_for(lambda s: s.text().count("PROMPT$") >= 2, "second prompt")
        before = termios.tcgetattr(sh.master)
        sh.send("%s --x 2\r" % BIN)
        sh.wait_for(lambda s: "relu: max(x, 0)" in s.text(), "the lab under bash")
        sh.settle()
        sh.send("\x1a")
        sh.wait_text("Stopped")
        sh.settle()
        assert termios.tcgetattr(sh.master) == before, "termios not restored on Ctrl-Z"
        raw = bytes(sh.raw)
        assert raw.rfind(RMCUP) > raw.rfind(SMCUP), "alternate screen not left on Ctrl-Z"
        sh.screen.reset()
        sh.send("fg\r")
        sh.wait_for(lambda s: "relu: max(x, 0)" in s.text() and readout(s, "x") == "2",
                    "the lab redrawn after fg")
        sh.send("l")
        sh.wait_for(lambda s: readout(s, "x") == "2.1", "keys work after fg")
        sh.send("q")
        sh.wait_for(lambda s: "PROMPT$" in s.text(), "the prompt after q")
        sh.settle()
        assert termios.tcgetattr(sh.master) == before, "termios not restored after q"
        sh.send("exit\r")
        sh.wait_exit()
    finally:
        sh.close()


def run_plain(args, env, stdin=None):
    p = subprocess.run([BIN] + args, env=env, stdin=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=DEADLINE)
    return p.returncode, p.stdout, p.stderr


def test_no_terminal():
    base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    # stdin and stdout not a terminal
    rc, out, err = run_plain([], dict(base, TERM="xterm-256color"), stdin=subprocess.DEVNULL)
    assert rc == 2 and b"whyrelu plot" in err and err.count(b"\n") == 1, (rc, err)
    assert out == b""
    # a terminal, but TERM dumb, unknown or unset
    for term in ("dumb", "no-such-terminal-type", None):
        env = dict(base, TERM=term) if term else dict(base)
        t = Term([BIN], cols=200, env={"TERM": term} if term else {"TERM": None})
        try:
            rc = t.wait_exit()
            assert rc == 2, "TERM=%r: exit status %r" % (term, rc)
            assert "whyrelu plot" in t.text(), t.text()
        finally:
            t.close()


def test_bad_option():
    rc, out, err = run_plain(["--act", "relu", "--frobnicate"],
                             {"PATH": "/usr/bin:/bin", "TERM": "xterm"},
                             stdin=subprocess.DEVNULL)
    assert rc == 2 and b"--frobnicate" in err and out == b"", (rc, err)


def test_x_step_bytes():
    t = start()
    try:
        t.settle()
        n = len(t.raw)
        t.send("l")
        t.wait_for(lambda s: readout(s, "x") == "1.1", "x 1.1")
        t.settle()
        sent = len(t.raw) - n
        assert sent <= 600, "an x step sent %d bytes (budget 600)" % sent
        t.send("q")
        t.wait_exit()
    finally:
        t.close()


TESTS = [
    test_start_utf8,
    test_start_ascii_no_high_bytes,
    test_keys_sigmoid_vanishes,
    test_keys_relu_dies_and_leaky_survives,
    test_resize,
    test_sigterm,
    test_sighup,
    test_ctrl_c,
    test_crash_handler,
    test_ctrl_z_and_fg,
    test_no_terminal,
    test_bad_option,
    test_x_step_bytes,
]


def main():
    global BIN
    if len(sys.argv) != 2:
        print("usage: smoke.py BIN", file=sys.stderr)
        return 2
    BIN = os.path.abspath(sys.argv[1])
    only = os.environ.get("WHYRELU_SMOKE_ONLY")
    passed = failed = 0
    for test in TESTS:
        if only and only not in test.__name__:
            continue
        t0 = time.monotonic()
        try:
            test()
        except Exception as e:  # a failed check or a broken run: report, go on
            failed += 1
            print("FAIL %s: %s" % (test.__name__, e))
        else:
            passed += 1
            print("ok   %s (%.2fs)" % (test.__name__, time.monotonic() - t0))
    print("smoke: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
