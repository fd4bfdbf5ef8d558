"""What :func:`nn.fit` does when a number stops being finite: stop, say where, and go back to the epoch's start.

The loss and every gradient are checked before each update, and every
weight after it.  Checking is a pass over the parameters, small next to a
forward and backward pass over the batch.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from autograd import Value
from nn.optim import Optimizer

if TYPE_CHECKING:
    from nn.history import History

__all__ = ["EpochStart", "NonFiniteError", "first_non_finite", "problem", "stopped"]


class NonFiniteError(FloatingPointError):
    """Training produced a NaN or an infinity (in the loss, a gradient or a weight) and stopped.

    ``epoch`` is the epoch it happened in (counting from 0, as ``history.loss``
    does); ``history`` holds every epoch finished before it.  The weights and
    the optimizer's state are those from before that epoch, and the grads are 0.
    """

    def __init__(self, message: str, epoch: int, history: History) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.history = history


def first_non_finite(params: list[Value], attr: str) -> int | None:
    """The index of the first parameter whose ``attr`` (``"data"`` or ``"grad"``) is NaN or infinite."""
    values = [getattr(p, attr) for p in params]
    if all(map(math.isfinite, values)):
        return None
    return next(i for i, v in enumerate(values) if not math.isfinite(v))


def problem(value: float, params: list[Value], names: list[str]) -> str | None:
    """What is not finite before a step: the loss or a gradient; None when all is well."""
    if not math.isfinite(value):
        return f"the loss is {value}"
    i = first_non_finite(params, "grad")
    return None if i is None else f"the loss is {value:g} but the gradient of {names[i]} is {params[i].grad}"


class EpochStart:
    """The weights and optimizer state at the start of an epoch, to go back to if the epoch fails."""

    def __init__(self, params: list[Value], optimizer: Optimizer) -> None:
        self.params = params
        self.optimizer = optimizer
        self.data = [p.data for p in params]
        self.state = optimizer.snapshot()

    def restore(self) -> None:
        for p, d in zip(self.params, self.data):
            p.data, p.grad = d, 0.0
        self.optimizer.restore(self.state)


def stopped(epoch: int, epochs: int, step: int, what: str, lr: float) -> str:
    """The message of a :class:`NonFiniteError`: where training stopped, what was not finite, what to try."""
    before = f"after epoch {epoch - 1}" if epoch else "the initial ones"
    return (
        f"training stopped in epoch {epoch} of {epochs} (counting from 0), step {step} of that epoch: "
        f"{what}. The weights and the optimizer are restored to those from before that epoch "
        f"({before}). A learning rate too large (it was {lr:g}) makes training diverge; "
        "a loss that cannot take these outputs (log of 0, say) is the other usual cause"
    )
