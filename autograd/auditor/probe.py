"""Small fixed cases, each on fresh leaves: which ops the class has, and whether each is right on its own.

Three groups:

* ``op``: every form once (``a + b``, ``a + 2``, ``2 + a``, ..., ``a.tanh()``);
  a form the class lacks is "missing", never wrong, except a reflected form
  (``2 * a``) whose plain form (``a * 2``) works: that is the classic missing
  reflected op.
* ``reuse``: a node used twice (``a + a``, ``a.tanh() + a``): its gradients must add up.
* ``order``: a node used by two later nodes, one further from the output than
  the other (``n1 + (n1 + c)``): it must wait for both before passing its
  gradient on.

Each probe carries the :class:`~autograd.auditor.compare.Comparison` it made,
and, when the numbers fit one, the classic bug it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograd.auditor.compare import Comparison, close, compare
from autograd.auditor.diagnose import find
from autograd.auditor.forms import FORMS, Form
from autograd.auditor.graph import Graph, Node
from autograd.auditor.sandbox import Clock

__all__ = ["EXPONENTS", "A", "Probe", "probe_forms", "probe_order", "probe_reuse", "usable_exponents"]

#: The leaves every probe starts from: a, b, c.
A, B, C = 1.5, -0.75, 2.0
#: The number in ``a + 2``, ``2 * a``; the exponent in ``a ** 3``.
NUMBER, EXPONENT = 2.0, 3.0
#: Exponents tried beyond 3; the random graphs use those the class accepts.
EXPONENTS = (2.0, 3.0, -1.0, 0.5)

# What a class that lacks an op raises when it is used anyway.
_LACKING = ("TypeError", "AttributeError", "AssertionError", "NotImplementedError")

OK, MISSING, WRONG, ERROR, TIMEOUT = "ok", "missing", "wrong", "error", "timeout"


@dataclass(frozen=True)
class Probe:
    """One fixed case: ``label`` is its code (``a + a``), ``status`` one of ok, missing, wrong, error, timeout.

    ``bug`` names the classic bug it shows (``"tanh"``, ``"pow"``,
    ``"reflected"``, ``"overwrite"``, ``"order"``) or is ``""``; ``detail`` is
    the learner's error message, if any.
    """

    group: str
    label: str
    status: str
    form: Form | None = None
    comparison: Comparison | None = None
    bug: str = ""
    detail: str = ""

    @property
    def failed(self) -> bool:
        """Wrong, raised or timed out (missing is not a failure)."""
        return self.status in (WRONG, ERROR, TIMEOUT)


def form_graph(form: Form, number: float | None = None) -> Graph:
    """The one-node graph that uses ``form`` on fresh leaves (a, and b for two-node forms)."""
    if form.kind == "vv":
        return Graph((A, B), (Node(form, (0, 1)),))
    if form.kind in ("vn", "nv", "pow"):
        default = EXPONENT if form.kind == "pow" else NUMBER
        return Graph((A,), (Node(form, (0,), default if number is None else number),))
    return Graph((A,), (Node(form, (0,)),))


def _defined(cls: type, form: Form) -> bool:
    return callable(getattr(cls, form.dunder, None))


def _judge(group: str, label: str, c: Comparison, form: Form | None = None) -> Probe:
    if c.timed_out:
        return Probe(group, label, TIMEOUT, form, c)
    if c.error:
        return Probe(group, label, ERROR, form, c, detail=c.error)
    if not c.ok:
        return Probe(group, label, WRONG, form, c)
    return Probe(group, label, OK, form, c)


def probe_forms(cls: type, clock: Clock) -> list[Probe]:
    """One probe per form, in :data:`~autograd.auditor.forms.FORMS` order."""
    probes: dict[str, Probe] = {}
    for key, form in FORMS.items():
        graph = form_graph(form)
        label = graph.lines()[0].removeprefix("L = ")
        plain = probes.get(f"{form.family}_number")
        mirror_works = form.kind == "nv" and plain is not None and plain.status != MISSING
        c = compare(cls, graph, clock)
        probe = _judge("op", label, c, form)
        if probe.status == ERROR and (not _defined(cls, form) or _lacks(form, c.error)):
            if mirror_works:
                probe = Probe("op", label, WRONG, form, c, bug="reflected", detail=c.error)
            else:
                probe = Probe("op", label, MISSING, form, c, detail=c.error)
        elif probe.status == WRONG:
            probe = Probe("op", label, WRONG, form, c, bug=_rule_bug(form, c))
        probes[key] = probe
    return list(probes.values())


def _lacks(form: Form, error: str) -> bool:
    """The error says the class lacks this use (a number operand it does not wrap, say), not that it broke."""
    if error.startswith("TypeError: unsupported operand") or error.startswith("TypeError: bad operand"):
        return True
    return form.kind in ("vn", "nv", "pow") and error.startswith(_LACKING)


def _rule_bug(form: Form, c: Comparison) -> str:
    """The classic bug a one-op probe shows: tanh's 1 − t, pow without n, a reflected op with swapped operands."""
    if c.first_wrong_value is not None:
        actual = c.actual_data[c.at(c.graph.root)]
        swapped = _swapped(form)
        if actual is not None and swapped is not None and close(actual, swapped):
            return "reflected"
        return ""
    got = c.actual_grad[c.at(0)]
    if got is None:
        return ""
    if form.family == "tanh" and close(got, 1.0 - math.tanh(A)):
        return "tanh"
    if form.family == "pow" and close(got, A ** (EXPONENT - 1.0)):
        return "pow"
    return ""


def _swapped(form: Form) -> float | None:
    """What ``2 - a`` gives with its operands swapped (``a - 2``)."""
    if form.kind != "nv" or form.family not in ("sub", "div"):
        return None
    return A - NUMBER if form.family == "sub" else A / NUMBER


def usable_exponents(cls: type, clock: Clock) -> tuple[float, ...]:
    """The exponents of :data:`EXPONENTS` the class takes without raising (right or wrong)."""
    if not _defined(cls, FORMS["pow"]):
        return ()
    usable = []
    for n in EXPONENTS:
        c = compare(cls, form_graph(FORMS["pow"], n), clock)
        if not c.error and not c.timed_out:
            usable.append(n)
    return tuple(usable)


def _join(usable: list[Form]) -> Form | None:
    """The form used to join two paths: ``+`` if it works, else ``*``."""
    return next((f for f in usable if f.key in ("add", "mul")), None)


def probe_reuse(cls: type, usable: list[Form], clock: Clock) -> list[Probe]:
    """``a ∘ a`` for each two-node form, and ``f(a) + a`` for each other form."""
    probes = []
    join = _join(usable)
    for form in usable:
        if form.kind == "vv":
            graph = Graph((A,), (Node(form, (0, 0)),))
        elif join is None:
            continue
        else:
            number = EXPONENT if form.kind == "pow" else NUMBER if form.kind in ("vn", "nv") else None
            graph = Graph((A,), (Node(form, (0,), number), Node(join, (1, 0))))
        c = compare(cls, graph, clock)
        probe = _judge("reuse", graph.lines()[-1].removeprefix("L = "), c, form)
        if probe.status == WRONG:
            finding = find(c)
            if finding is not None and finding.kind == "overwrite":
                probe = Probe("reuse", probe.label, WRONG, form, c, bug="overwrite")
        probes.append(probe)
    return probes


def probe_order(cls: type, usable: list[Form], reuse: list[Probe], clock: Clock) -> list[Probe]:
    """``n1 + (n1 + c)`` and ``(n1 + c) + n1`` with ``n1 = a + b`` (``*`` if there is no ``+``).

    A failure names the wrong-order bug only when ``join ∘ join`` adds up
    right in ``reuse``: otherwise overwriting explains it as well.
    """
    join = _join(usable)
    if join is None:
        return []
    adds_up = any(p.form is join and p.status == OK and _single(p) for p in reuse)
    probes = []
    for outer in ((3, 4), (4, 3)):
        graph = Graph((A, B, C), (Node(join, (0, 1)), Node(join, (3, 2)), Node(join, outer)))
        c = compare(cls, graph, clock)
        probe = _judge("order", "; ".join(graph.lines()), c, join)
        if probe.status == WRONG and adds_up:
            probe = Probe("order", probe.label, WRONG, join, c, bug="order")
        probes.append(probe)
    return probes


def _single(p: Probe) -> bool:
    """The probe is one node (``a + a``), not a combination."""
    return p.comparison is not None and len(p.comparison.graph.nodes) == 1
