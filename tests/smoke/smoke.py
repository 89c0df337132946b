"""smoke.py BIN - real-pty smoke tests of the tutorial's front end.

Each test starts BIN on a fresh pseudo-terminal, reads what it sends into a
pyte screen, types keys, resizes the terminal (TIOCSWINSZ and SIGWINCH) and
checks the screen and, when the program has gone, that the terminal was
restored: the same termios as before, the alternate screen left and the
cursor visible again. Every wait is for a condition with a deadline, never
a fixed sleep. Run with Debian's /usr/bin/python3 (python3-pyte).

Each program keeps its progress in a fresh directory (XDG_STATE_HOME), so
no test reads or writes the learner's own progress; the progress tests
share one between runs on purpose.

WHYRELU_SMOKE_WRAP is a command put before BIN (valgrind and its options:
see the Makefile's smoke-valgrind), and WHYRELU_SMOKE_SCALE multiplies
every deadline and time limit, for a program run that much slower.
WHYRELU_SMOKE_SKIP names tests (comma-separated substrings) not to run;
WHYRELU_SMOKE_SHARD=K/N runs only every Nth test from the Kth (from 0), so
that N runs share the tests.
"""

import fcntl
import os
import pty
import re
import resource
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

import pyte

SCALE = float(os.environ.get("WHYRELU_SMOKE_SCALE") or 1)
DEADLINE = 5.0 * SCALE  # seconds for any one condition
WRAP = shlex.split(os.environ.get("WHYRELU_SMOKE_WRAP", ""))
BIN = None
STATE_DIRS = []         # removed when the tests are done
# the course the tests run: lessons/ of the source tree
NLESSONS = len([f for f in os.listdir(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "..", "lessons"))
                if re.match(r"^[0-9]+-.*\.md$", f)])


def state_dir():
    d = tempfile.mkdtemp(prefix="whyrelu-smoke-state.")
    STATE_DIRS.append(d)
    return d

SMCUP = b"\x1b[?1049h"
RMCUP = b"\x1b[?1049l"
CIVIS = b"\x1b[?25l"
CNORM = b"\x1b[?25h"


class Screen(pyte.Screen):
    """pyte's screen, with SU and SD (CSI n S, CSI n T) and REP (CSI n b)
    as xterm does them: ncurses scrolls a region of rows with the first two
    (xterm-256color's indn and rin) and repeats a character with the third
    (rep) when that sends less than drawing the cells, and pyte 0.8 ignores
    all three, leaving a screen the terminal would not show."""

    last = None   # the last character drawn, for REP

    def draw(self, data):
        super().draw(data)
        if data:
            self.last = data[-1]

    def repeat_last(self, count=None, *args, **kwargs):
        if self.last is not None and not kwargs.get("private") and not args:
            self.draw(self.last * max(count or 1, 1))

    def _region(self):
        m = self.margins
        return (m.top, m.bottom) if m else (0, self.lines - 1)

    def scroll_up(self, count=None, *args, **kwargs):
        if kwargs.get("private") or args:
            return
        top, bottom = self._region()
        for _ in range(min(max(count or 1, 1), bottom - top + 1)):
            for y in range(top, bottom):
                self.buffer[y] = self.buffer[y + 1]
            self.buffer.pop(bottom, None)
        self.dirty.update(range(self.lines))

    def scroll_down(self, count=None, *args, **kwargs):
        if kwargs.get("private") or args:
            return   # CSI with five parameters and T is mouse tracking
        top, bottom = self._region()
        for _ in range(min(max(count or 1, 1), bottom - top + 1)):
            for y in range(bottom, top, -1):
                self.buffer[y] = self.buffer[y - 1]
            self.buffer.pop(top, None)
        self.dirty.update(range(self.lines))


class ByteStream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, S="scroll_up", T="scroll_down", b="repeat_last")


class Term:
    """A program on a pty, with a pyte screen of what it drew."""

    def __init__(self, args, cols=80, rows=24, env=None, lang="C.UTF-8", shell=False):
        self.master, slave = pty.openpty()
        self.set_size_fd(slave, cols, rows)
        self.termios_before = termios.tcgetattr(self.master)
        self.screen = Screen(cols, rows)
        self.stream = ByteStream(self.screen)
        self.raw = bytearray()
        e = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/"),
             "TERM": "xterm-256color", "LANG": lang, "LC_ALL": lang,
             "XDG_STATE_HOME": state_dir()}
        if env:
            e.update(env)
        e = {k: v for k, v in e.items() if v is not None}

        def controlling_tty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            # the crash tests kill with SIGSEGV and the like: no core files
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        if args and args[0] == BIN:
            args = WRAP + list(args)

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

    def check_restored(self, smcup=SMCUP, rmcup=RMCUP, civis=CIVIS, cnorm=CNORM):
        """Same termios as before the start (echo and line editing back on),
        alternate screen left, cursor visible: the terminal is as the
        program found it. The capabilities are xterm's unless given (b""
        for one the terminal type has not)."""
        now = termios.tcgetattr(self.master)
        assert now == self.termios_before, "termios not restored:\n%r\n%r" % (
            self.termios_before, now)
        assert now[3] & termios.ECHO and now[3] & termios.ICANON, "echo or icanon off"
        raw = bytes(self.raw)
        if smcup:
            assert raw.rfind(smcup) >= 0, "never entered the alternate screen"
            assert raw.rfind(rmcup) > raw.rfind(smcup), "alternate screen not left"
        if civis and raw.rfind(civis) >= 0:
            assert raw.rfind(cnorm) > raw.rfind(civis), "cursor left invisible"


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
        assert "why max(x, 0)?" in t.text(), t.text()
        assert f"1/{NLESSONS} Welcome" in t.text(), t.text()
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
            t.wait_text("Without a non-linearity")
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
        # Space pages the help (its first line shown is no longer 1), a
        # key that is not one of its own closes it
        t.send(" ")
        t.wait_for(lambda s: re.search(r" ([2-9]|[1-9][0-9]+)-[0-9]+ of [0-9]+", s.text()),
                   "help paged")
        t.send("x")
        t.wait_for(lambda s: " keys " not in s.text(), "help closed")
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


def headless_screen(cols, rows, script, env):
    """The screen the headless mode draws for a key script, starting at
    cols x rows: what a terminal must show after the same keys."""
    with tempfile.NamedTemporaryFile("w", prefix="whyrelu-smoke-keys.") as keys:
        keys.write(script)
        keys.flush()
        e = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        e.update(env)
        out = subprocess.run([BIN, "--headless", "%dx%d" % (cols, rows), "--keys", keys.name,
                              "--dump", "-"], env=e, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=DEADLINE, check=True).stdout
    m = re.search(r"<resize (\d+)x(\d+)>\s*$", script)
    return [line.rstrip() for line in out.decode().split("\n")[:int(m.group(2)) if m else rows]]


def test_resize_storm():
    """500 sizes in 2 s, down to 1x1 and up to 300x100, then 100x30: the
    program is alive and its screen is the one drawn for 100x30."""
    state = state_dir()
    t = start(env={"XDG_STATE_HOME": state})
    try:
        sizes = [(1 + (i * 89) % 300, 1 + (i * 37) % 100) for i in range(498)]
        sizes[100] = (1, 1)
        sizes[200] = (300, 100)
        sizes += [(1, 1), (300, 100)]
        t0 = time.monotonic()
        for i, (c, r) in enumerate(sizes):
            t.set_size_fd(t.master, c, r)
            os.kill(t.proc.pid, signal.SIGWINCH)
            t.pump(0)
            # spread over 2 s: each change waits for its time slot
            while time.monotonic() - t0 < 2.0 * (i + 1) / len(sizes):
                t.pump(0.002)
        assert t.proc.poll() is None, "the program died in the storm"
        # the last size of the storm drawn (it sets the lesson's "try it"
        # lab up, all of lesson 1 being in view), then the final one
        t.screen.resize(100, 300)
        t.wait_for(lambda s: "? help" in s.screen.display[99], "the screen at 300x100")
        t.screen.reset()
        t.resize(100, 30)
        want = headless_screen(80, 24, "<resize 300x100> <resize 100x30>",
                               {"XDG_STATE_HOME": state})
        t.wait_for(lambda s: [line.rstrip() for line in s.screen.display] == want,
                   "the screen drawn for 100x30")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_compact_layout_like_headless():
    """At 80x24 the lesson keeps 9 rows above a compact lab. Scrolling it
    (which ncurses does with a scroll region and SU/SD, and in ASCII with
    REP for runs of a character), the lab on the whole screen with f and
    back: the terminal shows what the headless mode draws for the same
    keys, in UTF-8 and in ASCII."""
    script = "jjjjj k f f jj"
    for lang, rule in (("C.UTF-8", "\u2500\u2500 relu"), ("C", "-- relu")):
        t = start(lang=lang)
        try:
            # keys typed ahead of a new lesson's first frame scroll the old one
            t.send("nn")
            t.wait_text(f"3/{NLESSONS} ReLU is max(x, 0)")
            t.send(script.replace(" ", ""))
            want = headless_screen(80, 24, "nn " + script, {
                "XDG_STATE_HOME": state_dir(), "LANG": lang, "LC_ALL": lang})
            assert want[9].startswith(rule), want   # the lab's title row
            t.wait_for(lambda s: [line.rstrip() for line in s.screen.display] == want,
                       "the screen the headless mode draws (%s)" % lang)
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
        sh.send("%s --x 2\r" % " ".join(shlex.quote(a) for a in WRAP + [BIN]))
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


def test_line_ctrl_z_and_fg():
    """The line mode under a job-control shell: Ctrl-Z gives the shell its
    terminal modes back, fg the prompt, and typing works again."""
    sh = Term(["/bin/bash", "--norc", "--noprofile", "-i"], env={"PS1": "PROMPT$ "})
    try:
        sh.wait_text("PROMPT$")
        # bash's own readline would send bracketed-paste sequences
        sh.send("bind 'set enable-bracketed-paste off'\r")
        sh.wait_for(lambda s: s.text().count("PROMPT$") >= 2, "second prompt")
        sh.settle()
        start = len(sh.raw)
        before = termios.tcgetattr(sh.master)
        sh.send("%s --line --lesson 3\r" % " ".join(shlex.quote(a) for a in WRAP + [BIN]))
        sh.wait_text("whyrelu> ")
        sh.send("set x")
        sh.wait_text("whyrelu> set x")
        sh.send("\x1a")
        sh.wait_text("Stopped")
        sh.settle()
        assert termios.tcgetattr(sh.master) == before, "termios not restored on Ctrl-Z"
        sh.send("fg\r")
        sh.wait_for(lambda s: s.text().rstrip().endswith("whyrelu> set x"), "the line after fg")
        sh.send(" -2\r")
        sh.wait_text("relu at x = -2: f(x) = 0")
        sh.send("quit\r")
        sh.wait_for(lambda s: s.text().rstrip().endswith("PROMPT$"), "the prompt after quit")
        sh.settle()
        assert termios.tcgetattr(sh.master) == before, "termios not restored after quit"
        assert b"\x1b" not in bytes(sh.raw[start:]), "an escape sequence was sent"
        sh.send("exit\r")
        sh.wait_exit()
    finally:
        sh.close()


def test_train_runs_and_keys_answer():
    """The training view trains between frames: the step count moves on
    its own while running, keys are acted on while it runs, and pausing
    stops it."""
    def steps(s):
        # the readout row (the title and the hints also say "step")
        m = re.search(r"(?:^|\s)step {4,}(\d+)", s.text(), re.M)
        return int(m.group(1)) if m else -1

    t = start()
    try:
        t.send(":view train\r")
        t.wait_text("state     paused")
        t.send("c")
        t.wait_text("state     running")
        t.wait_for(lambda s: steps(s) > 0, "training steps")
        first = steps(t)
        t.wait_for(lambda s: steps(s) > first, "more steps, no key pressed")
        t.send("T")   # the next target, while it runs: trained again from step 0
        # (at 80x24 the compact readout leaves the target to the title)
        t.wait_text("train relu on step")
        t.send("c")
        t.wait_text("state     paused")
        t.settle()
        paused = steps(t)
        t.settle()
        assert steps(t) == paused, "steps went on while paused"
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_train_paced_race():
    """set pace holds training to that many steps a second (the default
    network does tens of thousands), and set race trains a second
    activation beside the first, step for step."""
    def steps(s):
        m = re.search(r"(?:^|\s)step {4,}(\d+)", s.text(), re.M)
        return int(m.group(1)) if m else -1

    t = start()
    try:
        t.send(":view train\r")
        t.wait_text("state     paused")
        t.send(":set race sigmoid\r")
        t.wait_text("race relu vs sigmoid")
        t.send(":set pace 40\r")
        t.settle()
        t.send("c")
        began = time.monotonic()
        t.wait_text("state     running")
        t.wait_for(lambda s: steps(s) >= 20, "20 steps", deadline=DEADLINE + 2 * SCALE)
        took = time.monotonic() - began
        n = steps(t)
        # at 40 a second the steps seen are never more than the time allows
        # (the first at once); flat out they would be thousands by now
        assert n <= 40 * took + 2, "%d steps in %.3f s at pace 40" % (n, took)
        assert readout(t, "vs") == "sigmoid"
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_train_diverged_is_drawn():
    """Training that stops on its own (the loss diverged) is drawn at once,
    with no key pressed."""
    t = start()
    try:
        t.send(":set lr 10\r:view train\r")
        t.wait_text("state     paused")
        t.send("c")
        t.wait_text("state     diverged")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_train_runs_after_a_pause():
    """A run started well after the last frame was drawn trains on: the
    step shown moves past 0 (it once held still for a frame it did not
    owe)."""
    t = start()
    try:
        t.send(":view train\r")
        t.wait_text("state     paused")
        time.sleep(0.3)   # the last frame is older than a frame's interval
        t.send("c")
        t.wait_for(lambda s: re.search(r"step +[1-9]", s.text()) is not None,
                   "the step moving past 0")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def progress_file(state):
    path = os.path.join(state, "whyrelu", "progress")
    with open(path) as f:
        return f.read()


def test_resume_after_quit():
    """Go to lesson 3, scroll, quit; the next start opens lesson 3 at the
    same place."""
    state = state_dir()
    env = {"XDG_STATE_HOME": state}
    t = start(env=env)
    try:
        t.send("nn")
        t.wait_text(f"3/{NLESSONS} ReLU is max(x, 0)")
        t.send("jj")
        t.wait_for(lambda s: s.screen.display[0].startswith(" The book's"), "scrolled")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()
    saved = progress_file(state)
    assert "current relu\n" in saved, saved
    t = start(env=env)
    try:
        t.wait_text(f"3/{NLESSONS} ReLU is max(x, 0)")
        t.wait_for(lambda s: s.screen.display[0].startswith(" The book's"),
                   "the same place in lesson 3")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


# A mirror of the progress file's format (src/core/progress.h) as progress_save
# writes it: the header, then at most one "current", then the lessons, then
# the quiz answers, each line whole.
PROGRESS_LINES = [
    ("current", re.compile(r"current [a-z0-9][a-z0-9-]{0,39}")),
    ("lesson", re.compile(r"lesson [a-z0-9][a-z0-9-]{0,39} (0|[1-9][0-9]*) [01]")),
    ("quiz", re.compile(r"quiz [a-z0-9][a-z0-9-]{0,39} [1-9][0-9]* (right|wrong) [!-~]{1,64}")),
]


def progress_problem(text):
    """Why text is not one whole progress file, or None."""
    if not text.endswith("\n"):
        return "no newline at the end (cut short?)"
    lines = text[:-1].split("\n")
    if lines[0] != "whyrelu-progress 1":
        return "line 1 is %r, not the header" % lines[0]
    order = 0
    for n, line in enumerate(lines[1:], 2):
        for k, (kind, pat) in enumerate(PROGRESS_LINES):
            if pat.fullmatch(line):
                if k < order or (k == 0 and order == 1 and n > 2):
                    return "line %d (%s) out of order" % (n, kind)
                order = k + (k == 0)
                break
        else:
            return "line %d is not a progress line: %r" % (n, line)
    return None


def exit_saves(how, expect_rc, place_saved=True):
    """Go to lesson 3 (which saves), scroll, then leave by `how` (keys, or a
    signal to send): the program is gone within a second, the terminal is
    restored, and the progress file is whole and records lesson 3. On a
    clean way out the place scrolled to is saved too; after a crash what
    was saved before is still there."""
    state = state_dir()
    t = start(env={"XDG_STATE_HOME": state})
    try:
        t.send("nn")
        t.wait_text(f"3/{NLESSONS} ReLU is max(x, 0)")
        # saved once the frame showing the change is out
        t.wait_for(lambda s: os.path.exists(os.path.join(state, "whyrelu", "progress"))
                   and "lesson relu 0 " in progress_file(state), "saved on the change")
        t.send("jj")
        t.wait_for(lambda s: s.screen.display[0].startswith(" The book's"), "scrolled")
        t0 = time.monotonic()
        if isinstance(how, str):
            t.send(how)
        else:
            os.kill(t.proc.pid, how)
        rc = t.wait_exit()
        took = time.monotonic() - t0
        assert rc == expect_rc, "exit status %r" % rc
        assert took < 1.0 * SCALE, "%.2f s to exit" % took
        t.check_restored()
    finally:
        t.close()
    saved = progress_file(state)
    assert progress_problem(saved) is None, "%s:\n%s" % (progress_problem(saved), saved)
    assert "current relu\n" in saved, saved
    pos = "lesson relu %d " % (3 if place_saved else 0)
    assert pos in saved, "no %r in:\n%s" % (pos, saved)
    assert not [f for f in os.listdir(os.path.join(state, "whyrelu"))
                if f.startswith(".progress.tmp")], "a temporary file left"


def test_progress_saved_on_sighup():
    exit_saves(signal.SIGHUP, -signal.SIGHUP)


def test_progress_saved_on_sigterm():
    exit_saves(signal.SIGTERM, -signal.SIGTERM)


def test_progress_saved_on_ctrl_c():
    exit_saves("\x03", 0)


def test_progress_saved_while_running():
    """A change of lesson is saved while the tutorial runs: the first at
    once, one soon after it a little later (saves are spaced out), with
    no key to wake the program."""
    state = state_dir()
    path = os.path.join(state, "whyrelu", "progress")
    t = start(env={"XDG_STATE_HOME": state})
    try:
        t.send("n")
        t.wait_text(f"2/{NLESSONS} ")
        t.wait_for(lambda s: os.path.exists(path) and "current linear\n" in progress_file(state),
                   "the first change saved")
        t.send("n")
        t.wait_text(f"3/{NLESSONS} ")
        t.wait_for(lambda s: "current relu\n" in progress_file(state), "the second saved")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_progress_saved_on_sigint():
    exit_saves(signal.SIGINT, 0)


def test_progress_saved_on_sigquit():
    exit_saves(signal.SIGQUIT, -signal.SIGQUIT)


def test_progress_saved_on_ctrl_backslash():
    # the terminal's quit key: SIGQUIT to the foreground process group
    exit_saves("\x1c", -signal.SIGQUIT)


def test_crash_sigsegv_keeps_progress():
    exit_saves(signal.SIGSEGV, -signal.SIGSEGV, place_saved=False)


def test_crash_sigabrt_keeps_progress():
    exit_saves(signal.SIGABRT, -signal.SIGABRT, place_saved=False)


def test_crash_sigbus_keeps_progress():
    exit_saves(signal.SIGBUS, -signal.SIGBUS, place_saved=False)


def test_crash_sigfpe_keeps_progress():
    exit_saves(signal.SIGFPE, -signal.SIGFPE, place_saved=False)


def test_crash_sigill_keeps_progress():
    exit_saves(signal.SIGILL, -signal.SIGILL, place_saved=False)


def test_two_sessions_one_progress():
    """Two sessions of the same learner change lessons for 10 s, saving as
    they go: read continuously, the file is always one whole progress file
    (the saves are renames of complete files), never missing, never cut."""
    state = state_dir()
    env = {"XDG_STATE_HOME": state}
    path = os.path.join(state, "whyrelu", "progress")
    a, b = start(env=env), start(env=env)
    try:
        a.send("n")
        a.wait_for(lambda s: os.path.exists(path), "the first save")
        keys = "nnnnpppp"
        reads = changes = 0
        last = None
        k = 0
        t0 = time.monotonic()
        end = t0 + 10.0
        while time.monotonic() < end:
            # a key to each every 10 ms, no faster than they are taken
            if time.monotonic() >= t0 + 0.01 * k:
                for t in (a, b):
                    t.send(keys[k % len(keys)])
                k += 1
            for t in (a, b):
                t.pump(0)
            for _ in range(5):
                try:
                    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
                except FileNotFoundError:
                    raise AssertionError("the progress file was missing") from None
                with os.fdopen(fd, "rb") as f:
                    st = os.fstat(f.fileno())
                    text = f.read().decode()
                if (st.st_ino, st.st_mtime_ns) != last:
                    changes += 1
                    last = (st.st_ino, st.st_mtime_ns)
                reads += 1
                why = progress_problem(text)
                assert why is None, "read %d: %s:\n%s" % (reads, why, text)
        for t in (a, b):
            assert t.proc.poll() is None, "a session died"
            t.settle()
            t.send("q")
            assert t.wait_exit() == 0
            t.check_restored()
        # both sessions saved, again and again, while it was being read: a
        # session saves at most every 2 s while it runs, so 10 s of two
        # sessions is some ten saves
        assert changes >= 6, "only %d saves seen in %d reads" % (changes, reads)
        leftover = [f for f in os.listdir(os.path.dirname(path)) if f != "progress"]
        assert not leftover, "left in the directory: %r" % leftover
        assert progress_problem(progress_file(state)) is None
    finally:
        a.close()
        b.close()


def test_quiz_answer_saved():
    state = state_dir()
    t = start("--lesson", "3", env={"XDG_STATE_HOME": state})
    try:
        t.wait_text(f"3/{NLESSONS} ReLU")
        t.send("A")
        t.wait_text("answer (a number):")
        t.send("0\r")
        t.wait_text("Right: 0")
        t.send("t")
        t.wait_text(f"1 of {NLESSONS} lessons finished, 1 of ")
        t.send("\x1b")
        t.wait_for(lambda s: "lessons finished" not in s.text(), "contents closed")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
    saved = progress_file(state)
    assert "quiz relu 1 right 0\n" in saved, saved
    assert re.search(r"^lesson relu \d+ 1$", saved, re.M), "lesson 3 not finished:\n" + saved


def test_progress_reset():
    state = state_dir()
    env = {"XDG_STATE_HOME": state}
    # (not start(): lesson 4 sets the lab up as its first try-it line, in
    # view from the start, says; the status line says so instead of its title)
    t = Term([BIN, "--lesson", "4"], env=env)
    try:
        t.wait_for(lambda s: s.screen.display[0].startswith(" Why zero?"), "lesson 4")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
    penv = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "XDG_STATE_HOME": state}
    rc, out, err = run_plain(["progress"], penv, stdin=subprocess.DEVNULL)
    assert rc == 0 and b"(you are here)" in out and b"Why zero?" in out, (rc, out, err)
    rc, out, err = run_plain(["progress", "--reset", "--yes"], penv, stdin=subprocess.DEVNULL)
    assert rc == 0 and b"Progress reset" in out, (rc, out, err)
    assert not os.path.exists(os.path.join(state, "whyrelu", "progress"))
    t = start(env=env)
    try:
        t.wait_text(f"1/{NLESSONS} Welcome")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_unwritable_state_only_warns():
    t = start(env={"XDG_STATE_HOME": "/proc/whyrelu-smoke"})
    try:
        t.send("n")
        t.wait_text("cannot save progress")
        t.send("n")
        t.wait_text(f"3/{NLESSONS} ReLU")
        assert "cannot save progress" not in t.text(), "warned twice"
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def run_plain(args, env, stdin=None):
    p = subprocess.run(WRAP + [BIN] + args, env=env, stdin=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=DEADLINE)
    return p.returncode, p.stdout, p.stderr


def test_no_terminal():
    base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    # stdin and stdout not a terminal
    rc, out, err = run_plain([], dict(base, TERM="xterm-256color"), stdin=subprocess.DEVNULL)
    assert rc == 2 and b"whyrelu plot" in err and err.count(b"\n") == 1, (rc, err)
    assert out == b""
    # a terminal of an unknown type: refused, pointing to the line mode
    for term in ("no-such-terminal-type",):
        t = Term([BIN], cols=200, env={"TERM": term})
        try:
            rc = t.wait_exit()
            assert rc == 2, "TERM=%r: exit status %r" % (term, rc)
            assert "whyrelu plot" in t.text() and "whyrelu --line" in t.text(), t.text()
        finally:
            t.close()


def terminfo(term, cap):
    """A capability's string for a terminal type ("" when it has none)."""
    p = subprocess.run(["tput", "-T" + term, cap], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin"})
    return p.stdout


def colour_sgr(raw):
    """The colour parameters in the SGR sequences of raw."""
    found = []
    for m in re.finditer(rb"\x1b\[([0-9;:]*)m", raw):
        for p in re.split(rb"[;:]", m.group(1)):
            if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107):
                found.append(int(p))
    return found


def test_terminal_types():
    """Each terminal type a teaching server meets, in the C and a UTF-8
    locale, without colours: the lab is drawn, q leaves the terminal as it
    was (with that type's own capabilities), no colour is sent, and no
    byte above 0x7e in the C locale. dumb and an unset TERM start the line
    mode, which sends no escape sequence."""
    for term in ("xterm-256color", "xterm", "screen", "tmux-256color", "vt100", "linux"):
        caps = {c: terminfo(term, c) for c in ("smcup", "rmcup", "civis", "cnorm")}
        for lang in ("C", "C.UTF-8"):
            t = start(env={"TERM": term, "NO_COLOR": "1"}, lang=lang)
            try:
                t.send("nn")
                t.wait_text(f"3/{NLESSONS} ReLU is max(x, 0)")
                t.send("q")
                assert t.wait_exit() == 0, "%s %s: exit status" % (term, lang)
                try:
                    t.check_restored(**caps)
                except AssertionError as e:
                    raise AssertionError("TERM=%s LANG=%s: %s" % (term, lang, e)) from None
                raw = bytes(t.raw)
                assert not colour_sgr(raw), "TERM=%s: colours %r" % (term, colour_sgr(raw))
                if lang == "C":
                    assert not [b for b in raw if b > 0x7e], "TERM=%s LANG=C: bytes > 0x7e" % term
            finally:
                t.close()
    # dumb and no TERM: the line mode, with no escape sequence at all
    for term in ("dumb", None):
        t = Term([BIN], cols=200, env={"TERM": term})
        try:
            t.wait_text("line mode")
            t.send("quit\r")
            assert t.wait_exit() == 0, "TERM=%r: exit status" % term
            assert b"\x1b" not in bytes(t.raw), "TERM=%r: an escape sequence was sent" % term
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


# ---- the `:` prompt (readline) -------------------------------------------------
#
# Each prompt test reads no inputrc but its own (INPUTRC) and keeps its
# history in a fresh state directory.

def prompt_env(state=None, inputrc="/dev/null"):
    return {"INPUTRC": inputrc, "XDG_STATE_HOME": state or state_dir()}


def bottom(t):
    return t.screen.display[t.screen.lines - 1]


def prompt_shows(t, text):
    """The prompt line reads `:text` (then blanks or the key hints)."""
    line = bottom(t)
    return line.startswith(" :" + text) and (
        line[2 + len(text):].strip() == "" or line[2 + len(text):].startswith("   "))


def wait_prompt(t, text, col=None):
    """Wait for the prompt line to read text, with the cursor on the bottom
    row at column col (default: right after the text), and visible."""
    if col is None:
        col = 2 + len(text)
    try:
        t.wait_for(lambda s: prompt_shows(s, text) and s.screen.cursor.y == s.screen.lines - 1
                   and s.screen.cursor.x == col and not s.screen.cursor.hidden,
                   "prompt %r, cursor at column %d" % (text, col))
    except AssertionError as e:
        raise AssertionError("%s\n(the cursor was at row %d, column %d)" % (
            e, t.screen.cursor.y, t.screen.cursor.x)) from None


def prompt_closed(t):
    return "? help" in bottom(t) and not bottom(t).startswith(" :")


def test_prompt_editing():
    t = start(env=prompt_env())
    try:
        t.send(":")
        wait_prompt(t, "")
        t.send("et x 2")
        wait_prompt(t, "et x 2")
        t.send("\x1b[H")            # Home
        wait_prompt(t, "et x 2", 2)
        t.send("s")
        wait_prompt(t, "set x 2", 3)
        t.send("\x1b[F\x1b[D")     # End, Left: insert in the middle
        wait_prompt(t, "set x 2", 8)
        t.send("-")
        wait_prompt(t, "set x -2", 9)
        t.send("\x01\x1b[3~")      # Ctrl-A, Delete
        wait_prompt(t, "et x -2", 2)
        t.send("\x05")              # Ctrl-E
        wait_prompt(t, "et x -2")
        t.send("\x01s\x7f\x7fs\r")    # Backspace, twice: "s" gone, then "s" again
        t.wait_for(lambda s: readout(s, "x") == "-2" and prompt_closed(s), "x -2")
        # a mistake: one line in the status bar, nothing changed
        t.send(":sett x 5\r")
        t.wait_text("unknown command 'sett'; did you mean 'set'?")
        assert readout(t, "x") == "-2"
        # UTF-8: the cursor counts columns, not bytes
        t.send(":set x 1\x1b[D\x1b[D")
        wait_prompt(t, "set x 1", 7)
        t.send("\u00e9\u65e5")
        wait_prompt(t, "set x\u00e9\u65e5 1", 10)
        t.send("\x1b")
        t.wait_for(prompt_closed, "the prompt closed by Esc")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_prompt_history_across_runs():
    state = state_dir()
    t = start(env=prompt_env(state))
    try:
        for line in ("set depth 7", "act tanh", "act tanh", "set x 0.5"):
            t.send(":" + line + "\r")
            t.wait_for(prompt_closed, "%r run" % line)
        t.wait_for(lambda s: readout(s, "x") == "0.5", "x 0.5")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
    hdir = os.path.join(state, "whyrelu")
    path = os.path.join(hdir, "history")
    with open(path) as f:
        saved = f.read()
    assert saved == "set depth 7\nact tanh\nset x 0.5\n", repr(saved)
    assert os.stat(path).st_mode & 0o777 == 0o600, oct(os.stat(path).st_mode)
    assert os.stat(hdir).st_mode & 0o777 == 0o700, oct(os.stat(hdir).st_mode)
    t = start(env=prompt_env(state))
    try:
        t.send(":\x1b[A")
        wait_prompt(t, "set x 0.5")
        t.send("\x1b[A\x1b[A")
        wait_prompt(t, "set depth 7")
        t.send("\x1b[B")
        wait_prompt(t, "act tanh")
        t.send("\x1b[A\r")
        t.wait_for(lambda s: readout(s, "depth") == "7", "depth 7 from the history")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
    with open(path) as f:
        assert f.read().endswith("set x 0.5\nset depth 7\n")


def test_prompt_history_capped():
    state = state_dir()
    os.makedirs(os.path.join(state, "whyrelu"), mode=0o700)
    path = os.path.join(state, "whyrelu", "history")
    with open(path, "w") as f:
        f.write("".join("set x %d\n" % i for i in range(1200)))
    t = start(env=prompt_env(state))
    try:
        t.send(":\x1b[A")
        wait_prompt(t, "set x 1199")
        t.send("\x15eval 2\r")      # Ctrl-U, a new line
        t.wait_text("f(2)=2 f'(2)=1")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
    with open(path) as f:
        lines = f.read().splitlines()
    assert len(lines) == 1000 and lines[-1] == "eval 2" and lines[0] == "set x 201", (
        len(lines), lines[:2], lines[-2:])
    # made 0644 by the test above: 0600 once whyrelu has used it
    assert os.stat(path).st_mode & 0o777 == 0o600, oct(os.stat(path).st_mode)


def test_prompt_completion():
    t = start(env=prompt_env())
    try:
        t.send(":comp\t")
        wait_prompt(t, "compare ")
        t.send("sigm\t")
        wait_prompt(t, "compare sigmoid ")
        t.send("rel\t")
        t.wait_for(lambda s: "relu  relu6" in s.screen.display[s.screen.lines - 2],
                   "the choices in the status line")
        wait_prompt(t, "compare sigmoid relu")
        t.send("\x15set sl\t")
        wait_prompt(t, "set slope ")
        t.send("\x15lesson why-\t")
        wait_prompt(t, "lesson why-zero ")
        # no file names, ever
        t.send("\x15eval /\t\t")
        wait_prompt(t, "eval /")
        t.send("\x15view ch\t\r")   # c alone is chain or cost
        t.wait_text("out(x), depth 1")
        t.send(":act rel\t6\r")
        t.wait_text("relu6: min(max(x, 0), 6)")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_prompt_ctrl_r_non_ascii():
    t = start(env=prompt_env())
    try:
        t.send(":# caf\u00e9 au lait\r")
        t.wait_for(prompt_closed, "a comment run")
        t.send(":set x 3\r")
        t.wait_for(lambda s: readout(s, "x") == "3", "x 3")
        t.send(":\x12")
        t.wait_for(lambda s: "(reverse-i-search)`':" in bottom(s), "the search prompt")
        t.send("\u00e9")
        want = "(reverse-i-search)`\u00e9': # caf\u00e9 au lait"
        # the cursor on the match: the e-acute, one column each character
        t.wait_for(lambda s: bottom(s).startswith(" " + want) and
                   s.screen.cursor.x == 1 + want.index("caf") + 3,
                   "the search found the line, cursor on the match")
        t.send("\x07")                # Ctrl-G: back to the line before the search
        wait_prompt(t, "")
        t.send("\x12x 3\x1b")      # found, and Esc keeps it to edit
        wait_prompt(t, "set x 3", 6)
        t.send("\x05\x7f4\r")
        t.wait_for(lambda s: readout(s, "x") == "4", "x 4")
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_prompt_esc_cancels():
    t = start(env=prompt_env())
    try:
        for key, name in (("\x1b", "Esc"), ("\x07", "Ctrl-G"), ("\x03", "Ctrl-C")):
            t.send(":set x 4")
            wait_prompt(t, "set x 4")
            t0 = time.monotonic()
            t.send(key)
            t.wait_for(prompt_closed, "%s closing the prompt" % name)
            assert time.monotonic() - t0 < 1.0, "%s took %.2fs" % (name, time.monotonic() - t0)
            assert readout(t, "x") == "1" and t.proc.poll() is None
            assert t.screen.cursor.hidden, "cursor left visible after %s" % name
        # Meta-b, Meta-d: ESC with a key right behind it is no cancel
        t.send(":set x 4\x1bb\x1bb\x1bd")
        wait_prompt(t, "set  4", 6)
        # Ctrl-D: deletes a character; on an empty line, closes
        t.send("\x05\x15\x04")
        t.wait_for(prompt_closed, "Ctrl-D closing the prompt")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_prompt_resize_while_typing():
    t = start(env=prompt_env())
    try:
        t.send(":set depth 12")
        wait_prompt(t, "set depth 12")
        t.resize(100, 30)
        t.wait_for(lambda s: s.screen.lines == 30 and prompt_shows(s, "set depth 12"),
                   "the line on the new bottom row")
        wait_prompt(t, "set depth 12")
        t.resize(70, 20)
        wait_prompt(t, "set depth 12")
        t.send("3\r")
        t.wait_for(lambda s: readout(s, "depth") == "123", "depth 123")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_prompt_vi_mode():
    d = state_dir()
    rc = os.path.join(d, "inputrc")
    with open(rc, "w") as f:
        f.write("set editing-mode vi\n")
    t = start(env=prompt_env(inputrc=rc))
    try:
        t.send(":set x 3")
        wait_prompt(t, "set x 3")
        t.send("\x1b")            # to vi command mode, not a cancel
        wait_prompt(t, "set x 3", 8)
        t.send("biX")
        wait_prompt(t, "set Xx 3", 7)
        t.send("\x1b0x\r")
        t.wait_text("unknown command 'et'")
        t.send(":set x 5")
        wait_prompt(t, "set x 5")
        t.send("\x1b\x1b")         # Esc in command mode cancels
        t.wait_for(prompt_closed, "the prompt closed")
        assert readout(t, "x") == "1"
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_prompt_ascii_and_unwritable_history():
    t = start(env=prompt_env("/proc/whyrelu-smoke"), lang="C")
    try:
        t.send(":")
        t.wait_text("history not saved: No such file or directory")
        # a non-ASCII byte from the terminal: readline takes it as Meta in
        # the C locale, and nothing above 0x7e goes back to the terminal
        t.send(b"set x 2\xc3\xa9\r")
        t.wait_for(lambda s: readout(s, "x") == "2" and prompt_closed(s), "x 2")
        t.send(":compare relu tanh\r")
        t.wait_text("a relu  b tanh")
        t.send(":charset braille\r")
        t.wait_text("braille needs a UTF-8 locale")
        t.send(":\x1b[A\x1b[A")
        wait_prompt(t, "compare relu tanh")
        assert "history not saved" not in t.text(), "warned twice"
        t.send("\x1b")
        t.wait_for(prompt_closed, "prompt closed")
        t.send("q")
        assert t.wait_exit() == 0
        high = [b for b in bytes(t.raw) if b > 0x7e]
        assert not high, "%d bytes above 0x7e in the C locale" % len(high)
    finally:
        t.close()


# ---- the cost view -------------------------------------------------------------

def cost_done(t):
    return "m measures again" in t.text() and "measuring on this machine" not in t.text()


def test_cost_view_measures_between_keys():
    """view cost measures on the real clock, a step at a time between key
    reads: a key typed while it measures is answered, every row shown gets
    a ratio, relu's is 1x, and m measures again. (100x40 with f, the lab
    on the whole screen: every row in view.)"""
    t = start(cols=100, rows=40)
    try:
        t.send(":view cost\r")
        t.send("\t")   # typed while the first rows are being measured
        t.wait_text("max: max(x, floor)")
        t.send("f")
        t.wait_text("the lab on the whole screen")
        t.wait_for(cost_done, "every row measured", deadline=30)
        names = [l.split()[0] for l in subprocess.run(
            [BIN, "list", "--charset", "ascii"], capture_output=True, text=True,
            check=True).stdout.splitlines()[1:]]
        rows = [l for l in t.text().splitlines() if l[1:].split(" ", 1)[0] in names]
        assert [l[1:].split()[0] for l in rows] == names, t.text()
        for l in rows:
            assert re.search(r"\d(x)\s.*\d(x)\s*$", l), "a row without both ratios: %r" % l
        assert re.search(r"^ relu +\S.* 1x .* 1x\s*$", t.text(), re.M), t.text()
        assert re.search(r"^>max ", t.text(), re.M), t.text()
        t.send("m")
        t.wait_text("measuring again")
        t.wait_for(cost_done, "every row measured again", deadline=30)
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_net_view_worker():
    """view net computes with a worker thread beside the keys: the table
    comes, a 1024-wide network on 4096 inputs is still computing when a key
    is answered, SIGTERM then ends the program at once with the terminal
    restored; and after a finished network, the view left and visited
    again, a normal quit exits 0."""
    t = start()
    try:
        t.send(":view net\r")
        t.wait_text("layer 1 / layer 1:")
        t.send(":set depth 16\r")
        t.wait_text("layer 1 / layer 16")
        t.send(":set net-batch 4096\r")
        t.send(":set net-width 1024\r")
        t.wait_text("computing")
        t.send("o")   # answered while it computes
        t.wait_text("pre-activations")
        assert "computing" in t.text(), t.text()
        os.kill(t.proc.pid, signal.SIGTERM)
        assert t.wait_exit(deadline=1 * SCALE) == -signal.SIGTERM
        t.check_restored()
    finally:
        t.close()
    t = start()
    try:
        t.send(":view net\r")
        t.wait_text("layer 1 / layer 1:")
        # leaving the view lets the network and BLAS go; back, it is
        # computed again
        t.send(":view plot\r")
        t.wait_for(lambda s: "layer 1 / layer" not in s.text(), "the plot again")
        t.send(":view net\r")
        t.wait_text("layer 1 / layer 1:")
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_prompt_history_not_through_links():
    """A history file that is a symbolic link (or a hard link) planted in
    the state directory, or a directory others can write to: the prompt
    works, the history is not saved, and the file linked to is untouched."""
    for case in ("symlink", "hardlink", "dir-writable"):
        state = state_dir()
        hdir = os.path.join(state, "whyrelu")
        os.makedirs(hdir, mode=0o700)
        victim = os.path.join(state, "victim")
        with open(victim, "w") as f:
            f.write("not a history\n")
        os.chmod(victim, 0o644)
        path = os.path.join(hdir, "history")
        if case == "symlink":
            os.symlink(victim, path)
            want = "a symbolic link, which whyrelu does not follow"
        elif case == "hardlink":
            os.link(victim, path)
            want = "a file with other names"
        else:
            os.chmod(hdir, 0o777)
            want = "writable by other users"
        t = start(env=prompt_env(state))
        try:
            t.send(":")
            t.wait_text("history not saved:")
            t.wait_text(want)
            t.send("set x 2\r")
            t.wait_for(lambda s: readout(s, "x") == "2" and prompt_closed(s), "x 2")
            t.send(":set x 3\r")
            t.wait_for(lambda s: readout(s, "x") == "3" and prompt_closed(s), "x 3")
            t.send(":\x1b[A")
            wait_prompt(t, "set x 3")   # still kept in memory
            t.send("\x1b")
            t.wait_for(prompt_closed, "prompt closed")
            t.send("q")
            assert t.wait_exit() == 0
        finally:
            t.close()
        with open(victim) as f:
            assert f.read() == "not a history\n", "%s: the linked file was written" % case
        assert os.stat(victim).st_mode & 0o777 == 0o644, case
        if case == "dir-writable":
            assert not os.path.exists(path), "a history written in a directory others can write"


def test_hostile_lessons_keep_keys():
    """A lesson is untrusted data: one huge lab block (140000 evals at depth
    100000, which once froze the tutorial for minutes) is refused, and the
    costliest block within the bounds applies between two keys, so q, r
    and SIGTERM are answered at once."""
    d = tempfile.mkdtemp(prefix="whyrelu-smoke-lessons.")
    STATE_DIRS.append(d)
    with open(os.path.join(d, "01-huge.md"), "w") as f:
        f.write("# Huge\n\n```lab\nset depth 100000\n" + "eval 1\n" * 140000 + "```\n")
    worst = ["act mish", "set depth 100000", "set x 1"] + ["set bias 0"] * 28 + ["eval 1"]
    with open(os.path.join(d, "02-worst.md"), "w") as f:
        f.write("# Worst\n\n```lab\n" + "\n".join(worst) + "\n```\n\nThe end.\n")
    for how in ("q", "r", "sigterm"):
        t = Term([BIN, "--lessons", d])
        try:
            t.wait_text("01-huge.md:1: too large")
            t.wait_text("depth 100000")
            t0 = time.monotonic()
            if how == "r":
                t.send("r" * 3 + "q")
            elif how == "q":
                t.send("q")
            else:
                os.kill(t.proc.pid, signal.SIGTERM)
            rc = t.wait_exit(deadline=2.0 * SCALE)
            took = time.monotonic() - t0
            assert rc in (0, 128 + signal.SIGTERM, -signal.SIGTERM), (how, rc)
            assert took < 2.0 * SCALE, "%s took %.2fs" % (how, took)
            t.check_restored()
        finally:
            t.close()


def test_progress_warning_not_hidden():
    """A damaged progress file and a broken lesson at once: the status line
    tells of the progress first, and of the lesson after the next key."""
    d = tempfile.mkdtemp(prefix="whyrelu-smoke-lessons.")
    STATE_DIRS.append(d)
    with open(os.path.join(d, "01-good.md"), "w") as f:
        f.write("# Good\n\nText.\n")
    with open(os.path.join(d, "02-bad.md"), "w") as f:
        f.write("# Bad\n\n```lab\nact nothing_like_it\n```\n")
    st = state_dir()
    os.makedirs(os.path.join(st, "whyrelu"), mode=0o700)
    with open(os.path.join(st, "whyrelu", "progress"), "w") as f:
        f.write("whyrelu-progress 1\nquiz good 1001 right x\n")
    t = Term([BIN, "--lessons", d], cols=200, env={"XDG_STATE_HOME": st})
    try:
        t.wait_text("was damaged")
        assert "02-bad.md" not in t.text(), t.text()
        t.send("l")
        t.wait_text("02-bad.md:4: lab: unknown activation")
        assert "was damaged" not in t.text(), t.text()
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_output_errors():
    """Output that cannot be written is an error, never a silent exit 0: a
    full disk, and a reader gone while SIGPIPE is ignored (training then
    stops instead of running on for nobody)."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    for args in (["list"], ["--version"], ["--help"], ["eval", "relu", "1", "2"],
                 ["plot", "gelu"], ["check-lessons", "--help"]):
        with open("/dev/full", "w") as full:
            p = subprocess.run(WRAP + [BIN] + args, env=env, stdout=full,
                               stderr=subprocess.PIPE, timeout=DEADLINE)
        assert p.returncode == 1, (args, p.returncode, p.stderr)
        assert p.stderr == b"whyrelu: cannot write the output: No space left on device\n", \
            (args, p.stderr)

    def ignore_sigpipe():
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    t0 = time.monotonic()
    p = subprocess.Popen(WRAP + [BIN, "train", "--steps", "100000000", "--every", "1"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=ignore_sigpipe)
    first = p.stdout.readline()
    assert first.startswith(b"train relu"), first
    p.stdout.close()   # the reader goes, as `| head -1` does
    try:
        rc = p.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        raise AssertionError("train ran on after its reader had gone")
    err = p.stderr.read()
    p.stderr.close()
    assert rc == 1, (rc, err)
    assert err == b"whyrelu: cannot write the output: Broken pipe\n", err
    assert time.monotonic() - t0 < DEADLINE

    # eval at many points of a deep chain, layer by layer: stops too
    p = subprocess.Popen(WRAP + [BIN, "eval", "relu"] + [str(i) for i in range(1, 2001)] +
                         ["--depth", "100000", "--layers"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=ignore_sigpipe)
    p.stdout.readline()
    p.stdout.close()
    try:
        rc = p.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        raise AssertionError("eval ran on after its reader had gone")
    err = p.stderr.read()
    p.stderr.close()
    assert rc == 1 and err == b"whyrelu: cannot write the output: Broken pipe\n", (rc, err)


TESTS = [
    test_start_utf8,
    test_start_ascii_no_high_bytes,
    test_keys_sigmoid_vanishes,
    test_keys_relu_dies_and_leaky_survives,
    test_resize,
    test_resize_storm,
    test_compact_layout_like_headless,
    test_sigterm,
    test_sighup,
    test_ctrl_c,
    test_crash_handler,
    test_ctrl_z_and_fg,
    test_line_ctrl_z_and_fg,
    test_no_terminal,
    test_terminal_types,
    test_bad_option,
    test_x_step_bytes,
    test_train_runs_and_keys_answer,
    test_train_diverged_is_drawn,
    test_train_runs_after_a_pause,
    test_resume_after_quit,
    test_progress_saved_on_sighup,
    test_progress_saved_on_sigterm,
    test_progress_saved_on_ctrl_c,
    test_progress_saved_while_running,
    test_progress_saved_on_sigint,
    test_progress_saved_on_sigquit,
    test_progress_saved_on_ctrl_backslash,
    test_crash_sigsegv_keeps_progress,
    test_crash_sigabrt_keeps_progress,
    test_crash_sigbus_keeps_progress,
    test_crash_sigfpe_keeps_progress,
    test_crash_sigill_keeps_progress,
    test_two_sessions_one_progress,
    test_quiz_answer_saved,
    test_progress_reset,
    test_unwritable_state_only_warns,
    test_prompt_editing,
    test_prompt_history_across_runs,
    test_prompt_history_capped,
    test_prompt_completion,
    test_prompt_ctrl_r_non_ascii,
    test_prompt_esc_cancels,
    test_prompt_resize_while_typing,
    test_prompt_vi_mode,
    test_prompt_ascii_and_unwritable_history,
    test_cost_view_measures_between_keys,
    test_prompt_history_not_through_links,
    test_net_view_worker,
    test_hostile_lessons_keep_keys,
    test_progress_warning_not_hidden,
    test_output_errors,
]


def run_tests(tests):
    """Each test in turn, a line for each: (passed, failed). A failed check
    or a broken run is reported and the next test goes on."""
    passed = failed = 0
    for test in tests:
        t0 = time.monotonic()
        try:
            test()
        except Exception as e:
            failed += 1
            print("FAIL %s: %s" % (test.__name__, e))
        else:
            passed += 1
            print("ok   %s (%.2fs)" % (test.__name__, time.monotonic() - t0))
    return passed, failed


def main():
    global BIN
    if len(sys.argv) != 2:
        print("usage: smoke.py BIN", file=sys.stderr)
        return 2
    BIN = os.path.abspath(sys.argv[1])
    only = os.environ.get("WHYRELU_SMOKE_ONLY")
    skip = [w for w in os.environ.get("WHYRELU_SMOKE_SKIP", "").split(",") if w]
    shard, shards = map(int, (os.environ.get("WHYRELU_SMOKE_SHARD") or "0/1").split("/"))
    chosen = [t for i, t in enumerate(TESTS) if i % shards == shard
              and not (only and only not in t.__name__)
              and not any(w in t.__name__ for w in skip)]
    passed, failed = run_tests(chosen)
    for d in STATE_DIRS:
        shutil.rmtree(d, ignore_errors=True)
    print("smoke: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
