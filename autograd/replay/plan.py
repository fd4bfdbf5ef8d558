"""From a traced graph to a replay plan, in phases, each on flat numpy arrays.

1. **Read** (:func:`~autograd.replay.graph.read_graph`): the graph as arrays.
2. **Fuse** (:func:`~autograd.replay.graph.fuse`): chains of ``+`` become n-ary sums.
3. **Level** (:func:`~autograd.replay.graph.level`): each node's depth.
4. **Group** (:func:`group`): dense layers first (:mod:`autograd.replay.dense`);
   then nodes with the same op at the same depth form a group, replayed by one
   numpy call per rule.  Groups narrower than :data:`SCALAR_BELOW` (a long
   chain has one node per depth), unless they are long sums, merge into scalar
   blocks, which run the engine's own float functions without numpy's
   per-call overhead.
5. **Lay out** (:func:`layout`): every value gets a slot in one flat array;
   each group (and the leaves) is ordered the way its consumers read it, so
   that most reads are runs of neighbouring slots (a slice, not a gather).
6. **Emit** (:func:`emit`): every edge whose contribution is not its
   consumer's gradient itself gets a gradient slot; each node's gradient is
   gathered from its contributions in the order ``backward()`` adds them; the
   step objects are built.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from autograd.core import ops
from autograd.core.engine import Value
from autograd.core.ops import Op
from autograd.replay.alias import LeafEdges
from autograd.replay.dense import DenseLayer, DenseSide, DenseSpec, find_dense
from autograd.replay.execute import Instr, ScalarBlock, VectorGroup
from autograd.replay.graph import SLOTS, Graph, Terms, edge_key, fuse, level, read_graph
from autograd.replay.outer import Workspace
from autograd.replay.rows import Gather, Index, Rows, index, ranges
from autograd.replay.rules import numpy_derivs, numpy_forward

#: Groups with fewer nodes than this are replayed on floats, not numpy arrays.
SCALAR_BELOW = 16

Step = VectorGroup | ScalarBlock | DenseLayer


@dataclass
class Plan:
    """Everything a compiled step needs to replay its graph."""

    n_numbers: int
    n_vals: int
    n_grads: int
    seed: int
    steps: list[Step]
    backward: list[Step]  # the steps with a node that needs a gradient
    leaves: list[
        Value
    ]  # in slot order; leaf_topo[k]: leaves[k]'s place among the leaves in topological order
    n_live: int  # leaves[:n_live] are read and written every call; the rest are constants made by fn
    value_positions: list[tuple[int, int]]
    leaf_slots: slice
    leaf_gather: Gather
    root_slot: int
    n_nodes: int
    n_fused: int
    leaf_topo: list[int]
    ops_without_vectors: list[Op] = field(default_factory=list)
    leaf_edges: LeafEdges | None = None  # kept only when there are input Values (see alias.py)
    captured: dict[int, int] = field(default_factory=dict)  # id → slot of leaves that are not inputs


@dataclass
class Run:
    """One step of the schedule: a vector group, a scalar block or a dense layer."""

    kind: str  # "vector", "scalar" or "dense"
    members: np.ndarray  # replayed-node indices, in slot order once laid out
    dense: DenseSpec | None = None


def make_plan(root: Value, number_leaves: list[Value], value_leaves: list[Value], exact: bool = True) -> Plan:
    """Plan the replay of ``root``'s graph; ``number_leaves`` and ``value_leaves`` are the per-call inputs."""
    g = read_graph(root, number_leaves, value_leaves)
    t = fuse(g)
    depth = level(g, t)
    runs = group(g, t, depth)
    slot, leaves = layout(g, t, runs, len(number_leaves))
    return emit(g, t, runs, slot, leaves, len(number_leaves), exact)


# --- group -------------------------------------------------------------------


def group(g: Graph, t: Terms, depth: np.ndarray) -> list[Run]:
    """The schedule: dense layers, vector groups and scalar blocks, in depth order.

    Groups are runs of equal (depth, op) in the sorted nodes; a narrow group
    joins the narrow groups next to it in one scalar block unless a numpy
    group or a dense layer comes between them.
    """
    specs = find_dense(g, t, depth, g.code_of(ops.MUL))
    skip = np.zeros(len(t.nodes), dtype=bool)
    for sp in specs:
        skip[sp.members.ravel()] = True
        skip[np.searchsorted(t.nodes, sp.muls.ravel())] = True
    rest = np.flatnonzero(~skip)
    kind = np.where(t.is_sum[rest], -1, g.code[t.nodes[rest]])
    d = depth[t.nodes[rest]]
    by = np.lexsort((rest, kind, d))
    rest, kind, d = rest[by], kind[by], d[by]
    items: list[tuple[int, int, Run]] = [
        (int(depth[sp.sums.flat[0]]), 1, Run("dense", sp.members.ravel(), sp)) for sp in specs
    ]
    if len(rest):
        first = np.flatnonzero(np.r_[True, (np.diff(d) != 0) | (np.diff(kind) != 0)])
        size = np.diff(np.r_[first, len(rest)])
        gd = d[first]
        terms = np.add.reduceat(t.ptr[rest + 1] - t.ptr[rest], first)
        wide = (size >= SCALAR_BELOW) | ((kind[first] == -1) & (terms >= 4 * SCALAR_BELOW))
        dense_depths = np.sort([it[0] for it in items]) if items else np.zeros(0, dtype=np.int64)
        between = np.searchsorted(dense_depths, gd[1:]) > np.searchsorted(dense_depths, gd[:-1])
        starts = np.flatnonzero(np.r_[True, wide[1:] | wide[:-1] | between])
        ends = np.r_[first[starts[1:]], len(rest)]
        for k, e in zip(starts.tolist(), ends.tolist()):
            run = Run("vector" if wide[k] else "scalar", rest[first[k] : e])
            items.append((int(gd[k]), 0, run))
    items.sort(key=lambda x: (x[0], x[1]))
    return [run for _, _, run in items]


# --- layout ------------------------------------------------------------------


def layout(g: Graph, t: Terms, runs: list[Run], n_numbers: int) -> tuple[np.ndarray, np.ndarray]:
    """Order each run and the leaves as their consumers read them; each graph node's slot (−1: none).

    Runs are visited consumers first; a run's members are sorted by when its
    consumers read them, and its own reads rank its inputs in turn.  A dense
    layer keeps its ``[S, J]`` grid, relabelling samples and outputs instead.
    Returns the slots and the leaves (graph positions) in slot order.
    """
    big = np.int64(1) << 62
    rank = np.full(g.n, -1, dtype=np.int64)
    counter = [0]

    def assign(reads: np.ndarray) -> None:
        r = reads[rank[reads] < 0]
        if len(r):
            _, first = np.unique(r, return_index=True)
            new = r[np.sort(first)]
            rank[new] = counter[0] + np.arange(len(new))
            counter[0] += len(new)

    def by_rank(nodes: np.ndarray) -> np.ndarray:
        rk = rank[nodes]
        return np.argsort(np.where(rk >= 0, rk, big), kind="stable")

    for run in reversed(runs):
        if run.dense is not None:
            sp = run.dense
            rk = np.where(rank[sp.sums] >= 0, rank[sp.sums], big)
            so, jo = np.argsort(rk.min(axis=1), kind="stable"), np.argsort(rk.min(axis=0), kind="stable")
            sp.sums, sp.members, sp.muls = sp.sums[so][:, jo], sp.members[so][:, jo], sp.muls[so][:, jo]
            sp.u, sp.v = sp.u[jo], sp.v[so]
            sp.prefix, sp.suffix = sp.prefix[:, so][:, :, jo], sp.suffix[:, so][:, :, jo]
            run.members = sp.members.ravel()
            assign(
                np.concatenate(
                    [t.src[sp.prefix].ravel(), sp.u.ravel(), sp.v.ravel(), t.src[sp.suffix].ravel()]
                )
            )
            continue
        if run.kind == "vector":  # a scalar block keeps its order: its nodes depend on each other
            run.members = run.members[by_rank(t.nodes[run.members])]
        e, within = _edges_of(t, run.members)
        if run.kind == "vector":
            e = e[np.argsort(within, kind="stable")]  # input by input: column after column
        assign(t.src[e])
    leaves = np.flatnonzero((g.code == 0) & (g.number < 0))
    leaves = leaves[by_rank(leaves)]
    leaves = np.concatenate([leaves[~g.private[leaves]], leaves[g.private[leaves]]])  # read every call first
    slot = np.full(g.n, -1, dtype=np.int64)
    numbered = np.flatnonzero(g.number >= 0)
    slot[numbered] = 1 + g.number[numbered]
    at = 1 + n_numbers
    slot[leaves] = at + np.arange(len(leaves))
    at += len(leaves)
    for run in runs:
        slot[t.nodes[run.members]] = at + np.arange(len(run.members))
        at += len(run.members)
    return slot, leaves


def _edges_of(t: Terms, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The edge-table positions of the members' inputs, member by member, and each one's argument index."""
    counts = t.ptr[members + 1] - t.ptr[members]
    within = ranges(counts)
    return np.repeat(t.ptr[members], counts) + within, within


# --- emit --------------------------------------------------------------------


class _Edges:
    """The gradient edges, collected run by run: source, order key and gradient slot."""

    VIRTUAL = -1  # summed by a dense side, never stored

    def __init__(self) -> None:
        self.src: list[np.ndarray] = []
        self.key: list[np.ndarray] = []
        self.ref: list[np.ndarray] = []
        self.n = 0

    def add(self, src: np.ndarray, key: np.ndarray, ref: np.ndarray) -> np.ndarray:
        """Append edges; returns their ids."""
        ids = self.n + np.arange(len(src))
        self.src.append(np.asarray(src, dtype=np.int64))
        self.key.append(np.asarray(key, dtype=np.int64))
        self.ref.append(np.asarray(ref, dtype=np.int64))
        self.n += len(src)
        return ids


@dataclass
class _Side:
    """One side of a dense layer while planning: its targets [P, I] and its edges [Q, P, I]."""

    run: int
    name: str  # "u", "v", or "b" for a term (a bias) that every sample adds
    targets: np.ndarray
    edges: np.ndarray
    reduce: bool = False
    perm: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    a: int = 0  # contributions before the layer's, per target
    c: int = 0  # and after
    block: int = 0  # when not reduced: the first of its gradient slots, laid out [Q, P, I]
    home: int = -1  # the run whose gather sums it (−1: the leaves)


def emit(
    g: Graph,
    t: Terms,
    runs: list[Run],
    slot: np.ndarray,
    leaves: np.ndarray,
    n_numbers: int,
    exact: bool,
) -> Plan:
    """Gradient slots, gathers and step objects (see the module docstring)."""
    n = g.n
    needs = _needs_grad(g, t, runs)
    n_live = int((~g.private[leaves]).sum())
    live = leaves[:n_live]
    n_vals = 1 + n_numbers + len(leaves) + sum(len(r.members) for r in runs)
    E, sides, edge_info, n_grads, without = _collect_edges(g, t, runs, slot, live, needs, n_vals)

    # Every node's contributions, in backward()'s order: edges sorted by (source, key).
    src, ref = np.concatenate(E.src), np.concatenate(E.ref)
    key = np.concatenate(E.key)
    order = np.lexsort((key, src))
    cnt = np.bincount(src, minlength=n)
    start = np.cumsum(cnt) - cnt
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    rank = pos - start[src]  # each edge's place among its source's contributions
    del pos, src

    run_of = np.full(n, -1, dtype=np.int64)
    for ri, run in enumerate(runs):
        run_of[t.nodes[run.members]] = ri
    _decide_sides(sides, runs, g, rank, cnt, start, order, run_of, bool((g.value >= 0).any()))
    for sd in sides:
        if sd.name == "b" and not sd.reduce:
            continue  # its terms' contributions are the sums' gradients, already in slots
        if not sd.reduce:
            ref[sd.edges] = n_grads + np.arange(len(sd.edges))
            sd.block = n_grads
            n_grads += len(sd.edges)
        else:
            sd.home = int(run_of[sd.targets.flat[0]])
    refs = ref[order]
    del ref, rank

    steps = _build_steps(g, t, runs, edge_info, sides, slot, refs, cnt, start, exact)
    place = np.full(n, -1, dtype=np.int64)  # each node's position in its run (or among the leaves)
    place[live] = np.arange(n_live)
    for run in runs:
        place[t.nodes[run.members]] = np.arange(len(run.members))
    for ri, (run, st) in enumerate(zip(runs, steps)):
        if not isinstance(st, ScalarBlock):
            st.gather = _gather(t.nodes[run.members], refs, cnt, start, sides, steps, place, ri)
    leaf_gather = _gather(live, refs, cnt, start, sides, steps, place, -1)
    backward = [st for run, st in zip(runs, steps) if needs[t.nodes[run.members]].any()]

    leaf_values = [g.leaf_values[int(i)] for i in leaves]
    value_positions = [(k, int(g.value[i])) for k, i in enumerate(live) if g.value[i] >= 0]
    leaf_edges = None
    captured: dict[int, int] = {}
    if value_positions:  # kept for merging the slots of one Value passed twice (alias.py)
        key_sorted = key[order]
        leaf_edges = LeafEdges(
            [refs[start[i] + 1 : start[i] + cnt[i]] for i in live],
            [key_sorted[start[i] + 1 : start[i] + cnt[i]] for i in live],
        )
        inputs = {li for li, _ in value_positions}
        captured = {id(v): li for li, v in enumerate(leaf_values[:n_live]) if li not in inputs}
    return Plan(
        n_numbers=n_numbers,
        n_vals=n_vals,
        n_grads=n_grads,
        seed=n_vals,
        steps=steps,
        backward=backward,
        leaves=leaf_values,
        n_live=n_live,
        value_positions=value_positions,
        leaf_slots=slice(1 + n_numbers, 1 + n_numbers + n_live),
        leaf_gather=leaf_gather,
        root_slot=int(slot[g.root]),
        n_nodes=len(t.nodes),
        n_fused=t.n_fused,
        leaf_topo=np.argsort(np.argsort(leaves)).tolist(),
        ops_without_vectors=list(dict.fromkeys(without)),
        leaf_edges=leaf_edges,
        captured=captured,
    )


EdgeInfo = tuple[np.ndarray, np.ndarray] | tuple[Op, np.ndarray, list[tuple[int, float | None] | None]] | None


def _collect_edges(
    g: Graph,
    t: Terms,
    runs: list[Run],
    slot: np.ndarray,
    live: np.ndarray,
    needs: np.ndarray,
    seed: int,
) -> tuple[_Edges, list[_Side], list[EdgeInfo], int, list[Op]]:
    """Every edge into a node that needs a gradient: its source, order key and gradient slot.

    An edge whose contribution is its consumer's gradient itself (a sum's term,
    a rule that is 1) points at the consumer's slot; others get slots of their
    own (vector groups: one block per input; scalar blocks: one per outside
    edge); a dense layer's products become sides, decided later.  Slot
    ``seed`` holds ∂root/∂root = 1.
    """
    n = g.n
    n_grads = seed + 1
    E = _Edges()
    E.add(live, np.full(len(live), -(n + 1) * SLOTS), slot[live])  # a leaf's old grad comes first
    if needs[g.root]:
        E.add(np.array([g.root]), np.array([-n * SLOTS]), np.array([seed]))
    without: list[Op] = []
    info: list[EdgeInfo] = []
    sides: list[_Side] = []
    local = np.full(n, -1, dtype=np.int64)  # a scalar block's own nodes, reset after each block
    for ri, run in enumerate(runs):
        nodes = t.nodes[run.members]
        if run.dense is not None:
            sides += _dense_edges(E, ri, run.dense, t, slot, needs)
            info.append(None)
            continue
        e, _ = _edges_of(t, run.members)
        src, key = t.src[e], t.key[e]
        if run.kind == "scalar":
            local[nodes] = np.arange(len(nodes))
            inside = local[src] >= 0
            local[nodes] = -1
            out = ~inside & needs[src]
            ref = np.where(inside, -2 - np.arange(len(src)), -1)
            ref[out] = n_grads + np.arange(int(out.sum()))
            n_grads += int(out.sum())
            E.add(src[inside | out], key[inside | out], ref[inside | out])
            info.append((np.flatnonzero(out), ref[out]))
            without += [
                op for op in (g.ops[c] for c in np.unique(g.code[nodes])) if op and not _vectorized(op)
            ]
            continue
        if t.is_sum[run.members[0]]:
            keep = needs[src]
            counts = t.ptr[run.members + 1] - t.ptr[run.members]
            E.add(src[keep], key[keep], np.repeat(slot[nodes], counts)[keep])
            info.append(None)
            continue
        op = g.ops[int(g.code[nodes[0]])]
        assert op is not None
        if not _vectorized(op):
            without.append(op)
        srcm, keym = src.reshape(-1, op.arity), key.reshape(-1, op.arity)
        probe = _probe(op, [g.data[srcm[:, j]] for j in range(op.arity)], g.data[nodes])
        edges: list[tuple[int, float | None] | None] = []
        for j in range(op.arity):
            keep = needs[srcm[:, j]]
            if not keep.any():
                edges.append(None)
                continue
            if probe[j] == 1.0:
                ref = slot[nodes]
                edges.append(None)
            else:
                ref = n_grads + np.arange(len(nodes))
                edges.append((n_grads, probe[j]))
                n_grads += len(nodes)
            E.add(srcm[keep, j], keym[keep, j], ref[keep])
        info.append((op, srcm, edges))
    return E, sides, info, n_grads, without


def _vectorized(op: Op) -> bool:
    return numpy_forward(op) is not None and numpy_derivs(op) is not None


def _dense_edges(
    E: _Edges, ri: int, sp: DenseSpec, t: Terms, slot: np.ndarray, needs: np.ndarray
) -> list[_Side]:
    """A dense layer's edges: its terms (each a candidate bias side) and its products' two sides."""
    sides = []
    S, J, width = sp.muls.shape
    ys = slot[sp.sums].ravel()
    for pe in (*sp.prefix, *sp.suffix):  # each [S, J]: a bias per output, say
        src = t.src[pe].ravel()
        keep = needs[src]
        ids = E.add(src[keep], t.key[pe].ravel()[keep], ys[keep])
        tg = t.src[pe[0]]
        if keep.all() and (t.src[pe] == tg).all():  # the same node for every sample
            sides.append(_Side(ri, "b", tg[:, None], ids, reduce=True))
    for name, tg, arg in (("u", sp.u, 0), ("v", sp.v, 1)):
        if not needs[tg].any():
            continue
        if name == "u":  # edges laid out [Q, P, I]: [S, J, I] for the weights, [J, S, I] for the inputs
            src, muls = np.broadcast_to(sp.u[None], (S, J, width)), sp.muls
        else:
            src, muls = (
                np.broadcast_to(sp.v[:, None], (S, J, width)).transpose(1, 0, 2),
                sp.muls.transpose(1, 0, 2),
            )
        ids = E.add(src.ravel(), edge_key(muls.ravel(), arg), np.full(src.size, _Edges.VIRTUAL))
        sides.append(_Side(ri, name, tg, ids, reduce=bool(needs[tg].all())))
    return sides


def _build_steps(
    g: Graph,
    t: Terms,
    runs: list[Run],
    info: list[EdgeInfo],
    sides: list[_Side],
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
            e, _ = _edges_of(t, run.members)
            counts = t.ptr[run.members + 1] - t.ptr[run.members]
            terms = Rows.from_csr(slot[t.src[e]], counts, np.arange(len(nodes)))
            steps.append(VectorGroup(None, out, [], terms, labels, [], Gather(None)))
        else:
            assert len(extra) == 3
            op, srcm, edges = extra
            ins = [index(slot[srcm[:, j]]) for j in range(op.arity)]
            steps.append(VectorGroup(op, out, ins, None, labels, edges, Gather(None)))
    return steps


def _needs_grad(g: Graph, t: Terms, runs: list[Run]) -> np.ndarray:
    """Per graph node: does anything it feeds from need a gradient?  Leaves do, unless they are
    per-call numbers or constants made by fn; an op node does when one of its inputs does.

    Runs come in dependency order; a scalar block's members are all taken to need one.
    """
    needs: np.ndarray = (g.number < 0) & ~g.private
    for run in runs:
        if run.kind == "scalar":
            needs[t.nodes[run.members]] = True
            continue
        if run.dense is not None:
            sp = run.dense
            needs[sp.muls] = needs[sp.u][None] | needs[sp.v][:, None]
        m = run.members
        counts = t.ptr[m + 1] - t.ptr[m]
        e = np.repeat(t.ptr[m], counts) + ranges(counts)
        needs[t.nodes[m]] = np.logical_or.reduceat(needs[t.src[e]], np.cumsum(counts) - counts)
    return needs


def _decide_sides(
    sides: list[_Side],
    runs: list[Run],
    g: Graph,
    rank: np.ndarray,
    cnt: np.ndarray,
    start: np.ndarray,
    order: np.ndarray,
    run_of: np.ndarray,
    has_inputs: bool,
) -> None:
    """Which dense sides are summed as arrays (``reduce``); the others get a slot per contribution.

    A side is summed as an array when its targets are distinct and are all
    leaves (and no input Values could alias them) or all in one numpy step,
    and every target's contributions from the layer are consecutive in
    backward()'s order, at the same place, in the same order of samples (or
    outputs), with the same number of other contributions before and after.
    """
    for sd in sides:
        if not sd.reduce:
            continue
        tg = sd.targets.ravel()
        q = len(sd.edges) // len(tg)
        leaf = (g.code[tg] == 0).all()
        one_run = not leaf and (run_of[tg] == run_of[tg[0]]).all() and runs[run_of[tg[0]]].kind != "scalar"
        ok = len(np.unique(tg)) == len(tg) and ((leaf and not has_inputs) or one_run)
        if ok:
            R = rank[sd.edges].reshape(q, len(tg))
            a = R.min(axis=0)
            rel = R - a
            c = cnt[tg] - a - q
            ok = bool(
                (a == a[0]).all()
                and (rel == rel[:, :1]).all()
                and (np.sort(rel[:, 0]) == np.arange(q)).all()
                and (c == c[0]).all()
            )
            if ok:
                sd.perm = np.argsort(rel[:, 0])
                sd.a, sd.c = int(a[0]), int(c[0])
        sd.reduce = ok
    # A reduced side's other contributions are read from slots, so they cannot be
    # another reduced side's: accept the largest sides first, then those that fit.
    owner = np.zeros(len(order), dtype=bool)  # edges of accepted sides
    other = np.zeros(len(order), dtype=bool)  # edges accepted sides read from slots
    for sd in sorted((sd for sd in sides if sd.reduce), key=lambda sd: -len(sd.edges)):
        tg = sd.targets.ravel()
        q = len(sd.edges) // len(tg)
        reads = [order[start[tg] + i] for i in [*range(sd.a), *range(sd.a + q, sd.a + q + sd.c)]]
        mine = np.concatenate(reads) if reads else np.zeros(0, dtype=np.int64)
        if owner[mine].any() or other[sd.edges].any():
            sd.reduce = False
            continue
        owner[sd.edges] = True
        other[mine] = True


def _gather(
    targets: np.ndarray,
    refs: np.ndarray,
    cnt: np.ndarray,
    start: np.ndarray,
    sides: list[_Side],
    steps: list[Step],
    place: np.ndarray,
    home: int,
) -> Gather:
    """The gather of ``targets``' gradients (graph positions, in ``out`` order; run ``home``, −1 for leaves)."""
    parts: list[DenseSide] = []
    summed = np.zeros(len(targets), dtype=bool)
    for sd in sides:
        if not sd.reduce or sd.home != home:
            continue
        tg = sd.targets.ravel()
        q = len(sd.edges) // len(tg)
        layer = steps[sd.run]
        assert isinstance(layer, DenseLayer)
        before = [refs[start[tg] + i] for i in range(sd.a)]
        after = [refs[start[tg] + sd.a + q + i] for i in range(sd.c)]
        empty = np.zeros((0, len(tg)), dtype=np.intp)
        parts.append(
            DenseSide(
                layer,
                sd.name,
                sd.perm,
                index(place[tg]),
                np.stack(before) if before else empty,
                np.stack(after) if after else empty,
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
        rows = Rows.from_csr(flat, c, rest)
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
    e, _ = _edges_of(t, members)
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
    e, _ = _edges_of(t, members)
    src = t.src[e].tolist()
    if not any(s in g.labels for s in src):
        return None
    counts = (t.ptr[members + 1] - t.ptr[members]).tolist()
    out, at = [], 0
    for c in counts:
        out.append([g.labels.get(s, "") for s in src[at : at + c]])
        at += c
    return out


def _probe(op: Op, ins: list[np.ndarray], outs: np.ndarray) -> list[float | None]:
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
