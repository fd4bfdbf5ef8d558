"""Text typed on any keyboard, made into the ASCII the parser reads, with a map back to the columns typed.

A Japanese keyboard in full-width mode gives ``ｘ＊（ｙ＋２）``, ``x=－1`` or ``x=ー1``; text
copied from a book gives ``x − 1`` (U+2212), ``a×b``, ``a·b`` or ``a÷b``.  Each character is
NFKC-normalised (full-width letters, digits, operators, parentheses and spaces become
ASCII), then the mathematical signs NFKC keeps are replaced: minus signs and dashes by
``-``, ``× · ・ ⋅ ∗`` by ``*``, ``÷ ∕ ⁄`` by ``/``.  The long-vowel mark ``ー`` is a minus
unless it follows a kana (where it is part of a word, as in データ).  Superscripts are
refused with what to type (``x²`` → ``x**2``): NFKC would make ``x²`` the name ``x2``.

>>> normalize("ｘ＊（ｙ＋２）").text
'x*(y+2)'
>>> normalize("a × b − データー").text
'a * b - データー'
>>> n = normalize("½x")
>>> n.text, n.origin
('1/2x', (0, 0, 0, 1))
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from autograd.expr.errors import ExprError, Sentence

__all__ = ["Normalized", "normalize", "normalize_word"]

#: Signs NFKC leaves alone, and the ASCII they stand for.
SIGNS = {
    "\u2212": "-",  # − minus sign
    "\u2010": "-",  # ‐ hyphen
    "\u2011": "-",  # ‑ non-breaking hyphen
    "\u2012": "-",  # ‒ figure dash
    "\u2013": "-",  # – en dash
    "\u00d7": "*",  # ×
    "\u00b7": "*",  # · middle dot (the drawings' sign for a product)
    "\u30fb": "*",  # ・ katakana middle dot
    "\u22c5": "*",  # ⋅ dot operator
    "\u2217": "*",  # ∗ asterisk operator
    "\u00f7": "/",  # ÷
    "\u2215": "/",  # ∕ division slash
    "\u2044": "/",  # ⁄ fraction slash (NFKC makes ½ into 1⁄2)
}

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
_LONG_VOWEL = "ー"


def _is_kana(ch: str) -> bool:
    # Hiragana and katakana (ー itself included, so データー keeps both), but not the middle dot ・.
    return "\u3041" <= ch <= "\u30ff" and ch != "\u30fb"


@dataclass(frozen=True)
class Normalized:
    """The ASCII-ready text, and for each of its characters the 0-based index of the one typed."""

    text: str
    origin: tuple[int, ...]
    length: int  # of the text as typed

    def column(self, col: int) -> int:
        """The 1-based column typed for a 1-based column of :attr:`text` (one past the end allowed)."""
        i = col - 1
        if i < len(self.origin):
            return self.origin[i] + 1
        return self.length + 1


def normalize(typed: str) -> Normalized:
    """Make ``typed`` ASCII where a key was meant (see the module docstring); keep names as typed."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(typed):
        if ch in _SUPERSCRIPTS:
            raise _superscript(typed, i)
        if ch == "\r" and typed[i + 1 : i + 2] == "\n":
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if c == _LONG_VOWEL and not (out and _is_kana(out[-1])):
                c = "-"
            out.append(SIGNS.get(c, c))
            origin.append(i)
    return Normalized("".join(out), tuple(origin), len(typed))


def normalize_word(word: str) -> str:
    """:func:`normalize` for a short word such as ``x=－1``, without the column map."""
    return normalize(word).text


def _superscript(typed: str, i: int) -> ExprError:
    end = i
    while end < len(typed) and typed[end] in _SUPERSCRIPTS:
        end += 1
    start = i
    while start > 0 and (typed[start - 1].isalnum() or typed[start - 1] == "_"):
        start -= 1
    power = unicodedata.normalize("NFKC", typed[i:end]).replace("\u2212", "-")
    return ExprError(
        Sentence("cli_expr_superscript", char=repr(typed[i:end]), fix=f"{typed[start:i]}**{power}"), i + 1
    )
