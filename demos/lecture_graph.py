"""Draw the lecture's graph L = (a·b + c)·f forward, then backward, then animate the backward pass.

a = 2, b = −3, c = 10, f = −2; e = a·b, d = e + c, L = d·f.  Writes into ``out/``:
the forward view (SVG and PNG, before backward, so every grad is still 0), the
backward view after ``L.backward()`` (SVG, PNG and PDF) and the step-by-step
animation (HTML).  Run: ``python demos/lecture_graph.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograd import Value, animate, render


def lecture_graph() -> Value:
    """The classic example, every node labelled as in the lecture."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L


def main(out_dir: str = "out") -> list[Path]:
    """Write the pictures and the animation into ``out_dir`` (created if needed); return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    L = lecture_graph()
    written = [render(L, out / f"lecture_forward.{ext}") for ext in ("svg", "png")]
    L.backward()
    written += [render(L, out / f"lecture_backward.{ext}", view="backward") for ext in ("svg", "png", "pdf")]
    written.append(animate(L, out / "lecture_backward.html"))
    return written


if __name__ == "__main__":
    for path in main(sys.argv[1] if len(sys.argv) > 1 else "out"):
        print(path)
