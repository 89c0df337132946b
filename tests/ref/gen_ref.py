#!/usr/bin/env python3
"""gen_ref.py - reference values for the activation catalogue (src/core/act.c).

The values come from the mathematical definitions evaluated with mpmath,
independently of the C code, so that tests/unit/test_act.c can hold act.c to
a relative error of 1e-12. The output is committed: `make test` reads
tests/ref/act_ref.tsv and never needs Python.

Rerun after changing the catalogue or the test points (needs mpmath):

    python3 tests/ref/gen_ref.py > tests/ref/act_ref.tsv

Each value is computed at 60 significant digits and again at twice that;
the precision keeps doubling until the two agree to 35 digits, which takes
care of cancellation (x - tanh x at x = 1e-20, say) without rewriting the
formulas. The conventions at kinks are PyTorch's (see src/core/act.h), so the
piecewise definitions below use exactly the comparisons PyTorch uses.
"""

import math
import sys
from dataclasses import dataclass, field
from typing import Callable, Optional

from mpmath import mp, mpf

START_DPS = 60
AGREE_DIGITS = 35
MAX_DPS = 4000
OUT_DIGITS = 25
# Below this a value is written as (signed) 0: it is far under the smallest
# subnormal double, and printing e^(-1e300) exactly would take 300-digit
# exponents.
NEGLIGIBLE = mpf("1e-999")
DBL_MAX = mpf(sys.float_info.max)


# --- helpers, all exact identities ------------------------------------------

def sig(t):
    return 1 / (1 + mp.exp(-t))


def softplus(t):
    return mp.log1p(mp.exp(t))


def sech2(t):
    return 1 / mp.cosh(t) ** 2


def one_plus_tanh(u):
    # 1 + tanh(u) = 2 sigma(2u): no cancellation when u is hugely negative.
    return 2 * sig(2 * u)


def Phi(x):
    # Standard normal CDF. mpmath's erfc overflows a float internally beyond
    # about 1e154; there the tail is below e^(-1e300), i.e. negligible.
    z = -x / mp.sqrt(2)
    if z > 1e150:
        return mpf(0)
    if z < -1e150:
        return mpf(1)
    return mp.erfc(z) / 2


def phi(x):
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def clamp(v, lo, hi):
    return min(max(v, lo), hi)


# Constants as mpmath values at the working precision of each call.
def selu_alpha():
    return mpf("1.6732632423543772848170429916717")


def selu_scale():
    return mpf("1.0507009873554804934193349852946")


def gelu_tanh_u(x):
    return mp.sqrt(2 / mp.pi) * (x + mpf("0.044715") * x ** 3)


def gelu_tanh_du(x):
    return mp.sqrt(2 / mp.pi) * (1 + 3 * mpf("0.044715") * x ** 2)


# --- the catalogue ----------------------------------------------------------

@dataclass
class Param:
    default: float
    extra: list          # further values to test


@dataclass
class Act:
    name: str
    f: Callable
    df: Callable
    param: Optional[Param] = None
    kinks: Callable = lambda p: []
    # Starting guess for an interior zero of f'; find_roots() refines it
    # with findroot and stores the mpf root in roots.
    root_of_df: Optional[float] = None
    roots: list = field(default_factory=list)


RRELU_SLOPE = mpf(11) / 48      # (1/8 + 1/3) / 2, eval mode


def leaky(x, s):
    return x if x > 0 else s * x


def dleaky(x, s):
    return mpf(1) if x > 0 else s


ACTS = [
    Act("identity", lambda x, p: x, lambda x, p: mpf(1)),
    Act("step",
        lambda x, p: mpf(1) if x > 0 else mpf(0),
        lambda x, p: mpf(0),
        kinks=lambda p: [0.0]),
    Act("relu",
        lambda x, p: x if x > 0 else mpf(0),
        lambda x, p: mpf(1) if x > 0 else mpf(0),
        kinks=lambda p: [0.0]),
    Act("max",
        lambda x, p: x if x > p else p,
        # torch.maximum splits the gradient evenly at a tie.
        lambda x, p: mpf(1) if x > p else (mpf("0.5") if x == p else mpf(0)),
        Param(0.0, [-1.0, 1.0, 0.3]),
        kinks=lambda p: [p]),
    Act("leaky_relu", leaky, dleaky, Param(0.01, [0.2, 0.0]),
        kinks=lambda p: [0.0]),
    Act("prelu", leaky, dleaky, Param(0.25, [-0.5]),
        kinks=lambda p: [0.0]),
    Act("rrelu",
        lambda x, p: leaky(x, RRELU_SLOPE),
        lambda x, p: dleaky(x, RRELU_SLOPE),
        kinks=lambda p: [0.0]),
    Act("relu6",
        lambda x, p: clamp(x, 0, 6),
        lambda x, p: mpf(1) if 0 < x < 6 else mpf(0),
        kinks=lambda p: [0.0, 6.0]),
    Act("hardtanh",
        lambda x, p: clamp(x, -1, 1),
        lambda x, p: mpf(1) if -1 < x < 1 else mpf(0),
        kinks=lambda p: [-1.0, 1.0]),
    Act("elu",
        lambda x, p: x if x > 0 else p * mp.expm1(x),
        lambda x, p: mpf(1) if x > 0 else p * mp.exp(x),
        Param(1.0, [0.5, 2.0]),
        kinks=lambda p: [0.0]),
    Act("celu",
        lambda x, p: x if x > 0 else p * mp.expm1(x / p),
        lambda x, p: mpf(1) if x > 0 else mp.exp(x / p),
        Param(1.0, [0.5, 3.0]),
        kinks=lambda p: [0.0]),
    Act("selu",
        lambda x, p: selu_scale() * (x if x > 0 else selu_alpha() * mp.expm1(x)),
        lambda x, p: selu_scale() * (1 if x > 0 else selu_alpha() * mp.exp(x)),
        kinks=lambda p: [0.0]),
    Act("gelu",
        lambda x, p: x * Phi(x),
        lambda x, p: Phi(x) + x * phi(x),
        root_of_df=-0.7518),
    Act("gelu_tanh",
        lambda x, p: x * one_plus_tanh(gelu_tanh_u(x)) / 2,
        lambda x, p: (one_plus_tanh(gelu_tanh_u(x))
                      + x * sech2(gelu_tanh_u(x)) * gelu_tanh_du(x)) / 2,
        root_of_df=-0.75),
    Act("sigmoid",
        lambda x, p: sig(x),
        lambda x, p: sig(x) * sig(-x)),
    Act("tanh",
        lambda x, p: mp.tanh(x),
        lambda x, p: sech2(x)),
    Act("silu",
        lambda x, p: x * sig(x),
        lambda x, p: sig(x) * (1 + x * sig(-x)),
        root_of_df=-1.2785),
    Act("mish",
        lambda x, p: x * mp.tanh(softplus(x)),
        lambda x, p: mp.tanh(softplus(x)) + x * sech2(softplus(x)) * sig(x),
        root_of_df=-1.1924),
    Act("softplus",
        lambda x, p: softplus(p * x) / p,
        lambda x, p: sig(p * x),
        Param(1.0, [0.5, 2.0, 10.0, 100.0])),
    Act("softsign",
        lambda x, p: x / (1 + abs(x)),
        lambda x, p: 1 / (1 + abs(x)) ** 2),
    Act("hardsigmoid",
        lambda x, p: clamp(x + 3, 0, 6) / 6,
        lambda x, p: mpf(1) / 6 if -3 < x < 3 else mpf(0),
        kinks=lambda p: [-3.0, 3.0]),
    Act("hardswish",
        lambda x, p: x * clamp(x + 3, 0, 6) / 6,
        # PyTorch's hardswish_backward: the parabola's slope on [-3, 3].
        lambda x, p: mpf(0) if x < -3 else ((2 * x + 3) / 6 if x <= 3 else mpf(1)),
        kinks=lambda p: [-3.0, 3.0]),
    Act("logsigmoid",
        lambda x, p: -softplus(-x),
        lambda x, p: sig(-x)),
    Act("tanhshrink",
        lambda x, p: x - mp.tanh(x),
        lambda x, p: mp.tanh(x) ** 2),
    Act("softshrink",
        lambda x, p: x - p if x > p else (x + p if x < -p else mpf(0)),
        lambda x, p: mpf(1) if abs(x) > p else mpf(0),
        Param(0.5, [0.0, 2.0]),
        kinks=lambda p: [-p, p]),
    Act("hardshrink",
        lambda x, p: x if abs(x) > p else mpf(0),
        lambda x, p: mpf(1) if abs(x) > p else mpf(0),
        Param(0.5, [0.0, 2.0]),
        kinks=lambda p: [-p, p]),
    Act("sine",
        lambda x, p: mp.sin(x),
        lambda x, p: mp.cos(x)),
    Act("gaussian",
        lambda x, p: mp.exp(-x * x),
        lambda x, p: -2 * x * mp.exp(-x * x)),
    Act("arctan",
        lambda x, p: mp.atan(x),
        lambda x, p: 1 / (1 + x * x)),
]


# --- test points ------------------------------------------------------------

GRID = [-10 + 0.37 * k for k in range(55)] + [float(k) for k in range(-10, 11)]
TINY = [1e-300, 1e-200, 1e-20, 1e-10, 1e-8, 1e-5, 1e-3, 0.01, 0.1]
LARGE = [1, 2.5, 5, 10, 20, 30, 37, 40, 50, 100, 300, 700, 709, 710, 745,
         750, 1000, 1e5, 1e10, 1e20, 1e100, 1e154, 1e200, 1e300, 1.7e308]
ROOT_OFFSETS = [1e-12, 1e-8, 1e-4, 1e-2]


def neighbours(x):
    return [math.nextafter(x, -math.inf), x, math.nextafter(x, math.inf)]


def around_root(r):
    near = float(r)         # mpf -> float rounds to nearest
    pts = [near]
    for d in (-math.inf, math.inf):
        y = near
        for _ in range(2):
            y = math.nextafter(y, d)
            pts.append(y)
    for off in ROOT_OFFSETS:
        pts += [float(r - off), float(r + off)]
    return pts


def test_points(act, p):
    pts = list(GRID) + [0.0, -0.0]
    pts += [s * float(v) for v in TINY + LARGE for s in (1, -1)]
    for k in act.kinks(p):
        pts += neighbours(k)
    for r in act.roots:
        pts += around_root(r)
    # Keyed by bit pattern so that -0.0 and 0.0 both stay.
    uniq = {x.hex(): x for x in pts}
    return sorted(uniq.values(), key=lambda x: (x, math.copysign(1, x)))


# --- evaluation and output --------------------------------------------------

def settled(fn, x, p):
    """fn(x, p) to at least AGREE_DIGITS correct digits."""
    dps = START_DPS
    while dps <= MAX_DPS:
        with mp.workdps(dps):
            lo = fn(x, p)
        with mp.workdps(2 * dps):
            hi = fn(x, p)
            if hi == 0 and lo == 0:
                # A zero must survive a few doublings to count as exact.
                if dps >= 480:
                    return hi
            elif hi != 0 and abs(hi - lo) <= abs(hi) * mpf(10) ** -AGREE_DIGITS:
                return hi
        dps *= 2
    raise RuntimeError("no convergence for x=%r p=%r" % (x, p))


def hexa(x):
    """A double as C's printf %a writes it (0x1.8p+1), read back exactly by strtod."""
    h = float(x).hex()
    mant, exp = h.split("p")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    return mant + "p" + exp


def dec(v):
    if v == 0:
        return "0"
    if abs(v) < NEGLIGIBLE:
        return "-0" if v < 0 else "0"
    return mp.nstr(v, OUT_DIGITS, min_fixed=1, max_fixed=0, show_zero_exponent=True)


def find_roots():
    with mp.workdps(START_DPS):
        for act in ACTS:
            if act.root_of_df is not None:
                r = mp.findroot(lambda t: act.df(t, None), mpf(act.root_of_df))
                act.roots = [r]


def main():
    find_roots()
    out = sys.stdout
    out.write("# act_ref.tsv - reference values for tests/unit/test_act.c.\n")
    out.write("# Generated by tests/ref/gen_ref.py with mpmath; do not edit by hand.\n")
    out.write("# Rerun: python3 tests/ref/gen_ref.py > tests/ref/act_ref.tsv\n")
    out.write("# Columns: act, parameter (hex float, - if none), x (hex float),\n")
    out.write("# f(x), f'(x): exact values rounded to %d significant digits;\n" % OUT_DIGITS)
    out.write("# magnitudes below 1e-999 are written as 0 or -0.\n")
    rows = skipped = 0
    for act in ACTS:
        params = [None] if act.param is None else [act.param.default] + act.param.extra
        for p in params:
            pm = None if p is None else mpf(p)
            for x in test_points(act, p):
                xm = mpf(x)
                f = settled(act.f, xm, pm)
                df = settled(act.df, xm, pm)
                if abs(f) > DBL_MAX or abs(df) > DBL_MAX:
                    skipped += 1
                    continue
                out.write("%s\t%s\t%s\t%s\t%s\n" % (
                    act.name, "-" if p is None else hexa(p), hexa(x), dec(f), dec(df)))
                rows += 1
    print("gen_ref: %d rows, %d skipped (value overflows double)" % (rows, skipped),
          file=sys.stderr)


if __name__ == "__main__":
    main()
