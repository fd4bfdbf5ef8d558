"""What a training run saw, epoch by epoch."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["History"]


@dataclass
class History:
    """What :func:`fit` saw, one entry per finished epoch.

    ``loss`` is the mean batch loss over the epoch (including the L2 term);
    ``accuracy`` the fraction of samples classified correctly as they were seen,
    before each step, compiled or not (``None`` for a regression loss or a custom callable);
    ``lr`` the learning rate used; ``interrupted`` is True when Ctrl-C stopped
    training early (the weights keep every finished step).
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float | None] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    interrupted: bool = False

    @property
    def epochs(self) -> int:
        """Number of finished epochs."""
        return len(self.loss)
