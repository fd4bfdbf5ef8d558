"""The expression commands: ``step``, ``grad``, ``draw`` and ``check``.

Each builds the graph with :func:`~autograd.cli.inputs.build`, which refuses
bad input and a result that is not finite, then runs the backward pass with
:func:`~autograd.cli.finite.backward_checked`, which refuses a gradient that
is not finite, before printing anything.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from autograd.cli.args import add_choice, number, whole
from autograd.cli.errors import EXIT_CHECK_FAILED, EXIT_OK, CLIError, shorten
from autograd.cli.finite import backward_checked
from autograd.cli.inputs import Graph, build
from autograd.cli.registry import add_expression_arguments, command, help_text
from autograd.core.numbers import fmt
from autograd.expr import Sentence

__all__ = ["gradient_lines"]


def _checked(args: argparse.Namespace) -> Graph:
    """The graph of ``EXPR NAME=NUMBER ...``, backpropagated, every value and gradient finite."""
    g = build(args.expr, args.values)
    backward_checked(g.root, g.inputs, g.sources)
    return g


def gradient_lines(root: Any, inputs: dict[str, Any]) -> list[str]:
    """``∂L/∂a = 6`` for each input, in order of first use."""
    top = root.label or "L"
    return [f"  ∂{top}/∂{name} = {fmt(float(v.grad))}" for name, v in inputs.items()]


@command("step", "cli_cmd_step", 'autograd step "(a*b + c)*f" a=2 b=-3 c=10 f=-2 --lang ja')
def _step(args: argparse.Namespace) -> int:
    from autograd.explain.stepper import step_report

    _checked(args)
    g = build(args.expr, args.values)  # a fresh graph: the stepper takes every step itself
    print(step_report(g.root, g.inputs, lang=args.lang))
    return EXIT_OK


@command("grad", "cli_cmd_grad", 'autograd grad "tanh(w*x + b)" w=0.5 x=2 b=-1')
def _grad(args: argparse.Namespace) -> int:
    g = _checked(args)
    print(f"{g.root.label or 'value'} = {fmt(g.root.data)}")
    for line in gradient_lines(g.root, g.inputs):
        print(line)
    return EXIT_OK


def _draw_args(parser: argparse.ArgumentParser) -> None:
    from autograd.view.draw import RANKDIRS, VIEWS

    add_expression_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar=help_text(parser, "cli_metavar_file"),
        help=help_text(parser, "cli_help_output"),
    )
    add_choice(parser, "--view", VIEWS, "forward", "cli_help_view")
    add_choice(parser, "--rankdir", RANKDIRS, "LR", "cli_help_rankdir")
    parser.add_argument(
        "--max-nodes", type=whole("--max-nodes", 1), metavar="N", help=help_text(parser, "cli_help_max_nodes")
    )
    parser.add_argument(
        "--animate", metavar=help_text(parser, "cli_metavar_html"), help=help_text(parser, "cli_help_animate")
    )


def _check_target(path: str, formats: tuple[str, ...]) -> None:
    """Refuse a file that cannot be written, in the run's language, before any work is done."""
    from autograd.view.render import check_target

    p = Path(path)
    fields = {"path": shorten(path), "folder": shorten(str(p.parent))}
    try:
        check_target(path, formats)
    except FileNotFoundError:
        raise CLIError(Sentence("cli_draw_no_folder", **fields)) from None
    except NotADirectoryError:
        raise CLIError(Sentence("cli_draw_not_folder", **fields)) from None
    except IsADirectoryError:
        raise CLIError(Sentence("cli_draw_is_folder", **fields)) from None
    except ValueError:
        ext = p.suffix.lower()
        valid = ", ".join("." + f for f in formats)
        shown = Sentence("cli_draw_ext", ext=repr(ext)) if ext else Sentence("cli_draw_no_ext")
        raise CLIError(Sentence("cli_draw_bad_type", path=shorten(path), ext=shown, valid=valid)) from None


@command(
    "draw",
    "cli_cmd_draw",
    'autograd draw "(a*b + c)*f" a=2 b=-3 c=10 f=-2 -o graph.svg --view backward --animate graph.html',
    configure=_draw_args,
)
def _draw(args: argparse.Namespace) -> int:
    from autograd.view.animate import animate
    from autograd.view.render import FORMATS, render

    if args.output is None and args.animate is None:
        raise CLIError(Sentence("cli_draw_nothing"))
    g = _checked(args)
    # Check both targets before writing either, so bad input writes nothing.
    if args.output is not None:
        _check_target(args.output, FORMATS)
    if args.animate is not None:
        _check_target(args.animate, ("html", "htm"))
    written = []
    try:
        if args.output is not None:
            options = {"view": args.view, "rankdir": args.rankdir, "max_nodes": args.max_nodes}
            written.append(render(g.root, args.output, **options))
        if args.animate is not None:
            written.append(Path(animate(g.root, args.animate, lang=args.lang)))
    except RuntimeError as e:
        raise CLIError(Sentence("cli_draw_failed", detail=str(e))) from None
    for path in written:
        print(path)
    return EXIT_OK


def _positive(x: float) -> bool:
    return math.isfinite(x) and x > 0


def _not_negative(x: float) -> bool:
    return math.isfinite(x) and x >= 0


def _check_args(parser: argparse.ArgumentParser) -> None:
    from autograd.check.gradcheck import ATOL, RTOL

    add_expression_arguments(parser)
    parser.add_argument("--second", action="store_true", help=help_text(parser, "cli_help_second"))
    parser.add_argument(
        "--eps",
        type=number("--eps", _positive, "cli_bad_eps"),
        default=None,
        help=help_text(parser, "cli_help_eps"),
    )
    for name, default in (("--atol", ATOL), ("--rtol", RTOL)):
        parser.add_argument(
            name,
            type=number(name, _not_negative, "cli_bad_tolerance"),
            default=default,
            help=help_text(parser, f"cli_help_{name[2:]}", default=f"{default:g}"),
        )


@command(
    "check", "cli_cmd_check", 'autograd check "sigmoid(w*x + b)" w=0.5 x=2 b=-0.3', configure=_check_args
)
def _check(args: argparse.Namespace) -> int:
    from autograd.check.gradcheck import gradcheck, gradgradcheck

    # Bad input and a result that is not finite are refused here; a gradient that is not
    # finite is gradcheck's to judge (a NON-FINITE row, exit 1), not bad input.
    g = build(args.expr, args.values)
    if not g.inputs:
        raise CLIError(Sentence("cli_check_no_variables", expr=shorten(args.expr)))
    fresh = build(args.expr, args.values)
    names = list(fresh.inputs)

    def f(*xs: Any) -> Any:
        return g.expression.build_on(dict(zip(names, xs)))

    options: dict[str, Any] = {
        "eps": args.eps,
        "atol": args.atol,
        "rtol": args.rtol,
        "raise_exception": False,
        "lang": args.lang,
    }
    checks = [gradcheck, gradgradcheck] if args.second else [gradcheck]
    reports = [c(f, list(fresh.inputs.values()), **options) for c in checks]
    if g.expression.names:
        print(args.expr.strip())
        print(f"f = {g.root.label}")
    else:
        print(f"f = {args.expr.strip()}")
    print("\n\n".join(str(r) for r in reports))
    return EXIT_OK if all(reports) else EXIT_CHECK_FAILED
