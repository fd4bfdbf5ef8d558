"""A safe parser for the small arithmetic the command line accepts.

``a*b + c``, ``tanh(w*x + b)``, ``-x**2``, ``2**a / (1 + exp(-a))``: numbers,
variable names, ``+ - * / **``, unary ``-`` (and ``+``), parentheses, and calls
of the op table's functions (``exp log tanh sigmoid relu sqrt abs sin cos``,
plus any op added with :func:`~autograd.define_op`).

The text goes through :func:`ast.parse` and then a whitelist: anything else
(attributes, subscripts, comparisons, strings, keywords, ...) is an
:class:`ExprError` naming the column.  Nothing is ever evaluated by Python;
every node is built by the engine.  The walk over the tree is iterative, and the
length and the parenthesis depth are bounded, so hostile input gets a clean
error rather than a ``RecursionError`` or ``MemoryError``.

A variable used twice is one node, so its two uses show up as two edges into
the same leaf; the leaves are labelled with the variable names.

>>> e = parse_expression("a*b + a")
>>> e.variables
('a', 'b')
>>> root, inputs = e.build({"a": 2, "b": -3})
>>> root.backward()
>>> root.data, inputs["a"].grad, inputs["b"].grad
(-4.0, -2.0, 2.0)
"""

from __future__ import annotations

import ast
import math
import numbers
import operator
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from autograd.core.engine import Value, apply
from autograd.core.ops import OPS, Op

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "ExprError", "Expression", "evaluate", "parse_expression"]

#: Longest expression accepted, in characters.
MAX_LENGTH = 1000
#: Deepest parenthesis nesting accepted (a call's parentheses count).
MAX_DEPTH = 50

# Ops that are written with an operator, not called by name.
_OPERATOR_OPS = frozenset({"add", "sub", "mul", "div", "neg", "pow"})

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}

# Python operators the grammar knows but we do not, with what to write instead.
_REFUSED_OPERATORS: dict[type[ast.AST], str] = {
    ast.BitXor: "'^' is not a power here; write a**b",
    ast.FloorDiv: "'//' (floor division) is not supported; use /",
    ast.Mod: "'%' (remainder) is not supported",
    ast.MatMult: "'@' (matrix product) is not supported; values are scalars",
    ast.LShift: "'<<' is not supported",
    ast.RShift: "'>>' is not supported",
    ast.BitOr: "'|' is not supported",
    ast.BitAnd: "'&' is not supported",
    ast.Invert: "'~' is not supported",
    ast.Not: "'not' is not supported",
}

_ALLOWED = "numbers, variables, + - * / **, unary -, parentheses and calls of {fns}"


class ExprError(ValueError):
    """The expression, or a value given for it, is not valid.

    ``column`` is the 1-based column of the offending character, or ``None``
    when the problem is not at one place (a missing value, say).
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(f"column {column}: {message}" if column is not None else message)
        self.message = message
        self.column = column


def functions() -> dict[str, Op]:
    """The ops an expression may call by name: every op in the table not written as an operator."""
    return {name: op for name, op in OPS.items() if name not in _OPERATOR_OPS}


def _function_list() -> str:
    return " ".join(functions())


def _column(text: str, node: ast.AST) -> int:
    """1-based character column of ``node``; for a binary operator, of the operator itself."""
    raw = text.encode("utf-8")
    off = getattr(node, "col_offset", 0)
    if isinstance(node, ast.BinOp) and node.left.end_col_offset is not None:
        # Skip the spaces and closing parentheses between the left operand and the operator.
        off = node.left.end_col_offset
        while off < len(raw) and raw[off : off + 1] in (b" ", b")", b"\t"):
            off += 1
    # ast offsets count UTF-8 bytes; people count characters.
    return len(raw[:off].decode("utf-8", errors="ignore")) + 1


@dataclass(frozen=True)
class Expression:
    """A checked expression: its text, its tree and its variables in order of first use."""

    text: str
    tree: ast.expr
    variables: tuple[str, ...]

    def build(self, values: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
        """Build the graph with ``values`` for the variables: ``(root, {name: leaf})``.

        Every variable needs a value and every value a variable; a value must be
        a finite real number.  An op given an input outside its domain
        (``log(a)`` with a = −1) is an :class:`ExprError` naming its column.
        """
        missing = [v for v in self.variables if v not in values]
        if missing:
            need = " ".join(f"{v}=NUMBER" for v in missing)
            raise ExprError(f"no value given for {_words(missing, 'variable')}; add {need}")
        extra = [k for k in values if k not in self.variables]
        if extra:
            used = f"it uses {' '.join(self.variables)}" if self.variables else "it uses no variables"
            raise ExprError(f"{_words(extra, 'variable')} not in the expression {self.text!r} ({used})")
        inputs = {name: Value(_check_number(name, values[name]), name) for name in self.variables}
        return _build(self.text, self.tree, inputs), inputs

    def build_on(self, leaves: Mapping[str, Value]) -> Value:
        """The expression over Values you supply, one per variable (a checker's own leaves, say).

        >>> from autograd import Value
        >>> x = Value(3.0)
        >>> parse_expression("x*x + 1").build_on({"x": x}).data
        10.0
        """
        missing = [v for v in self.variables if v not in leaves]
        if missing:
            raise ExprError(f"no Value given for {_words(missing, 'variable')}")
        return _build(self.text, self.tree, leaves)


def _words(names: list[str], noun: str) -> str:
    quoted = ", ".join(repr(n) for n in names)
    return f"{noun} {quoted}" if len(names) == 1 else f"{noun}s {quoted}"


def _check_number(name: str, x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ExprError(f"{name}={x!r} is not a number; give a finite real number such as {name}=2.5")
    f = float(x)
    if not math.isfinite(f):
        raise ExprError(f"{name}={x!r} is not a finite number; give a finite real number such as {name}=2.5")
    return f


def parse_expression(text: str) -> Expression:
    """Parse and check ``text``; raise :class:`ExprError` (with the column) if it is not allowed."""
    if not isinstance(text, str):
        raise ExprError(f"the expression must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ExprError("the expression is empty; write one such as 'a*b + c'")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}")
    _check_characters(text)
    _check_depth(text)
    body = text.strip()
    lead = len(text) - len(text.lstrip())  # ast refuses leading spaces; columns still count them
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # e.g. SyntaxWarning for '1is 2'; refused below anyway
                tree = ast.parse(body, mode="eval").body
        except SyntaxError as e:
            raise _syntax_error(body, e) from None
        except (RecursionError, MemoryError, ValueError):
            raise ExprError("the expression is too deeply nested or too complex to parse") from None
        variables = _check_tree(body, tree)
    except ExprError as e:
        if e.column is None or not lead:
            raise
        raise ExprError(e.message, e.column + lead) from None
    return Expression(body, tree, variables)


def evaluate(text: str, values: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
    """Parse ``text`` and build its graph: ``parse_expression(text).build(values)``."""
    return parse_expression(text).build(values)


def _check_characters(text: str) -> None:
    for i, ch in enumerate(text):
        if not ch.isprintable():
            raise ExprError(f"unexpected control character {ch!r}; write the expression on one line", i + 1)


def _check_depth(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExprError(f"parentheses nest more than {MAX_DEPTH} deep", i + 1)
        elif ch in ")]}":
            depth -= 1


def _syntax_error(text: str, e: SyntaxError) -> ExprError:
    col = e.offset if e.offset is not None and e.offset >= 1 else None
    msg = e.msg
    if (
        (msg == "invalid syntax" or msg.startswith("invalid syntax."))
        and col is not None
        and col <= len(text)
    ):
        msg = f"unexpected {text[col - 1]!r}"
    elif msg.startswith(("invalid syntax", "unexpected EOF")) or msg == "unexpected end of input":
        msg = "the expression ends too early"
        col = len(text) + 1
    if col is not None:
        col = min(col, len(text) + 1)
    return ExprError(f"syntax error: {msg}", col)


def _check_tree(text: str, tree: ast.expr) -> tuple[str, ...]:
    """Refuse every node outside the whitelist; return the variables in order of first use."""
    fns = functions()
    seen: dict[str, None] = {}
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        col = _column(text, node)
        if isinstance(node, ast.Constant):
            _constant(node.value, col)
        elif isinstance(node, ast.Name):
            if node.id in fns:
                raise ExprError(f"{node.id} is a function; call it, as in {node.id}(x)", col)
            seen.setdefault(node.id, None)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                raise ExprError(_REFUSED_OPERATORS.get(type(node.op), "operator not supported"), col)
            stack += [node.right, node.left]
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise ExprError(_REFUSED_OPERATORS.get(type(node.op), "operator not supported"), col)
            stack.append(node.operand)
        elif isinstance(node, ast.Call):
            stack += reversed(_check_call(text, node, fns, col))
        else:
            raise ExprError(f"{_describe(node)} is not allowed; use {_allowed()}", col)
    # The stack pops left before right, so first use means leftmost in the text.
    return tuple(seen)


def _check_call(text: str, node: ast.Call, fns: Mapping[str, Op], col: int) -> list[ast.expr]:
    if not isinstance(node.func, ast.Name):
        raise ExprError(f"only named functions can be called: {_function_list()}", col)
    name = node.func.id
    op = fns.get(name)
    if op is None:
        raise ExprError(f"unknown function {name!r}; available: {_function_list()}", col)
    if node.keywords:
        raise ExprError(f"{name}() takes no keyword arguments", col)
    if any(isinstance(a, ast.Starred) for a in node.args):
        raise ExprError(f"{name}() takes no *arguments", col)
    if len(node.args) != op.arity:
        want = "1 argument" if op.arity == 1 else f"{op.arity} arguments"
        raise ExprError(f"{name}() takes {want}, got {len(node.args)}", col)
    return list(node.args)


def _allowed() -> str:
    return _ALLOWED.format(fns=_function_list())


def _describe(node: ast.AST) -> str:
    kinds = {
        ast.Attribute: "attribute access ('.')",
        ast.Subscript: "indexing ('[...]')",
        ast.Compare: "a comparison",
        ast.BoolOp: "'and'/'or'",
        ast.IfExp: "'if ... else'",
        ast.Lambda: "lambda",
        ast.Tuple: "a tuple (',')",
        ast.List: "a list",
        ast.Dict: "a dict",
        ast.Set: "a set",
        ast.JoinedStr: "an f-string",
        ast.NamedExpr: "':='",
    }
    for kind, words in kinds.items():
        if isinstance(node, kind):
            return words
    return type(node).__name__


def _constant(value: object, col: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = "a string" if isinstance(value, (str, bytes)) else repr(value)
        raise ExprError(f"{kind} is not allowed; only real numbers such as 2 or 0.5", col)
    try:
        f = float(value)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise ExprError("number too large for a float (largest is about 1.8e308)", col)
    return f


# --- building the graph -------------------------------------------------------


def _build(text: str, tree: ast.expr, inputs: Mapping[str, Value]) -> Value:
    """Post-order walk with an explicit stack, so deep trees cannot overflow Python's stack."""
    fns = functions()
    out: list[Any] = []  # finished operands: Values, or floats for constant exponents
    stack: list[tuple[ast.expr, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, ast.Constant):
            out.append(Value(_constant(node.value, 0)))
        elif isinstance(node, ast.Name):
            out.append(inputs[node.id])
        elif not ready:
            stack.append((node, True))
            kids = _children(node)
            stack += [(k, False) for k in reversed(kids)]
        else:
            out.append(_combine(text, node, out, fns))
    assert len(out) == 1
    return out[0] if isinstance(out[0], Value) else Value(out[0])


def _children(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        # A number as exponent stays a number: x**2 is the one-input op a ↦ a², as in micrograd.
        if isinstance(node.op, ast.Pow) and _literal(node.right) is not None:
            return [node.left]
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [] if _literal(node) is not None else [node.operand]
    assert isinstance(node, ast.Call)
    return list(node.args)


def _literal(node: ast.expr) -> float | None:
    """The number a literal such as ``3`` or ``-0.5`` stands for, else None."""
    sign = 1.0
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant):
        return sign * _constant(node.value, 0)
    return None


def _combine(text: str, node: ast.expr, out: list[Any], fns: Mapping[str, Op]) -> Any:
    col = _column(text, node)
    try:
        if isinstance(node, ast.BinOp):
            exponent = _literal(node.right) if isinstance(node.op, ast.Pow) else None
            if exponent is not None:
                return out.pop() ** exponent
            b, a = out.pop(), out.pop()
            return _BINARY[type(node.op)](a, b)
        if isinstance(node, ast.UnaryOp):
            lit = _literal(node)
            if lit is not None:
                return Value(lit)
            a = out.pop()
            return -a if isinstance(node.op, ast.USub) else a
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        op = fns[node.func.id]
        args = [out.pop() for _ in node.args][::-1]
        return apply(op, *args)
    except (ValueError, ArithmeticError) as e:
        raise ExprError(str(e), col) from None
