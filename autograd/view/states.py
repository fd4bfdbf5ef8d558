"""The backward pass as one picture plus a small record per step.

The picture is the backward view at the start (∂root/∂root = 1, every other
grad 0), with every text cell padded to its widest text over the whole pass so
that the layout never moves.  Step k's record holds only what step k changed:
the node processed, its edges (which now show ``upstream × local =
contribution``), and the new grad text and fill of each parent whose grad
grew.  A page shows step k by starting from the picture and applying records
1 … k, so the file grows with the graph, not with graph × steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograd.core.engine import Value, local_derivatives, topological_order
from autograd.explain.naming import node_names
from autograd.explain.record import backward_steps
from autograd.view.draw import Frame, grad_of, product
from autograd.view.style import ink_on, scale_colour, text_width
from autograd.view.words import num, word

__all__ = ["Pass", "Step", "record_pass"]


@dataclass
class Step:
    """What one step changes: ``node`` (a DOT id) processed, ``edges`` now carrying gradient, new cells."""

    node: str
    op: str
    edges: list[str]
    texts: dict[str, str] = field(default_factory=dict)  # edge id → its new bottom text
    grads: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # value id → (text, fill, ink)
    grown: list[str] = field(default_factory=list)
    story: str = ""


@dataclass
class Pass:
    """The whole pass: the start frame to draw, the steps, and the root's name."""

    frame: Frame
    steps: list[Step]
    root_name: str


def record_pass(root: Value, lang: str) -> Pass:
    """Run the pass from fresh grads (restored afterwards) and record each step's changes."""
    order = topological_order(root)
    index = {n: k for k, n in enumerate(order)}
    saved = [(n, n.grad) for n in order]
    try:
        for n in order:
            n.grad = 0.0
        raw = []
        for step in backward_steps(root):
            after = {e.parent: grad_of(e.parent) for e in step.edges}
            raw.append((step, after, step.explain(lang)))
    finally:
        for n, g in saved:
            n.grad = g
    start = {n: 0.0 for n in order}
    start[root] = 1.0
    seen: dict[Value, set[float]] = {n: {start[n]} for n in order}
    for _, after, _ in raw:
        for p, g in after.items():
            seen[p].add(g)
    peak = max((abs(g) for gs in seen.values() for g in gs if g == g), default=0.0)
    widths = _widths(order, seen, lang)
    steps = []
    for step, after, story in raw:
        k = index[step.node]
        s = Step(node=f"v{k}", op=f"op{k}", edges=[f"e{k}"] + [f"e{k}-{e.index}" for e in step.edges])
        for e in step.edges:
            s.texts[f"e{k}-{e.index}"] = product(step.grad, e.local)
        for p, g in after.items():
            t = abs(g) / peak if peak > 0 else (float("nan") if g != g else 0.0)
            s.grads[f"v{index[p]}"] = (word("grad", lang, value=num(g)), scale_colour(t), ink_on(t))
        s.grown = [f"v{index[e.parent]}" for e in step.edges if e.grad_after != e.grad_before]
        s.story = story
        steps.append(s)
    frame = Frame(grads=start, done=frozenset(), grown=frozenset({root}), scale_max=peak, widths=widths)
    return Pass(frame, steps, node_names(root, order)[root])


def _widths(order: list[Value], seen: dict[Value, set[float]], lang: str) -> dict[str, int]:
    """Cell widths wide enough for every text a cell takes during the pass, so the layout never moves."""
    widths: dict[str, int] = {}
    for k, node in enumerate(order):
        widths[f"v{k}.grad"] = max(text_width(word("grad", lang, value=num(g)), 12.5) for g in seen[node])
        if node.op_entry is None:
            continue
        up = max(seen[node], key=abs)
        for i, loc in enumerate(local_derivatives(node)):
            texts = {word("local", lang, value=num(loc)), product(up, loc), word("waiting", lang)}
            texts |= {product(g, loc) for g in seen[node]}
            widths[f"op{k}.{i}"] = max(text_width(t, 10.5) for t in texts)
    return widths
