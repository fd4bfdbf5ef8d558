"""Grad mode per thread, and backward() from several threads at once."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

from autograd import Value, enable_grad, is_grad_enabled, no_grad


def test_no_grad_in_one_thread_leaves_recording_on_in_another() -> None:
    # The reproduction: another thread sits inside no_grad while this one backpropagates.
    entered, release = threading.Event(), threading.Event()

    def worker() -> None:
        with no_grad():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=worker)
    t.start()
    entered.wait(5)
    try:
        x = Value(3.0)
        (x * x).backward()
    finally:
        release.set()
        t.join()
    assert x.grad == 6.0
    assert is_grad_enabled()


def test_overlapping_no_grad_blocks_in_two_threads_restore_recording() -> None:
    # Thread A enters, B enters, A leaves, B leaves: each thread restores its own state.
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def a() -> None:
        with no_grad():
            a_in.set()
            b_in.wait(5)
        seen["a after"] = is_grad_enabled()
        a_out.set()

    def b() -> None:
        a_in.wait(5)
        with no_grad():
            b_in.set()
            a_out.wait(5)
            seen["b inside"] = is_grad_enabled()
        seen["b after"] = is_grad_enabled()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"a after": True, "b inside": False, "b after": True}
    assert (Value(1.0) * 2).parents != ()


def test_a_new_thread_starts_recording_even_when_its_creator_is_in_no_grad() -> None:
    out: list[bool] = []
    with no_grad():
        t = threading.Thread(target=lambda: out.append(is_grad_enabled()))
        t.start()
        t.join()
    assert out == [True]


def test_no_grad_generator_records_nothing_at_any_resumption() -> None:
    x = Value(2.0)

    @no_grad()
    def squares(n: int) -> Iterator[Value]:
        for _ in range(n):
            yield x * x

    gen = squares(3)
    first = next(gen)
    between = x * x  # the caller records between resumptions
    rest = list(gen)
    assert [v.parents for v in (first, *rest)] == [(), (), ()]
    assert between.parents == (x, x)
    assert is_grad_enabled()


def test_enable_grad_generator_records_inside_no_grad_and_passes_send_and_return() -> None:
    x = Value(2.0)

    @enable_grad()
    def echo() -> Iterator[Value]:
        got = yield x * x
        assert got == "ping"
        yield x * 3
        return None

    with no_grad():
        gen = echo()
        a = next(gen)
        outside = x * x
        b = gen.send("ping")
        assert list(gen) == []
    assert a.parents == (x, x) and b.parents != () and outside.parents == ()


def test_no_grad_generator_restores_mode_when_closed_or_thrown_into() -> None:
    @no_grad()
    def forever() -> Iterator[bool]:
        while True:
            try:
                yield is_grad_enabled()
            except KeyError:
                yield is_grad_enabled()

    gen = forever()
    assert next(gen) is False
    assert gen.throw(KeyError("k")) is False
    assert is_grad_enabled()
    gen.close()
    assert is_grad_enabled()


def test_concurrent_backward_on_graphs_sharing_a_leaf_loses_no_update() -> None:
    # 4 threads × 2000 passes; each pass adds a whole number to w.grad, so the exact sum is known.
    w = Value(1.5, "w")
    passes, threads = 2000, 4
    start = threading.Barrier(threads)
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to expose a lost +=
    try:

        def work(k: int) -> None:
            c = Value(float(k + 1))
            start.wait(5)
            for _ in range(passes):
                loss = (w * c + w) * 2.0  # ∂loss/∂w = 2(c + 1)
                loss.backward()

        pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert w.grad == sum(2.0 * (k + 2) * passes for k in range(threads))
