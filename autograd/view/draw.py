"""Pictures of a computation graph as Graphviz DOT: the forward graph and the gradient flowing back.

Every Value is one record ``name | data | grad``; every op is a small circle
showing its symbol from the op table.  The forward view draws edges
input → op → output.  The backward view reverses them (output → op → input,
the way the gradient travels), labels each edge into a parent with its local
derivative and its contribution ``upstream × local``, and fills each record by
|grad| on a colour-blind-safe scale (ColorBrewer YlGnBu) with a legend.

DOT ids come from topological indices (``v3``, ``op3``), never from ``id()``,
so the same graph always gives byte-identical DOT source.

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
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import graphviz

from autograd.core.engine import Value, local_derivatives, topological_order
from autograd.explain.naming import node_names

__all__ = ["RANKDIRS", "VIEWS", "Drawing", "draw"]

VIEWS = ("forward", "backward")
RANKDIRS = ("LR", "RL", "TB", "BT")
_MIRROR = {"LR": "RL", "RL": "LR", "TB": "BT", "BT": "TB"}

FONT = "Helvetica"
INK = "#333333"
MUTED = "#8a8a8a"
FLOW = "#d95f02"  # the gradient's colour: orange reads as distinct from the blue-green scale
LEAF_FILL = "#eef3fa"

# ColorBrewer YlGnBu (9 classes): sequential, colour-blind safe, light = small |grad|.
SCALE = (
    "#ffffd9",
    "#edf8b1",
    "#c7e9b4",
    "#7fcdbb",
    "#41b6c4",
    "#1d91c0",
    "#225ea8",
    "#253494",
    "#081d58",
)


def fmt(x: float) -> str:
    """A number as drawn: 4 significant digits, no ``-0``."""
    s = f"{x:.4g}"
    return "0" if s == "-0" else s


def product(upstream: float, local: float) -> str:
    """``upstream × local = contribution``, a negative factor in parentheses as the narration writes it."""
    shown = fmt(local)
    if shown.startswith("-"):
        shown = f"({shown})"
    return f"{fmt(upstream)} × {shown} = {fmt(local * upstream)}"


def grad_of(v: Value) -> float:
    """``v.grad`` as a float (it is a Value after ``backward(create_graph=True)``)."""
    g: Any = v.grad
    return float(g) if isinstance(g, (int, float)) else float(g.data)


def scale_colour(t: float) -> str:
    """The fill for ``t`` = |grad| / max |grad| in [0, 1], linear between the scale's stops."""
    if math.isnan(t):
        return "#d9d9d9"
    t = min(max(t, 0.0), 1.0) * (len(SCALE) - 1)
    i = min(int(t), len(SCALE) - 2)
    u = t - i
    lo, hi = SCALE[i], SCALE[i + 1]
    rgb = [round(int(lo[k : k + 2], 16) * (1 - u) + int(hi[k : k + 2], 16) * u) for k in (1, 3, 5)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _ink_on(t: float) -> str:
    # White text once the fill is dark enough that black would be hard to read.
    return "white" if not math.isnan(t) and t > 0.55 else "black"


@dataclass(frozen=True)
class Frame:
    """What one picture shows beyond the graph itself (the animation sets these; ``draw`` does not).

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
    """A ``graphviz.Digraph`` that Jupyter shows as SVG even without system Graphviz."""

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None, **kwargs: object
    ) -> dict[str, str]:
        from autograd.view.render import dot_to

        return {"image/svg+xml": dot_to(self.source, "svg")[0].decode("utf-8")}


def check_options(view: str, rankdir: str, max_nodes: int | None) -> None:
    """Raise a clear error for a bad ``view``, ``rankdir`` or ``max_nodes``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of: {', '.join(map(repr, VIEWS))}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"unknown rankdir {rankdir!r}; use one of: {', '.join(map(repr, RANKDIRS))}")
    if max_nodes is not None and (
        isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1
    ):
        raise ValueError(f"max_nodes must be a whole number ≥ 1 or None, got {max_nodes!r}")


def draw(
    root: Value, view: str = "forward", rankdir: str = "LR", max_nodes: int | None = None
) -> graphviz.Digraph:
    """The graph under ``root`` as a ``graphviz.Digraph`` (``.source`` is the DOT text).

    Args:
        root: the output Value; every node it depends on is drawn.
        view: ``"forward"`` (input → op → output) or ``"backward"`` (each node →
            its parents, edges labelled ``upstream × local = contribution``,
            fill = |grad|).  Run ``root.backward()`` first for the backward view.
        rankdir: Graphviz direction, one of ``LR``, ``RL``, ``TB``, ``BT``.
        max_nodes: draw at most this many Values, those nearest ``root``; the
            rest become one summary node saying how many were left out.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw() takes the root Value of a graph, got {type(root).__name__} {root!r}")
    check_options(view, rankdir, max_nodes)
    return build(root, view, rankdir, max_nodes, Frame())


def _nearest(root: Value, order: Sequence[Value], limit: int) -> set[Value]:
    """The ``limit`` Values closest to ``root`` (breadth-first over parents, in argument order)."""
    kept = {root}
    queue = deque([root])
    while queue and len(kept) < limit:
        node = queue.popleft()
        for p in node.parents:
            if p not in kept:
                kept.add(p)
                queue.append(p)
                if len(kept) >= limit:
                    break
    return kept


def _cell(text: str, width: int | None, ink: str) -> str:
    w = f' WIDTH="{width}"' if width else ""
    return f'<TD{w} COLOR="{INK}"><FONT COLOR="{ink}">{text}</FONT></TD>'


def text_width(text: str, size: float = 12.0) -> int:
    """A generous estimate of ``text``'s width in points, used to pad cells to a fixed size."""
    return math.ceil(len(text) * size * 0.62) + 8


def build(root: Value, view: str, rankdir: str, max_nodes: int | None, frame: Frame) -> graphviz.Digraph:
    """The Digraph for ``draw``, with the animation's per-frame state in ``frame``."""
    order = topological_order(root)
    names = node_names(root, order)
    index = {node: k for k, node in enumerate(order)}
    kept: Sequence[Value] = order
    if max_nodes is not None and len(order) > max_nodes:
        near = _nearest(root, order, max_nodes)
        kept = [n for n in order if n in near]
    kept_set = set(kept)
    omitted = len(order) - len(kept)

    grads = frame.grads
    get: Callable[[Value], float] = (lambda v: grads[v]) if grads is not None else grad_of
    backward = view == "backward"
    peak = frame.scale_max
    if peak is None:
        peak = max((abs(get(n)) for n in kept if not math.isnan(get(n))), default=0.0)

    g = Drawing(name="autograd", comment=f"{len(order)} values, {omitted} omitted")
    # The backward view mirrors the direction so every node stays where the forward view puts it
    # while its arrows point back toward the inputs.
    direction = _MIRROR[rankdir] if backward else rankdir
    g.attr("graph", rankdir=direction, bgcolor="white", fontname=FONT, nodesep="0.25", ranksep="0.45")
    g.attr("node", fontname=FONT, fontsize="12", color=INK)
    g.attr("edge", fontname=FONT, fontsize="10", color=MUTED, arrowsize="0.7")

    for node in kept:
        k = index[node]
        g.node(f"v{k}", _record(node, names[node], get(node), peak, backward, frame, f"v{k}"), shape="plain")
        op = node.op_entry
        if op is None:
            continue
        processing = node is frame.current
        g.node(
            f"op{k}",
            html.escape(op.symbol),
            shape="circle",
            width="0.38",
            margin="0.02",
            fontsize="18" if len(op.symbol) == 1 else ("12" if len(op.symbol) == 2 else "10"),
            # Keep inputs in argument order (first on top for LR), which matters for − and /.
            ordering="out" if backward else "in",
            style="filled",
            fillcolor=FLOW if processing else "#f2f2f2",
            fontcolor="white" if processing else "black",
            color=FLOW if processing else MUTED,
            tooltip=html.escape(f"{op.name}: " + "; ".join(op.formulas)),
        )
        if backward:
            started = frame.done is None or node in frame.done
            g.edge(
                f"v{k}", f"op{k}", color=FLOW if started else MUTED, penwidth="2.5" if processing else "1.3"
            )
        else:
            g.edge(f"op{k}", f"v{k}")
        locals_ = local_derivatives(node) if backward else ()
        upstream = get(node)
        dropped = False
        for i, p in enumerate(node.parents):
            if p not in kept_set:
                dropped = True
                continue
            if backward:
                g.edge(f"op{k}", f"v{index[p]}", **_flow_edge(node, p, i, upstream, locals_[i], frame, k))
            else:
                g.edge(f"v{index[p]}", f"op{k}")
        if dropped:
            if backward:
                g.edge(f"op{k}", "omitted", style="dashed")
            else:
                g.edge("omitted", f"op{k}", style="dashed")

    if omitted:
        g.node(
            "omitted",
            f"… {omitted:,} more nodes\n(max_nodes={max_nodes}, {len(order):,} in all)",
            shape="note",
            style="filled",
            fillcolor="#f7f7f7",
            color=MUTED,
            fontcolor=INK,
        )
    if backward:
        g.node("legend", _legend(peak, names[root], frame.grads is not None), shape="plain")
    return g


def _record(
    node: Value, name: str, grad: float, peak: float, backward: bool, frame: Frame, dot_id: str
) -> str:
    """The HTML-like label ``name | data … | grad …`` for one Value."""
    if backward:
        t = abs(grad) / peak if peak > 0 else (math.nan if math.isnan(grad) else 0.0)
        fill, ink = scale_colour(t), _ink_on(t)
    else:
        fill, ink = (LEAF_FILL if node.op_entry is None else "white"), "black"
    # The outer border is always 3pt (white unless highlighted) so highlighting never moves the layout.
    border = FLOW if (node is frame.current or node in frame.grown) else "white"
    w = frame.widths
    grad_text = f"grad {fmt(grad)}"
    cells = (
        _cell(f"<B>{html.escape(name)}</B>", w.get(f"{dot_id}.name"), ink),
        _cell(f"data {fmt(node.data)}", w.get(f"{dot_id}.data"), ink),
        _cell(f"<B>{grad_text}</B>" if node in frame.grown else grad_text, w.get(f"{dot_id}.grad"), ink),
    )
    return (
        f'<<TABLE BORDER="3" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5" COLOR="{border}"'
        f' BGCOLOR="{fill}"><TR>{"".join(cells)}</TR></TABLE>>'
    )


def _flow_edge(
    node: Value, parent: Value, i: int, upstream: float, local: float, frame: Frame, k: int
) -> dict[str, str]:
    """Attributes of the backward edge op → parent: ``upstream × local = contribution``."""
    op = node.op_entry
    assert op is not None
    shown = frame.done is None or node in frame.done
    hot = node is frame.current
    top = f"local {fmt(local)}"
    bottom = product(upstream, local) if shown else "waiting for upstream"
    key = f"op{k}.{i}"
    width = frame.widths.get(key)
    w = f' WIDTH="{width}"' if width else ""
    colour = FLOW if hot else (INK if shown else MUTED)
    b = ("<B>", "</B>") if hot else ("", "")
    label = (
        f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f'<TR><TD{w}><FONT COLOR="{colour}">{html.escape(top)}</FONT></TD></TR>'
        f'<TR><TD{w}><FONT COLOR="{colour}">{b[0]}{html.escape(bottom)}{b[1]}</FONT></TD></TR></TABLE>>'
    )
    return {
        "label": label,
        "color": FLOW if (hot or shown) else MUTED,
        "penwidth": "2.5" if hot else ("1.3" if shown else "1"),
        "style": "solid" if shown else "dashed",
        "tooltip": html.escape(op.formulas[i]),
    }


def _legend(peak: float, root_name: str, animated: bool) -> str:
    """A colour bar: |grad| from 0 to the largest |grad| in the picture."""
    if peak == 0.0 and not animated:
        note = f"all grads are 0: call {root_name}.backward() first"
        return (
            f'<<TABLE BORDER="0"><TR><TD><FONT COLOR="{MUTED}">{html.escape(note)}</FONT></TD></TR></TABLE>>'
        )
    stops = 5
    swatches = "".join(
        f'<TD BGCOLOR="{scale_colour(j / (stops - 1))}" WIDTH="38" HEIGHT="16"></TD>' for j in range(stops)
    )
    # Numbers under the ends and the middle only: quarter values like 0.2677 are noise.
    ticks = "".join(
        f'<TD><FONT POINT-SIZE="9">{fmt(peak * j / (stops - 1))}</FONT></TD>' if j % 2 == 0 else "<TD></TD>"
        for j in range(stops)
    )
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
        f'<TR><TD COLSPAN="{stops}"><FONT POINT-SIZE="10">fill = |grad| (∂{html.escape(root_name)}/∂node)</FONT></TD></TR>'
        f"<TR>{swatches}</TR><TR>{ticks}</TR>"
        f'<TR><TD COLSPAN="{stops}"><FONT POINT-SIZE="9" COLOR="{INK}">edge: local derivative;'
        " upstream × local = what the parent's grad gains</FONT></TD></TR></TABLE>>"
    )
