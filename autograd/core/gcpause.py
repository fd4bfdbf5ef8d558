"""Keep the cyclic garbage collector out of hot loops.

A graph of a million Values allocates a million tracked objects, and the
collector would walk them again and again while they are being made. Inside
``gc_paused()`` it is off; on leaving the outermost one it is restored exactly
as it was found (a caller who had turned it off keeps it off), even on an
exception. Reference counting still frees everything that is not a cycle.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the collector for the ``with`` body (nestable, and safe across threads)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
