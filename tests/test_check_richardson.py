"""gradcheck measures its own truncation error (Richardson) and says when it cannot resolve a slope.

Issue 10 item 8: a wrong rule passed with a large ``eps``.  Item 9: correct rules
were reported KINK (sin at 1e4 to 1e8) or MISMATCH (tanh(1e6·a) at 0).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import OPS, GradcheckError, Value, define_op, gradcheck, gradgradcheck
from autograd.core.engine import apply
from autograd.core.ops import Op, pow_const

BUILTINS = [op for op in OPS.values() if op.builtin] + [pow_const(3.0), pow_const(-2.0), pow_const(0.5)]


# define_op writes into the global table; conftest's custom_ops undoes it after each test.
pytestmark = pytest.mark.usefixtures("custom_ops")


# --- item 8: the truncation error is measured, so a large eps cannot hide a wrong rule ---------


def test_the_issues_cube_rule_2x2_fails_with_eps_1() -> None:
    cube = define_op("cube_2x2", lambda a: a**3, lambda a: 2 * a**2)  # 8 at x = 2; the truth is 12
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda x: cube(x), [2.0], eps=1.0)
    (row,) = info.value.report.rows
    assert row.status == "MISMATCH" and row.analytic == 8.0
    # D(1) = 13 and D(1/2) = 12.25, so (4·D(1/2) − D(1))/3 = 12: the h² term is gone.
    assert row.numeric == pytest.approx(12.0, abs=1e-9)


def test_numeric_is_extrapolated_when_the_first_step_is_coarse() -> None:
    (row,) = gradcheck(lambda x: x.sin(), [1.0], eps=1.0).rows
    assert row.status == "ok" and row.numeric == pytest.approx(math.cos(1.0), rel=1e-9)
    assert row.step < 1.0  # the step was halved


# (forward, derivative, points): each is defined on its points ± 1 or shrinks the step to stay defined.
SMOOTH: dict[str, tuple[Callable[[float], float], Callable[[float], float], tuple[float, ...]]] = {
    "cube": (lambda a: a**3, lambda a: 3 * a**2, (-1.7, 0.4, 2.0)),
    "sin": (math.sin, math.cos, (-2.0, 0.3, 1.5)),
    "exp": (math.exp, math.exp, (-3.0, 0.5, 2.5)),
    "tanh": (math.tanh, lambda a: 1 - math.tanh(a) ** 2, (-1.2, 0.2, 0.9)),
    "log": (math.log, lambda a: 1 / a, (0.3, 1.0, 4.0)),
    "recip": (lambda a: 1 / a, lambda a: -1 / a**2, (-2.0, 0.5, 3.0)),
    "sigmoid": (
        lambda a: 1 / (1 + math.exp(-a)),
        lambda a: math.exp(-a) / (1 + math.exp(-a)) ** 2,
        (-2.0, 1.0),
    ),
}
EPS_SWEEP = [None, 1e-5, 1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3, 0.6, 1.0]


@pytest.mark.parametrize("name", list(SMOOTH))
@pytest.mark.parametrize("factor", [1.1, 0.9])
def test_a_rule_off_by_ten_percent_fails_at_every_eps_up_to_1(name: str, factor: float) -> None:
    forward, deriv, points = SMOOTH[name]
    wrong = define_op(f"{name}_off", forward, lambda a: factor * deriv(a))
    for x in points:
        for eps in EPS_SWEEP:
            report = gradcheck(lambda v: wrong(v), [x], eps=eps, raise_exception=False)
            (row,) = report.rows
            assert row.status == "MISMATCH" and not report, (x, eps, str(report))
            assert row.analytic / row.numeric == pytest.approx(factor, rel=1e-4), (x, eps)


@pytest.mark.parametrize("name", list(SMOOTH))
def test_the_same_rules_written_correctly_pass_at_every_eps_up_to_1(name: str) -> None:
    forward, deriv, points = SMOOTH[name]
    right = define_op(f"{name}_right", forward, deriv)
    for x in points:
        for eps in EPS_SWEEP:
            report = gradcheck(lambda v: right(v), [x], eps=eps, raise_exception=False)
            assert [r.status for r in report.rows] == ["ok"], (x, eps, str(report))


# --- item 9: no false KINK or MISMATCH where the step is too large or f too steep ----------------


@pytest.mark.parametrize("x", [1e4, 1e5, 1e6, 1e7, 1e8, -3e7])
def test_sin_far_from_0_passes(x: float) -> None:
    # The first step ε^(1/3)·|x| is 600 at x = 1e8, a hundred periods of sin: it is halved.
    (row,) = gradcheck(lambda a: a.sin(), [x]).rows
    assert row.status == "ok" and row.numeric == pytest.approx(math.cos(x), rel=1e-7, abs=1e-12)


@pytest.mark.parametrize(("k", "x"), [(1e6, 0.0), (1e6, 3e-7), (1e12, 0.0)])
def test_a_steep_tanh_passes(k: float, x: float) -> None:
    # tanh(k·a) turns over within 1/k of 0; the first step 6e-6 straddles it and is halved.
    (row,) = gradcheck(lambda a: (k * a).tanh(), [x]).rows
    assert row.status == "ok" and row.numeric == pytest.approx(k * (1 - math.tanh(k * x) ** 2), rel=1e-7)


def test_sin_at_1e8_is_not_fooled_by_steps_near_multiples_of_2pi() -> None:
    # From h = 605.5, h/2^k sits near a multiple of 2π for five k in a row, so D(h/2^k) settles
    # smoothly on −0.00139 (the truth is cos(1e8) = −0.363); a step off the grid exposes it.
    (row,) = gradcheck(lambda a: a.sin(), [1e8]).rows
    assert row.numeric == pytest.approx(-0.3633850894, rel=1e-8) and row.step < 1.0


def _differentiable(op: Op, xs: list[float]) -> bool:
    """``op`` and every derivative rule give finite numbers at xs (a^b with a < 0 has no ∂/∂b)."""
    try:
        out = op.forward(*xs)
        return all(math.isfinite(v) for v in [out, *(float(d(out, *xs)) for d in op.derivs)])
    except (ValueError, ZeroDivisionError, OverflowError):
        return False


@st.composite
def _in_domain(draw: st.DrawFn, op: Op) -> list[float]:
    """Inputs of magnitude 1e-8 to 1e8 (log-uniform, either sign) where ``op`` is differentiable."""
    xs = [draw(st.sampled_from([-1.0, 1.0])) * 10 ** draw(st.floats(-8, 8)) for _ in range(op.arity)]
    for candidate in (xs, [abs(x) for x in xs]):
        if _differentiable(op, candidate):
            return candidate
    assume(False)
    raise AssertionError("unreachable")  # pragma: no cover


@pytest.mark.parametrize("op", BUILTINS, ids=lambda op: op.name + (op.symbol if op.param is not None else ""))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_builtins_from_1e_minus_8_to_1e8_are_never_blamed(op: Op, data: st.DataObject) -> None:
    xs = data.draw(_in_domain(op))
    report = gradcheck(lambda *a: apply(op, *a), xs, raise_exception=False)
    assert report, str(report)  # ok, or UNRESOLVED (too flat for rounding); never MISMATCH, KINK, NON-FINITE
    if op.arity == 1:
        assert report.rows[0].status == "ok", str(report)


@pytest.mark.parametrize("op", BUILTINS, ids=lambda op: op.name + (op.symbol if op.param is not None else ""))
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_builtins_second_derivatives_from_1e_minus_8_to_1e8_are_never_blamed(
    op: Op, data: st.DataObject
) -> None:
    xs = data.draw(_in_domain(op))
    report = gradgradcheck(lambda *a: apply(op, *a), xs, raise_exception=False)
    assert report, str(report)


# --- UNRESOLVED: no verdict, clearly said ---------------------------------------------------------


def test_a_slope_too_flat_for_rounding_is_unresolved_not_failed() -> None:
    # f ≈ 1e10 changes by 2e-4·h when a moves by h: far below f's last digit (2e-6).
    report = gradcheck(lambda a: a * a + 1e10, [1e-4])
    (row,) = report.rows
    assert row.status == "UNRESOLVED" and row.ok and not row.verified
    assert report and report.passed and report.failures == () and report.verified == ()
    assert report.unresolved == (row,)
    assert "cannot resolve this slope" in row.note and "rounding" in row.note
    assert "? NOTHING VERIFIED" in str(report) and "UNRESOLVED  ?" in str(report)


def test_an_unresolved_row_next_to_a_verified_one() -> None:
    # ∂f/∂b = 1 is resolved once a larger first step is tried; ∂f/∂a = 2e-4 is not.
    report = gradcheck(lambda a, b: a * a + 1e10 + b, [1e-4, 2.0])
    assert [r.status for r in report.rows] == ["UNRESOLVED", "ok"]
    assert report and report.verified == (report.rows[1],)
    text = str(report)
    assert "✓ PASSED: 1 of 2 derivatives agree" in text and "1 could not be resolved" in text
    assert "  ? a: UNRESOLVED: the finite difference cannot resolve" in text


def test_a_wildly_wrong_rule_where_f_is_flat_is_still_a_mismatch() -> None:
    # The rounding bound (±0.6) is honest, and 1e5 lies far outside it.
    flat = define_op("flat_wrong", lambda a: a * a + 1e10, lambda a: 1e5)
    (row,) = gradcheck(lambda a: flat(a), [1e-4], raise_exception=False).rows
    assert row.status == "MISMATCH" and abs(row.numeric) < 1.0


def test_a_slope_too_steep_for_float64_steps_is_unresolved() -> None:
    # tanh(1e20·(a − 1)) goes from −1 to 1 within one ulp of 1: no step can follow it.
    (row,) = gradcheck(lambda a: (1e20 * (a - 1.0)).tanh(), [1.0], raise_exception=False).rows
    assert row.status == "UNRESOLVED" and row.ok
    assert "cannot resolve this slope" in row.note and "changes too fast" in row.note


def test_a_zero_slope_checked_to_rounding_is_verified() -> None:
    # cos at 0: backward says 0, and the difference is 0 to within 1e-9 (under 100·atol).
    (row,) = gradcheck(lambda a: a.cos(), [0.0]).rows
    assert row.status == "ok" and row.numeric == 0.0


def test_a_real_kink_still_fails() -> None:
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda a: a.relu() + Value(0.0) * a, [0.0])
    assert info.value.report.rows[0].status == "KINK"
