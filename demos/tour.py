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
import linear_regression
import moons
from _common import INSTALL_HINT, Parser, heading, pyplot, run, shown

from autograd import Value


def lecture_graph() -> tuple[Value, dict[str, Value]]:
    """The classic example, every node labelled as in the lecture."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L, {"a": a, "b": b, "c": c, "e": e, "d": d, "f": f, "L": L}


def section(title: str) -> None:
    heading(title)


def lecture_section() -> list[Path]:
    """Step 3: forward and backward through the lecture's graph."""
    L, nodes = lecture_graph()
    print("forward:")
    for name in ("a", "b", "c", "f", "e", "d", "L"):
        n = nodes[name]
        how = " ".join(p.label for p in n.parents)
        print(f"  {name} = {n.data:g}" + (f"   ({n.op} of {how})" if n.op else ""))
    L.backward()
    print("backward (∂L/∂node):")
    for name in ("L", "d", "f", "e", "c", "a", "b"):
        print(f"  ∂L/∂{name} = {nodes[name].grad:g}")
    return []


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
    pictures += lecture_section()

    section("4. Two moons: a 2-16-16-1 network learns a curved boundary (ニューラルネット)")
    print("The same loop, now over 337 parameters, draws a boundary no straight line could.\n")
    pictures += moons.main(steps=5 if quick else 100, out=out).pictures

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
