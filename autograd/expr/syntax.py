"""One expression, checked: :func:`ast.parse` and then a whitelist, with an error naming the column.

The whitelist: numbers, names, ``+ - * / **``, unary ``-`` and ``+``, parentheses,
and calls of the op table's functions.  Anything else (attributes, subscripts,
comparisons, strings, keywords, ...) is an :class:`ExprError`.  The walk is
iterative, so a deep tree cannot overflow Python's stack.

>>> tree, uses = parse_piece("a*b + exp(a)")
>>> uses
[('a', 1), ('b', 3)]
"""

from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from autograd.core.ops import OPS, Op
from autograd.expr.errors import ExprError, Sentence

__all__ = ["MAX_DEPTH", "check_characters", "check_depth", "column_of", "functions", "parse_piece"]

#: Deepest parenthesis nesting accepted (a call's parentheses count).
MAX_DEPTH = 50

#: Python's syntax for each operator the op table may use (its ``notation.code``), and what it does.
PYTHON_OPERATORS: dict[str, tuple[type[ast.operator], Callable[[Any, Any], Any]]] = {
    "+": (ast.Add, operator.add),
    "-": (ast.Sub, operator.sub),
    "*": (ast.Mult, operator.mul),
    "/": (ast.Div, operator.truediv),
    "**": (ast.Pow, operator.pow),
}

_ALLOWED_BINARY = tuple(
    PYTHON_OPERATORS[op.notation.code][0] for op in OPS.values() if op.notation.kind == "infix"
)

# Python operators the grammar knows but we do not: the sentence saying what to write instead.
_REFUSED: dict[type[ast.AST], Sentence] = {
    ast.BitXor: Sentence("cli_op_xor"),
    ast.FloorDiv: Sentence("cli_op_floordiv"),
    ast.Mod: Sentence("cli_op_mod"),
    ast.MatMult: Sentence("cli_op_matmul"),
    ast.LShift: Sentence("cli_op_unsupported", op="'<<'"),
    ast.RShift: Sentence("cli_op_unsupported", op="'>>'"),
    ast.BitOr: Sentence("cli_op_unsupported", op="'|'"),
    ast.BitAnd: Sentence("cli_op_unsupported", op="'&'"),
    ast.Invert: Sentence("cli_op_unsupported", op="'~'"),
    ast.Not: Sentence("cli_op_unsupported", op="'not'"),
}

# What each refused kind of node is called.
_KINDS: dict[type[ast.AST], str] = {
    ast.Attribute: "cli_kind_attribute",
    ast.Subscript: "cli_kind_subscript",
    ast.Compare: "cli_kind_compare",
    ast.BoolOp: "cli_kind_boolop",
    ast.IfExp: "cli_kind_ifexp",
    ast.Lambda: "cli_kind_lambda",
    ast.Tuple: "cli_kind_tuple",
    ast.List: "cli_kind_list",
    ast.Dict: "cli_kind_dict",
    ast.Set: "cli_kind_set",
    ast.JoinedStr: "cli_kind_fstring",
    ast.NamedExpr: "cli_kind_walrus",
    ast.ListComp: "cli_kind_comprehension",
    ast.SetComp: "cli_kind_comprehension",
    ast.DictComp: "cli_kind_comprehension",
    ast.GeneratorExp: "cli_kind_comprehension",
    ast.Starred: "cli_kind_starred",
}

# Characters that are no key's typo, with what to type instead.
_CHAR_HINTS = {"√": "sqrt(x)"}
_QUOTES = "“”‘’「」『』\"'`"


def functions() -> dict[str, Op]:
    """The ops an expression may call by name: every op in the table not written as an operator."""
    return {name: op for name, op in OPS.items() if op.notation.kind == "call"}


def function_list() -> str:
    """The callable functions' names, separated by spaces."""
    return " ".join(functions())


def allowed() -> Sentence:
    """What an expression may hold."""
    return Sentence("cli_allowed", fns=function_list())


def check_characters(text: str) -> None:
    """Refuse control characters, and characters no name or operator can hold, naming what to type."""
    for i, ch in enumerate(text):
        if ch.isascii():
            if not ch.isprintable() and ch != "\n":
                raise ExprError(Sentence("cli_expr_control", char=repr(ch)), i + 1)
        elif not ("a" + ch).isidentifier():
            raise ExprError(_char_sentence(ch), i + 1)


def _char_sentence(ch: str) -> Sentence:
    if ch in _QUOTES:
        return Sentence("cli_expr_string")
    if ch in _CHAR_HINTS:
        return Sentence("cli_expr_char_hint", char=repr(ch), fix=_CHAR_HINTS[ch])
    shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
    return Sentence("cli_expr_char", char=shown, allowed=allowed())


def check_depth(text: str) -> None:
    """Refuse parentheses nested more than :data:`MAX_DEPTH` deep, before the parser recurses into them."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ExprError(Sentence("cli_expr_too_deep", limit=MAX_DEPTH), i + 1)
        elif ch in ")]}":
            depth -= 1


def column_of(source: str, node: ast.AST) -> int:
    """1-based character column of ``node``; for a binary operator, of the operator itself."""
    raw = source.encode("utf-8")
    off = getattr(node, "col_offset", 0)
    if isinstance(node, ast.BinOp) and node.left.end_col_offset is not None:
        # Skip the spaces and closing parentheses between the left operand and the operator.
        off = node.left.end_col_offset
        while off < len(raw) and raw[off : off + 1] in (b" ", b")", b"\t"):
            off += 1
    # ast offsets count UTF-8 bytes; people count characters.
    return len(raw[:off].decode("utf-8", errors="ignore")) + 1


def parse_piece(source: str) -> tuple[ast.expr, list[tuple[str, int]]]:
    """Parse and check one expression (no leading spaces); return its tree and its names.

    The names come in order of first use, each with the column of that use.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for '1is 2'; refused below anyway
            tree = ast.parse(source, mode="eval").body
    except SyntaxError as e:
        raise syntax_error(source, e) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError(Sentence("cli_expr_too_complex")) from None
    return tree, _check_tree(source, tree)


# --- syntax errors, said plainly --------------------------------------------------


def syntax_error(text: str, e: SyntaxError) -> ExprError:
    """Python's SyntaxError as a sentence, with what to type where the cause is a common slip."""
    col = e.offset if e.offset is not None and e.offset >= 1 else None
    msg = e.msg
    if col is not None:
        col = min(col, len(text) + 1)
    if msg.startswith(("invalid syntax", "unexpected EOF")) or msg == "unexpected end of input":
        if col is None or col > len(text):
            return ExprError(
                Sentence("cli_expr_syntax", detail=Sentence("cli_syntax_ends_early")), len(text) + 1
            )
        if text[col - 1] == "=":
            return ExprError(Sentence("cli_expr_assign_target"), col)
        return ExprError(Sentence("cli_expr_syntax", detail=_unexpected(text, col - 1)), col)
    if "instead of '='" in msg or "cannot assign" in msg:
        eq = text.find("=")
        return ExprError(Sentence("cli_expr_assign_target"), eq + 1 if eq >= 0 else col)
    if msg.startswith("leading zeros") and col is not None:
        start, token = _token_at(text, col - 1)
        fix = token.lstrip("0") or "0"
        detail = Sentence("cli_syntax_leading_zero", token=repr(token), fix=fix)
        return ExprError(Sentence("cli_expr_syntax", detail=detail), start + 1)
    if col is not None and "literal" in msg and ("decimal" in msg or "octal" in msg or "hex" in msg):
        start, token = _token_at(text, col - 1)
        return ExprError(Sentence("cli_expr_syntax", detail=_number_sentence(token)), start + 1)
    if "string literal" in msg:
        return ExprError(Sentence("cli_expr_string"), col)
    if "was never closed" in msg:
        return ExprError(Sentence("cli_expr_syntax", detail=Sentence("cli_syntax_never_closed")), col)
    if msg.startswith("unmatched"):
        return ExprError(Sentence("cli_expr_syntax", detail=Sentence("cli_syntax_unmatched")), col)
    return ExprError(Sentence("cli_expr_syntax", detail=Sentence("cli_syntax_python", detail=msg)), col)


_WORD = re.compile(r"[\w.]+")


def _token_at(text: str, i: int) -> tuple[int, str]:
    """The run of letters, digits, ``_`` and ``.`` that holds index ``i``, and where it starts."""
    for m in _WORD.finditer(text):
        if m.start() <= i < m.end():
            return m.start(), m.group()
    return i, text[i : i + 1]


def _number_sentence(token: str) -> Sentence:
    m = re.fullmatch(r"(\d+(?:\.\d*)?)([^\W\d]\w*)", token)
    if m is not None:
        return Sentence("cli_syntax_implicit_mul", token=repr(token), fix=f"{m.group(1)}*{m.group(2)}")
    return Sentence("cli_syntax_number", token=repr(token))


def _operand_end(ch: str) -> bool:
    return ch.isalnum() or ch in "_)."


def _unexpected(text: str, i: int) -> Sentence:
    """'unexpected x' at index ``i``; when an operand meets another (``a b``, ``2 x``), how to multiply."""
    ch = text[i]
    before = text[:i].rstrip()
    if before and _operand_end(before[-1]) and (ch.isalnum() or ch in "_(") and not _is_keyword_at(text, i):
        fix = f"{before[-12:]}*{text[i : i + 12]}"
        return Sentence("cli_syntax_juxtaposed", char=repr(ch), fix=fix)
    return Sentence("cli_syntax_unexpected", char=repr(ch))


def _is_keyword_at(text: str, i: int) -> bool:
    m = re.match(r"\w+", text[i:])
    return m is not None and m.group() in ("if", "else", "and", "or", "not", "in", "is", "for", "lambda")


# --- the whitelist -------------------------------------------------------------------


def _check_tree(source: str, tree: ast.expr) -> list[tuple[str, int]]:
    """Refuse every node outside the whitelist; return the names in order of first use, with columns."""
    fns = functions()
    seen: dict[str, int] = {}
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        col = column_of(source, node)
        if isinstance(node, ast.Constant):
            constant(node.value, col)
        elif isinstance(node, ast.Name):
            if node.id in fns:
                raise ExprError(Sentence("cli_expr_fn_not_called", name=node.id), col)
            seen.setdefault(node.id, col)
        elif isinstance(node, ast.BinOp):
            if not isinstance(node.op, _ALLOWED_BINARY):
                raise ExprError(_REFUSED.get(type(node.op), Sentence("cli_op_unsupported", op="?")), col)
            stack += [node.right, node.left]
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise ExprError(_REFUSED.get(type(node.op), Sentence("cli_op_unsupported", op="?")), col)
            stack.append(node.operand)
        elif isinstance(node, ast.Call):
            stack += reversed(_check_call(source, node, fns, col))
        else:
            raise ExprError(Sentence("cli_expr_not_allowed", what=_describe(node), allowed=allowed()), col)
    # The stack pops left before right, so first use means leftmost in the text.
    return list(seen.items())


def _check_call(source: str, node: ast.Call, fns: Mapping[str, Op], col: int) -> list[ast.expr]:
    if not isinstance(node.func, ast.Name):
        # 2(x+1) or (a+b)(c+d): a product written without its '*'.
        fix = _product_fix(source, node)
        raise ExprError(Sentence("cli_expr_call_not_named", fns=function_list(), fix=fix), col)
    name = node.func.id
    op = fns.get(name)
    if op is None:
        fix = _product_fix(source, node)
        raise ExprError(Sentence("cli_expr_unknown_fn", name=repr(name), fns=function_list(), fix=fix), col)
    if node.keywords:
        raise ExprError(Sentence("cli_expr_no_keywords", name=name), col)
    if any(isinstance(a, ast.Starred) for a in node.args):
        raise ExprError(Sentence("cli_expr_no_star", name=name), col)
    if len(node.args) != op.arity:
        key = "cli_expr_arity_one" if op.arity == 1 else "cli_expr_arity_many"
        raise ExprError(Sentence(key, name=name, want=op.arity, got=len(node.args)), col)
    return list(node.args)


def _product_fix(source: str, node: ast.Call) -> str:
    """``a*(b+c)`` for the call ``a(b+c)``: the product the call probably meant."""
    whole = ast.get_source_segment(source, node) or ""
    depth, k = 0, len(whole)
    for k in range(len(whole) - 1, -1, -1):  # the '(' that opens the argument list
        depth += {")": 1, "(": -1}.get(whole[k], 0)
        if depth == 0:
            break
    shown = f"{whole[:k].rstrip()}*{whole[k:]}"
    return shown if len(shown) <= 30 else f"{whole[:k].rstrip()[:12]}*(…)"


def _describe(node: ast.AST) -> Sentence:
    for kind, key in _KINDS.items():
        if isinstance(node, kind):
            return Sentence(key)
    return Sentence("cli_kind_other", name=type(node).__name__)


def constant(value: object, col: int) -> float:
    """The float a literal stands for; a string, a complex or an overflowing number is an ExprError."""
    if isinstance(value, (str, bytes)):
        raise ExprError(Sentence("cli_expr_string"), col)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExprError(Sentence("cli_expr_constant", value=repr(value)), col)
    try:
        f = float(value)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise ExprError(Sentence("cli_expr_too_large"), col)
    return f
