"""The guided tour (`make demo`): the path a beginner follows, every gradient by the engine.

1. The slope of a loss curve: L(w) = w² at w = 6 (the course's first text).
2. The gradient vector: three weights, three slopes, one step (the first text, part 3).
3. One weight and one bias learn y = 3x (the course's second text), exactly as the course runs it.
4. The lecture graph: L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2, backpropagated.
5. A small network separates two moons (micrograd's demo).

Pictures go to out/; the tour prints each path.  About a minute; ``--quick`` is faster.
``--lang ja`` (or ``make demo LANG=ja``) runs the whole tour in Japanese.
"""

from __future__ import annotations

from pathlib import Path

import gradient_tangent
import gradient_vector
import lecture_graph as lecture
import linear_regression
import moons
from _common import Parser, add_lang, heading, install_hint, pyplot, run, set_lang, shown

from autograd import Stepper, Value, forward_trace, gradcheck, topological_order
from autograd.core.numbers import fmt
from autograd.explain.sentences import text


def _checked(lang: str) -> str:
    """gradcheck on the lecture's function, reported in ``lang``."""
    f = lambda a, b, c, f: (a * b + c) * f
    point = [Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")]
    return str(gradcheck(f, point, raise_exception=False, lang=lang))


def lecture_section(out: str | Path | None = None, lang: str = "en") -> list[Path]:
    """Step 4: the lecture's graph forward, then backward one node at a time, then drawn."""
    L = lecture.lecture_graph()
    print(forward_trace(L).render(lang))
    print(text("demos_tour_backward", lang))
    stepper = Stepper(L, lang=lang)
    for step in stepper:
        print(step, end="\n\n")
    print(stepper.table())
    leaves = {n.label: n for n in topological_order(L) if not n.parents}
    sep = "、" if lang == "ja" else ", "
    grads = sep.join(f"∂L/∂{name} = {fmt(leaves[name].grad)}" for name in sorted(leaves))
    print(text("demos_tour_grads", lang, grads=grads))
    if lang == "en":
        print(text("demos_tour_ja_step", lang))
        print(Stepper(lecture.lecture_graph(), lang="ja").next())
    print(text("demos_tour_gradcheck", lang))
    print(_checked(lang))
    print(text("demos_tour_drawn", lang))
    written = lecture.main(out, lang)
    for path in written:
        print(text("demos_picture", lang, path=shown(path)))
    return written


def main(quick: bool = False, out: str | Path | None = None, lang: str = "en") -> list[Path]:
    """Run the five steps; return every picture written."""
    set_lang(lang)

    def section(n: int) -> None:
        heading(text(f"demos_tour_{n}", lang))
        print(text(f"demos_tour_{n}_intro", lang))

    print(text("demos_tour_title", lang))
    pictures: list[Path] = []
    section(1)
    pictures += gradient_tangent.main(out=out, lang=lang).pictures
    section(2)
    pictures += gradient_vector.main(out=out, lang=lang).pictures
    section(3)
    pictures += linear_regression.main(epochs=60 if quick else 200, out=out, lang=lang).pictures
    section(4)
    pictures += lecture_section(out, lang)
    section(5)
    pictures += moons.main(steps=5 if quick else 100, out=out, compiled=True, lang=lang).pictures

    heading(text("demos_tour_pictures", lang))
    if pictures:
        for p in pictures:
            print(f"  {shown(p)}")
    elif pyplot(lang) is None:
        print(text("demos_tour_no_pictures", lang, hint=install_hint(lang)))
    return pictures


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="tour.py", description="The guided tour of backprop-lab.")
    parser.add_argument("--quick", action="store_true", help="fewer training steps (a few seconds)")
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    add_lang(parser)
    args = parser.parse_args(argv)
    return run(lambda: main(quick=args.quick, out=args.out, lang=args.lang))


if __name__ == "__main__":
    raise SystemExit(cli())
