"""Input from a Japanese keyboard, or copied from a book: full-width and Unicode forms read as their ASCII keys."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import ExprError, parse_expression
from autograd.expr.keyboard import normalize


@pytest.mark.parametrize(
    ("typed", "ascii_text"),
    [
        ("x＊y", "x*y"),
        ("（x+y）", "(x+y)"),
        ("ｘ＋２", "x+2"),
        ("x − 1", "x - 1"),  # U+2212 minus sign
        ("x－1", "x-1"),  # full-width hyphen-minus
        ("a×b÷c", "a*b/c"),
        ("a·b", "a*b"),  # the drawings' product sign
        ("a・b", "a*b"),  # katakana middle dot
        ("a⋅b", "a*b"),
        ("x＊＊２", "x**2"),
        ("ー1", "-1"),  # the long-vowel key, typed for a minus
        ("データー＊2", "データー*2"),  # ...but part of a word after kana
        ("a\u3000+\u3000b", "a + b"),  # ideographic space
        ("e ＝ a＊b；L ＝ e", "e = a*b;L = e"),
    ],
)
def test_normalize_reads_the_keys_meant(typed: str, ascii_text: str) -> None:
    assert normalize(typed).text == ascii_text


@pytest.mark.parametrize(
    ("typed", "value"),
    [("x＊y", -3.0), ("（x＋y）＊２", -4.0), ("x × y − 1", -4.0), ("２＊x", 2.0), ("x・y", -3.0)],
)
def test_full_width_expressions_compute(typed: str, value: float) -> None:
    expr = parse_expression(typed)
    root, _ = expr.build({k: v for k, v in {"x": 1.0, "y": -3.0}.items() if k in expr.variables})
    assert root.data == value


def test_columns_count_what_was_typed() -> None:
    # '½' becomes three characters, '1/2'; the column of the '*' is still the one typed.
    with pytest.raises(ExprError) as info:
        parse_expression("½ +＊ x")
    assert info.value.column == 4 and "unexpected '*'" in str(info.value)


@pytest.mark.parametrize(
    ("typed", "column", "words"),
    [
        ("2x", 1, "'2x' is not a number; to multiply, write 2*x"),
        ("２ｘ＋1", 1, "to multiply, write 2*x"),
        ("3.5y", 1, "write 3.5*y"),
        ("2 x", 3, "unexpected 'x'; to multiply, write 2*x"),
        ("a b", 3, "to multiply, write a*b"),
        ("2(x+1)", 1, "to multiply, write 2*(x+1)"),
        ("(a+b)(a-b)", 1, "to multiply, write (a+b)*(a-b)"),
        ("a(b+1)", 1, "unknown function 'a'"),
        ("x²", 2, "'²' is a superscript, which is not read as a power; write x**2"),
        ("x⁻¹", 2, "write x**-1"),
        ("√x", 1, "write sqrt(x)"),
        ("“a”", 1, "a string is not allowed"),
        ("a ∂ b", 3, "'∂' cannot be used in an expression"),
        ("007", 1, "a number cannot start with 0; write 7"),
    ],
)
def test_what_cannot_be_read_says_what_to_type(typed: str, column: int, words: str) -> None:
    with pytest.raises(ExprError) as info:
        parse_expression(typed)
    assert words in str(info.value)
    assert info.value.column == column


def test_japanese_messages_for_keyboard_slips() -> None:
    with pytest.raises(ExprError) as info:
        parse_expression("２ｘ")
    assert info.value.render("ja") == (
        "1 文字目：構文エラー：'2x' は数として読めません。掛け算には 2*x のように * を書いてください。"
    )


JAPANESE_KEYS = "ｘｙ１２３＋－＊／（）＾．＝；　ー・×÷−²データ"


@settings(max_examples=150)
@given(st.text(alphabet=JAPANESE_KEYS + "xy12+-*/() ", max_size=30))
def test_fuzz_japanese_keys_parse_or_raise_expr_error(text: str) -> None:
    with contextlib.suppress(ExprError):
        expr = parse_expression(text)
        expr.build(dict.fromkeys(expr.variables, 0.5))
