"""The tutorial notebooks run: with the reference answers every check says ✓; with a planted mistake the
check says ✗ and names the mistake.  Both languages, every notebook, executed by a real Jupyter kernel."""

from __future__ import annotations

import json
import os
import re
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from autograd.explain.sentences import TABLES

NOTEBOOKS = Path(__file__).resolve().parent.parent / "demos" / "notebooks"
NAMES = sorted(p.stem for p in (NOTEBOOKS / "en").glob("*.ipynb"))

#: The reference answer of every exercise cell (the same code in both languages).
ANSWERS = {
    "nudge": "slope_estimate = (L(6 + 0.001) - L(6)) / 0.001",
    "direction": "direction = +1",
    "gradient_vector": "grads = [2 * (y_hat - y) * xi for xi in x]",
    "grad_w": "def grad_w(x, y, y_hat):\n    return np.mean(2 * (y_hat - y) * x)",
    "grad_b": "def grad_b(x, y, y_hat):\n    return np.mean(2 * (y_hat - y))",
    "update": "def update(w, grad, lr):\n    return w - lr * grad",
    "lecture_grads": 'predicted = {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}',
    "tanh_local": "def tanh_local(o):\n    return 1 - o**2",
    "neuron_grads": 'neuron = {"x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}',
    "build_topo": """
def build_topo(root):
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for p in v.parents:
                visit(p)
            order.append(v)

    visit(root)
    return order
""",
    "my_value": """
import math


class MyValue:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other):
        out = MyValue(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        out = MyValue(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = MyValue(t, (self,))

        def _backward():
            self.grad += (1 - t**2) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
""",
    "parameter_count": "n_parameters = (2 * 16 + 16) + (16 * 16 + 16) + (16 * 1 + 1)",
    "derivative_rule": "def d_log1p_sq(x):\n    return 2 * x / (1 + x**2)",
}

#: One planted mistake per notebook: (exercise, wrong answer, the hint that must name it).
MISTAKES = {
    "01_nudge": ("nudge", "slope_estimate = L(6 + 0.001) - L(6)", "tutorial_hint_divide_by_h"),
    "02_gradient_vector": (
        "gradient_vector",
        "grads = [(y_hat - y) * xi for xi in x]",
        "tutorial_hint_factor_2",
    ),
    "03_learn_y_3x": (
        "grad_w",
        "def grad_w(x, y, y_hat):\n    return np.mean((y_hat - y) * x)",
        "tutorial_hint_factor_2",
    ),
    "04_computation_graph": (
        "lecture_grads",
        'predicted = {"a": -3.0, "b": -4.0, "c": -2.0, "f": 4.0}',
        "tutorial_hint_chain_upstream",
    ),
    "05_tanh_neuron": ("tanh_local", "def tanh_local(o):\n    return 1 - o", "tutorial_hint_tanh_square"),
    "06_topological_order": (
        "build_topo",
        ANSWERS["build_topo"].replace(
            "            for p in v.parents:\n                visit(p)\n            order.append(v)",
            "            order.append(v)\n            for p in v.parents:\n                visit(p)",
        ),
        "tutorial_hint_topo_before_inputs",
    ),
    "07_build_your_own_value": (
        "my_value",
        ANSWERS["my_value"].replace("grad += out.grad\n", "grad = out.grad\n"),  # = where += belongs
        "tutorial_myvalue_accumulate",
    ),
    "08_two_moons": (
        "parameter_count",
        "n_parameters = 2 * 16 + 16 * 16 + 16 * 1",
        "tutorial_hint_parameters_bias",
    ),
    "09_check_your_derivative": (
        "derivative_rule",
        "def d_log1p_sq(x):\n    return 1 / (1 + x**2)",
        "tutorial_hint_inner_factor",
    ),
}


def _load(lang: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((NOTEBOOKS / lang / f"{name}.ipynb").read_text(encoding="utf-8"))
    return data


def _source(cell: dict[str, Any]) -> str:
    return "".join(cell["source"])


def _fill(nb: dict[str, Any], planted: tuple[str, str, str] | None) -> dict[str, Any]:
    """The notebook with every exercise cell answered (and one answered wrong, if ``planted``)."""
    for cell in nb["cells"]:
        exercise = cell["metadata"].get("exercise")
        if exercise is not None:
            code = planted[1] if planted and planted[0] == exercise else ANSWERS[exercise]
            cell["source"] = code.strip("\n").splitlines(keepends=True)
    return nb


def _outputs(cell: dict[str, Any]) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif "data" in out and "text/plain" in out["data"]:
            parts.append("".join(out["data"]["text/plain"]))
    return "\n".join(parts)


# --- the notebooks as files: same content in both languages, blank exercises, no outputs ---------------


def test_every_notebook_exists_in_both_languages() -> None:
    assert sorted(p.stem for p in (NOTEBOOKS / "ja").glob("*.ipynb")) == NAMES
    assert len(NAMES) == 9 and set(NAMES) == set(MISTAKES)


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_hold_the_same_cells_blank_and_without_outputs(name: str) -> None:
    en, ja = _load("en", name), _load("ja", name)
    shape = [
        [(c["cell_type"], c["metadata"].get("exercise"), c["metadata"].get("tags")) for c in nb["cells"]]
        for nb in (en, ja)
    ]
    assert shape[0] == shape[1]
    for lang, nb, marker in (("en", en, "# YOUR TURN"), ("ja", ja, "# あなたの番です")):
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in code), lang
        assert f'LANG = "{lang}"' in _source(code[0])
        exercises = [c for c in code if "exercise" in c["metadata"]]
        assert exercises, f"{name} has no exercise"
        for c in exercises:
            assert _source(c).startswith(marker) and "..." in _source(c)
            assert c["metadata"]["exercise"] in ANSWERS
    checks = [
        [_source(c) for c in nb["cells"] if "check" in c["metadata"].get("tags", [])] for nb in (en, ja)
    ]
    assert checks[0] == checks[1] and all(s.startswith("check.") for s in checks[0])
    japanese = " ".join(_source(c) for c in ja["cells"] if c["cell_type"] == "markdown")
    assert "です" in japanese or "ます" in japanese


# --- the notebooks executed ------------------------------------------------------------------------------

needs_kernel = pytest.mark.skipif(
    find_spec("nbclient") is None or find_spec("ipykernel") is None or find_spec("matplotlib") is None,
    reason="executing notebooks needs the dev and demos extras (nbclient, ipykernel, matplotlib)",
)


def _execute(notebooks: list[dict[str, Any]], cwd: Path) -> list[Any]:
    """Run each notebook's cells in one python3 kernel started in ``cwd``, its names cleared between notebooks.

    One kernel for several runs keeps the test fast (starting a kernel costs more than a notebook here);
    ``%reset -f`` gives every run an empty namespace, as a fresh kernel would.
    """
    import nbformat
    from nbclient import NotebookClient

    nodes = [nbformat.reads(json.dumps(nb), as_version=4) for nb in notebooks]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel's own inline backend
    client = NotebookClient(nodes[0], timeout=60, kernel_name="python3")
    with client.setup_kernel(cwd=str(cwd), env=env):
        for node in nodes:
            client.nb = node
            client.reset_execution_trackers()
            node.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
            for index, cell in enumerate(node.cells):
                client.execute_cell(cell, index)
    return nodes


def _pattern(key: str, lang: str) -> re.Pattern[str]:
    """The sentence ``key`` with each ``{field}`` matching anything."""
    parts = re.split(r"\{[a-z_]+\}", TABLES[lang][key])
    return re.compile(".*?".join(re.escape(p) for p in parts), re.DOTALL)


@needs_kernel
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_with_the_answers_and_catches_a_planted_mistake(name: str, tmp_path: Path) -> None:
    runs = [_fill(_load(lang, name), planted) for lang in ("en", "ja") for planted in (None, MISTAKES[name])]
    for (lang, planted), nb in zip(
        [(la, p) for la in ("en", "ja") for p in (False, True)], _execute(runs, tmp_path)
    ):
        outs = [(_outputs(c), "check" in c["metadata"].get("tags", [])) for c in nb["cells"]]
        everything = "\n".join(out for out, _ in outs)
        assert "Glyph" not in everything and "Traceback" not in everything, (lang, everything)
        checks = [out for out, is_check in outs if is_check]
        if not planted:  # the reference answers: every check says ✓
            assert checks and all(out.startswith("✓ ") and "✗" not in out for out in checks), (lang, checks)
        else:  # one planted mistake: its check alone says ✗, and names the mistake
            failed = [out for out in checks if out.startswith("✗")]
            assert len(failed) == 1 and sum("✓" in out for out in checks) == len(checks) - 1, (lang, checks)
            assert _pattern(MISTAKES[name][2], lang).fullmatch(failed[0].strip()[2:]), (lang, failed)
