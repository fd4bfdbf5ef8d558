"""Checks for the lecture's part: gradients on L = (a·b + c)·f, a tanh neuron, and topological order."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from autograd.core.engine import Value, local_derivatives
from autograd.tutorial.verdict import Verdict, close, number_or_none

__all__ = [
    "backprop_in_order",
    "check_build_topo",
    "check_lecture_grads",
    "check_neuron_grads",
    "check_tanh_local",
]

LECTURE = {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0, "e": -2.0, "d": -2.0}
LECTURE_LOCAL = {"a": -3.0, "b": 2.0}  # ∂e/∂a = b and ∂e/∂b = a: the local derivative alone
NEURON = {"x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0, "b": 0.5, "n": 0.5}
NEURON_SWAPPED = {"x1": 1.0, "w1": -1.5, "x2": 0.0, "w2": 0.5}


def _grads(
    answer: Any, want: Mapping[str, float], lang: str, needed: Sequence[str]
) -> dict[str, float] | Verdict:
    if answer is Ellipsis or answer is None:
        return Verdict.wrong(lang, "tutorial_blank")
    if not isinstance(answer, Mapping):
        return Verdict.wrong(lang, "tutorial_hint_dict", names=", ".join(needed))
    got: dict[str, float] = {}
    for name, value in answer.items():
        x = number_or_none(value)
        if x is None or value is Ellipsis:
            return Verdict.wrong(lang, "tutorial_hint_fill_in", name=name)
        got[str(name)] = x
    missing = [n for n in needed if n not in got]
    if missing:
        return Verdict.wrong(lang, "tutorial_hint_dict", names=", ".join(needed))
    unknown = [n for n in got if n not in want]
    if unknown:
        return Verdict.wrong(lang, "tutorial_hint_unknown_names", names=", ".join(unknown))
    return got


def check_lecture_grads(answer: Any, lang: str) -> Verdict:
    """Predicted ∂L/∂a, ∂L/∂b, ∂L/∂c, ∂L/∂f (and optionally e, d) on the lecture graph."""
    got = _grads(answer, LECTURE, lang, ("a", "b", "c", "f"))
    if isinstance(got, Verdict):
        return got
    wrong = {n: v for n, v in got.items() if not close(v, LECTURE[n])}
    if not wrong:
        return Verdict.right(lang, "tutorial_ok_lecture")
    if close(got["a"], LECTURE["b"]) and close(got["b"], LECTURE["a"]):
        return Verdict.wrong(lang, "tutorial_hint_swapped_product", x="a", y="b")
    for n, v in wrong.items():
        if n in LECTURE_LOCAL and close(v, LECTURE_LOCAL[n]):
            return Verdict.wrong(lang, "tutorial_hint_chain_upstream", name=n, value=f"{v:g}", upstream="-2")
    for n, v in wrong.items():
        if close(v, -LECTURE[n]):
            return Verdict.wrong(lang, "tutorial_hint_sign_of", name=n)
    return Verdict.wrong(lang, "tutorial_hint_recheck", names=", ".join(sorted(wrong)))


def check_tanh_local(fn: Any, lang: str) -> Verdict:
    """``tanh_local(o)``: do/dn for o = tanh(n), written with the output o: 1 − o²."""
    if fn is Ellipsis or fn is None or not callable(fn):
        return Verdict.wrong(lang, "tutorial_blank_function", name="tanh_local")
    points = (0.7071067811865476, -0.3, 0.9)
    got: list[float] = []
    for o in points:
        try:
            x = number_or_none(fn(o))
        except Exception as e:  # the learner's code
            return Verdict.wrong(
                lang, "tutorial_function_raised", name="tanh_local", error=f"{type(e).__name__}: {e}"[:120]
            )
        if x is None:
            return Verdict.wrong(lang, "tutorial_returned_none", name="tanh_local")
        got.append(x)
    if all(close(g, 1 - o * o) for g, o in zip(got, points)):
        return Verdict.right(lang, "tutorial_ok_tanh_local")
    if all(close(g, 1 - o) for g, o in zip(got, points)):
        return Verdict.wrong(lang, "tutorial_hint_tanh_square")
    if all(close(g, o * o - 1) for g, o in zip(got, points)):
        return Verdict.wrong(lang, "tutorial_hint_tanh_sign")
    if all(close(g, 1 - math.tanh(o) ** 2) for g, o in zip(got, points)):
        return Verdict.wrong(lang, "tutorial_hint_tanh_twice")
    return Verdict.wrong(
        lang, "tutorial_hint_numbers_differ", name="tanh_local(0.9)", got=f"{got[2]:.6g}", want="0.19"
    )


def check_neuron_grads(answer: Any, lang: str) -> Verdict:
    """The lecture neuron's gradients: x1 −1.5, w1 1.0, x2 0.5, w2 0.0 (and optionally b and n, 0.5)."""
    got = _grads(answer, NEURON, lang, ("x1", "w1", "x2", "w2"))
    if isinstance(got, Verdict):
        return got
    wrong = {n: v for n, v in got.items() if not close(v, NEURON[n])}
    if not wrong:
        return Verdict.right(lang, "tutorial_ok_neuron")
    if all(close(got[n], NEURON_SWAPPED[n]) for n in NEURON_SWAPPED):
        return Verdict.wrong(lang, "tutorial_hint_swapped_product", x="x1", y="w1")
    if all(close(v, 2 * NEURON[n]) for n, v in wrong.items()):
        return Verdict.wrong(lang, "tutorial_hint_neuron_skipped_tanh")
    return Verdict.wrong(lang, "tutorial_hint_recheck", names=", ".join(sorted(wrong)))


def backprop_in_order(root: Value, order: Sequence[Value]) -> None:
    """Backpropagate from ``root`` visiting the nodes of ``order`` last to first, whatever that order is.

    Each node passes ``local derivative × its grad`` to its inputs, as ``backward()`` does; only the
    order is taken from the caller, so a wrong order shows what goes wrong.
    """
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, local_derivatives(node)):
            parent.grad += local * node.grad


def _test_graphs() -> list[tuple[Value, list[Value]]]:
    """Graphs to try an order on: the lecture's, and one that reuses nodes (x twice, y twice)."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    lecture = (a * b + c) * f
    x = Value(3.0, "x")
    y = x * x
    reuse = (y + x) * y
    return [(lecture, [a, b, c, f]), (reuse, [x])]


def check_build_topo(fn: Any, lang: str) -> Verdict:
    """``build_topo(root)``: every node once, each after all of its inputs (``parents``)."""
    if fn is Ellipsis or fn is None or not callable(fn):
        return Verdict.wrong(lang, "tutorial_blank_function", name="build_topo")
    for root, leaves in _test_graphs():
        try:
            order = fn(root)
        except RecursionError:
            return Verdict.wrong(lang, "tutorial_hint_topo_recursion")
        except Exception as e:  # the learner's code
            return Verdict.wrong(
                lang, "tutorial_function_raised", name="build_topo", error=f"{type(e).__name__}: {e}"[:120]
            )
        if order is None or order is Ellipsis:
            return Verdict.wrong(lang, "tutorial_returned_none", name="build_topo")
        order = list(order)
        if len({id(n) for n in order}) != len(order):
            return Verdict.wrong(lang, "tutorial_hint_topo_twice")
        reachable = _reachable(root)
        if {id(n) for n in order} != set(reachable):
            return Verdict.wrong(lang, "tutorial_hint_topo_missing")
        place = {id(n): i for i, n in enumerate(order)}
        if any(place[id(p)] > place[id(n)] for n in order for p in n.parents):
            return Verdict.wrong(lang, "tutorial_hint_topo_before_inputs")
        root.backward()
        want = [leaf.grad for leaf in leaves]
        backprop_in_order(root, order)
        if not all(
            close(leaf.grad, w) for leaf, w in zip(leaves, want)
        ):  # pragma: no cover (order was checked)
            return Verdict.wrong(lang, "tutorial_hint_topo_before_inputs")
    return Verdict.right(lang, "tutorial_ok_topo")


def _reachable(root: Value) -> dict[int, Value]:
    seen: dict[int, Value] = {}
    stack = [root]
    while stack:
        n = stack.pop()
        if id(n) not in seen:
            seen[id(n)] = n
            stack.extend(n.parents)
    return seen
