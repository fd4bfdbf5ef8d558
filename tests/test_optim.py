"""SGD and Adam against hand-computed PyTorch updates; schedules against their formulas."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from nn import SGD, Adam, Constant, CosineDecay, LinearDecay, Optimizer


def _param(data: float) -> Value:
    return Value(data, "p")


def test_sgd_plain_step() -> None:
    p = _param(1.0)
    p.grad = 2.0
    SGD([p], lr=0.1).step()
    assert p.data == pytest.approx(0.8)


def test_sgd_weight_decay_adds_to_the_gradient() -> None:
    p = _param(1.0)
    p.grad = 2.0
    SGD([p], lr=0.1, weight_decay=0.5).step()  # g = 2 + 0.5·1 = 2.5
    assert p.data == pytest.approx(0.75)


def test_sgd_momentum_first_buffer_is_the_gradient() -> None:
    p = _param(1.0)
    opt = SGD([p], lr=0.1, momentum=0.9)
    p.grad = 1.0
    opt.step()  # buf = 1 → p = 1 − 0.1
    assert p.data == pytest.approx(0.9)
    p.grad = 2.0
    opt.step()  # buf = 0.9·1 + 2 = 2.9 → p = 0.9 − 0.29
    assert p.data == pytest.approx(0.61)
    p.grad = 0.0
    opt.step()  # buf = 0.9·2.9 = 2.61 → p = 0.61 − 0.261
    assert p.data == pytest.approx(0.349)


def test_sgd_momentum_with_weight_decay() -> None:
    p = _param(2.0)
    opt = SGD([p], lr=0.5, momentum=0.5, weight_decay=0.25)
    p.grad = 1.0
    opt.step()  # g = 1 + 0.5 = 1.5, buf = 1.5 → p = 2 − 0.75 = 1.25
    assert p.data == pytest.approx(1.25)
    opt.step()  # g = 1 + 0.3125 = 1.3125, buf = 0.75 + 1.3125 = 2.0625 → p = 1.25 − 1.03125
    assert p.data == pytest.approx(0.21875)


def test_adam_two_steps_by_hand() -> None:
    p = _param(1.0)
    opt = Adam([p], lr=0.1)
    p.grad = 2.0
    opt.step()
    # m = 0.2, v = 0.004; m̂ = 2, v̂ = 4: p = 1 − 0.1·2/(2 + 1e-8)
    assert p.data == pytest.approx(1 - 0.1 * 2 / (2 + 1e-8), abs=1e-15)
    p.grad = 1.0
    opt.step()
    m = 0.9 * 0.2 + 0.1 * 1.0  # 0.28
    v = 0.999 * 0.004 + 0.001 * 1.0  # 0.004996
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    assert p.data == pytest.approx(
        1 - 0.1 * 2 / (2 + 1e-8) - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8), abs=1e-12
    )
    assert p.data == pytest.approx(0.806783, abs=1e-6)


def test_adam_first_step_moves_every_parameter_by_about_lr() -> None:
    ps = [_param(0.0) for _ in range(3)]
    for p, g in zip(ps, (1e-3, -5.0, 100.0)):
        p.grad = g
    Adam(ps, lr=0.01).step()
    assert [p.data for p in ps] == pytest.approx([-0.01, 0.01, -0.01], rel=1e-4)


def test_adam_weight_decay_is_l2_on_the_gradient() -> None:
    p = _param(1.0)
    p.grad = 0.0
    Adam([p], lr=0.1, weight_decay=1.0).step()  # g = 0 + 1·1 → a full −lr step
    assert p.data == pytest.approx(0.9, abs=1e-8)


@pytest.mark.parametrize("make", [lambda ps: SGD(ps, lr=0.1, momentum=0.9), lambda ps: Adam(ps, lr=0.1)])
def test_step_records_no_graph_and_zero_grad_clears(make: Callable[[list[Value]], Optimizer]) -> None:
    w = _param(3.0)
    loss = w * w
    loss.backward()
    opt = make([w])
    opt.step()
    assert w.parents == () and w.op == ""
    assert isinstance(w.data, float)
    opt.zero_grad()
    assert w.grad == 0.0


def test_step_reads_a_recorded_gradient() -> None:
    w = _param(3.0)
    (w * w).backward(create_graph=True)  # w.grad is a Value holding 6
    SGD([w], lr=0.5).step()
    assert w.data == pytest.approx(0.0)


def test_gradient_descent_minimises_a_quadratic() -> None:
    x, y = _param(4.0), _param(-3.0)
    opt = Adam([x, y], lr=0.1)
    for _ in range(500):
        opt.zero_grad()
        ((x - 1) ** 2 + 10 * (y + 2) ** 2).backward()
        opt.step()
    assert (x.data, y.data) == pytest.approx((1.0, -2.0), abs=1e-3)


def test_torch_oracle_for_several_steps() -> None:
    torch = pytest.importorskip("torch")
    start, grads = [0.5, -1.5], [[0.3, -2.0], [1.0, 0.5], [-0.7, 0.0]]
    for ours_cls, theirs_cls, kw in [
        (SGD, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
        (Adam, torch.optim.Adam, {"lr": 0.05, "weight_decay": 0.01}),
    ]:
        ours = [_param(s) for s in start]
        theirs = [torch.tensor(s, dtype=torch.float64, requires_grad=True) for s in start]
        o, t = ours_cls(ours, **kw), theirs_cls(theirs, **kw)
        for g in grads:
            for p, gi in zip(ours, g):
                p.grad = gi
            for p, gi in zip(theirs, g):
                p.grad = torch.tensor(gi, dtype=torch.float64)
            o.step()
            t.step()
        assert [p.data for p in ours] == pytest.approx([p.item() for p in theirs], abs=1e-12)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD([], lr=0.1), "the optimizer got no parameters"),
        (lambda: SGD([1.0], lr=0.1), "parameter 0 is a float, not a Value"),  # type: ignore[list-item]
        (lambda: SGD([_param(1.0)], lr=-1), "lr must be a finite number ≥ 0, got -1"),
        (lambda: SGD([_param(1.0)], lr="0.1"), "lr must be a finite number ≥ 0, got '0.1'"),  # type: ignore[arg-type]
        (lambda: SGD([_param(1.0)], lr=float("nan")), "lr must be a finite number ≥ 0, got nan"),
        (lambda: Adam([_param(1.0)], lr=float("inf")), "lr must be a finite number ≥ 0, got inf"),
        (lambda: SGD([_param(1.0)], lr=0.1, momentum=-0.5), "momentum must be a finite number ≥ 0"),
        (lambda: SGD([_param(1.0)], lr=0.1, weight_decay=float("nan")), "weight_decay must be a finite"),
        (lambda: Adam([_param(1.0)], betas=(0.9, 1.0)), r"betas\[1\] must be in \[0, 1\), got 1.0"),
        (lambda: Adam([_param(1.0)], betas=(-0.1, 0.9)), r"betas\[0\] must be in \[0, 1\), got -0.1"),
        (lambda: Adam([_param(1.0)], betas=(float("nan"), 0.9)), r"betas\[0\] must be in \[0, 1\), got nan"),
        (lambda: Adam([_param(1.0)], betas=(0.9,)), "betas must be a pair"),  # type: ignore[arg-type]
        (lambda: Adam([_param(1.0)], eps=float("nan")), r"eps must be a finite number > 0 .*, got nan"),
        (lambda: Adam([_param(1.0)], eps=0), r"eps must be a finite number > 0 \(it keeps .*\), got 0"),
        (lambda: Adam([_param(1.0)], eps=-1e-8), "eps must be a finite number > 0"),
    ],
)
def test_bad_settings_name_the_problem(make: Callable[[], Optimizer], message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_adam_with_eps_zero_is_refused_when_built_not_at_the_first_zero_gradient() -> None:
    # Before: Adam([w], eps=0) was accepted and its first step with grad 0 divided 0 by 0.
    w = _param(1.0)
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        Adam([w], eps=0.0)
    adam = Adam([w], eps=1e-8)
    adam.step()  # grad 0: m̂ = v̂ = 0, the update is 0/(0 + eps) = 0
    assert w.data == 1.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -0.1, "0.1", True])
def test_setting_lr_after_building_is_checked_too(bad: object) -> None:
    # Before: a schedule (or a user) could set lr = nan after the check in __init__.
    opt = SGD([_param(1.0)], lr=0.1)
    with pytest.raises(ValueError, match="lr must be a finite number ≥ 0"):
        opt.lr = bad  # type: ignore[assignment]
    assert opt.lr == 0.1


def test_lr_accepts_numpy_numbers_as_plain_floats() -> None:
    opt = Adam([_param(1.0)], lr=np.float32(0.5), betas=(np.float64(0.5), 0.9))
    assert (opt.lr, opt.betas) == (0.5, (0.5, 0.9))
    assert type(opt.lr) is float


# --- schedules -----------------------------------------------------------------


def test_linear_decay_is_micrograds_schedule_to_the_last_bit() -> None:
    decay = LinearDecay(1.0, total_steps=100)
    assert [decay(k) for k in range(100)] == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert decay(100) == pytest.approx(0.1)
    assert decay(500) == decay(100)  # held after the last step


def test_linear_decay_scales_with_lr0_and_final_fraction() -> None:
    decay = LinearDecay(0.5, total_steps=10, final_fraction=0.0)
    assert [decay(k) for k in (0, 5, 10)] == pytest.approx([0.5, 0.25, 0.0])


def test_cosine_decay_endpoints_and_midpoint() -> None:
    decay = CosineDecay(2.0, total_steps=10, final_fraction=0.1)
    assert decay(0) == pytest.approx(2.0)
    assert decay(5) == pytest.approx(2.0 * (0.1 + 0.9 * 0.5))
    assert decay(10) == pytest.approx(0.2)
    assert Constant(0.3)(7) == 0.3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: LinearDecay(1.0, total_steps=0), "total_steps must be a positive int, got 0"),
        (lambda: LinearDecay(-1.0, total_steps=5), "lr0 must be a number ≥ 0"),
        (lambda: CosineDecay(1.0, 5, final_fraction=2), r"final_fraction must be in \[0, 1\], got 2"),
        (lambda: LinearDecay(1.0, 5)(-1), "the step number must be ≥ 0, got -1"),
    ],
)
def test_bad_schedules_name_the_problem(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


finite = st.floats(-1e3, 1e3)


@settings(max_examples=50)
@given(finite, finite, st.floats(0, 10), st.floats(0, 1))
def test_sgd_without_momentum_is_p_minus_lr_times_the_decayed_gradient(
    p0: float, g: float, lr: float, wd: float
) -> None:
    p = _param(p0)
    p.grad = g
    SGD([p], lr=lr, weight_decay=wd).step()
    assert p.data == pytest.approx(p0 - lr * (g + wd * p0), rel=1e-12, abs=1e-9)


@settings(max_examples=50)
@given(finite.filter(lambda g: abs(g) > 1e-3), st.floats(1e-4, 1.0))
def test_adams_first_step_has_size_lr_against_the_gradient(g: float, lr: float) -> None:
    p = _param(0.0)
    p.grad = g
    Adam([p], lr=lr).step()  # m̂ = g, v̂ = g²: the step is lr·g/(|g| + eps)
    assert p.data == pytest.approx(-lr * g / (abs(g) + 1e-8), rel=1e-9)
