"""The slope of a loss curve (the course's first text): L(w) = w², the gradient at w = 6 is 12.

First the idea with numbers: nudge w by h and watch L change, (L(w + h) − L(w))/h
for h = 1, 0.1, 0.001 → 12.  Then the engine's gradient by backpropagation, a
few steps of gradient descent with the learning rate ``--lr``, the sign table,
and a picture of the curve with its tangent, whose slope is the engine's gradient.

    python demos/gradient_tangent.py              # writes out/gradient_tangent.png
    python demos/gradient_tangent.py --w -3       # the slope somewhere else
    python demos/gradient_tangent.py --lr 1.1     # a step too big: w overshoots and runs away
    python demos/gradient_tangent.py --lang ja    # in Japanese
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import (
    Parser,
    add_lang,
    finite_float,
    out_dir,
    plot_lang,
    positive_float,
    positive_int,
    pyplot,
    run,
    save_figure,
    set_lang,
)

from autograd import Value
from autograd.core.numbers import factor, fmt
from autograd.explain.sentences import text

SIGN_TABLE_POINTS = (6.0, 2.5, -3.0, -0.5, 0.0)
NUDGES = (1.0, 0.1, 0.001)


def loss(w: float) -> float:
    """L(w) = w², the course's loss of one weight."""
    return w * w


def loss_and_gradient(w: float) -> tuple[float, float]:
    """L(w) = w² and dL/dw, the gradient computed by backpropagation (not by the formula 2w)."""
    wv = Value(w, "w")
    L = wv**2
    L.backward()
    return L.data, wv.grad


def nudge_slopes(w: float, hs: tuple[float, ...] = NUDGES) -> list[tuple[float, float, float]]:
    """For each h: h, L(w + h) and the slope estimate (L(w + h) − L(w))/h."""
    return [(h, loss(w + h), (loss(w + h) - loss(w)) / h) for h in hs]


def sign_key(grad: float) -> str:
    """The sentence key that says what the sign of the gradient means."""
    return "demos_sign_plus" if grad > 0 else "demos_sign_minus" if grad < 0 else "demos_sign_zero"


def descent(w: float, lr: float, steps: int) -> list[float]:
    """w, then w after each of ``steps`` gradient-descent steps w ← w − lr·dL/dw."""
    ws = [w]
    for _ in range(steps):
        if abs(ws[-1]) > 1e100:  # far past any picture; w² would soon overflow a float
            break
        ws.append(ws[-1] - lr * loss_and_gradient(ws[-1])[1])
    return ws


def descent_verdict(lr: float) -> str:
    """What the learning rate does on L = w²: each step multiplies w by 1 − 2·lr."""
    size = abs(1 - 2 * lr)
    return (
        "demos_descent_converges"
        if size < 1
        else "demos_descent_stalls"
        if size == 1
        else "demos_descent_diverges"
    )


@dataclass
class Result:
    w: float
    loss: float
    gradient: float
    nudges: list[tuple[float, float, float]]
    path: list[float]
    pictures: list[Path] = field(default_factory=list)


def main(
    w: float = 6.0, lr: float = 0.1, steps: int = 5, out: str | Path | None = None, lang: str = "en"
) -> Result:
    """Print the nudge table, the gradient at ``w``, descent steps and the sign table; draw the tangent."""
    set_lang(lang)

    def say(key: str, **fields: object) -> None:
        print(text(key, lang, **fields))

    L, grad = loss_and_gradient(w)
    say("demos_tangent_intro", w=fmt(w), loss=fmt(L))

    say("demos_nudge_title")
    print(f"  {'h':>7}  {'L(w + h)':>12}  {'(L(w + h) − L(w)) / h':>22}")
    nudges = nudge_slopes(w)
    for h, lh, slope in nudges:
        print(f"  {h:>7g}  {fmt(lh, 10):>12}  {fmt(slope, 10):>22}")
    say("demos_nudge_limit", grad=fmt(2 * w))

    say("demos_engine_gradient", w=fmt(w), grad=repr(grad))
    say("demos_by_hand_ok" if grad == 2 * w else "demos_by_hand_wrong", w=fmt(w), grad=fmt(2 * w))

    path = descent(w, lr, steps)
    say("demos_descent_title", lr=fmt(lr))
    for k in range(1, len(path)):
        g = 2 * path[k - 1]
        shown = {"w": fmt(path[k - 1]), "lr": fmt(lr), "grad": factor(g), "new": fmt(path[k])}
        say("demos_descent_step", k=k, loss=fmt(loss(path[k])), **shown)
    if len(path) <= steps:
        say("demos_descent_overflow")
    say(descent_verdict(lr), factor=fmt(1 - 2 * lr))

    say("demos_sign_title")
    print(f"  {'w':>5}  {'dL/dw':>6}   {text('demos_sign_head', lang)}")
    for wi in SIGN_TABLE_POINTS:
        _, g = loss_and_gradient(wi)
        print(f"  {wi:>5g}  {g:>6g}   {text(sign_key(g), lang)}")

    result = Result(w, L, grad, nudges, path)
    plt = pyplot(lang)
    if plt is not None:
        result.pictures.append(_draw(plt, w, L, grad, out_dir(out), plot_lang(plt, lang)))
    return result


def _draw(plt: Any, w0: float, loss0: float, grad: float, folder: Path, lang: str) -> Path:
    import numpy as np

    def t(key: str, **fields: object) -> str:
        return text(key, lang, **fields)

    ws = np.linspace(-10, 10, 100)
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(ws, ws**2, label=t("demos_plot_curve"))
    ax.scatter([w0], [loss0], color="red", s=100, zorder=5, label=t("demos_plot_point"))
    ax.plot(
        ws,
        grad * (ws - w0) + loss0,
        color="orange",
        linestyle="--",
        label=t("demos_plot_slope", grad=fmt(grad)),
    )
    note = "demos_plot_plus" if grad > 0 else "demos_plot_minus" if grad < 0 else "demos_plot_zero"
    ax.annotate(
        t(note),
        xy=(w0, loss0),
        xytext=(w0 - 8 if w0 > 0 else w0 + 2, loss0 + 10),
        arrowprops={"facecolor": "black", "shrink": 0.05},
    )
    ax.set(title=t("demos_plot_tangent_title"), xlabel=t("demos_plot_weight"), ylabel=t("demos_plot_loss"))
    ax.set(ylim=(0, 100))
    ax.legend()
    ax.grid(True)
    return save_figure(plt, fig, folder / "gradient_tangent.png")


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="gradient_tangent.py", description="The slope of L(w) = w², by the engine.")
    parser.add_argument("--w", type=finite_float, default=6.0, help="where to take the slope (default 6)")
    parser.add_argument("--lr", type=positive_float, default=0.1, help="learning rate η (default 0.1)")
    parser.add_argument("--steps", type=positive_int, default=5, help="gradient-descent steps (default 5)")
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    add_lang(parser)
    args: argparse.Namespace = parser.parse_args(argv)
    return run(lambda: main(args.w, args.lr, args.steps, args.out, args.lang))


if __name__ == "__main__":
    raise SystemExit(cli())
