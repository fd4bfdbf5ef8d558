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

# Words a reader types or reads as code: commands, options, class and function names.
IDENTIFIERS = frozenset(
    [
        # software, formats, keywords and the tutorial's variables by name
        "MyValue",
        "return",
        "lr",
        "xi",
        "wi",
        "matplotlib",
        "MLP",
        "JSON",
        "pip",
        "install",
        "gradcheck",
        "gradgradcheck",
        "NaN",
        "Python",
        "PyTorch",
        "micrograd",
        "hypothesis",
        "numpy",
        "Graphviz",
        "Jupyter",
        "self",
        "other",
        "autograd",
        "Value",
        "Stepper",
        "backward",
        "forward",
        "en",
        "ja",
        "and",
        "or",
        "if",
        "else",
        "not",
        "ln",
        "max",
        "min",
        "check",
        "step",
        "grad",
        "draw",
        "quiz",
        "audit",
        "html",
        "svg",
        "png",
        "pdf",
        "help",
        "tanh",
        "exp",
        "log",
        "relu",
        "sigmoid",
        "sin",
        "cos",
        "sqrt",
        "abs",
        "dot",
        "None",
        "True",
        "False",
        "lang",
        "seed",
        "eps",
        "atol",
        "rtol",
        "second",
        "view",
        "rankdir",
        "animate",
        "max_nodes",
        "fresh",
        "zero_grad",
        "next",
        "run",
        "table",
        "nan",
        "inf",
    ]
)
FIELD = re.compile(r"\{[a-z_0-9]+\}")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
ASCII_RUN = re.compile(r"[ -~²³√×·−∂…ŷεηθσλΣ]+")  # formulas keep their math signs in one run
CODE = re.compile(r"[A-Za-z0-9=*/+\-^|<>_.]")  # a run with any of these is code or a formula
FORMULA = re.compile(r"∂\S*")


def stray_english(sentence: str) -> list[str]:
    """English words outside formulas, code and quoted text."""
    bare = QUOTED.sub("", FORMULA.sub("", FIELD.sub(" x ", sentence)))
    words = []
    for run in ASCII_RUN.findall(bare):
        if re.search(r"[=*/+^|<>_.():0-9·−×²³√-]", run):
            continue  # code or a formula: e = a*b, graph.svg, -o, {name}(x), 1.8e308
        words += [w for w in re.findall(r"[A-Za-z]+", run) if len(w) > 1 and w not in IDENTIFIERS]
    return words


def stray_punctuation(sentence: str) -> list[str]:
    """Half-width parentheses or colons used as prose punctuation (not inside code)."""
    bare = QUOTED.sub("", FORMULA.sub("", FIELD.sub(" x ", sentence)))
    found = []
    for run in ASCII_RUN.findall(bare):
        if re.search(r"[()]", run) and not CODE.search(run):
            found.append(run)
    found += re.findall(r"[ぁ-んァ-ヶ一-龯]: ", bare)
    return found


@pytest.mark.parametrize("key", sorted(JA))
def test_no_english_words_outside_formulas_and_code(key: str) -> None:
    assert not stray_english(JA[key]), f"{key}: {JA[key]!r}"


@pytest.mark.parametrize("key", sorted(JA))
def test_full_width_parentheses_and_colons_in_prose(key: str) -> None:
    assert not stray_punctuation(JA[key]), f"{key}: {JA[key]!r}"


def test_the_scan_catches_english_and_half_width_punctuation() -> None:
    assert stray_english("次は L（mul）です") == ["mul"]
    assert stray_english("x の gradient が増えました") == ["gradient"]
    assert stray_english("例：check 'a*b' a=2、e = a*b、graph.svg") == []
    assert stray_punctuation("値 (勾配) です") == [" (", ") "]
    assert stray_punctuation("出発点: 1") == ["点: "]
    assert stray_punctuation("{name}(x) のように呼びます（例）") == []


def test_plain_form_is_not_mixed_with_desu_masu() -> None:
    assert re.search(r"(?<![まで])した(?:[。）」]|$)", "勾配が 6 になりました。") is None
    plain = re.compile(r"(?<![まで])(?:なった|された|足した|した|である|だ)(?:[。）」]|$)")
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
