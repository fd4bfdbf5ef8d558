"""A compiled step keeps the cyclic garbage collector out of tracing and planning."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from autograd import Value, compile


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_tracing_pauses_the_collector_and_restores_it(collector_on: None) -> None:
    seen: list[bool] = []
    w = Value(2.0)

    def fn(x: Value) -> Value:
        seen.append(gc.isenabled())
        return w * x

    step = compile(fn, check_every=2)
    assert step(3.0) == 6.0
    assert gc.isenabled()
    step(1.0)
    assert seen == [False, False]  # the trace, then the check at call 2
    assert gc.isenabled()


def test_the_collector_is_restored_when_fn_raises(collector_on: None) -> None:
    def bad(x: Value) -> Value:
        raise ZeroDivisionError("in fn")

    with pytest.raises(ZeroDivisionError, match="in fn"):
        compile(bad)(1.0)
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(collector_on: None) -> None:
    gc.disable()
    compile(lambda x: x * 2.0)(1.0)
    assert not gc.isenabled()


def test_a_thousand_compiled_steps_keep_memory_flat() -> None:
    import random
    import tracemalloc

    import numpy as np

    rnd = random.Random(0)
    W = [[Value(rnd.uniform(-1, 1)) for _ in range(3)] for _ in range(8)]
    b = [Value(0.0) for _ in range(8)]
    params = [w for row in W for w in row] + b
    X = np.random.default_rng(0).normal(size=(16, 3))
    y = np.sign(X[:, 0])

    def loss(X: Any, y: Any) -> Value:
        out = [sum((w * x for w, x in zip(row, xs)), bj).relu() for xs in X for row, bj in zip(W, b)]
        return sum(((o - t) ** 2 for o, t in zip(out, np.repeat(y, 8))), Value(0.0))

    step = compile(loss)
    tracemalloc.start()
    try:
        for k in range(1000):
            for p in params:
                p.grad = 0.0
            step(X, y)
            for p in params:
                p.data -= 1e-3 * p.grad
            if k == 99:
                after_100, _ = tracemalloc.get_traced_memory()
        after_1000, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after_1000 - after_100 < 16_000  # bytes: nothing kept per call
