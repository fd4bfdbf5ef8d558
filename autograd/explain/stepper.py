"""A REPL-friendly driver for the backward pass: take one step, look, take the next.

>>> from autograd import Value, Stepper
>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> L = a * b
>>> L.label = "L"
>>> s = Stepper(L)
>>> s
Stepper(L): 0 of 1 steps taken; next: L (mul). Call .next() to take it.
>>> step = s.next()
>>> step.edges[0].contribution, a.grad, s.done
(-3.0, -3.0, True)
>>> s.next() is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, TextIO

from autograd.core.engine import Value, topological_order
from autograd.explain.forward import forward_trace
from autograd.explain.narration import check_lang, fmt, held_note, op_word, text
from autograd.explain.record import BackwardStep, backward_steps

if TYPE_CHECKING:
    from autograd.explain.quiz import QuizResult

__all__ = ["StepList", "Stepper", "Table", "grad_table", "step_report"]


class Table(str):
    """A str that a REPL shows as the table itself rather than as a quoted one-liner."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class StepList(list[BackwardStep]):
    """The steps ``run()`` took: a list, shown in a REPL as their narrations, one after another."""

    def __repr__(self) -> str:
        return "\n\n".join(str(s) for s in self) if self else "[]"


class Stepper:
    """Walk ``root``'s backward pass one node at a time.

    Creating it changes no gradient.  The first step begins the pass exactly as
    ``backward()`` does (interior grads 0, ``root.grad`` 1; leaves keep what
    they hold and add to it).  If the leaves already hold gradients from an
    earlier pass, ``repr`` and the first step say so; ``fresh=True`` sets the
    leaves' grads to 0 first.  ``next()`` takes one step and returns it (a REPL
    shows its narration, in the Stepper's ``lang``); once every step is taken, ``next()`` returns
    ``None``, so ``while (step := s.next()):`` walks the rest.  ``run()`` takes
    all remaining steps.  When ``done``, every grad equals what
    ``root.backward(create_graph)`` gives from the same starting grads.
    """

    def __init__(
        self, root: Value, lang: str = "en", create_graph: bool = False, fresh: bool = False
    ) -> None:
        if not isinstance(root, Value):
            raise TypeError(f"Stepper needs a Value to step back from, got {type(root).__name__}")
        self.root = root
        self.lang = check_lang(lang)
        self.create_graph = create_graph
        self.trace = forward_trace(root)
        self.names: Mapping[Value, str] = self.trace.names
        # The steps come in backward()'s own order (a reverse topological order,
        # which need not be the reverse of the reading order shown by the trace).
        self._order = topological_order(root)  # walked once; the pass reuses it
        self._pending = [n for n in reversed(self._order) if n.op_entry is not None]
        self._leaves = [r.node for r in self.trace if r.node.op_entry is None]  # in reading order
        if fresh:
            for leaf in self._leaves:
                leaf.grad = 0.0
        # Nothing is touched until the first step: building a Stepper changes no gradient.
        self._steps: Iterator[BackwardStep] | None = None
        self._held: tuple[tuple[str, float], ...] = ()
        #: The steps taken so far, in order.
        self.taken: list[BackwardStep] = []

    @property
    def held(self) -> tuple[tuple[str, float], ...]:
        """The leaves that hold a gradient from before this pass, as (name, grad); the pass adds to them."""
        if self._steps is not None:
            return self._held
        return tuple((self.names[v], float(v.grad)) for v in self._leaves if float(v.grad) != 0.0)

    def _start(self) -> Iterator[BackwardStep]:
        # The pass begins (interior grads reset, root seeded) at the first step, not at construction.
        if self._steps is None:
            self._held = self.held
            self._steps = backward_steps(
                self.root, create_graph=self.create_graph, order=self._order, names=self.names
            )
        return self._steps

    def _told(self, step: BackwardStep) -> BackwardStep:
        # The first step narrates the leaves' old gradients, if any, and what to do about them.
        held = self._held if step.index == 0 else ()
        return replace(step, lang=self.lang, held=held)

    @property
    def total(self) -> int:
        """Number of steps in all (the number of non-leaf nodes)."""
        return len(self._pending)

    @property
    def done(self) -> bool:
        """True once every step has been taken."""
        return len(self.taken) == self.total

    @property
    def upcoming(self) -> Value | None:
        """The node the next step will push from, or None when done."""
        return None if self.done else self._pending[len(self.taken)]

    def next(self) -> BackwardStep | None:
        """Take one step and return it; ``None`` once every step has been taken."""
        if self.done:
            return None
        step = self._told(next(self._start()))
        assert step.node is self._pending[len(self.taken)]
        self.taken.append(step)
        return step

    def run(self) -> StepList:
        """Take every remaining step; return them (empty if already done)."""
        rest = StepList(self._told(s) for s in self._start())
        self.taken += rest
        return rest

    def __iter__(self) -> Iterator[BackwardStep]:
        """The remaining steps, each taken as the loop reaches it."""
        while (step := self.next()) is not None:
            yield step

    def quiz(self, answers: Iterable[str] | None = None, out: TextIO | None = None) -> QuizResult:
        """Predict, then see: ask each step's local derivatives and upstream × local (:mod:`autograd.explain.quiz`)."""
        from autograd.explain.quiz import run_quiz

        return run_quiz(self, answers, out)

    def table(self) -> Table:
        """Every node's data and grad so far, in evaluation order, marking done and next."""
        return grad_table(self.root, self.lang, done=[s.node for s in self.taken], upcoming=self.upcoming)

    #: How Jupyter shows a Stepper (picture + narration); :mod:`autograd.view.notebook` sets it.
    display: ClassVar[Callable[[Stepper], dict[str, str]] | None] = None

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return Stepper.display(self) if Stepper.display is not None else {"text/plain": repr(self)}

    def __repr__(self) -> str:
        root = self.names[self.root]
        nxt = self.upcoming
        if nxt is None:
            return text("stepper_done", self.lang, root=root, n=self.total)
        key = "stepper_start" if not self.taken else "stepper_mid"
        line = text(
            key,
            self.lang,
            root=root,
            k=len(self.taken),
            n=self.total,
            next=self.names[nxt],
            op=op_word(nxt, self.lang),
        )
        if not self.taken and self.held:
            line += "\n" + held_note(self.held, root, self.lang)
        return line


def grad_table(
    root: Value, lang: str = "en", done: list[Value] | None = None, upcoming: Value | None = None
) -> Table:
    """A table of every node under ``root``: name, op (or input/constant), data and grad now.

    Nodes in ``done`` are marked as such, and ``upcoming`` as next.
    """
    check_lang(lang)
    trace = forward_trace(root)
    finished = set(done or ())
    head = text("table_head", lang).split("|")
    rows: list[list[str]] = []
    for r in trace:
        kind = r.expression if r.kind == "op" else text(r.kind, lang)
        status = ""
        if r.node in finished:
            status = text("table_done", lang)
        elif r.node is upcoming:
            status = text("table_next", lang)
        rows.append([r.name, kind, fmt(r.value), fmt(float(r.node.grad)), status])
    return Table(_columns([head, *rows]))


def _columns(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [c + " " * (w - _width(c)) for c, w in zip(row, widths)]
        out.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(out)


def _width(s: str) -> int:
    # Japanese characters take two columns in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def step_report(root: Value, inputs: Mapping[str, Value], lang: str = "en") -> str:
    """What ``autograd step`` prints: the forward pass, every backward step, then each input's grad."""
    stepper = Stepper(root, lang)
    name = stepper.names[root]
    count = text("count_one" if stepper.total == 1 else "count_many", lang, n=stepper.total)
    parts = [stepper.trace.render(lang), "", text("backward_title", lang, count=count, root=name)]
    steps = stepper.run()
    if not steps:
        parts.append(text("no_steps", lang, root=name) + "\n")
    parts += [str(s.explain(lang)) + "\n" for s in steps]
    parts.append(text("table_title", lang))
    parts.append(grad_table(root, lang))
    if inputs:
        parts += ["", text("gradients_title", lang)]
        parts += [f"  ∂{name}/∂{k} = {fmt(float(v.grad))}" for k, v in inputs.items()]
    return "\n".join(parts)
