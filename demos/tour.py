"""The guided tour (`make demo`): the path a beginner follows, every gradient by the engine.

1. The slope of a loss curve: L(w) = w² at w = 6 (the course's first text).
2. One weight and one bias learn y = 3x (the course's second text).
3. The lecture graph: L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2, backpropagated.
4. A small network separates two moons (micrograd's demo).

Pictures go to out/; the tour prints each path.  About a minute; ``--quick`` is faster.
"""

from __future__ import annotations

from pathlib import Path

import gradient_tangent
import lecture_graph as lecture
import linear_regression
import moons
from _common import INSTALL_HINT, Parser, heading, pyplot, run, shown

from autograd import Stepper, forward_trace, gradcheck, topological_order


def section(title: str) -> None:
    heading(title)


def lecture_section(out: str | Path | None = None) -> list[Path]:
    """Step 3: the lecture's graph forward, then backward one node at a time, then drawn."""
    L = lecture.lecture_graph()
    print(forward_trace(L))
    print("\nBackward, one node at a time (each step is what L.backward() does there):\n")
    stepper = Stepper(L)
    for step in stepper:
        print(step, end="\n\n")
    print(stepper.table())
    leaves = {n.label: n for n in topological_order(L) if not n.parents}
    grads = ", ".join(f"∂L/∂{name} = {leaves[name].grad:g}" for name in sorted(leaves))
    print(f"\nSo {grads}: the lecture's numbers.")
    print("\nThe same first step, narrated in Japanese (Stepper(L, lang='ja')):\n")
    first = Stepper(lecture.lecture_graph(), lang="ja").next()
    print(first)
    print("\nAre those gradients right? Nudge each input by a tiny h and watch L move (gradcheck):\n")
    print(gradcheck(lambda a, b, c, f: (a * b + c) * f, [2.0, -3.0, 10.0, -2.0]))
    print("\nThe graph, drawn forward and backward, and the backward pass as an animation (open the .html):")
    written = lecture.main(out)
    for path in written:
        print(f"  picture: {shown(path)}")
    return written


def main(quick: bool = False, out: str | Path | None = None) -> list[Path]:
    """Run the four steps; return every picture written."""
    print("backprop-lab: from the slope of one curve to a trained network (勾配 → 学習 → 誤差逆伝播 → NN)")
    pictures: list[Path] = []

    section("1. The slope: L(w) = w² at w = 6 (勾配 = 接線の傾き)")
    print("The gradient is the slope of the loss where the weight stands; its sign says which way to go.\n")
    pictures += gradient_tangent.main(out=out).pictures

    section("2. One weight learns y = 3x (1層ネットの学習)")
    print("Backprop finds the same gradients the course derives by hand; gradient descent follows them.\n")
    pictures += linear_regression.main(epochs=60 if quick else 200, out=out).pictures

    section("3. The lecture graph: L = (a·b + c)·f (計算グラフと誤差逆伝播法)")
    print("Backprop is the chain rule, applied node by node from L back to the inputs.\n")
    pictures += lecture_section(out)

    section("4. Two moons: a 2-16-16-1 network learns a curved boundary (ニューラルネット)")
    print("The same loop, now over 337 parameters, draws a boundary no straight line could.")
    print(
        "The graph is the same every step, so it is traced once and replayed with numpy (autograd.compile).\n"
    )
    pictures += moons.main(steps=5 if quick else 100, out=out, compiled=True).pictures

    section("Pictures")
    if pictures:
        for p in pictures:
            print(f"  {shown(p)}")
    elif pyplot() is None:
        print(f"  none: {INSTALL_HINT}")
    return pictures


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="tour.py", description="The guided tour of backprop-lab.")
    parser.add_argument("--quick", action="store_true", help="fewer training steps (a few seconds)")
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    args = parser.parse_args(argv)
    return run(lambda: main(quick=args.quick, out=args.out))


if __name__ == "__main__":
    raise SystemExit(cli())
