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
6. **Emit** (:func:`~autograd.replay.emit.emit`): every edge whose
   contribution is not its consumer's gradient itself gets a gradient slot;
   each node's gradient is gathered from its contributions in the order
   ``backward()`` adds them; the step objects are built
   (:mod:`autograd.replay.build`).  What comes out is a
   :class:`~autograd.replay.schedule.Plan`.
"""

from __future__ import annotations

import numpy as np

from autograd.core import ops
from autograd.core.engine import Value
from autograd.replay.dense import find_dense
from autograd.replay.emit import emit
from autograd.replay.graph import Graph, Terms, fuse, level, read_graph
from autograd.replay.schedule import Plan, Run, edges_of

#: Groups with fewer nodes than this are replayed on floats, not numpy arrays.
SCALAR_BELOW = 16


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
    layer keeps its ``[S, J]`` grid, relabelling samples and outputs instead,
    and reads its weights output by output, each output's biases after them.
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
            # Output by output, its weights then its biases: [u | b] rows, the weights' gradient sums
            # (a bias rides along as a last column; see emit._merge_biases).
            per_output = [sp.u, *(t.src[pe[0]][:, None] for pe in (*sp.prefix, *sp.suffix))]
            assign(
                np.concatenate(
                    [
                        np.concatenate(per_output, axis=1).ravel(),
                        t.src[sp.prefix].ravel(),
                        sp.v.ravel(),
                        t.src[sp.suffix].ravel(),
                    ]
                )
            )
            continue
        if run.kind == "vector":  # a scalar block keeps its order: its nodes depend on each other
            run.members = run.members[by_rank(t.nodes[run.members])]
        e, within = edges_of(t, run.members)
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
