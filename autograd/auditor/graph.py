"""An expression graph the auditor can build on any engine: leaves, then nodes made from earlier values.

A :class:`Graph` is engine-free: its :meth:`~Graph.build` takes a function that
makes a leaf, so the same graph is built on the learner's class and on this
engine, and the two hold their nodes at the same positions.  A value may be
used more than once (``a * a``, a diamond), so it is a graph, not a tree.

>>> from autograd.auditor.forms import FORMS
>>> g = Graph((2.0,), (Node(FORMS["mul"], (0, 0)), Node(FORMS["tanh"], (1,))))
>>> g.lines()
['L = (a * a).tanh()']
>>> g.inputs()
'a = 2'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograd.auditor.forms import Form, apply, number_text

__all__ = ["LEAF_NAMES", "Graph", "Node"]

#: The names leaves get, in order.
LEAF_NAMES = "abcdefgh"

# How tightly each kind binds, for parentheses: a higher number binds tighter.
_ATOM, _POW, _NEG, _MUL, _ADD = 9, 7, 6, 5, 4
_BINDING = {"add": _ADD, "sub": _ADD, "mul": _MUL, "div": _MUL}


@dataclass(frozen=True)
class Node:
    """``form`` applied to earlier values ``args`` (indices: leaves first), with ``number`` for a number operand."""

    form: Form
    args: tuple[int, ...]
    number: float | None = None


@dataclass(frozen=True)
class Graph:
    """Leaves with their values, then nodes; the last node is the output ``L``."""

    leaves: tuple[float, ...]
    nodes: tuple[Node, ...]

    def build(self, leaf: Callable[[float, int], Any]) -> list[Any]:
        """Every value, leaves first: ``leaf(x, i)`` makes leaf ``i``; each node applies its form."""
        values = [leaf(x, i) for i, x in enumerate(self.leaves)]
        for node in self.nodes:
            operands = [values[i] for i in node.args]
            second = operands[1] if len(operands) == 2 else node.number
            values.append(apply(node.form, operands[0], second))
        return values

    @property
    def root(self) -> int:
        """The position of the output."""
        return len(self.leaves) + len(self.nodes) - 1

    def reachable(self) -> list[int]:
        """The positions the output depends on (itself included), in order."""
        seen = {self.root}
        n = len(self.leaves)
        for pos in range(self.root, n - 1, -1):
            if pos in seen:
                seen.update(self.nodes[pos - n].args)
        return sorted(seen)

    def name(self, pos: int) -> str:
        """``a``, ``b`` for leaves, ``n1``, ``n2`` for nodes, ``L`` for the output."""
        n = len(self.leaves)
        if pos < n:
            return LEAF_NAMES[pos] if pos < len(LEAF_NAMES) else f"x{pos}"
        return "L" if pos == self.root else f"n{pos - n + 1}"

    def uses(self) -> dict[int, int]:
        """How many times each reachable position is used as an operand."""
        count = dict.fromkeys(self.reachable(), 0)
        n = len(self.leaves)
        for pos in count:
            if pos >= n:
                for i in self.nodes[pos - n].args:
                    count[i] += 1
        return count

    def lines(self, every: bool = False) -> list[str]:
        """The graph as Python lines: one per node used more than once (every node with ``every``), then ``L = ...``."""
        n = len(self.leaves)
        uses = self.uses()
        named = {p for p, k in uses.items() if p < n or k > 1 or every}
        texts: dict[int, tuple[str, int]] = {p: (self.name(p), _ATOM) for p in named if p < n}
        out = []
        for pos in sorted(uses):
            if pos < n:
                continue
            texts[pos] = _write(self.nodes[pos - n], texts)
            if pos in named or pos == self.root:
                out.append(f"{self.name(pos)} = {texts[pos][0]}")
                texts[pos] = (self.name(pos), _ATOM)
        return out

    def inputs(self) -> str:
        """``a = 2, b = -3``: the leaves the output uses, with their values."""
        used = [p for p in self.reachable() if p < len(self.leaves)]
        return ", ".join(f"{self.name(p)} = {number_text(self.leaves[p])}" for p in used)

    def size(self) -> int:
        """Nodes the output uses: a measure of how small a case is."""
        return len(self.reachable())


def _write(node: Node, texts: dict[int, tuple[str, int]]) -> tuple[str, int]:
    """A node's text and how tightly it binds, from its operands' texts."""
    form = node.form
    x, xb = texts[node.args[0]]
    if form.kind == "method":
        return f"{_wrap(x, xb, _ATOM)}.{form.family}()", _ATOM
    if form.kind == "neg":
        return f"-{_wrap(x, xb, _ATOM)}", _NEG
    assert node.number is not None or form.kind == "vv"
    if form.kind == "pow":
        return f"{_wrap(x, xb, _ATOM)} ** {number_text(node.number or 0.0)}", _POW
    binding = _BINDING[form.family]
    if form.kind == "vv":
        y, yb = texts[node.args[1]]
        return form.show(_wrap(x, xb, binding), _wrap(y, yb, binding + 1)), binding
    number = number_text(node.number or 0.0)
    if form.kind == "vn":
        return form.show(_wrap(x, xb, binding), f"({number})" if number.startswith("-") else number), binding
    return form.show(_wrap(x, xb, binding + 1), number), binding


def _wrap(text: str, binds: int, needs: int) -> str:
    return text if binds >= needs else f"({text})"
