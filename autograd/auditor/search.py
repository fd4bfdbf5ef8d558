"""Random expression graphs over the ops a class has, compared with this engine until one disagrees.

Hypothesis draws the graphs (reuse such as ``a * a`` and diamonds, numbers on
either side, mixed depths) and, on a mismatch, shrinks it to the smallest
graph that still disagrees.  Hypothesis is imported only here, when an audit
runs, so ``import autograd`` stays quick.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

from autograd.auditor.compare import Comparison, compare
from autograd.auditor.forms import MARGIN, Form, safe_value
from autograd.auditor.graph import Graph, Node
from autograd.auditor.sandbox import Clock
from autograd.auditor.shrink import simplify

__all__ = ["LEAF_VALUES", "NUMBERS", "Search", "graphs", "search"]

#: Values leaves shrink towards (a report reads better with a = 2 than a = 1.3172...).
LEAF_VALUES = (2.0, -3.0, 0.5, 1.5, -1.0, 3.0, -0.5, 4.0)
#: Numbers used beside a node: ``a + 2``, ``2 * a``.
NUMBERS = (2.0, 3.0, 0.5, -1.0, -2.0, 1.5)
#: Leaves are drawn from [-LEAF_BOUND, LEAF_BOUND].
LEAF_BOUND = 10.0
#: Most nodes in one graph.
MAX_NODES = 6


@dataclass(frozen=True)
class Search:
    """What the search found: ``tried`` graphs; ``failure`` the smallest disagreeing one (or None).

    ``stopped`` is ``""``, or ``"timeout"`` when a graph ran out of time (that
    graph is ``failure``, not shrunk), or ``"budget"`` when the whole search
    ran out of time before ``max_examples``.
    """

    tried: int
    failure: Comparison | None
    stopped: str = ""


def graphs(forms: Sequence[Form], exponents: Sequence[float], max_nodes: int = MAX_NODES) -> Any:
    """A hypothesis strategy for :class:`~autograd.auditor.graph.Graph` over ``forms``, clear of kinks."""
    from hypothesis import assume
    from hypothesis import strategies as st

    # Two-node forms three times over: they make the reuse and diamonds where wrong orders show.
    usable = [f for f in forms if f.kind != "pow" or exponents for _ in range(3 if f.kind == "vv" else 1)]
    leaf = st.one_of(
        st.sampled_from(LEAF_VALUES),
        st.floats(-LEAF_BOUND, LEAF_BOUND, allow_nan=False).filter(lambda x: abs(x) >= MARGIN),
    )

    @st.composite
    def draw(draw: Any) -> Graph:
        leaves = tuple(draw(leaf) for _ in range(draw(st.integers(1, 3))))
        values = list(leaves)
        nodes: list[Node] = []
        for _ in range(draw(st.integers(1, max_nodes))):
            form = draw(st.sampled_from(usable))
            # The newest value first (the graph grows deep); the second operand from anywhere (reuse).
            first = draw(st.sampled_from(range(len(values) - 1, -1, -1)))
            args: tuple[int, ...] = (first,)
            number: float | None = None
            other: float | None = None
            if form.kind == "vv":
                second = draw(st.sampled_from(range(len(values) - 1, -1, -1)))
                args, other = (first, second), values[second]
            elif form.kind in ("vn", "nv", "pow"):
                number = other = draw(st.sampled_from(exponents if form.kind == "pow" else NUMBERS))
            value = safe_value(form, values[first], other)
            if value is not None:
                nodes.append(Node(form, args, number))
                values.append(value)
        assume(nodes)
        return Graph(leaves, tuple(nodes))

    return draw()


def search(
    cls: type,
    forms: Sequence[Form],
    exponents: Sequence[float],
    *,
    seed: int,
    max_examples: int,
    clock: Clock,
    budget: float,
) -> Search:
    """Compare ``cls`` with this engine on up to ``max_examples`` graphs; shrink the first that disagrees.

    Each graph runs on ``cls`` within the ``clock``'s limit; the whole search gets ``budget`` seconds.
    """
    from hypothesis import HealthCheck, Phase, Verbosity, find, settings
    from hypothesis.errors import HypothesisException

    if not forms:
        return Search(0, None)
    deadline = time.monotonic() + budget
    state: dict[str, Any] = {"tried": 0, "last": None, "stopped": ""}

    def disagrees(graph: Graph) -> bool:
        if state["stopped"]:
            return False
        if time.monotonic() > deadline:
            state["stopped"] = "budget"
            return False
        state["tried"] += 1
        c = compare(cls, graph, clock)
        if c.timed_out:
            state["stopped"], state["last"] = "timeout", c
            return False
        if not c.ok:
            state["last"] = c
            return True
        return False

    options = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    # HypothesisException: no graph disagreed (NoSuchExample), or a class whose answers change between runs.
    with contextlib.suppress(HypothesisException):
        find(graphs(forms, exponents), disagrees, settings=options, random=Random(seed))
    failure = state["last"]
    if failure is not None and not failure.timed_out:
        smallest = simplify(failure.graph, lambda g: not compare(cls, g, clock).ok)
        failure = compare(cls, smallest, clock)  # fresh numbers for the smallest case
    return Search(state["tried"], failure, state["stopped"])
