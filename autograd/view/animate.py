"""The backward pass as a self-contained HTML animation, one SVG frame per step.

Frame 0 is the start (∂root/∂root = 1, every other grad 0); frame k is the state
right after the stepper's step k, with the node being processed, the edges it
pushes along and the parents whose grads grew highlighted.  The step's own
narration (:meth:`autograd.explain.record.BackwardStep.explain`) sits beside the frame.

The file makes no network request: no scripts, styles, fonts or images are
loaded from anywhere.  Rule kept (and tested): no ``http:``/``https:`` text at
all, no ``src`` attribute, every ``href`` is a ``#fragment`` and every CSS
``url()`` is ``url(#…)``.  Graphviz's XML prolog, DOCTYPE (which names a w3.org
DTD), comments and ``xmlns`` declarations are stripped from each SVG; inline
SVG in HTML needs none of them.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from autograd.core.engine import Value, local_derivatives, topological_order
from autograd.explain.naming import node_names
from autograd.explain.narration import LANGUAGES
from autograd.explain.record import backward_steps
from autograd.files import write_atomic
from autograd.view.draw import Frame, build, fmt, grad_of, product, text_width
from autograd.view.render import check_target, dot_to

__all__ = ["MAX_VALUES", "animate"]

#: Every frame draws every value, so the file grows as values × steps; beyond this it is refused.
MAX_VALUES = 500

_WORDS = {
    "en": {
        "title": "Backward pass of {root}",
        "start": (
            "start: ∂{root}/∂{root} = 1, the root's gradient with respect to itself.\n"
            "Every other grad is 0 until the gradient reaches it.\n"
            "Each step multiplies a node's grad (upstream) by the local derivative\n"
            "of each input and adds the product to that input's grad."
        ),
        "play": "Play",
        "pause": "Pause",
        "prev": "Previous",
        "next": "Next",
        "keys": "← → one step · space play/pause · Home/End first/last",
        "frame": "frame",
        "hint": (
            "Orange: the node being processed and the edges it sends its gradient along; "
            "orange-framed records just had their grad grow.  Fill = |grad|."
        ),
    },
    "ja": {
        "title": "{root} の逆伝播",
        "start": (
            "はじめ: ∂{root}/∂{root} = 1(根の、自分自身に対する勾配)。\n"
            "ほかの勾配は、勾配が届くまで 0 です。\n"
            "各ステップでは、ノードの勾配(上流)に各入力の局所微分を掛け、\n"
            "その積をその入力の勾配に足します。"
        ),
        "play": "再生",
        "pause": "一時停止",
        "prev": "前へ",
        "next": "次へ",
        "keys": "← → で1ステップ・スペースで再生/一時停止・Home/End で最初/最後",
        "frame": "フレーム",
        "hint": "オレンジ: 処理中のノードと、勾配を送る辺。オレンジ枠: 今 grad が増えたノード。塗り = |grad|。",
    },
}


@dataclass(frozen=True)
class _Shot:
    frame: Frame
    text: str


def _shots(root: Value, order: list[Value], lang: str, name: str) -> list[_Shot]:
    """Run the stepper and record each moment: the start, then the state after every step."""
    start = {n: 0.0 for n in order}
    start[root] = 1.0
    words = _WORDS.get(lang, _WORDS["en"])
    shots = [
        _Shot(Frame(grads=start, done=frozenset(), grown=frozenset({root})), words["start"].format(root=name))
    ]
    done: set[Value] = set()
    for step in backward_steps(root):
        done.add(step.node)
        grown = frozenset(e.parent for e in step.edges if e.grad_after != e.grad_before)
        grads = {n: grad_of(n) for n in order}
        frame = Frame(grads=grads, done=frozenset(done), current=step.node, grown=grown)
        shots.append(_Shot(frame, step.explain(lang)))
    return shots


def _widths(order: list[Value], shots: list[_Shot]) -> dict[str, int]:
    """Cell widths wide enough for every frame's text, so all frames share one layout."""
    widths: dict[str, int] = {}
    for k, node in enumerate(order):
        texts = {f"grad {fmt(s.frame.grads[node])}" for s in shots if s.frame.grads is not None}
        widths[f"v{k}.grad"] = max(text_width(t, 12.5) for t in texts)
        if node.op_entry is None:
            continue
        final = shots[-1].frame.grads
        assert final is not None
        up = final[node]
        for i, loc in enumerate(local_derivatives(node)):
            texts = {f"local {fmt(loc)}", product(up, loc), "waiting for upstream"}
            widths[f"op{k}.{i}"] = max(text_width(t, 10.5) for t in texts)
    return widths


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def _clean(svg: str) -> str:
    """An SVG document reduced to its inline ``<svg>`` element (see the module docstring)."""
    return _XMLNS.sub("", _PROLOG.sub("", svg)).strip()


def _render_frames(sources: list[str]) -> list[str]:
    # One dot run for all frames: dot reads several graphs from one input and writes one SVG each.
    data, _ = dot_to("\n".join(sources), "svg")
    svgs = [s + "</svg>" for s in data.decode("utf-8").split("</svg>")[:-1]]
    if len(svgs) != len(sources):
        svgs = [dot_to(src, "svg")[0].decode("utf-8") for src in sources]
    return [_clean(s) for s in svgs]


def animate(root: Value, path: str | os.PathLike[str], lang: str = "en") -> Path:
    """Write an HTML file that plays the backward pass from ``root``, step by step.

    One SVG frame per backward step plus the start, each with the stepper's
    narration in ``lang`` (as for :meth:`BackwardStep.explain`); play/pause,
    previous/next, a slider and the arrow keys move between frames.  The grads
    are computed afresh (leaves start at 0) and every grad is restored
    afterwards, so calling ``animate`` does not change the graph.  Returns the path.
    """
    if not isinstance(root, Value):
        raise TypeError(f"animate() takes the root Value of a graph, got {type(root).__name__} {root!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; supported: {', '.join(LANGUAGES)}")
    target, _ = check_target(path, ("html", "htm"))
    order = topological_order(root)
    if len(order) > MAX_VALUES:
        raise ValueError(
            f"animate: the graph has {len(order):,} values, but an animation draws every value in every "
            f"frame, so it takes at most {MAX_VALUES}; animate a smaller graph, or draw this one with "
            "render(root, 'graph.svg', view='backward', max_nodes=200)"
        )
    name = node_names(root, order)[root]
    saved = [(n, n.grad) for n in order]
    try:
        for n in order:
            n.grad = 0.0
        shots = _shots(root, order, lang, name)
    finally:
        for n, g in saved:
            n.grad = g
    peak = max(abs(g) for s in shots if s.frame.grads is not None for g in s.frame.grads.values())
    widths = _widths(order, shots)
    sources = []
    for s in shots:
        f = s.frame
        frame = Frame(f.grads, f.done, f.current, f.grown, scale_max=peak, widths=widths)
        sources.append(build(root, "backward", "LR", None, frame).source)
    svgs = _render_frames(sources)
    page = _page(name, [s.text for s in shots], svgs, _WORDS.get(lang, _WORDS["en"]), lang)
    write_atomic(target, page.encode("utf-8"))
    return target


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", sans-serif;
       margin: 1.2rem; color: #222; background: #fafafa; }
h1 { font-size: 1.25rem; margin: 0 0 .8rem; }
.stage { display: flex; gap: 1.2rem; align-items: flex-start; flex-wrap: wrap; }
.frames { flex: 3 1 560px; background: white; border: 1px solid #ddd; border-radius: 8px; padding: .6rem; }
.frame { display: none; }
.frame.on { display: block; }
.frame svg { max-width: 100%; height: auto; }
.story { flex: 1 1 300px; }
.story pre { white-space: pre-wrap; font: .95rem/1.5 ui-monospace, Menlo, Consolas, monospace;
             background: white; border: 1px solid #ddd; border-left: 4px solid #d95f02;
             border-radius: 6px; padding: .8rem; margin: 0; }
.controls { display: flex; gap: .5rem; align-items: center; margin: .8rem 0; flex-wrap: wrap; }
.controls button { font-size: 1rem; padding: .3rem .8rem; border-radius: 6px; border: 1px solid #bbb;
                   background: white; cursor: pointer; }
.controls input[type=range] { flex: 1 1 200px; }
.keys, .hint { color: #777; font-size: .85rem; }
.hint { margin: .4rem 0 0; }
"""

_SCRIPT = """
(function () {
  var frames = document.querySelectorAll('.frame');
  var texts = document.querySelectorAll('.story pre');
  var slider = document.getElementById('slider');
  var counter = document.getElementById('counter');
  var play = document.getElementById('play');
  var last = frames.length - 1, at = 0, timer = null;
  function show(k) {
    at = Math.max(0, Math.min(last, k));
    for (var i = 0; i <= last; i++) {
      frames[i].classList.toggle('on', i === at);
      texts[i].hidden = i !== at;
    }
    slider.value = at;
    counter.textContent = at + ' / ' + last;
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = play.dataset.play; }
  function start() {
    if (at === last) show(0);
    play.textContent = play.dataset.pause;
    timer = setInterval(function () { if (at >= last) stop(); else show(at + 1); }, 1600);
  }
  play.onclick = function () { if (timer) stop(); else start(); };
  document.getElementById('prev').onclick = function () { stop(); show(at - 1); };
  document.getElementById('next').onclick = function () { stop(); show(at + 1); };
  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowLeft') { stop(); show(at - 1); }
    else if (e.key === 'ArrowRight') { stop(); show(at + 1); }
    else if (e.key === 'Home') { stop(); show(0); }
    else if (e.key === 'End') { stop(); show(last); }
    else if (e.key === ' ') { if (timer) stop(); else start(); }
    else return;
    e.preventDefault();
  });
  show(0);
})();
"""


def _page(name: str, texts: list[str], svgs: list[str], words: dict[str, str], lang: str) -> str:
    title = html.escape(words["title"].format(root=name))
    last = len(svgs) - 1
    frames = "\n".join(
        f'<div class="frame" id="frame-{k}" data-step="{k}">\n{svg}\n</div>' for k, svg in enumerate(svgs)
    )
    story = "\n".join(f'<pre id="text-{k}">{html.escape(t)}</pre>' for k, t in enumerate(texts))
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{title}</h1>
<div class="controls">
<button id="prev" type="button" title="{words["prev"]} (←)">⏮ {words["prev"]}</button>
<button id="play" type="button" data-play="▶ {words["play"]}" data-pause="⏸ {words["pause"]}">▶ {words["play"]}</button>
<button id="next" type="button" title="{words["next"]} (→)">{words["next"]} ⏭</button>
<input id="slider" type="range" min="0" max="{last}" value="0" step="1" aria-label="{words["frame"]}">
<span id="counter">0 / {last}</span>
<span class="keys">{words["keys"]}</span>
</div>
<div class="stage">
<div class="frames">
{frames}
<p class="hint">{html.escape(words["hint"])}</p>
</div>
<div class="story">
{story}
</div>
</div>
<script>{_SCRIPT}</script>
</body>
</html>
"""
