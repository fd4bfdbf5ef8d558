"""autograd.testing: the strategies draw what they promise, and gradcheck runs on what they draw."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, Value, define_op, gradcheck, gradgradcheck, parse_expression
from autograd.core.engine import apply
from autograd.core.ops import Op, pow_const
from autograd.testing import BOUND, MARGIN, Expression, expressions, op_inputs, smooth_floats

BUILTINS = [op for op in OPS.values() if op.builtin]


@given(smooth_floats())
def test_smooth_floats_stay_in_range_and_clear_of_zero(x: float) -> None:
    assert MARGIN <= abs(x) <= BOUND


@given(smooth_floats(-3.0, 3.0, avoid=(-1.0, 1.0), margin=0.2))
def test_smooth_floats_avoid_the_given_points(x: float) -> None:
    assert -3.0 <= x <= 3.0 and abs(x - 1.0) >= 0.2 and abs(x + 1.0) >= 0.2


def test_smooth_floats_rejects_an_empty_range() -> None:
    with pytest.raises(ValueError, match="min_value < max_value"):
        smooth_floats(1.0, -1.0)


@pytest.mark.parametrize(
    "op", [*BUILTINS, pow_const(-1.0)], ids=lambda op: op.name + (op.symbol if op.param else "")
)
@settings(max_examples=30)
@given(data=st.data())
def test_op_inputs_are_in_the_domain(op: Op, data: st.DataObject) -> None:
    xs = data.draw(op_inputs(op))
    assert len(xs) == op.arity
    assert math.isfinite(op.forward(*xs))


@settings(max_examples=60)
@given(expressions())
def test_gradcheck_passes_on_random_expression_graphs(e: Expression) -> None:
    assert gradcheck(e, e.inputs)


@settings(max_examples=25)
@given(expressions(n_inputs=2, max_nodes=4))
def test_gradgradcheck_passes_on_random_expression_graphs(e: Expression) -> None:
    assert gradgradcheck(e, e.inputs)


@settings(max_examples=40)
@given(expressions(n_inputs=3, max_nodes=8))
def test_every_value_in_an_expression_is_clear_of_zero_and_bounded(e: Expression) -> None:
    out = e(*(Value(x) for x in e.inputs))
    from autograd import topological_order

    for node in topological_order(out):
        if node.op:
            assert MARGIN <= abs(node.data) <= BOUND


def test_an_expression_prints_as_its_formula() -> None:
    e = Expression((2.0, -3.0), ((OPS["mul"], (0, 1)), (OPS["tanh"], (2,)), (pow_const(2.0), (3,))))
    assert e.text == "tanh(x0 · x1)^2"
    assert e.code == "tanh(x0*x1)**2"
    assert repr(e) == "Expression(tanh(x0 · x1)^2 at x0=2.0, x1=-3.0)"
    assert e(Value(2.0), Value(-3.0)).data == pytest.approx(math.tanh(-6.0) ** 2)


@settings(max_examples=60)
@given(expressions(n_inputs=3, max_nodes=10))
def test_an_expressions_code_parses_back_to_the_same_graph(e: Expression) -> None:
    # The table's notation, written out and read back by the CLI's parser, applies the same ops
    # to the same values in the same order, so it gives the same number bit for bit.
    parsed = parse_expression(e.code)
    inputs = {f"x{i}": x for i, x in enumerate(e.inputs) if f"x{i}" in parsed.variables}
    root, _ = parsed.build(inputs)
    assert root.data.hex() == e(*(Value(x) for x in e.inputs)).data.hex()


def test_an_expression_refuses_forward_references() -> None:
    with pytest.raises(ValueError, match="earlier value"):
        Expression((1.0,), ((OPS["add"], (0, 1)),))


def test_expressions_can_use_a_custom_op_list() -> None:
    ops = [OPS["sin"], OPS["mul"]]

    @settings(max_examples=20)
    @given(expressions(ops=ops))
    def run(e: Expression) -> None:
        assert {op.name for op, _ in e.nodes} <= {"sin", "mul"}
        assert gradcheck(e, e.inputs)

    run()


def test_importing_autograd_does_not_import_hypothesis() -> None:
    code = "import autograd, sys; print('hypothesis' in sys.modules, 'autograd.testing' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_without_hypothesis_the_import_error_says_what_to_install() -> None:
    code = "import sys; sys.modules['hypothesis'] = None\nimport autograd.testing"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert (
        "ImportError: autograd.testing needs hypothesis" in out.stderr
        and "pip install hypothesis" in out.stderr
    )


def test_a_custom_ops_domain_is_learned_from_its_forward(custom_ops: None) -> None:
    define_op("inv_sqrt", lambda a: a**-0.5, lambda a: -0.5 * a**-1.5)
    op = OPS["inv_sqrt"]

    @settings(max_examples=30)
    @given(op_inputs(op))
    def run(xs: tuple[float, ...]) -> None:
        assert xs[0] > 0  # a negative draw is made positive, where the op is defined
        assert gradcheck(lambda x: apply(op, x), xs)

    run()
