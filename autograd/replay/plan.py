"""From a traced graph to a replay plan: fused sums, levels, slots and index arrays.

1. **Fuse.** A ``+`` node whose only consumer is a ``+`` that takes it as its
   left operand is folded into that consumer, so ``b + w0·x0 + w1·x1 + …`` is
   one n-ary sum summed left to right, exactly as the engine adds it.
2. **Level.** Each remaining node's depth is one more than its deepest input;
   nodes with the same op at the same depth form a group, replayed by one
   numpy call per rule.  Groups narrower than :data:`SCALAR_BELOW` (a long
   chain has one node per depth), unless they are long sums, are merged into
   scalar blocks instead, which run the engine's own float functions without
   numpy's per-call overhead.
3. **Lay out.** Every value gets a slot in one flat array; every edge whose
   contribution is not the upstream gradient itself gets a slot in another, and
   each node's gradient is gathered from its consumers' slots in the order
   ``backward()`` adds them.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd.core import ops
from autograd.core.engine import Value, topological_order
from autograd.core.ops import Op
from autograd.replay.alias import SLOTS, LeafEdges
from autograd.replay.execute import Rows, ScalarBlock, VectorGroup

#: Groups with fewer nodes than this are replayed on floats, not numpy arrays.
SCALAR_BELOW = 16

Key = tuple[int, int]  # (−position of the eager consumer in topological order, argument slot)


@dataclass
class _Node:
    """A node of the replay: an op applied to sources (or a fused sum when ``op`` is None)."""

    value: Value
    op: Op | None
    srcs: list[int]
    keys: list[Key]
    depth: int = 0


@dataclass
class Plan:
    """Everything a compiled step needs to replay its graph."""

    n_numbers: int
    n_vals: int
    n_grads: int
    seed: int
    steps: list[VectorGroup | ScalarBlock]
    leaves: list[Value]  # in slot order; leaf_topo[k] is leaves[k]'s place in topological order
    value_positions: list[tuple[int, int]]
    leaf_slots: slice
    leaf_rows: Rows
    root_slot: int
    n_nodes: int
    n_fused: int
    leaf_topo: list[int]
    ops_without_vectors: list[Op] = field(default_factory=list)
    leaf_edges: LeafEdges | None = None  # kept only when there are input Values (see alias.py)
    captured: dict[int, int] = field(default_factory=dict)  # id → slot of leaves that are not inputs


def make_plan(root: Value, number_leaves: Sequence[Value], value_leaves: Sequence[Value]) -> Plan:
    """Plan the replay of ``root``'s graph; ``number_leaves`` and ``value_leaves`` are the per-call inputs."""
    order = topological_order(root)
    pos = {id(n): i for i, n in enumerate(order)}
    uses = Counter(map(id, itertools.chain.from_iterable(n.parents for n in order)))
    add = ops.ADD
    # The left operand of a `+` is folded into it when it is a `+` used nowhere else.
    absorbed = set()
    for n in order:
        if n.op_entry is add:
            a = n.parents[0]
            if a.op_entry is add and uses[id(a)] == 1:
                absorbed.add(id(a))

    # Sources: numeric inputs, then the other leaves, then replayed nodes.
    sid: dict[int, int] = {}
    data: list[float] = []
    labels: list[str] = []
    for v in number_leaves:
        sid[id(v)] = len(data)
        data.append(v.data)
        labels.append(v.label)
    n_numbers = len(data)
    value_index = {id(v): k for k, v in enumerate(value_leaves)}
    leaves: list[Value] = []
    value_positions: list[tuple[int, int]] = []
    nodes: list[_Node] = []
    node_sid: list[int] = []
    for n in order:
        op = n.op_entry
        if op is None:
            if id(n) in sid:
                continue
            if id(n) in value_index:
                value_positions.append((len(leaves), value_index[id(n)]))
            leaves.append(n)
        elif id(n) in absorbed:
            continue
        else:
            srcs: list[int] = []
            keys: list[Key] = []
            if op is ops.ADD:
                rights: list[tuple[Value, int, int]] = []
                cur = n
                while True:
                    a, b = cur.parents
                    rights.append((b, pos[id(cur)], 1))
                    if id(a) not in absorbed:
                        rights.append((a, pos[id(cur)], 0))
                        break
                    cur = a
                for p, at, slot in reversed(rights):
                    srcs.append(sid[id(p)])
                    keys.append((-at, slot))
            else:
                at = -pos[id(n)]
                for slot, p in enumerate(n.parents):
                    srcs.append(sid[id(p)])
                    keys.append((at, slot))
            nodes.append(_Node(n, None if op is ops.ADD else op, srcs, keys))
            node_sid.append(len(data))
        sid[id(n)] = len(data)
        data.append(n.data)
        labels.append(n.label)

    n_src = len(data)
    depth_of = [0] * n_src
    for t, s in zip(nodes, node_sid):
        t.depth = 1 + max([depth_of[i] for i in t.srcs])
        depth_of[s] = t.depth
    # Sources below n_numbers are per-call numbers: nobody reads their gradient.

    # Groups by (depth, op), in depth order; narrow ones merge into scalar blocks.
    groups: dict[tuple[int, Op | None], list[int]] = {}
    for i, t in enumerate(nodes):
        groups.setdefault((t.depth, t.op), []).append(i)
    schedule = sorted(groups.items(), key=lambda kv: kv[0][0])
    runs: list[tuple[bool, list[int]]] = []
    for (_, op), members in schedule:
        # A long sum (a loss over a batch, an L2 term) is one numpy call even alone.
        terms = sum(len(nodes[i].srcs) for i in members) if op is None else 0
        wide = len(members) >= SCALAR_BELOW or terms >= 4 * SCALAR_BELOW
        if not wide and runs and not runs[-1][0]:
            runs[-1][1].extend(members)
        else:
            runs.append((wide, list(members)))

    # Order each group (and the leaves) the way its consumers read it, consumers
    # first, so that most gathers read runs of neighbouring slots.
    rank: dict[int, int] = {}
    for wide, members in reversed(runs):
        if wide:
            members.sort(key=lambda i: rank.get(node_sid[i], len(rank)))
            columns: dict[int, list[int]] = {}
            for i in members:
                for j, s in enumerate(nodes[i].srcs):
                    columns.setdefault(j, []).append(s)
            reads = [s for j in sorted(columns) for s in columns[j]]
        else:
            reads = [s for i in members for s in nodes[i].srcs]
        for s in reads:
            rank.setdefault(s, len(rank))
    order_of_leaf = sorted(range(len(leaves)), key=lambda k: rank.get(sid[id(leaves[k])], len(rank)))
    new_place = {old: new for new, old in enumerate(order_of_leaf)}
    leaves = [leaves[k] for k in order_of_leaf]
    leaf_topo = order_of_leaf
    value_positions = [(new_place[li], k) for li, k in value_positions]

    # Slots: 0 is the padding, then numeric inputs, other leaves, nodes run by run.
    slot_of = [0] * n_src
    slot_of[:n_numbers] = range(1, n_numbers + 1)
    leaf_sids = [sid[id(v)] for v in leaves]
    nxt = 1 + n_numbers
    for s in leaf_sids:
        slot_of[s] = nxt
        nxt += 1
    for _, members in runs:
        for i in members:
            slot_of[node_sid[i]] = nxt
            nxt += 1
    n_vals = nxt
    seed = n_vals
    n_grads = n_vals + 1

    refs: list[list[tuple[Key, int]]] = [[] for _ in range(n_src)]
    root_sid = sid[id(root)]
    refs[root_sid].append(((-len(order) - 1, 0), seed))
    made: list[tuple[bool, list[int], slice, Any]] = []
    without: list[Op] = []
    for wide, members in runs:
        start = slot_of[node_sid[members[0]]]
        out = slice(start, start + len(members))
        if wide:
            op = nodes[members[0]].op
            arity = len(nodes[members[0]].srcs)
            edges: list[tuple[int, float | None] | None] = []
            if op is None:
                edges = [None] * arity
            else:
                if op.vforward is None or op.vderivs is None:
                    without.append(op)
                probe = _probe(
                    op,
                    [[data[s] for s in nodes[i].srcs] for i in members],
                    [data[node_sid[i]] for i in members],
                )
                for j in range(arity):
                    if probe[j] == 1.0 or all(nodes[i].srcs[j] < n_numbers for i in members):
                        edges.append(None)
                    else:
                        edges.append((n_grads, probe[j]))
                        n_grads += len(members)
            for k, i in enumerate(members):
                t = nodes[i]
                me = slot_of[node_sid[i]]
                for j, (s, key) in enumerate(zip(t.srcs, t.keys)):
                    if s < n_numbers:
                        continue
                    e = edges[j] if op is not None else None
                    refs[s].append((key, me if e is None else e[0] + k))
            made.append((True, members, out, edges))
        else:
            member_set = {node_sid[i]: r for r, i in enumerate(members)}
            ext: dict[int, int] = {}
            best: dict[int, Key] = {}
            for i in members:
                t = nodes[i]
                if t.op is not None and (t.op.vforward is None or t.op.vderivs is None):
                    without.append(t.op)
                for s, key in zip(t.srcs, t.keys):
                    if s in member_set:
                        continue
                    ext.setdefault(s, len(ext))
                    if s >= n_numbers and (s not in best or key < best[s]):
                        best[s] = key
            agg: dict[int, int] = {}
            for s in ext:
                agg[s] = n_grads
                n_grads += 1
                if s in best:
                    refs[s].append((best[s], agg[s]))
            made.append((False, members, out, (list(ext), agg)))

    labelled = {s for s, label in enumerate(labels) if label}
    steps: list[VectorGroup | ScalarBlock] = []
    for wide, members, out, extra in made:
        node_refs = [[r for _, r in sorted(refs[node_sid[i]])] for i in members]
        named = any(labelled.intersection(nodes[i].srcs) for i in members) if labelled else False
        in_labels = [[labels[s] for s in nodes[i].srcs] for i in members] if named else []
        if wide:
            assert isinstance(extra, list)
            inputs = [[(slot_of[s]) for s in nodes[i].srcs] for i in members]
            steps.append(VectorGroup(nodes[members[0]].op, out, inputs, in_labels, extra, Rows(node_refs)))
        else:
            ext_order, agg = extra
            n_ext = len(ext_order)
            reg = {s: r for r, s in enumerate(ext_order)}
            for r, i in enumerate(members):
                reg[node_sid[i]] = n_ext + r
            instrs = []
            for r, i in enumerate(members):
                t = nodes[i]
                op = t.op
                code = 0 if op is None else (op.arity if op.builtin and op.arity in (1, 2) else 3)
                instrs.append((code, op, n_ext + r, tuple(reg[s] for s in t.srcs)))
            steps.append(
                ScalarBlock(
                    [(slot_of[s]) for s in ext_order],
                    out,
                    instrs,
                    in_labels,
                    [agg[s] for s in ext_order],
                    Rows(node_refs),
                )
            )

    leaf_rows = Rows([[(slot_of[s])] + [r for _, r in sorted(refs[s])] for s in leaf_sids])
    leaf_edges = None
    captured: dict[int, int] = {}
    if value_positions:
        ordered = [sorted(refs[s]) for s in leaf_sids]
        leaf_edges = LeafEdges(
            [np.array([r for _, r in e], dtype=np.intp) for e in ordered],
            [np.array([p * SLOTS + j for (p, j), _ in e], dtype=np.int64) for e in ordered],
        )
        input_slots = {li for li, _ in value_positions}
        captured = {id(v): li for li, v in enumerate(leaves) if li not in input_slots}
    unique_without: list[Op] = []
    for op in without:
        if op not in unique_without:
            unique_without.append(op)
    return Plan(
        n_numbers=n_numbers,
        n_vals=n_vals,
        n_grads=n_grads,
        seed=seed,
        steps=steps,
        leaves=leaves,
        value_positions=value_positions,
        leaf_slots=slice(1 + n_numbers, 1 + n_numbers + len(leaves)),
        leaf_rows=leaf_rows,
        root_slot=(slot_of[root_sid]),
        n_nodes=len(nodes),
        n_fused=len(absorbed),
        leaf_topo=leaf_topo,
        ops_without_vectors=unique_without,
        leaf_edges=leaf_edges,
        captured=captured,
    )


def _probe(op: Op, ins: list[list[float]], outs: list[float]) -> list[float | None]:
    """Each rule's constant value (``1.0`` for ``+``), or None when it depends on the data."""
    if op.vderivs is None:
        return [None] * op.arity
    arrays = [np.array(col) for col in zip(*ins)]
    found: list[float | None] = []
    with np.errstate(all="ignore"):
        for d in op.vderivs:
            r = d(np.array(outs), *arrays)
            found.append(float(r) if np.ndim(r) == 0 else None)
    return found
