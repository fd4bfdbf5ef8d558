"""Step objects for a planned schedule: vector groups, scalar blocks, dense layers and their gathers."""

from __future__ import annotations

import itertools

import numpy as np

from autograd.core.ops import Op
from autograd.replay.dense import DenseLayer, DenseSide
from autograd.replay.execute import Instr, ScalarBlock, VectorGroup
from autograd.replay.graph import Graph, Terms
from autograd.replay.outer import Workspace
from autograd.replay.rows import Gather, Index, Rows, index, ranges
from autograd.replay.rules import numpy_derivs
from autograd.replay.schedule import EdgeInfo, Run, Side, Step, edges_of


def build_steps(
    g: Graph,
    t: Terms,
    runs: list[Run],
    info: list[EdgeInfo],
    sides: list[Side],
    slot: np.ndarray,
    refs: np.ndarray,
    cnt: np.ndarray,
    start: np.ndarray,
    exact: bool,
) -> list[Step]:
    """One step object per run (their gathers are filled in afterwards)."""
    ws = Workspace()
    steps: list[Step] = []
    local = np.full(g.n, -1, dtype=np.int64)
    for ri, (run, extra) in enumerate(zip(runs, info)):
        nodes = t.nodes[run.members]
        out = slice(int(slot[nodes[0]]), int(slot[nodes[0]]) + len(nodes))
        labels = _labels(g, t, run.members) if run.dense is None else None
        if run.dense is not None:
            sp = run.dense
            layer = DenseLayer(
                sp.muls.shape,
                index(slot[sp.sums].ravel()),
                index(slot[sp.u].ravel()),
                index(slot[sp.v].ravel()),
                [_term_slots(slot, t.src[pe]) for pe in sp.prefix],
                [_term_slots(slot, t.src[pe]) for pe in sp.suffix],
                Gather(None),
                ws,
                exact,
            )
            layer.materialized = [
                (sd.name, slice(sd.block, sd.block + len(sd.edges)))
                for sd in sides
                if sd.run == ri and not sd.reduce and sd.name != "b"
            ]
            steps.append(layer)
        elif run.kind == "scalar":
            assert extra is not None and len(extra) == 2
            steps.append(_scalar_block(g, t, run, slot, refs, cnt, start, extra, labels, local))
        elif extra is None:  # fused sums
            e, _ = edges_of(t, run.members)
            counts = t.ptr[run.members + 1] - t.ptr[run.members]
            terms = Rows.from_csr(slot[t.src[e]], counts, np.arange(len(nodes)))
            steps.append(VectorGroup(None, out, [], terms, labels, [], Gather(None)))
        else:
            assert len(extra) == 3
            op, srcm, edges = extra
            ins = [index(slot[srcm[:, j]]) for j in range(op.arity)]
            steps.append(VectorGroup(op, out, ins, None, labels, edges, Gather(None)))
    return steps


def gather(
    targets: np.ndarray,
    refs: np.ndarray,
    cnt: np.ndarray,
    start: np.ndarray,
    sides: list[Side],
    steps: list[Step],
    place: np.ndarray,
    home: int,
) -> Gather:
    """The gather of ``targets``' gradients (graph positions, in ``out`` order; run ``home``, −1 for leaves)."""
    parts: list[DenseSide] = []
    summed = np.zeros(len(targets), dtype=bool)
    for sd in sides:
        if not sd.reduce or sd.home != home or sd.merged:
            continue
        q = len(sd.edges) // sd.targets.size
        grid = sd.targets if sd.bias is None else np.concatenate([sd.targets, sd.bias.targets], axis=1)
        tg = grid.ravel()
        layer = steps[sd.run]
        assert isinstance(layer, DenseLayer)
        if sd.bias is not None and layer.ones is None:
            layer.with_ones()
        parts.append(
            DenseSide(
                layer,
                sd.name,
                sd.perm,
                index(place[tg]),
                [index(refs[start[tg] + i]) for i in range(sd.a)],
                [index(refs[start[tg] + sd.a + q + i]) for i in range(sd.c)],
                bias=sd.bias is not None,
                interior=home >= 0,
            )
        )
        summed[place[tg]] = True
    rest = np.flatnonzero(~summed)
    rows = None
    if len(rest):
        tg = targets[rest]
        c = cnt[tg]
        flat = refs[np.repeat(start[tg], c) + ranges(c)]
        assert (flat >= 0).all()
        rows = Rows.from_csr(flat, c, rest, -0.0 if home < 0 else 0.0)  # a leaf's old grad comes first
    return Gather(rows, parts)


def _scalar_block(
    g: Graph,
    t: Terms,
    run: Run,
    slot: np.ndarray,
    refs: np.ndarray,
    cnt: np.ndarray,
    start: np.ndarray,
    info: tuple[np.ndarray, np.ndarray],
    labels: list[list[str]] | None,
    local: np.ndarray,
) -> ScalarBlock:
    members = run.members
    nodes = t.nodes[members]
    e, _ = edges_of(t, members)
    src = t.src[e]
    n_counts = t.ptr[members + 1] - t.ptr[members]
    bounds = np.r_[0, np.cumsum(n_counts)].tolist()
    # Forward registers: outside inputs (in order of first use), then one per node.
    local[nodes] = np.arange(len(nodes))
    place = local[src]
    local[nodes] = -1
    outside_in = place < 0
    ext_src, first_use, ext_of = np.unique(src[outside_in], return_index=True, return_inverse=True)
    by_use = np.argsort(first_use, kind="stable")
    ext_rank = np.empty(len(by_use), dtype=np.int64)
    ext_rank[by_use] = np.arange(len(by_use))
    ext = ext_src[by_use]
    n_ext = len(ext)
    reg_arr = n_ext + place
    reg_arr[outside_in] = ext_rank[ext_of.ravel()]
    reg = reg_arr.tolist()
    codes = g.code[nodes].tolist()
    sums = t.is_sum[members].tolist()
    table = [0 if op is None else (op.arity if op.builtin and op.arity in (1, 2) else 3) for op in g.ops]
    instrs: list[Instr] = [
        (0, None, n_ext + k, tuple(reg[a:b])) if is_sum else (table[c], g.ops[c], n_ext + k, tuple(reg[a:b]))
        for k, (c, is_sum, a, b) in enumerate(zip(codes, sums, bounds[:-1], bounds[1:]))
    ]
    # Backward registers: outside contributions first, then one per edge of the block.
    c = cnt[nodes]
    flat = refs[np.repeat(start[nodes], c) + ranges(c)]
    outside = flat >= 0
    n_refs = int(outside.sum())
    regs = np.where(outside, np.cumsum(outside) - 1, n_refs + (-2 - flat)).tolist()
    cb = np.r_[0, np.cumsum(c)].tolist()
    node_refs = [regs[a:b] for a, b in itertools.pairwise(cb)]
    edge_regs = [tuple(range(n_refs + a, n_refs + b)) for a, b in itertools.pairwise(bounds)]
    out_edges, out_slots = info
    return ScalarBlock(
        index(slot[ext]),
        slice(int(slot[nodes[0]]), int(slot[nodes[0]]) + len(nodes)),
        instrs,
        labels,
        index(flat[outside]),
        node_refs,
        edge_regs,
        (n_refs + out_edges).tolist(),
        index(out_slots),
    )


def _term_slots(slot: np.ndarray, src: np.ndarray) -> Index:
    """A dense layer's term ``src [S, J]``: J slots when every sample reads the same node, else S·J."""
    return index(slot[src[0]] if (src == src[0]).all() else slot[src].ravel())


def _labels(g: Graph, t: Terms, members: np.ndarray) -> list[list[str]] | None:
    """Per member, its inputs' labels (for error messages), or None when none has one."""
    if not g.labels:
        return None
    e, _ = edges_of(t, members)
    src = t.src[e].tolist()
    if not any(s in g.labels for s in src):
        return None
    counts = (t.ptr[members + 1] - t.ptr[members]).tolist()
    out, at = [], 0
    for c in counts:
        out.append([g.labels.get(s, "") for s in src[at : at + c]])
        at += c
    return out


def probe(op: Op, ins: list[np.ndarray], outs: np.ndarray) -> list[float | None]:
    """Each rule's constant value (``1.0`` for ``+``), or None when it depends on the data."""
    derivs = numpy_derivs(op)
    if derivs is None:
        return [None] * op.arity
    found: list[float | None] = []
    with np.errstate(all="ignore"):
        for d in derivs:
            r = d(outs, *ins)
            found.append(float(r) if np.ndim(r) == 0 else None)
    return found
