"""gradcheck, gradgradcheck and check_module: right answers pass, planted mistakes are caught."""

from __future__ import annotations

import math
import pickle
import runpy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import (
    OPS,
    GradcheckError,
    GradcheckReport,
    Value,
    check_module,
    define_op,
    gradcheck,
    gradgradcheck,
    no_grad,
)
from autograd.check.gradcheck import ATOL, RTOL, default_step
from autograd.core.engine import apply
from autograd.core.ops import Op, pow_const
from autograd.testing import op_inputs, smooth_floats

OPS_UNDER_TEST = [op for op in OPS.values() if op.builtin] + [pow_const(3.0), pow_const(-2.0), pow_const(0.5)]


def _id(op: Op) -> str:
    return op.name + (op.symbol if op.param is not None else "")


# define_op writes into the global table; conftest's custom_ops undoes it after each test.
pytestmark = pytest.mark.usefixtures("custom_ops")


def _applied(op: Op) -> Any:
    return lambda *xs: apply(op, *xs)


# --- every built-in op passes -----------------------------------------------------


@pytest.mark.parametrize("op", OPS_UNDER_TEST, ids=_id)
@settings(max_examples=40)
@given(data=st.data())
def test_every_builtin_op_passes_gradcheck(op: Op, data: st.DataObject) -> None:
    xs = data.draw(op_inputs(op))
    report = gradcheck(_applied(op), xs)
    assert report and all(r.status == "ok" for r in report.rows)


@pytest.mark.parametrize("op", OPS_UNDER_TEST, ids=_id)
@settings(max_examples=25)
@given(data=st.data())
def test_every_builtin_op_passes_gradgradcheck(op: Op, data: st.DataObject) -> None:
    xs = data.draw(op_inputs(op))
    report = gradgradcheck(_applied(op), xs)
    assert report and len(report.rows) == op.arity**2


# --- the report's numbers on a hand-checked example -------------------------------


def test_report_numbers_for_x_times_y_at_2_3() -> None:
    report = gradcheck(lambda x, y: x * y, [2.0, 3.0])
    assert isinstance(report, GradcheckReport) and report and report.passed
    (rx, ry) = report.rows
    assert (rx.index, rx.label, rx.analytic) == (0, "x", 3.0)
    assert (ry.index, ry.label, ry.analytic) == (1, "y", 2.0)
    # x·y is linear in each input, so the central difference is exact up to rounding.
    assert rx.numeric == pytest.approx(3.0, abs=1e-9) and ry.numeric == pytest.approx(2.0, abs=1e-9)
    for r in report.rows:
        assert r.abs_err == abs(r.analytic - r.numeric)
        assert r.rel_err == pytest.approx(r.abs_err / max(abs(r.analytic), abs(r.numeric)))
        assert r.ok and r.status == "ok" and r.note == ""
        assert r.allowed >= ATOL + RTOL * abs(r.analytic)
    assert rx.step == pytest.approx(default_step(2.0)) and ry.step == pytest.approx(default_step(3.0))
    text = str(report)
    assert "x = 2, y = 3" in text and "PASSED" in text and "✗" not in text


def test_numeric_is_the_central_difference() -> None:
    # f = x³ at 2: (f(2+h) − f(2−h))/2h = 3·2² + h², exactly, for the step actually used.
    report = gradcheck(lambda x: x * x * x, [2.0])
    (row,) = report.rows
    assert row.analytic == 12.0
    assert row.numeric == pytest.approx(12.0 + row.step**2, rel=1e-9)
    assert row.step == pytest.approx(default_step(2.0), rel=1e-12)


def test_a_given_eps_is_the_step() -> None:
    (row,) = gradcheck(lambda x: x * x * x, [2.0], eps=1e-3, atol=1e-5).rows
    assert row.step == pytest.approx(1e-3, rel=1e-9)
    assert row.numeric == pytest.approx(12.0 + 1e-6, rel=1e-9)


def test_second_derivatives_by_hand() -> None:
    report = gradgradcheck(lambda x, y: x * x * y, [2.0, 3.0])
    # f = x²y: f_xx = 2y = 6, f_xy = f_yx = 2x = 4, f_yy = 0.
    assert [r.label for r in report.rows] == ["∂²f/∂x²", "∂(∂f/∂x)/∂y", "∂(∂f/∂y)/∂x", "∂²f/∂y²"]
    assert [r.analytic for r in report.rows] == [6.0, 4.0, 4.0, 0.0]
    assert [r.numeric for r in report.rows] == pytest.approx([6.0, 4.0, 4.0, 0.0], abs=1e-8)


# --- planted mistakes are caught ---------------------------------------------------


@settings(max_examples=50)
@given(smooth_floats())
def test_a_rule_off_by_a_tenth_of_a_percent_fails(x: float) -> None:
    cube = define_op("cube_off", lambda a: a**3, lambda a: 1.001 * 3 * a**2, replace=True)  # each example
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda x: cube(x) + x, [x])
    (row,) = info.value.report.rows
    assert row.status == "MISMATCH" and not row.ok
    assert row.analytic / row.numeric == pytest.approx(1 + 0.003 * x * x / (3 * x * x + 1), rel=1e-6)
    marked = [line for line in str(info.value).splitlines() if line.startswith("0 ")]
    assert marked and marked[0].endswith("✗")


@settings(max_examples=50)
@given(smooth_floats())
def test_a_rule_off_by_a_hundred_millionth_passes(x: float) -> None:
    # The other side of the boundary: well inside rtol = 1e-6, so not a finding.
    cube = define_op("cube_close", lambda a: a**3, lambda a: (1 + 1e-8) * 3 * a**2, replace=True)
    assert gradcheck(lambda x: cube(x), [x])


def test_only_the_wrong_input_is_marked() -> None:
    bad = define_op("mul_off", lambda a, b: a * b, lambda a, b: b, lambda a, b: 1.001 * a)
    report = gradcheck(lambda x, y: bad(x, y), [2.0, 3.0], raise_exception=False)
    assert not report and [r.ok for r in report.rows] == [True, False]
    assert report.failures == (report.rows[1],)
    lines = str(report).splitlines()
    assert lines[2].startswith("0 ") and "✗" not in lines[2]
    assert lines[3].startswith("1 ") and lines[3].endswith("MISMATCH  ✗")
    assert "backward/numeric = 1.001" in str(report)


def test_forgotten_chain_rule_factor_shows_as_its_ratio() -> None:
    # d/dx sin(x²) written as cos(x²): off by the factor 2x, here 2·1.5 = 3.
    sin_sq = define_op("sin_sq", lambda a: math.sin(a * a), lambda a: math.cos(a * a))
    report = gradcheck(lambda x: sin_sq(x), [1.5], raise_exception=False)
    (row,) = report.rows
    assert row.status == "MISMATCH" and row.analytic / row.numeric == pytest.approx(1 / 3, rel=1e-6)


def test_a_part_detached_with_no_grad_is_caught() -> None:
    def f(x: Value) -> Value:
        with no_grad():
            g = x.sin()  # a constant to backward, though it depends on x
        return x * g

    report = gradcheck(f, [1.0], raise_exception=False)
    (row,) = report.rows
    assert not report and row.status == "MISMATCH"
    assert row.analytic == pytest.approx(math.sin(1.0))
    assert row.numeric == pytest.approx(math.sin(1.0) + math.cos(1.0), rel=1e-8)
    assert "no_grad()" in row.note and "constant" in row.note


def test_a_value_taken_through_data_is_caught() -> None:
    report = gradcheck(lambda x: Value(x.data) * x, [2.0], raise_exception=False)
    (row,) = report.rows
    assert row.analytic == 2.0 and row.numeric == pytest.approx(4.0, rel=1e-8)
    assert ".data" in row.note


def test_gradgradcheck_catches_a_rule_that_only_works_on_floats() -> None:
    # First derivative right, second wrong: math.cos cannot be recorded, so it is a constant.
    my_sin = define_op("my_sin", math.sin, math.cos)
    assert gradcheck(lambda x: my_sin(x), [0.7])
    with pytest.warns(UserWarning, match="my_sin"):
        report = gradgradcheck(lambda x: my_sin(x), [0.7], raise_exception=False)
    (row,) = report.rows
    assert row.status == "MISMATCH" and row.analytic == 0.0
    assert row.numeric == pytest.approx(-math.sin(0.7), rel=1e-6)


# --- kinks and non-finite values ----------------------------------------------------


@pytest.mark.parametrize(
    ("f", "left", "right"),
    [(lambda x: x.relu(), 0.0, 1.0), (lambda x: abs(x), -1.0, 1.0), (lambda x: -(2 * x).relu(), 0.0, -2.0)],
    ids=["relu", "abs", "scaled-relu"],
)
def test_a_kink_at_zero_is_reported_as_a_kink(f: Any, left: float, right: float) -> None:
    with pytest.raises(GradcheckError) as info:
        gradcheck(f, [0.0])
    (row,) = info.value.report.rows
    assert row.status == "KINK" and not row.ok
    assert (row.left, row.right) == pytest.approx((left, right), abs=1e-9)
    assert "KINK  ✗" in str(info.value) and "slope of f jumps" in str(info.value)


@pytest.mark.parametrize("fraction", [0.3, 0.9, -0.5])
def test_a_kink_within_the_first_step_but_not_at_x_is_left_behind(fraction: float) -> None:
    # relu's kink at 0 lies inside x ± h; relu has a derivative at x, and the halving steps find it.
    x = -fraction * default_step(0.0)
    (row,) = gradcheck(lambda x: x.relu(), [x]).rows
    assert row.status == "ok" and row.numeric == (1.0 if x > 0 else 0.0) and row.step < abs(x)


def test_a_kink_beyond_the_step_does_not_touch_the_central_difference() -> None:
    # relu's kink 1.5h to the right of x: x ± h both see slope 0, which is the derivative at x.
    (row,) = gradcheck(lambda x: x.relu(), [-1.5 * default_step(0.0)]).rows
    assert row.ok and row.analytic == 0.0 and row.numeric == 0.0


@settings(max_examples=50)
@given(smooth_floats(margin=1e-3))
def test_relu_and_abs_away_from_the_kink_pass(x: float) -> None:
    assert gradcheck(lambda x: x.relu() + abs(x), [x])


def test_a_kink_in_the_gradient_is_found_by_gradgradcheck() -> None:
    # x·|x| has slope 2|x|: smooth enough for gradcheck at 0, a kink one level up.
    assert gradcheck(lambda x: x * abs(x), [0.0])
    (row,) = gradgradcheck(lambda x: x * abs(x), [0.0], raise_exception=False).rows
    assert row.status == "KINK" and (row.left, row.right) == pytest.approx((-2.0, 2.0))


def test_an_infinite_derivative_is_non_finite() -> None:
    (row,) = gradcheck(lambda x: x.sqrt(), [0.0], raise_exception=False).rows
    assert row.status == "NON-FINITE" and row.analytic == math.inf
    assert "backward returned inf" in row.note and "undefined" in row.note


def test_a_nan_rule_is_non_finite() -> None:
    bad = define_op("nan_rule", lambda a: 2 * a, lambda a: math.nan)
    report = gradcheck(lambda x: bad(x), [1.0], raise_exception=False)
    (row,) = report.rows
    assert row.status == "NON-FINITE" and math.isnan(row.analytic) and row.numeric == pytest.approx(2.0)
    assert "NON-FINITE  ✗" in str(report)


@pytest.mark.parametrize("x", [1e-6, 1e-8, 1e-300])
def test_near_the_domain_edge_the_step_shrinks_until_f_is_defined(x: float) -> None:
    # log(x − h) is undefined for the first step; a smaller step stays inside the domain.
    (row,) = gradcheck(lambda x: x.log(), [x]).rows
    assert row.status == "ok" and row.numeric == pytest.approx(1 / x, rel=1e-7) and row.step < x


def test_on_the_domain_edge_every_step_fails_and_the_edge_is_named() -> None:
    root = define_op("root_edge", math.sqrt, lambda a: 0.5)  # a finite (wrong) rule at the edge
    (row,) = gradcheck(lambda x: root(x), [0.0], raise_exception=False).rows
    assert row.status == "NON-FINITE" and not row.ok and math.isnan(row.numeric)
    assert "root_edge(" in row.note and "is undefined" in row.note and "edge" in row.note


# --- the error and the report ---------------------------------------------------------


def test_the_error_is_an_assertion_error_holding_the_table() -> None:
    bad = define_op("twice_off", lambda a: 2 * a, lambda a: 2.01)
    with pytest.raises(AssertionError) as info:
        gradcheck(lambda x: bad(x), [1.0])
    assert isinstance(info.value, GradcheckError)
    assert str(info.value) == str(info.value.report)
    assert "FAILED: 1 of 1" in str(info.value) and "How to read this" in str(info.value)


def test_the_error_survives_pickling() -> None:
    report = gradcheck(lambda x: x.relu(), [0.0], raise_exception=False)
    again = pickle.loads(pickle.dumps(GradcheckError(report)))
    assert isinstance(again, GradcheckError) and again.report == report and str(again) == str(report)


def test_raise_exception_false_returns_a_falsy_report() -> None:
    report = gradcheck(lambda x: x.relu(), [0.0], raise_exception=False)
    assert not report and not report.passed and len(report.failures) == 1


def test_labels_come_from_values_and_parameter_names() -> None:
    assert [r.label for r in gradcheck(lambda w, b: w * b, [1.0, 2.0]).rows] == ["w", "b"]
    assert [r.label for r in gradcheck(lambda *xs: xs[0] * xs[1], [1.0, 2.0]).rows] == ["x0", "x1"]
    assert [r.label for r in gradcheck(lambda p, q: p * q, [Value(1.0, "a"), 2.0]).rows] == ["a", "q"]


# --- nothing the caller owns is disturbed ---------------------------------------------


def test_the_callers_grads_are_left_alone() -> None:
    w = Value(3.0, "w")
    w.grad = 5.0
    hidden = w * 2.0
    hidden.grad = 7.0
    assert gradcheck(lambda x: x * hidden + w, [1.5])
    assert gradgradcheck(lambda x: x * x * hidden + w, [1.5])
    assert (w.grad, hidden.grad, w.data) == (5.0, 7.0, 3.0)


def test_it_records_even_inside_no_grad() -> None:
    with no_grad():
        report = gradcheck(lambda x: x * x, [3.0])
    assert report.rows[0].analytic == 6.0


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "kwargs", "error", "match"),
    [
        ([], {}, ValueError, "inputs is empty"),
        (["2"], {}, TypeError, "input 0 .* must be a number"),
        ([math.nan], {}, ValueError, "finite differences need finite inputs"),
        ([True], {}, TypeError, "must be a number"),
        (2.0, {}, TypeError, "sequence of numbers"),
        ([1.0], {"eps": 0.0}, ValueError, "eps must be a finite step > 0"),
        ([1.0], {"atol": -1.0}, ValueError, "atol must be a finite number ≥ 0"),
        ([1e300], {"eps": 1e-3}, ValueError, "too small to move"),
    ],
)
def test_bad_arguments_are_named(inputs: Any, kwargs: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        gradcheck(lambda x: x * x, inputs, **kwargs)


def test_f_must_return_a_value() -> None:
    with pytest.raises(TypeError, match="f must return a Value"):
        gradcheck(lambda x: "no", [1.0])
    with pytest.raises(TypeError, match="f must be a function"):
        gradcheck(3, [1.0])  # type: ignore[arg-type]


def test_a_constant_f_has_zero_gradient() -> None:
    report = gradcheck(lambda x: 4.0, [1.0])
    assert report.rows[0].analytic == 0.0 and report.rows[0].numeric == 0.0


# --- check_module ------------------------------------------------------------------------


class TinyMLP:
    """2 → 3 → 1 with tanh, written with Values so this test needs no nn package."""

    def __init__(self, act: Any = None) -> None:
        w = [0.5, -0.3, 0.8, 0.1, -0.6, 0.4]
        self.w1 = [Value(v, f"w1[{i}]") for i, v in enumerate(w)]
        self.b1 = [Value(v, f"b1[{i}]") for i, v in enumerate([0.1, -0.2, 0.05])]
        self.w2 = [Value(v, f"w2[{i}]") for i, v in enumerate([0.7, -0.5, 0.2])]
        self.b2 = Value(0.3, "b2")
        self.act = act or (lambda v: v.tanh())

    def parameters(self) -> list[Value]:
        return [*self.w1, *self.b1, *self.w2, self.b2]

    def __call__(self, x: list[float]) -> Value:
        hidden = [self.act(self.w1[2 * j] * x[0] + self.w1[2 * j + 1] * x[1] + self.b1[j]) for j in range(3)]
        out = self.b2
        for w, h in zip(self.w2, hidden):
            out = out + w * h
        return out


DATA = [([1.0, -2.0], 0.5), ([0.3, 0.7], -1.0), ([-1.5, 0.2], 1.0)]


def _loss(model: TinyMLP) -> Any:
    def loss() -> Value:
        total = Value(0.0)
        for x, y in DATA:
            total = total + (model(x) - y) ** 2
        return total

    return loss


def test_check_module_passes_on_a_small_net() -> None:
    model = TinyMLP()
    report = check_module(model, _loss(model))
    assert report and len(report.rows) == 13
    assert [r.label for r in report.rows][:2] == ["w1[0]", "w1[1]"]


def test_check_module_catches_a_wrong_activation_derivative() -> None:
    bad_tanh = define_op("bad_tanh", math.tanh, lambda a: 1 - math.tanh(a))  # forgot the square
    model = TinyMLP(act=lambda v: bad_tanh(v))
    with pytest.raises(GradcheckError) as info:
        check_module(model, _loss(model))
    failing = {r.label for r in info.value.report.failures}
    assert failing and failing <= {p.label for p in model.parameters()} - {"b2"}
    assert all(r.status == "MISMATCH" for r in info.value.report.failures)


def test_check_module_catches_a_penalty_built_from_data() -> None:
    # A learner's weight decay written with p.data: a number to backward, so its gradient is lost.
    model = TinyMLP()
    base = _loss(model)

    def loss() -> Value:
        return base() + 0.1 * Value(sum(p.data**2 for p in model.parameters()))

    report = check_module(model, loss, raise_exception=False)
    assert not report and len(report.failures) == len(report.rows)
    for r in report.rows:
        assert r.status == "MISMATCH"
        assert r.numeric - r.analytic == pytest.approx(0.2 * r.at, rel=1e-5, abs=1e-7)  # d(0.1·p²)/dp
        assert ".data" in r.note and "the loss" in r.note


def test_check_module_samples_at_most_max_params_with_the_seed() -> None:
    model = TinyMLP()
    a = check_module(model, _loss(model), max_params=4, seed=1)
    b = check_module(model, _loss(model), max_params=4, seed=1)
    c = check_module(model, _loss(model), max_params=4, seed=2)
    assert len(a.rows) == 4 and [r.label for r in a.rows] == [r.label for r in b.rows]
    assert {r.label for r in a.rows} != {r.label for r in c.rows}


def test_check_module_restores_data_and_grads_even_on_error() -> None:
    model = TinyMLP()
    for k, p in enumerate(model.parameters()):
        p.grad = float(k)
    before = [(p.data, p.grad) for p in model.parameters()]
    calls = 0
    inner = _loss(model)

    def flaky() -> Value:
        nonlocal calls
        calls += 1
        if calls == 9:
            raise RuntimeError("data loader broke")
        return inner()

    with pytest.raises(RuntimeError, match="data loader broke"):
        check_module(model, flaky)
    assert [(p.data, p.grad) for p in model.parameters()] == before
    assert check_module(model, inner)
    assert [(p.data, p.grad) for p in model.parameters()] == before


def test_check_module_bad_arguments() -> None:
    model = TinyMLP()
    with pytest.raises(TypeError, match="parameters"):
        check_module(object(), _loss(model))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_params"):
        check_module(model, _loss(model), max_params=0)
    with pytest.raises(TypeError, match="loss_fn must return a Value"):
        check_module(model, lambda: None)


# --- the demo ----------------------------------------------------------------------------


def test_the_demo_catches_the_mistake_then_passes(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parent.parent / "demos" / "check_your_derivative.py"
    runpy.run_path(str(path), run_name="demo")["main"]()
    out = capsys.readouterr().out
    wrong, fixed = out.index("MISMATCH  ✗"), out.index("✓ PASSED: the derivative agrees")
    assert wrong < fixed
    assert "backward/numeric = 0.333333 = 1/3" in out  # the missing factor 2x at x = 1.5
    assert out.count("passed") == 4 and "FAILED" in out and out.count("✓ PASSED") == 2
    assert "gradgradcheck" in out


def test_check_module_on_an_nn_mlp_samples_max_params() -> None:
    nn = pytest.importorskip("nn")
    mlp_class = getattr(nn, "MLP", None)
    if mlp_class is None:
        pytest.skip("nn.MLP has not landed yet; TinyMLP above covers check_module meanwhile")
    model = mlp_class(2, [16, 16, 1])  # micrograd's signature: 337 parameters, relu hidden layers
    xs = [[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 0.2]]
    ys = [1.0, -1.0, 1.0, -1.0]

    def loss() -> Value:
        total = Value(0.0)
        for x, y in zip(xs, ys):
            total = total + (model(x) - y) ** 2
        return total

    report = check_module(model, loss)
    assert report and len(report.rows) == 50 and len(model.parameters()) == 337
    if hasattr(model, "named_parameters"):  # unique names beat the neurons' shared labels (w0, b)
        names = {name for name, _ in model.named_parameters()}
        assert {r.label for r in report.rows} <= names and len({r.label for r in report.rows}) == 50


def test_check_module_on_the_moons_mlp_with_nn_losses() -> None:
    nn = pytest.importorskip("nn")
    if not all(hasattr(nn, name) for name in ("MLP", "make_moons", "mse_loss", "hinge_loss")):
        pytest.skip("nn's MLP, make_moons and losses have not landed yet")
    xs, ys = nn.make_moons(20, seed=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    inputs, targets = [list(map(float, x)) for x in xs], [float(t) for t in ys]
    for loss in (nn.mse_loss, nn.hinge_loss):
        report = check_module(model, lambda loss=loss: loss([model(x) for x in inputs], targets), seed=3)
        assert report and len(report.rows) == 50
