"""A safe parser for the small arithmetic the command line accepts.

``a*b + c``, ``tanh(w*x + b)``, ``-x**2``, ``2**a / (1 + exp(-a))``: numbers,
variable names, ``+ - * / **``, unary ``-`` (and ``+``), parentheses, and calls
of the op table's functions (``exp log tanh sigmoid relu sqrt abs sin cos``,
plus any op added with :func:`~autograd.define_op`).  Intermediates may be named,
as in the lecture: ``e = a*b; d = e + c; L = d*f`` (see :mod:`autograd.expr.parse`).
Full-width and other Unicode forms of digits, signs and parentheses, as a
Japanese keyboard types them, are read as their ASCII keys (see :mod:`autograd.expr.keyboard`).

The text goes through :func:`ast.parse` and then a whitelist: anything else
(attributes, subscripts, comparisons, strings, keywords, ...) is an
:class:`ExprError` naming the column.  Nothing is ever evaluated by Python;
every node is built by the engine.  The walk over the tree is iterative, and the
length and the parenthesis depth are bounded, so hostile input gets a clean
error rather than a ``RecursionError`` or ``MemoryError``.

A variable used twice is one node, so its two uses show up as two edges into
the same leaf; the leaves are labelled with the variable names.

>>> e = parse_expression("a*b + a")
>>> e.variables
('a', 'b')
>>> root, inputs = e.build({"a": 2, "b": -3})
>>> root.backward()
>>> root.data, inputs["a"].grad, inputs["b"].grad
(-4.0, -2.0, 2.0)
"""

from autograd.expr.errors import ExprError, Sentence
from autograd.expr.parse import MAX_LENGTH, Expression, Statement, evaluate, parse_expression
from autograd.expr.syntax import MAX_DEPTH, functions

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "ExprError",
    "Expression",
    "Sentence",
    "Statement",
    "evaluate",
    "functions",
    "parse_expression",
]
