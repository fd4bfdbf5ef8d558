"""gradcheck's report in Japanese (issue 13): same verdicts, every sentence from the ja table."""

from __future__ import annotations

import math
import re
import string

import pytest

from autograd import (
    GradcheckError,
    GradcheckReport,
    Value,
    check_module,
    define_op,
    gradcheck,
    gradgradcheck,
    no_grad,
)
from autograd.explain.sentences import en, ja

# define_op writes into the global table; conftest's custom_ops undoes it after each test.
pytestmark = pytest.mark.usefixtures("custom_ops")


# What may stay in Latin letters in a Japanese report: names from code and formulas.
CODE = ("gradgradcheck", "gradcheck", "check_module", "no_grad()", ".data", "atol", "rtol", "seed", "NaN")
FORMULAS = ("ε^(1/3)·max(1, |x|)", "1/(2√x)")
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf|nan)(?![A-Za-z])")


def _english_left_in(report: GradcheckReport, names: tuple[str, ...]) -> list[str]:
    """Latin words and half-width parentheses left after removing code names, formulas, labels, numbers."""
    text = str(report)
    for token in (*FORMULAS, *CODE, *sorted((r.label for r in report.rows), key=len, reverse=True)):
        text = text.replace(token, " ")
    text = NUMBER.sub(" ", text)
    text = re.sub(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", " ", text)  # one-letter names: f, h, x, a, b
    text = text.replace("∂", " ")
    for name in names:
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z]+|[()]", text)


def _reports() -> dict[str, GradcheckReport]:
    sin_sq = define_op("sin_sq", lambda a: math.sin(a * a), lambda a: math.cos(a * a))
    nan_rule = define_op("nan_rule", lambda a: 2 * a, lambda a: math.nan)

    def detached(x: Value) -> Value:
        with no_grad():
            g = x.sin()
        return x * g

    class Line:
        def __init__(self) -> None:
            self.w, self.b = Value(3.0, "w"), Value(1.0, "b")

        def parameters(self) -> list[Value]:
            return [self.w, self.b]

    m = Line()
    kw = {"lang": "ja", "raise_exception": False}
    return {
        "passed": gradcheck(lambda x, y: x * y, [2.0, 3.0], **kw),
        "mismatch": gradcheck(lambda x: sin_sq(x), [1.5], **kw),
        "kink": gradcheck(lambda x: x.relu(), [0.0], **kw),
        "unresolved": gradcheck(lambda a, b: a * a + 1e10 + b, [1e-4, 2.0], **kw),
        "nothing": gradcheck(lambda a: a * a + 1e10, [1e-4], **kw),
        "steep": gradcheck(lambda a: (1e20 * (a - 1.0)).tanh(), [1.0], **kw),
        "backward nan": gradcheck(lambda x: nan_rule(x), [1.0], **kw),
        "detached": gradcheck(detached, [1.0], **kw),
        "second": gradgradcheck(lambda x, y: x * x * y, [2.0, 3.0], **kw),
        "module": check_module(m, lambda: (m.w * 2.0 + m.b - 5.0) ** 2, **kw),
        "given eps": gradcheck(lambda x: x * x * x, [2.0], eps=0.5, **kw),
    }


def test_a_japanese_report_has_no_english_words_outside_code_formulas_and_labels() -> None:
    for name, report in _reports().items():
        assert report.lang == "ja"
        assert _english_left_in(report, ("sin_sq", "nan_rule")) == [], (name, str(report))


def test_japanese_reports_say_the_verdicts_in_japanese() -> None:
    r = _reports()
    assert "✓ 合格：2 個の微分すべてが有限差分と一致しました" in str(r["passed"])
    assert "一致" in str(r["passed"]).splitlines()[2]
    mismatch = str(r["mismatch"])
    assert "不一致  ✗" in mismatch and "✗ 不合格：微分が有限差分と合いませんでした" in mismatch
    assert "逆伝播の値/数値的な値 = 0.333333" in mismatch and "連鎖律（チェインルール）" in mismatch
    assert "折れ点  ✗" in str(r["kink"]) and "すぐ左では約 0、すぐ右では約 1 です" in str(r["kink"])
    assert "判定不能  ？" in str(r["unresolved"]) and "2 個の微分のうち 1 個が有限差分と一致しました" in str(
        r["unresolved"]
    )
    assert "？ 何も確認できませんでした" in str(r["nothing"])
    assert "有限でない  ✗" in str(r["backward nan"]) and "逆伝播は x について nan を返しました" in str(
        r["backward nan"]
    )
    assert "定数として扱っています" in str(r["detached"]) and "no_grad()" in str(r["detached"])
    assert str(r["second"]).splitlines()[0] == "gradgradcheck：x = 2、y = 3 での二階微分"
    assert (
        str(r["module"]).splitlines()[0]
        == "check_module：パラメータ 2 個のうち 2 個についての損失の微分（seed=0）"
    )


def test_the_verdict_is_the_same_in_both_languages_and_either_can_be_shown() -> None:
    bad = define_op("cube_off", lambda a: a**3, lambda a: 3.3 * a**2)
    in_ja = gradcheck(lambda x, y: bad(x) * y, [1.5, 2.0], lang="ja", raise_exception=False)
    in_en = gradcheck(lambda x, y: bad(x) * y, [1.5, 2.0], raise_exception=False)
    assert [(r.status, r.analytic, r.numeric) for r in in_ja.rows] == [
        (r.status, r.analytic, r.numeric) for r in in_en.rows
    ]
    assert in_ja.table("en") == str(in_en) and in_en.table("ja") == str(in_ja) == repr(in_ja)
    row_ja, row_en = in_ja.rows[0], in_en.rows[0]
    assert row_ja.note == row_en.note_in("ja") and row_en.note == row_ja.note_in("en")
    assert row_ja.note.startswith("逆伝播の値は ") and row_en.note.startswith("backward says ")


def test_the_error_of_a_japanese_check_is_in_japanese() -> None:
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda x: x.relu(), [0.0], lang="ja")
    assert "✗ 不合格" in str(info.value) and "折れ点" in str(info.value)


def test_english_is_the_default_and_an_unknown_language_is_refused() -> None:
    assert gradcheck(lambda x: x * x, [3.0]).lang == "en"
    for check in (gradcheck, gradgradcheck):
        with pytest.raises(ValueError, match="unknown language 'fr'"):
            check(lambda x: x * x, [3.0], lang="fr")
    with pytest.raises(ValueError, match="unknown language"):
        gradcheck(lambda x: x * x, [3.0]).table("de")


def _without_formulas(sentence: str) -> str:
    """The sentence without {fields} and without formula parentheses: sin(x²), ε^(1/3), 1/(2√x), no_grad()."""
    sentence = re.sub(r"\{[^}]*\}", "", sentence)
    while True:
        shorter = re.sub(r"[A-Za-z0-9_^/²]\([^()（）\u3040-\u9fff]*\)", "", sentence)
        if shorter == sentence:
            return sentence
        sentence = shorter


def test_check_sentences_have_the_same_fields_in_both_tables() -> None:
    keys = [k for k in en.SENTENCES if k.startswith("check_")]
    assert keys and keys == [k for k in ja.SENTENCES if k.startswith("check_")]
    fields = string.Formatter()
    for key in keys:
        assert {f for _, f, _, _ in fields.parse(en.SENTENCES[key]) if f} == {
            f for _, f, _, _ in fields.parse(ja.SENTENCES[key]) if f
        }, key
        assert "(" not in _without_formulas(ja.SENTENCES[key]) and ")" not in _without_formulas(
            ja.SENTENCES[key]
        ), key
