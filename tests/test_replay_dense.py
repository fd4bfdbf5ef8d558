"""Dense layers replayed as batched products: bit-identical to the engine, and the BLAS option."""

from __future__ import annotations

import functools
import itertools
import operator
import os
import random
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, compile
from autograd.replay.dense import DenseLayer
from autograd.replay.outer import Workspace, ordered_outer_sum


def layers_of(step: Any) -> list[DenseLayer]:
    return [s for s in step.plan.steps if isinstance(s, DenseLayer)]


def mlp(sizes: list[int], seed: int) -> list[list[list[Value]]]:
    rnd = random.Random(seed)
    return [
        [[Value(rnd.uniform(-1, 1)) for _ in range(nin)] + [Value(0.0)] for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def hinge_loss(params: list[list[list[Value]]], X: Any, y: Any) -> Value:
    """micrograd's moons loss: relu MLP, hinge, mean, + 1e-4·L2 (bias first in each neuron's sum)."""
    scores = []
    for xi in X:
        h = list(xi)
        for li, layer in enumerate(params):
            acts = [sum((w * x for w, x in zip(n[:-1], h)), n[-1]) for n in layer]
            h = acts if li == len(params) - 1 else [a.relu() for a in acts]
        scores.append(h[0])
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    flat = [p for layer in params for n in layer for p in n]
    return sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in flat)


def train_side_by_side(
    sizes: list[int], n: int, steps: int, exact: bool = True
) -> tuple[list[float], list[float], list[list[float]], list[list[float]], Any]:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, sizes[0]))
    y = np.where(rng.normal(size=n) > 0, 1.0, -1.0)
    pe, pc = mlp(sizes, 3), mlp(sizes, 3)
    fe = [p for layer in pe for nn in layer for p in nn]
    fc = [p for layer in pc for nn in layer for p in nn]
    step = compile(lambda X, y: hinge_loss(pc, X, y), exact=exact)
    le, lc, ge, gc = [], [], [], []
    for _ in range(steps):
        for p in fe + fc:
            p.grad = 0.0
        loss = hinge_loss(pe, X.tolist(), y.tolist())
        loss.backward()
        le.append(loss.data)
        lc.append(step(X, y))
        ge.append([p.grad for p in fe])
        gc.append([p.grad for p in fc])
        for p in fe + fc:
            p.data -= 0.05 * p.grad
    return le, lc, ge, gc, step


def test_an_mlp_replays_as_dense_layers_bit_identical_for_5_steps() -> None:
    le, lc, ge, gc, step = train_side_by_side([2, 16, 16, 1], 40, 5)
    assert [(d.S, d.J, d.I) for d in layers_of(step)] == [(40, 16, 2), (1, 1, 337), (40, 16, 16), (40, 1, 16)]
    # each layer's weights and bias are summed together, into a run of neighbouring leaves
    sides = step.plan.leaf_gather.parts
    assert [(s.side, s.bias, s.layer.I, isinstance(s.positions, slice)) for s in sides] == [
        ("u", True, 2, True),
        ("u", True, 16, True),
        ("u", True, 16, True),
    ]
    assert lc == le
    assert gc == ge


SLOW = pytest.mark.skipif(
    not os.environ.get("BACKPROP_SLOW"), reason="minutes of eager steps; set BACKPROP_SLOW=1 to run"
)


@SLOW
@pytest.mark.parametrize(
    ("sizes", "n"), [([2, 16, 16, 1], 100), ([2, 32, 32, 1], 200), ([2, 64, 64, 1], 500)]
)
def test_the_benchmark_mlps_are_bit_identical_for_5_steps(sizes: list[int], n: int) -> None:
    """The three MLPs of benchmarks/compare.py (also: compare.py --verify-sizes moons,mid,big)."""
    le, lc, ge, gc, _ = train_side_by_side(sizes, n, 5)
    assert lc == le
    assert gc == ge


def test_exact_false_uses_blas_and_stays_within_1e_12() -> None:
    le, lc, ge, gc, step = train_side_by_side([3, 16, 16, 1], 24, 3, exact=False)
    assert all(not d.exact for d in layers_of(step)) and layers_of(step)
    assert np.allclose(lc, le, rtol=1e-12, atol=0)
    for e, c in zip(ge, gc):
        scale = max(abs(x) for x in e)
        assert max(abs(a - b) for a, b in zip(e, c)) <= 1e-12 * scale


def test_exact_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="exact must be True or False, got int 1"):
        compile(lambda: Value(1.0), exact=1)  # type: ignore[arg-type]


def eager(fn: Callable[[], Value], leaves: list[Value]) -> tuple[float, list[float]]:
    for v in leaves:
        v.grad = 0.0
    out = fn()
    out.backward()
    got = [v.grad for v in leaves]
    for v in leaves:
        v.grad = 0.0
    return out.data, got


def replayed(
    fn: Callable[[], Value], leaves: list[Value], exact: bool = True
) -> tuple[float, list[float], Any]:
    for v in leaves:
        v.grad = 0.0
    step = compile(fn, exact=exact)
    out = step()
    got = [v.grad for v in leaves]
    for v in leaves:
        v.grad = 0.0
    return out, got, step


def spread(rnd: random.Random) -> float:
    """Numbers over many magnitudes, so that any change of summation order changes the bits."""
    return rnd.uniform(-1, 1) * 10.0 ** rnd.randint(-6, 6)


def test_a_single_long_sum_adds_in_order_not_pairwise() -> None:
    # One output, one sample: the [n, 1] shape numpy would sum pairwise.
    rnd = random.Random(5)
    w = [Value(spread(rnd)) for _ in range(200)]
    x = [Value(spread(rnd)) for _ in range(200)]
    fn = lambda: sum((a * b for a, b in zip(w, x)), Value(0.5))
    want = eager(fn, w + x)
    got, grads, step = replayed(fn, w + x)
    assert [(d.S, d.J, d.I) for d in layers_of(step)] == [(1, 1, 200)]
    assert (got, grads) == want
    pairwise = float(np.sum(np.array([0.5] + [a.data * b.data for a, b in zip(w, x)])))
    assert pairwise != want[0]  # the test would catch a pairwise sum


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 7),
    st.integers(1, 6),
    st.integers(2, 9),
    st.integers(0, 2),
    st.integers(0, 2),
    st.sampled_from(["relu", "leaf", "shared"]),
    st.booleans(),
    st.integers(0, 2**31),
)
def test_random_dense_layers_are_bit_identical(
    S: int, J: int, width: int, pre: int, post: int, inputs: str, extra_use: bool, seed: int
) -> None:
    """A dense layer with bias terms before and after, inputs that are relus, leaves or shared, and weights
    that may also be read elsewhere: every variation replays bit-identically."""
    rnd = random.Random(seed)
    W = [[Value(spread(rnd)) for _ in range(width)] for _ in range(J)]
    B = [[Value(spread(rnd)) for _ in range(pre + post)] for _ in range(J)]
    base = [[Value(spread(rnd)) for _ in range(width)] for _ in range(S)]
    leaves = [v for row in W + B + base for v in row]

    def fn() -> Value:
        if inputs == "relu":
            V = [[x.relu() for x in row] for row in base]
        elif inputs == "leaf":
            V = base
        else:  # every sample reads the same row: S rows that are one
            V = [base[0]] * S
        total: Value | float = 0.0
        for s in range(S):
            for j in range(J):
                terms = [*B[j][:pre], *(W[j][i] * V[s][i] for i in range(width)), *B[j][pre:]]
                total = total + functools.reduce(operator.add, terms).relu() * spread(rnd_out)
        if extra_use:
            total = total + W[0][0] * 3.0 + V[0][-1] * V[0][-1] + sum(B[-1], Value(0.0)) * 0.5
        assert isinstance(total, Value)
        return total

    rnd_out = random.Random(seed + 1)
    want = eager(fn, leaves)
    rnd_out = random.Random(seed + 1)
    got, grads, _ = replayed(fn, leaves)
    assert got == want[0]
    assert grads == want[1]


@pytest.mark.parametrize(
    "shape", [(1, 1, 1), (1, 1, 300), (3, 1, 7), (1, 5, 9), (40, 60, 5), (7, 3, 2), (5, 9, 2000)]
)
@pytest.mark.parametrize("head", [0, 1, 3])
@pytest.mark.parametrize("from_zero", [False, True])
def test_ordered_outer_sum_adds_left_to_right(
    shape: tuple[int, int, int], head: int, from_zero: bool
) -> None:
    M, N, Q = shape
    rng = np.random.default_rng(Q)
    mag = lambda *s: rng.normal(size=s) * 10.0 ** rng.integers(-8, 8, s)
    h, a, b, t = mag(head, M, N), mag(Q, M), mag(Q, N), mag(2, M, N)
    got = ordered_outer_sum(h, a, b, t, Workspace(), from_zero=from_zero).copy()
    for m, n in itertools.product(range(M), range(N)):
        terms = [*h[:, m, n], *(a[:, m] * b[:, n]), *t[:, m, n]]
        if from_zero:  # as backward() starts an interior gradient
            terms = [0.0, *terms]
        assert got[m, n] == functools.reduce(operator.add, [float(x) for x in terms])


def test_numbers_written_into_fn_make_a_dense_layer_too() -> None:
    # w * x with x a float makes a new constant leaf per product (nn.fit's compiled path does this);
    # constants with the same bits are one input of the layer.
    rnd = random.Random(2)
    X = [[spread(rnd) for _ in range(3)] for _ in range(20)]
    W = [[Value(spread(rnd)) for _ in range(3)] for _ in range(4)]
    leaves = [w for row in W for w in row]

    def fn() -> Value:
        outs = [sum((w * x for w, x in zip(row, xs)), Value(0.0)).relu() * 0.5 for xs in X for row in W]
        return functools.reduce(operator.add, outs)

    want = eager(fn, leaves)
    got, grads, step = replayed(fn, leaves)
    assert [(d.S, d.J, d.I) for d in layers_of(step)] == [(20, 4, 3), (1, 1, 80)]
    assert (got, grads) == want


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize(
    ("sizes", "special"), [([3, 8, 1], "nan"), ([3, 8, 1], "inf"), ([2, 8, 8, 1], "zero")]
)
def test_mlps_with_nan_inf_and_relu_at_zero_inputs_match_eager(
    exact: bool, sizes: list[int], special: str
) -> None:
    """Rows of NaN, ±inf or 0.0 (pre-activations exactly at relu's kink) through dense layers whose
    bias rides with the weights: NaN exactly where the engine has NaN, and elsewhere bit-identical
    with exact=True, equal within 1e-12 relative with exact=False."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(24, sizes[0]))
    X[3] = {"nan": np.nan, "inf": np.inf, "zero": 0.0}[special]
    X[5, 0] = -np.inf if special == "inf" else X[5, 0]
    y = np.where(rng.normal(size=24) > 0, 1.0, -1.0)
    pe, pc = mlp(sizes, 4), mlp(sizes, 4)
    fe = [p for layer in pe for nn in layer for p in nn]
    fc = [p for layer in pc for nn in layer for p in nn]
    loss = hinge_loss(pe, X.tolist(), y.tolist())
    loss.backward()
    step = compile(lambda X, y: hinge_loss(pc, X, y), exact=exact)
    got = step(X, y)
    assert layers_of(step)
    want_g, got_g = np.array([p.grad for p in fe]), np.array([p.grad for p in fc])
    assert (np.isnan(want_g) == np.isnan(got_g)).all()
    if exact:  # the same bits, except which NaN (its sign and payload are not the arithmetic's)
        assert np.isnan(got) == np.isnan(loss.data)
        assert np.isnan(got) or np.array([got]).view(np.int64)[0] == np.array([loss.data]).view(np.int64)[0]
        ok = ~np.isnan(want_g)
        assert (want_g[ok].view(np.int64) == got_g[ok].view(np.int64)).all()
    else:
        assert got == pytest.approx(loss.data, rel=1e-12, nan_ok=True)
        ok = ~np.isnan(want_g)
        assert np.allclose(
            got_g[ok], want_g[ok], rtol=1e-12, atol=1e-12 * np.abs(want_g[ok]).max(initial=1.0)
        )
