"""Ordered sums of outer products, the arithmetic of a dense layer.

``head[0] + … + head[h−1] + a[0]⊗b[0] + a[1]⊗b[1] + … + a[Q−1]⊗b[Q−1] + tail[0] + …``,
added left to right, elementwise over an ``[M, N]`` array (``(a⊗b)[m, n] = a[m]·b[n]``).
The forward pass of a dense layer and each side's gradients have this shape,
and adding in this order is what makes the replay round as the engine does.

Two ways of running it give the same numbers:

- a large slab (``M·N ≥ SLAB``): per ``q``, one outer product and one add, on an
  accumulator that stays in cache;
- a small slab: products for a chunk of ``q`` are written as ``[1 + k, M, N]``
  behind the running sum and reduced over axis 0, which numpy does row after row.

A slab with a short last axis is computed transposed, so numpy's inner loops
are long.  With ``exact=False`` the products are summed by one BLAS ``matmul``
instead: equal within 1e-12 relative, not bit-identical.
"""

from __future__ import annotations

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


def reduce_rows(buf: np.ndarray, out: np.ndarray) -> None:
    """``out = buf[0] + buf[1] + …`` in that order.

    numpy sums one lone column pairwise, so not that way; and it starts a sum
    from +0.0 unless told −0.0, the true identity (−0.0 + −0.0 is −0.0).
    """
    if buf[0].size == 1:
        out.reshape(-1)[0] = np.add.accumulate(buf.reshape(-1))[-1]
    else:
        np.add.reduce(buf, axis=0, out=out, initial=-0.0)


def ordered_outer_sum(
    head: Sequence[np.ndarray] | np.ndarray,
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

    With no head, the sum starts from the first product, or from 0.0 if
    ``from_zero`` (as ``backward()`` starts an interior node's gradient).
    Returns the ``[M, N]`` sum: in ``out`` if given (it must not overlap the
    inputs), else in the workspace (valid until its next use).
    """
    M, N = a.shape[1], b.shape[1]
    flip = N < 16 and N < M  # numpy runs its inner loop along the last axis: keep it long
    if flip:
        a, b, M, N = b, a, N, M
        head, tail = [h.T for h in head], [t.T for t in tail]
        out = None
    acc = ws.get("acc", (M, N)) if out is None else out
    q0 = 0
    if len(head):
        acc[...] = head[0]
        for h in head[1:]:
            np.add(acc, h, out=acc)
    elif from_zero or not exact:
        acc[...] = 0.0
    else:
        np.multiply(a[0][:, None], b[0], out=acc)
        q0 = 1
    Q = len(a)
    if not exact:
        np.add(acc, a.T @ b, out=acc)
    elif M * N >= SLAB:
        tmp = ws.get("tmp", (M, N))
        for q in range(q0, Q):
            np.multiply(a[q][:, None], b[q], out=tmp)
            np.add(acc, tmp, out=acc)
    else:
        k = max(1, CHUNK // (M * N))
        for s in range(q0, Q, k):
            e = min(Q, s + k)
            buf = ws.get("chunk", (1 + e - s, M, N))
            buf[0] = acc
            np.multiply(a[s:e, :, None], b[s:e, None, :], out=buf[1:])
            reduce_rows(buf, acc)
    for t in tail:
        np.add(acc, t, out=acc)
    return acc.T if flip else acc
