"""What the planner produces: the schedule's runs, and the plan a compiled step replays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autograd.core.engine import Value
from autograd.core.ops import Op
from autograd.replay.alias import LeafEdges
from autograd.replay.dense import DenseLayer, DenseSpec
from autograd.replay.execute import ScalarBlock, VectorGroup
from autograd.replay.graph import Terms
from autograd.replay.rows import Gather, ranges

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
    leaves: list[Value]  # in slot order; leaf_topo[k]: their place among leaves in topological order
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


def edges_of(t: Terms, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The edge-table positions of the members' inputs, member by member, and each one's argument index."""
    counts = t.ptr[members + 1] - t.ptr[members]
    within = ranges(counts)
    return np.repeat(t.ptr[members], counts) + within, within


@dataclass
class Side:
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
    bias: Side | None = None  # a weight side's: the bias side summed with it, as a last column
    merged: bool = False  # a bias side's: summed by its layer's weight side


EdgeInfo = tuple[np.ndarray, np.ndarray] | tuple[Op, np.ndarray, list[tuple[int, float | None] | None]] | None
