"""Building a Stepper changes no gradient; old leaf gradients are told, not hidden (issue 10, item 16)."""

from __future__ import annotations

from graphs import lecture_nodes

from autograd import Stepper, Value


def lecture_after_backward() -> dict[str, Value]:
    nodes = lecture_nodes()
    nodes["L"].backward()
    return nodes


def grads(nodes: dict[str, Value]) -> dict[str, float]:
    return {k: float(v.grad) for k, v in nodes.items()}


def test_building_a_stepper_on_a_backpropagated_graph_changes_no_gradient() -> None:
    nodes = lecture_after_backward()
    before = grads(nodes)
    assert before["e"] == -2.0 and before["a"] == 6.0  # interior and leaf grads from backward()
    s = Stepper(nodes["L"])
    repr(s), s.table()
    assert grads(nodes) == before


def test_old_leaf_gradients_are_named_in_repr_and_first_step_with_what_to_do() -> None:
    nodes = lecture_after_backward()
    s = Stepper(nodes["L"])
    assert s.held == (("a", 6.0), ("b", -4.0), ("c", -2.0), ("f", 4.0))
    for shown in (repr(s), str(s.next())):
        assert "a.grad = 6" in shown and "fresh=True" in shown and "zero_grad" in shown
    assert "a.grad = 6" not in str(s.next())  # said once, at the first step


def test_stepping_a_second_time_adds_to_leaves_like_backward() -> None:
    nodes = lecture_after_backward()
    Stepper(nodes["L"]).run()
    assert [nodes[k].grad for k in "abcf"] == [12.0, -8.0, -4.0, 8.0]
    assert nodes["e"].grad == -2.0  # interior grads are this pass's, as in backward()


def test_fresh_zeroes_the_leaves_so_the_run_equals_one_backward() -> None:
    nodes = lecture_after_backward()
    s = Stepper(nodes["L"], fresh=True)
    assert s.held == () and "fresh" not in repr(s)
    s.run()
    assert [nodes[k].grad for k in "abcf"] == [6.0, -4.0, -2.0, 4.0]


def test_japanese_note_about_old_gradients() -> None:
    nodes = lecture_after_backward()
    shown = repr(Stepper(nodes["L"], lang="ja"))
    assert "葉ノードには前の計算の勾配が残っています" in shown and "a の勾配 = 6" in shown
