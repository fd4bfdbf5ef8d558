"""One Value in several leaf slots: its gradient sums every slot's contributions.

The trace gives each input Value a stand-in of its own, so the traced graph
has one leaf slot per use: ``step(v, v)`` fills two slots with ``v``, and so
does passing a Value that ``fn`` also captures.  ``backward()`` on such a graph
adds all of ``v``'s contributions into one ``.grad``, in the order it visits the
consumers.  For such a call the replay merges the slots' contributions in that
order, so ``v.grad`` is what ``backward()`` gives, to the last bit.

The check per call looks only at the input Values (usually a handful).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from autograd.core.engine import Value
from autograd.replay.rows import Rows


@dataclass
class LeafEdges:
    """Per leaf slot, its contributions' slots in ``grads`` and their order keys (ascending; see
    :func:`autograd.replay.graph.edge_key`)."""

    refs: list[np.ndarray]
    keys: list[np.ndarray]


def alias_groups(
    values: Sequence[Value], value_positions: Sequence[tuple[int, int]], captured: dict[int, int]
) -> tuple[tuple[int, ...], ...]:
    """Leaf slots that hold the same Value, as groups of two or more (none in the common case).

    ``value_positions`` pairs each input leaf slot with the index of its input
    Value in ``values``; ``captured`` maps ``id()`` of each other leaf (one the
    plan holds) to its slot.  The cost is one dict lookup per input Value.
    """
    by_id: dict[int, list[int]] = {}
    for li, k in value_positions:
        by_id.setdefault(id(values[k]), []).append(li)
    hits = [i for i in by_id if i in captured]
    if len(by_id) == len(value_positions) and not hits:
        return ()
    for i in hits:
        by_id[i].append(captured[i])
    return tuple(tuple(sorted(g)) for g in by_id.values() if len(g) > 1)


class Merged:
    """For each group, ``old grad + every contribution of its slots`` in backward()'s order."""

    def __init__(self, groups: tuple[tuple[int, ...], ...], first_slot: int, edges: LeafEdges) -> None:
        self.groups = groups
        rows = []
        for g in groups:
            refs = np.concatenate([edges.refs[li] for li in g])
            keys = np.concatenate([edges.keys[li] for li in g])
            rows.append([first_slot + g[0], *refs[np.argsort(keys, kind="stable")].tolist()])
        self.rows = Rows(rows)
        self.members = [np.array(g, dtype=np.intp) for g in groups]

    def __call__(self, grads: np.ndarray, new: np.ndarray) -> None:
        out = np.empty(len(self.groups))
        self.rows(grads, out)
        for g, total in zip(self.members, out.tolist()):
            new[g] = total
