"""Every op's derivative rule against a central finite difference, on hypothesis-drawn inputs.

Inputs are drawn inside each op's domain and away from its kinks; the kinks
themselves are pinned separately in test_engine.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Value
from autograd.core.engine import apply
from autograd.core.ops import Op, pow_const


def finite(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def away_from_zero(lo: float, hi: float) -> st.SearchStrategy[float]:
    return finite(lo, hi).filter(lambda x: abs(x) > 1e-2)


# Where each built-in op is smooth and well-conditioned, per input.
SMOOTH: dict[str, tuple[st.SearchStrategy[float], ...]] = {
    "add": (finite(-50, 50), finite(-50, 50)),
    "sub": (finite(-50, 50), finite(-50, 50)),
    "mul": (finite(-50, 50), finite(-50, 50)),
    "div": (finite(-50, 50), away_from_zero(-50, 50).filter(lambda x: abs(x) > 0.1)),
    "neg": (finite(-50, 50),),
    "pow": (finite(0.1, 5), finite(-3, 3)),
    "exp": (finite(-20, 20),),
    "log": (finite(1e-2, 1e3),),
    "tanh": (finite(-5, 5),),
    "sigmoid": (finite(-10, 10),),
    "relu": (away_from_zero(-50, 50),),
    "sqrt": (finite(1e-2, 1e3),),
    "abs": (away_from_zero(-50, 50),),
    "sin": (finite(-10, 10),),
    "cos": (finite(-10, 10),),
}

BUILTINS = [op for op in OPS.values() if op.builtin]


def central_difference(f: Callable[..., float], xs: list[float], i: int) -> float:
    """(f(x + h·e_i) − f(x − h·e_i)) / 2h with h = 1e-6·max(1, |x_i|)."""
    h = 1e-6 * max(1.0, abs(xs[i]))
    up = list(xs)
    down = list(xs)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (up[i] - down[i])


def analytic(op: Op, xs: list[float]) -> list[float]:
    leaves = [Value(x) for x in xs]
    out = apply(op, *leaves)
    out.backward()
    return [leaf.grad for leaf in leaves]


def assert_close(got: float, want: float, what: str) -> None:
    assert math.isclose(got, want, rel_tol=1e-5, abs_tol=1e-6), (
        f"{what}: analytic {got!r} vs numeric {want!r}"
    )


def test_every_builtin_op_has_a_smooth_range_here() -> None:
    assert set(SMOOTH) == {op.name for op in BUILTINS}


@pytest.mark.parametrize("op", BUILTINS, ids=lambda op: op.name)
@given(data=st.data())
def test_rule_matches_central_difference(op: Op, data: st.DataObject) -> None:
    xs = [data.draw(s, label=f"x{i}") for i, s in enumerate(SMOOTH[op.name])]
    got = analytic(op, xs)
    for i in range(op.arity):
        assert_close(got[i], central_difference(op.forward, xs, i), f"{op.name} input {i} at {xs}")


@pytest.mark.parametrize("n", [2.0, 3.0, -1.0, 0.5, -2.5, 0.0])
@given(x=finite(0.1, 20))
def test_constant_exponent_pow_matches_central_difference(n: float, x: float) -> None:
    op = pow_const(n)
    (got,) = analytic(op, [x])
    assert_close(got, central_difference(op.forward, [x], 0), f"x**{n} at {x}")


@given(x=finite(-20, 20).filter(lambda x: abs(x) > 0.1), n=st.sampled_from([2.0, 3.0, 4.0, -1.0, -2.0]))
def test_whole_exponent_pow_works_on_negative_bases(x: float, n: float) -> None:
    v = Value(x)
    y = v**n
    y.backward()
    assert y.data == pytest.approx(x**n, rel=1e-12)
    assert v.grad == pytest.approx(n * x ** (n - 1), rel=1e-9)


@pytest.mark.parametrize("op", BUILTINS, ids=lambda op: op.name)
def test_every_rule_has_a_formula_per_input(op: Op) -> None:
    assert len(op.formulas) == op.arity == len(op.derivs)
    assert all(f.startswith("∂") and "=" in f for f in op.formulas)
    assert op.symbol


def test_rule_functions_pick_math_value_or_numpy_by_argument_type() -> None:
    import numpy as np

    from autograd.core import ops

    assert ops.cos(0.5) == ops.cos(np.float64(0.5)) == math.cos(0.5)  # any number: math
    assert type(ops.sin(np.float64(0.5))) is float and ops.log(1) == 0.0
    xs = np.array([0.5, 2.0, -1.0])
    assert np.array_equal(ops.sin(xs), np.sin(xs))  # arrays: numpy, registered by the replay's table
    v = Value(0.5)
    y = ops.sin(v)  # a Value: its own method, so the call is recorded
    assert y.op == "sin" and y.parents == (v,)


def test_the_same_rules_run_on_floats_values_and_arrays() -> None:
    import numpy as np

    from autograd.replay.rules import numpy_derivs

    xs = np.array([0.3, -1.2, 2.5])
    for op in (OPS["sin"], OPS["cos"], OPS["tanh"], OPS["exp"], OPS["sigmoid"]):
        out = np.array([op.forward(x) for x in xs])
        assert numpy_derivs(op) is op.derivs  # written once: the replay reuses the table's rules
        on_arrays = op.derivs[0](out, xs)
        on_floats = [op.derivs[0](o, x) for o, x in zip(out.tolist(), xs.tolist())]
        on_values = [op.derivs[0](Value(o), Value(x)) for o, x in zip(out.tolist(), xs.tolist())]
        assert on_floats == [v.data for v in on_values]
        assert np.allclose(
            on_arrays, on_floats, rtol=1e-15, atol=0
        )  # numpy's sin may round its last bit apart
