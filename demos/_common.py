"""What the demos share: where pictures go, matplotlib when it is there, and a quiet CLI parser."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

OUT = Path(__file__).resolve().parent.parent / "out"
INSTALL_HINT = (
    "matplotlib is not installed, so there are no pictures this time; get it with: pip install -e '.[demos]'"
)

_hinted = False


def pyplot() -> Any | None:
    """``matplotlib.pyplot`` on the headless Agg backend, or None (after saying how to install it)."""
    global _hinted
    try:
        import matplotlib

        matplotlib.use("Agg")  # the demos only write files, so no window is ever needed
        import matplotlib.pyplot as plt
    except ImportError:
        if not _hinted:
            print(INSTALL_HINT)
            _hinted = True
        return None
    return plt


def out_dir(out: str | Path | None = None) -> Path:
    """The folder for pictures (``out/`` at the top of the project unless told), created if needed."""
    path = Path(out) if out is not None else OUT
    path.mkdir(parents=True, exist_ok=True)
    return path


def shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, so printed paths stay short."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def series(values: Sequence[float | None]) -> list[float] | None:
    """``values`` ready to plot, a missing one (None) as NaN so the line has a gap there, never a 0.

    None when every value is missing: then there is nothing to draw at all.
    """
    if all(v is None for v in values):
        return None
    return [math.nan if v is None else float(v) for v in values]


def save_figure(plt: Any, fig: Any, path: Path) -> Path:
    """Write ``fig`` to ``path``, close it, and say where it went."""
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    print(f"  picture: {shown(path)}")
    return path


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line on stderr and exits with status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def positive_int(text: str) -> int:
    """An argparse type: an int ≥ 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return n


def finite_float(text: str) -> float:
    """An argparse type: a finite number."""
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(x):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return x


def run(main: Callable[[], object]) -> int:
    """Run a demo's main; Ctrl-C ends it with one line and status 130 instead of a traceback."""
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def heading(title: str) -> None:
    """A section title for the printed lesson."""
    print(f"\n== {title} " + "=" * max(0, 72 - len(title)))
