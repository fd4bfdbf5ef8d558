"""Every row of a batch through a model at once, with numpy: ``model(x).data`` for each row x.

:func:`nn.fit` uses it for the accuracy of a compiled run, whose replay
returns only the loss.  For :class:`MLP`, :class:`Layer` and :class:`Neuron`
each neuron's sum is taken as the engine takes it, ``((b + w₀x₀) + w₁x₁) + …``,
one elementwise numpy operation per term, and the activations are the
replay's own numpy rules; so the outputs are the engine's to the last bit
(``tanh`` may differ in the last bit, as numpy's and math's do).  Any other
module is called row by row under ``no_grad``.

>>> from nn import MLP
>>> model = MLP(2, [3, 1], seed=0)
>>> outputs(model, [[1.0, -2.0], [0.5, 0.5]]) == [model([1.0, -2.0]).data, model([0.5, 0.5]).data]
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import OPS, no_grad
from nn.module import MLP, Layer, Module, Neuron

__all__ = ["outputs"]

Array = np.ndarray[Any, np.dtype[np.float64]]


def _activate(z: Array, activation: str) -> Array:
    if activation == "linear":
        return z
    vforward = OPS[activation].vforward
    if vforward is None:  # pragma: no cover - every activation's op has numpy rules
        raise RuntimeError(f"op {activation!r} has no numpy forward")
    return np.asarray(vforward(z), dtype=np.float64)


def _neurons(neurons: list[Neuron], h: Array) -> Array:
    """The outputs of ``neurons`` (one column each) for the rows ``h``."""
    w = np.array([[wi.data for wi in n.w] for n in neurons])  # (nout, nin)
    z = np.tile(np.array([n.b.data for n in neurons]), (len(h), 1))  # starts at b, as sum(..., b) does
    for i in range(w.shape[1]):
        z = z + w[:, i] * h[:, i : i + 1]
    cols = [_activate(z[:, j], n.activation) for j, n in enumerate(neurons)]
    return np.stack(cols, axis=1)


def _as_rows(out: Array) -> list[Any]:
    return out[:, 0].tolist() if out.shape[1] == 1 else out.tolist()  # type: ignore[no-any-return]


def outputs(model: Module, X: Any) -> list[Any]:
    """``[model(x).data for x in X]`` (a list of floats per row when the model has several outputs)."""
    h = np.asarray(X, dtype=np.float64)
    kind = type(model)
    if kind is Neuron:
        return _as_rows(_neurons([model], h))  # type: ignore[list-item]
    if kind is Layer:
        return _as_rows(_neurons(model.neurons, h))  # type: ignore[attr-defined]
    if kind is MLP:
        for layer in model.layers:  # type: ignore[attr-defined]
            h = _neurons(layer.neurons, h)
        return _as_rows(h)
    with no_grad():
        rows = [model(x) for x in h.tolist()]
    return [[v.data for v in r] if isinstance(r, (list, tuple)) else r.data for r in rows]
