"""Neural-network building blocks on top of :mod:`autograd`, micrograd-compatible.

>>> from nn import MLP, SGD, fit, make_moons
>>> X, y = make_moons(40, seed=0)
>>> model = MLP(2, [8, 1], seed=0)
>>> history = fit(model, X, y, "hinge", SGD(model.parameters(), lr=0.5), epochs=5, progress=False)
>>> len(history.loss)
5
"""

from nn.datasets import make_circles, make_line, make_moons, make_spirals
from nn.io import load, save
from nn.losses import bce_with_logits, cross_entropy, hinge_loss, mse_loss
from nn.module import MLP, Layer, Module, Neuron
from nn.optim import SGD, Adam, Optimizer
from nn.schedules import Constant, CosineDecay, LinearDecay
from nn.train import History, NonFiniteError, fit

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "Constant",
    "CosineDecay",
    "History",
    "Layer",
    "LinearDecay",
    "Module",
    "Neuron",
    "NonFiniteError",
    "Optimizer",
    "bce_with_logits",
    "cross_entropy",
    "fit",
    "hinge_loss",
    "load",
    "make_circles",
    "make_line",
    "make_moons",
    "make_spirals",
    "mse_loss",
    "save",
]
