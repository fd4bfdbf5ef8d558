"""``python -m autograd audit MODULE:CLASS``: audit a learner's micrograd-style class (see :mod:`autograd.audit`).

Exit status 0 when every op the class has is right, 1 when any forward value or
gradient is wrong, 2 for bad usage (the module cannot be imported, the class is
missing, is not a class, or has no ``backward``), with one line on stderr.
"""

from __future__ import annotations

import argparse

__all__ = ["EXAMPLE", "SUMMARY", "configure", "run"]

SUMMARY = "audit your own micrograd-style Value class against this engine (exit 1 if any op is wrong)"
EXAMPLE = "autograd audit my_engine.py:Value --lang ja"


def configure(parser: argparse.ArgumentParser) -> None:
    """``MODULE:CLASS``, ``--lang``, ``--seed`` and ``--max-examples``."""
    from autograd.audit.run import DEFAULT_EXAMPLES
    from autograd.explain.sentences import LANGUAGES

    parser.add_argument(
        "target", metavar="MODULE:CLASS", nargs="?", help="a .py file or an importable module, then the class"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the report (default: en)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random graphs (default: 0)")
    parser.add_argument(
        "--max-examples",
        type=int,
        default=DEFAULT_EXAMPLES,
        metavar="N",
        help=f"random graphs to try (default: {DEFAULT_EXAMPLES})",
    )


def run(args: argparse.Namespace) -> int:
    """Load the class, audit it, print the report; 0 if it passes, 1 if not.

    Bad usage raises :class:`~autograd.audit.AuditUsageError` (a ValueError), which ``main`` prints as one line, exit 2.
    """
    from autograd.audit.loader import EXAMPLE as TARGET
    from autograd.audit.loader import load_class
    from autograd.audit.run import AuditUsageError, audit, check_class
    from autograd.explain.sentences import text

    if args.target is None:
        raise AuditUsageError(text("audit_usage_target", args.lang, example=TARGET, target="(nothing)"))
    if args.max_examples < 1:
        raise AuditUsageError(text("audit_usage_examples", args.lang, n=args.max_examples))
    cls = check_class(load_class(args.target, args.lang), args.lang)
    report = audit(cls, lang=args.lang, seed=args.seed, max_examples=args.max_examples)
    print(report)
    return 0 if report else 1
