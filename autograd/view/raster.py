"""SVG to PNG with resvg and a Japanese font that a Python package ships, so no system font is needed.

Graphviz-pure's own PNG output knows only its three bundled Latin fonts and
draws every Japanese character as a box.  Instead the finished SVG is
rasterised by resvg (the ``resvg-py`` wheel) with IPAexGothic, the font file
inside the ``matplotlib-fontja`` package (found without importing matplotlib).
System fonts are not read, so a picture comes out the same on every machine.
IPAexGothic has one weight, so bold text is emboldened with a thin outline.
"""

from __future__ import annotations

import importlib.util
import math
from functools import cache
from pathlib import Path

from autograd.view.finish import SVG_NS, parse, serialise

__all__ = ["FONT_NAME", "MAX_PIXELS", "font_file", "svg_to_png"]

FONT_NAME = "IPAexGothic"

#: Largest raster drawn, in pixels; a bigger picture is drawn at a lower resolution instead.
MAX_PIXELS = 5_000_000


@cache
def font_file() -> Path | None:
    """IPAexGothic (``ipaexg.ttf``) from the ``matplotlib-fontja`` package, or None if it is not installed."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    return path if path.is_file() else None


def _prepare(svg: str, shipped: bool) -> str:
    """Set every text in the shipped font (if found), and embolden bold text with a thin outline of its colour.

    The font has no bold face; without it, generic family names are lower-cased, as resvg needs.
    """
    root = parse(svg)
    if root is None:
        return svg
    for el in root.iter("{" + SVG_NS + "}text"):
        family = el.get("font-family")
        if shipped:
            el.set("font-family", FONT_NAME)
        elif family is not None:
            el.set("font-family", family.replace("sans-Serif", "sans-serif").replace("Serif", "serif"))
        if el.get("font-weight") == "bold":
            el.set("stroke", el.get("fill", "black"))
            el.set("stroke-width", "0.45")
    return serialise(root, prolog=False)


def svg_to_png(svg: str, dpi: float = 144.0, font: Path | None = None) -> tuple[bytes, float]:
    """PNG bytes of ``svg`` (sizes in points) at ``dpi``, or lower if it would pass :data:`MAX_PIXELS`.

    Returns the PNG and the resolution used.  ``font`` overrides the Japanese font (tests use a missing one).
    """
    import resvg_py

    root = parse(svg)
    width = height = 0.0
    if root is not None:
        width = float(root.get("width", "0").removesuffix("pt") or 0)
        height = float(root.get("height", "0").removesuffix("pt") or 0)
    zoom = dpi / 72.0
    if width > 0 and height > 0:
        zoom = min(zoom, math.sqrt(MAX_PIXELS / (width * height)))
    fast = width * height * zoom * zoom > 4_000_000  # big pictures: plain anti-aliasing, several times faster
    chosen = font if font is not None else font_file()
    fonts = [str(chosen)] if chosen is not None and chosen.is_file() else []
    png = resvg_py.svg_to_bytes(
        svg_string=_prepare(svg, bool(fonts)),
        dpi=72.0,
        zoom=zoom,
        background="white",
        skip_system_fonts=bool(fonts),
        font_files=fonts or None,
        font_family=FONT_NAME,
        sans_serif_family=FONT_NAME,
        text_rendering="optimize_speed" if fast else "optimize_legibility",
        shape_rendering="optimize_speed" if fast else "geometric_precision",
    )
    return bytes(png), zoom * 72.0
