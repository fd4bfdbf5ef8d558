"""Every formula in the op table, read by the project's own expression parser, equals its rule."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings

from autograd import OPS, ExprError, parse_expression
from autograd.core.ops import TANH, Op, as_code, pow_const, write
from autograd.testing import op_inputs

TABLE = [op for op in OPS.values() if op.builtin] + [pow_const(n) for n in (2.0, 3.0, 0.5, -1.0, -2.5, 0.0)]
# The two formulas written in words ("1 if a > 0 else 0", "sign(a), 0 at a = 0") carry their own code.
WORDED = {"relu", "abs"}


def _id(op: Op) -> str:
    return op.name + (op.symbol if op.param is not None else "")


def formula_errors(op: Op, xs: tuple[float, ...]) -> list[str]:
    """Where the parsed right-hand sides of ``op``'s formulas disagree with its rules at ``xs``."""
    names = dict(zip(op.inputs, xs))
    out = op.forward(*xs)
    errors = []
    for i, rule in enumerate(op.derivs):
        want = float(rule(out, *xs))
        code = op.rule_code(i)
        assert code is not None
        expr = parse_expression(code)
        try:
            got = expr.build({v: names[v] for v in expr.variables})[0].data
        except ExprError:
            got = math.nan  # outside the formula's domain (log of a negative, say)
        if not (
            math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(got) and math.isnan(want))
        ):
            errors.append(f"∂/∂{op.inputs[i]} at {xs}: formula {code!r} = {got!r}, rule = {want!r}")
    return errors


@pytest.mark.parametrize("op", TABLE, ids=_id)
def test_every_formula_equals_its_rule_at_random_points(op: Op) -> None:
    @settings(max_examples=40)
    @given(op_inputs(op))
    def run(xs: tuple[float, ...]) -> None:
        assert formula_errors(op, xs) == []

    run()


def test_a_formula_that_lies_is_caught() -> None:
    liar = dataclasses.replace(TANH, rule_codes=("1 - tanh({a})",))  # the square forgotten
    assert formula_errors(liar, (0.5,)) and not formula_errors(TANH, (0.5,))


@pytest.mark.parametrize("op", TABLE, ids=_id)
def test_the_code_is_the_text_people_read_unless_the_text_is_words(op: Op) -> None:
    assert op.rule_texts is not None and op.rule_codes is not None
    translated = tuple(as_code(t) for t in op.rule_texts)
    assert (translated == op.rule_codes) != (op.name in WORDED)


@pytest.mark.parametrize("op", TABLE, ids=_id)
def test_formulas_are_the_templates_filled_with_the_placeholders(op: Op) -> None:
    assert op.rule_texts is not None
    for i, formula in enumerate(op.formulas):
        assert formula.endswith(" = " + op.rule_text(i))
        assert formula.startswith("∂") and f"/∂{op.inputs[i]} = " in formula
    assert op.rule_text(0, *("w", "v")[: op.arity]).count("{") == 0


def test_placeholders_take_real_names() -> None:
    assert OPS["mul"].rule_text(0, "x", "y") == "y"
    assert OPS["div"].rule_text(1, "p", "q") == "−p/q²"
    assert OPS["div"].rule_code(1, "p", "q") == "-p/q**2"
    assert OPS["pow"].rule_code(1, "x", "n") == "x**n*log(x)"
    assert OPS["tanh"].rule_text(0, "n3") == "1 − tanh²(n3)"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("a**2*b", "a^2 · b"),
        ("(a+b)*c", "(a + b) · c"),
        ("a-(b-c)", "a − (b − c)"),
        ("a-b-c", "a − b − c"),
        ("a**b**c", "a^b^c"),
        ("(a**b)**c", "(a^b)^c"),
        ("-a**2", "−a^2"),
        ("(-a)**2", "(−a)^2"),
        ("-(a+b)", "−(a + b)"),
        ("sigmoid(a*b)", "σ(a · b)"),
    ],
)
def test_write_puts_parentheses_where_precedence_needs_them(code: str, text: str) -> None:
    # Rebuild the parser's tree with write(), in both notations, and compare with the source.
    tree = parse_expression(code).build({v: 2.0 for v in parse_expression(code).variables})[0]

    def show(node, as_code: bool):  # type: ignore[no-untyped-def]
        op = node.op_entry
        if op is None:
            return node.label, 5
        return write(op, [show(p, as_code) for p in node.parents], code=as_code)

    assert show(tree, True)[0] == code
    assert show(tree, False)[0] == text
