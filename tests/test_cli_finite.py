"""A result or a gradient that is not finite is exit 2, with the node that made it so and why."""

from __future__ import annotations

import pytest
from cli_run import run


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("grad", "a*a", "a=1e200"),
            "L = inf is not a finite number: a*a at a = 1e+200 overflows a float (the largest is about 1.8e308)",
        ),
        (("grad", "2*a*a - a*a", "a=1e200"), "L = nan is not a finite number: a*a at a = 1e+200 overflows"),
        (
            ("grad", "e = exp(x); L = e*e*e*e", "x=200"),
            "L = inf is not a finite number: L at e*e*e = 3.77302e+260",
        ),
        (
            ("grad", "x**y", "x=-2", "y=2"),
            "the gradient ∂L/∂y = nan is not a number: the local derivative ∂(x**y)/∂y = x**y·ln x needs the log"
            " of the base x, and x = -2 is negative",
        ),
        (
            ("grad", "sqrt(x)", "x=0"),
            "the gradient ∂L/∂x = inf is not a finite number: the local derivative ∂(sqrt(x))/∂x at x = 0 is inf",
        ),
        (
            ("grad", "1e200*sqrt(x)", "x=1e-300"),
            "∂L/∂x = inf is not a finite number: for sqrt(x) at x = 1e-300, the chain rule's upstream gradient"
            " × local derivative = 1e+200 × 5e+149 overflows a float",
        ),
        (("step", "x**y", "x=-2", "y=2"), "∂L/∂y = nan is not a number"),
        (("draw", "a*a", "a=1e200", "-o", "never.svg"), "L = inf is not a finite number"),
        (("check", "a*a", "a=1e200"), "L = inf is not a finite number"),
    ],
)
def test_not_finite_is_exit_2_and_says_why(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str
) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("autograd: error: ")
    assert words in err, err


def test_check_judges_a_gradient_that_is_not_finite_itself(capsys: pytest.CaptureFixture[str]) -> None:
    # For check, a nan or inf gradient is a verdict (a NON-FINITE row, exit 1), not bad input.
    status, out, err = run(capsys, "check", "x**y", "x=-2", "y=2")
    assert status == 1 and err == ""
    assert "NON-FINITE" in out


def test_finite_at_the_edge_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    # Large but finite, and x**y with a negative base and a whole exponent but no gradient wanted through y.
    assert run(capsys, "grad", "a*a", "a=1e150")[1].startswith("L = 1e+300")
    assert run(capsys, "grad", "x**2", "x=-2")[1].splitlines() == ["L = 4", "  ∂L/∂x = -4"]


def test_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "grad", "a*a", "a=1e200", "--lang", "ja")
    assert status == 2
    assert err == (
        "autograd: エラー：L = inf は有限の数ではありません。a = 1e+200 のとき、a*a の値が浮動小数点数の範囲"
        "（最大は約 1.8e308）を超えています。もっと小さい入力を試してください。\n"
    )
    err = run(capsys, "grad", "x**y", "x=-2", "y=2", "--lang", "ja")[2]
    assert "底 x の対数が必要ですが、x = -2 は負の数です。" in err
