"""A compiled step keeps the cyclic garbage collector out of tracing and planning."""

from __future__ import annotations

import gc
from collections.abc import Iterator

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
