"""The CLI run in-process for tests: ``main([...])`` as ``python -m autograd`` runs it."""

from __future__ import annotations

import pytest

from autograd.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``main(args)``."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err
