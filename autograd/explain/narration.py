"""Words for the stepper, in English and Japanese, from one table.

Every sentence the stepper, the forward view and the CLI print is one entry of
:data:`TEMPLATES`, with its English and Japanese side by side, so the two
languages cannot drift apart (a test checks that both use the same fields).

A step reads like this (``L = d·f`` with d = 4, f = −2):

>>> from autograd import Value
>>> d, f = Value(4.0, "d"), Value(-2.0, "f")
>>> L = d * f
>>> L.label = "L"
>>> print(next(L.backward_steps()))
step 1/1: L = d · f = 4 · (-2) = -8
  upstream gradient ∂L/∂L = 1 (the starting point: anything's derivative with respect to itself is 1)
  → d: local derivative ∂L/∂d = f = -2
       chain rule: upstream × local = ∂L/∂L × ∂L/∂d = 1 × (-2) = -2
       d.grad += -2, so it went from 0 to -2
  → f: local derivative ∂L/∂f = d = 4
       chain rule: upstream × local = ∂L/∂L × ∂L/∂f = 1 × 4 = 4
       f.grad += 4, so it went from 0 to 4
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from typing import Protocol

from autograd.core.engine import Value
from autograd.core.numbers import factor, fmt
from autograd.explain.forward import node_arithmetic, node_expression
from autograd.explain.sentences import LANGUAGES, TABLES, check_lang, text


class Edge(Protocol):
    """What narration reads of one edge of a step (:class:`autograd.explain.record.Edge` has it)."""

    @property
    def parent(self) -> Value: ...
    @property
    def index(self) -> int: ...
    @property
    def local(self) -> float: ...
    @property
    def formula(self) -> str: ...
    @property
    def contribution(self) -> float: ...
    @property
    def grad_before(self) -> float: ...
    @property
    def grad_after(self) -> float: ...
    @property
    def accumulated(self) -> bool: ...


class BackwardStep(Protocol):
    """What narration reads of a step (:class:`autograd.explain.record.BackwardStep` has it).

    Narration reads the record, and the record narrates itself, so narration names
    the fields it reads instead of importing the record's class.
    """

    @property
    def index(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def node(self) -> Value: ...
    @property
    def grad(self) -> float: ...
    @property
    def names(self) -> Mapping[Value, str]: ...
    @property
    def root(self) -> Value | None: ...
    @property
    def held(self) -> tuple[tuple[str, float], ...]: ...

    @property
    def name(self) -> str: ...
    @property
    def edges(self) -> Sequence[Edge]: ...


__all__ = [
    "LANGUAGES",
    "TEMPLATES",
    "check_lang",
    "factor",
    "fmt",
    "local_formula",
    "narrate",
    "template_fields",
    "text",
]

#: Every sentence, keyed by what it says, with one template per language (from the per-language tables).
TEMPLATES: dict[str, dict[str, str]] = {
    key: {lang: TABLES[lang][key] for lang in LANGUAGES} for key in TABLES["en"]
}


def template_fields(key: str, lang: str) -> set[str]:
    """The ``{fields}`` a template uses (the tests check every language uses the same ones)."""
    return {f for _, f, _, _ in string.Formatter().parse(TEMPLATES[key][lang]) if f}


def local_formula(node: Value, edge: Edge, names: Mapping[Value, str]) -> str:
    """∂node/∂input_i from the op table, with the real names put in: rule ``{b}`` of ``a·b`` → ``f``.

    A built-in op's rule is a template over its inputs; a custom op's formula is
    shown as its author wrote it, with the op's declared input names replaced,
    or as the number itself when no formula was given.
    """
    op = node.op_entry
    if op is None:
        return edge.formula
    parents = [names[p] for p in node.parents]
    if op.rule_texts is not None:
        return op.rule_text(edge.index, *parents)
    rhs = op.rule_text(edge.index)
    if rhs.startswith("your rule"):
        return fmt(edge.local)  # define_op's stand-in text when no formula was given
    real = dict(zip(op.inputs, parents))
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, real)) + r")(?![A-Za-z0-9_])")
    return pattern.sub(lambda m: real[m.group(1)], rhs)


def op_word(node: Value, lang: str = "en") -> str:
    """The op of ``node`` in words (掛け算 for mul in Japanese); a custom op keeps its own name."""
    key = f"op_{node.op}"
    return text(key, lang) if key in TABLES[check_lang(lang)] else node.op


def position_word(node: Value, index: int, lang: str = "en") -> str:
    """Input ``index`` of ``node``'s op by its role: the first factor of a product, the denominator of a quotient."""
    key = f"position_{node.op}_{index}"
    return text(key, lang) if key in TABLES[check_lang(lang)] else text("position_any", lang, i=index + 1)


def held_note(held: Sequence[tuple[str, float]], root: str, lang: str = "en") -> str:
    """The note that leaves already hold gradients, which the pass will add to, and what to do about it."""
    items = "、" if lang == "ja" else ", "
    shown = items.join(text("held_item", lang, name=n, grad=fmt(g)) for n, g in held)
    return text("held_leaves", lang, held=shown, root=root)


def step_head(step: BackwardStep, lang: str = "en") -> list[str]:
    """A step's first two lines: the node as computed, and its upstream gradient."""
    names = step.names
    node = step.name
    root = names[step.root] if step.root is not None else node
    first = step.node is (step.root or step.node) and step.index == 0
    return [
        text(
            "step_head",
            lang,
            k=step.index + 1,
            n=step.total,
            node=node,
            expr=node_expression(step.node, names),
            arithmetic=node_arithmetic(step.node),
            value=fmt(step.node.data),
        ),
        text("upstream_root" if first else "upstream", lang, root=root, node=node, grad=fmt(step.grad)),
    ]


def narrate(step: BackwardStep, lang: str = "en") -> str:
    """Narrate one step: upstream × local = contribution, and how each parent's grad changed.

    Where one parent fills two inputs of the node (``x·x``), each edge names its
    input by role (∂y/∂(first factor)), since ∂y/∂x itself is the sum of both.
    """
    check_lang(lang)
    names = step.names
    node = step.name
    root = names[step.root] if step.root is not None else node
    lines = step_head(step, lang)
    if step.held:
        lines.append(held_note(step.held, root, lang))
    parents = step.node.parents
    for e in step.edges:
        parent = names[e.parent]
        formula = local_formula(step.node, e, names)
        same = formula.replace("−", "-") == fmt(e.local)
        shown = formula if same else f"{formula} = {fmt(e.local)}"
        if parents.count(e.parent) > 1:
            position = position_word(step.node, e.index, lang)
            lines.append(
                text("local_position", lang, parent=parent, node=node, position=position, formula=shown)
            )
            wrt = f"({position})"
        else:
            lines.append(text("local", lang, parent=parent, node=node, formula=shown))
            wrt = parent
        first = step.index == 0 and e is step.edges[0]
        lines.append(
            text(
                "chain_first" if first else "chain",
                lang,
                root=root,
                node=node,
                wrt=wrt,
                grad=fmt(step.grad),
                local=factor(e.local),
                contribution=fmt(e.contribution),
            )
        )
        lines.append(
            text(
                "accumulate",
                lang,
                parent=parent,
                contribution=fmt(e.contribution),
                before=fmt(e.grad_before),
                after=fmt(e.grad_after),
            )
        )
        if e.accumulated:
            lines.append(text("adds_up", lang, parent=parent))
    return "\n".join(lines)
