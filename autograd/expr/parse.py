"""Statements: ``e = a*b; d = e + c; L = d*f`` names the intermediates, as the lecture does.

The text is split at ``;`` and new lines.  Each part is ``NAME = EXPR`` or, last
only, a plain ``EXPR``; each EXPR goes through the whitelist of
:mod:`autograd.expr.syntax`.  A name is assigned once, before it is used, and
only to something new (``e = a`` would only rename ``a``); every named
intermediate must feed the output.  Names that are used but never assigned are
the inputs, the :attr:`Expression.variables`.

>>> e = parse_expression("e = a*b; d = e + c; L = d*f")
>>> e.variables, e.names, e.output
(('a', 'b', 'c', 'f'), ('e', 'd', 'L'), 'L')
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass

from autograd.core.engine import Value
from autograd.expr.build import leaves, names_sentence, run
from autograd.expr.errors import ExprError, Sentence
from autograd.expr.keyboard import Normalized, normalize
from autograd.expr.statement import Statement
from autograd.expr.syntax import check_characters, check_depth, functions, parse_piece

__all__ = ["MAX_LENGTH", "Expression", "Statement", "evaluate", "parse_expression"]

#: Longest expression accepted, in characters.
MAX_LENGTH = 1000

_ASSIGNMENT = re.compile(r"([^\W\d]\w*)[ \t]*=(?!=)")


@dataclass(frozen=True)
class Expression:
    """A checked expression: its text, its tree and its variables in order of first use.

    ``statements`` holds every part of the text (one for a plain expression);
    ``tree`` is the last one's.  :meth:`build` labels each named intermediate.
    """

    text: str
    tree: ast.expr
    variables: tuple[str, ...]
    statements: tuple[Statement, ...] = ()
    normalized: Normalized | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The names assigned, in order (the output's last if it is named)."""
        return tuple(s.name for s in self.statements if s.name)

    @property
    def output(self) -> str:
        """The output's name, ``""`` when the last statement is a plain expression."""
        return self.statements[-1].name if self.statements else ""

    def column(self, col: int) -> int:
        """The column as typed for a column of the normalised text."""
        return self.normalized.column(col) if self.normalized is not None else col

    def build(self, values: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
        """Build the graph with ``values`` for the variables: ``(root, {name: leaf})``.

        Every variable needs a value and every value a variable; a value must be
        a finite real number.  An op given an input outside its domain
        (``log(a)`` with a = −1) is an :class:`ExprError` naming its column.
        """
        inputs = leaves(self, values)
        return run(self, inputs, None), inputs

    def trace(self, values: Mapping[str, float]) -> tuple[Value, dict[str, Value], dict[Value, str]]:
        """:meth:`build`, and how each node is written in the text (``x**y``, ``e``, ``2``)."""
        inputs = leaves(self, values)
        sources: dict[Value, str] = {v: k for k, v in inputs.items()}
        return run(self, inputs, sources), inputs, sources

    def build_on(self, leaves: Mapping[str, Value]) -> Value:
        """The expression over Values you supply, one per variable (a checker's own leaves, say).

        >>> from autograd import Value
        >>> x = Value(3.0)
        >>> parse_expression("x*x + 1").build_on({"x": x}).data
        10.0
        """
        missing = [v for v in self.variables if v not in leaves]
        if missing:
            raise ExprError(names_sentence("cli_expr_no_leaf", missing))
        return run(self, leaves, None)


def parse_expression(text: str) -> Expression:
    """Parse and check ``text``; raise :class:`ExprError` (with the column) if it is not allowed."""
    if not isinstance(text, str):
        raise ExprError(Sentence("cli_expr_not_str", kind=type(text).__name__))
    if not text.strip():
        raise ExprError(Sentence("cli_expr_empty"))
    if len(text) > MAX_LENGTH:
        raise ExprError(Sentence("cli_expr_too_long", n=len(text), limit=MAX_LENGTH))
    norm = normalize(text)
    try:
        check_characters(norm.text)
        check_depth(norm.text)
        statements = _split(norm.text)
        variables = _check_program(statements)
    except ExprError as e:
        raise e.at(norm.column(e.column) if e.column is not None else None) from None
    return Expression(text.strip(), statements[-1].tree, variables, statements, norm)


def evaluate(text: str, values: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
    """Parse ``text`` and build its graph: ``parse_expression(text).build(values)``."""
    return parse_expression(text).build(values)


def _split(text: str) -> tuple[Statement, ...]:
    """The statements, at ``;`` and new lines; blank ones are skipped."""
    statements: list[Statement] = []
    start = 0
    for part in re.split(r"[;\n]", text):
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        if body:
            statements.append(_statement(body, start + lead))
        start += len(part) + 1
    if not statements:
        raise ExprError(Sentence("cli_expr_empty"))
    return tuple(statements)


def _statement(body: str, offset: int) -> Statement:
    m = _ASSIGNMENT.match(body)
    name = ""
    source, at = body, offset
    if m is not None and not keyword.iskeyword(m.group(1)):
        name = m.group(1)
        rest = body[m.end() :]
        source = rest.strip()
        at = offset + m.end() + len(rest) - len(rest.lstrip())
        if not source:
            detail = Sentence("cli_syntax_ends_early")
            raise ExprError(Sentence("cli_expr_syntax", detail=detail), offset + len(body) + 1)
    elif m is not None:
        raise ExprError(Sentence("cli_expr_assign_keyword", name=m.group(1)), offset + 1)
    if name in functions():
        raise ExprError(Sentence("cli_expr_assign_function", name=name), offset + 1)
    try:
        tree, uses = parse_piece(source)
    except ExprError as e:
        raise e.at(e.column + at if e.column is not None else None) from None
    return Statement(name, source, at, tree, offset + 1, tuple(uses))


def _check_program(statements: tuple[Statement, ...]) -> tuple[str, ...]:
    """The rules on names (see the module docstring); return the inputs in order of first use."""
    first: dict[str, int] = {}
    for i, st in enumerate(statements):
        if st.name:
            first.setdefault(st.name, i)
    last = len(statements) - 1
    variables: dict[str, None] = {}
    uses: list[set[str]] = []
    for i, st in enumerate(statements):
        if not st.name and i != last:
            raise ExprError(Sentence("cli_expr_plain_not_last", source=_short(st.source)), st.name_column)
        if st.name:
            _check_name(st, i, first)
        used: set[str] = set()
        for name, col in st.uses:
            j = first.get(name)
            if j is not None and j >= i:
                raise ExprError(Sentence("cli_expr_used_before", name=name, k=j + 1), st.offset + col)
            if j is not None:
                used.add(name)
            else:
                variables.setdefault(name, None)
        uses.append(used)
    _check_all_used(statements, uses)
    return tuple(variables)


def _check_name(st: Statement, i: int, first: Mapping[str, int]) -> None:
    if first[st.name] != i:
        raise ExprError(Sentence("cli_expr_assigned_twice", name=st.name), st.name_column)
    inner = st.tree
    while isinstance(inner, ast.UnaryOp) and isinstance(inner.op, ast.UAdd):
        inner = inner.operand
    if isinstance(inner, ast.Name):
        raise ExprError(Sentence("cli_expr_assign_alias", name=st.name, other=inner.id), st.name_column)


def _check_all_used(statements: tuple[Statement, ...], uses: list[set[str]]) -> None:
    """Every named intermediate must feed the output, or the graph would not show it."""
    needed = set(uses[-1])
    for i in range(len(statements) - 2, -1, -1):
        if statements[i].name in needed:
            needed |= uses[i]
    for st in statements[:-1]:
        if st.name not in needed:
            raise ExprError(Sentence("cli_expr_unused", name=st.name), st.name_column)


def _short(source: str, limit: int = 30) -> str:
    return source if len(source) <= limit else source[: limit - 1] + "…"
