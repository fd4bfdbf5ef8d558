"""Ordered sums of outer products, the arithmetic of a dense layer.

``head[0] + … + head[h−1] + a[0]⊗b[0] + a[1]⊗b[1] + … + a[Q−1]⊗b[Q−1] + tail[0] + …``,
added left to right, elementwise over an ``[M, N]`` array (``(a⊗b)[m, n] = a[m]·b[n]``).
The forward pass of a dense layer and each side's gradients have this shape,
and adding in this order is what makes the replay round as the engine does.

Two ways of running it give the same numbers:

- a large slab (``M·N ≥ SLAB``): per ``q``, one outer product and one add, on an
  accumulator that stays in cache;
- a small slab: rows ``[head…, products of a chunk of q…, tail…]`` (a later
  chunk leads with the running sum instead) reduced over axis 0, which numpy
  does row after row, in one call per chunk.

A slab whose last axis is the shorter is computed transposed: numpy copies
broadcast operands into buffers, and a long inner loop needs the fewest
copies (about 40% fewer instructions per product for a 16 × 100 slab).
With ``exact=False`` the products are summed by one BLAS ``matmul``
instead: equal within 1e-12 relative, not bit-identical.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

#: Slabs of at least this many elements run one outer product and one add per term;
#: smaller ones are reduced in chunks of about CHUNK elements (measured: both stay in cache).
SLAB = 16384
CHUNK = 65536


class Workspace:
    """Reusable buffers, one per name, grown on demand (and their views, by shape)."""

    def __init__(self) -> None:
        self.bufs: dict[str, np.ndarray] = {}
        self.views: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        view = self.views.get((name, shape))
        if view is not None:
            return view
        n = 1
        for d in shape:
            n *= d
        buf = self.bufs.get(name)
        if buf is None or buf.size < n:
            buf = self.bufs[name] = np.empty(n)
            self.views = {k: v for k, v in self.views.items() if k[0] != name}
        view = self.views[name, shape] = buf[:n].reshape(shape)
        return view


def reduce_rows(buf: np.ndarray, out: np.ndarray, start: float = -0.0) -> None:
    """``out = start + buf[0] + buf[1] + …`` in that order; ``start`` is −0.0 (no start: −0.0 is
    the identity) or +0.0 (as ``backward()`` starts an interior node's gradient).  May change ``buf``.

    numpy starts its sums from +0.0 unless told, and sums one lone column
    pairwise, so that one is accumulated instead.
    """
    if buf[0].size == 1:
        col = buf.reshape(-1)
        if math.copysign(1.0, start) > 0:
            col[:1] += 0.0  # +0.0 + x: x, but +0.0 for −0.0
        out.reshape(-1)[0] = np.add.accumulate(col)[-1]
    else:
        np.add.reduce(buf, axis=0, out=out, initial=start)


def ordered_outer_sum(
    head: Sequence[np.ndarray | float] | np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    tail: Sequence[np.ndarray] | np.ndarray,
    ws: Workspace,
    exact: bool = True,
    from_zero: bool = False,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """The ordered sum in the module docstring: ``a [Q, M]``, ``b [Q, N]``, and ``head`` and ``tail``
    terms that broadcast to ``[M, N]`` (a bias can be ``[1, N]``).

    The sum starts from the first term, or from +0.0 if ``from_zero`` (as
    ``backward()`` starts an interior node's gradient: 0.0 + x is x, but
    +0.0 for x = −0.0).
    Returns the ``[M, N]`` sum: in ``out`` if given (it must not overlap the
    inputs), else in the workspace (valid until its next use).
    """
    M, N = a.shape[1], b.shape[1]
    flip = N < M  # numpy runs its inner loop along the last axis: the longer one is cheaper
    if flip:
        a, b, M, N = b, a, N, M
        head, tail = [h if isinstance(h, float) else h.T for h in head], [t.T for t in tail]
        out = out.T if out is not None and out.T.flags.c_contiguous else None
    if b.strides[1] != b.itemsize:
        b = np.ascontiguousarray(b)  # the inner loop reads rows of b
    acc = ws.get("acc", (M, N)) if out is None else out
    if exact and M * N < SLAB:
        _in_chunks(head, a, b, tail, ws, from_zero, acc)
        return acc.T if flip else acc
    q0 = 0
    if len(head):
        acc[...] = head[0]
        if from_zero:
            np.add(acc, 0.0, out=acc)
        for h in head[1:]:
            np.add(acc, h, out=acc)
    elif from_zero or not exact:
        acc[...] = 0.0
    else:
        np.multiply(a[0][:, None], b[0], out=acc)
        q0 = 1
    if not exact:
        np.add(acc, a.T @ b, out=acc)
    else:
        tmp = ws.get("tmp", (M, N))
        for q in range(q0, len(a)):
            np.multiply(a[q][:, None], b[q], out=tmp)
            np.add(acc, tmp, out=acc)
    for t in tail:
        np.add(acc, t, out=acc)
    return acc.T if flip else acc


def _in_chunks(
    head: Sequence[np.ndarray | float] | np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    tail: Sequence[np.ndarray] | np.ndarray,
    ws: Workspace,
    from_zero: bool,
    acc: np.ndarray,
) -> None:
    """``acc = head… + a[0]⊗b[0] + … + tail…`` as rows ``[lead…, products…, trail…]`` reduced over
    axis 0, a chunk of products at a time; each later chunk leads with the running sum."""
    M, N = acc.shape
    Q = len(a)
    lead: list[np.ndarray | float] = list(head)
    start = 0.0 if from_zero else -0.0
    k = max(1, CHUNK // (M * N))
    s = 0
    while True:
        e = min(Q, s + k)
        trail = tail if e == Q else ()
        at = len(lead)
        buf = ws.get("chunk", (at + e - s + len(trail), M, N))
        for r, x in enumerate(lead):
            buf[r] = x
        np.multiply(a[s:e, :, None], b[s:e, None, :], out=buf[at : at + e - s])
        for r, x in enumerate(trail, at + e - s):
            buf[r] = x
        reduce_rows(buf, acc, start)
        if e == Q:
            return
        lead, start, s = [acc], -0.0, e
