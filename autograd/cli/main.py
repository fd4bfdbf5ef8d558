"""``python -m autograd``: step through backprop, or print gradients, from the shell.

:func:`main` runs one subcommand from the table in :mod:`autograd.cli.registry`
and owns everything printed on failure: bad input of any kind is one line on
stderr and exit status 2, never a traceback, in the language ``--lang`` asks
for.  A failed write (``> /dev/full``, a closed stream) is exit 2 with one line
too, and is made quiet so Python's own flush at exit cannot fail again.

Exit status: 0 ok, 1 ``check`` found a disagreement, 2 bad input or a failed
write, 3 an internal error (a bug; still one line), 130 interrupted.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from autograd.cli.args import Parser, arrange, command_parser, language_of, top_parser
from autograd.cli.commands import gradient_lines
from autograd.cli.errors import (
    EXIT_CHECK_FAILED,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    CLIError,
    describe,
    shorten,
)
from autograd.cli.inputs import ROOT_NAMES, build, build_graph, parse_assignments
from autograd.cli.registry import COMMANDS, Command, add_expression_arguments, command, load_commands
from autograd.explain.sentences import text
from autograd.expr import ExprError, Sentence

__all__ = [
    "COMMANDS",
    "EXIT_CHECK_FAILED",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "ROOT_NAMES",
    "CLIError",
    "Command",
    "add_expression_arguments",
    "build",
    "build_graph",
    "command",
    "gradient_lines",
    "main",
    "make_parser",
    "parse_assignments",
]


def make_parser(prog: str = "autograd", lang: str = "en") -> Parser:
    """The parser of ``prog`` itself (``--help`` lists the commands); each command has its own."""
    return top_parser(prog, lang, load_commands().values())


def _prog() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "autograd"
    return "python -m autograd" if name in ("__main__.py", "-c", "") else name


class _Closed(io.TextIOBase):
    """Stands for a standard stream that was closed when Python started (``>&-``): writing fails."""

    def write(self, s: str) -> int:
        raise OSError(errno.EBADF, "closed")


def _run(argv: list[str], prog: str, lang: str) -> int:
    """Parse ``argv`` and run its command; bad input raises."""
    commands = load_commands()
    leading: list[str] = []
    while argv and (argv[0] in ("-h", "--help", "--lang") or argv[0].startswith("--lang=")):
        n = 2 if argv[0] == "--lang" else 1
        leading, argv = leading + argv[:n], argv[n:]
    wants_help = "-h" in leading or "--help" in leading
    if not argv or argv[0].startswith("-") or wants_help:
        _, unknown = make_parser(prog, lang).parse_known_args(leading + argv)  # --help exits here
        if unknown:
            raise CLIError(Sentence("cli_unknown_option_top", option=shorten(unknown[0]), prog=prog))
        raise CLIError(Sentence("cli_missing_command", commands=", ".join(commands), prog=prog))
    name, rest = argv[0], argv[1:]
    c = commands.get(name)
    if c is None:
        raise CLIError(
            Sentence("cli_unknown_command", name=repr(name), commands=", ".join(commands), prog=prog)
        )
    parser = command_parser(c, prog, lang)
    args, extra = parser.parse_known_args(arrange(parser, rest, name))
    if extra:
        raise CLIError(Sentence("cli_unexpected", words=" ".join(extra), prog=f"{prog} {name}"))
    args.lang = lang
    status: int = c.run(args)
    return status


def _quiet(stream: object) -> None:
    """Point a failed standard stream at /dev/null, so what is left in its buffer has somewhere to go."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = stream.fileno()  # type: ignore[attr-defined]
        if fd in (1, 2):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)


def _say(message: str, lang: str) -> None:
    """Write one error line on stderr; if even that fails, stay silent."""
    stream: TextIO | None = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text("cli_error_line", lang, message=" ".join(message.split())) + "\n")
        stream.flush()
    except (OSError, ValueError):
        _quiet(stream)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 check failed, 2 bad input, 3 a bug)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    prog = _prog()
    if sys.stdout is None:
        sys.stdout = _Closed()
    for stream in (sys.stdout, sys.stderr):
        # A terminal without UTF-8 gets '?' for '∂', not a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    lang = language_of(args_list)
    error: BaseException | None = None
    status = EXIT_OK
    try:
        if args_list:
            status = _run(args_list, prog, lang)
        else:
            make_parser(prog, lang).print_help()
    except SystemExit as e:  # --help
        status = e.code if isinstance(e.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `autograd step ... | head`: the reader left, which is no error.
        _quiet(sys.stdout)
        return EXIT_OK
    except (CLIError, ExprError, OSError, ValueError, ArithmeticError) as e:
        error = e
    except Exception as e:  # a bug: still one line, but say so
        error = CLIError(Sentence("cli_internal", detail=f"{type(e).__name__}: {e}"))
        status = EXIT_INTERNAL
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet(sys.stdout)
    except OSError as e:
        # Output to a full disk fails here, at the latest: say so once, and leave nothing to flush at exit.
        _quiet(sys.stdout)
        error = error or e
    if isinstance(error, OSError) and error.filename is None:
        _quiet(sys.stdout)  # a standard stream failed: leave nothing for the flush at exit
    if error is None:
        return status
    _say(describe(error, lang), lang)
    return status if status == EXIT_INTERNAL else EXIT_USAGE
