"""micrograd's demo: a 2-16-16-1 network separates two moons, trained by backprop.

Max-margin (hinge) loss plus L2 regularisation (α = 1e-4), full batch, 100
steps of SGD with micrograd's learning rate 1.0 − 0.9·k/100, reaching 100%
training accuracy.  Writes the decision boundary and the loss curve to out/,
and the trained model as JSON.

    python demos/moons.py                       # SGD, 100 steps, as micrograd
    python demos/moons.py --optimizer adam --steps 60 --seed 7
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from _common import Parser, out_dir, positive_int, pyplot, run, save_figure, series, shown

from autograd import no_grad
from nn import MLP, SGD, Adam, History, LinearDecay, Module, Optimizer, fit, load, make_moons, save
from nn.train import LOSSES, batch_loss

L2 = 1e-4  # micrograd's alpha
OPTIMIZERS = {
    # name -> (class, starting learning rate); both decay linearly to a tenth, as micrograd's SGD does
    "sgd": (SGD, 1.0),
    "adam": (Adam, 0.05),
}


@dataclass
class Result:
    history: History
    accuracy: float
    model: MLP
    pictures: list[Path] = field(default_factory=list)
    model_file: Path | None = None


def accuracy(model: Module, X: np.ndarray, y: np.ndarray) -> float:
    """Fraction of points on the right side: score > 0 means class 1."""
    with no_grad():
        return float(np.mean([(model(x).data > 0) == (t == 1) for x, t in zip(X.tolist(), y)]))


def eager_step_seconds(model: Module, X: np.ndarray, y: np.ndarray) -> float:
    """Time one forward + backward of the training loss on the engine (grads are zeroed after)."""
    start = time.perf_counter()
    loss, _ = batch_loss(model, X.tolist(), list(y), LOSSES["hinge"][0], L2)
    loss.backward()
    took = time.perf_counter() - start
    model.zero_grad()
    return took


def main(
    steps: int = 100,
    seed: int = 1337,
    optimizer: str = "sgd",
    n_samples: int = 100,
    out: str | Path | None = None,
    compiled: bool = False,
) -> Result:
    """Train on the moons; print the progress; draw the boundary and the loss; save the model."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; valid: {', '.join(OPTIMIZERS)}")
    X, y = make_moons(n_samples, noise=0.1, seed=seed)
    model = MLP(2, [16, 16, 1], seed=seed)
    cls, lr0 = OPTIMIZERS[optimizer]
    opt: Optimizer = cls(model.parameters(), lr=lr0)
    print(f"data: {n_samples} points in two moons (noise 0.1, seed {seed}); labels 0/1 read as −1/+1")
    print(f"model: {model.nin}-{'-'.join(map(str, model.nouts))} MLP, {len(model.parameters())} parameters")
    print(
        f"loss: mean(max(0, 1 − y·score)) + {L2:g}·Σp²;  {optimizer}, lr {lr0:g} → {lr0 / 10:g} over {steps} steps"
    )

    start = time.perf_counter()
    history = fit(
        model,
        X,
        y,
        "hinge",
        opt,
        steps,
        l2=L2,
        schedule=LinearDecay(lr0, steps),
        seed=seed,
        compiled=compiled,
    )
    took = time.perf_counter() - start
    for k in sorted({*range(0, history.epochs, 10), history.epochs - 1} - {-1}):
        acc = history.accuracy[k]
        shown_acc = f"  accuracy {acc:.0%}" if acc is not None else ""
        print(f"  step {k:>3}  loss {history.loss[k]:.4f}{shown_acc}")
    how = "compiled replay (traced once, then numpy)" if compiled else "the engine, graph rebuilt each step"
    print(f"trained {history.epochs} steps in {took:.2f} s with {how}")
    if compiled and history.epochs:
        per_step = eager_step_seconds(model, X, y)
        print(
            f"  the engine would have taken about {per_step * history.epochs:.1f} s"
            f" ({per_step * 1e3:.0f} ms per step, one step timed): same numbers, {per_step * history.epochs / took:.0f}x longer"
        )
    final = accuracy(model, X, y)
    print(
        f"training accuracy after {history.epochs} steps: {final:.0%}"
        + ("  (interrupted)" * history.interrupted)
    )

    result = Result(history, final, model)
    folder = out_dir(out)
    result.model_file = folder / "moons_model.json"
    save(model, result.model_file)
    again = accuracy(load(result.model_file), X, y)
    print(f"  model: {shown(result.model_file)} (JSON; nn.load gives it back: accuracy {again:.0%})")
    plt = pyplot()
    if plt is not None:
        result.pictures.append(_draw_boundary(plt, model, X, y, folder))
        result.pictures.append(_draw_history(plt, history, folder))
    return result


def _draw_boundary(plt: Any, model: MLP, X: np.ndarray, y: np.ndarray, folder: Path) -> Path:
    h = 0.15  # micrograd uses 0.25; finer is smoother, and each point is one forward pass
    xx, yy = np.meshgrid(
        np.arange(X[:, 0].min() - 1, X[:, 0].max() + 1, h), np.arange(X[:, 1].min() - 1, X[:, 1].max() + 1, h)
    )
    with no_grad():  # a picture needs no gradients: no graph is kept
        scores = np.array([model(p).data for p in np.c_[xx.ravel(), yy.ravel()].tolist()])
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(xx, yy, (scores > 0).reshape(xx.shape), cmap=plt.cm.Spectral, alpha=0.8)
    ax.scatter(X[:, 0], X[:, 1], c=y, s=40, cmap=plt.cm.Spectral, edgecolors="k")
    ax.set(
        xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), title="Decision boundary of the 2-16-16-1 MLP"
    )
    return save_figure(plt, fig, folder / "moons_boundary.png")


def _draw_history(plt: Any, history: History, folder: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    steps = range(history.epochs)
    ax.plot(steps, history.loss, label="loss (hinge + L2)")
    ax.grid(True, alpha=0.4)
    accuracy = series(history.accuracy)  # a step without an accuracy is a gap, never a 0
    if accuracy is None:
        ax.set(xlabel="step", ylabel="loss", title="Two moons: loss")
    else:
        ax.set(xlabel="step", ylabel="loss", title="Two moons: loss and training accuracy")
        acc_ax = ax.twinx()
        acc_ax.plot(steps, accuracy, color="tab:green", label="accuracy")
        acc_ax.set(ylabel="accuracy", ylim=(0, 1.05))
    fig.legend(loc="center right", bbox_to_anchor=(0.88, 0.5))
    return save_figure(plt, fig, folder / "moons_loss.png")


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="moons.py", description="micrograd's two-moons demo on this engine.")
    parser.add_argument("--steps", type=positive_int, default=100, help="training steps (default 100)")
    parser.add_argument(
        "--seed", type=int, default=1337, help="seed for the data and the weights (default 1337)"
    )
    parser.add_argument(
        "--optimizer", choices=sorted(OPTIMIZERS), default="sgd", help="default sgd, as micrograd"
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    parser.add_argument(
        "--compiled",
        action="store_true",
        help="train with autograd.compile's numpy replay (same numbers, faster)",
    )
    args = parser.parse_args(argv)
    return run(
        lambda: main(
            steps=args.steps, seed=args.seed, optimizer=args.optimizer, out=args.out, compiled=args.compiled
        )
    )


if __name__ == "__main__":
    raise SystemExit(cli())
