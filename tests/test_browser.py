"""The animation in a real browser: headless Chromium driven by playwright (skipped where either is missing).

The system's Chromium is used (``/usr/bin/chromium`` or ``$AUTOGRAD_CHROMIUM``); playwright never
downloads a browser.  Checks: no console errors and no network requests, the step count, keys and
buttons move the picture and the narration together, zoom and pan work, and the lecture graph at
1400×900 is shown at no less than 90% of its natural size.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphs import lecture_nodes

from autograd import Value, animate

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    named = os.environ.get("AUTOGRAD_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=ARGS)
        except Exception as e:  # a browser that cannot start here is a missing browser, not a failure
            pytest.skip(f"Chromium at {exe} does not start: {e}")
        yield b
        b.close()


class Page:
    """A loaded player with everything it logged and every request it made."""

    def __init__(self, browser: Any, path: Path, width: int = 1400, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.url = path.as_uri()

    def step(self) -> int:
        return int(self.page.evaluate("document.body.dataset.step"))

    def story(self) -> str:
        return str(self.page.inner_text("#story"))

    def js(self, script: str) -> Any:
        return self.page.evaluate(script)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def lecture_page(browser: Any, tmp_path: Path) -> Iterator[Page]:
    animate(lecture_nodes()["L"], tmp_path / "lecture.html")
    page = Page(browser, tmp_path / "lecture.html")
    yield page
    page.close()


def _grad(page: Page, name: str) -> str:
    return str(
        page.js(
            f"""(() => {{
        for (const g of document.querySelectorAll('#pane g.node')) {{
          const t = g.querySelectorAll('text');
          if (t.length >= 3 && t[0].textContent === {name!r}) return g.querySelector('text.grad').textContent;
        }}
        return null; }})()"""
        )
    )


def _current(page: Page) -> list[str]:
    return list(page.js("[...document.querySelectorAll('#pane .cur')].map(g => g.id)"))


def test_loads_with_no_errors_and_no_requests(lecture_page: Page) -> None:
    assert lecture_page.errors == []
    assert lecture_page.requests == [lecture_page.url]  # the file itself, nothing else
    assert lecture_page.js("document.body.dataset.steps") == "4"
    assert lecture_page.js("document.getElementById('slider').max") == "3"
    assert lecture_page.js("document.querySelectorAll('#pane svg').length") == 1


def test_keys_and_buttons_move_the_picture_and_the_narration_together(lecture_page: Page) -> None:
    p = lecture_page
    kb = p.page.keyboard
    assert p.step() == 0 and p.story().startswith("start: ∂L/∂L = 1") and _current(p) == []
    kb.press("ArrowRight")
    assert p.step() == 1 and p.story().startswith("step 1/3: L = d · f")
    assert len(_current(p)) == 2 and _grad(p, "d") == "grad -2" and _grad(p, "a") == "grad 0"
    kb.press("End")
    assert p.step() == 3 and p.story().startswith("step 3/3: e = a · b") and _grad(p, "a") == "grad 6"
    kb.press("ArrowRight")  # stays on the last step
    assert p.step() == 3
    kb.press("ArrowLeft")
    assert p.step() == 2 and p.story().startswith("step 2/3: d = e + c") and _grad(p, "a") == "grad 0"
    kb.press("Home")
    assert p.step() == 0 and _grad(p, "d") == "grad 0" and _current(p) == []
    p.page.click("#next")
    assert p.step() == 1 and p.story().startswith("step 1/3")
    p.page.click("#last")
    assert p.step() == 3 and p.story().startswith("step 3/3")
    p.page.click("#prev")
    assert p.step() == 2 and p.story().startswith("step 2/3")
    p.page.click("#first")
    assert p.step() == 0 and p.story().startswith("start:")
    # space plays (the button says Pause), the timer moves on, space pauses
    p.page.focus("body")
    kb.press(" ")
    assert p.js("document.querySelector('#play .word').textContent") == "Pause"
    p.page.wait_for_function("document.body.dataset.step === '1'", timeout=5000)
    kb.press(" ")
    assert p.js("document.querySelector('#play .word').textContent") == "Play"
    held = p.step()
    p.page.wait_for_timeout(1800)
    assert p.step() == held
    assert p.errors == []


def test_the_lecture_graph_at_1400_by_900_is_shown_at_natural_size(lecture_page: Page) -> None:
    size = lecture_page.js(
        """(() => { const s = document.querySelector('#pane svg'); const r = s.getBoundingClientRect();
        return [r.width, s.width.baseVal.value, r.height, s.height.baseVal.value]; })()"""
    )
    shown, natural = size[0], size[1]
    assert shown / natural >= 0.9
    # a record's text is drawn at its natural 12 pt (16 px), not squeezed into a column
    text_px = lecture_page.js("document.querySelector('#pane text.grad').getBoundingClientRect().height")
    assert text_px >= 0.9 * 12 * 4 / 3 - 2
    # the narration sits below the picture, across the same width
    below = lecture_page.js(
        """(() => { const v = document.getElementById('view').getBoundingClientRect();
        const s = document.getElementById('story').getBoundingClientRect(); return [v.bottom <= s.top, s.width]; })()"""
    )
    assert below[0] and below[1] > 1000


def test_zoom_buttons_wheel_fit_and_drag(lecture_page: Page) -> None:
    p = lecture_page

    def shown() -> float:
        return float(p.js("document.querySelector('#pane svg').getBoundingClientRect().width"))

    natural = shown()
    p.page.click("#zoom-in")
    assert shown() == pytest.approx(natural * 1.25, rel=0.01)
    p.page.click("#zoom-out")
    assert shown() == pytest.approx(natural, rel=0.01)
    box = p.page.locator("#view").bounding_box()
    p.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.page.mouse.wheel(0, 300)  # wheel down zooms out
    assert shown() < natural * 0.9
    p.page.click("#actual")
    assert shown() == pytest.approx(natural, rel=0.01)
    p.page.click("#fit")
    assert p.js("document.getElementById('fit').getAttribute('aria-pressed')") == "true"
    fitted = p.js(
        """(() => { const v = document.getElementById('view').getBoundingClientRect();
        const s = document.querySelector('#pane svg').getBoundingClientRect();
        return s.left >= v.left - 1 && s.right <= v.right + 1 && s.top >= v.top - 1 && s.bottom <= v.bottom + 1; })()"""
    )
    assert fitted
    p.page.click("#fit")  # toggles back to natural size
    assert shown() == pytest.approx(natural, rel=0.01)
    p.page.click("#zoom-in")
    p.page.click("#zoom-in")
    before = p.js("document.querySelector('#pane svg').getBoundingClientRect().left")
    p.page.mouse.move(box["x"] + 300, box["y"] + 100)
    p.page.mouse.down()
    p.page.mouse.move(box["x"] + 200, box["y"] + 100, steps=4)
    p.page.mouse.up()
    after = p.js("document.querySelector('#pane svg').getBoundingClientRect().left")
    assert after == pytest.approx(before - 100, abs=2)
    assert p.errors == []


def test_a_long_chain_starts_readable_and_follows_the_step(browser: Any, tmp_path: Path) -> None:
    x = Value(0.5, "x")
    for _ in range(49):
        x = x.tanh()
    x.label = "y"
    animate(x, tmp_path / "chain.html")
    page = Page(browser, tmp_path / "chain.html")
    try:
        assert page.errors == [] and page.requests == [page.url]
        height = page.js("document.querySelector('#pane svg').getBoundingClientRect().height")
        assert height > 200  # once 4.75 px
        page.page.keyboard.press("End")
        inside = page.js(
            """(() => { const v = document.getElementById('view').getBoundingClientRect();
            const r = document.querySelector('#pane .cur').getBoundingClientRect();
            return r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom; })()"""
        )
        assert inside  # the view follows the step being shown
    finally:
        page.close()


def test_a_japanese_page_draws_its_words_with_the_embedded_font(browser: Any, tmp_path: Path) -> None:
    animate(lecture_nodes()["L"], tmp_path / "ja.html", lang="ja")
    page = Page(browser, tmp_path / "ja.html")
    try:
        page.page.wait_for_function("document.body.classList.contains('fonts-ready')", timeout=10000)
        assert page.errors == [] and page.requests[0] == page.url
        assert all(r.startswith("data:") for r in page.requests[1:])  # the font is in the page
        assert page.js("document.fonts.check('16px autograd-ja', '勾配の逆伝播')")
        assert page.js("[...document.fonts].map(f => f.family + ' ' + f.status)") in (
            ["autograd-ja loaded"],
            ['"autograd-ja" loaded'],
        )
        title = page.page.locator("h1")
        with_font = title.screenshot()
        # the same title in a font without Japanese: what a machine without a CJK font would show
        page.js("document.querySelector('h1').style.fontFamily = 'DejaVu Sans'")
        without = title.screenshot()
        assert with_font != without
        assert page.page.inner_text("#first") == "最初" and "はじめ：∂L/∂L = 1" in page.story()
    finally:
        page.close()


_STATE = """(() => [...document.querySelectorAll('#pane g.node, #pane g.edge')].map(g =>
  g.id + ' ' + g.getAttribute('class') + ' ' + [...g.querySelectorAll('text')].map(t => t.textContent).join('|')
  + ' ' + ((g.querySelector('.fill') || {getAttribute: () => ''}).getAttribute('fill'))).join('\\n'))()"""


def test_stepping_on_stepping_back_and_jumping_show_the_same_picture(browser: Any, tmp_path: Path) -> None:
    a, b = Value(0.5, "a"), Value(-1.5, "b")
    y = (a * b + a).tanh() * a
    y.label = "y"
    animate(y, tmp_path / "shared.html")
    page = Page(browser, tmp_path / "shared.html")
    try:
        last = int(page.js("document.body.dataset.steps")) - 1
        forward = []
        for _ in range(last + 1):
            forward.append(page.js(_STATE))
            page.page.keyboard.press("ArrowRight")
        backward = [page.js(_STATE)]
        for _ in range(last):
            page.page.keyboard.press("ArrowLeft")
            backward.append(page.js(_STATE))
        assert backward[::-1] == forward  # one step back undoes exactly one step
        for k in (2, 0, last, 1):  # jumps rebuild the picture from the start
            page.js(
                f"(() => {{ const s = document.getElementById('slider'); s.value = {k}; s.oninput(); }})()"
            )
            assert page.js(_STATE) == forward[k]
        assert len(set(forward)) == last + 1 and page.errors == []
    finally:
        page.close()
