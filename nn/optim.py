"""Optimizers with PyTorch's update rules: :class:`SGD` and :class:`Adam`.

``step()`` changes each parameter's ``.data`` in place, as plain float
arithmetic, so no graph nodes are recorded.  ``lr`` can be set between steps
(a schedule does); every setting is checked when the optimizer is built, and
``lr`` again whenever it is set, so a NaN never reaches an update.

>>> from autograd import Value
>>> w = Value(1.0)
>>> (w * w).backward()      # ∂(w²)/∂w = 2
>>> SGD([w], lr=0.1).step()  # w ← w − 0.1·2
>>> w.data
0.8
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any

from autograd import Value

__all__ = ["SGD", "Adam", "Optimizer"]


def _grad(p: Value) -> float:
    g = p.grad
    return g if isinstance(g, float) else float(g.data)  # a Value after backward(create_graph=True)


def _check(name: str, x: object, ok: Callable[[float], bool], valid: str) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x) or not ok(float(x)):
        raise ValueError(f"{name} must be {valid}, got {x!r}")
    return float(x)


def _nonneg(x: float) -> bool:
    return x >= 0


def _positive(x: float) -> bool:
    return x > 0


def _unit(x: float) -> bool:
    return 0 <= x < 1


class Optimizer:
    """Holds the parameters; subclasses define :meth:`step`."""

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimizer got no parameters; pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(
                    f"parameter {i} is a {type(p).__name__}, not a Value; pass model.parameters()"
                )
        self.lr = lr

    @property
    def lr(self) -> float:
        """The learning rate: a finite number ≥ 0, checked whenever it is set."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = _check("lr", value, _nonneg, "a finite number ≥ 0")

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0 before the next ``backward()``."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Update every parameter's ``.data`` from its ``.grad``."""
        raise NotImplementedError

    def snapshot(self) -> Any:
        """A copy of the state ``step()`` keeps between steps (momentum buffers, moments), or None.

        :func:`nn.fit` takes one at the start of each epoch, so that it can
        :meth:`restore` the optimizer with the weights when the epoch fails.
        A subclass with state of its own overrides both methods.
        """
        return None

    def restore(self, state: Any) -> None:
        """Put back a state taken by :meth:`snapshot`."""


class SGD(Optimizer):
    """Stochastic gradient descent, PyTorch's rule.

    ``g = ∂L/∂p + weight_decay·p``; with momentum μ: ``buf = μ·buf + g`` (``buf = g``
    on the first step) and ``p ← p − lr·buf``; without: ``p ← p − lr·g``.
    """

    def __init__(
        self, params: Iterable[Value], lr: float, momentum: float = 0.0, weight_decay: float = 0.0
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _check("momentum", momentum, _nonneg, "a finite number ≥ 0")
        self.weight_decay = _check("weight_decay", weight_decay, _nonneg, "a finite number ≥ 0")
        self._buf: list[float] | None = None

    def step(self) -> None:
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        if mu == 0.0:
            for p in self.params:
                p.data -= lr * (_grad(p) + wd * p.data)
            return
        first = self._buf is None
        buf = self._buf if self._buf is not None else [0.0] * len(self.params)
        for i, p in enumerate(self.params):
            g = _grad(p) + wd * p.data
            buf[i] = g if first else mu * buf[i] + g
            p.data -= lr * buf[i]
        self._buf = buf

    def snapshot(self) -> Any:
        return None if self._buf is None else list(self._buf)

    def restore(self, state: Any) -> None:
        self._buf = None if state is None else list(state)


class Adam(Optimizer):
    """Adam with bias correction, PyTorch's rule (weight decay is L2 added to the gradient).

    ``g = ∂L/∂p + weight_decay·p``; ``m = β₁m + (1−β₁)g``; ``v = β₂v + (1−β₂)g²``;
    ``p ← p − lr·m̂ / (√v̂ + eps)`` with ``m̂ = m/(1−β₁ᵗ)``, ``v̂ = v/(1−β₂ᵗ)`` at step t = 1, 2, …
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (β₁, β₂), got {betas!r}")
        self.betas = (
            _check("betas[0]", betas[0], _unit, "in [0, 1)"),
            _check("betas[1]", betas[1], _unit, "in [0, 1)"),
        )
        # eps > 0: the update divides by √v̂ + eps, and v̂ = 0 while every gradient so far was 0
        self.eps = _check("eps", eps, _positive, "a finite number > 0 (it keeps m̂/(√v̂ + eps) finite)")
        self.weight_decay = _check("weight_decay", weight_decay, _nonneg, "a finite number ≥ 0")
        self.t = 0
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    def step(self) -> None:
        self.t += 1
        b1, b2 = self.betas
        # PyTorch's arrangement of the same formula: lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps).
        step_size = self.lr / (1 - b1**self.t)
        root_bc2 = math.sqrt(1 - b2**self.t)
        m, v, wd, eps = self._m, self._v, self.weight_decay, self.eps
        for i, p in enumerate(self.params):
            g = _grad(p) + wd * p.data
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            p.data -= step_size * m[i] / (math.sqrt(v[i]) / root_bc2 + eps)

    def snapshot(self) -> Any:
        return (self.t, list(self._m), list(self._v))

    def restore(self, state: Any) -> None:
        t, m, v = state
        self.t, self._m, self._v = t, list(m), list(v)
