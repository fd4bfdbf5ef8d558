"""`python -m autograd` end to end: good input, and every class of bad input.

Most tests call ``main([...])`` in-process; one runs the real ``python -m autograd``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.cli.main import CLIError, build_graph, main, parse_assignments


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``main([...])`` in-process, as ``python -m autograd`` would run it."""
    monkeypatch.setattr(sys, "argv", ["__main__.py"])

    def call(*args: str) -> Result:
        capsys.readouterr()
        status = main(list(args))
        out, err = capsys.readouterr()
        return Result(status, out, err)

    return call


def test_python_dash_m_autograd_runs_main() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    r = subprocess.run(
        [sys.executable, "-m", "autograd", "grad", "(a*b + c)*f", "a=2", "b=-3", "c=10", "f=-2"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "L = -8"
    r = subprocess.run(
        [sys.executable, "-m", "autograd", "grad", "a +"], capture_output=True, text=True, env=env
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_grad_prints_value_and_every_gradient(run: Callable[..., Result]) -> None:
    r = run("grad", "(a*b + c)*f", "a=2", "b=-3", "c=10", "f=-2")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines() == ["L = -8", "  ∂L/∂a = 6", "  ∂L/∂b = -4", "  ∂L/∂c = -2", "  ∂L/∂f = 4"]


def test_grad_of_a_reused_variable_adds_both_uses(run: Callable[..., Result]) -> None:
    r = run("grad", "x*x + x", "x=3")
    assert r.returncode == 0, r.stderr
    assert "∂L/∂x = 7" in r.stdout  # 2x + 1


def test_step_prints_forward_then_each_step_then_gradients(run: Callable[..., Result]) -> None:
    r = run("step", "(a*b + c)*f", "a=2", "b=-3", "c=10", "f=-2")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    forward, steps, grads = (
        out.index("forward pass"),
        out.index("backward pass (3 steps"),
        out.index("gradients:"),
    )
    assert forward < steps < grads
    for k in (1, 2, 3):
        assert f"step {k}/3" in out
    # The first step, at L = n4·f: upstream 1, local ∂L/∂n4 = f = -2.
    assert "∂L/∂n4 = f = -2" in out
    assert "1 × (-2) = -2" in out
    # The last step pushes -2 × (-3) = 6 into a.
    assert "∂L/∂n2 × ∂n2/∂a = -2 × (-3) = 6\n       a.grad += 6, so it went from 0 to 6" in out
    assert out.rstrip().endswith("∂L/∂f = 4")


def test_step_in_japanese(run: Callable[..., Result]) -> None:
    r = run("step", "x*x", "x=3", "--lang", "ja")
    assert r.returncode == 0, r.stderr
    assert "順伝播" in r.stdout and "逆伝播" in r.stdout and "連鎖律" in r.stdout
    assert "3 から 6 に変わります" in r.stdout
    assert "chain rule" not in r.stdout


def test_expression_may_start_with_minus(run: Callable[..., Result]) -> None:
    r = run("grad", "-a*b", "a=1", "b=2")
    assert r.returncode == 0, r.stderr
    assert "∂L/∂a = -2" in r.stdout
    for args in (
        ("-a*b", "a=1", "b=2", "--lang", "ja"),
        ("--lang", "ja", "-a*b", "a=1", "b=2"),
        ("--lang=ja", "-a*b", "a=1", "b=2"),
    ):
        r = run("step", *args)
        assert r.returncode == 0, r.stderr
        assert "勾配" in r.stdout and "∂L/∂a = -2" in r.stdout


@pytest.mark.parametrize("args", [(), ("--help",), ("-h",)])
def test_help_lists_every_command_with_an_example(run: Callable[..., Result], args: tuple[str, ...]) -> None:
    r = run(*args)
    assert r.returncode == 0
    assert r.stderr == ""
    for name in ("step", "grad"):
        assert f"python -m autograd {name} " in r.stdout
    assert "exp log tanh sigmoid relu sqrt abs sin cos" in r.stdout


def test_command_help(run: Callable[..., Result]) -> None:
    r = run("step", "--help")
    assert r.returncode == 0
    assert "--lang" in r.stdout and "example:" in r.stdout


BAD = [
    pytest.param(("step",), "give an expression", id="no-expression"),
    pytest.param(
        ("frob",), "unknown command 'frob'; the commands are step, grad, draw, check", id="unknown-command"
    ),
    pytest.param(
        ("grad", "a +* b", "a=1", "b=2"),
        "column 4: syntax error: unexpected '*' (at ▶: a +▶* b)",
        id="syntax",
    ),
    pytest.param(("grad", "(a + b", "a=1", "b=2"), "column 1: syntax error", id="unclosed"),
    pytest.param(("grad", "foo(a)", "a=1"), "unknown function 'foo'", id="unknown-function"),
    pytest.param(("grad", "a.__class__", "a=1"), "attribute access", id="attribute"),
    pytest.param(("grad", "a*b", "a=1"), "no value given for variable 'b'", id="missing-variable"),
    pytest.param(("grad", "a", "a=1", "z=2"), "variable 'z' not in the expression", id="extra-variable"),
    pytest.param(("grad", "a", "a=abc"), "'abc' is not a number", id="not-a-number"),
    pytest.param(("grad", "a", "a=nan"), "finite", id="nan"),
    pytest.param(("grad", "a", "a=-inf"), "finite", id="inf"),
    pytest.param(("grad", "a", "a=1", "a=2"), "'a' is given twice", id="duplicate"),
    pytest.param(("grad", "a", "a"), "expected NAME=NUMBER", id="no-equals"),
    pytest.param(("grad", "a*b", "a", "=", "1", "b=2"), "with no spaces, got 'a'", id="spaced-equals"),
    pytest.param(("grad", "a", "if=1"), "keyword", id="keyword-as-variable"),
    pytest.param(("grad", "a", "2a=1"), "not a variable name", id="bad-name"),
    pytest.param(("grad", "a", "exp=1"), "function name", id="function-as-variable"),
    pytest.param(
        ("grad", "log(a)", "a=-1"), "log(a = -1) is undefined; valid inputs: a > 0", id="domain-log"
    ),
    pytest.param(
        ("grad", "log(x)", "x=-1"), "log(x = -1) is undefined; valid inputs: x > 0", id="domain-users-name"
    ),
    pytest.param(("grad", "b / (a - 1)", "a=1", "b=2"), "the divisor (a - 1) ≠ 0", id="domain-interior"),
    pytest.param(("step", "1/a", "a=0"), "divides by zero", id="domain-div"),
    pytest.param(("grad", "exp(a)", "a=1000"), "overflows", id="overflow"),
    pytest.param(
        ("grad", "a**b", "a=0.5", "b=-1023"),
        "backward through a**b at a = 0.5, b = -1023: the local derivative ∂(a**b)/∂a overflows a float",
        id="overflow-in-backward",
    ),
    pytest.param(("grad", "a" + "+a" * 600, "a=1"), "the limit is 1000", id="too-long"),
    pytest.param(("grad", "(" * 300 + "a" + ")" * 300, "a=1"), "nest more than 50 deep", id="too-deep"),
    pytest.param(("step", "a", "a=1", "--lang", "fr"), "--lang: invalid choice: 'fr'", id="unknown-language"),
    pytest.param(("grad", "a", "a=1", "--nope"), "unknown option '--nope' for grad", id="unknown-option"),
    pytest.param(("grad", "a", "a=1", "--l", "ja"), "unknown option '--l'", id="no-abbreviations"),
]


@pytest.mark.parametrize(("args", "words"), BAD)
def test_bad_input_exits_2_with_one_line_and_no_traceback(
    run: Callable[..., Result], args: tuple[str, ...], words: str
) -> None:
    r = run(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("autograd: error: ")
    assert words in lines[0]
    assert "Traceback" not in r.stderr


# --- in-process: the helpers other subcommands build on ----------------------


def test_build_graph_labels_inputs_and_root() -> None:
    root, inputs = build_graph("a*b + a", ["a=2", "b=-3"])
    assert list(inputs) == ["a", "b"]
    assert root.label == "L" and root.data == -4.0
    root, inputs = build_graph("L*y", ["L=2", "y=3"])
    assert root.label == "out"


def test_build_graph_raises_cli_error_for_each_bad_input() -> None:
    for expr, values in [("a +", ["a=1"]), ("a", []), ("a", ["a=x"]), ("log(a)", ["a=0"])]:
        with pytest.raises(CLIError):
            build_graph(expr, values)


def test_parse_assignments() -> None:
    assert parse_assignments(["a=2", " b = -3.5 ", "c=1e-3"]) == {"a": 2.0, "b": -3.5, "c": 0.001}


def test_main_returns_status_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grad", "a*b", "a=2", "b=5"]) == 0
    assert capsys.readouterr().out.splitlines() == ["L = 10", "  ∂L/∂a = 5", "  ∂L/∂b = 2"]
    assert main(["grad", "a*b", "a=2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'b'" in err


@settings(max_examples=200)
@given(
    st.text(alphabet="ab()+-*/ e.x1^,", max_size=20),
    st.lists(st.text(alphabet="ab=x-1.5en i", max_size=8), max_size=4),
)
def test_fuzz_build_graph_gives_a_graph_or_a_cli_error(expr: str, assignments: list[str]) -> None:
    try:
        root, inputs = build_graph(expr, assignments)
    except CLIError as e:
        assert str(e) and "\n" not in str(e)
        return
    # Accepted: every assignment became the leaf of that name, holding that value.
    assert {k: v.data for k, v in inputs.items()} == parse_assignments(assignments)
    assert all(v.label == k for k, v in inputs.items())
    assert isinstance(root.data, float)


def test_parse_assignments_reads_a_japanese_keyboard() -> None:
    # U+2212 minus, the full-width minus and digits, the long-vowel key and a full-width '='.
    assert parse_assignments(["x=−1", "y=－2.5", "ｚ＝１", "w=ー3"]) == {
        "x": -1.0,
        "y": -2.5,
        "z": 1.0,
        "w": -3.0,
    }


def test_grad_with_full_width_input(run: Callable[..., Result]) -> None:
    r = run("grad", "（x＋y）＊２", "x=−1", "y=３")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["L = 4", "  ∂L/∂x = 2", "  ∂L/∂y = 2"]
