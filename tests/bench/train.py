#!/usr/bin/python3
"""train.py BIN - training steps per second of the training view's network.

Times `BIN train --steps N` for the default network (relu, sin, 1-32-32-1,
batch 16) and a few other activations, against `BIN train --steps 0` (start,
data, initial weights, one loss) measured in the same run, and prints the
medians of RUNS runs, steps per second and the ratio to relu. Timings on a
shared machine are noisy: the median of several runs, and ratios within
one run, are what to compare. Both wall-clock time and the CPU time the
program used (user + system) are given: on a busy machine the CPU time is
the steadier of the two.
"""
import statistics
import resource
import subprocess
import sys
import time

RUNS = 7
STEPS = 20000
ACTS = ["relu", "leaky_relu", "tanh", "sigmoid", "gelu"]


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def once(cmd):
    t, c = time.perf_counter(), cpu()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t, cpu() - c


def median_time(cmd):
    runs = [once(cmd) for _ in range(RUNS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main():
    bin_ = sys.argv[1] if len(sys.argv) > 1 else "./whyrelu"
    base, base_cpu = median_time([bin_, "train", "--steps", "0"])
    print(f"train: {STEPS} steps of the default network (1-32-32-1, batch 16), median of "
          f"{RUNS} runs;\nstart-up (--steps 0): {base * 1e3:.2f} ms wall, {base_cpu * 1e3:.2f} ms CPU")
    print(f"{'activation':<12} {'wall':>10} {'steps/s':>9} {'CPU':>10} {'steps/s':>9} "
          f"{'vs relu':>8}")
    relu_rate = None
    for act in ACTS:
        t, c = median_time([bin_, "train", "--act", act, "--steps", str(STEPS),
                            "--every", str(STEPS)])
        rate = STEPS / max(t - base, 1e-9)
        crate = STEPS / max(c - base_cpu, 1e-9)
        if relu_rate is None:
            relu_rate = crate
        print(f"{act:<12} {t * 1e3:>7.1f} ms {rate:>9.0f} {c * 1e3:>7.1f} ms {crate:>9.0f} "
              f"{crate / relu_rate:>8.2f}")


if __name__ == "__main__":
    main()
