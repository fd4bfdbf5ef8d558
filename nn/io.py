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
from pathlib import Path
from typing import Any

from autograd.files import write_atomic
from nn.module import ACTIVATIONS, MLP, Layer, Module, Neuron

__all__ = ["FORMAT", "VERSION", "load", "save"]

FORMAT = "backprop-lab/nn"
VERSION = 1


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
    write_atomic(path, text + "\n")


def _field(d: dict[str, Any], key: str, where: str) -> Any:
    if key not in d:
        raise ValueError(f"{where} has no {key!r}")
    return d[key]


def _count(v: Any, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ValueError(f"{what} must be a positive int, got {v!r}")
    return v


def _build(spec: Any) -> Module:
    # The initial weights are overwritten; a private seeded RNG keeps the global one untouched.
    if not isinstance(spec, dict):
        raise ValueError(f"'model' must be an object describing the architecture, got {type(spec).__name__}")
    kind = _field(spec, "type", "'model'")
    activation = _field(spec, "activation", "'model'")
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; valid: {', '.join(sorted(ACTIVATIONS))}")
    nin = _count(_field(spec, "nin", "'model'"), "'nin'")
    if kind == "MLP":
        nouts = _field(spec, "nouts", "'model'")
        if not isinstance(nouts, list) or not nouts:
            raise ValueError(f"'nouts' must be a non-empty list of layer sizes, got {nouts!r}")
        return MLP(nin, [_count(n, "each of 'nouts'") for n in nouts], activation=activation, seed=0)
    if kind == "Layer":
        nout = _count(_field(spec, "nout", "'model'"), "'nout'")
        return Layer(nin, nout, nonlin=activation != "linear", activation=activation, rng=random.Random(0))
    if kind == "Neuron":
        return Neuron(nin, nonlin=activation != "linear", activation=activation, rng=random.Random(0))
    raise ValueError(f"unknown model type {kind!r}; valid: MLP, Layer, Neuron")


def load(path: str | os.PathLike[str]) -> Module:
    """Read a model written by :func:`save`; ValueError naming the problem if the file is not one."""
    raw = Path(path).read_bytes()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not a model file (not UTF-8 text at byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise ValueError(
            f"{path}: not valid JSON, the file is truncated or corrupt ({e.msg} at line {e.lineno} column {e.colno})"
        ) from None
    try:
        return _from_document(doc)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from None


def _from_document(doc: Any) -> Module:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'not a model file (expected a JSON object with "format": {FORMAT!r})')
    version = doc.get("version")
    if version != VERSION:
        raise ValueError(f"unsupported version {version!r}; this program reads version {VERSION}")
    model = _build(_field(doc, "model", "the file"))
    params = _field(doc, "parameters", "the file")
    if not isinstance(params, dict):
        raise ValueError(f"'parameters' must be an object of name: number, got {type(params).__name__}")
    named = model.named_parameters()
    expected = {name for name, _ in named}
    missing = [name for name, _ in named if name not in params]
    extra = [name for name in params if name not in expected]
    if missing or extra:
        parts = ([f"{len(missing)} missing (first: {missing[0]})"] if missing else []) + (
            [f"{len(extra)} unexpected (first: {extra[0]})"] if extra else []
        )
        raise ValueError(f"the weights do not match the architecture: {', '.join(parts)}")
    for name, p in named:
        v = params[name]
        try:
            ok = not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(float(v))
        except OverflowError:  # an integer too large for a float
            ok = False
        if not ok:
            raise ValueError(f"parameter {name} must be a finite number, got {v!r}")
        p.data = float(v)
    return model
