"""``audit(cls)``: check a learner's micrograd-style class against this engine, op by op and on random graphs."""

from __future__ import annotations

import contextlib
import io

from autograd.auditor.compare import Comparison
from autograd.auditor.diagnose import find
from autograd.auditor.limits import check_depth, check_twice
from autograd.auditor.probe import OK, WRONG, Probe, probe_forms, probe_order, probe_reuse, usable_exponents
from autograd.auditor.report import AuditReport
from autograd.auditor.sandbox import Clock, limited
from autograd.auditor.search import search
from autograd.core.numbers import float_of
from autograd.explain.sentences import check_lang, text

__all__ = ["DEFAULT_EXAMPLES", "AuditUsageError", "audit", "check_class"]

#: Random graphs tried by default.
DEFAULT_EXAMPLES = 200
#: Seconds each fixed case or random graph may take on the learner's class.
SECONDS = 2.0
#: Seconds the random search may take in all, at least (more for a large ``max_examples``).
BUDGET = 20.0


class AuditUsageError(TypeError, ValueError):
    """The thing to audit is not a usable class: not a class, no ``backward``, or ``cls(x)`` fails."""


def check_class(cls: object, lang: str = "en", seconds: float = SECONDS) -> type:
    """``cls`` itself if it looks like a micrograd-style class, else :class:`AuditUsageError` saying why."""
    name = getattr(cls, "__name__", repr(cls))
    if not isinstance(cls, type):
        raise AuditUsageError(text("audit_usage_not_class", lang, name=name, kind=type(cls).__name__))
    if not callable(getattr(cls, "backward", None)):
        raise AuditUsageError(text("audit_usage_no_backward", lang, name=name))
    made = limited(lambda: cls(1.5), seconds)
    if not made.ok:
        error = made.error or text("audit_item_timeout", lang, case="", seconds=seconds).strip(" ✗:")
        raise AuditUsageError(text("audit_usage_leaf", lang, name=name, error=error))
    read = limited(lambda: (float_of(made.value.data), float_of(made.value.grad)), seconds)
    if not read.ok:
        raise AuditUsageError(text("audit_usage_leaf_attrs", lang, name=name, error=read.error or "?"))
    return cls


def audit(
    cls: type,
    *,
    lang: str = "en",
    seed: int = 0,
    max_examples: int = DEFAULT_EXAMPLES,
    seconds: float = SECONDS,
) -> AuditReport:
    """Audit a micrograd-style class: ``cls(x)`` makes a leaf with ``.data``, ``.grad`` and ``.backward()``.

    Finds which of ``+ - * / **``, ``-a``, ``relu``, ``tanh``, ``exp``, ``log``
    and ``sigmoid`` it has (numbers on either side too), checks each on its
    own, then compares forward values and every leaf's gradient with this
    engine on ``max_examples`` random graphs (``seed`` makes the run
    repeatable), shrinking the first that disagrees.  Then it describes two
    limits: a chain of 5,000 ops, and two ``backward()`` calls.  The class's
    code runs with ``seconds`` per case and never raises out of here.

    The report is truthy when every op the class has is right; ``str()`` shows
    it in ``lang`` (``"en"`` or ``"ja"``), with the classic bug named when the
    evidence fits.

    >>> from autograd import Value
    >>> report = audit(Value, max_examples=20)
    >>> bool(report), report.bugs
    (True, ())
    """
    check_lang(lang)
    if max_examples < 1:
        raise ValueError(text("audit_usage_examples", lang, n=max_examples))
    if not seconds > 0:
        raise ValueError(f"seconds must be a positive time limit for each case, got {seconds!r}")
    check_class(cls, lang, seconds)
    sink = io.StringIO()  # the learner's prints go here, not into the report
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        clock = Clock(seconds)
        forms = probe_forms(cls, clock)
        runs = [p.form for p in forms if p.form is not None and p.status in (OK, WRONG) and _ran(p)]
        right = [p.form for p in forms if p.form is not None and p.status == OK]
        reuse = probe_reuse(cls, right, clock)
        order = probe_order(cls, right, reuse, clock)
        found = search(
            cls,
            runs,
            usable_exponents(cls, clock),
            seed=seed,
            max_examples=max_examples,
            clock=clock,
            budget=max(BUDGET, 0.05 * max_examples),
        )
        depth = check_depth(cls, right, clock)
        twice = check_twice(cls, right, clock)
    probes = (*forms, *reuse, *order)
    case = found.failure or _failing_probe(probes)
    adds_up = bool(reuse) and all(p.status == OK for p in reuse)
    finding = find(case, adds_up) if case is not None and not (case.error or case.timed_out) else None
    name = getattr(cls, "__qualname__", cls.__name__)
    return AuditReport(name, probes, found, case, finding, depth, twice, seconds, lang)


def _ran(p: Probe) -> bool:
    return p.comparison is not None and not p.comparison.error and not p.comparison.timed_out


def _failing_probe(probes: tuple[Probe, ...]) -> Comparison | None:
    """A failing fixed case to show in full when the random search found none (the wrong-order cases, say)."""
    wrong = [p.comparison for p in probes if p.status == WRONG and p.comparison is not None and _ran(p)]
    return min(wrong, key=lambda c: c.graph.size(), default=None)
