"""What a check returns: one row per derivative, and a table a beginner can read."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["KINK", "MISMATCH", "NON_FINITE", "OK", "GradcheckError", "GradcheckReport", "GradcheckRow"]

#: The status of a row.
OK, MISMATCH, KINK, NON_FINITE = "ok", "MISMATCH", "KINK", "NON-FINITE"


@dataclass(frozen=True)
class GradcheckRow:
    """One derivative: backward's value (``analytic``) against finite differences (``numeric``).

    ``status`` is ``"ok"``, ``"MISMATCH"`` (they disagree by more than
    ``allowed``), ``"KINK"`` (f has no single slope here) or ``"NON-FINITE"``
    (a NaN or infinity, or f undefined at a nudged point).  ``left`` and
    ``right`` are the one-sided slopes (f(x) − f(x−h))/h and (f(x+h) − f(x))/h.
    ``note`` says in words what went wrong, ``""`` for a passing row.
    """

    index: int
    label: str
    analytic: float
    numeric: float
    abs_err: float
    rel_err: float
    ok: bool
    status: str
    allowed: float
    at: float
    step: float
    left: float = math.nan
    right: float = math.nan
    note: str = ""


@dataclass(frozen=True)
class GradcheckReport:
    """The result of a check: truthy if and only if every row passed.

    ``str(report)`` is the table, with failing rows marked ``✗`` and a note
    under the table for each one.
    """

    rows: tuple[GradcheckRow, ...]
    atol: float
    rtol: float
    eps: float | None
    title: str
    kind: str = "input"

    def __bool__(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def passed(self) -> bool:
        """True if every row passed."""
        return bool(self)

    @property
    def failures(self) -> tuple[GradcheckRow, ...]:
        """The rows that did not pass."""
        return tuple(r for r in self.rows if not r.ok)

    def __str__(self) -> str:
        return _table(self)


class GradcheckError(AssertionError):
    """A check failed; the message is the report's table, failing rows marked ``✗``.

    ``error.report`` holds the :class:`GradcheckReport`.
    """

    def __init__(self, report: GradcheckReport) -> None:
        super().__init__(str(report))
        self.report = report

    def __reduce__(self) -> tuple[type[GradcheckError], tuple[GradcheckReport]]:
        # Rebuilt from the report, not the message, so it survives pickling (pytest-xdist, multiprocessing).
        return (GradcheckError, (self.report,))


def _num(x: float) -> str:
    return f"{x:.10g}"


def _err(x: float) -> str:
    return f"{x:.1e}" if math.isfinite(x) else str(x)


_HEAD = (
    "#",
    "input",
    "analytic (backward)",
    "numeric (finite diff)",
    "abs err",
    "rel err",
    "allowed",
    "status",
)


def _table(report: GradcheckReport) -> str:
    head = (_HEAD[0], report.kind, *_HEAD[2:])
    cells = [
        (
            str(r.index),
            r.label,
            _num(r.analytic),
            _num(r.numeric),
            _err(r.abs_err),
            _err(r.rel_err),
            _err(r.allowed),
            r.status + ("" if r.ok else "  ✗"),
        )
        for r in report.rows
    ]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
    left = {0, 1, 7}

    def line(c: Sequence[str]) -> str:
        return "  ".join(s.ljust(w) if i in left else s.rjust(w) for i, (s, w) in enumerate(zip(c, widths)))

    step = f"h = {report.eps:g}" if report.eps is not None else "h = ε^(1/3)·max(1, |x|)"
    tols = f"atol={report.atol:g}, rtol={report.rtol:g}, {step}"
    out = [report.title, line(head).rstrip(), *(line(c).rstrip() for c in cells)]
    failures = report.failures
    n = len(report.rows)
    if not failures:
        agree = "the derivative agrees" if n == 1 else f"all {n} derivatives agree"
        out.append(f"✓ PASSED: {agree} with finite differences ({tols}).")
        return "\n".join(out)
    out.append(f"✗ FAILED: {len(failures)} of {n} derivative{'s' * (n > 1)} did not check out ({tols}).")
    out.extend(f"  ✗ {r.label}: {r.status}: {r.note}" for r in failures)
    out.append(
        "How to read this: each row nudges one input by ±h and measures how the output moves (numeric).\n"
        "backward's answer (analytic) must match it to within 'allowed' = atol + rtol·|value| + the\n"
        "finite difference's own estimated error.  MISMATCH: a derivative rule on the path from that\n"
        "input to the output is wrong.  KINK: the slope jumps there, so no single derivative exists.\n"
        "NON-FINITE: a NaN or infinity appeared, or the function is undefined at a nudged point."
    )
    return "\n".join(out)
