"""A sentence kept as a key and its fields, so one check can be reported in any language.

A check decides its verdicts once; the words come later, from the sentence
tables (:mod:`autograd.explain.sentences`), in whichever language the report is
shown.  Numbers are put into the fields already formatted, so every language
shows the same digits; a field that is itself a :class:`Say` is rendered in the
same language, and a tuple of strings is a list, joined as the language joins one.

>>> Say("check_of_loss").render("en"), Say("check_of_loss").render("ja")
('the loss', '損失')
>>> point = Say.of("check_point", items=("x = 2", "y = 3"))
>>> point.render("en"), point.render("ja")
('x = 2, y = 3', 'x = 2、y = 3')
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd.explain.sentences import text

__all__ = ["Say", "render_all"]


@dataclass(frozen=True)
class Say:
    """The sentence ``key`` with ``fields`` (name, value) pairs; values are strings, ints or Says."""

    key: str
    fields: tuple[tuple[str, Field], ...] = ()

    @classmethod
    def of(cls, key: str, **fields: Field) -> Say:
        """``Say.of("check_ratio", ratio="3")``: the keyword form."""
        return cls(key, tuple(fields.items()))

    def render(self, lang: str) -> str:
        """The sentence in ``lang``, nested Says rendered in the same language."""
        return text(self.key, lang, **{name: _shown(v, lang) for name, v in self.fields})


Field = str | int | Say | tuple[str, ...]


def _shown(v: Field, lang: str) -> str | int:
    if isinstance(v, Say):
        return v.render(lang)
    if isinstance(v, tuple):
        return text("check_list_sep", lang).join(v)
    return v


def render_all(parts: tuple[Say, ...], lang: str) -> str:
    """Several sentences, joined by a space in English and by nothing in Japanese (。 ends each)."""
    joiner = "" if lang == "ja" else " "
    return joiner.join(p.render(lang) for p in parts)
