"""Layouts that finish and read well: bounded effort, wrapped chains, stable places, aligned and centred text."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from graphs import lecture_nodes

from autograd import Value, draw, render
from autograd.cli.main import build_graph
from autograd.view.layout import effort
from autograd.view.render import drawing_svg

NS = "{http://www.w3.org/2000/svg}"
BIG = "+".join(["sin(a*b)"] * 110)  # the 989-character expression of issue 12: 331 values


def chain(n: int) -> Value:
    x = Value(0.5, "x")
    for _ in range(n - 1):
        x = x.tanh()
    x.label = "y"
    x.backward()
    return x


def size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert m is not None
    return float(m[1]), float(m[2])


def centres(svg: str) -> dict[str, tuple[float, float]]:
    """Each record's (DOT id →) centre, from its background rectangle."""
    out = {}
    for g in ET.fromstring(svg.split("\n", 1)[1]).iter(NS + "g"):
        if g.get("class") == "node" and g.get("id", "").startswith("v"):
            poly = g.find(f".//{NS}polygon")
            assert poly is not None
            pts = [tuple(map(float, p.split(","))) for p in poly.get("points", "").split()]
            out[g.get("id", "")] = (sum(p[0] for p in pts[:4]) / 4, sum(p[1] for p in pts[:4]) / 4)
    return out


def test_small_graphs_get_full_effort_and_big_ones_bounded_effort() -> None:
    assert effort(60) == {}
    small = draw(lecture_nodes()["L"]).source
    assert "nslimit" not in small and "splines" not in small
    big = draw(chain(300), max_nodes=None).source
    for setting in ("nslimit=0.1", "nslimit1=0.1", "mclimit=0.01", "searchsize=5", "splines=line"):
        assert setting in big


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_long_chain_wraps_into_rows_instead_of_one_line(view: str) -> None:
    root = chain(100)
    drawing = draw(root, view=view, max_nodes=None)
    assert "rank=same" in drawing.source and "rankdir=TB" in drawing.source
    w, h = size(drawing_svg(drawing))
    assert max(w / h, h / w) <= 4.0  # one row would be about 150 to 1


def test_a_tall_chain_wraps_into_columns() -> None:
    drawing = draw(chain(60), rankdir="TB", max_nodes=None)
    assert "rankdir=LR" in drawing.source and "rank=same" in drawing.source
    w, h = size(drawing_svg(drawing))
    assert max(w / h, h / w) <= 4.0


def test_the_lecture_graph_is_not_wrapped() -> None:
    src = draw(lecture_nodes()["L"], view="backward").source
    assert "rank=same" not in src and "rankdir=LR" in src


def test_the_989_character_expression_lays_out_bounded_and_wrapped(tmp_path: Path) -> None:
    root, _ = build_graph(BIG, ["a=0.3", "b=0.7"])
    root.backward()
    assert len(BIG) == 989
    for view in ("forward", "backward"):
        drawing = draw(root, view=view, max_nodes=None)
        assert "mclimit=0.01" in drawing.source and "rank=same" in drawing.source
        w, h = size(drawing_svg(drawing))
        assert max(w / h, h / w) <= 5.0
    out = render(root, tmp_path / "big.png")  # capped at 200 values by default
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_backward_view_keeps_the_forward_views_places() -> None:
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    L = a * b + a
    L.label = "L"
    L.backward()
    fwd = centres(drawing_svg(draw(L)))
    bwd = centres(drawing_svg(draw(L, view="backward")))
    assert fwd.keys() == bwd.keys()
    for p, q in itertools.combinations(sorted(fwd), 2):
        for axis in (0, 1):
            d_fwd, d_bwd = fwd[p][axis] - fwd[q][axis], bwd[p][axis] - bwd[q][axis]
            if abs(d_fwd) > 5:
                assert d_fwd * d_bwd > 0, (p, q, axis)  # same side in both views


def test_each_cells_text_is_centred_and_names_sit_on_the_same_line_as_the_numbers() -> None:
    g = lecture_nodes()
    g["L"].backward()
    svg = drawing_svg(draw(g["L"], view="backward"))
    root = ET.fromstring(svg.split("\n", 1)[1])
    for grp in root.iter(NS + "g"):
        if grp.get("class") != "node" or not grp.get("id", "").startswith("v"):
            continue
        texts = list(grp.iter(NS + "text"))
        assert texts[0].get("font-weight") == "bold"  # the name
        assert len({t.get("y") for t in texts}) == 1  # bold name and plain numbers share a baseline
        assert {t.get("text-anchor") for t in texts} == {"middle"}


def test_hover_shows_names_and_formulas_not_internal_ids() -> None:
    g = lecture_nodes()
    g["L"].backward()
    svg = drawing_svg(draw(g["L"], view="backward"))
    titles = [t.text or "" for t in ET.fromstring(svg.split("\n", 1)[1]).iter(NS + "title")]
    assert not [t for t in titles if re.fullmatch(r"(v|op|e)\d+(-\d+)?|.*->.*", t)]
    assert "e = a × b = -6; ∂L/∂e = -2" in titles
    assert "a = 2 (an input); ∂L/∂a = 6" in titles
    assert "local derivative ∂e/∂a = b = -3" in titles
    assert "×" in svg and "·" not in svg


def test_a_broad_long_network_is_turned_not_cut_into_rows() -> None:
    from nn import MLP

    m = MLP(2, [4, 4, 1])
    loss = (m([Value(0.5, "x0"), Value(-1.0, "x1")]) - 1.0) ** 2
    loss.backward()
    drawing = draw(loss, view="backward")
    assert "rank=same" not in drawing.source and "rankdir=TB" in drawing.source
    w, h = size(drawing_svg(drawing))
    assert max(w / h, h / w) <= 2.0  # left to right it was about 8 to 1
