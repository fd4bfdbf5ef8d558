"""The table of subcommands: each one registers itself with :func:`command`.

To add a subcommand, write a module with one decorated function, and add the
module's name to :data:`COMMAND_MODULES`::

    @command("quiz", "cli_cmd_quiz", 'autograd quiz "(a*b + c)*f" a=2 b=-3 c=10 f=-2', configure=_quiz_args)
    def _quiz(args: argparse.Namespace) -> int:
        graph = build(args.expr, args.values)      # from autograd.cli.inputs
        ...
        return 0

The summary is a key of the sentence tables (``cli_cmd_...``, in both languages),
or plain text.  ``configure`` adds the arguments (default: ``EXPR NAME=NUMBER ...``);
``--lang`` is added to every subcommand that does not add it itself, and
``args.lang`` always holds the language of the run.  Bad input is raised as
:class:`~autograd.cli.errors.CLIError`; ``main`` prints it as one line and exits 2.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from autograd.explain.sentences import TABLES, text

__all__ = ["COMMANDS", "COMMAND_MODULES", "Command", "command", "help_text", "load_commands", "say"]

#: The modules whose :func:`command` functions make up the command line, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "autograd.cli.commands",
    "autograd.cli.quiz_cmd",
    "autograd.cli.audit_cmd",
)


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
    parser.add_argument(
        "expr", metavar=help_text(parser, "cli_metavar_expr"), help=help_text(parser, "cli_help_expr")
    )
    parser.add_argument(
        "values",
        metavar=help_text(parser, "cli_metavar_values"),
        nargs="*",
        help=help_text(parser, "cli_help_values"),
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


def load_commands() -> dict[str, Command]:
    """Import every module of :data:`COMMAND_MODULES` (each registers its commands); return the table."""
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    return COMMANDS


def say(key_or_text: str, lang: str, **fields: object) -> str:
    """A sentence from the tables if ``key_or_text`` is a key, else the text as it is."""
    if key_or_text in TABLES["en"]:
        return text(key_or_text, lang, **fields)
    return key_or_text


def help_text(parser: argparse.ArgumentParser, key: str, **fields: object) -> str:
    """A help line in the parser's language (``parser.lang``, English if it has none)."""
    # argparse expands %-formats in help; a literal % must be doubled.
    return say(key, getattr(parser, "lang", "en"), **fields).replace("%", "%%")
