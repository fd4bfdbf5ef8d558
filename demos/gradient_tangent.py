"""The slope of a loss curve (the course's first text): L(w) = w², the gradient at w = 6 is 12.

The engine computes every gradient here; the picture draws the tangent line
whose slope is the engine's gradient, and the sign table says which way to
move w.

    python demos/gradient_tangent.py          # writes out/gradient_tangent.png
    python demos/gradient_tangent.py --w -3   # the slope somewhere else
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from _common import Parser, finite_float, out_dir, pyplot, run, save_figure

from autograd import Value

SIGN_TABLE_POINTS = (6.0, 2.5, -3.0, -0.5, 0.0)


def loss_and_gradient(w: float) -> tuple[float, float]:
    """L(w) = w² and dL/dw, the gradient computed by backpropagation (not by the formula 2w)."""
    wv = Value(w, "w")
    L = wv**2
    L.backward()
    return L.data, wv.grad


def meaning(grad: float) -> tuple[str, str]:
    """What the sign of the gradient says, in English and in the course's Japanese."""
    if grad > 0:
        return ("positive (+): uphill → decrease w", "プラス: 登り坂 → 重みを減らす")
    if grad < 0:
        return ("negative (−): downhill → increase w", "マイナス: 下り坂 → 重みを増やす")
    return ("zero (0): flat → stop, the bottom", "ゼロ: 平坦 → 修正終了（谷底）")


@dataclass
class Result:
    w: float
    loss: float
    gradient: float
    pictures: list[Path] = field(default_factory=list)


def main(w: float = 6.0, out: str | Path | None = None) -> Result:
    """Print the gradient at ``w`` and the sign table; draw the curve with its tangent."""
    loss, grad = loss_and_gradient(w)
    print("L(w) = w²  (loss 損失 as a function of one weight 重み)")
    print(f"  at w = {w:g}: L = {loss:g}, and the engine's gradient (勾配) dL/dw = {grad!r}")
    print(f"  by hand: dL/dw = 2w = {2 * w:g}  ✓" if grad == 2 * w else f"  by hand: 2w = {2 * w:g}  ✗")
    step = 0.1
    new_w = w - step * grad
    print(f"  one step of gradient descent (勾配降下法) with learning rate (学習率) η = {step}:")
    print(f"    w ← w − η·dL/dw = {w:g} − {step}·{grad:g} = {new_w:g}, and L goes {loss:g} → {new_w**2:g}")

    print("\nThe sign of the gradient tells which way to move w (勾配の符号と修正のアクション):")
    print(f"  {'w':>5}  {'dL/dw':>6}   {'meaning':<38} 意味")
    for wi in SIGN_TABLE_POINTS:
        _, g = loss_and_gradient(wi)
        en, ja = meaning(g)
        print(f"  {wi:>5g}  {g:>6g}   {en:<38} {ja}")

    result = Result(w, loss, grad)
    plt = pyplot()
    if plt is not None:
        result.pictures.append(_draw(plt, w, loss, grad, out_dir(out)))
    return result


def _draw(plt: object, w0: float, loss: float, grad: float, folder: Path) -> Path:
    import numpy as np

    ws = np.linspace(-10, 10, 100)
    fig, ax = plt.subplots(figsize=(8, 5))  # type: ignore[attr-defined]
    ax.plot(ws, ws**2, label="Loss function $L(w) = w^2$")
    ax.scatter([w0], [loss], color="red", s=100, zorder=5, label="Current weight")
    ax.plot(ws, grad * (ws - w0) + loss, color="orange", linestyle="--", label=f"Gradient (slope) = {grad:g}")
    direction = (
        "Positive (+)\nSo move left (decrease w)" if grad > 0 else "Negative (−)\nSo move right (increase w)"
    )
    if grad == 0:
        direction = "Zero\nFlat: the bottom"
    ax.annotate(
        f"Gradient is {direction}",
        xy=(w0, loss),
        xytext=(w0 - 8 if w0 > 0 else w0 + 2, loss + 10),
        arrowprops={"facecolor": "black", "shrink": 0.05},
    )
    ax.set(title="Visualizing the gradient: the engine's dL/dw is the tangent's slope", xlabel="Weight (w)")
    ax.set(ylabel="Loss (L)", ylim=(0, 100))
    ax.legend()
    ax.grid(True)
    return save_figure(plt, fig, folder / "gradient_tangent.png")


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="gradient_tangent.py", description="The slope of L(w) = w², by the engine.")
    parser.add_argument("--w", type=finite_float, default=6.0, help="where to take the slope (default 6)")
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    args: argparse.Namespace = parser.parse_args(argv)
    return run(lambda: main(args.w, args.out))


if __name__ == "__main__":
    raise SystemExit(cli())
