"""One weight and one bias learn y = 3x (the course's second text), with autograd's gradients
printed beside the course's hand-derived ones.

The course computes, for ŷ = w·x + b and L = mean((ŷ − y)²),

    grad_w = mean(2(ŷ − y)·x)      grad_b = mean(2(ŷ − y))

by hand.  Here backpropagation computes them, and every epoch checks that the
two agree.  The table prints every 20th epoch, as the course's
``if epoch % 20 == 0: print(epoch, loss)`` does, so the lesson fits on a
screen; the agreement is still checked at all epochs and summed up at the end.

    python demos/linear_regression.py               # lr 0.1, 200 epochs, as in the course
    python demos/linear_regression.py --every 1     # the table at every epoch
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from _common import Parser, out_dir, positive_int, pyplot, run, save_figure

from autograd import Value
from nn import SGD, make_line, mse_loss


@dataclass
class Result:
    w: float
    b: float
    losses: list[float]
    max_diff_w: float
    max_diff_b: float
    pictures: list[Path] = field(default_factory=list)


def main(
    epochs: int = 200, lr: float = 0.1, every: int = 20, seed: int = 0, out: str | Path | None = None
) -> Result:
    """Train ŷ = w·x + b on 100 noisy points of y = 3x; return the weights and the gradient check."""
    X, y = make_line(100, slope=3.0, noise=0.1, seed=seed)
    x = X[:, 0]
    rng = np.random.default_rng(seed + 1)
    w = Value(float(rng.standard_normal()), "w")  # the course: w = np.random.randn(1)
    b = Value(0.0, "b")  # b = np.zeros(1)
    optimizer = SGD([w, b], lr=lr)
    print(f"data: 100 points of y = 3x + noise;  model (モデル): ŷ = w·x + b, start w = {w.data:.4f}, b = 0")
    print(f"loss (損失): L = mean((ŷ − y)²);  update (更新): w ← w − η·∂L/∂w with η = {lr} (学習率)\n")
    print(
        f"{'epoch':>5} {'loss':>11}   {'∂L/∂w autograd':>15} {'hand':>13}   {'∂L/∂b autograd':>15} {'hand':>13}"
    )

    losses: list[float] = []
    diff_w = diff_b = 0.0
    for epoch in range(epochs):
        y_hat = [w * xi + b for xi in x.tolist()]  # forward (予測)
        loss = mse_loss(y_hat, y)  # the loss (損失)
        optimizer.zero_grad()
        loss.backward()  # backpropagation (誤差逆伝播法) fills w.grad and b.grad

        # the course's hand-derived gradients (勾配の手計算)
        yh = np.array([v.data for v in y_hat])
        grad_w = float(np.mean(2 * (yh - y) * x))
        grad_b = float(np.mean(2 * (yh - y)))
        diff_w = max(diff_w, abs(w.grad - grad_w))
        diff_b = max(diff_b, abs(b.grad - grad_b))
        if epoch % every == 0 or epoch == epochs - 1:
            print(
                f"{epoch:>5} {loss.data:>11.6f}   {w.grad:>15.6g} {grad_w:>13.6g}   {b.grad:>15.6g} {grad_b:>13.6g}"
            )

        losses.append(loss.data)
        optimizer.step()

    print(
        f"\nautograd vs hand over all {epochs} epochs: max |difference| = {diff_w:.1e} (w), {diff_b:.1e} (b)"
    )
    print(f"after training (学習後): w = {w.data:.4f}, b = {b.data:.4f}   (the course: w ≈ 3, b ≈ 0)")

    result = Result(w.data, b.data, losses, diff_w, diff_b)
    plt = pyplot()
    if plt is not None:
        folder = out_dir(out)
        result.pictures.append(_draw_loss(plt, losses, folder))
        result.pictures.append(_draw_fit(plt, x, y, w.data, b.data, folder))
    return result


def _draw_loss(plt: object, losses: list[float], folder: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))  # type: ignore[attr-defined]
    ax.plot(range(len(losses)), losses)
    ax.set(
        yscale="log", xlabel="epoch", ylabel="loss  mean((ŷ − y)²)", title="Learning y = 3x: the loss falls"
    )
    ax.grid(True, which="both", alpha=0.4)
    return save_figure(plt, fig, folder / "linear_regression_loss.png")


def _draw_fit(plt: object, x: np.ndarray, y: np.ndarray, w: float, b: float, folder: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 5))  # type: ignore[attr-defined]
    ax.scatter(x, y, s=12, alpha=0.6, label="data: y = 3x + noise")
    xs = np.linspace(x.min(), x.max(), 2)
    ax.plot(
        xs, w * xs + b, color="red", label=f"learned: ŷ = {w:.3f}·x {'+' if b >= 0 else '−'} {abs(b):.3f}"
    )
    ax.set(xlabel="x", ylabel="y", title="One weight and one bias, trained by backprop")
    ax.legend()
    ax.grid(True, alpha=0.4)
    return save_figure(plt, fig, folder / "linear_regression_fit.png")


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="linear_regression.py", description="One weight learns y = 3x, by the engine.")
    parser.add_argument(
        "--epochs", type=positive_int, default=200, help="epochs (default 200, as the course)"
    )
    parser.add_argument(
        "--every", type=positive_int, default=20, help="print the table every N epochs (default 20)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for the data and the first weight (default 0)"
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    args = parser.parse_args(argv)
    return run(lambda: main(epochs=args.epochs, every=args.every, seed=args.seed, out=args.out))


if __name__ == "__main__":
    raise SystemExit(cli())
