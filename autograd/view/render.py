"""Turn DOT into SVG, PNG or PDF files, with or without a system Graphviz.

The system ``dot`` lays the graph out when it is on PATH; otherwise the
``graphviz-pure`` executable (a runtime dependency, installed next to the
Python interpreter) does.  Either way the layout comes out as SVG, which is
finished (:mod:`autograd.view.finish`: centred text, hover text, fonts).  PNG
is that SVG rasterised by resvg with a Japanese font from a Python package
(:mod:`autograd.view.raster`), so Japanese labels are real glyphs on any
machine; PDF is that PNG wrapped in a one-page PDF (:mod:`autograd.view._pdf`).

Files are written to a temporary file in the target folder and renamed into
place, so a failure never leaves a half-written file behind.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from autograd.core.engine import Value
from autograd.files import write_atomic as write_atomic  # the one atomic write, still importable here
from autograd.view._pdf import decode_png, png_to_pdf
from autograd.view.draw import draw, drawing_svg
from autograd.view.finish import finish
from autograd.view.raster import svg_to_png
from autograd.view.renderers import Renderer, find_renderers, layout_svg, run
from autograd.view.webfont import with_font

__all__ = [
    "FORMATS",
    "Renderer",
    "decode_png",
    "dot_to",
    "drawing_svg",
    "find_renderers",
    "layout_svg",
    "png_to_pdf",
    "render",
]

FORMATS = ("svg", "png", "pdf")
DPI = 144  # PNG (and PDF via PNG) at twice the screen resolution, so text stays crisp


def dot_to(source: str, fmt: str, hover: Mapping[str, str] | None = None) -> tuple[bytes, Renderer]:
    """Lay out DOT ``source`` as ``fmt`` (svg, png or pdf); returns the bytes and who laid it out.

    ``hover`` maps DOT ids to the text shown when hovering them (see :func:`autograd.view.finish.finish`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    vector = _vector_pdf(source) if fmt == "pdf" else None
    if vector is not None:
        return vector
    raw, renderer = layout_svg(source)
    svg = finish(raw, hover)
    if fmt == "svg":
        return with_font(svg).encode("utf-8"), renderer
    png, dpi = svg_to_png(svg, DPI)
    return (png if fmt == "png" else png_to_pdf(png, dpi)), renderer


def _vector_pdf(source: str) -> tuple[bytes, Renderer] | None:
    """System ``dot``'s own (vector) PDF, when it is installed and the picture has no Japanese text.

    Japanese needs a font that system Graphviz may not find, so such a PDF takes the raster route.
    """
    if any(ord(ch) >= 0x2E80 for ch in source):
        return None
    dot = next((r for r in find_renderers() if r.name == "dot"), None)
    if dot is None:
        return None
    try:
        return run(dot, source, "pdf"), dot
    except (OSError, RuntimeError):
        return None  # the raster route still works


def check_target(path: str | os.PathLike[str], formats: Sequence[str]) -> tuple[Path, str]:
    """The path and its format (from the extension), or a clear error before any work is done."""
    p = Path(path)
    ext = p.suffix.lower().lstrip(".")
    valid = ", ".join("." + f for f in formats)
    if ext not in formats:
        shown = f"'.{ext}'" if ext else "no extension"
        raise ValueError(f"cannot write {str(p)!r}: {shown} is not a supported file type; use {valid}")
    folder = p.parent
    if not folder.exists():
        raise FileNotFoundError(f"cannot write {str(p)!r}: the folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {str(p)!r}: {str(folder)!r} is not a folder")
    if p.is_dir():
        raise IsADirectoryError(
            f"cannot write {str(p)!r}: it is a folder; give a file name such as graph.{ext}"
        )
    return p, ext


def render(root: Value, path: str | os.PathLike[str], **draw_options: Any) -> Path:
    """Draw ``root``'s graph and write it as SVG, PNG or PDF, chosen by the extension of ``path``.

    ``draw_options`` are those of :func:`autograd.view.draw.draw` (``view``,
    ``rankdir``, ``max_nodes``, ``lang``).  Returns the path written.

    Raises:
        ValueError: an unsupported extension or draw option.
        OSError: the folder is missing or not writable (nothing is written).
        RuntimeError: no Graphviz could render (the message says what to install).
    """
    target, fmt = check_target(path, FORMATS)
    drawing = draw(root, **draw_options)
    data, _ = dot_to(drawing.source, fmt, drawing.hover)
    write_atomic(target, data)
    return target


def svg_of(root: Value, **draw_options: Any) -> str:
    """The drawing of ``root`` as SVG text (what Jupyter shows)."""
    return drawing_svg(draw(root, **draw_options))
