#!/usr/bin/python3
"""layers_calls.py - no circle among the full-screen front end's files: a
file that names a function of another (a call or a table entry) sits above
it, and no file is above itself. Prints the circles found; exit 1 if any."""
import collections
import glob
import os
import re
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
files = sorted(glob.glob("src/tui/*.c"))
text = {f: open(f, encoding="utf-8").read() for f in files}
defined = {}
for f, s in text.items():
    for m in re.finditer(r"^(?!static)[a-z][\w \*]*?\b(\w+)\(([^;{]*)\)\s*\{", s, re.M):
        defined[m.group(1)] = f
above = collections.defaultdict(set)
for f, s in text.items():
    for name, g in defined.items():
        if g != f and re.search(r"\b" + name + r"\b", s):
            above[f].add(g)

# Tarjan's strongly connected components: a component of more than one
# file is a circle
index, low, stack, on, circles = {}, {}, [], set(), []
def visit(v, n=[0]):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in sorted(above[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            circles.append(sorted(comp))
for f in files:
    if f not in index:
        visit(f)
for c in circles:
    print("layers: a circle among %s" % ", ".join(c), file=sys.stderr)
sys.exit(1 if circles else 0)
