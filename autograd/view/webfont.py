"""Japanese glyphs inside the page: the few characters it uses, cut from the shipped font.

A browser draws text with the fonts of the machine it runs on; one without a
Japanese font shows boxes.  So a page with Japanese text carries an
``@font-face`` holding just its own characters (a hundred or so, about 20 kB),
cut from IPAexGothic with fontTools and embedded as a ``data:`` URL (no
network).  Fonts of the machine still come first; the embedded one is the
last fallback before ``sans-serif``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable

from autograd.view.raster import font_file

__all__ = ["FAMILY", "font_face", "with_font"]

#: The embedded font's family name, as the page's styles and the pictures' text ask for it.
FAMILY = "autograd-ja"


def _needed(texts: Iterable[str]) -> str:
    """The characters Latin fonts lack: Japanese and other wide characters, and full-width punctuation."""
    return "".join(sorted({ch for t in texts for ch in t if ord(ch) >= 0x2E80}))


def font_face(texts: Iterable[str]) -> str:
    """A CSS ``@font-face`` rule with the glyphs ``texts`` need, or ``""`` if none (or no font or fontTools)."""
    chars = _needed(texts)
    path = font_file()
    if not chars or path is None:
        return ""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        return ""
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [1, 2]
    font = TTFont(str(path))
    cutter = subset.Subsetter(options)
    cutter.populate(text=chars)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
    )


def with_font(svg: str) -> str:
    """``svg`` with a ``<style>`` holding the glyphs its Japanese text needs (unchanged if it has none)."""
    face = font_face([svg])
    if not face:
        return svg
    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        return svg
    return f"{svg[: end + 1]}\n<style>{face}</style>{svg[end + 1 :]}"
