"""NaN goes in, NaN comes out: no op or rule turns a NaN into a finite number by a comparison."""

from __future__ import annotations

import math

import pytest

from autograd import OPS, Value, compile
from autograd.core.ops import Op, pow_const
from nn import hinge_loss

NAN = math.nan
UNARY = [op for op in OPS.values() if op.builtin and op.arity == 1]
BINARY = [op for op in OPS.values() if op.builtin and op.arity == 2]
POWERS = [pow_const(n) for n in (2.0, 3.0, 0.5, -1.0)]
# Ops whose derivative is the same number everywhere: a NaN input does not change it.
CONSTANT_SLOPE = {"neg"}


def _apply(op: Op, *xs: Value) -> Value:
    from autograd.core.engine import apply

    return apply(op, *xs)


def _id(op: Op) -> str:
    return op.name + (op.symbol if op.param is not None else "")


@pytest.mark.parametrize("op", UNARY + POWERS, ids=_id)
def test_unary_op_at_nan_is_nan_and_so_is_its_slope(op: Op) -> None:
    x = Value(NAN)
    y = _apply(op, x)
    y.backward()
    assert math.isnan(y.data)
    assert math.isnan(x.grad) != (op.name in CONSTANT_SLOPE)


@pytest.mark.parametrize("position", [0, 1])
@pytest.mark.parametrize("op", BINARY, ids=_id)
def test_binary_op_with_a_nan_input_is_nan(op: Op, position: int) -> None:
    xs = [Value(2.0), Value(3.0)]
    xs[position] = Value(NAN)
    assert math.isnan(_apply(op, *xs).data)


def test_relu_of_nan_is_nan_forward_and_backward() -> None:
    # torch gives relu(NaN) = NaN with slope 1 and micrograd slope 0; a slope at NaN is undefined, so NaN.
    x = Value(NAN)
    y = x.relu()
    y.backward()
    assert math.isnan(y.data) and math.isnan(x.grad)
    assert Value(-0.0).relu().data == 0.0 and Value(-1.0).relu().data == 0.0  # the kink is unchanged


def test_abs_slope_at_nan_is_nan_and_zero_at_the_kink() -> None:
    x, z = Value(NAN), Value(0.0)
    abs(x).backward()
    abs(z).backward()
    assert math.isnan(x.grad) and z.grad == 0.0


def test_power_at_zero_base_with_nan_exponent_has_nan_slopes() -> None:
    a, b = Value(0.0), Value(NAN)
    (a**b).backward()
    assert math.isnan(a.grad) and math.isnan(b.grad)
    a, b = Value(0.0), Value(2.0)
    (a**b).backward()
    assert (a.grad, b.grad) == (0.0, 0.0)  # the limit a^b·ln a → 0 is still taken where b is a number


def test_hinge_loss_on_a_nan_score_is_nan() -> None:
    s = Value(NAN)
    loss = hinge_loss([s, Value(0.3)], [1, -1])
    loss.backward()
    assert math.isnan(loss.data) and math.isnan(s.grad)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_compiled_replay_keeps_nan_like_the_engine() -> None:
    xs = [Value(v) for v in (NAN, -1.0, 0.0, 2.0)] * 20  # wide groups, so the replay runs them on numpy
    bases = [Value(0.0) for _ in range(40)]
    exps = [Value(v) for v in (NAN, 2.0)] * 20
    leaves = xs + bases + exps

    def fn() -> Value:
        terms = [x.relu() + abs(x) for x in xs] + [a**b for a, b in zip(bases, exps)]
        total = terms[0]
        for t in terms[1:]:
            total = total + t
        return total

    out = fn()
    out.backward()
    want = [v.grad for v in leaves]
    for v in leaves:
        v.grad = 0.0
    got = compile(fn)()
    assert math.isnan(got) and math.isnan(out.data)
    assert all(_same(g.grad, w) for g, w in zip(leaves, want))
    assert [math.isnan(g) for g in want[:4]] == [True, False, False, False]
    assert math.isnan(want[80]) and math.isnan(want[120]) and want[121] == 0.0
