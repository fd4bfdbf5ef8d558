"""The argument parsers: no abbreviations, expressions that look like options, usage lines, the command table."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest
from cli_run import run

from autograd.cli import registry

pytestmark = pytest.mark.usefixtures("prog_name")


def test_an_option_is_never_abbreviated(capsys: pytest.CaptureFixture[str]) -> None:
    # '--a' was taken for '--atol', and then 'a=5' for its value.
    status, out, err = run(capsys, "check", "a*a", "a=5", "--at", "1e-3")
    assert status == 2 and out == ""
    assert (
        "unknown option '--at' for check; its options are -h/--help, --second, --eps, --atol, --rtol, --lang"
        in err
    )


@pytest.mark.parametrize("command", ["step", "check", "grad"])
def test_an_expression_that_looks_like_an_option_says_how_to_write_it(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, out, err = run(capsys, command, "--a", "a=5")
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert "'--a' is read as an option" in err
    assert 'if it is the expression, write -- "--a" or "(--a)"' in err


@pytest.mark.parametrize(
    "args", [("--", "--a", "a=5"), ("(--a)", "a=5"), ("--lang", "en", "--", "--a", "a=5")]
)
def test_the_two_ways_suggested_both_work(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    status, out, err = run(capsys, "grad", *args)
    assert (status, err) == (0, "")
    assert out.splitlines() == ["L = 5", "  ∂L/∂a = 1"]


def test_options_may_come_before_between_or_after_the_values(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ("--lang", "ja", "x*y", "x=2", "y=3"),
        ("x*y", "--lang", "ja", "x=2", "y=3"),
        ("x*y", "x=2", "--lang=ja", "y=3"),
        ("x*y", "x=2", "y=3", "--lang", "ja"),
    ):
        status, out, err = run(capsys, "step", *args)
        assert (status, err) == (0, ""), args
        assert "勾配" in out and "∂L/∂x = 3" in out


@pytest.mark.parametrize("command", ["step", "grad", "draw", "check"])
def test_each_subcommand_has_its_own_usage_line(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    usage = out.splitlines()[0]
    assert usage.startswith(f"usage: python -m autograd {command} [-h]"), usage
    assert "COMMAND" not in usage and "see the commands below" not in out
    assert "EXPR [NAME=NUMBER ...]" in out and "--lang {en,ja}" in out


def test_top_level_usage_and_unknown_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0 and out.startswith("usage: python -m autograd [--lang {en,ja}] COMMAND ...")
    assert run(capsys, "--nope")[2] == (
        "autograd: error: unknown option '--nope'; give a command first (see 'python -m autograd --help')\n"
    )
    assert "give a command: step, grad, draw, check" in run(capsys, "--lang", "ja", "--lang", "en")[2]


def test_a_short_option_may_take_its_value_attached(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    status, _, err = run(capsys, "draw", "a*b", "a=1", "b=2", "-o")
    assert status == 2 and "-o/--output needs a value" in err
    status, _, err = run(capsys, "draw", "a*b", "a=1", "b=2", "-onowhere/g.svg")
    assert status == 2 and "the folder 'nowhere' does not exist" in err


@pytest.fixture
def echo_command() -> Iterator[None]:
    """A subcommand registered the way the quiz and audit commands are."""

    def configure(parser: argparse.ArgumentParser) -> None:
        registry.add_expression_arguments(parser)
        parser.add_argument(
            "--twice", action="store_true", help=registry.help_text(parser, "cli_help_second")
        )

    def echo(args: argparse.Namespace) -> int:
        print(args.expr * (2 if args.twice else 1), args.lang)
        return 0

    registry.command("echo", "print EXPR", 'autograd echo "a*b" a=1 b=2', configure=configure)(echo)
    try:
        yield
    finally:
        del registry.COMMANDS["echo"]


def test_a_new_command_is_one_registration(capsys: pytest.CaptureFixture[str], echo_command: None) -> None:
    status, out, _ = run(capsys, "echo", "-a", "--twice", "--lang", "ja")
    assert (status, out) == (0, "-a-a ja\n")
    assert re.search(r"\n  echo +print EXPR\n", run(capsys, "--help")[1])
    status, out, _ = run(capsys, "echo", "--help")
    assert " ".join(out.split()).startswith(
        "usage: python -m autograd echo [-h] [--twice] [--lang {en,ja}] EXPR"
    )
