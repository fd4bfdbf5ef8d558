"""Compiled replay against the eager engine: same outputs, same grads, clear errors."""

from __future__ import annotations

import functools
import itertools
import math
import operator
import random
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd.replay.plan as tape_plan
from autograd import OPS, Value, compile, define_op
from autograd.core.engine import apply, topological_order
from autograd.core.ops import Op, pow_const
from autograd.replay.rows import Rows
from autograd.replay.rules import numpy_derivs, numpy_forward
from autograd.replay.tape import ReplayMismatchError

REL = 1e-12


def assert_close(compiled: Any, eager: Any) -> None:
    """Relative difference below 1e-12, measured against the largest magnitude."""
    c, e = np.atleast_1d(np.asarray(compiled, float)), np.atleast_1d(np.asarray(eager, float))
    same = (c == e) | (np.isnan(c) & np.isnan(e))  # infinities and nans match themselves
    finite = np.isfinite(e)
    scale = max(1e-300, float(np.max(np.abs(e[finite]), initial=0.0)))
    with np.errstate(invalid="ignore"):
        near = np.abs(c - e) <= REL * scale
    assert np.all(same | (finite & near)), (compiled, eager)


def eager_value_and_grads(
    fn: Callable[..., Value], leaves: list[Value], *inputs: Any
) -> tuple[float, list[float]]:
    """What one ``backward()`` gives: the output and each leaf's grad increment."""
    old = [v.grad for v in leaves]
    for v in leaves:
        v.grad = 0.0
    out = fn(*inputs)
    out.backward()
    grads = [v.grad for v in leaves]
    for v, g in zip(leaves, old):
        v.grad = g
    return out.data, grads


@pytest.fixture(params=[1, tape_plan.SCALAR_BELOW], ids=["all-numpy", "default-split"])
def scalar_below(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run a test with every group on numpy (1), and with narrow groups on floats (default)."""
    monkeypatch.setattr(tape_plan, "SCALAR_BELOW", request.param)
    return int(request.param)


# --- every op, on a batch of nodes --------------------------------------------------

SAFE: dict[str, Callable[[np.random.Generator, int], list[np.ndarray]]] = {
    "div": lambda r, n: [r.uniform(-2, 2, n), r.choice([-1, 1], n) * r.uniform(0.5, 2, n)],
    "pow": lambda r, n: [r.uniform(0.2, 2, n), r.uniform(-2, 2, n)],
    "log": lambda r, n: [r.uniform(0.1, 3, n)],
    "sqrt": lambda r, n: [r.uniform(0.1, 3, n)],
}
OP_CASES = [op for op in OPS.values() if op.builtin] + [
    pow_const(2.0),
    pow_const(3.0),
    pow_const(0.5),
    pow_const(-1.0),
]


def _inputs(op: Op, n: int) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    if op.param is not None:
        return [rng.uniform(0.2, 2, n)]
    return SAFE.get(op.name, lambda r, k: [r.uniform(-2, 2, k) for _ in range(op.arity)])(rng, n)


@pytest.mark.parametrize(
    "op", OP_CASES, ids=lambda op: f"{op.name}{op.symbol if op.param is not None else ''}"
)
def test_every_builtin_op_replays_like_the_engine(op: Op, scalar_below: int) -> None:
    cols = _inputs(op, 40)
    leaves = [[Value(float(x)) for x in col] for col in cols]

    def fn() -> Value:
        outs = [apply(op, *args) for args in zip(*leaves)]
        return functools.reduce(operator.add, (o * (k + 1) for k, o in enumerate(outs)))

    flat = [v for col in leaves for v in col]
    want, grads = eager_value_and_grads(fn, flat)
    step = compile(fn)
    got = step()
    assert_close(got, want)
    assert_close([v.grad for v in flat], grads)
    assert numpy_forward(op) is not None and numpy_derivs(op) is not None


def test_kinks_use_the_engines_subgradients() -> None:
    xs = [Value(0.0) for _ in range(20)]

    def fn() -> Value:
        return functools.reduce(operator.add, [x.relu() + abs(x) for x in xs])

    step = compile(fn)
    assert step() == 0.0
    assert [x.grad for x in xs] == [0.0] * 20


# --- custom ops -----------------------------------------------------------------------

cube = define_op("tape_test_cube", lambda x: x**3, lambda x: 3 * x**2)
hypot = define_op(
    "tape_test_hypot", math.hypot, lambda x, y: x / math.hypot(x, y), lambda x, y: y / math.hypot(x, y)
)


def test_custom_op_falls_back_to_floats_and_warns_once(scalar_below: int) -> None:
    xs = [Value(0.1 * k - 1.0) for k in range(30)]
    ys = [Value(0.5 + 0.1 * k) for k in range(30)]

    def fn() -> Value:
        return functools.reduce(operator.add, [cube(x) * hypot(x, y) for x, y in zip(xs, ys)])

    want, grads = eager_value_and_grads(fn, xs + ys)
    import autograd.replay.tape as tape

    tape._warned.discard(OPS["tape_test_cube"])
    tape._warned.discard(OPS["tape_test_hypot"])
    with pytest.warns(UserWarning, match="no numpy rules") as caught:
        step = compile(fn)
        got = step()
    assert sum("tape_test_cube" in str(w.message) for w in caught) == 1
    assert sum("tape_test_hypot" in str(w.message) for w in caught) == 1
    assert_close(got, want)
    assert_close([v.grad for v in xs + ys], grads)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(fn)()  # said once: no second warning


# --- random expression graphs -----------------------------------------------------------

UNARY = [op for op in OPS.values() if op.builtin and op.arity == 1]
BINARY = [op for op in OPS.values() if op.builtin and op.arity == 2]


@st.composite
def programs(draw: st.DrawFn) -> tuple[list[float], list[tuple[Any, ...]]]:
    """Leaf values and a list of instructions (op, operand indices) over earlier results."""
    leaves = draw(
        st.lists(st.floats(-3, 3, allow_nan=False).map(lambda x: round(x, 3)), min_size=1, max_size=4)
    )
    steps = []
    for k in range(draw(st.integers(1, 14))):
        n = len(leaves) + k
        kind = draw(st.sampled_from(["unary", "binary", "binary", "sum", "const"]))
        if kind == "unary":
            steps.append((draw(st.sampled_from(UNARY)), draw(st.integers(0, n - 1))))
        elif kind == "binary":
            steps.append(
                (draw(st.sampled_from(BINARY)), draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1)))
            )
        elif kind == "sum":
            steps.append(("sum", *draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=6))))
        else:
            steps.append(
                (pow_const(draw(st.sampled_from([2.0, 3.0, 0.5, -1.0]))), draw(st.integers(0, n - 1)))
            )
    return leaves, steps


def run_program(leaves: list[Value], steps: list[tuple[Any, ...]], copies: int) -> Value:
    """Build the program ``copies`` times (so groups are wide); skip any op outside its domain."""
    total: Value | float = 0.0
    for c in range(copies):
        vals = [v * (1.0 + 0.01 * c) for v in leaves]
        for instr in steps:
            head, *args = instr
            xs = [vals[i] for i in args]
            try:
                r = functools.reduce(operator.add, xs) if head == "sum" else apply(head, *xs)
            except (ValueError, ZeroDivisionError, OverflowError):
                r = xs[0]
            vals.append(r if abs(r.data) < 1e4 else xs[0])
        total = total + vals[-1]
    assert isinstance(total, Value)
    return total


@settings(max_examples=60)
@given(programs(), st.sampled_from([1, 20]))
def test_random_expression_graphs_replay_like_the_engine(program: Any, copies: int) -> None:
    data, steps = program
    leaves = [Value(x) for x in data]

    def fn() -> Value:
        return run_program(leaves, steps, copies)

    want, grads = eager_value_and_grads(fn, leaves)
    got = compile(fn)()
    assert_close(got, want)
    assert_close([v.grad for v in leaves], grads)


# --- an MLP from plain Values, trained 20 steps -------------------------------------------


def mlp(sizes: list[int], seed: int) -> list[list[list[Value]]]:
    rnd = random.Random(seed)
    return [
        [[Value(rnd.uniform(-1, 1)) for _ in range(nin + 1)] for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def mlp_loss(layers: list[list[list[Value]]], X: Any, y: Any) -> Value:
    """tanh then relu hidden layers, linear output; MSE + 1e-3·L2 (a micrograd-style neuron sum)."""
    total: Value | float = 0
    for xi, yi in zip(X, y):
        h = list(xi)
        for li, layer in enumerate(layers):
            acts = [sum((w * x for w, x in zip(n[:-1], h)), n[-1]) for n in layer]
            h = acts if li == len(layers) - 1 else [a.tanh() if li == 0 else a.relu() for a in acts]
        total = total + (h[0] - yi) ** 2
    reg = sum(p * p for layer in layers for n in layer for p in n)
    return total * (1.0 / len(y)) + 1e-3 * reg


def test_mlp_training_matches_the_engine_for_20_steps() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, 3))
    y = np.sin(X.sum(axis=1))
    eager, comp = mlp([3, 8, 8, 1], 0), mlp([3, 8, 8, 1], 0)
    pe = [p for layer in eager for n in layer for p in n]
    pc = [p for layer in comp for n in layer for p in n]
    step = compile(lambda X, y: mlp_loss(comp, X, y))
    for _ in range(20):
        for p in pe + pc:
            p.grad = 0.0
        loss = mlp_loss(eager, [[float(v) for v in row] for row in X], [float(v) for v in y])
        loss.backward()
        got = step(X, y)
        assert_close(got, loss.data)
        assert_close([p.grad for p in pc], [p.grad for p in pe])
        for p in pe + pc:
            p.data -= 0.1 * p.grad


# --- the contract: leaves by reference, accumulation, inputs ---------------------------------


def test_parameter_updates_between_calls_are_seen() -> None:
    w, b = Value(2.0, "w"), Value(0.5, "b")
    step = compile(lambda x, t: (w * x + b - t) ** 2)
    for _ in range(3):
        w.grad = b.grad = 0.0
        x, t = 1.5, 4.0
        r = w.data * x + b.data - t
        assert step(x, t) == pytest.approx(r * r, rel=1e-15)
        assert (w.grad, b.grad) == pytest.approx((2 * r * x, 2 * r), rel=1e-15)
        w.data -= 0.1 * w.grad
        b.data -= 0.1 * b.grad


def test_leaf_grads_accumulate_like_repeated_backward() -> None:
    w = Value(3.0)
    step = compile(lambda x: w * w * x)
    step(2.0)
    step(2.0)
    assert w.grad == 24.0  # 2 · (2·w·x) with w = 3, x = 2, as two backward() calls give
    w.grad = 0.0
    step(2.0)
    assert w.grad == 12.0


def test_value_inputs_get_grads_and_arrays_keep_their_shape() -> None:
    seen: list[Any] = []
    w = Value(1.0)

    def fn(X: Any, scale: Value, pair: tuple[Any, ...]) -> Value:
        seen.append(X)
        return sum((w * X[i, j] * scale for i in range(2) for j in range(3)), pair[0] * pair[1])

    step = compile(fn)
    s = Value(2.0)
    X = np.arange(6.0).reshape(2, 3)
    assert step(X, s, (1.0, 3.0)) == 15 * 2 + 3.0
    assert isinstance(seen[0], np.ndarray) and seen[0].shape == (2, 3)
    assert (s.grad, w.grad) == (15.0, 30.0)
    s2 = Value(1.0)
    assert step(X + 1, s2, [2.0, 2.0]) == 21 * 1 + 4.0
    assert s2.grad == 21.0


def test_leaf_output_gets_grad_one() -> None:
    w = Value(5.0)
    step = compile(lambda: w)
    assert step() == 5.0
    assert w.grad == 1.0


def test_long_chain_replays_like_the_engine() -> None:
    c, x = Value(0.999), Value(0.1)

    def fn(s0: float) -> Value:
        s: Value | float = s0
        for _ in range(3000):
            s = s * c + x
        assert isinstance(s, Value)
        return s.tanh()

    want, grads = eager_value_and_grads(fn, [c, x], 1.0)
    got = compile(fn)(1.0)
    assert_close(got, want)
    assert_close([c.grad, x.grad], grads)


# --- the guard and the errors ---------------------------------------------------------------


def test_check_every_catches_a_graph_that_depends_on_data() -> None:
    w = Value(1.0)

    def fn(x: float) -> Value:
        return w * x if w.data > 0 else w + x  # a Python decision on .data

    step = compile(fn, check_every=1)
    assert step(3.0) == 3.0
    w.data, w.grad = -1.0, 0.0
    with pytest.raises(ReplayMismatchError, match=r"different graph.*Python decision"):
        step(3.0)
    assert w.grad == 0.0  # nothing written on failure
    assert compile(fn)(3.0) == 2.0  # a fresh trace follows the new branch


def test_check_every_catches_a_changed_captured_number() -> None:
    w = Value(1.0)
    data = [2.0]
    step = compile(lambda: w * data[0], check_every=2)
    assert step() == 2.0
    data[0] = 5.0  # the replay keeps the traced 2.0; call 2 is checked
    with pytest.raises(ReplayMismatchError, match=r"value 2\.0 at trace time and is 5\.0 now"):
        step()


def test_check_every_passes_on_a_fixed_graph() -> None:
    w, b = Value(0.3), Value(-0.2)
    step = compile(lambda x: (w * x * 2.0).tanh() + (b / x).exp() * 3.0 + sum([b, w, 1.5]), check_every=1)
    for k in range(5):
        w.data += 0.1
        b.data -= 0.1
        step(1.0 + k)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s(1.0), r"takes 2 input\(s\), as at trace time, got 1"),
        (
            lambda s: s([1.0, 2.0], 3.0),
            r"input 0: expected numbers of shape \(3,\) as at trace time, got a list of length 2",
        ),
        (lambda s: s([1.0, 2.0, 3.0], "a"), r"input 1: expected a number as at trace time, got str"),
        (lambda s: s(np.ones((3, 1)), 1.0), r"shape \(3,\).*shape \(3, 1\)"),
    ],
)
def test_bad_per_call_inputs_are_named(call: Callable[[Any], Any], message: str) -> None:
    w = Value(1.0)
    step = compile(lambda xs, t: sum((w * x for x in xs), -t))
    step([1.0, 2.0, 3.0], 1.0)
    with pytest.raises(TypeError, match=message):
        call(step)


def test_bad_compile_arguments_and_outputs() -> None:
    with pytest.raises(TypeError, match=r"compile\(\) takes a function"):
        compile(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="check_every must be a positive"):
        compile(lambda: Value(1.0), check_every=0)
    with pytest.raises(TypeError, match=r"fn must return a Value.*got float"):
        compile(lambda x: 2.0 * x.data)(1.0)
    with pytest.raises(TypeError, match="input 0: unsupported input dict"):
        compile(lambda d: Value(1.0))({"a": 1})


def test_domain_error_in_replay_is_the_engines_error() -> None:
    w = Value(2.0, "w")
    ws = [Value(1.0 + k) for k in range(20)]
    step = compile(lambda: w.log() + sum(v.log() for v in ws))
    step()
    w.data, w.grad = -1.0, 0.0
    with pytest.raises(ValueError, match=r"log\(w = -1\) is undefined; valid inputs: a > 0"):
        step()
    assert w.grad == 0.0
    w.data = 2.0
    ws[7].data = 0.0
    with pytest.raises(ValueError, match=r"log\(0\) is undefined"):
        step()


def test_overflow_that_python_allows_is_allowed() -> None:
    xs = [Value(1e200) for _ in range(20)]
    step = compile(lambda: sum(x * x for x in xs))  # inf in Python too, no error
    assert step() == math.inf


# --- the ordered sum the replay relies on ---------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 17])
def test_ordered_sums_add_left_to_right_exactly(n: int) -> None:
    rng = np.random.default_rng(n)
    src = np.concatenate([[-0.0], rng.normal(size=500) * 10.0 ** rng.integers(-8, 8, 500)])
    refs = [list(rng.integers(1, 501, int(rng.integers(1, 120)))) for _ in range(n)]
    out = np.empty(n)
    Rows(refs)(src, out)
    assert out.tolist() == [functools.reduce(operator.add, [float(src[i]) for i in r]) for r in refs]


def test_trace_order_is_the_topological_order() -> None:
    a = Value(1.0)
    step = compile(lambda: a * a + a)
    step()
    assert step.leaves == [a]
    assert [n.op for n in topological_order(a * a + a)] == ["", "mul", "add"]
    assert "compiled" in repr(step)


def test_tracing_needs_grad_mode_but_replaying_does_not() -> None:
    from autograd import no_grad

    w = Value(2.0)
    step = compile(lambda x: w * x)
    with no_grad(), pytest.raises(RuntimeError, match=r"cannot trace inside no_grad\(\)"):
        step(3.0)
    assert step(3.0) == 6.0
    with no_grad():
        assert step(4.0) == 8.0
    assert w.grad == 7.0
