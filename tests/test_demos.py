"""Every demo runs headless with fewer steps and does what it says: numbers printed, pictures written."""

from __future__ import annotations

import importlib
import os
import random
import subprocess
import sys
import warnings
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


def _rows(text: str) -> dict[str, str]:
    """The sign table's rows, keyed by their w column."""
    table = text.split("dL/dw   ")[-1]
    return {line.split()[0]: line for line in table.splitlines()[1:] if line.strip()[:1] in "-0123456789"}


@needs_matplotlib
def test_gradient_tangent_prints_the_nudges_the_engines_slope_and_the_sign_table(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.gradient_tangent.main(out=tmp_path)
    text = capsys.readouterr().out
    assert result.gradient == 12.0 and result.loss == 36.0
    # (L(6 + h) − L(6))/h = 12 + h exactly, for the course's three nudges
    assert [h for h, _, _ in result.nudges] == [1.0, 0.1, 0.001]
    for h, lh, slope in result.nudges:
        assert lh == pytest.approx((6 + h) ** 2) and slope == pytest.approx(12 + h, rel=1e-9)
    assert "13" in text and "12.1" in text and "12.001" in text
    assert "dL/dw = 12.0" in text
    rows = _rows(text)
    assert rows["6"].split()[1] == "12" and "decrease w" in rows["6"]
    assert rows["-3"].split()[1] == "-6" and "increase w" in rows["-3"]
    assert rows["0"].split()[1] == "0" and "the bottom (the goal), or just a flat place" in rows["0"]
    # the default η = 0.1 multiplies w by 0.8 each step
    assert result.path == pytest.approx([6 * 0.8**k for k in range(6)])
    assert "below 1" in text
    assert _pictures(tmp_path) == ["gradient_tangent.png"]


def test_gradient_tangent_in_japanese_uses_the_courses_words(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo.gradient_tangent.main(out=tmp_path, lang="ja")
    text = capsys.readouterr().out
    rows = _rows(text)
    assert "登り坂" in rows["6"] and "重みを減らします" in rows["6"]
    assert "下り坂" in rows["-3"] and "重みを増やします" in rows["-3"]
    assert "谷底（ゴール）か、ただの平らな場所です" in rows["0"]
    assert "勾配" in text and "decrease" not in text


@pytest.mark.parametrize(
    ("lr", "path", "says"),
    [
        (0.5, [6.0, 0.0, 0.0], "below 1"),  # 1 − 2η = 0: the bottom in one step
        (1.0, [6.0, -6.0, 6.0], "exactly 1"),  # 1 − 2η = −1: back and forth forever
        (1.1, [6.0, -7.2, 8.64], "The loss diverges"),  # 1 − 2η = −1.2: overshoots further each step
    ],
)
def test_gradient_tangent_lr_shows_what_the_step_size_does(
    demo: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lr: float,
    path: list[float],
    says: str,
) -> None:
    result = demo.gradient_tangent.main(lr=lr, steps=2, out=tmp_path)
    assert result.path == pytest.approx(path)
    assert says in capsys.readouterr().out


def test_gradient_vector_says_which_way_each_of_three_weights_moves(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.gradient_vector.main(out=tmp_path)
    text = capsys.readouterr().out
    # ∂L/∂wᵢ = 2(ŷ − y)·xᵢ with ŷ = −0.5·1 + 2·0.5 + 0·2 = 0.5 and y = 1
    x, e = (-0.5, 2.0, 0.0), 2 * (0.5 - 1.0)
    assert result.loss == 0.25 and result.grads == [e * xi for xi in x] == [0.5, -2.0, 0.0]
    assert "decrease w1 a little" in text and "increase w2 more" in text and "leave w3 as it is" in text
    assert result.new_weights == pytest.approx([0.95, 0.7, 2.0])
    assert (
        result.new_loss == pytest.approx((0.95 * -0.5 + 0.7 * 2 - 1) ** 2) and result.new_loss < result.loss
    )
    japanese = demo.gradient_vector.main(out=tmp_path, lang="ja")
    text = capsys.readouterr().out
    assert japanese.grads == result.grads
    assert "w1 はちょっと減らします" in text and "w2 はもっと増やします" in text and "w3 はそのままで" in text


def _course_run(seed: int, epochs: int) -> tuple[list[float], float, float]:
    """The course's own numpy code, line for line (after np.random.seed), returning its losses, w and b."""
    np.random.seed(seed)
    x = np.random.randn(100, 1)
    y = 3 * x
    w = np.random.randn(1)
    b = np.zeros(1)
    lr = 0.1
    losses = []
    for _ in range(epochs):
        y_hat = x * w + b
        loss = np.mean((y_hat - y) ** 2)
        grad_w = np.mean(2 * (y_hat - y) * x)
        grad_b = np.mean(2 * (y_hat - y))
        w -= lr * grad_w
        b -= lr * grad_b
        losses.append(float(loss))
    return losses, float(w[0]), float(b[0])


@needs_matplotlib
def test_linear_regression_is_the_courses_run_and_ends_at_w_3_b_0(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.linear_regression.main(out=tmp_path)
    text = capsys.readouterr().out
    losses, w, b = _course_run(0, 200)
    assert result.losses[:60] == pytest.approx(losses[:60], rel=1e-6)  # later, ŷ − y is all rounding
    assert result.w == pytest.approx(w, abs=1e-12) and result.b == pytest.approx(b, abs=1e-12)
    assert result.losses[-1] < 1e-25 and not result.diverged
    assert result.max_diff_w < 1e-12 and result.max_diff_b < 1e-12
    epochs_printed = [int(line.split()[0]) for line in text.splitlines() if line[:5].strip().isdigit()]
    assert epochs_printed == [*range(0, 200, 20), 199]
    assert "w = 3.0000, b = 0.0000" in text
    assert _pictures(tmp_path) == ["linear_regression_fit.png", "linear_regression_loss.png"]


def test_linear_regression_with_lr_1_1_says_the_loss_diverged_and_why(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.linear_regression.main(epochs=30, lr=1.1, out=tmp_path)
    text = capsys.readouterr().out
    assert result.diverged and result.losses[-1] > 1e3 * result.losses[0]
    x = np.random.RandomState(0).randn(100)
    factor = 1 - 2 * 1.1 * np.mean(x * x)  # what one step does to w's error, for this data
    assert abs(factor) > 1
    assert "The loss diverged" in text and f"= {factor:.3f}" in text and "overshoots" in text
    limit = 1 / np.linalg.eigvalsh([[np.mean(x * x), np.mean(x)], [np.mean(x), 1]]).max()
    assert f"Any η below {limit:.3f}" in text
    assert "w = 3.0000" not in text
    demo.linear_regression.main(epochs=30, lr=1.1, out=tmp_path, lang="ja")
    assert "損失が発散しました" in capsys.readouterr().out


def test_linear_regression_stops_a_run_that_blows_up(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = demo.linear_regression.main(lr=50.0, out=tmp_path)
    assert result.diverged and len(result.losses) < 200 and all(v < 1e100 for v in result.losses)
    assert "passed 1e100" in capsys.readouterr().out


def test_linear_regression_noise_option_learns_near_3(demo: ModuleType, tmp_path: Path) -> None:
    result = demo.linear_regression.main(noise=0.1, out=tmp_path)
    assert abs(result.w - 3) < 0.05 and abs(result.b) < 0.05 and result.losses[-1] > 1e-3
    clean = demo.linear_regression.course_data(0, 0.0)
    noisy = demo.linear_regression.course_data(0, 0.1)
    assert clean[2] == noisy[2] and (clean[0] == noisy[0]).all()  # same x and first w, only y moves


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


TOUR_PICTURES = [
    "gradient_tangent.png",
    "gradient_vector.png",
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


@needs_matplotlib
def test_tour_walks_all_five_steps_and_lists_the_pictures(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pictures = demo.tour.main(quick=True, out=tmp_path)
    text = capsys.readouterr().out
    for title in (
        "1. The slope",
        "2. The gradient vector",
        "3. One weight learns y = 3x",
        "4. The lecture graph",
        "5. Two moons",
    ):
        assert title in text
    assert "dL/dw = 12.0" in text and "∂L/∂a = 6" in text and "∂L/∂b = -4" in text
    assert "[0.5, -2, 0]" in text  # the gradient vector
    assert [p.name for p in pictures] == TOUR_PICTURES
    assert all(p.parent == tmp_path for p in pictures)
    listing = text.split("== Pictures")[-1]
    assert all(n in listing for n in TOUR_PICTURES)
    assert "ステップ 1/3" in text  # the Japanese narration of the first step
    assert "✓ PASSED: all 4 derivatives agree" in text  # the lecture graph's gradcheck
    assert "one step, median of 5" in text and "x longer" not in text


def _english_table_lines(prefix: str) -> list[str]:
    """Every English demos sentence long enough to be recognisable, cut at its first field."""
    from autograd.explain.sentences import en

    cut = [v.split("{")[0].strip() for k, v in en.SENTENCES.items() if k.startswith(prefix)]
    return [c for c in cut if len(c) > 12 and any(ch.isalpha() and ch.isascii() for ch in c)]


@needs_matplotlib
def test_tour_in_japanese_has_no_english_demo_sentence_and_no_missing_glyph(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pictures = demo.tour.main(quick=True, out=tmp_path, lang="ja")
    text = capsys.readouterr().out
    assert [str(w.message) for w in caught if "Glyph" in str(w.message) or "font" in str(w.message)] == []
    assert [p.name for p in pictures] == TOUR_PICTURES
    for title in (
        "1. 傾き",
        "2. 勾配ベクトル",
        "3. 重み 1 つで y = 3x",
        "4. 講義の計算グラフ",
        "5. 2 つの三日月",
    ):
        assert title in text
    assert "連鎖律（チェインルール）" in text and "誤差逆伝播法（バックプロパゲーション）" in text
    assert "✓ 合格：4 個の微分すべてが有限差分と一致しました" in text
    assert [line for line in _english_table_lines("demos_") if line in text] == []
    assert "picture:" not in text and "Pictures" not in text


@needs_matplotlib
def test_japanese_pictures_use_the_shipped_font_without_missing_glyphs(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib_fontja")
    from matplotlib import font_manager

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        demo.linear_regression.main(epochs=3, out=tmp_path, lang="ja")  # ŷ, ², −, ・ and kana
        demo.gradient_vector.main(out=tmp_path, lang="ja")  # subscripts and η
    assert [str(w.message) for w in caught] == []
    plt = demo._common.pyplot("ja")
    assert plt.rcParams["font.family"][0] == "IPAexGothic"
    assert font_manager.findfont("IPAexGothic", fallback_to_default=False).endswith("ipaexg.ttf")
    assert "図：" in capsys.readouterr().out


def test_without_the_japanese_font_pictures_fall_back_to_english_and_say_so_once(
    demo: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    common = demo._common
    monkeypatch.setattr(common, "_hinted", set())
    monkeypatch.setitem(sys.modules, "matplotlib_fontja", None)
    plt = common.pyplot("en")
    assert common.plot_lang(plt, "ja") == "en" and common.plot_lang(plt, "ja") == "en"
    assert common.plot_lang(plt, "en") == "en"
    assert capsys.readouterr().out.count("matplotlib-fontja") == 1


@pytest.mark.parametrize(
    ("engine", "compiled", "says"),
    [
        ([0.10, 0.11, 0.12, 0.10, 0.13], [0.010, 0.012, 0.011, 0.010, 0.011], "10× faster"),
        (
            [0.010, 0.012, 0.011, 0.010, 0.011],
            [0.030, 0.031, 0.033, 0.030, 0.032],
            "2.8× slower",
        ),  # medians 11 and 31 ms
        ([0.010, 0.030, 0.011, 0.010, 0.012], [0.009, 0.011, 0.025, 0.009, 0.010], "no clear difference"),
    ],
)
def test_speed_claims_use_medians_and_only_beyond_the_noise(
    demo: ModuleType, engine: list[float], compiled: list[float], says: str
) -> None:
    line = demo._speed.verdict(engine, compiled)
    assert says in line and "median of 5" in line
    assert "0x" not in line.replace("10×", "")


def test_without_matplotlib_the_demos_say_how_to_get_it_and_go_on(
    demo: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    common = demo._common
    monkeypatch.setattr(common, "_hinted", set())
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
        ("tour.py", ["--lang", "fr"], "--lang: invalid choice: 'fr'"),
        ("linear_regression.py", ["--lr", "0"], "--lr: expected a number above 0, got '0'"),
        ("linear_regression.py", ["--noise", "-1"], "--noise: expected a number of 0 or more"),
        ("gradient_tangent.py", ["--lr", "inf"], "--lr: expected a finite number, got 'inf'"),
        ("gradient_vector.py", ["--lr", "x"], "--lr: expected a number, got 'x'"),
        ("lecture_graph.py", ["--lang", "de"], "--lang: invalid choice: 'de'"),
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


def test_check_your_derivative_and_the_lecture_animation_speak_japanese(
    demo: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo.check_your_derivative.main(lang="ja")
    demo.check_your_derivative.main(lang="ja")  # twice in one process: each run defines ops of its own
    out = capsys.readouterr().out
    assert out.count("内側の微分 2x が抜けています") == 2 and "= 1/3 です" in out
    assert out.count("：合格") == 8  # the four points, in each run
    assert out.count("✗ 不合格") == 2  # the forgotten factor, caught once in each run
    assert out.count("✓ 合格：微分は有限差分と一致しました") == 4  # the fixed rule and its second derivative
    written = demo.lecture_graph.main(tmp_path, lang="ja")
    page = written[-1]
    assert page.suffix == ".html" and "局所的な微分" in page.read_text(encoding="utf-8")
    drawing = written[2].read_text(encoding="utf-8")  # lecture_backward.svg: the pictures speak Japanese too
    assert "勾配 6" in drawing and "grad 6" not in drawing
    done = _run("lecture_graph.py", str(tmp_path / "pics"), "--lang", "ja", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.count("図：") == 6, done.stderr
