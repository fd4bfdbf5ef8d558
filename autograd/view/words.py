"""Every word inside a picture, from the one sentence table (keys ``pictures_*``).

>>> word("grad", "ja", value="-3")
'勾配 -3'
"""

from __future__ import annotations

from collections.abc import Mapping

from autograd.core.engine import Value, local_derivatives
from autograd.core.numbers import fmt
from autograd.explain.forward import node_expression
from autograd.explain.narration import local_formula
from autograd.explain.record import Edge
from autograd.explain.sentences import text
from autograd.view.style import shown_symbol

__all__ = ["hover_edge", "hover_op", "hover_value", "num", "word"]


def word(key: str, lang: str, **fields: object) -> str:
    """The picture sentence ``pictures_<key>`` in ``lang``."""
    return text(f"pictures_{key}", lang, **fields)


def num(x: float) -> str:
    """A number as drawn: 4 significant digits, no ``-0``."""
    return fmt(x, 4)


def _expr(node: Value, names: Mapping[Value, str]) -> str:
    return node_expression(node, names).replace(" · ", " × ")


def hover_value(node: Value, names: Mapping[Value, str], root: str, grad: float, lang: str) -> str:
    """What hovering a value's record shows: its name, formula, value and gradient."""
    name = names[node]
    if node.op_entry is None:
        return word("hover_leaf", lang, name=name, data=num(node.data), root=root, grad=num(grad))
    expr = _expr(node, names)
    return word("hover_value", lang, name=name, expr=expr, data=num(node.data), root=root, grad=num(grad))


def hover_op(node: Value, names: Mapping[Value, str], lang: str) -> str:
    """What hovering an op circle shows: the formula with the user's names, the op, and its local derivatives."""
    op = node.op_entry
    assert op is not None
    shown = ", ".join(
        f"∂{names[node]}/∂{names[p]} = {_formula(node, i, loc, names)}"
        for i, (p, loc) in enumerate(zip(node.parents, local_derivatives(node)))
    )
    return word("hover_op", lang, name=names[node], expr=_expr(node, names), op=op.name, locals=shown)


def _formula(node: Value, i: int, local: float, names: Mapping[Value, str]) -> str:
    """The local derivative into parent ``i`` with the user's names, and its value when that says more."""
    op = node.op_entry
    assert op is not None
    edge = Edge(node.parents[i], i, local, op.formulas[i], 0.0, 0.0, 0.0)
    formula = local_formula(node, edge, names).replace("·", shown_symbol("·"))
    if formula.replace("−", "-") not in (num(local), fmt(local)):
        formula = f"{formula} = {num(local)}"
    return formula


def hover_edge(node: Value, i: int, local: float, names: Mapping[Value, str], lang: str) -> str:
    """What hovering the edge from ``node`` to its parent ``i`` shows: the local derivative's formula."""
    parent = node.parents[i]
    return word(
        "hover_edge", lang, node=names[node], parent=names[parent], formula=_formula(node, i, local, names)
    )
