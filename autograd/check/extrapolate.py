"""Richardson extrapolation over halving steps: the numeric derivative with its error measured from data.

The central difference of a smooth f is D(h) = f'(x) + c₁h² + c₂h⁴ + …  Taken
at h, h/2, h/4, … it fills the table (Ridders' form of Richardson's method)

    T[k][0] = D(h/2^k),    T[k][j] = (4^j·T[k][j−1] − T[k−1][j−1]) / (4^j − 1),

where each column cancels one more power of h²: T[k][1] = (4·D(h/2) − D(h))/3
has no h² term, because D(h/2) − D(h) ≈ −(3/4)·c₁h² is three quarters of
D(h)'s truncation error, measured rather than guessed.  The error of T[k][j] is
estimated as max(|T[k][j] − T[k][j−1]|, |T[k][j] − T[k−1][j−1]|), and that of
D(h/2^k) alone as |D(h/2^(k−1)) − D(h/2^k)| (three times its error while the h²
term rules, equal to it where D converges only like h).  The entry with the
smallest error estimate (times two, plus rounding) is the estimate; a later step
that disagrees with it by more than both errors raises its error.

The walk stops when

* it is settled: the error is under 1% of atol + rtol·|estimate| and one more
  step has been taken since;
* or rounding (:func:`autograd.check.steps.rounding`) at the current step alone
  exceeds the best error, so smaller steps can only do worse, and the measured
  truncation error is under 1% of the estimate;

and, either way, a step off the grid agrees (:func:`_real`).  Otherwise it runs
to 64 steps or the smallest step, and the estimate is marked not converged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from autograd.check.steps import Level, Steps, rounding

__all__ = ["Estimate", "Walk", "resolved", "walk"]

_TARGET = 1e-2  # settled: the error estimate is under 1% of the tolerance
_RESOLVED = 1e-2  # an error under 1% of the derivative ...
_FLOOR = 100.0  # ... or under this many atol resolves it
_LEVELS = 64  # at most this many steps
_ORDER = 6  # the highest Richardson column


def resolved(error: float, size: float, atol: float) -> bool:
    """Is ``error`` small enough to judge a derivative of this ``size``: under 1% of it, or under 100·atol?"""
    return error <= max(_FLOOR * atol, _RESOLVED * size)


@dataclass
class Estimate:
    """The numeric derivative, its measured truncation error and rounding bound, at step ``h`` (level ``level``)."""

    numeric: float
    truncation: float
    rounding: float
    h: float
    level: int

    @property
    def error(self) -> float:
        """The finite difference's own error budget: 2·truncation + rounding."""
        return 2.0 * self.truncation + self.rounding


@dataclass
class Walk:
    """What one row learned from the steps: the estimate, and the slopes and rounding per level."""

    first: int = -1  # the first level where g is defined
    last: int = -1
    best: Estimate | None = None
    converged: bool = False
    slopes: dict[int, tuple[float, float]] = field(default_factory=dict)
    rounding: dict[int, float] = field(default_factory=dict)


def walk(steps: Steps, i: int, f0: float, scale: float, atol: float, rtol: float) -> Walk:
    """Fill Richardson's table for row i from the first defined step down, until it settles."""
    out = Walk()
    start = steps.start()
    if start is None:
        return out
    out.first = start
    biggest = max(scale, abs(f0))
    above: list[float] = []  # the previous row of the table
    for k in range(start, start + _LEVELS):
        lv = steps.level(k)
        if lv is None:
            break  # below the smallest step
        if not isinstance(lv, Level):
            above = []  # undefined here (x − h hit a pole): start the table afresh below
            continue
        out.last = k
        biggest = max(biggest, abs(lv.plus[i]), abs(lv.minus[i]))
        row = [lv.central(i)]
        out.rounding[k] = here_rounding = rounding(steps.x, biggest, row[0], lv.h)
        out.slopes[k] = lv.one_sided(i, f0)
        for j in range(1, min(len(above), _ORDER) + 1):
            # (4^j·T[k][j−1] − T[k−1][j−1]) / (4^j − 1), written so that it cannot overflow
            row.append(row[j - 1] + (row[j - 1] - above[j - 1]) / (4.0**j - 1.0))
        if above:
            candidates = [(abs(above[0] - row[0]), row[0])]
            candidates += [
                (max(abs(row[j] - row[j - 1]), abs(row[j] - above[j - 1])), row[j])
                for j in range(1, len(row))
            ]
            err, value = min(candidates)
            here = Estimate(value, err, here_rounding, lv.h, k)
            best = out.best
            if best is not None and abs(value - best.numeric) > best.error + here.error:
                best.truncation = max(best.truncation, abs(value - best.numeric))  # it was too sure
            if best is None or here.error < best.error:
                out.best = best = here
            # A wrong, huge analytic must not loosen the target: only the numeric side counts.
            settled = best.error <= _TARGET * (atol + rtol * abs(best.numeric)) and best.level < k
            # Rounding beyond the best error means smaller steps can only do worse, but only once the
            # truncation is measured small: before that the steps may still be far from the slope.
            spent = here_rounding > best.error and resolved(2.0 * best.truncation, abs(best.numeric), atol)
            if (settled or spent) and _real(steps, i, f0, scale, best):
                out.converged = True
                break
        above = row
    if out.best is None and out.first >= 0:  # a single usable step: no error estimate at all
        lv = steps.level(out.first)
        assert isinstance(lv, Level)
        d = lv.central(i)
        out.best = Estimate(d, math.inf, out.rounding[out.first], lv.h, out.first)
    return out


def _real(steps: Steps, i: int, f0: float, scale: float, best: Estimate) -> bool:
    """Does a step off the grid agree with ``best``?  If not, raise its error and say no.

    f(x ± h/2^k) can fool the table: for sin at x = 1e8 the first step is 605.5, and
    h/2^k lies close to a multiple of 2π for several k in a row, so D(h/2^k) settles
    smoothly on a wrong slope.  With h' = h/√2 off the grid, 2·D(h') − D(h) is
    f'(x) + O(h⁴) when the table is right, and unrelated to it when it is fooled.
    """
    on, off = steps.level(best.level), steps.between(best.level)
    if not isinstance(on, Level) or not isinstance(off, Level):
        return True
    d_on, d_off = on.central(i), off.central(i)
    noise = rounding(steps.x, max(scale, abs(f0), abs(off.plus[i]), abs(off.minus[i])), d_off, off.h)
    gap = abs((d_off - d_on) + (d_off - best.numeric))  # |2·D(h') − D(h) − estimate|, without overflow
    if gap <= 2.0 * max(abs(d_on - best.numeric), best.error) + 3.0 * noise:
        return True
    best.truncation = max(best.truncation, gap)
    return False
