"""``--lang ja`` on every subcommand: everything the command line prints is Japanese, errors and help included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import run

# Words an English message would hold; none may appear in a Japanese one, outside quotes.
ENGLISH = re.compile(
    r"\b(the|is|not|give|write|use|unknown|must|error|cannot|expected|value|number|variable|expression|"
    r"column|syntax|option|options|command|invalid|usage|example|show|help|positional|arguments|default)\b",
    re.IGNORECASE,
)
# What may stay: options (--lang), and code a user types (a=2, FILE.svg placeholders excepted).
CODE = re.compile(r"--?[a-z][\w-]*")
KANA = re.compile(r"[\u3040-\u30ff]")


pytestmark = pytest.mark.usefixtures("prog_name")


def unquoted(line: str) -> str:
    """The line without quoted input and without option names, which stay as typed."""
    return CODE.sub("", re.sub(r"'[^']*'|\"[^\"]*\"", "", line))


BAD = [
    ("step",),
    ("frob",),
    ("grad", "a +* b", "a=1", "b=2"),
    ("grad", "(a + b", "a=1", "b=2"),
    ("grad", "foo(a)", "a=1"),
    ("grad", "a.real", "a=1"),
    ("grad", "a ^ 2", "a=1"),
    ("grad", "a*b", "a=1"),
    ("grad", "a", "a=1", "z=2"),
    ("grad", "a", "a=abc"),
    ("grad", "a", "a=nan"),
    ("grad", "a", "a=1", "a=2"),
    ("grad", "a", "a"),
    ("grad", "a", "if=1"),
    ("grad", "a", "exp=1"),
    ("grad", "log(x)", "x=-1"),
    ("grad", "1/a", "a=0"),
    ("grad", "exp(a)", "a=1000"),
    ("grad", "a**b", "a=0.5", "b=-1023"),
    ("grad", "a*a", "a=1e200"),
    ("grad", "x**y", "x=-2", "y=2"),
    ("grad", "a" + "+a" * 600, "a=1"),
    ("grad", "(" * 60 + "a" + ")" * 60, "a=1"),
    ("grad", "2x", "x=1"),
    ("grad", "x²", "x=1"),
    ("grad", "e = a*b; e = a; L = e", "a=1", "b=2"),
    ("step", "--a", "a=5"),
    ("grad", "a", "a=1", "--nope"),
    ("grad", "a", "a=1", "--lang"),
    ("draw", "a*b", "a=1", "b=2"),
    ("draw", "a*b", "a=1", "b=2", "-o", "g.jpg"),
    ("draw", "a*b", "a=1", "b=2", "-o", "nowhere/g.svg"),
    ("draw", "a*b", "a=1", "b=2", "-o", "g.svg", "--view", "up"),
    ("draw", "a*b", "a=1", "b=2", "-o", "g.svg", "--max-nodes", "0"),
    ("check", "2*3"),
    ("check", "a*b", "a=1", "b=2", "--eps", "-1"),
    ("check", "a*b", "a=1", "b=2", "--rtol", "lots"),
]


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(a)[:40])
def test_every_error_is_japanese(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    status, out, err = run(capsys, *args, "--lang", "ja")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("autograd: エラー：")
    assert KANA.search(err), err
    assert not ENGLISH.search(unquoted(err)), err
    english = run(capsys, *args)[2]
    assert english.startswith("autograd: error: ") and not KANA.search(english)


@pytest.mark.parametrize("args", [("--help",), ("step", "--help"), ("draw", "--help"), ("check", "--help")])
def test_help_is_japanese(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    status, out, _ = run(capsys, *args, "--lang", "ja")
    assert status == 0 and out.startswith("使い方：python -m autograd")
    assert "オプション：" in out and "この説明を表示して終了します" in out
    for line in out.splitlines():
        assert not ENGLISH.search(unquoted(line)), line


def test_every_command_takes_lang(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lecture = ("(a*b + c)*f", "a=2", "b=-3", "c=10", "f=-2", "--lang", "ja")
    status, out, _ = run(capsys, "step", *lecture)
    assert status == 0 and "逆伝播" in out and "chain rule" not in out
    status, out, _ = run(capsys, "grad", *lecture)
    assert status == 0 and out.splitlines()[0] == "L = -8"
    status, out, _ = run(capsys, "check", *lecture)
    assert status == 0 and out.startswith("f = (a*b + c)*f")
    status, out, _ = run(capsys, "draw", *lecture, "--animate", str(tmp_path / "g.html"))
    assert status == 0 and "L の逆伝播" in (tmp_path / "g.html").read_text(encoding="utf-8")


def test_full_width_lang_value_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "grad", "a*", "a=1", "--lang", "ｊａ")[2].startswith("autograd: エラー：")
