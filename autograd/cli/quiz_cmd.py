"""``python -m autograd quiz "EXPR" a=2 ...``: predict each backward step, then see (see :mod:`autograd.explain.quiz`).

The expression and its values are read exactly as ``step`` reads them; answers
come one per line on standard input.  Exit status 0 whatever the score.
"""

from __future__ import annotations

import argparse
import sys

from autograd.cli.inputs import build
from autograd.cli.registry import command

__all__: list[str] = []


@command("quiz", "quiz_cmd_summary", 'autograd quiz "(a*b + c)*f" a=2 b=-3 c=10 f=-2 --lang ja')
def _quiz(args: argparse.Namespace) -> int:
    """Quiz every backward step of the expression, reading answers from stdin; always 0."""
    from autograd.explain.stepper import Stepper

    Stepper(build(args.expr, args.values).root, args.lang).quiz(sys.stdin, out=sys.stdout)
    return 0
