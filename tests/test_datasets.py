"""Toy data: shapes, determinism per seed, balanced labels 0..k-1, and the geometry without noise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn import make_circles, make_line, make_moons, make_spirals

CLASSIFIERS: list[tuple[Callable[..., Any], int]] = [
    (make_moons, 2),
    (make_circles, 2),
    (lambda n, **kw: make_spirals(n, n_classes=3, **kw), 3),
    (lambda n, **kw: make_spirals(n, n_classes=5, **kw), 5),
]


@settings(max_examples=30)
@given(st.integers(5, 300), st.sampled_from(range(len(CLASSIFIERS))), st.integers(0, 2**32 - 1))
def test_shape_labels_and_balance(n: int, which: int, seed: int) -> None:
    make, k = CLASSIFIERS[which]
    X, y = make(n, noise=0.1, seed=seed)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y, minlength=k)
    assert set(y.tolist()) == set(range(k))
    assert counts.sum() == n and counts.max() - counts.min() <= 1
    assert np.isfinite(X).all()


@pytest.mark.parametrize("make", [make_moons, make_circles, make_spirals, make_line])
def test_same_seed_same_data_other_seed_other_data(make: Callable[..., Any]) -> None:
    a, b, c = make(50, seed=3), make(50, seed=3), make(50, seed=4)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("make", [make_moons, make_circles, make_spirals, make_line])
def test_the_global_numpy_random_state_is_left_alone(make: Callable[..., Any]) -> None:
    state = np.random.get_state()[1].copy()
    make(20, seed=1)
    make(20)
    assert np.array_equal(np.random.get_state()[1], state)


def test_moons_without_noise_lie_on_their_arcs() -> None:
    X, y = make_moons(101, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0) and (upper[:, 1] >= -1e-12).all()
    assert (
        np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0) and (lower[:, 1] <= 0.5 + 1e-12).all()
    )
    assert (len(upper), len(lower)) == (51, 50)


def test_circles_without_noise_have_radii_one_and_factor() -> None:
    X, y = make_circles(40, noise=0.0, seed=0, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(r[y == 0], 1.0) and np.allclose(r[y == 1], 0.3)
    assert len(np.unique(X.round(12), axis=0)) == 40  # no point drawn twice


def test_spirals_without_noise_have_radius_from_zero_to_one() -> None:
    X, y = make_spirals(30, n_classes=3, noise=0.0, seed=0)
    for c in range(3):
        r = np.sort(np.hypot(X[y == c, 0], X[y == c, 1]))
        assert np.allclose(r, np.linspace(0, 1, 10))


def test_line_is_the_courses_y_equals_3x() -> None:
    X, y = make_line(100, noise=0.0, seed=2)
    assert X.shape == (100, 1) and y.shape == (100,)
    assert np.array_equal(y, 3.0 * X[:, 0])
    X, y = make_line(2000, slope=-1.5, noise=0.1, seed=0)
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert slope == pytest.approx(-1.5, abs=0.01) and intercept == pytest.approx(0.0, abs=0.01)
    assert np.std(y - slope * X[:, 0] - intercept) == pytest.approx(0.1, rel=0.1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_moons(1), "n_samples must be an int ≥ 2, got 1"),
        (lambda: make_moons(10.5), "n_samples must be an int ≥ 2, got 10.5"),
        (lambda: make_circles(10, noise=-0.1), "noise must be a number ≥ 0"),
        (lambda: make_circles(10, factor=1.0), r"factor .* must be in \(0, 1\), got 1.0"),
        (lambda: make_spirals(10, n_classes=1), "n_classes must be an int ≥ 2, got 1"),
        (lambda: make_spirals(2, n_classes=3), "n_samples must be an int ≥ 3, got 2"),
        (lambda: make_line(0), "n_samples must be an int ≥ 1, got 0"),
        (lambda: make_line(10, slope=float("inf")), "slope must be a finite number"),
    ],
)
def test_bad_arguments_name_the_problem(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
