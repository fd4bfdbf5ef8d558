"""The Value engine: the lecture's hand-worked numbers, accumulation, depth, ops and order."""

from __future__ import annotations

import math
import sys

import pytest

from autograd import Value, no_grad, topological_order


def lecture_L() -> tuple[Value, Value, Value, Value, Value]:
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    return (a * b + c) * f, a, b, c, f


def test_lecture_graph_gradients() -> None:
    L, a, b, c, f = lecture_L()
    assert L.data == -8.0
    L.backward()
    assert (a.grad, b.grad, c.grad, f.grad) == (6.0, -4.0, -2.0, 4.0)


def test_reused_node_accumulates() -> None:
    a = Value(3.0, "a")
    b = a + a
    b.backward()
    assert a.grad == 2.0


def test_lecture_reuse_example() -> None:
    a, b = Value(-2.0, "a"), Value(3.0, "b")
    d = a * b
    e = a + b
    f = d * e
    f.backward()
    assert (a.grad, b.grad) == (-3.0, -8.0)


def test_backward_twice_accumulates_into_leaves() -> None:
    x = Value(3.0)
    y = x * x * x
    y.backward()
    assert x.grad == 27.0
    y.backward()
    assert x.grad == 54.0


def test_interior_nodes_hold_the_latest_pass() -> None:
    x = Value(3.0)
    h = x * x
    y = h * 2.0
    y.backward()
    y.backward()
    assert h.grad == 2.0  # reset each pass, not 4
    assert x.grad == 24.0  # leaves accumulate: 2 · (2 · 2x)


def test_leaf_root_accumulates_one() -> None:
    x = Value(5.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_million_op_chain_backpropagates_without_recursion() -> None:
    limit = sys.getrecursionlimit()
    x, one = Value(1.0, "x"), Value(1.0)
    s = x
    for _ in range(1_000_000):
        s = s * one
    s.backward()
    assert x.grad == 1.0 and one.grad == 1_000_000.0
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize(
    ("expr", "value", "grads"),
    [
        (lambda a, b: a + b, 5.0, (1.0, 1.0)),
        (lambda a, b: a - b, -1.0, (1.0, -1.0)),
        (lambda a, b: a * b, 6.0, (3.0, 2.0)),
        (lambda a, b: a / b, 2 / 3, (1 / 3, -2 / 9)),
        (lambda a, b: a**b, 8.0, (12.0, 8 * math.log(2))),
        (lambda a, b: 2 * a + 1 - b, 2.0, (2.0, -1.0)),
        (lambda a, b: 1 - a, -1.0, (-1.0, 0.0)),
        (lambda a, b: 10.0 / a, 5.0, (-2.5, 0.0)),
        (lambda a, b: 2**b, 8.0, (0.0, 8 * math.log(2))),
        (lambda a, b: -a, -2.0, (-1.0, 0.0)),
        (lambda a, b: abs(b - 5), 2.0, (0.0, -1.0)),
        (lambda a, b: a**2, 4.0, (4.0, 0.0)),
        (lambda a, b: b**-1, 1 / 3, (0.0, -1 / 9)),
    ],
)
def test_operators_and_reflected_forms(expr, value, grads) -> None:  # type: ignore[no-untyped-def]
    a, b = Value(2.0, "a"), Value(3.0, "b")
    out = expr(a, b)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-12)
    assert (a.grad, b.grad) == pytest.approx(grads, rel=1e-12)


@pytest.mark.parametrize(
    ("method", "x", "value", "slope"),
    [
        ("exp", 1.0, math.e, math.e),
        ("log", 2.0, math.log(2), 0.5),
        ("tanh", 0.5, math.tanh(0.5), 1 - math.tanh(0.5) ** 2),
        ("sigmoid", 0.0, 0.5, 0.25),
        ("relu", 2.0, 2.0, 1.0),
        ("relu", -2.0, 0.0, 0.0),
        ("sqrt", 4.0, 2.0, 0.25),
        ("abs", -3.0, 3.0, -1.0),
        ("sin", 1.0, math.sin(1.0), math.cos(1.0)),
        ("cos", 1.0, math.cos(1.0), -math.sin(1.0)),
    ],
)
def test_methods_closed_forms(method: str, x: float, value: float, slope: float) -> None:
    v = Value(x)
    out = getattr(v, method)()
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-12)
    assert v.grad == pytest.approx(slope, rel=1e-12)


@pytest.mark.parametrize("method", ["relu", "abs"])
def test_kinks_take_subgradient_zero(method: str) -> None:
    v = Value(0.0)
    getattr(v, method)().backward()
    assert v.grad == 0.0


@pytest.mark.parametrize("x", [800.0, -800.0])
def test_tanh_and_sigmoid_stay_finite_far_out(x: float) -> None:
    for method in ("tanh", "sigmoid"):
        v = Value(x)
        out = getattr(v, method)()
        out.backward()
        assert math.isfinite(out.data) and math.isfinite(v.grad)
        assert v.grad == 0.0
    assert Value(x).sigmoid().data == (1.0 if x > 0 else 0.0)


def test_inplace_add_builds_a_new_node() -> None:
    x = Value(1.0, "x")
    before = x
    x += 2
    assert x is not before and before.data == 1.0 and x.data == 3.0
    assert x.parents[0] is before


def test_node_attributes() -> None:
    a, b = Value(2.0, "a"), Value(3)
    c = a * b
    assert isinstance(b.data, float) and b.grad == 0.0 and b.label == ""
    assert (a.op, a.parents) == ("", ())
    assert c.op == "mul" and c.parents == (a, b)
    assert (b * a).parents == (b, a)  # argument order, never a set
    assert (a**2).op == "pow" and (a**b).parents == (a, b)


def test_topological_order_is_deterministic_and_parents_first() -> None:
    def build() -> Value:
        L, *_ = lecture_L()
        return L

    orders = [[n.label or n.op for n in topological_order(build())] for _ in range(3)]
    assert orders[0] == orders[1] == orders[2]
    L = build()
    order = topological_order(L)
    position = {n: i for i, n in enumerate(order)}
    assert order[-1] is L and len(order) == 7
    assert all(position[p] < position[n] for n in order for p in n.parents)


def test_no_grad_records_nothing() -> None:
    x = Value(2.0)
    with no_grad():
        y = x * x + 1
        z = y.exp()
    assert (y.parents, y.op, z.parents) == ((), "", ())
    assert z.data == pytest.approx(math.exp(5.0))
    w = x * x  # recording again after the block
    assert w.parents == (x, x)


def test_no_grad_nests_and_decorates() -> None:
    @no_grad()
    def f(v: Value) -> Value:
        return v * v

    x = Value(3.0)
    with no_grad():
        with no_grad():
            pass
        assert (x * x).parents == ()
    assert f(x).parents == ()
    assert (x * x).parents == (x, x)


def test_repr_is_short_and_useful() -> None:
    a = Value(2.0, "a")
    assert repr(a) == "Value(data=2, grad=0, label='a')"
    assert repr(a * 3) == "Value(data=6, grad=0, op='mul')"


def test_micrograd_style_training_loop_runs() -> None:
    # The lecture's loop shape: zero grads by hand, backward, p.data -= lr * p.grad.
    w, b = Value(0.5), Value(0.0)
    xs, ys = [1.0, 2.0, 3.0], [3.0, 6.0, 9.0]
    for _ in range(500):
        loss = sum(((w * x + b) - y) ** 2 for x, y in zip(xs, ys))
        w.grad = b.grad = 0
        loss.backward()
        w.data -= 0.05 * w.grad
        b.data -= 0.05 * b.grad
    assert w.data == pytest.approx(3.0, abs=1e-6) and b.data == pytest.approx(0.0, abs=1e-6)
