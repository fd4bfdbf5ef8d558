"""The quiz: predict each backward step's local derivative and upstream × local, then see."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from graphs import lecture_nodes

from autograd import Stepper, Value
from autograd.explain.quiz import QuizResult, read_answer

LECTURE = ["(a*b + c)*f", "a=2", "b=-3", "c=10", "f=-2"]
TWELVE = ["-2", "-2", "4", "4", "1", "-2", "1", "-2", "-3", "6", "2", "-4"]


def lecture_stepper(lang: str = "en") -> Stepper:
    return Stepper(lecture_nodes()["L"], lang)


def quiz(answers: list[str], lang: str = "en") -> tuple[QuizResult, list[str]]:
    out = io.StringIO()
    result = lecture_stepper(lang).quiz(answers, out=out)
    return result, out.getvalue().splitlines()


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "autograd", "quiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def test_the_lecture_graphs_twelve_answers_score_12_of_12() -> None:
    result, lines = quiz(TWELVE)
    assert result == QuizResult(right=12, total=12, asked=12)
    assert lines[-1] == "score: 12/12"
    assert lines.count("    ✓") == 12
    # Each step, in backward order, then each edge in argument order: local derivative, then contribution.
    asked = [line for line in lines if line.startswith("  → ")]
    assert asked[:4] == [
        "  → d: local derivative ∂L/∂d = ? -2",
        "  → d: upstream × local = ∂L/∂L × ∂L/∂d = ? -2",
        "  → f: local derivative ∂L/∂f = ? 4",
        "  → f: upstream × local = ∂L/∂L × ∂L/∂f = ? 4",
    ]
    assert [line.split(" ")[3] for line in asked] == [
        "d:",
        "d:",
        "f:",
        "f:",
        "e:",
        "e:",
        "c:",
        "c:",
        "a:",
        "a:",
        "b:",
        "b:",
    ]


def test_the_command_line_scores_12_of_12() -> None:
    r = run_cli(*LECTURE, stdin="\n".join(TWELVE) + "\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "score: 12/12"
    assert "step 3/3: n2 = a · b = 2 · (-3) = -6" in r.stdout


def test_mistakes_a_reveal_an_unreadable_line_and_early_end() -> None:
    s = lecture_stepper()
    out = io.StringIO()
    result = s.quiz(["2", "?", "abc", "2*2", "1/1"], out=out)
    lines = out.getvalue().splitlines()
    assert result == QuizResult(right=1, total=12, asked=4)
    assert "    ✗ it is -2: the rule ∂(a·b)/∂a = b gives ∂L/∂d = f = -2" in lines
    assert "    it is -2: upstream × local = 1 × (-2) = -2 (counted as wrong)" in lines
    assert (
        "    abc is not a number I can read; write one such as -3, 1/2 or 2*3, or ? to see the answer"
        in lines
    )
    assert "    ✗ it is 4: upstream × local = 1 × 4 = 4" in lines  # 1/1 was read, and is wrong
    assert lines[-2:] == ["(the input ended after 4 of 12 questions)", "score: 1/12"]
    assert len(s.taken) == 2 and not s.done  # the quiz stopped inside the second step


def test_early_end_on_the_command_line_still_prints_the_score() -> None:
    r = run_cli(*LECTURE, stdin="-2\n3\n")
    assert r.returncode == 0
    assert r.stdout.splitlines()[-2:] == ["(the input ended after 2 of 12 questions)", "score: 1/12"]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("-3", -3.0),
        ("1/2", 0.5),
        ("2*3", 6.0),
        (" 1e-3 ", 0.001),
        ("－２", -2.0),
        ("−4", -4.0),
        ("x", None),
        ("1/0", None),
    ],
)
def test_answers_are_read_by_the_safe_parser(line: str, value: float | None) -> None:
    assert read_answer(line) == value


def test_answers_within_one_millionth_count() -> None:
    b = Value(3.0, "b")
    L = Value(1.0, "a") / b
    L.label = "L"
    # ∂L/∂a = 1/b = 1/3, then 1 × 1/3; ∂L/∂b = −a/b² = −1/9.
    result = Stepper(L).quiz(["1/3", "0.3333334", "-1/9", "-0.111"], out=io.StringIO())
    assert (result.right, result.total) == (3, 4)


def test_in_japanese() -> None:
    result, lines = quiz(TWELVE, lang="ja")
    assert result.right == 12
    assert lines[-1] == "得点：12/12"
    assert "  → d：局所的な微分 ∂L/∂d = ? -2" in lines and "    ✓ 正解です。" in lines
    _, wrong = quiz(["3"], lang="ja")
    assert "    ✗ 正解は -2 です。規則 ∂(a·b)/∂a = b から ∂L/∂d = f = -2 です。" in wrong


def test_input_is_read_with_input_when_no_answers_are_given(monkeypatch: pytest.MonkeyPatch) -> None:
    feed = iter(TWELVE[:3])
    prompts: list[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    result = lecture_stepper().quiz(out=io.StringIO())
    assert result == QuizResult(right=3, total=12, asked=3)
    assert prompts[0] == "  → d: local derivative ∂L/∂d = ? "


def test_answers_from_a_file() -> None:
    answers = io.StringIO("\n".join(TWELVE) + "\n")  # an open file reads the same way
    assert lecture_stepper().quiz(answers, out=io.StringIO()).right == 12


def test_a_stepper_part_way_through_quizzes_the_steps_left() -> None:
    s = lecture_stepper()
    s.next()
    result = s.quiz(TWELVE[4:], out=io.StringIO())
    assert result == QuizResult(right=8, total=8, asked=8) and s.done


def test_a_leaf_has_nothing_to_ask() -> None:
    out = io.StringIO()
    result = Stepper(Value(2.0, "a")).quiz([], out=out)
    assert result == QuizResult(0, 0, 0)
    assert out.getvalue().splitlines()[-1] == "score: 0/0"


def test_bad_usage_exits_2_as_for_step() -> None:
    r = run_cli("a*", "a=2", stdin="")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "syntax error" in r.stderr
    r = run_cli(stdin="")
    assert r.returncode == 2 and "give an expression and its values" in r.stderr
