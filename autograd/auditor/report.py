"""What an audit returns: every probe, the random search, the limits, and a report in English or Japanese."""

from __future__ import annotations

from dataclasses import dataclass, replace

from autograd.auditor.compare import Comparison
from autograd.auditor.diagnose import Finding
from autograd.auditor.limits import Depth, Twice
from autograd.auditor.probe import MISSING, Probe
from autograd.auditor.render import render
from autograd.auditor.search import Search
from autograd.explain.sentences import check_lang

__all__ = ["BUGS", "AuditReport"]

#: The classic bugs the auditor names, in the order a report lists them.
BUGS = ("overwrite", "order", "tanh", "pow", "reflected", "reflected_swapped")


@dataclass(frozen=True)
class AuditReport:
    """The result of :func:`~autograd.auditor.audit`: truthy when every op the class has is right.

    ``probes`` are the fixed cases (groups ``op``, ``reuse``, ``order``);
    ``search`` the random graphs; ``case`` the failing case shown in full (the
    smallest one hypothesis found, else a failing fixed case) and ``finding``
    where it first goes wrong; ``depth`` and ``twice`` the limits.
    ``str(report)`` renders it in ``lang``; :meth:`render` in any language.
    """

    name: str
    probes: tuple[Probe, ...]
    search: Search
    case: Comparison | None
    finding: Finding | None
    depth: Depth
    twice: Twice
    seconds: float
    lang: str = "en"

    @property
    def passed(self) -> bool:
        """No probe failed, no random graph disagreed, and deep chains gave the right gradient."""
        return (
            not any(p.failed for p in self.probes)
            and self.search.failure is None
            and self.depth.status != "wrong"
        )

    def __bool__(self) -> bool:
        return self.passed

    @property
    def missing(self) -> list[str]:
        """The forms the class does not implement (``2 / a``, ``a.sigmoid()``)."""
        return [p.label for p in self.probes if p.status == MISSING]

    @property
    def bugs(self) -> tuple[str, ...]:
        """The classic bugs the evidence fits, as keys of :data:`BUGS`."""
        found = {p.bug for p in self.probes if p.bug and p.failed}
        reuse = [p for p in self.probes if p.group == "reuse"]
        kind = self.finding.kind if self.finding is not None else ""
        if kind == "overwrite" and not (reuse and all(p.status == MISSING or not p.failed for p in reuse)):
            found.add("overwrite")  # unless every reuse case added up, which overwriting could not
        if kind == "early" and "overwrite" not in found:
            found.add("order")
        return tuple(b for b in BUGS if b in found)

    def in_language(self, lang: str) -> AuditReport:
        """The same report, shown in ``lang``."""
        return replace(self, lang=check_lang(lang))

    def render(self, lang: str | None = None) -> str:
        """The report as text, in ``lang`` (default: the report's own)."""
        return render(self, check_lang(lang or self.lang))

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return self.render()
