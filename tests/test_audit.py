"""The auditor: it passes correct classes, names each planted classic bug, and survives misbehaving code."""

from __future__ import annotations

import threading
import time

import pytest
from engines.good import GoodValue
from engines.misbehaving import (
    ChattyValue,
    ExitingValue,
    ExpTanhValue,
    HangingValue,
    NoBackward,
    NoSeedValue,
    RaisingTanhValue,
)
from engines.order import OrderValue
from engines.overwrite import OverwriteValue
from engines.pow_rule import PowRuleValue
from engines.recursive import RecursiveValue
from engines.reflected import NoReflectedValue
from engines.tanh_rule import TanhRuleValue

import autograd
from autograd.auditor import AuditReport, AuditUsageError, audit
from autograd.auditor.compare import close
from autograd.auditor.sandbox import Clock, limited

FEW = 40  # random graphs where the default is not what a test is about

REFLECTED = ["2 + a", "2 * a", "2 - a", "2 / a"]


def test_audit_is_public() -> None:
    assert "audit" in autograd.__all__ and autograd.audit is audit


def test_a_correct_class_passes_every_check() -> None:
    report = audit(GoodValue)  # the default number of examples
    assert report.passed and bool(report)
    assert report.bugs == () and report.missing == []
    assert report.search.failure is None and report.search.tried >= 100
    assert report.case is None and report.finding is None
    assert report.depth.status == "ok" and report.depth.works == 5000
    assert (
        report.twice.kind == "pytorch"
        and report.twice.leaf == (1.0, 2.0)
        and report.twice.inner == (1.0, 1.0)
    )
    text = str(report)
    assert "✗" not in text and text.splitlines()[-1].startswith("result: PASS")


@pytest.mark.parametrize(
    ("cls", "bug", "smallest", "kind"),
    [
        (OverwriteValue, "overwrite", ["L = a + a"], "overwrite"),
        (OrderValue, "order", None, "early"),
        (TanhRuleValue, "tanh", ["L = a.tanh()"], "local"),
        (PowRuleValue, "pow", None, ""),  # a ** 2 or a / a (GoodValue's / is built on **)
    ],
)
def test_each_planted_bug_fails_and_is_named(
    cls: type, bug: str, smallest: list[str] | None, kind: str
) -> None:
    report = audit(cls)
    assert not report.passed
    assert report.bugs == (bug,)
    assert report.case is not None and report.finding is not None
    if smallest is not None:
        assert report.case.graph.lines(every=True) == smallest
    assert report.finding.kind == kind or not kind
    heading = {
        "overwrite": "classic bug: overwriting instead of accumulating",
        "order": "classic bug: wrong order",
        "tanh": "classic bug: wrong tanh rule",
        "pow": "classic bug: the rule for x ** n forgets the exponent",
    }[bug]
    assert heading in str(report)
    assert str(report).splitlines()[-1].startswith("result: FAIL")


def test_overwriting_is_narrated_with_the_paths_it_lost() -> None:
    report = audit(OverwriteValue, max_examples=FEW)
    text = str(report)
    assert "here a should have received 2 from 2 paths, but holds 1: one path was overwritten" in text
    # The stepper's own narration of the step that feeds a, both shares.
    assert "a.grad += 1, so it went from 1 to 2" in text
    assert "✗ a + a: a.grad = 1, expected 2" in text


def test_wrong_order_names_the_node_that_passed_its_gradient_on_too_early() -> None:
    report = audit(OrderValue)
    f = report.finding
    assert f is not None and f.kind == "early" and f.early is not None
    case = report.case
    assert case is not None
    final = case.expected_grad[case.at(f.early)]
    assert f.partial != final  # it passed on less than it would finally hold
    assert f"{case.graph.name(f.early)} passed its gradient on when it held" in str(report)


def test_missing_reflected_ops_fail_though_they_are_absent() -> None:
    report = audit(NoReflectedValue, max_examples=FEW)
    assert not report.passed and report.bugs == ("reflected",)
    wrong = [p.label for p in report.probes if p.failed]
    assert wrong == REFLECTED
    assert report.missing == []  # a * 2 works, so 2 * a is a bug, not a missing op
    assert (
        "2 * a: fails (TypeError: unsupported operand type(s) for *: 'int' and 'NoReflectedValue'), though a * 2 works"
        in str(report)
    )


def test_a_recursive_topological_sort_is_a_limit_not_a_wrong_gradient() -> None:
    report = audit(RecursiveValue, max_examples=FEW)
    assert report.passed
    d = report.depth
    assert d.status == "limit" and d.detail.startswith("RecursionError") and 100 < d.works < 5000
    assert (
        report.twice.kind == "compounds"
        and report.twice.leaf == (1.0, 3.0)
        and report.twice.inner == (1.0, 2.0)
    )
    text = str(report)
    assert "limits (described, not counted as failures):" in text
    assert f"chains of up to about {d.works:,} ops work" in text
    assert "PyTorch gives ×2" in text


def test_micrograd_passes_every_gradient_property_with_its_depth_limit() -> None:
    engine = pytest.importorskip("micrograd.engine")
    report = audit(engine.Value)
    assert report.passed and report.bugs == ()
    assert report.missing == ["a.tanh()", "a.exp()", "a.log()", "a.sigmoid()"]
    assert report.search.failure is None
    assert all(p.status == "ok" for p in report.probes if p.group in ("reuse", "order"))
    assert report.depth.status == "limit" and report.depth.detail.startswith("RecursionError")
    assert report.twice.kind == "compounds"


def test_rounding_differences_are_not_failures() -> None:
    # tanh from exp rounds differently from math.tanh; a correct class must still pass.
    assert audit(ExpTanhValue).passed


def test_an_unseeded_backward_is_caught_at_the_output() -> None:
    report = audit(NoSeedValue, max_examples=FEW)
    assert not report.passed and report.finding is not None
    assert report.finding.kind == "seed" and report.case is not None
    assert report.finding.pos == report.case.graph.root
    assert "backward() must start from ∂L/∂L = 1, but it holds 0" in str(report)


def test_the_report_in_japanese() -> None:
    report = audit(OverwriteValue, max_examples=FEW, lang="ja")
    text = str(report)
    assert "1 つの経路の分が上書きされました" in text
    assert "よくある誤り：足し合わせずに上書きしています。" in text
    assert text.splitlines()[-1].startswith("結果：不合格です。")
    for english in ("expected", "should", "classic bug", "path", "result"):
        assert english not in text
    assert report.render("en").splitlines()[-1].startswith("result: FAIL")


# --- untrusted code ------------------------------------------------------------------------


def test_a_hanging_backward_does_not_hang_the_auditor() -> None:
    start = time.monotonic()
    report = audit(HangingValue, seconds=0.2, max_examples=FEW)
    assert time.monotonic() - start < 20  # two strikes of 0.2 s, then nothing more runs
    assert not report.passed
    assert any(p.status == "timeout" for p in report.probes)
    assert "did not finish within 0.2 s" in str(report)


def test_an_exception_in_the_learners_code_is_that_ops_failure() -> None:
    report = audit(RaisingTanhValue, max_examples=FEW)
    tanh = next(p for p in report.probes if p.label == "a.tanh()")
    assert tanh.status == "error"
    assert tanh.detail.startswith("ZeroDivisionError: division by zero (misbehaving.py:")
    assert "✗ a.tanh(): your class raised ZeroDivisionError" in str(report)
    assert [p.label for p in report.probes if p.failed] == ["a.tanh()"]


def test_sys_exit_and_prints_in_the_learners_code_stay_inside(capsys: pytest.CaptureFixture[str]) -> None:
    report = audit(ExitingValue, max_examples=FEW)
    assert not report.passed
    assert any(p.detail.startswith("SystemExit: 3") for p in report.probes)
    assert audit(ChattyValue, max_examples=FEW).passed
    assert "debug" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("thing", "says"),
    [
        (42, "is a int, not a class"),
        (NoBackward, r"has no backward\(\) method"),
        (dict, r"has no backward\(\) method"),
    ],
)
def test_what_cannot_be_audited_is_a_usage_error(thing: object, says: str) -> None:
    with pytest.raises(AuditUsageError, match=says) as info:
        audit(thing)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)


def test_a_class_whose_leaves_fail_is_a_usage_error() -> None:
    class Broken(GoodValue):
        def __init__(self, data: float) -> None:
            raise RuntimeError("no leaves today")

    with pytest.raises(AuditUsageError, match=r"Broken\(1.5\) failed \(RuntimeError: no leaves today"):
        audit(Broken)


def test_the_time_limit_also_works_off_the_main_thread() -> None:
    box: list[object] = []

    def work() -> None:
        box.append(limited(lambda: time.sleep(0.5), 0.05))
        box.append(limited(lambda: 1 / 0, 1.0))

    t = threading.Thread(target=work)
    t.start()
    t.join(5)
    slow, failing = box
    assert slow.timed_out  # type: ignore[attr-defined]
    assert failing.error.startswith("ZeroDivisionError")  # type: ignore[attr-defined]


def test_a_clock_stops_calling_after_two_timeouts() -> None:
    clock = Clock(0.05)
    calls: list[int] = []

    def spin() -> None:
        calls.append(1)
        while True:
            pass

    outcomes = [clock.run(spin) for _ in range(4)]
    assert [o.timed_out for o in outcomes] == [True] * 4
    assert [o.skipped for o in outcomes] == [False, False, True, True]
    assert len(calls) == 2


# --- options ---------------------------------------------------------------------------------


def test_the_same_seed_finds_the_same_case_and_max_examples_bounds_the_search() -> None:
    a = audit(OrderValue, seed=3, max_examples=FEW)
    b = audit(OrderValue, seed=3, max_examples=FEW)
    assert a.case is not None and b.case is not None
    assert a.case.graph == b.case.graph and a.search.tried == b.search.tried
    assert audit(GoodValue, max_examples=7).search.tried <= 7
    with pytest.raises(ValueError, match="--max-examples must be at least 1"):
        audit(GoodValue, max_examples=0)
    with pytest.raises(ValueError, match="seconds must be a positive time limit"):
        audit(GoodValue, seconds=0)


def test_tolerance_is_measured_against_the_terms_summed() -> None:
    assert close(1.0 + 1e-10, 1.0) and not close(1.0 + 1e-8, 1.0)
    assert close(1e-13, 0.0)  # absolute 1e-12
    # A near-cancelling sum of terms of size 1: rounding of 1e-14 is not a failure, 1e-3 is.
    assert close(3e-6 + 1e-14, 3e-6, scale=1.0) and not close(3e-6 + 1e-3, 3e-6, scale=1.0)


def test_report_type() -> None:
    report = audit(GoodValue, max_examples=5)
    assert isinstance(report, AuditReport)
    assert repr(report) == str(report) == report.render("en")
    assert report.in_language("ja").render() == report.render("ja")


def test_when_both_fit_passing_reuse_cases_make_it_wrong_order_not_overwriting() -> None:
    from autograd.auditor.compare import compare
    from autograd.auditor.diagnose import find
    from autograd.auditor.forms import FORMS
    from autograd.auditor.graph import Graph, Node

    # n1 = a + a; n2 = n1.relu(); L = n2 + n1: a holds 2 of 4, which is one of its two paths' shares,
    # and also what n1 sends when it passes its gradient on holding 1 of its final 2.
    g = Graph((2.0,), (Node(FORMS["add"], (0, 0)), Node(FORMS["relu"], (1,)), Node(FORMS["add"], (2, 1))))
    c = compare(OrderValue, g, Clock(2.0))
    assert not c.ok
    early, overwrite = find(c, adds_up=True), find(c, adds_up=False)
    assert early is not None and (early.kind, early.early, early.partial) == ("early", 1, 1.0)
    assert overwrite is not None and (overwrite.kind, overwrite.kept) == ("overwrite", 1)
