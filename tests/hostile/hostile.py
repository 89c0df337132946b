"""hostile.py [--expensive] BIN - what a learner on a shared server can do
to the tutorial that an ordinary session never does: signals of every kind,
quitting while the terminal takes no output, and (with --expensive, for
`make test-hostile`) terminal sizes of up to 65535x65535 and memory limits.

It drives BIN on real pseudo-terminals with the smoke tests' Term class
(tests/smoke/smoke.py); every wait is for a condition with a deadline.
WHYRELU_HOSTILE_ONLY runs only the tests whose names contain it.
"""

import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "smoke"))
import smoke  # noqa: E402
from smoke import Term, start, state_dir, progress_file, progress_problem, readout  # noqa: E402

SCALE = smoke.SCALE
DEADLINE = smoke.DEADLINE


def vm_hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def go_to_lesson_3(t, state):
    """Lesson 3 (saved once shown), scrolled two lines: what a good way out
    must keep."""
    n = smoke.NLESSONS
    t.send("nn")
    t.wait_text(f"3/{n} ReLU is max(x, 0)")
    t.wait_for(lambda s: os.path.exists(os.path.join(state, "whyrelu", "progress"))
               and "lesson relu 0 " in progress_file(state), "saved on the change")
    t.send("jj")
    t.wait_for(lambda s: s.screen.display[0].startswith(" The book's"), "scrolled")


def saved_place(state, place):
    saved = progress_file(state)
    assert progress_problem(saved) is None, "%s:\n%s" % (progress_problem(saved), saved)
    assert "current relu\n" in saved, saved
    assert "lesson relu %d " % place in saved, "place %d not saved:\n%s" % (place, saved)


# ---- signals ---------------------------------------------------------------

# Every signal whose default action ends the process, but the ones the smoke
# tests already send (SIGTERM, SIGHUP, SIGINT, SIGQUIT and the faults SIGSEGV,
# SIGBUS, SIGFPE, SIGABRT, SIGILL), SIGKILL (which nothing can catch) and the
# ones below with a test of their own.
QUIT_SIGNALS = ["SIGUSR1", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGXCPU", "SIGVTALRM",
                "SIGPROF", "SIGIO", "SIGPWR", "SIGSTKFLT", "SIGXFSZ"]
FAULT_SIGNALS = ["SIGTRAP", "SIGSYS"]


def signal_exit(sig, place):
    """Send sig at lesson 3, scrolled: the program dies of sig within a
    second, the terminal restored, the progress at `place` (the scrolled
    place for a signal to quit; what was saved before, for a fault)."""
    state = state_dir()
    t = start(env={"XDG_STATE_HOME": state})
    try:
        go_to_lesson_3(t, state)
        t0 = time.monotonic()
        os.kill(t.proc.pid, sig)
        rc = t.wait_exit()
        took = time.monotonic() - t0
        assert rc == -sig, "exit status %r after %s" % (rc, signal.Signals(sig).name)
        assert took < 1.0 * SCALE, "%.2f s to exit" % took
        t.check_restored()
    finally:
        t.close()
    saved_place(state, place)


def test_quit_signals_restore_and_save():
    names = QUIT_SIGNALS + ["SIGRTMIN", "SIGRTMAX"]
    for name in names:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            signal_exit(sig, 3)
        except AssertionError as e:
            raise AssertionError("%s: %s" % (name, e))


def test_fault_signals_restore():
    for name in FAULT_SIGNALS:
        try:
            signal_exit(getattr(signal, name), 0)
        except AssertionError as e:
            raise AssertionError("%s: %s" % (name, e))


def test_file_size_limit_is_no_quit():
    """Under ulimit -f 0 the progress cannot be written: the kernel's
    SIGXFSZ for that write does not end the tutorial, the write fails and
    the learner is told once."""
    state = state_dir()
    t = Term(["/bin/sh", "-c", 'ulimit -f 0 && exec "$0"', smoke.BIN],
             env={"XDG_STATE_HOME": state})
    try:
        t.wait_for(smoke.lab_ready, "the first screen")
        t.send("n")
        t.wait_text("cannot save progress")
        time.sleep(0.1)
        assert t.proc.poll() is None, "the program ended: %r" % t.proc.poll()
        t.send("q")
        rc = t.wait_exit()
        assert rc == 0, "exit status %r" % rc
        t.check_restored()
    finally:
        t.close()


# ---- a terminal that takes no output -----------------------------------------

def blocked_in_write(pid):
    """Whether the program is blocked in write(2) (x86-64: syscall 1) or
    ioctl waiting for output to drain (16), as on a stalled SSH link."""
    try:
        with open("/proc/%d/syscall" % pid) as f:
            nr = f.read().split()[0]
    except (OSError, IndexError):
        return False
    return nr in ("1", "16")


def stalled_exit(sig):
    """Lesson 3, scrolled; then the terminal's output is not read while keys
    that redraw the whole screen fill it, until the program blocks writing;
    sig must still end it within a second, with the place saved and the
    terminal's modes restored."""
    state = state_dir()
    t = start(env={"XDG_STATE_HOME": state})
    try:
        go_to_lesson_3(t, state)
        end = time.monotonic() + DEADLINE
        # w changes the layout: each press redraws every cell
        while not blocked_in_write(t.proc.pid):
            assert time.monotonic() < end, "the program never blocked writing"
            t.send("w")
            time.sleep(0.005)
        time.sleep(0.05)
        assert blocked_in_write(t.proc.pid), "not blocked in a write"
        t0 = time.monotonic()
        os.kill(t.proc.pid, sig)
        # nothing is read from the terminal until the program has gone
        while t.proc.poll() is None and time.monotonic() - t0 < 5 * SCALE:
            time.sleep(0.01)
        took = time.monotonic() - t0
        rc = t.proc.poll()
        assert rc is not None, "still running %.1f s after %s, its output unread" % (
            took, signal.Signals(sig).name)
        assert rc == -sig, "exit status %r" % rc
        assert took < 1.0 * SCALE, "%.2f s to exit" % took
        while t.pump(0.05) and t.proc.poll() is None:
            pass
        import termios
        now = termios.tcgetattr(t.master)
        assert now == t.termios_before, "termios not restored"
    finally:
        t.close()
    saved_place(state, 3)


def test_sigterm_with_output_stalled():
    stalled_exit(signal.SIGTERM)


def test_sighup_with_output_stalled():
    stalled_exit(signal.SIGHUP)


# ---- keys during long work ----------------------------------------------------

def largest_training(lr="0.0001"):
    t = start()
    for cmd in ["set width 256", "set layers 3", "set points 1024", "set batch 1024",
                "set lr " + lr, "view train"]:
        t.send(":%s\r" % cmd)
    # at 80x24 the compact readout leaves the width to the title
    t.wait_for(lambda s: "1-256-256-256-1" in s.text() and readout(s, "batch") == "1024"
               and readout(s, "loss") not in (None, "..."), "the largest network, drawn")
    t.settle()
    return t


def step_shown(t):
    m = re.search(r"\sstep {2,}(\d+)", t.text())
    return m.group(1) if m else None


def test_keys_answered_during_a_large_step():
    """At the largest network a step (batch 1024) and the loss over 1024
    points take a hundred milliseconds and more; a key typed right after
    `.` or `R` is answered before they are done (order, not time: the
    lesson scrolls while the readout still shows the step before, or
    "..." for a network just built)."""
    t = largest_training()
    try:
        top = t.screen.display[0]
        was = step_shown(t)
        t.send(".j")
        t.wait_for(lambda s: s.screen.display[0] != top, "the lesson scrolled")
        assert step_shown(t) == was, "the step was shown before the key was answered"
        t.wait_for(lambda s: step_shown(s) not in (None, was), "the step done")
        t.settle()
        top = t.screen.display[0]
        t.send("Rk")
        t.wait_for(lambda s: s.screen.display[0] != top, "the lesson scrolled back")
        assert readout(t, "loss") == "...", "the restarted network's loss came first:\n" + t.text()
        t.wait_for(lambda s: readout(s, "loss") not in (None, "..."), "the loss of step 0")
        assert step_shown(t) == "0"
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


# ---- wide, combining and zero-width text -------------------------------------

WIDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "wide")


def columns(line):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in line)


def test_wide_text_on_a_terminal():
    """A lesson of CJK, emoji and combining marks on a real terminal (pyte
    lays it out by wcwidth as a terminal does): after scrolling, a resize
    and a change of layout the screen is the one the headless mode draws
    for the same keys, and the lesson pane's border stays in its column."""
    state = state_dir()
    env = {"XDG_STATE_HOME": state}
    t = Term([smoke.BIN, "--lessons", WIDE], cols=132, rows=30, env=env)
    try:
        t.wait_for(lambda s: "? help" in s.text(), "the first screen")
        for row in t.screen.display[:20]:
            i = row.find("\u2502")
            assert i < 0 or columns(row[:i]) == 52, "the pane border moved: %r" % row
        t.send("jjjj")
        t.settle()
        t.resize(100, 30)
        t.send("w")
        t.settle()
        t.send("w")
        t.settle()
        # repainted whole (Ctrl-L): pyte follows curses' scrolling
        # optimisations only in part, and a screen drawn one cell a
        # character is wrong however often it is repainted
        t.send("\x0c")
        t.settle()
        want = smoke.headless_screen(132, 30, "jjjj <resize 100x30> w w <C-l>",
                                     {"XDG_STATE_HOME": state_dir(),
                                      "WHYRELU_LESSONS": WIDE})
        got = [line.rstrip() for line in t.screen.display]
        assert got == want, "the terminal shows:\n%s\nheadless:\n%s" % (
            "\n".join(got), "\n".join(want))
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


def test_wide_titles_in_progress():
    """whyrelu progress pads a title by columns: the quiz marks of a CJK
    title and of an ASCII one start in the same column."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "XDG_STATE_HOME": state_dir(), "WHYRELU_LESSONS": WIDE}
    out = subprocess.run([smoke.BIN, "progress"], env=env, stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    cols = [columns(line[:line.index("  quiz ")]) for line in out.splitlines()
            if "  quiz " in line]
    assert len(cols) == 2 and cols[0] == cols[1], "quiz columns %r:\n%s" % (cols, out)


# ---- expensive: sizes and memory ---------------------------------------------

def huge_start(cols, rows):
    """Start at cols x rows: the program draws at most 1000x300, says so,
    stays under 64 MB and quits cleanly."""
    t = Term([smoke.BIN], cols=80, rows=24)
    try:
        t.set_size_fd(t.master, cols, rows)
        # pyte's screen is the part drawn
        t.screen.resize(min(rows, 300), min(cols, 1000))
        t.wait_for(lambda s: "? help" in s.text(), "a screen at %dx%d" % (cols, rows))
        t.wait_text("this terminal is %dx%d" % (cols, rows))
        hwm = vm_hwm_kb(t.proc.pid)
        assert hwm < 64 * 1024, "%d kB resident at %dx%d" % (hwm, cols, rows)
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
        return hwm
    finally:
        t.close()


def test_huge_sizes_at_start():
    # the first is one an unbounded screen survives (about 220 MB)
    for cols, rows in [(2000, 1000), (65535, 65535), (40000, 40000), (20000, 20000), (10000, 10000),
                       (65535, 24), (80, 65535)]:
        huge_start(cols, rows)


def test_huge_resize():
    """Grow to 65535x65535 while running, then back: the cap holds, the
    message says so, and the screen comes back whole at 80x24."""
    t = start()
    try:
        for cols, rows in [(40000, 40000), (65535, 65535), (1001, 301)]:
            t.set_size_fd(t.master, cols, rows)
            t.screen.resize(min(rows, 300), min(cols, 1000))
            os.kill(t.proc.pid, signal.SIGWINCH)
            t.wait_text("this terminal is %dx%d" % (cols, rows))
            hwm = vm_hwm_kb(t.proc.pid)
            assert hwm < 64 * 1024, "%d kB resident at %dx%d" % (hwm, cols, rows)
        t.screen.reset()
        t.resize(80, 24)
        t.wait_for(smoke.lab_ready, "the lab at 80x24")
        t.settle()
        assert "this terminal is" not in t.text()
        assert "? help" in t.screen.display[23], t.text()
        t.send("q")
        assert t.wait_exit() == 0
        t.check_restored()
    finally:
        t.close()


def test_huge_lines_columns_env():
    """LINES and COLUMNS in the environment do not size the screen either."""
    t = Term([smoke.BIN], env={"LINES": "65535", "COLUMNS": "65535"})
    try:
        t.wait_for(smoke.lab_ready, "the first screen at 80x24")
        assert vm_hwm_kb(t.proc.pid) < 32 * 1024
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


# ---- expensive: memory limits -------------------------------------------------

# Limits of the address space in kB (ulimit -v) from the smallest the
# dynamic loader gets through to more than the network lab needs.
LIMITS = [8000, 16000, 32000, 64000, 100000, 150000, 170000, 200000, 230000, 300000]
COMMANDS = [
    ["list"], ["eval", "relu", "1", "--depth", "100000", "--layers"], ["plot", "relu"],
    ["train", "--steps", "300"], ["train", "--width", "256", "--layers", "3", "--steps", "3"],
    ["bench"], ["net"], ["net", "--depth", "2", "--width", "8", "--batch", "4"],
    ["net", "--width", "1024", "--depth", "16", "--batch", "4096"], ["progress"],
    ["check-lessons", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lessons")],
]


def limited(kb, argv):
    return ["/bin/sh", "-c", 'ulimit -v %d && exec "$@"' % kb, "sh"] + argv


def test_memory_limits_commands():
    """Every command under every limit ends by itself, within 30 s, with
    exit status 0, or 1 and a message naming the memory; never spins,
    never dies of a signal."""
    state = state_dir()
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "XDG_STATE_HOME": state}
    for kb in LIMITS:
        for cmd in COMMANDS:
            try:
                r = subprocess.run(limited(kb, [smoke.BIN] + cmd), env=env, timeout=30 * SCALE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            except subprocess.TimeoutExpired:
                raise AssertionError("ulimit -v %d: whyrelu %s still running after 30 s"
                                     % (kb, " ".join(cmd)))
            err = r.stderr.decode(errors="replace")
            assert r.returncode in (0, 1), "ulimit -v %d: whyrelu %s: exit status %d: %s" % (
                kb, " ".join(cmd), r.returncode, err)
            if r.returncode:
                assert "memory" in err, "ulimit -v %d: whyrelu %s: %s" % (kb, " ".join(cmd), err)


def test_memory_limit_net_view():
    """Under ulimit -v 150000 the tutorial runs; :view net says there is not
    enough memory for the network lab under the limit, and q still quits.
    With room enough for OpenBLAS the view computes, and a network too large
    for the limit is refused with a message."""
    for kb, want in [(150000, "not enough memory"), (240000, "layer 1 / layer 1:")]:
        t = Term(limited(kb, [smoke.BIN]))
        try:
            t.wait_for(smoke.lab_ready, "the first screen under ulimit -v %d" % kb)
            t.send(":view net\r")
            t.wait_text(want)
            if kb > 150000:
                # the largest network does not fit in 240 MB
                t.send(":set depth 16\r:set net-batch 4096\r:set net-width 1024\r")
                t.wait_text("out of memory for a 1024-wide, 16-deep network")
            assert_idle(t, 0.5, 15)
            t.send(":view cost\r")
            t.wait_text("relu")
            t.send(":view train\r")
            t.wait_text("step")
            t.send("q")
            assert t.wait_exit() == 0
            t.check_restored()
        finally:
            t.close()


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime + stime


def assert_idle(t, seconds, most):
    """Once the screen is still, the program waits for keys: fewer than
    most ticks of CPU (100 a second) in the seconds that follow, where a
    spin would take a whole core."""
    t.settle()
    c0 = cpu_ticks(t.proc.pid)
    time.sleep(seconds)
    used = cpu_ticks(t.proc.pid) - c0
    assert used < most, "%d ticks of CPU in %.1f s, waiting for keys" % (used, seconds)


def test_memory_limit_train_view():
    """Under ulimit -v 8000 the largest training network does not fit: the
    view says so and the program then waits for keys instead of trying
    again and again (a spin would take a whole core: 100 ticks a second)."""
    t = Term(limited(8000, [smoke.BIN]))
    try:
        t.wait_for(smoke.lab_ready, "the first screen under ulimit -v 8000")
        t.send(":set width 256\r:set layers 3\r:set points 1024\r:view train\r")
        t.wait_text("out of memory for the network")
        assert_idle(t, 1.0, 30)
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()


CHEAP = [
    test_quit_signals_restore_and_save,
    test_fault_signals_restore,
    test_file_size_limit_is_no_quit,
    test_sigterm_with_output_stalled,
    test_sighup_with_output_stalled,
    test_keys_answered_during_a_large_step,
    test_wide_text_on_a_terminal,
    test_wide_titles_in_progress,
]
EXPENSIVE = [
    test_huge_sizes_at_start,
    test_huge_resize,
    test_huge_lines_columns_env,
    test_memory_limits_commands,
    test_memory_limit_net_view,
    test_memory_limit_train_view,
]


def main():
    args = sys.argv[1:]
    expensive = "--expensive" in args
    args = [a for a in args if a != "--expensive"]
    if len(args) != 1:
        print("usage: hostile.py [--expensive] BIN", file=sys.stderr)
        return 2
    smoke.BIN = os.path.abspath(args[0])
    only = os.environ.get("WHYRELU_HOSTILE_ONLY")
    passed, failed = smoke.run_tests([t for t in (EXPENSIVE if expensive else CHEAP)
                                      if not (only and only not in t.__name__)])
    for d in smoke.STATE_DIRS:
        import shutil
        shutil.rmtree(d, ignore_errors=True)
    print("hostile%s: %d passed, %d failed" % (" (expensive)" if expensive else "", passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
