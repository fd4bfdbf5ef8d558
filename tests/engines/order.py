"""good.py with one classic bug: backward() has no topological sort, so a node may pass its gradient on too early."""

from __future__ import annotations

import math


class OrderValue:
    """A scalar node: ``data``, ``grad``, and a closure that pushes ``grad`` into the inputs."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, OrderValue) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, OrderValue) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, n):
        assert isinstance(n, (int, float)), "only number exponents"
        out = type(self)(self.data**n, (self,), f"**{n}")

        def _backward():
            self.grad += n * self.data ** (n - 1) * out.grad

        out._backward = _backward
        return out

    def _unary(self, value, local, op):
        out = type(self)(value, (self,), op)

        def _backward():
            self.grad += local(out.data) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        return self._unary(max(self.data, 0.0), lambda o: 1.0 if o > 0 else 0.0, "relu")

    def tanh(self):
        return self._unary(math.tanh(self.data), lambda t: 1 - t**2, "tanh")

    def exp(self):
        return self._unary(math.exp(self.data), lambda e: e, "exp")

    def log(self):
        return self._unary(math.log(self.data), lambda o: 1 / self.data, "log")

    def sigmoid(self):
        return self._unary(1 / (1 + math.exp(-self.data)), lambda s: s * (1 - s), "sigmoid")

    def backward(self):
        # PLANTED BUG: no topological sort; a depth-first walk pushes each node's grad as soon as it reaches it.
        self.grad = 1.0
        seen, stack = {self}, [self]
        while stack:
            node = stack.pop()
            node._backward()
            for child in node._prev:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1

    def __rtruediv__(self, other):
        return other * self**-1

    def __repr__(self):
        return f"OrderValue(data={self.data}, grad={self.grad})"
