"""create_graph, grad / value_and_grad nesting, and custom ops from define_op."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Value, define_op, grad, value_and_grad
from autograd.testing import restored_ops


def test_create_graph_makes_grads_values() -> None:
    x = Value(2.0, "x")
    y = x**3
    y.backward(create_graph=True)
    g = x.grad
    assert isinstance(g, Value) and g.data == 12.0  # 3x²
    x.grad = 0.0
    g.backward()
    assert x.grad == 12.0  # 6x


def test_double_backward_through_tanh() -> None:
    x = Value(0.3)
    x.tanh().backward(create_graph=True)
    g = x.grad
    assert isinstance(g, Value)
    x.grad = 0.0
    g.backward()
    t = math.tanh(0.3)
    assert x.grad == pytest.approx(-2 * t * (1 - t * t), rel=1e-12)


def test_second_and_third_derivatives() -> None:
    def f(x: Value) -> Value:
        return x**3

    assert grad(f)(2.0) == 12.0
    assert grad(grad(f))(2.0) == 12.0
    assert grad(grad(grad(f)))(2.0) == 6.0


@given(x=st.floats(-3, 3, allow_nan=False))
def test_second_derivative_of_sin_exp(x: float) -> None:
    # f = sin(x)·e^x, f'' = 2cos(x)·e^x
    f2 = grad(grad(lambda v: v.sin() * v.exp()))(x)
    assert f2 == pytest.approx(2 * math.cos(x) * math.exp(x), rel=1e-9, abs=1e-12)


def test_value_and_grad_with_several_argnums() -> None:
    value, (ga, gb) = value_and_grad(lambda a, b: a * b + a, argnums=(0, 1))(2.0, -3.0)
    assert (value, ga, gb) == (-4.0, -2.0, 2.0)
    assert grad(lambda a, b: a / b, argnums=1)(1.0, 2.0) == -0.25


def test_mixed_partials_nest() -> None:
    # ∂²(x²y³)/∂x∂y = 6xy²
    fxy = grad(grad(lambda x, y: x**2 * y**3, argnums=0), argnums=1)
    assert fxy(2.0, 3.0) == pytest.approx(6 * 2 * 9)


def test_grad_leaves_callers_grads_alone() -> None:
    x = Value(2.0)
    x.grad = 5.0
    inner = grad(lambda v: v * v)
    g = inner(x)  # Values in: a recorded gradient out
    assert isinstance(g, Value) and g.data == 4.0
    assert x.grad == 5.0


def test_grad_of_constant_and_of_unused_input() -> None:
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(lambda x, y: x * 2, argnums=1)(1.0, 5.0) == 0.0
    assert grad(lambda x: x)(4.0) == 1.0


def test_grad_bad_inputs() -> None:
    with pytest.raises(IndexError, match="argnums"):
        grad(lambda x: x, argnums=2)(1.0)
    with pytest.raises(TypeError, match="must return a Value"):
        grad(lambda x: "no")(1.0)


def test_custom_op_backpropagates_like_a_builtin(custom_ops: None) -> None:
    cube = define_op("cube", lambda x: x**3, lambda x: 3 * x**2)
    x = Value(2.0, "x")
    y = cube(x) + 1
    y.backward()
    assert (y.data, x.grad) == (9.0, 12.0)
    assert cube(x).op == "cube" and OPS["cube"].formulas
    assert cube(3).data == 27.0  # numbers are lifted
    assert grad(grad(cube))(2.0) == 12.0  # its rule runs on Values: second derivative works


def test_custom_two_input_op_and_formulas(custom_ops: None) -> None:
    hyp = define_op(
        "hypot2",
        lambda a, b: math.hypot(a, b),
        lambda a, b: a / math.hypot(a, b),
        lambda a, b: b / math.hypot(a, b),
        symbol="hyp",
        formulas=("∂hyp/∂a = a/hyp", "∂hyp/∂b = b/hyp"),
    )
    a, b = Value(3.0), Value(4.0)
    out = hyp(a, b)
    out.backward()
    assert (out.data, a.grad, b.grad) == (5.0, 0.6, 0.8)
    assert OPS["hypot2"].symbol == "hyp"


def test_custom_op_with_float_only_rule_warns_once_under_create_graph(custom_ops: None) -> None:
    wave = define_op("wave", math.sin, math.cos)
    x = Value(0.5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wave(x).backward(create_graph=True)
        wave(x).backward(create_graph=True)
    assert len([w for w in caught if "wave" in str(w.message)]) == 1
    assert float(x.grad.data if isinstance(x.grad, Value) else x.grad) == pytest.approx(2 * math.cos(0.5))


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("bad name", lambda x: x, lambda x: 1.0), ValueError, "identifier"),
        (("exp", lambda x: x, lambda x: 1.0), ValueError, "built-in op and cannot be replaced"),
        (("f1", 3, lambda x: 1.0), TypeError, "forward must be callable"),
        (("f2", lambda x: x), TypeError, "one derivative function per input"),
        (("f3", lambda x: x, "d"), TypeError, "derivative 0 must be callable"),
    ],
)
def test_define_op_rejects_bad_definitions(args, error, match, custom_ops) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        define_op(*args)


def test_custom_op_checks_its_use(custom_ops: None) -> None:
    sq = define_op("sq_checked", lambda x: x * x, lambda x: 2 * x)
    with pytest.raises(TypeError, match="takes 1 input"):
        sq(1.0, 2.0)
    bad = define_op("returns_str", lambda x: "x", lambda x: 1.0)
    with pytest.raises(TypeError, match="must return a float"):
        bad(1.0)


def test_define_op_refuses_a_taken_name_unless_replace(custom_ops: None) -> None:
    first = define_op("core_twice", lambda x: 2 * x, lambda x: 2.0)
    with pytest.raises(ValueError, match="'core_twice' is already defined; pass replace=True"):
        define_op("core_twice", lambda x: 3 * x, lambda x: 3.0)
    assert first(Value(1.0)).data == 2.0  # the refused definition changed nothing
    thrice = define_op("core_twice", lambda x: 3 * x, lambda x: 3.0, replace=True)
    x = Value(1.0)
    y = thrice(x)
    y.backward()
    assert (y.data, x.grad, first(Value(1.0)).data) == (3.0, 3.0, 2.0)  # old nodes keep their op


@pytest.mark.parametrize("name", ["exp", "add", "relu", "pow"])
def test_builtins_cannot_be_replaced_even_with_replace(name: str) -> None:
    with pytest.raises(ValueError, match=f"'{name}' is a built-in op and cannot be replaced"):
        define_op(name, lambda x: x, lambda x: 1.0, replace=True)
    assert OPS[name].builtin


def test_restored_ops_removes_added_and_restores_replaced_ops() -> None:
    define_op("core_kept", lambda x: x, lambda x: 1.0)
    kept = OPS["core_kept"]
    try:
        with restored_ops():
            define_op("core_gone", lambda x: x, lambda x: 1.0)
            define_op("core_kept", lambda x: 2 * x, lambda x: 2.0, replace=True)
            assert "core_gone" in OPS and OPS["core_kept"] is not kept
        assert "core_gone" not in OPS and OPS["core_kept"] is kept
    finally:
        del OPS["core_kept"]
