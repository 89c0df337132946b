"""class_read.py BIN [--learners N] [--runs R] - how long `whyrelu class`
takes to read a class.

Writes N learners (default 200, tests/bench/class_files.py) twice: as
homes (HOME/.local/state/whyrelu/progress, what root reads by default: four
directories opened per learner) and as a class directory (one file each),
then times R runs (default 21) of `whyrelu class --csv` on each, the whole
process from start to exit (lessons loaded, every file read, the table
printed), against the same files read by one `cat`, in the same run. Prints
the medians and the ratios; the budget is 100 ms for the whole class.
Exits 1 when a median is over it, or a run fails or misses a learner.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BUDGET_MS = 100.0
HERE = os.path.dirname(os.path.abspath(__file__))


def timed(argv, runs):
    out = []
    env = {"PATH": "/usr/bin:/bin", "HOME": "/", "LC_ALL": "C.UTF-8"}
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        out.append((time.perf_counter() - t0) * 1000.0)
        if p.returncode != 0:
            raise RuntimeError("%s: exit status %d: %s" % (argv[0], p.returncode,
                                                           p.stderr.decode()[:200]))
    return statistics.median(out), p.stdout


def main():
    ap = argparse.ArgumentParser(description="whyrelu class reading a class")
    ap.add_argument("bin")
    ap.add_argument("--learners", type=int, default=200)
    ap.add_argument("--runs", type=int, default=21)
    a = ap.parse_args()
    binp = os.path.abspath(a.bin)
    lessons = os.path.join(HERE, "..", "..", "lessons")
    root = tempfile.mkdtemp(prefix="whyrelu-class-bench.")
    ok = True
    try:
        homes, cdir = os.path.join(root, "homes"), os.path.join(root, "class")
        for d, extra in ((homes, ["--homes"]), (cdir, [])):
            subprocess.run([sys.executable, os.path.join(HERE, "class_files.py"), d,
                            str(a.learners), "--now", str(int(time.time()))] + extra,
                           check=True)
        print("whyrelu class, %d learners, median of %d runs (the whole process)"
              % (a.learners, a.runs))
        for label, d, files in (
                ("homes", homes, [os.path.join(homes, n, ".local/state/whyrelu/progress")
                                  for n in sorted(os.listdir(homes))]),
                ("class directory", cdir, [os.path.join(cdir, n)
                                           for n in sorted(os.listdir(cdir))])):
            base, _ = timed(["/bin/cat"] + files, a.runs)
            med, out = timed([binp, "class", "--csv", "--lessons", lessons, d], a.runs)
            rows = out.count(b"\r\n") - 1
            read = out.count(b",ok,")
            status = "ok" if med <= BUDGET_MS else "OVER"
            print("  %-16s %7.2f ms   cat of the same files %6.2f ms   ratio %5.1f   "
                  "budget %g ms: %s" % (label, med, base, med / base, BUDGET_MS, status))
            if rows != a.learners or read != a.learners:
                print("  %s: %d rows, %d read, for %d learners" % (label, rows, read,
                                                                    a.learners))
                ok = False
            ok = ok and med <= BUDGET_MS
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
