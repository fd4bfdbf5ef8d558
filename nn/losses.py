"""Losses over a batch: each takes the model's outputs (Values) and the targets, and returns their mean.

The mean over samples is PyTorch's default reduction.  Every loss is built
from engine ops, so ``loss.backward()`` reaches the parameters.

Targets may be plain numbers or Values wherever a gradient with respect to
the target means something: a regression target (``mse_loss``), a ±1 label
(``hinge_loss``) and a probability (``bce_with_logits``); the gradient then
reaches the target too.  So a compiled step can take the targets as inputs
(``compile(lambda xs, ys: mse_loss([model(x) for x in xs], ys))``), since
:func:`autograd.compile` hands its inputs to the function as Values.  A class
index (``cross_entropy``) only picks a logit, so it must be an int.

>>> from autograd import Value
>>> mse_loss([Value(2.0), Value(0.0)], [1.0, 0.0]).data
0.5
>>> hinge_loss([Value(0.5), Value(-2.0)], [1, -1]).data  # max(0, 1 − y·s), averaged
0.25
>>> y = Value(3.0)
>>> loss = mse_loss(Value(2.0), y)  # (ŷ − y)²
>>> loss.backward(); y.grad          # ∂/∂y = −2(ŷ − y)
2.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from autograd import Value
from autograd.core.numbers import float_of

__all__ = ["bce_with_logits", "cross_entropy", "hinge_loss", "mse_loss"]


def _as_value(x: object, what: str) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return Value(float(x))
    if isinstance(x, (list, tuple)) and len(x) == 1:
        return _as_value(x[0], what)
    raise TypeError(f"{what} must be a Value (one per sample), got {type(x).__name__} {x!r}")


def _pairs(outputs: Any, targets: Any, what: str) -> tuple[list[Any], list[Any]]:
    """The outputs and targets as equal-length, non-empty lists (one Value counts as one sample)."""
    outs = [outputs] if isinstance(outputs, Value) else list(outputs)
    if hasattr(targets, "tolist"):  # numpy arrays and scalars become plain Python numbers
        targets = targets.tolist()
    ts = [targets] if isinstance(targets, (numbers.Real, Value)) else list(targets)
    if len(outs) != len(ts):
        raise ValueError(f"{what}: {len(outs)} outputs but {len(ts)} targets; give one target per output")
    if not outs:
        raise ValueError(f"{what}: no samples; give at least one output and target")
    return outs, ts


def _real(t: object, what: str) -> float:
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
        raise ValueError(f"{what} must be a finite number, got {t!r}")
    return float(t)


def _target(t: object, what: str) -> float | Value:
    """A target as a float, or as itself when it is a Value (so the gradient reaches it); finite either way."""
    if isinstance(t, Value):
        if not math.isfinite(t.data):
            raise ValueError(f"{what} must be finite, got {t!r}")
        return t
    return _real(t, what)


def _mean(terms: Sequence[Value]) -> Value:
    return sum(terms[1:], terms[0]) * (1.0 / len(terms))


def mse_loss(predictions: Any, targets: Any) -> Value:
    """Mean squared error, ``(1/N) Σ (ŷ − y)²``, over every output of every sample.

    A sample may have several outputs (a list of Values) and a matching list of targets.
    A target may be a Value: ``∂/∂y = −(2/N)(ŷ − y)``.
    """
    outs, ts = _pairs(predictions, targets, "mse_loss")
    terms: list[Value] = []
    for i, (o, t) in enumerate(zip(outs, ts)):
        os_ = o if isinstance(o, (list, tuple)) else [o]
        ts_ = t if isinstance(t, (list, tuple)) else [t]
        if len(os_) != len(ts_):
            raise ValueError(f"mse_loss: sample {i} has {len(os_)} outputs but {len(ts_)} targets")
        for oj, tj in zip(os_, ts_):
            terms.append((_as_value(oj, "mse_loss prediction") - _target(tj, "mse_loss target")) ** 2)
    return _mean(terms)


def _sign_label(t: object) -> float | Value:
    if isinstance(t, Value):
        # A Value is used as y itself: mapping 1/0 to ±1 would be a decision on .data,
        # which a compiled replay would not take again with the next batch's labels.
        if t.data == 0.0 or not math.isfinite(t.data):
            raise ValueError(
                f"hinge_loss: a Value target is used as y itself and must be ±1, got {t!r} (1/0 labels "
                "are mapped to ±1 only for plain numbers); give ±1 labels, or 2·y − 1 for 1/0 ones"
            )
        return t
    v = _real(t, "hinge_loss target")
    if v not in (-1.0, 0.0, 1.0):
        raise ValueError(f"hinge_loss target must be +1 or −1 (or 1/0 for the two classes), got {t!r}")
    return 1.0 if v > 0 else -1.0


def hinge_loss(scores: Any, targets: Any) -> Value:
    """micrograd's max-margin loss: ``(1/N) Σ max(0, 1 − yᵢ·sᵢ)`` with yᵢ = ±1.

    Class labels 1/0 are read as +1/−1, so dataset labels work as they are.  A
    Value target is used as yᵢ itself, as given (so give ±1; a 0 is refused, being
    surely a 1/0 label): ``∂/∂yᵢ = −sᵢ/N`` where the margin is short.
    """
    outs, ts = _pairs(scores, targets, "hinge_loss")
    return _mean([(1 + -_sign_label(t) * _as_value(s, "hinge_loss score")).relu() for s, t in zip(outs, ts)])


def _bce_one(z: Value, y: float | Value) -> Value:
    # Softplus split by the sign of z, so exp never sees a large positive
    # argument: z ≥ 0: z + log(1 + e^−z) − z·y;  z < 0: log(1 + e^z) − z·y.
    # (max(z, 0) + log(1 + e^−|z|) is the same number, but the kinks of relu
    # and abs at 0 would give the gradient −y at z = 0 instead of ½ − y.)
    if z.data >= 0:
        return (z - z * y) + (1 + (-z).exp()).log()
    return (1 + z.exp()).log() - z * y


def bce_with_logits(logits: Any, targets: Any) -> Value:
    """Binary cross-entropy on logits: ``(1/N) Σ −[y log σ(z) + (1−y) log(1−σ(z))]``, y in [0, 1].

    Stable for any |z|: ``∂/∂z = σ(z) − y``.  A target may be a Value (a soft label): ``∂/∂y = −z/N``.
    """
    outs, ts = _pairs(logits, targets, "bce_with_logits")
    terms = []
    for z, t in zip(outs, ts):
        y = _target(t, "bce_with_logits target")
        if not 0.0 <= float_of(y) <= 1.0:
            raise ValueError(f"bce_with_logits target must be in [0, 1], got {t!r}")
        terms.append(_bce_one(_as_value(z, "bce_with_logits logit"), y))
    return _mean(terms)


def _class_index(t: object, k: int) -> int:
    if isinstance(t, Value):
        raise TypeError(
            f"cross_entropy target must be an int class index, got {t!r}: an index picks the logit "
            "of the right class, so no gradient can flow into it (and a compiled replay would keep "
            f"the class it picked when traced); pass an int in 0..{k - 1}"
        )
    if isinstance(t, float) and t.is_integer():
        t = int(t)
    if isinstance(t, bool) or not isinstance(t, numbers.Integral) or not 0 <= int(t) < k:
        raise ValueError(f"cross_entropy target must be a class index in 0..{k - 1}, got {t!r}")
    return int(t)


def cross_entropy(logits: Any, targets: Any) -> Value:
    """Softmax cross-entropy: ``(1/N) Σ [log Σⱼ e^{zⱼ} − z_y]``, one list of k logits per sample.

    Computed as ``m + log Σⱼ e^{zⱼ − m}`` with m the largest logit (a constant),
    so no exp overflows.  ``∂/∂zⱼ = softmax(z)ⱼ − [j = y]``.
    """
    outs, ts = _pairs(logits, targets, "cross_entropy")
    terms = []
    k = None
    for i, (zs, t) in enumerate(zip(outs, ts)):
        if isinstance(zs, Value) or not isinstance(zs, (list, tuple)) or len(zs) < 2:
            raise ValueError(f"cross_entropy: sample {i} must be a list of at least 2 logits, got {zs!r}")
        if k is None:
            k = len(zs)
        elif len(zs) != k:
            raise ValueError(f"cross_entropy: sample {i} has {len(zs)} logits, sample 0 has {k}")
        z = [_as_value(zj, "cross_entropy logit") for zj in zs]
        m = max(v.data for v in z)
        lse = sum(((v - m).exp() for v in z[1:]), (z[0] - m).exp()).log() + m
        terms.append(lse - z[_class_index(t, k)])
    return _mean(terms)
