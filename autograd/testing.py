"""Hypothesis strategies for testing your own ops and models the way this project tests its own.

Needs hypothesis (``pip install hypothesis``); ``import autograd`` does not
import this module, so the engine itself never needs it.

>>> from hypothesis import given, settings
>>> from autograd import gradcheck
>>> from autograd.testing import expressions
>>> @settings(max_examples=20)
... @given(expressions())
... def test_backward_matches_finite_differences(e):
...     gradcheck(e, e.inputs)
>>> test_backward_matches_finite_differences()

The built-in ops put every kink (relu, abs) and every domain edge (log, sqrt,
division, powers) at 0, so the strategies keep inputs, and every value fed to
an op, at least ``margin`` away from 0 and at most ``bound`` in size.  Where
an op is defined is learned from the op itself: its forward function is tried
on the candidate inputs, so an op added with :func:`~autograd.define_op` is
covered too.  An :class:`Expression` prints itself from the op table's
notation, as people read it (``.text``) or as the CLI parses it (``.code``).
:func:`restored_ops` undoes the ``define_op`` calls of a test.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised only without the dev extra
    raise ImportError(
        "autograd.testing needs hypothesis, which is not installed: pip install hypothesis "
        "(or pip install 'backprop-lab[dev]')"
    ) from e

from autograd.check.numeric import default_step
from autograd.core.engine import Value, apply
from autograd.core.numbers import FLOAT_ERRORS
from autograd.core.ops import ATOM, OPS, Op, pow_const, write

__all__ = ["Expression", "expressions", "op_inputs", "restored_ops", "smooth_floats"]

# What trying an op's forward outside its domain raises.
_UNDEFINED: tuple[type[Exception], ...] = (*FLOAT_ERRORS, TypeError)

#: Default largest size of an input or intermediate value.
BOUND = 10.0
#: Default smallest distance from 0, where the built-ins' kinks and domain edges are.
MARGIN = 0.05


@contextmanager
def restored_ops() -> Iterator[None]:
    """Ops added (or replaced) with :func:`~autograd.define_op` inside the block are undone on leaving it.

    For tests of your own ops, so one test's ops never leak into the next
    (a pytest fixture: ``with restored_ops(): yield``).
    """
    before = dict(OPS)
    try:
        yield
    finally:
        OPS.clear()
        OPS.update(before)


def smooth_floats(
    min_value: float = -BOUND,
    max_value: float = BOUND,
    *,
    avoid: Sequence[float] = (0.0,),
    margin: float = MARGIN,
) -> st.SearchStrategy[float]:
    """Finite floats in [min_value, max_value] at least ``margin`` from every point in ``avoid``.

    ``avoid`` defaults to 0, home of every built-in kink and domain edge; pass
    the kinks of your own op (``avoid=(-1.0, 1.0)`` for a clip to [−1, 1]).
    """
    if not (math.isfinite(min_value) and math.isfinite(max_value) and min_value < max_value):
        raise ValueError(
            f"smooth_floats: need finite min_value < max_value, got {min_value!r}, {max_value!r}"
        )
    if not margin >= 0:
        raise ValueError(f"smooth_floats: margin must be ≥ 0, got {margin!r}")
    points = tuple(float(p) for p in avoid)
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False).filter(
        lambda x: all(abs(x - p) >= margin for p in points)
    )


def _smooth_at(op: Op, args: Sequence[float], bound: float, margin: float) -> float | None:
    """``op(*args)`` if it and the finite-difference stencil around it are defined and in range, else None."""
    try:
        out = float(op.forward(*args))
        for i, a in enumerate(args):
            for k in (-2.0, 2.0):
                moved = list(args)
                moved[i] = a + k * default_step(a)
                if not math.isfinite(float(op.forward(*moved))):
                    return None
    except _UNDEFINED:
        return None
    if not (math.isfinite(out) and margin <= abs(out) <= bound):
        return None
    return out


def op_inputs(
    op: Op, *, bound: float = BOUND, margin: float = MARGIN
) -> st.SearchStrategy[tuple[float, ...]]:
    """Tuples of ``op.arity`` floats on which ``op`` is defined, clear of 0 (see :func:`smooth_floats`).

    The op's domain is learned by trying its forward function: a draw where it
    fails (``log`` of a negative) is retried with the inputs made positive, and
    dropped if that fails too.  ``op(*inputs)`` itself is kept within
    ``margin ≤ |value| ≤ bound`` so it can feed further ops.
    """

    @st.composite
    def draw(draw: st.DrawFn) -> tuple[float, ...]:
        xs = tuple(draw(smooth_floats(-bound, bound, margin=margin)) for _ in range(op.arity))
        for candidate in (xs, tuple(abs(x) for x in xs)):
            if _smooth_at(op, candidate, math.inf, 0.0) is not None:
                return candidate
        assume(False)
        raise AssertionError("unreachable")  # pragma: no cover

    return draw()


def _builtin_ops() -> list[Op]:
    return [op for op in OPS.values() if op.builtin]


class Expression:
    """A random expression graph: call it on Values like any ``f`` for :func:`~autograd.gradcheck`.

    ``nodes[k] = (op, args)`` makes value number ``n_inputs + k`` from earlier
    values (inputs first); the last node is the output.  A value may feed
    several nodes, so this is a graph, not just a tree.
    """

    # Not a dataclass: hypothesis prints dataclasses field by field, and the
    # formula (``__repr__``) is what a person wants to see in a failing example.
    __slots__ = ("inputs", "nodes")

    def __init__(self, inputs: Sequence[float], nodes: Sequence[tuple[Op, tuple[int, ...]]]) -> None:
        self.inputs = tuple(float(x) for x in inputs)
        self.nodes = tuple(nodes)
        for k, (op, args) in enumerate(self.nodes):
            if len(args) != op.arity or not all(0 <= i < len(self.inputs) + k for i in args):
                raise ValueError(
                    f"Expression: node {k} ({op.name}) has arguments {args!r}; each must name an earlier value"
                )

    def __call__(self, *xs: Value) -> Value:
        if len(xs) != len(self.inputs):
            raise TypeError(f"this expression takes {len(self.inputs)} inputs, got {len(xs)}")
        values: list[Value] = list(xs)
        for op, args in self.nodes:
            values.append(apply(op, *(values[i] for i in args)))
        return values[-1]

    def _written(self, code: bool) -> str:
        names: list[tuple[str, int]] = [(f"x{i}", ATOM) for i in range(len(self.inputs))]
        for op, args in self.nodes:
            names.append(write(op, [names[i] for i in args], code=code))
        return names[-1][0]

    @property
    def text(self) -> str:
        """The formula as people read it, from each op's notation in the table: ``tanh(x0 · x1)^2``."""
        return self._written(code=False)

    @property
    def code(self) -> str:
        """The formula as :func:`~autograd.parse_expression` (and the CLI) reads it: ``tanh(x0*x1)**2``."""
        return self._written(code=True)

    def __repr__(self) -> str:
        at = ", ".join(f"x{i}={x!r}" for i, x in enumerate(self.inputs))
        return f"Expression({self.text} at {at})"


def expressions(
    *,
    n_inputs: int = 2,
    max_nodes: int = 6,
    ops: Sequence[Op] | None = None,
    bound: float = BOUND,
    margin: float = MARGIN,
) -> st.SearchStrategy[Expression]:
    """Random expression graphs over the op table that :func:`~autograd.gradcheck` can run on.

    Each node applies an op, drawn from ``ops`` (default: every built-in in
    :data:`~autograd.OPS`, plus whole-number powers ``x**n``), to values made
    earlier.  Only ops defined on the drawn values are offered (each op's
    forward is tried), and every value stays within ``margin ≤ |v| ≤ bound``,
    so no node sits on a kink or a domain edge.
    """
    table = list(ops) if ops is not None else [*_builtin_ops(), pow_const(2.0), pow_const(3.0)]
    if not table:
        raise ValueError("expressions: ops is empty; give at least one Op")
    if n_inputs < 1 or max_nodes < 1:
        raise ValueError(f"expressions: need n_inputs ≥ 1 and max_nodes ≥ 1, got {n_inputs}, {max_nodes}")

    @st.composite
    def draw(draw: st.DrawFn) -> Expression:
        inputs = tuple(draw(smooth_floats(-bound, bound, margin=margin)) for _ in range(n_inputs))
        values = list(inputs)
        nodes: list[tuple[Op, tuple[int, ...]]] = []
        for _ in range(draw(st.integers(1, max_nodes))):
            op = draw(st.sampled_from(table))
            # Prefer the newest value as first argument, so the graph grows deep rather than wide.
            first = draw(st.sampled_from(range(len(values) - 1, -1, -1)))
            args = (first, *(draw(st.integers(0, len(values) - 1)) for _ in range(op.arity - 1)))
            out = _smooth_at(op, [values[i] for i in args], bound, margin)
            if out is not None:
                nodes.append((op, args))
                values.append(out)
        assume(nodes)
        return Expression(inputs, tuple(nodes))

    return draw()
