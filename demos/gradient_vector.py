"""The gradient vector (the course's first text, part 3): three weights, three slopes, one step.

One data point and a model with three weights, ŷ = w₁·x₁ + w₂·x₂ + w₃·x₃ and
L = (ŷ − y)².  Backpropagation gives [∂L/∂w₁, ∂L/∂w₂, ∂L/∂w₃] = [0.5, −2, 0]:
w₁ should decrease a little, w₂ increase more, and w₃ stay as it is (its input
x₃ is 0, so it does not change ŷ).  One step of gradient descent moves all three
at once, and the loss falls.

    python demos/gradient_vector.py             # writes out/gradient_vector.png
    python demos/gradient_vector.py --lr 0.3
    python demos/gradient_vector.py --lang ja
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import Parser, add_lang, out_dir, plot_lang, positive_float, pyplot, run, save_figure, set_lang

from autograd import Value
from autograd.core.numbers import fmt
from autograd.explain.sentences import text

X = (-0.5, 2.0, 0.0)  # the one data point's three inputs
Y = 1.0  # its target
W = (1.0, 0.5, 2.0)  # the weights before the step


def loss_of(ws: tuple[float, ...] | list[Value]) -> Any:
    """L = (ŷ − y)² with ŷ = Σ wᵢ·xᵢ, on floats or on Values."""
    y_hat = sum((w * x for w, x in zip(ws, X)), 0.0)
    return (y_hat - Y) ** 2


def gradient(ws: tuple[float, ...]) -> tuple[float, list[float]]:
    """L and the gradient vector [∂L/∂w₁, ∂L/∂w₂, ∂L/∂w₃], by backpropagation."""
    vs = [Value(w, f"w{i + 1}") for i, w in enumerate(ws)]
    L = loss_of(vs)
    L.backward()
    return L.data, [v.grad for v in vs]


def advice_key(grad: float, largest: float) -> str:
    """Which way a weight should move, and whether a little or more, from its slope."""
    if grad == 0:
        return "demos_vector_stay"
    more = abs(grad) == largest
    if grad > 0:
        return "demos_vector_down_more" if more else "demos_vector_down_little"
    return "demos_vector_up_more" if more else "demos_vector_up_little"


@dataclass
class Result:
    loss: float
    grads: list[float]
    new_weights: list[float]
    new_loss: float
    pictures: list[Path] = field(default_factory=list)


def main(lr: float = 0.1, out: str | Path | None = None, lang: str = "en") -> Result:
    """Print the gradient vector, what it says for each weight, and one step; draw it."""
    set_lang(lang)

    def say(key: str, **fields: object) -> None:
        print(text(key, lang, **fields))

    L, grads = gradient(W)
    y_hat = sum(w * x for w, x in zip(W, X))
    say("demos_vector_intro", x=_vec(X), y=fmt(Y), w=_vec(W), y_hat=fmt(y_hat), loss=fmt(L))
    say("demos_vector_grad", grads=_vec(grads))
    say("demos_vector_by_hand", e=fmt(2 * (y_hat - Y)))
    largest = max(abs(g) for g in grads)
    for i, g in enumerate(grads):
        say(advice_key(g, largest), i=i + 1, grad=fmt(g))
    new = [w - lr * g for w, g in zip(W, grads)]
    new_loss = float(loss_of(tuple(new)))
    say("demos_vector_step", lr=fmt(lr), new=_vec(new), before=fmt(L), after=fmt(new_loss))
    if new_loss >= L:
        say("demos_vector_too_far")

    result = Result(L, grads, new, new_loss)
    plt = pyplot(lang)
    if plt is not None:
        result.pictures.append(_draw(plt, grads, lr, out_dir(out), plot_lang(plt, lang)))
    return result


def _vec(xs: tuple[float, ...] | list[float]) -> str:
    return "[" + ", ".join(fmt(x) for x in xs) + "]"


def _draw(plt: Any, grads: list[float], lr: float, folder: Path, lang: str) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    names = ["$w_1$", "$w_2$", "$w_3$"]
    steps = [-lr * g for g in grads]
    pos = range(len(grads))
    ax.bar(
        [p - 0.2 for p in pos],
        grads,
        width=0.4,
        color="tab:orange",
        label=text("demos_vector_plot_grad", lang),
    )
    ax.bar(
        [p + 0.2 for p in pos],
        steps,
        width=0.4,
        color="tab:blue",
        label=text("demos_vector_plot_step", lang, lr=fmt(lr)),
    )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(list(pos), names)
    ax.set(title=text("demos_vector_plot_title", lang))
    ax.legend()
    ax.grid(True, axis="y", alpha=0.4)
    return save_figure(plt, fig, folder / "gradient_vector.png")


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(
        prog="gradient_vector.py", description="The gradient vector of three weights, by the engine."
    )
    parser.add_argument("--lr", type=positive_float, default=0.1, help="learning rate η (default 0.1)")
    parser.add_argument("--out", type=Path, default=None, help="folder for pictures (default out/)")
    add_lang(parser)
    args = parser.parse_args(argv)
    return run(lambda: main(args.lr, args.out, args.lang))


if __name__ == "__main__":
    raise SystemExit(cli())
