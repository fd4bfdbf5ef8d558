"""Every code block in the READMEs runs as written, in order, from the repository root.

Python blocks run one after another in one namespace, as a reader pastes them
into one session (``>>>`` prompts are stripped). A block that is meant to fail
is preceded by an HTML comment naming the exception: ``<!-- raises: GradcheckError -->``.
Every ``python ...`` / ``python -m autograd ...`` line in a shell block must name a
file or subcommand that exists.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from autograd.testing import restored_ops

ROOT = Path(__file__).resolve().parent.parent
READMES = [p for p in (ROOT / "README.md", ROOT / "README.ja.md") if p.exists()]
BLOCK = re.compile(r"(?:<!-- raises: (?P<raises>\w+) -->\s*)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)


def blocks(path: Path, lang: str) -> list[tuple[str, str | None]]:
    return [
        (m["body"], m["raises"])
        for m in BLOCK.finditer(path.read_text(encoding="utf-8"))
        if m["lang"] == lang
    ]


def source(body: str) -> str:
    if not body.lstrip().startswith(">>>"):
        return body
    lines = [ln[4:] for ln in body.splitlines() if ln.startswith((">>> ", "... "))]
    return "\n".join(lines)


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_python_blocks_run_in_order(readme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "__readme__"}
    found = blocks(readme, "python")
    assert found, f"{readme.name} has no python blocks"
    with restored_ops():  # the ops a README defines are gone afterwards, as in a fresh session
        for k, (body, raises) in enumerate(found):
            code = compile(source(body), f"{readme.name} python block {k + 1}", "exec")
            if raises is None:
                exec(code, namespace)
                continue
            with pytest.raises(Exception) as info:
                exec(code, namespace)
            assert type(info.value).__name__ == raises


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.name)
def test_shell_lines_name_files_and_subcommands_that_exist(readme: Path) -> None:
    from autograd.cli.main import main

    for body, _ in blocks(readme, ""):
        for line in body.splitlines():
            words = shlex.split(line.split("#", 1)[0]) if line.strip() else []
            if len(words) >= 2 and words[0] == "python":
                if words[1] == "-m":
                    assert words[2] == "autograd", line
                    try:
                        status = main([words[3], "--help"])
                    except SystemExit as e:
                        status = e.code if isinstance(e.code, int) else 0
                    assert status == 0, line
                else:
                    assert (ROOT / words[1]).exists(), line


def test_readmes_point_only_at_files_in_the_repository() -> None:
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        assert "shared/" not in text, f"{readme.name} points outside the repository"
        for target in re.findall(r"\]\((?!https?://|#)([^)]+)\)", text):
            assert (ROOT / target).exists(), f"{readme.name} links to missing {target}"
