"""A failed write is exit 2 with one line, never 'internal error' or a traceback; bad input is exit 2 even unheard.

These run the real ``python -m autograd`` with its streams pointed at /dev/full or closed,
since Python's own flush at exit is part of what is tested.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.cli.main import main

FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")


def shell(command: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m autograd ...`` under sh, so redirections such as 2>&- are real."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PY": sys.executable}
    return subprocess.run(
        ["sh", "-c", f'"$PY" -m autograd {command}'], capture_output=True, text=True, env=env, timeout=60
    )


@needs_dev_full
@pytest.mark.parametrize(
    "command",
    [
        'grad "a*b" a=2 b=3 > /dev/full',
        'step "(a*b + c)*f" a=2 b=-3 c=10 f=-2 > /dev/full',  # more than one buffer of output
        "--help > /dev/full",  # argparse ignores a failed write; main must not
        'check "a*b" a=2 b=3 > /dev/full',
    ],
)
def test_output_to_a_full_disk_exits_2_with_one_line(command: str) -> None:
    r = shell(command)
    assert r.returncode == 2, r.stderr
    assert r.stderr == "autograd: error: cannot write the output: no space left on the device\n"


@needs_dev_full
def test_a_full_disk_in_japanese() -> None:
    r = shell('grad "a*b" a=2 b=3 --lang ja > /dev/full')
    assert r.returncode == 2
    assert r.stderr == "autograd: エラー：出力を書き込めません：ディスクの空きがありません。\n"


@pytest.mark.parametrize("streams", ["2>&-", "2>/dev/full", ">/dev/full 2>&-"])
def test_bad_input_exits_2_even_when_the_error_cannot_be_written(streams: str) -> None:
    if "full" in streams and not FULL.exists():
        pytest.skip("needs /dev/full")
    r = shell(f'grad "a +" a=1 {streams}')
    assert r.returncode == 2
    assert r.stdout == "" and "Traceback" not in r.stderr


def test_a_closed_stdout_is_a_failed_write() -> None:
    r = shell('grad "a*b" a=2 b=3 >&-')
    assert r.returncode == 2
    assert r.stderr == "autograd: error: cannot write the output: the stream is closed\n"


def test_a_reader_that_leaves_early_is_no_error() -> None:
    r = shell('step "(a*b + c)*f" a=2 b=-3 c=10 f=-2 | head -c 10 >/dev/null; exit "$(( $? ))"')
    assert r.returncode == 0 and r.stderr == ""


class _FullStream(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(28, "No space left on device")


def test_in_process_a_failed_write_is_exit_2_not_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullStream())
    assert main(["grad", "a*b", "a=2", "b=3"]) == 2
    err = capsys.readouterr().err
    assert err == "autograd: error: cannot write the output: no space left on the device\n"
    assert "internal error" not in err


def test_a_failed_file_write_names_the_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import autograd.view.animate as animate_module

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path / "g.html"))

    monkeypatch.setattr(animate_module, "animate", refuse)
    assert main(["draw", "a*b", "a=2", "b=3", "--animate", str(tmp_path / "g.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("autograd: error: cannot write '") and err.endswith("g.html': permission denied\n")
