"""DOT for the forward and backward views: records, op symbols, contributions, determinism, max_nodes."""

from __future__ import annotations

import html
import importlib
import itertools
import math
import re
from collections import Counter

import pytest
from graphs import lecture_nodes
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value, backward_steps, define_op, draw
from autograd.core.engine import topological_order

draw_module = importlib.import_module("autograd.view.draw")
style = importlib.import_module("autograd.view.style")


def lecture() -> dict[str, Value]:
    """L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2, labelled as in the lecture."""
    return lecture_nodes()


_NODE = re.compile(r"^\t(\w+) \[label=(.*?)(?: \w+=\S+)*\]$", re.M)
_FONT = re.compile(r'<FONT COLOR="[^"]*">(.*?)</FONT>')
_EDGE = re.compile(r"^\t(\w+) -> (\w+)(?: \[(.*)\])?$", re.M)


def records(source: str) -> dict[str, list[str]]:
    """DOT id → the texts of its record cells (name, data, grad)."""
    out = {}
    for m in re.finditer(r"^\t(v\d+) \[label=<(.*?)> id=", source, re.M):
        out[m[1]] = [html.unescape(re.sub(r"</?B>", "", t)) for t in _FONT.findall(m[2])]
    return out


def op_labels(source: str) -> dict[str, str]:
    """DOT id of each op node → its (unquoted) label."""
    found = re.findall(r'^\t(op\d+) \[label="?(.*?)"? color=', source, re.M)
    return {k: html.unescape(v) for k, v in found}


def edges(source: str) -> list[tuple[str, str, str]]:
    """(from, to, label texts joined by '|') for every edge, in the direction its arrow points.

    The backward view writes its edges input → output (so the layout matches the forward view)
    with ``dir=back``, which turns the arrow round.
    """
    out = []
    for m in _EDGE.finditer(source):
        attrs = m[3] or ""
        if "style=invis" in attrs:
            continue
        texts = [html.unescape(t) for t in _FONT.findall(attrs)]
        ends = (m[2], m[1]) if re.search(r"\bdir=back\b", attrs) else (m[1], m[2])
        out.append((*ends, "|".join(re.sub(r"</?B>", "", t) for t in texts)))
    return out


def ids_by_name(root: Value) -> dict[str, str]:
    return {n.label: f"v{k}" for k, n in enumerate(topological_order(root)) if n.label}


def test_forward_view_has_one_record_per_value_with_its_data_and_grad() -> None:
    g = lecture()
    g["L"].backward()
    src = draw(g["L"]).source
    recs = records(src)
    ids = ids_by_name(g["L"])
    assert len(recs) == 7
    expected = {
        "a": (2, 6),
        "b": (-3, -4),
        "c": (10, -2),
        "e": (-6, -2),
        "d": (4, -2),
        "f": (-2, 4),
        "L": (-8, 1),
    }
    for name, (data, grad) in expected.items():
        assert recs[ids[name]] == [name, f"data {data}", f"grad {grad}"]


def test_forward_edges_run_input_to_op_to_output() -> None:
    g = lecture()
    src = draw(g["L"]).source
    ids = ids_by_name(g["L"])
    found = {(t, h) for t, h, _ in edges(src)}
    e, d, L = ids["e"], ids["d"], ids["L"]
    want = {
        (ids["a"], f"op{e[1:]}"),
        (ids["b"], f"op{e[1:]}"),
        (f"op{e[1:]}", e),
        (e, f"op{d[1:]}"),
        (ids["c"], f"op{d[1:]}"),
        (f"op{d[1:]}", d),
        (d, f"op{L[1:]}"),
        (ids["f"], f"op{L[1:]}"),
        (f"op{L[1:]}", L),
    }
    assert found == want


def test_unlabelled_nodes_get_the_stepper_names() -> None:
    x = Value(3.0)
    y = (x * x).tanh()
    names = autograd.node_names(y)
    recs = records(draw(y).source)
    for k, node in enumerate(topological_order(y)):
        assert recs[f"v{k}"][0] == names[node] == f"n{k}"


def _every_op(x: Value, y: Value) -> Value:
    parts = [
        x + y,
        x - y,
        x * y,
        x / y,
        -x,
        x**y,
        x**2,
        x.exp(),
        x.log(),
        x.tanh(),
        x.sigmoid(),
        x.relu(),
        x.sqrt(),
        abs(x),
        x.sin(),
        x.cos(),
    ]
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    return total


def test_op_nodes_show_the_op_tables_symbols() -> None:
    root = _every_op(Value(1.5, "x"), Value(0.5, "y"))
    src = draw(root).source
    labels = op_labels(src)
    order = topological_order(root)
    for k, node in enumerate(order):
        entry = node.op_entry
        if entry is None:
            assert f"op{k}" not in labels
        else:
            assert labels[f"op{k}"] == style.shown_symbol(entry.symbol)
    shown = set(labels.values())
    assert {style.shown_symbol(op.symbol) for op in OPS.values() if op.builtin} <= shown
    assert "×" in shown and "·" not in shown  # multiplication reads as ×, not a 2-px dot
    assert "^2" in shown  # x**2 is the constant-exponent entry, whose symbol carries the exponent


def test_a_custom_op_is_drawn_with_its_own_symbol(custom_ops: None) -> None:
    twice = define_op("draw_test_twice", lambda x: 2 * x, lambda x: 2.0, symbol="2×")
    y = twice(Value(4.0, "x"))
    y.backward()
    src = draw(y, view="backward").source
    assert list(op_labels(src).values()) == ["2×"]
    assert [lab for _, _, lab in edges(src) if lab] == ["local 2|1 × 2 = 2"]


def test_backward_edges_carry_local_derivative_and_contribution() -> None:
    g = lecture()
    g["L"].backward()
    src = draw(g["L"], view="backward").source
    ids = ids_by_name(g["L"])
    labelled = {h: lab for t, h, lab in edges(src) if t.startswith("op")}
    # upstream × local = contribution, for the lecture's numbers
    assert labelled[ids["a"]] == "local -3|-2 × (-3) = 6"
    assert labelled[ids["b"]] == "local 2|-2 × 2 = -4"
    assert labelled[ids["c"]] == "local 1|-2 × 1 = -2"
    assert labelled[ids["e"]] == "local 1|-2 × 1 = -2"
    assert labelled[ids["d"]] == "local -2|1 × (-2) = -2"
    assert labelled[ids["f"]] == "local 4|1 × 4 = 4"
    # every edge runs from a node to its op, then from the op to the node's parents
    for t, h, _ in edges(src):
        if t.startswith("v"):
            assert h == "op" + t[1:]


def test_backward_edges_agree_with_the_stepper() -> None:
    x, y = Value(0.7, "x"), Value(-1.3, "y")
    root = ((x * y).tanh() + x.exp() / (y * y + 1.0)).sigmoid()
    steps = list(backward_steps(root))
    src = draw(root, view="backward").source
    index = {n: k for k, n in enumerate(topological_order(root))}
    fmt = draw_module.num
    labelled = Counter((t, h, lab) for t, h, lab in edges(src) if t.startswith("op"))
    for step in steps:
        for e in step.edges:
            loc = fmt(e.local)
            factor = f"({loc})" if e.local < 0 else loc
            want = f"local {loc}|{fmt(step.grad)} × {factor} = {fmt(e.contribution)}"
            assert labelled[(f"op{index[step.node]}", f"v{index[e.parent]}", want)] >= 1
    assert sum(labelled.values()) == sum(len(s.edges) for s in steps)


def test_backward_fill_follows_abs_grad_with_a_legend() -> None:
    g = lecture()
    g["L"].backward()
    src = draw(g["L"], view="backward").source
    ids = ids_by_name(g["L"])
    fill = {name: re.search(rf'^\t{i} \[.*?BGCOLOR="(#\w+)"', src, re.M)[1] for name, i in ids.items()}  # type: ignore[index]
    scale = style.SCALE
    assert fill["a"] == scale[-1]  # |grad| 6 is the largest
    assert fill["b"] == style.scale_colour(4 / 6)
    assert fill["L"] == style.scale_colour(1 / 6)
    assert fill["c"] == fill["d"] == fill["e"] == style.scale_colour(2 / 6)
    legend = re.search(r"^\tlegend \[label=<(.*)> id=legend shape=plain\]$", src, re.M)
    assert legend is not None
    assert "|grad|" in legend[1]
    ticks = re.findall(r'<FONT POINT-SIZE="9">([-\d.]*)</FONT>', legend[1])
    assert ticks == ["0", "3", "6"]


def test_scale_is_darker_for_larger_gradients() -> None:
    def luminance(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    shades = [luminance(style.scale_colour(t / 20)) for t in range(21)]
    assert all(a > b for a, b in itertools.pairwise(shades))
    assert style.scale_colour(0.0) == style.SCALE[0]
    assert style.scale_colour(math.nan) == "#d9d9d9"


def test_backward_view_before_backward_says_to_run_it() -> None:
    g = lecture()
    src = draw(g["L"], view="backward").source
    assert "call L.backward() first" in src


def test_backward_view_of_recorded_grads() -> None:
    x = Value(3.0, "x")
    y = x * x * x
    y.label = "y"
    y.backward(create_graph=True)
    recs = records(draw(y, view="backward").source)
    assert recs[ids_by_name(y)["x"]] == ["x", "data 3", "grad 27"]  # 3x² at x = 3


def test_same_graph_gives_identical_bytes() -> None:
    g1, g2 = lecture(), lecture()
    for view in ("forward", "backward"):
        first = draw(g1["L"], view=view).source
        assert draw(g1["L"], view=view).source == first
        assert draw(g2["L"], view=view).source == first
    g1["L"].backward()
    g2["L"].backward()
    assert draw(g1["L"], view="backward").source == draw(g2["L"], view="backward").source


@settings(max_examples=25)
@given(st.lists(st.floats(-3, 3, allow_nan=False), min_size=2, max_size=6))
def test_identically_built_graphs_draw_identically(xs: list[float]) -> None:
    def build() -> Value:
        vs = [Value(x) for x in xs]
        out = vs[0]
        for v in vs[1:]:
            out = (out * v).tanh() + v
        return out

    one, two = build(), build()
    one.backward()
    two.backward()
    for view in ("forward", "backward"):
        assert draw(one, view=view).source.encode() == draw(two, view=view).source.encode()


def _big_graph(n_leaves: int) -> Value:
    xs = [Value(float(i % 7) - 3.0) for i in range(n_leaves)]
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    return total


def test_max_nodes_collapses_a_5000_node_graph() -> None:
    root = _big_graph(2500).tanh()  # 2500 leaves + 2499 sums + tanh = 5000 Values
    assert len(topological_order(root)) == 5000
    capped = draw(root).source  # 200 values by default, like Jupyter's display
    small = draw(root, max_nodes=40).source
    assert len(records(capped)) == 200
    assert "… 4,800 more values, not drawn" in capped
    assert len(records(small)) == 40
    assert "… 4,960 more values, not drawn" in small
    assert "5,000 in all; max_nodes=40" in small
    assert "max_nodes=None draws every one" in small
    assert len(small) < 40_000
    # every kept edge points at a drawn node, and the summary node feeds the frontier
    drawn = set(records(small)) | set(op_labels(small)) | {"omitted"}
    for t, h, _ in edges(small):
        assert t in drawn and h in drawn
    assert any(t == "omitted" for t, _, _ in edges(small))


def test_drawing_everything_past_the_cap_fails_at_once_with_advice() -> None:
    root = _big_graph(1200).tanh()  # 2400 values, past the 2,000 any picture lays out
    with pytest.raises(ValueError) as err:
        draw(root, max_nodes=None)
    message = str(err.value)
    assert "2,400 values" in message and "2,000" in message and "max_nodes=200" in message
    assert len(records(draw(root, max_nodes=2000).source)) == 2000


def test_max_nodes_keeps_the_nodes_nearest_the_root() -> None:
    g = lecture()
    src = draw(g["L"], max_nodes=3).source
    ids = ids_by_name(g["L"])
    assert set(records(src)) == {ids["L"], ids["d"], ids["f"]}
    assert "… 4 more values, not drawn" in src


def test_max_nodes_at_or_above_the_size_changes_nothing() -> None:
    g = lecture()
    assert draw(g["L"], max_nodes=7).source == draw(g["L"]).source


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"view": "sideways"}, ["'sideways'", "'forward'", "'backward'"]),
        ({"rankdir": "up"}, ["'up'", "'LR'", "'TB'"]),
        ({"max_nodes": 0}, ["max_nodes", "0"]),
        ({"max_nodes": 2.5}, ["max_nodes", "2.5"]),
    ],
)
def test_bad_options_name_what_is_valid(options: dict[str, object], words: list[str]) -> None:
    g = lecture()
    with pytest.raises(ValueError) as err:
        draw(g["L"], **options)  # type: ignore[arg-type]
    for w in words:
        assert w in str(err.value)


def test_draw_needs_a_value() -> None:
    with pytest.raises(TypeError, match="root Value"):
        draw(3.0)  # type: ignore[arg-type]


def test_labels_are_escaped() -> None:
    x = Value(1.0, "<x & y>")
    y = x * 2.0
    src = draw(y).source
    assert "&lt;x &amp; y&gt;" in src
    assert ["<x & y>", "data 1", "grad 0"] in records(src).values()


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_backward_view_lays_out_the_forward_graph_with_arrows_turned_round(rankdir: str) -> None:
    g = lecture()
    g["L"].backward()
    forward, backward = (
        draw(g["L"], rankdir=rankdir).source,
        draw(g["L"], view="backward", rankdir=rankdir).source,
    )
    assert f"rankdir={rankdir}" in forward and f"rankdir={rankdir}" in backward
    plain = [(t, h) for t, h, _ in edges(forward)]
    turned = [(h, t) for t, h, _ in edges(backward) if t != "legend"]
    assert plain == turned


def test_jupyter_shows_values_and_drawings_as_svg() -> None:
    g = lecture()
    bundle = draw(g["L"])._repr_mimebundle_()
    assert bundle["image/svg+xml"].count('class="node"') == 10
    svg = g["L"]._repr_svg_()
    assert svg is not None and "<svg" in svg
