"""Workloads shared by the benchmarks, written against any micrograd-like ``Value`` class.

Nothing here imports ``nn``: each engine builds the same MLP from its own plain Values.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def moons(n: int, seed: int = 0, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles, labels in {-1, +1} (hinge-loss convention)."""
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, math.pi, n_out)
    t_in = np.linspace(0, math.pi, n_in)
    X = np.vstack(
        [
            np.column_stack([np.cos(t_out), np.sin(t_out)]),
            np.column_stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]),
        ]
    )
    X += rng.normal(scale=noise, size=X.shape)
    y = np.concatenate([-np.ones(n_out), np.ones(n_in)])
    return X, y


def mlp_weights(sizes: Sequence[int], seed: int = 0) -> list[list[list[float]]]:
    """Per layer, per neuron: [w_1..w_nin, b] drawn like micrograd (uniform(-1, 1), b = 0)."""
    rnd = random.Random(seed)
    return [
        [[rnd.uniform(-1, 1) for _ in range(nin)] + [0.0] for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def make_params(V: Callable[[float], Any], weights: list[list[list[float]]]) -> list[list[list[Any]]]:
    return [[[V(w) for w in neuron] for neuron in layer] for layer in weights]


def flat(params: list[list[list[Any]]]) -> list[Any]:
    return [p for layer in params for neuron in layer for p in neuron]


def forward(params: list[list[list[Any]]], x: list[Any]) -> Any:
    """MLP: relu on hidden layers, linear last layer; micrograd's neuron sum order."""
    last = len(params) - 1
    for li, layer in enumerate(params):
        out = []
        for neuron in layer:
            *w, b = neuron
            act = sum((wi * xi for wi, xi in zip(w, x)), b)
            out.append(act if li == last else act.relu())
        x = out
    return x[0]


def train_step(
    V: Callable[[float], Any], params: list[list[list[Any]]], X: np.ndarray, y: np.ndarray, lr: float
) -> float:
    """micrograd's two-moons step: hinge loss + 1e-4·L2, backward, SGD. Returns the loss."""
    inputs = [[V(float(v)) for v in row] for row in X]
    scores = [forward(params, xi) for xi in inputs]
    losses = [(1 + -float(yi) * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    ps = flat(params)
    reg_loss = 1e-4 * sum(p * p for p in ps)
    total = data_loss + reg_loss
    for p in ps:
        p.grad = 0.0
    total.backward()
    for p in ps:
        p.data -= lr * p.grad
    return float(total.data)


def chain(V: Callable[[float], Any], n: int) -> Any:
    """``s = s*c + x`` repeated n times: 2n nodes."""
    s, c, x = V(1.0), V(0.5), V(0.1)
    for _ in range(n):
        s = s * c + x
    return s


def moons_loss(params: list[list[list[Any]]], X: Any, y: Any) -> Any:
    """The loss of :func:`train_step` (hinge + 1e-4·L2) without the update.

    ``X`` and ``y`` may hold floats or Values (for a compiled step's inputs);
    ``-yi * si`` rounds the same either way, so the numbers match ``train_step``.
    """
    scores = [forward(params, list(xi)) for xi in X]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in flat(params))
    return data_loss + reg_loss


def numpy_params(weights: list[list[list[float]]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The same MLP as float arrays: per layer (W of shape [nin, nout], b of shape [nout])."""
    return [
        (np.array([neuron[:-1] for neuron in layer]).T.copy(), np.array([neuron[-1] for neuron in layer]))
        for layer in weights
    ]


def numpy_train_step(
    layers: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray, y: np.ndarray, lr: float
) -> float:
    """:func:`train_step` hand-vectorized: forward, hand-derived backward, SGD in place. Returns the loss."""
    acts = [X]
    pre = []
    h = X
    last = len(layers) - 1
    for li, (W, b) in enumerate(layers):
        z = h @ W + b
        pre.append(z)
        h = z if li == last else np.maximum(z, 0.0)
        acts.append(h)
    scores = h[:, 0]
    margins = 1.0 - y * scores
    n = len(y)
    data_loss = np.maximum(margins, 0.0).sum() / n
    reg = 1e-4 * sum(float((W * W).sum() + (b * b).sum()) for W, b in layers)
    g = np.where(margins > 0, -y / n, 0.0)[:, None]
    for li in range(last, -1, -1):
        W, b = layers[li]
        if li != last:
            g = g * (pre[li] > 0)
        gW = acts[li].T @ g + 2e-4 * W
        gb = g.sum(axis=0) + 2e-4 * b
        g = g @ W.T
        W -= lr * gW
        b -= lr * gb
    return float(data_loss + reg)


def torch_train_step(params: list[list[list[Any]]], X: np.ndarray, y: np.ndarray, lr: float) -> float:
    """:func:`train_step` with one 0-d torch tensor per parameter (``torch`` is imported by the caller)."""
    import torch

    inputs = [[float(v) for v in row] for row in X]
    total = moons_loss(params, inputs, [float(v) for v in y])
    ps = flat(params)
    for p in ps:
        p.grad = None
    total.backward()
    with torch.no_grad():
        for p in ps:
            p -= lr * p.grad
    return float(total.item())


def chain_floor(n: int) -> tuple[float, float, float]:
    """:func:`chain` written by hand on floats, forward then backward: (s, ∂s/∂c, ∂s/∂x)."""
    c, x = 0.5, 0.1
    s = [1.0]
    for _ in range(n):
        s.append(s[-1] * c + x)
    gs, gc, gx = 1.0, 0.0, 0.0
    for k in range(n, 0, -1):
        gc += gs * s[k - 1]
        gx += gs
        gs *= c
    return s[-1], gc, gx
