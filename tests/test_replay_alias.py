"""A Value in several leaf slots of a compiled step: passed twice, or passed and captured."""

from __future__ import annotations

import functools
import operator
import random

import pytest

from autograd import ReplayMismatchError, Value, compile


def test_the_same_value_passed_twice_gets_both_slots_grads() -> None:
    s = compile(lambda a, b: a * b)
    s(Value(1.0), Value(2.0))
    v = Value(3.0)
    assert s(v, v) == 9.0
    assert v.grad == 6.0


def test_a_value_passed_and_captured_gets_both_grads() -> None:
    w = Value(2.0)
    s = compile(lambda a: a * w + a)
    a = Value(1.0)
    s(a)
    assert (a.grad, w.grad) == (3.0, 1.0)
    w.grad = 0.0
    assert s(w) == 6.0
    assert w.grad == 5.0  # ∂(w·w + w)/∂w = 2w + 1


def test_traced_with_an_alias_then_replayed_without() -> None:
    w = Value(2.0)
    s = compile(lambda a: a * w)
    assert s(w) == 4.0
    assert w.grad == 4.0
    u = Value(5.0)
    assert s(u) == 10.0  # u · w, not u · u
    assert (u.grad, w.grad) == (2.0, 9.0)


def test_aliased_grads_are_bit_identical_to_backward() -> None:
    rnd = random.Random(3)
    cs = [rnd.uniform(-1, 1) * 10 ** rnd.randint(-6, 6) for _ in range(40)]
    w = Value(0.7)

    def fn(a: Value, b: Value) -> Value:
        terms = [(a if k % 3 else b) * c + (w * c if k % 2 else b * a) for k, c in enumerate(cs)]
        return sum(terms[1:], terms[0]) * 0.5

    s = compile(fn)
    s(Value(0.1), Value(0.2))
    for args in [(w, w), (Value(0.3), w), (w, Value(-0.4)), (Value(0.5),) * 2]:
        held = list({id(x): x for x in (*args, w)}.values())
        for x in held:
            x.grad = 0.0
        s(*args)
        got = [x.grad for x in held]
        for x in held:
            x.grad = 0.0
        fn(*args).backward()
        assert [x.grad for x in held] == got


def test_check_every_accepts_aliased_calls() -> None:
    w = Value(2.0)
    s = compile(lambda a, b: a * b * w, check_every=1)
    s(Value(1.0), Value(2.0))
    v = Value(3.0)
    s(v, v)
    assert v.grad == 12.0
    s(w, Value(1.0))
    assert w.grad == 2.0 + 9.0 + 4.0  # a·b at call 1, v·v at call 2, then ∂(w·1·w)/∂w = 2w


def test_check_every_still_catches_a_real_branch() -> None:
    w = Value(1.0)
    s = compile(lambda a: a * w if w.data > 0 else a + w, check_every=1)
    s(Value(2.0))
    w.data = -1.0
    with pytest.raises(ReplayMismatchError, match="different graph"):
        s(w)


def test_an_input_made_by_an_op_is_refused_every_call() -> None:
    h = Value(2.0) * Value(3.0)
    s = compile(lambda a: a * 2.0)
    with pytest.raises(TypeError, match=r"input 0: the Value .* was made by an op \(mul\).*Pass a leaf"):
        s(h)
    assert s(Value(4.0)) == 8.0
    with pytest.raises(TypeError, match=r"input 0\[1\]: the Value .* was made by an op \(add\)"):
        compile(lambda xs: xs[0] * xs[1])([Value(1.0), Value(1.0) + 1.0])
    with pytest.raises(TypeError, match=r"made by an op \(mul\)"):
        s(Value(7.0) * 1.0)


def test_an_aliased_weight_of_a_dense_layer_gets_every_use() -> None:
    rnd = random.Random(7)
    W = [[Value(rnd.uniform(-1, 1) * 10 ** rnd.randint(-4, 4)) for _ in range(6)] for _ in range(5)]
    X = [[rnd.uniform(-1, 1) for _ in range(6)] for _ in range(8)]

    def fn(scale: Value) -> Value:
        outs = [sum((w * x for w, x in zip(row, xs)), Value(0.0)).relu() for xs in X for row in W]
        return functools.reduce(operator.add, outs) * scale

    s = compile(fn)
    s(Value(1.0))
    assert "dense layer" in repr(s)
    held = [w for row in W for w in row]
    for v in held:
        v.grad = 0.0
    s(W[2][3])  # a weight is also the scale
    got = [v.grad for v in held]
    for v in held:
        v.grad = 0.0
    fn(W[2][3]).backward()
    assert [v.grad for v in held] == got


def test_the_same_value_passed_twice_at_trace_time_is_traced_as_two_slots() -> None:
    s = compile(lambda a, b: a * b + b)
    v = Value(3.0)
    assert s(v, v) == 12.0  # once refused at trace time
    assert v.grad == 7.0  # b + a + 1
    x, y = Value(2.0), Value(5.0)
    assert s(x, y) == 15.0  # replayed as a·b + b, not v·v + v
    assert (x.grad, y.grad) == (5.0, 3.0)
