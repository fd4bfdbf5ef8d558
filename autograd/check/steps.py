"""Where a check evaluates f: at x ± h/2^k for k = 0, 1, 2, …, each point once.

Every row of one input (the n entries of a gradient in gradgradcheck) shares
the same evaluations.  A step is made exact first (h = (x + h) − x), and never
goes below 64 units in the last place of x.  If f is undefined or not finite at
x ± h (log near 0, exp near overflow), :meth:`Steps.start` finds the largest
step on the grid where it is defined, by doubling k and then bisecting.

Rounding: an f value computed in float64 is off by a few ε·|f| (ε ≈ 2.2e-16),
plus ε·|x|·|f'| from rounding the input-sized intermediates (1e8·x rounds to
ulp(1e8·x)).  So a central difference D(h) is off by up to about

    rounding(h) = 8·ε·(max|f| + |x|·|D|) / h,

which grows as h shrinks: :func:`rounding`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.check.say import Say
from autograd.core.numbers import FLOAT_ERRORS, fmt

__all__ = ["EPSILON", "Level", "Steps", "rounding"]

EPSILON = sys.float_info.epsilon
_ROUNDING = 8.0  # a few ε per f value, a few f values per difference
_ULPS = 64.0  # the smallest step, in units in the last place of x
_OFF_GRID = math.sqrt(0.5)  # the off-grid step h/2^k·√½: (h/h')² = 2, never a power of 4


def rounding(x: float, biggest: float, slope: float, h: float) -> float:
    """How far rounding can move a difference quotient with step h: 8·ε·(max|f| + |x|·|slope|)/h."""
    # In this order so that f near the float limit (exp at 709) does not overflow the bound itself.
    return (_ROUNDING * EPSILON * biggest + _ROUNDING * EPSILON * abs(x) * abs(slope)) / h


@dataclass(frozen=True)
class Level:
    """g at x ± h: ``lo = x − t₋`` and ``hi = t₊ − x`` (equal unless x − h rounds)."""

    h: float
    lo: float
    hi: float
    plus: Sequence[float]
    minus: Sequence[float]

    def central(self, i: int) -> float:
        """D(h) for row i: (g(x+h) − g(x−h)) / 2h."""
        return (self.plus[i] - self.minus[i]) / (self.hi + self.lo)

    def one_sided(self, i: int, f0: float) -> tuple[float, float]:
        """The slopes just left and just right of x: ((f(x) − f(x−h))/h, (f(x+h) − f(x))/h)."""
        return (f0 - self.minus[i]) / self.lo, (self.plus[i] - f0) / self.hi


class Steps:
    """g at x ± h/2^k, evaluated on demand and kept; ``what`` and ``by`` name f and x in messages."""

    def __init__(self, g: Callable[[float], Sequence[float]], x: float, h: float, by: str, what: Say) -> None:
        self.g, self.x, self.h, self.by, self.what = g, x, h, by, what
        self.smallest = _ULPS * math.ulp(x)
        self._grid: dict[int, Level | Say | None] = {}
        self._off: dict[int, Level | Say | None] = {}

    def level(self, k: int) -> Level | Say | None:
        """g at x ± h/2^k; a Say if g is undefined there; None if the step is below the smallest."""
        if k not in self._grid:
            self._grid[k] = self._at(math.ldexp(self.h, -k))
        return self._grid[k]

    def between(self, k: int) -> Level | Say | None:
        """g at x ± h/2^k·√½, off the grid: a check that an estimate from the grid is real."""
        if k not in self._off:
            self._off[k] = self._at(math.ldexp(self.h, -k) * _OFF_GRID)
        return self._off[k]

    def start(self) -> int | None:
        """The first k where g is defined at x ± h/2^k, or None if no step works."""
        if isinstance(self.level(0), Level):
            return 0
        bad, k = 0, 1
        while not isinstance(self.level(k), Level):
            if self.level(k) is None:
                return None
            bad, k = k, 2 * k
        while k - bad > 1:  # undefined at bad, defined at k: bisect for the largest defined step
            mid = (bad + k) // 2
            if isinstance(self.level(mid), Level):
                k = mid
            else:
                bad = mid
        return k

    def problem(self) -> Say | None:
        """Why g is undefined at the smallest step that failed, if any did."""
        failed = [k for k, v in self._grid.items() if isinstance(v, Say)]
        found = self._grid[max(failed)] if failed else None
        return found if isinstance(found, Say) else None

    def _at(self, step: float) -> Level | Say | None:
        x = self.x
        h = (x + step) - x  # a step x + h represents exactly
        if not h >= self.smallest:
            return None
        tp, tm = x + h, x - h
        values = []
        for t in (tp, tm):
            try:
                v = self.g(t)
            except FLOAT_ERRORS as e:
                return self._undefined(t, h, str(e))
            bad = [u for u in v if not math.isfinite(u)]
            if bad:
                return self._undefined(t, h, Say.of("check_value_is", value=str(bad[0])))
            values.append(v)
        return Level(h, x - tm, tp - x, values[0], values[1])

    def _undefined(self, t: float, h: float, error: str | Say) -> Say:
        return Say.of(
            "check_undefined",
            what=self.what,
            by=self.by,
            t=fmt(t, 10),
            x=fmt(self.x, 10),
            h=fmt(h, 3),
            first=fmt(self.h, 3),
            error=error,
        )
