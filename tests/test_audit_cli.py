"""``python -m autograd audit MODULE:CLASS``: exit 0 for a correct class, 1 naming each planted bug, 2 for bad usage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.cli.main import main

ENGINES = Path(__file__).parent / "engines"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "autograd", "audit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        cwd=cwd,
    )


def test_a_correct_class_exits_0() -> None:
    r = run(f"{ENGINES / 'good.py'}:GoodValue")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.splitlines()[0] == "audit of GoodValue"
    assert r.stdout.splitlines()[-1] == "result: PASS. Every op GoodValue has agrees with this engine."


@pytest.mark.parametrize(
    ("target", "names"),
    [
        ("overwrite.py:OverwriteValue", "classic bug: overwriting instead of accumulating"),
        ("order.py:OrderValue", "classic bug: wrong order"),
        ("tanh_rule.py:TanhRuleValue", "classic bug: wrong tanh rule"),
        ("pow_rule.py:PowRuleValue", "classic bug: the rule for x ** n forgets the exponent"),
        ("reflected.py:NoReflectedValue", "classic bug: missing reflected op"),
    ],
)
def test_each_planted_bug_exits_1_and_is_named(
    target: str, names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["audit", f"{ENGINES / target}", "--max-examples", "40"])
    out, err = capsys.readouterr()
    assert status == 1, err
    assert names in out and err == ""


def test_a_dotted_module_from_the_current_folder_and_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(
        "engines.tanh_rule:TanhRuleValue",
        "--lang",
        "ja",
        "--seed",
        "1",
        "--max-examples",
        "30",
        cwd=ENGINES.parent,
    )
    assert r.returncode == 1, r.stderr
    assert "よくある誤り：tanh の規則が違います。" in r.stdout
    assert r.stdout.splitlines()[-1].startswith("結果：不合格です。")


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("", "give the class to audit as MODULE:CLASS"),
        ("good.py", "give the class to audit as MODULE:CLASS"),
        ("nowhere.py:Value", "cannot import nowhere.py: FileNotFoundError"),
        ("no_such_module_here:Value", "cannot import no_such_module_here: ModuleNotFoundError"),
        ("good.py:Nope", "has no Nope; the classes it defines: GoodValue"),
        ("good.py:math", "math is a module, not a class"),
        ("misbehaving.py:NoBackward", "NoBackward has no backward() method"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    target: str, says: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ENGINES)
    status = main(["audit", target] if target else ["audit"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == "" and err.count("\n") == 1 and says in err and "Traceback" not in err


def test_a_module_that_fails_to_import_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken_engine.py"
    broken.write_text("class Value:\n    pass\nraise RuntimeError('broken on purpose')\n")
    assert main(["audit", f"{broken}:Value"]) == 2
    err = capsys.readouterr().err
    assert "cannot import" in err and "RuntimeError: broken on purpose (broken_engine.py:3)" in err


def test_max_examples_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", f"{ENGINES / 'good.py'}:GoodValue", "--max-examples", "0"]) == 2
    assert "--max-examples must be at least 1, got 0" in capsys.readouterr().err
