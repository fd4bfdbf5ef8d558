"""Limits, checked apart from correctness: how deep a graph backward() can take, and two backward() calls.

Neither is a wrong gradient.  A recursive topological sort stops at Python's
recursion limit (about 1,000 nested calls): that is a limit, reported with the
depth that still works.  What a second ``backward()`` does is a design choice,
described and set beside PyTorch's: leaves add up each call's gradient (so a
second call doubles them) until you zero them.

>>> from autograd.core.engine import Value
>>> from autograd.auditor.forms import FORMS
>>> from autograd.auditor.sandbox import Clock
>>> check_depth(Value, [FORMS["add_number"]], Clock(1.0)).status
'ok'
>>> check_twice(Value, [FORMS["add"]], Clock(1.0)).kind
'pytorch'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograd.auditor.compare import close
from autograd.auditor.forms import FORMS, Form, apply
from autograd.auditor.graph import Graph, Node
from autograd.auditor.sandbox import Clock
from autograd.core.engine import Value
from autograd.core.numbers import float_of

__all__ = ["DEPTH", "Depth", "Twice", "check_depth", "check_twice"]

#: The depth of the chain backward() must get through.
DEPTH = 5000
#: A chain of DEPTH ops may take this many times a case's time limit.
_SLOW = 5.0
# The forms a chain may be made of, best first, and the number each one takes.
_CHAIN = {
    "add_number": 1.0,
    "mul_number": 1.0,
    "neg": None,
    "add": None,
    "mul": None,
    "relu": None,
    "tanh": None,
    "sigmoid": None,
}


@dataclass(frozen=True)
class Depth:
    """``status``: ``ok``, ``limit`` (backward() raised or ran out of time; ``works`` is the deepest chain
    that ran), ``wrong`` (it ran, with a wrong gradient) or ``skipped`` (no op to chain)."""

    status: str
    chain: str = ""
    depth: int = DEPTH
    works: int = 0
    detail: str = ""
    expected: float = 0.0
    actual: float = 0.0
    seconds: float = 0.0


def _chain(cls: type, form: Form, depth: int) -> float:
    """Build ``x``, then ``depth`` nodes each made from the one before; backward; return x.grad."""
    x = cls(0.5)
    y: Any = x
    number = _CHAIN[form.key]
    for _ in range(depth):
        y = apply(form, y, cls(1.0) if form.kind == "vv" else number)
    y.backward()
    return float_of(x.grad)


def check_depth(cls: type, usable: list[Form], clock: Clock, depth: int = DEPTH) -> Depth:
    """backward() through a chain of ``depth`` ops (5× the clock's time); on failure, find the deepest that works."""
    form = next((FORMS[k] for k in _CHAIN if FORMS[k] in usable), None)
    if form is None or clock.strikes <= 0:
        return Depth("skipped")
    chain = form.show("y", _CHAIN[form.key] if form.kind != "vv" else f"{cls.__name__}(1)")
    outcome = clock.run(lambda: _chain(cls, form, depth), _SLOW)
    if outcome.ok:
        want = _chain(Value, form, depth)  # this engine's backward has no depth limit
        if close(outcome.value, want):
            return Depth("ok", chain, depth, depth)
        return Depth("wrong", chain, depth, expected=want, actual=outcome.value)
    detail = outcome.error or ""
    lo, hi = 0, depth  # lo works, hi does not
    while hi - lo > 1 and not outcome.timed_out:
        mid = (lo + hi) // 2
        if clock.run(lambda n=mid: _chain(cls, form, n), _SLOW).ok:  # type: ignore[misc]
            lo = mid
        else:
            hi = mid
    return Depth(
        "limit", chain, depth, lo, detail if not outcome.timed_out else "", seconds=clock.seconds * _SLOW
    )


@dataclass(frozen=True)
class Twice:
    """Gradients after one and after two backward() calls on ``L = (a ∘ b) ∘ c``.

    ``kind``: ``pytorch`` (leaves ×2, the interior node ×1), ``fresh`` (every
    call starts from zero: ×1), ``compounds`` (interior nodes keep adding up
    and pass it all on again, as micrograd does: leaves more than ×2),
    ``other``, ``error`` or ``skipped``.
    """

    kind: str
    code: tuple[str, ...] = ()
    leaf: tuple[float, float] = (0.0, 0.0)
    inner: tuple[float, float] = (0.0, 0.0)
    detail: str = ""


def _twice(cls: type, graph: Graph) -> tuple[float, ...]:
    values = graph.build(lambda x, i: cls(x))
    root, leaf, inner = values[graph.root], values[0], values[3]
    root.backward()
    first = (float_of(leaf.grad), float_of(inner.grad))
    root.backward()
    return (*first, float_of(leaf.grad), float_of(inner.grad))


def check_twice(cls: type, usable: list[Form], clock: Clock) -> Twice:
    """Call backward() twice and say how the learner's gradients added up."""
    join = next((f for f in usable if f.key in ("add", "mul")), None)
    if join is None or clock.strikes <= 0:
        return Twice("skipped")
    graph = Graph((1.5, -0.75, 2.0), (Node(join, (0, 1)), Node(join, (3, 2))))
    code = (f"n1 = {join.show('a', 'b')}", f"L = {join.show('n1', 'c')}")
    outcome = clock.run(lambda: _twice(cls, graph))
    if not outcome.ok:
        return Twice("error", code, detail=outcome.error)
    l1, i1, l2, i2 = outcome.value
    if l1 == 0.0 or i1 == 0.0:
        return Twice("other", code, (l1, l2), (i1, i2))
    leaf, inner = l2 / l1, i2 / i1
    if close(leaf, 2.0) and close(inner, 1.0):
        kind = "pytorch"
    elif close(leaf, 1.0):
        kind = "fresh"
    elif leaf > 2.0 and close(inner, 2.0):
        kind = "compounds"
    else:
        kind = "other"
    return Twice(kind, code, (l1, l2), (i1, i2))
