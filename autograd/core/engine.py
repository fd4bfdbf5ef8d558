"""The scalar engine: :class:`Value` nodes and reverse-mode backprop, built for speed.

To learn the algorithm, read :mod:`autograd.reference` first: the same engine
in about 100 lines, with the chain rule on one visible line, giving the same
gradients bit for bit (a test checks it).  This module does the same with a
few tricks, each marked ``Speed:`` in a one-line comment.

A Value records the op that made it (an entry of :mod:`autograd.core.ops`) and
its parents in argument order.  ``backward`` lists the graph in topological
order, then walks it from the root, asking the op table for each node's local
derivatives and pushing ``local · upstream`` into every parent.

>>> a, b = Value(2.0, "a"), Value(-3.0, "b")
>>> L = a * b + a
>>> L.backward()
>>> a.grad, b.grad
(-2.0, 2.0)
"""

from __future__ import annotations

import numbers
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from autograd.core import hooks, ops
from autograd.core.gcpause import gc_paused
from autograd.core.gradmode import enable_grad, is_grad_enabled, no_grad
from autograd.core.gradmode import recording as _recording
from autograd.core.numbers import FLOAT_ERRORS, float_of, fmt
from autograd.core.ops import Op

__all__ = [
    "GC_PAUSE_ABOVE",
    "Value",
    "apply",
    "enable_grad",
    "is_grad_enabled",
    "local_derivatives",
    "no_grad",
    "prepare_backward",
    "push_local",
    "push_one",
    "push_recorded",
    "topological_order",
]

#: backward() pauses the cyclic garbage collector on graphs of at least this many nodes.
GC_PAUSE_ABOVE = 10_000

# Held for a whole backward pass (and a topological walk, whose marks live on the nodes);
# reentrant, so a custom rule may itself call grad() or backward().
_BACKWARD_LOCK = threading.RLock()

_alloc = object.__new__  # Speed: a node is made without running __init__'s checks.
_ADD, _MUL = ops.ADD, ops.MUL
_MANY = object()  # in ``_b``: ``_a`` holds a tuple of three or more parents


# --- errors that name the op, its inputs and their labels ----------------------------


def _describe(v: Value) -> str:
    return f"{v.label} = {fmt(v.data)}" if v.label else fmt(v.data)


def _shown_inputs(op: Op, args: Sequence[Value]) -> str:
    """The inputs as people read them, ``a = -1, 2``, with a constant exponent last."""
    return ", ".join([_describe(a) for a in args] + ([fmt(op.param)] if op.param is not None else []))


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
    kind = type(exc) if isinstance(exc, FLOAT_ERRORS) else ValueError
    return kind(f"backward through {op.name}({shown}): the local derivative {what}")


def _lift(x: object, symbol: str) -> Value:
    """A number becomes a leaf Value; anything else is a TypeError naming it."""
    cls = x.__class__
    if cls is float or cls is int:
        return _node(float(x), None, None, None)  # type: ignore[arg-type]
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return _node(float(x), None, None, None)
    raise TypeError(
        f"unsupported operand for {symbol}: {type(x).__name__} {x!r}; "
        "use a Value or a real number (int or float)"
    )


# --- making nodes ------------------------------------------------------------------


def _node(data: float, op: Op | None, a: Any, b: Any) -> Value:
    """A node holding ``data``, made by ``op`` from parents ``a`` and ``b`` (see Value's slots)."""
    v = _alloc(Value)
    v.data = data
    v.grad = 0.0
    v.label = ""
    v._op = op
    v._a = a
    v._b = b
    v._mark = None
    return v


def _binary(op: Op, symbol: str, reflected: bool = False) -> Callable[[Value, Value | float], Value]:
    """The operator method for a two-input op; ``reflected`` serves ``2 * x`` (other op self)."""
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
        except FLOAT_ERRORS as e:
            raise _op_error(op, (a, b), e) from None
        # Speed: the node is built here rather than by _node, saving a call per op.
        v = _alloc(Value)
        v.data = d
        v.grad = 0.0
        v.label = ""
        if _recording():
            v._op = op
            v._a = a
            v._b = b
        else:
            v._op = v._a = v._b = None
        v._mark = None
        return v

    method.__doc__ = (
        f"{'other ' + symbol + ' self' if reflected else 'self ' + symbol + ' other'}: {op.formulas[0]}"
    )
    return method


def _unary(op: Op, doc: str = "") -> Callable[[Value], Value]:
    """The method for a one-input op."""
    forward = op.forward

    def method(self: Value) -> Value:
        try:
            d = forward(self.data)
        except FLOAT_ERRORS as e:
            raise _op_error(op, (self,), e) from None
        v = _alloc(Value)  # Speed: built here, as in _binary.
        v.data = d
        v.grad = 0.0
        v.label = ""
        if _recording():
            v._op = op
            v._a = self
        else:
            v._op = v._a = None
        v._b = None
        v._mark = None
        return v

    method.__doc__ = doc or op.formulas[0]
    return method


class Value:
    """A scalar node in a computation graph.

    Attributes:
        data: the number this node holds.
        grad: ∂root/∂self after ``root.backward()``; 0.0 at first.
        label: a name for people (drawings, narration); ``""`` if none.
        parents: the input Values, in argument order; ``()`` for a leaf.
        op: name of the op that made this node; ``""`` for a leaf.
    """

    # Speed: parents sit in two slots, not a tuple, which would double the objects the collector tracks.
    # ``_a``/``_b`` hold the first and second parent (None when absent); three or more parents are a
    # tuple in ``_a`` with ``_MANY`` in ``_b``.  ``_mark`` is scratch space for the topological walk.
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
        self._op = self._a = self._b = self._mark = None

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
        g = self.grad
        parts = [
            f"data={fmt(self.data)}",
            f"grad=<Value {fmt(g.data)}>" if isinstance(g, Value) else f"grad={fmt(g)}",
        ]
        if self.label:
            parts.append(f"label={self.label!r}")
        if self._op is not None:
            parts.append(f"op={self._op.name!r}")
        return f"Value({', '.join(parts)})"

    def _repr_svg_(self) -> str | None:
        """Jupyter shows a Value as its graph (the 200 nodes nearest it); text if it cannot be drawn.

        The drawing comes from :func:`autograd.view.notebook.value_svg` through :data:`autograd.core.hooks.svg`.
        """
        return hooks.svg(self) if hooks.svg is not None else None

    # --- ops: each method is built from its op-table entry -------------------

    # Speed: + and · between Values, the bulk of every network, do the arithmetic inline
    # (``a.data + b.data`` is ADD.forward, ``operator.add``; the same for MUL) instead of calling it.

    def __add__(self, other: Value | float) -> Value:
        """self + other: ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1."""
        b = other if other.__class__ is Value else _lift(other, "+")
        v = _alloc(Value)
        v.data = self.data + b.data
        v.grad = 0.0
        v.label = ""
        if _recording():
            v._op = _ADD
            v._a = self
            v._b = b
        else:
            v._op = v._a = v._b = None
        v._mark = None
        return v

    def __mul__(self, other: Value | float) -> Value:
        """self · other: ∂(a·b)/∂a = b, ∂(a·b)/∂b = a."""
        b = other if other.__class__ is Value else _lift(other, "*")
        v = _alloc(Value)
        v.data = self.data * b.data
        v.grad = 0.0
        v.label = ""
        if _recording():
            v._op = _MUL
            v._a = self
            v._b = b
        else:
            v._op = v._a = v._b = None
        v._mark = None
        return v

    __radd__ = _binary(ops.ADD, "+", reflected=True)
    __sub__ = _binary(ops.SUB, "-")
    __rsub__ = _binary(ops.SUB, "-", reflected=True)
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
    relu = _unary(ops.RELU, "max(0, x); its derivative at the kink x = 0 is taken as 0; NaN at NaN.")
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

        Threads: building graphs in several threads at once is safe.  Backward
        passes are serialized by one lock (taken once per call), so graphs that
        share leaves (the same weights) sum every pass's share exactly.  Two
        threads calling ``backward()`` on the *same* graph therefore run one
        after the other: the leaves receive both passes' gradients, as two calls
        in a row would give, and interior grads hold the later pass's values.
        Reading or zeroing ``grad`` while another thread backpropagates is not
        synchronized; do it before starting the threads or after joining them.

        On a graph of :data:`GC_PAUSE_ABOVE` nodes or more the cyclic garbage
        collector is paused for the pass, and restored as it was found.
        """
        with _BACKWARD_LOCK:
            order = _toposort(self, for_backward=True)
            push = push_recorded if create_graph else push_local
            if len(order) < GC_PAUSE_ABOVE:
                push(reversed(order))
            else:
                with gc_paused():
                    push(reversed(order))

    def backward_steps(self, create_graph: bool = False) -> Iterator[Any]:
        """Backward one node at a time, yielding a narrated :class:`autograd.BackwardStep` per node.

        See :func:`autograd.explain.record.backward_steps` (reached through
        :data:`autograd.core.hooks.backward_steps`).
        """
        if hooks.backward_steps is None:
            raise RuntimeError("backward_steps needs the explain layer: import autograd")
        return cast(Iterator[Any], hooks.backward_steps(self, create_graph=create_graph))


_pow_value = _binary(ops.POW, "**")


def apply(op: Op, *args: Value | float) -> Value:
    """Apply a table entry to Values or numbers: the generic path (custom ops use it)."""
    if len(args) != op.arity:
        raise TypeError(f"{op.name} takes {op.arity} input(s), got {len(args)}")
    vals = tuple(_lift(a, op.name) for a in args)
    try:
        d = op.forward(*(v.data for v in vals))
    except FLOAT_ERRORS as e:
        raise _op_error(op, vals, e) from None
    if isinstance(d, bool) or not isinstance(d, numbers.Real):
        raise TypeError(
            f"the forward function of op {op.name!r} returned {type(d).__name__} {d!r}; it must return a float"
        )
    if not _recording():
        return _node(float(d), None, None, None)
    if len(vals) <= 2:
        return _node(float(d), op, vals[0], vals[1] if len(vals) == 2 else None)
    return _node(float(d), op, vals, _MANY)


# --- graph order -------------------------------------------------------------


def topological_order(root: Value) -> list[Value]:
    """Every node reachable from ``root``, parents before children (root last).

    Iterative depth-first post-order, so depth is unlimited.  Each node is pushed
    once on the way in and once more to be emitted on the way out; parents are
    pushed in argument order, so the order is the same on every run.
    """
    with _BACKWARD_LOCK:
        return _toposort(root, for_backward=False)


def _toposort(root: Value, for_backward: bool) -> list[Value]:
    """The walk behind :func:`topological_order`; ``for_backward`` also readies the grads for a pass.

    Readying means: each interior node's grad is zeroed as it is listed (Speed: no
    second walk), and the root is seeded with ∂root/∂root = 1 (a leaf root
    accumulates it, like every leaf).
    """
    # Speed: marks on the nodes, fresh objects per walk, instead of a visited set (no clearing pass).
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
            if for_backward and node._op is not None:
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
            b = node._b  # Speed: read only after a is pushed, which measured faster than reading both first.
            if b is not None and b._mark is not done:
                push(b)
    if for_backward:
        root.grad = 1.0 if root._op is not None else root.grad + 1.0
    return order


def prepare_backward(root: Value, order: list[Value] | None = None) -> list[Value]:
    """Topological order, interior grads reset to 0, root seeded with ∂root/∂root = 1.

    A caller that already holds ``topological_order(root)`` passes it as ``order``,
    and the grads are readied over it without walking the graph again.
    """
    with _BACKWARD_LOCK:
        if order is None:
            return _toposort(root, for_backward=True)
        for node in order:
            if node._op is not None:
                node.grad = 0.0
        root.grad = 1.0 if root._op is not None else root.grad + 1.0
        return order


# --- the chain rule ------------------------------------------------------------------


def push_local(nodes: Iterable[Value]) -> None:
    """The chain rule at each node in turn: ``parent.grad += local · node.grad``.

    Leaves are skipped.  ``backward()`` passes the whole reversed topological
    order.  For + and · the rules are applied inline (the same products, bit
    for bit: ``tests/test_core_shortcuts.py``).  The stepper's :func:`push_one`
    makes the rule calls and the same additions for one node and returns them
    (a test checks the grads are bit-identical).
    """
    many, add, mul = _MANY, _ADD, _MUL
    node = None
    try:
        for node in nodes:  # Speed: the loop is inside, not a call per node.
            op = node._op
            if op is None:
                continue
            g = node.grad
            a = node._a
            b = node._b
            if op is mul:  # Speed: + and · skip their rule calls: ∂(ab)/∂a = b, ∂(a+b)/∂a = 1 and 1·g is g.
                a.grad += b.data * g
                b.grad += a.data * g
            elif op is add:
                a.grad += g
                b.grad += g
            elif b is None:
                a.grad += op.derivs[0](node.data, a.data) * g
            elif b is not many:
                o = node.data
                x = a.data
                y = b.data
                da, db = op.derivs
                a.grad += da(o, x, y) * g
                b.grad += db(o, x, y) * g
            else:
                o = node.data
                xs = [p.data for p in a]
                for p, d in zip(a, op.derivs, strict=True):
                    p.grad += d(o, *xs) * g
    except FLOAT_ERRORS as e:
        raise _backward_error(node, e) from None


def push_recorded(nodes: Iterable[Value], record: list[tuple[float, float]] | None = None) -> None:
    """:func:`push_local` with the rules run on Values, so the backward pass is itself recorded.

    ``record`` gets each edge's ``(local, contribution)`` as floats.
    """
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
                if record is not None:
                    record.append((float_of(loc), float_of(c)))
    except FLOAT_ERRORS as e:
        raise _backward_error(node, e) from None


def local_derivatives(node: Value) -> tuple[float, ...]:
    """∂node/∂parent_i for each parent, as floats, from the op table."""
    op = node._op
    if op is None:
        return ()
    xs = [p.data for p in node.parents]
    o = node.data
    try:
        return tuple(float(d(o, *xs)) for d in op.derivs)
    except FLOAT_ERRORS as e:
        raise _backward_error(node, e) from None


def push_one(node: Value, create_graph: bool = False) -> tuple[tuple[float, float], ...]:
    """Backward's chain rule at one node, for the stepper; returns each edge's ``(local, contribution)``.

    Each input in order: ``local = rule_i(out, *inputs)``, ``contribution = local · node.grad``,
    ``parent.grad += contribution``: the calls and additions :func:`push_local` makes
    (which inlines them for speed), so stepping leaves bit-identical grads, and
    what was added is recorded rather than computed again.
    """
    record: list[tuple[float, float]] = []
    with _BACKWARD_LOCK:
        if create_graph:
            push_recorded((node,), record)
            return tuple(record)
        op = node._op
        if op is None:
            return ()
        g = node.grad
        o = node.data
        parents = node.parents
        xs = [p.data for p in parents]
        try:
            for p, rule in zip(parents, op.derivs, strict=True):
                local = rule(o, *xs)
                contribution = local * g
                p.grad += contribution
                record.append((local, contribution))
        except FLOAT_ERRORS as e:
            raise _backward_error(node, e) from None
    return tuple(record)


def op_rule(node: Value, op: Op, i: int) -> Any:
    """Rule ``i`` of ``op`` evaluated on the node and its parents as Values."""
    return op.derivs[i](node, *node.parents)
