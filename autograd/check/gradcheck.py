"""Is my derivative right?  Compare backward's gradient with finite differences.

For each input x, :func:`gradcheck` nudges x by a step h and measures how the
output moves: the central difference

    numeric = (f(x + h) − f(x − h)) / 2h

is the slope of f at x up to an error of about h².  The checker measures that
error instead of guessing it: it repeats the difference at h/2, h/4, … and
combines them (Richardson extrapolation), so ``numeric`` is the slope with the
h² terms removed.  backward's gradient (``analytic``) must agree with it.
:func:`gradgradcheck` does the same one level up (second derivatives), and
:func:`check_module` checks the parameters of a model.

A row passes when |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|)
plus the finite difference's own measured error.  A kink at x fails as ``KINK``;
a slope the finite difference cannot measure well enough at x (rounding, or a
change too steep for float64 steps) is ``UNRESOLVED``, which is no verdict and
not a failure.  The error budget is in :mod:`autograd.check.numeric`; the report
types are in :mod:`autograd.check.report`.  Every check takes ``lang="ja"`` for
a report in Japanese.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from autograd.check.numeric import ATOL, RTOL, Slot, check_input, default_step
from autograd.check.report import GradcheckError, GradcheckReport, GradcheckRow
from autograd.check.say import Say
from autograd.core.engine import Value, enable_grad, no_grad, topological_order
from autograd.core.numbers import FLOAT_ERRORS, fmt
from autograd.explain.sentences import check_lang

__all__ = [
    "ATOL",
    "RTOL",
    "GradcheckError",
    "GradcheckReport",
    "GradcheckRow",
    "check_module",
    "default_step",
    "gradcheck",
    "gradgradcheck",
]


class HasParameters(Protocol):
    """Anything with ``parameters()``: an ``nn.Module``, or your own class."""

    def parameters(self) -> Iterable[Value]: ...


# --- evaluating f --------------------------------------------------------------


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
    with enable_grad():
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
    with enable_grad():
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


def _magnitude(nodes: Iterable[Value], grads: bool) -> float:
    """The largest |data| (and |grad|, if asked) of the computed nodes: the scale of f's rounding.

    1 − tanh²(x) at x = −11 is 1.3e-9, yet it comes from 1 − 0.99999999937², so its last
    digits are those of 1, not of 1.3e-9.  Leaves (the inputs, which are exact) do not count.
    """
    sizes = [abs(n.data) for n in nodes if n.op]
    if grads:
        sizes += [abs(float(n.grad)) for n in nodes if n.op and not isinstance(n.grad, Value)]
    return max((s for s in sizes if math.isfinite(s)), default=0.0)


def _graph_magnitude(f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str], grads: bool) -> float:
    """:func:`_magnitude` of f's graph at xs, after a backward pass if ``grads``."""
    with enable_grad():
        leaves = [Value(x, lab) for x, lab in zip(xs, labels)]
        out = _as_value(f(*leaves), "f")
        with _grads_kept([out, *leaves]) as nodes:
            if grads:
                for node in nodes:
                    node.grad = 0.0
                out.backward()
            return _magnitude(nodes, grads)


def _value_at(f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str]) -> float:
    with no_grad():
        out = f(*(Value(x, lab) for x, lab in zip(xs, labels)))
    return float(_as_value(out, "f").data)


_Graph = tuple[list[Value], set[int]]


def _detached_hint(graph: Callable[[float], _Graph], x: float, h: float, of: Say, by: str) -> Say | None:
    """Name the constants in the graph that secretly depend on ``by`` (made under no_grad or from .data).

    ``graph(t)`` records the function with the input at t and returns its nodes in
    topological order and the ids of the inputs.  If the graphs at x and x + h
    have the same shape, a leaf that is not an input yet holds a different
    number is a value backward cannot see moving.
    """
    try:
        (g0, ins0), (g1, ins1) = graph(x), graph(x + h)
    except FLOAT_ERRORS:
        return None
    if len(g0) != len(g1) or any(a.op != b.op for a, b in zip(g0, g1)):
        return None
    changed = [
        (a, b)
        for a, b in zip(g0, g1)
        if a.op == "" and id(a) not in ins0 and id(b) not in ins1 and a.data != b.data
    ]
    if not changed:
        return None
    a, b = changed[0]
    return Say.of(
        "check_detached",
        count=len(changed),
        of=of,
        by=by,
        before=fmt(a.data, 10),
        name=Say.of("check_named", label=a.label) if a.label else "",
        after=fmt(b.data, 10),
    )


def _graph_of_f(
    f: Callable[..., Any], xs: Sequence[float], labels: Sequence[str], j: int, t: float
) -> _Graph:
    with enable_grad():
        leaves = [Value(x, lab) for x, lab in zip([*xs[:j], t, *xs[j + 1 :]], labels)]
        out = _as_value(f(*leaves), "f")
    return topological_order(out), {id(v) for v in leaves}


def _graph_of_loss(loss_fn: Callable[[], Any], params: Sequence[Value], p: Value, t: float) -> _Graph:
    x = p.data
    p.data = t
    try:
        with enable_grad():
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


def _parameter_names(model: object) -> dict[int, str]:
    """``{id(p): name}`` from ``model.named_parameters()`` if it has one (``layers.0.neurons.3.w.1``)."""
    named = getattr(model, "named_parameters", None)
    if not callable(named):
        return {}
    try:
        return {id(p): str(name) for name, p in named()}
    except (TypeError, ValueError):  # not (name, Value) pairs: fall back to labels
        return {}


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


def _point(xs: Sequence[float], labels: Sequence[str]) -> Say:
    return Say.of("check_point", items=tuple(f"{lab} = {fmt(x, 10)}" for x, lab in zip(xs, labels)))


def _report(
    rows: list[GradcheckRow],
    tolerances: tuple[float, float, float | None],
    heading: Say,
    lang: str,
    kind: str,
) -> GradcheckReport:
    atol, rtol, eps = tolerances
    title = heading.render(lang)
    return GradcheckReport(tuple(rows), atol, rtol, eps, title, kind, lang, heading)


def _finish(report: GradcheckReport, raise_exception: bool) -> GradcheckReport:
    if raise_exception and not report:
        raise GradcheckError(report)
    return report


# --- the checks ------------------------------------------------------------------

_F, _LOSS = Say("check_of_f"), Say("check_of_loss")


def gradcheck(
    f: Callable[..., Any],
    inputs: Sequence[float | Value],
    *,
    eps: float | None = None,
    atol: float = ATOL,
    rtol: float = RTOL,
    raise_exception: bool = True,
    lang: str = "en",
) -> GradcheckReport:
    """Check backward's ∂f/∂x_i against the central difference (f(x+h) − f(x−h))/2h for every input.

    Args:
        f: takes ``len(inputs)`` Values and returns a Value.
        inputs: the point to check at, one number per argument of f (a Value gives its
            data, and its label for the table).
        eps: the first step h; default ε^(1/3)·max(1, |x|) per input.  The step is halved
            while the finite differences at h, h/2, … still change, and they are combined
            by Richardson extrapolation (:mod:`autograd.check.numeric`).
        atol, rtol: a row passes when |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|)
            + the finite difference's own measured error.
        raise_exception: raise :class:`GradcheckError` on failure instead of returning the report.
        lang: the report's language, ``"en"`` or ``"ja"``.

    Returns:
        A :class:`GradcheckReport`, truthy if and only if no row failed.  A row the finite
        difference cannot resolve is ``UNRESOLVED``: no verdict, and not a failure.

    >>> report = gradcheck(lambda x, y: x * y, [2.0, 3.0])
    >>> [(r.label, r.analytic, round(r.numeric, 9)) for r in report.rows]
    [('x', 3.0, 3.0), ('y', 2.0, 2.0)]
    """
    _tolerances(eps, atol, rtol, "gradcheck")
    check_lang(lang)
    xs, labels = _inputs(f, inputs, "gradcheck")
    analytic = _first_grads(f, xs, labels)
    center = [_value_at(f, xs, labels)]
    size = _graph_magnitude(f, xs, labels, grads=False)
    rows: list[GradcheckRow] = []
    for j, (x, label) in enumerate(zip(xs, labels)):
        h = _step_at(x, eps, label, "gradcheck")

        def value(t: float, j: int = j) -> list[float]:
            return [_value_at(f, [*xs[:j], t, *xs[j + 1 :]], labels)]

        graph = functools.partial(_graph_of_f, f, xs, labels, j)
        hint = functools.partial(_detached_hint, graph, x, h, _F, label)
        slot = Slot(j, label, _F, label, x, h)
        rows += check_input(value, center, [slot], [analytic[j]], _F, atol, rtol, lang, hint, size)
    heading = Say.of("check_title_gradcheck", point=_point(xs, labels))
    return _finish(_report(rows, (atol, rtol, eps), heading, lang, "input"), raise_exception)


def gradgradcheck(
    f: Callable[..., Any],
    inputs: Sequence[float | Value],
    *,
    eps: float | None = None,
    atol: float = ATOL,
    rtol: float = RTOL,
    raise_exception: bool = True,
    lang: str = "en",
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
    check_lang(lang)
    xs, labels = _inputs(f, inputs, "gradgradcheck")
    hess = _hessian(f, xs, labels)
    center = _first_grads(f, xs, labels)
    size = _graph_magnitude(f, xs, labels, grads=True)
    n = len(xs)
    rows: list[GradcheckRow] = []
    for j, (x, lab_j) in enumerate(zip(xs, labels)):
        h = _step_at(x, eps, lab_j, "gradgradcheck")

        def grads(t: float, j: int = j) -> list[float]:
            return _first_grads(f, [*xs[:j], t, *xs[j + 1 :]], labels)

        slots = [
            Slot(
                i * n + j,
                f"∂²f/∂{lab_i}²" if i == j else f"∂(∂f/∂{lab_i})/∂{lab_j}",
                f"∂f/∂{lab_i}",
                lab_j,
                x,
                h,
            )
            for i, lab_i in enumerate(labels)
        ]
        analytic = [hess[i][j] for i in range(n)]
        rows += check_input(
            grads, center, slots, analytic, Say("check_of_gradient"), atol, rtol, lang, None, size
        )
    rows.sort(key=lambda r: r.index)
    heading = Say.of("check_title_gradgradcheck", point=_point(xs, labels))
    return _finish(_report(rows, (atol, rtol, eps), heading, lang, "derivative"), raise_exception)


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
    lang: str = "en",
) -> GradcheckReport:
    """Gradient-check a model: ∂loss/∂p from backward against finite differences, for sampled parameters p.

    ``loss_fn()`` takes no arguments and rebuilds the loss from the current
    parameters.  At most ``max_params`` parameters are checked, a random
    sample drawn with ``seed``, so a large model checks in seconds.  Every
    parameter's ``data`` and ``grad`` are exactly as before afterwards, even if
    ``loss_fn`` raises.  A row's label is the parameter's name from
    ``model.named_parameters()`` if the model has one, else its label, else
    ``param[k]`` for its place in ``model.parameters()``.  ``eps``, ``atol``,
    ``rtol``, ``raise_exception`` and ``lang`` work as in :func:`gradcheck`.

    >>> class Line:
    ...     def __init__(self): self.w, self.b = Value(3.0, "w"), Value(1.0, "b")
    ...     def parameters(self): return [self.w, self.b]
    >>> m = Line()
    >>> bool(check_module(m, lambda: (m.w * 2.0 + m.b - 5.0) ** 2))
    True
    """
    fn = "check_module"
    _tolerances(eps, atol, rtol, fn)
    check_lang(lang)
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
    names = _parameter_names(model)
    labels = [names.get(id(params[k])) or params[k].label or f"param[{k}]" for k in picked]
    saved = [(p, p.data, p.grad) for p in params]
    try:
        with enable_grad():
            loss = _as_value(loss_fn(), "loss_fn")
            with _grads_kept([loss, *params]) as nodes:
                for node in nodes:
                    node.grad = 0.0
                loss.backward()
                analytic = [float(params[k].grad) for k in picked]
                size = _magnitude(nodes, grads=False)
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
            slot = Slot(row, label, _LOSS, label, x, h)
            graph = functools.partial(_graph_of_loss, loss_fn, params, p)
            hint = functools.partial(_detached_hint, graph, x, h, _LOSS, label)
            nudged = functools.partial(loss_at, p)
            rows += check_input(nudged, center, [slot], [analytic[row]], _LOSS, atol, rtol, lang, hint, size)
    finally:
        for p, data, g in saved:
            p.data = data
            p.grad = g
    heading = Say.of("check_title_module", picked=len(picked), total=len(params), seed=str(seed))
    return _finish(_report(rows, (atol, rtol, eps), heading, lang, "input"), raise_exception)
