"""The op table: one entry per op, read by every part of the project.

Each :class:`Op` holds the op's name, the symbol drawn for it, its forward
function on floats, one derivative rule per input and one formula string per
input.  A derivative rule is called as ``rule(out, *inputs)`` and returns
∂out/∂input_i.  The rules are written with operators (and the helpers below),
so the same rule runs on floats for ``backward()`` and on :class:`Value` nodes
for ``backward(create_graph=True)``, which records the backward pass.
"""

from __future__ import annotations

import inspect
import math
import numbers
import operator
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Rule = Callable[..., Any]


@dataclass(frozen=True, eq=False)
class Op:
    """One op: ``forward(*inputs) -> float`` and ``derivs[i](out, *inputs) = ∂out/∂input_i``.

    ``domain`` says in words which inputs are valid; errors quote it.
    ``vforward`` and ``vderivs`` are optional numpy versions of the same
    functions (same signatures, arrays in place of floats) used by compiled
    replay; an op without them is replayed one node at a time.
    """

    name: str
    symbol: str
    forward: Callable[..., float]
    derivs: tuple[Rule, ...]
    formulas: tuple[str, ...]
    domain: str = ""
    builtin: bool = True
    param: float | None = None
    vforward: Callable[..., Any] | None = None
    vderivs: tuple[Rule, ...] | None = None

    @property
    def arity(self) -> int:
        """Number of inputs."""
        return len(self.derivs)

    def __repr__(self) -> str:
        return f"Op({self.name!r}, symbol={self.symbol!r}, arity={self.arity})"


def data_of(x: Any) -> float:
    """The float behind ``x``: ``x`` itself for a number, ``x.data`` for a Value."""
    return x if isinstance(x, float) else float(x.data)


def _call(x: Any, method: str, fn: Callable[[float], float]) -> Any:
    # A float goes to math, a Value to its method, so a rule records its own graph.
    return fn(x) if isinstance(x, float) else getattr(x, method)()


# --- forward functions that need care --------------------------------------


def _pow(a: float, b: float) -> float:
    r = a**b
    if isinstance(r, complex):
        raise ValueError("complex result")
    return float(r)


def _sigmoid(a: float) -> float:
    # Two branches so exp never overflows: σ(a) = 1/(1+e^-a) = e^a/(1+e^a).
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _relu(a: float) -> float:
    return 0.0 if a <= 0.0 else a  # NaN is not ≤ 0, so NaN passes through, as in torch


def _abs(a: float) -> float:
    return -a if a < 0 else a


# --- derivative rules that need care ---------------------------------------


def _drelu(o: Any, a: Any) -> float:
    # relu'(a) is a step, a constant on Values too; the subgradient at the kink a = 0 is 0; NaN at NaN.
    x = a if a.__class__ is float else a.data
    return 1.0 if x > 0 else (0.0 if x <= 0 else math.nan)


def _sign(a: Any) -> float:
    # abs'(a); the subgradient at the kink a = 0 is 0; NaN at NaN.
    d = data_of(a)
    return 1.0 if d > 0 else (-1.0 if d < 0 else (0.0 if d == 0 else math.nan))


def _dsqrt(o: Any, a: Any) -> Any:
    # 1/(2√a), infinite at a = 0 (floats raise on /0, so say it outright).
    return 0.5 / o if data_of(o) != 0.0 else math.inf


def _dlog(o: Any, a: Any) -> Any:
    return 1.0 / a


def _dpow_base(o: Any, a: Any, b: Any) -> Any:
    # b·a^(b−1); a^(b-1) at a = 0 with b < 1 is a division by zero, i.e. infinite.
    if data_of(a) == 0.0 and data_of(b) < 1.0:
        return 0.0 if data_of(b) == 0.0 else math.inf
    return b * a ** (b - 1.0)


def _dpow_exp(o: Any, a: Any, b: Any) -> Any:
    # a^b·ln a, defined for a > 0; 0 at a = 0 (the limit when b > 0); nan for a < 0 and for a NaN.
    d = data_of(a)
    if d > 0:
        return o * _call(a, "log", math.log)
    return 0.0 if d == 0.0 and not math.isnan(data_of(b)) else math.nan


def _one(o: Any, a: Any, b: Any = None) -> float:
    return 1.0


def _minus_one(o: Any, a: Any, b: Any = None) -> float:
    return -1.0


# --- numpy versions of the same rules, for compiled replay ------------------
# Each mirrors its float rule operation for operation (same branches, same
# arithmetic), so the replay rounds exactly as the engine does wherever numpy's
# functions round as math's do.


def _vsigmoid(a: Any) -> Any:
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _vrelu(a: Any) -> Any:
    return np.where(a <= 0.0, 0.0, a)


def _vabs(a: Any) -> Any:
    return np.where(a < 0, -a, a)


def _vstep(o: Any, a: Any) -> Any:
    return np.sign(o)  # o = relu(a): 1 where a > 0, 0 where a ≤ 0, NaN at NaN


def _vsign(o: Any, a: Any) -> Any:
    return np.sign(a)


def _vdsqrt(o: Any, a: Any) -> Any:
    return np.divide(0.5, o, out=np.full(np.shape(o), math.inf), where=o != 0.0)


def _vdpow_base(o: Any, a: Any, b: Any) -> Any:
    with np.errstate(all="ignore"):
        general = b * a ** (b - 1.0)
    at_zero = np.where(b == 0.0, 0.0, math.inf)
    return np.where((a == 0.0) & (b < 1.0), at_zero, general)


def _vdpow_exp(o: Any, a: Any, b: Any) -> Any:
    with np.errstate(all="ignore"):
        general = o * np.log(a)
    return np.where(a > 0, general, np.where((a == 0.0) & ~np.isnan(b), 0.0, math.nan))


def _vone(o: Any, *inputs: Any) -> float:
    return 1.0


def _vminus_one(o: Any, *inputs: Any) -> float:
    return -1.0


# --- the table -------------------------------------------------------------

ADD = Op(
    "add",
    "+",
    operator.add,
    (_one, _one),
    ("∂(a+b)/∂a = 1", "∂(a+b)/∂b = 1"),
    vforward=np.add,
    vderivs=(_vone, _vone),
)
SUB = Op(
    "sub",
    "−",
    operator.sub,
    (_one, _minus_one),
    ("∂(a−b)/∂a = 1", "∂(a−b)/∂b = −1"),
    vforward=np.subtract,
    vderivs=(_vone, _vminus_one),
)
MUL = Op(
    "mul",
    "·",
    operator.mul,
    (lambda o, a, b: b, lambda o, a, b: a),
    ("∂(a·b)/∂a = b", "∂(a·b)/∂b = a"),
    vforward=np.multiply,
    vderivs=(lambda o, a, b: b, lambda o, a, b: a),
)
DIV = Op(
    "div",
    "/",
    operator.truediv,
    (lambda o, a, b: 1.0 / b, lambda o, a, b: -o / b),
    ("∂(a/b)/∂a = 1/b", "∂(a/b)/∂b = −a/b²"),
    domain="the divisor b ≠ 0",
    vforward=np.divide,
    vderivs=(lambda o, a, b: 1.0 / b, lambda o, a, b: -o / b),
)
NEG = Op(
    "neg", "−", operator.neg, (_minus_one,), ("∂(−a)/∂a = −1",), vforward=np.negative, vderivs=(_vminus_one,)
)
POW = Op(
    "pow",
    "^",
    _pow,
    (_dpow_base, _dpow_exp),
    ("∂(a^b)/∂a = b·a^(b−1)", "∂(a^b)/∂b = a^b·ln a"),
    domain="a > 0, or a whole-number exponent b (b ≥ 0 when a = 0)",
    vforward=np.power,
    vderivs=(_vdpow_base, _vdpow_exp),
)
EXP = Op(
    "exp",
    "exp",
    math.exp,
    (lambda o, a: o,),
    ("∂exp(a)/∂a = exp(a)",),
    "a ≤ 709 (so exp(a) fits a float)",
    vforward=np.exp,
    vderivs=(lambda o, a: o,),
)
LOG = Op(
    "log",
    "log",
    math.log,
    (_dlog,),
    ("∂log(a)/∂a = 1/a",),
    domain="a > 0",
    vforward=np.log,
    vderivs=(lambda o, a: 1.0 / a,),
)
TANH = Op(
    "tanh",
    "tanh",
    math.tanh,
    (lambda o, a: 1.0 - o * o,),
    ("∂tanh(a)/∂a = 1 − tanh²(a)",),
    vforward=np.tanh,
    vderivs=(lambda o, a: 1.0 - o * o,),
)
SIGMOID = Op(
    "sigmoid",
    "σ",
    _sigmoid,
    (lambda o, a: o * (1.0 - o),),
    ("∂σ(a)/∂a = σ(a)·(1 − σ(a))",),
    vforward=_vsigmoid,
    vderivs=(lambda o, a: o * (1.0 - o),),
)
RELU = Op(
    "relu",
    "relu",
    _relu,
    (_drelu,),
    ("∂relu(a)/∂a = 1 if a > 0 else 0",),
    vforward=_vrelu,
    vderivs=(_vstep,),
)
SQRT = Op(
    "sqrt",
    "√",
    math.sqrt,
    (_dsqrt,),
    ("∂√a/∂a = 1/(2√a)",),
    domain="a ≥ 0",
    vforward=np.sqrt,
    vderivs=(_vdsqrt,),
)
ABS = Op(
    "abs",
    "abs",
    _abs,
    (lambda o, a: _sign(a),),
    ("∂|a|/∂a = sign(a), 0 at a = 0",),
    vforward=_vabs,
    vderivs=(_vsign,),
)
SIN = Op(
    "sin",
    "sin",
    math.sin,
    (lambda o, a: _call(a, "cos", math.cos),),
    ("∂sin(a)/∂a = cos(a)",),
    vforward=np.sin,
    vderivs=(lambda o, a: np.cos(a),),
)
COS = Op(
    "cos",
    "cos",
    math.cos,
    (lambda o, a: -_call(a, "sin", math.sin),),
    ("∂cos(a)/∂a = −sin(a)",),
    vforward=np.cos,
    vderivs=(lambda o, a: -np.sin(a),),
)

#: Every op by name: the built-ins first, then those added with :func:`define_op`.
OPS: dict[str, Op] = {
    op.name: op for op in (ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SIN, COS)
}

_POWC: dict[float, Op] = {}


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else repr(n)


def pow_const(n: float) -> Op:
    """The op a ↦ a^n for a fixed number n (``x ** 3``): ∂(a^n)/∂a = n·a^(n−1).

    One entry per exponent, cached; its name is ``"pow"`` like the Value-exponent
    op, and its symbol shows the exponent.
    """
    op = _POWC.get(n)
    if op is None:
        s = _num(n)
        m = _num(n - 1)

        def forward(a: float) -> float:
            return _pow(a, n)

        def deriv(o: Any, a: Any) -> Any:
            if n == 0.0:
                return 0.0
            if data_of(a) == 0.0 and n < 1.0:
                return math.inf
            return n * a ** (n - 1.0)

        def vforward(a: Any) -> Any:
            # float_power: np.power takes shortcuts for n = 2, 0.5, -1 that round differently from a**n.
            return np.float_power(a, n)

        def vderiv(o: Any, a: Any) -> Any:
            if n == 0.0:
                return 0.0
            with np.errstate(all="ignore"):
                general = n * np.float_power(a, n - 1.0)
            return np.where(a == 0.0, math.inf, general) if n < 1.0 else general

        op = Op(
            "pow",
            f"^{s}",
            forward,
            (deriv,),
            (f"∂(a^{s})/∂a = {s}·a^{m}",),
            domain="a > 0, or a whole-number exponent" + (" (and a ≠ 0)" if n < 0 else ""),
            param=n,
            vforward=vforward,
            vderivs=(vderiv,),
        )
        _POWC[n] = op
    return op


def define_op(
    name: str,
    forward: Callable[..., float],
    *derivatives: Callable[..., float],
    symbol: str | None = None,
    formulas: Sequence[str] | None = None,
    replace: bool = False,
) -> Callable[..., Any]:
    """Add an op to the table and return a function that applies it.

    ``forward`` takes the input floats and returns a float; ``derivatives[i]``
    takes the same floats and returns ∂out/∂input_i.  The new op then
    backpropagates, steps, draws, checks and compiles like a built-in.

    A name already in the table is refused unless ``replace=True`` (a custom
    op only: the built-ins can never be replaced).  Nodes made before keep the
    op they were made with.

    >>> cube = define_op("cube", lambda x: x**3, lambda x: 3 * x**2)
    >>> from autograd import Value
    >>> y = cube(Value(2.0))
    >>> y.backward()
    >>> y.data, y.parents[0].grad
    (8.0, 12.0)
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"define_op: name must be an identifier such as 'cube', got {name!r}")
    existing = OPS.get(name)
    if existing is not None and existing.builtin:
        raise ValueError(f"define_op: {name!r} is a built-in op and cannot be replaced; choose another name")
    if existing is not None and not replace:
        raise ValueError(
            f"define_op: {name!r} is already defined; pass replace=True to replace it, or choose another name"
        )
    if not callable(forward):
        raise TypeError(f"define_op({name!r}): forward must be callable, got {type(forward).__name__}")
    if not derivatives:
        raise TypeError(f"define_op({name!r}): give one derivative function per input (at least one)")
    for i, d in enumerate(derivatives):
        if not callable(d):
            raise TypeError(f"define_op({name!r}): derivative {i} must be callable, got {type(d).__name__}")
    n = len(derivatives)
    _check_arities(name, forward, derivatives)
    if formulas is not None and (isinstance(formulas, str) or len(formulas) != n):
        count = "one string" if isinstance(formulas, str) else f"{len(formulas)} formulas"
        raise ValueError(
            f"define_op({name!r}): {count} for {n} inputs; give a sequence of one formula per input"
        )
    args = "x" if n == 1 else ", ".join(f"x{i + 1}" for i in range(n))
    texts = (
        tuple(formulas)
        if formulas is not None
        else tuple(f"∂{name}({args})/∂{'x' if n == 1 else f'x{i + 1}'} = your rule {i + 1}" for i in range(n))
    )
    op = Op(
        name,
        symbol if symbol is not None else name,
        forward,
        tuple(_user_rule(name, i, d) for i, d in enumerate(derivatives)),
        texts,
        builtin=False,
    )
    OPS[name] = op
    from autograd.core.engine import apply

    def apply_op(*inputs: Any) -> Any:
        return apply(op, *inputs)

    apply_op.__name__ = name
    apply_op.__doc__ = f"The custom op {name!r} applied to Values or numbers."
    return apply_op


def _positional(f: Callable[..., Any]) -> tuple[int, float] | None:
    """How many positional arguments ``f`` takes, as (fewest, most); None when Python cannot tell."""
    try:
        params = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):  # some built-ins (math.hypot) have no signature
        return None
    fewest, most = 0, 0.0
    for p in params:
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            most += 1
            fewest += p.default is p.empty
        elif p.kind is p.VAR_POSITIONAL:
            most = math.inf
        elif p.kind is p.KEYWORD_ONLY and p.default is p.empty:
            return (0, -1.0)  # a required keyword-only argument: never callable as f(*inputs)
    return fewest, most


def _takes(arity: tuple[int, float] | None, n: int) -> bool:
    return arity is None or arity[0] <= n <= arity[1]


def _inputs(arity: tuple[int, float] | None) -> str:
    """``2 inputs``, ``1 input``, ``1 or more inputs``: what a signature accepts, in words."""
    if arity is None:
        return "an unknown number of inputs"
    lo, hi = arity
    if hi < 0:
        return "a required keyword-only argument"
    if hi == lo:
        return f"{lo} input" + ("" if lo == 1 else "s")
    return f"{lo} or more inputs" if hi == math.inf else f"{lo} to {int(hi)} inputs"


def _check_arities(name: str, forward: Callable[..., Any], derivatives: Sequence[Callable[..., Any]]) -> None:
    """Refuse a definition whose forward and derivatives cannot all be called with the same n inputs."""
    n = len(derivatives)
    fwd = _positional(forward)
    rules = [_positional(d) for d in derivatives]
    if _takes(fwd, n) and all(_takes(r, n) for r in rules):
        return
    got = "; ".join(f"derivative {i} takes {_inputs(r)}" for i, r in enumerate(rules))
    raise ValueError(
        f"define_op({name!r}): the forward takes {_inputs(fwd)}, and there must be one derivative per input, "
        f"each taking all the inputs; got {n} derivative{'s' if n != 1 else ''} ({got}). "
        "For example define_op('times', lambda x, y: x * y, lambda x, y: y, lambda x, y: x)"
    )


_warned: set[str] = set()


def _real_result(name: str, i: int, xs: Sequence[float], r: Any) -> float:
    """A rule's result as a float, or a TypeError naming the op, the input and what came back."""
    if r.__class__ is float:
        return r
    if isinstance(r, numbers.Real) and not isinstance(r, bool):
        return float(r)
    at = ", ".join(repr(x) for x in xs)
    raise TypeError(
        f"derivative {i} of op {name!r} (the slope for input {i}) returned {r!r}, a {type(r).__name__}, "
        f"at inputs ({at}); a derivative must return a real number (int or float)"
    )


def _user_rule(name: str, i: int, d: Callable[..., float]) -> Rule:
    """Adapt a user's rule ``d(*inputs)`` to the table's ``rule(out, *inputs)``.

    On floats its result must be a real number (a complex number or a Value is
    a TypeError, never a grad).  On Values (``create_graph``) the rule is tried
    as written; if it only works on floats (it calls ``math.cos``, say) its
    result is used as a constant, so second derivatives through this op are
    then wrong, and a warning says so once.
    """

    def rule(o: Any, *xs: Any) -> Any:
        if all(x.__class__ is float for x in xs):
            return _real_result(name, i, xs, d(*xs))
        try:
            return d(*xs)
        except TypeError:
            if name not in _warned:
                _warned.add(name)
                warnings.warn(
                    f"derivative {i} of custom op {name!r} only runs on floats; "
                    "its second derivative is treated as 0 (write it with Value-friendly operators to fix)",
                    stacklevel=2,
                )
            floats = [data_of(x) for x in xs]
            return _real_result(name, i, floats, d(*floats))

    return rule
