"""Words for a backward step.  (English only so far; Japanese is planned.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.steps import BackwardStep

LANGUAGES = ("en",)


def _g(x: float) -> str:
    return f"{x:.6g}"


def narrate(step: BackwardStep, lang: str = "en") -> str:
    """Narrate one step: upstream × local = contribution, and which grad grew from what to what."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; supported: {', '.join(LANGUAGES)}")
    lines = [f"step {step.index + 1}/{step.total}: {step.name} (∂L/∂{step.name} = {_g(step.grad)})"]
    for e in step.edges:
        p = step.names[e.parent]
        lines.append(
            f"  {p}: {e.formula}; {_g(step.grad)} × {_g(e.local)} = {_g(e.contribution)};"
            f" {p}.grad {_g(e.grad_before)} → {_g(e.grad_after)}"
        )
    return "\n".join(lines)
