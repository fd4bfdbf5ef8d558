"""``python -m autograd``: step through backprop, or print gradients, from the shell.

Each subcommand is one function registered with :func:`command`.  It receives
the parsed arguments and returns the exit status.  Bad input of any kind is
raised as :class:`CLIError` (or :class:`~autograd.expr.ExprError`, or the
engine's ``ValueError``/``ArithmeticError``); :func:`main` turns it into one
line on stderr and exit status 2, never a traceback.

Exit status: 0 ok, 2 bad input, 3 an internal error (a bug; still one line);
a command may add its own: ``check`` exits 1 when the check fails.

To add a subcommand::

    @command("draw", "draw the graph", 'autograd draw "a*b + c" a=2 b=-3 c=10', configure=_draw_args)
    def _draw(args: argparse.Namespace) -> int:
        root, inputs = build_graph(args.expr, args.values)
        ...
        return 0
"""

from __future__ import annotations

import argparse
import contextlib
import keyword
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from autograd.core.engine import Value
from autograd.expr import ExprError, functions, parse_expression

__all__ = [
    "COMMANDS",
    "CLIError",
    "Command",
    "add_expression_arguments",
    "build_graph",
    "command",
    "main",
    "parse_assignments",
]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERNAL = 3

#: Names tried, in order, for the root node when the expression does not name it.
ROOT_NAMES = ("L", "y", "out", "result")


class CLIError(Exception):
    """Bad input on the command line: ``main`` prints the message on one line and exits 2."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, a one-line summary, one example, and how to parse and run it."""

    name: str
    summary: str
    example: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


#: The subcommands, in the order ``--help`` lists them.
COMMANDS: dict[str, Command] = {}


def add_expression_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every expression command shares: ``EXPR`` and ``NAME=NUMBER ...``."""
    parser.add_argument("expr", metavar="EXPR", help="e.g. '(a*b + c)*f'; quote it for the shell")
    parser.add_argument(
        "values", metavar="NAME=NUMBER", nargs="*", help="a value for each variable, e.g. a=2 b=-3"
    )


def command(
    name: str,
    summary: str,
    example: str,
    configure: Callable[[argparse.ArgumentParser], None] = add_expression_arguments,
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    """Register the decorated function as the subcommand ``name`` (see the module docstring)."""

    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = Command(name, summary, example, configure, run)
        return run

    return register


# --- the shared helper: EXPR a=2 b=-3 -> graph --------------------------------


def parse_assignments(items: Sequence[str]) -> dict[str, float]:
    """``["a=2", "b=-3"]`` → ``{"a": 2.0, "b": -3.0}``.

    Each item is ``NAME=NUMBER``; a name appears once; the number is a finite
    real (``nan`` and ``inf`` are refused: their gradients teach nothing).
    """
    values: dict[str, float] = {}
    fns = functions()
    for item in items:
        name, eq, text = item.partition("=")
        # The parser reads identifiers NFKC-normalised (as Python does), so names must match that form.
        name, text = unicodedata.normalize("NFKC", name.strip()), text.strip()
        if not eq:
            raise CLIError(f"expected NAME=NUMBER with no spaces, got {item!r}; e.g. a=2")
        if not name.isidentifier():
            raise CLIError(f"{item!r}: {name!r} is not a variable name; use letters, digits and _, e.g. a=2")
        if keyword.iskeyword(name):
            raise CLIError(
                f"{item!r}: {name!r} is a Python keyword, so it cannot be a variable; choose another name"
            )
        if name in fns:
            raise CLIError(f"{item!r}: {name!r} is a function name, so it cannot be a variable")
        if name in values:
            raise CLIError(f"{name!r} is given twice ({name}={values[name]:g} and {item}); give it once")
        try:
            x = float(text)
        except ValueError:
            raise CLIError(f"{item!r}: {text!r} is not a number; e.g. {name}=2.5 or {name}=-3") from None
        if not math.isfinite(x):
            raise CLIError(f"{item!r}: the value must be a finite number, e.g. {name}=2.5")
        values[name] = x
    return values


def build_graph(expr: str, assignments: Sequence[str]) -> tuple[Value, dict[str, Value]]:
    """Turn ``EXPR a=2 b=-3`` into ``(root, {"a": leaf, "b": leaf})``; bad input is a :class:`CLIError`.

    Leaves are labelled with the variable names; an interior root is labelled
    ``L`` (or ``y``, ``out``, ... if a variable already has that name).
    """
    try:
        values = parse_assignments(assignments)
        root, inputs = parse_expression(expr).build(values)
    except ExprError as e:
        raise CLIError(f"in {expr!r}: {e}" if e.column is not None else str(e)) from None
    if root.op and not root.label:
        root.label = next((n for n in ROOT_NAMES if n not in inputs), "")
    return root, inputs


# --- output helpers -----------------------------------------------------------


def _g(x: float) -> str:
    return f"{x:.6g}"


def gradient_lines(root: Value, inputs: dict[str, Value]) -> list[str]:
    """``∂L/∂a = 6`` for each input, in order of first use."""
    top = root.label or "L"
    return [f"  ∂{top}/∂{name} = {_g(float(v.grad))}" for name, v in inputs.items()]


# --- the commands ---------------------------------------------------------------


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    from autograd.explain.narration import LANGUAGES

    add_expression_arguments(parser)
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the narration (default: en)"
    )


@command(
    "step",
    "print the forward pass, every backward step narrated, and each input's gradient",
    'autograd step "(a*b + c)*f" a=2 b=-3 c=10 f=-2 --lang ja',
    configure=_lang_argument,
)
def _step(args: argparse.Namespace) -> int:
    from autograd.explain.stepper import step_report

    root, inputs = build_graph(args.expr, args.values)
    print(step_report(root, inputs, lang=args.lang))
    return EXIT_OK


@command(
    "grad", "print the value and the gradient of each input", 'autograd grad "tanh(w*x + b)" w=0.5 x=2 b=-1'
)
def _grad(args: argparse.Namespace) -> int:
    root, inputs = build_graph(args.expr, args.values)
    root.backward()
    print(f"{root.label or 'value'} = {_g(root.data)}")
    for line in gradient_lines(root, inputs):
        print(line)
    return EXIT_OK


def _draw_args(parser: argparse.ArgumentParser) -> None:
    from autograd.explain.narration import LANGUAGES
    from autograd.view.draw import RANKDIRS, VIEWS

    add_expression_arguments(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="the picture: FILE.svg, FILE.png or FILE.pdf")
    parser.add_argument(
        "--view", choices=VIEWS, default="forward", help="forward (input → op → output) or backward"
    )
    parser.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="direction of the layout")
    parser.add_argument(
        "--max-nodes", type=int, metavar="N", help="draw only the N values nearest the output"
    )
    parser.add_argument(
        "--animate", metavar="HTML", help="also write the backward pass, step by step, as HTML"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the animation's narration"
    )


@command(
    "draw",
    "draw the graph with every value and gradient (SVG, PNG, PDF), or animate its backward pass (HTML)",
    'autograd draw "(a*b + c)*f" a=2 b=-3 c=10 f=-2 -o graph.svg --view backward --animate graph.html',
    configure=_draw_args,
)
def _draw(args: argparse.Namespace) -> int:
    from autograd.view.animate import animate
    from autograd.view.render import FORMATS, check_target, render

    if args.output is None and args.animate is None:
        raise CLIError("give a file to write: -o graph.svg (or .png, .pdf), and/or --animate graph.html")
    if args.max_nodes is not None and args.max_nodes < 1:
        raise CLIError(f"--max-nodes must be at least 1, got {args.max_nodes}")
    root, _ = build_graph(args.expr, args.values)
    try:
        # Check both targets before writing either, so bad input writes nothing.
        if args.output is not None:
            check_target(args.output, FORMATS)
        if args.animate is not None:
            check_target(args.animate, ("html", "htm"))
        root.backward()
        written = []
        if args.output is not None:
            options = {"view": args.view, "rankdir": args.rankdir, "max_nodes": args.max_nodes}
            written.append(render(root, args.output, **options))
        if args.animate is not None:
            written.append(Path(animate(root, args.animate, lang=args.lang)))
    except (OSError, RuntimeError) as e:
        raise CLIError(str(e)) from None
    for path in written:
        print(path)
    return EXIT_OK


EXIT_CHECK_FAILED = 1


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    from autograd.check.gradcheck import ATOL, RTOL

    add_expression_arguments(parser)
    parser.add_argument("--second", action="store_true", help="also check second derivatives (gradgradcheck)")
    parser.add_argument(
        "--eps", type=float, default=None, help="the finite-difference step h (default: ε^(1/3)·max(1, |x|))"
    )
    parser.add_argument("--atol", type=float, default=ATOL, help=f"absolute tolerance (default: {ATOL:g})")
    parser.add_argument("--rtol", type=float, default=RTOL, help=f"relative tolerance (default: {RTOL:g})")


@command(
    "check",
    "compare backward's gradients with finite differences (exit 1 if they disagree or f has a kink there)",
    'autograd check "sigmoid(w*x + b)" w=0.5 x=2 b=-0.3',
    configure=_check_arguments,
)
def _check(args: argparse.Namespace) -> int:
    from autograd.check.gradcheck import gradcheck, gradgradcheck

    _, inputs = build_graph(args.expr, args.values)  # every bad-input check, before any work
    if not inputs:
        raise CLIError(
            f"{args.expr!r} has no variables, so there is no gradient to check; e.g. check 'a*b' a=2 b=-3"
        )
    expr = parse_expression(args.expr)
    names = list(inputs)

    def f(*xs: Value) -> Value:
        return expr.build_on(dict(zip(names, xs)))

    tolerances = {"eps": args.eps, "atol": args.atol, "rtol": args.rtol, "raise_exception": False}
    reports = [gradcheck(f, list(inputs.values()), **tolerances)]
    if args.second:
        reports.append(gradgradcheck(f, list(inputs.values()), **tolerances))
    print(f"f = {args.expr.strip()}")
    print("\n\n".join(str(r) for r in reports))
    return EXIT_OK if all(reports) else EXIT_CHECK_FAILED


# --- the parser and main ----------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, so main() owns the output."""

    example = ""

    def error(self, message: str) -> NoReturn:
        if message.startswith("the following arguments are required") and self.example:
            raise CLIError(f"give an expression and its values, e.g. {self.example}")
        raise CLIError(f"{message} (see '{self.prog} --help')")


def _overview(prog: str) -> str:
    width = max(len(c.name) for c in COMMANDS.values())
    lines = ["commands:"]
    for c in COMMANDS.values():
        lines.append(f"  {c.name:<{width}}  {c.summary}")
        lines.append(f"  {'':<{width}}    e.g. {c.example.replace('autograd', prog, 1)}")
    lines += [
        "",
        f"EXPR may use numbers, variables, + - * / **, unary -, parentheses and {' '.join(functions())}.",
        "A variable used twice is one node. Values are finite numbers (nan and inf are refused).",
        "Quote EXPR for the shell.",
        f"Run '{prog} COMMAND --help' for a command's options.",
    ]
    return "\n".join(lines)


def make_parser(prog: str = "autograd") -> argparse.ArgumentParser:
    """The whole command line: one subparser per registered :class:`Command`."""
    parser = _Parser(
        prog=prog,
        usage="%(prog)s COMMAND ... (see the commands below)",
        description="Watch backpropagation happen, one node at a time, in English or Japanese.",
        epilog=_overview(prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # The commands are listed, each with an example, by the epilog; argparse's own list would repeat them.
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, help=argparse.SUPPRESS
    )
    for c in COMMANDS.values():
        p = sub.add_parser(
            c.name,
            description=f"{c.summary[0].upper()}{c.summary[1:]}.",
            epilog=f"example:\n  {c.example.replace('autograd', prog, 1)}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if isinstance(p, _Parser):
            p.example = c.example.replace("autograd", prog, 1)
        c.configure(p)
        p.set_defaults(_run=c.run)
        _SUBPARSERS[c.name] = p
    return parser


_SUBPARSERS: dict[str, argparse.ArgumentParser] = {}


def _expr_first(argv: list[str]) -> tuple[list[str], str | None]:
    """Let an EXPR start with '-' (``step -x*y x=1 y=2``), which argparse would take for an option.

    Such an EXPR is swapped for a stand-in while argparse runs; returns the new
    argv and the EXPR it hides (None if nothing was hidden).
    """
    if not argv or argv[0] not in _SUBPARSERS:
        return argv, None
    options = _SUBPARSERS[argv[0]]._option_string_actions
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            break
        action = options.get(arg.split("=")[0])
        if action is None:
            # The first word that is not an option, nor an option's value, is the EXPR.
            if arg.startswith("-") and not arg.startswith("--"):
                return [*argv[:i], _STAND_IN, *argv[i + 1 :]], arg
            break
        takes_value = action.nargs != 0 and "=" not in arg
        i += 2 if takes_value else 1
    return argv, None


_STAND_IN = "<EXPR>"


def _prog() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "autograd"
    return "python -m autograd" if name in ("__main__.py", "-c", "") else name


def _fail(stream: TextIO, message: str) -> None:
    # One line, whatever the message holds.
    stream.write(f"autograd: error: {' '.join(message.split())}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    prog = _prog()
    for stream in (sys.stdout, sys.stderr):
        # A terminal without UTF-8 gets '?' for '∂', not a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    parser = make_parser(prog)
    if not args_list:
        parser.print_help()
        return EXIT_OK
    try:
        argv, hidden = _expr_first(args_list)
        args = parser.parse_args(argv)
        if hidden is not None and getattr(args, "expr", None) == _STAND_IN:
            args.expr = hidden
        if getattr(args, "_run", None) is None:
            raise CLIError(f"give a command: {', '.join(COMMANDS)} (see '{prog} --help')")
        status: int = args._run(args)
        return status
    except SystemExit as e:  # --help and friends
        return e.code if isinstance(e.code, int) else EXIT_OK
    except (CLIError, ExprError) as e:
        _fail(sys.stderr, str(e))
        return EXIT_USAGE
    except OverflowError as e:
        # The engine names the op and inputs, forward and backward alike.
        _fail(sys.stderr, f"{e}; try inputs of smaller size")
        return EXIT_USAGE
    except (ValueError, ArithmeticError) as e:
        # The engine's own errors name the op, its values and what would be valid.
        _fail(sys.stderr, str(e))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `autograd step ... | head`: the reader left.  Point stdout at devnull so the
        # flush at exit does not raise a second time.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # a bug: still one line, but say so
        _fail(sys.stderr, f"internal error ({type(e).__name__}: {e}); please report it")
        return EXIT_INTERNAL
