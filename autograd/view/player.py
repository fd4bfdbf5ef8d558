"""The animation's page: the picture across the full width, the narration below, and the controls.

The picture starts at its natural size; the wheel, a pinch, the − / + buttons
and the keys + − 0 zoom, dragging pans, and "fit" shows the whole graph.  When
a step's node is out of sight the view follows it.  Buttons are inline SVG
icons with words from the sentence table (no symbol a font may lack), and each
formula in the narration is kept on one line.  The styles and the script are
``player.css`` and ``player.js`` beside this file, inlined into every page.
"""

from __future__ import annotations

import html
import re
from importlib import resources

from autograd.explain.sentences import text

__all__ = ["page", "story_html"]

_MATH = re.compile(r"[∂=×·+*/^()\d−]|^-")


def _is_math(token: str) -> bool:
    return bool(_MATH.search(token))


def story_html(story: str) -> str:
    """The narration as HTML lines, each formula in a span that never breaks across lines."""
    out = []
    for line in story.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        tokens = line[indent:].split(" ")
        math = [_is_math(t) for t in tokens]
        # A short plain word between two formula pieces (``f`` in ``∂L/∂d = f = -2``) belongs to the formula.
        for j in range(1, len(tokens) - 1):
            short = len(tokens[j]) <= 6 and all(ord(c) < 0x2E80 for c in tokens[j])
            if not math[j] and short and math[j - 1] and math[j + 1]:
                math[j] = True
        parts: list[str] = []
        j = 0
        while j < len(tokens):
            if not math[j]:
                parts.append(html.escape(tokens[j]))
                j += 1
                continue
            end = j
            while end < len(tokens) and math[end]:
                end += 1
            parts.append(f'<span class="f">{html.escape(" ".join(tokens[j:end]))}</span>')
            j = end
        out.append(f'<div class="line">{"&#32;" * indent}{" ".join(parts)}</div>')
    return "".join(out)


_ICONS = {
    "first": '<rect x="2" y="3" width="2" height="10"/><path d="M14 3 6 8l8 5z"/>',
    "prev": '<path d="M12 3 4 8l8 5z"/>',
    "play": '<path d="M4 3l9 5-9 5z"/>',
    "pause": '<rect x="3" y="3" width="3.5" height="10"/><rect x="9.5" y="3" width="3.5" height="10"/>',
    "next": '<path d="M4 3l8 5-8 5z"/>',
    "last": '<path d="M2 3l8 5-8 5z"/><rect x="12" y="3" width="2" height="10"/>',
}


def _icon(name: str) -> str:
    return (
        f'<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">{_ICONS[name]}</svg>'
    )


_STYLE = (resources.files("autograd.view") / "player.css").read_text(encoding="utf-8")

_SCRIPT = (resources.files("autograd.view") / "player.js").read_text(encoding="utf-8")


def page(root_name: str, svg: str, steps_json: str, lang: str, count: int) -> str:
    """The whole HTML document."""

    def w(key: str, **fields: object) -> str:
        return html.escape(text(f"pictures_{key}", lang, **fields))

    title = w("title", root=root_name)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{_STYLE}</style>
</head>
<body data-step="0" data-steps="{count}">
<h1>{title}</h1>
<div class="controls">
<button id="first" type="button" title="{w("first")} (Home)">{_icon("first")}<span>{w("first")}</span></button>
<button id="prev" type="button" title="{w("prev")} (←)">{_icon("prev")}<span>{w("prev")}</span></button>
<button id="play" type="button" data-play="{w("play")}" data-pause="{w("pause")}" title="{w("play")} / {w("pause")} (space)"><span class="i-play">{_icon("play")}</span><span class="i-pause">{_icon("pause")}</span><span class="word">{w("play")}</span></button>
<button id="next" type="button" title="{w("next")} (→)"><span>{w("next")}</span>{_icon("next")}</button>
<button id="last" type="button" title="{w("last")} (End)"><span>{w("last")}</span>{_icon("last")}</button>
<input id="slider" type="range" min="0" max="{count - 1}" value="0" step="1" aria-label="{w("frame")}">
<span id="counter" data-word="{w("frame")}">{w("frame")} 0 / {count - 1}</span>
<span class="sep"></span>
<button id="zoom-out" type="button" title="{w("zoom_out")} (−)" aria-label="{w("zoom_out")}">−</button>
<button id="zoom-in" type="button" title="{w("zoom_in")} (+)" aria-label="{w("zoom_in")}">+</button>
<button id="actual" type="button" title="{w("actual")} (0)">{w("actual")}</button>
<button id="fit" type="button" title="{w("fit")} (f)" aria-pressed="false">{w("fit")}</button>
</div>
<div class="stage">
<div>
<div id="view"><div id="pane">
{svg}
</div></div>
<p class="hint">{w("hint")}</p>
<p class="keys">{w("keys")}</p>
</div>
<div id="story" aria-live="polite"></div>
</div>
<script type="application/json" id="steps">{steps_json}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
