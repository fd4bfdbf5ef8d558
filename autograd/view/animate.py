"""The backward pass as a self-contained HTML player: one picture, and a small record per step.

The graph is laid out once (the backward view at the start of the pass); each
step is a record of what it changed (:mod:`autograd.view.states`) and a few
lines of inline script apply the records, so the file grows with the graph,
not with graph × steps.  The player (:mod:`autograd.view.player`) shows the
graph at its natural size across the full width with zoom, pan and fit, and the
step's narration below it.

The file makes no network request: no scripts, styles, fonts or images are
loaded from anywhere.  Rule kept (and tested): no ``http:``/``https:`` text at
all, no ``src`` attribute, every ``href`` is a ``#fragment`` and every CSS
``url()`` is ``url(#…)`` or the embedded font's ``data:`` URL
(:mod:`autograd.view.webfont`: a page with Japanese text carries its glyphs).
"""

from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from autograd.core.engine import Value, topological_order
from autograd.explain.sentences import LANGUAGES, text
from autograd.files import write_atomic
from autograd.view.draw import build
from autograd.view.finish import SVG_NS, finish_tree, parse, serialise
from autograd.view.player import page, story_html
from autograd.view.render import check_target
from autograd.view.renderers import layout_svg
from autograd.view.states import Pass, record_pass
from autograd.view.webfont import font_face

__all__ = ["MAX_VALUES", "Player", "animate"]

#: The most values an animation shows (its layout is one Graphviz run); past it, animate refuses at once.
MAX_VALUES = 2000

_S = "{" + SVG_NS + "}"
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


class Player:
    """The animation: ``html`` is the page; ``path`` the file written (None if none was asked for).

    Jupyter shows it inline, as the working player inside a frame of its own (no
    network needed).  When a file was written the player stands in for its path
    (``animate`` returned the path before it returned a player): ``str``,
    ``os.fspath``, ``==`` and any other ``Path`` attribute (``read_text``,
    ``resolve``, ``name`` …) go to :attr:`path`.
    """

    def __init__(self, page_html: str, path: Path | None, steps: int) -> None:
        self.html = page_html
        self.path = path
        self.steps = steps

    def __fspath__(self) -> str:
        if self.path is None:
            raise TypeError("this animation was not written to a file; give animate() a path")
        return str(self.path)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or self.__dict__.get("path") is None:
            raise AttributeError(name)
        return getattr(self.__dict__["path"], name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Player):
            return self.html == other.html and self.path == other.path
        return self.path is not None and isinstance(other, (str, os.PathLike)) and self.path == Path(other)

    def __hash__(self) -> int:
        return hash((self.path, len(self.html)))

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else f"<animation of {self.steps} steps>"

    def __repr__(self) -> str:
        return f"Player(steps={self.steps}, path={str(self.path) if self.path else None!r})"

    def _repr_html_(self) -> str:
        # An iframe keeps the player's ids, styles and key handling apart from the notebook's own.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="backward pass"'
            ' style="width:100%;height:760px;border:1px solid #ddd;border-radius:6px"></iframe>'
        )


def animate(root: Value, path: str | os.PathLike[str] | None = None, lang: str = "en") -> Player:
    """The backward pass from ``root`` as an HTML player; written to ``path`` (``.html``) when given.

    One picture of the graph plus one record per backward step, each with the
    stepper's narration in ``lang`` (as for :meth:`BackwardStep.explain`);
    play/pause, first/previous/next/last, a slider and the keys ← → Home End
    space move between steps.  The grads are computed afresh (leaves start at 0)
    and every grad is restored afterwards, so calling ``animate`` does not
    change the graph.  Returns a :class:`Player` (Jupyter shows it inline).
    """
    if not isinstance(root, Value):
        raise TypeError(f"animate() takes the root Value of a graph, got {type(root).__name__} {root!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; supported: {', '.join(LANGUAGES)}")
    target = check_target(path, ("html", "htm"))[0] if path is not None else None
    count = len(topological_order(root))
    if count > MAX_VALUES:
        raise ValueError(text("pictures_too_big_animation", lang, count=f"{count:,}", cap=f"{MAX_VALUES:,}"))
    recorded = record_pass(root, lang)
    svg = picture(root, recorded, lang)
    start = {"n": "", "o": "", "e": [], "t": {}, "g": {}, "w": ["v" + _root_id(root)]}
    steps = [{**start, "h": story_html(_start(recorded, lang))}]
    steps += [
        {
            "n": s.node,
            "o": s.op,
            "e": s.edges,
            "t": s.texts,
            "g": s.grads,
            "w": s.grown,
            "h": story_html(s.story),
        }
        for s in recorded.steps
    ]
    data = json.dumps(steps, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    doc = page(recorded.root_name, svg, data, lang, len(steps))
    # Japanese (or any wide) text brings its own glyphs, for browsers on machines without such a font.
    doc = doc.replace("<style>", "<style>" + font_face([doc]), 1)
    if target is not None:
        write_atomic(target, doc.encode("utf-8"))
    return Player(doc, target, len(recorded.steps))


def _root_id(root: Value) -> str:
    return str(topological_order(root).index(root))


def _start(recorded: Pass, lang: str) -> str:
    return text("pictures_start", lang, root=recorded.root_name)


def picture(root: Value, recorded: Pass, lang: str) -> str:
    """The one SVG: the start of the pass, laid out once, with classes the player's script uses."""
    drawing = build(root, "backward", "LR", None, recorded.frame, lang)
    raw, _ = layout_svg(drawing.source)
    tree = parse(raw)
    if tree is None:
        raise RuntimeError("the layout did not come back as SVG")
    finish_tree(tree, drawing.hover)
    _tag(tree)
    return _XMLNS.sub("", serialise(tree, prolog=False))


def _tag(tree: ET.Element) -> None:
    """Name the parts the script changes: a record's fill, border and grad text; an edge's label cells."""
    for g in tree.iter(_S + "g"):
        kind, gid = g.get("class"), g.get("id", "")
        if kind == "node" and gid.startswith("v"):
            polys = list(g.iter(_S + "polygon"))
            texts = list(g.iter(_S + "text"))
            if len(polys) >= 2 and len(texts) >= 3:
                polys[0].set("class", "fill")
                polys[1].set("class", "border")
                texts[2].set("class", "grad")
        elif kind == "edge":
            texts = list(g.iter(_S + "text"))
            if texts:
                texts[-1].set("class", "flow")
            for el in g.iter(_S + "polygon"):
                if el.get("fill") == "white":
                    el.set("class", "cell")
