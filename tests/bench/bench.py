"""bench.py BIN - speed and size of the tutorial, measured through a pty.

Each figure is a median over repeated runs, against baselines measured in
the same run on the same pty set-up: `less` on a text file, and `vim -u
NONE` on it when vim is installed (skipped with a note when it is not).

  start    exec to the complete first screen, at 80x24 and 200x60
  key      a key to the settled screen, for a step of x (l/h), a step of
           depth (-/+), a change of activation (Tab/S-Tab) and a page of
           the lesson (Space/b), at depth 1, 100 and 100000 (sigmoid), at
           80x24 and 200x60; the baselines move a line (j/k), or a page
           for the lesson page
  bytes    what the terminal was sent for each of those keys
  rss      resident memory after start, and after visiting every lesson
           (n) and every view of the lab (`:view NAME` for each name the
           program accepts: the list is read from its own error message,
           so a new view is visited without changing this file), each view
           until its work is done, then back to the plot; and the peak
           (VmHWM) reached in the views, reported without a budget

"Settled" is the end of the program's burst of output: reading stops once
the terminal has been quiet for QUIET seconds, and the time of the last
byte read is the time the screen settled. A start counts only once the
screen, replayed in pyte, shows the program's bottom line (a first frame
sent in two bursts is not taken for a complete one), and every key must
draw something (a key that changes nothing would time only the quiet
wait). The bytes of a burst are kept with their times and replayed into
pyte after the burst, so screen-keeping does not delay the clock.

Prints a table with the budgets of issue 3 and marks any figure over its
budget; exits 1 when one is. Timings on a shared machine are noisy: read
the ratios to the baselines as much as the figures.
"""

import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

import pyte

QUIET = 0.05        # seconds of silence that end a burst
DEADLINE = 5.0      # for any one burst or screen
STARTS = 15         # starts per program and size
KEY_PAIRS = 20      # each key and its inverse, this many times per kind
DEPTHS = (1, 100, 100000)
SIZES = ((80, 24), (200, 60))

# (kind, the key forth, the key back, what it is)
KINDS = (
    ("x", b"l", b"h", "x step"),
    ("depth", b"-", b"+", "depth step"),
    ("act", b"\t", b"\x1b[Z", "activation change"),
    ("page", b" ", b"b", "lesson page"),
)

BUDGET_START = 10.0     # ms, at 80x24
BUDGET_KEY = 2.0        # ms, up to depth 100
BUDGET_KEY_DEEP = 10.0  # ms, at depth 100000
BUDGET_X_BYTES = 600    # at 80x24
BUDGET_RSS = 6.0        # MB


class Screen(pyte.Screen):
    """pyte's screen, ignoring the private SGR sequences (CSI > ... m) vim
    sends, which pyte's own cannot take."""

    def select_graphic_rendition(self, *attrs, private=False):
        if not private:
            super().select_graphic_rendition(*attrs)


class Pty:
    """A program on a pty. It is started through a shell that waits for a
    newline before it execs the program, so the clock starts at that
    newline and measures the program, not the cost of forking Python."""

    def __init__(self, args, cols, rows, state):
        args = ["/bin/sh", "-c", 'printf "\\n"; read _ && exec "$@"', "sh"] + args
        self.cols, self.rows = cols, rows
        self.screen = Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        # a progress of its own: the learner's place neither changes what
        # is measured nor is changed by it
        env = {"PATH": "/usr/bin:/bin", "HOME": state, "TERM": "xterm-256color",
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LESS": "",
               "XDG_STATE_HOME": state}

        def controlling_tty():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True,
                                     preexec_fn=controlling_tty, close_fds=True)
        os.close(slave)
        self._wait_newline()
        self.t0 = time.perf_counter()
        os.write(self.master, b"\n")

    def _wait_newline(self):
        got = b""
        end = time.perf_counter() + DEADLINE
        while b"\n" not in got and time.perf_counter() < end:
            r, _, _ = select.select([self.master], [], [], 0.1)
            if r:
                got += os.read(self.master, 4096)
        if b"\n" not in got:
            raise RuntimeError("%s did not start" % self.proc.args[4:])

    def burst(self, since):
        """Read until QUIET seconds pass with no output; returns (bytes,
        seconds from `since` to the last byte). The output is replayed into
        the screen afterwards."""
        chunks = []
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
            chunks.append(data)
            last = time.perf_counter()
        data = b"".join(chunks)
        self.stream.feed(data)
        if last is None:
            return 0, None
        return len(data), last - since

    def settle_on(self, done, since, what):
        """Bursts until done(screen text) holds: (bytes, seconds to the
        last byte of the burst that completed it)."""
        n = 0
        end = time.perf_counter() + DEADLINE
        while True:
            k, t = self.burst(since)
            n += k
            if t is not None and done(self.text()):
                return n, t
            if time.perf_counter() > end:
                raise RuntimeError("%s: %s never showed" % (self.proc.args[4:], what))

    def text(self):
        return "\n".join(self.screen.display)

    def key(self, k):
        t = time.perf_counter()
        os.write(self.master, k)
        n, dt = self.burst(t)
        if dt is None:
            raise RuntimeError("%s: the key %r drew nothing" % (self.proc.args[4:], k))
        return n, dt

    def type(self, data, done, what):
        t = time.perf_counter()
        os.write(self.master, data)
        return self.settle_on(done, t, what)

    def mem_mb(self):
        """(VmRSS, VmHWM) in MB."""
        got = {}
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    got[line.split(":")[0]] = int(line.split()[1]) / 1024.0
        return got.get("VmRSS", float("nan")), got.get("VmHWM", float("nan"))

    def close(self, quit_key):
        try:
            os.write(self.master, quit_key)
            self.proc.wait(timeout=DEADLINE)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def bottom_row(t):
    return t.rsplit("\n", 1)[-1].strip() != ""


def whyrelu_ready(t):
    """The first frame is whole: its last two rows (status, key hints)."""
    rows = t.split("\n")
    return "whyrelu" in rows[-2] and "quit" in rows[-1]


class Program:
    def __init__(self, name, args, quit_key, ready, line_keys=(b"j", b"k"),
                 page_keys=(b" ", b"b")):
        self.name, self.args, self.quit_key, self.ready = name, args, quit_key, ready
        self.line_keys, self.page_keys = line_keys, page_keys


def run(prog, extra, cols, rows, state):
    p = Pty(prog.args + extra, cols, rows, state)
    n, t = p.settle_on(prog.ready, p.t0, "the first screen")
    return p, n, t


def median_ms(v):
    return statistics.median(v) * 1000.0


def starts(progs, cols, rows, state):
    """Median start of each program, in turns (one of each, STARTS times),
    so a burst of load elsewhere on the machine falls on all of them."""
    ts = {p.name: [] for p in progs}
    for _ in range(STARTS):
        for prog in progs:
            p, _, t = run(prog, [], cols, rows, state)
            ts[prog.name].append(t)
            p.close(prog.quit_key)
    return {n: median_ms(v) for n, v in ts.items()}


def keys(p, forth, back):
    """KEY_PAIRS times forth then back: (median ms, median bytes, most
    bytes)."""
    ts, ns = [], []
    for _ in range(KEY_PAIRS):
        for k in (forth, back):
            n, t = p.key(k)
            ts.append(t)
            ns.append(n)
    return median_ms(ts), statistics.median(ns), max(ns)


def page_lessons(src, dst):
    """A lesson for paging: the prose of every lesson in src, one after
    another, without their lab and quiz blocks (which would set the lab up
    as the page scrolled, and the depth measured would not be the one
    asked for)."""
    os.makedirs(dst)
    out = ["# Paging through the course", ""]
    for f in sorted(os.listdir(src)):
        if not re.match(r"^[0-9]+-.*\.md$", f):
            continue
        fence = None
        with open(os.path.join(src, f), encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if fence:
                    if line.strip() == fence:
                        fence = None
                    continue
                m = re.match(r"^(```+|~~~+)\s*(lab|quiz)\s*$", line)
                if m:
                    fence = m.group(1)
                    continue
                out.append("#" + line if line.startswith("# ") else line)
    with open(os.path.join(dst, "01-paging.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")


def lesson_count(t):
    m = re.search(r"whyrelu \S+ (\d+)/(\d+) ", t)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def view_names(p):
    """The views `:view` accepts, from its error for a name that is none:
    "view must be plot, chain or net, got '?'"."""
    p.type(b":view ?\r", lambda t: "view must be" in t, "the list of views")
    m = re.search(r"view must be (.*?), got", p.text())
    names = re.split(r", | or ", m.group(1)) if m else []
    if not names:
        raise RuntimeError("cannot read the list of views from: %r" % p.text())
    return names


# When a view's work is done: the network computed, every cost measured;
# the training view trains as long as it is shown, so it is given a second.
VIEW_DONE = {
    "net": lambda t: "/ layer" in t and "computing" not in t,
    "cost": lambda t: "m measures again" in t and "measuring on this machine" not in t,
}


def visit_all(p):
    """Every lesson, then every view, each until its work is done, then
    back to the plot; returns (lessons, views, peak VmHWM in a view)."""
    cur, total = lesson_count(p.text())
    if total is None:
        raise RuntimeError("no lesson count on the status line: %r" % p.text())
    while cur < total:
        want = "%d/%d" % (cur + 1, total)
        p.type(b"n", lambda t, w=want: w in t, "lesson " + want)
        cur += 1
    names = view_names(p)
    for v in names:
        done = VIEW_DONE.get(v, lambda t: True)
        p.type(b":view " + v.encode() + b"\r", lambda t, d=done: "view must be" not in t
               and "quit" in t.rsplit("\n", 1)[-1] and d(t), "view " + v)
        if "unknown view" in p.text() or "must be" in p.text():
            raise RuntimeError("view %s refused: %r" % (v, p.text()))
        if v == "train":
            time.sleep(1)
            p.burst(time.perf_counter())
    peak = p.mem_mb()[1]
    p.type(b":view plot\r", lambda t: "quit" in t.rsplit("\n", 1)[-1], "view plot")
    return total, names, peak


def main():
    if len(sys.argv) != 2:
        print("usage: bench.py BIN", file=sys.stderr)
        return 2
    binp = os.path.abspath(sys.argv[1])
    lessons = os.path.join(os.path.dirname(binp), "lessons")
    tmp = tempfile.mkdtemp(prefix="whyrelu-bench.")
    state = os.path.join(tmp, "state")
    os.makedirs(state)
    text = os.path.join(tmp, "text.txt")
    with open(text, "w") as f:
        for i in range(5000):
            f.write("line %d of a text file that less shows one screen at a time\n" % i)
    paging = os.path.join(tmp, "paging")
    page_lessons(lessons, paging)

    whyrelu = Program("whyrelu", [binp, "--lessons", lessons], b"q", whyrelu_ready)
    base = [Program("less", ["/usr/bin/less", text], b"q", bottom_row)]
    vim = shutil.which("vim", path="/usr/bin:/bin")
    if vim:
        base.append(Program("vim", [vim, "-u", "NONE", "-i", "NONE", "-n", text], b":q!\r",
                            bottom_row, page_keys=(b"\x06", b"\x02")))
    rows = []   # (measure, whyrelu, {baseline: value}, budget or None, fmt)
    try:
        for cols, nrows in SIZES:
            size = "%dx%d" % (cols, nrows)
            got = starts([whyrelu] + base, cols, nrows, state)
            mine = got.pop("whyrelu")
            others = got
            rows.append(("start, %s (ms)" % size, mine, others,
                         BUDGET_START if cols == 80 else None, "%.2f"))

        # the baselines' keys: a line down and up; for the lesson page, a
        # page down and up
        base_key = {}
        for cols, nrows in SIZES:
            for b in base:
                p, _, _ = run(b, [], cols, nrows, state)
                base_key[(b.name, cols, "line")] = keys(p, *b.line_keys)
                base_key[(b.name, cols, "page")] = keys(p, *b.page_keys)
                p.close(b.quit_key)

        for depth in DEPTHS:
            for cols, nrows in SIZES:
                size = "%dx%d" % (cols, nrows)
                p, _, _ = run(Program("whyrelu", [binp, "--lessons", paging, "--act", "sigmoid",
                                                  "--depth", str(depth)], b"q", whyrelu_ready),
                              [], cols, nrows, state)
                for kind, forth, back, what in KINDS:
                    ms, nmed, nmax = keys(p, forth, back)
                    bk = "page" if kind == "page" else "line"
                    bt = {b.name: base_key[(b.name, cols, bk)][0] for b in base}
                    bb = {b.name: base_key[(b.name, cols, bk)][2] for b in base}
                    budget = BUDGET_KEY if depth <= 100 else BUDGET_KEY_DEEP
                    rows.append(("key %s, depth %d, %s (ms)" % (what, depth, size), ms, bt,
                                 budget if cols == 200 else None, "%.2f"))
                    if cols == 80:
                        rows.append(("  bytes, %s, depth %d, %s (most)" % (what, depth, size),
                                     nmax, bb, BUDGET_X_BYTES if kind == "x" else None, "%.0f"))
                if not re.search(r"depth +%d\b" % depth, p.text()):
                    raise RuntimeError("the lab left depth %d: %r" % (depth, p.text()))
                p.close(b"q")

        # memory: after start, and after every lesson and view
        peak = 0.0
        for cols, nrows in SIZES:
            size = "%dx%d" % (cols, nrows)
            shutil.rmtree(state)
            os.makedirs(state)
            p, _, _ = run(whyrelu, [], cols, nrows, state)
            rss0, _ = p.mem_mb()
            nles, views, hwm = visit_all(p)
            rss1, _ = p.mem_mb()
            p.close(b"q")
            peak = max(peak, hwm)
            others = {}
            for b in base:
                q, _, _ = run(b, [], cols, nrows, state)
                others[b.name] = q.mem_mb()[0]
                q.close(b.quit_key)
            rows.append(("RSS after start, %s (MB)" % size, rss0, others, BUDGET_RSS, "%.2f"))
            rows.append(("RSS after %d lessons, views %s, %s (MB)" % (nles, "/".join(views), size),
                         rss1, others, BUDGET_RSS, "%.2f"))
        rows.append(("RSS peak (VmHWM), in the views above (MB)", peak, {}, None, "%.2f"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    names = [b.name for b in base]
    head = "%-52s %9s" % ("", "whyrelu") + "".join(" %9s" % n for n in names)
    print(head + " %8s %8s" % ("/less", "budget"))
    over = 0
    for name, mine, others, budget, fmt in rows:
        line = "%-52s %9s" % (name, fmt % mine)
        for n in names:
            line += " %9s" % (fmt % others[n] if n in others else "")
        lv = others.get("less")
        line += " %8s" % ("%.2f" % (mine / lv) if lv else "")
        if budget is not None:
            ok = mine <= budget
            over += not ok
            line += " %8g %s" % (budget, "ok" if ok else "OVER")
        print(line)
    print("medians of %d starts and %d keys (each key and its inverse %d times); a burst"
          % (STARTS, 2 * KEY_PAIRS, KEY_PAIRS))
    print("ends after %.0f ms of silence. Keys: whyrelu with --act sigmoid --depth D on a lesson"
          % (QUIET * 1000))
    print("of the course's prose; less%s a line down and up (j/k), and for the lesson page"
          % (" and vim" if vim else ""))
    print("a page down and up (less Space/b%s)." % (", vim Ctrl-F/Ctrl-B" if vim else ""))
    if not vim:
        print("vim is not installed: no vim baseline (it is optional)")
    print("%s; %s; %d cores; %s" % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                    cpu_model(), os.cpu_count(), os.uname().release))
    if over:
        print("%d figure(s) over budget" % over)
    return 1 if over else 0


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
