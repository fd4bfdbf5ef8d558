"""A node that uses one input twice names each input by its role (issue 10, item 17).

For y = x·x at x = 3 the full derivative ∂y/∂x is 6; what is 3 is the local
derivative along each of the two edges, so the text must not say ∂y/∂x = 3.
"""

from __future__ import annotations

from autograd import Value


def square_step(lang: str) -> str:
    x = Value(3.0, "x")
    y = x * x
    y.label = "y"
    return next(y.backward_steps()).explain(lang)


def test_english_names_the_factor_not_the_variable() -> None:
    s = square_step("en")
    assert "∂y/∂x = x = 3" not in s
    assert "→ x, as the first factor: local derivative ∂y/∂(first factor) = x = 3" in s
    assert "→ x, as the second factor: local derivative ∂y/∂(second factor) = x = 3" in s
    assert "∂y/∂y × ∂y/∂(second factor) = 1 × 3 = 3" in s
    assert "so it went from 3 to 6" in s


def test_japanese_names_the_factor_not_the_variable() -> None:
    s = square_step("ja")
    assert "∂y/∂x = x = 3" not in s
    assert "局所的な微分 ∂y/∂(1 つ目の因数) = x = 3" in s
    assert "局所的な微分 ∂y/∂(2 つ目の因数) = x = 3" in s


def test_roles_of_other_ops_and_a_single_use_keeps_the_name() -> None:
    x = Value(2.0, "x")
    q = x / x
    q.label = "q"
    s = next(q.backward_steps()).explain()
    assert "∂q/∂(numerator) = 1/x = 0.5" in s and "∂q/∂(denominator) = −x/x² = -0.5" in s
    y = Value(5.0, "y")
    p = x * y
    p.label = "p"
    assert "∂p/∂x = y = 5" in next(p.backward_steps()).explain()
