"""The op table: one entry per op, read by every part of the project.

An :class:`Op` holds everything about one op:

* ``forward(*inputs) -> float``, the op on floats;
* ``derivs[i](out, *inputs)``, the rule for ∂out/∂input_i, one per input,
  written once.  A rule uses operators and this module's :func:`exp`,
  :func:`log`, :func:`tanh`, :func:`sqrt`, :func:`sin` and :func:`cos`, which
  pick an interpretation by the argument's type: ``math`` for a float
  (``backward()``), the Value's own method for a Value
  (``backward(create_graph=True)``, which so records the backward pass), and
  whatever a layer above registered with :func:`register_functions` (the
  compiled replay registers numpy, so the same rules run on arrays).  The
  replay's forwards, and numpy versions of the four rules that branch on a
  comparison (relu, abs, sqrt, pow), live in its own table,
  ``autograd/replay/rules.py``: one table per interpretation.
* how it is written, for people and for the expression parser: see below.

Notation and formulas
---------------------
``op.notation`` (a :class:`Notation`) says how the op itself is written:
``kind`` (``"infix"`` a+b, ``"prefix"`` −a, ``"postfix"`` a^3, ``"call"``
tanh(a)), ``symbol`` (what people read, also ``op.symbol``), ``code`` (what
the parser reads), ``precedence`` (1 for + −, 2 for · /, 3 for unary −, 4 for
^, 5 for a call) and ``shown``, the op on its placeholders as the formulas
write it.  :func:`write` applies it, with the parentheses precedence needs.

Formulas are templates.  Their placeholders are ``op.inputs`` in braces:
``{a}`` and ``{b}`` for the built-ins, ``{x}`` or ``{x1}``, ``{x2}``, ... for
ops from ``define_op``.  Per input ``i``:

* ``op.rule_texts[i]``: the derivative as people read it, ``"1 − tanh²({a})"``;
  ``op.rule_text(i, *names)`` fills in names: ``TANH.rule_text(0, "w")`` is
  ``"1 − tanh²(w)"``.
* ``op.rule_codes[i]``: the same derivative in the parser's notation,
  ``"1 - tanh({a})**2"``, translated from the text by :func:`as_code` unless
  the table gives it (relu and abs, whose texts are words);
  ``op.rule_code(i, *names)`` fills in names.  A test evaluates every one with
  :func:`autograd.expr.parse_expression` against the rule, so a formula cannot
  lie.
* ``op.formulas[i]``: the whole formula with the placeholders as names,
  ``"∂tanh(a)/∂a = 1 − tanh²(a)"``.

Ops from ``define_op`` have ``rule_texts`` and ``rule_codes`` None (their
formulas are free text).
"""

from __future__ import annotations

import math
import numbers
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from autograd.core import hooks

__all__ = [
    "OPS",
    "Notation",
    "Op",
    "as_code",
    "cos",
    "exp",
    "log",
    "pow_const",
    "register_functions",
    "sin",
    "sqrt",
    "tanh",
    "write",
]

Rule = Callable[..., Any]

#: Precedence of an operand that never needs parentheses (a name, a number, a call).
ATOM = 5


@dataclass(frozen=True)
class Notation:
    """How an op is written (see the module docstring)."""

    kind: str
    symbol: str
    code: str
    precedence: int
    shown: str


@dataclass(frozen=True, eq=False)
class Op:
    """One op: ``forward(*inputs) -> float`` and ``derivs[i](out, *inputs) = ∂out/∂input_i``.

    ``domain`` says in words which inputs are valid; errors quote it.
    ``param`` is the exponent of a constant power (``x ** 3``), else None.
    """

    name: str
    forward: Callable[..., float]
    derivs: tuple[Rule, ...]
    notation: Notation
    inputs: tuple[str, ...]
    formulas: tuple[str, ...]
    rule_texts: tuple[str, ...] | None = None
    rule_codes: tuple[str, ...] | None = None
    domain: str = ""
    builtin: bool = True
    param: float | None = None

    @property
    def arity(self) -> int:
        """Number of inputs."""
        return len(self.derivs)

    @property
    def symbol(self) -> str:
        """The symbol people read for it: ``+``, ``·``, ``σ``, ``^3``."""
        return self.notation.symbol

    def rule_text(self, i: int, *names: str) -> str:
        """∂out/∂input_i as people read it, with ``names`` for the inputs (the formula as written if none)."""
        if self.rule_texts is None:
            return self.formulas[i].split(" = ", 1)[-1]
        return self.rule_texts[i].format(**dict(zip(self.inputs, names or self.inputs)))

    def rule_code(self, i: int, *names: str) -> str | None:
        """∂out/∂input_i in the expression parser's notation, with ``names`` for the inputs; None if unknown."""
        if self.rule_codes is None:
            return None
        return self.rule_codes[i].format(**dict(zip(self.inputs, names or self.inputs)))

    # Compatibility for readers of the old fields; looked up once per op (the replay reads them per call).
    @cached_property
    def vforward(self) -> Callable[..., Any] | None:
        """The replay's numpy forward: ``autograd.replay.rules.numpy_forward(op)``, which new code should read."""
        return hooks.numpy_forward(self) if hooks.numpy_forward is not None else None

    @cached_property
    def vderivs(self) -> tuple[Rule, ...] | None:
        """The replay's numpy rules: ``autograd.replay.rules.numpy_derivs(op)``, which new code should read."""
        return hooks.numpy_derivs(self) if hooks.numpy_derivs is not None else None

    def __repr__(self) -> str:
        return f"Op({self.name!r}, symbol={self.symbol!r}, arity={self.arity})"


def write(op: Op, operands: Sequence[tuple[str, int]], code: bool = False) -> tuple[str, int]:
    """``op`` applied to operands given as ``(text, precedence)``: ``(text, precedence)`` of the result.

    People's notation (``a · b``, ``−a``, ``a^3``, ``σ(a)``), or with ``code`` the
    parser's (``a*b``, ``-a``, ``a**3``, ``sigmoid(a)``).  An operand is put in
    parentheses where it binds less tightly than the op (^ groups to the right).

    >>> from autograd.core.ops import MUL, ADD
    >>> write(MUL, [write(ADD, [("a", ATOM), ("b", ATOM)]), ("c", ATOM)])
    ('(a + b) · c', 2)
    """
    n = op.notation
    sym = n.code if code else n.symbol
    p = n.precedence

    def wrap(operand: tuple[str, int], tighter: bool) -> str:
        text, q = operand
        return f"({text})" if q < p or (tighter and q == p) else text

    if n.kind == "infix":
        left, right = operands
        power = p == 4  # a^b^c is a^(b^c)
        gap = "" if code or power else " "
        return f"{wrap(left, power)}{gap}{sym}{gap}{wrap(right, not power)}", p
    if n.kind == "prefix":
        return f"{sym}{wrap(operands[0], True)}", p
    if n.kind == "postfix":
        return f"{wrap(operands[0], True)}{sym}", p
    return f"{sym}({', '.join(text for text, _ in operands)})", ATOM


# --- the functions a rule may call, on floats, Values or arrays ---------------------

#: The namespace that serves ``exp``, ``log``, ... for a type of argument, beyond numbers and Values.
FUNCTIONS: dict[type, Any] = {}


def register_functions(kind: type, namespace: Any) -> None:
    """Serve :func:`exp`, :func:`log`, ... for arguments of type ``kind`` from ``namespace`` (numpy, say)."""
    FUNCTIONS[kind] = namespace


def _generic(name: str, on_float: Callable[[float], float]) -> Callable[[Any], Any]:
    def function(x: Any) -> Any:
        if x.__class__ is float:
            return on_float(x)
        space = FUNCTIONS.get(x.__class__)
        if space is not None:
            return getattr(space, name)(x)
        if isinstance(x, numbers.Real):
            return on_float(float(x))  # an int, a numpy float64, ...
        return getattr(x, name)()  # a Value: its own method, so the call is recorded

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (
        f"{name}(x): math.{name} on a number, x.{name}() on a Value, a registered namespace else."
    )
    return function


exp = _generic("exp", math.exp)
log = _generic("log", math.log)
tanh = _generic("tanh", math.tanh)
sqrt = _generic("sqrt", math.sqrt)
sin = _generic("sin", math.sin)
cos = _generic("cos", math.cos)


def _data(x: Any) -> float:
    # The float behind a float or a Value, for the rules that branch on it.
    return x if x.__class__ is float else float(x.data)


# --- forward functions that need care ------------------------------------------


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


# --- derivative rules ------------------------------------------------------------
# Each runs on floats and on Values; those without a branch also run on arrays.


def _one(o: Any, a: Any, b: Any = None) -> float:
    return 1.0


def _minus_one(o: Any, a: Any, b: Any = None) -> float:
    return -1.0


def _drelu(o: Any, a: Any) -> float:
    # relu'(a) is a step, a constant on Values too; the subgradient at the kink a = 0 is 0; NaN at NaN.
    x = a if a.__class__ is float else a.data
    return 1.0 if x > 0 else (0.0 if x <= 0 else math.nan)


def _dabs(o: Any, a: Any) -> float:
    # abs'(a) = sign(a); the subgradient at the kink a = 0 is 0; NaN at NaN.
    d = _data(a)
    return 1.0 if d > 0 else (-1.0 if d < 0 else (0.0 if d == 0 else math.nan))


def _dsqrt(o: Any, a: Any) -> Any:
    # 1/(2√a), infinite at a = 0 (floats raise on /0, so say it outright).
    return 0.5 / o if _data(o) != 0.0 else math.inf


def _dpow_base(o: Any, a: Any, b: Any) -> Any:
    # b·a^(b−1); a^(b-1) at a = 0 with b < 1 is a division by zero, i.e. infinite.
    if _data(a) == 0.0 and _data(b) < 1.0:
        return 0.0 if _data(b) == 0.0 else math.inf
    return b * a ** (b - 1.0)


def _dpow_exp(o: Any, a: Any, b: Any) -> Any:
    # a^b·ln a, defined for a > 0; 0 at a = 0 (the limit when b > 0); nan for a < 0 and for a NaN.
    d = _data(a)
    if d > 0:
        return o * log(a)
    return 0.0 if d == 0.0 and not math.isnan(_data(b)) else math.nan


# --- the table ----------------------------------------------------------------------

_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"(\w+)²\(([^()]*)\)", r"\1(\2)**2"),  # tanh²(a) → tanh(a)**2
    (r"√(\{\w+\}|\w+)", r"sqrt(\1)"),  # √a → sqrt(a)
    (r"\bln (\{\w+\}|\w+)", r"log(\1)"),  # ln a → log(a)
    (r"(?<![\w.{])(\d+(?:\.\d+)?)(?=[A-Za-z({])", r"\1*"),  # 2x → 2*x
)
_SYMBOLS = {"·": "*", "−": "-", "²": "**2", "^": "**", "σ": "sigmoid"}


def as_code(text: str) -> str:
    """A formula from people's notation into the parser's: ``1/(2√a)`` → ``1/(2*sqrt(a))``.

    >>> as_code("{a}^{b}·ln {a}"), as_code("1 − tanh²({a})")
    ('{a}**{b}*log({a})', '1 - tanh({a})**2')
    """
    for pattern, repl in _TRANSLATIONS:
        text = re.sub(pattern, repl, text)
    for symbol, code in _SYMBOLS.items():
        text = text.replace(symbol, code)
    return text


def _builtin(
    name: str,
    forward: Callable[..., float],
    notation: Notation,
    derivs: tuple[Rule, ...],
    texts: tuple[str, ...],
    codes: tuple[str, ...] | None = None,
    domain: str = "",
    param: float | None = None,
) -> Op:
    """A built-in op; its formulas are made from its notation and rule texts."""
    inputs = ("a", "b")[: len(derivs)]
    names = {x: x for x in inputs}
    shown = notation.shown.format(**names)
    lhs = shown if notation.kind == "call" else f"({shown})"
    formulas = tuple(f"∂{lhs}/∂{x} = {t.format(**names)}" for x, t in zip(inputs, texts))
    return Op(
        name,
        forward,
        derivs,
        notation,
        inputs,
        formulas,
        rule_texts=texts,
        rule_codes=codes if codes is not None else tuple(as_code(t) for t in texts),
        domain=domain,
        param=param,
    )


def _infix(symbol: str, code: str, precedence: int) -> Notation:
    return Notation("infix", symbol, code, precedence, "{a}" + symbol + "{b}")


def _call(symbol: str, code: str, shown: str = "") -> Notation:
    return Notation("call", symbol, code, ATOM, shown or symbol + "({a})")


ADD = _builtin("add", operator.add, _infix("+", "+", 1), (_one, _one), ("1", "1"))
SUB = _builtin("sub", operator.sub, _infix("−", "-", 1), (_one, _minus_one), ("1", "−1"))
MUL = _builtin(
    "mul", operator.mul, _infix("·", "*", 2), (lambda o, a, b: b, lambda o, a, b: a), ("{b}", "{a}")
)
DIV = _builtin(
    "div",
    operator.truediv,
    _infix("/", "/", 2),
    (lambda o, a, b: 1.0 / b, lambda o, a, b: -o / b),
    ("1/{b}", "−{a}/{b}²"),
    domain="the divisor b ≠ 0",
)
NEG = _builtin("neg", operator.neg, Notation("prefix", "−", "-", 3, "−{a}"), (_minus_one,), ("−1",))
POW = _builtin(
    "pow",
    _pow,
    _infix("^", "**", 4),
    (_dpow_base, _dpow_exp),
    ("{b}·{a}^({b}−1)", "{a}^{b}·ln {a}"),
    domain="a > 0, or a whole-number exponent b (b ≥ 0 when a = 0)",
)
EXP = _builtin(
    "exp",
    math.exp,
    _call("exp", "exp"),
    (lambda o, a: o,),
    ("exp({a})",),
    domain="a ≤ 709 (so exp(a) fits a float)",
)
LOG = _builtin("log", math.log, _call("log", "log"), (lambda o, a: 1.0 / a,), ("1/{a}",), domain="a > 0")
TANH = _builtin("tanh", math.tanh, _call("tanh", "tanh"), (lambda o, a: 1.0 - o * o,), ("1 − tanh²({a})",))
SIGMOID = _builtin(
    "sigmoid", _sigmoid, _call("σ", "sigmoid"), (lambda o, a: o * (1.0 - o),), ("σ({a})·(1 − σ({a}))",)
)
RELU = _builtin(
    "relu",
    _relu,
    _call("relu", "relu"),
    (_drelu,),
    ("1 if {a} > 0 else 0",),
    codes=("relu({a})/{a}",),  # the step as the parser can read it, away from the kink at 0
)
SQRT = _builtin("sqrt", math.sqrt, _call("√", "sqrt", "√{a}"), (_dsqrt,), ("1/(2√{a})",), domain="a ≥ 0")
ABS = _builtin(
    "abs",
    _abs,
    _call("abs", "abs", "|{a}|"),
    (_dabs,),
    ("sign({a}), 0 at {a} = 0",),
    codes=("abs({a})/{a}",),  # sign(a) as the parser can read it, away from the kink at 0
)
SIN = _builtin("sin", math.sin, _call("sin", "sin"), (lambda o, a: cos(a),), ("cos({a})",))
COS = _builtin("cos", math.cos, _call("cos", "cos"), (lambda o, a: -sin(a),), ("−sin({a})",))

#: Every op by name: the built-ins first, then those added with ``define_op``.
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

        def forward(a: float) -> float:
            return _pow(a, n)

        def deriv(o: Any, a: Any) -> Any:
            if n == 0.0:
                return 0.0
            if _data(a) == 0.0 and n < 1.0:
                return math.inf
            return n * a ** (n - 1.0)

        op = _builtin(
            "pow",
            forward,
            Notation("postfix", f"^{s}", f"**{s}", 4, "{a}^" + s),
            (deriv,),
            (f"{s}·{{a}}^{_num(n - 1)}",),
            domain="a > 0, or a whole-number exponent" + (" (and a ≠ 0)" if n < 0 else ""),
            param=n,
        )
        _POWC[n] = op
    return op
