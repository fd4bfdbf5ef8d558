"""The sentence tables: one per language, the same keys in each.

>>> text("count_many", "en", n=3), text("count_many", "ja", n=3)
('3 steps', '3 ステップ')
"""

from __future__ import annotations

from collections.abc import Mapping

from autograd.explain.sentences import en, ja

__all__ = ["LANGUAGES", "TABLES", "check_lang", "text"]

#: Every supported language, and its table.
TABLES: Mapping[str, Mapping[str, str]] = {"en": en.SENTENCES, "ja": ja.SENTENCES}
LANGUAGES = tuple(TABLES)


def check_lang(lang: str) -> str:
    """``lang`` itself if supported, else a ValueError listing the supported languages."""
    if lang not in TABLES:
        raise ValueError(f"unknown language {lang!r}; supported: {', '.join(LANGUAGES)}")
    return lang


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The sentence ``key`` in ``lang`` with ``fields`` filled in."""
    return TABLES[check_lang(lang)][key].format(**fields)
