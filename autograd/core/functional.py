"""Functional gradients: ``grad(f)`` and ``value_and_grad(f)``, which nest for higher derivatives."""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

from autograd.core.engine import Value, topological_order

__all__ = ["grad", "value_and_grad"]


def value_and_grad(
    f: Callable[..., Any], argnums: int | tuple[int, ...] = 0
) -> Callable[..., tuple[Any, Any]]:
    """Turn ``f`` into a function returning ``(f(*args), ∂f/∂args[argnums])``.

    Called with floats it returns floats (a tuple of grads for a tuple
    ``argnums``).  Called with Values it records the gradient as a Value, which
    is what lets calls nest: ``grad(grad(f))``.

    >>> value_and_grad(lambda x: x ** 3)(2.0)
    (8.0, 12.0)
    """
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    def wrapped(*args: Any) -> tuple[Any, Any]:
        for i in nums:
            if not -len(args) <= i < len(args):
                raise IndexError(f"argnums {argnums!r} names argument {i}, but only {len(args)} were given")
        nested = any(isinstance(a, Value) for a in args)
        vals = [a if isinstance(a, Value) else Value(a, label=f"x{i}") for i, a in enumerate(args)]
        out = f(*vals)
        if not isinstance(out, Value):
            if isinstance(out, numbers.Real) and not isinstance(out, bool):
                out = Value(float(out))
            else:
                raise TypeError(f"the function must return a Value or a number, got {type(out).__name__}")
        leaves = [n for n in topological_order(out) if not n.parents]
        targets = [vals[i] for i in nums]
        saved = [(n, n.grad) for n in leaves] + [(t, t.grad) for t in targets]
        try:
            for n in leaves:
                n.grad = 0.0
            for t in targets:
                t.grad = 0.0
            if out.parents or out in targets:
                out.backward(create_graph=nested)
            grads = [t.grad for t in targets]
        finally:
            for n, g in saved:
                n.grad = g
        if not nested:
            grads = [float(g) for g in grads]
        value: Any = out if nested else out.data
        return value, (grads[0] if isinstance(argnums, int) else tuple(grads))

    return wrapped


def grad(f: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """Turn ``f`` into its gradient function; nests for higher derivatives.

    >>> grad(grad(lambda x: x ** 3))(2.0)
    12.0
    """
    vg = value_and_grad(f, argnums)

    def wrapped(*args: Any) -> Any:
        return vg(*args)[1]

    return wrapped
