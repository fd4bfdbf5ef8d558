"""The argument parsers: one per subcommand, in the run's language, with no abbreviations.

argparse would take ``--a`` for ``--atol`` (abbreviations are off here) and an
expression starting with ``-`` for an option; :func:`arrange` puts the options
first and the words after ``--``, so ``step -x*y x=1 y=2`` works, options may come
anywhere, and a word that looks like an unknown option gets an error saying how
to write it as an expression.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from autograd.cli.errors import CLIError, shorten
from autograd.cli.registry import Command, help_text, say
from autograd.explain.sentences import LANGUAGES, text
from autograd.expr import Sentence, functions
from autograd.expr.keyboard import normalize_word

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "Parser",
    "add_choice",
    "arrange",
    "command_parser",
    "language_of",
    "number",
    "top_parser",
    "whole",
]


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.RawDescriptionHelpFormatter):
        """argparse's layout, with 'usage:' in the run's language."""

        def add_usage(
            self,
            usage: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[Any],
            prefix: str | None = None,
        ) -> None:
            super().add_usage(
                usage, actions, groups, text("cli_help_usage", lang) if prefix is None else prefix
            )

        def format_help(self) -> str:
            # argparse ends each heading with ':'; the heading sentence brings its own punctuation.
            out = super().format_help()
            for key in ("cli_help_positionals", "cli_help_options"):
                heading = text(key, lang)
                out = out.replace(f"\n{heading}:\n", f"\n{text('cli_help_heading', lang, heading=heading)}\n")
            return out

    return Formatter


class Parser(argparse.ArgumentParser):
    """argparse in one language, raising :class:`CLIError` instead of printing usage and exiting."""

    def __init__(self, prog: str, lang: str, example: str = "", **kwargs: Any) -> None:
        self.lang = lang
        self.example = example
        super().__init__(
            prog=prog, allow_abbrev=False, add_help=False, formatter_class=_formatter(lang), **kwargs
        )
        self._positionals.title = text("cli_help_positionals", lang)
        self._optionals.title = text("cli_help_options", lang)
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=help_text(self, "cli_help_help")
        )

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write (--help > /dev/full); main() must see it.
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> NoReturn:
        if message.startswith("the following arguments are required") and self.example:
            raise CLIError(Sentence("cli_missing_expr", example=self.example))
        head, _, rest = message.partition(": ")
        if head.startswith("argument ") and rest == "expected one argument":
            raise CLIError(Sentence("cli_expected_value", option=head[len("argument ") :], prog=self.prog))
        raise CLIError(Sentence("cli_argparse", detail=message, prog=self.prog))

    def option_names(self) -> str:
        """Every option, as ``-o/--output, --view, ...``."""
        return ", ".join("/".join(a.option_strings) for a in self._actions if a.option_strings)


def language_of(argv: Sequence[str]) -> str:
    """The language ``--lang`` asks for (the last one given), known before any parsing; else English."""
    lang = "en"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg[len("--lang=") :]
        if value is not None:
            value = normalize_word(value).strip()
            lang = value if value in LANGUAGES else "en"
    return lang


# --- option values, checked with errors in the run's language ----------------------


def choice(option: str, choices: Sequence[str]) -> Callable[[str], str]:
    """An option whose value is one of ``choices``."""

    def convert(s: str) -> str:
        value = normalize_word(s).strip()
        if value not in choices:
            raise CLIError(
                Sentence("cli_bad_choice", option=option, value=shorten(s), choices=", ".join(choices))
            )
        return value

    return convert


def number(
    option: str, test: Callable[[float], bool] = math.isfinite, rule: str = ""
) -> Callable[[str], float]:
    """An option whose value is a number passing ``test`` (``rule`` is the sentence key saying what passes)."""

    def convert(s: str) -> float:
        try:
            x = float(normalize_word(s))
        except ValueError:
            raise CLIError(Sentence("cli_bad_number", option=option, value=shorten(s))) from None
        if not test(x):
            raise CLIError(Sentence(rule or "cli_bad_number", option=option, value=shorten(s)))
        return x

    return convert


def whole(option: str, minimum: int) -> Callable[[str], int]:
    """An option whose value is a whole number ≥ ``minimum``."""

    def convert(s: str) -> int:
        try:
            n = int(normalize_word(s))
        except ValueError:
            raise CLIError(
                Sentence("cli_bad_whole", option=option, value=shorten(s), minimum=minimum)
            ) from None
        if n < minimum:
            raise CLIError(Sentence("cli_bad_minimum", option=option, value=n, minimum=minimum))
        return n

    return convert


def add_choice(
    parser: argparse.ArgumentParser, option: str, choices: Sequence[str], default: str, help_key: str
) -> None:
    """``option`` taking one of ``choices`` (read as typed on any keyboard), shown as ``{a,b}`` in help."""
    parser.add_argument(
        option,
        type=choice(option, choices),
        default=default,
        metavar="{" + ",".join(choices) + "}",
        help=help_text(parser, help_key),
    )


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang en|ja``: the language of everything printed, errors included."""
    add_choice(parser, "--lang", LANGUAGES, "en", "cli_help_lang")


# --- the parsers -----------------------------------------------------------------


def command_parser(c: Command, prog: str, lang: str) -> Parser:
    """The parser of one subcommand; its usage line starts ``prog NAME``."""
    example = c.example.replace("autograd", prog, 1)
    summary = say(c.summary, lang)
    p = Parser(
        prog=f"{prog} {c.name}",
        lang=lang,
        example=example,
        description=text("cli_help_summary", lang, summary=summary[:1].upper() + summary[1:]),
        epilog=f"{text('cli_help_example', lang)}\n  {example}",
    )
    c.configure(p)
    if "--lang" not in p._option_string_actions:
        add_lang(p)
    return p


def top_parser(prog: str, lang: str, commands: Iterable[Command]) -> Parser:
    """The parser of ``prog`` itself: ``--help`` lists every command with an example."""
    p = Parser(
        prog=prog,
        lang=lang,
        usage="%(prog)s [--lang {" + ",".join(LANGUAGES) + "}] " + text("cli_metavar_command", lang) + " ...",
        description=text("cli_help_description", lang),
        epilog=_overview(prog, lang, list(commands)),
    )
    add_lang(p)
    return p


def _overview(prog: str, lang: str, commands: list[Command]) -> str:
    width = max((len(c.name) for c in commands), default=0)
    lines = [text("cli_help_commands", lang)]
    eg = text("cli_help_eg", lang)
    for c in commands:
        lines.append(f"  {c.name:<{width}}  {say(c.summary, lang)}")
        lines.append(f"  {'':<{width}}    {eg}{c.example.replace('autograd', prog, 1)}")
    lines.append("")
    lines += text("cli_help_notes", lang, fns=" ".join(functions()), prog=prog).split("\n")
    return "\n".join(lines)


def arrange(parser: Parser, argv: Sequence[str], command: str) -> list[str]:
    """Options first, then ``--`` and the other words, so argparse takes no expression for an option.

    The first word that is not an option is the EXPR, even if it starts with
    ``-`` (``-x*y``); one that starts with ``--`` and is no option is refused,
    saying how to write it as an expression.  Past the EXPR, an unknown option is
    an error naming the options there are.
    """
    options = parser._option_string_actions
    opts: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            words += argv[i + 1 :]
            break
        if not arg.startswith("-") or arg == "-":
            words.append(arg)
            i += 1
            continue
        action = options.get(arg.split("=", 1)[0]) or (_attached_short(options, arg) if words else None)
        if action is not None:
            n = 2 if action.nargs != 0 and "=" not in arg and arg in options else 1
            opts += argv[i : i + n]
            i += n
            continue
        if words or arg.startswith("--"):
            key = "cli_option_like_expr" if not words else "cli_unknown_option"
            raise CLIError(
                Sentence(
                    key,
                    option=shorten(arg),
                    command=command,
                    options=parser.option_names(),
                    quoted=f'"{arg}"',
                    paren=f'"({arg})"',
                )
            )
        words.append(arg)  # the EXPR, starting with a single '-'
        i += 1
    return [*opts, "--", *words] if words else opts


def _attached_short(options: dict[str, argparse.Action], arg: str) -> argparse.Action | None:
    """``-ograph.svg``: a short option with its value attached."""
    if len(arg) > 2 and not arg.startswith("--"):
        action = options.get(arg[:2])
        if action is not None and action.nargs != 0:
            return action
    return None
