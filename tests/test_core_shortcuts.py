"""backward()'s shortcuts for + and · equal the op table's rules bit for bit, special floats included.

The engine skips the rule calls for ADD (∂ = 1, and 1·g is g) and MUL (∂(ab)/∂a = b);
here every shortcut is compared with ``rule(out, a, b) · g`` added in the same order.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.core import ops

floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1.0, -1.0, 1e-308, 1e308]
)


def _bits(x: float) -> str:
    return "nan" if math.isnan(x) else x.hex()  # hex tells 0.0 from -0.0; NaN payloads are not compared


def _by_the_rules(op: ops.Op, x: float, y: float, g: float, ga: float, gb: float) -> tuple[float, float]:
    """The parents' grads after one push, computed from the table's rules (a first, then b)."""
    o = op.forward(x, y)
    ga = ga + op.derivs[0](o, x, y) * g
    gb = gb + op.derivs[1](o, x, y) * g
    return ga, gb


@settings(max_examples=300)
@given(x=floats, y=floats, g=floats, ga=floats, gb=floats)
def test_add_and_mul_shortcuts_equal_the_rules(x: float, y: float, g: float, ga: float, gb: float) -> None:
    for op, make in ((ops.ADD, lambda a, b: a + b), (ops.MUL, lambda a, b: a * b)):
        a, b = Value(x), Value(y)
        out = make(a, b)
        assert out.op_entry is op
        a.grad, b.grad = ga, gb
        out.backward()  # the root's grad is seeded with 1
        want = _by_the_rules(op, x, y, 1.0, ga, gb)
        assert (_bits(a.grad), _bits(b.grad)) == tuple(map(_bits, want))
        # an upstream gradient g other than 1: out feeds a product with a constant leaf k = g
        a2, b2, k = Value(x), Value(y), Value(g)
        top = make(a2, b2) * k
        a2.grad, b2.grad = ga, gb
        top.backward()
        # out's grad starts at 0 and receives ∂top/∂out · 1 = g · 1 (so -0.0 arrives as 0.0)
        upstream = 0.0 + ops.MUL.derivs[0](top.data, make(x, y), g) * 1.0
        want = _by_the_rules(op, x, y, upstream, ga, gb)
        assert (_bits(a2.grad), _bits(b2.grad)) == tuple(map(_bits, want))


@given(x=floats)
def test_a_value_times_itself_gets_both_shares(x: float) -> None:
    a = Value(x)
    (a * a).backward()
    want = (0.0 + x * 1.0) + x * 1.0
    assert _bits(a.grad) == _bits(want)
    b = Value(x)
    (b + b).backward()
    assert b.grad == 2.0
