"""The guided tour (`make demo`): backprop on the lecture's graph, by the engine.

L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2.
"""

from __future__ import annotations

from autograd import Value


def lecture_graph() -> tuple[Value, dict[str, Value]]:
    """The classic example, every node labelled as in the lecture."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L, {"a": a, "b": b, "c": c, "e": e, "d": d, "f": f, "L": L}


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


def main() -> None:
    section("The lecture graph: L = (a·b + c)·f")
    L, nodes = lecture_graph()
    print("forward:")
    for name in ("a", "b", "c", "f", "e", "d", "L"):
        n = nodes[name]
        how = " ".join(p.label for p in n.parents)
        print(f"  {name} = {n.data:g}" + (f"   ({n.op} of {how})" if n.op else ""))
    L.backward()
    print("backward (∂L/∂node):")
    for name in ("L", "d", "f", "e", "c", "a", "b"):
        print(f"  ∂L/∂{name} = {nodes[name].grad:g}")


if __name__ == "__main__":
    main()
