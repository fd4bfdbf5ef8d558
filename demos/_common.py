"""What the demos share: where pictures go, matplotlib (with a Japanese font) when it is there,
the sentence table in the chosen language, and a quiet CLI parser."""

from __future__ import annotations

import argparse
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from autograd.explain.sentences import LANGUAGES, text

OUT = Path(__file__).resolve().parent.parent / "out"

_hinted: set[str] = set()  # the hints already printed (each is said once per run)
_lang = "en"  # the language of the lines printed here; a demo's main sets it


def install_hint(lang: str = "en") -> str:
    """How to get matplotlib, in ``lang``."""
    return text("demos_install_hint", lang)


def _say_once(key: str, lang: str) -> None:
    if key not in _hinted:
        print(text(key, lang))
        _hinted.add(key)


def pyplot(lang: str = "en") -> Any | None:
    """``matplotlib.pyplot`` on the headless Agg backend, or None (after saying how to install it).

    For ``lang="ja"`` it also loads IPAexGothic from matplotlib-fontja (a font shipped on PyPI, so no
    system font is needed), with DejaVu Sans behind it for symbols the Japanese font lacks.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")  # the demos only write files, so no window is ever needed
        import matplotlib.pyplot as plt
    except ImportError:
        _say_once("demos_install_hint", lang)
        return None
    if lang == "ja":
        japanese_font(plt)
    return plt


def japanese_font(plt: Any) -> bool:
    """Draw text with IPAexGothic (from matplotlib-fontja); False if that package is missing."""
    try:
        import matplotlib_fontja  # noqa: F401  (importing it registers the font)
    except ImportError:
        return False
    plt.rcParams["font.family"] = ["IPAexGothic", "DejaVu Sans"]
    return True


def plot_lang(plt: Any, lang: str) -> str:
    """The language to label pictures in: ``lang``, or English when no Japanese font is installed."""
    if lang == "ja" and not japanese_font(plt):
        _say_once("demos_font_hint", lang)
        return "en"
    return lang


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
    print(text("demos_picture", _lang, path=shown(path)))
    return path


def set_lang(lang: str) -> str:
    """Make ``lang`` the language of the lines this module prints (the picture paths); return it."""
    global _lang
    _lang = lang
    return lang


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The ``--lang`` flag every demo takes."""
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the text and the pictures (default en)"
    )


def positive_float(text_: str) -> float:
    """An argparse type: a finite number > 0."""
    x = finite_float(text_)
    if x <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text_!r}")
    return x


def nonnegative_float(text_: str) -> float:
    """An argparse type: a finite number ≥ 0."""
    x = finite_float(text_)
    if x < 0:
        raise argparse.ArgumentTypeError(f"expected a number of 0 or more, got {text_!r}")
    return x


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
        print("\n" + text("demos_interrupted", _lang), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def heading(title: str) -> None:
    """A section title for the printed lesson."""
    print(f"\n== {title} " + "=" * max(0, 72 - width(title)))


def width(s: str) -> int:
    """How many terminal columns ``s`` takes: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def rjust(s: str, n: int) -> str:
    """``s`` right-aligned in ``n`` terminal columns (``str.rjust`` counts a CJK character as one)."""
    return " " * max(0, n - width(s)) + s


def ljust(s: str, n: int) -> str:
    """``s`` left-aligned in ``n`` terminal columns."""
    return s + " " * max(0, n - width(s))
