"""One weight and one bias learn y = 3x (the course's second text), with autograd's gradients
printed beside the course's hand-derived ones.

By default this is the course's own experiment, number for number: after
``np.random.seed(seed)``, ``x = np.random.randn(100, 1)``, ``y = 3 * x`` (no
noise), ``w = np.random.randn(1)``, ``b = 0``, learning rate 0.1, 200 epochs,
the loss printed every 20 epochs.  The course computes, for ŷ = w·x + b and
L = mean((ŷ − y)²),

    grad_w = mean(2(ŷ − y)·x)      grad_b = mean(2(ŷ − y))

by hand.  Here backpropagation computes them, and every epoch checks that the
two agree.  It ends at w = 3.0000 and b = 0.0000.

    python demos/linear_regression.py               # the course's run
    python demos/linear_regression.py --noise 0.1   # noisy data: w and b end near 3 and 0
    python demos/linear_regression.py --lr 1.1      # too big a step: the loss diverges, and why
    python demos/linear_regression.py --lang ja     # in Japanese
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from _common import (
    Parser,
    add_lang,
    nonnegative_float,
    out_dir,
    plot_lang,
    positive_float,
    positive_int,
    pyplot,
    rjust,
    run,
    save_figure,
    set_lang,
)

from autograd import Value
from autograd.core.numbers import fmt
from autograd.explain.sentences import text

BLOWN_UP = 1e100  # a diverging run stops here, far before floats overflow


@dataclass
class Result:
    w: float
    b: float
    losses: list[float]
    max_diff_w: float
    max_diff_b: float
    diverged: bool = False
    pictures: list[Path] = field(default_factory=list)


def course_data(seed: int = 0, noise: float = 0.0) -> tuple[np.ndarray, np.ndarray, float]:
    """The course's data and first weight: x, y = 3x (+ noise) and w, as ``np.random`` draws them.

    A private generator seeded with ``seed`` gives exactly what ``np.random.seed(seed)`` followed by
    the course's lines gives, without touching numpy's global state.  The noise, if any, is drawn
    last, so w starts at the same number with or without it.
    """
    rng = np.random.RandomState(seed)
    x = rng.randn(100, 1)
    y = 3 * x
    w = float(rng.randn(1)[0])
    if noise:
        y = y + noise * rng.randn(100, 1)
    return x[:, 0], y[:, 0], w


def four(x: float) -> str:
    """``x`` to 4 decimals, with 0.0000 rather than -0.0000."""
    return f"{round(x, 4) + 0.0:.4f}"


def growth_factor(x: np.ndarray, lr: float) -> tuple[float, float, float]:
    """How one step scales the error in (w, b), for this data and ``lr``.

    The error e = (w − w*, b − b*) obeys e ← (I − 2·lr·M)·e with M = [[mean(x²), mean(x)], [mean(x), 1]].
    Returns 1 − 2·lr·mean(x²) (w's own factor), the largest |factor| over M's eigenvalues, and
    the largest lr that still shrinks the error, 1/λmax.
    """
    m = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    eig = np.linalg.eigvalsh(m)
    worst = float(max(abs(1 - 2 * lr * e) for e in eig))
    return float(1 - 2 * lr * m[0, 0]), worst, float(1 / eig.max())


def main(
    epochs: int = 200,
    lr: float = 0.1,
    every: int = 20,
    seed: int = 0,
    noise: float = 0.0,
    out: str | Path | None = None,
    lang: str = "en",
) -> Result:
    """Train ŷ = w·x + b on the course's data; return the weights and the gradient check."""
    set_lang(lang)

    def say(key: str, **fields: object) -> None:
        print(text(key, lang, **fields))

    x, y, w0 = course_data(seed, noise)
    w, b = Value(w0, "w"), Value(0.0, "b")
    say("demos_line_data" if noise == 0 else "demos_line_noisy_data", seed=seed, noise=fmt(noise))
    say("demos_line_model", w=four(w0), lr=fmt(lr))
    head = text("demos_line_head", lang).split("|")
    print(" ".join(rjust(h, n) for h, n in zip(head, (5, 11, 17, 13, 17, 13))))

    losses: list[float] = []
    diff_w = diff_b = 0.0
    xs, ys = x.tolist(), y.tolist()
    for epoch in range(epochs):
        try:
            y_hat = [w * xi + b for xi in xs]  # 3. forward: the prediction
            loss = sum(((yh - yi) ** 2 for yh, yi in zip(y_hat, ys)), Value(0.0)) / len(xs)  # 4. the loss
        except OverflowError:
            break
        if not loss.data < BLOWN_UP:  # also catches NaN
            break
        w.grad = b.grad = 0.0
        loss.backward()  # 5. the gradients, by backpropagation (誤差逆伝播法)

        # 5'. the course's hand-derived gradients, from the same ŷ
        yh = np.array([v.data for v in y_hat])
        grad_w = float(np.mean(2 * (yh - y) * x))
        grad_b = float(np.mean(2 * (yh - y)))
        diff_w = max(diff_w, abs(w.grad - grad_w) / max(1.0, abs(grad_w)))
        diff_b = max(diff_b, abs(b.grad - grad_b) / max(1.0, abs(grad_b)))
        if epoch % every == 0 or epoch == epochs - 1:
            print(
                f"{epoch:>5} {loss.data:>11.3e} {w.grad:>17.6g} {grad_w:>13.6g} {b.grad:>17.6g} {grad_b:>13.6g}"
            )
        losses.append(loss.data)
        w.data -= lr * w.grad  # 6. the update
        b.data -= lr * b.grad

    stopped = len(losses) < epochs
    diverged = stopped or losses[-1] > losses[0]
    say("demos_line_agree", epochs=len(losses), dw=f"{diff_w:.1e}", db=f"{diff_b:.1e}")
    if diverged:
        w_factor, worst, limit = growth_factor(x, lr)
        if stopped:
            say("demos_line_overflow", epoch=len(losses))
        say("demos_line_diverged", first=f"{losses[0]:.3g}", last=f"{losses[-1]:.3g}")
        mx2 = f"{np.mean(x * x):.3f}"
        say("demos_line_why", lr=fmt(lr), mx2=mx2, factor=f"{w_factor:.3f}", worst=f"{worst:.3f}")
        say("demos_line_limit", limit=f"{limit:.3f}")
    else:
        say("demos_line_result", w=four(w.data), b=four(b.data))

    result = Result(w.data, b.data, losses, diff_w, diff_b, diverged)
    plt = pyplot(lang)
    if plt is not None and losses:
        folder = out_dir(out)
        plang = plot_lang(plt, lang)
        result.pictures.append(_draw_loss(plt, losses, diverged, folder, plang))
        if not diverged:
            result.pictures.append(_draw_fit(plt, x, y, w.data, b.data, noise, folder, plang))
    return result


def _draw_loss(plt: Any, losses: list[float], diverged: bool, folder: Path, lang: str) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(range(len(losses)), losses)
    # A log scale: on a straight one the loss looks flat (stuck) after a few dozen epochs,
    # while it keeps falling by the same factor every epoch.
    title = text("demos_line_loss_up" if diverged else "demos_line_loss_down", lang)
    ax.set(xlabel=text("demos_line_epoch", lang), ylabel=text("demos_line_loss_axis", lang), title=title)
    ax.set_yscale("log")
    ax.grid(True, which="both", alpha=0.4)
    return save_figure(plt, fig, folder / "linear_regression_loss.png")


def _draw_fit(
    plt: Any, x: np.ndarray, y: np.ndarray, w: float, b: float, noise: float, folder: Path, lang: str
) -> Path:
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.scatter(
        x,
        y,
        s=12,
        alpha=0.6,
        label=text("demos_line_points" if noise == 0 else "demos_line_noisy_points", lang),
    )
    xs = np.linspace(x.min(), x.max(), 2)
    sign = "+" if round(b, 3) >= 0 else "−"
    ax.plot(
        xs,
        w * xs + b,
        color="red",
        label=text("demos_line_learned", lang, w=f"{w:.3f}", sign=sign, b=f"{abs(b):.3f}"),
    )
    ax.set(xlabel="x", ylabel="y", title=text("demos_line_fit_title", lang))
    ax.legend()
    ax.grid(True, alpha=0.4)
    return save_figure(plt, fig, folder / "linear_regression_fit.png")


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="linear_regression.py", description="One weight learns y = 3x, by the engine.")
    parser.add_argument(
        "--epochs", type=positive_int, default=200, help="epochs (default 200, as the course)"
    )
    parser.add_argument(
        "--lr", type=positive_float, default=0.1, help="learning rate η (default 0.1, as the course)"
    )
    parser.add_argument(
        "--noise", type=nonnegative_float, default=0.0, help="noise added to y (default 0, as the course)"
    )
    parser.add_argument(
        "--every", type=positive_int, default=20, help="print the table every N epochs (default 20)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="numpy seed for the data and the first weight (default 0)"
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    add_lang(parser)
    a = parser.parse_args(argv)
    return run(lambda: main(a.epochs, a.lr, a.every, a.seed, a.noise, a.out, a.lang))


if __name__ == "__main__":
    raise SystemExit(cli())
