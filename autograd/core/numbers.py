"""Numbers in one place: reading a float out of a number or a Value, showing it, and what float maths raises.

>>> fmt(-0.0), fmt(2.0), fmt(1 / 3), fmt(1 / 3, digits=4)
('0', '2', '0.333333', '0.3333')
>>> factor(-3.0)
'(-3)'
"""

from __future__ import annotations

from typing import Protocol, SupportsFloat

__all__ = ["FLOAT_ERRORS", "HasData", "factor", "float_of", "fmt"]

#: What plain float arithmetic raises: a domain error, a division by zero, an overflow.
FLOAT_ERRORS: tuple[type[Exception], ...] = (ValueError, ZeroDivisionError, OverflowError)


class HasData(Protocol):
    """Anything with a float ``.data`` (a Value, or a learner's micrograd-style node)."""

    @property
    def data(self) -> float: ...


def float_of(x: SupportsFloat | HasData) -> float:
    """The float behind ``x``: ``x.data`` for a Value, ``float(x)`` for a number."""
    data = getattr(x, "data", None)
    return float(data if data is not None else x)  # type: ignore[arg-type]


def fmt(x: float, digits: int = 6) -> str:
    """``x`` as people write it: ``digits`` significant digits, and 0 rather than -0."""
    s = f"{x:.{digits}g}"
    return "0" if s == "-0" else s


def factor(x: float, digits: int = 6) -> str:
    """``x`` as the right factor of a product: a negative in parentheses, as in ``2 × (-3)``."""
    s = fmt(x, digits)
    return f"({s})" if s.startswith("-") else s
