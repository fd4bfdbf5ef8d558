"""Dense layers: a level of products feeding sums, replayed as one batched product.

A dense layer in the engine is ``y[s, j] = b[j] + u[j, 0]·v[s, 0] + … + u[j, I−1]·v[s, I−1]``:
for every sample ``s`` and output ``j``, a fused sum whose terms are products of
a weight ``u[j, i]`` (the same for every sample) and an input ``v[s, i]`` (the
same for every output).  :func:`find_dense` recognises that shape in the fused
graph; the replay then computes all the products as one ``[I, S, J]`` array and
adds them with ``np.add.reduce(axis=0)``, which adds row after row, in the
engine's left-to-right order, so the result is bit-identical to the engine.

On the way back each weight's gradient is ``Σ_s v[s, i]·ḡ[s, j]`` and each
input's is ``Σ_j u[j, i]·ḡ[s, j]`` (ḡ = ∂L/∂y), added in ``backward()``'s order.
A :class:`DenseSide` computes one side's sums as one ``[Q, P, I]`` array
reduced over its first axis, when every target's contributions from the layer
are consecutive in that order and come in the same order of ``q`` (true for an
MLP); otherwise the layer writes each contribution to a slot of its own and
the targets gather them like any other.  A bias ``b[j]``, whose gradient is
``Σ_s ḡ[s, j]``, is summed with its output's weights as one more column whose
input is 1 (ḡ·1 is ḡ, bit for bit), when its contributions come in the same
order (see :func:`autograd.replay.emit._merge_biases`).

With ``exact=False`` the products are ``numpy.matmul`` (BLAS): equal to the
engine within 1e-12 relative, not bit-identical.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograd.replay.graph import Graph, Terms
from autograd.replay.outer import Workspace, ordered_outer_sum, reduce_rows
from autograd.replay.rows import Gather, Index, grid_view, take

#: A sum partition is replayed as a dense layer when it has at least this many products.
DENSE_MIN = 32


@dataclass
class DenseSpec:
    """A dense layer found in the graph, as graph positions."""

    sums: np.ndarray  # [S, J] the fused sums y[s, j]
    u: np.ndarray  # [J, I] the products' left operands
    v: np.ndarray  # [S, I] the products' right operands
    muls: np.ndarray  # [S, J, I] the products
    prefix: np.ndarray  # [t0, S, J] terms before the products (positions in the fused edge table)
    suffix: np.ndarray  # [t1, S, J] terms after them
    members: np.ndarray  # replayed-node indices of the sums (for the schedule)


def find_dense(g: Graph, t: Terms, depth: np.ndarray, mul: int) -> list[DenseSpec]:
    """Fused sums whose terms include products shaped like weights × inputs (see the module docstring)."""
    if mul < 0:
        return []
    uses = np.bincount(g.par, minlength=g.n)
    sums = np.flatnonzero(t.is_sum)
    k = (t.ptr[sums + 1] - t.ptr[sums]).astype(np.int64)
    d = depth[t.nodes[sums]]
    by = np.lexsort((k, d))
    sums, k, d = sums[by], k[by], d[by]
    change = np.flatnonzero(np.diff(d) != 0) + 1 if len(d) else np.zeros(0, dtype=np.int64)
    change = np.union1d(change, np.flatnonzero(np.diff(k) != 0) + 1)
    found = []
    canon = _canonical_constants(g)
    starts = np.r_[0, change].astype(np.int64) if len(sums) else np.zeros(0, dtype=np.int64)
    ends = np.r_[change, len(sums)].astype(np.int64) if len(sums) else np.zeros(0, dtype=np.int64)
    big = (ends - starts) * k[starts] >= DENSE_MIN if len(sums) else np.zeros(0, dtype=bool)
    for a, b in zip(starts[big].tolist(), ends[big].tolist()):
        spec = _as_dense(g, t, sums[a:b], int(k[a]), uses, mul, canon)
        if spec is not None:
            found.append(spec)
    return found


def _canonical_constants(g: Graph) -> np.ndarray:
    """Per node, itself, or for a constant made by fn the first such constant with the same bits.

    ``w * 0.5`` makes a new leaf for 0.5 in every product; as inputs of a dense
    layer those leaves are interchangeable (nothing reads their gradient).
    """
    canon = np.arange(g.n)
    consts = np.flatnonzero(g.private)
    if len(consts):
        _, first, inverse = np.unique(g.data[consts].view(np.int64), return_index=True, return_inverse=True)
        canon[consts] = consts[first][inverse.ravel()]
    return canon


def _as_dense(
    g: Graph, t: Terms, members: np.ndarray, k: int, uses: np.ndarray, mul: int, canon: np.ndarray
) -> DenseSpec | None:
    n = len(members)
    edges = t.ptr[members][:, None] + np.arange(k)  # [n, k] positions in the edge table
    terms = t.src[edges]
    single = ((g.code[terms] == mul) & (uses[terms] == 1)).all(axis=0)
    t0, width = _longest_run(single)
    if width < 2 or n * width < DENSE_MIN:
        return None
    muls = terms[:, t0 : t0 + width]
    a = canon[g.par[g.par_ptr[muls]]]
    b = canon[g.par[g.par_ptr[muls] + 1]]
    u, j_of = np.unique(a, axis=0, return_inverse=True)
    v, s_of = np.unique(b, axis=0, return_inverse=True)
    j_of, s_of = j_of.ravel(), s_of.ravel()
    nj, ns = len(u), len(v)
    if nj * ns != n or len(np.unique(s_of * nj + j_of)) != n:
        return None
    grid = np.empty((ns, nj), dtype=np.int64)
    grid[s_of, j_of] = np.arange(n)
    return DenseSpec(
        sums=t.nodes[members][grid],
        u=u,
        v=v,
        muls=muls[grid],
        prefix=np.moveaxis(edges[:, :t0][grid], 2, 0),
        suffix=np.moveaxis(edges[:, t0 + width :][grid], 2, 0),
        members=members[grid],
    )


def _longest_run(mask: np.ndarray) -> tuple[int, int]:
    """(start, length) of the longest run of True in ``mask``."""
    best = (0, 0)
    start = -1
    for i, m in enumerate([*mask.tolist(), False]):
        if m and start < 0:
            start = i
        elif not m and start >= 0:
            if i - start > best[1]:
                best = (start, i - start)
            start = -1
    return best


class DenseLayer:
    """``y[s, j] = prefix + Σ_i u[j, i]·v[s, i] + suffix``, for all s and j at once."""

    def __init__(
        self,
        shape: tuple[int, int, int],
        y: Index,
        u: Index,
        v: Index,
        prefix: list[Index],
        suffix: list[Index],
        gather: Gather,
        ws: Workspace,
        exact: bool,
    ) -> None:
        self.S, self.J, self.I = shape
        self.y, self.u_ix, self.v_ix = y, u, v
        # Per term before (after) the products: its S·J slots, or J when every sample adds the same
        self.prefix, self.suffix = prefix, suffix
        self.gather = gather
        self.ws = ws
        self.exact = exact
        self.materialized: list[tuple[str, slice]] = []  # sides written to slots of their own
        self.U = np.zeros((self.J, self.I))  # this call's u and v (views into vals where they can be)
        self.V = np.zeros((self.S, self.I))
        # [S, I + 1]: v and a column of ones, when a bias's gradient is summed with the weights'
        self.ones: np.ndarray | None = None
        self._vals: np.ndarray | None = None
        self._grads: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.S * self.J

    def with_ones(self) -> None:
        """Keep ``[v, 1]`` for a weight side that sums a bias's gradient too (ḡ·1 is ḡ, bit for bit)."""
        self.ones = np.ones((self.S, self.I + 1))

    def _bind(self, vals: np.ndarray) -> None:
        """Views into ``vals`` (it lives as long as the compiled step), made once."""
        S, J = self.S, self.J
        self._vals = vals
        self._y = vals[self.y].reshape(S, J) if isinstance(self.y, slice) else None
        self._u = grid_view(vals, self.u_ix, J)  # weights between biases: [J, I] rows of a [J, I + 1] block
        self._v = grid_view(vals, self.v_ix, S)
        u, v = self.u_ix, self.v_ix
        self._v_is_u = (
            S == J and not isinstance(u, slice) and not isinstance(v, slice) and np.array_equal(u, v)
        )
        self._head = [self._term(vals, ix) for ix in self.prefix]
        self._tail = [self._term(vals, ix) for ix in self.suffix]

    def _term(self, vals: np.ndarray, ix: Index) -> np.ndarray | None:
        """A bias-like term as ``[1, J]`` (or ``[S, J]``), a view where its slots allow."""
        J = self.J
        if isinstance(ix, slice):
            return vals[ix].reshape(-1, J)
        col = grid_view(vals, ix, len(ix))  # one slot per row: evenly spaced
        return None if col is None or len(ix) != J else col.reshape(1, J)

    def g(self, grads: np.ndarray) -> np.ndarray:
        """The outputs' gradients ḡ as ``[S, J]`` (a view when the outputs' slots are a slice)."""
        if grads is not self._grads:
            self._grads = grads
            self._g = grads[self.y].reshape(self.S, self.J) if isinstance(self.y, slice) else None
        return self._g if self._g is not None else take(grads, self.y).reshape(self.S, self.J)

    def forward(self, vals: np.ndarray) -> None:
        if vals is not self._vals:
            self._bind(vals)
        S, J, width = self.S, self.J, self.I
        U = self.U = self._u if self._u is not None else take(vals, self.u_ix).reshape(J, width)
        if self._v is not None:
            V = self.V = self._v
        else:  # p·p (a squared norm) reads the same slots twice: read them once
            V = self.V = U if self._v_is_u else take(vals, self.v_ix).reshape(S, width)
        if self.ones is not None:
            self.ones[:, :width] = V
        head = [
            h if h is not None else take(vals, ix).reshape(-1, J) for h, ix in zip(self._head, self.prefix)
        ]
        tail = [
            t if t is not None else take(vals, ix).reshape(-1, J) for t, ix in zip(self._tail, self.suffix)
        ]
        where = self._y
        got = ordered_outer_sum(head, V.T, U.T, tail, self.ws, self.exact, out=where)
        if where is None:
            vals[self.y] = got.reshape(-1)
        elif got is not where:
            where[...] = got

    def check(self, vals: np.ndarray) -> None:
        """Products and sums of floats never raise in the engine (they overflow to ±inf)."""

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        g = grads[self.y] if isinstance(self.y, slice) else np.empty(self.n)
        self.gather(vals, grads, g)
        if not isinstance(self.y, slice):
            grads[self.y] = g
        g2 = g.reshape(self.S, self.J)
        for side, block in self.materialized:
            if side == "u":  # ∂/∂u[j, i] from sample s: v[s, i]·ḡ[s, j], laid out [S, J, I]
                out = grads[block].reshape(self.S, self.J, self.I)
                np.multiply(g2[:, :, None], self.V[:, None, :], out=out)
            else:  # ∂/∂v[s, i] from output j: u[j, i]·ḡ[s, j], laid out [J, S, I]
                out = grads[block].reshape(self.J, self.S, self.I)
                np.multiply(g2.T[:, :, None], self.U[:, None, :], out=out)


class DenseSide:
    """One side's gradients as ordered sums: ``before…, the layer's terms in order, after…``.

    The side's nodes are in ``[P, W]`` order (``P`` is J for the weights ``u``,
    S for the inputs ``v``; ``W`` is I, or I + 1 when a bias ``b[j]`` rides
    along as the weights' last column: its terms are ḡ[s, j]·1); their sums
    go to ``out[positions]``.  ``before`` and ``after`` are, per other
    contribution, the grads slots of all nodes (a leaf's old grad comes
    first).  ``perm`` is the order in which ``backward()`` meets the layer's
    samples (for ``u``) or outputs (for ``v``).
    """

    def __init__(
        self,
        layer: DenseLayer,
        side: str,
        perm: np.ndarray,
        positions: Index,
        before: list[Index],
        after: list[Index],
        bias: bool = False,
        interior: bool = True,
    ) -> None:
        self.layer = layer
        self.side = side
        self.perm = None if (perm == np.arange(len(perm))).all() else perm
        self.positions = positions
        self.before = before
        self.after = after
        self.bias = bias
        self.interior = interior  # interior nodes' gradients start from +0.0; leaves' from their old grad
        self.P = layer.S if side == "v" else layer.J
        self.W = 1 if side == "b" else layer.I + bias
        self._grads: np.ndarray | None = None
        self._out: np.ndarray | None = None

    def _rows(self, grads: np.ndarray, rows: list[Index]) -> list[np.ndarray]:
        shape = (self.P, self.W) if self.side != "b" else (self.P,)
        return [
            grads[ix].reshape(shape) if isinstance(ix, slice) else take(grads, ix).reshape(shape)
            for ix in rows
        ]

    def __call__(self, vals: np.ndarray, grads: np.ndarray, out: np.ndarray) -> None:
        L = self.layer
        if grads is not self._grads:  # views into grads, made once (the index rows are read every call)
            self._grads = grads
            self._fixed = all(isinstance(ix, slice) for ix in (*self.before, *self.after))
            self._head, self._tail = self._rows(grads, self.before), self._rows(grads, self.after)
        if self._fixed:
            head, tail = self._head, self._tail
        else:
            head, tail = self._rows(grads, self.before), self._rows(grads, self.after)
        if out is not self._out:
            self._out = out
            pos = self.positions
            self._where = (
                out[pos].reshape(self.P, self.W) if isinstance(pos, slice) and self.side != "b" else None
            )
        g = L.g(grads)
        p = self.perm
        if self.side == "b":  # a term every sample adds, b[j]: Σ_s ḡ[s, j]
            self._bias(grads, out, g if p is None else g[p], head, tail)
            return
        if self.side == "u":  # Σ_s v[s, i]·ḡ[s, j] (and Σ_s 1·ḡ[s, j] for the bias)
            V = L.ones if self.bias else L.V
            assert V is not None
            a, b = (g, V) if p is None else (g[p], V[p])
        else:  # Σ_j u[j, i]·ḡ[s, j]
            a, b = (g.T, L.U) if p is None else (g.T[p], L.U[p])
        where = self._where
        got = ordered_outer_sum(head, a, b, tail, L.ws, L.exact, from_zero=self.interior, out=where)
        if where is None:
            out[self.positions] = got.reshape(-1)
        elif got is not where:
            where[...] = got

    def _bias(
        self,
        grads: np.ndarray,
        out: np.ndarray,
        g: np.ndarray,
        head: list[np.ndarray],
        tail: list[np.ndarray],
    ) -> None:
        L = self.layer
        S, J = L.S, L.J
        na, nc = len(head), len(tail)
        buf = L.ws.get("bias", (na + S + nc, J))
        for r, h in enumerate(head):
            buf[r] = h
        buf[na : na + S] = g
        for r, t in enumerate(tail, na + S):
            buf[r] = t
        start = 0.0 if self.interior else -0.0
        if isinstance(self.positions, slice):
            reduce_rows(buf, out[self.positions], start)
        else:
            total = L.ws.get("bias total", (J,))
            reduce_rows(buf, total, start)
            out[self.positions] = total
