"""``save`` / ``load``: a model as JSON, architecture and weights; never pickle.

The file reads as::

    {"format": "backprop-lab/nn", "version": 1,
     "model": {"type": "MLP", "nin": 2, "nouts": [16, 16, 1], "activation": "relu"},
     "parameters": {"layers.0.neurons.0.w.0": 0.53, ...}}

Loading checks everything (format, version, architecture, every parameter
name and number) and raises ValueError naming what is wrong.  Saving writes a
temporary file beside the target and renames it over, so a failed save leaves
any earlier file as it was; only a new name or a writable regular file is
replaced (see :mod:`autograd.files`).
"""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd.files import write_atomic
from nn.jsonread import read_json
from nn.module import ACTIVATIONS, MLP, Layer, Module, Neuron

__all__ = ["FORMAT", "MAX_DEPTH", "MAX_FILE_BYTES", "VERSION", "load", "save"]

FORMAT = "backprop-lab/nn"
VERSION = 1
MAX_FILE_BYTES = 8 * 2**20  # about 150,000 weights (save writes ~52 bytes each); a bad file fails in < 1 s
MAX_DEPTH = 8  # the format nests 3 deep: {"model": {"nouts": [...]}}


def _architecture(model: Module) -> dict[str, Any]:
    if isinstance(model, MLP):
        return {"type": "MLP", "nin": model.nin, "nouts": model.nouts, "activation": model.activation}
    if isinstance(model, Layer):
        activation = model.neurons[0].activation
        return {"type": "Layer", "nin": model.nin, "nout": model.nout, "activation": activation}
    if isinstance(model, Neuron):
        return {"type": "Neuron", "nin": model.nin, "activation": model.activation}
    raise TypeError(f"save() knows MLP, Layer and Neuron, got {type(model).__name__}")


def save(model: Module, path: str | os.PathLike[str]) -> None:
    """Write ``model`` (architecture + weights) to ``path`` as JSON, atomically.

    Written by :func:`autograd.files.write_atomic`: a new file, or a writable
    regular file replaced whole (keeping its mode); a folder, a symbolic link,
    a device, a FIFO or a read-only file is an OSError and nothing changes.
    """
    params = {}
    for name, p in model.named_parameters():
        if not math.isfinite(p.data):
            raise ValueError(
                f"parameter {name} is {p.data}; JSON holds only finite numbers, so nothing was saved"
            )
        params[name] = p.data
    text = json.dumps(
        {"format": FORMAT, "version": VERSION, "model": _architecture(model), "parameters": params}, indent=1
    )
    if len(text) >= MAX_FILE_BYTES:
        raise ValueError(
            f"the model's file would have {len(text):,} bytes, more than load() reads "
            f"({MAX_FILE_BYTES:,}); nothing was saved"
        )
    write_atomic(path, text + "\n")


def _field(d: dict[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise ValueError(f"{where} has no {key!r}")
    return d[key]


def _show(v: Any) -> str:
    """``repr(v)`` cut short, so a hostile value cannot flood an error message."""
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."


def _count(v: Any, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ValueError(f"{what} must be a positive int, got {_show(v)}")
    return v


@dataclass(frozen=True)
class _Spec:
    """An architecture read from a file, checked but not built."""

    kind: str
    activation: str
    sizes: tuple[int, ...]  # nin, then each layer's number of neurons

    def layers(self) -> list[tuple[int, int]]:
        """(inputs, neurons) of each layer."""
        return list(zip(self.sizes, self.sizes[1:]))

    def n_parameters(self) -> int:
        """Σ (inputs + 1)·neurons over the layers: a weight per input and a bias per neuron."""
        return sum((nin + 1) * nout for nin, nout in self.layers())

    def names(self) -> Iterator[str]:
        """The parameter names, in the order of ``named_parameters()``."""
        for i, (nin, nout) in enumerate(self.layers()):
            layer = f"layers.{i}." if self.kind == "MLP" else ""
            for j in range(nout):
                neuron = f"{layer}neurons.{j}." if self.kind != "Neuron" else ""
                yield from (f"{neuron}w.{k}" for k in range(nin))
                yield f"{neuron}b"

    def build(self) -> Module:
        # The initial weights are overwritten; a private seeded RNG keeps the global one untouched.
        nonlin, act = self.activation != "linear", self.activation
        if self.kind == "MLP":
            return MLP(self.sizes[0], list(self.sizes[1:]), activation=act, seed=0)
        if self.kind == "Layer":
            return Layer(self.sizes[0], self.sizes[1], nonlin=nonlin, activation=act, rng=random.Random(0))
        return Neuron(self.sizes[0], nonlin=nonlin, activation=act, rng=random.Random(0))


def _spec(spec: Any) -> _Spec:
    if not isinstance(spec, dict):
        raise ValueError(f"'model' must be an object describing the architecture, got {type(spec).__name__}")
    kind = _field(spec, "type", "'model'")
    activation = _field(spec, "activation", "'model'")
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {_show(activation)}; valid: {', '.join(sorted(ACTIVATIONS))}")
    nin = _count(_field(spec, "nin", "'model'"), "'nin'")
    if kind == "MLP":
        nouts = _field(spec, "nouts", "'model'")
        if not isinstance(nouts, list) or not nouts:
            raise ValueError(f"'nouts' must be a non-empty list of layer sizes, got {_show(nouts)}")
        return _Spec(kind, activation, (nin, *(_count(n, "each of 'nouts'") for n in nouts)))
    if kind == "Layer":
        return _Spec(kind, activation, (nin, _count(_field(spec, "nout", "'model'"), "'nout'")))
    if kind == "Neuron":
        return _Spec(kind, activation, (nin, 1))
    raise ValueError(f"unknown model type {_show(kind)}; valid: MLP, Layer, Neuron")


def load(path: str | os.PathLike[str]) -> Module:
    """Read a model written by :func:`save`; ValueError naming the file and the problem if it is not one.

    Everything is checked before any model is built, and the work is bounded
    by the file, whatever it claims: at most ``MAX_FILE_BYTES`` bytes, read
    only from a regular file, nested at most ``MAX_DEPTH`` deep, and the
    architecture's parameter count must match the weights the file holds.
    """
    try:
        doc = read_json(path, MAX_FILE_BYTES, MAX_DEPTH)
        return _from_document(doc)
    except ValueError as e:
        raise ValueError(f"{os.fspath(path)}: {e}") from None


def _names(spec: _Spec, params: dict[str, Any]) -> list[str]:
    """The architecture's parameter names, after checking that ``params`` has exactly these."""
    expected = spec.n_parameters()
    if expected != len(params) and expected > 2 * len(params) + 100:
        # too many to list: the file cannot hold them, so say so without enumerating
        raise ValueError(
            f"the weights do not match the architecture: it has {expected:,} parameters, "
            f"the file holds {len(params):,}"
        )
    names = list(spec.names())
    if len(names) == len(params) and all(map(params.__contains__, names)):
        return names
    known = set(names)
    missing = [name for name in names if name not in params]
    extra = [name for name in params if name not in known]
    parts = ([f"{len(missing)} missing (first: {missing[0]})"] if missing else []) + (
        [f"{len(extra)} unexpected (first: {_show(extra[0])[1:-1]})"] if extra else []
    )
    raise ValueError(f"the weights do not match the architecture: {', '.join(parts)}")


def _weights(names: list[str], params: dict[str, Any]) -> list[float]:
    """The weights in ``names`` order, after checking each is a finite number (not a bool)."""
    values = [params[name] for name in names]
    if all(type(v) is float for v in values) and np.isfinite(np.array(values, dtype=np.float64)).all():
        return values  # the usual file: every weight a finite float
    for name, v in zip(names, values):
        try:
            ok = not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(float(v))
        except OverflowError:  # an integer too large for a float
            ok = False
        if not ok:
            raise ValueError(f"parameter {name} must be a finite number, got {_show(v)}")
    return [float(v) for v in values]


def _from_document(doc: Any) -> Module:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'not a model file (expected a JSON object with "format": {FORMAT!r})')
    version = doc.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 and 1.0 == 1 in Python, not here
        raise ValueError(f"unsupported version {_show(version)}; this program reads version {VERSION}")
    spec = _spec(_field(doc, "model", "the file"))
    params = _field(doc, "parameters", "the file")
    if not isinstance(params, dict):
        raise ValueError(f"'parameters' must be an object of name: number, got {type(params).__name__}")
    names = _names(spec, params)
    weights = _weights(names, params)
    model = spec.build()  # only now, with every size and number known good
    for (name, p), expected, w in zip(model.named_parameters(), names, weights):
        if name != expected:  # pragma: no cover - _Spec.names mirrors Module.named_parameters
            raise RuntimeError(f"internal error: parameter {name} read as {expected}; please report it")
        p.data = w
    return model
