"""A scalar autograd engine for learning and checking backpropagation.

>>> from autograd import Value
>>> a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
>>> L = (a * b + c) * f
>>> L.backward()
>>> a.grad, b.grad, c.grad, f.grad
(6.0, -4.0, -2.0, 4.0)
"""

from autograd.animate import animate
from autograd.check import (
    GradcheckError,
    GradcheckReport,
    GradcheckRow,
    check_module,
    gradcheck,
    gradgradcheck,
)
from autograd.draw import draw
from autograd.engine import (
    Value,
    enable_grad,
    grad,
    is_grad_enabled,
    no_grad,
    topological_order,
    value_and_grad,
)
from autograd.expr import ExprError, parse_expression
from autograd.forward import ForwardTrace, forward_trace
from autograd.naming import node_names
from autograd.ops import OPS, Op, define_op
from autograd.render import render
from autograd.stepper import Stepper
from autograd.steps import BackwardStep, Edge, backward_steps
from autograd.tape import ReplayMismatchError, compile

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
    "backward_steps",
    "check_module",
    "compile",
    "define_op",
    "draw",
    "enable_grad",
    "forward_trace",
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
