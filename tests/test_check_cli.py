"""`python -m autograd check`: the table on stdout; exit 0 pass, 1 fail, 2 bad input (one line on stderr)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def check(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "autograd", "check", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def test_a_correct_gradient_exits_0_with_the_table() -> None:
    r = check("a*b", "a=2", "b=-3")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == "f = a*b"
    assert lines[1] == "gradcheck: ∂f/∂input at a = 2, b = -3"
    assert lines[3].split()[:4] == ["0", "a", "-3", "-3"]  # ∂(ab)/∂a = b
    assert lines[4].split()[:4] == ["1", "b", "2", "2"]
    assert lines[5].startswith("✓ PASSED: all 2 derivatives agree")


def test_a_kink_exits_1_and_says_so() -> None:
    # relu at 0 has no derivative: the check cannot pass, and reports a KINK rather than a mismatch.
    r = check("relu(a)", "a=0")
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    assert "KINK  ✗" in r.stdout and "FAILED: 1 of 1 derivative" in r.stdout


def test_near_the_edge_of_the_domain_the_step_shrinks() -> None:
    # log is defined at a = 1e-7 but not at a − h for the first step: a smaller step is taken.
    r = check("log(a)", "a=1e-7")
    assert r.returncode == 0 and "✓ PASSED" in r.stdout


def test_an_infinite_derivative_exits_1() -> None:
    r = check("sqrt(a)", "a=0")
    assert r.returncode == 1 and "NON-FINITE  ✗" in r.stdout and "backward returned inf" in r.stdout


@pytest.mark.parametrize(("expr", "value"), [("sin(a)", "10000"), ("sin(a)", "1e8"), ("tanh(1e6*a)", "0")])
def test_correct_rules_at_large_or_steep_points_exit_0(expr: str, value: str) -> None:
    # Issue 10 item 9: these were a false KINK (sin from 1e4 to 1e8) and a false MISMATCH (tanh).
    r = check(expr, f"a={value}")
    assert r.returncode == 0, r.stdout
    assert "✓ PASSED: the derivative agrees" in r.stdout


def test_second_derivatives_on_request() -> None:
    r = check("a*b + a**3", "a=2", "b=-3", "--second")
    assert r.returncode == 0, r.stderr
    assert "gradgradcheck: second derivatives at a = 2, b = -3" in r.stdout
    row = next(line for line in r.stdout.splitlines() if line.startswith("0  ∂²f/∂a²"))
    assert row.split()[2] == "12"  # 6a


def test_an_expression_starting_with_minus() -> None:
    r = check("-a*b", "a=1", "b=2")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("a*b", "a=2"), "no value given for variable 'b'"),
        (("a*b", "a=2", "b=x"), "'x' is not a number"),
        (("log(a)", "a=-1"), "log(a = -1) is undefined; valid inputs: a > 0"),
        (("2*3",), "no variables"),
        (("a*", "a=1"), "a*"),
        (("a*b", "a=1", "b=2", "--eps", "-1"), "eps must be a finite step > 0"),
        (("a*b", "a=1", "b=2", "--rtol", "lots"), "--rtol"),
        ((), "give an expression"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    r = check(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("autograd: error: ")
    assert message in r.stderr
