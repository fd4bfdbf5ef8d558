"""Signed zeros: the replay's sums give −0.0 where the engine's do (−0.0 + −0.0 is −0.0, not +0.0).

``==`` cannot see the sign of a zero, so these tests compare the bits.  (A leaf's
gradient starts from +0.0, so only the output and interior values can be −0.0.)
"""

from __future__ import annotations

import functools
import operator
from typing import Any

import numpy as np
import pytest

from autograd import Value, compile
from autograd.replay.dense import DenseLayer


def bits(xs: list[float]) -> list[int]:
    return np.array(xs, dtype=float).view(np.int64).tolist()


def both(
    fn: object, leaves: list[Value], exact: bool = True, start: float = 0.0
) -> tuple[list[int], list[int], Any]:
    """(eager, replay, compiled step): the output and every leaf's gradient as bits, each leaf's
    grad set to ``start`` before each pass."""
    assert callable(fn)
    for v in leaves:
        v.grad = start
    out = fn()
    out.backward()
    eager = bits([out.data, *(v.grad for v in leaves)])
    for v in leaves:
        v.grad = start
    step = compile(fn, exact=exact)
    got = step()
    replay = bits([got, *(v.grad for v in leaves)])
    return eager, replay, step


def test_a_group_of_sums_of_negative_zeros_is_negative_zero() -> None:
    xs = [[Value(-0.0) for _ in range(3)] for _ in range(20)]
    cs = [Value(1.0) for _ in range(20)]

    def fn() -> Value:
        return functools.reduce(operator.add, [sum(r[1:], r[0]) * c for r, c in zip(xs, cs)])

    eager, replay, _ = both(fn, cs)
    assert eager == replay
    assert eager[0] == bits([-0.0])[0]  # the output: a sum of products of −0.0 sums


@pytest.mark.parametrize(("S", "J", "width"), [(20, 8, 4), (12, 1, 5), (1, 1, 40), (30, 4, 1)])
def test_a_dense_layer_of_negative_zeros_is_negative_zero(S: int, J: int, width: int) -> None:
    W = [[Value(-0.0) for _ in range(width)] for _ in range(J)]
    b = [Value(-0.0) for _ in range(J)]
    cs = [Value(1.0) for _ in range(S * J)]
    X = [[1.0 + s + i for i in range(width)] for s in range(S)]

    def fn() -> Value:
        ys = [sum((w * x for w, x in zip(W[j], X[s])), b[j]) for s in range(S) for j in range(J)]
        return functools.reduce(operator.add, [y * c for y, c in zip(ys, cs)])

    eager, replay, _ = both(fn, [*cs, *b, *(w for row in W for w in row)])
    assert eager == replay
    assert eager[0] == bits([-0.0])[0]


@pytest.mark.parametrize("uses", [1, 2])
@pytest.mark.parametrize("n", [1, 40])
def test_an_interior_gradient_starts_from_plus_zero(n: int, uses: int) -> None:
    """backward() adds an interior node's contributions to 0.0, so −0.0 contributions give +0.0;
    a leaf whose grad is −0.0 shows the difference (−0.0 + −0.0 is −0.0, −0.0 + 0.0 is +0.0)."""
    xs = [Value(-1.0 - i) for i in range(n)]
    ks = [Value(-0.0) for _ in range(n)]  # ∂/∂(x·3) of (x·3)·k is k = −0.0

    def fn() -> Value:
        qs = [x * 3.0 for x in xs]
        terms = [(q * k).exp() for _ in range(uses) for q, k in zip(qs, ks)]  # exp(±0) = 1 exactly
        return functools.reduce(operator.add, terms)

    leaves = xs + ks
    eager, replay, _ = both(fn, leaves, start=-0.0)
    assert replay == eager
    assert bits([xs[0].grad]) == bits([0.0])


def test_a_dense_layers_interior_gradients_start_from_plus_zero() -> None:
    """The same through a dense layer's input side (relus, whose gradient is Σ_j u·ḡ from 0.0) and its
    bias side, with −0.0 weights and leaves whose grads start at −0.0."""
    S, J, width = 12, 4, 3
    base = [[Value(-1.0 - s - i) for i in range(width)] for s in range(S)]
    W = [[Value(-0.0) for _ in range(width)] for _ in range(J)]
    b = [Value(1.0) for _ in range(J)]

    def fn() -> Value:
        V = [[(x * -1.0).relu() for x in row] for row in base]
        ys = [sum((w * v for w, v in zip(W[j], V[s])), b[j]) for s in range(S) for j in range(J)]
        return functools.reduce(operator.add, [y * -0.0 for y in ys])

    leaves = [*(x for row in base for x in row), *(w for row in W for w in row), *b]
    eager, replay, step = both(fn, leaves, start=-0.0)
    assert next((d.S, d.J, d.I) for d in step.plan.steps if isinstance(d, DenseLayer)) == (S, J, width)
    assert replay == eager
