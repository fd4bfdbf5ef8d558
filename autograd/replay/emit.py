"""The last planning phase: every gradient edge, its slot, and the step objects.

Each edge into a node that needs a gradient has an order key (its place in
``backward()``'s order) and a gradient slot.  Sorting the edges by (source,
key) lists every node's contributions in the order ``backward()`` adds them;
a node's gradient is then an ordered sum over them (:mod:`autograd.replay.rows`),
except where a dense layer's side sums them as arrays (:mod:`autograd.replay.dense`).
"""

from __future__ import annotations

import numpy as np

from autograd.core.ops import Op
from autograd.replay.alias import LeafEdges
from autograd.replay.build import build_steps, gather, probe
from autograd.replay.dense import DenseSpec
from autograd.replay.execute import ScalarBlock
from autograd.replay.graph import SLOTS, Graph, Terms, edge_key
from autograd.replay.rows import ranges
from autograd.replay.rules import numpy_derivs, numpy_forward
from autograd.replay.schedule import EdgeInfo, Plan, Run, Side, edges_of

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
    _merge_biases(sides)
    refs = ref[order]
    del ref, rank

    steps = build_steps(g, t, runs, edge_info, sides, slot, refs, cnt, start, exact)
    place = np.full(n, -1, dtype=np.int64)  # each node's position in its run (or among the leaves)
    place[live] = np.arange(n_live)
    for run in runs:
        place[t.nodes[run.members]] = np.arange(len(run.members))
    for ri, (run, st) in enumerate(zip(runs, steps)):
        if not isinstance(st, ScalarBlock):
            st.gather = gather(t.nodes[run.members], refs, cnt, start, sides, steps, place, ri)
    leaf_gather = gather(live, refs, cnt, start, sides, steps, place, -1)
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


def _collect_edges(
    g: Graph,
    t: Terms,
    runs: list[Run],
    slot: np.ndarray,
    live: np.ndarray,
    needs: np.ndarray,
    seed: int,
) -> tuple[_Edges, list[Side], list[EdgeInfo], int, list[Op]]:
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
    sides: list[Side] = []
    local = np.full(n, -1, dtype=np.int64)  # a scalar block's own nodes, reset after each block
    for ri, run in enumerate(runs):
        nodes = t.nodes[run.members]
        if run.dense is not None:
            sides += _dense_edges(E, ri, run.dense, t, slot, needs)
            info.append(None)
            continue
        e, _ = edges_of(t, run.members)
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
        const = probe(op, [g.data[srcm[:, j]] for j in range(op.arity)], g.data[nodes])
        edges: list[tuple[int, float | None] | None] = []
        for j in range(op.arity):
            keep = needs[srcm[:, j]]
            if not keep.any():
                edges.append(None)
                continue
            if const[j] == 1.0:
                ref = slot[nodes]
                edges.append(None)
            else:
                ref = n_grads + np.arange(len(nodes))
                edges.append((n_grads, const[j]))
                n_grads += len(nodes)
            E.add(srcm[keep, j], keym[keep, j], ref[keep])
        info.append((op, srcm, edges))
    return E, sides, info, n_grads, without


def _vectorized(op: Op) -> bool:
    return numpy_forward(op) is not None and numpy_derivs(op) is not None


def _dense_edges(
    E: _Edges, ri: int, sp: DenseSpec, t: Terms, slot: np.ndarray, needs: np.ndarray
) -> list[Side]:
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
            sides.append(Side(ri, "b", tg[:, None], ids, reduce=True))
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
        sides.append(Side(ri, name, tg, ids, reduce=bool(needs[tg].all())))
    return sides


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
    sides: list[Side],
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


def _merge_biases(sides: list[Side]) -> None:
    """A bias side rides along with its layer's weight side, as a last column of ones on the inputs.

    Allowed when both are summed as arrays into the same place, their
    targets are different nodes, and their contributions come in the same
    order of samples with the same number of others before and after: then
    the bias's sum ``before + ḡ[s0, j]·1 + ḡ[s1, j]·1 + … + after`` is its own.
    """
    for b in sides:
        if b.name != "b" or not b.reduce:
            continue
        for u in sides:
            if (
                u.run == b.run
                and u.name == "u"
                and u.reduce
                and u.bias is None
                and u.home == b.home
                and (u.a, u.c) == (b.a, b.c)
                and np.array_equal(u.perm, b.perm)
                and not np.isin(b.targets, u.targets).any()
            ):
                u.bias, b.merged = b, True
                break
