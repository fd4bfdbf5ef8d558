"""The replay's interpretation of the op table: each op on numpy arrays.

One table per interpretation, as in JAX's autodidax.  The op table
(:mod:`autograd.core.ops`) holds each op on floats, and its derivative rules
run on arrays unchanged: they use operators and the table's ``exp``, ``log``,
``sin``, ``cos``, ... functions, which this module points at numpy for arrays.
What cannot run unchanged is written here, once:

* the forwards: ``np.exp`` where the table has ``math.exp``;
* numpy versions of the rules that branch on a comparison (relu, abs, sqrt,
  pow): ``if x > 0`` has no meaning for an array, so they use ``np.where`` or
  ``np.sign``, with the same branches, so the numbers are bit for bit the
  engine's.

The replay reads numpy rules only through :func:`numpy_forward` and
:func:`numpy_derivs`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.core import ops
from autograd.core.ops import Op

__all__ = ["numpy_derivs", "numpy_forward"]

ops.register_functions(np.ndarray, np)


def _sigmoid(a: Any) -> Any:
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _relu(a: Any) -> Any:
    return np.where(a <= 0.0, 0.0, a)


def _abs(a: Any) -> Any:
    return np.where(a < 0, -a, a)


def _drelu(o: Any, a: Any) -> Any:
    return np.sign(o)  # o = relu(a): 1 where a > 0, 0 where a ≤ 0, NaN at NaN


def _dabs(o: Any, a: Any) -> Any:
    return np.sign(a)  # 0 at the kink a = 0, NaN at NaN


def _dsqrt(o: Any, a: Any) -> Any:
    return np.divide(0.5, o, out=np.full(np.shape(o), math.inf), where=o != 0.0)


def _dpow_base(o: Any, a: Any, b: Any) -> Any:
    with np.errstate(all="ignore"):
        general = b * a ** (b - 1.0)
    at_zero = np.where(b == 0.0, 0.0, math.inf)
    return np.where((a == 0.0) & (b < 1.0), at_zero, general)


def _dpow_exp(o: Any, a: Any, b: Any) -> Any:
    with np.errstate(all="ignore"):
        general = o * np.log(a)
    return np.where(a > 0, general, np.where((a == 0.0) & ~np.isnan(b), 0.0, math.nan))


_FORWARD: dict[str, Callable[..., Any]] = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "neg": np.negative,
    "pow": np.power,
    "exp": np.exp,
    "log": np.log,
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "relu": _relu,
    "sqrt": np.sqrt,
    "abs": _abs,
    "sin": np.sin,
    "cos": np.cos,
}
_BRANCHING: dict[str, tuple[Callable[..., Any], ...]] = {
    "relu": (_drelu,),
    "abs": (_dabs,),
    "sqrt": (_dsqrt,),
    "pow": (_dpow_base, _dpow_exp),
}
_POWERS: dict[float, tuple[Callable[..., Any], tuple[Callable[..., Any]]]] = {}


def _power(n: float) -> tuple[Callable[..., Any], tuple[Callable[..., Any]]]:
    """Forward and rule of a ↦ a^n on arrays (cached per n)."""
    if n not in _POWERS:

        def forward(a: Any) -> Any:
            # float_power: np.power takes shortcuts for n = 2, 0.5, -1 that round differently from a**n.
            return np.float_power(a, n)

        def deriv(o: Any, a: Any) -> Any:
            if n == 0.0:
                return 0.0
            with np.errstate(all="ignore"):
                general = n * np.float_power(a, n - 1.0)
            return np.where(a == 0.0, math.inf, general) if n < 1.0 else general

        _POWERS[n] = (forward, (deriv,))
    return _POWERS[n]


def numpy_forward(op: Op) -> Callable[..., Any] | None:
    """The op's forward on arrays, or None when it has none (the replay then runs it per node)."""
    if not op.builtin:
        return None
    if op.param is not None:
        return _power(op.param)[0]
    return _FORWARD[op.name]


def numpy_derivs(op: Op) -> tuple[Callable[..., Any], ...] | None:
    """One rule per input on arrays, ``rule(out, *inputs)``, or None when the op has none."""
    if not op.builtin:
        return None
    if op.param is not None:
        return _power(op.param)[1]
    return _BRANCHING.get(op.name, op.derivs)
