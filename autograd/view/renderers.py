"""The programs that lay a graph out: system Graphviz ``dot`` if it is on PATH, else ``graphviz-pure``.

``graphviz-pure`` is a runtime dependency installed next to the Python
interpreter, so a layout never needs anything but ``pip install``.  Layouts
come back as SVG text; :mod:`autograd.view.render` turns them into files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HOW_TO_FIX", "Renderer", "find_renderers", "layout_svg", "run"]

HOW_TO_FIX = (
    "install the Python package graphviz-pure (pip install graphviz-pure) "
    "or system Graphviz (apt install graphviz, brew install graphviz, or https://graphviz.org/download/)"
)


@dataclass(frozen=True)
class Renderer:
    """A dot-compatible executable: ``name`` is ``"dot"`` (system Graphviz) or ``"graphviz-pure"``."""

    name: str
    path: str


def _bundled() -> str | None:
    """The graphviz-pure executable of this environment, or the first on PATH."""
    here = Path(sys.executable).parent
    for exe in ("graphviz-pure", "graphviz-pure.exe"):
        if (here / exe).is_file() and os.access(here / exe, os.X_OK):
            return str(here / exe)
    return shutil.which("graphviz-pure")


def find_renderers() -> list[Renderer]:
    """The executables that can lay out DOT, best first: system ``dot``, then ``graphviz-pure``."""
    found = []
    dot = shutil.which("dot")
    if dot is not None:
        found.append(Renderer("dot", dot))
    pure = _bundled()
    if pure is not None:
        found.append(Renderer("graphviz-pure", pure))
    return found


def run(renderer: Renderer, source: str, fmt: str) -> bytes:
    """``renderer``'s output for DOT ``source`` in format ``fmt``; a clear RuntimeError if it fails."""
    done = subprocess.run(
        [renderer.path, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0 or not done.stdout:
        # Drop warnings (graphviz-pure warns about the width of non-ASCII text) and keep the error.
        lines = [
            line.strip()
            for line in done.stderr.decode("utf-8", "replace").splitlines()
            if line.strip() and not line.lstrip().startswith("Warning")
        ]
        why = " ".join(lines) if lines else f"exit status {done.returncode}"
        raise RuntimeError(f"{renderer.name} ({renderer.path}) failed: {why}")
    return done.stdout


def layout_svg(source: str) -> tuple[str, Renderer]:
    """Lay out DOT ``source`` as SVG text with the first renderer that works; returns it and who made it.

    If none works the error lists what failed and how to fix it.
    """
    renderers = find_renderers()
    if not renderers:
        raise RuntimeError(f"cannot render: no Graphviz found (no 'dot' or 'graphviz-pure'); {HOW_TO_FIX}")
    failures = []
    for r in renderers:
        try:
            return run(r, source, "svg").decode("utf-8"), r
        except (OSError, RuntimeError, ValueError) as e:
            failures.append(str(e))
    # Installing something helps only if graphviz-pure was not there to try.
    fix = "" if any(r.name == "graphviz-pure" for r in renderers) else f"; {HOW_TO_FIX}"
    raise RuntimeError(f"cannot render: {'; '.join(failures)}{fix}")
