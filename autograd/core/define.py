"""``define_op``: add your own op to the table, checked as it is defined.

>>> from autograd import Value
>>> cube = define_op("cube", lambda x: x**3, lambda x: 3 * x**2)
>>> y = cube(Value(2.0))
>>> y.backward()
>>> y.data, y.parents[0].grad
(8.0, 12.0)
>>> del OPS["cube"]
"""

from __future__ import annotations

import inspect
import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from autograd.core.engine import apply
from autograd.core.numbers import float_of
from autograd.core.ops import ATOM, OPS, Notation, Op, Rule

__all__ = ["define_op"]


def define_op(
    name: str,
    forward: Callable[..., float],
    *derivatives: Callable[..., float],
    symbol: str | None = None,
    formulas: Sequence[str] | None = None,
    replace: bool = False,
) -> Callable[..., Any]:
    """Add an op to the table and return a function that applies it.

    ``forward`` takes the input floats and returns a float; ``derivatives[i]``
    takes the same floats and returns ∂out/∂input_i.  The new op then
    backpropagates, steps, draws, checks and compiles like a built-in.  It is
    written as a call, ``symbol(x1, x2)`` (``symbol`` defaults to ``name``);
    ``formulas`` are free text, one per input, shown by the stepper and the
    drawings.

    A name already in the table is refused unless ``replace=True`` (a custom
    op only: the built-ins can never be replaced).  Nodes made before keep the
    op they were made with.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"define_op: name must be an identifier such as 'cube', got {name!r}")
    existing = OPS.get(name)
    if existing is not None and existing.builtin:
        raise ValueError(f"define_op: {name!r} is a built-in op and cannot be replaced; choose another name")
    if existing is not None and not replace:
        raise ValueError(
            f"define_op: {name!r} is already defined; pass replace=True to replace it, or choose another name"
        )
    if not callable(forward):
        raise TypeError(f"define_op({name!r}): forward must be callable, got {type(forward).__name__}")
    if not derivatives:
        raise TypeError(f"define_op({name!r}): give one derivative function per input (at least one)")
    for i, d in enumerate(derivatives):
        if not callable(d):
            raise TypeError(f"define_op({name!r}): derivative {i} must be callable, got {type(d).__name__}")
    n = len(derivatives)
    _check_arities(name, forward, derivatives)
    if formulas is not None and (isinstance(formulas, str) or len(formulas) != n):
        count = "one string" if isinstance(formulas, str) else f"{len(formulas)} formulas"
        raise ValueError(
            f"define_op({name!r}): {count} for {n} inputs; give a sequence of one formula per input"
        )
    inputs = ("x",) if n == 1 else tuple(f"x{i + 1}" for i in range(n))
    args = ", ".join(inputs)
    texts = (
        tuple(formulas)
        if formulas is not None
        else tuple(f"∂{name}({args})/∂{x} = your rule {i + 1}" for i, x in enumerate(inputs))
    )
    shown = symbol if symbol is not None else name
    op = Op(
        name,
        forward,
        tuple(_user_rule(name, i, d) for i, d in enumerate(derivatives)),
        Notation("call", shown, name, ATOM, shown + "(" + ", ".join("{" + x + "}" for x in inputs) + ")"),
        inputs,
        texts,
        builtin=False,
    )
    OPS[name] = op

    def apply_op(*inputs: Any) -> Any:
        return apply(op, *inputs)

    apply_op.__name__ = name
    apply_op.__doc__ = f"The custom op {name!r} applied to Values or numbers."
    return apply_op


def _positional(f: Callable[..., Any]) -> tuple[int, float] | None:
    """How many positional arguments ``f`` takes, as (fewest, most); None when Python cannot tell."""
    try:
        params = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):  # some built-ins (math.hypot) have no signature
        return None
    fewest, most = 0, 0.0
    for p in params:
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            most += 1
            fewest += p.default is p.empty
        elif p.kind is p.VAR_POSITIONAL:
            most = math.inf
        elif p.kind is p.KEYWORD_ONLY and p.default is p.empty:
            return (0, -1.0)  # a required keyword-only argument: never callable as f(*inputs)
    return fewest, most


def _takes(arity: tuple[int, float] | None, n: int) -> bool:
    return arity is None or arity[0] <= n <= arity[1]


def _inputs(arity: tuple[int, float] | None) -> str:
    """``2 inputs``, ``1 input``, ``1 or more inputs``: what a signature accepts, in words."""
    if arity is None:
        return "an unknown number of inputs"
    lo, hi = arity
    if hi < 0:
        return "a required keyword-only argument"
    if hi == lo:
        return f"{lo} input" + ("" if lo == 1 else "s")
    return f"{lo} or more inputs" if hi == math.inf else f"{lo} to {int(hi)} inputs"


def _check_arities(name: str, forward: Callable[..., Any], derivatives: Sequence[Callable[..., Any]]) -> None:
    """Refuse a definition whose forward and derivatives cannot all be called with the same n inputs."""
    n = len(derivatives)
    fwd = _positional(forward)
    rules = [_positional(d) for d in derivatives]
    if _takes(fwd, n) and all(_takes(r, n) for r in rules):
        return
    got = "; ".join(f"derivative {i} takes {_inputs(r)}" for i, r in enumerate(rules))
    raise ValueError(
        f"define_op({name!r}): the forward takes {_inputs(fwd)}, and there must be one derivative per input, "
        f"each taking all the inputs; got {n} derivative{'s' if n != 1 else ''} ({got}). "
        "For example define_op('times', lambda x, y: x * y, lambda x, y: y, lambda x, y: x)"
    )


_warned: set[str] = set()


def _real_result(name: str, i: int, xs: Sequence[float], r: Any) -> float:
    """A rule's result as a float, or a TypeError naming the op, the input and what came back."""
    if r.__class__ is float:
        return r
    if isinstance(r, numbers.Real) and not isinstance(r, bool):
        return float(r)
    at = ", ".join(repr(x) for x in xs)
    raise TypeError(
        f"derivative {i} of op {name!r} (the slope for input {i}) returned {r!r}, a {type(r).__name__}, "
        f"at inputs ({at}); a derivative must return a real number (int or float)"
    )


def _user_rule(name: str, i: int, d: Callable[..., float]) -> Rule:
    """Adapt a user's rule ``d(*inputs)`` to the table's ``rule(out, *inputs)``.

    On floats its result must be a real number (a complex number or a Value is
    a TypeError, never a grad).  On Values (``create_graph``) the rule is tried
    as written; if it only works on floats (it calls ``math.cos``, say) its
    result is used as a constant, so second derivatives through this op are
    then wrong, and a warning says so once.
    """

    def rule(o: Any, *xs: Any) -> Any:
        if all(x.__class__ is float for x in xs):
            return _real_result(name, i, xs, d(*xs))
        try:
            return d(*xs)
        except TypeError:
            if name not in _warned:
                _warned.add(name)
                warnings.warn(
                    f"derivative {i} of custom op {name!r} only runs on floats; "
                    "its second derivative is treated as 0 (write it with Value-friendly operators to fix)",
                    stacklevel=2,
                )
            floats = [float_of(x) for x in xs]
            return _real_result(name, i, floats, d(*floats))

    return rule
