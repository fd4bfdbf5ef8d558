"""The core's one way up: slots that the layers above fill, so the core never imports them.

The core (engine, op table) sits below everything, and imports nothing above
it, not even inside a function.  Yet a Value draws itself in Jupyter,
``v.backward_steps()`` walks backward one narrated step at a time, and an op
lends the replay its numpy rules.  Each of these reads a slot here, which
``autograd/__init__.py`` fills when the package is imported (Python always
imports the package before any of its modules, so the slots are filled
before anyone holds a Value):

* :data:`svg`: ``autograd.view.notebook.value_svg``, called as ``svg(value)``, None when it cannot draw;
* :data:`backward_steps`: ``autograd.explain.record.backward_steps``;
* :data:`numpy_forward`, :data:`numpy_derivs`: ``autograd.replay.rules``'s functions of the same names.

An empty slot means the feature is missing: no drawing (Jupyter shows the
repr), a RuntimeError for ``backward_steps``, no numpy rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

svg: Callable[..., str | None] | None = None
backward_steps: Callable[..., Any] | None = None
numpy_forward: Callable[[Any], Callable[..., Any] | None] | None = None
numpy_derivs: Callable[[Any], tuple[Callable[..., Any], ...] | None] | None = None
