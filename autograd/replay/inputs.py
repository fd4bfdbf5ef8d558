"""The per-call inputs of a compiled step: their structure, fixed at trace time.

Each positional input is one of:

- a number: ``fn`` receives a new leaf Value; later calls pass any number;
- a Value (a leaf): ``fn`` receives a stand-in leaf with the same data and
  label; every call, including the first, reads the passed Value's ``.data``
  and adds to its ``.grad``, as ``backward()`` would do.  The stand-in keeps
  each input slot apart in the traced graph, so a Value passed twice, or
  passed and also captured by ``fn``, gets the sum over all its uses;
- a list or tuple of inputs (nested as deep as you like), or a numpy array of
  numbers: ``fn`` receives the same containers holding Values (an array becomes
  an object array of Values of the same shape); later calls pass any list,
  tuple or array of the same shape.

The numbers are flattened depth first (arrays in C order) into one vector.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd.core.engine import Value


@dataclass(frozen=True)
class Num:
    """A number: one slot."""


@dataclass(frozen=True)
class Block:
    """Numbers in a (nested) list, tuple or array of this shape: ``prod(shape)`` slots."""

    shape: tuple[int, ...]
    kind: type


@dataclass(frozen=True)
class Val:
    """A Value passed by the caller: read by reference, its grad written."""


@dataclass(frozen=True)
class Seq:
    """A list or tuple (or object array) holding other inputs."""

    kind: type
    items: tuple[Spec, ...]


Spec = Num | Block | Val | Seq


def _is_number(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _describe(x: object) -> str:
    if isinstance(x, np.ndarray):
        return f"a {x.dtype} array of shape {x.shape}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of length {len(x)}"
    return f"{type(x).__name__} {x!r}"[:80]


VALID = "numbers, Values, or (nested) lists, tuples or numpy arrays of them"


def spec_of(x: object, where: str) -> Spec:
    """The structure of one input, as seen at trace time."""
    if isinstance(x, Value):
        return Val()
    if _is_number(x):
        return Num()
    if isinstance(x, np.ndarray) and x.dtype.kind in "iuf":
        return Block(x.shape, np.ndarray)
    if isinstance(x, (list, tuple, np.ndarray)):
        if isinstance(x, np.ndarray) and x.dtype != object:
            raise TypeError(f"{where}: unsupported array of dtype {x.dtype}; pass numbers (int or float)")
        items = list(x)
        if items and all(_is_number(i) for i in items):
            return Block((len(items),), type(x))
        specs = tuple(spec_of(item, f"{where}[{i}]") for i, item in enumerate(items))
        shapes = {s.shape for s in specs if isinstance(s, Block)}
        if specs and len(shapes) == 1 and all(isinstance(s, Block) and s.kind is type(x) for s in specs):
            return Block((len(specs), *shapes.pop()), type(x))
        return Seq(type(x), specs)
    raise TypeError(f"{where}: unsupported input {_describe(x)}; pass {VALID}")


def not_a_leaf(v: Value, where: str) -> TypeError:
    """The error for an input Value that an op made: the replay cannot backpropagate into its graph."""
    op = v.op_entry
    assert op is not None
    return TypeError(
        f"{where}: the Value {v!r} was made by an op ({op.name}); a compiled step reads an input "
        "Value's .data and adds to its .grad, but cannot backpropagate into the graph that made it. "
        "Pass a leaf (Value(x.data)), or build that part inside fn from its leaves"
    )


def build(spec: Spec, x: Any, numbers_out: list[Value], values_out: list[Value], where: str = "input") -> Any:
    """What ``fn`` receives for one input: the same structure holding Values (stand-ins for Values)."""
    if isinstance(spec, Val):
        if x.op_entry is not None:
            raise not_a_leaf(x, where)
        stand_in = Value(x.data, x.label)
        values_out.append(stand_in)
        return stand_in
    if isinstance(spec, Num):
        v = Value(float(x))
        numbers_out.append(v)
        return v
    if isinstance(spec, Block):
        flat = np.asarray(x, dtype=float).ravel().tolist()
        leaves = [Value(f) for f in flat]
        numbers_out.extend(leaves)
        if spec.kind is np.ndarray:
            arr = np.empty(len(leaves), dtype=object)
            arr[:] = leaves
            return arr.reshape(spec.shape)
        return _nest(leaves, spec.shape, spec.kind)
    built = [
        build(s, item, numbers_out, values_out, f"{where}[{i}]")
        for i, (s, item) in enumerate(zip(spec.items, x))
    ]
    if spec.kind is np.ndarray:
        arr = np.empty(len(built), dtype=object)
        arr[:] = built
        return arr
    return spec.kind(built)


def _nest(flat: list[Value], shape: tuple[int, ...], kind: type) -> Any:
    if len(shape) == 1:
        return kind(flat)
    step = len(flat) // shape[0] if shape[0] else 0
    return kind(_nest(flat[i * step : (i + 1) * step], shape[1:], kind) for i in range(shape[0]))


def size(spec: Spec) -> int:
    """How many numbers an input of this structure holds."""
    if isinstance(spec, Num):
        return 1
    if isinstance(spec, Block):
        return int(np.prod(spec.shape, dtype=np.int64))
    if isinstance(spec, Val):
        return 0
    return sum(size(s) for s in spec.items)


def _mismatch(where: str, wanted: str, x: object) -> TypeError:
    return TypeError(
        f"{where}: expected {wanted} as at trace time, got {_describe(x)}; a compiled step replays "
        "one traced graph, so every call needs inputs of the same structure "
        "(compile another step for another shape)"
    )


def fill(spec: Spec, x: Any, out: np.ndarray, at: int, values_out: list[Value], where: str) -> int:
    """Write the numbers of one call's input into ``out[at:]``; collect its Values. Returns the next slot."""
    if isinstance(spec, Block):
        try:
            arr = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise _mismatch(where, f"numbers of shape {spec.shape}", x) from None
        if arr.shape != spec.shape or isinstance(x, (str, bytes)):
            raise _mismatch(where, f"numbers of shape {spec.shape}", x)
        n = arr.size
        out[at : at + n] = arr.reshape(-1)
        return at + n
    if isinstance(spec, Num):
        if not _is_number(x) and not (isinstance(x, np.ndarray) and x.shape == () and x.dtype.kind in "iuf"):
            raise _mismatch(where, "a number", x)
        out[at] = float(x)
        return at + 1
    if isinstance(spec, Val):
        if not isinstance(x, Value):
            raise _mismatch(where, "a Value", x)
        if x.op_entry is not None:
            raise not_a_leaf(x, where)
        values_out.append(x)
        return at
    if not isinstance(x, (list, tuple, np.ndarray)) or len(x) != len(spec.items):
        raise _mismatch(where, f"a sequence of length {len(spec.items)}", x)
    for i, (s, item) in enumerate(zip(spec.items, x)):
        at = fill(s, item, out, at, values_out, f"{where}[{i}]")
    return at
