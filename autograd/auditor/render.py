"""The audit report as text: the probes, the failing case narrated by the stepper, the limits, the verdict.

Every sentence comes from the sentence tables (``audit_*`` keys), so the
report reads the same in English and Japanese.
"""

from __future__ import annotations

from typing import Protocol

from autograd.auditor.compare import Comparison
from autograd.auditor.diagnose import Finding
from autograd.auditor.forms import FORMS, number_text
from autograd.auditor.graph import Graph
from autograd.auditor.limits import Depth, Twice
from autograd.auditor.probe import MISSING, OK, TIMEOUT, A, B, Probe
from autograd.auditor.search import Search
from autograd.core.engine import Value
from autograd.core.numbers import fmt
from autograd.explain.sentences import text
from autograd.explain.stepper import Stepper

__all__ = ["Audited", "describe_probe", "narrate_case", "render"]

_SEP = {"en": "; ", "ja": "、"}  # between items of a list
_PAIRS = {"en": "; ", "ja": "。"}  # between sentences on one line


class Audited(Protocol):
    """What the report shows (an :class:`~autograd.auditor.report.AuditReport`)."""

    @property
    def name(self) -> str: ...

    @property
    def probes(self) -> tuple[Probe, ...]: ...

    @property
    def search(self) -> Search: ...

    @property
    def case(self) -> Comparison | None: ...

    @property
    def finding(self) -> Finding | None: ...

    @property
    def depth(self) -> Depth: ...

    @property
    def twice(self) -> Twice: ...

    @property
    def seconds(self) -> float: ...

    @property
    def passed(self) -> bool: ...

    @property
    def missing(self) -> list[str]: ...

    @property
    def bugs(self) -> tuple[str, ...]: ...


def render(report: Audited, lang: str) -> str:
    """Every part of the report, in ``lang``."""
    lines = [text("audit_title", lang, name=report.name), *_ops(report, lang)]
    lines += _group(report, "reuse", "audit_reuse", lang)
    lines += _group(report, "order", "audit_order", lang)
    lines += _search(report, lang)
    if report.case is not None:
        lines += narrate_case(report.case, report.finding, lang, report.seconds)
    lines += [text(f"audit_bug_{bug}", lang) for bug in report.bugs]
    lines += [text("audit_limits", lang), *_depth(report.depth, lang), *_twice(report.twice, lang)]
    lines.append(text("audit_pass" if report.passed else "audit_fail", lang, name=report.name))
    return "\n".join(lines)


def _mark(p: Probe) -> str:
    return {OK: "✓", MISSING: "–"}.get(p.status, "✗")


def _ops(report: Audited, lang: str) -> list[str]:
    ops = [p for p in report.probes if p.group == "op"]
    lines = [text("audit_ops", lang, leaves=f"a = {fmt(A)}, b = {fmt(B)}")]
    rows: dict[str, list[Probe]] = {}
    for p in ops:
        assert p.form is not None
        kind = p.form.kind
        key = p.form.family if kind in ("vv", "vn", "nv") else ("method" if kind == "method" else "other")
        rows.setdefault(key, []).append(p)
    for row in rows.values():
        lines.append("  " + "   ".join(f"{_mark(p)} {p.label}" for p in row))
    lines += _details(ops, lang, report.seconds)
    if report.missing:
        lines.append(text("audit_missing", lang, forms=_SEP[lang].join(report.missing)))
    return lines


def _group(report: Audited, group: str, key: str, lang: str) -> list[str]:
    probes = [p for p in report.probes if p.group == group]
    example = {"reuse": "a + a, a.tanh() + a", "order": "n1 = a + b; L = n1 + (n1 + c)"}[group]
    what = text(key, lang, example=example)
    if not probes:
        return [text("audit_count_none", lang, what=what)]
    bad = [p for p in probes if p.failed]
    if not bad:
        return [
            text(
                "audit_count_ok_one" if len(probes) == 1 else "audit_count_ok", lang, what=what, n=len(probes)
            )
        ]
    head = text("audit_count_bad", lang, what=what, k=len(bad), n=len(probes))
    return [head, *_details(bad, lang, report.seconds)]


def _details(probes: list[Probe], lang: str, seconds: float) -> list[str]:
    """A ✗ line for each failing probe; one line for those skipped once the time limits were used up."""
    failed = [p for p in probes if p.failed]
    skipped = [p for p in failed if p.comparison is not None and p.comparison.skipped]
    lines = [describe_probe(p, lang, seconds) for p in failed if p not in skipped]
    if skipped:
        lines.append(text("audit_skipped", lang, n=len(skipped), seconds=fmt(seconds)))
    return lines


def _search(report: Audited, lang: str) -> list[str]:
    s = report.search
    if s.failure is not None:
        key = "audit_graphs_timeout" if s.failure.timed_out else "audit_graphs_bad"
        return [text(key, lang, seconds=fmt(report.seconds))]
    if s.tried == 0:
        return [text("audit_graphs_none", lang)]
    lines = [text("audit_graphs_budget" if s.stopped == "budget" else "audit_graphs_ok", lang, n=s.tried)]
    if report.case is not None:
        lines.append(text("audit_probe_case", lang))
    return lines


def describe_probe(p: Probe, lang: str, seconds: float) -> str:
    """The ✗ line under a failing probe, with the learner's numbers or error."""
    if p.status == TIMEOUT:
        return text("audit_item_timeout", lang, case=p.label, seconds=fmt(seconds))
    if p.bug == "reflected" and p.form is not None:
        mirror = FORMS[f"{p.form.family}_number"].show("a", 2.0)
        return text("audit_item_reflected", lang, case=p.label, error=p.detail, mirror=mirror)
    c = p.comparison
    if p.detail or c is None:
        return text("audit_item_error", lang, case=p.label, error=p.detail)
    pos = c.first_wrong_value
    if pos is not None:
        k = c.at(pos)
        actual, expected = _num(c.actual_data[k]), fmt(c.expected_data[k])
        return text(
            "audit_item_value", lang, case=p.label, node=c.graph.name(pos), actual=actual, expected=expected
        )
    pairs = [_grad_pair(c, pos, lang) for pos in c.leaves if not c.grad_ok(pos)]
    if not pairs:
        return text("audit_item_unknown", lang, case=p.label)
    return text("audit_item_grad", lang, case=p.label, grads=_PAIRS[lang].join(pairs))


def _grad_pair(c: Comparison, pos: int, lang: str) -> str:
    k = c.at(pos)
    actual, expected = _num(c.actual_grad[k]), fmt(c.expected_grad[k])
    return text("audit_grad_pair", lang, node=c.graph.name(pos), actual=actual, expected=expected)


def _num(x: float | None) -> str:
    return "?" if x is None else fmt(x)


# --- the failing case ------------------------------------------------------------


def narrate_case(c: Comparison, finding: Finding | None, lang: str, seconds: float) -> list[str]:
    """The failing case: its code and inputs, then the first value or gradient that disagrees, narrated."""
    g = c.graph
    lines = [f"    {line}" for line in g.lines(every=True)]
    lines.append(text("audit_case_inputs", lang, inputs=g.inputs()))
    if c.timed_out:
        return [*lines, text("audit_case_timeout", lang, seconds=fmt(seconds))]
    if c.error:
        return [*lines, text("audit_case_error", lang, error=c.error)]
    pos = c.first_wrong_value
    if pos is not None:
        k = c.at(pos)
        expr = _definition(g, pos)
        actual, expected = _num(c.actual_data[k]), fmt(c.expected_data[k])
        return [
            *lines,
            text("audit_case_value", lang, node=g.name(pos), expr=expr, expected=expected, actual=actual),
        ]
    lines += [text("audit_case_grads", lang), *_grad_table(c, lang)]
    if finding is None:
        return lines
    node = g.name(finding.pos)
    lines.append(text("audit_first_node", lang, node=node))
    steps = _steps_into(g, finding.pos, lang)
    if steps:
        lines.append(text("audit_steps_into", lang, node=node))
        lines += ["    " + line for s in steps for line in s.splitlines()]
    lines.append(_here(c, finding, lang))
    return lines


def _definition(g: Graph, pos: int) -> str:
    """``a * 2``: how position ``pos`` is made, with its operands' names."""
    node = g.nodes[pos - len(g.leaves)]
    names = [g.name(i) for i in node.args]
    second: str | float | None = names[1] if len(names) == 2 else node.number
    return node.form.show(names[0], second)


def _grad_table(c: Comparison, lang: str) -> list[str]:
    head = text("audit_case_head", lang).split("|")
    rows = [head[:3]]
    for pos in c.backward:
        k = c.at(pos)
        mark = "✓" if c.grad_ok(pos) else "✗"
        rows.append([c.graph.name(pos), fmt(c.expected_grad[k]), f"{_num(c.actual_grad[k])}  {mark}"])
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    return [
        "    " + "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(r, widths)).rstrip()
        for r in rows
    ]


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def labelled(g: Graph) -> list[Value]:
    """The graph on this engine, every node named as the report names it (numbers by their value)."""
    values = g.build(lambda x, i: Value(x, g.name(i)))
    for pos in g.reachable():
        v = values[pos]
        v.label = g.name(pos)
        for p in v.parents:
            if not p.label and not p.parents:
                p.label = number_text(p.data)
    return values


def _steps_into(g: Graph, pos: int, lang: str) -> list[str]:
    """This engine's narrated backward steps that send a gradient into position ``pos``."""
    values = labelled(g)
    target = values[pos]
    steps = Stepper(values[g.root], lang).run()
    return [s.explain(lang) for s in steps if any(e.parent is target for e in s.edges)]


def _here(c: Comparison, f: Finding, lang: str) -> str:
    g = c.graph
    node = g.name(f.pos)
    actual = _num(f.actual)
    expected = fmt(f.expected)
    k = len(f.paths)
    if f.kind == "unreadable":
        return text("audit_here_unreadable", lang, node=node)
    if f.kind == "seed":
        return text("audit_here_seed", lang, node=node, actual=actual)
    if f.kind == "overwrite":
        key = "audit_here_overwrite_one" if f.kept == 1 and k == 2 else "audit_here_overwrite"
        return text(key, lang, node=node, expected=expected, k=k, actual=actual, kept=f.kept)
    if f.kind == "early" and f.early is not None:
        final = fmt(c.expected_grad[c.at(f.early)])
        return text(
            "audit_here_early",
            lang,
            node=node,
            expected=expected,
            actual=actual,
            early=g.name(f.early),
            partial=fmt(f.partial),
            final=final,
        )
    if f.kind == "local":
        path = f.paths[0]
        consumer = g.nodes[path.consumer - len(g.leaves)]
        rule = _rule(consumer.form.key, g, path.consumer, f.pos)
        return text(
            "audit_here_local",
            lang,
            node=node,
            expected=expected,
            actual=actual,
            consumer=g.name(path.consumer),
            upstream=fmt(path.upstream),
            local=fmt(path.local),
            used=fmt(f.local),
            rule=rule,
        )
    return text(
        "audit_here_unknown_one" if k == 1 else "audit_here_unknown",
        lang,
        node=node,
        expected=expected,
        k=k,
        actual=actual,
    )


def _rule(key: str, g: Graph, consumer: int, pos: int) -> str:
    """The op table's formula for the edge from ``consumer`` into ``pos``."""
    values = labelled(g)
    node = values[consumer]
    op = node.op_entry
    if op is None:
        return ""
    index = next(i for i, p in enumerate(node.parents) if p is values[pos])
    return op.formulas[index]


def _depth(d: Depth, lang: str) -> list[str]:
    n = f"{d.depth:,}"
    if d.status == "ok":
        return [text("audit_depth_ok", lang, n=n, chain=d.chain)]
    if d.status == "skipped":
        return [text("audit_depth_skipped", lang)]
    if d.status == "wrong":
        return [
            text(
                "audit_depth_wrong", lang, n=n, chain=d.chain, actual=fmt(d.actual), expected=fmt(d.expected)
            )
        ]
    if not d.detail:
        return [
            text(
                "audit_depth_timeout", lang, n=n, chain=d.chain, seconds=fmt(d.seconds), works=f"{d.works:,}"
            )
        ]
    key = "audit_depth_recursion" if d.detail.startswith("RecursionError") else "audit_depth_limit"
    return [text(key, lang, n=n, chain=d.chain, error=d.detail, works=f"{d.works:,}")]


def _twice(t: Twice, lang: str) -> list[str]:
    code = "; ".join(t.code)
    if t.kind == "skipped":
        return [text("audit_twice_skipped", lang)]
    if t.kind == "error":
        return [text("audit_twice_error", lang, code=code, error=t.detail)]
    head = text(
        "audit_twice_numbers",
        lang,
        code=code,
        l1=fmt(t.leaf[0]),
        l2=fmt(t.leaf[1]),
        i1=fmt(t.inner[0]),
        i2=fmt(t.inner[1]),
    )
    ratio = fmt(t.leaf[1] / t.leaf[0]) if t.leaf[0] else "?"
    return [head, text(f"audit_twice_{t.kind}", lang, ratio=ratio)]
