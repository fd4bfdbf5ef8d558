"""fit refuses bad data and settings by name, and stops on a NaN with the weights from before it."""

from __future__ import annotations

import gc
import math
import sys
import tracemalloc
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from autograd import Value
from nn import MLP, SGD, Adam, NonFiniteError, fit, make_line, make_moons, mse_loss


def _weights(model: MLP) -> list[float]:
    return [p.data for p in model.parameters()]


def _moons() -> tuple[Any, Any, MLP]:
    X, y = make_moons(12, seed=0)
    return X, y, MLP(2, [4, 1], seed=0)


# --- the data -------------------------------------------------------------------


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_a_single_non_finite_feature_is_named_by_row_and_column(bad: float) -> None:
    # Before: one NaN in X trained the weights into NaN while the history read finite.
    X, y, model = _moons()
    X[3, 1] = bad
    before = _weights(model)
    with pytest.raises(ValueError, match=rf"X\[3, 1\] \(row 3, column 1\) is {bad}; every feature must be"):
        fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 2, progress=False)
    assert _weights(model) == before


def test_several_nans_name_the_first_and_count_the_rest() -> None:
    X, y, model = _moons()
    X[5, 0] = X[2, 1] = X[9, 0] = math.nan
    with pytest.raises(ValueError, match=r"X\[2, 1\] \(row 2, column 1\) is nan \(and 2 more\)"):
        fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 1, progress=False)


def test_a_none_in_a_list_of_rows_is_named_as_a_missing_value() -> None:
    model = MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=r"X\[1, 0\] .* is nan; .*a None or a missing value reads as nan"):
        fit(model, [[0.0, 1.0], [None, 2.0]], [0.0, 1.0], "mse", SGD(model.parameters(), lr=0.1), 1)


def test_rows_that_are_not_numbers_are_refused() -> None:
    model = MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=r"X must be a 2-D array of numbers.*could not convert string"):
        fit(model, [[0.0, "a"]], [1.0], "mse", SGD(model.parameters(), lr=0.1), 1)


@pytest.mark.parametrize("y", [1.0, 3, "01", None, np.float64(1.0)])
def test_y_must_be_a_sequence(y: Any) -> None:
    # Before: fit(X, 1.0) failed with numpy's "len() of unsized object".
    model = MLP(2, [1], seed=0)
    with pytest.raises(
        TypeError, match=r"y must be a sequence of numbers, one target per row of X \(2 rows\)"
    ):
        fit(model, np.zeros((2, 2)), y, "mse", SGD(model.parameters(), lr=0.1), 1)


def test_a_length_mismatch_of_x_and_y_is_named() -> None:
    model = MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match="X has 2 samples but y has 3; give one target per row of X"):
        fit(model, np.zeros((2, 2)), [1.0, 2.0, 3.0], "mse", SGD(model.parameters(), lr=0.1), 1)


@pytest.mark.parametrize(("y", "message"), [([0.0, math.nan], r"y\[1\] is nan"), (["a", "b"], "y must be")])
def test_y_must_hold_finite_numbers(y: Any, message: str) -> None:
    model = MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=message):
        fit(model, np.zeros((2, 2)), y, "mse", SGD(model.parameters(), lr=0.1), 1)


# --- the settings ---------------------------------------------------------------


@pytest.mark.parametrize("l2", [math.nan, -1.0, math.inf, "0.1", True])
def test_l2_must_be_a_finite_number_not_below_zero(l2: Any) -> None:
    # Before: l2=nan and l2=-1 were accepted.
    X, y, model = _moons()
    with pytest.raises(ValueError, match=r"l2 must be a finite number ≥ 0 \(the weight of l2·Σp²\)"):
        fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 1, progress=False, l2=l2)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -0.5, "0.1", None])
def test_a_bad_scheduled_lr_stops_before_its_epoch_steps(bad: Any) -> None:
    # Before: a schedule returning NaN passed (the optimizer checked lr only when built).
    X, y, model = _moons()
    twin = MLP(2, [4, 1], seed=0)
    fit(twin, X, y, "hinge", SGD(twin.parameters(), lr=0.1), 3, progress=False)

    def schedule(epoch: int) -> Any:
        return 0.1 if epoch < 3 else bad

    with pytest.raises(
        ValueError, match=r"schedule\(3\) returned .*; a learning rate must be a finite number ≥ 0"
    ):
        fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 5, progress=False, schedule=schedule)
    assert _weights(model) == _weights(twin)


def test_a_scheduled_lr_of_zero_is_a_step_that_changes_nothing() -> None:
    X, y, model = _moons()
    before = _weights(model)
    history = fit(
        model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 2, progress=False, schedule=lambda k: 0.0
    )
    assert history.lr == [0.0, 0.0] and _weights(model) == before


# --- non-finite numbers while training ---------------------------------------------------


def _squares(outputs: list[Any], targets: list[Any]) -> Value:
    # (o − t)·(o − t): a float product overflows to inf quietly, as a diverging run does
    terms = [(o - t) * (o - t) for o, t in zip(outputs, targets)]
    return sum(terms[1:], terms[0]) * (1 / len(terms))


@pytest.mark.parametrize("compiled", [False, True])
def test_a_diverging_run_stops_at_the_epoch_whose_loss_is_inf_with_the_weights_before_it(
    compiled: bool,
) -> None:
    X, y = make_line(8, noise=0.0, seed=0)
    model, twin = MLP(1, [1], seed=0), MLP(1, [1], seed=0)
    opt = SGD(model.parameters(), lr=1e150)
    with pytest.raises(
        NonFiniteError, match=r"stopped in epoch 2 of 10 \(counting from 0\), step 0 .*: the loss is inf"
    ) as info:
        fit(model, X, y, _squares, opt, 10, progress=False, compiled=compiled)
    assert info.value.epoch == 2 and len(info.value.history.loss) == 2
    assert all(math.isfinite(v) for v in info.value.history.loss)
    fit(twin, X, y, _squares, SGD(twin.parameters(), lr=1e150), 2, progress=False)
    assert _weights(model) == _weights(twin) and all(math.isfinite(w) for w in _weights(model))
    assert [p.grad for p in model.parameters()] == [0.0, 0.0]
    assert isinstance(info.value, FloatingPointError)


def test_a_nan_gradient_with_a_finite_loss_is_caught_before_the_step() -> None:
    # sqrt(0·o) is 0, but its gradient is ∞·0 = nan
    calls: list[int] = []

    def loss(outputs: list[Any], targets: list[Any]) -> Value:
        calls.append(1)
        base = mse_loss(outputs, targets)
        return base + (outputs[0] * 0.0).sqrt() if len(calls) == 4 else base

    X, y = make_line(6, noise=0.0, seed=0)
    model, twin = MLP(1, [1], seed=0), MLP(1, [1], seed=0)
    with pytest.raises(
        NonFiniteError,
        match=r"epoch 3 .*: the loss is [0-9.e+-]+ but the gradient of layers\.0\.neurons\.0\.w\.0 is nan",
    ):
        fit(model, X, y, loss, SGD(model.parameters(), lr=0.01), 6, progress=False)
    fit(twin, X, y, "mse", SGD(twin.parameters(), lr=0.01), 3, progress=False)
    assert _weights(model) == _weights(twin)


def test_a_failing_minibatch_epoch_goes_back_to_its_start_with_adams_state() -> None:
    calls: list[int] = []

    def loss(outputs: list[Any], targets: list[Any]) -> Value:
        calls.append(1)
        base = mse_loss(outputs, targets)
        return base * math.nan if len(calls) == 7 else base  # epoch 2 (3 batches per epoch), its 1st batch

    X, y = make_line(9, noise=0.1, seed=0)
    model, twin = MLP(1, [2, 1], seed=0), MLP(1, [2, 1], seed=0)
    opt, twin_opt = Adam(model.parameters(), lr=0.01), Adam(twin.parameters(), lr=0.01)
    with pytest.raises(NonFiniteError, match=r"epoch 2 of 4 .*step 0 of that epoch: the loss is nan"):
        fit(model, X, y, loss, opt, 4, batch_size=3, progress=False, seed=1)
    fit(twin, X, y, "mse", twin_opt, 2, batch_size=3, progress=False, seed=1)
    assert _weights(model) == _weights(twin)
    assert opt.t == twin_opt.t == 6 and opt._m == twin_opt._m and opt._v == twin_opt._v


def test_a_failure_in_the_middle_of_an_epoch_undoes_its_earlier_batches() -> None:
    calls: list[int] = []

    def loss(outputs: list[Any], targets: list[Any]) -> Value:
        calls.append(1)
        if len(calls) == 5:  # epoch 1, its 2nd batch
            raise RuntimeError("a loss that fails")
        return mse_loss(outputs, targets)

    X, y = make_line(9, noise=0.1, seed=0)
    model, twin = MLP(1, [2, 1], seed=0), MLP(1, [2, 1], seed=0)
    with pytest.raises(RuntimeError, match="a loss that fails") as info:
        fit(
            model,
            X,
            y,
            loss,
            SGD(model.parameters(), lr=0.05, momentum=0.9),
            4,
            batch_size=3,
            progress=False,
            seed=1,
        )
    fit(
        twin,
        X,
        y,
        "mse",
        SGD(twin.parameters(), lr=0.05, momentum=0.9),
        1,
        batch_size=3,
        progress=False,
        seed=1,
    )
    assert _weights(model) == _weights(twin)
    if sys.version_info >= (3, 11):
        assert info.value.__notes__ == [
            "fit: stopped in epoch 1 (counting from 0); the weights are those from before it"
        ]


# --- the garbage collector -----------------------------------------------------------------------------


@pytest.fixture
def gc_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def _watching_loss(seen: list[bool], fail: bool = False) -> Any:
    def loss(outputs: list[Any], targets: list[Any]) -> Value:
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError("boom")
        return mse_loss(outputs, targets)

    return loss


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("fail", [False, True])
def test_training_pauses_the_collector_and_restores_it_as_found(
    gc_state: None, enabled: bool, fail: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    seen: list[bool] = []
    X, y = make_line(4, seed=0)
    model = MLP(1, [1], seed=0)
    if fail:
        with pytest.raises(RuntimeError, match="boom"):
            fit(model, X, y, _watching_loss(seen, fail), SGD(model.parameters(), lr=0.1), 2, progress=False)
    else:
        fit(model, X, y, _watching_loss(seen), SGD(model.parameters(), lr=0.1), 2, progress=False)
    assert seen and not any(seen)
    assert gc.isenabled() is enabled


def test_a_thousand_training_steps_do_not_grow_memory() -> None:
    # With the collector paused, a graph kept alive by a cycle would pile up, one per step (over
    # 1 kB each here); a leak of even 16 bytes a step would show as 16 kB.  The warm-up lets
    # CPython's free lists (freed tuples it keeps for reuse, up to 2,000 of a size) fill first.
    X, y = make_line(2, seed=0)
    model = MLP(1, [1], seed=0)
    opt = SGD(model.parameters(), lr=0.01)
    tracemalloc.start()
    try:
        fit(model, X, y, "mse", opt, 600, progress=False)
        before = tracemalloc.get_traced_memory()[0]
        history = fit(model, X, y, "mse", opt, 1000, progress=False)
        assert history.epochs == 1000
        del history  # its lists of 1,000 numbers are all that may grow, and go with it
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 16_000
