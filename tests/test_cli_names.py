"""Named intermediates on the command line, and error lines that echo only what is near the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from autograd.cli.errors import EXCERPT_WIDTH

LECTURE = ("e = a*b; d = e + c; L = d*f", "a=2", "b=-3", "c=10", "f=-2")


pytestmark = pytest.mark.usefixtures("prog_name")


def test_step_labels_the_lecture_nodes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "step", *LECTURE)
    assert (status, err) == (0, "")
    assert "e  = a · b    = 2 · (-3) = -6" in out
    assert "d  = e + c    = -6 + 10  = 4" in out
    assert "step 1/3: L = d · f = 4 · (-2) = -8" in out
    assert "→ d: local derivative ∂L/∂d = f = -2" in out
    assert "n4" not in out and "n2" not in out
    assert out.rstrip().endswith("∂L/∂f = 4")


def test_grad_and_check_take_statements(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "grad", *LECTURE)
    assert status == 0
    assert out.splitlines() == ["L = -8", "  ∂L/∂a = 6", "  ∂L/∂b = -4", "  ∂L/∂c = -2", "  ∂L/∂f = 4"]
    status, out, _ = run(capsys, "check", "e = a*b\nL = e*e", "a=2", "b=3")
    assert status == 0
    assert out.splitlines()[:2] == ["e = a*b", "L = e*e"] and out.splitlines()[2] == "f = L"
    assert "PASSED" in out


def test_draw_labels_the_nodes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("graphviz")
    svg = tmp_path / "g.svg"
    status, _, err = run(capsys, "draw", *LECTURE, "-o", str(svg))
    if status == 2 and "Graphviz" in err:
        pytest.skip("no Graphviz")
    assert status == 0, err
    picture = svg.read_text(encoding="utf-8")
    assert all(f">{name}" in picture for name in "edL")


def test_a_plain_last_expression_is_still_labelled_L(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "grad", "e = a*b; e + 1", "a=2", "b=3")
    assert status == 0 and out.splitlines()[0] == "L = 7"
    status, out, _ = run(capsys, "grad", "L = a*b; L + 1", "a=2", "b=3")
    assert status == 0 and out.splitlines()[0] == "y = 7"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("grad", "e = a*b; e = a+b; L = e", "a=1", "b=2"), "column 10: e is assigned twice"),
        (("grad", "L = d*2; d = a*b", "a=1", "b=2"), "d is used before it is assigned"),
        (("grad", "e = a*b; L = e*2", "a=1", "b=2", "e=3"), "e is computed by the expression"),
        (("grad", "e = a*b; L = log(e)", "a=-1", "b=2"), "log(e = -2) is undefined; valid inputs: e > 0"),
    ],
)
def test_statement_errors(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert words in err


def test_a_long_expression_is_echoed_only_near_the_column(capsys: pytest.CaptureFixture[str]) -> None:
    expr = "+".join(["a"] * 300) + "+*a" + "+a" * 100
    status, _, err = run(capsys, "grad", expr, "a=1")
    assert status == 2 and err.count("\n") == 1
    assert "column 601: syntax error: unexpected '*'" in err
    shown = err.split("(at ▶: ")[1].rstrip(")\n")
    assert len(shown) <= EXCERPT_WIDTH + 3  # the ▶ and an '…' at each end
    assert shown.startswith("…") and shown.endswith("…") and "+▶*a" in shown
    assert len(err) < 200


def test_a_long_value_is_echoed_cut(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "grad", "a", "a=" + "9" * 2000 + "x")
    assert status == 2 and len(err) < 200
    assert "is not a number" in err and "…" in err
