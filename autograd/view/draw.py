"""Pictures of a computation graph as Graphviz DOT: the forward graph and the gradient flowing back.

Every Value is one record ``name | data | grad``; every op is a small circle
showing its symbol (× for multiplication).  The forward view draws edges
input → op → output.  The backward view draws the same edges with their arrows
turned round (``dir=back``), so every node keeps the place the forward view
gives it while the arrows follow the gradient; each edge into a parent is
labelled with its local derivative and its contribution ``upstream × local``,
and each record is filled by |grad| on a colour-blind-safe scale with a legend.

Pictures are capped at ``max_nodes`` values (200 by default, those nearest the
root); big pictures get bounded layout settings and long chains are wrapped
(:mod:`autograd.view.layout`).  Every word comes from the sentence table in ``lang``.

DOT ids come from topological indices (``v3``, ``op3``, edge ``e3-0``), never
from ``id()``, so the same graph always gives byte-identical DOT source.

>>> from autograd import Value
>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> e = a * b
>>> e.label = "e"
>>> "data -6" in draw(e).source
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import graphviz

from autograd.core.engine import Value, local_derivatives, topological_order
from autograd.explain.naming import node_names
from autograd.explain.sentences import check_lang
from autograd.view.finish import finish
from autograd.view.layout import MAX_DRAWN, Box, effort, nearest, wrap
from autograd.view.renderers import layout_svg
from autograd.view.style import (
    FLOW,
    FONT,
    INK,
    LEAF_FILL,
    MUTED,
    ink_on,
    scale_colour,
    shown_symbol,
    text_width,
)
from autograd.view.words import hover_edge, hover_op, hover_value, num, word

__all__ = ["DEFAULT_MAX_NODES", "RANKDIRS", "VIEWS", "Drawing", "Frame", "build", "draw", "drawing_svg"]

VIEWS = ("forward", "backward")
RANKDIRS = ("LR", "RL", "TB", "BT")

#: Values drawn unless ``max_nodes`` says otherwise: as many as Jupyter's display shows.
DEFAULT_MAX_NODES = 200

_LABEL_SIZE = 10.0  # edge labels' font size
_LINE = 14  # an edge label's line height in points
#: Values up to which the forward view leaves blank room for the backward view's edge labels, so both
#: views lay out the very same graph and every node keeps its place between them.
PLACES_KEPT = 75


def product(upstream: float, local: float) -> str:
    """``upstream × local = contribution``, a negative factor in parentheses as the narration writes it."""
    shown = num(local)
    if shown.startswith("-"):
        shown = f"({shown})"
    return f"{num(upstream)} × {shown} = {num(local * upstream)}"


def grad_of(v: Value) -> float:
    """``v.grad`` as a float (it is a Value after ``backward(create_graph=True)``)."""
    g: Any = v.grad
    return float(g) if isinstance(g, (int, float)) else float(g.data)


@dataclass(frozen=True)
class Frame:
    """What one picture shows beyond the graph itself (the stepper's display and the animation set these).

    ``grads`` overrides ``node.grad`` for display; ``done`` are the nodes whose
    chain-rule step has run (their edges show contributions); ``current`` is the
    node being processed; ``grown`` are the parents whose grad just grew;
    ``scale_max`` fixes the colour scale across frames; ``widths`` pads text
    cells (keyed by DOT id and field) so every frame has the same layout.
    """

    grads: Mapping[Value, float] | None = None
    done: frozenset[Value] | None = None
    current: Value | None = None
    grown: frozenset[Value] = frozenset()
    scale_max: float | None = None
    widths: Mapping[str, int] = field(default_factory=dict)


class Drawing(graphviz.Digraph):  # type: ignore[misc]
    """A ``graphviz.Digraph`` that Jupyter shows as SVG even without system Graphviz.

    ``hover`` maps each DOT id to the text a reader sees when hovering it (names and formulas).
    """

    hover: dict[str, str]

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None, **kwargs: object
    ) -> dict[str, str]:
        return {"image/svg+xml": drawing_svg(self)}


def drawing_svg(drawing: Drawing, prolog: bool = True) -> str:
    """A drawing laid out (system ``dot`` or graphviz-pure) and finished as SVG text."""
    svg, _ = layout_svg(drawing.source)
    return finish(svg, drawing.hover, prolog)


def check_options(view: str, rankdir: str, max_nodes: int | None, lang: str = "en") -> None:
    """Raise a clear error for a bad ``view``, ``rankdir``, ``max_nodes`` or ``lang``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of: {', '.join(map(repr, VIEWS))}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"unknown rankdir {rankdir!r}; use one of: {', '.join(map(repr, RANKDIRS))}")
    if max_nodes is not None and (
        isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1
    ):
        raise ValueError(f"max_nodes must be a whole number ≥ 1 or None, got {max_nodes!r}")
    check_lang(lang)


def check_size(count: int, max_nodes: int | None, lang: str = "en", cap: int = MAX_DRAWN) -> None:
    """Refuse at once a picture of more than ``cap`` values, saying how to draw a part."""
    shown = count if max_nodes is None else min(count, max_nodes)
    if shown > cap:
        raise ValueError(word("too_big", lang, what="draw", count=f"{count:,}", cap=f"{cap:,}"))


def draw(
    root: Value,
    view: str = "forward",
    rankdir: str = "LR",
    max_nodes: int | None = DEFAULT_MAX_NODES,
    lang: str = "en",
) -> Drawing:
    """The graph under ``root`` as a ``graphviz.Digraph`` (``.source`` is the DOT text).

    Args:
        root: the output Value; every node it depends on is drawn.
        view: ``"forward"`` (input → op → output) or ``"backward"`` (arrows from
            each node to its parents, edges labelled ``upstream × local =
            contribution``, fill = |grad|).  Run ``root.backward()`` first for the backward view.
        rankdir: Graphviz direction, one of ``LR``, ``RL``, ``TB``, ``BT``.
        max_nodes: draw at most this many Values (200 by default), those nearest
            ``root``; a note says how many were left out.  ``None`` draws every
            one, up to :data:`~autograd.view.layout.MAX_DRAWN`.
        lang: the language of every word in the picture, ``"en"`` or ``"ja"``.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() takes the root Value of a graph, got {type(root).__name__} {root!r}")
    check_options(view, rankdir, max_nodes, lang)
    return build(root, view, rankdir, max_nodes, Frame(), lang)


def _cell(text: str, width: int | None, ink: str, bold: bool = False, cell_id: str = "") -> str:
    w = f' WIDTH="{width}"' if width else ""
    i = f' ID="{cell_id}"' if cell_id else ""
    body = f"<B>{html.escape(text)}</B>" if bold else html.escape(text)
    return f'<TD{w}{i} COLOR="{INK}"><FONT COLOR="{ink}">{body}</FONT></TD>'


def _needs_width(text: str, given: int | None, size: float = 12.0) -> int | None:
    """A cell width for text Graphviz cannot measure (it counts a Japanese character as a space)."""
    if given:
        return given
    return text_width(text, size) if any(ord(ch) > 0x2E7F for ch in text) else None


def build(
    root: Value, view: str, rankdir: str, max_nodes: int | None, frame: Frame, lang: str = "en"
) -> Drawing:
    """The Digraph for ``draw``, with the per-frame state of the stepper's display in ``frame``."""
    order = topological_order(root)
    check_size(len(order), max_nodes, lang)
    names = node_names(root, order)
    index = {node: k for k, node in enumerate(order)}
    kept: Sequence[Value] = order
    if max_nodes is not None and len(order) > max_nodes:
        near = nearest(root, max_nodes)
        kept = [n for n in order if n in near]
    kept_set = set(kept)
    omitted = len(order) - len(kept)

    grads = frame.grads
    get: Callable[[Value], float] = (lambda v: grads[v]) if grads is not None else grad_of
    backward = view == "backward"
    peak = frame.scale_max
    if peak is None:
        peak = max((abs(get(n)) for n in kept if not math.isnan(get(n))), default=0.0)
    root_name = names[root]

    g = Drawing(name="autograd", comment=f"{len(order)} values, {omitted} omitted")
    g.hover = {}
    g.attr("graph", bgcolor="white", fontname=FONT, nodesep="0.25", ranksep="0.45")
    g.attr("node", fontname=FONT, fontsize="12", color=INK)
    g.attr("edge", fontname=FONT, fontsize="10", color=MUTED, arrowsize="0.7")

    boxes: dict[str, Box] = {}
    ids: list[str] = []
    links: list[tuple[str, str, bool]] = []
    pending: list[tuple[str, str, dict[str, str]]] = []
    widest_label = 0
    spaced = backward or len(kept) <= PLACES_KEPT
    for node in kept:
        k = index[node]
        vid = f"v{k}"
        label, box = _record(node, names[node], get(node), peak, backward, frame, vid, lang)
        tip = hover_value(node, names, root_name, get(node), lang)
        g.hover[vid] = tip
        g.node(vid, label, shape="plain", id=vid, tooltip=tip)
        op = node.op_entry
        if op is None:
            ids.append(vid)
            boxes[vid] = box
            continue
        oid = f"op{k}"
        ids += [oid, vid]
        boxes[oid], boxes[vid] = Box(28.0, 28.0), box
        processing = node is frame.current
        symbol = shown_symbol(op.symbol)
        tip = hover_op(node, names, lang)
        g.hover[oid] = tip
        g.node(
            oid,
            html.escape(symbol),
            id=oid,
            shape="circle",
            width="0.38",
            margin="0.02",
            fontsize="18" if len(symbol) == 1 else ("12" if len(symbol) == 2 else "10"),
            # Keep inputs in argument order (first on top for LR), which matters for − and /.
            ordering="in",
            style="filled",
            fillcolor=FLOW if processing else "#f2f2f2",
            fontcolor="white" if processing else "black",
            color=FLOW if processing else MUTED,
            tooltip=tip,
        )
        links.append((oid, vid, False))
        g.hover[f"e{k}"] = tip
        if backward:
            started = frame.done is None or node in frame.done
            style = {"color": FLOW if started else MUTED, "penwidth": "2.5" if processing else "1.3"}
            pending.append((oid, vid, {"id": f"e{k}", "dir": "back", **style}))
        else:
            pending.append((oid, vid, {"id": f"e{k}"}))
        locals_ = local_derivatives(node)
        upstream = get(node)
        dropped = False
        for i, p in enumerate(node.parents):
            if p not in kept_set:
                dropped = True
                continue
            pid = f"v{index[p]}"
            links.append((pid, oid, spaced))
            tip = hover_edge(node, i, locals_[i], names, lang)
            g.hover[f"e{k}-{i}"] = tip
            if backward:
                attrs, width = _flow_edge(node, upstream, locals_[i], frame, k, i, lang)
                widest_label = max(widest_label, width)
                pending.append((pid, oid, {"id": f"e{k}-{i}", "dir": "back", "tooltip": tip, **attrs}))
            elif spaced:
                width = _label_width(upstream, locals_[i], frame, k, i, lang)
                widest_label = max(widest_label, width)
                pending.append((pid, oid, {"id": f"e{k}-{i}", "tooltip": tip, "label": _label(width)}))
            else:
                pending.append((pid, oid, {"id": f"e{k}-{i}", "tooltip": tip}))
        if dropped:
            links.append(("omitted", oid, False))
            pending.append(("omitted", oid, {"style": "dashed", **({"dir": "back"} if backward else {})}))

    if omitted:
        note = word("omitted", lang, omitted=f"{omitted:,}", total=f"{len(order):,}", max_nodes=max_nodes)
        widest = max(text_width(line) for line in note.splitlines())
        g.node(
            "omitted",
            note,
            id="omitted",
            width=f"{widest / 72:.2f}",
            shape="note",
            style="filled",
            fillcolor="#f7f7f7",
            color=MUTED,
            fontcolor=INK,
        )
        ids.insert(0, "omitted")
        boxes["omitted"] = Box(float(widest), 60.0)
    _place(g, ids, boxes, links, pending, rankdir, Box(float(widest_label), 30.0) if spaced else Box(0, 0))
    g.attr("graph", **effort(len(kept)))
    if backward:
        g.node("legend", _legend(peak, root_name, frame.grads is not None, lang), shape="plain", id="legend")
    return g


def _place(
    g: graphviz.Digraph,
    ids: list[str],
    boxes: dict[str, Box],
    links: list[tuple[str, str, bool]],
    pending: list[tuple[str, str, dict[str, str]]],
    rankdir: str,
    label: Box,
) -> None:
    """Set the direction and write the edges: plainly, or wrapped into rows when the plain layout is a long strip.

    Wrapped, each row is a ``rank=same`` group; an edge between rows gets weight 0 so it does not drag
    the next row's start under the previous row's end, and invisible edges line the rows' starts up.
    """
    plan = wrap(ids, boxes, links, rankdir, label)
    if plan is not None and not plan.groups:
        rankdir, plan = plan.rankdir, None  # turned, not wrapped
    if plan is None:
        g.attr("graph", rankdir=rankdir)
        for tail, head, attrs in pending:
            g.edge(tail, head, **attrs)
        return
    # Bundle the edges of a value used all over the graph, so they do not each take room in every row between.
    g.attr("graph", rankdir=plan.rankdir, concentrate="true")
    row = {k: j for j, group in enumerate(plan.groups) for k in group}
    for j, group in enumerate(plan.groups):
        with g.subgraph(name=f"row{j}") as sub:
            sub.attr(rank="same")
            for k in group:
                sub.node(k)
    for tail, head, attrs in pending:
        crosses = row.get(tail, -1) != row.get(head, -1)
        g.edge(tail, head, **({**attrs, "weight": "0"} if crosses else attrs))
    for above, below in zip(plan.groups, plan.groups[1:]):
        g.edge(above[0], below[0], style="invis", weight="20")


def _record(
    node: Value, name: str, grad: float, peak: float, backward: bool, frame: Frame, dot_id: str, lang: str
) -> tuple[str, Box]:
    """The HTML-like label ``name | data … | grad …`` for one Value, and its estimated size."""
    if backward:
        t = abs(grad) / peak if peak > 0 else (math.nan if math.isnan(grad) else 0.0)
        fill, ink = scale_colour(t), ink_on(t)
    else:
        fill, ink = (LEAF_FILL if node.op_entry is None else "white"), "black"
    # The outer border is always 3pt (white unless highlighted) so highlighting never moves the layout.
    border = FLOW if (node is frame.current or node in frame.grown) else "white"
    w = frame.widths
    texts = (name, word("data", lang, value=num(node.data)), word("grad", lang, value=num(grad)))
    widths = [
        _needs_width(t, w.get(f"{dot_id}.{part}"), 13.0 if part == "name" else 12.0)
        for t, part in zip(texts, ("name", "data", "grad"))
    ]
    cells = (
        _cell(texts[0], widths[0], ink, bold=True),
        _cell(texts[1], widths[1], ink),
        _cell(texts[2], widths[2], ink, bold=node in frame.grown),
    )
    across = sum(wd or text_width(t) for wd, t in zip(widths, texts)) + 6
    label = (
        f'<<TABLE BORDER="3" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5" COLOR="{border}"'
        f' BGCOLOR="{fill}"><TR>{"".join(cells)}</TR></TABLE>>'
    )
    return label, Box(float(across), 34.0)


def _label_width(upstream: float, local: float, frame: Frame, k: int, i: int, lang: str) -> int:
    """The width of the edge label into parent ``i`` of ``op{k}``: its widest text, or the frame's padding."""
    texts = (word("local", lang, value=num(local)), product(upstream, local))
    return frame.widths.get(f"op{k}.{i}") or max(text_width(t, _LABEL_SIZE) for t in texts)


def _label(width: int, top: str = "", bottom: str = "") -> str:
    """A two-line edge label of a fixed size; blank (the forward view's room for it) without text.

    Written cells get a white background: it keeps the text readable where it crosses an edge and
    gives the SVG finishing step a box to centre the text in.
    """
    cells = []
    for text in (top, bottom):
        fill = ' BGCOLOR="white"' if text else ""
        cells.append(f'<TR><TD WIDTH="{width}" HEIGHT="{_LINE}" FIXEDSIZE="TRUE"{fill}>{text}</TD></TR>')
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(cells)}</TABLE>>'


def _flow_edge(
    node: Value, upstream: float, local: float, frame: Frame, k: int, i: int, lang: str
) -> tuple[dict[str, str], int]:
    """Attributes of the backward edge op → parent (``upstream × local = contribution``) and its width."""
    shown = frame.done is None or node in frame.done
    hot = node is frame.current
    top = word("local", lang, value=num(local))
    bottom = product(upstream, local) if shown else word("waiting", lang)
    width = _label_width(upstream, local, frame, k, i, lang)
    colour = FLOW if hot else (INK if shown else MUTED)
    b = ("<B>", "</B>") if hot else ("", "")
    label = _label(
        width,
        f'<FONT COLOR="{colour}">{html.escape(top)}</FONT>',
        f'<FONT COLOR="{colour}">{b[0]}{html.escape(bottom)}{b[1]}</FONT>',
    )
    attrs = {
        "label": label,
        "color": FLOW if (hot or shown) else MUTED,
        "penwidth": "2.5" if hot else ("1.3" if shown else "1"),
        "style": "solid" if shown else "dashed",
    }
    return attrs, width


def _legend(peak: float, root_name: str, animated: bool, lang: str) -> str:
    """A colour bar: |grad| from 0 to the largest |grad| in the picture."""
    if peak == 0.0 and not animated:
        note = word("no_grads", lang, root=root_name)
        return f'<<TABLE BORDER="0"><TR><TD BGCOLOR="white"{_w(note, 14)}><FONT COLOR="{MUTED}">{html.escape(note)}</FONT></TD></TR></TABLE>>'
    stops = 5
    swatches = "".join(
        f'<TD BGCOLOR="{scale_colour(j / (stops - 1))}" WIDTH="38" HEIGHT="16"></TD>' for j in range(stops)
    )
    # Numbers under the ends and the middle only: quarter values like 0.2677 are noise.
    ticks = "".join(
        f'<TD BGCOLOR="white"><FONT POINT-SIZE="9">{num(peak * j / (stops - 1))}</FONT></TD>'
        if j % 2 == 0
        else "<TD></TD>"
        for j in range(stops)
    )
    fill = word("legend_fill", lang, root=root_name)
    edge = word("legend_edge", lang)
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
        f'<TR><TD COLSPAN="{stops}" BGCOLOR="white"{_w(fill, 10)}><FONT POINT-SIZE="10">{html.escape(fill)}</FONT></TD></TR>'
        f"<TR>{swatches}</TR><TR>{ticks}</TR>"
        f'<TR><TD COLSPAN="{stops}" BGCOLOR="white"{_w(edge, 9)}><FONT POINT-SIZE="9" COLOR="{INK}">{html.escape(edge)}'
        "</FONT></TD></TR></TABLE>>"
    )


def _w(text: str, size: float) -> str:
    # Always a width from the generous estimate: the PNG's font is a little wider than Helvetica.
    return f' WIDTH="{text_width(text, size)}"'
