"""The report in the REPL: ``repr`` is the table, passing or failing (issue 10 item 10)."""

from __future__ import annotations

import pytest

from autograd import GradcheckError, define_op, gradcheck, gradgradcheck

# define_op writes into the global table; conftest's custom_ops undoes it after each test.
pytestmark = pytest.mark.usefixtures("custom_ops")


def test_a_passing_reports_repr_is_its_table() -> None:
    report = gradcheck(lambda x, y: x * y, [2.0, 3.0])
    assert repr(report) == str(report)
    lines = repr(report).splitlines()
    assert lines[0] == "gradcheck: ∂f/∂input at x = 2, y = 3"
    assert lines[2].split()[:4] == ["0", "x", "3", "3"] and lines[3].split()[:4] == ["1", "y", "2", "2"]
    assert lines[4].startswith("✓ PASSED: all 2 derivatives agree") and "GradcheckReport(" not in repr(report)


def test_a_failing_reports_repr_is_its_table_as_its_errors_message_is() -> None:
    bad = define_op("twice_off", lambda a: 2 * a, lambda a: 2.2)
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda x: bad(x), [1.0])
    report = info.value.report
    assert repr(report) == str(report) == str(info.value)
    assert "MISMATCH  ✗" in repr(report) and "GradcheckRow(" not in repr(report)


def test_the_repr_of_a_second_derivative_report_is_its_table() -> None:
    report = gradgradcheck(lambda x: x**3, [2.0])
    assert repr(report).splitlines()[0] == "gradgradcheck: second derivatives at x = 2"
