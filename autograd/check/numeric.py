"""The verdict on one derivative: the error budget, kinks, and slopes finite differences cannot resolve.

Float64, ε ≈ 2.2e-16.  The first step is h = ``eps``, default
ε^(1/3)·max(1, |x|) (it balances truncation, ∝ h², against rounding, ∝ ε/h).

Quick pass: if the central difference at h matches backward's value to within
atol + rtol·|value| + rounding (no truncation allowance at all), and the slopes
just left and right of x agree to 0.1%, the row is ``ok`` after two evaluations.

Otherwise the step is halved and the differences are extrapolated
(:mod:`autograd.check.extrapolate`), which measures the truncation error
instead of guessing it.  A row then passes when

    |analytic − numeric| ≤ allowed = atol + rtol·max(|analytic|, |numeric|) + 2·truncation + rounding.

So a large ``eps`` does not widen the test: a rule off by 10% fails at every
eps from the default up to 1.0, and with the defaults (``atol=1e-10``,
``rtol=1e-6``) a rule off by 0.1% fails.

``UNRESOLVED`` (not a failure, and no verdict on the rule): the finite
difference's own error, 2·truncation + rounding, is more than 1% of the
derivative and more than 100·atol, so agreement would prove little.  f is then
too flat for its rounding (nudging b in a + b at a = 1e8, b = 1e-8 moves f by
less than its last digits; larger first steps are tried before giving up) or
changes too fast for the steps float64 allows near x.  A row whose steps never
settled is UNRESOLVED rather than MISMATCH, whatever backward says.

``KINK`` (a failure: no single derivative exists for backward to get right):
the one-sided slopes differ by J(h) = h·f'' + O(h³) where f is smooth, but by
the jump in slope at a kink, for every h.  G(h) = 2·J(h/2) − J(h) is therefore
O(h³), shrinking 8-fold per halving, where f is smooth; it equals the jump at a
kink, and doubles per halving where f itself steps.  A row is a KINK when G, at
the smallest step taken, is wider than the tolerance and steady (between 0.5 and
2.5 times its value one step up).  A kink merely near x is left behind
as the step shrinks, so it is not reported.

``NON-FINITE`` (a failure): backward's value is NaN or infinite, f(x) is, or
f is undefined at x ± h for every step down to 64 units in the last place of x
(x is on the edge of f's domain).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.check.extrapolate import Estimate, Walk, resolved, walk
from autograd.check.report import KINK, MISMATCH, NON_FINITE, OK, UNRESOLVED, GradcheckRow
from autograd.check.say import Say, render_all
from autograd.check.steps import EPSILON, Level, Steps, rounding
from autograd.core.numbers import FLOAT_ERRORS, fmt

__all__ = ["ATOL", "EPSILON", "FLOAT_ERRORS", "RTOL", "STEP", "Slot", "check_input", "default_step"]

#: Default relative first step: ε^(1/3) balances truncation (∝ h²) against rounding (∝ ε/h).
STEP = float(EPSILON ** (1.0 / 3.0))
#: Default tolerances (see the module docstring for the budget they sit on).
ATOL = 1e-10
RTOL = 1e-6
_KINK = 10.0  # a slope jump this many tolerances wide is a kink, not curvature
_SMOOTH = 1e-3  # slopes left and right of x closer than this (relative) need no kink test
_WIDER = (64.0, 4096.0)  # first steps tried, relative to the usual one, when rounding hides the slope


def default_step(x: float) -> float:
    """The first step h = ε^(1/3)·max(1, |x|) used when ``eps`` is not given.

    >>> round(default_step(0.5) / default_step(1.0), 12), round(default_step(100.0) / default_step(1.0), 12)
    (1.0, 100.0)
    """
    return STEP * max(1.0, abs(x))


@dataclass(frozen=True)
class Slot:
    """Where a row sits: its index and label, the function ``of`` checked, the input ``by`` nudged.

    ``h`` is the first step; ``of`` is a name (``"∂f/∂x"``) or a :class:`Say` (f, the loss).
    """

    index: int
    label: str
    of: str | Say
    by: str
    x: float
    h: float


def check_input(
    g: Callable[[float], Sequence[float]],
    center: Sequence[float],
    slots: Sequence[Slot],
    analytic: Sequence[float],
    what: Say,
    atol: float,
    rtol: float,
    lang: str = "en",
    hint: Callable[[], Say | None] | None = None,
    magnitude: float = 0.0,
) -> list[GradcheckRow]:
    """Rows for one nudged input: ``g(t)`` gives one value per row, ``center = g(x)``.

    ``hint()`` may name a cause for a MISMATCH (a value detached from the graph);
    ``magnitude`` is the size of the numbers g is computed from, if larger than g's own.
    """
    x, h, by = slots[0].x, slots[0].h, slots[0].by
    steps = Steps(g, x, h, by, what)
    bad = [u for u in center if not math.isfinite(u)]
    problem = None
    if bad:
        problem = Say.of("check_center_not_finite", what=what, value=str(bad[0]), by=by, x=fmt(x, 10))
    # Entries of one gradient come out of one backward pass, so each carries rounding
    # of the size of the largest: a near-zero entry is only as exact as that.
    scale = max(magnitude, *(abs(c) for c in center))
    return [
        _Judge(slot, a, center[i], scale, atol, rtol, lang, hint).row(steps, i, problem)
        for i, (slot, a) in enumerate(zip(slots, analytic))
    ]


class _Judge:
    """The verdict on row i: the quick pass at the first step, else the walk down the steps."""

    def __init__(
        self,
        slot: Slot,
        analytic: float,
        f0: float,
        scale: float,
        atol: float,
        rtol: float,
        lang: str,
        hint: Callable[[], Say | None] | None,
    ) -> None:
        self.slot, self.analytic, self.f0, self.scale = slot, analytic, f0, scale
        self.atol, self.rtol, self.lang, self.hint = atol, rtol, lang, hint

    def row(self, steps: Steps, i: int, problem: Say | None) -> GradcheckRow:
        """The row's verdict from the evaluations in ``steps``; ``problem`` if f(x) itself is not finite."""
        first = steps.level(0)
        if problem is not None or not math.isfinite(self.analytic):
            numeric = first.central(i) if isinstance(first, Level) else math.nan
            if problem is None and steps.start() is None:
                problem = steps.problem()
            return self._non_finite(numeric, problem)
        if isinstance(first, Level):
            quick = self._quick(first, i)
            if quick is not None:
                return quick
        found = walk(steps, i, self.f0, self.scale, self.atol, self.rtol)
        if found.best is None:
            return self._non_finite(math.nan, steps.problem())
        verdict = self._verdict(found)
        best = found.best
        for grow in _WIDER if verdict.status == UNRESOLVED and best.rounding >= best.truncation else ():
            # Too flat for the rounding at these steps: a larger first step may see f move.  Only a
            # clean pass replaces the verdict, so a wider step can never turn it into a failure.
            wider = Steps(steps.g, steps.x, steps.h * grow, steps.by, steps.what)
            again = walk(wider, i, self.f0, self.scale, self.atol, self.rtol)
            if again.best is not None and (better := self._verdict(again)).status == OK:
                return better
        return verdict

    # --- the parts of a verdict ----------------------------------------------------------

    def _row(
        self,
        numeric: float,
        status: str,
        allowed: float,
        h: float,
        slopes: tuple[float, float] = (math.nan, math.nan),
        why: tuple[Say, ...] = (),
    ) -> GradcheckRow:
        s, a = self.slot, self.analytic
        diff = abs(a - numeric)
        big = max(abs(a), abs(numeric))
        rel = diff / big if big > 0 else 0.0
        note = render_all(why, self.lang)
        ok = status in (OK, UNRESOLVED)
        return GradcheckRow(
            s.index, s.label, a, numeric, diff, rel, ok, status, allowed, s.x, h, *slopes, note, why
        )

    def _tolerance(self, numeric: float) -> float:
        return self.atol + self.rtol * max(abs(self.analytic), abs(numeric))

    def _resolved(self, error: float, numeric: float) -> bool:
        return resolved(error, max(abs(self.analytic), abs(numeric)), self.atol)

    def _non_finite(self, numeric: float, problem: Say | None) -> GradcheckRow:
        s, a = self.slot, self.analytic
        why: tuple[Say, ...] = ()
        if not math.isfinite(a):
            why = (Say.of("check_backward_not_finite", value=str(a), label=s.label),)
        if problem is not None:
            why += (problem,)
        return self._row(numeric, NON_FINITE, math.nan, s.h, why=why)

    def _quick(self, lv: Level, i: int) -> GradcheckRow | None:
        """``ok`` from x ± h alone, if it matches with no truncation allowance and the slopes are smooth."""
        numeric = lv.central(i)
        left, right = lv.one_sided(i, self.f0)
        biggest = max(self.scale, abs(self.f0), abs(lv.plus[i]), abs(lv.minus[i]))
        noise = rounding(self.slot.x, biggest, numeric, lv.h)
        allowed = self._tolerance(numeric) + noise
        smooth = abs(right - left) <= _SMOOTH * max(abs(left), abs(right))
        if abs(self.analytic - numeric) <= allowed and smooth and self._resolved(noise, numeric):
            return self._row(numeric, OK, allowed, lv.h, (left, right))
        return None

    def _verdict(self, found: Walk) -> GradcheckRow:
        s, a, best = self.slot, self.analytic, found.best
        assert best is not None
        numeric = best.numeric
        allowed = self._tolerance(numeric) + best.error
        slopes = found.slopes[found.last]
        if self._kink(found, found.last):
            left, right = slopes
            fields = {"of": s.of, "by": s.by, "x": fmt(s.x, 10), "analytic": fmt(a)}
            why = Say.of("check_kink", left=fmt(left), right=fmt(right), **fields)
            return self._row(numeric, KINK, allowed, best.h, slopes, (why,))
        if abs(a - numeric) <= allowed:
            if self._resolved(best.error, numeric):
                return self._row(numeric, OK, allowed, best.h, slopes)
            return self._row(numeric, UNRESOLVED, allowed, best.h, slopes, (self._unresolved(best),))
        # A MISMATCH needs a numeric value to trust: steps that settled, with a measured truncation
        # error small against the value (a large rounding bound only widens 'allowed').
        if not (found.converged and resolved(2.0 * best.truncation, abs(numeric), self.atol)):
            return self._row(numeric, UNRESOLVED, allowed, best.h, slopes, (self._unresolved(best),))
        if numeric != 0.0:
            ratio = Say.of("check_ratio", ratio=fmt(a / numeric))
        else:
            ratio = Say.of("check_ratio_still", of=s.of, by=s.by)
        says = Say.of("check_mismatch", analytic=fmt(a, 10), by=s.by, numeric=fmt(numeric, 10), ratio=ratio)
        extra = self.hint() if self.hint is not None else None
        blame = extra if extra is not None else Say.of("check_blame", by=s.by, of=s.of)
        return self._row(numeric, MISMATCH, allowed, best.h, slopes, (says, blame))

    def _kink(self, found: Walk, c: int) -> bool:
        """Is G = 2·J(h/2) − J(h) at level c wider than the tolerance, and steady from level c − 1?"""
        if c < found.first + 2:
            return False
        jumps = {k: right - left for k, (left, right) in found.slopes.items()}
        g_now = 2.0 * jumps[c] - jumps[c - 1]
        g_before = 2.0 * jumps[c - 1] - jumps[c - 2]
        left, right = found.slopes[c]
        width = _KINK * (self.atol + self.rtol * max(abs(left), abs(right))) + 6.0 * found.rounding[c]
        steady = g_now * g_before > 0 and 0.5 <= g_now / g_before <= 2.5
        return abs(g_now) > width and steady

    def _unresolved(self, best: Estimate) -> Say:
        s = self.slot
        noise = fmt(best.error, 2)
        if best.rounding >= 2.0 * best.truncation:
            return Say.of("check_unresolved_flat", of=s.of, by=s.by, noise=noise, h=fmt(best.h, 3))
        return Say.of(
            "check_unresolved_steep",
            of=s.of,
            by=s.by,
            x=fmt(s.x, 10),
            noise=noise,
            first=fmt(s.h, 3),
            h=fmt(best.h, 3),
        )
