"""The HTML animation of the backward pass: frames, narration, controls, self-containment."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from graphs import lecture_nodes

from autograd import Value, animate, backward_steps
from autograd.explain.narration import LANGUAGES


def lecture() -> dict[str, Value]:
    return lecture_nodes()


def frames(page: str) -> list[str]:
    return re.findall(r'<div class="frame" id="frame-\d+" data-step="\d+">\n(.*?)\n</div>', page, re.S)


def texts(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<pre id="text-\d+">(.*?)</pre>', page, re.S)]


def parse(svg: str) -> ET.Element:
    # Inline SVG in HTML needs no namespace declarations (the page strips them); xml.etree does.
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns:xlink="urn:xlink" ', 1))


def records(svg: str) -> dict[str, str]:
    """Record name → its grad text, read from a frame's SVG."""
    root = parse(svg)
    out = {}
    for g in root.iter("g"):
        if g.get("class") != "node" or not (g.findtext("title") or "").startswith("v"):
            continue
        words = [t.text or "" for t in g.iter("text")]
        out[words[0]] = words[2].replace("grad ", "")
    return out


@pytest.fixture
def page(tmp_path: Path) -> str:
    g = lecture()
    out = animate(g["L"], tmp_path / "backward.html")
    assert out == tmp_path / "backward.html"
    return out.read_text(encoding="utf-8")


def test_one_frame_per_step_plus_the_start(page: str) -> None:
    steps = list(backward_steps(lecture()["L"]))
    shown = frames(page)
    assert len(steps) == 3
    assert len(shown) == len(steps) + 1
    assert page.count('class="frame"') == len(steps) + 1
    for svg in shown:
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        parse(svg)  # each frame is well-formed on its own


def test_each_frame_shows_the_grads_at_that_moment(page: str) -> None:
    grads = [records(svg) for svg in frames(page)]
    assert grads[0] == {"a": "0", "b": "0", "c": "0", "e": "0", "d": "0", "f": "0", "L": "1"}
    assert grads[1] == {"a": "0", "b": "0", "c": "0", "e": "0", "d": "-2", "f": "4", "L": "1"}
    assert grads[2] == {"a": "0", "b": "0", "c": "-2", "e": "-2", "d": "-2", "f": "4", "L": "1"}
    assert grads[3] == {"a": "6", "b": "-4", "c": "-2", "e": "-2", "d": "-2", "f": "4", "L": "1"}


def test_each_frame_highlights_the_step_and_its_numbers(page: str) -> None:
    shown = frames(page)
    # frame 2 is the step at d (the + node): its op is filled orange, its edges carry the numbers
    assert shown[2].count('fill="#d95f02"') >= 1
    plain = shown[2].replace("&#45;", "-")
    assert plain.count("-2 × 1 = -2") == 2
    assert "waiting for upstream" in plain  # the step at e has not run yet
    assert "waiting for upstream" not in shown[3]


def test_narration_beside_each_frame_is_the_steppers(page: str) -> None:
    steps = list(backward_steps(lecture()["L"]))
    told = texts(page)
    assert len(told) == len(steps) + 1
    assert told[0].startswith("start: ∂L/∂L = 1")
    assert told[1:] == [s.explain("en") for s in steps]
    assert "-2 × (-3) = 6" in told[3]


def test_all_frames_share_one_layout(page: str) -> None:
    sizes = {re.match(r'<svg width="[^"]+" height="[^"]+"', svg)[0] for svg in frames(page)}  # type: ignore[index]
    assert len(sizes) == 1


def test_controls_are_there(page: str) -> None:
    for needle in (
        'id="play"',
        'id="prev"',
        'id="next"',
        'type="range"',
        'max="3"',
        "ArrowLeft",
        "ArrowRight",
    ):
        assert needle in page


def test_no_external_urls(page: str) -> None:
    """No network request is possible: no URL text, no src, only #fragment hrefs, no url() but url(#…)."""
    lowered = page.lower()
    assert "http:" not in lowered and "https:" not in lowered
    assert "//" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)  # no protocol-relative URL
    assert re.search(r"\ssrc\s*=", lowered) is None
    assert all(h.startswith("#") for h in re.findall(r'href\s*=\s*"([^"]*)"', lowered))
    assert all(u.startswith("#") for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", lowered))
    assert "@import" not in lowered and "<link" not in lowered and "<!doctype svg" not in lowered


def test_animate_leaves_every_grad_as_it_was(tmp_path: Path) -> None:
    g = lecture()
    animate(g["L"], tmp_path / "a.html")
    assert [g[k].grad for k in "abcdefL"] == [0.0] * 7
    g["L"].backward()
    before = [g[k].grad for k in "abcdefL"]
    page = animate(g["L"], tmp_path / "b.html").read_text(encoding="utf-8")
    assert [g[k].grad for k in "abcdefL"] == before
    # leaves start from 0 in the animation even after an earlier backward
    assert records(frames(page)[-1])["a"] == "6"


def test_same_graph_gives_the_same_file(tmp_path: Path) -> None:
    one = animate(lecture()["L"], tmp_path / "one.html").read_bytes()
    two = animate(lecture()["L"], tmp_path / "two.html").read_bytes()
    assert one == two


def test_a_leaf_root_has_only_the_start_frame(tmp_path: Path) -> None:
    page = animate(Value(5.0, "x"), tmp_path / "leaf.html").read_text(encoding="utf-8")
    assert len(frames(page)) == 1
    assert records(frames(page)[0]) == {"x": "1"}


def test_bad_language_names_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as err:
        animate(lecture()["L"], tmp_path / "x.html", lang="fr")
    assert "'fr'" in str(err.value)
    for lang in LANGUAGES:
        assert lang in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_bad_extension_names_html(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.html, \.htm"):
        animate(lecture()["L"], tmp_path / "x.svg")
    assert list(tmp_path.iterdir()) == []


def test_animate_needs_a_value(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="root Value"):
        animate(1.0, tmp_path / "x.html")  # type: ignore[arg-type]


def test_japanese_narration_and_controls(tmp_path: Path) -> None:
    g = lecture()
    page = animate(g["L"], tmp_path / "ja.html", lang="ja").read_text(encoding="utf-8")
    steps = list(backward_steps(lecture()["L"]))
    told = texts(page)
    assert told[1:] == [s.explain("ja") for s in steps]
    assert told[0].startswith("はじめ: ∂L/∂L = 1")
    assert '<html lang="ja">' in page and "L の逆伝播" in page and "再生" in page
    assert len(frames(page)) == len(steps) + 1


_DOM_SHIM = """
function el() {
  return { hidden: false, value: 0, textContent: '', dataset: { play: 'play', pause: 'pause' },
           classList: { s: new Set(), toggle(c, on) { on ? this.s.add(c) : this.s.delete(c); },
                        contains(c) { return this.s.has(c); } } };
}
var frames = [], texts = [];
for (var i = 0; i < FRAMES; i++) { frames.push(el()); texts.push(el()); }
var byId = { slider: el(), counter: el(), play: el(), prev: el(), next: el() };
var keys = null, ticks = [];
global.setInterval = function (f) { ticks.push(f); return ticks.length; };
global.clearInterval = function () { ticks = []; };
global.document = {
  querySelectorAll: function (q) { return q === '.frame' ? frames : texts; },
  getElementById: function (id) { return byId[id]; },
  addEventListener: function (type, f) { keys = f; },
};
function key(k) { keys({ key: k, preventDefault: function () {} }); }
var log = [];
function note() {
  var on = frames.map(function (f, i) { return f.classList.contains('on') ? i : -1; }).filter(function (i) { return i >= 0; });
  var shown = texts.map(function (t, i) { return t.hidden ? -1 : i; }).filter(function (i) { return i >= 0; });
  log.push([on.join(','), shown.join(','), byId.counter.textContent, byId.play.textContent].join(' '));
}
"""

_DOM_SCRIPT = """
note();
byId.next.onclick(); note();
key('ArrowRight'); note();
key('ArrowLeft'); note();
key('End'); note();
byId.next.onclick(); note();
byId.play.onclick(); note();
ticks[0](); note();
byId.slider.value = '2'; byId.slider.oninput(); note();
key(' '); note();
key(' '); note();
console.log(log.join('\\n'));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_controls_step_play_and_pause(page: str, tmp_path: Path) -> None:
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert script is not None
    program = tmp_path / "controls.js"
    program.write_text(_DOM_SHIM.replace("FRAMES", "4") + script[1] + _DOM_SCRIPT, encoding="utf-8")
    r = subprocess.run(["node", str(program)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "0 0 0 / 3 ",
        "1 1 1 / 3 play",  # next
        "2 2 2 / 3 play",  # →
        "1 1 1 / 3 play",  # ←
        "3 3 3 / 3 play",  # End
        "3 3 3 / 3 play",  # next stops at the last frame
        "0 0 0 / 3 pause",  # play from the end starts over
        "1 1 1 / 3 pause",  # one tick of the timer
        "2 2 2 / 3 play",  # the slider stops playback
        "2 2 2 / 3 pause",  # space plays
        "2 2 2 / 3 play",  # space pauses
    ]


def test_a_graph_too_big_to_animate_is_refused_with_advice(tmp_path: Path) -> None:
    from autograd.view.animate import MAX_VALUES

    total = Value(0.0)
    for i in range(MAX_VALUES):
        total = total + Value(float(i))
    with pytest.raises(ValueError, match=r"1,001 values.*at most 500.*max_nodes=200"):
        animate(total, tmp_path / "big.html")
    assert list(tmp_path.iterdir()) == []
