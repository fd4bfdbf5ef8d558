"""The forward pass, as a learner reads it: every node in evaluation order, with its op, inputs and value.

>>> from autograd import Value
>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> print(forward_trace(a * b + a))
forward pass (evaluation order):
  0  a   = 2                input
  1  b   = -3               input
  2  n2  = a · b        = -6
  3  n3  = n2 + a       = -4
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from autograd.engine import Value
from autograd.naming import node_names, reading_order
from autograd.narration import fmt, text

__all__ = ["ForwardRow", "ForwardTrace", "forward_trace", "node_expression"]

# Symbols written between two operands; everything else is written as a call, f(x).
_INFIX = frozenset({"+", "−", "·", "/", "^"})


def node_expression(node: Value, names: Mapping[Value, str]) -> str:
    """How ``node`` is computed from its parents, by name: ``a · b``, ``tanh(n3)``, ``n2^2``; ``""`` for a leaf."""
    op = node.op_entry
    if op is None:
        return ""
    ps = [names[p] for p in node.parents]
    if len(ps) == 2 and op.symbol in _INFIX:
        return f"{ps[0]} {op.symbol} {ps[1]}"
    if len(ps) == 1 and op.param is not None:
        return f"{ps[0]}{op.symbol}"  # constant exponent: symbol is '^2'
    if len(ps) == 1 and op.symbol == "−":
        return f"−{ps[0]}"
    return f"{op.symbol}({', '.join(ps)})"


@dataclass(frozen=True)
class ForwardRow:
    """One node of the forward pass.

    ``index`` is the place in evaluation order, from 0, so the unlabelled node
    at index 3 is the one named ``n3``.  ``kind`` is ``"input"`` (a labelled leaf), ``"constant"`` (an unlabelled
    leaf) or ``"op"``; ``expression`` is ``node_expression`` (``""`` for a leaf).
    """

    index: int
    node: Value
    name: str
    kind: str
    op: str
    inputs: tuple[str, ...]
    expression: str
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
        ew = max([len(r.expression) for r in self.rows] + [12])
        kinds = {"input": text("input", lang), "constant": text("constant", lang)}
        lines = [text("forward_title", lang)]
        iw = len(str(len(self.rows) - 1))
        for r in self.rows:
            head = f"  {r.index:>{iw}}  {r.name:<{nw}}  = "
            if r.kind == "op":
                lines.append(f"{head}{r.expression:<{ew}} = {fmt(r.value)}")
            else:
                lines.append(f"{head}{fmt(r.value):<{ew + 3}}  {kinds[r.kind]}".rstrip())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return self.render()


def forward_trace(root: Value) -> ForwardTrace:
    """Every node under ``root`` in evaluation order (parents first, the first argument's
    subgraph first: the order a person works it out by hand), with its op, inputs and value."""
    order = reading_order(root)
    names = node_names(root)
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
                value=node.data,
            )
        )
    return ForwardTrace(root, tuple(rows), names)
