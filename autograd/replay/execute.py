"""The pieces a compiled replay runs: ordered sums, vector groups and scalar blocks.

Two flat float arrays hold the state of one call:

- ``vals``: every value, one slot per leaf and per replayed node;
- ``grads``: each replayed node's gradient (at its ``vals`` slot), then one slot
  per edge whose contribution ``local · upstream`` is not the upstream itself.

Slot 0 of both holds −0.0, the additive identity (x + −0.0 == x for every x,
−0.0 included), so ragged sums can be padded with it.  A node's gradient is the
sum of its consumers' contributions taken in the order ``backward()`` adds them,
so the replay rounds as the engine does.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.core.engine import Value, apply
from autograd.core.ops import Op

PAD = 0
Index = slice | np.ndarray


def index(positions: Sequence[int]) -> Index:
    """A slice when ``positions`` run contiguously upward (a view, no copy), else an index array."""
    n = len(positions)
    if (
        n
        and positions[-1] - positions[0] == n - 1
        and all(b - a == 1 for a, b in itertools.pairwise(positions))
    ):
        return slice(positions[0], positions[0] + n)
    return np.asarray(positions, dtype=np.intp)


def take(src: np.ndarray, ix: Index) -> np.ndarray:
    return src[ix] if isinstance(ix, slice) else src.take(ix)


class Rows:
    """Ordered sums: ``out[t] = src[r[0]] + src[r[1]] + …``, left to right, for each target t.

    Targets are bucketed by how many terms they have (powers of two) and each
    bucket is a padded ``[k, n]`` gather summed over axis 0, which numpy does
    row after row (for n ≥ 2 columns; a lone column gets a padding twin).
    """

    def __init__(self, refs: Sequence[Sequence[int]]) -> None:
        by_width: dict[int, list[int]] = {}
        for t, r in enumerate(refs):
            by_width.setdefault(max(1, len(r) - 1).bit_length(), []).append(t)
        self.parts: list[tuple[Index, np.ndarray, int]] = []
        for _, targets in sorted(by_width.items()):
            k = max(1, *(len(refs[t]) for t in targets))
            cols = [list(refs[t]) + [PAD] * (k - len(refs[t])) for t in targets]
            if len(cols) < 2:
                cols.append([PAD] * k)
            m = np.array(cols, dtype=np.intp).T.copy()
            n = len(targets)
            self.parts.append((index(targets), m if k > 1 else m[0, :n].copy(), n))

    def __call__(self, src: np.ndarray, out: np.ndarray) -> None:
        for targets, m, n in self.parts:
            if m.ndim == 1:
                out[targets] = src.take(m)
            else:
                out[targets] = np.add.reduce(src.take(m), axis=0)[:n]


def eager_error(op: Op, args: Sequence[float], labels: Sequence[str]) -> Exception | None:
    """The error the engine raises for ``op(*args)``, or None if it raises none."""
    try:
        apply(op, *(Value(float(a), label) for a, label in zip(args, labels)))
    except (ValueError, ZeroDivisionError, OverflowError, TypeError) as e:
        return type(e)(f"compiled step: {e}")
    return None


class VectorGroup:
    """Nodes with the same op at the same depth, replayed with one numpy call per rule.

    ``op`` is None for a fused sum (a chain of ``+`` with single consumers).
    """

    def __init__(
        self,
        op: Op | None,
        out: slice,
        inputs: list[list[int]],
        labels: list[list[str]],
        edges: list[tuple[int, float | None] | None],
        gout: Rows,
    ) -> None:
        self.op = op
        self.out = out
        self.n = out.stop - out.start
        # Labels only name values in error messages; keep none when there are none.
        self.labels = labels if any(any(row) for row in labels) else None
        self.gout = gout
        # edges[j] for input j: None when nothing is pushed (a rule that is 1, whose
        # consumers read this node's gradient directly, or inputs needing no
        # gradient); else (offset in grads, the rule's constant value or None).
        self.edges = edges
        if op is None:
            self.terms = Rows(inputs)
            self.ins_ix: list[Index] = []
        else:
            self.ins_ix = [index([row[j] for row in inputs]) for j in range(op.arity)]
        self.ins: list[np.ndarray] = []

    def forward(self, vals: np.ndarray) -> None:
        op = self.op
        if op is None:
            self.terms(vals, vals[self.out])
            return
        ins = self.ins = [take(vals, ix) for ix in self.ins_ix]
        if op.vforward is not None:
            vals[self.out] = op.vforward(*ins)
        else:
            f = op.forward
            vals[self.out] = [f(*xs) for xs in zip(*(x.tolist() for x in ins))]

    def check(self, vals: np.ndarray) -> None:
        """Raise the engine's error for the first node whose forward fails, if any."""
        if self.op is None:
            return
        cols = [take(vals, ix).tolist() for ix in self.ins_ix]
        for k, args in enumerate(zip(*cols)):
            err = eager_error(self.op, args, self.labels[k] if self.labels else [""] * len(args))
            if err is not None:
                raise err

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        g = grads[self.out]
        self.gout(grads, g)
        op = self.op
        if op is None:
            return
        out = vals[self.out]
        for j, edge in enumerate(self.edges):
            if edge is None:
                continue
            at, const = edge
            dst = grads[at : at + self.n]
            if const is not None:
                np.multiply(const, g, out=dst)
                continue
            if op.vderivs is not None:
                local = op.vderivs[j](out, *self.ins)
            else:
                d = op.derivs[j]
                local = np.array([d(o, *xs) for o, *xs in zip(out.tolist(), *(x.tolist() for x in self.ins))])
            np.multiply(local, g, out=dst)


def _fold(*xs: float) -> float:
    return functools.reduce(operator.add, xs)


class ScalarBlock:
    """Consecutive narrow groups replayed node by node on Python floats, as the engine does.

    Registers: the block's outside inputs first, then one per node, in order.
    Each instruction is ``(code, fn, out, inputs)``: code 1 and 2 for unary and
    binary ops, 0 for a fused sum, 3 for any other arity.
    """

    def __init__(
        self,
        ext: list[int],
        out: slice,
        instrs: list[tuple[int, Op | None, int, tuple[int, ...]]],
        labels: list[list[str]],
        ext_grad: list[int],
        gout: Rows,
    ) -> None:
        self.ext = index(ext)
        self.n_ext = len(ext)
        self.out = out
        self.labels = labels if any(any(row) for row in labels) else None
        self.ext_grad = index(ext_grad) if ext_grad else None
        self.gout = gout
        fwd: list[tuple[int, Callable[..., float], int, tuple[int, ...]]] = []
        bwd: list[tuple[int, tuple[Callable[..., Any], ...], int, tuple[int, ...]]] = []
        for code, op, o, ins in instrs:
            fwd.append((code, _fold if op is None else op.forward, o, ins))
            bwd.append((code, () if op is None else op.derivs, o, ins))
        self.fwd = fwd
        self.bwd = bwd[::-1]
        self.ops = [op for _, op, _, _ in instrs]
        self.R: list[float] = []

    def forward(self, vals: np.ndarray) -> None:
        R = take(vals, self.ext).tolist()
        R.extend([0.0] * len(self.fwd))
        get = R.__getitem__
        i = -1
        try:
            for i, (code, f, o, ins) in enumerate(self.fwd):  # noqa: B007
                if code == 2:
                    R[o] = f(R[ins[0]], R[ins[1]])
                elif code == 1:
                    R[o] = f(R[ins[0]])
                elif code == 0:
                    R[o] = functools.reduce(operator.add, map(get, ins))
                else:
                    R[o] = float(f(*map(get, ins)))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            op = self.ops[i]
            assert op is not None
            args = [R[r] for r in self.fwd[i][3]]
            err = eager_error(op, args, self.labels[i] if self.labels else [""] * len(args))
            if err is not None:
                raise err from None
            raise
        self.R = R
        vals[self.out] = R[self.n_ext :]

    def check(self, vals: np.ndarray) -> None:
        """Scalar blocks raise the engine's errors as they run."""

    def backward(self, vals: np.ndarray, grads: np.ndarray) -> None:
        R = self.R
        G = [0.0] * self.n_ext
        tail = np.empty(len(self.fwd))
        self.gout(grads, tail)
        G.extend(tail.tolist())
        for code, derivs, o, ins in self.bwd:
            g = G[o]
            if code == 2:
                a, b = ins
                x, y, z = R[a], R[b], R[o]
                G[a] += derivs[0](z, x, y) * g
                G[b] += derivs[1](z, x, y) * g
            elif code == 1:
                a = ins[0]
                G[a] += derivs[0](R[o], R[a]) * g
            elif code == 0:
                for t in ins:
                    G[t] += g
            else:
                xs = [R[i] for i in ins]
                for d, i in zip(derivs, ins):
                    G[i] += d(R[o], *xs) * g
        if self.ext_grad is not None:
            grads[self.ext_grad] = G[: self.n_ext]
