"""Modules: :class:`Neuron`, :class:`Layer` and :class:`MLP`, micrograd-compatible.

A neuron computes ``act(Σ wᵢ·xᵢ + b)`` with weights drawn from uniform(−1, 1)
and the bias starting at 0.  The sum is taken in micrograd's order,
``sum((wi*xi for ...), b)``, so the same seed gives the same numbers.

>>> model = MLP(2, [3, 1], seed=0)
>>> model
MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]
>>> len(model.parameters())
13
>>> type(model([1.0, -2.0])).__name__
'Value'
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value

__all__ = ["ACTIVATIONS", "MLP", "Layer", "Module", "Neuron"]

Number = Value | float
Output = Value | list[Value]

# name -> (function on a Value, the word used in reprs)
ACTIVATIONS: dict[str, tuple[Callable[[Value], Value], str]] = {
    "relu": (Value.relu, "ReLU"),
    "tanh": (Value.tanh, "Tanh"),
    "sigmoid": (Value.sigmoid, "Sigmoid"),
    "linear": (lambda v: v, "Linear"),
}


def _check_activation(activation: str) -> str:
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; valid: {', '.join(sorted(ACTIVATIONS))}")
    return activation


def _check_count(what: str, n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{what} must be a positive int, got {n!r}")
    return n


class Module:
    """Something with parameters: ``parameters()``, ``named_parameters()``, ``zero_grad()``, ``__call__``."""

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every parameter with a dotted name, e.g. ``layers.0.neurons.3.w.1``."""
        return []

    def parameters(self) -> list[Value]:
        """Every parameter, in the order of :meth:`named_parameters`."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0 (grads accumulate across ``backward()`` calls)."""
        for p in self.parameters():
            p.grad = 0.0

    def __call__(self, x: Any) -> Any:
        raise NotImplementedError


class Neuron(Module):
    """``act(Σ wᵢ·xᵢ + b)``: weights uniform(−1, 1), bias 0.

    ``nonlin=False`` makes the neuron linear whatever ``activation`` says.
    ``rng`` is the random source; by default the global ``random`` module, as
    in micrograd (so ``random.seed(1337)`` before building reproduces it).
    """

    def __init__(
        self, nin: int, nonlin: bool = True, activation: str = "relu", rng: random.Random | None = None
    ) -> None:
        _check_count("nin (number of inputs)", nin)
        draw = (rng or random).uniform
        self.w = [Value(draw(-1, 1), f"w{i}") for i in range(nin)]
        self.b = Value(0, "b")
        self.nonlin = bool(nonlin)
        self.activation = _check_activation(activation) if self.nonlin else "linear"
        self._act = ACTIVATIONS[self.activation][0]

    @property
    def nin(self) -> int:
        """Number of inputs."""
        return len(self.w)

    def __call__(self, x: Sequence[Number]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(f"{self!r} takes {len(self.w)} inputs, got {len(x)}")
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return self._act(act)

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [*((f"w.{i}", w) for i, w in enumerate(self.w)), ("b", self.b)]

    def __repr__(self) -> str:
        return f"{ACTIVATIONS[self.activation][1]}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons over the same ``nin`` inputs; extra keywords go to each :class:`Neuron`.

    Returns a Value when ``nout == 1``, else a list of Values (as micrograd does).
    """

    def __init__(self, nin: int, nout: int, **kwargs: Any) -> None:
        _check_count("nout (number of outputs)", nout)
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    @property
    def nin(self) -> int:
        """Number of inputs."""
        return self.neurons[0].nin

    @property
    def nout(self) -> int:
        """Number of outputs."""
        return len(self.neurons)

    def __call__(self, x: Sequence[Number]) -> Output:
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [
            (f"neurons.{i}.{name}", p) for i, n in enumerate(self.neurons) for name, p in n.named_parameters()
        ]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers of sizes ``nin → nouts[0] → … → nouts[-1]``; every layer but the last uses ``activation``.

    ``seed`` draws the initial weights from a private ``random.Random(seed)``,
    leaving the global ``random`` state alone; ``seed=None`` uses the global
    ``random`` module, as micrograd does.
    """

    def __init__(
        self, nin: int, nouts: Sequence[int], activation: str = "relu", seed: int | None = None
    ) -> None:
        _check_count("nin (number of inputs)", nin)
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or len(nouts) == 0:
            raise ValueError(
                f"nouts must be a non-empty list of layer sizes such as [16, 16, 1], got {nouts!r}"
            )
        for n in nouts:
            _check_count("each layer size in nouts", n)
        self.activation = _check_activation(activation)
        rng = random.Random(seed) if seed is not None else None
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1, activation=activation, rng=rng)
            for i in range(len(nouts))
        ]

    @property
    def nin(self) -> int:
        """Number of inputs."""
        return self.layers[0].nin

    @property
    def nouts(self) -> list[int]:
        """The layer sizes."""
        return [layer.nout for layer in self.layers]

    def __call__(self, x: Sequence[Number]) -> Output:
        out: Any = x
        for layer in self.layers:
            out = layer(out)
            if isinstance(out, Value):
                out = [out] if layer is not self.layers[-1] else out
        return out  # type: ignore[no-any-return]

    def named_parameters(self) -> list[tuple[str, Value]]:
        return [
            (f"layers.{i}.{name}", p)
            for i, layer in enumerate(self.layers)
            for name, p in layer.named_parameters()
        ]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
