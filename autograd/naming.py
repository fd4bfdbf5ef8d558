"""Stable names for nodes: the label, or ``n<k>`` from the node's place in topological order.

The stepper, the narration, the forward view and the drawings all name nodes
through :func:`node_names`, so ``n7`` means the same node everywhere and on
every run.
"""

from __future__ import annotations

from autograd.engine import Value, topological_order


def node_names(root: Value, order: list[Value] | None = None) -> dict[Value, str]:
    """Map every node under ``root`` to its label, or to ``n<k>`` (k = topological index)."""
    nodes = topological_order(root) if order is None else order
    return {node: node.label or f"n{k}" for k, node in enumerate(nodes)}
