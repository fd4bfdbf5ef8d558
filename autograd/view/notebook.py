"""Jupyter: a Value shows as its graph, a Stepper as the current step's picture with its narration.

The core and the stepper never import the view; ``autograd/__init__.py`` plugs these
functions into :data:`autograd.core.hooks.svg` and :attr:`Stepper.display`.
``animate(...)`` returns a :class:`~autograd.view.animate.Player`, which shows
the whole player inline.
"""

from __future__ import annotations

import html

from autograd.core.engine import Value
from autograd.explain.sentences import text
from autograd.explain.stepper import Stepper
from autograd.view.draw import DEFAULT_MAX_NODES, Frame, build, drawing_svg
from autograd.view.player import story_html
from autograd.view.render import svg_of
from autograd.view.webfont import with_font

__all__ = ["stepper_bundle", "value_svg"]


def value_svg(v: Value) -> str | None:
    """A Value's graph as SVG (the 200 values nearest it), or None when it cannot be drawn."""
    try:
        return with_font(svg_of(v, max_nodes=DEFAULT_MAX_NODES))
    except (RuntimeError, ValueError):
        return None


def stepper_bundle(s: Stepper) -> dict[str, str]:
    """The Stepper as Jupyter shows it: the backward view with the last step highlighted, and its narration.

    ``image/svg+xml`` is the picture alone; ``text/html`` is the picture above the narration.
    """
    last = s.taken[-1] if s.taken else None
    if last is None:
        grown = frozenset({s.root})
        story = text("pictures_start", s.lang, root=s.names[s.root])
    else:
        grown = frozenset(e.parent for e in last.edges if e.grad_after != e.grad_before)
        story = last.explain(s.lang)
    frame = Frame(
        done=frozenset(step.node for step in s.taken),
        current=None if last is None else last.node,
        grown=grown,
    )
    plain = {"text/plain": repr(s)}
    try:
        svg = with_font(
            drawing_svg(build(s.root, "backward", "LR", DEFAULT_MAX_NODES, frame, s.lang), prolog=False)
        )
    except (RuntimeError, ValueError):
        return plain
    page = (
        '<div class="autograd-stepper">'
        f'<div style="overflow:auto;max-width:100%">{svg}</div>'
        '<div style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;line-height:1.5;'
        'border-left:4px solid #d95f02;padding:.4rem .7rem;margin-top:.4rem">'
        f"<div><b>{html.escape(repr(s))}</b></div>"
        "<style>.autograd-stepper .line{white-space:pre-wrap}.autograd-stepper .f{white-space:nowrap}</style>"
        f"{story_html(story)}</div></div>"
    )
    return {**plain, "text/html": page, "image/svg+xml": svg}
