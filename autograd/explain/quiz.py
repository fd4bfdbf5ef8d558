"""Predict, then see: a quiz on each backward step, asked before the stepper shows it.

For each step, in backward order, and each edge of it in argument order, the
quiz asks two numbers: the local derivative ∂node/∂parent, then the
contribution, upstream × local.  Answers are one per line, parsed by the safe
expression parser (``-3``, ``1/2``, ``2*3``) and accepted within 1e-6
relative.  ``?`` shows the answer and counts as wrong.  The end of the input
stops the quiz; the score line comes last either way.

>>> from autograd import Value, Stepper
>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> L = a * b
>>> L.label = "L"
>>> result = Stepper(L).quiz(["-3", "-3", "2", "?"])  # doctest: +ELLIPSIS
quiz: ...
  → a: local derivative ∂L/∂a = ? -3
    ✓
  → a: upstream × local = ∂L/∂L × ∂L/∂a = ? -3
    ✓
  → b: local derivative ∂L/∂b = ? 2
    ✓
  → b: upstream × local = ∂L/∂L × ∂L/∂b = ? ?
    it is 2: upstream × local = 1 × 2 = 2 (counted as wrong)
score: 3/4
>>> result.right, result.total, result.asked
(3, 4, 4)
"""

from __future__ import annotations

import math
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TextIO

from autograd.core.engine import Value, topological_order
from autograd.explain.narration import factor, fmt, local_formula, step_head
from autograd.explain.record import BackwardStep, Edge
from autograd.explain.sentences import text
from autograd.expr import ExprError, parse_expression

__all__ = ["QuizResult", "read_answer", "run_quiz"]

#: Answers within this relative distance of the right one count as right.
RTOL = 1e-6
_ATOL = 1e-9


class Steps(Protocol):
    """What the quiz needs from a :class:`~autograd.explain.stepper.Stepper`."""

    root: Value
    lang: str
    taken: list[BackwardStep]

    def next(self) -> BackwardStep | None: ...


@dataclass(frozen=True)
class QuizResult:
    """``right`` answers out of ``total`` questions; ``asked`` is fewer than ``total`` when the input ended early."""

    right: int
    total: int
    asked: int


def read_answer(line: str) -> float | None:
    """The number a line stands for (``-3``, ``1/2``, ``2*3``, full-width ``－３`` too), or None if it is not one."""
    s = unicodedata.normalize("NFKC", line).replace("−", "-").strip()
    try:
        root, _ = parse_expression(s).build({})
    except ExprError:
        return None
    return root.data if math.isfinite(root.data) else None


def _reader(answers: Iterable[str] | None, out: TextIO) -> Callable[[str], str | None]:
    """``ask(prompt) -> line`` (None at the end): ``input()`` for a person, else the next of ``answers``, echoed."""
    isatty = getattr(answers, "isatty", None)
    if answers is None or (answers is sys.stdin and callable(isatty) and isatty()):

        def ask_person(prompt: str) -> str | None:
            out.flush()
            try:
                return input(prompt)
            except EOFError:
                out.write("\n")
                return None

        return ask_person
    lines: Iterator[str] = iter(answers.splitlines() if isinstance(answers, str) else answers)

    def ask_file(prompt: str) -> str | None:
        line = next(lines, None)
        if line is None:
            out.write(prompt.rstrip() + "\n")
            return None
        line = line.rstrip("\r\n")
        out.write(f"{prompt}{line}\n")
        return line

    return ask_file


def run_quiz(steps: Steps, answers: Iterable[str] | None = None, out: TextIO | None = None) -> QuizResult:
    """Quiz the steps ``steps`` has left; print to ``out`` (default stdout); return the score."""
    out = out if out is not None else sys.stdout
    lang = steps.lang
    pending = [n for n in reversed(topological_order(steps.root)) if n.op_entry is not None][
        len(steps.taken) :
    ]
    total = 2 * sum(len(n.parents) for n in pending)
    ask = _reader(answers, out)
    right = asked = 0
    root = _name(steps.root, steps)
    out.write(text("quiz_intro", lang, root=root) + "\n")
    if not pending and not steps.root.parents:
        out.write(text("no_steps", lang, root=root) + "\n")
    questions = (
        (step, edge, kind) for step in iter(steps.next, None) for edge in step.edges for kind in _KINDS
    )
    shown: BackwardStep | None = None
    for step, edge, kind in questions:
        if step is not shown:
            out.write(_head(step, lang) + "\n")
            shown = step
        verdict = _question(step, edge, kind, lang, ask, out)
        if verdict is None:
            break
        asked += 1
        right += verdict == "right"
        out.write(_feedback(step, edge, kind, lang, verdict) + "\n")
    if asked < total:
        out.write(text("quiz_stopped", lang, asked=asked, total=total) + "\n")
    out.write(text("quiz_score", lang, right=right, total=total) + "\n")
    out.flush()
    return QuizResult(right, total, asked)


_KINDS = ("local", "chain")


def _name(node: Value, steps: Steps) -> str:
    names = getattr(steps, "names", None)
    return names[node] if names is not None and node in names else node.label or "L"


def _head(step: BackwardStep, lang: str) -> str:
    """The step's first two lines as the stepper narrates them: the node, and its upstream gradient."""
    return "\n".join(step_head(step, lang))


def _fields(step: BackwardStep, edge: Edge) -> dict[str, str]:
    names = step.names
    formula = local_formula(step.node, edge, names)
    shown = formula if formula.replace("−", "-") == fmt(edge.local) else f"{formula} = {fmt(edge.local)}"
    return {
        "node": step.name,
        "parent": names[edge.parent],
        "root": names[step.root] if step.root is not None else step.name,
        "rule": edge.formula,
        "formula": shown,
        "grad": fmt(step.grad),
        "local": factor(edge.local),
    }


def _right(edge: Edge, kind: str) -> float:
    return edge.local if kind == "local" else edge.contribution


def _question(
    step: BackwardStep, edge: Edge, kind: str, lang: str, ask: Callable[[str], str | None], out: TextIO
) -> str | None:
    """Ask until an answer is readable: ``"right"``, ``"wrong"`` or ``"reveal"`` (``?``); None when the input ends."""
    prompt = text(f"quiz_ask_{kind}", lang, **_fields(step, edge))
    while (line := ask(prompt)) is not None:
        answer = line.strip()
        if answer in ("?", "？"):
            return "reveal"
        value = read_answer(answer) if answer else None
        if value is not None:
            return (
                "right" if math.isclose(value, _right(edge, kind), rel_tol=RTOL, abs_tol=_ATOL) else "wrong"
            )
        if answer:
            out.write(text("quiz_unreadable", lang, text=answer) + "\n")
    return None


def _feedback(step: BackwardStep, edge: Edge, kind: str, lang: str, verdict: str) -> str:
    if verdict == "right":
        return text("quiz_right", lang)
    return text(f"quiz_{verdict}_{kind}", lang, answer=fmt(_right(edge, kind)), **_fields(step, edge))
