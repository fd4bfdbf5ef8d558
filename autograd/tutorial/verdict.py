"""A check's answer: ✓ or ✗ with a hint, in the learner's language, shown as itself in a notebook.

>>> v = Verdict.right("en", "tutorial_ok_nudge", value="12.001")
>>> bool(v), v
(True, ✓ Right: (L(6.001) − L(6))/0.001 = 12.001, a little more than the slope 12.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from autograd.explain.sentences import text

__all__ = ["Verdict", "close", "number_or_none"]


class Verdict(str):
    """The line a check prints: truthy for ✓, falsy for ✗.  A notebook or REPL shows it unquoted."""

    __slots__ = ("key", "ok")
    ok: bool
    key: str

    def __new__(cls, line: str, ok: bool, key: str) -> Verdict:
        self = super().__new__(cls, line)
        self.ok = ok
        self.key = key
        return self

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return str(self)

    @classmethod
    def right(cls, lang: str, key: str, **fields: object) -> Verdict:
        """✓ and the sentence ``key``."""
        return cls("✓ " + text(key, lang, **fields), True, key)

    @classmethod
    def wrong(cls, lang: str, key: str, **fields: object) -> Verdict:
        """✗ and the hint ``key``."""
        return cls("✗ " + text(key, lang, **fields), False, key)


def close(a: float, b: float, rel: float = 1e-6, abs_: float = 1e-9) -> bool:
    """``a`` and ``b`` agree to ``rel`` (or ``abs_`` near zero)."""
    return math.isfinite(a) and abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def number_or_none(x: Any) -> float | None:
    """``x`` as a float (a number, a Value or a one-element array), or None if it is not one."""
    data = getattr(x, "data", x)
    if hasattr(data, "tolist"):  # a numpy array or scalar
        data = data.tolist()
    if isinstance(data, bool) or data is None or data is Ellipsis:
        return None
    if isinstance(data, Sequence) and not isinstance(data, str):
        return number_or_none(data[0]) if len(data) == 1 else None
    try:
        return float(data)
    except (TypeError, ValueError):
        return None
