"""The safe expression parser: what it builds, what it refuses, and that it never crashes."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import ExprError, Value, parse_expression
from autograd.expr import MAX_DEPTH, MAX_LENGTH, evaluate


def grads(text: str, **values: float) -> tuple[float, dict[str, float]]:
    root, inputs = evaluate(text, values)
    root.backward()
    return root.data, {k: v.grad for k, v in inputs.items()}


def test_lecture_expression_matches_hand_derivation() -> None:
    value, g = grads("(a*b + c)*f", a=2, b=-3, c=10, f=-2)
    assert value == -8.0
    assert g == {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}


def test_variable_used_twice_is_one_leaf_labelled_by_its_name() -> None:
    root, inputs = evaluate("x*x + x", {"x": 3.0})
    assert inputs["x"].label == "x"
    leaves = {id(p) for p in root.parents[0].parents} | {id(root.parents[1])}
    assert leaves == {id(inputs["x"])}
    root.backward()
    assert inputs["x"].grad == 7.0  # d(x² + x)/dx = 2x + 1


def test_variables_are_listed_in_order_of_first_use() -> None:
    assert parse_expression("c + exp(b*a) - a").variables == ("c", "b", "a")


def test_every_function_matches_math() -> None:
    x = 0.7
    cases = {
        "exp": math.exp(x),
        "log": math.log(x),
        "tanh": math.tanh(x),
        "sigmoid": 1 / (1 + math.exp(-x)),
        "relu": x,
        "sqrt": math.sqrt(x),
        "abs": x,
        "sin": math.sin(x),
        "cos": math.cos(x),
    }
    for name, want in cases.items():
        root, _ = evaluate(f"{name}(x)", {"x": x})
        assert root.data == pytest.approx(want, rel=1e-15), name
        assert root.op == name


def test_precedence_follows_python_arithmetic() -> None:
    assert grads("-x**2", x=3)[0] == -9.0
    assert grads("2**x**2", x=1.5)[0] == pytest.approx(2 ** (1.5**2))
    assert grads("a - b - c", a=1, b=2, c=3)[0] == -4.0
    assert grads("a / b / c", a=8, b=2, c=2)[0] == 2.0
    assert grads("+a", a=5)[0] == 5.0


def test_numeric_exponent_is_the_one_input_power_op() -> None:
    root, inputs = evaluate("x**-2", {"x": 2.0})
    assert root.parents == (inputs["x"],)
    root.backward()
    assert inputs["x"].grad == pytest.approx(-2 * 2.0**-3)


def test_gradients_match_central_differences() -> None:
    text = "tanh(w*x + b) * sigmoid(x) + log(1 + w**2) / sqrt(abs(b) + 1) - sin(w)*cos(x)"
    point = {"w": 0.3, "x": -1.2, "b": 0.8}
    _, g = grads(text, **point)
    h = 1e-6
    for name in point:
        up, down = dict(point), dict(point)
        up[name] += h
        down[name] -= h
        fd = (evaluate(text, up)[0].data - evaluate(text, down)[0].data) / (2 * h)
        assert g[name] == pytest.approx(fd, rel=1e-6, abs=1e-8), name


def test_build_on_reuses_the_given_leaves() -> None:
    expr = parse_expression("a*b + a")
    a, b = Value(2.0), Value(-3.0)
    root = expr.build_on({"a": a, "b": b})
    root.backward()
    assert (root.data, a.grad, b.grad) == (-4.0, -2.0, 2.0)
    with pytest.raises(ExprError, match="'b'"):
        expr.build_on({"a": a})


def test_constants_are_leaves_so_they_show_in_the_graph() -> None:
    root, inputs = evaluate("2*3", {})
    assert inputs == {}
    assert root.data == 6.0 and root.op == "mul"


def col(text: str) -> int | None:
    with pytest.raises(ExprError) as info:
        parse_expression(text)
    return info.value.column


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("a +* b", 4, "unexpected '*'"),
        ("  a +* b", 6, "unexpected '*'"),
        ("a b", 3, "unexpected 'b'"),
        ("(a + b", 1, "never closed"),
        ("a +", 4, "ends too early"),
        ("a)", 2, "unmatched"),
        ("a ^ 2", 3, "write a**b"),
        ("a // 2", 3, "floor division"),
        ("a.real", 1, "attribute"),
        ("a[0]", 1, "indexing"),
        ("a < b", 1, "comparison"),
        ("a if b else c", 1, "if ... else"),
        ("lambda: 1", 1, "lambda"),
        ("'x'", 1, "string"),
        ("2j", 1, "2j"),
        ("1e999", 1, "too large"),
        ("foo(a)", 1, "unknown function 'foo'"),
        ("__import__('os')", 1, "unknown function"),
        ("exp(a, b)", 1, "takes 1 argument, got 2"),
        ("exp(x=a)", 1, "keyword"),
        ("exp", 1, "call it"),
        ("a + tanh", 5, "call it"),
        ("é + * 1", 5, "unexpected '*'"),
        ("a\tb", 2, "control character"),
        ("a\nb", 1, "only the last statement may be a plain expression"),
    ],
)
def test_refused_syntax_names_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(ExprError) as info:
        parse_expression(text)
    assert info.value.column == column
    assert words in str(info.value)
    assert str(info.value).startswith(f"column {column}: ")


def test_empty_expression() -> None:
    with pytest.raises(ExprError, match="empty"):
        parse_expression("   ")


def test_length_is_bounded() -> None:
    ok = "+".join(["a"] * (MAX_LENGTH // 2))
    assert parse_expression(ok).variables == ("a",)
    with pytest.raises(ExprError, match=f"limit is {MAX_LENGTH}"):
        parse_expression("a" + "+a" * MAX_LENGTH)


def test_deep_parentheses_are_a_clean_error() -> None:
    assert parse_expression("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH).variables == ("a",)
    with pytest.raises(ExprError, match=f"more than {MAX_DEPTH} deep") as info:
        parse_expression("(" * 400 + "a" + ")" * 400)
    assert info.value.column == MAX_DEPTH + 1


def test_long_chains_build_without_recursion() -> None:
    # 999 unary minuses: a tree far deeper than a recursive walk could take.
    root, inputs = evaluate("-" * 999 + "a", {"a": 2.0})
    assert root.data == -2.0
    root.backward()
    assert inputs["a"].grad == -1.0
    value, g = grads("+".join(["a"] * 400), a=1.5)
    assert value == 600.0 and g == {"a": 400.0}


@pytest.mark.parametrize(
    ("text", "values", "words"),
    [
        ("a*b", {"a": 1.0}, "no value given for variable 'b'; add b=NUMBER"),
        ("a", {"a": 1.0, "z": 2.0}, "variable 'z' not in the expression"),
        ("a", {"a": math.nan}, "not a finite number"),
        ("a", {"a": math.inf}, "not a finite number"),
        ("a", {"a": "2"}, "not a number"),
    ],
)
def test_bad_values(text: str, values: dict[str, object], words: str) -> None:
    with pytest.raises(ExprError, match=words):
        parse_expression(text).build(values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "values", "column", "words"),
    [
        ("1 + log(a)", {"a": -1.0}, 5, "log(a = -1) is undefined; valid inputs: a > 0"),
        ("b / (a - 1)", {"a": 1.0, "b": 2.0}, 3, "divides by zero"),
        ("sqrt(a)", {"a": -4.0}, 1, "a ≥ 0"),
        ("a ** 0.5", {"a": -4.0}, 3, "a ** 0.5 at a = -4 is undefined; valid inputs: a > 0, or a whole"),
        ("exp(a)", {"a": 1000.0}, 1, "overflows"),
    ],
)
def test_domain_errors_name_the_op_its_values_and_column(
    text: str, values: dict[str, float], column: int, words: str
) -> None:
    with pytest.raises(ExprError) as info:
        parse_expression(text).build(values)
    assert info.value.column == column
    assert words in str(info.value)


def test_expression_error_is_a_value_error() -> None:
    assert issubclass(ExprError, ValueError)


ALPHABET = "ab x1.2e+-*/()**,[]'\"^%<=! \t_" + "abcdefghijklmnopqrstuvwxyz" + "0123456789" + "é∂"
TOKENS = st.sampled_from(
    [
        *[
            "a",
            "b",
            "x",
            "1",
            "2.5",
            "1e308",
            "+",
            "-",
            "*",
            "/",
            "**",
            "(",
            ")",
            ",",
            "exp",
            "log",
            "sqrt",
            "foo",
            "tanh",
            "relu",
            ".",
            "[",
            "]",
            "lambda",
            ":",
            "if",
            "else",
            "0",
            "=",
            "__class__",
            "'",
        ],
        " ",
    ]
)


@settings(max_examples=400)
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=40), st.lists(TOKENS, max_size=30).map("".join)))
def test_fuzz_parses_or_raises_expr_error(text: str) -> None:
    try:
        expr = parse_expression(text)
    except ExprError as e:
        assert str(e)
        return
    try:
        root, _ = expr.build(dict.fromkeys(expr.variables, 0.5))
    except ExprError:
        return
    assert isinstance(root, Value)


@settings(max_examples=100)
@given(st.text(max_size=60))
def test_fuzz_any_unicode_parses_or_raises_expr_error(text: str) -> None:
    # Whatever the text, the only exception allowed out is ExprError.
    with contextlib.suppress(ExprError):
        parse_expression(text)
