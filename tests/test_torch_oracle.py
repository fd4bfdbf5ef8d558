"""Optional cross-check against PyTorch: the same expressions, the same numbers."""

from __future__ import annotations

import math

import pytest

from autograd import Value

torch = pytest.importorskip("torch")


def test_micrograd_sanity_expression_matches_torch() -> None:
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()

    xt = torch.tensor([-4.0], dtype=torch.double, requires_grad=True)
    zt = 2 * xt + 2 + xt
    qt = zt.relu() + zt * xt
    ht = (zt * zt).relu()
    yt = ht + qt + qt * xt
    yt.backward()
    assert y.data == pytest.approx(yt.item(), rel=1e-12)
    assert x.grad == pytest.approx(xt.grad.item(), rel=1e-12)


def test_every_unary_method_matches_torch() -> None:
    for name in ["exp", "log", "tanh", "sigmoid", "relu", "sqrt", "abs", "sin", "cos"]:
        x = Value(0.7)
        out = getattr(x, name)() * 3 + x**2.5 / (x - 2.0)
        out.backward()
        xt = torch.tensor(0.7, dtype=torch.double, requires_grad=True)
        outt = getattr(torch, name)(xt) * 3 + xt**2.5 / (xt - 2.0)
        outt.backward()
        assert out.data == pytest.approx(outt.item(), rel=1e-12), name
        assert x.grad == pytest.approx(xt.grad.item(), rel=1e-12), name


def test_second_derivative_matches_torch() -> None:
    x = Value(0.4)
    y = (x * x.sin()).tanh() ** 2
    y.backward(create_graph=True)
    g = x.grad
    assert isinstance(g, Value)
    x.grad = 0.0
    g.backward()

    xt = torch.tensor(0.4, dtype=torch.double, requires_grad=True)
    yt = torch.tanh(xt * torch.sin(xt)) ** 2
    (gt,) = torch.autograd.grad(yt, xt, create_graph=True)
    (g2t,) = torch.autograd.grad(gt, xt)
    assert g.data == pytest.approx(gt.item(), rel=1e-12)
    assert x.grad == pytest.approx(g2t.item(), rel=1e-10)


@pytest.mark.parametrize(
    "name", ["exp", "log", "tanh", "sigmoid", "relu", "sqrt", "abs", "sin", "cos", "neg"]
)
def test_nan_in_is_nan_out_like_torch(name: str) -> None:
    # Forward values agree at NaN. Slopes at NaN differ on purpose: torch gives relu'(NaN) = 1 and
    # abs'(NaN) = 0; a slope at NaN is undefined, so this engine says NaN (tests/test_core_nan.py).
    x = Value(float("nan"))
    out = -x if name == "neg" else getattr(x, name)()
    xt = torch.tensor(float("nan"), dtype=torch.double)
    outt = -xt if name == "neg" else getattr(torch, name)(xt)
    assert math.isnan(out.data) and math.isnan(outt.item())
