"""A scalar autograd engine for learning and checking backpropagation.

>>> from autograd import Value
>>> a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
>>> L = (a * b + c) * f
>>> L.backward()
>>> a.grad, b.grad, c.grad, f.grad
(6.0, -4.0, -2.0, 4.0)
"""

from autograd.auditor import audit
from autograd.check.gradcheck import (
    GradcheckError,
    GradcheckReport,
    GradcheckRow,
    check_module,
    gradcheck,
    gradgradcheck,
)
from autograd.core import hooks as _hooks
from autograd.core.define import define_op
from autograd.core.engine import Value, enable_grad, is_grad_enabled, no_grad, topological_order
from autograd.core.functional import grad, value_and_grad
from autograd.core.gcpause import gc_paused
from autograd.core.ops import OPS, Op
from autograd.explain.forward import ForwardTrace, forward_trace
from autograd.explain.naming import node_names
from autograd.explain.record import BackwardStep, Edge, backward_steps
from autograd.explain.stepper import Stepper
from autograd.expr import ExprError, parse_expression
from autograd.replay import rules as _rules
from autograd.replay.tape import ReplayMismatchError, compile
from autograd.view import notebook as _notebook
from autograd.view.animate import animate
from autograd.view.draw import draw
from autograd.view.render import render

# The core imports nothing above it; the layers above plug into it here (see autograd/core/hooks.py).
_hooks.svg = _notebook.value_svg
Stepper.display = _notebook.stepper_bundle
_hooks.backward_steps = backward_steps
_hooks.numpy_forward = _rules.numpy_forward
_hooks.numpy_derivs = _rules.numpy_derivs

__all__ = [
    "OPS",
    "BackwardStep",
    "Edge",
    "ExprError",
    "ForwardTrace",
    "GradcheckError",
    "GradcheckReport",
    "GradcheckRow",
    "Op",
    "ReplayMismatchError",
    "Stepper",
    "Value",
    "animate",
    "audit",
    "backward_steps",
    "check_module",
    "compile",
    "define_op",
    "draw",
    "enable_grad",
    "forward_trace",
    "gc_paused",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "no_grad",
    "node_names",
    "parse_expression",
    "render",
    "topological_order",
    "value_and_grad",
]
