"""The readable reference engine gives the fast engine's numbers, bit for bit."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, Value, define_op
from autograd import reference as ref
from autograd.core.ops import Op
from autograd.testing import Expression, expressions


def _bits(x: float) -> str:
    return x.hex()  # tells 0.0 from -0.0, unlike ==


def _both(e: Expression) -> tuple[list[Value], Value, list[ref.Value], ref.Value]:
    fast = [Value(x) for x in e.inputs]
    slow = [ref.Value(x) for x in e.inputs]
    out = e(*fast)
    values = list(slow)
    for op, args in e.nodes:
        values.append(ref.apply(op, *(values[i] for i in args)))
    return fast, out, slow, values[-1]


@settings(max_examples=60)
@given(expressions(n_inputs=3, max_nodes=30))
def test_random_graphs_give_bit_identical_values_and_gradients(e: Expression) -> None:
    fast, out, slow, root = _both(e)
    assert _bits(out.data) == _bits(root.data)
    out.backward()
    root.backward()
    assert [_bits(v.grad) for v in fast] == [_bits(v.grad) for v in slow]


@settings(max_examples=30)
@given(expressions(n_inputs=2, max_nodes=12), st.integers(2, 3))
def test_repeated_passes_accumulate_into_inputs_alike(e: Expression, passes: int) -> None:
    fast, out, slow, root = _both(e)
    for _ in range(passes):
        out.backward()
        root.backward()
    assert [_bits(v.grad) for v in fast] == [_bits(v.grad) for v in slow]


def test_a_node_used_many_times_sums_its_shares_in_the_same_order() -> None:
    # Float addition is not associative: y's three shares 1, 1e16 and -1e16 sum to 0 in the
    # engine's order and to 1 in another, so the two engines must visit the graph alike.
    def build(x: ref.Value | Value) -> ref.Value | Value:
        y = x * 1.0
        return (y * 1.0 + y * 1e16) + y * -1e16

    x_fast, x_ref = Value(0.5), ref.Value(0.5)
    build(x_fast).backward()
    build(x_ref).backward()
    assert _bits(x_fast.grad) == _bits(x_ref.grad) == _bits(0.0)


def test_deep_chain_needs_no_recursion() -> None:
    x = ref.Value(1.0)
    s = x
    for _ in range(10 * sys.getrecursionlimit()):  # far deeper than recursion could go
        s = s * 1.0
    s.backward()
    assert x.grad == 1.0


def test_closed_forms_for_every_one_input_op_by_name() -> None:
    x = ref.Value(0.5)
    y = x.exp() + x.log() + x.tanh() + x.sigmoid() + x.relu() + x.sqrt() + x.abs() + x.sin() + x.cos()
    y.backward()
    s = 1 / (1 + math.exp(-0.5))
    want = math.exp(0.5) + 2 + (1 - math.tanh(0.5) ** 2) + s * (1 - s) + 1 + 1 / (2 * math.sqrt(0.5)) + 1
    assert x.grad == pytest.approx(want + math.cos(0.5) - math.sin(0.5), rel=1e-15)
    with pytest.raises(AttributeError):
        x.add  # noqa: B018  (a two-input op is an operator, not a method)


def test_a_custom_three_input_op_is_read_from_the_same_table(custom_ops: None) -> None:
    fma = define_op(
        "core_fma", lambda a, b, c: a * b + c, lambda a, b, c: b, lambda a, b, c: a, lambda a, b, c: 1.0
    )
    op: Op = OPS["core_fma"]
    fast = [Value(v) for v in (2.0, 3.0, 4.0)]
    slow = [ref.Value(v) for v in (2.0, 3.0, 4.0)]
    fma(*fast).backward()
    ref.apply(op, *slow).backward()
    assert [v.grad for v in fast] == [v.grad for v in slow] == [3.0, 2.0, 1.0]
