"""Errors that can be said in any language: a sentence key with its fields, and :class:`ExprError`.

>>> e = ExprError(Sentence("cli_expr_empty"))
>>> str(e)
"the expression is empty; write one such as 'a*b + c'"
>>> e.render("ja")
"式が空です。'a*b + c' のように書いてください。"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from autograd.explain.sentences import text

__all__ = ["ExprError", "Sentence"]


@dataclass(frozen=True)
class Sentence:
    """A sentence from the tables, not yet in a language: ``key`` and its ``fields``.

    A field may itself be a :class:`Sentence` (rendered in the same language),
    or a tuple of them (rendered and joined by spaces).
    """

    key: str
    fields: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, key: str, **fields: object) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "fields", fields)

    def render(self, lang: str = "en") -> str:
        """The sentence in ``lang``, its fields filled in."""
        return text(self.key, lang, **{k: render(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.render("en")


def render(x: object, lang: str) -> object:
    """``x`` in ``lang`` if it is a :class:`Sentence` (a tuple of them: joined by spaces); anything else as it is."""
    if isinstance(x, tuple):
        return " ".join(str(render(item, lang)) for item in x)
    return x.render(lang) if isinstance(x, Sentence) else x


class ExprError(ValueError):
    """The expression, or a value given for it, is not valid.

    ``column`` is the 1-based column of the offending character in the text as
    given, or ``None`` when the problem is not at one place (a missing value,
    say).  ``sentence`` is the message in no language yet (see :meth:`render`);
    ``message`` is it in English.
    """

    def __init__(self, message: str | Sentence, column: int | None = None) -> None:
        self.sentence = message if isinstance(message, Sentence) else None
        self.message = str(message)
        self.column = column
        super().__init__(f"column {column}: {self.message}" if column is not None else self.message)

    def render(self, lang: str = "en") -> str:
        """The whole message in ``lang``: the column, then what is wrong."""
        message = self.sentence.render(lang) if self.sentence is not None else self.message
        if self.column is None:
            return message
        return text("cli_at_column", lang, column=self.column, message=message)

    def at(self, column: int | None) -> ExprError:
        """The same error at another column (or none)."""
        return ExprError(self.sentence if self.sentence is not None else self.message, column)
