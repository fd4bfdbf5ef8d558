"""define_op refuses what cannot work: wrong arities at definition, non-real slopes at backward."""

from __future__ import annotations

import math

import pytest

from autograd import Value, define_op

pytestmark = pytest.mark.usefixtures("custom_ops")


@pytest.mark.parametrize(
    ("forward", "derivatives", "match"),
    [
        pytest.param(
            lambda x, y: x * y,
            (lambda x: 1.0,),
            r"forward takes 2 inputs.*got 1 derivative \(derivative 0 takes 1 input\)",
            id="issue-repro",
        ),
        pytest.param(
            lambda x: x,
            (lambda x, y: 1.0, lambda x, y: 2.0),
            r"forward takes 1 input.*got 2 derivatives",
            id="too-many-rules",
        ),
        pytest.param(
            lambda x, y: x + y,
            (lambda x, y: 1.0, lambda x: 1.0),
            r"derivative 1 takes 1 input\)",
            id="one-rule-short",
        ),
        pytest.param(
            lambda x, *, k: x,
            (lambda x: 1.0,),
            r"forward takes a required keyword-only argument",
            id="keyword-only",
        ),
    ],
)
def test_define_op_checks_arities_at_definition(forward, derivatives, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=r"define_op\('core_arity'\): .*" + match):
        define_op("core_arity", forward, *derivatives)
    assert "core_arity" not in __import__("autograd").OPS


def test_define_op_accepts_defaults_varargs_and_builtins_without_signatures() -> None:
    # Arity is checked only where Python can tell; a default or *args that fits is fine.
    hyp = define_op(
        "core_hyp", math.hypot, lambda x, y: x / math.hypot(x, y), lambda x, y: y / math.hypot(x, y)
    )
    total = define_op("core_total", lambda *xs: sum(xs), lambda x, y=0.0: 1.0, lambda *xs: 1.0)
    a, b = Value(3.0), Value(4.0)
    (hyp(a, b) + total(a, b)).backward()
    assert (a.grad, b.grad) == (0.6 + 1.0, 0.8 + 1.0)


def test_define_op_counts_formulas() -> None:
    with pytest.raises(ValueError, match="2 formulas for 1 inputs"):
        define_op("core_f1", lambda x: x, lambda x: 1.0, formulas=["a", "b"])
    with pytest.raises(ValueError, match="one string for 1 inputs"):
        define_op("core_f2", lambda x: x, lambda x: 1.0, formulas="∂f/∂x = 1")


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        pytest.param(lambda x: complex(1.0, 2.0), "complex", id="complex"),
        pytest.param(lambda x: Value(2.0), "Value", id="value"),
        pytest.param(lambda x: "1", "str", id="str"),
        pytest.param(lambda x: True, "bool", id="bool"),
        pytest.param(lambda x: None, "NoneType", id="none"),
    ],
)
def test_a_rule_returning_a_non_real_is_a_type_error_and_stores_no_grad(rule, kind) -> None:  # type: ignore[no-untyped-def]
    f = define_op("core_bad_slope", lambda x: 2.0 * x, rule)
    x = Value(1.5, "x")
    y = f(x)
    with pytest.raises(
        TypeError,
        match=rf"derivative 0 of op 'core_bad_slope' \(the slope for input 0\) returned .*a {kind}, at inputs \(1.5\)",
    ):
        y.backward()
    assert x.grad == 0.0


def test_a_rule_returning_an_int_or_numpy_float_is_read_as_a_float() -> None:
    import numpy as np

    f = define_op("core_int_slope", lambda x: 2.0 * x, lambda x: 2)
    g = define_op("core_np_slope", lambda x: 3.0 * x, lambda x: np.float64(3.0))
    x = Value(1.0)
    (f(x) + g(x)).backward()
    assert x.grad == 5.0 and type(x.grad) is float
