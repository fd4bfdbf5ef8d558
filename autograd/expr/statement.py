"""One statement of an expression's text: ``name = source``, with where it stands in the text."""

from __future__ import annotations

import ast
from dataclasses import dataclass

__all__ = ["Statement"]


@dataclass(frozen=True)
class Statement:
    """One part of the text: ``name = source`` (``name`` is ``""`` for a plain last expression)."""

    name: str
    source: str
    offset: int  # 0-based index of ``source`` in the normalised text
    tree: ast.expr
    name_column: int  # 1-based column of the name in the normalised text (of the source if unnamed)
    uses: tuple[tuple[str, int], ...] = ()  # names used, in order of first use, with their columns in source
