"""Losses against their closed forms, their gradients against central differences."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from nn import bce_with_logits, cross_entropy, hinge_loss, mse_loss


def central_differences(
    f: Callable[[list[Value]], Value], xs: Sequence[float], h: float = 1e-6
) -> list[float]:
    """(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for each i."""
    out = []
    for i in range(len(xs)):
        up = [Value(x + (h if j == i else 0.0)) for j, x in enumerate(xs)]
        down = [Value(x - (h if j == i else 0.0)) for j, x in enumerate(xs)]
        out.append((f(up).data - f(down).data) / (2 * h))
    return out


def grads(f: Callable[[list[Value]], Value], xs: Sequence[float]) -> tuple[float, list[float]]:
    vs = [Value(x) for x in xs]
    out = f(vs)
    out.backward()
    return out.data, [v.grad for v in vs]


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


# --- mse ---------------------------------------------------------------------


def test_mse_closed_form_and_gradient() -> None:
    preds, ys = [2.0, 0.0, -1.0], [1.0, 0.0, 1.0]
    value, g = grads(lambda v: mse_loss(v, ys), preds)
    assert value == pytest.approx((1 + 0 + 4) / 3)
    assert g == pytest.approx([2 * (p - y) / 3 for p, y in zip(preds, ys)])


def test_mse_takes_numpy_targets_a_single_value_and_multi_output_samples() -> None:
    assert mse_loss([Value(3.0)], np.array([1.0])).data == 4.0
    assert mse_loss(Value(3.0), 1.0).data == 4.0
    two = mse_loss([[Value(1.0), Value(2.0)], [Value(0.0), Value(0.0)]], [[0.0, 0.0], [1.0, 1.0]])
    assert two.data == pytest.approx((1 + 4 + 1 + 1) / 4)


# --- hinge -------------------------------------------------------------------


def test_hinge_closed_form_and_gradient() -> None:
    scores, ys = [0.5, -2.0, 3.0, -0.25], [1, -1, -1, 1]
    value, g = grads(lambda v: hinge_loss(v, ys), scores)
    margins = [max(0.0, 1 - y * s) for s, y in zip(scores, ys)]
    assert value == pytest.approx(sum(margins) / 4)  # 0.5 + 0 + 4 + 1.25
    assert value == pytest.approx(5.75 / 4)
    assert g == pytest.approx([(-y if 1 - y * s > 0 else 0.0) / 4 for s, y in zip(scores, ys)])


def test_hinge_reads_class_labels_one_zero_as_plus_minus_one() -> None:
    scores = [Value(0.5), Value(-2.0), Value(0.3)]
    assert hinge_loss(scores, [1, 0, 0]).data == hinge_loss(scores, [1, -1, -1]).data


def test_hinge_matches_micrograds_expression_exactly() -> None:
    scores, ys = [0.37, -1.21, 0.05], [1, -1, -1]
    vs = [Value(s) for s in scores]
    theirs = sum((1 + -y * s).relu() for y, s in zip(ys, vs)) * (1.0 / len(vs))
    assert hinge_loss(vs, ys).data == theirs.data


# --- bce -------------------------------------------------------------------


@settings(max_examples=60)
@given(st.floats(-30, 30), st.floats(0, 1))
def test_bce_closed_form_gradient_and_finite_differences(z: float, y: float) -> None:
    value, (g,) = grads(lambda v: bce_with_logits(v, [y]), [z])
    s = _sigmoid(z)
    closed = -(y * math.log(s) + (1 - y) * math.log1p(-s)) if 0 < s < 1 else None
    if closed is not None and abs(z) < 20:
        assert value == pytest.approx(closed, rel=1e-9, abs=1e-12)
    assert g == pytest.approx(s - y, abs=1e-12)
    (numeric,) = central_differences(lambda v: bce_with_logits(v, [y]), [z])
    assert g == pytest.approx(numeric, abs=1e-6)


@pytest.mark.parametrize(
    ("z", "y", "loss", "grad"),
    [
        (1000.0, 0.0, 1000.0, 1.0),
        (-1000.0, 1.0, 1000.0, -1.0),
        (1000.0, 1.0, 0.0, 0.0),
        (-1000.0, 0.0, 0.0, 0.0),
        (0.0, 1.0, math.log(2), -0.5),  # the kink of max(z, 0) and |z|: the gradient is still σ(0) − y
        (0.0, 0.0, math.log(2), 0.5),
    ],
)
def test_bce_is_stable_at_large_logits_and_exact_at_zero(
    z: float, y: float, loss: float, grad: float
) -> None:
    value, (g,) = grads(lambda v: bce_with_logits(v, [y]), [z])
    assert value == pytest.approx(loss, abs=1e-12)
    assert g == pytest.approx(grad, abs=1e-12)


def test_bce_mean_over_samples() -> None:
    value, g = grads(lambda v: bce_with_logits(v, [1.0, 0.0]), [2.0, -1.0])
    closed = (math.log1p(math.exp(-2.0)) + math.log1p(math.exp(-1.0))) / 2
    assert value == pytest.approx(closed)
    assert g == pytest.approx([(_sigmoid(2.0) - 1) / 2, _sigmoid(-1.0) / 2])


# --- cross entropy -----------------------------------------------------------


def _xent(logits: list[list[Value]], targets: list[int]) -> Value:
    return cross_entropy(logits, targets)


def test_cross_entropy_closed_form_and_softmax_gradient() -> None:
    zs = [1.0, 2.0, 0.5, -1.0, 0.0, 3.0]
    targets = [1, 2]

    def f(v: list[Value]) -> Value:
        return _xent([v[:3], v[3:]], targets)

    value, g = grads(f, zs)
    expected = 0.0
    expected_g = []
    for row, t in ((zs[:3], 1), (zs[3:], 2)):
        lse = math.log(sum(math.exp(z) for z in row))
        expected += (lse - row[t]) / 2
        expected_g += [(math.exp(z - lse) - (j == t)) / 2 for j, z in enumerate(row)]
    assert value == pytest.approx(expected)
    assert g == pytest.approx(expected_g)
    assert g == pytest.approx(central_differences(f, zs), abs=1e-6)


def test_cross_entropy_is_stable_at_large_logits() -> None:
    value, g = grads(lambda v: _xent([v], [1]), [1000.0, 0.0, -1000.0])
    assert value == pytest.approx(1000.0)
    assert g == pytest.approx([1.0, -1.0, 0.0])


@settings(max_examples=40)
@given(st.lists(st.floats(-50, 50), min_size=2, max_size=5), st.data())
def test_cross_entropy_gradient_rows_sum_to_zero(zs: list[float], data: st.DataObject) -> None:
    t = data.draw(st.integers(0, len(zs) - 1))
    value, g = grads(lambda v: _xent([v], [t]), zs)
    assert value >= -1e-12
    assert sum(g) == pytest.approx(0.0, abs=1e-12)


# --- errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mse_loss([Value(1.0)], [1.0, 2.0]), "mse_loss: 1 outputs but 2 targets"),
        (lambda: mse_loss([], []), "mse_loss: no samples"),
        (lambda: mse_loss([Value(1.0)], [float("nan")]), "mse_loss target must be a finite number"),
        (lambda: hinge_loss([Value(1.0)], [2]), "hinge_loss target must be \\+1 or −1"),
        (lambda: bce_with_logits([Value(1.0)], [1.5]), r"bce_with_logits target must be in \[0, 1\]"),
        (lambda: cross_entropy([[Value(1.0), Value(2.0)]], [2]), "class index in 0..1, got 2"),
        (lambda: cross_entropy([Value(1.0)], [0]), "sample 0 must be a list of at least 2 logits"),
        (
            lambda: cross_entropy([[Value(1.0), Value(2.0)], [Value(1.0)] * 3], [0, 0]),
            "sample 1 has 3 logits, sample 0 has 2",
        ),
    ],
)
def test_bad_input_names_the_problem(call: Callable[[], Value], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_a_non_value_output_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="hinge_loss score must be a Value"):
        hinge_loss(["x"], [1])


# --- the project's gradient checker, once it is on main ------------------------


def _gradcheck() -> Callable[..., object]:
    import autograd

    check = getattr(autograd, "gradcheck", None)
    if check is None:
        pytest.skip("autograd.gradcheck has not landed yet")
    return check  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("loss", "inputs"),
    [
        (lambda *v: mse_loss(list(v), [1.0, -2.0, 0.5]), [0.3, -1.1, 2.0]),
        (lambda *v: hinge_loss(list(v), [1, -1, 1]), [0.2, -0.4, 1.7]),
        (lambda *v: bce_with_logits(list(v), [1.0, 0.0, 0.3]), [2.5, -40.0, 0.1]),
        (lambda *v: cross_entropy([list(v[:3]), list(v[3:])], [2, 0]), [0.1, 1.2, -0.7, 30.0, 29.5, -3.0]),
    ],
    ids=["mse", "hinge", "bce", "cross_entropy"],
)
def test_every_loss_passes_gradcheck(loss: Callable[..., Value], inputs: list[float]) -> None:
    assert _gradcheck()(loss, inputs)
