"""``python -m autograd audit MODULE:CLASS``: audit a learner's micrograd-style class (see :mod:`autograd.auditor`).

Exit status 0 when every op the class has is right, 1 when any forward value or
gradient is wrong, 2 for bad usage (the module cannot be imported, the class is
missing, is not a class, or has no ``backward``), with one line on stderr.
"""

from __future__ import annotations

import argparse

from autograd.cli.registry import command, help_text

__all__: list[str] = []


def _configure(parser: argparse.ArgumentParser) -> None:
    """``MODULE:CLASS``, ``--seed`` and ``--max-examples`` (``--lang`` is added by the registry)."""
    from autograd.auditor.run import DEFAULT_EXAMPLES

    parser.add_argument(
        "target", metavar="MODULE:CLASS", nargs="?", help=help_text(parser, "audit_help_target")
    )
    parser.add_argument("--seed", type=int, default=0, help=help_text(parser, "audit_help_seed"))
    parser.add_argument(
        "--max-examples",
        type=int,
        default=DEFAULT_EXAMPLES,
        metavar="N",
        help=help_text(parser, "audit_help_examples", n=DEFAULT_EXAMPLES),
    )


@command("audit", "audit_cmd_summary", "autograd audit my_engine.py:MyValue --lang ja", configure=_configure)
def _audit(args: argparse.Namespace) -> int:
    """Load the class, audit it, print the report; 0 if it passes, 1 if not.

    Bad usage raises :class:`~autograd.auditor.AuditUsageError` (a ValueError), which ``main`` prints as one line, exit 2.
    """
    from autograd.auditor.loader import EXAMPLE as TARGET
    from autograd.auditor.loader import load_class
    from autograd.auditor.run import AuditUsageError, audit, check_class
    from autograd.explain.sentences import text

    if args.target is None:
        raise AuditUsageError(text("audit_usage_target", args.lang, example=TARGET, target="—"))
    if args.max_examples < 1:
        raise AuditUsageError(text("audit_usage_examples", args.lang, n=args.max_examples))
    cls = check_class(load_class(args.target, args.lang), args.lang)
    report = audit(cls, lang=args.lang, seed=args.seed, max_examples=args.max_examples)
    print(report)
    return 0 if report else 1
