"""The scalar engine: :class:`Value` nodes and reverse-mode backprop.

A Value records the op that made it (an entry of :mod:`autograd.core.ops`) and its
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ContextDecorator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from autograd.core import ops
from autograd.core.ops import Op

if TYPE_CHECKING:
    from autograd.explain.record import BackwardStep

__all__ = [
    "Value",
    "enable_grad",
    "grad",
    "is_grad_enabled",
    "no_grad",
    "topological_order",
    "value_and_grad",
]


class _GradMode:
    enabled = True


_alloc = object.__new__
_MANY = object()  # in ``_b``: ``_a`` holds a tuple of three or more parents


class _GradModeSwitch(ContextDecorator):
    """Set whether ops record for the length of a ``with`` block (or a decorated call)."""

    _enabled = True

    def __init__(self) -> None:
        self._saved: list[bool] = []  # a stack, so one instance can decorate a recursive function

    def __enter__(self) -> _GradModeSwitch:
        self._saved.append(_GradMode.enabled)
        _GradMode.enabled = self._enabled
        return self

    def __exit__(self, *exc: object) -> None:
        _GradMode.enabled = self._saved.pop()


class no_grad(_GradModeSwitch):
    """Context manager (and decorator) under which ops record nothing.

    Results made inside are leaves: they hold ``data`` but no parents.

    >>> x = Value(3.0)
    >>> with no_grad():
    ...     y = x * x
    >>> y.op, y.parents
    ('', ())
    """

    _enabled = False


class enable_grad(_GradModeSwitch):
    """Context manager (and decorator) under which ops record, even inside :class:`no_grad`.

    >>> x = Value(3.0)
    >>> with no_grad(), enable_grad():
    ...     y = x * x
    >>> y.op
    'mul'
    """

    _enabled = True


def is_grad_enabled() -> bool:
    """True unless inside :class:`no_grad`."""
    return _GradMode.enabled


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _describe(v: Value) -> str:
    return f"{v.label} = {_fmt(v.data)}" if v.label else _fmt(v.data)


def _shown_inputs(op: Op, args: Sequence[Value]) -> str:
    """The inputs as people read them, ``a = -1, 2``, with a constant exponent last."""
    return ", ".join([_describe(a) for a in args] + ([_fmt(op.param)] if op.param is not None else []))


def _op_error(op: Op, args: Sequence[Value], exc: Exception) -> Exception:
    """Rewrite a bare float error (``math domain error``) so it names op, values and labels."""
    shown = _shown_inputs(op, args)
    if isinstance(exc, OverflowError):
        return OverflowError(f"{op.name}({shown}) overflows a float (largest is about 1.8e308)")
    valid = f"; valid inputs: {op.domain}" if op.domain else ""
    kind = ZeroDivisionError if isinstance(exc, ZeroDivisionError) else ValueError
    what = "divides by zero" if kind is ZeroDivisionError else "is undefined"
    return kind(f"{op.name}({shown}) {what}{valid}")


def _backward_error(node: Value | None, exc: Exception) -> Exception:
    """Name the node whose local derivative failed (a float ``**`` can overflow in a rule)."""
    if node is None or node._op is None:
        return exc
    op = node._op
    shown = _shown_inputs(op, node.parents)
    what = "overflows a float" if isinstance(exc, OverflowError) else f"failed ({exc})"
    kind = type(exc) if isinstance(exc, _FLOAT_ERRORS) else ValueError
    return kind(f"backward through {op.name}({shown}): the local derivative {what}")


def _lift(x: object, symbol: str) -> Value:
    """A number becomes a leaf Value; anything else is a TypeError naming it."""
    cls = x.__class__
    if cls is float or cls is int:
        return _leaf(float(x))  # type: ignore[arg-type]
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return _leaf(float(x))
    raise TypeError(
        f"unsupported operand for {symbol}: {type(x).__name__} {x!r}; "
        "use a Value or a real number (int or float)"
    )


_FLOAT_ERRORS = (ValueError, ZeroDivisionError, OverflowError)


def _binary(op: Op, symbol: str, reflected: bool = False) -> Callable[[Value, Value | float], Value]:
    """The operator method for a two-input op; ``reflected`` serves ``2 * x`` (other op self).

    The node is built inline rather than through a helper: one Python frame per
    op is most of the forward pass's cost, and this is its hot path.
    """
    forward = op.forward

    def method(self: Value, other: Value | float) -> Value:
        if reflected:
            a = _lift(other, symbol)
            b = self
        else:
            a = self
            b = other if other.__class__ is Value else _lift(other, symbol)
        try:
            d = forward(a.data, b.data)
        except _FLOAT_ERRORS as e:
            raise _op_error(op, (a, b), e) from None
        v = _alloc(Value)
        v.data = d
        v.grad = 0.0
        v.label = ""
        if _GradMode.enabled:
            v._a = a
            v._b = b
            v._op = op
        else:
            v._a = v._b = v._op = None
        v._mark = None
        return v

    method.__doc__ = (
        f"{'other ' + symbol + ' self' if reflected else 'self ' + symbol + ' other'}: {op.formulas[0]}"
    )
    return method


def _unary(op: Op, doc: str = "") -> Callable[[Value], Value]:
    """The method for a one-input op (built like :func:`_binary`)."""
    forward = op.forward

    def method(self: Value) -> Value:
        try:
            d = forward(self.data)
        except _FLOAT_ERRORS as e:
            raise _op_error(op, (self,), e) from None
        v = _alloc(Value)
        v.data = d
        v.grad = 0.0
        v.label = ""
        v._b = None
        if _GradMode.enabled:
            v._a = self
            v._op = op
        else:
            v._a = v._op = None
        v._mark = None
        return v

    method.__doc__ = doc or op.formulas[0]
    return method


_pow_value = _binary(ops.POW, "**")


def _leaf(d: float) -> Value:
    v = _alloc(Value)
    v.data = d
    v.grad = 0.0
    v.label = ""
    v._a = v._b = v._op = v._mark = None
    return v


class Value:
    """A scalar node in a computation graph.

    Attributes:
        data: the number this node holds.
        grad: ∂root/∂self after ``root.backward()``; 0.0 at first.
        label: a name for people (drawings, narration); ``""`` if none.
        parents: the input Values, in argument order; ``()`` for a leaf.
        op: name of the op that made this node; ``""`` for a leaf.
    """

    # Parents live in two slots rather than a tuple: a tuple per node doubles
    # the objects the garbage collector tracks, and costs about a quarter of a
    # training step.  ``_a``/``_b`` hold the first and second parent (``None``
    # when absent); an op with three or more inputs keeps its tuple in ``_a``
    # and ``_MANY`` in ``_b``.  ``parents`` gives the tuple.
    __slots__ = ("_a", "_b", "_mark", "_op", "data", "grad", "label")

    data: float
    grad: float
    label: str
    _a: Any
    _b: Any
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
        self._a = None
        self._b = None
        self._op = None
        self._mark = None

    @property
    def parents(self) -> tuple[Value, ...]:
        """The input Values in argument order; ``()`` for a leaf."""
        a = self._a
        if a is None:
            return ()
        b = self._b
        if b is None:
            return (a,)
        if b is _MANY:
            return cast(tuple[Value, ...], a)
        return (a, b)

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

    #: How Jupyter draws a Value; :mod:`autograd.view.notebook` sets it (the core never imports the view).
    svg_display: ClassVar[Callable[[Value], str | None] | None] = None

    def _repr_svg_(self) -> str | None:
        """Jupyter shows a Value as its graph (the 200 nodes nearest it); text if it cannot be drawn."""
        return Value.svg_display(self) if Value.svg_display is not None else None

    # --- ops: each method is built from its op-table entry -------------------

    __add__ = _binary(ops.ADD, "+")
    __radd__ = _binary(ops.ADD, "+", reflected=True)
    __sub__ = _binary(ops.SUB, "-")
    __rsub__ = _binary(ops.SUB, "-", reflected=True)
    __mul__ = _binary(ops.MUL, "*")
    __rmul__ = _binary(ops.MUL, "*", reflected=True)
    __truediv__ = _binary(ops.DIV, "/")
    __rtruediv__ = _binary(ops.DIV, "/", reflected=True)
    __rpow__ = _binary(ops.POW, "**", reflected=True)
    __neg__ = _unary(ops.NEG)
    __abs__ = _unary(ops.ABS)
    abs = _unary(ops.ABS, "|x|; its derivative at the kink x = 0 is taken as 0.")
    exp = _unary(ops.EXP, "e^x.")
    log = _unary(ops.LOG, "Natural log, for x > 0.")
    tanh = _unary(ops.TANH, "tanh x, finite for every x.")
    sigmoid = _unary(ops.SIGMOID, "σ(x) = 1/(1 + e^−x), finite for every x.")
    relu = _unary(ops.RELU, "max(0, x); its derivative at the kink x = 0 is taken as 0.")
    sqrt = _unary(ops.SQRT, "√x, for x ≥ 0.")
    sin = _unary(ops.SIN, "sin x.")
    cos = _unary(ops.COS, "cos x.")

    def __pow__(self, other: Value | float) -> Value:
        """x ** y for a Value exponent, or x ** n for a number (a one-input op per n)."""
        if isinstance(other, Value):
            return _pow_value(self, other)
        if isinstance(other, numbers.Real) and not isinstance(other, bool):
            return apply(ops.pow_const(float(other)), self)
        raise TypeError(
            f"unsupported exponent for **: {type(other).__name__} {other!r}; use a Value or a real number"
        )

    # --- backward ---------------------------------------------------------

    def backward(self, create_graph: bool = False) -> None:
        """Fill ``grad`` of every node with ∂self/∂node.

        Interior nodes get this pass's gradient; leaves accumulate across passes,
        as in PyTorch.  With ``create_graph=True`` every grad is a Value whose
        graph records the backward pass, so it can be differentiated again.
        """
        order = prepare_backward(self)
        if create_graph:
            push_recorded(reversed(order))
        else:
            push_local(reversed(order))

    def backward_steps(self, create_graph: bool = False) -> Iterator[BackwardStep]:
        """Backward one node at a time: see :func:`autograd.explain.record.backward_steps`."""
        from autograd.explain.record import backward_steps

        return backward_steps(self, create_graph=create_graph)


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
    v = _leaf(float(d))
    if _GradMode.enabled:
        v._op = op
        if len(vals) <= 2:
            v._a = vals[0]
            v._b = vals[1] if len(vals) == 2 else None
        else:
            v._a, v._b = vals, _MANY
    return v


# --- graph order -------------------------------------------------------------


def topological_order(root: Value) -> list[Value]:
    """Every node reachable from ``root``, parents before children (root last).

    Iterative depth-first post-order, so depth is unlimited.  Each node is pushed
    once on the way in and once more to be emitted on the way out; parents are
    pushed in argument order, so the order is the same on every run.
    """
    return _toposort(root, reset=False)


def _toposort(root: Value, reset: bool) -> list[Value]:
    # Marks are fresh objects per call, so no pass is needed to clear them.
    # With ``reset``, interior grads are zeroed as nodes are emitted, which
    # saves backward a second walk over the graph.  (Reading ``_b`` only after
    # pushing ``a`` is measurably faster on CPython 3.11 than reading both
    # first: 16 ms against 60 ms on a fresh two-moons graph.)
    seen, done = object(), object()
    order: list[Value] = []
    stack = [root]
    pop, push, emit = stack.pop, stack.append, order.append
    while stack:
        node = pop()
        mark = node._mark
        if mark is seen:
            node._mark = done
            emit(node)
            if reset and node._op is not None:
                node.grad = 0.0
        elif mark is not done:
            node._mark = seen
            push(node)
            a = node._a
            if a is None:
                continue
            if a.__class__ is tuple:  # three or more parents
                for p in a:
                    if p._mark is not done:
                        push(p)
                continue
            if a._mark is not done:
                push(a)
            b = node._b
            if b is not None and b._mark is not done:
                push(b)
    return order


def prepare_backward(root: Value) -> list[Value]:
    """Topological order, interior grads reset to 0, root seeded with ∂root/∂root = 1."""
    order = _toposort(root, reset=True)
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
    try:
        return tuple(float(d(o, *xs)) for d in op.derivs)
    except _FLOAT_ERRORS as e:
        raise _backward_error(node, e) from None


def push_local(nodes: Iterable[Value]) -> None:
    """The chain rule at each node in turn: ``parent.grad += local · node.grad``.

    Leaves are skipped.  ``backward()`` passes the whole reversed topological
    order; the stepper passes one node at a time, so both run this one body.
    The loop lives inside the function because a call per node would cost a
    sixth of the backward pass.
    """
    many = _MANY
    node = None
    try:
        for node in nodes:
            op = node._op
            if op is None:
                continue
            g = node.grad
            o = node.data
            a = node._a
            b = node._b
            if b is None:
                a.grad += op.derivs[0](o, a.data) * g
            elif b is not many:
                x = a.data
                y = b.data
                da, db = op.derivs
                a.grad += da(o, x, y) * g
                b.grad += db(o, x, y) * g
            else:
                xs = [p.data for p in a]
                for p, d in zip(a, op.derivs, strict=True):
                    p.grad += d(o, *xs) * g
    except _FLOAT_ERRORS as e:
        raise _backward_error(node, e) from None


def push_recorded(nodes: Iterable[Value]) -> None:
    """:func:`push_local` with the rules run on Values, so the backward pass is itself recorded."""
    node = None
    try:
        for node in nodes:
            op = node._op
            if op is None:
                continue
            g: Any = node.grad
            for i, p in enumerate(node.parents):
                loc = op_rule(node, op, i)
                c = g if (isinstance(loc, float) and loc == 1.0) else loc * g
                old: Any = p.grad
                p.grad = c if (isinstance(old, float) and old == 0.0) else old + c
    except _FLOAT_ERRORS as e:
        raise _backward_error(node, e) from None


def push_one(node: Value, create_graph: bool = False) -> tuple[float, ...]:
    """Run backward's per-node body on one node; return its local derivatives as floats.

    The stepper's way in: the very body ``backward()`` runs, for one node.
    """
    (push_recorded if create_graph else push_local)((node,))
    return local_derivatives(node)


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
