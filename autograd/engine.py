"""The scalar engine: :class:`Value` nodes and reverse-mode backprop.

A Value records the op that made it (an entry of :mod:`autograd.ops`) and its
parents in argument order.  There is no closure per node: ``backward`` asks the
op table for each node's local derivatives and pushes ``local · upstream`` into
every parent.

>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> L = a * b + a
>>> L.backward()
>>> a.grad, b.grad
(-2.0, 2.0)
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator, Sequence
from contextlib import ContextDecorator
from typing import TYPE_CHECKING, Any, cast

from autograd import ops
from autograd.ops import Op

if TYPE_CHECKING:
    from autograd.steps import BackwardStep

__all__ = ["Value", "grad", "is_grad_enabled", "no_grad", "topological_order", "value_and_grad"]


class _GradMode:
    enabled = True


class no_grad(ContextDecorator):
    """Context manager (and decorator) under which ops record nothing.

    Results made inside are leaves: they hold ``data`` but no parents.

    >>> x = Value(3.0)
    >>> with no_grad():
    ...     y = x * x
    >>> y.op, y.parents
    ('', ())
    """

    def __enter__(self) -> no_grad:
        self._prev = _GradMode.enabled
        _GradMode.enabled = False
        return self

    def __exit__(self, *exc: object) -> None:
        _GradMode.enabled = self._prev


def is_grad_enabled() -> bool:
    """True unless inside :class:`no_grad`."""
    return _GradMode.enabled


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _describe(v: Value) -> str:
    return f"{v.label} = {_fmt(v.data)}" if v.label else _fmt(v.data)


def _op_error(op: Op, args: Sequence[Value], exc: Exception) -> Exception:
    """Rewrite a bare float error (``math domain error``) so it names op, values and labels."""
    shown = ", ".join([_describe(a) for a in args] + ([_fmt(op.param)] if op.param is not None else []))
    if isinstance(exc, OverflowError):
        return OverflowError(f"{op.name}({shown}) overflows a float (largest is about 1.8e308)")
    valid = f"; valid inputs: {op.domain}" if op.domain else ""
    kind = ZeroDivisionError if isinstance(exc, ZeroDivisionError) else ValueError
    what = "divides by zero" if kind is ZeroDivisionError else "is undefined"
    return kind(f"{op.name}({shown}) {what}{valid}")


def _lift(x: object, symbol: str) -> Value:
    """A number becomes a leaf Value; anything else is a TypeError naming it."""
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return Value(float(x))
    raise TypeError(
        f"unsupported operand for {symbol}: {type(x).__name__} {x!r}; "
        "use a Value or a real number (int or float)"
    )


class Value:
    """A scalar node in a computation graph.

    Attributes:
        data: the number this node holds.
        grad: ∂root/∂self after ``root.backward()``; 0.0 at first.
        label: a name for people (drawings, narration); ``""`` if none.
        parents: the input Values, in argument order; ``()`` for a leaf.
        op: name of the op that made this node; ``""`` for a leaf.
    """

    __slots__ = ("_mark", "_op", "data", "grad", "label", "parents")

    data: float
    grad: float
    label: str
    parents: tuple[Value, ...]
    _op: Op | None
    _mark: object

    def __init__(self, data: float, label: str = "") -> None:
        if isinstance(data, Value):
            raise TypeError(
                f"Value() takes a number, got the Value {data!r}; use it as is, or Value({data.data!r})"
            )
        if not isinstance(data, numbers.Real) or isinstance(data, str):
            raise TypeError(f"Value() takes a real number (int or float), got {type(data).__name__} {data!r}")
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, got {type(label).__name__} {label!r}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.parents = ()
        self._op = None
        self._mark = None

    @property
    def op(self) -> str:
        """Name of the op that made this node, ``""`` for a leaf."""
        return self._op.name if self._op is not None else ""

    @property
    def op_entry(self) -> Op | None:
        """The op-table entry that made this node, ``None`` for a leaf."""
        return self._op

    def __repr__(self) -> str:
        parts = [f"data={_fmt(self.data)}"]
        g = self.grad
        parts.append(f"grad={_fmt(g)}" if isinstance(g, float) else f"grad=<Value {_fmt(g.data)}>")
        if self.label:
            parts.append(f"label={self.label!r}")
        if self._op is not None:
            parts.append(f"op={self._op.name!r}")
        return f"Value({', '.join(parts)})"

    def _repr_svg_(self) -> str | None:
        """Jupyter shows a Value as its graph (the 200 nodes nearest it); text if Graphviz is missing."""
        from autograd.render import svg_of

        try:
            return svg_of(self, max_nodes=200)
        except RuntimeError:
            return None

    # --- ops ------------------------------------------------------------

    def __add__(self, other: Value | float) -> Value:
        o = other if other.__class__ is Value else _lift(other, "+")
        return _apply2(ops.ADD, self, o)

    def __radd__(self, other: float) -> Value:  # other + self
        return _apply2(ops.ADD, _lift(other, "+"), self)

    def __sub__(self, other: Value | float) -> Value:
        o = other if other.__class__ is Value else _lift(other, "-")
        return _apply2(ops.SUB, self, o)

    def __rsub__(self, other: float) -> Value:  # other - self
        return _apply2(ops.SUB, _lift(other, "-"), self)

    def __mul__(self, other: Value | float) -> Value:
        o = other if other.__class__ is Value else _lift(other, "*")
        return _apply2(ops.MUL, self, o)

    def __rmul__(self, other: float) -> Value:  # other * self
        return _apply2(ops.MUL, _lift(other, "*"), self)

    def __truediv__(self, other: Value | float) -> Value:
        o = other if other.__class__ is Value else _lift(other, "/")
        return _apply2(ops.DIV, self, o)

    def __rtruediv__(self, other: float) -> Value:  # other / self
        return _apply2(ops.DIV, _lift(other, "/"), self)

    def __pow__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return _apply2(ops.POW, self, other)
        if isinstance(other, numbers.Real) and not isinstance(other, bool):
            return _apply1(ops.pow_const(float(other)), self)
        raise TypeError(
            f"unsupported exponent for **: {type(other).__name__} {other!r}; use a Value or a real number"
        )

    def __rpow__(self, other: float) -> Value:  # other ** self
        return _apply2(ops.POW, _lift(other, "**"), self)

    def __neg__(self) -> Value:
        return _apply1(ops.NEG, self)

    def __abs__(self) -> Value:
        return _apply1(ops.ABS, self)

    def exp(self) -> Value:
        """e^x."""
        return _apply1(ops.EXP, self)

    def log(self) -> Value:
        """Natural log, for x > 0."""
        return _apply1(ops.LOG, self)

    def tanh(self) -> Value:
        """tanh x, finite for every x."""
        return _apply1(ops.TANH, self)

    def sigmoid(self) -> Value:
        """σ(x) = 1/(1 + e^−x), finite for every x."""
        return _apply1(ops.SIGMOID, self)

    def relu(self) -> Value:
        """max(0, x); its derivative at the kink x = 0 is taken as 0."""
        return _apply1(ops.RELU, self)

    def sqrt(self) -> Value:
        """√x, for x ≥ 0."""
        return _apply1(ops.SQRT, self)

    def abs(self) -> Value:
        """|x|; its derivative at the kink x = 0 is taken as 0."""
        return _apply1(ops.ABS, self)

    def sin(self) -> Value:
        """sin x."""
        return _apply1(ops.SIN, self)

    def cos(self) -> Value:
        """cos x."""
        return _apply1(ops.COS, self)

    # --- backward ---------------------------------------------------------

    def backward(self, create_graph: bool = False) -> None:
        """Fill ``grad`` of every node with ∂self/∂node.

        Interior nodes get this pass's gradient; leaves accumulate across passes,
        as in PyTorch.  With ``create_graph=True`` every grad is a Value whose
        graph records the backward pass, so it can be differentiated again.
        """
        order = prepare_backward(self)
        push = push_recorded if create_graph else push_local
        for node in reversed(order):
            if node._op is not None:
                push(node)

    def backward_steps(self, create_graph: bool = False) -> Iterator[BackwardStep]:
        """Backward one node at a time: see :func:`autograd.steps.backward_steps`."""
        from autograd.steps import backward_steps

        return backward_steps(self, create_graph=create_graph)


def _new(data: float, op: Op, parents: tuple[Value, ...]) -> Value:
    v = Value.__new__(Value)
    v.data = data
    v.grad = 0.0
    v.label = ""
    if _GradMode.enabled:
        v.parents = parents
        v._op = op
    else:
        v.parents = ()
        v._op = None
    v._mark = None
    return v


def _apply1(op: Op, a: Value) -> Value:
    try:
        d = op.forward(a.data)
    except (ValueError, ZeroDivisionError, OverflowError) as e:
        raise _op_error(op, (a,), e) from None
    return _new(d, op, (a,))


def _apply2(op: Op, a: Value, b: Value) -> Value:
    try:
        d = op.forward(a.data, b.data)
    except (ValueError, ZeroDivisionError, OverflowError) as e:
        raise _op_error(op, (a, b), e) from None
    return _new(d, op, (a, b))


def apply(op: Op, *args: Value | float) -> Value:
    """Apply a table entry to Values or numbers: the generic path (custom ops use it)."""
    if len(args) != op.arity:
        raise TypeError(f"{op.name} takes {op.arity} input(s), got {len(args)}")
    vals = tuple(_lift(a, op.name) for a in args)
    try:
        d = op.forward(*(v.data for v in vals))
    except (ValueError, ZeroDivisionError, OverflowError) as e:
        raise _op_error(op, vals, e) from None
    if isinstance(d, bool) or not isinstance(d, numbers.Real):
        raise TypeError(
            f"the forward function of op {op.name!r} returned {type(d).__name__} {d!r}; it must return a float"
        )
    return _new(float(d), op, vals)


# --- graph order -------------------------------------------------------------


def topological_order(root: Value) -> list[Value]:
    """Every node reachable from ``root``, parents before children (root last).

    Iterative depth-first post-order, parents visited in argument order, so the
    order is the same on every run and depth is unlimited.
    """
    seen, done = object(), object()
    order: list[Value] = []
    stack = [root]
    pop, push, emit = stack.pop, stack.append, order.append
    while stack:
        node = stack[-1]
        mark = node._mark
        if mark is done:
            pop()
        elif mark is seen:
            pop()
            node._mark = done
            emit(node)
        else:
            node._mark = seen
            ps = node.parents
            for i in range(len(ps) - 1, -1, -1):
                if ps[i]._mark is not done:
                    push(ps[i])
    for node in order:
        node._mark = None
    return order


def prepare_backward(root: Value) -> list[Value]:
    """Topological order, interior grads reset to 0, root seeded with ∂root/∂root = 1."""
    order = topological_order(root)
    for node in order:
        if node._op is not None:
            node.grad = 0.0
    if root._op is None:
        root.grad = root.grad + 1.0  # a leaf root accumulates, like every leaf
    else:
        root.grad = 1.0
    return order


def local_derivatives(node: Value) -> tuple[float, ...]:
    """∂node/∂parent_i for each parent, as floats, from the op table."""
    op = node._op
    if op is None:
        return ()
    xs = [p.data for p in node.parents]
    o = node.data
    return tuple(float(d(o, *xs)) for d in op.derivs)


def push_local(node: Value) -> tuple[float, ...]:
    """The chain rule at one node: ``parent.grad += local · node.grad`` for each parent.

    Returns the local derivatives.  ``backward()`` and the stepper both call this.
    """
    op = cast(Op, node._op)
    g = node.grad
    ps = node.parents
    o = node.data
    if len(ps) == 2:
        a, b = ps
        x, y = a.data, b.data
        da, db = op.derivs
        la = da(o, x, y)
        lb = db(o, x, y)
        a.grad += la * g
        b.grad += lb * g
        return (la, lb)
    if len(ps) == 1:
        (a,) = ps
        la = op.derivs[0](o, a.data)
        a.grad += la * g
        return (la,)
    xs = [p.data for p in ps]
    locs = tuple(d(o, *xs) for d in op.derivs)
    for p, loc in zip(ps, locs):
        p.grad += loc * g
    return locs


def push_recorded(node: Value) -> tuple[Any, ...]:
    """The chain rule at one node with the rules run on Values, so the pass is recorded."""
    op = cast(Op, node._op)
    g: Any = node.grad
    locs = tuple(op_rule(node, op, i) for i in range(op.arity))
    for p, loc in zip(node.parents, locs):
        c = g if (isinstance(loc, float) and loc == 1.0) else loc * g
        old: Any = p.grad
        p.grad = c if (isinstance(old, float) and old == 0.0) else old + c
    return locs


def op_rule(node: Value, op: Op, i: int) -> Any:
    """Rule ``i`` of ``op`` evaluated on the node and its parents as Values."""
    return op.derivs[i](node, *node.parents)


# --- functional gradients ------------------------------------------------------


def value_and_grad(
    f: Callable[..., Any], argnums: int | tuple[int, ...] = 0
) -> Callable[..., tuple[Any, Any]]:
    """Turn ``f`` into a function returning ``(f(*args), ∂f/∂args[argnums])``.

    Called with floats it returns floats (a tuple of grads for a tuple
    ``argnums``).  Called with Values it records the gradient as a Value, which
    is what lets calls nest: ``grad(grad(f))``.

    >>> value_and_grad(lambda x: x ** 3)(2.0)
    (8.0, 12.0)
    """
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    def wrapped(*args: Any) -> tuple[Any, Any]:
        for i in nums:
            if not -len(args) <= i < len(args):
                raise IndexError(f"argnums {argnums!r} names argument {i}, but only {len(args)} were given")
        nested = any(isinstance(a, Value) for a in args)
        vals = [a if isinstance(a, Value) else Value(a, label=f"x{i}") for i, a in enumerate(args)]
        out = f(*vals)
        if not isinstance(out, Value):
            if isinstance(out, numbers.Real) and not isinstance(out, bool):
                out = Value(float(out))
            else:
                raise TypeError(f"the function must return a Value or a number, got {type(out).__name__}")
        leaves = [n for n in topological_order(out) if n._op is None]
        targets = [vals[i] for i in nums]
        saved = [(n, n.grad) for n in leaves] + [(t, t.grad) for t in targets]
        try:
            for n in leaves:
                n.grad = 0.0
            for t in targets:
                t.grad = 0.0
            if out.parents or out in targets:
                out.backward(create_graph=nested)
            grads = [t.grad for t in targets]
        finally:
            for n, g in saved:
                n.grad = g
        if not nested:
            grads = [float(g) for g in grads]
        value: Any = out if nested else out.data
        return value, (grads[0] if isinstance(argnums, int) else tuple(grads))

    return wrapped


def grad(f: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """Turn ``f`` into its gradient function; nests for higher derivatives.

    >>> grad(grad(lambda x: x ** 3))(2.0)
    12.0
    """
    vg = value_and_grad(f, argnums)

    def wrapped(*args: Any) -> Any:
        return vg(*args)[1]

    return wrapped
