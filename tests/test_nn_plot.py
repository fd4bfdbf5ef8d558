"""The moons demo's loss picture: accuracy drawn as recorded, a missing value never drawn as 0."""

from __future__ import annotations

import importlib
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from nn import MLP, SGD, History, fit, make_moons

DEMOS = Path(__file__).resolve().parent.parent / "demos"


@pytest.fixture
def moons(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(DEMOS))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    pytest.importorskip("matplotlib")
    return importlib.import_module("moons")


def _drawn(moons: ModuleType, history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    kept: list[Any] = []
    monkeypatch.setattr(moons, "save_figure", lambda plt, fig, path: kept.append(fig) or path)
    moons._draw_history(moons.pyplot(), history, tmp_path)
    return kept[0]


def _lines(fig: Any) -> dict[str, list[float]]:
    return {line.get_label(): list(line.get_ydata()) for ax in fig.axes for line in ax.get_lines()}


def test_a_compiled_runs_accuracy_is_drawn(
    moons: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: compiled=True recorded None, and the picture drew accuracy flat at 0.
    X, y = make_moons(20, seed=0)
    model = MLP(2, [4, 1], seed=0)
    history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.3), 4, progress=False, compiled=True)
    fig = _drawn(moons, history, tmp_path, monkeypatch)
    assert _lines(fig)["accuracy"] == history.accuracy
    assert all(a is not None and a > 0 for a in history.accuracy)


def test_missing_accuracies_are_gaps_not_zeros(
    moons: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = History(loss=[1.0, 0.5, 0.25], accuracy=[0.5, None, 1.0], lr=[0.1] * 3)
    drawn = _lines(_drawn(moons, history, tmp_path, monkeypatch))["accuracy"]
    assert drawn[0] == 0.5 and math.isnan(drawn[1]) and drawn[2] == 1.0


def test_no_accuracy_at_all_draws_no_accuracy_line(
    moons: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = History(loss=[1.0, 0.5], accuracy=[None, None], lr=[0.1] * 2)
    fig = _drawn(moons, history, tmp_path, monkeypatch)
    assert list(_lines(fig)) == ["loss (hinge + L2)"]
    assert fig.axes[0].get_title() == "Two moons: loss"
