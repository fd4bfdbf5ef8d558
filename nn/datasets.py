"""Toy data sets in numpy (no scikit-learn): moons, circles, spirals, a noisy line.

Each returns ``(X, y)``: X of shape ``(n_samples, n_features)`` (float64) and
y of shape ``(n_samples,)``.  Class labels are the ints ``0..k-1``, balanced
(class sizes differ by at most one), shuffled.  The same ``seed`` gives the
same arrays; ``seed=None`` draws fresh ones.  The noise is Gaussian with
standard deviation ``noise``.

>>> X, y = make_moons(6, noise=0.0, seed=0)
>>> X.shape, sorted(y.tolist())
((6, 2), [0, 0, 0, 1, 1, 1])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["make_circles", "make_line", "make_moons", "make_spirals"]

Arrays = tuple[NDArray[np.float64], NDArray[np.int64]]


def _check(n_samples: int, noise: float, min_samples: int) -> None:
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < min_samples:
        raise ValueError(f"n_samples must be an int ≥ {min_samples}, got {n_samples!r}")
    if (
        isinstance(noise, bool)
        or not isinstance(noise, (int, float))
        or not math.isfinite(noise)
        or noise < 0
    ):
        raise ValueError(f"noise must be a number ≥ 0 (the standard deviation), got {noise!r}")


def _split(n_samples: int, k: int) -> list[int]:
    """Class sizes for ``k`` balanced classes: differ by at most one, the first ones larger."""
    return [n_samples // k + (1 if c < n_samples % k else 0) for c in range(k)]


def _finish(rng: np.random.Generator, parts: list[NDArray[np.float64]], noise: float) -> Arrays:
    X = np.concatenate(parts)
    y = np.concatenate([np.full(len(p), c, dtype=np.int64) for c, p in enumerate(parts)])
    X = X + rng.normal(scale=noise, size=X.shape) if noise else X
    order = rng.permutation(len(X))
    return X[order].astype(np.float64), y[order]


def make_moons(n_samples: int = 100, noise: float = 0.1, seed: int | None = None) -> Arrays:
    """Two interleaving half circles: class 0 is the upper arc (cos t, sin t), class 1 the lower
    (1 − cos t, ½ − sin t), t in [0, π]."""
    _check(n_samples, noise, 2)
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n_samples, 2)
    t0, t1 = np.linspace(0, math.pi, n0), np.linspace(0, math.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    return _finish(rng, [upper, lower], noise)


def make_circles(
    n_samples: int = 100, noise: float = 0.1, seed: int | None = None, factor: float = 0.5
) -> Arrays:
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor`` (0 < factor < 1)."""
    _check(n_samples, noise, 2)
    if not isinstance(factor, (int, float)) or not 0 < factor < 1:
        raise ValueError(f"factor (inner radius / outer radius) must be in (0, 1), got {factor!r}")
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n_samples, 2)
    # endpoint=False: the angles 0 and 2π would put two points on the same spot
    t0 = np.linspace(0, 2 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * math.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    return _finish(rng, [outer, inner], noise)


def make_spirals(
    n_samples: int = 150, n_classes: int = 3, noise: float = 0.2, seed: int | None = None
) -> Arrays:
    """``n_classes`` interleaved spiral arms (the CS231n spirals): arm c has radius r in [0, 1]
    and angle 4c + 4r (radians) plus noise, so the noise bends the arms rather than blurring points."""
    if isinstance(n_classes, bool) or not isinstance(n_classes, int) or n_classes < 2:
        raise ValueError(f"n_classes must be an int ≥ 2, got {n_classes!r}")
    _check(n_samples, noise, n_classes)
    rng = np.random.default_rng(seed)
    parts = []
    for c, n in enumerate(_split(n_samples, n_classes)):
        r = np.linspace(0.0, 1.0, n)
        t = np.linspace(4.0 * c, 4.0 * (c + 1), n)
        if noise:
            t = t + rng.normal(scale=noise, size=n)
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    return _finish(rng, parts, 0.0)


def make_line(
    n_samples: int = 100, slope: float = 3.0, noise: float = 0.1, seed: int | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The course's regression data: x ~ N(0, 1), ``y = slope·x + noise·ε`` with ε ~ N(0, 1).

    X has shape ``(n_samples, 1)``, y shape ``(n_samples,)``.
    """
    _check(n_samples, noise, 1)
    if isinstance(slope, bool) or not isinstance(slope, (int, float)) or not math.isfinite(slope):
        raise ValueError(f"slope must be a finite number, got {slope!r}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, 1))
    y = slope * x[:, 0] + noise * rng.standard_normal(n_samples)
    return x, y
