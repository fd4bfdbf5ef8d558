"""The engine in about 100 lines, written to be read.

Reverse-mode automatic differentiation rests on three ideas:

1. Each :class:`Value` remembers the op that made it and its parents (its inputs).
2. A topological order lists every node after all of its parents.
3. ``backward()`` walks that order from the output back to the inputs and, at
   each node, applies the chain rule: ``parent.grad += local * node.grad``,
   where ``local`` = ∂node/∂parent comes from the op table.

The ops are those of :mod:`autograd.core.ops`, read from the same table, so
this engine and the fast one (:mod:`autograd.core.engine`, the ``Value`` you
import from ``autograd``) do the same arithmetic in the same order, and a test
checks that they give bit-identical gradients.  The fast engine adds grad
mode, ``create_graph``, thread safety and speed; this one adds nothing.

>>> a, b = Value(2.0), Value(-3.0)
>>> L = a * b + a
>>> L.backward()
>>> a.grad, b.grad
(-2.0, 2.0)
"""

from __future__ import annotations

from collections.abc import Callable

from autograd.core import ops
from autograd.core.ops import Op

__all__ = ["Value", "apply", "topological_order"]


class Value:
    """A number, the op that made it, its parents, and ∂output/∂self after ``backward()``."""

    def __init__(self, data: float, op: Op | None = None, parents: tuple[Value, ...] = ()) -> None:
        self.data = float(data)
        self.grad = 0.0
        self.op = op  # the op-table entry that made this node; None for an input
        self.parents = parents  # the inputs of that op, in order

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # Every operator and method applies an entry of the op table.
    def __add__(self, other: Value | float) -> Value:
        return apply(ops.ADD, self, other)

    def __radd__(self, other: float) -> Value:
        return apply(ops.ADD, other, self)

    def __sub__(self, other: Value | float) -> Value:
        return apply(ops.SUB, self, other)

    def __rsub__(self, other: float) -> Value:
        return apply(ops.SUB, other, self)

    def __mul__(self, other: Value | float) -> Value:
        return apply(ops.MUL, self, other)

    def __rmul__(self, other: float) -> Value:
        return apply(ops.MUL, other, self)

    def __truediv__(self, other: Value | float) -> Value:
        return apply(ops.DIV, self, other)

    def __rtruediv__(self, other: float) -> Value:
        return apply(ops.DIV, other, self)

    def __neg__(self) -> Value:
        return apply(ops.NEG, self)

    def __pow__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return apply(ops.POW, self, other)
        return apply(ops.pow_const(float(other)), self)  # x ** 3: a one-input op per exponent

    def __getattr__(self, name: str) -> Callable[[], Value]:
        """``x.exp()``, ``x.tanh()``, ``x.relu()``, ...: any one-input op of the table, by its name."""
        op = ops.OPS.get(name)
        if op is None or op.arity != 1:
            raise AttributeError(name)
        return lambda: apply(op, self)

    def backward(self) -> None:
        """Fill ``grad`` of every node with ∂self/∂node."""
        order = topological_order(self)
        for node in order:
            if node.parents:
                node.grad = 0.0  # interior nodes hold this pass's gradient; inputs accumulate
        self.grad += 1.0  # ∂self/∂self = 1
        for node in reversed(order):  # every node before its parents
            if node.op is None:
                continue  # an input: nothing to pass on
            inputs = [p.data for p in node.parents]
            for parent, rule in zip(node.parents, node.op.derivs):
                local = rule(node.data, *inputs)  # ∂node/∂parent, from the op table
                parent.grad += local * node.grad  # the chain rule


def apply(op: Op, *args: Value | float) -> Value:
    """A new node: ``op`` applied to Values (numbers become input Values)."""
    parents = tuple(a if isinstance(a, Value) else Value(a) for a in args)
    return Value(op.forward(*(p.data for p in parents)), op, parents)


def topological_order(root: Value) -> list[Value]:
    """Every node reachable from ``root``, each after its parents (root last).

    Depth-first, with a stack of its own rather than recursion, so a graph of
    any depth works.  A node is first expanded (its parents pushed), and listed
    when it comes off the stack the second time, after all of its parents.
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack = [(root, False)]
    while stack:
        node, parents_listed = stack.pop()
        if parents_listed:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))  # come back to list it after its parents
            stack.extend((p, False) for p in node.parents)
    return order
