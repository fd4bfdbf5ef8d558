"""The ops the auditor knows, each in the forms a micrograd-style class may write it.

A :class:`Form` is one way to use an op: ``a + b`` (two nodes), ``a + 2`` (a
plain number on the right), ``2 + a`` (on the left: the reflected op,
``__radd__``), ``a ** 3``, ``-a`` or ``a.tanh()``.  :func:`apply` runs a form
on any node type, so the same code builds the learner's graph and this
engine's.  :func:`safe_value` says whether a form's result is clear of kinks,
domain edges and cancellation, so both engines can be held to 1e-9.

>>> from autograd import Value
>>> apply(FORMS["rsub"], Value(1.5), 2).data
0.5
>>> FORMS["rsub"].show("a", 2)
'2 - a'
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["BOUND", "FAMILIES", "FORMS", "MARGIN", "Form", "apply", "number_text", "safe_value"]

#: Values stay within [-BOUND, BOUND] ...
BOUND = 50.0
#: ... and at least MARGIN from 0, home of every kink and domain edge (0 itself is allowed as relu's output).
MARGIN = 0.05
#: tanh and sigmoid inputs stay within ±SATURATION, where 1 − t² is still well above rounding error.
SATURATION = 5.0
#: A sum or difference keeps at least this share of its operands' size (no catastrophic cancellation).
CANCELLATION = 0.2

_INFIX: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "add": ("+", operator.add),
    "mul": ("*", operator.mul),
    "sub": ("-", operator.sub),
    "div": ("/", operator.truediv),
}


@dataclass(frozen=True)
class Form:
    """One way to write an op.

    ``kind`` is ``"vv"`` (node ∘ node), ``"vn"`` (node ∘ number), ``"nv"``
    (number ∘ node), ``"pow"`` (node ** number), ``"neg"`` or ``"method"``
    (``a.tanh()``); ``family`` is the op (``"add"``, ``"tanh"``, ...) and
    ``dunder`` the method Python looks up on the class for it.
    """

    key: str
    family: str
    kind: str
    dunder: str

    @property
    def arity(self) -> int:
        """How many nodes it takes (a number operand is not a node)."""
        return 2 if self.kind == "vv" else 1

    def show(self, x: str, y: str | float | None = None) -> str:
        """The form written with operand texts: ``show("a", 2)`` → ``a + 2``."""
        c = number_text(y) if isinstance(y, (int, float)) else y
        if self.kind == "method":
            return f"{x}.{self.family}()"
        if self.kind == "neg":
            return f"-{x}"
        if self.kind == "pow":
            return f"{x} ** {c}"
        symbol = _INFIX[self.family][0]
        return f"{c} {symbol} {x}" if self.kind == "nv" else f"{x} {symbol} {c}"


def _forms() -> dict[str, Form]:
    forms: list[Form] = []
    for family in _INFIX:
        if family == "div":
            # ** before / (a micrograd-style / is built on **), so a broken ** shrinks to itself.
            forms += [Form("pow", "pow", "pow", "__pow__"), Form("neg", "neg", "neg", "__neg__")]
        forms += [
            Form(family, family, "vv", f"__{family}__" if family != "div" else "__truediv__"),
            Form(f"{family}_number", family, "vn", f"__{family}__" if family != "div" else "__truediv__"),
            Form(f"r{family}", family, "nv", f"__r{family}__" if family != "div" else "__rtruediv__"),
        ]
    forms += [Form(m, m, "method", m) for m in ("relu", "tanh", "exp", "log", "sigmoid")]
    return {f.key: f for f in forms}


#: Every form, simplest first (hypothesis shrinks towards the front).
FORMS: dict[str, Form] = _forms()
#: The op families, in the order reports list them.
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(f.family for f in FORMS.values()))


def number_text(x: float) -> str:
    """A number as Python source: ``2`` for 2.0, ``0.5``, ``-1``."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def plain(x: float) -> int | float:
    """A whole number as an int (``a ** 2``, ``2 * a``), so a class that insists on ints still works."""
    return int(x) if float(x).is_integer() else float(x)


def apply(form: Form, x: Any, y: Any = None) -> Any:
    """Use ``form`` on node ``x`` and, for two-operand forms, ``y`` (a node, or a number)."""
    kind = form.kind
    if kind == "method":
        return getattr(x, form.family)()
    if kind == "neg":
        return -x
    if kind == "pow":
        return x ** plain(y)
    fn = _INFIX[form.family][1]
    if kind == "nv":
        return fn(plain(y), x)
    return fn(x, plain(y) if kind == "vn" else y)


def _plain_value(form: Form, x: float, y: float | None) -> float:
    family = form.family
    if family in _INFIX:
        assert y is not None
        a, b = (y, x) if form.kind == "nv" else (x, y)
        return float(_INFIX[family][1](a, b))
    if family == "pow":
        assert y is not None
        return float(x**y)
    if family == "neg":
        return -x
    return _UNARY[family](x)


_UNARY: dict[str, Callable[[float], float]] = {
    "relu": lambda v: max(v, 0.0),
    "tanh": math.tanh,
    "exp": math.exp,
    "log": math.log,
    "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v)),
}


def _ok(v: float) -> bool:
    return v == 0.0 or MARGIN <= abs(v) <= BOUND


def safe_value(form: Form, x: float, y: float | None = None) -> float | None:
    """The plain value of ``form`` on ``x`` (and ``y``), or None if it is near a kink, a domain edge or out of range."""
    family = form.family
    left, right = (y, x) if form.kind == "nv" else (x, y)
    if family == "relu" and abs(x) < MARGIN:
        return None
    if family in ("tanh", "sigmoid") and abs(x) > SATURATION:
        return None
    if family == "log" and x < MARGIN:
        return None
    if family == "exp" and x > math.log(BOUND):
        return None
    if family == "div" and (right is None or abs(right) < MARGIN):
        return None
    if family == "pow":
        assert y is not None
        if (y < 1 and abs(x) < MARGIN) or (not float(y).is_integer() and x < MARGIN):
            return None
    try:
        v = _plain_value(form, x, y)
    except (ArithmeticError, ValueError):
        return None
    if not (math.isfinite(v) and _ok(v)):
        return None
    if family in ("add", "sub") and left is not None and right is not None:
        return v if abs(v) >= CANCELLATION * (abs(left) + abs(right)) else None
    return v
