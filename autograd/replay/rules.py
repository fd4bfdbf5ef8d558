"""The replay's interpretation of the op table: each op's forward and derivative rules on numpy arrays.

The replay reads numpy rules only through :func:`numpy_forward` and
:func:`numpy_derivs`, so where they come from (the op table's own rules run on
arrays, or a numpy-only version for a rule that branches) is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd.core.ops import Op

__all__ = ["numpy_derivs", "numpy_forward"]


def numpy_forward(op: Op) -> Callable[..., Any] | None:
    """The op's forward on arrays, or None when it has none (the replay then runs it per node)."""
    return op.vforward


def numpy_derivs(op: Op) -> tuple[Callable[..., Any], ...] | None:
    """One rule per input on arrays, ``rule(out, *inputs)``, or None when the op has none."""
    return op.vderivs
