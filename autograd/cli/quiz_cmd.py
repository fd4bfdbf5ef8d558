"""``python -m autograd quiz "EXPR" a=2 ...``: predict each backward step, then see (see :mod:`autograd.explain.quiz`).

The expression and its values are read exactly as ``step`` reads them; answers
come one per line on standard input.  Exit status 0 whatever the score.
"""

from __future__ import annotations

import sys

from autograd.core.engine import Value

__all__ = ["EXAMPLE", "SUMMARY", "run"]

SUMMARY = "quiz yourself on each backward step: the local derivative, then upstream × local"
EXAMPLE = 'autograd quiz "(a*b + c)*f" a=2 b=-3 c=10 f=-2 --lang ja'


def run(root: Value, lang: str) -> int:
    """Quiz every backward step of ``root``, reading answers from stdin; always 0."""
    from autograd.explain.stepper import Stepper

    Stepper(root, lang).quiz(sys.stdin, out=sys.stdout)
    return 0
