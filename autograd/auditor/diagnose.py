"""Where a failing case first goes wrong, and which classic bug the numbers fit.

:func:`find` looks at the first node, in backward order, whose gradient
disagrees.  Every node before it in that order holds the right gradient, so
each path into it brings the right ``upstream × local``; the learner's number
is then matched against the ways it could have been spoiled:

* ``overwrite``: it equals the sum of only some of its paths (``=`` instead of ``+=``);
* ``early``: a node above it passed its gradient on before all of it had arrived (wrong order);
* ``local``: one path, and the local derivative the learner used is wrong (a wrong rule);
* ``seed``: it is the output, and backward() did not start from ∂L/∂L = 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from autograd.auditor.compare import Comparison, close, our_graph
from autograd.core.engine import Value, local_derivatives

__all__ = ["Finding", "Path", "find", "paths_into"]

#: The most paths whose subsets are tried (2^8 sums).
_MAX_PATHS = 8


@dataclass(frozen=True)
class Path:
    """One path into a node: ``consumer`` (a graph position) sends ``upstream × local = contribution``."""

    consumer: int
    upstream: float
    local: float
    contribution: float


@dataclass(frozen=True)
class Finding:
    """The first node (graph position ``pos``), in backward order, whose gradient disagrees, and why.

    ``kind`` is ``"seed"``, ``"overwrite"``, ``"early"``, ``"local"``,
    ``"unreadable"`` or ``"unknown"`` (see the module docstring).  For
    ``overwrite``, ``kept`` is how many paths' shares it holds; for ``early``,
    ``early`` is the node that passed on too soon and ``partial`` what it held
    then; for ``local``, ``local`` is the local derivative the learner used.
    """

    pos: int
    expected: float
    actual: float | None
    paths: tuple[Path, ...]
    kind: str
    kept: int = 0
    early: int | None = None
    partial: float = 0.0
    local: float = 0.0


def paths_into(values: list[Value], positions: tuple[int, ...], pos: int) -> list[Path]:
    """Every edge from a node the output uses into position ``pos``, with this engine's numbers."""
    target = values[pos]
    out = []
    for u in positions:
        node = values[u]
        if not node.parents:
            continue
        for p, d in zip(node.parents, local_derivatives(node)):
            if p is target:
                out.append(Path(u, float(node.grad), d, d * float(node.grad)))
    return out


def _subset_sums(terms: list[float]) -> list[tuple[int, float]]:
    """(size, sum) of every non-empty proper subset of ``terms``."""
    n = len(terms)
    sums = []
    for k in range(1, n):
        for chosen in itertools.combinations(terms, k):
            sums.append((k, sum(chosen)))
    return sums


def find(c: Comparison, adds_up: bool = False) -> Finding | None:
    """The first node, in backward order, whose gradient disagrees, classified; None if all agree.

    When both overwriting and a too-early pass fit the numbers, ``adds_up``
    (the class passed the reuse cases, ``a + a`` and the like) makes the
    wrong order the explanation.
    """
    pos = c.first_wrong_grad
    if pos is None:
        return None
    values = our_graph(c.graph)
    k = c.at(pos)
    expected, actual, scale = c.expected_grad[k], c.actual_grad[k], c.scale[k]
    paths = tuple(paths_into(values, c.positions, pos))
    base = Finding(pos, expected, actual, paths, "unknown")
    if actual is None:
        return _with(base, kind="unreadable")
    if pos == c.graph.root:
        return _with(base, kind="seed")
    overwrite = _overwritten(paths, actual, scale)
    early = _early(values, c, paths, actual, scale)
    if overwrite is not None and not (adds_up and early is not None):
        return _with(base, kind="overwrite", kept=overwrite)
    if early is not None:
        return _with(base, kind="early", early=early[0], partial=early[1])
    if len(paths) == 1 and paths[0].upstream != 0.0:
        used = actual / paths[0].upstream
        return _with(base, kind="local", local=used)
    return base


def _overwritten(paths: tuple[Path, ...], actual: float, scale: float) -> int | None:
    """How many paths' shares ``actual`` holds, if it is the sum of only some of them."""
    if not 2 <= len(paths) <= _MAX_PATHS:
        return None
    for kept, total in _subset_sums([p.contribution for p in paths]):
        if close(actual, total, scale):
            return kept
    return None


def _early(
    values: list[Value], c: Comparison, paths: tuple[Path, ...], actual: float, scale: float
) -> tuple[int, float] | None:
    """A consumer, and the part of its gradient it held, that explain ``actual`` had it passed on too soon."""
    if len(paths) > _MAX_PATHS:
        return None
    for u in dict.fromkeys(p.consumer for p in paths):
        mine = [p for p in paths if p.consumer == u]
        others = sum(p.contribution for p in paths if p.consumer != u)
        feeding = paths_into(values, c.positions, u) if u != c.graph.root else []
        if len(feeding) > _MAX_PATHS:
            continue
        partials = [0.0] + [s for _, s in _subset_sums([p.contribution for p in feeding])]
        for partial in partials:
            if mine and close(partial, mine[0].upstream):
                continue
            guess = others + sum(p.local * partial for p in mine)
            if close(actual, guess, scale):
                return u, partial
    return None


def _with(f: Finding, **changes: object) -> Finding:
    return replace(f, **changes)  # type: ignore[arg-type]
