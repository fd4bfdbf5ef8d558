"""fit: the course's numbers, batches, schedules, progress and Ctrl-C."""

from __future__ import annotations

import io
import math
import os
import signal
from typing import Any

import numpy as np
import pytest

from autograd import Value
from nn import MLP, SGD, Adam, LinearDecay, fit, hinge_loss, make_line, make_moons, make_spirals


def _line_model(w: float, b: float) -> MLP:
    model = MLP(1, [1], seed=0)  # one linear neuron: ŷ = w·x + b
    neuron = model.layers[0].neurons[0]
    neuron.w[0].data, neuron.b.data = w, b
    return model


def test_fit_reproduces_the_seeds_hand_derived_descent() -> None:
    X, y = make_line(100, noise=0.0, seed=2)
    model = _line_model(0.5, 0.0)
    history = fit(model, X, y, "mse", SGD(model.parameters(), lr=0.1), epochs=200, progress=False)
    # the course's NumPy loop, with its hand-derived gradients
    x, w, b = X[:, 0], 0.5, 0.0
    losses = []
    for _ in range(200):
        y_hat = x * w + b
        losses.append(np.mean((y_hat - y) ** 2))
        grad_w, grad_b = np.mean(2 * (y_hat - y) * x), np.mean(2 * (y_hat - y))
        w, b = w - 0.1 * grad_w, b - 0.1 * grad_b
    neuron = model.layers[0].neurons[0]
    assert (neuron.w[0].data, neuron.b.data) == pytest.approx((w, b), abs=1e-12)
    assert (w, b) == pytest.approx((3.0, 0.0), abs=1e-6)
    assert history.loss == pytest.approx(losses, rel=1e-9, abs=1e-15)
    assert history.accuracy == [None] * 200 and not history.interrupted
    assert history.epochs == 200


def test_hinge_on_moons_accuracy_is_the_fraction_seen_correct() -> None:
    X, y = make_moons(30, seed=1)
    model = MLP(2, [8, 1], seed=1)
    scores = [model(x).data for x in X.tolist()]
    expected_first = np.mean([(s > 0) == (t == 1) for s, t in zip(scores, y)])
    history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), epochs=3, progress=False)
    assert history.accuracy[0] == pytest.approx(expected_first)
    assert all(a is not None and 0 <= a <= 1 for a in history.accuracy)


def test_l2_term_is_part_of_the_reported_loss() -> None:
    X, y = make_moons(20, seed=0)
    model = MLP(2, [4, 1], seed=0)
    data = hinge_loss([model(x) for x in X.tolist()], y).data
    reg = 1e-2 * sum(p.data**2 for p in model.parameters())
    history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.0), epochs=1, progress=False, l2=1e-2)
    assert history.loss[0] == pytest.approx(data + reg)


def test_batches_cover_every_sample_once_per_epoch() -> None:
    seen: list[int] = []

    def counting_loss(outputs: list[Any], targets: list[Any]) -> Value:
        seen.extend(int(t) for t in targets)
        return sum(outputs[1:], outputs[0]) * 0.0

    X = np.arange(10, dtype=float).reshape(10, 1)
    y = np.arange(10)
    model = MLP(1, [1], seed=0)
    history = fit(
        model, X, y, counting_loss, SGD(model.parameters(), lr=0.1), 2, batch_size=4, progress=False, seed=0
    )
    assert len(seen) == 20 and sorted(seen[:10]) == list(range(10)) and sorted(seen[10:]) == list(range(10))
    assert seen[:10] != seen[10:]  # shuffled anew each epoch
    assert history.accuracy == [None, None]


def test_schedule_sets_the_learning_rate_each_epoch() -> None:
    X, y = make_moons(10, seed=0)
    model = MLP(2, [2, 1], seed=0)
    opt = SGD(model.parameters(), lr=123.0)
    history = fit(model, X, y, "hinge", opt, 5, progress=False, schedule=LinearDecay(1.0, 5))
    assert history.lr == [1.0 - 0.9 * k / 5 for k in range(5)]


def test_cross_entropy_and_bce_train_and_report_accuracy() -> None:
    X, y = make_spirals(30, n_classes=3, noise=0.1, seed=0)
    model = MLP(2, [16, 3], seed=0)
    h = fit(model, X, y, "cross_entropy", Adam(model.parameters(), lr=0.05), 20, progress=False)
    assert h.loss[-1] < h.loss[0] and h.accuracy[0] is not None
    X, y = make_moons(30, seed=0)
    model = MLP(2, [8, 1], seed=0)
    h = fit(model, X, y, "bce", Adam(model.parameters(), lr=0.05), 20, progress=False)
    assert h.loss[-1] < h.loss[0] and h.accuracy[-1] is not None and h.accuracy[-1] > 0.7


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_live_loss_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    X, y = make_moons(10, seed=0)
    model = MLP(2, [2, 1], seed=0)
    tty = _Tty()
    monkeypatch.setattr("sys.stderr", tty)
    fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 2)
    assert "loss=" in tty.getvalue() and "2/2" in tty.getvalue()
    quiet = _Tty()
    monkeypatch.setattr("sys.stderr", quiet)
    fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 2, progress=False)
    assert quiet.getvalue() == ""
    pipe = io.StringIO()  # not a terminal: no bar
    monkeypatch.setattr("sys.stderr", pipe)
    fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.1), 2)
    assert pipe.getvalue() == ""


def _weights(model: MLP) -> list[float]:
    return [p.data for p in model.parameters()]


def test_ctrl_c_between_steps_keeps_the_trained_weights(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = make_moons(20, seed=0)
    reference = MLP(2, [4, 1], seed=0)
    fit(reference, X, y, "hinge", SGD(reference.parameters(), lr=0.1), 2, progress=False)
    calls = 0

    def interrupting_loss(outputs: list[Any], targets: list[Any]) -> Value:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return hinge_loss(outputs, targets)

    model = MLP(2, [4, 1], seed=0)
    history = fit(model, X, y, interrupting_loss, SGD(model.parameters(), lr=0.1), 10, progress=False)
    assert history.interrupted and history.epochs == 2
    assert _weights(model) == _weights(reference)
    assert "interrupted after 2 of 10 epochs" in capsys.readouterr().err


class _SignallingSGD(SGD):
    """Sends itself SIGINT halfway through its update."""

    def step(self) -> None:
        half = len(self.params) // 2
        for p in self.params[:half]:
            p.data -= self.lr * p.grad
        os.kill(os.getpid(), signal.SIGINT)
        for p in self.params[half:]:
            p.data -= self.lr * p.grad


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="needs POSIX signals")
def test_ctrl_c_during_an_update_finishes_it_first() -> None:
    X, y = make_moons(20, seed=0)
    reference = MLP(2, [4, 1], seed=0)
    fit(reference, X, y, "hinge", SGD(reference.parameters(), lr=0.1), 1, progress=False)
    model = MLP(2, [4, 1], seed=0)
    history = fit(model, X, y, "hinge", _SignallingSGD(model.parameters(), lr=0.1), 5, progress=False)
    assert history.interrupted and history.epochs == 1
    assert _weights(model) == _weights(reference)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"loss": "l1"}, "unknown loss 'l1'; valid: mse, hinge, bce, cross_entropy"),
        ({"epochs": 0}, "epochs must be a positive int, got 0"),
        ({"batch_size": 0}, r"batch_size must be a positive int or None \(the whole data set\), got 0"),
        ({"X": np.zeros((10, 3))}, "X has 3 features per sample but the model takes 2 inputs"),
        ({"X": np.zeros(10)}, r"X must be 2-D, shape \(n_samples, n_features\)"),
        ({"y": np.zeros(9)}, "X has 10 samples but y has 9"),
    ],
)
def test_bad_arguments_name_the_problem(kwargs: dict[str, Any], message: str) -> None:
    X, y = make_moons(10, seed=0)
    model = MLP(2, [2, 1], seed=0)
    args: dict[str, Any] = {"X": X, "y": y, "loss": "hinge", "epochs": 1, "progress": False}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        fit(model, optimizer=SGD(model.parameters(), lr=0.1), **args)


def test_a_loss_that_is_not_callable_is_a_type_error() -> None:
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(TypeError, match="loss must be a name"):
        fit(model, np.zeros((2, 2)), [0, 1], 3.0, SGD(model.parameters(), lr=0.1), 1)  # type: ignore[arg-type]


def test_history_loss_is_finite_and_falls_on_moons() -> None:
    X, y = make_moons(40, seed=3)
    model = MLP(2, [8, 8, 1], seed=3)
    history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.5), 15, progress=False, l2=1e-4)
    assert all(math.isfinite(v) for v in history.loss)
    assert history.loss[-1] < history.loss[0]


def test_a_loss_returning_a_number_is_a_type_error() -> None:
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(TypeError, match=r"the loss must return a Value .*, got float"):
        fit(model, np.zeros((2, 2)), [0, 1], lambda s, t: 0.5, SGD(model.parameters(), lr=0.1), 1)  # type: ignore[arg-type, return-value]


def test_compiled_fit_matches_the_engine_step_for_step() -> None:
    X, y = make_moons(40, noise=0.1, seed=3)
    eager, replay = MLP(2, [8, 8, 1], seed=3), MLP(2, [8, 8, 1], seed=3)
    h1 = fit(eager, X, y, "hinge", SGD(eager.parameters(), lr=0.5), 15, l2=1e-4, progress=False)
    h2 = fit(
        replay, X, y, "hinge", SGD(replay.parameters(), lr=0.5), 15, l2=1e-4, progress=False, compiled=True
    )
    assert h2.loss == pytest.approx(h1.loss, rel=1e-12)
    assert [p.data for p in replay.parameters()] == pytest.approx(
        [p.data for p in eager.parameters()], rel=1e-12
    )
    # Before: a compiled run recorded accuracy None, and moons_loss.png drew it flat at 0.
    assert h2.accuracy == h1.accuracy
    assert all(a is not None for a in h2.accuracy) and h2.accuracy[-1] > 0.8


def test_compiled_fit_records_cross_entropys_accuracy_too() -> None:
    X, y = make_spirals(30, n_classes=3, noise=0.1, seed=0)
    eager, replay = MLP(2, [8, 3], "tanh", seed=0), MLP(2, [8, 3], "tanh", seed=0)
    h1 = fit(eager, X, y, "cross_entropy", Adam(eager.parameters(), lr=0.05), 8, progress=False)
    h2 = fit(
        replay, X, y, "cross_entropy", Adam(replay.parameters(), lr=0.05), 8, progress=False, compiled=True
    )
    assert h2.accuracy == h1.accuracy and h1.accuracy[0] is not None


def test_compiled_fit_refuses_minibatches() -> None:
    X, y = make_moons(10, seed=0)
    model = MLP(2, [4, 1], seed=0)
    with pytest.raises(ValueError, match="compiled=True trains on the whole data set"):
        fit(
            model,
            X,
            y,
            "hinge",
            SGD(model.parameters(), lr=0.1),
            1,
            batch_size=4,
            progress=False,
            compiled=True,
        )
