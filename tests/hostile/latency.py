"""latency.py BIN [N] - how long training keys wait in the largest network
the training view takes (width 256, 3 hidden layers, 1024 points, batch
1024): from writing a key to the screen showing its effect, N times each
(default 20), as medians and maxima in milliseconds. Measures, does not
judge: timings on a shared machine are no test (make test-hostile prints
them).
"""

import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "smoke"))
import smoke  # noqa: E402


def value(t, label):
    # a readout row: the label, two or more blanks, a value (the view's
    # title has ". step  R restart": not a number)
    m = re.search(r"(?:^|\s)%s {2,}([0-9a-z.]\S*)" % re.escape(label), t.text(), re.M)
    if m and label == "step" and not m.group(1).isdigit():
        m = re.search(r"(?:^|\s)step {2,}(\d+)", t.text(), re.M)
    return m.group(1) if m else None


def timed(t, key, done):
    t0 = time.monotonic()
    t.send(key)
    end = t0 + 10
    while time.monotonic() < end:
        if done(t):
            return (time.monotonic() - t0) * 1e3
        t.pump(0.0005)
    raise AssertionError("no answer to %r; screen:\n%s" % (key, t.text()))


def main():
    smoke.BIN = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    t = smoke.start()
    res = {}
    try:
        for cmd in ["set width 256", "set layers 3", "set points 1024", "set batch 1024", "set lr 0.0001",
                    "view train"]:
            t.send(":%s\r" % cmd)
        t.wait_for(lambda s: value(s, "batch") == "1024" and value(s, "width") == "256",
                   "the largest network")
        t.settle()
        # running: e and E change the learning rate, shown in the readout
        t.send("c")
        t.wait_for(lambda s: value(s, "state") == "running", "running")
        run = []
        for i in range(n):
            lr = value(t, "lr")
            key = "e" if i % 2 == 0 else "E"
            run.append(timed(t, key, lambda s, lr=lr: value(s, "lr") not in (None, lr)))
        res["e/E while running"] = run
        t.send(":set lr 0.0001\r")
        t.wait_for(lambda s: value(s, "lr") == "0.0001", "lr back")
        help_run = []
        for i in range(n):
            help_run.append(timed(t, "?", lambda s: "close" in s.screen.display[-1]))
            t.send("\x1b")
            t.wait_for(lambda s: "close" not in s.screen.display[-1], "the help closed")
        res["? while running"] = help_run
        t.send("c")
        t.wait_for(lambda s: value(s, "state") == "paused", "paused")
        t.settle()
        step = []
        for i in range(n):
            was = value(t, "step")
            try:
                step.append(timed(t, ".", lambda s, was=was: value(s, "step") not in (None, was)))
            except AssertionError:
                step.append(float("inf"))   # the key made no step
        res[". (one step)"] = step
        # a key while a step is worked out: ? opens the help, Esc closes it
        during = []
        for i in range(n):
            t.send(".")
            time.sleep(0.01)
            during.append(timed(t, "?", lambda s: "close" in s.screen.display[-1]))
            t.send("\x1b")
            t.wait_for(lambda s: "close" not in s.screen.display[-1], "the help closed")
            t.settle(quiet=0.3)
        res["? during a step"] = during
        restart = []
        for i in range(n):
            t.send(".")
            t.wait_for(lambda s: value(s, "step") not in (None, "0"), "a step")
            t.settle(quiet=0.05)
            restart.append(timed(t, "R", lambda s: value(s, "step") == "0"))
        res["R (restart)"] = restart
        t.send("q")
        t.wait_exit()
    finally:
        t.close()
    print("training keys, width 256, 3 layers, 1024 points, batch 1024 (ms, %d each)" % n)
    for k, v in res.items():
        print("  %-20s median %7.1f   max %7.1f" % (k, statistics.median(v), max(v)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
