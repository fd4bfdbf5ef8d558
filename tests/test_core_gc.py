"""backward() pauses the cyclic collector on big graphs and leaves it exactly as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import autograd.core.engine as engine
from autograd import Value, define_op


@pytest.fixture
def gc_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def _probe_graph(n: int, seen: list[bool], fail: bool = False) -> Value:
    def slope(x: float) -> float:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("a rule that fails")
        return 1.0

    probe = define_op("core_gc_probe", lambda x: x, slope, replace=True)
    x = Value(1.0)
    s = x
    for _ in range(n):
        s = s + 1.0
    return probe(s)


@pytest.mark.usefixtures("custom_ops", "gc_state")
@pytest.mark.parametrize("enabled", [True, False], ids=["gc-on", "gc-off"])
def test_big_backward_pauses_the_collector_and_restores_it(
    monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    monkeypatch.setattr(engine, "GC_PAUSE_ABOVE", 50)
    (gc.enable if enabled else gc.disable)()
    seen: list[bool] = []
    _probe_graph(100, seen).backward()  # 202 nodes: paused
    _probe_graph(10, seen).backward()  # 22 nodes: small graphs do not pay for the pause
    assert seen == [False, enabled]
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("custom_ops", "gc_state")
@pytest.mark.parametrize("enabled", [True, False], ids=["gc-on", "gc-off"])
def test_collector_is_restored_when_backward_raises(monkeypatch: pytest.MonkeyPatch, enabled: bool) -> None:
    monkeypatch.setattr(engine, "GC_PAUSE_ABOVE", 50)
    (gc.enable if enabled else gc.disable)()
    seen: list[bool] = []
    with pytest.raises(ValueError, match="a rule that fails"):
        _probe_graph(100, seen, fail=True).backward()
    assert seen == [False]
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("gc_state")
def test_default_threshold_pauses_a_real_big_pass() -> None:
    gc.enable()
    x = Value(0.5)
    s = x
    for _ in range(engine.GC_PAUSE_ABOVE):
        s = s * 1.0 + x
    s.backward(create_graph=True)  # records a Value per edge: the pass that allocates
    assert gc.isenabled()
    assert float(x.grad.data) == engine.GC_PAUSE_ABOVE + 1  # ∂s/∂x grows by 1 per step


@pytest.mark.parametrize("enabled", [True, False])
def test_public_gc_paused_nests_restores_and_survives_an_exception(gc_state: None, enabled: bool) -> None:
    import autograd

    (gc.enable if enabled else gc.disable)()
    with pytest.raises(ZeroDivisionError), autograd.gc_paused():
        assert not gc.isenabled()
        with autograd.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it paused for the outer one
        x = Value(1.0)
        (x / 0.0).backward()
    assert gc.isenabled() is enabled
