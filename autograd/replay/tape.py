"""Compiled replay: trace a scalar graph once, then rerun it over flat numpy arrays.

A training step builds the same graph every time; only the numbers change.
``compile(fn)`` traces ``fn`` once with the engine, plans the graph (fused sums,
dense layers, level scheduling, slot layout; see :mod:`autograd.replay.plan`)
and returns a step that recomputes the forward and backward passes with numpy.

>>> from autograd import Value, compile
>>> w = Value(2.0, "w")
>>> step = compile(lambda x: (w * x - 1.0) ** 2)
>>> step(3.0), w.grad            # (2·3 − 1)² and ∂/∂w = 2(wx − 1)·x
(25.0, 30.0)
>>> w.data -= 0.1 * w.grad; w.grad = 0.0
>>> step(3.0), w.grad            # the update is seen: w = −1
(16.0, -24.0)
"""

from __future__ import annotations

import itertools
import operator
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.core.engine import Value, is_grad_enabled, topological_order
from autograd.core.gcpause import gc_paused
from autograd.core.ops import Op
from autograd.replay.alias import Merged, alias_groups
from autograd.replay.inputs import Spec, build, fill, spec_of
from autograd.replay.plan import make_plan
from autograd.replay.schedule import Plan

__all__ = ["CompiledStep", "ReplayMismatchError", "compile"]

_data = operator.attrgetter("data")
_grad = operator.attrgetter("grad")
_warned: set[Op] = set()


class ReplayMismatchError(RuntimeError):
    """``check_every`` found the eager engine and the replay disagreeing."""


def compile(fn: Callable[..., Value], check_every: int | None = None, exact: bool = True) -> CompiledStep:
    """Compile ``fn`` (inputs → a Value, say a loss) into a fast training step.

    The returned ``step(*inputs)`` traces ``fn`` with the engine on its first
    call; from then on every call replays that graph with numpy and

    - reads the current ``.data`` of every leaf the graph reads (parameters by
      reference, so optimizer updates are seen; constants made inside ``fn``
      keep their traced values, and those nothing else refers to get no grad);
    - adds each leaf's ∂out/∂leaf to its ``.grad``, as ``backward()`` does, so
      call ``zero_grad()`` (or set ``p.grad = 0.0``) between steps as usual;
    - returns the output as a float.  Interior nodes are not updated.

    Sums are added in the engine's order and each gradient gathers its
    contributions in ``backward()``'s order, so results match the engine to
    the last bit wherever numpy's functions round as ``math``'s do (numpy's
    ``tanh`` may differ in the last bit; the difference stays far below 1e-12
    relative).  Dense layers (sums of weight × input products) are replayed as
    batched products added in that same order.  ``exact=False`` computes
    their products with BLAS ``matmul`` instead, much faster for large layers:
    equal to the engine within 1e-12 relative, not bit-identical.

    Per-call inputs (a batch) are numbers, Values, or (nested) lists, tuples
    or numpy arrays of numbers; every call must pass the same structure as the
    first (see :mod:`autograd.replay.inputs`).  An input Value must be a leaf;
    one passed twice, or passed and also captured by ``fn``, gets the sum of
    the gradients of all its uses, as ``backward()`` would give it.

    **Limit:** the replay cannot see Python decisions ``fn`` made on ``.data``
    (``if x.data > 0``, a loop bound, ``max`` of Values, a number read from a
    variable that later changes): it keeps replaying the graph those decisions
    built at trace time.  ``check_every=N`` reruns ``fn`` with the engine every
    N calls and raises :class:`ReplayMismatchError` when the graph's shape, a
    traced constant, the output or a gradient differs (each check costs one
    eager step).  Numbers that change from call to call belong in the inputs.

    Tracing, planning and each check pause the cyclic garbage collector and
    restore it as they found it.
    """
    if not callable(fn):
        raise TypeError(f"compile() takes a function returning a Value, got {type(fn).__name__} {fn!r}")
    if check_every is not None and (
        isinstance(check_every, bool) or not isinstance(check_every, int) or check_every < 1
    ):
        raise ValueError(f"check_every must be a positive whole number of calls or None, got {check_every!r}")
    if not isinstance(exact, bool):
        raise TypeError(f"exact must be True or False, got {type(exact).__name__} {exact!r}")
    return CompiledStep(fn, check_every, exact)


class CompiledStep:
    """The step :func:`compile` returns; call it with the per-call inputs."""

    def __init__(self, fn: Callable[..., Value], check_every: int | None, exact: bool = True) -> None:
        self.fn = fn
        self.check_every = check_every
        self.exact = exact
        self.calls = 0
        self._plan: Plan | None = None
        self._specs: list[Spec] = []
        self._signature: list[tuple[Any, ...]] = []

    @property
    def plan(self) -> Plan:
        """The replay plan (after the first call)."""
        if self._plan is None:
            raise RuntimeError("this step has not been traced yet; call it once with its inputs")
        return self._plan

    @property
    def leaves(self) -> list[Value]:
        """The leaves the replay reads by reference every call, and whose grads it writes.

        Constants that ``fn`` makes and nothing else refers to are read once, at trace time.
        """
        return list(self.plan.leaves[: self.plan.n_live])

    def __repr__(self) -> str:
        name = getattr(self.fn, "__name__", "fn")
        if self._plan is None:
            return f"<compiled {name}: not traced yet>"
        p = self._plan
        kinds = [s.__class__.__name__ for s in p.steps]
        dense, wide, blocks = (kinds.count(k) for k in ("DenseLayer", "VectorGroup", "ScalarBlock"))
        return (
            f"<compiled {name}: {p.n_nodes + p.n_fused} nodes ({p.n_fused} `+` folded into n-ary sums) "
            f"replayed as {dense} dense layer{'s' * (dense != 1)}, {wide} numpy group{'s' * (wide != 1)} "
            f"and {blocks} scalar block{'s' * (blocks != 1)}; "
            f"{p.n_live} leaves read by reference, {p.n_numbers} numbers per call>"
        )

    def __call__(self, *inputs: Any) -> float:
        if self._plan is None:
            with gc_paused():  # the trace makes a graph of Values; the collector would walk it repeatedly
                self._trace(inputs)
        elif len(inputs) != len(self._specs):
            raise TypeError(
                f"step() takes {len(self._specs)} input(s), as at trace time, got {len(inputs)}; "
                "a compiled step replays one traced graph"
            )
        out, new, leaves = self._replay(inputs)
        self.calls += 1
        if self.check_every is not None and self.calls % self.check_every == 0:
            with gc_paused():
                self._check(inputs, out, new, leaves)
        list(map(setattr, leaves[: len(new)], itertools.repeat("grad"), new.tolist()))
        return out

    # --- trace -------------------------------------------------------------

    def _run_fn(self, inputs: Sequence[Any], specs: list[Spec]) -> tuple[Value, list[Value], list[Value]]:
        numbers: list[Value] = []
        values: list[Value] = []
        built = [
            build(s, x, numbers, values, f"step() input {i}") for i, (s, x) in enumerate(zip(specs, inputs))
        ]
        out = self.fn(*built)
        if not isinstance(out, Value):
            raise TypeError(
                f"compile: fn must return a Value (the loss) built from its inputs, got "
                f"{type(out).__name__} {out!r}"[:200]
            )
        return out, numbers, values

    def _trace(self, inputs: Sequence[Any]) -> None:
        if not is_grad_enabled():
            raise RuntimeError(
                "compile: cannot trace inside no_grad(), which records no graph; call the step outside"
            )
        specs = [spec_of(x, f"step() input {i}") for i, x in enumerate(inputs)]
        out, numbers, values = self._run_fn(inputs, specs)
        plan = make_plan(out, numbers, values, exact=self.exact)
        for op in plan.ops_without_vectors:
            _warn_once(op)
        if self.check_every is not None:
            self._signature = _signature(out, numbers, values)
        self._specs = specs
        self._merged: Merged | None = None
        self._vals = np.zeros(plan.n_vals)
        self._vals[0] = -0.0
        self._grads = np.zeros(plan.n_grads)
        self._grads[0] = -0.0
        self._grads[plan.seed] = 1.0
        self._new = np.empty(plan.n_live)
        first = plan.leaf_slots.start
        self._vals[first : first + len(plan.leaves)] = [v.data for v in plan.leaves]  # constants: once
        self._plan = plan

    # --- replay ------------------------------------------------------------

    def _replay(self, inputs: Sequence[Any]) -> tuple[float, np.ndarray, list[Value]]:
        plan = self.plan
        vals, grads = self._vals, self._grads
        values: list[Value] = []
        at = 1
        for i, (spec, x) in enumerate(zip(self._specs, inputs)):
            at = fill(spec, x, vals, at, values, f"step() input {i}")
        leaves = plan.leaves
        if plan.value_positions:
            leaves = list(leaves)
            for li, k in plan.value_positions:
                leaves[li] = values[k]
        n = plan.n_live
        live = leaves[:n] if n < len(leaves) else leaves
        vals[plan.leaf_slots] = np.fromiter(map(_data, live), float, n)
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            for st in plan.steps:
                try:
                    st.forward(vals)
                except FloatingPointError:
                    # numpy flags what Python floats let pass (1e200 * 1e200 = inf);
                    # the engine's own functions decide whether this is an error.
                    st.check(vals)
                    with np.errstate(all="ignore"):
                        st.forward(vals)
        try:
            grads[plan.leaf_slots] = np.fromiter(map(_grad, live), float, n)
        except TypeError:
            bad = next(v for v in live if not isinstance(v.grad, (int, float)))
            raise TypeError(
                f"leaf {bad!r} holds a Value as its grad (from backward(create_graph=True)); "
                "set its .grad = 0.0 before a compiled step"
            ) from None
        with np.errstate(all="ignore"):
            for st in reversed(plan.backward):
                st.backward(vals, grads)
            new = self._new  # the leaves' new grads (read before the next call)
            plan.leaf_gather(vals, grads, new)
            if plan.value_positions:
                groups = alias_groups(values, plan.value_positions, plan.captured)
                if groups:
                    self._merge(groups)(grads, new)
        return float(vals[plan.root_slot]), new, leaves

    def _merge(self, groups: tuple[tuple[int, ...], ...]) -> Merged:
        """The merged sums for this pattern of aliased slots (the last pattern is kept)."""
        plan = self.plan
        if self._merged is None or self._merged.groups != groups:
            assert plan.leaf_edges is not None
            self._merged = Merged(groups, plan.leaf_slots.start, plan.leaf_edges)
        return self._merged

    # --- check_every -----------------------------------------------------------

    def _check(self, inputs: Sequence[Any], out: float, new: np.ndarray, leaves: list[Value]) -> None:
        root, numbers, values = self._run_fn(inputs, self._specs)
        sig = _signature(root, numbers, values)
        where = f"call {self.calls} (check_every={self.check_every})"
        if sig != self._signature:
            k = next(
                (i for i, (a, b) in enumerate(zip(sig, self._signature)) if a != b),
                min(len(sig), len(self._signature)),
            )
            raise ReplayMismatchError(
                f"{where}: fn built a different graph than at trace time ({len(sig)} nodes now, "
                f"{len(self._signature)} then; first difference at node {k} in topological order). "
                "fn makes a Python decision on .data (an if, a loop bound, max/min of Values); "
                "the replay cannot follow it. Compile one step per branch, or keep using the engine."
            )
        order = topological_order(root)
        fresh = {id(v) for v in numbers}
        in_order = [v for v in order if v.op_entry is None and id(v) not in fresh]
        now = [in_order[k] for k in self.plan.leaf_topo]
        for k, (then, v) in enumerate(zip(leaves, now)):
            if then is not v and then.data != v.data and not (np.isnan(then.data) and np.isnan(v.data)):
                raise ReplayMismatchError(
                    f"{where}: leaf {k} ({then.label or 'unlabelled'}) was made by fn with the value "
                    f"{then.data!r} at trace time and is {v.data!r} now; the replay keeps the traced "
                    "value. Pass numbers that change as inputs of step()."
                )
        # Compared: every slot that writes a Value the caller holds (an input, or a
        # leaf fn captured); a Value in several slots gets the sum of their grads.
        input_slots = {li for li, _ in self.plan.value_positions}
        shared = [i for i, (then, v) in enumerate(zip(leaves, now)) if i in input_slots or then is v]
        old = [v.grad for v in now]
        try:
            for v in now:
                v.grad = 0.0
            root.backward()
            per_slot = [now[i].grad for i in shared]
        finally:
            for v, g in zip(now, old):
                v.grad = g
        total = {id(leaves[i]): leaves[i].grad for i in shared}
        for i, g in zip(shared, per_slot):
            total[id(leaves[i])] += g
        eager = np.array([total[id(leaves[i])] for i in shared], dtype=float)
        ours = new[shared]
        tol = 1e-12 * max(1.0, float(np.max(np.abs(eager), initial=0.0)))
        if not np.allclose(out, root.data, rtol=1e-9, atol=1e-12, equal_nan=True) or not np.allclose(
            ours, eager, rtol=1e-9, atol=tol, equal_nan=True
        ):
            worst = int(np.argmax(np.abs(ours - eager))) if len(shared) else 0
            detail = (
                f"; grad of leaf {shared[worst]}: {ours[worst]!r} vs {eager[worst]!r}" if len(shared) else ""
            )
            raise ReplayMismatchError(
                f"{where}: the replay and the engine disagree: output {out!r} vs {root.data!r}{detail}"
            )


def _signature(root: Value, numbers: list[Value], values: list[Value]) -> list[tuple[Any, ...]]:
    """The graph's shape: per node in topological order, its op and its parents' positions."""
    order = topological_order(root)
    at = {id(n): i for i, n in enumerate(order)}
    number_at = {id(v): k for k, v in enumerate(numbers)}
    value_at = {id(v): k for k, v in enumerate(values)}
    sig: list[tuple[Any, ...]] = []
    for n in order:
        op = n.op_entry
        if op is None:
            sig.append(("input", number_at[id(n)]) if id(n) in number_at else ("value", value_at.get(id(n))))
        else:
            sig.append((id(op), *(at[id(p)] for p in n.parents)))
    return sig


def _warn_once(op: Op) -> None:
    if op in _warned:
        return
    _warned.add(op)
    warnings.warn(
        f"compile: op {op.name!r} has no numpy rules (see autograd/replay/rules.py), so the replay calls its "
        "float functions once per node; it is correct but slower",
        stacklevel=4,
    )
