"""The traced graph as flat arrays, and the first two planning phases: fuse and level.

:func:`read_graph` walks the graph once and keeps only numbers: per node its
op code, its parents (as positions in topological order) and its value.
Everything after that works on numpy arrays, not on one Python object per node.

- **Fuse** (:func:`fuse`): a ``+`` whose only consumer is a ``+`` that takes it
  as its left operand is folded into that consumer, so ``b + w0·x0 + w1·x1 + …``
  becomes one n-ary sum with terms ``[b, w0·x0, w1·x1, …]``, added left to right
  as the engine adds them.
- **Level** (:func:`level`): each replayed node's depth is one more than its
  deepest input (leaves are at depth 0); nodes at one depth do not depend on
  each other.
"""

from __future__ import annotations

import itertools
import operator
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from autograd.core import ops
from autograd.core.engine import Value, topological_order
from autograd.core.ops import Op
from autograd.replay.rows import ranges

#: An edge's place in backward()'s order, as one integer that sorts ascending in
#: that order: backward() visits consumers from last to first in topological
#: order and pushes into their inputs in argument order.
SLOTS = 1 << 20


def edge_key(consumer: np.ndarray, argument: np.ndarray | int) -> np.ndarray:
    """``−position · SLOTS + argument``: the order in which ``backward()`` adds contributions."""
    return -consumer.astype(np.int64) * SLOTS + argument


@dataclass
class Graph:
    """A traced graph in topological order (node ``i`` is the i-th node of ``topological_order``)."""

    n: int
    code: np.ndarray  # per node, an index into ``ops``; 0 for a leaf
    ops: list[Op | None]  # ops[0] is None
    par_ptr: np.ndarray  # node i's parents are par[par_ptr[i]:par_ptr[i + 1]]
    par: np.ndarray
    data: np.ndarray
    labels: dict[int, str]
    leaf_values: dict[int, Value]  # every leaf, by position
    number: np.ndarray  # per node, its index among the per-call numbers, or −1
    value: np.ndarray  # per node, its index among the input Values (stand-ins), or −1
    root: int
    private: np.ndarray  # per node: a leaf that nothing but the graph refers to (a constant made by fn)

    def code_of(self, op: Op) -> int:
        """The code of ``op`` in this graph, or −1 if no node uses it."""
        return next((k for k, o in enumerate(self.ops) if o is op), -1)


def read_graph(root: Value, numbers: Sequence[Value], values: Sequence[Value]) -> Graph:
    """Read the graph under ``root`` into arrays: one pass over the nodes, no per-node objects kept."""
    order = topological_order(root)
    n = len(order)
    op_ids = np.fromiter(map(id, map(operator.attrgetter("op_entry"), order)), np.int64, n)
    leaf_id = id(None)
    distinct_ids, first, code = np.unique(op_ids, return_index=True, return_inverse=True)
    del op_ids
    distinct: list[Op | None] = [order[i].op_entry for i in first.tolist()]
    # Code 0 is the leaves' (None); the ops follow in the order of their ids.
    at = int(np.searchsorted(distinct_ids, leaf_id))
    if at < len(distinct_ids) and distinct_ids[at] == leaf_id:
        code = np.where(code == at, 0, code + (code < at)).astype(np.int32)
        distinct = [None, *distinct[:at], *distinct[at + 1 :]]
    else:
        code = (code.ravel() + 1).astype(np.int32)
        distinct = [None, *distinct]
    code = code.ravel()
    arity = np.array([0 if o is None else o.arity for o in distinct], dtype=np.int64)
    counts = arity[code]
    par_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=par_ptr[1:])
    ids = np.fromiter(map(id, order), np.int64, n)
    by_address = np.argsort(ids)
    sorted_ids = ids[by_address]
    del ids
    parent_ids = np.fromiter(
        map(id, itertools.chain.from_iterable(map(operator.attrgetter("parents"), order))),
        np.int64,
        int(par_ptr[-1]),
    )
    par = by_address[np.searchsorted(sorted_ids, parent_ids)]
    del parent_ids
    private = _private_leaves(order, code, par)
    data = np.fromiter(map(operator.attrgetter("data"), order), float, n)
    names = list(map(operator.attrgetter("label"), order))
    labels = {i: names[i] for i in itertools.compress(range(n), names)}
    del names
    leaf_values = {int(i): order[i] for i in np.flatnonzero(code == 0)}

    def positions(vs: Sequence[Value]) -> np.ndarray:
        """Per node, the index in ``vs`` of the Value at that node, or −1."""
        out = np.full(n, -1, dtype=np.int64)
        if vs:
            want = np.fromiter(map(id, vs), np.int64, len(vs))
            at = np.minimum(np.searchsorted(sorted_ids, want), n - 1)
            found = sorted_ids[at] == want
            out[by_address[at[found]]] = np.flatnonzero(found)
        return out

    return Graph(
        n=n,
        code=code,
        ops=distinct,
        par_ptr=par_ptr,
        par=par,
        data=data,
        labels=labels,
        leaf_values=leaf_values,
        number=positions(numbers),
        value=positions(values),
        root=n - 1,
        private=private,
    )


def _private_leaves(order: list[Value], code: np.ndarray, par: np.ndarray) -> np.ndarray:
    """Leaves referred to only by their consumers in the graph (and by ``order``): constants made by fn.

    Nobody else can read their gradient or change their value, so the replay
    reads them once, at trace time, and writes them nothing.  Found with
    CPython's reference counts: references = consumers' edges + ``order`` +
    ``objs`` + the call's argument.  Anything else holding one makes it shared.
    """
    n = len(order)
    private = np.zeros(n, dtype=bool)
    count = getattr(sys, "getrefcount", None)
    if count is None or n < 2:
        return private
    leaves = np.flatnonzero(code == 0)
    objs = [order[i] for i in leaves.tolist()]
    refs = np.fromiter(map(count, objs), np.int64, len(objs))
    del objs
    uses = np.bincount(par, minlength=n)[leaves]
    private[leaves[refs - 3 == uses]] = True
    return private


@dataclass
class Terms:
    """The replayed nodes and their inputs after fusion, as one table of edges.

    ``nodes`` are the graph positions of the replayed nodes, in topological
    order; node ``nodes[r]``'s inputs are ``src[ptr[r]:ptr[r + 1]]`` in the
    order the engine adds or passes them, and ``key`` is each edge's place in
    backward()'s order.  ``is_sum[r]`` marks a fused sum.
    """

    nodes: np.ndarray
    ptr: np.ndarray
    src: np.ndarray
    key: np.ndarray
    is_sum: np.ndarray
    n_fused: int


def fuse(g: Graph) -> Terms:
    """Fold single-consumer left operands of ``+`` into n-ary sums (see the module docstring)."""
    n = g.n
    add = g.code_of(ops.ADD)
    is_op = g.code != 0
    uses = np.bincount(g.par, minlength=n)
    absorbed = np.zeros(n, dtype=bool)
    adds = np.flatnonzero(g.code == add) if add >= 0 else np.zeros(0, dtype=np.int64)
    left = g.par[g.par_ptr[adds]]
    right = g.par[g.par_ptr[adds] + 1]
    folds = (g.code[left] == add) & (uses[left] == 1)
    absorbed[left[folds]] = True
    # Each add's chain root: follow "my consumer" upward by pointer doubling.
    slot = np.full(n, -1, dtype=np.int64)
    slot[adds] = np.arange(len(adds))
    up = np.arange(len(adds))
    up[slot[left[folds]]] = np.flatnonzero(folds)
    while True:
        nxt = up[up]
        if np.array_equal(nxt, up):
            break
        up = nxt
    chain_root = adds[up]
    # Members of one chain are consecutive when sorted by root (topological order within).
    by_root = np.argsort(chain_root, kind="stable")
    member, root_of = adds[by_root], chain_root[by_root]
    first = np.ones(len(member), dtype=bool)
    first[1:] = root_of[1:] != root_of[:-1]
    m_left, m_right = left[by_root], right[by_root]

    # The edge table: (consumer, order within the consumer, source, key).
    others = np.flatnonzero(is_op & (g.code != add)) if add >= 0 else np.flatnonzero(is_op)
    o_count = g.par_ptr[others + 1] - g.par_ptr[others]
    o_consumer = np.repeat(others, o_count)
    o_arg = ranges(o_count)
    o_src = g.par[np.repeat(g.par_ptr[others], o_count) + o_arg]
    # A chain's terms: its bottom's left operand, then each member's right operand.
    s_consumer = np.concatenate([root_of[first], root_of])
    s_order = np.concatenate([np.zeros(int(first.sum()), dtype=np.int64), _rank_within(root_of) + 1])
    s_src = np.concatenate([m_left[first], m_right])
    s_key = np.concatenate([edge_key(member[first], 0), edge_key(member, 1)])
    consumer = np.concatenate([o_consumer, s_consumer])
    within = np.concatenate([o_arg, s_order])
    src = np.concatenate([o_src, s_src])
    key = np.concatenate([edge_key(o_consumer, o_arg), s_key])
    by = np.lexsort((within, consumer))
    consumer, src, key = consumer[by], src[by], key[by]
    nodes = np.flatnonzero(is_op & ~absorbed)
    ptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(np.bincount(np.searchsorted(nodes, consumer), minlength=len(nodes)), out=ptr[1:])
    return Terms(
        nodes=nodes,
        ptr=ptr,
        src=src,
        key=key,
        is_sum=g.code[nodes] == add,
        n_fused=int(absorbed.sum()),
    )


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """For a sorted array, each element's index within its run of equal values."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.ones(len(groups), dtype=bool)
    change[1:] = groups[1:] != groups[:-1]
    starts = np.flatnonzero(change)
    out: np.ndarray = np.arange(len(groups)) - np.repeat(starts, np.diff(np.append(starts, len(groups))))
    return out


#: Up to this many levels, depths are found level by level with whole-array
#: steps; deeper graphs (long chains) take one Python step per node instead.
VECTOR_LEVELS = 256


def level(g: Graph, t: Terms) -> np.ndarray:
    """Each graph node's depth: 0 for leaves, else 1 + the deepest input (via the fused terms).

    Level by level (Kahn's algorithm): the nodes whose inputs all have a
    depth get the next one; each edge is looked at once.
    """
    depth = np.zeros(g.n, dtype=np.int64)
    R = len(t.nodes)
    if R == 0:
        return depth
    rid = np.full(g.n, -1, dtype=np.int64)
    rid[t.nodes] = np.arange(R)
    consumer = np.repeat(np.arange(R), np.diff(t.ptr))
    src = rid[t.src]
    inner = src >= 0
    consumer, src = consumer[inner], src[inner]
    waiting = np.bincount(consumer, minlength=R)
    out_count = np.bincount(src, minlength=R)
    out_start = np.cumsum(out_count) - out_count
    out = consumer[np.argsort(src, kind="stable")]
    d = np.zeros(R, dtype=np.int64)
    frontier = np.flatnonzero(waiting == 0)
    lvl = 1
    while len(frontier):
        if lvl > VECTOR_LEVELS:
            return _level_by_node(g, t)
        d[frontier] = lvl
        c = out_count[frontier]
        nxt = out[np.repeat(out_start[frontier], c) + ranges(c)]
        if len(nxt) == 0:
            break
        u, k = np.unique(nxt, return_counts=True)
        waiting[u] -= k
        frontier = u[waiting[u] == 0]
        lvl += 1
    depth[t.nodes] = d
    return depth


def _level_by_node(g: Graph, t: Terms) -> np.ndarray:
    """:func:`level` one node at a time, in topological order (for graphs too deep to go level by level)."""
    d = [0] * g.n
    src = t.src.tolist()
    for r, a, b in zip(t.nodes.tolist(), t.ptr[:-1].tolist(), t.ptr[1:].tolist()):
        d[r] = 1 + max(map(d.__getitem__, src[a:b]))
    return np.array(d, dtype=np.int64)
