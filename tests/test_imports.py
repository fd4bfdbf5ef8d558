"""The house: no import cycles between modules, and the core imports nothing above it.

Every import counts, including those inside functions and under TYPE_CHECKING,
because a cycle hidden inside a function is still a cycle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd", "nn")

# Layers, bottom first: a module may import its own layer and the ones below it.
LAYERS = [
    {"autograd.core"},
    {"autograd.explain", "autograd.expr"},
    {"autograd.view", "autograd.check", "autograd.replay", "autograd.testing", "autograd.files"},
    {"autograd.auditor", "autograd.reference", "autograd.tutorial"},
    {"autograd.cli", "autograd", "autograd.__main__"},
    {"nn"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules that ``name`` imports anywhere in its file."""
    out: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(path, name, known) for name, path in mods.items()}


def layer_of(name: str) -> int:
    best, depth = -1, -1
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > depth:
                best, depth = i, len(prefix)
    assert best >= 0, f"{name} belongs to no layer: add it to LAYERS"
    return best


def find_cycle(g: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    for start in sorted(g):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(g[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(sorted(g.get(nxt, ())))))
                path.append(nxt)
    return None


def test_the_checker_finds_a_planted_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_counting_imports_inside_functions() -> None:
    g = graph()
    # A package's __init__ re-exports its modules; that edge is not a design dependency.
    g = {
        m: {t for t in ts if not (m == t.rpartition(".")[0] and m in ("autograd", "nn"))}
        for m, ts in g.items()
    }
    cycle = find_cycle(g)
    assert cycle is None, " → ".join(cycle or [])


def test_each_module_imports_only_its_own_layer_and_below() -> None:
    upward = []
    for name, targets in graph().items():
        if name in ("autograd", "nn"):
            continue  # the package roots gather the public names
        for t in targets:
            if t not in ("autograd", "nn") and layer_of(t) > layer_of(name):
                upward.append(f"{name} → {t}")
    assert not upward, "\n".join(sorted(upward))
