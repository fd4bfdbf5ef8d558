"""Ordered sums over a flat array: how the replay adds exactly as the engine does.

``out[t] = src[r0] + src[r1] + …`` left to right, for each target ``t``.  The
targets are bucketed by how many terms they have (powers of two); each bucket
is a padded ``[k, n]`` gather summed over axis 0, which numpy does row after
row when there are at least two columns (a lone column gets a padding twin:
numpy sums a single contiguous column pairwise, in another order).  The
padding is slot 0, which holds −0.0, the additive identity; numpy's sums start
from −0.0 too (its default start, +0.0, would turn a sum of −0.0s into +0.0),
or from +0.0 where ``backward()`` starts a gradient from 0.0.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

PAD = 0
Index = slice | np.ndarray


def index(positions: Sequence[int] | np.ndarray) -> Index:
    """A slice when ``positions`` run contiguously upward (a view, no copy), else an index array."""
    p = np.asarray(positions, dtype=np.intp)
    n = len(p)
    if n and p[-1] - p[0] == n - 1 and (n == 1 or bool(np.all(np.diff(p) == 1))):
        return slice(int(p[0]), int(p[0]) + n)
    return p


def grid_view(src: np.ndarray, ix: Index, rows: int) -> np.ndarray | None:
    """``src[ix]`` as a ``[rows, cols]`` view when the positions are rows of neighbouring slots
    ``start + r·stride + c`` (say weights with their bias between rows), else None."""
    if isinstance(ix, slice):
        return src[ix].reshape(rows, -1)
    p = ix.reshape(rows, -1)
    cols = p.shape[1]
    start = int(p[0, 0])
    stride = int(p[1, 0]) - start if rows > 1 else cols
    if stride < cols or not np.array_equal(p, start + stride * np.arange(rows)[:, None] + np.arange(cols)):
        return None
    step = src.strides[0]
    view: np.ndarray = np.lib.stride_tricks.as_strided(src[start:], (rows, cols), (stride * step, step))
    return view


def size(ix: Index) -> int:
    """How many positions ``ix`` selects."""
    return ix.stop - ix.start if isinstance(ix, slice) else len(ix)


def take(src: np.ndarray, ix: Index) -> np.ndarray:
    """``src[ix]``: a view for a slice, a copy for an index array."""
    return src[ix] if isinstance(ix, slice) else src.take(ix)


def ranges(counts: np.ndarray) -> np.ndarray:
    """``[0..c0), [0..c1), …`` concatenated."""
    counts = np.asarray(counts, dtype=np.int64)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    out: np.ndarray = np.arange(int(counts.sum()), dtype=np.int64) - starts
    return out


class Rows:
    """Ordered sums: ``out[positions[t]] = start + src[refs of t]`` added left to right.

    ``start`` is −0.0, the identity (a sum of terms; a leaf's gradient, whose
    first term is its old grad), or +0.0, where ``backward()`` starts an
    interior node's gradient (0.0 + x is x, but +0.0 for x = −0.0).
    """

    def __init__(self, refs: Sequence[Sequence[int]], start: float = -0.0) -> None:
        counts = np.fromiter(map(len, refs), np.int64, len(refs))
        flat = np.fromiter(itertools.chain.from_iterable(refs), np.int64, int(counts.sum()))
        self._build(flat, counts, np.arange(len(refs)), start)

    @classmethod
    def from_csr(
        cls, flat: np.ndarray, counts: np.ndarray, positions: np.ndarray, start: float = -0.0
    ) -> Rows:
        """Target ``positions[t]`` sums the next ``counts[t]`` entries of ``flat``."""
        rows = cls.__new__(cls)
        rows._build(flat, counts, positions, start)
        return rows

    def _build(self, flat: np.ndarray, counts: np.ndarray, positions: np.ndarray, begin: float) -> None:
        self.start = begin
        self.zero = math.copysign(1.0, begin) > 0
        self.parts: list[tuple[Index, Index | np.ndarray, int]] = []
        if len(counts) == 0:
            return
        start = np.cumsum(counts) - counts
        width = np.frexp(np.maximum(counts - 1, 1).astype(float))[1]
        for w in np.unique(width):
            t = np.flatnonzero(width == w)
            c = counts[t]
            k = max(1, int(c.max()))
            n = len(t)
            m = np.full((k, max(n, 2)), PAD, dtype=np.intp)
            r = ranges(c)
            m[r, np.repeat(np.arange(n), c)] = flat[np.repeat(start[t], c) + r]
            where = index(positions[t])
            self.parts.append((where, index(m[0, :n]) if k == 1 else m, n))

    def __call__(self, src: np.ndarray, out: np.ndarray) -> None:
        start, zero = self.start, self.zero
        for where, m, n in self.parts:
            if isinstance(m, slice) or m.ndim == 1:
                if not zero:
                    out[where] = take(src, m)
                elif isinstance(where, slice):
                    np.add(take(src, m), 0.0, out=out[where])
                else:
                    out[where] = take(src, m) + 0.0
            else:
                out[where] = np.add.reduce(src.take(m), axis=0, initial=start)[:n]


Part = Callable[[np.ndarray, np.ndarray, np.ndarray], None]


class Gather:
    """Gradients of a set of targets: ordered sums of slots, plus parts summed as arrays (dense sides).

    Called as ``gather(vals, grads, out)``; writes each target's gradient to ``out``.
    """

    def __init__(self, rows: Rows | None, parts: Sequence[Part] = ()) -> None:
        self.rows = rows
        self.parts = list(parts)

    def __call__(self, vals: np.ndarray, grads: np.ndarray, out: np.ndarray) -> None:
        if self.rows is not None:
            self.rows(grads, out)
        for part in self.parts:
            part(vals, grads, out)
