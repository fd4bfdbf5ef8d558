"""Bad input gets an error that names the op, the values and the labels."""

from __future__ import annotations

import pytest

from autograd import Value


@pytest.mark.parametrize("data", ["abc", None, [1.0], 1j])
def test_value_needs_a_real_number(data: object) -> None:
    with pytest.raises(TypeError, match="real number"):
        Value(data)  # type: ignore[arg-type]


def test_value_of_a_value_says_how_to_fix() -> None:
    with pytest.raises(TypeError, match="use it as is"):
        Value(Value(1.0))  # type: ignore[arg-type]


def test_label_must_be_text() -> None:
    with pytest.raises(TypeError, match="label must be a str"):
        Value(1.0, label=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "error", "pieces"),
    [
        (lambda: Value(-1, "a").log(), ValueError, ["log", "a = -1", "a > 0"]),
        (lambda: Value(0.0, "z").log(), ValueError, ["log", "z = 0", "a > 0"]),
        (lambda: Value(-4, "w").sqrt(), ValueError, ["sqrt", "w = -4", "≥ 0"]),
        (lambda: Value(2, "n") / 0, ZeroDivisionError, ["div", "n = 2", "≠ 0"]),
        (lambda: 1 / Value(0.0, "d"), ZeroDivisionError, ["div", "d = 0"]),
        (lambda: Value(-8.0, "b") ** (1 / 3), ValueError, ["pow", "b = -8", "whole-number"]),
        (lambda: Value(0.0, "b") ** -1, ZeroDivisionError, ["pow", "b = 0"]),
        (lambda: Value(1000.0, "big").exp(), OverflowError, ["exp", "big = 1000", "overflows"]),
    ],
)
def test_domain_errors_name_op_value_and_label(make, error, pieces) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as info:
        make()
    message = str(info.value)
    assert "math domain error" not in message
    for piece in pieces:
        assert piece in message


@pytest.mark.parametrize("other", ["x", None, [1], {}])
def test_operands_must_be_values_or_numbers(other: object) -> None:
    with pytest.raises(TypeError, match=r"unsupported operand .*use a Value or a real number"):
        Value(2) + other  # type: ignore[operator]
    with pytest.raises(TypeError, match="unsupported operand"):
        other * Value(2)  # type: ignore[operator]


def test_exponent_must_be_a_value_or_number() -> None:
    with pytest.raises(TypeError, match="unsupported exponent"):
        Value(2) ** "2"  # type: ignore[operator]


def test_backward_overflow_names_the_node() -> None:
    a, b = Value(0.5, "a"), Value(-1023.0, "b")
    out = a**b
    with pytest.raises(OverflowError, match=r"backward through pow\(a = 0.5, b = -1023\).*overflows"):
        out.backward()
    with pytest.raises(OverflowError, match="backward through pow"):
        list(out.backward_steps())
