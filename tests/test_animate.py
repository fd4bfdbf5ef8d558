"""The backward animation: one picture plus a small record per step, its controls, languages and limits."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from graphs import lecture_nodes

from autograd import Value, animate, backward_steps
from autograd.core.engine import topological_order
from autograd.explain.narration import LANGUAGES
from autograd.view.animate import MAX_VALUES, Player
from autograd.view.player import story_html


def lecture() -> dict[str, Value]:
    return lecture_nodes()


def pictures(page: str) -> list[str]:
    """Every graph SVG in the page (the buttons' small icons left out)."""
    return [s for s in re.findall(r"<svg .*?</svg>", page, re.S) if not s.startswith('<svg class="icon"')]


def steps_of(page: str) -> list[dict[str, object]]:
    found = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S)
    assert found is not None
    data: list[dict[str, object]] = json.loads(found[1].replace("<\\/", "</"))
    return data


def tree(svg: str) -> ET.Element:
    # Inline SVG in HTML needs no namespace declarations (the page strips them); xml.etree does for xlink.
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns:xlink="urn:xlink" ', 1))


def start_grads(svg: str) -> dict[str, tuple[str, str]]:
    """DOT id → (name, grad text) of every record in the picture, as the page starts."""
    out = {}
    for g in tree(svg).iter("g"):
        if g.get("class") == "node" and g.get("id", "").startswith("v"):
            texts = [t.text or "" for t in g.iter("text")]
            grad = [t.text or "" for t in g.iter("text") if t.get("class") == "grad"]
            out[g.get("id", "")] = (texts[0], grad[0])
    return out


def grads_at(page: str, k: int) -> dict[str, str]:
    """Each name's grad text at step k: the picture, then records 1 … k applied, as the page's script does."""
    svg = pictures(page)[0]
    shown = {i: text for i, (_, text) in start_grads(svg).items()}
    for s in steps_of(page)[1 : k + 1]:
        for i, cell in s["g"].items():  # type: ignore[attr-defined]
            shown[i] = cell[0]
    names = {i: name for i, (name, _) in start_grads(svg).items()}
    return {names[i]: t.replace("grad ", "") for i, t in shown.items()}


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\u00a0", " ")


def narration(page: str) -> list[str]:
    return [
        "\n".join(plain(line) for line in re.findall(r'<div class="line">(.*?)</div>', s["h"]))
        for s in steps_of(page)
    ]  # type: ignore[arg-type]


@pytest.fixture
def page(tmp_path: Path) -> str:
    g = lecture()
    out = animate(g["L"], tmp_path / "backward.html")
    assert isinstance(out, Player) and out.path == tmp_path / "backward.html"
    assert str(out) == str(tmp_path / "backward.html")
    return (tmp_path / "backward.html").read_text(encoding="utf-8")


def test_one_picture_and_one_record_per_step_plus_the_start(page: str) -> None:
    steps = list(backward_steps(lecture()["L"]))
    assert len(steps) == 3
    assert len(pictures(page)) == 1
    assert len(steps_of(page)) == len(steps) + 1
    assert 'data-steps="4"' in page and 'max="3"' in page
    tree(pictures(page)[0])  # well-formed on its own


def test_each_step_shows_the_grads_at_that_moment(page: str) -> None:
    assert grads_at(page, 0) == {"a": "0", "b": "0", "c": "0", "e": "0", "d": "0", "f": "0", "L": "1"}
    assert grads_at(page, 1) == {"a": "0", "b": "0", "c": "0", "e": "0", "d": "-2", "f": "4", "L": "1"}
    assert grads_at(page, 2) == {"a": "0", "b": "0", "c": "-2", "e": "-2", "d": "-2", "f": "4", "L": "1"}
    assert grads_at(page, 3) == {"a": "6", "b": "-4", "c": "-2", "e": "-2", "d": "-2", "f": "4", "L": "1"}


def test_each_step_names_its_node_edges_and_numbers(page: str) -> None:
    g = lecture()
    index = {n: k for k, n in enumerate(topological_order(g["L"]))}
    d = index[g["d"]]
    step = steps_of(page)[2]  # the step at d (the + node)
    assert step["n"] == f"v{d}" and step["o"] == f"op{d}"
    assert step["e"] == [f"e{d}", f"e{d}-0", f"e{d}-1"]
    assert list(step["t"].values()) == ["-2 × 1 = -2", "-2 × 1 = -2"]  # type: ignore[attr-defined]
    assert sorted(step["w"]) == sorted([f"v{index[g['e']]}", f"v{index[g['c']]}"])  # type: ignore[arg-type]
    # every edge the script changes exists in the picture, with a text it can rewrite
    svg = tree(pictures(page)[0])
    groups = {g.get("id"): g for g in svg.iter("g")}
    for s in steps_of(page)[1:]:
        for edge in s["e"]:  # type: ignore[attr-defined]
            assert groups[edge].get("class") == "edge"
        for edge in s["t"]:  # type: ignore[attr-defined]
            assert [t.text for t in groups[edge].iter("text") if t.get("class") == "flow"] == [
                "waiting for upstream"
            ]
        for value in s["g"]:  # type: ignore[attr-defined]
            assert [t.get("class") for t in groups[value].iter("text")].count("grad") == 1


def test_narration_is_the_steppers_with_formulas_kept_whole(page: str) -> None:
    steps = list(backward_steps(lecture()["L"]))
    told = narration(page)
    assert told[0].startswith("start: ∂L/∂L = 1")
    assert told[1:] == [s.explain("en") for s in steps]
    spans = re.findall(r'<span class="f">(.*?)</span>', steps_of(page)[1]["h"])  # type: ignore[arg-type]
    assert "∂L/∂d = f = -2" in [html.unescape(s) for s in spans]  # never broken as ∂L/ ⏎ ∂d
    assert "#story .f { white-space: nowrap; }" in page


def test_a_formula_span_swallows_a_short_name_between_two_formula_pieces() -> None:
    out = story_html("  → d: local derivative ∂L/∂d = f = -2")
    assert '<span class="f">∂L/∂d = f = -2</span>' in out
    assert "local derivative" in plain(out) and out.startswith('<div class="line">&#32;&#32;')


def test_the_picture_cells_fit_every_text_they_take(page: str) -> None:
    svg = tree(pictures(page)[0])
    for g in svg.iter("g"):
        if g.get("class") == "node" and g.get("id", "").startswith("v"):
            cells = [p for p in g.iter("polygon")][2:]  # background, border, then one box per cell
            xs = [sorted({float(pt.split(",")[0]) for pt in c.get("points", "").split()}) for c in cells]
            grad_cell = xs[2][1] - xs[2][0]
            assert grad_cell >= 6.2 * len("grad -4")  # padded for the widest grad text of the pass


def test_controls_are_plain_text_or_inline_icons(page: str) -> None:
    for needle in ('id="play"', 'id="prev"', 'id="next"', 'id="first"', 'id="last"', 'type="range"'):
        assert needle in page
    for needle in ('id="zoom-in"', 'id="zoom-out"', 'id="fit"', 'id="actual"', "'wheel'", "pointermove"):
        assert needle in page
    assert all(not 0x2300 <= ord(ch) <= 0x23FF for ch in page)  # no ⏮ ⏭ ⏸ that fonts lack
    assert page.count('<svg class="icon"') == 6


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_external_urls(lang: str, tmp_path: Path) -> None:
    """No network request is possible: no URL text, no src, only #fragment hrefs, url() only #… or data:."""
    page = animate(lecture()["L"], lang=lang).html
    lowered = page.lower()
    assert "http:" not in lowered and "https:" not in lowered
    fontless = re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,", page)
    assert "//" not in re.sub(r"<script>.*?</script>", "", fontless, flags=re.S)  # no protocol-relative URL
    assert re.search(r"\ssrc\s*=", lowered) is None
    assert all(h.startswith("#") for h in re.findall(r'href\s*=\s*"([^"]*)"', lowered))
    assert all(
        u.startswith(("#", "data:font/ttf;base64,")) for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", lowered)
    )
    assert "@import" not in lowered and "<link" not in lowered and "<!doctype svg" not in lowered
    assert ("data:font" in lowered) == (lang == "ja")  # only a page with Japanese text carries a font


def test_a_japanese_page_carries_exactly_the_glyphs_it_uses() -> None:
    fonttools = pytest.importorskip("fontTools.ttLib")
    page = animate(lecture()["L"], lang="ja").html
    data = re.search(r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", page)
    assert data is not None and len(data[1]) < 80_000
    font = fonttools.TTFont(io.BytesIO(base64.b64decode(data[1])))
    covered = {chr(c) for c in font.getBestCmap()}
    wanted = {ch for ch in page if ord(ch) >= 0x2E80}
    assert wanted <= covered and {"勾", "配", "逆", "伝", "播"} <= covered
    assert len(covered) < len(wanted) + 20  # a cut of the font, not all 12,000 glyphs


def test_animate_leaves_every_grad_as_it_was(tmp_path: Path) -> None:
    g = lecture()
    animate(g["L"], tmp_path / "a.html")
    assert [g[k].grad for k in "abcdefL"] == [0.0] * 7
    g["L"].backward()
    before = [g[k].grad for k in "abcdefL"]
    page = animate(g["L"], tmp_path / "b.html").html
    assert [g[k].grad for k in "abcdefL"] == before
    # leaves start from 0 in the animation even after an earlier backward
    assert grads_at(page, 0)["a"] == "0" and grads_at(page, 3)["a"] == "6"


def test_same_graph_gives_the_same_file(tmp_path: Path) -> None:
    one = animate(lecture()["L"], tmp_path / "one.html")
    two = animate(lecture()["L"], tmp_path / "two.html")
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()
    assert one.html == two.html


def test_without_a_path_nothing_is_written_and_a_notebook_shows_the_player(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    player = animate(lecture()["L"])
    assert player.path is None and list(tmp_path.iterdir()) == []
    shown = player._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "http" not in shown
    assert html.unescape(re.search(r'srcdoc="([^"]*)"', shown)[1]) == player.html  # type: ignore[index]
    with pytest.raises(TypeError, match="give animate\\(\\) a path"):
        Path(player)


def test_a_leaf_root_has_only_the_start(tmp_path: Path) -> None:
    page = animate(Value(5.0, "x"), tmp_path / "leaf.html").html
    assert len(steps_of(page)) == 1
    assert grads_at(page, 0) == {"x": "1"}


def test_bad_language_names_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as err:
        animate(lecture()["L"], tmp_path / "x.html", lang="fr")
    assert "'fr'" in str(err.value)
    for lang in LANGUAGES:
        assert lang in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_bad_extension_or_folder_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.html, \.htm"):
        animate(lecture()["L"], tmp_path / "x.svg")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        animate(lecture()["L"], tmp_path / "missing" / "x.html")
    assert list(tmp_path.iterdir()) == []


def test_animate_needs_a_value(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="root Value"):
        animate(1.0, tmp_path / "x.html")  # type: ignore[arg-type]


def test_japanese_narration_controls_and_picture_words(tmp_path: Path) -> None:
    page = animate(lecture()["L"], tmp_path / "ja.html", lang="ja").html
    steps = list(backward_steps(lecture()["L"]))
    told = narration(page)
    assert told[1:] == [s.explain("ja") for s in steps]
    assert told[0].startswith("はじめ：∂L/∂L = 1")
    assert '<html lang="ja">' in page and "L の逆伝播" in page
    for word in ("再生", "前へ", "次へ", "最初", "最後", "拡大", "縮小", "全体表示"):
        assert word in page
    svg = pictures(page)[0]
    words = " ".join(t.text or "" for t in tree(svg).iter("text"))
    for word in ("値 ", "勾配 ", "局所的な微分 ", "上流待ち", "塗り = |勾配|"):
        assert word in words
    for english in ("data ", "grad ", "local ", "waiting for upstream", "fill ="):
        assert english not in words
    hover = " ".join(t.text or "" for t in tree(svg).iter("title"))
    assert "（入力）" in hover and "局所的な微分 ∂L/∂d = f = -2" in hover
    assert "局所微分" not in page
    assert all(grad.startswith("勾配 ") for s in steps_of(page) for grad, *_ in s["g"].values())  # type: ignore[attr-defined]


def test_a_graph_too_big_to_animate_is_refused_at_once_with_advice(tmp_path: Path) -> None:
    total = Value(0.0)
    for i in range(MAX_VALUES // 2):
        total = total + Value(float(i))
    assert len(topological_order(total)) == MAX_VALUES + 1
    with pytest.raises(ValueError) as err:
        animate(total, tmp_path / "big.html")
    message = str(err.value)
    assert "2,001 values" in message and "2,000" in message and "max_nodes=200" in message
    assert list(tmp_path.iterdir()) == []
