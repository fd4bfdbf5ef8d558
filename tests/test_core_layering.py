"""The core imports nothing above it (counting imports inside functions), and never numpy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import autograd
from autograd import Value
from autograd.core import hooks

ROOT = Path(autograd.__file__).resolve().parent
CORE = [*sorted((ROOT / "core").glob("*.py")), ROOT / "reference.py"]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it: top level, functions, TYPE_CHECKING blocks."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import"
            assert node.module is not None
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "autograd")
    return names


def test_core_modules_import_only_the_core_and_the_standard_library() -> None:
    found = {}
    for path in CORE:
        bad = {
            m
            for m in imported_modules(path)
            if (m.startswith("autograd") and not m.startswith("autograd.core"))
            or m.split(".")[0] in {"numpy", "nn", "graphviz", "hypothesis"}
        }
        if bad:
            found[path.name] = sorted(bad)
    assert found == {}
    assert len(CORE) >= 8  # engine, ops, define, gradmode, hooks, numbers, gcpause, reference, ...


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from autograd.view.render import svg_of\n    import numpy\n")
    assert imported_modules(f) == {"autograd.view.render", "numpy"}


def test_the_core_runs_without_importing_anything_above_it() -> None:
    # A stand-in package replaces autograd/__init__.py, so only what the core itself imports is loaded.
    code = f"""
import sys, types
pkg = types.ModuleType("autograd")
pkg.__path__ = [{str(ROOT)!r}]
sys.modules["autograd"] = pkg
from autograd.core.engine import Value
from autograd.core.functional import grad
from autograd.core.define import define_op
import autograd.reference as ref
x = Value(3.0)
y = (x * x).tanh() + x.sin()
y.backward()
cube = define_op("cube", lambda x: x**3, lambda x: 3 * x**2)
assert grad(grad(cube))(2.0) == 12.0
assert x._repr_svg_() is None
try:
    x.backward_steps()
except RuntimeError as e:
    assert "import autograd" in str(e)
else:
    raise AssertionError("backward_steps without the explain layer")
r = ref.Value(3.0)
((r * r).tanh() + r.sin()).backward()
assert r.grad == x.grad
above = sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "nn")
               or (m.startswith("autograd.") and not m.startswith(("autograd.core", "autograd.reference"))))
print(above)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_autograd_plugs_the_upper_layers_into_the_core() -> None:
    from autograd.explain.record import backward_steps
    from autograd.explain.stepper import Stepper
    from autograd.replay.rules import numpy_derivs, numpy_forward
    from autograd.view.notebook import stepper_bundle, value_svg

    assert (hooks.svg, hooks.backward_steps) == (value_svg, backward_steps)
    assert Stepper.display is stepper_bundle
    assert (hooks.numpy_forward, hooks.numpy_derivs) == (numpy_forward, numpy_derivs)
    x = Value(2.0, "x")
    steps = list((x * x).backward_steps())
    assert [e.local for e in steps[0].edges] == [2.0, 2.0] and x.grad == 4.0
    svg = (x * x)._repr_svg_()
    assert svg is not None and "<svg" in svg and "</svg>" in svg


def test_core_modules_form_no_import_cycle() -> None:
    graph = {
        f"autograd.core.{p.stem}": {m for m in imported_modules(p) if m.startswith("autograd.core.")}
        for p in CORE
        if p.parent.name == "core"
    }

    def reaches(start: str, goal: str) -> bool:
        stack, seen = list(graph.get(start, ())), set()
        while stack:
            m = stack.pop()
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                stack.extend(graph.get(m, ()))
        return False

    assert [m for m in graph if reaches(m, m)] == []
