"""Build one graph on the learner's class and on this engine, run backward on both, and compare.

Every value the output uses is compared: forward values at every node, and
gradients at every node the learner's class exposes.  A case fails when a
forward value or a leaf's gradient disagrees (interior gradients only help to
find where things went wrong).  Tolerance: relative 1e-9, absolute 1e-12, with
the relative part measured against the size of the terms that were summed, so a
gradient that is a near-cancelling sum is not failed for its rounding.

>>> from autograd.auditor.forms import FORMS
>>> from autograd.auditor.graph import Graph, Node
>>> from autograd.core.engine import Value
>>> from autograd.auditor.sandbox import Clock
>>> c = compare(Value, Graph((2.0,), (Node(FORMS["mul"], (0, 0)),)), Clock(1.0))
>>> c.ok, c.expected_grad, c.actual_grad
(True, (4.0, 1.0), (4.0, 1.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from autograd.auditor.graph import Graph
from autograd.auditor.sandbox import Clock
from autograd.core.engine import Value, local_derivatives, topological_order
from autograd.core.numbers import float_of

__all__ = ["ATOL", "RTOL", "Comparison", "close", "compare", "our_graph"]

RTOL = 1e-9
ATOL = 1e-12
#: A sum counts as cancelling once it is smaller than this share of its terms.
_CANCEL = 1e-4


def close(actual: float, expected: float, scale: float = 0.0) -> bool:
    """``actual`` within ATOL + RTOL·max(|expected|, 1e-4·scale) of ``expected``."""
    if not (math.isfinite(actual) and math.isfinite(expected)):
        return actual == expected or (math.isnan(actual) and math.isnan(expected))
    return abs(actual - expected) <= ATOL + RTOL * max(abs(expected), _CANCEL * scale)


def our_graph(graph: Graph) -> list[Value]:
    """The graph on this engine, leaves labelled a, b, ... (positions as in ``graph``), after ``backward()``."""
    values = graph.build(lambda x, i: Value(x, graph.name(i)))
    values[graph.root].backward()
    return values


@dataclass(frozen=True)
class Comparison:
    """One graph on both engines.

    ``positions`` are the values the output uses, in forward order;
    ``backward`` the same in this engine's backward order.  The tuples are
    indexed like ``positions``; an ``actual`` entry is None where the learner's
    value could not be read.  ``error`` is the learner's exception (one line),
    ``timed_out`` says it ran out of time, ``skipped`` that it was not run
    (earlier cases had run out of time).
    """

    graph: Graph
    positions: tuple[int, ...]
    backward: tuple[int, ...]
    expected_data: tuple[float, ...]
    expected_grad: tuple[float, ...]
    scale: tuple[float, ...]
    actual_data: tuple[float | None, ...] = ()
    actual_grad: tuple[float | None, ...] = ()
    error: str = ""
    timed_out: bool = False
    skipped: bool = False

    def at(self, pos: int) -> int:
        """Index into the tuples for graph position ``pos``."""
        return self.positions.index(pos)

    def data_ok(self, pos: int) -> bool:
        """The learner's forward value at ``pos`` agrees."""
        k = self.at(pos)
        actual = self.actual_data[k]
        return actual is not None and close(actual, self.expected_data[k])

    def grad_ok(self, pos: int) -> bool:
        """The learner's gradient at ``pos`` agrees."""
        k = self.at(pos)
        actual = self.actual_grad[k]
        return actual is not None and close(actual, self.expected_grad[k], self.scale[k])

    @property
    def first_wrong_value(self) -> int | None:
        """The first position, in forward order, whose forward value disagrees."""
        return next((p for p in self.positions if not self.data_ok(p)), None)

    @property
    def first_wrong_grad(self) -> int | None:
        """The first position, in backward order, whose gradient disagrees."""
        return next((p for p in self.backward if not self.grad_ok(p)), None)

    @property
    def leaves(self) -> list[int]:
        """The leaf positions the output uses."""
        return [p for p in self.positions if p < len(self.graph.leaves)]

    @property
    def ok(self) -> bool:
        """No error, every forward value and every leaf's gradient agree."""
        if self.error or self.timed_out:
            return False
        return self.first_wrong_value is None and all(self.grad_ok(p) for p in self.leaves)


def _scales(values: list[Value], root: Value) -> dict[Value, float]:
    """Backprop with |local| and |upstream|: the size of the terms each gradient sums."""
    scale: dict[Value, float] = {root: 1.0}
    for node in reversed(topological_order(root)):
        s = scale.get(node, 0.0)
        for p, d in zip(node.parents, local_derivatives(node)):
            scale[p] = scale.get(p, 0.0) + abs(d) * s
    return scale


def _read(x: Any) -> float | None:
    try:
        return float_of(x)
    except (TypeError, ValueError, AttributeError):
        return None


def _run_theirs(cls: type, graph: Graph, positions: tuple[int, ...]) -> tuple[list[float | None], ...]:
    values = graph.build(lambda x, i: cls(x))
    values[graph.root].backward()
    return [_read(values[p].data) for p in positions], [_read(values[p].grad) for p in positions]


def compare(cls: type, graph: Graph, clock: Clock) -> Comparison:
    """Run ``graph`` on ``cls`` (within the ``clock``'s limit) and on this engine, and line the two up."""
    ours = our_graph(graph)
    positions = tuple(graph.reachable())
    where = {id(ours[p]): p for p in positions}
    order = tuple(where[id(v)] for v in reversed(topological_order(ours[graph.root])) if id(v) in where)
    scales = _scales(ours, ours[graph.root])
    base = Comparison(
        graph,
        positions,
        order,
        tuple(ours[p].data for p in positions),
        tuple(float(ours[p].grad) for p in positions),
        tuple(scales.get(ours[p], 0.0) for p in positions),
    )
    outcome = clock.run(lambda: _run_theirs(cls, graph, positions))
    if outcome.timed_out:
        return replace(base, timed_out=True, skipped=outcome.skipped)
    if outcome.error:
        return replace(base, error=outcome.error)
    data, grads = outcome.value
    return replace(base, actual_data=tuple(data), actual_grad=tuple(grads))
