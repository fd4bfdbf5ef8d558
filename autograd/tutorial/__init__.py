"""Self-checking exercises for the tutorial notebooks: one call says ✓, or ✗ with a hint.

Each notebook makes a :class:`Checker` in its language and calls one method per
exercise with the learner's answer (a number, a function, a class).  The answer
is never trusted to run cleanly: an error in it becomes a hint, not a traceback.

>>> check = Checker("en")
>>> check.nudge(((6 + 0.001) ** 2 - 6**2) / 0.001)
✓ Right: (L(6.001) − L(6))/0.001 = 12.001, a little more than the slope 12.
>>> check.grad_w(lambda x, y, y_hat: ((y_hat - y) * x).mean())
✗ Your grad_w is off by a factor of 2: did you drop the 2 from the derivative of the square?
>>> Checker("ja").direction(-1)
✗ 勾配の向きに動かしています。勾配がマイナスの場所では、w を増やすと損失が減ります（下り坂）。勾配と逆の向きに進んでください。
"""

from __future__ import annotations

from typing import Any

from autograd.explain.sentences import check_lang
from autograd.tutorial.engine import check_my_value
from autograd.tutorial.graph import (
    backprop_in_order,
    check_build_topo,
    check_lecture_grads,
    check_neuron_grads,
    check_tanh_local,
)
from autograd.tutorial.network import check_derivative_rule, check_parameter_count
from autograd.tutorial.slope import (
    check_direction,
    check_grad_b,
    check_grad_w,
    check_gradient_vector,
    check_nudge,
    check_update,
)
from autograd.tutorial.verdict import Verdict

__all__ = ["Checker", "Verdict", "backprop_in_order"]


class Checker:
    """The exercises' checks, answering in ``lang`` ("en" or "ja")."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = check_lang(lang)

    def __repr__(self) -> str:
        return f"Checker({self.lang!r})"

    # 1. the nudge and the sign
    def nudge(self, answer: Any) -> Verdict:
        """(L(6 + h) − L(6))/h for L(w) = w² and h = 0.001."""
        return check_nudge(answer, self.lang)

    def direction(self, answer: Any) -> Verdict:
        """At w = −3 the gradient is −6: +1 to increase w, −1 to decrease it, 0 to stay."""
        return check_direction(answer, self.lang)

    # 2. the gradient vector
    def gradient_vector(self, answer: Any) -> Verdict:
        """[∂L/∂w₁, ∂L/∂w₂, ∂L/∂w₃] for the three-weight example."""
        return check_gradient_vector(answer, self.lang)

    # 3. y = 3x by hand
    def grad_w(self, fn: Any) -> Verdict:
        """A function ``grad_w(x, y, y_hat)`` giving ∂L/∂w for L = mean((ŷ − y)²)."""
        return check_grad_w(fn, self.lang)

    def grad_b(self, fn: Any) -> Verdict:
        """A function ``grad_b(x, y, y_hat)`` giving ∂L/∂b."""
        return check_grad_b(fn, self.lang)

    def update(self, fn: Any) -> Verdict:
        """A function ``update(w, grad, lr)``: one step of gradient descent."""
        return check_update(fn, self.lang)

    # 4.–6. the lecture's graph, the neuron and the order
    def lecture_grads(self, answer: Any) -> Verdict:
        """A dict of predicted gradients on L = (a·b + c)·f: a, b, c, f (e and d optional)."""
        return check_lecture_grads(answer, self.lang)

    def tanh_local(self, fn: Any) -> Verdict:
        """A function of the output o = tanh(n) giving the local derivative do/dn."""
        return check_tanh_local(fn, self.lang)

    def neuron_grads(self, answer: Any) -> Verdict:
        """A dict of the lecture neuron's gradients: x1, w1, x2, w2 (b and n optional)."""
        return check_neuron_grads(answer, self.lang)

    def build_topo(self, fn: Any) -> Verdict:
        """A function ``build_topo(root)`` returning every node once, inputs before the nodes they feed."""
        return check_build_topo(fn, self.lang)

    # 7. your own engine
    def my_value(self, cls: Any) -> Verdict:
        """A micrograd-style class with ``+``, ``*``, ``tanh()`` and ``backward()``."""
        return check_my_value(cls, self.lang)

    # 8.–9. a network and your own derivative
    def parameter_count(self, answer: Any) -> Verdict:
        """How many parameters MLP(2, [16, 16, 1]) has."""
        return check_parameter_count(answer, self.lang)

    def derivative_rule(self, fn: Any) -> Verdict:
        """A function giving the derivative of log(1 + x²), judged by gradcheck."""
        return check_derivative_rule(fn, self.lang)
