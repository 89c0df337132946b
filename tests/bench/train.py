#!/usr/bin/python3
"""train.py BIN - training steps per second of the training view's network.

Times `BIN train --steps N` for the default network (relu, sin, 1-32-32-1,
batch 16) and a few other activations, against `BIN train --steps 0` (start,
data, initial weights, one loss) measured in the same run, and prints the
medians of RUNS runs, steps per second and the ratio to relu. Timings on a
shared machine are noisy: the median of several runs, and ratios within
one run, are what to compare.
"""
import statistics
import subprocess
import sys
import time

RUNS = 7
STEPS = 20000
ACTS = ["relu", "leaky_relu", "tanh", "sigmoid", "gelu"]


def once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def median_time(cmd):
    return statistics.median(once(cmd) for _ in range(RUNS))


def main():
    bin_ = sys.argv[1] if len(sys.argv) > 1 else "./whyrelu"
    base = median_time([bin_, "train", "--steps", "0"])
    print(f"train: {STEPS} steps, median of {RUNS} runs; start-up (--steps 0) {base * 1e3:.2f} ms")
    print(f"{'activation':<12} {'time':>10} {'steps/s':>10} {'vs relu':>8}")
    relu_rate = None
    for act in ACTS:
        t = median_time([bin_, "train", "--act", act, "--steps", str(STEPS),
                         "--every", str(STEPS)])
        rate = STEPS / max(t - base, 1e-9)
        if relu_rate is None:
            relu_rate = rate
        print(f"{act:<12} {t * 1e3:>8.1f} ms {rate:>10.0f} {rate / relu_rate:>8.2f}")


if __name__ == "__main__":
    main()
