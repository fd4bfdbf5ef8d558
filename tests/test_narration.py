"""Narration: the real numbers and names, in English and in natural Japanese, from one table."""

from __future__ import annotations

import re

import pytest
from graphs import lecture_nodes

from autograd import Value, define_op
from autograd.explain.narration import LANGUAGES, TEMPLATES, fmt, local_formula, template_fields, text
from autograd.explain.record import BackwardStep


def lecture_steps() -> list[BackwardStep]:
    return list(lecture_nodes()["L"].backward_steps())


def test_english_narration_has_the_real_names_and_numbers() -> None:
    first, second, third = lecture_steps()
    s = str(first)
    assert s.startswith("step 1/3: L = d · f = 4 · (-2) = -8")
    assert "upstream gradient ∂L/∂L = 1" in s
    # The table's formula ∂(a·b)/∂a = b, with the real names put in.
    assert "∂L/∂d = f = -2" in s
    assert "∂L/∂f = d = 4" in s
    assert "∂L/∂L × ∂L/∂d = 1 × (-2) = -2" in s
    assert "d.grad += -2, so it went from 0 to -2" in s
    s = str(third)
    assert s.startswith("step 3/3: e = a · b = 2 · (-3) = -6")
    assert "upstream gradient ∂L/∂e = -2" in s
    assert "∂e/∂a = b = -3" in s
    assert "∂L/∂e × ∂e/∂a = -2 × (-3) = 6" in s
    assert "a.grad += 6, so it went from 0 to 6" in s
    assert "b.grad += -4, so it went from 0 to -4" in s
    assert "∂d/∂c = 1\n" in str(second)  # a constant rule is not repeated as "1 = 1"


def test_str_repr_and_explain_agree() -> None:
    step = lecture_steps()[0]
    assert str(step) == repr(step) == step.explain() == step.explain("en")


KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_japanese_narration_is_japanese_with_the_same_numbers() -> None:
    third = lecture_steps()[2]
    ja = third.explain("ja")
    assert KANA_OR_KANJI.search(ja)
    for phrase in (
        "ステップ 3/3",
        "上流の勾配",
        "局所的な微分",
        "連鎖律",
        "の勾配に 6 が加わり、0 から 6 に変わります",
    ):
        assert phrase in ja
    assert "∂e/∂a = b = -3" in ja and "-2 × (-3) = 6" in ja
    for english in ("step", "upstream", "local", "chain", "grad", "went", "from", " so "):
        assert english not in ja.lower()
    # Every line of the English narration has its Japanese counterpart.
    assert len(ja.splitlines()) == len(str(third).splitlines())


def test_unknown_language_lists_the_supported_ones() -> None:
    step = lecture_steps()[0]
    with pytest.raises(ValueError, match=r"unknown language 'fr'; supported: en, ja"):
        step.explain("fr")


def test_every_template_exists_in_every_language_with_the_same_fields() -> None:
    for key, by_lang in TEMPLATES.items():
        assert set(by_lang) == set(LANGUAGES), key
        fields = template_fields(key, "en")
        for lang in LANGUAGES:
            assert template_fields(key, lang) == fields, (key, lang)
    for key in TEMPLATES:
        if key.startswith(("stepper", "table", "count", "upstream", "local", "chain")):
            assert not KANA_OR_KANJI.search(TEMPLATES[key]["en"]), key
            assert KANA_OR_KANJI.search(TEMPLATES[key]["ja"]), key


def test_text_fills_fields() -> None:
    assert text("count_many", "ja", n=4) == "4 ステップ"
    with pytest.raises(ValueError, match="supported"):
        text("count_one", "de")


def test_unlabelled_nodes_get_stable_names() -> None:
    def narration() -> str:
        a, b = Value(2.0, "a"), Value(3.0)
        return "\n".join(str(s) for s in ((a * b).tanh() + a).backward_steps())

    first = narration()
    assert first == narration()
    assert "n1" in first and "n2" in first  # b (unlabelled leaf) and a·b are named by their place


def test_reuse_is_explained_where_the_gradients_add_up() -> None:
    x = Value(3.0, "x")
    (step,) = list((x * x).backward_steps())
    s = str(step)
    assert "x.grad += 3, so it went from 0 to 3" in s
    assert "x.grad += 3, so it went from 3 to 6" in s
    assert s.count("used more than once") == 1
    assert "複数の箇所で使われている" in step.explain("ja")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p, q: p / q, ["1/q", "−p/q²"]),
        (lambda p, q: p - q, ["1", "−1"]),
        (lambda p, q: p**q, ["q·p^(q−1)", "p^q·ln p"]),
        (lambda p, q: p.tanh(), ["1 − tanh²(p)"]),
        (lambda p, q: p.sigmoid(), ["σ(p)·(1 − σ(p))"]),
        (lambda p, q: p.relu(), ["1 if p > 0 else 0"]),
        (lambda p, q: p**3, ["3·p^2"]),
        (lambda p, q: p.log(), ["1/p"]),
    ],
)
def test_formulas_read_with_the_real_names(make, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    p, q = Value(2.0, "p"), Value(0.5, "q")
    step = next(make(p, q).backward_steps())
    assert [local_formula(step.node, e, step.names) for e in step.edges] == expected


def test_a_custom_op_without_formulas_shows_the_value(custom_ops: None) -> None:
    cube = define_op("narr_cube", lambda x: x**3, lambda x: 3 * x**2)
    u = Value(2.0, "u")
    step = next(cube(u).backward_steps())
    assert "∂n1/∂u = 12\n" in str(step)
    assert "n1 = narr_cube(u) = narr_cube(2) = 8" in str(step)


def test_numbers_are_formatted_for_people() -> None:
    assert [fmt(x) for x in (-0.0, 0.1 + 0.2, 1e-9, 12345678.0)] == ["0", "0.3", "1e-09", "1.23457e+07"]
