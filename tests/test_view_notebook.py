"""Notebook-native pictures: a Stepper shows its current step, animate() shows the player inline.

The real thing runs once: nbclient executes a small notebook in a fresh IPython kernel
(skipped where nbclient or ipykernel is missing).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from graphs import lecture_nodes

from autograd import Stepper, Value
from autograd.core.engine import topological_order


def plain(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_stepper_shows_the_last_step_highlighted_with_its_narration() -> None:
    g = lecture_nodes()
    s = Stepper(g["L"])
    s.next()
    s.next()  # the step at d: e and c just got their grads
    bundle = s._repr_mimebundle_()
    svg, page = bundle["image/svg+xml"], bundle["text/html"]
    index = {n: k for k, n in enumerate(topological_order(g["L"]))}
    d = index[g["d"]]
    # the op of d is the one being processed: filled orange
    op = re.search(rf'<g id="op{d}" class="node">.*?</g>', svg, re.S)
    assert op is not None and 'fill="#d95f02"' in op[0]
    assert svg.count("waiting for upstream") == 2  # e's step has not run yet
    assert "-2 × 1 = -2" in svg.replace("&#45;", "-")
    assert "step 2/3: d = e + c" in plain(page) and svg in page
    assert bundle["text/plain"] == repr(s)


def test_a_fresh_stepper_shows_the_start_and_a_japanese_one_speaks_japanese() -> None:
    s = Stepper(lecture_nodes()["L"], lang="ja")
    page = plain(s._repr_mimebundle_()["text/html"])
    # Nothing is touched before the first step: the picture shows L's grad as it is (0), the text the seed.
    assert "はじめ：∂L/∂L = 1" in page and "上流待ち" in page and "勾配 0" in page


def test_a_value_shows_as_its_graph() -> None:
    svg = lecture_nodes()["L"]._repr_svg_()
    assert svg is not None and svg.count('class="node"') == 10


_CELLS = [
    "import sys; sys.path.insert(0, {tests!r})\nfrom graphs import lecture_nodes\n"
    "from autograd import Stepper, animate\nL = lecture_nodes()['L']",
    "s = Stepper(L)\ns.next()\ns",
    "animate(L)",
]


def test_a_notebook_shows_the_stepper_and_the_player_inline(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    tests = str(Path(__file__).resolve().parent)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c.format(tests=tests)) for c in _CELLS]
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    stepper = [o for o in nb.cells[1].outputs if o.get("output_type") == "execute_result"]
    assert len(stepper) == 1
    data = stepper[0]["data"]
    assert "text/html" in data and "image/svg+xml" in data
    assert "step 1/3: L = d · f" in plain(data["text/html"])
    player = [o for o in nb.cells[2].outputs if o.get("output_type") == "execute_result"]
    shown = player[0]["data"]["text/html"]
    assert shown.startswith("<iframe srcdoc=") and "http:" not in shown and "https:" not in shown
    assert "data-steps=&quot;4&quot;" in shown
    assert list(tmp_path.iterdir()) == []  # nothing written without a path


def test_value_display_without_any_graphviz_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    renderers = importlib.import_module("autograd.view.renderers")
    monkeypatch.setattr(renderers, "find_renderers", lambda: [])
    assert Value(1.0, "x")._repr_svg_() is None
    s = Stepper(lecture_nodes()["L"])
    assert set(s._repr_mimebundle_()) == {"text/plain"}
