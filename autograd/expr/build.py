"""Building the graph of a checked :class:`~autograd.expr.parse.Expression`, node by node, with the engine.

Nothing is evaluated by Python: each node of the tree becomes an engine op.  The
walk uses an explicit stack, so deep trees cannot overflow Python's stack.  When
an op refuses its inputs (``log(x)`` at x = −1), the error names them as the
text does: the user's variables and intermediates, not the op table's ``a`` and ``b``.
"""

from __future__ import annotations

import ast
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from autograd.core import ops
from autograd.core.engine import Value, apply
from autograd.core.numbers import fmt
from autograd.core.ops import Op
from autograd.expr.errors import ExprError, Sentence
from autograd.expr.statement import Statement
from autograd.expr.syntax import PYTHON_OPERATORS, column_of, constant, functions


class Expression(Protocol):
    """What building reads of a parsed :class:`~autograd.expr.parse.Expression` (parsing calls building)."""

    @property
    def variables(self) -> tuple[str, ...]: ...
    @property
    def statements(self) -> tuple[Statement, ...]: ...
    @property
    def names(self) -> tuple[str, ...]: ...
    def column(self, col: int) -> int: ...


__all__ = ["leaves", "names_sentence", "run"]

# Each infix op of the table, by the Python operator that writes it.
_BINARY: dict[type[ast.operator], tuple[Callable[[Any, Any], Any], Op]] = {
    PYTHON_OPERATORS[op.notation.code][0]: (PYTHON_OPERATORS[op.notation.code][1], op)
    for op in ops.OPS.values()
    if op.notation.kind == "infix"
}


def names_sentence(key: str, names: Sequence[str], **fields: object) -> Sentence:
    """``key_one`` or ``key_many`` with the names quoted and listed."""
    quoted = ", ".join(repr(n) for n in names)
    return Sentence(f"{key}_one" if len(names) == 1 else f"{key}_many", names=quoted, **fields)


def leaves(expr: Expression, values: Mapping[str, float]) -> dict[str, Value]:
    """One leaf per variable, labelled with its name, after checking ``values`` against the variables."""
    computed = [k for k in values if k in expr.names]
    if computed:
        name = computed[0]
        raise ExprError(Sentence("cli_expr_computed_given", name=name, value=_shown(values[name])))
    missing = [v for v in expr.variables if v not in values]
    if missing:
        need = tuple(Sentence("cli_need_value", name=v) for v in missing)
        raise ExprError(names_sentence("cli_expr_missing", missing, need=need))
    extra = [k for k in values if k not in expr.variables]
    if extra:
        uses = (
            Sentence("cli_expr_uses", names=" ".join(expr.variables))
            if expr.variables
            else Sentence("cli_expr_uses_none")
        )
        raise ExprError(names_sentence("cli_expr_extra", extra, uses=uses))
    return {name: Value(_check_number(name, values[name]), name) for name in expr.variables}


def _shown(x: object) -> str:
    return fmt(float(x)) if isinstance(x, numbers.Real) else repr(x)


def _check_number(name: str, x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ExprError(Sentence("cli_expr_value_type", name=name, value=repr(x)))
    f = float(x)
    if not math.isfinite(f):
        raise ExprError(Sentence("cli_expr_value_nan", name=name, value=repr(x)))
    return f


def run(expr: Expression, inputs: Mapping[str, Value], sources: dict[Value, str] | None) -> Value:
    """Build every statement in turn; label each named one; return the last.

    ``sources``, when given, is filled with how the text writes each node.
    """
    env: dict[str, Value] = dict(inputs)
    value: Value | None = None
    for st in expr.statements:
        value = _build(expr, st, env, sources)
        if st.name:
            value.label = st.name
            env[st.name] = value
            if sources is not None:
                sources[value] = st.name
    assert value is not None
    return value


def _build(
    expr: Expression, st: Statement, env: Mapping[str, Value], sources: dict[Value, str] | None
) -> Value:
    """Post-order walk with an explicit stack."""
    fns = functions()
    out: list[Value] = []
    stack: list[tuple[ast.expr, bool]] = [(st.tree, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, ast.Name):
            out.append(env[node.id])
            continue
        if isinstance(node, ast.Constant) or (not ready and _literal(node) is not None):
            v = Value(_literal_value(node))
        elif not ready:
            stack.append((node, True))
            stack += [(k, False) for k in reversed(_children(node))]
            continue
        else:
            v = _combine(expr, st, node, out, fns)
        if sources is not None and v not in sources:
            sources[v] = ast.get_source_segment(st.source, node) or fmt(v.data)
        out.append(v)
    assert len(out) == 1
    return out[0]


def _children(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        # A number as exponent stays a number: x**2 is the one-input op a ↦ a², as in micrograd.
        if isinstance(node.op, ast.Pow) and _literal(node.right) is not None:
            return [node.left]
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    assert isinstance(node, ast.Call)
    return list(node.args)


def _literal(node: ast.expr) -> float | None:
    """The number a literal such as ``3`` or ``-0.5`` stands for, else None."""
    sign = 1.0
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant):
        return sign * constant(node.value, 0)
    return None


def _literal_value(node: ast.expr) -> float:
    x = _literal(node)
    assert x is not None
    return x


def _op_of(node: ast.expr, fns: Mapping[str, Op]) -> Op:
    if isinstance(node, ast.BinOp):
        exponent = _literal(node.right) if isinstance(node.op, ast.Pow) else None
        return ops.pow_const(exponent) if exponent is not None else _BINARY[type(node.op)][1]
    if isinstance(node, ast.UnaryOp):
        return ops.NEG
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return fns[node.func.id]


def _combine(
    expr: Expression, st: Statement, node: ast.expr, out: list[Value], fns: Mapping[str, Op]
) -> Value:
    kids = _children(node)
    args = out[len(out) - len(kids) :]
    del out[len(out) - len(kids) :]
    try:
        if isinstance(node, ast.BinOp):
            if len(args) == 1:
                return args[0] ** _literal_value(node.right)
            result: Value = _BINARY[type(node.op)][0](args[0], args[1])
            return result
        if isinstance(node, ast.UnaryOp):
            return -args[0] if isinstance(node.op, ast.USub) else args[0]
        return apply(_op_of(node, fns), *args)
    except (ValueError, ArithmeticError) as e:
        col = expr.column(st.offset + column_of(st.source, node))
        raise ExprError(_op_sentence(e, _op_of(node, fns), st.source, node, kids, args), col) from None


# --- an op's refusal, in the user's names ----------------------------------------


def _name(source: str, node: ast.expr) -> str | None:
    """How the text names an input: ``x``, ``(x - 1)``; None for a number, which shows as its value."""
    if isinstance(node, ast.Name):
        return node.id
    if _literal(node) is not None:
        return None
    seg = ast.get_source_segment(source, node) or "…"
    if len(seg) > 24:
        seg = seg[:23] + "…"
    return seg if isinstance(node, ast.Call) else f"({seg})"


def _op_sentence(
    exc: Exception, op: Op, source: str, node: ast.expr, kids: Sequence[ast.expr], args: Sequence[Value]
) -> Sentence:
    names = [_name(source, k) for k in kids]
    shown = [f"{n} = {fmt(a.data)}" if n else fmt(a.data) for n, a in zip(names, args)]
    call: str | Sentence
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        call = f"{node.func.id}({', '.join(shown)})"
    else:
        whole = ast.get_source_segment(source, node) or op.name
        at = list(dict.fromkeys(s for n, s in zip(names, shown) if n))
        call = Sentence("cli_call_at", source=whole, values=", ".join(at)) if at else whole
    if isinstance(exc, OverflowError):
        return Sentence("cli_expr_overflow", call=call)
    placeholders = [n if n is not None else fmt(a.data) for n, a in zip(names, args)]
    domain = _domain(op, placeholders)
    if isinstance(exc, ZeroDivisionError):
        if domain is None:
            return Sentence("cli_expr_div_zero_nodomain", call=call)
        return Sentence("cli_expr_div_zero", call=call, domain=domain)
    if domain is None:
        return Sentence("cli_expr_undefined_nodomain", call=call)
    return Sentence("cli_expr_undefined", call=call, domain=domain)


def _domain(op: Op, names: Sequence[str]) -> Sentence | None:
    """Where ``op`` is defined, in the names of its inputs."""
    a = names[0] if names else "a"
    b = names[1] if len(names) > 1 else "b"
    if op is ops.DIV:
        return Sentence("cli_domain_div", b=b)
    if op is ops.POW:
        return Sentence("cli_domain_pow", a=a, b=b)
    if op.name == "pow" and op.param is not None:
        return Sentence("cli_domain_pow_const_neg" if op.param < 0 else "cli_domain_pow_const", a=a)
    keys = {ops.EXP: "cli_domain_exp", ops.LOG: "cli_domain_log", ops.SQRT: "cli_domain_sqrt"}
    key = keys.get(op)
    if key is not None:
        return Sentence(key, a=a)
    if op.domain:
        return Sentence("cli_domain_other", domain=op.domain)
    return None
