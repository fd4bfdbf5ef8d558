"""Named intermediates: ``e = a*b; d = e + c; L = d*f`` builds the lecture's graph with its labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import ExprError, Value, parse_expression
from autograd.explain.naming import node_names
from autograd.expr import MAX_LENGTH

LECTURE = "e = a*b; d = e + c; L = d*f"
VALUES = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}


def test_the_lecture_graph_is_labelled_e_d_and_L() -> None:
    expr = parse_expression(LECTURE)
    assert expr.variables == ("a", "b", "c", "f")
    assert expr.names == ("e", "d", "L") and expr.output == "L"
    root, inputs = expr.build(VALUES)
    e, _ = root.parents[0].parents
    assert (root.label, root.parents[0].label, e.label) == ("L", "d", "e")
    assert (e.data, root.parents[0].data, root.data) == (-6.0, 4.0, -8.0)
    assert sorted(node_names(root).values()) == ["L", "a", "b", "c", "d", "e", "f"]
    root.backward()
    assert {k: v.grad for k, v in inputs.items()} == {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}


def test_new_lines_separate_statements_too_and_blank_ones_are_skipped() -> None:
    expr = parse_expression("  e = a*b\n\n  L = e + a;\n")
    assert expr.names == ("e", "L") and expr.variables == ("a", "b")
    root, _ = expr.build({"a": 2.0, "b": 3.0})
    assert root.data == 8.0


def test_the_last_statement_may_be_a_plain_expression() -> None:
    expr = parse_expression("h = tanh(w*x + b); h*h")
    assert expr.output == "" and expr.names == ("h",)
    root, _ = expr.build({"w": 0.5, "x": 2.0, "b": -1.0})
    assert root.label == "" and root.parents[0].label == "h"


def test_a_plain_expression_keeps_its_old_shape() -> None:
    expr = parse_expression("a*b + c")
    assert expr.names == () and expr.output == "" and len(expr.statements) == 1
    assert expr.tree is expr.statements[0].tree


def test_build_on_labels_the_intermediates_on_the_callers_leaves() -> None:
    a, b = Value(2.0), Value(3.0)
    root = parse_expression("e = a*b; L = e*e").build_on({"a": a, "b": b})
    assert root.label == "L" and root.parents[0].label == "e" and root.data == 36.0


def test_trace_says_how_the_text_writes_each_node() -> None:
    root, inputs, sources = parse_expression("e = x**2; L = 3*e + x").trace({"x": 2.0})
    written = {sources[v] for v in sources}
    assert {"x", "e", "L", "3", "3*e"} <= written
    assert sources[root] == "L" and sources[inputs["x"]] == "x"


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("e = a; L = e*2", 1, "e = a only gives a a second name"),
        ("e = +a; L = e*2", 1, "second name"),
        ("e = a*b; e = a+b; L = e", 10, "e is assigned twice"),
        ("L = d*2; d = a*b", 5, "d is used before it is assigned (statement 2 assigns it)"),
        ("e = e + 1; L = e*2", 5, "e is used before it is assigned"),
        ("a*b; L = a", 1, "only the last statement may be a plain expression"),
        ("e = a*b; L = a*2", 1, "e is assigned, but the output does not use it"),
        ("e = a*b; d = e*2; L = a*2", 1, "e is assigned, but the output does not use it"),
        ("exp = a*b; L = exp*2", 1, "exp is a function name"),
        ("if = a*b; L = a", 1, "keyword"),
        ("e = ; L = a", 4, "ends too early"),
        ("e = a*b; L = e = a", 16, "only a single name can be assigned"),
        ("a + b = c", 7, "only a single name can be assigned"),
        ("e == a", 1, "a comparison is not allowed"),
    ],
)
def test_refused_programs_name_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(ExprError) as info:
        parse_expression(text)
    assert words in str(info.value)
    assert info.value.column == column, str(info.value)


def test_an_assigned_name_cannot_also_be_given_a_value() -> None:
    with pytest.raises(ExprError, match=r"e is computed by the expression, so it takes no value; remove e=3"):
        parse_expression("e = a*b; L = e*2").build({"a": 1.0, "b": 2.0, "e": 3.0})


def test_the_limits_cover_the_whole_text() -> None:
    many = "; ".join(f"x{i} = a*{i}" for i in range(120))
    assert len(many) > MAX_LENGTH
    with pytest.raises(ExprError, match=f"the limit is {MAX_LENGTH}"):
        parse_expression(many)
    with pytest.raises(ExprError, match="nest more than"):
        parse_expression("e = " + "(" * 60 + "a" + ")" * 60 + "; L = e")


def test_an_error_in_a_later_statement_names_its_column_in_the_whole_text() -> None:
    with pytest.raises(ExprError) as info:
        parse_expression("e = a*b; L = e +* 2")
    assert info.value.column == 17 and "unexpected '*'" in str(info.value)
    with pytest.raises(ExprError) as info:
        parse_expression("e = a*b; L = log(e)").build({"a": -1.0, "b": 2.0})
    assert info.value.column == 14 and "log(e = -2) is undefined; valid inputs: e > 0" in str(info.value)


NAMES = st.sampled_from(["a", "b", "e", "d", "L", "x"])
STATEMENT = st.tuples(NAMES, st.sampled_from(["a*b", "e + c", "d*2", "exp(a)", "e", "(", "a b", ""]))


@settings(max_examples=150)
@given(st.lists(STATEMENT, min_size=1, max_size=5), st.sampled_from(["; ", "\n", ";"]))
def test_fuzz_programs_parse_or_raise_expr_error(parts: list[tuple[str, str]], sep: str) -> None:
    text = sep.join(f"{name} = {body}" for name, body in parts)
    try:
        expr = parse_expression(text)
    except ExprError as e:
        assert str(e) and "\n" not in e.render("ja")
        return
    # Accepted: names are unique, none is also an input, and the output is the last one.
    assert len(set(expr.names)) == len(expr.names)
    assert not set(expr.names) & set(expr.variables)
    assert expr.output == parts[-1][0]
