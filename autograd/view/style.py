"""How pictures look: colours, the |grad| scale, op symbols as drawn, and text widths.

>>> scale_colour(0.0), scale_colour(1.0)
('#ffffd9', '#081d58')
>>> shown_symbol("·")
'×'
>>> text_width("勾配 1") > text_width("grad 1") - 20
True
"""

from __future__ import annotations

import math
import unicodedata

__all__ = [
    "FLOW",
    "FONT",
    "INK",
    "LEAF_FILL",
    "MUTED",
    "SCALE",
    "ink_on",
    "scale_colour",
    "shown_symbol",
    "text_width",
    "wide",
]

FONT = "Helvetica"
INK = "#333333"
MUTED = "#8a8a8a"
FLOW = "#d95f02"  # the gradient's colour: orange reads as distinct from the blue-green scale
LEAF_FILL = "#eef3fa"

# ColorBrewer YlGnBu (9 classes): sequential, colour-blind safe, light = small |grad|.
SCALE = (
    "#ffffd9",
    "#edf8b1",
    "#c7e9b4",
    "#7fcdbb",
    "#41b6c4",
    "#1d91c0",
    "#225ea8",
    "#253494",
    "#081d58",
)

#: Symbols the op table writes for text that read badly in a picture: a 2-px dot for multiplication.
_DRAWN = {"·": "×"}


def shown_symbol(symbol: str) -> str:
    """The op symbol as drawn: × for multiplication, anything else as the op table has it."""
    return _DRAWN.get(symbol, symbol)


def scale_colour(t: float) -> str:
    """The fill for ``t`` = |grad| / max |grad| in [0, 1], linear between the scale's stops."""
    if math.isnan(t):
        return "#d9d9d9"
    t = min(max(t, 0.0), 1.0) * (len(SCALE) - 1)
    i = min(int(t), len(SCALE) - 2)
    u = t - i
    lo, hi = SCALE[i], SCALE[i + 1]
    rgb = [round(int(lo[k : k + 2], 16) * (1 - u) + int(hi[k : k + 2], 16) * u) for k in (1, 3, 5)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def ink_on(t: float) -> str:
    """Text colour on the fill for ``t``: white once the fill is dark enough that black is hard to read."""
    return "white" if not math.isnan(t) and t > 0.55 else "black"


def wide(ch: str) -> bool:
    """Whether ``ch`` takes a full em (Japanese and other East Asian wide characters)."""
    return unicodedata.east_asian_width(ch) in "WF"


def text_width(text: str, size: float = 12.0) -> int:
    """A generous estimate of ``text``'s width in points: 0.62 em a character, a full em for wide ones."""
    ems = sum(1.0 if wide(ch) else 0.62 for ch in text)
    return math.ceil(ems * size) + 8
