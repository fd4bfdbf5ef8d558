"""nn.batched.outputs: a whole batch through a model with numpy gives the engine's numbers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from autograd import Value
from nn import MLP, Layer, Module, Neuron, make_spirals
from nn.batched import outputs


def _rows() -> list[list[float]]:
    X, _ = make_spirals(12, n_classes=3, noise=0.2, seed=4)
    return X.tolist()


@pytest.mark.parametrize(
    "model",
    [
        MLP(2, [5, 4, 1], seed=1),
        MLP(2, [6, 3], "linear", seed=2),
        Layer(2, 3),
        Layer(2, 1, nonlin=False),
        Neuron(2),
    ],
    ids=["mlp-relu", "mlp-linear-3-outputs", "layer-relu", "layer-linear-1", "neuron"],
)
def test_outputs_are_the_engines_to_the_last_bit(model: Module) -> None:
    rows = _rows()
    eager = [model(x) for x in rows]
    expected = [[v.data for v in o] if isinstance(o, list) else o.data for o in eager]
    assert outputs(model, rows) == expected


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_smooth_activations_agree_to_rounding(activation: str) -> None:
    model = MLP(2, [5, 2], activation, seed=3)
    rows = _rows()
    expected = np.array([[v.data for v in model(x)] for x in rows])
    assert np.asarray(outputs(model, rows)) == pytest.approx(expected, rel=1e-14, abs=1e-15)


class _Doubler(Module):
    def __init__(self) -> None:
        self.w = Value(0.5)

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [("w", self.w)]

    def __call__(self, x: Any) -> Value:
        return self.w * x[0] * 2.0


def test_any_other_module_is_called_row_by_row() -> None:
    assert outputs(_Doubler(), [[1.0], [3.0]]) == [1.0, 3.0]
