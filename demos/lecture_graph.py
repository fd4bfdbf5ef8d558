"""Draw the lecture's graph L = (a·b + c)·f forward, then backward, then animate the backward pass.

a = 2, b = −3, c = 10, f = −2; e = a·b, d = e + c, L = d·f.  Writes into ``out/``:
the forward view (SVG and PNG, before backward, so every grad is still 0), the
backward view after ``L.backward()`` (SVG, PNG and PDF) and the step-by-step
animation (HTML, narrated in ``--lang``).

    python demos/lecture_graph.py              # into out/
    python demos/lecture_graph.py pics --lang ja
"""

from __future__ import annotations

from pathlib import Path

from _common import Parser, add_lang, run, set_lang, shown
from _common import out_dir as pictures_dir

from autograd import Value, animate, render
from autograd.explain.sentences import text


def lecture_graph() -> Value:
    """The classic example, every node labelled as in the lecture."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L


def main(out_dir: str | Path | None = None, lang: str = "en") -> list[Path]:
    """Write the pictures and the animation into ``out_dir`` (default ``out/``); return their paths."""
    out = pictures_dir(out_dir)
    L = lecture_graph()
    written = [render(L, out / f"lecture_forward.{ext}", lang=lang) for ext in ("svg", "png")]
    L.backward()
    written += [
        render(L, out / f"lecture_backward.{ext}", view="backward", lang=lang)
        for ext in ("svg", "png", "pdf")
    ]
    written.append(animate(L, out / "lecture_backward.html", lang=lang))
    return written


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="lecture_graph.py", description="Draw and animate the lecture's graph.")
    parser.add_argument("out", nargs="?", type=Path, default=None, help="folder for pictures (default out/)")
    add_lang(parser)
    args = parser.parse_args(argv)

    def go() -> None:
        set_lang(args.lang)
        for path in main(args.out, args.lang):
            print(text("demos_picture", args.lang, path=shown(path)))

    return run(go)


if __name__ == "__main__":
    raise SystemExit(cli())
