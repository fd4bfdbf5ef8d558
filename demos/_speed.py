"""An honest speed comparison of two ways to take the same training step.

Each way is timed over several steps and compared by the median.  A claim is
made only when the two sets of times do not overlap: when the slowest run of
one is still faster than the fastest run of the other.  Otherwise the difference
is within the noise of a shared machine, and that is what gets said.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from autograd.explain.sentences import text

STEPS = 5  # timed steps per way


def times(step: Callable[[], object], n: int = STEPS) -> list[float]:
    """Seconds taken by each of ``n`` calls of ``step``."""
    took = []
    for _ in range(n):
        start = time.perf_counter()
        step()
        took.append(time.perf_counter() - start)
    return took


def verdict(engine: list[float], compiled: list[float], lang: str = "en") -> str:
    """One sentence comparing the medians of two sets of step times, or saying they overlap."""
    e, c = statistics.median(engine), statistics.median(compiled)
    fields = {"n": len(engine), "engine": f"{e * 1e3:.1f}", "compiled": f"{c * 1e3:.1f}"}
    if max(compiled) < min(engine):
        return text("demos_speed_faster", lang, ratio=_ratio(e / c), **fields)
    if max(engine) < min(compiled):
        return text("demos_speed_slower", lang, ratio=_ratio(c / e), **fields)
    return text("demos_speed_noise", lang, **fields)


def _ratio(r: float) -> str:
    return f"{r:.1f}" if r < 10 else f"{r:.0f}"
