"""bench.py BIN - speed and size of the tutorial, measured through a pty.

Measures, each as a median over repeated runs, and against `less` on a text
file measured in the same run on the same pty set-up:

  start      exec to the last byte of the first screen at 80x24
  key 100    a step of x to the last byte of the redraw, 200x60, depth 100
  key 100000 the same at depth 100000
  bytes      the most bytes one step of x sent at 80x24 (less: a line down)
  rss        resident memory (VmHWM) after the keys

"The last byte" is the end of the program's burst of output: reading stops
once the terminal has been quiet for QUIET seconds, and the time of the last
byte read is the time the screen settled. Prints a table with the budgets
of issue 3 and exits 1 when a figure is over its budget.
"""

import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

QUIET = 0.08        # seconds of silence that end a burst
DEADLINE = 5.0
STARTS = 15
KEYS = 40

BUDGET = {"start": 10.0, "key100": 2.0, "key100000": 10.0, "bytes": 600, "rss": 6.0}
STATE_HOME = tempfile.mkdtemp(prefix="whyrelu-bench-state.")


class Pty:
    """A program on a pty. It is started through a shell that waits for a
    newline before it execs the program, so the clock starts at that
    newline and measures the program, not the cost of forking Python."""

    def __init__(self, args, cols, rows, lang="C.UTF-8"):
        args = ["/bin/sh", "-c", 'printf "\\n"; read _ && exec "$@"', "sh"] + args
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        # the progress of a run of its own: the learner's place neither
        # changes what is measured nor is changed by it
        env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/"),
               "TERM": "xterm-256color", "LANG": lang, "LC_ALL": lang, "LESS": "",
               "XDG_STATE_HOME": STATE_HOME}

        def controlling_tty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True,
                                     preexec_fn=controlling_tty, close_fds=True)
        os.close(slave)
        self.wait_for(b"\n")
        self.t0 = time.perf_counter()
        os.write(self.master, b"\n")

    def wait_for(self, marker):
        got = b""
        end = time.perf_counter() + DEADLINE
        while marker not in got and time.perf_counter() < end:
            r, _, _ = select.select([self.master], [], [], 0.1)
            if r:
                got += os.read(self.master, 4096)
        if marker not in got:
            raise RuntimeError("%s did not start" % self.proc.args)

    def burst(self, since):
        """Read until QUIET seconds pass with no output; returns (bytes,
        seconds from `since` to the last byte)."""
        n = 0
        last = None
        end = time.perf_counter() + DEADLINE
        while time.perf_counter() < end:
            r, _, _ = select.select([self.master], [], [], QUIET)
            if not r:
                if last is not None:
                    break
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            n += len(data)
            last = time.perf_counter()
        if last is None:
            raise RuntimeError("no output from %s" % self.proc.args)
        return n, last - since

    def key(self, k):
        t = time.perf_counter()
        os.write(self.master, k)
        return self.burst(t)

    def rss_mb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def close(self, quit_key):
        try:
            os.write(self.master, quit_key)
            self.proc.wait(timeout=DEADLINE)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def measure(args, quit_key, step_keys, cols, rows, starts, keys):
    """Median start time, median key time, the most bytes a key sent, and
    peak RSS."""
    start_t = []
    for _ in range(starts):
        p = Pty(args, cols, rows)
        start_t.append(p.burst(p.t0)[1])
        p.close(quit_key)
    p = Pty(args, cols, rows)
    p.burst(p.t0)
    key_t, key_n = [], []
    for i in range(keys):
        n, t = p.key(step_keys[i % len(step_keys)])
        key_t.append(t)
        key_n.append(n)
    rss = p.rss_mb()
    p.close(quit_key)
    ms = lambda v: statistics.median(v) * 1000.0
    return ms(start_t), ms(key_t), max(key_n), rss


def main():
    if len(sys.argv) != 2:
        print("usage: bench.py BIN", file=sys.stderr)
        return 2
    binp = os.path.abspath(sys.argv[1])
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for i in range(2000):
            f.write("line %d of a text file that less shows one screen at a time\n" % i)
        text = f.name
    less = ["/usr/bin/less", text]
    try:
        # x right, then back left: every key is a step of x
        steps = [b"l"] * (KEYS // 2) + [b"h"] * (KEYS // 2)
        w_start, _, w_bytes, w_rss = measure([binp], b"q", steps, 80, 24, STARTS, KEYS)
        _, w_key100, _, _ = measure([binp, "--act", "sigmoid", "--depth", "100"], b"q",
                                    steps, 200, 60, 1, KEYS)
        _, w_key1e5, _, w_rss2 = measure([binp, "--act", "sigmoid", "--depth", "100000"], b"q",
                                         steps, 200, 60, 1, KEYS)
        lsteps = [b"j"] * (KEYS // 2) + [b"k"] * (KEYS // 2)
        l_start, _, l_bytes, l_rss = measure(less, b"q", lsteps, 80, 24, STARTS, KEYS)
        _, l_key, _, _ = measure(less, b"q", lsteps, 200, 60, 1, KEYS)
    finally:
        os.unlink(text)
        shutil.rmtree(STATE_HOME, ignore_errors=True)

    rows = [
        ("start, 80x24 (ms)", "start", w_start, l_start),
        ("key, 200x60 depth 100 (ms)", "key100", w_key100, l_key),
        ("key, 200x60 depth 100000 (ms)", "key100000", w_key1e5, l_key),
        ("bytes per x step, 80x24, most", "bytes", w_bytes, l_bytes),
        ("RSS (MB)", "rss", max(w_rss, w_rss2), l_rss),
    ]
    over = 0
    print("%-32s %10s %10s %8s %8s" % ("", "whyrelu", "less", "ratio", "budget"))
    for name, key, mine, base in rows:
        ok = mine <= BUDGET[key]
        over += not ok
        ratio = mine / base if base else float("nan")
        print("%-32s %10.2f %10.2f %8.2f %8g %s" % (name, mine, base, ratio, BUDGET[key],
                                                    "ok" if ok else "OVER"))
    print("medians of %d starts and %d keys; a burst ends after %.0f ms of silence"
          % (STARTS, KEYS, QUIET * 1000))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
