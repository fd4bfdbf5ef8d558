"""backward_steps: the same loop as backward(), one node at a time, with the numbers it used."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from graphs import lecture_nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import BackwardStep, Value, backward_steps, topological_order

# --- random graphs: a plan, built twice, gives two identical graphs --------------

# Each builder stays inside every op's domain; growth is at most doubling per node,
# so nothing overflows in ten nodes.
UNARY: list[Callable[[Value], Value]] = [
    lambda x: x.tanh(),
    lambda x: x.sigmoid(),
    lambda x: x.sin(),
    lambda x: x.cos(),
    lambda x: -x,
    lambda x: x.tanh() ** 2,
    lambda x: x.tanh().exp(),
    lambda x: (1 + x * x).log(),
    lambda x: (1 + x * x).sqrt(),
    lambda x: (x + 0.3).relu(),
    lambda x: (x - 0.2).abs(),
]
BINARY: list[Callable[[Value, Value], Value]] = [
    lambda x, y: x + y,
    lambda x, y: x - y,
    lambda x, y: x * y.tanh(),
    lambda x, y: x / (1 + y * y),
    lambda x, y: (1 + x * x) ** y.tanh(),
]

Plan = tuple[list[float], list[tuple[int, int, int]]]

plans: st.SearchStrategy[Plan] = st.tuples(
    st.lists(st.floats(-2, 2).map(lambda v: round(v, 3)), min_size=1, max_size=4),
    st.lists(
        st.tuples(st.integers(0, len(UNARY) + len(BINARY) - 1), st.integers(0, 99), st.integers(0, 99)),
        min_size=1,
        max_size=10,
    ),
)


def build(plan: Plan) -> tuple[Value, list[Value]]:
    """The graph a plan describes: ``(root, leaves)``; nodes are reused, so paths join."""
    data, instructions = plan
    leaves = [Value(v, f"x{i}") for i, v in enumerate(data)]
    nodes = list(leaves)
    for op, i, j in instructions:
        x, y = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(UNARY[op](x) if op < len(UNARY) else BINARY[op - len(UNARY)](x, y))
    return nodes[-1], leaves


def grads(root: Value) -> list[float]:
    return [float(n.grad.data if isinstance(n.grad, Value) else n.grad) for n in topological_order(root)]


# --- the contract ------------------------------------------------------------------


@settings(max_examples=150)
@given(plans)
def test_exhausting_the_steps_equals_backward(plan: Plan) -> None:
    by_backward, _ = build(plan)
    by_steps, _ = build(plan)
    by_backward.backward()
    steps = list(by_steps.backward_steps())
    # The same loop body runs in the same order, so the floats are identical, not just close.
    assert grads(by_steps) == grads(by_backward)
    interior = [n for n in topological_order(by_steps) if n.op]
    assert len(steps) == len(interior)
    assert [s.node for s in steps] == interior[::-1]


@settings(max_examples=60)
@given(plans)
def test_create_graph_steps_equal_backward_and_differentiate_again(plan: Plan) -> None:
    r1, leaves1 = build(plan)
    r2, leaves2 = build(plan)
    r1.backward(create_graph=True)
    list(backward_steps(r2, create_graph=True))
    assert grads(r2) == grads(r1)
    # The recorded grads are graphs themselves: differentiate ∂root/∂x0 again, both ways.
    g1, g2 = leaves1[0].grad, leaves2[0].grad
    if isinstance(g1, Value) and isinstance(g2, Value):
        for leaf in leaves1 + leaves2:
            leaf.grad = 0.0
        g1.backward()
        list(g2.backward_steps())
        assert [float(x.grad) for x in leaves2] == [float(x.grad) for x in leaves1]


@settings(max_examples=60)
@given(plans)
def test_second_pass_accumulates_into_leaves_like_backward(plan: Plan) -> None:
    r1, leaves1 = build(plan)
    r2, leaves2 = build(plan)
    r1.backward()
    r1.backward()
    list(r2.backward_steps())
    list(r2.backward_steps())
    assert [x.grad for x in leaves2] == [x.grad for x in leaves1]
    assert grads(r2) == grads(r1)


@settings(max_examples=60)
@given(plans)
def test_every_edge_is_local_times_upstream_and_moves_the_grad_by_that(plan: Plan) -> None:
    root, _ = build(plan)
    for step in root.backward_steps():
        assert step.grad == step.node.grad
        assert len(step.edges) == len(step.node.parents)
        for i, e in enumerate(step.edges):
            assert e.index == i and e.parent is step.node.parents[i]
            assert e.contribution == e.local * step.grad
            assert e.grad_after == pytest.approx(e.grad_before + e.contribution, rel=1e-12, abs=1e-300)


@settings(max_examples=40)
@given(plans)
def test_local_derivative_matches_central_difference_of_the_op(plan: Plan) -> None:
    root, _ = build(plan)
    h = 1e-6
    for step in root.backward_steps():
        op = step.node.op_entry
        assert op is not None
        xs = [p.data for p in step.node.parents]
        for e in step.edges:
            x = xs[e.index]
            if op.name in ("relu", "abs") and abs(x) < 1e-3:
                continue  # a kink: the one-sided slopes differ
            up, down = list(xs), list(xs)
            up[e.index] += h
            down[e.index] -= h
            fd = (op.forward(*up) - op.forward(*down)) / (2 * h)
            assert e.local == pytest.approx(fd, rel=1e-5, abs=1e-6), (op.name, xs)


# --- the lecture graph, number by number ------------------------------------------


def lecture() -> tuple[Value, dict[str, Value]]:
    nodes = lecture_nodes()
    return nodes.pop("L"), nodes


def test_lecture_steps_carry_the_hand_computed_numbers() -> None:
    L, _ = lecture()
    steps = list(L.backward_steps())
    assert [(s.index, s.total, s.name, s.grad) for s in steps] == [
        (0, 3, "L", 1.0),
        (1, 3, "d", -2.0),
        (2, 3, "e", -2.0),
    ]
    first = steps[0]
    assert [(first.names[e.parent], e.local, e.contribution) for e in first.edges] == [
        ("d", -2.0, -2.0),
        ("f", 4.0, 4.0),
    ]
    last = steps[2]
    assert [(e.local, e.contribution, e.grad_before, e.grad_after) for e in last.edges] == [
        (-3.0, 6.0, 0.0, 6.0),
        (2.0, -4.0, 0.0, -4.0),
    ]
    assert last.edges[0].formula == "∂(a·b)/∂a = b"


def test_each_step_does_its_work_when_taken() -> None:
    L, n = lecture()
    it = L.backward_steps()
    # Creating the iterator prepares the pass, as backward() begins: the root's grad is 1.
    assert L.grad == 1.0 and n["d"].grad == 0.0
    next(it)
    assert (n["d"].grad, n["f"].grad, n["a"].grad) == (-2.0, 4.0, 0.0)
    next(it)
    assert (n["e"].grad, n["c"].grad, n["a"].grad) == (-2.0, -2.0, 0.0)
    next(it)
    assert (n["a"].grad, n["b"].grad) == (6.0, -4.0)
    with pytest.raises(StopIteration):
        next(it)


def test_a_parent_used_twice_gets_two_edges_each_with_its_own_before_and_after() -> None:
    x = Value(3.0, "x")
    y = x * x
    (step,) = list(y.backward_steps())
    first, second = step.edges
    assert (first.grad_before, first.grad_after, first.accumulated) == (0.0, 3.0, False)
    assert (second.grad_before, second.grad_after, second.accumulated) == (3.0, 6.0, True)
    assert x.grad == 6.0


def test_a_node_reached_by_two_paths_is_marked_accumulated() -> None:
    a = Value(2.0, "a")
    b = a.tanh()
    out = b * 3.0 + b
    reached = [e.accumulated for s in out.backward_steps() for e in s.edges if e.parent is b]
    assert reached == [False, True]


def test_a_leaf_root_has_no_steps_and_accumulates_like_backward() -> None:
    x = Value(5.0)
    assert list(x.backward_steps()) == []
    assert x.grad == 1.0
    list(backward_steps(x))
    assert x.grad == 2.0


def test_steps_are_backward_step_objects_with_a_root() -> None:
    L, _ = lecture()
    for s in L.backward_steps():
        assert isinstance(s, BackwardStep)
        assert s.root is L
        assert math.isfinite(s.grad)


# --- random expressions, through the CLI's parser -------------------------------

_atoms = st.sampled_from(["a", "b", "c", "0.5", "2"])


def _grow(e: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(e, e)
    return st.one_of(
        st.tuples(e, st.sampled_from(["+", "-", "*"]), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["tanh", "sigmoid", "sin", "cos", "relu", "abs"]), e).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        e.map(lambda x: f"-{x}"),
        e.map(lambda x: f"tanh({x})**2"),
        e.map(lambda x: f"exp(tanh({x}))"),
        e.map(lambda x: f"log(1 + {x}*{x})"),
        e.map(lambda x: f"sqrt(1 + {x}*{x})"),
        pair.map(lambda t: f"{t[0]} / (1 + {t[1]}*{t[1]})"),
    )


expressions = st.recursive(_atoms, _grow, max_leaves=12)


@settings(max_examples=80)
@given(expressions, st.lists(st.floats(-2, 2).map(lambda v: round(v, 2)), min_size=3, max_size=3))
def test_parsed_expressions_step_to_the_same_grads_as_backward(text: str, xs: list[float]) -> None:
    from autograd.expr import parse_expression

    expr = parse_expression(text)
    values = dict(zip("abc", xs))
    used = {k: values[k] for k in expr.variables}
    r1, in1 = expr.build(used)
    r2, in2 = expr.build(used)
    r1.backward()
    steps = list(r2.backward_steps())
    assert len(steps) == sum(1 for n in topological_order(r2) if n.op)
    assert grads(r2) == grads(r1)
    assert {k: v.grad for k, v in in2.items()} == {k: v.grad for k, v in in1.items()}
