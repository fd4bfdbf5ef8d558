"""Check your derivative: add an op with a hand-written derivative, and let gradcheck judge it.

We add sin(x²) as a new op.  Its derivative, by the chain rule, is
cos(x²)·2x.  A very common slip is to write cos(x²) and forget the inner
factor 2x.  gradcheck nudges x, watches how the output moves, and compares that
slope with what backward computed from our rule.

Run: python demos/check_your_derivative.py
"""

from __future__ import annotations

import math
from typing import Any

from autograd import Value, define_op, gradcheck, gradgradcheck


def cos(t: Any) -> Any:
    """cos on a float or on a Value, so a rule using it also runs when backward is recorded."""
    return t.cos() if isinstance(t, Value) else math.cos(t)


def main() -> None:
    """Catch the forgotten chain-rule factor, fix it, and watch the check pass."""
    x = 1.5
    print("1. A new op, sin(x²), with the derivative written by hand as cos(x²).")
    print("   (The chain rule says cos(x²)·2x: the inner factor 2x is missing.)\n")
    wrong = define_op(
        "sin_sq",
        lambda a: math.sin(a * a),
        lambda a: cos(a * a),
        formulas=["∂sin(x²)/∂x = cos(x²)   ← wrong"],
    )
    report = gradcheck(lambda x: wrong(x), [x], raise_exception=False)
    print(report)
    (row,) = report.rows
    ratio = row.analytic / row.numeric
    print(
        f"\n   backward/numeric = {ratio:.6g} = 1/{1 / ratio:.6g}.  At x = {x}, 2x = {2 * x:g}:"
        " the ratio is exactly the missing factor.\n"
    )

    print("2. The fix: ∂sin(x²)/∂x = cos(x²)·2x.  Same name, with replace=True, so the op is replaced.\n")
    right = define_op(
        "sin_sq",
        lambda a: math.sin(a * a),
        lambda a: cos(a * a) * 2 * a,
        formulas=["∂sin(x²)/∂x = cos(x²)·2x"],
        replace=True,
    )
    print(gradcheck(lambda x: right(x), [x]))

    print("\n3. One point is not a proof: check a few more, and a bigger expression that uses the op.")
    for point in (-2.0, 0.3, 0.9, 2.5):
        r = gradcheck(lambda x, y: right(x * y) + y, [point, 0.7])
        print(f"   x = {point:>4}, y = 0.7: {'passed' if r else 'FAILED'}")

    print("\n4. The rule uses only operations a Value supports, so backward(create_graph=True) can")
    print("   differentiate it again, and second derivatives check out as well:\n")
    print(gradgradcheck(lambda x: right(x), [x]))


if __name__ == "__main__":
    main()
