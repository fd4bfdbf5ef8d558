"""Stepper (the REPL driver) and forward_trace (the forward view)."""

from __future__ import annotations

import pytest

from autograd import Stepper, Value, forward_trace
from autograd.expr import evaluate


def lecture() -> Value:
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    return (a * b + c) * f


def test_stepper_walks_one_step_at_a_time_and_says_where_it_is() -> None:
    L = lecture()
    s = Stepper(L)
    assert (s.total, s.done, len(s.taken)) == (3, False, 0)
    assert repr(s) == "Stepper(n6): 0 of 3 steps taken; next: n6 (mul). Call .next() to take it."
    first = s.next()
    assert first is not None and first.node is L
    assert repr(s) == "Stepper(n6): 1 of 3 steps taken; next: n4 (add)."
    rest = s.run()
    assert [st.name for st in rest] == ["n4", "n2"]
    assert repr(rest) == f"{rest[0]}\n\n{rest[1]}"  # a REPL shows the narrations
    assert s.done and s.upcoming is None
    assert repr(s) == "Stepper(n6): all 3 steps taken; every grad is final (see .table())."
    # At the end next() returns None (no StopIteration), and run() has nothing left.
    assert s.next() is None
    assert s.run() == []
    assert [st.index for st in s.taken] == [0, 1, 2]


def test_stepper_result_equals_backward() -> None:
    by_backward, by_stepper = lecture(), lecture()
    by_backward.backward()
    s = Stepper(by_stepper)
    while (step := s.next()) is not None:
        assert step.total == 3
    from autograd import topological_order

    assert [n.grad for n in topological_order(by_stepper)] == [n.grad for n in topological_order(by_backward)]


def test_iterating_a_stepper_takes_the_remaining_steps() -> None:
    s = Stepper(lecture())
    s.next()
    assert [st.index for st in s] == [1, 2]
    assert s.done


def test_table_shows_data_and_grad_so_far_with_done_and_next() -> None:
    root, _ = evaluate("(a*b + c)*f", {"a": 2, "b": -3, "c": 10, "f": -2})
    root.label = "L"
    s = Stepper(root)
    table = s.table()
    assert isinstance(table, str) and repr(table) == str(table)  # a REPL shows the table, not '...\n...'
    lines = table.splitlines()
    assert lines[0].split() == ["node", "op", "data", "grad"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert rows["L"].split()[-3:] == ["0", "←", "next"]  # nothing is touched before the first step
    assert rows["a"].split() == ["a", "input", "2", "0"]
    s.next()
    rows = {line.split()[0]: line for line in s.table().splitlines()[1:]}
    assert rows["L"].split()[-3:] == ["-8", "1", "done"]
    assert rows["n4"].split()[-4:] == ["4", "-2", "←", "next"]  # n4 = n2 + c = 4, grad -2 arrived
    assert rows["f"].split() == ["f", "input", "-2", "4"]
    assert rows["a"].split() == ["a", "input", "2", "0"]  # not reached yet
    s.run()
    rows = {line.split()[0]: line for line in s.table().splitlines()[1:]}
    assert [rows[k].split()[3] for k in "abcf"] == ["6", "-4", "-2", "4"]


def test_stepper_in_japanese() -> None:
    s = Stepper(lecture(), lang="ja")
    assert "ステップ" in repr(s) and "次は" in repr(s)
    assert s.table().splitlines()[0].split() == ["ノード", "演算", "値", "勾配"]
    step = s.next()
    assert step is not None
    assert "連鎖律" in str(step) and "連鎖律" in repr(step)  # the Stepper's language
    assert "chain rule" in step.explain("en")
    assert all("連鎖律" in str(st) for st in s.run())


def test_stepper_refuses_unknown_language_and_non_values() -> None:
    with pytest.raises(ValueError, match="supported: en, ja"):
        Stepper(lecture(), lang="fr")
    with pytest.raises(TypeError, match="Value"):
        Stepper(3.0)  # type: ignore[arg-type]


def test_stepper_with_create_graph_records_the_backward_pass() -> None:
    x = Value(2.0, "x")
    y = x**3
    s = Stepper(y, create_graph=True)
    s.run()
    assert isinstance(x.grad, Value) and x.grad.data == 12.0
    g = x.grad
    x.grad = 0.0
    g.backward()
    assert x.grad == 12.0  # d²(x³)/dx² = 6x


def test_forward_trace_lists_nodes_in_evaluation_order() -> None:
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    root = (a * b + 1.0).tanh()
    trace = forward_trace(root)
    assert [(r.index, r.name, r.kind, r.op, r.inputs, r.value) for r in trace] == [
        (0, "a", "input", "", (), 2.0),
        (1, "b", "input", "", (), -3.0),
        (2, "n2", "op", "mul", ("a", "b"), -6.0),
        (3, "n3", "constant", "", (), 1.0),
        (4, "n4", "op", "add", ("n2", "n3"), -5.0),
        (5, "n5", "op", "tanh", ("n4",), pytest.approx(-0.999909204)),
    ]
    assert [r.expression for r in trace] == ["", "", "a · b", "", "n2 + n3", "tanh(n4)"]
    assert [r.arithmetic for r in trace] == ["", "", "2 · (-3)", "", "-6 + 1", "tanh(-5)"]
    text = str(trace)
    assert text.splitlines()[0] == "forward pass (evaluation order):"
    assert "n2  = a · b" in text and "= -6" in text and "constant" in text
    assert len(trace) == 6 and trace[5].node is root


def test_forward_trace_writes_each_op_readably() -> None:
    x = Value(0.5, "x")
    y = Value(2.0, "y")
    exprs = {
        "sub": x - y,
        "div": x / y,
        "pow": x**y,
        "neg": -x,
        "sq": x**2,
        "sqrt": x.sqrt(),
        "sigmoid": x.sigmoid(),
    }
    shown = {k: forward_trace(v)[-1].expression for k, v in exprs.items()}
    numbers = {k: forward_trace(v)[-1].arithmetic for k, v in exprs.items()}
    assert shown == {
        "sub": "x − y",
        "div": "x / y",
        "pow": "x ^ y",
        "neg": "−x",
        "sq": "x^2",
        "sqrt": "√(x)",
        "sigmoid": "σ(x)",
    }
    assert numbers["pow"] == "0.5 ^ 2" and numbers["sqrt"] == "√(0.5)"
    neg = Value(-1.5, "z")
    assert [forward_trace(v)[-1].arithmetic for v in (neg**2, -neg, neg - neg, neg.tanh())] == [
        "(-1.5)^2",
        "−(-1.5)",
        "-1.5 − (-1.5)",
        "tanh(-1.5)",
    ]


def test_forward_trace_in_japanese() -> None:
    text = forward_trace(Value(1.0, "a") * 2.0).render("ja")
    assert text.startswith("順伝播") and "入力" in text and "定数" in text


def test_names_follow_reading_order_whatever_order_the_caller_holds() -> None:
    from autograd import node_names, topological_order
    from autograd.explain.naming import reading_order

    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    root = (a * b + c) * f
    order = reading_order(root)
    assert [o.label or o.op for o in order] == ["a", "b", "mul", "c", "add", "f", "mul"]
    names = node_names(root)
    assert list(names.values()) == ["a", "b", "n2", "c", "n4", "f", "n6"]
    assert node_names(root, topological_order(root)) == names
    assert node_names(root, list(reversed(order))) == names


def test_reading_order_has_no_depth_limit() -> None:
    x = Value(0.5, "x")
    y = x
    for _ in range(20000):
        y = y.sin()
    order = forward_trace(y)
    assert len(order) == 20001 and order[0].node is x and order[-1].name == "n20000"


def test_names_are_unique_even_when_labels_repeat() -> None:
    from autograd import node_names

    w1, w2, n2 = Value(1.0, "w"), Value(2.0, "w"), Value(3.0, "n2")
    root = (w1 + w2) * n2
    assert list(node_names(root).values()) == ["w", "w_2", "n2_2", "n2", "n4"]
