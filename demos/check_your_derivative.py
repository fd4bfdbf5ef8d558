"""Check your derivative: add an op with a hand-written derivative, and let gradcheck judge it.

We add sin(x²) as a new op.  Its derivative, by the chain rule, is
cos(x²)·2x.  A very common slip is to write cos(x²) and forget the inner
factor 2x.  gradcheck nudges x, watches how the output moves, and compares that
slope with what backward computed from our rule.

Run: python demos/check_your_derivative.py [--lang ja]
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from autograd import Value, define_op, gradcheck, gradgradcheck
from autograd.explain.sentences import LANGUAGES, check_lang, text


def cos(t: Any) -> Any:
    """cos on a float or on a Value, so a rule using it also runs when backward is recorded."""
    return t.cos() if isinstance(t, Value) else math.cos(t)


def main(lang: str = "en") -> None:
    """Catch the forgotten chain-rule factor, fix it, and watch the check pass; every sentence in ``lang``."""
    check_lang(lang)
    x = 1.5
    print(text("check_demo_step1", lang))
    wrong = define_op(
        "sin_sq",
        lambda a: math.sin(a * a),
        lambda a: cos(a * a),
        formulas=[text("check_demo_formula_wrong", lang)],
    )
    report = gradcheck(lambda x: wrong(x), [x], raise_exception=False, lang=lang)
    print(report)
    (row,) = report.rows
    ratio = row.analytic / row.numeric
    print(
        text(
            "check_demo_ratio",
            lang,
            ratio=f"{ratio:.6g}",
            inverse=f"{1 / ratio:.6g}",
            x=x,
            two_x=f"{2 * x:g}",
        )
    )

    print(text("check_demo_step2", lang))
    right = define_op(
        "sin_sq",
        lambda a: math.sin(a * a),
        lambda a: cos(a * a) * 2 * a,
        formulas=["∂sin(x²)/∂x = cos(x²)·2x"],
        replace=True,
    )
    print(gradcheck(lambda x: right(x), [x], lang=lang))

    print(text("check_demo_step3", lang))
    for point in (-2.0, 0.3, 0.9, 2.5):
        r = gradcheck(lambda x, y: right(x * y) + y, [point, 0.7], lang=lang)
        verdict = text("check_demo_passed" if r else "check_demo_failed", lang)
        print(text("check_demo_point", lang, x=f"{point:>4}", verdict=verdict))

    print(text("check_demo_step4", lang))
    print(gradgradcheck(lambda x: right(x), [x], lang=lang))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="the language of every sentence (en, ja)"
    )
    main(parser.parse_args().lang)
