"""Dense-layer replay against the engine, bit for bit, over the MLP variations that decide how a
layer is planned: where the bias sits in each sum, biases shared between neurons, samples in
another order, an L2 term on some parameters, and leaf grads that start at 0.0, −0.0 or a number.

The replay merges a bias's gradient into its weights' sums only when that keeps the engine's
order; these cases are the ones where it must not (or must, and still match).
"""

from __future__ import annotations

import functools
import itertools
import operator
import random
import struct

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd import Value, compile


def spread(rnd: random.Random) -> float:
    """Numbers over twelve decades, so any change of summation order changes the bits."""
    return rnd.uniform(-1, 1) * 10.0 ** rnd.randint(-6, 6)


def bits(xs: list[float]) -> list[bytes]:
    return [struct.pack("<d", x) if x == x else b"nan" for x in xs]  # tells 0.0 from -0.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    S=st.integers(1, 6),
    widths=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    nin=st.integers(1, 4),
    bias_at=st.sampled_from(["first", "last", "none", "mixed"]),
    shared_bias=st.booleans(),
    l2_some=st.booleans(),
    permute=st.booleans(),
    seed=st.integers(0, 2**31),
    g0=st.sampled_from([0.0, -0.0, 0.25]),
)
def test_mlp_variants_replay_bit_identical(
    S: int,
    widths: list[int],
    nin: int,
    bias_at: str,
    shared_bias: bool,
    l2_some: bool,
    permute: bool,
    seed: int,
    g0: float,
) -> None:
    rnd = random.Random(seed)
    sizes = [nin, *widths]
    W = [[[Value(spread(rnd)) for _ in range(a)] for _ in range(b)] for a, b in itertools.pairwise(sizes)]
    one = Value(spread(rnd))
    B = [[one if shared_bias else Value(spread(rnd)) for _ in range(b)] for b in sizes[1:]]
    X = [[Value(spread(rnd)) for _ in range(nin)] for _ in range(S)]
    every = [*(w for L in W for n in L for w in n), *(b for L in B for b in L), *(x for r in X for x in r)]
    leaves = list({id(v): v for v in every}.values())
    order = list(range(S))
    if permute:
        random.Random(seed + 7).shuffle(order)

    def neuron(ws: list[Value], b: Value, h: list[Value], where: str) -> Value:
        prods = [w * x for w, x in zip(ws, h)]
        terms = {"first": [b, *prods], "last": [*prods, b], "none": prods}[where]
        return functools.reduce(operator.add, terms)

    def fn() -> Value:
        total: Value | None = None
        for k, s in enumerate(order):
            h = X[s]
            for li, (L, Bl) in enumerate(zip(W, B)):
                out = []
                for j, (ws, b) in enumerate(zip(L, Bl)):
                    where = bias_at if bias_at != "mixed" else ("first" if (j + li) % 2 else "last")
                    a = neuron(ws, b, h, where)
                    out.append(a.relu() if li < len(W) - 1 else a)
                h = out
            t = sum(h[1:], h[0]) * spread(random.Random(seed + k))
            total = t if total is None else total + t
        assert total is not None
        if l2_some:
            total = total + 1e-4 * sum(p * p for p in leaves[::2])
        return total

    for v in leaves:
        v.grad = g0
    out = fn()
    out.backward()
    want = bits([out.data, *(v.grad for v in leaves)])
    step = compile(fn)
    for _ in range(2):  # the first call (trace + replay) and a pure replay
        for v in leaves:
            v.grad = g0
        got = step()
        assert bits([got, *(v.grad for v in leaves)]) == want
