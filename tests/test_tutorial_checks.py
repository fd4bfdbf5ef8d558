"""The tutorial's exercise checks: the right answer gets ✓, each common slip gets the ✗ that names it."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

from autograd import Value
from autograd.explain.sentences import TABLES, ja
from autograd.tutorial import Checker, Verdict, backprop_in_order

en = Checker("en")


def _key(v: Verdict) -> tuple[bool, str]:
    return v.ok, v.key


@pytest.mark.parametrize(
    ("answer", "ok", "key"),
    [
        (((6 + 0.001) ** 2 - 36) / 0.001, True, "tutorial_ok_nudge"),
        (np.float64(12.001), True, "tutorial_ok_nudge"),
        ((6 + 0.001) ** 2 - 36, False, "tutorial_hint_divide_by_h"),
        ((36 - (6 + 0.001) ** 2) / 0.001, False, "tutorial_hint_nudge_sign"),
        (12, False, "tutorial_hint_nudge_exact"),
        (13.0, False, "tutorial_hint_nudge_h"),
        (7.0, False, "tutorial_hint_nudge_other"),
        (..., False, "tutorial_blank"),
        ("twelve", False, "tutorial_not_a_number"),
    ],
)
def test_nudge(answer: Any, ok: bool, key: str) -> None:
    assert _key(en.nudge(answer)) == (ok, key)


def test_direction_and_gradient_vector() -> None:
    assert _key(en.direction(+1)) == (True, "tutorial_ok_direction")
    assert _key(en.direction(-1)) == (False, "tutorial_hint_direction_with_gradient")
    assert _key(en.direction(0)) == (False, "tutorial_hint_direction_zero")
    assert _key(en.direction("up")) == (False, "tutorial_hint_direction_choices")
    # ∂L/∂wᵢ = 2(ŷ − y)·xᵢ with ŷ − y = −0.5 and x = (−0.5, 2, 0)
    assert _key(en.gradient_vector([0.5, -2, 0])) == (True, "tutorial_ok_vector")
    assert _key(en.gradient_vector(np.array([0.5, -2.0, 0.0]))) == (True, "tutorial_ok_vector")
    assert _key(en.gradient_vector([-0.5, 2, 0])) == (False, "tutorial_hint_vector_sign")
    assert _key(en.gradient_vector([0.25, -1, 0])) == (False, "tutorial_hint_factor_2")
    assert _key(en.gradient_vector([-1, -1, -1])) == (False, "tutorial_hint_vector_times_x")
    v = en.gradient_vector([0.5, -2, 1])
    assert _key(v) == (False, "tutorial_hint_vector_some") and "w3" in v and "w1" not in v
    assert _key(en.gradient_vector([1, 2])) == (False, "tutorial_hint_three_numbers")


@pytest.mark.parametrize(
    ("fn", "ok", "key"),
    [
        (lambda x, y, yh: np.mean(2 * (yh - y) * x), True, "tutorial_ok_grad_w"),
        (lambda x, y, yh: np.mean((yh - y) * x), False, "tutorial_hint_factor_2"),
        (lambda x, y, yh: np.mean(4 * (yh - y) * x), False, "tutorial_hint_factor_2_twice"),
        (lambda x, y, yh: np.mean(2 * (y - yh) * x), False, "tutorial_hint_grad_sign"),
        (lambda x, y, yh: np.sum(2 * (yh - y) * x), False, "tutorial_hint_sum_not_mean"),
        (lambda x, y, yh: np.mean(2 * (yh - y)), False, "tutorial_hint_grad_w_times_x"),
        (lambda x, y, yh: None, False, "tutorial_returned_none"),
        (lambda x, y, yh: 1 / 0, False, "tutorial_function_raised"),
        (..., False, "tutorial_blank_function"),
    ],
)
def test_grad_w(fn: Any, ok: bool, key: str) -> None:
    assert _key(en.grad_w(fn)) == (ok, key)


def test_grad_b_and_update() -> None:
    assert _key(en.grad_b(lambda x, y, yh: np.mean(2 * (yh - y)))) == (True, "tutorial_ok_grad_b")
    assert _key(en.grad_b(lambda x, y, yh: np.mean(2 * (yh - y) * x))) == (False, "tutorial_hint_grad_b_no_x")
    assert _key(en.grad_b(lambda x, y, yh: np.mean(yh - y))) == (False, "tutorial_hint_factor_2")
    assert _key(en.update(lambda w, g, lr: w - lr * g)) == (True, "tutorial_ok_update")
    assert _key(en.update(lambda w, g, lr: w + lr * g)) == (False, "tutorial_hint_update_uphill")
    assert _key(en.update(lambda w, g, lr: w - g)) == (False, "tutorial_hint_update_no_lr")
    assert _key(en.update(lambda w, g, lr: -lr * g)) == (False, "tutorial_hint_update_no_w")


def test_lecture_and_neuron_predictions() -> None:
    right = {"a": 6, "b": -4, "c": -2, "f": 4}
    assert _key(en.lecture_grads(right)) == (True, "tutorial_ok_lecture")
    assert _key(en.lecture_grads({**right, "e": -2, "d": -2})) == (True, "tutorial_ok_lecture")
    assert _key(en.lecture_grads({**right, "a": -3})) == (False, "tutorial_hint_chain_upstream")
    assert _key(en.lecture_grads({**right, "a": -4, "b": 6})) == (False, "tutorial_hint_swapped_product")
    assert _key(en.lecture_grads({**right, "c": 2})) == (False, "tutorial_hint_sign_of")
    assert _key(en.lecture_grads({"a": 6, "b": -4})) == (False, "tutorial_hint_dict")
    assert _key(en.lecture_grads({**right, "a": ...})) == (False, "tutorial_hint_fill_in")
    assert _key(en.lecture_grads({**right, "z": 1})) == (False, "tutorial_hint_unknown_names")
    neuron = {"x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
    assert _key(en.neuron_grads(neuron)) == (True, "tutorial_ok_neuron")
    assert _key(en.neuron_grads({"x1": 1.0, "w1": -1.5, "x2": 0.0, "w2": 0.5})) == (
        False,
        "tutorial_hint_swapped_product",
    )
    assert _key(en.neuron_grads({"x1": -3, "w1": 2, "x2": 1, "w2": 0})) == (
        False,
        "tutorial_hint_neuron_skipped_tanh",
    )
    # the lecture's numbers are the engine's
    x1, x2, w1, w2, b = (Value(v) for v in (2.0, 0.0, -3.0, 1.0, 6.8813735870195432))
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    assert o.data == pytest.approx(math.sqrt(0.5))
    assert [x1.grad, w1.grad, x2.grad, w2.grad] == pytest.approx(list(neuron.values()))


def test_tanh_local() -> None:
    assert _key(en.tanh_local(lambda o: 1 - o**2)) == (True, "tutorial_ok_tanh_local")
    assert _key(en.tanh_local(lambda o: 1 - o)) == (False, "tutorial_hint_tanh_square")
    assert _key(en.tanh_local(lambda o: o**2 - 1)) == (False, "tutorial_hint_tanh_sign")
    assert _key(en.tanh_local(lambda o: 1 - math.tanh(o) ** 2)) == (False, "tutorial_hint_tanh_twice")
    assert _key(en.tanh_local(lambda o: Value(1 - o**2))) == (True, "tutorial_ok_tanh_local")


def _topo(pre_order: bool = False, visited: bool = True) -> Any:
    def build(root: Value) -> list[Value]:
        order: list[Value] = []
        seen: set[int] = set()

        def visit(v: Value) -> None:
            if visited and id(v) in seen:
                return
            seen.add(id(v))
            if pre_order:
                order.append(v)
            for p in v.parents:
                visit(p)
            if not pre_order:
                order.append(v)

        visit(root)
        return order

    return build


def test_build_topo_and_a_wrong_order_failing() -> None:
    assert _key(en.build_topo(_topo())) == (True, "tutorial_ok_topo")
    assert _key(en.build_topo(_topo(pre_order=True))) == (False, "tutorial_hint_topo_before_inputs")
    assert _key(en.build_topo(_topo(visited=False))) == (False, "tutorial_hint_topo_twice")
    assert _key(en.build_topo(lambda root: [root])) == (False, "tutorial_hint_topo_missing")
    # the notebook's demonstration: z = (x² + x)·x², dz/dx = 4x³ + 3x² = 135 at x = 3
    x = Value(3.0)
    y = x * x
    s = y + x
    z = s * y
    backprop_in_order(z, [x, y, s, z])
    assert x.grad == 135.0
    backprop_in_order(z, [x, s, y, z])  # y before the sum that uses it has reported
    assert x.grad != 135.0


class _Good:
    """A reference micrograd-style engine, with switches for the classic slips."""

    assign = False  # = where += belongs
    seed = True  # sets grad = 1 at the start of backward
    sorted_ = True  # walks in reverse topological order

    def __init__(self, data: float, children: tuple[Any, ...] = ()) -> None:
        self.data, self.grad, self._prev = data, 0.0, children
        self._backward: Any = lambda: None

    def _add_to(self, node: Any, g: float) -> None:
        node.grad = g if self.assign else node.grad + g

    def __add__(self, other: Any) -> Any:
        out = type(self)(self.data + other.data, (self, other))

        def back() -> None:
            self._add_to(self, out.grad)
            self._add_to(other, out.grad)

        out._backward = back
        return out

    def __mul__(self, other: Any) -> Any:
        out = type(self)(self.data * other.data, (self, other))

        def back() -> None:
            self._add_to(self, other.data * out.grad)
            self._add_to(other, self.data * out.grad)

        out._backward = back
        return out

    def tanh(self) -> Any:
        t = math.tanh(self.data)
        out = type(self)(t, (self,))

        def back() -> None:
            self._add_to(self, (1 - t * t) * out.grad)

        out._backward = back
        return out

    def backward(self) -> None:
        order: list[Any] = []
        seen: set[int] = set()

        def visit(v: Any) -> None:
            if id(v) not in seen:
                seen.add(id(v))
                for c in v._prev:
                    visit(c)
                order.append(v)

        visit(self)
        if self.seed:
            self.grad = 1.0
        for v in reversed(order) if self.sorted_ else order:
            v._backward()


def test_my_value_names_the_broken_part() -> None:
    assert _key(en.my_value(_Good)) == (True, "tutorial_ok_my_value")
    assert _key(en.my_value(type("A", (_Good,), {"assign": True}))) == (False, "tutorial_myvalue_accumulate")
    assert _key(en.my_value(type("S", (_Good,), {"seed": False}))) == (False, "tutorial_myvalue_seed")
    assert en.my_value(type("O", (_Good,), {"sorted_": False})).key in (
        "tutorial_myvalue_seed",
        "tutorial_myvalue_order",
    )
    no_tanh = type("T", (_Good,), {"tanh": lambda self: None})
    assert _key(en.my_value(no_tanh)) == (False, "tutorial_myvalue_missing")
    raises = type("R", (_Good,), {"__mul__": lambda self, other: 1 / 0})
    v = en.my_value(raises)
    assert _key(v) == (False, "tutorial_myvalue_raised") and "ZeroDivisionError" in v
    assert _key(en.my_value(...)) == (False, "tutorial_blank_function")


def test_parameter_count_and_derivative_rule() -> None:
    assert _key(en.parameter_count(337)) == (True, "tutorial_ok_parameters")
    assert _key(en.parameter_count(304)) == (False, "tutorial_hint_parameters_bias")
    assert _key(en.parameter_count(33)) == (False, "tutorial_hint_parameters_neurons")
    assert _key(en.derivative_rule(lambda x: 2 * x / (1 + x * x))) == (True, "tutorial_ok_derivative")
    assert _key(en.derivative_rule(lambda x: 1 / (1 + x * x))) == (False, "tutorial_hint_inner_factor")
    assert _key(en.derivative_rule(lambda x: -2 * x / (1 + x * x))) == (False, "tutorial_hint_rule_sign")
    assert _key(en.derivative_rule(lambda x: 4 * x / (1 + x * x))) == (False, "tutorial_hint_rule_factor_2")
    assert _key(en.derivative_rule(lambda x: math.cos(x))) == (False, "tutorial_hint_rule_mismatch")


def test_the_same_check_answers_in_japanese() -> None:
    right = Checker("ja").grad_w(lambda x, y, yh: np.mean(2 * (yh - y) * x))
    wrong = Checker("ja").grad_w(lambda x, y, yh: np.mean((yh - y) * x))
    assert right.startswith("✓ 正解です") and repr(right) == str(right)
    assert wrong.startswith("✗ ") and "2 倍ずれています" in wrong and "2 を落としていませんか" in wrong
    assert not wrong and right
    with pytest.raises(ValueError, match="supported"):
        Checker("fr")


# --- the Japanese sentences of the demos and the tutorial --------------------------------------------------

#: Code, formulas and names that may stand inside a Japanese sentence (everything else ASCII is an English word).
CODE_WORDS = {
    *"LabcdefhmnoptvwxyiF",
    *(
        [
            "JSON",
            "MLP",
            "MyValue",
            "Stepper",
            "True",
            "Value",
            "L2",
            "L.backward",
            "autograd.compile",
            "backprop",
            "lab",
            "backward",
            "build_topo",
            "cos",
        ]
    ),
    *(
        [
            "create_graph",
            "dL",
            "dn",
            "data",
            "dw",
            "e100",
            "fontja",
            "grad",
            "grad_b",
            "grad_w",
            "gradcheck",
            "hat",
            "html",
            "install",
            "ja",
            "lang",
            "lr",
        ]
    ),
    *(
        [
            "matplotlib",
            "max",
            "mean",
            "nn.load",
            "np.mean",
            "np.random.randn",
            "np.random.seed",
            "np.sum",
            "numpy",
            "out.backward",
            "out.grad",
        ]
    ),
    *(
        [
            "pip",
            "return",
            "score",
            "self.grad",
            "sin",
            "tanh",
            "v.parents",
            "w1",
            "w2",
            "w3",
            "wi",
            "x1",
            "x2",
            "xi",
            "demos",
        ]
    ),
}


def test_japanese_demo_and_tutorial_sentences_have_no_english_words_and_full_width_punctuation() -> None:
    kana_kanji = "[\u3040-\u30ff\u4e00-\u9fff]"
    for key, sentence in ja.SENTENCES.items():
        if not key.startswith(("demos_", "tutorial_")):
            continue
        bare = re.sub(r"\{[a-z_0-9:>]+\}", "", sentence)
        words = set(re.findall(r"[A-Za-z][A-Za-z_.0-9]*", bare))
        assert words <= CODE_WORDS, (key, words - CODE_WORDS)
        assert not re.search(f"{kana_kanji}[,:;!?()]|[()]{kana_kanji}", bare), (key, sentence)
        assert set(re.findall(r"\{(\w+)", sentence)) == set(re.findall(r"\{(\w+)", TABLES["en"][key])), key


def test_demo_and_tutorial_keys_are_the_same_in_both_tables() -> None:
    mine = {lang: {k for k in TABLES[lang] if k.startswith(("demos_", "tutorial_"))} for lang in ("en", "ja")}
    assert mine["en"] == mine["ja"] and len(mine["en"]) > 100
