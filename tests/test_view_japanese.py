"""Japanese in every format with no system CJK font: words from the table, real glyphs in PNG and PDF."""

from __future__ import annotations

import importlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from graphs import lecture_nodes

from autograd import Value, draw, render
from autograd.explain.sentences import en, ja

raster = importlib.import_module("autograd.view.raster")
render_module = importlib.import_module("autograd.view.render")

_WORD = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="60pt" height="30pt">'
    '<text x="6" y="24" font-size="24" font-family="Helvetica,sans-Serif">勾配</text></svg>'
)


def _ink(png: bytes) -> np.ndarray:
    px = render_module.decode_png(png)[:, :, :3].astype(int)
    return px.sum(axis=2) < 3 * 128  # dark pixels


def _interior(mask: np.ndarray, scale: float) -> float:
    """Ink fraction inside each of the two 24-pt character cells, a quarter in from every side.

    A real 勾 or 配 puts strokes there; a missing glyph is blank or an empty box outline.
    """
    fractions = []
    for left in (6, 30):
        x0, x1 = round((left + 6) * scale), round((left + 18) * scale)
        y0, y1 = round(9 * scale), round(21 * scale)
        fractions.append(float(mask[y0:y1, x0:x1].mean()))
    return min(fractions)


def test_the_shipped_font_is_found_without_a_system_font() -> None:
    font = raster.font_file()
    assert font is not None and font.name == "ipaexg.ttf" and font.stat().st_size > 1_000_000


def test_japanese_words_rasterise_as_real_glyphs_not_boxes(tmp_path: Path) -> None:
    real, dpi = raster.svg_to_png(_WORD)
    missing, _ = raster.svg_to_png(_WORD, font=tmp_path / "no-such-font.ttf")
    scale = dpi / 72
    assert _interior(_ink(real), scale) > 0.12  # strokes fill the middle of both characters
    assert _interior(_ink(missing), scale) < 0.02  # without the font: nothing, or hollow boxes
    assert not np.array_equal(_ink(real), _ink(missing))


def test_a_japanese_png_and_pdf_of_the_lecture_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    L = lecture_nodes()["L"]
    L.backward()
    png = render(L, tmp_path / "ja.png", view="backward", lang="ja").read_bytes()
    pdf = render(L, tmp_path / "ja.pdf", view="backward", lang="ja").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/Width" in pdf
    monkeypatch.setattr(raster, "font_file", lambda: None)  # as if matplotlib-fontja were missing
    boxes = render(L, tmp_path / "boxes.png", view="backward", lang="ja").read_bytes()
    real, plain = _ink(png), _ink(boxes)
    assert real.shape == plain.shape
    # the glyphs of 値, 勾配, 局所的な微分 … differ from boxes everywhere the Japanese words are
    assert real.sum() > plain.sum()
    assert (real != plain).sum() > 5000


def test_every_picture_word_has_a_japanese_entry_with_the_same_fields() -> None:
    keys = [k for k in en.SENTENCES if k.startswith("pictures_")]
    assert len(keys) >= 25
    assert keys == [k for k in ja.SENTENCES if k.startswith("pictures_")]
    for key in keys:
        fields = set(re.findall(r"\{(\w+)\}", en.SENTENCES[key]))
        assert fields == set(re.findall(r"\{(\w+)\}", ja.SENTENCES[key])), key
    assert "局所的な微分" in ja.SENTENCES["pictures_local"]
    assert ja.SENTENCES["pictures_waiting"] == "上流待ち"
    assert not any("局所微分" in ja.SENTENCES[k] for k in keys)


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_japanese_drawing_has_no_english_words(view: str) -> None:
    L = lecture_nodes()["L"]
    L.backward()
    src = draw(L, view=view, lang="ja").source
    for word in (">data ", ">grad ", ">local ", "waiting for upstream", "fill =", "edge:", "(an input)"):
        assert word not in src
    assert "値 2" in src and "勾配 6" in src
    if view == "backward":
        assert "局所的な微分 -3" in src and "塗り = |勾配|" in src


def test_japanese_text_gets_a_cell_wide_enough_for_it() -> None:
    x = Value(1.0, "x")
    y = x * 2.0
    src = draw(y, lang="ja").source
    # Graphviz counts a Japanese character as a space, so the cell is given its width
    assert re.search(r'<TD WIDTH="\d+" COLOR="#333333"><FONT COLOR="black">値 1</FONT>', src)


def test_a_japanese_svg_file_carries_its_glyphs_and_an_english_one_nothing(tmp_path: Path) -> None:
    L = lecture_nodes()["L"]
    L.backward()
    ja_svg = render(L, tmp_path / "ja.svg", view="backward", lang="ja").read_text(encoding="utf-8")
    en_svg = render(L, tmp_path / "en.svg", view="backward").read_text(encoding="utf-8")
    assert ja_svg.count("@font-face") == 1 and "data:font/ttf;base64," in ja_svg
    assert "@font-face" not in en_svg
    ET.fromstring(ja_svg.encode("utf-8"))  # still well-formed
