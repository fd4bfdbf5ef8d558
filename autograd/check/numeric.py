"""The finite-difference side of a check: the step, the error budget, kinks.

Error budget (float64, machine epsilon ε ≈ 2.2e-16, default step
h = ε^(1/3)·max(1, |x|) ≈ 6.1e-6·max(1, |x|)):

* truncation: the central difference D(h) is off by about h²·|f'''|/6;
  |D(2h) − D(h)| is three times that for a smooth f, and still equals the
  error where f'' jumps (x·|x| at 0), so the checker allows twice it;
* rounding: each f value carries an error of a few ε·|f|, so the difference
  is off by about ε·|f|/h (≈ 4e-11·|f| for |x| ≤ 1); estimated as 8·ε·max|f|/h
  (in gradgradcheck f is a gradient entry, and max|f| covers the whole gradient).

h = ε^(1/3) is the step that balances the two.  A row passes when

    |analytic − numeric| ≤ allowed = atol + rtol·max(|analytic|, |numeric|)
                                     + 2·|D(2h) − D(h)| + 8·ε·max|f|/h.

The last two terms scale with f and its derivatives, so the test is as tight
as float64 allows at each point instead of one fixed rtol for all.  With the
defaults ``atol=1e-10`` and ``rtol=1e-6``, every correct built-in op passes on
hypothesis-drawn inputs clear of kinks and domain edges (the worst seen uses
about an eighth of ``allowed``), while a derivative off by 0.1% (relative error 1e-3)
fails with a margin of about a thousand.

Kinks (relu or abs at 0, or a kink within h of x, which the central
difference straddles): the checker compares the slope just left of x,
(f(x) − f(x−h))/h, with the slope just right of it (one-sided differences, as
Chainer does).  A smooth f has them differ by about h·f''; at a kink they
differ by the jump in slope.  Such a row is reported as ``KINK`` and fails,
because no single derivative exists there for backward to get right.

Cost: f(x) once, then f(x ± h) per input.  The points x ± 2h (for the
truncation bound and the kink test) are evaluated only when a row is in doubt:
a mismatch beyond atol + rtol·|g| + rounding, or one-sided slopes differing by
more than 0.1%.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from autograd.check.report import KINK, MISMATCH, NON_FINITE, OK, GradcheckRow

__all__ = ["ATOL", "EPSILON", "FLOAT_ERRORS", "RTOL", "STEP", "Slot", "check_input", "default_step"]

EPSILON = sys.float_info.epsilon
#: Default relative step: ε^(1/3) balances truncation (∝ h²) against rounding (∝ ε/h).
STEP = float(EPSILON ** (1.0 / 3.0))
#: Default tolerances (see the module docstring for the budget they sit on).
ATOL = 1e-10
RTOL = 1e-6
_ROUNDING = 8.0  # a few ε per f value, a few f values per difference
_KINK = 10.0  # a slope jump this many tolerances wide is a kink, not curvature
_SMOOTH = 1e-3  # slopes left and right of x closer than this (relative) need no kink test


def default_step(x: float) -> float:
    """The step h = ε^(1/3)·max(1, |x|) used when ``eps`` is not given.

    >>> round(default_step(0.5) / default_step(1.0), 12), round(default_step(100.0) / default_step(1.0), 12)
    (1.0, 100.0)
    """
    return STEP * max(1.0, abs(x))


#: What a float function raises outside its domain; a check reports it rather than crashing.
FLOAT_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


def _stencil(
    g: Callable[[float], Sequence[float]], x: float, h: float, ks: Sequence[int], by: str, what: str
) -> tuple[dict[int, Sequence[float]], str]:
    """``{k: g(x + k·h)}`` for each k, or the reason g could not be evaluated there."""
    vals: dict[int, Sequence[float]] = {}
    for k in ks:
        t = x + k * h
        at = f"{by} = {_num(t)}" + (
            "" if k == 0 else f" ({by} {'+−'[k < 0]} {abs(k) if abs(k) > 1 else ''}h)"
        )
        try:
            v = g(t)
        except FLOAT_ERRORS as e:
            return (
                {},
                f"{what} is undefined at {at}: {e}. Move {by} away from the edge of the domain, or pass a smaller eps.",
            )
        bad = [u for u in v if not math.isfinite(u)]
        if bad:
            return {}, f"{what} is {bad[0]} at {at}. Move {by} away from there, or pass a smaller eps."
        vals[k] = v
    return vals, ""


@dataclass(frozen=True)
class Slot:
    """Where a row sits: its index and label, the function ``of`` checked, the input ``by`` nudged."""

    index: int
    label: str
    of: str
    by: str
    x: float
    h: float


def check_input(
    g: Callable[[float], Sequence[float]],
    center: Sequence[float],
    slots: Sequence[Slot],
    analytic: Sequence[float],
    what: str,
    atol: float,
    rtol: float,
    hint: Callable[[], str] | None = None,
) -> list[GradcheckRow]:
    """Rows for one nudged input: ``g(t)`` gives one value per row, ``center = g(x)``.

    x ± h comes first; x ± 2h only if some row is in doubt (see :func:`_judge`),
    so a clean pass costs two evaluations of g.
    """
    x, h, by = slots[0].x, slots[0].h, slots[0].by
    ys, problem = _stencil(g, x, h, (-1, 1), by, what)
    bad = [u for u in center if not math.isfinite(u)]
    if bad:
        problem = f"{what} is {bad[0]} at {by} = {_num(x)} itself."
    ys[0] = center
    # Entries of one gradient come out of one backward pass, so each carries rounding
    # of the size of the largest: a near-zero entry is only as exact as that.
    scale = max((abs(c) for c in center), default=0.0)
    rows = [
        _judge(s, a, {k: v[i] for k, v in ys.items()}, scale, problem, atol, rtol, hint)
        for i, (s, a) in enumerate(zip(slots, analytic))
    ]
    if all(r is not None for r in rows):
        return [r for r in rows if r is not None]
    outer, problem = _stencil(g, x, h, (-2, 2), by, what)
    ys.update(outer)
    done = []
    for i, (s, a, r) in enumerate(zip(slots, analytic, rows)):
        full = (
            r
            if r is not None
            else _judge(s, a, {k: v[i] for k, v in ys.items()}, scale, problem, atol, rtol, hint)
        )
        assert full is not None  # all five points, or a problem: always a verdict
        done.append(full)
    return done


def _judge(
    slot: Slot,
    analytic: float,
    ys: Mapping[int, float],
    scale: float,
    problem: str,
    atol: float,
    rtol: float,
    hint: Callable[[], str] | None = None,
) -> GradcheckRow | None:
    """One row from ``ys[k] = g(x + k·h)``; ``None`` if it needs x ± 2h (``ys`` holds only −1, 0, 1).

    With three points a row passes only if it matches without any truncation
    allowance and the slopes left and right of x agree to 0.1%; anything else
    takes the full test with five points.
    """
    nan = math.nan
    index, label, of, by, x, h = slot.index, slot.label, slot.of, slot.by, slot.x, slot.h
    if problem or not math.isfinite(analytic):
        if not math.isfinite(analytic):
            problem = (
                f"backward returned {analytic} for {label}: a derivative rule divided by zero or overflowed "
                "(like 1/(2√x) at x = 0). " + problem
            ).strip()
        numeric = (ys[1] - ys[-1]) / (2 * h) if 1 in ys and -1 in ys else nan
        diff = abs(analytic - numeric)
        return GradcheckRow(
            index, label, analytic, numeric, diff, nan, False, NON_FINITE, nan, x, h, note=problem
        )
    f1m, f0, f1p = ys[-1], ys[0], ys[1]
    numeric = (f1p - f1m) / (2 * h)
    rounding = _ROUNDING * EPSILON * max(scale, *(abs(y) for y in ys.values())) / h
    left, right = (f0 - f1m) / h, (f1p - f0) / h
    diff = abs(analytic - numeric)
    big = max(abs(analytic), abs(numeric))
    rel = diff / big if big > 0 else 0.0
    if 2 not in ys:
        allowed = atol + rtol * big + rounding
        if diff <= allowed and abs(right - left) <= _SMOOTH * max(abs(left), abs(right)):
            return GradcheckRow(
                index, label, analytic, numeric, diff, rel, True, OK, allowed, x, h, left, right
            )
        return None
    f2m, f2p = ys[-2], ys[2]
    wide = (f2p - f2m) / (4 * h)
    # |D(2h) − D(h)| bounds D(h)'s truncation error whether it shrinks like h² (smooth f:
    # three times the error) or only like h (f'' jumps, as for x·|x| at 0: exactly the error).
    truncation = abs(wide - numeric)
    # A smooth f has the four one-step slopes on a parabola, so the middle gap
    # (right − left) equals a third of the outer one; Δ⁴f/3h is what is left over.
    excess = abs(f2p - 4 * f1p + 6 * f0 - 4 * f1m + f2m) / (3 * h)
    allowed = atol + rtol * big + 2.0 * truncation + rounding
    kink_width = _KINK * (atol + rtol * max(abs(left), abs(right))) + 6.0 * rounding
    if excess > kink_width:
        note = (
            f"the slope of {of} jumps at or within 2h of {by} = {_num(x)} (a kink, or a step in {of} itself): "
            f"≈ {left:.6g} just left of it, ≈ {right:.6g} just right.  No single derivative exists here "
            f"(backward chose {analytic:.6g}); check at a point away from the kink."
        )
        return GradcheckRow(
            index, label, analytic, numeric, diff, rel, False, KINK, allowed, x, h, left, right, note
        )
    if diff <= allowed:
        return GradcheckRow(index, label, analytic, numeric, diff, rel, True, OK, allowed, x, h, left, right)
    if numeric != 0.0:
        ratio = f"backward/numeric = {analytic / numeric:.6g}"
    else:
        ratio = f"{of} does not move when {by} is nudged"
    note = f"backward says {analytic:.10g}, nudging {by} says {numeric:.10g} ({ratio})."
    extra = hint() if hint is not None else ""
    note += (
        " " + extra
        if extra
        else f" A derivative rule on the path from {by} to {of} is wrong (a ratio like 2 or 0.5 "
        "often means a forgotten chain-rule factor)."
    )
    return GradcheckRow(
        index, label, analytic, numeric, diff, rel, False, MISMATCH, allowed, x, h, left, right, note
    )


def _num(x: float) -> str:
    return f"{x:.10g}"
