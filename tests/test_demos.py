"""Every demo runs headless with fewer steps and does what it says: numbers printed, pictures written."""

from __future__ import annotations

import importlib
import os
import random
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from autograd import Value

DEMOS = Path(__file__).resolve().parent.parent / "demos"
PNG = b"\x89PNG\r\n\x1a\n"

needs_matplotlib = pytest.mark.skipif(find_spec("matplotlib") is None, reason="pictures need matplotlib")


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import a demo by name, as ``python demos/NAME.py`` would see its siblings."""
    monkeypatch.syspath_prepend(str(DEMOS))
    monkeypatch.setenv("MPLBACKEND", "Agg")

    class Loader(ModuleType):
        def __getattr__(self, name: str) -> ModuleType:
            if name.startswith("__"):
                raise AttributeError(name)
            return importlib.import_module(name)

    return Loader("demos")


def _pictures(folder: Path) -> list[str]:
    names = sorted(p.name for p in folder.glob("*.png"))
    for name in names:
        assert (folder / name).read_bytes().startswith(PNG)
    return names


@needs_matplotlib
def test_gradient_tangent_prints_the_engines_slope_and_the_sign_table(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.gradient_tangent.main(out=tmp_path)
    text = capsys.readouterr().out
    assert result.gradient == 12.0 and result.loss == 36.0
    assert "dL/dw = 12.0" in text
    rows = {
        line.split()[0]: line
        for line in text.splitlines()
        if line.strip()[:1].isdigit() or line.strip()[:2] == "-3"
    }
    assert rows["6"].split()[1] == "12" and "decrease w" in rows["6"] and "減らす" in rows["6"]
    assert rows["-3"].split()[1] == "-6" and "increase w" in rows["-3"] and "増やす" in rows["-3"]
    assert rows["0"].split()[1] == "0" and "flat" in rows["0"] and "平坦" in rows["0"]
    assert _pictures(tmp_path) == ["gradient_tangent.png"]


@needs_matplotlib
def test_linear_regression_agrees_with_the_hand_gradients_and_finds_w_3(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.linear_regression.main(epochs=60, out=tmp_path)
    text = capsys.readouterr().out
    assert abs(result.w - 3) < 0.1 and abs(result.b) < 0.1
    assert result.max_diff_w < 1e-12 and result.max_diff_b < 1e-12
    assert result.losses[-1] < 0.02 < result.losses[0]
    epochs_printed = [int(line.split()[0]) for line in text.splitlines() if line[:5].strip().isdigit()]
    assert epochs_printed == [0, 20, 40, 59]
    assert "max |difference|" in text and "w ≈ 3" in text
    assert _pictures(tmp_path) == ["linear_regression_fit.png", "linear_regression_loss.png"]


@needs_matplotlib
def test_moons_trains_writes_both_pictures_and_the_model(demo: ModuleType, tmp_path: Path) -> None:
    result = demo.moons.main(steps=3, n_samples=30, out=tmp_path)
    assert result.history.epochs == 3 and result.history.loss[-1] < result.history.loss[0]
    assert 0.5 < result.accuracy <= 1.0
    assert _pictures(tmp_path) == ["moons_boundary.png", "moons_loss.png"]
    assert result.model_file == tmp_path / "moons_model.json" and result.model_file.exists()


def test_moons_is_micrograds_loop(demo: ModuleType, tmp_path: Path) -> None:
    """The first steps equal the notebook's loop (step 0 uses lr 1.0 in both schedules)."""
    from nn import MLP, make_moons

    X, y = make_moons(30, noise=0.1, seed=5)
    y = y * 2 - 1
    random.seed(5)
    model = MLP(2, [16, 16, 1])
    losses = []
    for _ in range(2):
        scores = [model(list(map(Value, row))) for row in X]
        data_loss = sum((1 + -yi * si).relu() for yi, si in zip(y, scores)) * (1.0 / len(scores))
        total = data_loss + 1e-4 * sum(p * p for p in model.parameters())
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= 1.0 * p.grad
        losses.append(total.data)
    result = demo.moons.main(steps=2, seed=5, n_samples=30, out=tmp_path)
    assert result.history.loss == losses


def test_moons_compiled_trains_like_the_engine(demo: ModuleType, tmp_path: Path) -> None:
    eager = demo.moons.main(steps=3, n_samples=30, out=tmp_path)
    replay = demo.moons.main(steps=3, n_samples=30, out=tmp_path, compiled=True)
    assert replay.history.loss == pytest.approx(eager.history.loss, rel=1e-12)
    assert replay.accuracy == eager.accuracy


def test_moons_adam_option_trains(demo: ModuleType, tmp_path: Path) -> None:
    result = demo.moons.main(steps=3, n_samples=20, optimizer="adam", out=tmp_path)
    assert result.history.loss[-1] < result.history.loss[0]


@needs_matplotlib
def test_tour_walks_all_four_steps_and_lists_the_pictures(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pictures = demo.tour.main(quick=True, out=tmp_path)
    text = capsys.readouterr().out
    for title in ("1. The slope", "2. One weight learns y = 3x", "3. The lecture graph", "4. Two moons"):
        assert title in text
    assert "dL/dw = 12.0" in text and "∂L/∂a = 6" in text and "∂L/∂b = -4" in text
    names = [
        "gradient_tangent.png",
        "linear_regression_loss.png",
        "linear_regression_fit.png",
        "lecture_forward.svg",
        "lecture_forward.png",
        "lecture_backward.svg",
        "lecture_backward.png",
        "lecture_backward.pdf",
        "lecture_backward.html",
        "moons_boundary.png",
        "moons_loss.png",
    ]
    assert [p.name for p in pictures] == names
    assert all(p.parent == tmp_path for p in pictures)
    listing = text.split("Pictures")[-1]
    assert all(n in listing for n in names)
    assert "ステップ 1/3" in text  # the Japanese narration of the first step
    assert "✓ PASSED: all 4 derivatives agree" in text  # the lecture graph's gradcheck


def test_without_matplotlib_the_demos_say_how_to_get_it_and_go_on(
    demo: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    common = demo._common
    monkeypatch.setattr(common, "_hinted", False)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    assert demo.gradient_tangent.main(out=tmp_path).pictures == []
    assert demo.linear_regression.main(epochs=3, out=tmp_path).pictures == []
    text = capsys.readouterr().out
    assert text.count("pip install -e '.[demos]'") == 1  # said once, then the demos go on
    assert "dL/dw = 12.0" in text and "max |difference|" in text
    assert list(tmp_path.glob("*.png")) == []


def _run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, str(DEMOS / script), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@needs_matplotlib
def test_a_demo_runs_as_a_script(tmp_path: Path) -> None:
    done = _run("gradient_tangent.py", "--w", "-3", "--out", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "dL/dw = -6.0" in done.stdout
    assert (tmp_path / "gradient_tangent.png").read_bytes().startswith(PNG)


@pytest.mark.parametrize(
    ("script", "args", "message"),
    [
        ("moons.py", ["--optimizer", "rmsprop"], "invalid choice: 'rmsprop'"),
        ("moons.py", ["--steps", "0"], "--steps: expected a positive whole number, got '0'"),
        ("moons.py", ["--seed", "x"], "--seed: invalid int value: 'x'"),
        ("linear_regression.py", ["--every", "-2"], "--every: expected a positive whole number"),
        ("gradient_tangent.py", ["--w", "nan"], "--w: expected a finite number, got 'nan'"),
        ("tour.py", ["--fast"], "unrecognized arguments: --fast"),
    ],
)
def test_bad_flags_exit_2_with_one_line(script: str, args: list[str], message: str, tmp_path: Path) -> None:
    done = _run(script, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and list(tmp_path.iterdir()) == []


def test_demo_results_do_not_depend_on_the_global_random_state(demo: ModuleType, tmp_path: Path) -> None:
    np.random.seed(1)
    random.seed(1)
    a = demo.linear_regression.main(epochs=5, out=tmp_path)
    np.random.seed(2)
    random.seed(2)
    b = demo.linear_regression.main(epochs=5, out=tmp_path)
    assert a.losses == b.losses


def test_ctrl_c_outside_training_ends_a_demo_with_one_line(
    demo: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    assert demo._common.run(interrupted) == 130
    assert capsys.readouterr().err == "\ninterrupted\n"


def test_lecture_demo_writes_its_pictures_and_animation(demo: ModuleType, tmp_path: Path) -> None:
    written = demo.lecture_graph.main(str(tmp_path / "out"))
    assert [p.name for p in written] == [
        "lecture_forward.svg",
        "lecture_forward.png",
        "lecture_backward.svg",
        "lecture_backward.png",
        "lecture_backward.pdf",
        "lecture_backward.html",
    ]
    assert all(p.parent == tmp_path / "out" and p.stat().st_size > 0 for p in written)
    assert "grad 0" in written[0].read_text() and "grad 6" in written[2].read_text()
    assert written[4].read_bytes().startswith(b"%PDF-")
    assert 'data-steps="4"' in written[5].read_text()  # the player: one picture, 4 steps
