"""Run a learner's code with a time limit, turning whatever it raises into a short description.

The learner's class is untrusted: it may loop forever, sleep, raise anything
(even ``SystemExit``) or print.  :func:`limited` runs one call and returns an
:class:`Outcome`: the value, or what went wrong, never a traceback.

In the main thread the limit is ``signal.setitimer``: an alarm raises
:class:`TimeLimit` inside the learner's code, which stops a Python loop at
once.  Elsewhere (or where there is no ``SIGALRM``) the call runs in a daemon
worker thread that is abandoned at the deadline: the auditor goes on, though
the abandoned thread may keep running until the process exits.

>>> limited(lambda: 1 + 1, 1.0).value
2
>>> limited(lambda: 1 / 0, 1.0).error.split(" (")[0]  # then, in parentheses, the file and line
'ZeroDivisionError: division by zero'
>>> def spin() -> None:
...     while True:
...         pass
>>> limited(spin, 0.05).timed_out
True
"""

from __future__ import annotations

import os
import signal
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

__all__ = ["Clock", "Outcome", "TimeLimit", "describe", "limited"]

_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the autograd package


class TimeLimit(BaseException):
    """Raised inside the learner's code when its time is up (a BaseException, so ``except Exception`` lets it out)."""


@dataclass(frozen=True)
class Outcome:
    """What one limited call gave: ``value``, or ``error`` (a one-line description), or ``timed_out``."""

    value: Any = None
    error: str = ""
    timed_out: bool = False
    seconds: float = 0.0
    skipped: bool = False
    """True when the call was not even made: earlier calls had used up the :class:`Clock`'s strikes."""

    @property
    def ok(self) -> bool:
        """True when the call returned."""
        return not self.error and not self.timed_out


def describe(exc: BaseException) -> str:
    """``ValueError: math domain error (engine.py:42)``: the type, the message and the innermost learner line."""
    message = " ".join(str(exc).split())
    head = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith((_HERE, "<frozen"))
    ]
    if frames:
        last = frames[-1]
        head += f" ({os.path.basename(last.filename)}:{last.lineno})"
    return head


def limited(fn: Callable[[], Any], seconds: float) -> Outcome:
    """Call ``fn()`` with at most ``seconds`` to finish; never raises (but lets KeyboardInterrupt through)."""
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return _with_alarm(fn, seconds)
    return _with_thread(fn, seconds)


class Clock:
    """The time limits of one audit: ``seconds`` per call, and no more calls once ``strikes`` have run out of time.

    A class whose ``backward()`` never returns would otherwise cost ``seconds``
    for every case; after two such cases the rest are skipped.
    """

    def __init__(self, seconds: float, strikes: int = 2) -> None:
        self.seconds = seconds
        self.strikes = strikes

    def run(self, fn: Callable[[], Any], scale: float = 1.0) -> Outcome:
        """:func:`limited` with ``scale × seconds``, or a skipped Outcome once the strikes are used up."""
        if self.strikes <= 0:
            return Outcome(timed_out=True, skipped=True)
        outcome = limited(fn, self.seconds * scale)
        if outcome.timed_out:
            self.strikes -= 1
        return outcome


def _raise_time_limit(signum: int, frame: FrameType | None) -> None:
    raise TimeLimit


def _with_alarm(fn: Callable[[], Any], seconds: float) -> Outcome:
    old_handler = signal.signal(signal.SIGALRM, _raise_time_limit)
    # The alarm repeats every 50 ms, so code that swallows the first one is stopped by the next.
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        try:
            return Outcome(value=fn())
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except TimeLimit:
        return Outcome(timed_out=True, seconds=seconds)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # the learner's code may raise anything, SystemExit included
        return Outcome(error=describe(e))
    finally:
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:  # someone else's alarm (a test runner's timeout, say) keeps ticking
            signal.setitimer(signal.ITIMER_REAL, old_delay, old_interval)


def _with_thread(fn: Callable[[], Any], seconds: float) -> Outcome:
    box: list[Outcome] = []

    def work() -> None:
        try:
            box.append(Outcome(value=fn()))
        except BaseException as e:
            box.append(Outcome(error=describe(e)))

    worker = threading.Thread(target=work, name="autograd-audit-probe", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive() or not box:
        return Outcome(timed_out=True, seconds=seconds)
    return box[0]
