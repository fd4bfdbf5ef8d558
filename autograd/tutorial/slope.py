"""Checks for the course's first steps: the nudge, the sign, the gradient vector, and y = 3x by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.tutorial.verdict import Verdict, close, number_or_none

__all__ = [
    "check_direction",
    "check_grad_b",
    "check_grad_w",
    "check_gradient_vector",
    "check_nudge",
    "check_update",
]

H = 0.001
NUDGE = ((6 + H) ** 2 - 6**2) / H  # (L(6.001) − L(6))/0.001 for L(w) = w²
VECTOR = (0.5, -2.0, 0.0)  # the gradient of (w·x − y)² at x = (−0.5, 2, 0), y = 1, w = (1, 0.5, 2)
VECTOR_X = (-0.5, 2.0, 0.0)


def _blank(answer: Any) -> bool:
    return answer is Ellipsis or answer is None


def check_nudge(answer: Any, lang: str) -> Verdict:
    """The slope estimate (L(6 + h) − L(6))/h for h = 0.001: 12.001."""
    if _blank(answer):
        return Verdict.wrong(lang, "tutorial_blank")
    x = number_or_none(answer)
    if x is None:
        return Verdict.wrong(lang, "tutorial_not_a_number", got=repr(answer)[:40])
    if close(x, NUDGE):
        return Verdict.right(lang, "tutorial_ok_nudge", value=f"{NUDGE:.6g}")
    if close(x, NUDGE * H):
        return Verdict.wrong(lang, "tutorial_hint_divide_by_h", value=f"{x:.6g}")
    if close(x, -NUDGE):
        return Verdict.wrong(lang, "tutorial_hint_nudge_sign")
    if close(x, 12.0):
        return Verdict.wrong(lang, "tutorial_hint_nudge_exact")
    if close(x, 13.0) or close(x, 12.1):
        return Verdict.wrong(lang, "tutorial_hint_nudge_h", value=f"{x:.6g}")
    return Verdict.wrong(lang, "tutorial_hint_nudge_other", value=f"{x:.6g}")


def check_direction(answer: Any, lang: str) -> Verdict:
    """Which way to move w at w = −3, where dL/dw = −6: +1 (increase)."""
    if _blank(answer):
        return Verdict.wrong(lang, "tutorial_blank")
    x = number_or_none(answer)
    if x == 1:
        return Verdict.right(lang, "tutorial_ok_direction")
    if x == -1:
        return Verdict.wrong(lang, "tutorial_hint_direction_with_gradient")
    if x == 0:
        return Verdict.wrong(lang, "tutorial_hint_direction_zero")
    return Verdict.wrong(lang, "tutorial_hint_direction_choices", got=repr(answer)[:40])


def _numbers(answer: Any, n: int) -> list[float] | None:
    try:
        xs = [number_or_none(a) for a in answer]
    except TypeError:
        return None
    if len(xs) != n or any(x is None for x in xs):
        return None
    return [x for x in xs if x is not None]


def check_gradient_vector(answer: Any, lang: str) -> Verdict:
    """[∂L/∂w₁, ∂L/∂w₂, ∂L/∂w₃] for the three-weight example: [0.5, −2, 0]."""
    if _blank(answer):
        return Verdict.wrong(lang, "tutorial_blank")
    xs = _numbers(answer, 3)
    if xs is None:
        return Verdict.wrong(lang, "tutorial_hint_three_numbers")
    if all(close(a, b) for a, b in zip(xs, VECTOR)):
        return Verdict.right(lang, "tutorial_ok_vector")
    if all(close(a, -b) for a, b in zip(xs, VECTOR)):
        return Verdict.wrong(lang, "tutorial_hint_vector_sign")
    if all(close(a, b / 2) for a, b in zip(xs, VECTOR)):
        return Verdict.wrong(lang, "tutorial_hint_factor_2", name="grads")
    if close(xs[0], xs[1]) and close(xs[1], xs[2]):
        return Verdict.wrong(lang, "tutorial_hint_vector_times_x")
    wrong = [i + 1 for i, (a, b) in enumerate(zip(xs, VECTOR)) if not close(a, b)]
    return Verdict.wrong(lang, "tutorial_hint_vector_some", which=", ".join(f"w{i}" for i in wrong))


def _sample(seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Data of the course's shape, x and y as (100, 1) columns, and a prediction that is off."""
    rng = np.random.RandomState(seed)
    x = rng.randn(100, 1)
    y = 3 * x
    y_hat = x * 1.3 + 0.4
    return x, y, y_hat


def _ratio_hint(got: float, want: float, n: int) -> str | None:
    """The usual slips, read off the ratio between the learner's number and the right one."""
    if close(got, want / 2):
        return "tutorial_hint_factor_2"
    if close(got, 2 * want):
        return "tutorial_hint_factor_2_twice"
    if close(got, -want):
        return "tutorial_hint_grad_sign"
    if close(got, n * want):
        return "tutorial_hint_sum_not_mean"
    return None


def _call(fn: Any, lang: str, name: str, *args: Any) -> float | Verdict:
    """The learner's function's number, or the ✗ that says why there is none."""
    if _blank(fn) or not callable(fn):
        return Verdict.wrong(lang, "tutorial_blank_function", name=name)
    try:
        out = fn(*args)
    except Exception as e:  # the learner's code: any error becomes a hint, never a traceback
        error = f"{type(e).__name__}: {e}"[:120]
        return Verdict.wrong(lang, "tutorial_function_raised", name=name, error=error)
    if out is None or out is Ellipsis:
        return Verdict.wrong(lang, "tutorial_returned_none", name=name)
    x = number_or_none(out)
    if x is None:
        return Verdict.wrong(lang, "tutorial_not_a_number", got=repr(out)[:40])
    return x


def check_grad_w(fn: Any, lang: str) -> Verdict:
    """``grad_w(x, y, y_hat)`` = mean(2(ŷ − y)·x), the course's hand-derived ∂L/∂w."""
    x, y, y_hat = _sample()
    got = _call(fn, lang, "grad_w", x, y, y_hat)
    if isinstance(got, Verdict):
        return got
    want = float(np.mean(2 * (y_hat - y) * x))
    if close(got, want):
        return Verdict.right(lang, "tutorial_ok_grad_w")
    hint = _ratio_hint(got, want, len(x))
    if hint:
        return Verdict.wrong(lang, hint, name="grad_w")
    if close(got, float(np.mean(2 * (y_hat - y)))):
        return Verdict.wrong(lang, "tutorial_hint_grad_w_times_x")
    return Verdict.wrong(
        lang, "tutorial_hint_numbers_differ", name="grad_w", got=f"{got:.6g}", want=f"{want:.6g}"
    )


def check_grad_b(fn: Any, lang: str) -> Verdict:
    """``grad_b(x, y, y_hat)`` = mean(2(ŷ − y)), the course's hand-derived ∂L/∂b."""
    x, y, y_hat = _sample()
    got = _call(fn, lang, "grad_b", x, y, y_hat)
    if isinstance(got, Verdict):
        return got
    want = float(np.mean(2 * (y_hat - y)))
    if close(got, want):
        return Verdict.right(lang, "tutorial_ok_grad_b")
    hint = _ratio_hint(got, want, len(x))
    if hint:
        return Verdict.wrong(lang, hint, name="grad_b")
    if close(got, float(np.mean(2 * (y_hat - y) * x))):
        return Verdict.wrong(lang, "tutorial_hint_grad_b_no_x")
    return Verdict.wrong(
        lang, "tutorial_hint_numbers_differ", name="grad_b", got=f"{got:.6g}", want=f"{want:.6g}"
    )


def check_update(fn: Callable[[float, float, float], float] | Any, lang: str) -> Verdict:
    """``update(w, grad, lr)`` = w − lr·grad, one step of gradient descent."""
    got = _call(fn, lang, "update", 2.0, 0.5, 0.1)
    if isinstance(got, Verdict):
        return got
    if close(got, 1.95):
        return Verdict.right(lang, "tutorial_ok_update")
    if close(got, 2.05):
        return Verdict.wrong(lang, "tutorial_hint_update_uphill")
    if close(got, 1.5):
        return Verdict.wrong(lang, "tutorial_hint_update_no_lr")
    if close(got, -0.05) or close(got, 0.05):
        return Verdict.wrong(lang, "tutorial_hint_update_no_w")
    return Verdict.wrong(
        lang, "tutorial_hint_numbers_differ", name="update(2, 0.5, 0.1)", got=f"{got:.6g}", want="1.95"
    )
