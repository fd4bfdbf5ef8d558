"""The check for a learner's own engine: a micrograd-style class with +, *, tanh and backward().

The class is duck-typed: ``cls(number)`` makes a leaf with ``.data`` and ``.grad``; ``a + b``,
``a * b`` and ``a.tanh()`` make new nodes; ``out.backward()`` fills every ``.grad``.  Each part
is tried on its own first, so the hint names the part that is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from autograd.tutorial.verdict import Verdict, close, number_or_none

__all__ = ["check_my_value"]


class _Wrong(Exception):
    """Stops the check with a hint: the sentence key and its fields."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def _run(what: str, step: Callable[[], Any]) -> Any:
    try:
        out = step()
    except _Wrong:
        raise
    except Exception as e:  # the learner's code: any error becomes a hint
        raise _Wrong("tutorial_myvalue_raised", what=what, error=f"{type(e).__name__}: {e}"[:120]) from None
    return out


def _data(node: Any, what: str) -> float:
    x = number_or_none(getattr(node, "data", None))
    if node is None or x is None:
        raise _Wrong("tutorial_myvalue_missing", what=what)
    return x


def _grad(node: Any) -> float:
    x = number_or_none(getattr(node, "grad", None))
    return math.nan if x is None else x


def _forward(cls: Any) -> None:
    a, b = _run("MyValue(2.0)", lambda: cls(2.0)), _run("MyValue(-3.0)", lambda: cls(-3.0))
    if not close(_data(a, "MyValue(2.0).data"), 2.0) or not close(_grad(a), 0.0):
        raise _Wrong("tutorial_myvalue_init")
    if not close(_data(_run("a + b", lambda: a + b), "a + b"), -1.0):
        raise _Wrong("tutorial_myvalue_forward", what="a + b", want="-1")
    if not close(_data(_run("a * b", lambda: a * b), "a * b"), -6.0):
        raise _Wrong("tutorial_myvalue_forward", what="a * b", want="-6")
    if not close(_data(_run("a.tanh()", lambda: cls(0.5).tanh()), "a.tanh()"), math.tanh(0.5)):
        raise _Wrong("tutorial_myvalue_forward", what="MyValue(0.5).tanh()", want=f"{math.tanh(0.5):.6g}")


def _backward(cls: Any) -> None:
    a, b = cls(2.0), cls(-3.0)
    out = a * b
    _run("(a * b).backward()", out.backward)
    if not close(_grad(out), 1.0):
        raise _Wrong("tutorial_myvalue_seed")
    if close(_grad(a), 2.0) and close(_grad(b), -3.0):
        raise _Wrong("tutorial_hint_swapped_product", x="a", y="b")
    if not (close(_grad(a), -3.0) and close(_grad(b), 2.0)):
        raise _Wrong(
            "tutorial_myvalue_grad",
            what="a * b",
            got=f"a.grad = {_grad(a):g}, b.grad = {_grad(b):g}",
            want="a.grad = -3, b.grad = 2",
        )
    a, b = cls(2.0), cls(-3.0)
    out = a + b
    _run("(a + b).backward()", out.backward)
    if not (close(_grad(a), 1.0) and close(_grad(b), 1.0)):
        raise _Wrong(
            "tutorial_myvalue_grad",
            what="a + b",
            got=f"a.grad = {_grad(a):g}, b.grad = {_grad(b):g}",
            want="a.grad = 1, b.grad = 1",
        )
    a = cls(3.0)
    out = a + a
    _run("(a + a).backward()", out.backward)
    if close(_grad(a), 1.0):
        raise _Wrong("tutorial_myvalue_accumulate")
    a = cls(3.0)
    out = a * a
    _run("(a * a).backward()", out.backward)
    if close(_grad(a), 3.0):
        raise _Wrong("tutorial_myvalue_accumulate")
    if not close(_grad(a), 6.0):
        raise _Wrong(
            "tutorial_myvalue_grad", what="a * a, a = 3", got=f"a.grad = {_grad(a):g}", want="a.grad = 6"
        )
    n = cls(0.8813735870195432)
    o = n.tanh()
    _run("n.tanh().backward()", o.backward)
    if not close(_grad(n), 0.5):
        raise _Wrong("tutorial_myvalue_tanh", got=f"{_grad(n):g}")


def _whole(cls: Any) -> None:
    """The lecture graph and the lecture neuron, through every part at once (the order matters here)."""
    a, b, c, f = cls(2.0), cls(-3.0), cls(10.0), cls(-2.0)
    L = (a * b + c) * f
    _run("L.backward()", L.backward)
    got = [_grad(v) for v in (a, b, c, f)]
    if not all(close(g, w) for g, w in zip(got, (6.0, -4.0, -2.0, 4.0))):
        raise _Wrong("tutorial_myvalue_order", got=", ".join(f"{g:g}" for g in got))
    x1, x2, w1, w2, bias = cls(2.0), cls(0.0), cls(-3.0), cls(1.0), cls(6.8813735870195432)
    o = (x1 * w1 + x2 * w2 + bias).tanh()
    _run("o.backward()", o.backward)
    got = [_grad(v) for v in (x1, w1, x2, w2)]
    if not close(_data(o, "o"), 0.7071067811865476) or not all(
        close(g, w) for g, w in zip(got, (-1.5, 1.0, 0.5, 0.0))
    ):
        raise _Wrong("tutorial_myvalue_order", got=", ".join(f"{g:g}" for g in got))


def check_my_value(cls: Any, lang: str) -> Verdict:
    """Try the learner's class on its own parts, then on the lecture's graph and neuron."""
    if cls is Ellipsis or cls is None or not callable(cls):
        return Verdict.wrong(lang, "tutorial_blank_function", name="MyValue")
    try:
        _forward(cls)
        _backward(cls)
        _whole(cls)
    except _Wrong as w:
        return Verdict.wrong(lang, w.key, **w.fields)
    return Verdict.right(lang, "tutorial_ok_my_value")
