"""Check your derivative: add an op with a hand-written derivative, and let gradcheck judge it.

We add sin(x²) as a new op.  Its derivative, by the chain rule, is
cos(x²)·2x.  A very common slip is to write cos(x²) and forget the inner
factor 2x.  gradcheck nudges x, watches how the output moves, and compares that
slope with what backward computed from our rule.

    python demos/check_your_derivative.py
    python demos/check_your_derivative.py --lang ja
"""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:  # run by runpy.run_path, its siblings need a way in
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Parser, add_lang, run, set_lang

from autograd import Value, define_op, gradcheck, gradgradcheck
from autograd.explain.sentences import text

_fresh = itertools.count()  # op names must be new: each run defines its own


def cos(t: Any) -> Any:
    """cos on a float or on a Value, so a rule using it also runs when backward is recorded."""
    return t.cos() if isinstance(t, Value) else math.cos(t)


def main(lang: str = "en") -> None:
    """Catch the forgotten chain-rule factor, fix it, and watch the check pass."""
    set_lang(lang)
    n = next(_fresh)
    x = 1.5
    print(text("demos_check_1", lang))
    wrong = define_op(
        f"sin_sq_wrong_{n}",
        lambda a: math.sin(a * a),
        lambda a: cos(a * a),
        formulas=["∂sin(x²)/∂x = cos(x²)   ← wrong"],
    )
    report = gradcheck(lambda x: wrong(x), [x], raise_exception=False, lang=lang)
    print(report)
    (row,) = report.rows
    ratio = row.analytic / row.numeric
    print(
        text(
            "demos_check_ratio",
            lang,
            ratio=f"{ratio:.6g}",
            inverse=f"{1 / ratio:.6g}",
            x=x,
            two_x=f"{2 * x:g}",
        )
    )

    print(text("demos_check_2", lang))
    right = define_op(
        f"sin_sq_{n}",
        lambda a: math.sin(a * a),
        lambda a: cos(a * a) * 2 * a,
        formulas=["∂sin(x²)/∂x = cos(x²)·2x"],
    )
    print(gradcheck(lambda x: right(x), [x], lang=lang))

    print(text("demos_check_3", lang))
    for point in (-2.0, 0.3, 0.9, 2.5):
        r = gradcheck(lambda x, y: right(x * y) + y, [point, 0.7], raise_exception=False, lang=lang)
        verdict = text("demos_check_passed" if r else "demos_check_failed", lang)
        print(text("demos_check_point", lang, x=point, verdict=verdict))

    print(text("demos_check_4", lang))
    print(gradgradcheck(lambda x: right(x), [x], lang=lang))


def cli(argv: list[str] | None = None) -> int:
    parser = Parser(prog="check_your_derivative.py", description="Catch a wrong derivative with gradcheck.")
    add_lang(parser)
    args = parser.parse_args(argv)
    return run(lambda: main(args.lang))


if __name__ == "__main__":
    raise SystemExit(cli())
