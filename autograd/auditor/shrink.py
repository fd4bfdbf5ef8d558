"""A last, greedy shrink after hypothesis's: bypass nodes and drop what the output does not use.

Hypothesis shrinks the random draws; a node deep in a graph can survive that
when removing it would shift the rest.  Here each node in turn is bypassed (its
uses take its first operand instead) and kept out if the case still fails, so
the report shows the fewest nodes that still go wrong.

>>> from autograd.auditor.forms import FORMS
>>> g = Graph((2.0,), (Node(FORMS["tanh"], (0,)), Node(FORMS["add"], (1, 1))))
>>> bypass(g, 1).lines()
['L = a + a']
"""

from __future__ import annotations

from collections.abc import Callable

from autograd.auditor.forms import safe_value
from autograd.auditor.graph import Graph, Node

__all__ = ["bypass", "pruned", "simplify", "well_placed"]


def pruned(g: Graph) -> Graph:
    """``g`` without the nodes and leaves the output does not use."""
    keep = g.reachable()
    new = {old: i for i, old in enumerate(keep)}
    n = len(g.leaves)
    leaves = tuple(g.leaves[p] for p in keep if p < n)
    nodes = tuple(
        Node(g.nodes[p - n].form, tuple(new[a] for a in g.nodes[p - n].args), g.nodes[p - n].number)
        for p in keep
        if p >= n
    )
    return Graph(leaves, nodes)


def bypass(g: Graph, pos: int) -> Graph:
    """``g`` with node ``pos`` removed: its uses take its first operand instead."""
    n = len(g.leaves)
    target = g.nodes[pos - n].args[0]

    def moved(a: int) -> int:
        return target if a == pos else a - 1 if a > pos else a

    nodes = [Node(m.form, tuple(moved(a) for a in m.args), m.number) for m in g.nodes]
    del nodes[pos - n]
    return pruned(Graph(g.leaves, tuple(nodes)))


def well_placed(g: Graph) -> bool:
    """Every node's value clear of kinks, domain edges and cancellation (as the random graphs are)."""
    values = list(g.leaves)
    for m in g.nodes:
        x = values[m.args[0]]
        other = values[m.args[1]] if len(m.args) == 2 else m.number
        v = safe_value(m.form, x, other)
        if v is None:
            return False
        values.append(v)
    return True


def simplify(g: Graph, fails: Callable[[Graph], bool], tries: int = 60) -> Graph:
    """Bypass nodes one at a time while the case still ``fails``; at most ``tries`` runs of it."""
    g = pruned(g)
    improved = True
    while improved and tries > 0:
        improved = False
        for pos in range(g.root - 1, len(g.leaves) - 1, -1):  # never the output itself
            candidate = bypass(g, pos)
            if not candidate.nodes or not well_placed(candidate):
                continue
            tries -= 1
            if fails(candidate):
                g, improved = candidate, True
                break
            if tries <= 0:
                break
    return g
