"""Backward, one node at a time.

``backward_steps`` runs the very loop body that ``backward()`` runs
(:func:`autograd.core.engine.push_one`: ``push_local``, or ``push_recorded`` with
``create_graph``), and records what it did: the upstream gradient, and for
each parent the local derivative, its formula from the op table, the
contribution ``local · upstream`` and the parent's grad before and after.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from autograd.core.engine import Value, prepare_backward, push_one
from autograd.core.numbers import float_of
from autograd.explain.naming import node_names
from autograd.explain.narration import narrate


@dataclass(frozen=True, eq=False)
class Edge:
    """One parent's share of a step: ``parent.grad`` grows by ``contribution = local · grad``."""

    parent: Value
    index: int
    local: float
    formula: str
    contribution: float
    grad_before: float
    grad_after: float
    accumulated: bool = False
    """True when ``parent`` already got a share earlier in this pass (it is used more than once)."""


@dataclass(frozen=True, eq=False)
class BackwardStep:
    """The chain rule applied at one node, with the numbers it used.

    ``index`` counts from 0 and ``total`` is the number of steps (non-leaf nodes).
    ``grad`` is the upstream gradient ∂root/∂node, complete when the step is
    taken; ``names`` names every node of the graph (:func:`~autograd.node_names`);
    ``root`` is the node the pass started from, and ``lang`` the language
    ``str(step)`` narrates in.
    """

    index: int
    total: int
    node: Value
    grad: float
    edges: tuple[Edge, ...]
    names: Mapping[Value, str]
    root: Value | None = None
    lang: str = "en"
    held: tuple[tuple[str, float], ...] = ()
    """Leaves that held a gradient before the pass began, as (name, grad): the pass adds to them."""

    @property
    def name(self) -> str:
        """The node's label, or its stable generated name (``n7``)."""
        return self.names[self.node]

    def explain(self, lang: str | None = None) -> str:
        """The step in a few plain lines with the real numbers; ``lang`` is ``"en"`` or ``"ja"``.

        Without ``lang``, the step's own language (``"en"`` unless a ``Stepper`` set it).
        """
        return narrate(self, self.lang if lang is None else lang)

    def __str__(self) -> str:
        return self.explain()

    def __repr__(self) -> str:
        # A REPL shows repr: show the narration rather than a wall of fields.
        return self.explain()


def backward_steps(
    root: Value,
    create_graph: bool = False,
    *,
    order: list[Value] | None = None,
    names: Mapping[Value, str] | None = None,
) -> Iterator[BackwardStep]:
    """Iterate the backward pass from ``root``: one step per non-leaf node, root first.

    The grads are prepared at once (interior grads 0, ``root.grad`` 1); each step
    then does its node's share of ``backward()`` when it is taken, so once the
    iterator is exhausted every grad equals what ``backward()`` gives.  A caller
    that already holds ``topological_order(root)`` and :func:`node_names` passes
    them, and the graph is not walked again.
    """
    order = prepare_backward(root, order)
    return _steps(root, order, create_graph, node_names(root) if names is None else names)


def _steps(
    root: Value, order: list[Value], create_graph: bool, names: Mapping[Value, str]
) -> Iterator[BackwardStep]:
    interior = [n for n in reversed(order) if n.op_entry is not None]
    reached: set[Value] = set()  # parents that got a share earlier in this pass
    for k, node in enumerate(interior):
        op = node.op_entry
        assert op is not None
        running = {p: float_of(p.grad) for p in node.parents}
        recorded = push_one(node, create_graph)  # (local, contribution) per edge, as backward added them
        edges = []
        # A parent used twice by one node (a·a) gets two shares in turn: each edge shows its own before and after.
        last = {p: i for i, p in enumerate(node.parents)}
        for i, (p, (local, contribution)) in enumerate(zip(node.parents, recorded)):
            start = running[p]
            running[p] = start + contribution
            edges.append(
                Edge(
                    parent=p,
                    index=i,
                    local=local,
                    formula=op.formulas[i],
                    contribution=contribution,
                    grad_before=start,
                    grad_after=float_of(p.grad) if last[p] == i else running[p],
                    accumulated=p in reached,
                )
            )
            reached.add(p)
        yield BackwardStep(k, len(interior), node, float_of(node.grad), tuple(edges), names, root)
