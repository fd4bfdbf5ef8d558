"""``EXPR a=2 b=-3`` → a graph: the helper every expression command shares.

Values are read as the expression is: ``x=－1``, ``x=−1`` and ``ｘ＝１`` are ``x=-1`` and ``x=1``.

>>> g = build("e = a*b; L = e + c", ["a=2", "b=-3", "c=10"])
>>> g.root.label, g.root.data, list(g.inputs)
('L', 4.0, ['a', 'b', 'c'])
>>> parse_assignments(["x=－1", "y=−2.5", "ｚ＝１"])
{'x': -1.0, 'y': -2.5, 'z': 1.0}
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Sequence
from dataclasses import dataclass

from autograd.cli.errors import CLIError, excerpt, shorten
from autograd.cli.finite import check_result
from autograd.core.engine import Value
from autograd.expr import ExprError, Expression, Sentence, functions, parse_expression
from autograd.expr.keyboard import normalize_word

__all__ = ["ROOT_NAMES", "Graph", "build", "build_graph", "parse_assignments", "parse_text"]

#: Names tried, in order, for the root node when the expression does not name it.
ROOT_NAMES = ("L", "y", "out", "result")


@dataclass(frozen=True)
class Graph:
    """A built expression: its output, its inputs by name, and how the text writes each node."""

    expression: Expression
    root: Value
    inputs: dict[str, Value]
    sources: dict[Value, str]


def parse_assignments(items: Sequence[str]) -> dict[str, float]:
    """``["a=2", "b=-3"]`` → ``{"a": 2.0, "b": -3.0}``.

    Each item is ``NAME=NUMBER``; a name appears once; the number is a finite
    real (``nan`` and ``inf`` are refused: their gradients teach nothing).
    """
    values: dict[str, float] = {}
    fns = functions()
    for item in items:
        typed = normalize_word(item)
        name, eq, number = typed.partition("=")
        name, number = name.strip(), number.strip()
        shown = shorten(item)
        if not eq:
            raise CLIError(Sentence("cli_assign_no_equals", item=shown))
        if not name.isidentifier():
            raise CLIError(Sentence("cli_assign_bad_name", item=shown, name=shorten(name)))
        if keyword.iskeyword(name):
            raise CLIError(Sentence("cli_assign_keyword", item=shown, name=repr(name)))
        if name in fns:
            raise CLIError(Sentence("cli_assign_function", item=shown, name=repr(name)))
        if name in values:
            raise CLIError(
                Sentence("cli_assign_twice", name=repr(name), first=f"{name}={values[name]:g}", second=shown)
            )
        try:
            x = float(number)
        except ValueError:
            raise CLIError(
                Sentence("cli_assign_not_number", item=shown, text=shorten(number), name=name)
            ) from None
        if not math.isfinite(x):
            raise CLIError(Sentence("cli_assign_not_finite", item=shown, name=name))
        values[name] = x
    return values


def parse_text(expr: str) -> Expression:
    """:func:`~autograd.expr.parse_expression`, its error echoing the input around the column."""
    try:
        return parse_expression(expr)
    except ExprError as e:
        raise in_expression(expr, e) from None


def in_expression(expr: str, e: ExprError) -> CLIError:
    """An :class:`ExprError` as a :class:`CLIError`, showing at most 80 characters around its column."""
    message = e.sentence if e.sentence is not None else e.message
    if e.column is None:
        return CLIError(message if isinstance(message, Sentence) else Sentence("cli_plain", text=message))
    return CLIError(
        Sentence("cli_in_expression", column=e.column, message=message, excerpt=excerpt(expr, e.column))
    )


def build(expr: str, assignments: Sequence[str]) -> Graph:
    """Turn ``EXPR a=2 b=-3`` into a :class:`Graph`; bad input is a :class:`CLIError`.

    Leaves are labelled with the variable names, named intermediates with their
    names; an unnamed interior root is labelled ``L`` (or ``y``, ``out``, ... if
    a name already is).  A result that is not finite (``a*a`` at a = 1e200) is
    bad input too, and the error says which node overflowed.
    """
    expression = parse_text(expr)
    values = parse_assignments(assignments)
    try:
        root, inputs, sources = expression.trace(values)
    except ExprError as e:
        raise in_expression(expr, e) from None
    if root.op and not root.label:
        taken = set(inputs) | set(expression.names)
        root.label = next((n for n in ROOT_NAMES if n not in taken), "")
    check_result(root, sources)
    return Graph(expression, root, inputs, sources)


def build_graph(expr: str, assignments: Sequence[str]) -> tuple[Value, dict[str, Value]]:
    """:func:`build`, as ``(root, {"a": leaf, "b": leaf})``."""
    g = build(expr, assignments)
    return g.root, g.inputs
