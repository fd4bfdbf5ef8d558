"""What a check returns: one row per derivative, and a table a beginner can read, in English or Japanese."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from autograd.check.say import Say, render_all
from autograd.core.numbers import fmt
from autograd.explain.sentences import check_lang, text

__all__ = [
    "KINK",
    "MISMATCH",
    "NON_FINITE",
    "OK",
    "UNRESOLVED",
    "GradcheckError",
    "GradcheckReport",
    "GradcheckRow",
]

#: The status of a row (a code: the table shows it in the report's language).
OK, MISMATCH, KINK, NON_FINITE, UNRESOLVED = "ok", "MISMATCH", "KINK", "NON-FINITE", "UNRESOLVED"
#: The statuses that fail a check.  UNRESOLVED does not: it is no verdict on the rule.
FAILING = (MISMATCH, KINK, NON_FINITE)
_STATUS_KEY = {
    OK: "check_status_ok",
    MISMATCH: "check_status_mismatch",
    KINK: "check_status_kink",
    NON_FINITE: "check_status_non_finite",
    UNRESOLVED: "check_status_unresolved",
}


@dataclass(frozen=True)
class GradcheckRow:
    """One derivative: backward's value (``analytic``) against finite differences (``numeric``).

    ``status`` is ``"ok"``, ``"MISMATCH"`` (they disagree by more than
    ``allowed``), ``"KINK"`` (f has no single slope here), ``"NON-FINITE"`` (a
    NaN or infinity, or f undefined at every nudged point) or ``"UNRESOLVED"``
    (the finite difference cannot measure this slope here well enough to judge).
    ``ok`` is True unless the row fails (``"ok"`` or ``"UNRESOLVED"``);
    :attr:`verified` is True only for ``"ok"``.  ``numeric`` is the
    Richardson-extrapolated finite difference, ``step`` the smallest step it
    used, ``left`` and ``right`` the one-sided slopes (f(x) − f(x−h))/h and
    (f(x+h) − f(x))/h at the step the verdict looked at.  ``note`` says in
    words what went wrong (``""`` for a passing row), in the report's language;
    ``why`` holds the same sentences as keys, for :meth:`note_in`.
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
    why: tuple[Say, ...] = ()

    @property
    def verified(self) -> bool:
        """True if finite differences confirmed this derivative (status ``"ok"``)."""
        return self.status == OK

    def note_in(self, lang: str) -> str:
        """``note`` in ``lang`` (``"en"`` or ``"ja"``)."""
        return render_all(self.why, check_lang(lang)) if self.why else self.note


@dataclass(frozen=True, repr=False)
class GradcheckReport:
    """The result of a check: truthy if and only if no row failed.

    ``str(report)`` and ``repr(report)`` are the table in the report's ``lang``,
    with failing rows marked ``✗``, unresolved ones ``?``, and a note under the
    table for each; :meth:`table` shows it in another language.  A report whose
    rows are all UNRESOLVED is truthy (nothing was found wrong) but says that
    nothing was verified; :attr:`verified` lists the rows that were.
    """

    rows: tuple[GradcheckRow, ...]
    atol: float
    rtol: float
    eps: float | None
    title: str
    kind: str = "input"
    lang: str = "en"
    heading: Say | None = None

    def __bool__(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def passed(self) -> bool:
        """True if no row failed (UNRESOLVED rows do not fail)."""
        return bool(self)

    @property
    def failures(self) -> tuple[GradcheckRow, ...]:
        """The rows that failed: MISMATCH, KINK or NON-FINITE."""
        return tuple(r for r in self.rows if not r.ok)

    @property
    def unresolved(self) -> tuple[GradcheckRow, ...]:
        """The rows finite differences could not judge."""
        return tuple(r for r in self.rows if r.status == UNRESOLVED)

    @property
    def verified(self) -> tuple[GradcheckRow, ...]:
        """The rows finite differences confirmed."""
        return tuple(r for r in self.rows if r.verified)

    def table(self, lang: str | None = None) -> str:
        """The table, the verdict and the notes in ``lang`` (default: the report's own)."""
        return _table(self, check_lang(self.lang if lang is None else lang))

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        return self.table()


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


def _err(x: float) -> str:
    return f"{x:.1e}" if math.isfinite(x) else str(x)


def _width(s: str) -> int:
    """Columns ``s`` takes in a terminal: two for a wide (CJK, full-width) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _mark(r: GradcheckRow, lang: str) -> str:
    return "" if r.verified else text("check_mark_unresolved" if r.ok else "check_mark_failed", lang)


def _status(r: GradcheckRow, lang: str) -> str:
    key = _STATUS_KEY.get(r.status)
    return text(key, lang) if key else r.status


def _table(report: GradcheckReport, lang: str) -> str:
    kind_key = f"check_kind_{report.kind}"
    kind = text(kind_key, lang) if kind_key in ("check_kind_input", "check_kind_derivative") else report.kind
    head = text("check_head", lang, kind=kind).split("|")
    cells = [
        (
            str(r.index),
            r.label,
            fmt(r.analytic, 10),
            fmt(r.numeric, 10),
            _err(r.abs_err),
            _err(r.rel_err),
            _err(r.allowed),
            _status(r, lang) + ("  " + _mark(r, lang) if _mark(r, lang) else ""),
        )
        for r in report.rows
    ]
    widths = [max(_width(c[i]) for c in [head, *cells]) for i in range(len(head))]
    left = {0, 1, 7}

    def line(c: Sequence[str]) -> str:
        pads = [" " * (w - _width(s)) for s, w in zip(c, widths)]
        return "  ".join(s + p if i in left else p + s for i, (s, p) in enumerate(zip(c, pads))).rstrip()

    title = report.heading.render(lang) if report.heading is not None else report.title
    out = [title, line(head), *(line(c) for c in cells), _verdict(report, lang)]
    shown = [r for r in report.rows if not r.verified]
    out += [
        text(
            "check_note_line",
            lang,
            mark=_mark(r, lang),
            label=r.label,
            status=_status(r, lang),
            note=r.note_in(lang),
        )
        for r in shown
    ]
    if shown:
        out.append(text("check_how_to_read", lang))
    return "\n".join(out)


def _verdict(report: GradcheckReport, lang: str) -> str:
    """The line under the table: passed, failed, or nothing verified."""
    fmt_tol = {"atol": f"{report.atol:g}", "rtol": f"{report.rtol:g}"}
    if report.eps is None:
        tols = text("check_tols_default", lang, **fmt_tol)
    else:
        tols = text("check_tols_eps", lang, eps=f"{report.eps:g}", **fmt_tol)
    n, failed, unresolved = len(report.rows), len(report.failures), len(report.unresolved)
    if failed:
        if n == 1:
            return text("check_failed_one", lang, tols=tols)
        return text("check_failed_many", lang, k=failed, n=n, tols=tols)
    if unresolved == n:
        return text("check_nothing_one" if n == 1 else "check_nothing_many", lang, n=n, tols=tols)
    if unresolved:
        return text("check_passed_some", lang, k=n - unresolved, n=n, m=unresolved, tols=tols)
    return text("check_passed_one" if n == 1 else "check_passed_all", lang, n=n, tols=tols)
