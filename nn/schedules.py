"""Learning-rate schedules: step number k ↦ learning rate.

A schedule is any callable ``k -> lr``; :func:`nn.fit` calls it once per epoch
and sets ``optimizer.lr``.

>>> decay = LinearDecay(1.0, total_steps=100)   # micrograd's 1.0 − 0.9·k/100
>>> decay(0), decay(50), decay(100) == 1.0 - 0.9 * 100 / 100
(1.0, 0.55, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Constant", "CosineDecay", "LinearDecay"]


def _check(lr0: float, total_steps: int, final_fraction: float) -> None:
    if isinstance(lr0, bool) or not isinstance(lr0, (int, float)) or not math.isfinite(lr0) or lr0 < 0:
        raise ValueError(f"lr0 must be a number ≥ 0, got {lr0!r}")
    if isinstance(total_steps, bool) or not isinstance(total_steps, int) or total_steps < 1:
        raise ValueError(f"total_steps must be a positive int, got {total_steps!r}")
    if not isinstance(final_fraction, (int, float)) or not 0 <= final_fraction <= 1:
        raise ValueError(f"final_fraction must be in [0, 1], got {final_fraction!r}")


def _steps(k: int, total_steps: int) -> int:
    if k < 0:
        raise ValueError(f"the step number must be ≥ 0, got {k}")
    return min(k, total_steps)


@dataclass(frozen=True)
class Constant:
    """``lr_k = lr0``."""

    lr0: float

    def __call__(self, k: int) -> float:
        return float(self.lr0)


@dataclass(frozen=True)
class LinearDecay:
    """``lr_k = lr0·(1 − (1 − final_fraction)·k/K)``, held at ``lr0·final_fraction`` after step K.

    With the default ``final_fraction=0.1`` this is micrograd's ``1.0 − 0.9·k/100``.
    """

    lr0: float
    total_steps: int
    final_fraction: float = 0.1

    def __post_init__(self) -> None:
        _check(self.lr0, self.total_steps, self.final_fraction)

    def __call__(self, k: int) -> float:
        # (1 − f)·k/K evaluated left to right, so f = 0.1 gives micrograd's numbers to the last bit
        return self.lr0 * (1 - (1 - self.final_fraction) * _steps(k, self.total_steps) / self.total_steps)


@dataclass(frozen=True)
class CosineDecay:
    """``lr_k = lr0·(f + (1 − f)·(1 + cos(π·k/K))/2)``: from lr0 down to ``lr0·f`` along half a cosine."""

    lr0: float
    total_steps: int
    final_fraction: float = 0.0

    def __post_init__(self) -> None:
        _check(self.lr0, self.total_steps, self.final_fraction)

    def __call__(self, k: int) -> float:
        f = self.final_fraction
        return self.lr0 * (
            f + (1 - f) * (1 + math.cos(math.pi * _steps(k, self.total_steps) / self.total_steps)) / 2
        )
