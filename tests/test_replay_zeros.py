"""Signed zeros: the replay's sums give −0.0 where the engine's do (−0.0 + −0.0 is −0.0, not +0.0).

``==`` cannot see the sign of a zero, so these tests compare the bits.  (A leaf's
gradient starts from +0.0, so only the output and interior values can be −0.0.)
"""

from __future__ import annotations

import functools
import operator

import numpy as np
import pytest

from autograd import Value, compile


def bits(xs: list[float]) -> list[int]:
    return np.array(xs, dtype=float).view(np.int64).tolist()


def both(fn: object, leaves: list[Value], exact: bool = True) -> tuple[list[int], list[int]]:
    """(eager, replay): the output and every leaf's gradient, as bits."""
    assert callable(fn)
    for v in leaves:
        v.grad = 0.0
    out = fn()
    out.backward()
    eager = bits([out.data, *(v.grad for v in leaves)])
    for v in leaves:
        v.grad = 0.0
    got = compile(fn, exact=exact)()
    replay = bits([got, *(v.grad for v in leaves)])
    return eager, replay


def test_a_group_of_sums_of_negative_zeros_is_negative_zero() -> None:
    xs = [[Value(-0.0) for _ in range(3)] for _ in range(20)]
    cs = [Value(1.0) for _ in range(20)]

    def fn() -> Value:
        return functools.reduce(operator.add, [sum(r[1:], r[0]) * c for r, c in zip(xs, cs)])

    eager, replay = both(fn, cs)
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

    eager, replay = both(fn, [*cs, *b, *(w for row in W for w in row)])
    assert eager == replay
    assert eager[0] == bits([-0.0])[0]
