"""The planner's phases on small graphs whose answers can be written down."""

from __future__ import annotations

import random

import numpy as np
import pytest

import autograd.replay.graph as graph
from autograd import Value, compile
from autograd.replay.graph import fuse, level, read_graph


def test_read_graph_keeps_ops_parents_values_and_labels() -> None:
    a, b = Value(2.0, "a"), Value(3.0)
    root = (a * b).relu() + a
    g = read_graph(root, [], [b])
    assert g.n == 5 and g.root == 4
    assert [g.ops[c].name if g.ops[c] else "" for c in g.code] == ["", "", "mul", "relu", "add"]
    assert g.par.tolist() == [0, 1, 2, 3, 0] and g.par_ptr.tolist() == [0, 0, 0, 2, 3, 5]
    assert g.data.tolist() == [2.0, 3.0, 6.0, 6.0, 8.0]
    assert g.labels == {0: "a"}
    assert g.value.tolist() == [-1, 0, -1, -1, -1]


def test_fuse_folds_a_left_chain_into_one_sum_in_order() -> None:
    b, w, x = Value(1.0), [Value(float(k)) for k in range(3)], Value(0.5)
    s = b + w[0] * x + w[1] * x + w[2] * x  # ((b + m0) + m1) + m2
    g = read_graph(s, [], [])
    t = fuse(g)
    assert t.n_fused == 2
    sums = np.flatnonzero(t.is_sum)
    (r,) = sums
    terms = t.src[t.ptr[r] : t.ptr[r + 1]]
    assert [g.data[i] for i in terms] == [1.0, 0.0, 0.5, 1.0]  # b, w0·x, w1·x, w2·x
    # backward() meets the top + first (its right operand), and the bottom one's b before w0·x
    keys = t.key[t.ptr[r] : t.ptr[r + 1]]
    assert np.argsort(keys).tolist() == [3, 2, 0, 1]


@pytest.mark.parametrize("seed", range(5))
def test_levels_by_whole_arrays_equal_levels_node_by_node(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(seed)
    vals = [Value(rnd.uniform(0.5, 2)) for _ in range(4)]
    for _ in range(300):
        a, b = rnd.choice(vals[-30:]), rnd.choice(vals)
        vals.append(rnd.choice([a + b, a * b, a.tanh(), b - a]))
    root = sum(vals[-20:], Value(0.0))
    g = read_graph(root, [], [])
    t = fuse(g)
    fast = level(g, t)
    monkeypatch.setattr(graph, "VECTOR_LEVELS", 0)
    slow = level(g, t)
    assert fast.tolist() == slow.tolist()
    assert fast.max() > 5


def test_constants_only_the_graph_holds_are_read_once_and_get_no_grad() -> None:
    w = Value(2.0, "w")
    kept: list[Value] = []

    def fn(x: Value) -> Value:
        c = Value(3.0, "c")  # made by fn and held by nothing else: a constant
        k = Value(4.0, "k")  # made by fn, but held outside: read by reference
        kept.append(k)
        return w * x * c + k

    step = compile(fn)
    assert step(1.0) == 10.0
    assert [v.label for v in step.leaves] == ["w", "k"]
    assert "2 leaves read by reference" in repr(step)
    kept[0].data = 5.0
    w.data = 1.0
    assert step(1.0) == 8.0
    assert (w.grad, kept[0].grad) == (3.0 + 3.0, 2.0)


def test_steps_fed_only_by_numbers_run_no_backward() -> None:
    w = Value(0.5)
    step = compile(lambda xs: sum(w * (x * x).exp() for x in xs))
    xs = np.linspace(0.0, 1.0, 40)
    assert step(xs) == pytest.approx(0.5 * float(np.exp(xs * xs).sum()), rel=1e-14)
    assert w.grad == pytest.approx(float(np.exp(xs * xs).sum()), rel=1e-14)
    kinds = [(getattr(s, "op", None) and s.op.name) or type(s).__name__ for s in step.plan.steps]
    assert kinds == ["mul", "exp", "DenseLayer"]  # Σ w·eₖ is a one-output dense layer
    assert step.plan.backward == step.plan.steps[2:]  # x·x and exp(x·x) need no gradient


def test_a_scalar_block_runs_its_nodes_in_dependency_order() -> None:
    xs = [Value(0.5 + k) for k in range(20)]

    def fn() -> Value:
        r = [v.relu() for v in xs]  # depth 1, a numpy group
        top = r[0].relu()  # depth 2 and 3: one scalar block, top first
        sq = top * top
        wide = [h * sq for h in r]  # depth 4, a numpy group
        # one sum that reads sq before top: ordering the block by this read would
        # run sq = top·top before top
        return sum(wide, Value(0.0)) + sq + top

    want = fn()
    want.backward()
    grads = [x.grad for x in xs]
    for x in xs:
        x.grad = 0.0
    step = compile(fn)
    assert step() == want.data
    assert [x.grad for x in xs] == grads


def test_consecutive_narrow_groups_are_one_scalar_block() -> None:
    c, x = Value(0.5), Value(0.1)

    def chain() -> Value:
        s: Value | float = 1.0
        for _ in range(200):
            s = s * c + x
        assert isinstance(s, Value)
        return s

    step = compile(chain)
    step()
    assert [type(s).__name__ for s in step.plan.steps] == ["ScalarBlock"]
    assert "400 nodes" in repr(step) and "1 scalar block" in repr(step)
