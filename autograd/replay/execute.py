"""The pieces a compiled replay runs: vector groups, scalar blocks and gradient gathers.

Two flat float arrays hold the state of one call:

- ``vals``: every value, one slot per leaf and per replayed node;
- ``grads``: each replayed node's gradient (at its ``vals`` slot), then one slot
  per edge whose contribution ``local · upstream`` is not the upstream itself.

Slot 0 of both holds −0.0, the additive identity (x + −0.0 == x for every x,
−0.0 included), so ragged sums can be padded with it.  A node's gradient is the
sum of its consumers' contributions taken in the order ``backward()`` adds them
(a :class:`Gather`), so the replay rounds as the engine does.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.core.engine import Value, apply
from autograd.core.ops import Op
from autograd.replay.rows import Gather, Index, Rows, size, take
from autograd.replay.rules import numpy_derivs, numpy_forward


def eager_error(op: Op, args: Sequence[float], labels: Sequence[str]) -> Exception | None:
    """The error the engine raises for ``op(*args)``, or None if it raises none."""
    try:
        apply(op, *(Value(float(a), label) for a, label in zip(args, labels)))
    except (ValueError, ZeroDivisionError, OverflowError, TypeError) as e:
        return type(e)(f"compiled step: {e}")
    return None


class VectorGroup:
    """Nodes with the same op at the same depth, replayed with one numpy call per rule.

    ``op`` is None for a group of fused sums, whose terms are added by ``terms``.
    """

    def __init__(
        self,
        op: Op | None,
        out: slice,
        ins: list[Index],
        terms: Rows | None,
        labels: list[list[str]] | None,
        edges: list[tuple[int, float | None] | None],
        gather: Gather,
    ) -> None:
        self.op = op
        self.out = out
        self.n = out.stop - out.start
        self.ins_ix = ins
        self.terms = terms
        self.labels = labels  # per node, its inputs' labels, for error messages (None if none)
        self.gather = gather
        # edges[j] for input j: None when nothing is pushed (a rule that is 1, whose
        # consumers read this node's gradient directly, or inputs needing no
        # gradient); else (offset in grads, the rule's constant value or None).
        self.edges = edges
        self.vforward = numpy_forward(op) if op is not None else None
        self.vderivs = numpy_derivs(op) if op is not None else None
        self.ins: list[np.ndarray] = []
        self._vals: np.ndarray | None = None
        self._grads: np.ndarray | None = None

    def _bind(self, vals: np.ndarray) -> None:
        """Views into ``vals`` (it lives as long as the compiled step), made once."""
        self._vals = vals
        self._out = vals[self.out]
        self._ins = [vals[ix] if isinstance(ix, slice) else None for ix in self.ins_ix]
        self._ufunc = isinstance(self.vforward, np.ufunc)

    def forward(self, vals: np.ndarray) -> None:
        if vals is not self._vals:
            self._bind(vals)
        op = self.op
        if op is None:
            assert self.terms is not None
            self.terms(vals, self._out)
            return
        ins = self.ins = [x if x is not None else take(vals, ix) for x, ix in zip(self._ins, self.ins_ix)]
        if self._ufunc:  # no input overlaps the group's own slots
            assert self.vforward is not None
            self.vforward(*ins, out=self._out)
        elif self.vforward is not None:
            self._out[...] = self.vforward(*ins)
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
        if grads is not self._grads:
            self._grads = grads
            self._g = grads[self.out]
            self._dst = [None if e is None else grads[e[0] : e[0] + self.n] for e in self.edges]
        g = self._g
        self.gather(vals, grads, g)
        op = self.op
        if op is None:
            return
        out = self._out
        for j, edge in enumerate(self.edges):
            if edge is None:
                continue
            const = edge[1]
            dst = self._dst[j]
            if const is not None:
                np.multiply(const, g, out=dst)
                continue
            if self.vderivs is not None:
                local = self.vderivs[j](out, *self.ins)
            else:
                d = op.derivs[j]
                local = np.array([d(o, *xs) for o, *xs in zip(out.tolist(), *(x.tolist() for x in self.ins))])
            np.multiply(local, g, out=dst)


def _fold(*xs: float) -> float:
    return functools.reduce(operator.add, xs)


Instr = tuple[int, Op | None, int, tuple[int, ...]]


class ScalarBlock:
    """Consecutive narrow groups replayed node by node on Python floats, as the engine does.

    Forward registers: the block's outside inputs first, then one per node, in
    order.  Each instruction is ``(code, op, out, inputs)``: code 1 and 2 for
    unary and binary ops, 0 for a fused sum, 3 for any other arity.

    Backward, every contribution has a register: first those that consumers
    outside the block left in ``grads`` (``ext_refs``), then one per edge of the
    block's own nodes.  Node ``r``'s gradient adds the registers ``refs[r]`` in
    ``backward()``'s order; the registers of edges into outside nodes are copied
    to their slots in ``grads`` (``out_slots``) at the end.
    """

    def __init__(
        self,
        ext: Index,
        out: slice,
        instrs: list[Instr],
        labels: list[list[str]] | None,
        ext_refs: Index,
        refs: list[list[int]],
        edge_regs: list[tuple[int, ...]],
        out_regs: list[int],
        out_slots: Index,
    ) -> None:
        self.ext = ext
        self.n_ext = size(ext)
        self.out = out
        self.labels = labels
        self.ext_refs = ext_refs
        self.n_regs = size(ext_refs) + sum(map(len, edge_regs))
        self.out_regs = out_regs
        self.out_slots = out_slots
        fwd: list[tuple[int, Callable[..., float], int, tuple[int, ...]]] = []
        bwd: list[
            tuple[int, tuple[Callable[..., Any], ...], int, tuple[int, ...], tuple[int, ...], list[int]]
        ] = []
        for (code, op, o, ins), regs, r in zip(instrs, edge_regs, refs):
            fwd.append((code, _fold if op is None else op.forward, o, ins))
            bwd.append((code, () if op is None else op.derivs, o, ins, regs, r))
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
        C = take(grads, self.ext_refs).tolist()
        C.extend([0.0] * (self.n_regs - len(C)))
        get = C.__getitem__
        add = operator.add
        reduce = functools.reduce
        for code, derivs, o, ins, regs, refs in self.bwd:
            g = reduce(add, map(get, refs), 0.0)  # from 0.0, as backward() does: 0.0 + −0.0 is +0.0
            if code == 2:
                x, y, z = R[ins[0]], R[ins[1]], R[o]
                C[regs[0]] = derivs[0](z, x, y) * g
                C[regs[1]] = derivs[1](z, x, y) * g
            elif code == 1:
                C[regs[0]] = derivs[0](R[o], R[ins[0]]) * g
            elif code == 0:
                for r in regs:
                    C[r] = g
            else:
                xs = [R[i] for i in ins]
                for d, r in zip(derivs, regs):
                    C[r] = d(R[o], *xs) * g
        if self.out_regs:
            grads[self.out_slots] = [C[r] for r in self.out_regs]
