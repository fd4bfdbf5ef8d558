"""Checks for the last two notebooks: counting an MLP's parameters, and a derivative rule of your own."""

from __future__ import annotations

import itertools
import math
from typing import Any

from autograd.check.gradcheck import gradcheck
from autograd.core.define import define_op
from autograd.tutorial.verdict import Verdict, close, number_or_none

__all__ = ["check_derivative_rule", "check_parameter_count"]

_fresh = itertools.count()  # every check defines its own op, under a name never used before


def check_parameter_count(answer: Any, lang: str) -> Verdict:
    """The parameters of MLP(2, [16, 16, 1]): (2·16 + 16) + (16·16 + 16) + (16·1 + 1) = 337."""
    if answer is Ellipsis or answer is None:
        return Verdict.wrong(lang, "tutorial_blank")
    x = number_or_none(answer)
    if x is None:
        return Verdict.wrong(lang, "tutorial_not_a_number", got=repr(answer)[:40])
    if x == 337:
        return Verdict.right(lang, "tutorial_ok_parameters")
    if x == 2 * 16 + 16 * 16 + 16 * 1:
        return Verdict.wrong(lang, "tutorial_hint_parameters_bias")
    if x == 16 + 16 + 1:
        return Verdict.wrong(lang, "tutorial_hint_parameters_neurons")
    return Verdict.wrong(lang, "tutorial_hint_parameters_other", got=f"{x:g}")


POINTS = (-1.7, -0.4, 0.6, 1.3, 2.2)


def check_derivative_rule(rule: Any, lang: str) -> Verdict:
    """``rule(x)``: the derivative of f(x) = log(1 + x²), which is 2x / (1 + x²), judged by gradcheck."""
    if rule is Ellipsis or rule is None or not callable(rule):
        return Verdict.wrong(lang, "tutorial_blank_function", name="d_log1p_sq")
    try:
        values = [number_or_none(rule(x)) for x in POINTS]
    except Exception as e:  # the learner's code
        return Verdict.wrong(
            lang, "tutorial_function_raised", name="d_log1p_sq", error=f"{type(e).__name__}: {e}"[:120]
        )
    if any(v is None for v in values):
        return Verdict.wrong(lang, "tutorial_returned_none", name="d_log1p_sq")
    op = define_op(f"log1p_sq_check_{next(_fresh)}", lambda x: math.log(1 + x * x), lambda x: float(rule(x)))
    for x in POINTS:
        report = gradcheck(lambda v: op(v), [x], raise_exception=False)
        if not report:
            (row,) = report.rows
            return _diagnose(lang, x, row.analytic, row.numeric)
    return Verdict.right(lang, "tutorial_ok_derivative", n=len(POINTS))


def _diagnose(lang: str, x: float, analytic: float, numeric: float) -> Verdict:
    shown = {"x": f"{x:g}", "got": f"{analytic:.6g}", "want": f"{numeric:.6g}"}
    if close(analytic * 2 * x, numeric, rel=1e-4):
        return Verdict.wrong(lang, "tutorial_hint_inner_factor", **shown)
    if close(analytic, -numeric, rel=1e-4):
        return Verdict.wrong(lang, "tutorial_hint_rule_sign", **shown)
    if close(analytic, 2 * numeric, rel=1e-4) or close(2 * analytic, numeric, rel=1e-4):
        return Verdict.wrong(lang, "tutorial_hint_rule_factor_2", **shown)
    return Verdict.wrong(lang, "tutorial_hint_rule_mismatch", **shown)
