"""class_files.py DIR N [--homes] [--seed S] [--lessons LESSONS] [--now T]

Writes the progress files of a class of N learners into DIR, as the
tutorial writes them (whyrelu-progress 1: current, lesson and quiz lines),
for `whyrelu class` to read: learners who walked the lessons in order to
a point of their own, finished the ones behind it, and answered the
quizzes on the way, some wrong (a quiz hard for most is harder for all).

By default each learner is a file DIR/NAME (a class directory); with
--homes each is a home DIR/NAME/.local/state/whyrelu/progress. --now T
sets each file's time to T minus a few seconds to a few hours (else the
times are left as written). The same seed gives the same class.
"""

import argparse
import os
import random
import re
import sys


def lessons_of(d):
    """[(slug, number of quizzes)] in order, from the lesson files."""
    found = []
    for f in os.listdir(d):
        m = re.match(r"^([0-9]+)-(.+)\.md$", f)
        if not m:
            continue
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            nq = sum(1 for line in fh if line.startswith("```quiz"))
        found.append((int(m.group(1)), m.group(2), nq))
    return [(s, q) for _, s, q in sorted(found)]


NAMES = ["ada", "bea", "cai", "dev", "eli", "fay", "gus", "hal", "ivy", "jon", "kim", "lou",
         "mia", "ned", "oli", "pat", "quy", "ros", "sam", "tia", "uma", "vic", "wes", "xia",
         "yan", "zoe"]


def name(i):
    base = NAMES[i % len(NAMES)]
    return base if i < len(NAMES) else "%s%d" % (base, i // len(NAMES))


def progress_text(rnd, lessons):
    at = min(len(lessons) - 1, int(rnd.triangular(0, len(lessons), len(lessons) * 0.35)))
    lines = ["whyrelu-progress 1", "current %s" % lessons[at][0]]
    quiz = []
    for k, (slug, nq) in enumerate(lessons[:at + 1]):
        done = 1 if k < at else 0
        lines.append("lesson %s %d %d" % (slug, rnd.randrange(0, 40) if k == at else 0, done))
        for q in range(nq):
            if k == at and rnd.random() < 0.5:
                continue
            hard = (k * 7 + q) % 5 == 2
            right = rnd.random() > (0.7 if hard else 0.2)
            quiz.append("quiz %s %d %s %s" % (slug, q + 1, "right" if right else "wrong",
                                             rnd.choice(["0", "0.5", "b", "1", "relu"])))
    return "\n".join(lines + quiz) + "\n"


def main():
    ap = argparse.ArgumentParser(description="a class's progress files")
    ap.add_argument("dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--homes", action="store_true")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--lessons")
    ap.add_argument("--now", type=int)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    lessons = lessons_of(a.lessons or os.path.join(here, "..", "..", "lessons"))
    if len(lessons) < 2 or a.n < 1:
        print("class_files.py: need N >= 1 and at least two lessons", file=sys.stderr)
        return 2
    rnd = random.Random(a.seed)
    for i in range(a.n):
        nm = name(i)
        if a.homes:
            d = os.path.join(a.dir, nm, ".local", "state", "whyrelu")
            os.makedirs(d, mode=0o700, exist_ok=True)
            path = os.path.join(d, "progress")
        else:
            os.makedirs(a.dir, exist_ok=True)
            path = os.path.join(a.dir, nm)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
        with os.fdopen(fd, "w") as f:
            f.write(progress_text(rnd, lessons))
        if a.now:
            t = a.now - int(rnd.expovariate(1 / 600.0))
            os.utime(path, (t, t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
