"""The animation's page: the picture across the full width, the narration below, and the controls.

The picture starts at its natural size; the wheel, a pinch, the − / + buttons
and the keys + − 0 zoom, dragging pans, and "fit" shows the whole graph.  When
a step's node is out of sight the view follows it.  Buttons are inline SVG
icons with words from the sentence table (no symbol a font may lack), and each
formula in the narration is kept on one line.
"""

from __future__ import annotations

import html
import re

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


_STYLE = """
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic", Meiryo,
       "Noto Sans CJK JP", "IPAexGothic", "autograd-ja", sans-serif; margin: 0; padding: .8rem 1rem; color: #222;
       background: #fafafa; }
h1 { font-size: 1.15rem; margin: 0 0 .5rem; }
.controls { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; margin: 0 0 .5rem; }
.controls button { font: inherit; font-size: .9rem; padding: .25rem .6rem; border-radius: 6px;
                   border: 1px solid #bbb; background: white; cursor: pointer; display: inline-flex;
                   align-items: center; gap: .3rem; color: #222; }
.controls button[aria-pressed="true"] { background: #fde6d4; border-color: #d95f02; }
.controls .icon { width: 14px; height: 14px; }
.controls input[type=range] { flex: 1 1 160px; min-width: 120px; }
.controls .sep { width: .6rem; }
#counter { font-variant-numeric: tabular-nums; min-width: 7em; }
.stage { display: grid; grid-template-columns: 1fr; gap: .6rem; }
@media (min-width: 1900px) { .stage { grid-template-columns: minmax(0, 1fr) 34rem; } }
#view { position: relative; overflow: hidden; background: white; border: 1px solid #ddd; border-radius: 8px;
        cursor: grab; touch-action: none; user-select: none; height: 60vh; min-height: 240px; }
#view.dragging { cursor: grabbing; }
#pane { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#pane svg { display: block; }
#story { background: white; border: 1px solid #ddd; border-left: 4px solid #d95f02; border-radius: 6px;
         padding: .6rem .8rem; font: .95rem/1.55 ui-monospace, Menlo, Consolas, "Noto Sans Mono CJK JP",
         "autograd-ja", monospace; overflow-x: auto; }
#story .line { white-space: pre-wrap; }
.fonts-ready { font-kerning: none; }
#story .f { white-space: nowrap; }
.keys, .hint { color: #666; font-size: .82rem; margin: .3rem 0 0; }
#view .fill, #view .border, #view text, #view path, #view polygon, #view ellipse { transition: none; }
#view .grown .border, #view .cur .border { stroke: #d95f02; }
#view .grown text.grad { font-weight: bold; }
#view .cur ellipse { fill: #d95f02; stroke: #d95f02; }
#view .cur text { fill: white; }
#view g.node.cur[id^="v"] text { fill: inherit; }
#view .edge.done path { stroke: #d95f02; stroke-dasharray: none; stroke-width: 1.3; }
#view .edge.done polygon:not(.cell) { fill: #d95f02; stroke: #d95f02; }
#view .edge.done text { fill: #333; }
#view .edge.hot path { stroke-width: 2.6; }
#view .edge.hot text { fill: #d95f02; font-weight: bold; }
"""

_SCRIPT = """
(function () {
  var steps = JSON.parse(document.getElementById('steps').textContent);
  var view = document.getElementById('view'), pane = document.getElementById('pane');
  var svg = pane.querySelector('svg');
  var story = document.getElementById('story'), slider = document.getElementById('slider');
  var counter = document.getElementById('counter'), play = document.getElementById('play');
  var fitButton = document.getElementById('fit');
  var last = steps.length - 1, at = 0, timer = null;
  function el(id) { return document.getElementById(id); }
  function first(node, sel) { return node ? node.querySelector(sel) : null; }
  function all(node, sel) { return node ? node.querySelectorAll(sel) : []; }
  // What each changing cell shows at the start, read from the picture itself.
  var startGrad = {}, startFlow = {};
  steps.forEach(function (s) {
    Object.keys(s.g).forEach(function (id) {
      if (id in startGrad) return;
      var g = el(id), t = first(g, 'text.grad'), f = first(g, '.fill');
      startGrad[id] = [t ? t.textContent : '', f ? f.getAttribute('fill') : '', t ? t.getAttribute('fill') : ''];
    });
    Object.keys(s.t).forEach(function (id) {
      if (!(id in startFlow)) { var t = first(el(id), 'text.flow'); startFlow[id] = t ? t.textContent : ''; }
    });
  });
  // What each step overwrote, so stepping back undoes just that step.
  (function () {
    var grads = {};
    steps.forEach(function (s) {
      s.before = {};
      Object.keys(s.g).forEach(function (id) { s.before[id] = grads[id] || startGrad[id]; grads[id] = s.g[id]; });
    });
  })();
  function undo1(s) {
    Object.keys(s.before).forEach(function (id) { setGrad(id, s.before[id]); });
    Object.keys(s.t).forEach(function (id) { var t = first(el(id), 'text.flow'); if (t) t.textContent = startFlow[id]; });
    s.e.forEach(function (id) { var g = el(id); if (g) g.classList.remove('done'); });
  }
  function setGrad(id, v) {
    var g = el(id); if (!g) return;
    var t = first(g, 'text.grad'), f = first(g, '.fill');
    if (t) t.textContent = v[0];
    if (f) f.setAttribute('fill', v[1]);
    all(g, 'text').forEach(function (x) { x.setAttribute('fill', v[2]); });
  }
  function mark(id, cls) { var g = el(id); if (g) g.classList.add(cls); }
  function unmark(s) {
    [s.n, s.o].concat(s.e, s.w).forEach(function (id) { var g = id && el(id); if (g) g.classList.remove('cur', 'hot', 'grown'); });
  }
  function apply1(s) {
    Object.keys(s.g).forEach(function (id) { setGrad(id, s.g[id]); });
    Object.keys(s.t).forEach(function (id) { var t = first(el(id), 'text.flow'); if (t) t.textContent = s.t[id]; });
    s.e.forEach(function (id) { mark(id, 'done'); });
  }
  function rebuild(k) {
    all(svg, '.done, .hot, .cur, .grown').forEach(function (g) { g.classList.remove('done', 'hot', 'cur', 'grown'); });
    var grads = {}, flows = {};
    for (var j = 1; j <= k; j++) {
      var s = steps[j];
      Object.keys(s.g).forEach(function (id) { grads[id] = s.g[id]; });
      Object.keys(s.t).forEach(function (id) { flows[id] = s.t[id]; });
      s.e.forEach(function (id) { mark(id, 'done'); });
    }
    Object.keys(startGrad).forEach(function (id) { setGrad(id, grads[id] || startGrad[id]); });
    Object.keys(startFlow).forEach(function (id) {
      var t = first(el(id), 'text.flow'); if (t) t.textContent = flows[id] || startFlow[id];
    });
  }
  var drawn = -1;  // the step the picture shows
  function show(k) {
    k = Math.max(0, Math.min(last, k));
    if (drawn >= 0 && k === drawn + 1) { unmark(steps[drawn]); apply1(steps[k]); }  // one step on: its changes only
    else if (drawn >= 0 && k === drawn - 1) { unmark(steps[drawn]); undo1(steps[drawn]); }  // one back: undo it
    else if (k !== drawn) { rebuild(k); }
    drawn = at = k;
    var now = steps[at];
    if (now.n) { mark(now.n, 'cur'); mark(now.o, 'cur'); }
    now.e.forEach(function (id) { mark(id, 'hot'); });
    now.w.forEach(function (id) { mark(id, 'grown'); });
    story.innerHTML = now.h;
    slider.value = at;
    counter.textContent = counter.dataset.word + ' ' + at + ' / ' + last;
    document.body.dataset.step = at;
    if (now.o) follow(el(now.o));
  }
  // --- zoom and pan ---------------------------------------------------------
  var scale = 1, tx = 0, ty = 0, fitted = false;
  var W = svg.getBoundingClientRect().width, H = svg.getBoundingClientRect().height;
  view.style.height = Math.max(240, Math.min(window.innerHeight * 0.68, H + 16)) + 'px';
  function apply() {
    pane.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + scale + ')';
    document.body.dataset.zoom = scale.toFixed(4);
    fitButton.setAttribute('aria-pressed', fitted ? 'true' : 'false');
  }
  function centre() {
    var vw = view.clientWidth, vh = view.clientHeight;
    tx = W * scale < vw ? (vw - W * scale) / 2 : Math.min(0, Math.max(tx, vw - W * scale));
    ty = H * scale < vh ? (vh - H * scale) / 2 : Math.min(0, Math.max(ty, vh - H * scale));
  }
  function zoomAt(factor, cx, cy) {
    var s = Math.max(0.05, Math.min(8, scale * factor));
    tx = cx - (cx - tx) * s / scale; ty = cy - (cy - ty) * s / scale; scale = s; fitted = false;
    centre(); apply();
  }
  function fit() {
    scale = Math.min(view.clientWidth / W, view.clientHeight / H); fitted = true; centre(); apply();
  }
  function actual() { scale = 1; fitted = false; centre(); apply(); }
  function follow(node) {
    if (!node || fitted) return;
    var v = view.getBoundingClientRect(), r = node.getBoundingClientRect();
    if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) return;
    tx += (v.left + v.width / 2) - (r.left + r.width / 2);
    ty += (v.top + v.height / 2) - (r.top + r.height / 2);
    centre(); apply();
  }
  view.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = view.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var pointers = {}, pinch = 0;
  function spread() {
    var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
    return p.length < 2 ? 0 : Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  }
  view.addEventListener('pointerdown', function (e) {
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    view.setPointerCapture(e.pointerId); view.classList.add('dragging'); pinch = spread();
  });
  view.addEventListener('pointermove', function (e) {
    var p = pointers[e.pointerId]; if (!p) return;
    var n = Object.keys(pointers).length;
    if (n === 1) { tx += e.clientX - p.x; ty += e.clientY - p.y; fitted = false; centre(); apply(); }
    p.x = e.clientX; p.y = e.clientY;
    if (n === 2) {
      var d = spread(), r = view.getBoundingClientRect();
      if (pinch > 0 && d > 0) zoomAt(d / pinch, e.clientX - r.left, e.clientY - r.top);
      pinch = d;
    }
  });
  function up(e) { delete pointers[e.pointerId]; pinch = spread(); if (!Object.keys(pointers).length) view.classList.remove('dragging'); }
  view.addEventListener('pointerup', up); view.addEventListener('pointercancel', up);
  function mid(f) { zoomAt(f, view.clientWidth / 2, view.clientHeight / 2); }
  document.getElementById('zoom-in').onclick = function () { mid(1.25); };
  document.getElementById('zoom-out').onclick = function () { mid(0.8); };
  document.getElementById('actual').onclick = actual;
  fitButton.onclick = function () { if (fitted) actual(); else fit(); };
  window.addEventListener('resize', function () { if (fitted) fit(); else { centre(); apply(); } });
  // --- stepping -------------------------------------------------------------
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    play.querySelector('.word').textContent = play.dataset.play;
    play.querySelector('.i-play').style.display = ''; play.querySelector('.i-pause').style.display = 'none';
  }
  function start() {
    if (at === last) show(0);
    play.querySelector('.word').textContent = play.dataset.pause;
    play.querySelector('.i-play').style.display = 'none'; play.querySelector('.i-pause').style.display = '';
    timer = setInterval(function () { if (at >= last) stop(); else show(at + 1); }, 1600);
  }
  play.onclick = function () { if (timer) stop(); else start(); };
  document.getElementById('first').onclick = function () { stop(); show(0); };
  document.getElementById('prev').onclick = function () { stop(); show(at - 1); };
  document.getElementById('next').onclick = function () { stop(); show(at + 1); };
  document.getElementById('last').onclick = function () { stop(); show(last); };
  slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
  document.addEventListener('keydown', function (e) {
    // Space plays or pauses wherever the focus is (a focused button would otherwise be pressed again).
    if (e.target && e.target.tagName === 'INPUT' && e.key !== ' ') return;
    if (e.key === 'ArrowLeft') { stop(); show(at - 1); }
    else if (e.key === 'ArrowRight') { stop(); show(at + 1); }
    else if (e.key === 'Home') { stop(); show(0); }
    else if (e.key === 'End') { stop(); show(last); }
    else if (e.key === ' ') { if (timer) stop(); else start(); }
    else if (e.key === '+' || e.key === '=') mid(1.25);
    else if (e.key === '-') mid(0.8);
    else if (e.key === '0') actual();
    else if (e.key === 'f') fitButton.onclick();
    else return;
    e.preventDefault();
  });
  centre(); apply(); stop(); show(0);
  // Chrome keeps the boxes it drew for text shaped before the embedded font loaded; any change to a
  // font property makes it shape the text again with the font.
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { document.body.classList.add('fonts-ready'); });
  }
})();
"""


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
