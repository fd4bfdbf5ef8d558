"""A result or a gradient that is not finite is bad input: say which node made it so, and why.

Float arithmetic overflows to ``inf`` without raising (``a*a`` at a = 1e200), and a
derivative rule may answer ``nan`` (∂(x**y)/∂y = x**y·ln x at x < 0).  These checks
walk the graph to the first node where a finite value turned into an infinite
one, and name it as the text writes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from autograd.cli.errors import CLIError
from autograd.core import ops
from autograd.core.engine import Value, topological_order
from autograd.core.numbers import FLOAT_ERRORS, fmt
from autograd.expr.errors import Sentence

__all__ = ["backward_checked", "check_result"]


def _show(node: Value, sources: Mapping[Value, str]) -> str:
    s = sources.get(node) or node.label or fmt(node.data)
    return s if len(s) <= 30 else s[:29] + "…"


def _partial(node: Value, arg: Value, sources: Mapping[Value, str]) -> str:
    """``∂(x**y)/∂y``; ``∂e/∂a`` when the node has a one-word name."""
    top = _show(node, sources)
    top = top if top.isidentifier() else f"({top})"
    return f"∂{top}/∂{_show(arg, sources)}"


def _at(node: Value, sources: Mapping[Value, str]) -> Sentence | str:
    """`` at a = 2, b = -3``: the node's inputs that have names (numbers in the text show as themselves)."""
    named = [p for p in node.parents if p.op or p.label]
    shown = list(dict.fromkeys(f"{_show(p, sources)} = {fmt(p.data)}" for p in named))
    return Sentence("cli_at_values", values=", ".join(shown)) if shown else ""


def _root_name(root: Value) -> str:
    return root.label or "L"


def check_result(root: Value, sources: Mapping[Value, str]) -> None:
    """A CLIError if ``root.data`` is not finite, naming the first node that overflowed."""
    if math.isfinite(root.data):
        return
    node = next(
        n
        for n in topological_order(root)
        if not math.isfinite(n.data) and all(math.isfinite(p.data) for p in n.parents)
    )
    key = "cli_value_overflow" if math.isinf(node.data) else "cli_value_nan"
    at = _at(node, sources)
    raise CLIError(
        Sentence(key, root=_root_name(root), value=fmt(root.data), node=_show(node, sources), at=at)
    )


def backward_checked(root: Value, inputs: Mapping[str, Value], sources: Mapping[Value, str]) -> None:
    """``root.backward()``, then a CLIError if it failed or left an input's gradient not finite."""
    try:
        root.backward()
    except FLOAT_ERRORS as e:
        failing = _failing_rule(root)
        if failing is None:
            raise
        node, i = failing
        arg = node.parents[i]
        raise CLIError(
            Sentence(
                "cli_backward_overflow",
                node=_show(node, sources),
                at=_at(node, sources),
                partial=_partial(node, arg, sources),
            )
        ) from e
    bad = [name for name, v in inputs.items() if not math.isfinite(v.grad)]
    if bad:
        raise CLIError(_explain(root, inputs, bad, sources))


def _failing_rule(root: Value) -> tuple[Value, int] | None:
    """The first node, in backward order, whose derivative rule raises on floats."""
    for node in reversed(topological_order(root)):
        op = node.op_entry
        if op is None:
            continue
        xs = [p.data for p in node.parents]
        for i, rule in enumerate(op.derivs):
            try:
                rule(node.data, *xs)
            except FLOAT_ERRORS:
                return node, i
    return None


def _explain(
    root: Value, inputs: Mapping[str, Value], bad: list[str], sources: Mapping[Value, str]
) -> Sentence:
    """Why the gradient of an input is not finite: the first edge, in backward order, that made it so."""
    for node in reversed(topological_order(root)):
        op = node.op_entry
        if op is None or not math.isfinite(node.grad):
            continue
        xs = [p.data for p in node.parents]
        for i, (p, rule) in enumerate(zip(node.parents, op.derivs)):
            local = float(rule(node.data, *xs))
            if math.isfinite(local) and math.isfinite(local * node.grad):
                continue
            name = _reached(p, inputs, bad)
            fields: dict[str, object] = {
                "root": _root_name(root),
                "name": name,
                "value": fmt(inputs[name].grad),
                "partial": _partial(node, p, sources),
                "at": _at(node, sources),
            }
            if op is ops.POW and i == 1 and xs[0] < 0:
                base = node.parents[0]
                return Sentence(
                    "cli_grad_log_negative",
                    node=_show(node, sources),
                    base=_show(base, sources),
                    base_value=fmt(base.data),
                    **fields,
                )
            if not math.isfinite(local):
                return Sentence("cli_grad_local", local=fmt(local), **fields)
            return Sentence(
                "cli_grad_overflow",
                node=_show(node, sources),
                upstream=fmt(node.grad),
                local=fmt(local),
                **fields,
            )
    name = bad[0]
    return Sentence("cli_grad_sum_overflow", root=_root_name(root), name=name, value=fmt(inputs[name].grad))


def _reached(start: Value, inputs: Mapping[str, Value], bad: list[str]) -> str:
    """The first input in ``bad`` at or above ``start`` in the graph (the one this edge feeds)."""
    seen: set[int] = set()
    stack = [start]
    leaves: set[int] = set()
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if not v.op:
            leaves.add(id(v))
        stack.extend(v.parents)
    return next((n for n in bad if id(inputs[n]) in leaves), bad[0])
