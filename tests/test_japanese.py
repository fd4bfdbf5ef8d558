"""Every Japanese sentence is Japanese: です・ます, full-width punctuation, no stray English.

ASCII letters may appear only in formulas (∂L/∂a, tanh), in code the reader
types (``.next()``, ``Stepper(L, fresh=True)``) and in ``{fields}`` that are
filled with names and numbers.
"""

from __future__ import annotations

import re

import pytest

from autograd.explain.sentences import TABLES, text
from autograd.explain.sentences.ja import TERMS

JA = TABLES["ja"]

# What may keep ASCII letters inside a Japanese sentence, removed before the scan.
ALLOWED = [
    r"\{[a-z_0-9]+\}",  # a field, filled with a name or a number
    r"∂[^\s、。（）：]*",  # a derivative, written as a formula
    r"\b[A-Za-z_][\w.]*\([^()\s]*(?:, [^()\s]*)*\)",  # a call the reader types: Stepper(L, fresh=True)
    r"\.[a-z_]+\(\)",  # a method the reader calls: .next()
    r"\b[a-z]\.grad = 0\b",  # code: p.grad = 0
    r"\b(?:tanh|exp|log|relu|sigmoid|sin|cos|sqrt|abs)\b",  # function names in formulas
]


def scrub(sentence: str) -> str:
    for pattern in ALLOWED:
        sentence = re.sub(pattern, "", sentence)
    return sentence


@pytest.mark.parametrize("key", sorted(JA))
def test_no_english_words_outside_formulas_and_code(key: str) -> None:
    left = scrub(JA[key])
    assert not re.search(r"[A-Za-z]", left), f"{key}: {JA[key]!r} leaves {left!r}"


@pytest.mark.parametrize("key", sorted(JA))
def test_full_width_parentheses_and_colons_in_prose(key: str) -> None:
    left = scrub(JA[key])
    assert not re.search(r"[()]", left), f"{key}: half-width parenthesis in {JA[key]!r}"
    assert not re.search(r"[ぁ-んァ-ヶ一-龯]: ", left), (
        f"{key}: half-width colon after Japanese in {JA[key]!r}"
    )


def test_plain_form_is_not_mixed_with_desu_masu() -> None:
    plain = re.compile(r"(?:なった|された|足した|した|である|だ)(?:[。）」]|$)")
    bad = {k: v for k, v in JA.items() if plain.search(v)}
    assert not bad


def test_one_term_for_each_idea() -> None:
    joined = "\n".join(JA.values())
    assert "局所微分" not in joined  # the term is 局所的な微分
    assert not re.search("(?<!平方)根", joined)  # the output is 出力, not 根
    assert TERMS["local derivative"] == "局所的な微分" and TERMS["output"] == "出力"


def test_first_uses_name_the_course_words() -> None:
    assert "連鎖律（チェインルール）" in text(
        "chain_first", "ja", root="L", node="L", wrt="d", grad=1, local=1, contribution=1
    )
    assert "誤差逆伝播法（バックプロパゲーション）" in text(
        "backward_title", "ja", count="3 ステップ", root="L"
    )


def test_both_tables_have_the_same_keys_and_fields() -> None:
    import string

    def fields(s: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(s) if f}

    assert set(TABLES["en"]) == set(JA)
    for key in JA:
        assert fields(TABLES["en"][key]) == fields(JA[key]), key
