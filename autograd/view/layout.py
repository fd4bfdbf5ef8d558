"""Layout decisions made before Graphviz runs: what to leave out, how hard to try, where to wrap.

* :func:`nearest` keeps the values closest to the root when a picture is capped.
* :func:`effort` bounds Graphviz's work on big graphs (network-simplex and
  crossing-minimisation limits, straight edges), so every picture finishes in seconds.
* :func:`wrap` cuts a long chain into rows (or columns) so the picture's aspect
  ratio stays near 4:1 at most instead of one endless line.

>>> effort(10)
{}
>>> sorted(effort(500))[:3]
['mclimit', 'nslimit', 'nslimit1']
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from autograd.core.engine import Value

__all__ = ["MAX_DRAWN", "MAX_RATIO", "Box", "Wrap", "effort", "nearest", "wrap"]

#: The most values any picture lays out; past it, drawing refuses at once and says how to draw a part.
MAX_DRAWN = 2000

#: Longest side over shortest side beyond which a layout is wrapped.
MAX_RATIO = 4.0

_MIN_LEVELS = 12  # levels (values and ops) below which a graph is never wrapped
_CHAIN_LIKE = 3.5  # at most this many DOT nodes per level on average: a chain, or a long sum of terms
_TARGET = 1.6  # the aspect ratio a wrapped picture aims for: a little wider than tall, like a screen
_NODESEP = 18.0  # points, as draw sets them (0.25 in)
_RANKSEP = 32.0  # 0.45 in


def nearest(root: Value, limit: int) -> set[Value]:
    """The ``limit`` Values closest to ``root`` (breadth-first over parents, in argument order)."""
    kept = {root}
    queue = deque([root])
    while queue and len(kept) < limit:
        node = queue.popleft()
        for p in node.parents:
            if p not in kept:
                kept.add(p)
                queue.append(p)
                if len(kept) >= limit:
                    break
    return kept


def effort(values: int) -> dict[str, str]:
    """Graph attributes that bound Graphviz's work for a picture of ``values`` values.

    Small pictures get Graphviz's full effort (the best layout).  Past 60 values
    the iteration limits are lowered; past 150, crossing minimisation runs
    briefly and edges are straight lines, which keeps even the CLI's largest
    expressions to a few seconds.
    """
    if values <= 60:
        return {}
    if values <= 150:
        return {"nslimit": "4", "nslimit1": "4", "mclimit": "0.5", "searchsize": "20"}
    return {
        "nslimit": "0.1",
        "nslimit1": "0.1",
        "mclimit": "0.01",
        "searchsize": "5",
        "remincross": "false",
        "splines": "line",
    }


@dataclass(frozen=True)
class Box:
    """A DOT node's estimated size in points, ``w`` across and ``h`` down, as laid out left to right."""

    w: float
    h: float


@dataclass(frozen=True)
class Wrap:
    """A wrapped layout: ``rankdir`` to use, and the groups of DOT ids that share a row (or column).

    No groups: the layout is only turned to ``rankdir``.
    """

    rankdir: str
    groups: tuple[tuple[str, ...], ...]


def _levels(ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Each node's level, placed as late as possible: one before its earliest consumer."""
    out: dict[str, list[str]] = {k: [] for k in ids}
    for t, h in edges:
        if t in out and h in out:
            out[t].append(h)
    # ``ids`` come in topological order (inputs first), so walk it backwards.
    to_sink: dict[str, int] = {}
    for k in reversed(ids):
        to_sink[k] = 1 + max((to_sink[h] for h in out[k]), default=-1)
    top = max(to_sink.values(), default=0)
    return {k: top - d for k, d in to_sink.items()}


_TURNED = {"LR": "TB", "RL": "BT", "TB": "LR", "BT": "RL"}


def _along(box: Box, across: bool) -> float:
    return box.w if across else box.h


def _side(box: Box, across: bool) -> float:
    return box.h if across else box.w


def wrap(
    ids: Sequence[str],
    boxes: Mapping[str, Box],
    edges: Sequence[tuple[str, str, bool]],
    rankdir: str,
    label: Box = Box(0.0, 0.0),
) -> Wrap | None:
    """A wrapped (or turned) layout when the plain one would be much longer than wide, else None.

    ``ids`` are the DOT nodes in topological order; ``edges`` run input →
    output, each flagged when it carries a label of size ``label``.  Levels are
    cut into consecutive groups; each group becomes one row (for ``LR``/``RL``,
    read left to right, rows top to bottom) or one column (for ``TB``/``BT``).
    The estimate of the plain layout errs long (a tree spreads more than its
    widest level), so wrapping starts at 1.5 × :data:`MAX_RATIO`.  Only
    chain-like graphs are wrapped: at least 12 levels (six ops deep), with at
    most 3.5 nodes a level on average.  A broader graph estimated longer than
    4:1 is turned instead (``LR`` → ``TB``) when that is closer to square; the
    result then has no groups.
    """
    if len(ids) < 8:
        return None
    level = _levels(ids, [(t, h) for t, h, _ in edges])
    by_level: dict[int, list[str]] = {}
    for k in ids:
        by_level.setdefault(level[k], []).append(k)
    if len(by_level) < _MIN_LEVELS:
        return None  # a short graph reads best in one line, even when wide
    chain_like = len(ids) <= _CHAIN_LIKE * len(by_level)
    across = rankdir in ("LR", "RL")

    labelled: dict[int, int] = {}  # level of an edge's head → labelled edges arriving there
    into: dict[str, int] = {}
    for _, h, has in edges:
        if has and h in level:
            labelled[level[h]] = labelled.get(level[h], 0) + 1
            into[h] = into.get(h, 0) + 1

    def extent(across: bool) -> tuple[float, float]:
        """Estimated (length along the flow, breadth across it) of the plain layout."""
        l_along, l_side = (label.w, label.h) if across else (label.h, label.w)
        length = sum(max(_along(boxes[k], across) for k in ks) + _RANKSEP for ks in by_level.values())
        length += len(labelled) * (l_along + _RANKSEP)
        breadth = 2 * max(
            max(sum(_side(boxes[k], across) + _NODESEP for k in ks) for ks in by_level.values()),
            max((n * (l_side + _NODESEP) for n in labelled.values()), default=0.0),
        )
        return length, breadth

    length, breadth = extent(across)
    if not chain_like:
        # A broad graph (a network's layers) cut into rows would tangle its many edges: if it is long,
        # lay it out the other way round when that is closer to square.
        if length <= MAX_RATIO * breadth:
            return None
        turned = extent(not across)
        if max(turned) / min(turned) < length / breadth:
            return Wrap(_TURNED[rankdir], ())
        return None
    if length <= 1.5 * MAX_RATIO * breadth:
        return None
    l_along, l_side = (label.w, label.h) if across else (label.h, label.w)

    def along(k: str) -> float:
        return _along(boxes[k], across)

    def side(k: str) -> float:
        return _side(boxes[k], across)

    # Wrapped, each group lies side by side along a row: its length is the sum of its members' extents.
    member = {k: along(k) + _NODESEP + into.get(k, 0) * l_along for k in ids}
    band = max(side(k) for k in ids) + _RANKSEP + (l_side if labelled else 0.0)
    total = sum(member.values())
    target = _TARGET if across else 1.0 / _TARGET
    rows = max(2, round(math.sqrt(total / (target * band))))
    per_row = total / rows
    groups: list[list[str]] = [[]]
    filled = 0.0
    for _, ks in sorted(by_level.items()):
        size = sum(member[k] for k in ks)
        if groups[-1] and filled + size / 2 > per_row:
            groups.append([])
            filled = 0.0
        groups[-1].extend(ks)
        filled += size
    if len(groups) < 2:
        return None
    return Wrap("TB" if across else "LR", tuple(tuple(g) for g in groups))
