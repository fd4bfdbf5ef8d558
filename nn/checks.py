"""What :func:`nn.fit` checks before it trains: the data, the L2 weight and each scheduled learning rate.

Every check names what is wrong and what would be valid, so a NaN or a
mistyped argument stops training before it can poison a weight.

>>> rows, targets = check_data([[0.0, 1.0], [2.0, 3.0]], [1, 0], nin=2)
>>> rows, targets
([[0.0, 1.0], [2.0, 3.0]], [1, 0])
>>> check_l2(-1.0)
Traceback (most recent call last):
...
ValueError: l2 must be a finite number ≥ 0 (the weight of l2·Σp²), got -1.0
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = ["check_data", "check_l2", "check_lr"]


def _first_bad(finite: np.ndarray[Any, np.dtype[np.bool_]]) -> tuple[int, ...] | None:
    """The index of the first False in ``finite``, or None when all are True."""
    if finite.all():
        return None
    return tuple(int(i) for i in np.argwhere(~finite)[0])


def check_data(X: Any, y: Any, nin: int | None) -> tuple[list[list[float]], list[Any]]:
    """``X`` as rows of floats and ``y`` as a list, after checking both are finite numbers of matching length.

    Raises:
        TypeError: ``y`` is not a sequence (one number per row of X).
        ValueError: X is not 2-D numbers, has a NaN or an infinity (named by row and
            column), has the wrong number of features; y has a non-number, a NaN, or
            another length than X.
    """
    try:
        Xa = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"X must be a 2-D array of numbers, shape (n_samples, n_features): {e}"[:300]
        ) from None
    if Xa.ndim != 2 or len(Xa) == 0:
        raise ValueError(
            f"X must be 2-D, shape (n_samples, n_features), with at least one row; got shape {Xa.shape}"
        )
    bad = _first_bad(np.isfinite(Xa))
    if bad is not None:
        r, c = bad
        count = int(np.count_nonzero(~np.isfinite(Xa)))
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise ValueError(
            f"X[{r}, {c}] (row {r}, column {c}) is {Xa[r, c]}{more}; every feature must be a finite number "
            "(a None or a missing value reads as nan): drop or fill those rows before training"
        )
    if nin is not None and Xa.shape[1] != nin:
        raise ValueError(f"X has {Xa.shape[1]} features per sample but the model takes {nin} inputs")
    return Xa.tolist(), _check_targets(y, len(Xa))


def _check_targets(y: Any, n: int) -> list[Any]:
    what = f"y must be a sequence of numbers, one target per row of X ({n} rows)"
    if isinstance(y, (str, bytes, dict, set)) or not hasattr(y, "__len__"):
        raise TypeError(f"{what}, such as a list or a 1-D array; got {type(y).__name__} {y!r}"[:300])
    ya = np.asarray(y)
    if ya.ndim == 0:
        raise TypeError(f"{what}, such as a list or a 1-D array; got {type(y).__name__} {y!r}"[:300])
    if len(ya) != n:
        raise ValueError(f"X has {n} samples but y has {len(ya)}; give one target per row of X")
    try:
        yf = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{what}: {e}"[:300]) from None
    bad = _first_bad(np.isfinite(yf))
    if bad is not None:
        where = ", ".join(map(str, bad))
        raise ValueError(f"y[{where}] is {yf[bad]}; every target must be a finite number")
    return list(ya.tolist())


def _real(x: object) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Real) and math.isfinite(x)


def check_l2(l2: object) -> float:
    """The L2 weight as a float: a finite number ≥ 0."""
    if not _real(l2) or float(l2) < 0:  # type: ignore[arg-type]
        raise ValueError(f"l2 must be a finite number ≥ 0 (the weight of l2·Σp²), got {l2!r}")
    return float(l2)  # type: ignore[arg-type]


def check_lr(lr: object, epoch: int) -> float:
    """A scheduled learning rate as a float: a finite number ≥ 0 (0 is a step that changes nothing)."""
    if not _real(lr) or float(lr) < 0:  # type: ignore[arg-type]
        raise ValueError(
            f"schedule({epoch}) returned {lr!r}; a learning rate must be a finite number ≥ 0. "
            f"Nothing was trained in epoch {epoch}: the weights are those after epoch {epoch - 1}"
            if epoch
            else f"schedule(0) returned {lr!r}; a learning rate must be a finite number ≥ 0. "
            "Nothing was trained: the weights are the initial ones"
        )
    return float(lr)  # type: ignore[arg-type]
