"""cost.py BIN - the cost lab's benchmark: `BIN bench --json` RUNS times.

Prints, per activation, the median over the runs of the nanoseconds per
element for f and f' and of their ratios to relu's (each run's own ratios),
then what the cost view costs the key loop: the median over the runs of the
longest step's processor time (a step is f or f' of one row, measured
between key reads) against a budget of one frame at 60 Hz, and the wall
time of a whole table. Fails when a step is over budget, or when a row
made of comparisons, selects and a few multiplications (PIECEWISE) takes over
PIECEWISE_BUDGET times relu's time: what lesson 14 tells the learner. A
loop that branches on the sign of its input, or is not vectorised, lands
near 20 times.
"""

import json
import statistics
import subprocess
import sys
import time

RUNS = 5
FRAME_MS = 1000.0 / 60
PIECEWISE = ("max", "leaky_relu", "prelu", "rrelu", "relu6", "hardtanh", "hardsigmoid",
             "hardswish", "softshrink", "hardshrink", "identity", "step")
PIECEWISE_BUDGET = 6.0


def main():
    if len(sys.argv) != 2:
        print("usage: cost.py BIN", file=sys.stderr)
        return 2
    runs, walls = [], []
    for _ in range(RUNS):
        t0 = time.monotonic()
        out = subprocess.run([sys.argv[1], "bench", "--json"], check=True,
                             capture_output=True, text=True).stdout
        walls.append((time.monotonic() - t0) * 1000)
        runs.append(json.loads(out))
    names = [r["act"] for r in runs[0]["rows"]]
    print("== cost lab: whyrelu bench, median of %d runs (%d elements, median of %d "
          "timings each)" % (RUNS, runs[0]["elements"], runs[0]["runs"]))
    print("%-12s %9s %8s %9s %8s" % ("NAME", "F NS", "F/RELU", "F' NS", "F'/RELU"))
    for i, name in enumerate(names):
        def med(key):
            return statistics.median(r["rows"][i][key] for r in runs)
        print("%-12s %9.3f %8.2f %9.3f %8.2f" % (name, med("f_ns"), med("f_ratio"),
                                                med("df_ns"), med("df_ratio")))
    step = statistics.median(max(row["step_cpu_ms"] for row in r["rows"]) for r in runs)
    slowest = max(runs[0]["rows"], key=lambda row: row["step_cpu_ms"])["act"]
    print("longest step of the cost view (processor time): %.2f ms, median of %d runs "
          "(%s in the first); budget %.1f ms, one frame at 60 Hz: %.2f of it"
          % (step, RUNS, slowest, FRAME_MS, step / FRAME_MS))
    print("a whole table: %.0f ms wall time, median of %d runs"
          % (statistics.median(walls), RUNS))
    status = 0
    if step > FRAME_MS:
        print("FAIL the cost view's longest step is over one frame")
        status = 1
    worst = 0.0
    for i, name in enumerate(names):
        if name not in PIECEWISE:
            continue
        for key, what in (("f_ratio", "f"), ("df_ratio", "f'")):
            ratio = statistics.median(r["rows"][i][key] for r in runs)
            worst = max(worst, ratio)
            if ratio > PIECEWISE_BUDGET:
                print("FAIL %s of %s takes %.1f times relu's time, over the budget of %.0f "
                      "for a row of straight pieces" % (what, name, ratio, PIECEWISE_BUDGET))
                status = 1
    print("rows of straight pieces: at most %.1f times relu's time (budget %.0f)"
          % (worst, PIECEWISE_BUDGET))
    return status


if __name__ == "__main__":
    sys.exit(main())
