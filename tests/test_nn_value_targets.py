"""The built-in losses take Value targets where a gradient to the target means something."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from autograd import Value, compile
from nn import MLP, bce_with_logits, cross_entropy, hinge_loss, make_line, mse_loss


def _check_gradients(f: Callable[[list[Value]], Value], xs: Sequence[float], h: float = 1e-6) -> list[float]:
    """backward's gradient of f at xs, after checking it against central differences; returns it."""
    vs = [Value(x) for x in xs]
    f(vs).backward()
    numeric = []
    for i in range(len(xs)):
        up = f([Value(x + (h if j == i else 0.0)) for j, x in enumerate(xs)]).data
        down = f([Value(x - (h if j == i else 0.0)) for j, x in enumerate(xs)]).data
        numeric.append((up - down) / (2 * h))
    analytic = [v.grad for v in vs]
    assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-8)
    return analytic


def test_mse_with_one_value_target() -> None:
    # Before: mse_loss(pred, Value(3.0)) raised "mse_loss target must be a finite number".
    pred, y = Value(2.0), Value(3.0)
    loss = mse_loss(pred, y)
    loss.backward()
    assert (loss.data, pred.grad, y.grad) == (1.0, -2.0, 2.0)  # ∂/∂ŷ = 2(ŷ − y), ∂/∂y = −2(ŷ − y)


def test_mse_with_a_list_of_value_targets_and_several_outputs() -> None:
    # v = [ŷ₀₀, ŷ₀₁, ŷ₁₀, ŷ₁₁, y₀₀, y₀₁, y₁₀, y₁₁]: two samples of two outputs
    def f(v: list[Value]) -> Value:
        return mse_loss([[v[0], v[1]], [v[2], v[3]]], [[v[4], v[5]], [v[6], 0.5]])

    xs = [1.0, -2.0, 0.5, 3.0, 0.0, 1.0, 2.5, 7.0]
    g = _check_gradients(f, xs)
    assert g[4:6] == pytest.approx([-2 * (1.0 - 0.0) / 4, -2 * (-2.0 - 1.0) / 4])
    assert g[7] == 0.0  # the last target is a plain number; that Value is unused


def test_hinge_with_value_targets_of_plus_or_minus_one() -> None:
    def f(v: list[Value]) -> Value:
        return hinge_loss(v[:3], [Value(1.0) * v[3], Value(-1.0) * v[4], v[5]])

    # margins: 1 − 0.5 > 0 (active), 1 − 2 < 0 (inactive), 1 + 0.3 > 0 (active)
    g = _check_gradients(f, [0.5, -2.0, 0.3, 1.0, 1.0, -1.0])
    assert g[3:] == pytest.approx([-0.5 / 3, 0.0, -0.3 / 3])  # ∂/∂y = −s/N where the margin is short


def test_hinge_refuses_a_value_target_of_zero_and_says_what_to_pass() -> None:
    with pytest.raises(
        ValueError, match=r"a Value target is used as y itself and must be ±1, .*2·y − 1 for 1/0"
    ):
        hinge_loss([Value(0.5)], [Value(0.0)])


def test_bce_with_soft_value_targets() -> None:
    def f(v: list[Value]) -> Value:
        return bce_with_logits(v[:2], v[2:])

    g = _check_gradients(f, [1.5, -0.7, 0.25, 0.9])
    assert g[2:] == pytest.approx([-1.5 / 2, 0.7 / 2])  # ∂/∂y = −z/N


def test_value_targets_are_checked_like_numbers() -> None:
    with pytest.raises(ValueError, match=r"bce_with_logits target must be in \[0, 1\]"):
        bce_with_logits([Value(0.0)], [Value(1.5)])
    with pytest.raises(ValueError, match="mse_loss target must be finite, got Value"):
        mse_loss([Value(0.0)], [Value(float("nan"))])


def test_cross_entropy_says_why_a_class_index_cannot_be_a_value() -> None:
    with pytest.raises(TypeError, match=r"must be an int class index, .*pass an int in 0..1"):
        cross_entropy([[Value(1.0), Value(2.0)]], [Value(1.0)])


def test_a_compiled_step_takes_the_batch_and_its_targets_as_inputs() -> None:
    # The README's intent: per-call numbers belong in the inputs, targets included.
    X, y = make_line(6, noise=0.1, seed=0)
    model = MLP(1, [1], seed=0)
    step = compile(lambda xs, ys: mse_loss([model(x) for x in xs], ys))
    for rows in (slice(0, 3), slice(3, 6)):  # two batches through one traced graph
        model.zero_grad()
        got = step(X[rows], y[rows])
        compiled_grads = [p.grad for p in model.parameters()]
        model.zero_grad()
        eager = mse_loss([model(x) for x in X[rows].tolist()], y[rows])
        eager.backward()
        assert got == pytest.approx(eager.data, rel=1e-12)
        assert compiled_grads == pytest.approx([p.grad for p in model.parameters()], rel=1e-12)
    assert not np.allclose(y[0:3], y[3:6])
