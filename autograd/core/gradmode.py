"""Grad mode: whether ops record their inputs, per thread (and per asyncio task).

The switch is a :class:`contextvars.ContextVar`, so ``no_grad`` in one thread
never turns recording off in another, as in PyTorch.  A new thread starts with
recording on.

>>> from autograd import Value
>>> x = Value(3.0)
>>> with no_grad():
...     y = x * x
>>> y.op, y.parents
('', ())
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Generator
from contextlib import ContextDecorator
from contextvars import ContextVar, Token
from typing import Any, TypeVar

__all__ = ["enable_grad", "is_grad_enabled", "no_grad", "recording"]

F = TypeVar("F", bound=Callable[..., Any])

_GRAD_ENABLED: ContextVar[bool] = ContextVar("autograd_grad_enabled", default=True)

#: ``recording()`` is True when ops should record their inputs (the engine's hot path calls it).
recording = _GRAD_ENABLED.get


def is_grad_enabled() -> bool:
    """True unless inside :class:`no_grad` (in this thread)."""
    return _GRAD_ENABLED.get()


class _GradModeSwitch(ContextDecorator):
    """Set whether ops record, for a ``with`` block or for each call of a decorated function.

    A decorated generator function keeps the mode while its body runs, at every
    resumption, and the caller's mode in between.
    """

    _enabled = True

    def __init__(self) -> None:
        self._tokens: list[Token[bool]] = []  # a stack, so one instance can be entered again inside itself

    def __enter__(self) -> _GradModeSwitch:
        self._tokens.append(_GRAD_ENABLED.set(self._enabled))
        return self

    def __exit__(self, *exc: object) -> None:
        _GRAD_ENABLED.reset(self._tokens.pop())

    def _recreate_cm(self) -> _GradModeSwitch:
        # A fresh switch per decorated call, so threads calling one decorated function share no state.
        return type(self)()

    def __call__(self, func: F) -> F:
        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)
        return super().__call__(func)

    def _wrap_generator(self, func: F) -> F:
        enabled = self._enabled

        def resume(step: Callable[..., Any], *args: Any) -> Any:
            token = _GRAD_ENABLED.set(enabled)
            try:
                return step(*args)
            finally:
                _GRAD_ENABLED.reset(token)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            gen = func(*args, **kwargs)
            try:
                item = resume(gen.send, None)
                while True:
                    try:
                        sent = yield item
                    except GeneratorExit:
                        resume(gen.close)
                        raise
                    except BaseException as e:  # thrown in by the caller: pass it on into the body
                        item = resume(gen.throw, e)
                    else:
                        item = resume(gen.send, sent)
            except StopIteration as stop:
                return stop.value

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeSwitch):
    """Context manager (and decorator) under which ops record nothing, in this thread.

    Results made inside are leaves: they hold ``data`` but no parents.
    """

    _enabled = False


class enable_grad(_GradModeSwitch):
    """Context manager (and decorator) under which ops record, even inside :class:`no_grad`.

    >>> from autograd import Value
    >>> x = Value(3.0)
    >>> with no_grad(), enable_grad():
    ...     y = x * x
    >>> y.op
    'mul'
    """

    _enabled = True
