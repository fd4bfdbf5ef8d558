"""What the command line says when something goes wrong: one line, in the run's language.

Exit status: 0 ok, 2 bad input or a failed read or write, 3 an internal error
(a bug; still one line); ``check`` exits 1 when the check fails.

>>> CLIError(Sentence("cli_missing_command", commands="step, grad", prog="autograd")).render("en")
"give a command: step, grad (see 'autograd --help')"
"""

from __future__ import annotations

import errno

from autograd.expr.errors import ExprError, Sentence

__all__ = [
    "EXIT_CHECK_FAILED",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "CLIError",
    "describe",
    "excerpt",
    "io_error",
    "shorten",
]

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

#: How many characters of the input an error line echoes around the column.
EXCERPT_WIDTH = 80
#: Marks the column in an echoed input (a character no expression can hold).
MARK = "▶"


class CLIError(Exception):
    """Bad input on the command line: ``main`` prints the message on one line and exits 2.

    The message is a :class:`~autograd.expr.errors.Sentence` (said in the run's
    language), or plain text for code that has no sentence for it.
    """

    def __init__(self, message: str | Sentence) -> None:
        self.sentence = message if isinstance(message, Sentence) else None
        super().__init__(str(message))

    def render(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.sentence.render(lang) if self.sentence is not None else str(self)


def shorten(s: str, limit: int = 40) -> str:
    """``s`` quoted, its middle cut to '…' if it is longer than ``limit``, so an error line stays short.

    >>> shorten("a=" + "9" * 100)
    "'a=99999999999…99999999999999999999999999'"
    """
    if len(s) <= limit:
        return repr(s)
    head = limit // 3
    return repr(s[:head] + "…" + s[len(s) - (limit - head - 1) :])


def excerpt(text: str, column: int, width: int = EXCERPT_WIDTH) -> str:
    """At most ``width`` characters of ``text`` around the 1-based ``column``, marked with ▶ there.

    >>> excerpt("a +* b", 4)
    'a +▶* b'
    >>> excerpt("a+" * 100 + "*", 201, width=20)
    '…+a+a+a+a+a+a+a+a+a+▶*'
    """
    i = max(0, min(column - 1, len(text)))
    half = width // 2
    start = max(0, i - half)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    shown = "".join(_visible(c) for c in text[start:i]) + MARK + "".join(_visible(c) for c in text[i:end])
    return ("…" if start > 0 else "") + shown + ("…" if end < len(text) else "")


def _visible(c: str) -> str:
    if c == "\n":
        return "↵"
    return c if c.isprintable() else "\ufffd"


def io_error(e: OSError) -> CLIError:
    """A failed write (a full disk, a closed stream, no permission) as one line: where, and why."""
    code = e.errno
    reasons = {
        errno.ENOSPC: "cli_io_no_space",
        errno.EBADF: "cli_io_closed",
        errno.EACCES: "cli_io_permission",
        errno.EPERM: "cli_io_permission",
        errno.EROFS: "cli_io_read_only",
        errno.EIO: "cli_io_device",
    }
    key = reasons.get(code) if code is not None else None
    reason = Sentence(key) if key else Sentence("cli_io_other", detail=e.strerror or str(e), code=code or "?")
    if e.filename is not None:
        return CLIError(Sentence("cli_io_file", path=shorten(str(e.filename)), reason=reason))
    return CLIError(Sentence("cli_io_output", reason=reason))


def describe(e: BaseException, lang: str) -> str:
    """Any error the command line reports, in ``lang``."""
    if isinstance(e, (CLIError, ExprError)):
        return e.render(lang)
    if isinstance(e, OSError):
        return io_error(e).render(lang)
    return Sentence("cli_engine_error", detail=str(e)).render(lang)
