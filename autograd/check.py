"""Is my derivative right?  Compare backward's gradient with finite differences.

For each input x, :func:`gradcheck` nudges x by a step h and measures how the
output moves: the central difference

    numeric = (f(x + h) − f(x − h)) / 2h

is the slope of f at x up to an error the checker estimates (see below).
backward's gradient (``analytic``) must agree with it.  :func:`gradgradcheck`
does the same one level up (second derivatives), and :func:`check_module`
checks the parameters of a model.

Error budget (float64, machine epsilon ε ≈ 2.2e-16, default step
h = ε^(1/3)·max(1, |x|) ≈ 6.1e-6·max(1, |x|)):

* truncation: the central difference D(h) is off by about h²·|f'''|/6;
  |D(2h) − D(h)| is three times that for a smooth f, and still equals the
  error where f'' jumps (x·|x| at 0), so the checker allows twice it;
* rounding: each f value carries an error of a few ε·|f|, so the difference
  is off by about ε·|f|/h (≈ 4e-11·|f| for |x| ≤ 1); estimated as 8·ε·max|f|/h.

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

import functools
import inspect
import math
import numbers
import random
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from autograd import engine
from autograd.engine import Value, no_grad, topological_order

__all__ = [
    "GradcheckError",
    "GradcheckReport",
    "GradcheckRow",
    "check_module",
    "default_step",
    "gradcheck",
    "gradgradcheck",
]

EPSILON = sys.float_info.epsilon
#: Default relative step: ε^(1/3) balances truncation (∝ h²) against rounding (∝ ε/h).
STEP = float(EPSILON ** (1.0 / 3.0))
#: Default tolerances (see the module docstring for the budget they sit on).
ATOL = 1e-10
RTOL = 1e-6
_ROUNDING = 8.0  # a few ε per f value, a few f values per difference
_KINK = 10.0  # a slope jump this many tolerances wide is a kink, not curvature
_SMOOTH = 1e-3  # slopes left and right of x closer than this (relative) need no kink test

OK, MISMATCH, KINK, NON_FINITE = "ok", "MISMATCH", "KINK", "NON-FINITE"


def default_step(x: float) -> float:
    """The step h = ε^(1/3)·max(1, |x|) used when ``eps`` is not given.

    >>> round(default_step(0.5) / default_step(1.0), 12), round(default_step(100.0) / default_step(1.0), 12)
    (1.0, 100.0)
    """
    return STEP * max(1.0, abs(x))


class HasParameters(Protocol):
    """Anything with ``parameters()``: an ``nn.Module``, or your own class."""

    def parameters(self) -> Iterable[Value]: ...


# --- the report ----------------------------------------------------------------


@dataclass(frozen=True)
class GradcheckRow:
    """One derivative: backward's value (``analytic``) against finite differences (``numeric``).

    ``status`` is ``"ok"``, ``"MISMATCH"`` (they disagree by more than
    ``allowed``), ``"KINK"`` (f has no single slope here) or ``"NON-FINITE"``
    (a NaN or infinity, or f undefined at a nudged point).  ``left`` and
    ``right`` are the one-sided slopes (f(x) − f(x−h))/h and (f(x+h) − f(x))/h.
    ``note`` says in words what went wrong, ``""`` for a passing row.
    """

    index: int
    label: str
    analytic: float
    numeric: float
    abs_err: float
    rel_err: float
    ok: bool
    status: str
    allowed: float
    at: float
    step: float
    left: float = math.nan
    right: float = math.nan
    note: str = ""


@dataclass(frozen=True)
class GradcheckReport:
    """The result of a check: truthy if and only if every row passed.

    ``str(report)`` is the table, with failing rows marked ``✗`` and a note
    under the table for each one.
    """

    rows: tuple[GradcheckRow, ...]
    atol: float
    rtol: float
    eps: float | None
    title: str
    kind: str = "input"

    def __bool__(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def passed(self) -> bool:
        """True if every row passed."""
        return bool(self)

    @property
    def failures(self) -> tuple[GradcheckRow, ...]:
        """The rows that did not pass."""
        return tuple(r for r in self.rows if not r.ok)

    def __str__(self) -> str:
        return _table(self)


class GradcheckError(AssertionError):
    """A check failed; the message is the report's table, failing rows marked ``✗``.

    ``error.report`` holds the :class:`GradcheckReport`.
    """

    def __init__(self, report: GradcheckReport) -> None:
        super().__init__(str(report))
        self.report = report


def _num(x: float) -> str:
    return f"{x:.10g}"


def _err(x: float) -> str:
    return f"{x:.1e}" if math.isfinite(x) else str(x)


_HEAD = (
    "#",
    "input",
    "analytic (backward)",
    "numeric (finite diff)",
    "abs err",
    "rel err",
    "allowed",
    "status",
)


def _table(report: GradcheckReport) -> str:
    head = (_HEAD[0], report.kind, *_HEAD[2:])
    cells = [
        (
            str(r.index),
            r.label,
            _num(r.analytic),
            _num(r.numeric),
            _err(r.abs_err),
            _err(r.rel_err),
            _err(r.allowed),
            r.status + ("" if r.ok else "  ✗"),
        )
        for r in report.rows
    ]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    left = {0, 1, 7}

    def line(c: Sequence[str]) -> str:
        return "  ".join(s.ljust(w) if i in left else s.rjust(w) for i, (s, w) in enumerate(zip(c, widths)))

    step = f"h = {report.eps:g}" if report.eps is not None else "h = ε^(1/3)·max(1, |x|)"
    tols = f"atol={report.atol:g}, rtol={report.rtol:g}, {step}"
    out = [report.title, line(head).rstrip(), *(line(c).rstrip() for c in cells)]
    failures = report.failures
    n = len(report.rows)
    if not failures:
        agree = "the derivative agrees" if n == 1 else f"all {n} derivatives agree"
        out.append(f"✓ PASSED: {agree} with finite differences ({tols}).")
        return "\n".join(out)
    out.append(f"✗ FAILED: {len(failures)} of {n} derivative{'s' * (n > 1)} did not check out ({tols}).")
    out.extend(f"  ✗ {r.label}: {r.status}: {r.note}" for r in failures)
    out.append(
        "How to read this: each row nudges one input by ±h and measures how the output moves (numeric).\n"
        "backward's answer (analytic) must match it to within 'allowed' = atol + rtol·|value| + the\n"
        "finite difference's own estimated error.  MISMATCH: a derivative rule on the path from that\n"
        "input to the output is wrong.  KINK: the slope jumps there, so no single derivative exists.\n"
        "NON-FINITE: a NaN or infinity appeared, or the function is undefined at a nudged point."
    )
    return "\n".join(out)


# --- evaluating f --------------------------------------------------------------


@contextmanager
def _recording() -> Iterator[None]:
    # The analytic gradient needs a recorded graph even if the caller is inside no_grad().
    prev = engine._GradMode.enabled
    engine._GradMode.enabled = True
    try:
        yield
    finally:
        engine._GradMode.enabled = prev


def _as_value(out: object, what: str) -> Value:
    if isinstance(out, Value):
        return out
    if isinstance(out, numbers.Real) and not isinstance(out, bool):
        return Value(float(out))
    raise TypeError(f"{what} must return a Value (or a number), got {type(out).__name__} {out!r}")


@contextmanager
def _grads_kept(roots: Sequence[Value]) -> Iterator[list[Value]]:
    """Save every grad in the graphs under ``roots`` and put them back afterwards.

    backward writes into every node it reaches, including Values the caller
    owns (parameters, closed-over constants); a check must leave them as it found them.
    """
    saved: dict[int, tuple[Value, Any]] = {}  # by id: a Value may one day compare by value
    for root in roots:
        for node in topological_order(root):
            saved.setdefault(id(node), (node, node.grad))
    try:
        yield [node for node, _ in saved.values()]
    finally:
        for node, g in saved.values():
            node.grad = g


def _first_grads(f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str]) -> list[float]:
    """∂f/∂x_i for every i, from backward on fresh leaves; nothing else's grad changes."""
    with _recording():
        leaves = [Value(x, lab) for x, lab in zip(xs, labels)]
        out = _as_value(f(*leaves), "f")
        with _grads_kept([out, *leaves]) as nodes:
            for node in nodes:
                node.grad = 0.0
            out.backward()
            return [float(leaf.grad) for leaf in leaves]


def _hessian(f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str]) -> list[list[float]]:
    """H[i][j] = ∂(∂f/∂x_i)/∂x_j: backward(create_graph=True), then backward through each gradient."""
    n = len(xs)
    with _recording():
        leaves = [Value(x, lab) for x, lab in zip(xs, labels)]
        out = _as_value(f(*leaves), "f")
        with _grads_kept([out, *leaves]) as nodes:
            for node in nodes:
                node.grad = 0.0
            out.backward(create_graph=True)
            firsts: list[Any] = [leaf.grad for leaf in leaves]
            rows: list[list[float]] = []
            for g in firsts:
                if not isinstance(g, Value):
                    rows.append([0.0] * n)  # a constant gradient: no second derivative
                    continue
                with _grads_kept([g]):
                    for leaf in leaves:
                        leaf.grad = 0.0
                    g.backward()
                    rows.append([float(leaf.grad) for leaf in leaves])
            return rows


def _value_at(f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str]) -> float:
    with no_grad():
        out = f(*(Value(x, lab) for x, lab in zip(xs, labels)))
    return float(_as_value(out, "f").data)


_FLOAT_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


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
        except _FLOAT_ERRORS as e:
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
class _Slot:
    """Where a row sits: its index and label, the function ``of`` checked, the input ``by`` nudged."""

    index: int
    label: str
    of: str
    by: str
    x: float
    h: float


def _check_input(
    g: Callable[[float], Sequence[float]],
    center: Sequence[float],
    slots: Sequence[_Slot],
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
    rows = [
        _judge(s, a, {k: v[i] for k, v in ys.items()}, problem, atol, rtol, hint)
        for i, (s, a) in enumerate(zip(slots, analytic))
    ]
    if all(r is not None for r in rows):
        return [r for r in rows if r is not None]
    outer, problem = _stencil(g, x, h, (-2, 2), by, what)
    ys.update(outer)
    done = []
    for i, (s, a, r) in enumerate(zip(slots, analytic, rows)):
        full = (
            r if r is not None else _judge(s, a, {k: v[i] for k, v in ys.items()}, problem, atol, rtol, hint)
        )
        assert full is not None  # all five points, or a problem: always a verdict
        done.append(full)
    return done


def _judge(
    slot: _Slot,
    analytic: float,
    ys: Mapping[int, float],
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
    rounding = _ROUNDING * EPSILON * max(abs(y) for y in ys.values()) / h
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
            f"the slope of {of} jumps at or within 2h of {by} = {_num(x)}: "
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


_Graph = tuple[list[Value], set[int]]


def _detached_hint(graph: Callable[[float], _Graph], x: float, h: float, of: str, by: str) -> str:
    """Name the constants in the graph that secretly depend on ``by`` (made under no_grad or from .data).

    ``graph(t)`` records the function with the input at t and returns its nodes in
    topological order and the ids of the inputs.  If the graphs at x and x + h
    have the same shape, a leaf that is not an input yet holds a different
    number is a value backward cannot see moving.
    """
    try:
        (g0, ins0), (g1, ins1) = graph(x), graph(x + h)
    except _FLOAT_ERRORS:
        return ""
    if len(g0) != len(g1) or any(a.op != b.op for a, b in zip(g0, g1)):
        return ""
    changed = [
        (a, b)
        for a, b in zip(g0, g1)
        if a.op == "" and id(a) not in ins0 and id(b) not in ins1 and a.data != b.data
    ]
    if not changed:
        return ""
    a, b = changed[0]
    name = f" ({a.label})" if a.label else ""
    return (
        f"backward treats {len(changed)} value(s) in {of} as constant, yet they change when {by} is nudged "
        f"(e.g. {a.data:.10g}{name} → {b.data:.10g}): they were computed under no_grad() or from .data, so "
        f"backward misses how they depend on {by}."
    )


def _graph_of_f(
    f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str], j: int, t: float
) -> _Graph:
    with _recording():
        leaves = [Value(x, lab) for x, lab in zip([*xs[:j], t, *xs[j + 1 :]], labels)]
        out = _as_value(f(*leaves), "f")
    return topological_order(out), {id(v) for v in leaves}


def _graph_of_loss(loss_fn: Callable[[], Any], params: Sequence[Value], p: Value, t: float) -> _Graph:
    x = p.data
    p.data = t
    try:
        with _recording():
            loss = _as_value(loss_fn(), "loss_fn")
    finally:
        p.data = x
    return topological_order(loss), {id(q) for q in params}


# --- arguments ------------------------------------------------------------------


def _inputs(f: Callable[..., Any], inputs: Sequence[float | Value], fn: str) -> tuple[list[float], list[str]]:
    if not callable(f):
        raise TypeError(f"{fn}: f must be a function of {len(inputs)} Values, got {type(f).__name__} {f!r}")
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(f"{fn}: inputs must be a sequence of numbers such as [2.0, -3.0], got {inputs!r}")
    if not inputs:
        raise ValueError(f"{fn}: inputs is empty; give one number per argument of f")
    names = _param_names(f, len(inputs))
    xs: list[float] = []
    labels: list[str] = []
    for i, given in enumerate(inputs):
        x: object = given.data if isinstance(given, Value) else given
        label = (given.label if isinstance(given, Value) else "") or names[i]
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise TypeError(f"{fn}: input {i} ({label}) must be a number, got {type(x).__name__} {x!r}")
        if not math.isfinite(x):
            raise ValueError(f"{fn}: input {i} ({label}) is {x}; finite differences need finite inputs")
        xs.append(float(x))
        labels.append(label)
    return xs, labels


def _param_names(f: Callable[..., Any], n: int) -> list[str]:
    """The names of f's parameters (``lambda x, y: ...`` gives x, y), else x0, x1, …"""
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        params = []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in params if p.kind in kinds]
    if len(names) >= n and len(set(names[:n])) == n:
        return names[:n]
    return [f"x{i}" for i in range(n)]


def _tolerances(eps: float | None, atol: float, rtol: float, fn: str) -> None:
    for name, v in (("atol", atol), ("rtol", rtol)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not v >= 0 or not math.isfinite(v):
            raise ValueError(f"{fn}: {name} must be a finite number ≥ 0, got {v!r}")
    if eps is not None and (
        isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0 or not math.isfinite(eps)
    ):
        raise ValueError(
            f"{fn}: eps must be a finite step > 0 (or None for ε^(1/3)·max(1, |x|)), got {eps!r}"
        )


def _step_at(x: float, eps: float | None, label: str, fn: str) -> float:
    h = (x + (default_step(x) if eps is None else eps)) - x  # a step x ± h can represent exactly
    if h <= 0:
        raise ValueError(f"{fn}: eps={eps!r} is too small to move {label} = {x!r}; use a larger eps")
    return h


def _point(xs: Sequence[float], labels: Sequence[str]) -> str:
    return ", ".join(f"{lab} = {_num(x)}" for x, lab in zip(xs, labels))


def _finish(report: GradcheckReport, raise_exception: bool) -> GradcheckReport:
    if raise_exception and not report:
        raise GradcheckError(report)
    return report


# --- the checks ------------------------------------------------------------------


def gradcheck(
    f: Callable[..., Any],
    inputs: Sequence[float | Value],
    *,
    eps: float | None = None,
    atol: float = ATOL,
    rtol: float = RTOL,
    raise_exception: bool = True,
) -> GradcheckReport:
    """Check backward's ∂f/∂x_i against the central difference (f(x+h) − f(x−h))/2h for every input.

    Args:
        f: takes ``len(inputs)`` Values and returns a Value.
        inputs: the point to check at, one number per argument of f.
        eps: the step h; default ε^(1/3)·max(1, |x|) per input.
        atol, rtol: a row passes when |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|)
            + the finite difference's own estimated error (module docstring).
        raise_exception: raise :class:`GradcheckError` on failure instead of returning the report.

    Returns:
        A :class:`GradcheckReport`, truthy if and only if every row passed.

    >>> report = gradcheck(lambda x, y: x * y, [2.0, 3.0])
    >>> [(r.label, r.analytic, round(r.numeric, 9)) for r in report.rows]
    [('x', 3.0, 3.0), ('y', 2.0, 2.0)]
    """
    _tolerances(eps, atol, rtol, "gradcheck")
    xs, labels = _inputs(f, inputs, "gradcheck")
    analytic = _first_grads(f, xs, labels)
    center = [_value_at(f, xs, labels)]
    rows: list[GradcheckRow] = []
    for j, (x, label) in enumerate(zip(xs, labels)):
        h = _step_at(x, eps, label, "gradcheck")

        def value(t: float, j: int = j) -> list[float]:
            return [_value_at(f, [*xs[:j], t, *xs[j + 1 :]], labels)]

        graph = functools.partial(_graph_of_f, f, xs, labels, j)
        hint = functools.partial(_detached_hint, graph, x, h, "f", label)
        slot = _Slot(j, label, "f", label, x, h)
        rows += _check_input(value, center, [slot], [analytic[j]], "f", atol, rtol, hint)
    title = f"gradcheck: ∂f/∂input at {_point(xs, labels)}"
    return _finish(GradcheckReport(tuple(rows), atol, rtol, eps, title), raise_exception)


def gradgradcheck(
    f: Callable[..., Any],
    inputs: Sequence[float | Value],
    *,
    eps: float | None = None,
    atol: float = ATOL,
    rtol: float = RTOL,
    raise_exception: bool = True,
) -> GradcheckReport:
    """Check second derivatives: ∂(∂f/∂x_i)/∂x_j from a recorded backward against finite differences.

    The analytic side runs ``backward(create_graph=True)`` and then backward
    through each gradient; the numeric side is the central difference of the
    first gradient (from plain backward) as x_j moves.  One row per pair (i, j),
    so n inputs give n² rows.  Arguments and report as in :func:`gradcheck`.

    >>> report = gradgradcheck(lambda x: x**3, [2.0])
    >>> report.rows[0].label, report.rows[0].analytic
    ('∂²f/∂x²', 12.0)
    """
    _tolerances(eps, atol, rtol, "gradgradcheck")
    xs, labels = _inputs(f, inputs, "gradgradcheck")
    hess = _hessian(f, xs, labels)
    center = _first_grads(f, xs, labels)
    n = len(xs)
    rows: list[GradcheckRow] = []
    for j, (x, lab_j) in enumerate(zip(xs, labels)):
        h = _step_at(x, eps, lab_j, "gradgradcheck")

        def grads(t: float, j: int = j) -> list[float]:
            return _first_grads(f, [*xs[:j], t, *xs[j + 1 :]], labels)

        slots = [
            _Slot(
                i * n + j,
                f"∂²f/∂{lab_i}²" if i == j else f"∂(∂f/∂{lab_i})/∂{lab_j}",
                f"∂f/∂{lab_i}",
                lab_j,
                x,
                h,
            )
            for i, lab_i in enumerate(labels)
        ]
        rows += _check_input(
            grads, center, slots, [hess[i][j] for i in range(n)], "the gradient of f", atol, rtol
        )
    rows.sort(key=lambda r: r.index)
    title = f"gradgradcheck: second derivatives at {_point(xs, labels)}"
    return _finish(GradcheckReport(tuple(rows), atol, rtol, eps, title, "derivative"), raise_exception)


def check_module(
    model: HasParameters,
    loss_fn: Callable[[], Any],
    *,
    max_params: int = 50,
    seed: int = 0,
    eps: float | None = None,
    atol: float = ATOL,
    rtol: float = RTOL,
    raise_exception: bool = True,
) -> GradcheckReport:
    """Gradient-check a model: ∂loss/∂p from backward against finite differences, for sampled parameters p.

    ``loss_fn()`` takes no arguments and rebuilds the loss from the current
    parameters.  At most ``max_params`` parameters are checked, a random
    sample drawn with ``seed``, so a large model checks in seconds.  Every
    parameter's ``data`` and ``grad`` are exactly as before afterwards, even if
    ``loss_fn`` raises.

    >>> class Line:
    ...     def __init__(self): self.w, self.b = Value(3.0, "w"), Value(1.0, "b")
    ...     def parameters(self): return [self.w, self.b]
    >>> m = Line()
    >>> bool(check_module(m, lambda: (m.w * 2.0 + m.b - 5.0) ** 2))
    True
    """
    fn = "check_module"
    _tolerances(eps, atol, rtol, fn)
    if isinstance(max_params, bool) or not isinstance(max_params, int) or max_params < 1:
        raise ValueError(f"{fn}: max_params must be a whole number ≥ 1, got {max_params!r}")
    if not callable(getattr(model, "parameters", None)):
        raise TypeError(f"{fn}: model must have a parameters() method, got {type(model).__name__}")
    if not callable(loss_fn):
        raise TypeError(f"{fn}: loss_fn must be a function of no arguments returning the loss Value")
    params: list[Value] = []
    seen: set[int] = set()
    for k, p in enumerate(model.parameters()):
        if not isinstance(p, Value):
            raise TypeError(f"{fn}: parameter {k} is a {type(p).__name__}, not a Value")
        if id(p) not in seen:  # a shared parameter is checked once
            seen.add(id(p))
            params.append(p)
    if not params:
        raise ValueError(f"{fn}: model.parameters() is empty; there is nothing to check")
    picked = sorted(random.Random(seed).sample(range(len(params)), min(max_params, len(params))))
    labels = [params[k].label or f"param[{k}]" for k in picked]
    saved = [(p, p.data, p.grad) for p in params]
    try:
        with _recording():
            loss = _as_value(loss_fn(), "loss_fn")
            with _grads_kept([loss, *params]) as nodes:
                for node in nodes:
                    node.grad = 0.0
                loss.backward()
                analytic = [float(params[k].grad) for k in picked]
        center = [float(loss.data)]

        def loss_at(p: Value, t: float) -> list[float]:
            x = p.data
            p.data = t
            try:
                with no_grad():
                    return [float(_as_value(loss_fn(), "loss_fn").data)]
            finally:
                p.data = x

        rows: list[GradcheckRow] = []
        for row, (k, label) in enumerate(zip(picked, labels)):
            p = params[k]
            x = p.data
            h = _step_at(x, eps, label, fn)
            slot = _Slot(row, label, "the loss", label, x, h)
            graph = functools.partial(_graph_of_loss, loss_fn, params, p)
            hint = functools.partial(_detached_hint, graph, x, h, "the loss", label)
            nudged = functools.partial(loss_at, p)
            rows += _check_input(nudged, center, [slot], [analytic[row]], "the loss", atol, rtol, hint)
    finally:
        for p, data, g in saved:
            p.data = data
            p.grad = g
    title = f"check_module: ∂loss/∂parameter for {len(picked)} of {len(params)} parameters (seed={seed})"
    return _finish(GradcheckReport(tuple(rows), atol, rtol, eps, title), raise_exception)
