"""Graphs the tests share."""

from __future__ import annotations

from autograd import Value


def lecture_nodes() -> dict[str, Value]:
    """L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2; e = a·b, d = e + c; every node labelled."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "L": L}
