"""Stable names for nodes: the label, or ``n<k>`` from the node's place in reading order.

The stepper, the narration, the forward view and the drawings all name nodes
through :func:`node_names`, so ``n7`` means the same node everywhere and on
every run.  The names follow :func:`reading_order`, the order in which a person
works an expression out by hand, whatever order a caller walks the graph in.

>>> from autograd import Value
>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> names = node_names(a * b + 1.0)
>>> list(names.values())
['a', 'b', 'n2', 'n3', 'n4']
"""

from __future__ import annotations

from autograd.core.engine import Value

__all__ = ["node_names", "reading_order"]


def reading_order(root: Value) -> list[Value]:
    """Every node under ``root``, parents before children, the first argument's subgraph first.

    For ``(a·b + c)·f`` that is a, b, a·b, c, a·b + c, f, and the root: the order
    of evaluation by hand.  Iterative, so depth is unlimited.
    """
    order: list[Value] = []
    placed: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in placed:
            continue
        if expanded:
            placed.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))
        for p in reversed(node.parents):
            if id(p) not in placed:
                stack.append((p, False))
    return order


def node_names(
    root: Value, order: list[Value] | None = None, *, reading: list[Value] | None = None
) -> dict[Value, str]:
    """Map every node under ``root`` to its label, or to ``n<k>`` (k = place in :func:`reading_order`).

    Names are unique: when a label is already in use (two leaves both labelled
    ``w``), the later node in reading order gets ``w_2``, then ``w_3``; a
    generated name that equals a label gets the suffix, not the label.

    The dict iterates in reading order.  ``order`` (a topological order a caller
    holds) is accepted but never changes the names; a caller that already holds
    ``reading_order(root)`` passes it as ``reading``, and the graph is not walked again.
    """
    del order  # names must not depend on the caller's walk
    nodes = reading_order(root) if reading is None else reading
    # Two nodes may carry one label (every weight labelled "w"), or a label may be
    # a generated name ("n2"): labels are placed first, then generated names, and
    # a name already taken gets a suffix, so no name is ambiguous.
    taken: set[str] = set()
    chosen: dict[int, str] = {}
    for pass_labels in (True, False):
        for k, node in enumerate(nodes):
            if bool(node.label) != pass_labels:
                continue
            name = node.label or f"n{k}"
            unique, j = name, 2
            while unique in taken:
                unique, j = f"{name}_{j}", j + 1
            taken.add(unique)
            chosen[k] = unique
    return {node: chosen[k] for k, node in enumerate(nodes)}
