"""The forward pass, as a learner reads it: every node in evaluation order, with its op, inputs and value.

>>> from autograd import Value
>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> print(forward_trace(a * b + a))
forward pass (evaluation order):
  0  a   = 2                       input
  1  b   = -3                      input
  2  n2  = a · b    = 2 · (-3) = -6
  3  n3  = n2 + a   = -6 + 2   = -4
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from autograd.core.engine import Value
from autograd.core.numbers import factor, fmt
from autograd.core.ops import POW
from autograd.explain.naming import node_names, reading_order
from autograd.explain.sentences import text

__all__ = ["ForwardRow", "ForwardTrace", "forward_trace", "node_arithmetic", "node_expression"]

_POWER = POW.notation.precedence  # binds tighter than unary minus: (-2)^2, never -2^2


def node_expression(node: Value, names: Mapping[Value, str]) -> str:
    """How ``node`` is computed from its parents, by name: ``a · b``, ``tanh(n3)``, ``n2^2``; ``""`` for a leaf."""
    return _write(node, lambda p, bare: names[p])


def node_arithmetic(node: Value) -> str:
    """The same with the parents' values in place of their names: ``2 · (-3)``; ``""`` for a leaf."""
    return _write(node, lambda p, bare: fmt(p.data) if bare else factor(p.data))


def _write(node: Value, show: Callable[[Value, bool], str]) -> str:
    # show(parent, bare): bare is True where a negative number needs no parentheses, which is
    # everywhere but the right operand and the operand of an op binding tighter than unary minus (^).
    op = node.op_entry
    if op is None:
        return ""
    n = op.notation
    ps = node.parents
    if n.kind == "infix":
        return f"{show(ps[0], n.precedence < _POWER)} {n.symbol} {show(ps[1], False)}"
    if n.kind == "postfix":
        return f"{show(ps[0], False)}{n.symbol}"  # a constant exponent: the symbol is '^2'
    if n.kind == "prefix":
        return f"{n.symbol}{show(ps[0], False)}"
    return f"{n.symbol}({', '.join(show(p, True) for p in ps)})"


@dataclass(frozen=True)
class ForwardRow:
    """One node of the forward pass.

    ``index`` is the place in evaluation order, from 0, so the unlabelled node
    at index 3 is the one named ``n3``.  ``kind`` is ``"input"`` (a labelled leaf), ``"constant"`` (an unlabelled
    leaf) or ``"op"``; ``expression`` is the op written with the parents' names
    (``a · b``) and ``arithmetic`` with their values (``2 · (-3)``), both
    ``""`` for a leaf.
    """

    index: int
    node: Value
    name: str
    kind: str
    op: str
    inputs: tuple[str, ...]
    expression: str
    arithmetic: str
    value: float


@dataclass(frozen=True)
class ForwardTrace:
    """The rows of the forward pass, parents before children; ``str()`` renders them as a table."""

    root: Value
    rows: tuple[ForwardRow, ...]
    names: Mapping[Value, str]

    def __iter__(self) -> Iterator[ForwardRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> ForwardRow:
        return self.rows[i]

    def render(self, lang: str = "en") -> str:
        """The table, headed in ``lang``."""
        nw = max(len(r.name) for r in self.rows)
        ew = max([len(r.expression) for r in self.rows] + [8])
        aw = max([len(r.arithmetic) for r in self.rows] + [0])
        kinds = {"input": text("input", lang), "constant": text("constant", lang)}
        lines = [text("forward_title", lang)]
        iw = len(str(len(self.rows) - 1))
        for r in self.rows:
            head = f"  {r.index:>{iw}}  {r.name:<{nw}}  = "
            if r.kind == "op":
                lines.append(f"{head}{r.expression:<{ew}} = {r.arithmetic:<{aw}} = {fmt(r.value)}")
            else:
                lines.append(f"{head}{fmt(r.value):<{ew + aw + 6}}  {kinds[r.kind]}".rstrip())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return self.render()


def forward_trace(root: Value) -> ForwardTrace:
    """Every node under ``root`` in evaluation order (parents first, the first argument's
    subgraph first: the order a person works it out by hand), with its op, inputs and value."""
    order = reading_order(root)
    names = node_names(root, reading=order)
    rows = []
    for k, node in enumerate(order):
        kind = "op" if node.op_entry is not None else ("input" if node.label else "constant")
        rows.append(
            ForwardRow(
                index=k,
                node=node,
                name=names[node],
                kind=kind,
                op=node.op,
                inputs=tuple(names[p] for p in node.parents),
                expression=node_expression(node, names),
                arithmetic=node_arithmetic(node),
                value=node.data,
            )
        )
    return ForwardTrace(root, tuple(rows), names)
